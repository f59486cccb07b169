"""Shared-data check: the packaged model's entity micro F1 on the ANERcorp test split (about 10 s)."""

from __future__ import annotations

import pytest

from khabar.evaluation.paths import shared_data

# Measured with `khabar eval ner` when the model was trained (see NER_MODEL_CARD.md), minus a small margin.
MIN_F1 = 0.69  # measured 0.7055


@pytest.mark.shared
def test_anercorp_test_f1():
    from khabar.evaluation.conll import score_sequences
    from khabar.evaluation.train_ner import TEST_FILE, read_conll
    from khabar.extract.ner_crf import tag_sentences

    path = shared_data("anercorp", TEST_FILE)
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    sentences = read_conll(path)
    predicted = tag_sentences([[w for w, _ in s] for s in sentences])
    score = score_sequences([[t for _, t in s] for s in sentences], predicted)
    assert score.micro.f1 >= MIN_F1, score.as_dict()
