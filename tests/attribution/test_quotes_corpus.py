"""The quotes corpus is the test: every line's quotes, and no others, with speaker, kind, cue and text."""

from __future__ import annotations

import pytest

from khabar.extract.quotes import add_quotes
from khabar.text.normalize import normalize

from .corpus_support import build_document, corpus_lines, same_text, who

LINES = corpus_lines("corpus_quotes.jsonl")


def test_corpus_is_large_enough():
    assert len(LINES) >= 40


@pytest.mark.parametrize("row", LINES, ids=[f"line{n}" for n in range(1, len(LINES) + 1)])
def test_quotes_corpus_line(row):
    doc = add_quotes(build_document(row))
    got = [
        {"speaker": who(doc, q.speaker, q.speaker_name), "kind": q.kind, "cue": q.cue, "text": q.text,
         "channel": q.channel, "date": q.date}
        for q in doc.quotes
    ]
    expected = row["quotes"]
    assert len(got) == len(expected), f"expected {expected}\ngot {got}"
    unmatched = list(got)
    for exp in expected:
        match = next((g for g in unmatched if (g["speaker"] == exp["speaker"] or (
            g["speaker"] and exp["speaker"] and normalize(g["speaker"]) == normalize(exp["speaker"])))
            and g["kind"] == exp["kind"] and normalize(exp["cue"]) in normalize(g["cue"])
            and same_text(exp["text"], g["text"])
            and ("channel" not in exp or g["channel"] == exp["channel"])
            and ("date" not in exp or g["date"] == exp["date"])), None)
        assert match is not None, f"missing {exp}\ngot {got}"
        unmatched.remove(match)
