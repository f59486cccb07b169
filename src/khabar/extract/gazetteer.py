"""Gazetteer matcher: all packaged gazetteers in one normalised multi-word index, clitic-aware, longest match wins."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import regex

from khabar.data import data_path
from khabar.text.normalize import normalize, normalize_with_map
from khabar.text.segment import Token, tokenize

# Kinds of gazetteer entries. Adjectives and roles are cues, not entity mentions.
COUNTRY, ADJECTIVE, PLACE, SEAT, PERSON, ORG, ROLE, TRIGGER, BLOCK = (
    "country", "adjective", "place", "seat", "person", "org", "role", "trigger", "block")
# Kinds checked against the blocklist (forms that are common words in running text).
_GUARDED = {COUNTRY, PLACE, SEAT}
_CONJUNCTIONS = ("", "و", "ف")
# A word with tanwin (دوماً) is an adverb or a common noun, never a place name.
_TANWIN = "\u064b"
# geonames towns below this population match only as whole words
_BARE_BELOW = 500_000
_PREPOSITIONS = ("", "ب", "ل", "ك")
# words whose first-word readings a gazetteer keeps (see Gazetteer._hit_cache)
_HIT_CACHE_SIZE = 200_000
# an index with at most this many first words is matched through the words' endings (_first_word_endings)
_SMALL_INDEX = 64


class Entry(NamedTuple):
    """One name of one gazetteer record (a named tuple: thousands of them unpickle fast from the cache)."""

    kind: str
    name_en: str
    name_ar: str
    type: str  # PER | ORG | LOC | MISC (or "" for cues)
    iso3: str | None = None
    wikidata: str | None = None
    sector: str | None = None
    role_en: str | None = None  # roles: English title; people: their office
    role_ar: str | None = None
    extra: str | None = None  # roles: implied entity type; triggers: English name template
    exact: str | None = None  # surface (diacritics removed, hamza kept) required for short names
    bare: bool = False  # matches only a whole word, never after stripped clitics (small foreign towns)
    gender: str | None = None  # triggers: "f" or "m", the adjective that must agree with the head noun
    after: frozenset[str] | None = None  # the word before must be one of these (في مالي), else no match


# A word's readings that start a name: (stem, clitic, the stem's bucket, the bucket's name lengths longest first).
_Hits = tuple[tuple[str, str, dict[tuple[str, ...], list[Entry]], tuple[int, ...]], ...]


@dataclass(slots=True)
class Match:
    """A gazetteer hit: offsets into the text (clitics excluded) and the records it names."""

    start: int
    end: int
    text: str
    token_start: int  # index of the first token
    token_end: int  # index after the last token
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    clitic: str = ""  # the proclitics stripped from the first word (و، ب، لل ...)

    def kinds(self) -> frozenset[str]:
        return _kinds_of(self.entries)

    def first(self, *kinds: str) -> Entry | None:
        for entry in self.entries:
            if entry.kind in kinds:
                return entry
        return None


@lru_cache(maxsize=50_000)
def _kinds_of(entries: tuple[Entry, ...]) -> frozenset[str]:
    return frozenset(e.kind for e in entries)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a khabar TSV ('#' comments, a header line, tab-separated); missing file → no rows."""
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        return []
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in next(reader)]
    rows = []
    for cells in reader:
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


_PLAIN = regex.compile(r"[\p{L}\p{M}\s]+")


def _key(spelling: str) -> tuple[str, ...]:
    """Normalised word tuple of a spelling, tokenised the way documents are."""
    folded = normalize(spelling.replace("-", " "))
    if _PLAIN.fullmatch(folded):
        return tuple(folded.split())  # letters and spaces only: the tokenizer would split the same way
    return tuple(t.norm for t in tokenize(spelling.replace("-", " ")) if t.norm.strip())


def _surface(word: str) -> str:
    """A word without diacritics and tatweel but with its hamza seats (for exact short names)."""
    return "".join(c for c in word if not ("\u064b" <= c <= "\u0652" or c in "\u0640\u0670"))


def _none(value: str | None) -> str | None:
    return value or None


@dataclass
class Gazetteer:
    """First-word index: first normalised word → {word tuple → entries}, plus the longest length per word."""

    index: dict[str, dict[tuple[str, ...], list[Entry]]] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)
    blocked: frozenset[str] = frozenset()
    context: dict[str, frozenset[str]] = field(default_factory=dict)  # form → words one of which must precede
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)  # person's English name → normalised spellings

    def add(self, spelling: str, entry: Entry) -> None:
        key = _key(spelling)
        if not key:
            return
        if entry.kind in _GUARDED and " ".join(key) in self.context:
            entry = entry._replace(after=self.context[" ".join(key)])
        elif entry.kind in _GUARDED and " ".join(key) in self.blocked:
            return
        if len("".join(key)) <= 2 and entry.exact is None:
            # two letters are too ambiguous after normalisation (إب vs أب): keep the exact surface
            entry = entry._replace(exact=_surface(spelling))
        # readings and endings found before this entry are stale
        self.__dict__.pop("_hits", None)
        self.__dict__.pop("_endings", None)
        bucket = self.index.setdefault(key[0], {})
        entries = bucket.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)
        self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def lookup(self, phrase: str) -> list[Entry]:
        """Entries whose spelling is exactly `phrase` (normalised, no clitic stripping)."""
        key = _key(phrase)
        return list(self.index.get(key[0], {}).get(key, [])) if key else []

    def _hit_cache(self) -> dict[str, _Hits]:
        """Normalised word → the readings of it that start a name (see _first_word_hits). Most words start
        no name and words recur, so each word is read once. Not a dataclass field, so the pickled index in
        the user cache keeps its layout; emptied past _HIT_CACHE_SIZE words, so a long batch does not grow
        it without end."""
        hits = self.__dict__.get("_hits")
        if hits is None or len(hits) > _HIT_CACHE_SIZE:
            hits = self.__dict__["_hits"] = {}
        return hits

    def _first_word_endings(self) -> tuple[str, ...] | None:
        """For a small index (a document's own names): the endings a word must have to start a name, in one
        tuple for str.endswith. A stem `clitic_readings` gives is the word or its end, or ال + its end (لل),
        so a word starting a name ends with a first word, or with a first word without its ال. None for a
        large index, where the per-word cache does better."""
        if len(self.index) > _SMALL_INDEX:
            return None
        endings = self.__dict__.get("_endings")
        if endings is None:
            found = set(self.index)
            found |= {first[2:] for first in self.index if first.startswith("ال")}
            endings = self.__dict__["_endings"] = tuple(sorted(found))
        return endings

    def _first_word_hits(self, word: str) -> _Hits:
        """(stem, clitic, bucket, lengths) for each reading of `word` (in `clitic_readings` order) whose stem
        starts a name: `lengths` are the word counts of the bucket's names, longest first, so matching tries
        only lengths a name has."""
        out = []
        for stem, clitic in clitic_readings(word):
            bucket = self.index.get(stem)
            if bucket:
                out.append((stem, clitic, bucket, tuple(sorted({len(key) for key in bucket}, reverse=True))))
        return tuple(out)

    def match_tokens(self, text: str, tokens: list[Token], kinds: set[str] | None = None,
                     norms: list[str] | None = None) -> list[Match]:
        """Leftmost-longest matches over `tokens` of `text`. A first word may carry proclitics
        (و ف, then ب ل ك, or لل for ل+ال); the article ال is part of the name and never stripped.
        `norms`, when given, is `normalize` of each token (Document.token_norms)."""
        if norms is None:
            norms = [_norm_word(t.text) for t in tokens]
        cache = self._hit_cache()
        endings = self._first_word_endings()
        # Only the words that may start a name are visited (one pass in a comprehension, cheaper than the
        # match loop per word); words in between start nothing, so skipping them finds the same matches.
        if endings is not None:
            openers = [k for k, word in enumerate(norms) if word.endswith(endings)]
        else:
            openers = [k for k, word in enumerate(norms) if word not in cache or cache[word]]
        out: list[Match] = []
        i, n = 0, len(tokens)
        for i_open in openers:
            if i_open < i:
                continue  # inside the previous match
            i = i_open
            hits = cache.get(norms[i])
            if hits is None:
                hits = cache[norms[i]] = self._first_word_hits(norms[i])
            if not hits:
                i += 1
                continue
            best: tuple[int, str, list[Entry]] | None = None  # (length, clitic, entries)
            for stem, clitic, bucket, lengths in hits:
                for length in lengths:
                    if length > n - i:
                        continue
                    if best and length <= best[0]:
                        break
                    key = (stem, *norms[i + 1 : i + length])
                    entries = bucket.get(key)
                    if not entries:
                        continue
                    entries = [e for e in entries if (kinds is None or e.kind in kinds or e.kind == BLOCK)
                               and (e.exact is None or _strip_surface(tokens[i].text, clitic) == e.exact)
                               and not (e.bare and clitic)
                               and (e.after is None or (i > 0 and norms[i - 1] in e.after))
                               and not (e.kind in _GUARDED and _TANWIN in tokens[i + length - 1].text)]
                    if entries and _contiguous(tokens, i, length, text):
                        best = (length, clitic, entries)
                        break
            if best is None:
                i += 1
                continue
            length, clitic, entries = best
            if all(e.kind == BLOCK for e in entries):
                i += length  # a guarded phrase (مسقط رأس): nothing inside it is a name
                continue
            first = tokens[i]
            start = first.start + clitic_chars(first.text, clitic)
            end = tokens[i + length - 1].end
            out.append(Match(start, end, text[start:end], i, i + length, tuple(entries), clitic))
            i += length
        return out

    def match(self, text: str, kinds: set[str] | None = None) -> list[Match]:
        return self.match_tokens(text, tokenize(text), kinds)


_norm_word = lru_cache(maxsize=200_000)(normalize)


@lru_cache(maxsize=100_000)
def clitic_readings(word: str) -> tuple[tuple[str, str], ...]:
    """(stem, clitic) readings of a normalised word: itself, then without و/ف and ب/ل/ك, and لل → ال."""
    out: list[tuple[str, str]] = [(word, "")]
    for conj in _CONJUNCTIONS:
        if conj and not word.startswith(conj):
            continue
        rest = word[len(conj):]
        for prep in _PREPOSITIONS:
            if not conj and not prep:
                continue
            if rest.startswith(prep) and len(rest) - len(prep) >= 2:
                out.append((rest[len(prep):], conj + prep))
        if rest.startswith("لل") and len(rest) > 3:
            # لل is ل + ال: the stem gets its article back, and the mention keeps the whole word
            out.append(("ال" + rest[2:], conj + "لل"))
    return tuple(out)


def clitic_chars(word: str, clitic: str) -> int:
    """How many characters of the original word the stripped clitic occupies (diacritics included)."""
    if clitic.endswith("لل"):
        clitic = clitic[:-2]  # للخطوط cannot be cut into ل + الخطوط: only a conjunction before it is dropped
    if not clitic:
        return 0
    mapped = normalize_with_map(word)
    return mapped.offsets[len(clitic)] if len(clitic) < len(mapped.offsets) else 0


def _strip_surface(word: str, clitic: str) -> str:
    if clitic.endswith("لل"):
        return "ال" + _surface(word)[len(clitic):]
    return _surface(word)[len(clitic):]


def _contiguous(tokens: list[Token], i: int, length: int, text: str) -> bool:
    """Words of a multi-word name must be separated by spaces (or a hyphen) only, not by a line break or punctuation."""
    for k in range(i, i + length - 1):
        gap = text[tokens[k].end : tokens[k + 1].start]
        if gap.strip(" -\u00a0") or "\n" in gap:
            return False
    return True


def gazetteer_dir() -> Path:
    return data_path("gazetteers")


# Bump when the index layout or the way it is built changes, so old caches are not read.
_CACHE_VERSION = 5
_SOURCE_FILES = ("blocklist.tsv", "countries.tsv", "seats.tsv", "places.tsv", "people.tsv", "orgs.tsv", "roles.tsv",
                 "org_triggers.tsv", "person_names.tsv")


@lru_cache(maxsize=1)
def province_heads() -> frozenset[str]:
    """Normalised heads whose next word names a place (ولاية، محافظة، مدينة; place_heads.tsv kind
    province): a person's name never starts on that word, whether tagged or read from a subject."""
    return frozenset(normalize(row.get("arabic", "")) for row in read_tsv(gazetteer_dir() / "place_heads.tsv")
                     if row.get("kind") == "province")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """All gazetteers, loaded once per process: from a pickled index in the user cache when the source files
    are unchanged, else built from the TSV files (and the pickle written for the next process)."""
    from khabar.cache import load_or_build

    base = gazetteer_dir()
    return load_or_build("gazetteer", str(_CACHE_VERSION), [base / name for name in _SOURCE_FILES],
                         lambda: build_gazetteer(base), Gazetteer)


def build_gazetteer(base: Path) -> Gazetteer:
    """All gazetteers built from their TSV files: countries (names and adjectives), places, seats, and, where
    present, people, organisations, role titles and organisation triggers."""
    guards = read_tsv(base / "blocklist.tsv")
    blocked = frozenset(" ".join(_key(r["form"])) for r in guards if not r.get("unless_after"))
    context = {" ".join(_key(r["form"])): frozenset(normalize(w) for w in _split(r["unless_after"]))
               for r in guards if r.get("unless_after")}
    gaz = Gazetteer(blocked=blocked, context=context)
    for row in guards:
        if len(_key(row["form"])) > 1:
            gaz.add(row["form"], Entry(BLOCK, "", row["form"], ""))
    for row in read_tsv(base / "countries.tsv"):
        iso3, wikidata = row["iso3"], _none(row.get("wikidata"))
        names = _split(row["names"])
        name_ar = row.get("name_ar") or (names[0] if names else "")
        for spelling in names:
            gaz.add(spelling, Entry(COUNTRY, row["name_en"], name_ar, "LOC", iso3, wikidata, extra=row.get("adj_en")))
        for spelling in _split(row["adjectives"]):
            gaz.add(spelling, Entry(ADJECTIVE, row["name_en"], name_ar, "", iso3, wikidata, extra=row.get("adj_en")))
    for row in read_tsv(base / "seats.tsv"):
        spellings = _split(row["spellings"])
        for spelling in spellings:
            gaz.add(spelling, Entry(SEAT, row["name_en"], spellings[0], row.get("type") or "LOC",
                                    row["iso3"] or None, _none(row.get("wikidata"))))
    for row in read_tsv(base / "places.tsv"):
        # a small foreign town is a whole word or nothing: "فرانس" is not ف + Reims
        population = int(row.get("population") or 0)
        bare = row.get("source") == "geonames" and population < _BARE_BELOW
        for spelling in _split(row["spellings"]):
            gaz.add(spelling, Entry(PLACE, row["name_en"], row["name_ar"], "LOC", _none(row.get("iso3")),
                                    _none(row.get("wikidata")), extra=row.get("kind"), bare=bare))
    adjective_keys = {key for first, group in gaz.index.items() for key, entries in group.items()
                      if any(e.kind == ADJECTIVE for e in entries)}
    titles = _title_keys(base) | adjective_keys
    for row in read_tsv(base / "people.tsv"):
        spellings = _split(row.get("spellings_ar"))
        if not spellings:
            continue
        # a spelling with a title (المشير خليفة حفتر) is matched without it: the title is a role cue
        spellings = list(dict.fromkeys(_without_titles(s, titles) for s in spellings))
        gaz.people[row["name_en"]] = tuple(" ".join(_key(s)) for s in spellings)
        for spelling in spellings:
            gaz.add(spelling, Entry(PERSON, row["name_en"], spellings[0], "PER", _none(row.get("country")),
                                    _none(row.get("wikidata")), _none(row.get("sector")), _none(row.get("role_en")),
                                    _none(row.get("role_ar"))))
    for row in read_tsv(base / "orgs.tsv"):
        spellings = _split(row.get("spellings_ar"))
        if not spellings:
            continue
        for spelling in spellings:
            gaz.add(spelling, Entry(ORG, row["name_en"], spellings[0], "ORG", _none(row.get("country")),
                                    _none(row.get("wikidata")), _none(row.get("sector")), extra=_none(row.get("kind"))))
    for row in read_tsv(base / "roles.tsv"):
        title = row.get("title_ar", "")
        if title:
            gaz.add(title, Entry(ROLE, row.get("role_en", ""), title, "", sector=_none(row.get("sector")),
                                 role_en=_none(row.get("role_en")), extra=_none(row.get("implies_type"))))
    for row in read_tsv(base / "org_triggers.tsv"):
        for spelling in _split(row.get("trigger_ar")):
            gaz.add(spelling, Entry(TRIGGER, row["name_en"], spelling, "ORG", sector=_none(row.get("sector")),
                                    gender=_none(row.get("gender")), extra=_none(row.get("template"))))
    return gaz


# A pope's title stays in his name (البابا تواضروس); kunya words (أبو محمد الجولاني) are names, not titles.
_NAME_TITLES = frozenset({"البابا", "ابو", "ام"})


def _title_keys(base: Path) -> frozenset[tuple[str, ...]]:
    """Role titles (roles.tsv) and honorifics (person_names.tsv) as normalised word tuples."""
    keys = {_key(r.get("title_ar", "")) for r in read_tsv(base / "roles.tsv")}
    keys |= {_key(r.get("arabic", "")) for r in read_tsv(base / "person_names.tsv") if r.get("kind") == "honorific"}
    return frozenset(k for k in keys if k and " ".join(k) not in _NAME_TITLES)


def _without_titles(spelling: str, titles: frozenset[tuple[str, ...]]) -> str:
    """The spelling without leading titles, as long as two name words remain."""
    words = spelling.split()
    changed = True
    while changed:
        changed = False
        for size in range(min(4, len(words) - 2), 0, -1):
            if _key(" ".join(words[:size])) in titles:
                words = words[size:]
                changed = True
                break
    return " ".join(words)


def find_matches(text: str, kinds: set[str] | None = None) -> list[Match]:
    """Gazetteer matches in `text` (leftmost-longest), with offsets into `text`."""
    return load_gazetteer().match(text, kinds)
