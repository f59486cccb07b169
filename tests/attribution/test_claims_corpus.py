"""The claims corpus is the test: every line's claims, and no others, with holder, stance, cue, text, target."""

from __future__ import annotations

import pytest

from khabar.extract.claims import add_claims
from khabar.extract.quotes import add_quotes
from khabar.text.normalize import normalize

from .corpus_support import build_document, corpus_lines, who

LINES = corpus_lines("corpus_claims.jsonl")


def test_corpus_is_large_enough():
    assert len(LINES) >= 40


def _squash(text: str) -> str:
    import re

    return " ".join(re.sub(r"[^\w\s]", " ", normalize(text)).split())


def _overlaps(expected: str, predicted: str) -> bool:
    e, p = _squash(expected), _squash(predicted)
    return bool(e) and bool(p) and (e in p or p in e)


@pytest.mark.parametrize("row", LINES, ids=[f"line{n}" for n in range(1, len(LINES) + 1)])
def test_claims_corpus_line(row):
    doc = add_claims(add_quotes(build_document(row)))
    got = [
        {"holder": who(doc, c.holder, c.holder_name), "stance": c.stance, "cue": c.cue, "text": c.text,
         "target": who(doc, c.target, c.target_name)}
        for c in doc.claims
    ]
    expected = row["claims"]
    assert len(got) == len(expected), f"expected {expected}\ngot {got}"
    unmatched = list(got)
    for exp in expected:
        match = next((g for g in unmatched if (g["holder"] == exp["holder"] or (
            g["holder"] and exp["holder"] and normalize(g["holder"]) == normalize(exp["holder"])))
            and g["stance"] == exp["stance"] and normalize(exp["cue"]) in normalize(g["cue"])
            and _overlaps(exp["text"], g["text"])
            and ("target" not in exp or normalize(g["target"] or "") == normalize(exp["target"]))), None)
        assert match is not None, f"missing {exp}\ngot {got}"
        unmatched.remove(match)
