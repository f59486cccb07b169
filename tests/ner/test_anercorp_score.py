"""Shared-data check: the packaged model's entity micro F1 on the ANERcorp test split (about 10 s)."""

from __future__ import annotations

import pytest

from khabar.evaluation.paths import shared_data

# Measured with `khabar eval ner` when the model was trained (see NER_MODEL_CARD.md), minus a small margin.
MIN_F1 = 0.675  # measured 0.6865 (tag_tokens, each sentence alone)
MIN_DOCUMENT_F1 = 0.69  # measured 0.7055 (two passes over the file as one document)


@pytest.mark.shared
def test_anercorp_test_f1():
    from khabar.evaluation.conll import score_sequences
    from khabar.evaluation.train_ner import TEST_FILE, read_conll
    from khabar.extract.ner_crf import tag_sentences, tag_tokens

    path = shared_data("anercorp", TEST_FILE)
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    sentences = read_conll(path)
    words = [[w for w, _ in s] for s in sentences]
    gold = [[t for _, t in s] for s in sentences]
    alone = score_sequences(gold, [tag_tokens(s) for s in words])
    assert alone.micro.f1 >= MIN_F1, alone.as_dict()
    document = score_sequences(gold, tag_sentences(words))
    assert document.micro.f1 >= MIN_DOCUMENT_F1, document.as_dict()
