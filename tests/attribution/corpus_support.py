"""Builds Documents from the attribution corpus lines (entities and times given by the line itself)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from khabar.data import data_path
from khabar.document import Document, Entity, Mention, TimeExpression
from khabar.text.normalize import normalize
from khabar.text.segment_stage import add_sentences


def corpus_lines(name: str) -> list[dict]:
    path = Path(data_path("attribution", name))
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "text" in r]


def build_document(row: dict) -> Document:
    """The line's context sentences and text as one Document, with an entity per listed surface."""
    parts = [c[0] for c in row.get("context", [])] + [row["text"]]
    text = "\n".join(parts)
    doc = Document(text=text, published=row.get("published", "2025-05-05"))
    add_sentences(doc)
    surfaces: list[list[str]] = [list(e) for e in row.get("entities", [])]
    for c in row.get("context", []):
        surfaces += [list(e) for e in c[1]]
    entities: dict[str, Entity] = {}
    for n, item in enumerate(surfaces, 1):
        surface, etype = item[0], item[1]
        if surface in entities:
            continue
        ent = Entity(id=f"E{n}", name=surface, name_ar=surface, type=etype)
        ent.mentions = [Mention(surface, m.start(), m.end()) for m in re.finditer(re.escape(surface), text)]
        entities[surface] = ent
    for item in surfaces:
        if len(item) > 2 and item[2] in entities:
            actor = entities[item[2]]
            # a state with no mention of its own is named, as the entity stage does ("Iran")
            entities[item[0]].actor = actor.id if actor.mentions else actor.name
    doc.entities = [e for e in entities.values() if e.mentions]
    for surface, value in row.get("times", []):
        for m in re.finditer(re.escape(surface), text):
            doc.times.append(TimeExpression(surface, m.start(), m.end(), value, "day"))
    return doc


def same_text(expected: str, predicted: str) -> bool:
    """Expected text equals the predicted one up to normalisation, punctuation and the outer clitics."""
    def squash(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", normalize(s)).split())

    e, p = squash(expected), squash(predicted)
    return bool(e) and (e == p or e in p and len(p) - len(e) <= 12 or p in e and len(e) - len(p) <= 12)


def who(doc: Document, ref: str | None, name: str | None) -> str | None:
    """The Arabic text of a speaker/holder: the entity's name_ar (as built above) or the plain string."""
    if ref is None and name is None:
        return None
    ent = doc.entity(ref) if ref else None
    if ent is not None:
        return ent.name_ar
    return name or ref
