"""Validates the curated gazetteer data files (people, orgs, roles) and their example corpus."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from khabar.data import data_path
from khabar.text.normalize import normalize

GAZETTEER_DIR = Path(data_path("gazetteers"))

PEOPLE_COLUMNS = ["name_en", "wikidata", "country", "sector", "role_en", "role_ar", "spellings_ar", "note"]
ORG_COLUMNS = ["name_en", "wikidata", "country", "sector", "kind", "spellings_ar", "note"]
ROLE_COLUMNS = ["title_ar", "role_en", "sector", "implies_type", "note"]

# PLOVER/CAMEO actor sector codes the files may use.
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "REB",
        "OPP",
        "PTY",
        "COP",
        "JUD",
        "SPY",
        "MED",
        "EDU",
        "BUS",
        "CRM",
        "CVL",
        "REF",
        "LEG",
        "REL",
        "ELI",
        "LAB",
        "NGO",
        "IGO",
        "INS",
        "SEP",
        "UAF",
        "MNC",
        "HLH",
        "ENV",
        "AGR",
    ]
)
ORG_KINDS = frozenset(
    [
        "un",
        "igo",
        "army",
        "ministry",
        "agency",
        "party",
        "armed_group",
        "government_body",
        "media",
        "company",
        "ngo",
        "court",
        "parliament",
        "other",
    ]
)
IMPLIED_TYPES = {"PER", "ORG", "LOC"}
ENTITY_TYPES = {"PER", "ORG", "LOC"}
QID = re.compile(r"Q[1-9]\d*")
# Arabic letters plus what Arabic names legitimately contain in news: spaces, digits, hyphens, dots
# (أ.ف.ب), plus signs (أوبك+), apostrophes and Persian letters (پ, چ, ژ, گ, ی) some outlets keep.
ARABIC_SPELLING = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0670-\u06D3\u064B-\u065F0-9 \-'().+]+")
HAS_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO-3166 alpha-3 codes that babel maps to one named territory, plus XKX (Kosovo).

    babel's alias table also holds reserved and retired codes (XXX, AAA, ZZZ, YUG); keeping only
    aliases of a single current, named alpha-2 territory filters those out."""
    from babel import Locale
    from babel.core import get_global

    named = {code for code in Locale("en").territories if len(code) == 2 and code.isalpha()} - {"ZZ"}
    codes = {
        code
        for code, targets in get_global("territory_aliases").items()
        if len(code) == 3 and code.isalpha() and len(targets) == 1 and targets[0] in named
    }
    retired = set(
        [
            "DDR",
            "BUR",
            "ZAR",
            "TMP",
            "YMD",
            "ROM",
            "SUN",
            "YUG",
            "FXX",
            "NTZ",
            "DHY",
            "HVO",
            "RHO",
            "VDR",
            "BYS",
            "ANT",
            "SCG",
            "CSK",
            "TPT",
            "AFI",
            "ATB",
            "ATN",
            "CTE",
            "JTN",
            "MID",
            "PCI",
            "PCZ",
            "PUS",
            "WAK",
            "NHB",
        ]
    )
    return frozenset((codes - retired) | {"XKX"})


def read_tsv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of one gazetteer file; '#' lines are comments."""
    lines = (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    header = body[0].split("\t")
    rows = []
    for number, line in enumerate(body[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == len(header), f"{name} data line {number}: {len(cells)} cells: {line[:80]}"
        rows.append(dict(zip(header, cells, strict=True)))
    return header, rows


def header_comments(name: str) -> str:
    lines = (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith("#"))


@pytest.mark.parametrize(
    ("name", "columns", "minimum"),
    [("people.tsv", PEOPLE_COLUMNS, 500), ("orgs.tsv", ORG_COLUMNS, 300), ("roles.tsv", ROLE_COLUMNS, 120)],
)
def test_columns_size_and_header(name: str, columns: list[str], minimum: int) -> None:
    header, rows = read_tsv(name)
    assert header == columns
    assert len(rows) >= minimum, f"{name} has {len(rows)} rows, expected at least {minimum}"
    comments = header_comments(name)
    assert "curated by the khabar contributors" in comments
    assert "Apache-2.0" in comments


@pytest.mark.parametrize("name", ["people.tsv", "orgs.tsv"])
def test_entity_rows_are_valid(name: str) -> None:
    _, rows = read_tsv(name)
    problems = []
    for row in rows:
        label = row["name_en"]
        if not label or label != label.strip():
            problems.append(f"bad name_en {label!r}")
        if row["wikidata"] and not QID.fullmatch(row["wikidata"]):
            problems.append(f"{label}: wikidata {row['wikidata']!r}")
        if row["country"] and row["country"] not in iso3_codes():
            problems.append(f"{label}: country {row['country']!r} is not ISO-3166 alpha-3")
        if row["sector"] not in SECTORS:
            problems.append(f"{label}: sector {row['sector']!r}")
        if name == "orgs.tsv" and row["kind"] not in ORG_KINDS:
            problems.append(f"{label}: kind {row['kind']!r}")
        spellings = row["spellings_ar"].split("|")
        if not spellings or any(not s for s in spellings):
            problems.append(f"{label}: empty spelling")
        for spelling in spellings:
            if spelling != " ".join(spelling.split()):
                problems.append(f"{label}: stray whitespace in {spelling!r}")
            if not ARABIC_SPELLING.fullmatch(spelling) or not HAS_ARABIC_LETTER.search(spelling):
                problems.append(f"{label}: spelling {spelling!r} is not Arabic script")
        missing_role = not row.get("role_en") or not HAS_ARABIC_LETTER.search(row.get("role_ar", ""))
        if name == "people.tsv" and missing_role:
            problems.append(f"{label}: missing role")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("name", ["people.tsv", "orgs.tsv"])
def test_no_duplicate_names_or_ids(name: str) -> None:
    _, rows = read_tsv(name)
    names = [row["name_en"] for row in rows]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    ids = [row["wikidata"] for row in rows if row["wikidata"]]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("name", ["people.tsv", "orgs.tsv"])
def test_shared_spellings_are_marked_ambiguous(name: str) -> None:
    """A spelling (after normalisation) naming two entities must be flagged in both notes."""
    _, rows = read_tsv(name)
    owners: dict[str, set[str]] = defaultdict(set)
    notes = {row["name_en"]: row["note"] for row in rows}
    for row in rows:
        for spelling in row["spellings_ar"].split("|"):
            owners[normalize(spelling)].add(row["name_en"])
    unflagged = [
        f"{spelling}: {sorted(names)}"
        for spelling, names in owners.items()
        if len(names) > 1 and not all("ambiguous" in notes[n].lower() for n in names)
    ]
    assert not unflagged, "\n".join(unflagged)


def test_roles_are_valid() -> None:
    _, rows = read_tsv("roles.tsv")
    titles = [normalize(row["title_ar"]) for row in rows]
    assert len(titles) == len(set(titles)), sorted({t for t in titles if titles.count(t) > 1})
    for row in rows:
        assert ARABIC_SPELLING.fullmatch(row["title_ar"]), row["title_ar"]
        assert row["role_en"], row
        assert row["sector"] in SECTORS or not row["sector"], row
        assert row["implies_type"] in IMPLIED_TYPES, row


def load_corpus() -> list[dict]:
    lines = (GAZETTEER_DIR / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_corpus_is_consistent_with_the_gazetteers() -> None:
    """Each example's entities are exact substrings, and PER/ORG names exist in the files."""
    examples = load_corpus()
    assert len(examples) >= 60
    people = {row["name_en"]: row for row in read_tsv("people.tsv")[1]}
    orgs = {row["name_en"]: row for row in read_tsv("orgs.tsv")[1]}
    texts = [example["text"] for example in examples]
    assert len(texts) == len(set(texts)), "duplicate corpus sentences"
    for example in examples:
        assert example["entities"], example["text"]
        for entity in example["entities"]:
            assert entity["text"] in example["text"], entity
            assert entity["type"] in ENTITY_TYPES, entity
            if entity["type"] == "PER":
                assert entity["name_en"] in people, entity["name_en"]
            if entity["type"] == "ORG":
                assert entity["name_en"] in orgs, entity["name_en"]
        # "absent": entities a matcher must NOT find here (e.g. الأسد inside نصيب الأسد)
        for name in example.get("absent", []):
            assert name in people or name in orgs, name
            assert name not in {entity["name_en"] for entity in example["entities"]}, name


def test_corpus_mentions_reduce_to_a_listed_spelling() -> None:
    """Mentions, once a leading clitic is removed, are spellings of the named entity.

    The matcher must handle و ف ب ل ك ال لل prefixes; this checks the corpus itself is honest
    (every mention it expects can actually be found from the gazetteer spellings).
    """
    from khabar.text.segment import clitic_variants

    rows = {row["name_en"]: row for row in read_tsv("people.tsv")[1] + read_tsv("orgs.tsv")[1]}
    unmatched = []
    for example in load_corpus():
        for entity in example["entities"]:
            if entity["type"] not in {"PER", "ORG"}:
                continue
            spellings = {normalize(s) for s in rows[entity["name_en"]]["spellings_ar"].split("|")}
            mention = normalize(entity["text"])
            words = mention.split()
            candidates = {mention}
            for variant in clitic_variants(words[0]):
                candidates.add(" ".join([variant, *words[1:]]))
            if not candidates & spellings:
                unmatched.append(f"{entity['text']} -> {entity['name_en']}")
    assert not unmatched, "\n".join(unmatched)
