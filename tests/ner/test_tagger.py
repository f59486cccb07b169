"""The packaged CRF tagger: loads, tags new sentences sensibly, never fails on odd input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from khabar.evaluation.conll import chunks

CORPUS = Path(__file__).with_name("tagger_corpus.tsv")


def _corpus() -> list[tuple[list[str], list[tuple[str, str]]]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        entities = []
        for item in expected.split(" | "):
            type_, _, words = item.partition(":")
            entities.append((type_, words))
        rows.append((text.split(" "), entities))
    return rows


def _entities(tokens: list[str], tags: list[str]) -> set[tuple[str, str]]:
    return {(t, " ".join(tokens[a:b])) for a, b, t in chunks(tags)}


def test_model_loads_quickly():
    from khabar.extract import ner_crf

    ner_crf.default_tagger.cache_clear()
    started = time.perf_counter()
    ner_crf.default_tagger()
    # the benchmark holds the real target (< 0.5 s); this only catches a gross regression
    assert time.perf_counter() - started < 3.0


def test_public_name_is_reexported():
    import khabar
    from khabar.extract.ner_crf import tag_tokens

    assert khabar.tag_tokens is tag_tokens


def test_corpus_entities_are_found():
    from khabar.extract.ner_crf import tag_tokens

    found = total = 0
    misses = []
    for tokens, expected in _corpus():
        tags = tag_tokens(tokens)
        assert len(tags) == len(tokens)
        got = _entities(tokens, tags)
        for entity in expected:
            total += 1
            if entity in got:
                found += 1
            else:
                misses.append((entity, sorted(got)))
    assert found / total >= 0.7, misses


@pytest.mark.parametrize(
    ("tokens", "person"),
    [
        (["وقال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "إن", "المحادثات", "مستمرة"], "ماكرون"),
        (["وأكد", "السيد", "محمود", "عباس", "أن", "المفاوضات", "متوقفة"], "عباس"),
        (["واستقبل", "الشيخ", "حمد", "بن", "جاسم", "الوفد"], "حمد"),
    ],
)
def test_person_after_a_title(tokens, person):
    from khabar.extract.ner_crf import tag_tokens

    tags = tag_tokens(tokens)
    assert tags[tokens.index(person)].endswith("PERS"), list(zip(tokens, tags, strict=True))


def test_document_tagging_matches_sentence_count():
    from khabar.extract.ner_crf import tag_sentences

    sentences = [tokens for tokens, _ in _corpus()]
    tagged = tag_sentences(sentences)
    assert [len(t) for t in tagged] == [len(s) for s in sentences]
    assert sum(tag != "O" for tags in tagged for tag in tags) > 10


@pytest.mark.parametrize("tokens", [[], [""], ["   "], ["\x00"], ["a b"], ["🙂", "؟", "123"], ["x"] * 500])
def test_odd_input_never_fails(tokens):
    from khabar.extract.ner_crf import tag_tokens

    tags = tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
