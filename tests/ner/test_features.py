"""Feature corpus for the tagger's data files (triggers.tsv, places.tsv, khabar_lists.tsv) and feature shape."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).with_name("features_corpus.tsv")


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, feature, value = line.split("\t")
            rows.append((word, feature, value))
    return rows


@pytest.fixture(scope="module")
def extractor():
    from khabar.extract.ner_crf import default_tagger

    return default_tagger().extractor


@pytest.mark.parametrize(("word", "feature", "value"), _rows())
def test_feature_corpus(extractor, word, feature, value):
    if feature == "gp":
        feats = extractor.sentence([word])[0]
        assert f"0gp={value}".encode() in feats, feats
    else:
        assert value in extractor.base(word)[feature], extractor.base(word)


def test_features_name_neighbours_and_edges(extractor):
    feats = extractor.sentence(["قال", "الرئيس", "بوش"])
    middle = feats[1]
    assert "-1w=قال".encode() in middle and "1w=بوش".encode() in middle and "0w=الرييس".encode() in middle
    assert b"-2:edge" in middle
    assert b"-1tr=TITLE" in feats[2]


def test_place_phrase_spans_words(extractor):
    feats = extractor.sentence(["في", "الولايات", "المتحدة", "أمس"])
    assert b"0gp=B-COUNTRY" in feats[1]
    assert b"0gp=I-COUNTRY" in feats[2]
    assert not any(f.startswith(b"0gp=") for f in feats[3])
