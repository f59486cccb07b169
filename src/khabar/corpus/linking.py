"""Entities across articles: one canonical entity per Wikidata id, else per normalised canonical name."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from khabar.text.normalize import normalize

# Keys fit the entities.key column (400) with room for the prefix and a hash.
_MAX_KEY_NAME = 300


def canonical_name(entity: dict[str, Any]) -> str:
    """The name an entity is known by across articles: its English name, else its Arabic name."""
    return (entity.get("name") or entity.get("name_ar") or "").strip()


def entity_key(entity: dict[str, Any]) -> str | None:
    """The cross-article identity of an entity: "wd:Q…" when linked, else "name:<normalised name>".

    Two articles' entities are the same entity exactly when their keys are equal. The type
    is left out on purpose: taggers disagree on LOC/ORG for states, the name does not."""
    wikidata = (entity.get("wikidata") or "").strip()
    if wikidata:
        return f"wd:{wikidata}"
    name = " ".join(normalize(canonical_name(entity)).split())
    if not name:
        return None
    if len(name) > _MAX_KEY_NAME:  # a runaway span: keep the key short and still unique
        name = name[:_MAX_KEY_NAME] + "#" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"name:{name}"


def entity_row(entity: dict[str, Any]) -> dict[str, Any] | None:
    """The canonical entity record stored once per key (first seen wins)."""
    key = entity_key(entity)
    if key is None:
        return None
    name = canonical_name(entity)
    return {
        "key": key,
        "name": name,
        "name_ar": entity.get("name_ar") or None,
        "type": entity.get("type") or None,
        "wikidata": entity.get("wikidata") or None,
        "norm_name": " ".join(normalize(name).split()),
        "norm_name_ar": " ".join(normalize(entity.get("name_ar") or "").split()) or None,
    }


def local_keys(article: dict[str, Any]) -> dict[str, str]:
    """Local entity id ("E3") of one article → its cross-article key."""
    out: dict[str, str] = {}
    for entity in article.get("entities") or []:
        key = entity_key(entity)
        if key is not None and entity.get("id"):
            out[entity["id"]] = key
    return out


def resolve_reference(article: dict[str, Any], ref: str | None, name: str | None = None) -> str | None:
    """The key behind a reference of a quote/claim/event: an entity id of the article, else a plain name."""
    keys = local_keys(article)
    if ref and ref in keys:
        return keys[ref]
    label = name or ref
    if label:
        norm = " ".join(normalize(label).split())
        return f"name:{norm}" if norm else None
    return None


def merge_entities(articles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Canonical entities over many analysed articles, with the articles and mention counts behind each.

    Sorted by the number of articles that mention the entity, most first."""
    merged: dict[str, dict[str, Any]] = {}
    for article in articles:
        for entity in article.get("entities") or []:
            row = entity_row(entity)
            if row is None:
                continue
            record = merged.setdefault(row["key"], {**row, "articles": [], "mentions": 0, "names_ar": []})
            if article.get("id") not in record["articles"]:
                record["articles"].append(article.get("id"))
            record["mentions"] += len(entity.get("mentions") or [])
            if entity.get("name_ar") and entity["name_ar"] not in record["names_ar"]:
                record["names_ar"].append(entity["name_ar"])
    return sorted(merged.values(), key=lambda r: (-len(r["articles"]), r["key"]))
