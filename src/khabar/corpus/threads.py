"""Claim threads: the claims of many articles about one proposition, a dated stance timeline and a status.

Pure functions over analysed article dicts (the JSON of CONTRACT.md), so they run without a
database. Two claims share a proposition when they involve the same entities (holder,
target and the entities named inside the claim) and say similar things (overlap of light
word stems); threads are the connected groups of such pairs."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Any

import regex

from khabar.corpus.linking import canonical_name, entity_key, local_keys, resolve_reference
from khabar.data import data_path
from khabar.text.normalize import normalize
from khabar.text.segment import PROCLITICS

STATUSES = ("alleged", "confirmed", "denied", "disputed", "unverified")
# Claims further apart than this are not one story of one proposition.
DEFAULT_WINDOW_DAYS = 400
# A candidate feature shared by more claims than this is too common to group on its own.
_MAX_POSTINGS = 400
# Word stems are cut to this many letters: a crude but robust Arabic light stem
# (جنودا/الجنود → جنود, كوريين/كوريا → كوري).
_STEM_LETTERS = 4
_WORD = regex.compile(r"\p{L}+")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words that say nothing about a proposition (data/corpus/thread_stopwords.tsv), normalised."""
    words = set()
    with open(data_path("corpus", "thread_stopwords.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            word = line.split("\t", 1)[0].strip()
            if word and word != "word":
                words.add(normalize(word))
    return frozenset(words)


# Only the article family (ال، بال، وال، لل …) and the conjunctions و ف are taken off: a
# single ب ل ك is too often part of the word (كورسك, كوريا, بريطانيا) to strip blindly.
_ARTICLE_CLITICS = tuple(c for c in PROCLITICS if c.endswith(("ال", "لل")))


def _light_stem(norm: str) -> str:
    for clitic in _ARTICLE_CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= 2:
            return norm[len(clitic):]
    if norm[:1] in ("و", "ف") and len(norm) >= 5:
        return norm[1:]
    return norm


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str | None:
    norm = normalize(word)
    if norm in stopwords() or (norm[:1] in ("و", "ف") and norm[1:] in stopwords()):
        return None
    stem = _light_stem(norm)
    if len(stem) < 3 or stem in stopwords():
        return None
    return stem[:_STEM_LETTERS]


def content_stems(claim_text: str) -> frozenset[str]:
    """The light stems of a claim's content words."""
    return frozenset(s for s in (_stem(w) for w in _WORD.findall(claim_text or "")) if s)


@dataclass
class ClaimItem:
    """One claim of one article, with what grouping and the timeline need."""

    index: int
    article_id: str
    url: str | None
    published: str | None
    date: str | None
    claim: dict[str, Any]
    holder_key: str | None
    holder_name: str | None
    entity_keys: frozenset[str]
    stems: frozenset[str]
    names: dict[str, str] = field(default_factory=dict)


def _claim_entities(article: dict[str, Any], claim: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
    """Keys (and names) of the holder, the target and every entity mentioned inside the claim's span."""
    keys: set[str] = set()
    names: dict[str, str] = {}
    start, end = claim.get("start") or 0, claim.get("end") or 0
    for entity in article.get("entities") or []:
        key = entity_key(entity)
        if key is None:
            continue
        inside = any(
            (m.get("start") or 0) < end and (m.get("end") or 0) > start for m in entity.get("mentions") or []
        )
        if inside or entity.get("id") in (claim.get("holder"), claim.get("target")):
            keys.add(key)
            names[key] = canonical_name(entity)
    for ref, name in ((claim.get("holder"), claim.get("holder_name")), (claim.get("target"), claim.get("target_name"))):
        key = resolve_reference(article, ref, name)
        if key:
            keys.add(key)
            names.setdefault(key, name or ref or key)
    return keys, names


def _mention_stems(article: dict[str, Any]) -> frozenset[str]:
    words = " ".join(m.get("text") or "" for e in article.get("entities") or [] for m in e.get("mentions") or [])
    names = " ".join(e.get("name_ar") or "" for e in article.get("entities") or [])
    return content_stems(f"{words} {names}")


@lru_cache(maxsize=1)
def anaphors() -> frozenset[str]:
    """Words by which a claim points back at an earlier one (data/corpus/thread_anaphors.tsv), normalised."""
    words = set()
    with open(data_path("corpus", "thread_anaphors.tsv"), encoding="utf-8") as fh:
        for line in fh:
            word = line.split("\t", 1)[0].strip()
            if word and not word.startswith("#") and word != "word":
                words.add(normalize(word))
    return frozenset(words)


# A claim this close after another (in characters) can point back at it.
_ANAPHOR_REACH = 400
_ANAPHOR_MAX_STEMS = 3


def _points_back(claim_text: str, stems: frozenset[str]) -> bool:
    """A short claim with an anaphor (لم تؤكد ذلك) says nothing of its own proposition."""
    words = {_light_stem(normalize(w)) for w in _WORD.findall(claim_text or "")}
    return len(stems) <= _ANAPHOR_MAX_STEMS and bool(words & {_light_stem(a) for a in anaphors()})


def claim_items(articles: Iterable[dict[str, Any]]) -> list[ClaimItem]:
    items: list[ClaimItem] = []
    for article in articles:
        keys = local_keys(article)
        earlier: list[ClaimItem] = []
        for claim in sorted(article.get("claims") or [], key=lambda c: c.get("start") or 0):
            entity_keys, names = _claim_entities(article, claim)
            # Entity names count once, through entity_keys, not again as words.
            stems = content_stems(claim.get("text") or "") - _mention_stems(article)
            if _points_back(claim.get("text") or "", stems):
                start = claim.get("start") or 0
                before = [e for e in earlier if 0 <= start - (e.claim.get("end") or 0) <= _ANAPHOR_REACH]
                if before:
                    antecedent = before[-1]
                    stems = stems | antecedent.stems
                    entity_keys = entity_keys | antecedent.entity_keys
                    names = {**antecedent.names, **names}
            holder = claim.get("holder")
            holder_key = keys.get(holder or "") or resolve_reference(article, holder, claim.get("holder_name"))
            items.append(ClaimItem(
                index=len(items),
                article_id=str(article.get("id")),
                url=article.get("url"),
                published=article.get("published"),
                date=claim.get("date") or article.get("published"),
                claim=claim,
                holder_key=holder_key,
                holder_name=claim.get("holder_name") or (names.get(holder_key) if holder_key else None) or holder,
                entity_keys=frozenset(entity_keys),
                stems=stems,
                names=names,
            ))
            earlier.append(items[-1])
    return items


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else date.fromisoformat(value[:7] + "-01")
    except ValueError:
        return None


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else float(a == b)


def same_proposition(a: ClaimItem, b: ClaimItem, window_days: int = DEFAULT_WINDOW_DAYS) -> bool:
    """True when two claims are about one proposition: shared entities and similar wording, close in time."""
    shared = len(a.entity_keys & b.entity_keys)
    if shared == 0 or not a.stems or not b.stems:
        return False
    # Cosine of the stem sets: a long claim does not match everything that shares two words with it.
    overlap = _cosine(a.stems, b.stems)
    if not ((shared >= 2 and overlap >= 0.3) or (shared >= 1 and overlap >= 0.5)):
        return False
    da, db = _day(a.date), _day(b.date)
    return not (da and db and abs((da - db).days) > window_days)


def _candidate_pairs(items: list[ClaimItem]) -> set[tuple[int, int]]:
    """Pairs worth comparing: sharing two entities, or one entity and one word stem."""
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for item in items:
        ents = sorted(item.entity_keys)
        for pair in combinations(ents, 2):
            postings[pair].append(item.index)
        for ent in ents:
            for stem in item.stems:
                postings[(ent, "#" + stem)].append(item.index)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 1 < len(members) <= _MAX_POSTINGS:
            pairs.update(combinations(members, 2))
    return pairs


def thread_status(stances: list[tuple[str, str | None]]) -> str:
    """The status a proposition reaches after a date-ordered list of (stance, holder key).

    An admission, or a confirmation by someone other than those who alleged it, confirms;
    a denial against an allegation disputes it; a denial alone denies; allegations alone
    are alleged; hedges alone (not confirmed, verifying, no comment) leave it unverified."""
    status: str | None = None
    alleged_by: set[str | None] = set()
    for stance, holder in stances:
        if stance in ("accuse", "assert", "preliminary") or (stance == "confirm" and holder in alleged_by):
            alleged_by.add(holder)
            if status in (None, "unverified"):
                status = "alleged"
            elif status == "denied":
                status = "disputed"
        elif stance in ("admit", "confirm"):
            status = "confirmed"
        elif stance == "deny":
            status = "denied" if status in (None, "unverified", "denied") else "disputed"
        elif status is None:  # not_confirmed, verifying, conditional, no_comment
            status = "unverified"
    return status or "unverified"


_PROPOSITION_STANCES = ("accuse", "assert", "admit", "confirm", "preliminary")


def group_claims(items: list[ClaimItem], window_days: int = DEFAULT_WINDOW_DAYS) -> list[list[ClaimItem]]:
    """Claims grouped by proposition, in date order: a claim joins the group most of whose
    members it matches (at least half of them), else starts a new group.

    Plain connected components would chain unrelated claims through one shared word and
    entity pair; asking for a match with half the group keeps a thread on one proposition."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in _candidate_pairs(items):
        if same_proposition(items[i], items[j], window_days):
            neighbours[i].add(j)
            neighbours[j].add(i)
    order = sorted(items, key=lambda m: (m.date or "9999", m.published or "9999", m.index))
    group_of: dict[int, int] = {}
    groups: list[list[ClaimItem]] = []
    for item in order:
        linked = neighbours.get(item.index, set())
        best, best_share = None, 0.0
        for group_id in {group_of[j] for j in linked if j in group_of}:
            members = groups[group_id]
            share = sum(1 for m in members if m.index in linked) / len(members)
            if share >= 0.5 and share > best_share:
                best, best_share = group_id, share
        if best is None:
            best = len(groups)
            groups.append([])
        groups[best].append(item)
        group_of[item.index] = best
    return groups


def build_threads(
    articles: Iterable[dict[str, Any]],
    min_articles: int = 2,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[dict[str, Any]]:
    """Claim threads (CONTRACT.md) over analysed articles, the best-attested first.

    A thread needs two distinct statements (copies of one wire story count once) from at
    least `min_articles` articles."""
    threads = []
    for members in group_claims(claim_items(articles), window_days):
        if len({m.article_id for m in members}) < min_articles:
            continue
        thread = _thread(members)
        if len(thread["timeline"]) >= 2:
            threads.append(thread)
    threads.sort(key=lambda t: (-_article_count(t), -len(t["timeline"]), t["timeline"][0]["date"] or ""))
    for number, thread in enumerate(threads, start=1):
        thread["id"] = f"T{number}"
    return threads


def _article_count(thread: dict[str, Any]) -> int:
    return sum(1 + len(e.get("also_reported_in", [])) for e in thread["timeline"])


def _thread(members: list[ClaimItem]) -> dict[str, Any]:
    ordered = sorted(members, key=lambda m: (m.date or "9999", m.published or "9999", m.index))
    timeline: list[dict[str, Any]] = []
    stances: list[tuple[str, str | None]] = []
    seen: dict[tuple[Any, ...], list[tuple[frozenset[str], dict[str, Any]]]] = defaultdict(list)
    for member in ordered:
        stance = member.claim.get("stance") or "assert"
        # The same statement reported again (a wire story in several papers, reworded a
        # little) is one timeline entry: same day, holder and stance, nearly the same words.
        statement = (member.date, member.holder_key, stance)
        same = next((entry for stems, entry in seen[statement] if _cosine(stems, member.stems) >= 0.7), None)
        if same is not None:
            if member.article_id != same["article_id"] and member.article_id not in same["also_reported_in"]:
                same["also_reported_in"].append(member.article_id)
            continue
        stances.append((stance, member.holder_key))
        entry = {
            "date": member.date, "article_id": member.article_id, "url": member.url,
            "holder_name": member.holder_name, "stance": stance, "text": member.claim.get("text"),
            "claim_id": member.claim.get("id"), "status_after": thread_status(stances), "also_reported_in": [],
        }
        seen[statement].append((member.stems, entry))
        timeline.append(entry)
    # The proposition: the earliest claim that states it (not a hedge or a denial).
    representative = next((m for m in ordered if (m.claim.get("stance") in _PROPOSITION_STANCES)), ordered[0])
    counts: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for member in ordered:
        for key in member.entity_keys:
            counts[key] += 1
            names.setdefault(key, member.names.get(key, key))
    entities = [names[k] for k in sorted(counts, key=lambda k: (-counts[k], names[k]))]
    return {
        "id": "",
        "status": thread_status(stances),
        "proposition": representative.claim.get("text"),
        "entities": entities,
        "timeline": timeline,
    }
