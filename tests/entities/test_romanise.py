"""The romaniser on names written for the test: readable Latin from the romanise.tsv table."""

from __future__ import annotations

import pytest

from khabar.extract.romanise import romanise

CASES = [
    ("وجيه", "Wajih"),
    ("وليد", "Walid"),
    ("محمد", "Muhammad"),
    ("عبد الله", "Abdullah"),
    ("الجقينة", "Al-Jaqina"),
    ("الشناوي", "Al-Shanawi"),
    ("فؤاد", "Fuad"),
    ("عطوان", "Atwan"),
]


@pytest.mark.parametrize(("arabic", "latin"), CASES)
def test_romanise(arabic: str, latin: str) -> None:
    assert romanise(arabic) == latin


def test_romanise_keeps_words_and_never_fails() -> None:
    assert len(romanise("فاليري غيراسيموف").split()) == 2
    assert romanise("") == ""
    assert romanise("X 12") == "X 12"
