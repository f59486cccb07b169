"""How CRF spans join the entity layer, with a stand-in tagger (the real model is optional)."""

from __future__ import annotations

import pytest

from khabar.document import Document
from khabar.extract import entities as entities_module
from khabar.extract.entities import add_entities
from khabar.text.segment_stage import add_sentences

NAMES = {"كريستوف": "B-PERS", "دوبوا": "I-PERS", "ديلان": "B-LOC", "كورت": "I-LOC", "الرئيس": "B-PERS",
         "مهرجان": "B-MISC", "بندا": "B-LOC"}


def fake_tag_tokens(tokens: list[str]) -> list[str]:
    """Tags the words of NAMES (a B- after a B-/I- of the same type continues the name, as the CRF would)."""
    tags = []
    for word in tokens:
        tag = NAMES.get(word, "O")
        if tag.startswith("I-") and (not tags or tags[-1] == "O"):
            tag = "B-" + tag[2:]
        tags.append(tag)
    return tags


def fake_tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    return [fake_tag_tokens(words) for words in sentences]


@pytest.fixture
def fake_crf(monkeypatch):
    monkeypatch.setattr(entities_module, "_crf_tagger", lambda: fake_tag_sentences)


def analyse(text: str) -> Document:
    return add_entities(add_sentences(Document(text=text)))


def test_crf_person_and_its_surname_are_one_entity(fake_crf) -> None:
    doc = analyse("وصل كريستوف دوبوا إلى المدينة. وقال دوبوا إن الزيارة ناجحة.")
    people = [e for e in doc.entities if e.type == "PER"]
    assert len(people) == 1
    assert [m.text for m in people[0].mentions] == ["كريستوف دوبوا", "دوبوا"]
    assert people[0].name_ar == "كريستوف دوبوا"
    assert people[0].confidence < 1.0


def test_a_name_tagged_once_is_found_everywhere(fake_crf, monkeypatch) -> None:
    # the stand-in tags ديلان كورت only in the first sentence; the second sentence's copy is found too
    doc = analyse("وقعت اشتباكات قرب ديلان كورت. ثم عاد الهدوء إلى البلدة ثم إلى ديلان  كورت.")
    places = [e for e in doc.entities if e.name_ar == "ديلان كورت"]
    assert len(places) == 1 and len(places[0].mentions) == 2


def test_a_lone_one_word_crf_guess_is_dropped(fake_crf) -> None:
    doc = analyse("ويتضمن الاتفاق بندا ينص على المساعدة.")
    assert not any(e.name_ar == "بندا" for e in doc.entities)


def test_titles_and_misc_are_not_crf_names(fake_crf) -> None:
    doc = analyse("افتتح الرئيس مهرجان الربيع.")
    assert not any(e.name_ar in ("الرئيس", "مهرجان") for e in doc.entities)


def test_gazetteer_wins_over_crf(fake_crf, monkeypatch) -> None:
    monkeypatch.setitem(NAMES, "روسيا", "B-ORG")
    doc = analyse("أعلنت روسيا موقفها.")
    russia = [e for e in doc.entities if e.name == "Russia"]
    assert russia and russia[0].type == "LOC"
