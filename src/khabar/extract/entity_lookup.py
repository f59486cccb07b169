"""Helpers later stages use to read the entity layer: the entity at a span, the acting state, its country code."""

from __future__ import annotations

from khabar.document import Document, Entity


def entity_at(doc: Document, start: int, end: int) -> Entity | None:
    """The entity one of whose mentions overlaps [start, end); the largest overlap wins, then the earliest."""
    best: tuple[int, int, Entity] | None = None
    for entity in doc.entities:
        for mention in entity.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > 0 or (start == end and mention.start <= start < mention.end):
                score = (max(overlap, 1), -mention.start)
                if best is None or score > best[:2]:
                    best = (score[0], score[1], entity)
    return best[2] if best else None


def actor_of(doc: Document, entity: Entity) -> Entity:
    """The entity that acts when `entity` is named: a capital or palace acts for its state (موسكو → Russia);
    other entities act for themselves. Follows `actor` links (at most a few hops), only to entities of `doc`."""
    seen = {entity.id}
    current = entity
    for _ in range(4):
        nxt = doc.entity(current.actor) if current.actor else None
        if nxt is None or nxt.id in seen:
            break
        seen.add(nxt.id)
        current = nxt
    return current


def country_code(doc: Document, entity: Entity | None) -> str | None:
    """ISO-3166 alpha-3 of the entity, of the state it acts for, or of what it is affiliated with."""
    if entity is None:
        return None
    acting = actor_of(doc, entity)
    for candidate in (acting, entity):
        if candidate.country:
            return candidate.country
    affiliated = doc.entity(entity.affiliation) if entity.affiliation else None
    return affiliated.country if affiliated else None


def plover_code(doc: Document, entity: Entity | None) -> str | None:
    """PLOVER actor code: the country, then the sector where known ("RUS MIL", "UKR"), or None."""
    code = country_code(doc, entity)
    if code is None or entity is None:
        return None
    sector = entity.sector or actor_of(doc, entity).sector
    return f"{code} {sector}" if sector else code


__all__ = ["actor_of", "country_code", "entity_at", "plover_code"]
