"""Sentence splitting and tokens: no split at the Arabic comma, inside quotes, at a headline's '..'."""

from __future__ import annotations

from khabar.text.segment import clitic_variants, matches_word, split_sentences, strip_clitics, tokenize


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_no_split_at_arabic_comma():
    assert sentences("وصل الوفد إلى الرياض، ثم غادر إلى جدة. وعاد أمس.") == [
        "وصل الوفد إلى الرياض، ثم غادر إلى جدة.",
        "وعاد أمس.",
    ]


def test_no_split_inside_quotation():
    text = 'وقال الوزير: "انتهت المهمة. وعاد الجنود إلى ثكناتهم". ثم غادر القاعة.'
    assert sentences(text) == ['وقال الوزير: "انتهت المهمة. وعاد الجنود إلى ثكناتهم".', "ثم غادر القاعة."]


def test_headline_double_dot_and_decimals():
    assert sentences("لأول مرة.. الحكومة تعلن النتائج") == ["لأول مرة.. الحكومة تعلن النتائج"]
    assert sentences("ارتفع المؤشر 2.5 في المئة. ثم تراجع.") == ["ارتفع المؤشر 2.5 في المئة.", "ثم تراجع."]


def test_no_split_inside_dotted_initials_but_at_a_missing_space():
    assert sentences("وقال لقناة (ايه.تي.في) التركية إن الخطة جاهزة. ثم غادر.") == [
        "وقال لقناة (ايه.تي.في) التركية إن الخطة جاهزة.", "ثم غادر."]
    # a full word on each side of the dot: a sentence end that lost its space
    assert sentences("انتهى الاجتماع.وغادر الوفد") == ["انتهى الاجتماع.", "وغادر الوفد"]


def test_question_mark_and_newline_split():
    assert sentences("هل انتهت الحرب؟ لا أحد يعرف\nسطر جديد") == ["هل انتهت الحرب؟", "لا أحد يعرف", "سطر جديد"]


def test_tokens_have_offsets():
    text = "قتل 12 شخصا، وأصيب ٩٠."
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    assert [t.text for t in tokenize(text)] == ["قتل", "12", "شخصا", "،", "وأصيب", "٩٠", "."]


def test_clitics():
    assert strip_clitics("والحكومة") == "حكومه"
    assert "السلطات" in clitic_variants("للسلطات")
    assert "بحسب" in clitic_variants("وبحسب")
    assert matches_word("وبوتين", "بوتين")
    assert not matches_word("بوتينات", "بوتين")
    # a short word keeps its first letter: "بل" is not ب + ل
    assert strip_clitics("بل") == "بل"
