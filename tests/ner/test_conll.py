"""The conlleval scorer: chunk reading and precision/recall/F1 on hand-made tag sequences."""

from __future__ import annotations

import pytest

from khabar.evaluation.conll import chunks, format_score, score_sequences


def test_chunks_iob2():
    tags = ["B-PERS", "I-PERS", "O", "B-LOC", "B-LOC", "I-LOC", "O"]
    assert chunks(tags) == [(0, 2, "PERS"), (3, 4, "LOC"), (4, 6, "LOC")]


def test_chunks_follow_conlleval_for_stray_inside_tags():
    # conlleval starts a chunk at an I- after O, and at an I- whose type changes
    assert chunks(["O", "I-ORG", "I-ORG"]) == [(1, 3, "ORG")]
    assert chunks(["B-PERS", "I-LOC"]) == [(0, 1, "PERS"), (1, 2, "LOC")]


def test_chunk_at_sentence_end():
    assert chunks(["O", "B-MISC", "I-MISC"]) == [(1, 3, "MISC")]


def test_scores_micro_and_per_type():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PERS", "I-PERS", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    score = score_sequences(gold, pred)
    # gold: PERS, LOC, ORG(2 words); predicted: PERS ok, ORG wrong type, ORG too short
    assert (score.micro.correct, score.micro.guessed, score.micro.gold) == (1, 3, 3)
    assert score.micro.precision == pytest.approx(1 / 3)
    assert score.micro.recall == pytest.approx(1 / 3)
    assert score.by_type["PERS"].f1 == pytest.approx(1.0)
    assert score.by_type["LOC"].recall == 0.0
    assert score.by_type["ORG"].guessed == 2
    assert score.accuracy == pytest.approx(5 / 7)
    assert "FB1:  33.33" in format_score(score)


def test_chunks_do_not_cross_sentences():
    # an entity at the end of one sentence and I- at the start of the next are two chunks
    score = score_sequences([["B-LOC"], ["I-LOC"]], [["B-LOC"], ["I-LOC"]])
    assert score.micro.gold == 2 and score.micro.correct == 2


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        score_sequences([["O", "O"]], [["O"]])
