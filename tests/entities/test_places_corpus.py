"""Runs the places and names corpora (places_corpus.jsonl, names_corpus.jsonl): places, seats as metonymy,
trigger and head-noun organisations, person-name patterns, false-hit guards."""

from __future__ import annotations

import json

import pytest

from khabar.data import data_path
from khabar.document import Document, Entity
from khabar.extract.entities import add_entities
from khabar.text.segment_stage import add_sentences

CORPORA = [data_path("gazetteers", "places_corpus.jsonl"), data_path("gazetteers", "names_corpus.jsonl")]
CASES = [json.loads(line) for corpus in CORPORA for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyse(text: str) -> Document:
    return add_entities(add_sentences(Document(text=text)))


def by_mention(doc: Document, mention: str) -> Entity | None:
    for entity in doc.entities:
        if any(m.text == mention for m in entity.mentions):
            return entity
    return None


def name_of(doc: Document, ref: str | None) -> str | None:
    entity = doc.entity(ref) if ref else None
    return entity.name if entity else ref


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_places_corpus(case: dict) -> None:
    doc = analyse(case["text"])
    found = [(e.name, e.type, [m.text for m in e.mentions]) for e in doc.entities]
    for want in case.get("entities", []):
        entity = by_mention(doc, want["mention"])
        assert entity is not None, f"no entity for {want['mention']!r}; found {found}"
        if "name" in want:
            names = want["name"] if isinstance(want["name"], list) else [want["name"]]
            assert entity.name in names, found
        assert entity.type == want["type"], found
        if "actor" in want:
            assert name_of(doc, entity.actor) == want["actor"]
        if "affiliation" in want:
            assert name_of(doc, entity.affiliation) == want["affiliation"]
        text = case["text"]
        starts = [k for k in range(len(text)) if text.startswith(want["mention"], k)]
        assert any(m.start in starts and m.end == m.start + len(want["mention"]) for m in entity.mentions)
    banned_types = set(case.get("absent_types", ["LOC"]))
    for word in case.get("absent", []):
        entity = by_mention(doc, word)
        assert entity is None or entity.type not in banned_types, f"{word!r} read as {entity}"


def test_corpus_is_not_trivial() -> None:
    assert len(CASES) >= 60
    assert sum(1 for c in CASES if c.get("absent")) >= 20
