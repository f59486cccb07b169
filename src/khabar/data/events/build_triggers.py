"""Build reference tables from UniversalPetrarch's Arabic verb dictionary and PLOVER's CAMEO→PLOVER
table, to consult when curating triggers.tsv (run by hand; the sources are read by path and the
outputs are not shipped: khabar matches only its own curated triggers at run time).

    python src/khabar/data/events/build_triggers.py [--shared ../shared/data] [--out DIR]

Writes, into DIR (default ./events-upstream):
  cameo_plover.tsv     CAMEO event code -> PLOVER type, mode, context (from CAMEO2PLOVER-2021.txt,
                       openeventdata/PLOVER, CC BY-SA 4.0: the file keeps that licence)
  upstream_verbs.tsv   UniversalPetrarch verb patterns (verb lemmas + object words + CAMEO code)
                       with their PLOVER type and mode (from CAMEO.ar.0.5.txt, openeventdata/
                       UniversalPetrarch branch arabic, MIT, Copyright (c) 2016 Open Event Data
                       Alliance; PLOVER mapping CC BY-SA 4.0)
The curated triggers (triggers.tsv) were written with upstream_verbs.tsv at hand. The upstream
patterns are machine-translated and lemma-based (they need a lemmatiser khabar does not have), so
they document provenance and coverage rather than being matched at run time.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
_PATTERN = re.compile(r"^-\s*\*?(.*?)\[(\d{2,4})\]\s*(?:#\s*(.*))?$")
_HEADER = re.compile(r"^---\s*(\S+)\s*\[([^\]]*)\]\s*---")
_LEMMA = re.compile(r"^([^\s#\-][^#\[]*?)\s*(?:\[(\d{2,4})\])?\s*(?:#.*)?$")
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def _norm(word: str) -> str:
    word = _DIACRITICS.sub("", word)
    word = re.sub("[أإآٱ]", "ا", word).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    return word.strip()


def read_cameo_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (PLOVER type, mode, context) from CAMEO2PLOVER-2021.txt."""
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        parts += [""] * (3 - len(parts))
        if parts[0]:
            table[m.group(1)] = (parts[0], parts[1], parts[2])
    return table


def plover_of(code: str, table: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The PLOVER reading of a CAMEO code, falling back to its parent codes (1831 → 183 → 18)."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def read_verb_patterns(path: Path, table: dict[str, tuple[str, str, str]]) -> list[dict[str, str]]:
    """Every pattern of the Arabic verb dictionary with its verbs, object words and PLOVER reading."""
    rows: list[dict[str, str]] = []
    block_verbs: list[str] = []
    block_code = ""
    in_verbs = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if "VERB PATTERNS" in line:
            in_verbs = True
            continue
        if not in_verbs or not line:
            continue
        header = _HEADER.match(line)
        if header:
            block_verbs = [_norm(header.group(1).replace("+", " "))]
            block_code = header.group(2) if header.group(2).isdigit() else ""
            if block_code and (reading := plover_of(block_code, table)):
                rows.append({"verbs": block_verbs[0], "object": "", "cameo": block_code,
                             "plover": reading[0], "mode": reading[1]})
            continue
        pattern = _PATTERN.match(line)
        if pattern:
            obj, code, comment = pattern.group(1), pattern.group(2), pattern.group(3) or ""
            reading = plover_of(code, table)
            if reading is None or "&" in obj:  # synonym-set objects are not spelled out here
                continue
            words = " ".join(_norm(w) for w in re.sub(r"[(){}*]", " ", obj).split())
            verbs = [_norm(v.replace("+", " ").replace("_", " ")) for v in comment.split(",") if v.strip()]
            rows.append({"verbs": "|".join(dict.fromkeys(verbs or block_verbs)), "object": words,
                         "cameo": code, "plover": reading[0], "mode": reading[1]})
            continue
        lemma = _LEMMA.match(line)
        if lemma and not line.startswith("-"):
            block_verbs.append(_norm(lemma.group(1).replace("+", " ")))
    return rows


def object_votes(rows: list[dict[str, str]]) -> dict[str, Counter]:
    """Object word -> Counter of PLOVER types over the patterns that use it."""
    votes: dict[str, Counter] = {}
    for row in rows:
        for word in row["object"].split():
            votes.setdefault(word, Counter())[row["plover"]] += 1
    return votes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[4] / "shared" / "data",
                        help="the shared data folder (default: ../shared/data beside the checkout)")
    parser.add_argument("--out", type=Path, default=Path("events-upstream"),
                        help="where to write the tables (default: ./events-upstream)")
    args = parser.parse_args(argv)
    cameo_file = args.shared / "plover" / "CAMEO2PLOVER-2021.txt"
    verbs_file = args.shared / "universalpetrarch_ar" / "dictionaries" / "CAMEO.ar.0.5.txt"
    if not cameo_file.exists() or not verbs_file.exists():
        print(f"missing {cameo_file} or {verbs_file}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    table = read_cameo_plover(cameo_file)
    with open(args.out / "cameo_plover.tsv", "w", encoding="utf-8") as out:
        out.write("# CAMEO event codes and their PLOVER type, mode and context.\n"
                  "# Source: CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8), openeventdata/PLOVER,\n"
                  "# licence CC BY-SA 4.0 (this derived table keeps it). GENERATED by build_triggers.py.\n")
        out.write("cameo\tplover\tmode\tcontext\n")
        for code in sorted(table):
            out.write("\t".join([code, *table[code]]) + "\n")
    rows = read_verb_patterns(verbs_file, table)
    with open(args.out / "upstream_verbs.tsv", "w", encoding="utf-8") as out:
        out.write("# Verb patterns of UniversalPetrarch's Arabic dictionary (CAMEO.ar.0.5.txt, openeventdata/\n"
                  "# UniversalPetrarch branch arabic, MIT licence, Copyright (c) 2016 Open Event Data Alliance),\n"
                  "# normalised (alef, ya, ta marbuta, diacritics) and read through the CAMEO→PLOVER table\n"
                  "# (openeventdata/PLOVER, CC BY-SA 4.0). verbs: '|'-separated lemmas; object: the words the\n"
                  "# pattern needs after the verb (empty: the verb alone). GENERATED by build_triggers.py.\n")
        out.write("verbs\tobject\tcameo\tplover\tmode\n")
        for row in rows:
            out.write("\t".join(row[k] for k in ("verbs", "object", "cameo", "plover", "mode")) + "\n")
    print(f"{len(table)} CAMEO codes, {len(rows)} verb patterns written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
