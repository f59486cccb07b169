"""The entity stage never raises and its mentions always point at their text, whatever the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.document import Document
from khabar.extract.entities import add_entities
from khabar.text.segment_stage import add_sentences

WORDS = ["روسيا", "وموسكو", "الرئيس", "الأوكراني", "فلاديمير", "بوتين", "حزب", "النور", "محمد", "على", "عبد",
         "الناصر", "وزارة", "الدفاع", "الروسية", "«", "»", "،", ".", "\n", "في", "مالي", "بيونغ", "يانغ", "X", "12",
         "إب", "أب", "ـ", "\u064e", "جيش", "الشعب", "الكوري", "لل", "بالحوثيين"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([" ", "", "  "]))
def test_never_raises_and_offsets_hold(words: list[str], sep: str) -> None:
    text = sep.join(words)
    doc = add_entities(add_sentences(Document(text=text)))
    ids = [e.id for e in doc.entities]
    assert ids == [f"E{i}" for i in range(1, len(ids) + 1)]
    for entity in doc.entities:
        assert entity.type in {"PER", "ORG", "LOC", "MISC"}
        assert entity.mentions
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    add_entities(add_sentences(Document(text=text)))
