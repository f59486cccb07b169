"""Roles from titles before names, affiliations to states or bodies, on sentences written for the test."""

from __future__ import annotations

import pytest

from khabar.data import data_path
from khabar.document import Document, Entity
from khabar.extract.entities import add_entities
from khabar.text.segment_stage import add_sentences

pytestmark = pytest.mark.skipif(not data_path("gazetteers", "roles.tsv").exists(), reason="roles.tsv not present")


def analyse(text: str) -> Document:
    return add_entities(add_sentences(Document(text=text)))


def person(doc: Document, mention: str) -> Entity:
    for entity in doc.entities:
        if entity.type == "PER" and any(m.text == mention for m in entity.mentions):
            return entity
    raise AssertionError(f"no person {mention!r} in {[(e.name, [m.text for m in e.mentions]) for e in doc.entities]}")


def ref_name(doc: Document, ref: str | None) -> str | None:
    entity = doc.entity(ref) if ref else None
    return entity.name if entity else ref


def test_title_with_country_adjective() -> None:
    doc = analyse("وقال الرئيس الأوكراني فولوديمير زيلينسكي إن الهجوم لن يمر دون رد.")
    zelensky = person(doc, "فولوديمير زيلينسكي")
    assert zelensky.role == "الرئيس الأوكراني"
    assert zelensky.affiliation == "Ukraine"  # no Ukraine entity in the sentence: a plain name
    assert zelensky.country == "UKR"


def test_title_inside_which_a_body_is_named() -> None:
    text = "وأكد رئيس هيئة الأركان العامة الروسية فاليري غيراسيموف أن روسيا ستواصل العملية."
    doc = analyse(text)
    gerasimov = person(doc, "فاليري غيراسيموف")
    assert gerasimov.role == "رئيس هيئة الأركان العامة الروسية"
    assert ref_name(doc, gerasimov.affiliation) == "Russia"
    assert doc.entity(gerasimov.affiliation).type == "LOC"  # the Russia entity of this text
    staff = [e for e in doc.entities if any(m.text == "هيئة الأركان العامة الروسية" for m in e.mentions)]
    assert staff and staff[0].type == "ORG"


def test_bare_title_takes_the_gazetteer_country() -> None:
    doc = analyse("استقبل الرئيس فلاديمير بوتين وفدا من رجال الأعمال في موسكو.")
    putin = person(doc, "فلاديمير بوتين")
    assert putin.role == "الرئيس"
    assert putin.affiliation == "Russia"


def test_title_naming_a_party_gives_the_party_as_affiliation() -> None:
    doc = analyse("وقال رئيس حزب الوفد شهاب فؤاد إن الانتخابات ستجرى في موعدها.")
    leader = person(doc, "شهاب فؤاد")
    assert leader.role == "رئيس حزب الوفد"
    party = doc.entity(leader.affiliation)
    assert party is not None and party.type == "ORG" and "حزب الوفد" in [m.text for m in party.mentions]


def test_punctuation_breaks_a_title_from_a_name() -> None:
    doc = analyse("وصل الرئيس. ثم تحدث أحمد منصور عن الخطة.")
    speaker = person(doc, "أحمد منصور")
    assert speaker.role is None


def test_surname_joins_the_full_name() -> None:
    doc = analyse("قال المحلل مدحت الزاهد إن الحكومة فشلت. وأضاف الزاهد أن الحل سياسي.")
    analyst = person(doc, "مدحت الزاهد")
    assert [m.text for m in analyst.mentions] == ["مدحت الزاهد", "الزاهد"]
    assert sum(1 for e in doc.entities if e.type == "PER") == 1


def test_unknown_person_gets_a_readable_romanised_name() -> None:
    doc = analyse("وصرح شهاب وجيه بأن الحزب سيشارك.")
    spokesman = person(doc, "شهاب وجيه")
    assert spokesman.name.startswith("Shehab ")
    assert spokesman.name_ar == "شهاب وجيه"
    assert spokesman.wikidata is None


def test_title_in_apposition_after_the_name() -> None:
    doc = analyse("وقال فولوديمير زيلينسكي، الرئيس الأوكراني، إن الهجوم فشل.")
    zelensky = person(doc, "فولوديمير زيلينسكي")
    assert zelensky.role == "الرئيس الأوكراني"
    assert zelensky.affiliation == "Ukraine"


def test_a_clause_after_the_comma_is_no_title() -> None:
    doc = analyse("وقال شهاب فؤاد، الذي يرأس الحزب منذ عامين، إن الانتخابات ستجرى.")
    assert person(doc, "شهاب فؤاد").role is None
