"""Across articles: near-duplicates (MinHash LSH over word shingles) and stories (shared entities, close dates, similar text).

Pure functions over analysed article dicts (CONTRACT.md), testable without a database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import Any

import regex

from khabar.corpus.linking import canonical_name, entity_key
from khabar.text.normalize import normalize
from khabar.text.segment import strip_clitics

_WORD = regex.compile(r"[\p{L}\p{N}]+")
# Entities in more articles than this (a country in a national press) do not make a story.
_MAX_POSTINGS = 300


def _words(article: dict[str, Any]) -> list[str]:
    return [strip_clitics(w) for w in _WORD.findall(normalize(f"{article.get('title') or ''} {article.get('text') or ''}"))]


def shingles(article: dict[str, Any], size: int = 3) -> set[str]:
    """Word n-grams of the normalised, clitic-free title and text."""
    words = _words(article)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def near_duplicates(
    articles: Iterable[dict[str, Any]], threshold: float = 0.8, num_perm: int = 128
) -> list[list[str]]:
    """Groups of article ids whose texts are near-copies (estimated Jaccard of shingles >= threshold).

    A wire story re-run by several outlets with a new first line is one group."""
    from datasketch import MinHash, MinHashLSH

    # LSH only proposes candidates; a lower banding threshold keeps pairs just above the bar
    # from slipping through, and the estimated Jaccard below decides.
    lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=num_perm)
    hashes: dict[str, MinHash] = {}
    grams_of: dict[str, set[str]] = {}  # exact Jaccard confirms what LSH proposes
    order: list[str] = []
    for article in articles:
        doc_id = str(article.get("id"))
        grams = shingles(article)
        if not grams or doc_id in hashes:
            continue
        minhash = MinHash(num_perm=num_perm)
        minhash.update_batch([g.encode("utf-8") for g in grams])
        hashes[doc_id] = minhash
        grams_of[doc_id] = grams
        order.append(doc_id)
        lsh.insert(doc_id, minhash)
    parent = {doc_id: doc_id for doc_id in order}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id in order:
        for other in lsh.query(hashes[doc_id]):
            if other != doc_id and jaccard(grams_of[doc_id], grams_of[other]) >= threshold:
                parent[find(other)] = find(doc_id)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in order:
        groups[find(doc_id)].append(doc_id)
    return [members for members in groups.values() if len(members) > 1]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def stories(
    articles: Iterable[dict[str, Any]],
    window_days: int = 3,
    min_shared_entities: int = 2,
    min_similarity: float = 0.15,
) -> list[dict[str, Any]]:
    """Stories: groups of articles that share entities, appear within `window_days` of each other
    and use similar words (Jaccard of word stems). Largest first; single articles are left out."""
    items = list(articles)
    keys: list[set[str]] = []
    names: dict[str, str] = {}
    postings: dict[str, list[int]] = defaultdict(list)
    for index, article in enumerate(items):
        article_keys = set()
        for entity in article.get("entities") or []:
            key = entity_key(entity)
            if key:
                article_keys.add(key)
                names.setdefault(key, canonical_name(entity))
        keys.append(article_keys)
        for key in article_keys:
            postings[key].append(index)
    vocab = [set(_words(a)) for a in items]
    days = [_day(a.get("published")) for a in items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 1 < len(members) <= _MAX_POSTINGS:
            pairs.update(combinations(members, 2))
    for i, j in pairs:
        if find(i) == find(j) or len(keys[i] & keys[j]) < min_shared_entities:
            continue
        if days[i] and days[j] and abs((days[i] - days[j]).days) > window_days:
            continue
        if jaccard(vocab[i], vocab[j]) >= min_similarity:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(items)):
        groups[find(index)].append(index)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        counts: dict[str, int] = defaultdict(int)
        for index in members:
            for key in keys[index]:
                counts[key] += 1
        shared = [names[k] for k in sorted(counts, key=lambda k: (-counts[k], names[k])) if counts[k] > 1]
        dated = sorted(members, key=lambda i: (items[i].get("published") or "", i))
        out.append({
            "articles": [str(items[i].get("id")) for i in dated],
            "title": items[dated[0]].get("title"),
            "entities": shared,
            "first": items[dated[0]].get("published"),
            "last": items[dated[-1]].get("published"),
        })
    out.sort(key=lambda s: (-len(s["articles"]), s["first"] or ""))
    for number, story in enumerate(out, start=1):
        story["id"] = f"S{number}"
    return out
