"""The corpus of thread_stopwords.tsv: example claim texts and the light stems threads compare them by."""

from __future__ import annotations

import csv

import pytest

from khabar.corpus.threads import content_stems, stopwords
from khabar.data import data_path


def _examples() -> list[tuple[str, str]]:
    with open(data_path("corpus", "thread_stems_examples.tsv"), encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return [(row["text"], row["stems"] or "") for row in rows]


@pytest.mark.parametrize(("text", "stems"), _examples())
def test_claim_text_stems(text: str, stems: str) -> None:
    assert content_stems(text) == frozenset(stems.split())


def test_stopwords_are_loaded_normalised() -> None:
    words = stopwords()
    assert "الي" in words and "في" in words  # إلى normalised
    assert len(words) > 40
