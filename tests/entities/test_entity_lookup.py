"""entity_at, actor_of, country_code and plover_code on sentences written for the test."""

from __future__ import annotations

from khabar.document import Document
from khabar.extract.entities import add_entities
from khabar.extract.entity_lookup import actor_of, country_code, entity_at, plover_code
from khabar.text.segment_stage import add_sentences


def analyse(text: str) -> Document:
    return add_entities(add_sentences(Document(text=text)))


TEXT = "أعلنت موسكو أن روسيا لن تقبل الشروط، وقالت وزارة الدفاع الروسية إن الجيش الأوكراني تراجع."


def test_entity_at_finds_overlapping_mention() -> None:
    doc = analyse(TEXT)
    start = TEXT.index("موسكو")
    moscow = entity_at(doc, start + 1, start + 3)
    assert moscow is not None and moscow.name == "Moscow"
    assert entity_at(doc, 0, 5) is None  # أعلنت


def test_actor_of_follows_metonymy_to_the_state() -> None:
    doc = analyse(TEXT)
    moscow = entity_at(doc, TEXT.index("موسكو"), TEXT.index("موسكو") + 5)
    assert moscow is not None
    assert actor_of(doc, moscow).name == "Russia"
    russia = actor_of(doc, moscow)
    assert actor_of(doc, russia) is russia


def test_country_and_plover_codes() -> None:
    doc = analyse(TEXT)
    ministry = entity_at(doc, TEXT.index("وزارة الدفاع"), TEXT.index("وزارة الدفاع") + 5)
    army = entity_at(doc, TEXT.index("الجيش"), TEXT.index("الجيش") + 5)
    moscow = entity_at(doc, TEXT.index("موسكو"), TEXT.index("موسكو") + 5)
    assert ministry is not None and army is not None and moscow is not None
    assert country_code(doc, ministry) == "RUS"
    assert (plover_code(doc, ministry) or "").startswith("RUS ")
    assert plover_code(doc, army) == "UKR MIL"
    assert country_code(doc, moscow) == "RUS"
    assert country_code(doc, None) is None


def test_seat_without_its_state_names_the_state_as_text() -> None:
    doc = analyse("رفض البيت الأبيض التعليق.")
    white_house = doc.entities[0]
    assert white_house.name == "White House"
    assert white_house.actor == "United States"  # no US entity in this text: a plain name
    assert country_code(doc, white_house) == "USA"


def test_empty_and_odd_input_never_raise() -> None:
    for text in ["", "   ", "...", "123 456", "«»", "abc def"]:
        doc = analyse(text)
        assert isinstance(doc.entities, list)
