"""Normalisation folds Arabic variants and keeps an offset map that points back to the original."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from khabar.text.normalize import normalize, normalize_with_map

ARABIC_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "أإآٱىةؤئء" "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳" "\u00a0\u200f\u200e\u200b\u061c" "ﻻﻷﺍﺑ" " ،.\"«»abcXYZ0123\n"
)


def test_folds_alef_ya_ta_marbuta_diacritics_tatweel():
    assert normalize("أإآٱ") == "اااا"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("جـــيش") == "جيش"


def test_digits_marks_and_spaces():
    assert normalize("٢٠٢٥") == "2025"
    assert normalize("۱۴۰۳") == "1403"
    assert normalize("a\u00a0b") == "a b"
    assert normalize("روسيا\u200f") == "روسيا"
    assert normalize("ﻻ") == "لا"  # presentation form of lam-alef


def test_map_points_back_to_original_word():
    original = "وقال الرئيسُ فلاديمير بوتين، السبت"
    norm = normalize_with_map(original)
    found = regex.search(normalize("الرئيس"), norm.text)
    assert found
    start, end = norm.to_original(*found.span())
    # the span covers the word and the diacritic that followed it
    assert original[start:end] == "الرئيسُ"


@given(st.text(alphabet=ARABIC_ALPHABET, max_size=60), st.data())
def test_every_span_maps_back_to_its_text(text, data):
    norm = normalize_with_map(text)
    assert norm.text == normalize(text)
    assert len(norm.offsets) == len(norm.text) + 1
    if not norm.text:
        return
    ns = data.draw(st.integers(0, len(norm.text) - 1))
    ne = data.draw(st.integers(ns + 1, len(norm.text)))
    os_, oe = norm.to_original(ns, ne)
    assert 0 <= os_ < oe <= len(text)
    # the original span, normalised again, holds exactly the normalised span (a ligature
    # may add its other half at an edge, so containment is the property)
    assert norm.text[ns:ne] in normalize(text[os_:oe])


@given(st.text(alphabet=ARABIC_ALPHABET, max_size=60))
def test_word_spans_round_trip_exactly(text):
    norm = normalize_with_map(text)
    for match in regex.finditer(r"\S+", norm.text):
        os_, oe = norm.to_original(*match.span())
        assert normalize(text[os_:oe]).strip() == match.group()
