"""Numbers in Arabic text: digits (Western, Arabic-Indic, Persian), number words, ordinals, percentages,
money and vague counts, as items with offsets and values (`parse_numbers`), plus `parse_number_words`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, not_
from typing import Any

from khabar.extract.numbers_lexicon import (
    Lexicon,
    NumberWord,
    Stripped,
    fold,
    fold_fast,
    lexicon,
    strip_text,
)

__all__ = ["WordNumber", "add_quantities", "parse_number_words", "parse_numbers", "scan"]

# Tokens of folded text: digit runs, words (Arabic letters after folding, Latin lower-case), other
# single characters; whitespace runs are captured too so that offsets come from their lengths
# (explicit ranges are much faster in the regex engine than Unicode categories).
_PIECE = re.compile(r"\s+|[0-9]+(?:[.,][0-9]+)*|[\u0621-\u064aa-z\u0671-\u06d3]+|\S")
_LATIN = re.compile(r"[a-z]+")
_TEEN_TEN = frozenset({"عشر", "عشره"})
_TWO_ALONE_DEFINITE = frozenset({"اثنين", "اثنان"})  # الاثنين alone is Monday
_OTHERS = frozenset({"اخرين", "اخرون", "اخري", "اخريات"})
_SUBSET = frozenset({"منهم", "منهن", "منهما", "منها", "بينهم", "بينهن"})
# a counted noun right after a number carries at most the article (عشرات البلدات, ثلاثة من الأطفال);
# with و it starts a new clause (مقتل 20 وإصابة 45)
_NOUN_PREFIXES = frozenset({"", "ال"})
_WINDOW_BEFORE = 60
_WINDOW_AFTER = 100
_DIGIT_RUN = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_EDGE_PUNCTUATION = "\"'«»“”‘’()[]{}<>.,،؛;:!?؟-–—/%*#"
ZERO = Decimal(0)


_CONJUNCTIONS = ("", "و", "ف")
# ك (like) is left out: كمية (quantity) would read as ك + مئة
_PREPOSITIONS = ("", "ب", "ل", "ال", "بال", "لل")


@lru_cache(maxsize=65536)
def analyses(token: str) -> tuple[tuple[str, str], ...]:
    """(prefix, stem) readings of a folded token: the whole token first, then with its clitics
    (و ف, then ب ل and/or ال; لل is ل + ال) removed, shortest prefix first. A stripped stem keeps at
    least three letters (لست is not ل + ست)."""
    out = [("", token)]
    if len(token) < 4 or token[0] not in "وفبلا":
        return tuple(out)
    for conj in _CONJUNCTIONS:
        if conj and not token.startswith(conj):
            continue
        for prep in _PREPOSITIONS:
            prefix = conj + prep
            if not prefix or not token.startswith(prefix):
                continue
            stem = token[len(prefix):]
            if len(stem) >= 3:
                out.append((prefix, stem))
    out.sort(key=lambda pair: len(pair[0]))
    return tuple(out)


def _is_definite(prefix: str) -> bool:
    return prefix.endswith("ال") or prefix.endswith("لل")


def _word(token: str, lex: Lexicon) -> tuple[str, NumberWord] | None:
    for prefix, stem in analyses(token):
        entry = lex.words.get(stem)
        if entry is not None:
            return prefix, entry
    return None


def _number_value(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def digit_value(token: str) -> Decimal | None:
    """The value of a digit token with separators: "12,500" and "1.000.000" group thousands,
    "12,5" and "1.5" are decimals (a comma followed by exactly three digits groups thousands)."""
    try:
        if "," in token and "." in token:
            if token.rfind(",") > token.rfind("."):  # 1.000,5
                return Decimal(token.replace(".", "").replace(",", "."))
            return Decimal(token.replace(",", ""))
        for sep in (",", "."):
            if sep in token:
                head, *groups = token.split(sep)
                if len(groups) > 1 or (sep == "," and len(groups[0]) == 3 and len(head) <= 3):
                    if all(len(g) == 3 for g in groups):
                        return Decimal(head + "".join(groups))
                    return None
                return Decimal(head + "." + groups[0])
        return Decimal(token)
    except (InvalidOperation, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# Number words


@dataclass(frozen=True, slots=True)
class WordNumber:
    """A number read from words: its value, how many tokens it took, and its kind
    (cardinal, ordinal or fraction); `definite` when it carries the article (العشرين)."""

    value: int | float
    length: int
    kind: str
    definite: bool = False


def _cardinal(tokens: Sequence[str], i: int, lex: Lexicon) -> tuple[Decimal, int, str, bool] | None:
    """Read a cardinal (words, or digits with scale words) starting at tokens[i].

    Returns (value, end index, kind, definite). The grammar is that of MSA numerals: units take
    عشر for 11..19 and و + tens for 21..99; hundreds, then و + the rest; a group multiplies the
    scale word after it (خمسة وعشرون ألفا, 2.5 مليون, ثلاثة آلاف); groups after a scale come with و.
    """
    n = len(tokens)
    total = ZERO
    group: Decimal | None = None
    state: str | None = None
    unit_value = ZERO
    last_scale: Decimal | None = None
    pending = False  # أحد / اثنا read but not yet completed by عشر or و + tens
    definite = False
    kind = "cardinal"
    j = i
    end = i
    first = True
    while j < n:
        tok = tokens[j]
        k = j
        conj = False
        if not first and tok == "و" and j + 1 < n:
            conj = True
            k = j + 1
            tok = tokens[k]
        if tok[:1].isdigit():
            value = digit_value(tok)
            if value is None:
                break
            if first or (conj and state == "scale" and last_scale is not None and value < last_scale):
                group, state = value, "digits"
            else:
                break
            first = False
            j = end = k + 1
            continue
        hit = _word(tok, lex)
        if hit is None:
            break
        prefix, entry = hit
        cls, value = entry.cls, entry.value
        if first:
            definite = _is_definite(prefix)
            if cls in ("unit", "unit_teen_only"):
                group, state, unit_value = value, "unit", value
                pending = cls == "unit_teen_only"
                if definite and prefix.endswith("ال") and tok[len(prefix):] in _TWO_ALONE_DEFINITE:
                    pending = True  # only الاثني عشر style continuations make it a number
            elif cls == "ten":
                group, state = value, "ten"
            elif cls == "hundred":
                group, state = value, "hundred"
            elif cls == "scale":
                total, state, last_scale = value, "scale", value
            elif cls == "scale_dual":
                total, state, last_scale = value, "scale", value / 2
            elif cls == "fraction":
                group, state = value, "fraction"
            else:
                return None
        else:
            if prefix.startswith("و"):
                if conj:
                    break
                conj = True
                prefix = prefix[1:]
            if prefix not in ("", "ال"):
                break
            if cls in ("unit", "unit_teen_only") and value == 10 and tok[len(prefix):] in _TEEN_TEN \
                    and not conj and state == "unit" and 1 <= unit_value <= 9:
                group = (group or ZERO) + 10
                state, pending = "teen", False
            elif cls == "hundred" and value == 100 and not conj and state == "unit" and 3 <= unit_value <= 9 \
                    and group == unit_value:
                group, state = unit_value * 100, "hundred"
            elif cls == "ten" and conj and (
                (state == "unit" and 1 <= unit_value <= 9) or state in ("hundred", "scale")
            ):
                group = (group or ZERO) + value
                state, pending = "ten", False
            elif cls in ("unit", "unit_teen_only") and conj and state in ("hundred", "scale") and not pending:
                group = (group or ZERO) + value
                state, unit_value = "unit", value
                pending = cls == "unit_teen_only"
            elif cls == "hundred" and conj and state == "scale":
                group, state = value, "hundred"
            elif cls in ("scale", "scale_plural") and not conj and not pending \
                    and state in ("unit", "teen", "ten", "hundred", "digits", "fraction") \
                    and (last_scale is None or value < last_scale) and group is not None:
                total += group * value
                group, state, last_scale = None, "scale", value
            elif cls == "decimal_point" and not conj and state in ("unit", "digits", "teen", "ten") \
                    and last_scale is None and group is not None and k + 1 < n:
                fraction_digits = _decimal_digits(tokens[k + 1], lex)
                if fraction_digits is None:
                    break
                group = Decimal(f"{int(group)}.{fraction_digits}")
                state = "decimal"
                j = end = k + 2
                continue
            else:
                break
            if definite and state in ("teen", "ten"):
                kind = "ordinal"
        first = False
        j = k + 1
        if not pending:
            end = j
    if first or end == i:
        return None
    if state == "fraction" and last_scale is None:
        kind = "fraction"
    elif definite and kind != "ordinal" and state in ("teen", "ten"):
        kind = "ordinal"
    return total + (group or ZERO), end, kind, definite


def _decimal_digits(token: str, lex: Lexicon) -> str | None:
    """The digits after فاصلة: "1 فاصلة 5" → "5", "واحد فاصلة خمسة وعشرين" reads the first word."""
    if token.isdigit():
        return token
    hit = _word(token, lex)
    if hit and hit[1].cls in ("unit", "ten"):
        return str(int(hit[1].value))
    return None


def _ordinal(tokens: Sequence[str], i: int, lex: Lexicon) -> tuple[Decimal, int] | None:
    """Read an ordinal: الأول .. العاشر, الحادي عشر .. التاسع عشر, الحادي والعشرون .. (masc. and fem.)."""
    hit = _word(tokens[i], lex)
    if hit is None or hit[1].cls not in ("ordinal", "ordinal_teen_only"):
        return None
    entry = hit[1]
    value = entry.value
    j = i + 1
    n = len(tokens)
    if j < n and value <= 9 and tokens[j] in _TEEN_TEN:
        return value + 10, j + 1
    # و + (ال)tens: الحادي والعشرون, الخامس و العشرين
    tens_token = None
    if j + 1 < n and tokens[j] == "و":
        tens_token, after = tokens[j + 1], j + 2
    elif j < n and tokens[j].startswith("و"):
        tens_token, after = tokens[j][1:], j + 1
    if tens_token:
        tens_hit = _word(tens_token, lex)
        if tens_hit and tens_hit[1].cls == "ten" and tens_hit[0] in ("", "ال"):
            return value + tens_hit[1].value, after
    if entry.cls == "ordinal_teen_only":
        return None
    return value, j


def parse_number_words(tokens: Sequence[Any], start: int = 0) -> WordNumber | None:
    """Read a number written in words (or digits with scale words) at tokens[start].

    `tokens` are strings or objects with a `.text` (khabar Tokens); they are normalised here.
    Returns the value, the number of tokens it spans and its kind ("cardinal", "ordinal" or
    "fraction"), or None when no number starts there:

    >>> parse_number_words(["خمسة", "وعشرون", "ألفا"]).value
    25000
    >>> parse_number_words("الحادي عشر من".split())
    WordNumber(value=11, length=2, kind='ordinal', definite=True)
    """
    if not tokens or start >= len(tokens) or start < 0:
        return None
    texts = [fold(t if isinstance(t, str) else str(getattr(t, "text", t))) for t in tokens]
    # a separate "و" written apart ("خمسة و عشرون") is its own token already; keep tokens as given
    lex = lexicon()
    if not texts[start]:
        return None
    card = _cardinal(texts, start, lex)
    if card is not None:
        value, end, kind, definite = card
        return WordNumber(_number_value(value), end - start, kind, definite)
    ordinal = _ordinal(texts, start, lex)
    if ordinal is not None:
        value, end = ordinal
        hit = _word(texts[start], lex)
        return WordNumber(_number_value(value), end - start, "ordinal", bool(hit and _is_definite(hit[0])))
    return None


# ---------------------------------------------------------------------------------------------
# Scanning a text


@dataclass(slots=True)
class Segment:
    """A stretch of the stripped text around number candidates, tokenised and folded."""

    base: int
    texts: list[str]
    starts: list[int]
    ends: list[int]

    def adjacent(self, left: int, right: int) -> bool:
        """True when token `left` ends exactly where token `right` starts (no space between)."""
        return left >= 0 and right < len(self.texts) and self.ends[left] == self.starts[right]


@dataclass(slots=True)
class Found:
    """One number found by the scanner (offsets into the stripped text; tokens of its segment)."""

    segment: Segment
    first: int  # first token of the number
    number_end: int  # token after the number itself
    last: int  # token after the number and its unit/currency/percent words
    start: int
    end: int
    value: Decimal
    kind: str  # cardinal | ordinal | percent | money | vague
    unit: str | None = None
    unit_category: str | None = None
    unit_role: str | None = None
    currency: str | None = None
    approximate: bool = False
    vague_label: str | None = None
    vague_document: bool = False
    relation: str | None = None  # "others" (آخرين), "subset" (منهم), "partitive" (من عناصر)
    dual: bool = False
    generic_unit: bool = False
    definite: bool = False  # a word number with the article (النقاط الأربعة): an adjective, not a count
    symbol_before: bool = False  # $10: the currency sign belongs to the span


@dataclass(slots=True)
class Scan:
    stripped: Stripped
    found: list[Found]
    folded: str = ""


def _segments(text: str, positions: list[int]) -> list[tuple[int, int, list[int]]]:
    """Merge candidate windows into segments (start, end, candidate positions), cut at spaces."""
    out: list[tuple[int, int, list[int]]] = []
    n = len(text)
    for pos in positions:
        a, b = max(0, pos - _WINDOW_BEFORE), min(n, pos + _WINDOW_AFTER)
        if out and a <= out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], b), prev[2] + [pos])
        else:
            out.append((a, b, [pos]))
    snapped = []
    for a, b, cands in out:
        if a > 0:
            space = text.rfind(" ", 0, a)
            a = space + 1 if space != -1 else 0
        if b < n:
            space = text.find(" ", b)
            b = space if space != -1 else n
        snapped.append((a, b, cands))
    return snapped


def _tokenize_segment(folded: str, a: int, b: int) -> Segment:
    # built with C-level iterators: this runs over a good part of every article
    pieces = _PIECE.findall(folded, a, b)
    offsets = accumulate(map(len, pieces), initial=a)
    keep = list(map(not_, map(str.isspace, pieces)))
    texts = list(compress(pieces, keep))
    starts = list(compress(offsets, keep))
    ends = list(map(add, starts, map(len, texts)))
    return Segment(a, texts, starts, ends)


def _candidate_positions(folded: str, lex: Lexicon) -> list[int]:
    """Start offsets of digit runs and of words that may start a number, in text order."""
    positions = [m.start() for m in _DIGIT_RUN.finditer(folded)]
    needs_next = _needs_next_words()
    # punctuation becomes space (one character for one: offsets hold), so whitespace splitting
    # yields bare words without a per-word strip
    spaced = folded
    for mark in _EDGE_PUNCTUATION:
        if mark in spaced:
            spaced = spaced.replace(mark, " ")
    words = spaced.split()
    if not words:
        return positions
    candidates = lex.candidate_words
    hits = list(compress(range(len(words)), map(candidates.__contains__, words)))
    if hits:
        cursor = 0
        n = len(spaced)
        for i in hits:
            word = words[i]
            if word in needs_next:  # أحد, اثنا, الاثنين ... are numbers only before عشر or و + tens
                nxt = words[i + 1] if i + 1 < len(words) else ""
                if not (nxt.startswith("عشر") or nxt.startswith("و")):
                    continue
            size = len(word)
            pos = spaced.find(word, cursor)
            # the same string earlier in the text would have been a hit too, so the first
            # whitespace-delimited occurrence after the previous hit is this word
            while pos != -1 and ((pos > 0 and not spaced[pos - 1].isspace())
                                 or (pos + size < n and not spaced[pos + size].isspace())):
                pos = spaced.find(word, pos + 1)
            if pos == -1:
                break
            cursor = pos + size
            positions.append(pos)
        positions.sort()
    return positions


@lru_cache(maxsize=1)
def _needs_next_words() -> frozenset[str]:
    lex = lexicon()
    stems = [w for w, e in lex.words.items() if e.cls in ("unit_teen_only", "ordinal_teen_only")]
    words = {p + s for s in stems for p in ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل")}
    words.update(p + s for s in ("اثنين", "اثنان") for p in ("ال", "وال", "بال", "لل"))  # Monday
    return frozenset(w for w in words if w not in lex.words)  # واحد is و + احد but a number itself


def _stem_in(token: str, table: dict) -> tuple[str, str] | None:
    for prefix, stem in analyses(token):
        if stem in table:
            return prefix, stem
    return None


def _match_phrase(texts: list[str], j: int, table: dict, max_len: int, strip_first: bool = True,
                  prefixes: frozenset[str] | None = None):
    """The longest phrase of `table` (tuples of folded words) starting at token j, its first word
    read with its clitics removed (only those in `prefixes` when given).
    Returns (key, length, prefix of the first token) or None."""
    n = len(texts)
    if j >= n:
        return None
    firsts = analyses(texts[j]) if strip_first else (("", texts[j]),)
    if prefixes is not None:
        firsts = tuple(pair for pair in firsts if pair[0] in prefixes)
    for length in range(min(max_len, n - j), 0, -1):
        rest = tuple(texts[j + 1 : j + length])
        for prefix, stem in firsts:
            key = (stem, *rest)
            if key in table:
                return key, length, prefix
    return None


class _Scanner:
    """Finds the numbers of one text."""

    def __init__(self, text: str):
        self.lex = lexicon()
        self.stripped = strip_text(text)
        self.text = self.stripped.text
        self.folded = fold_fast(self.text, self.stripped.eastern_digits)
        self._context_currency: dict[str, str | None] = {}

    def run(self) -> list[Found]:
        from bisect import bisect_left

        positions = _candidate_positions(self.folded, self.lex)
        found: list[Found] = []
        for a, b, cands in _segments(self.folded, positions):
            seg = _tokenize_segment(self.folded, a, b)
            consumed = -1
            for pos in cands:
                i = bisect_left(seg.starts, pos)
                if i >= len(seg.texts) or i <= consumed or seg.starts[i] != pos:
                    continue
                item = self._read(seg, i)
                if item is None:
                    continue
                found.append(item)
                consumed = item.last - 1
        return found

    # -- one number at token i ----------------------------------------------------------------
    def _read(self, seg: Segment, i: int) -> Found | None:
        lex = self.lex
        texts = seg.texts
        tok = texts[i]
        if tok[:1].isdigit():
            return self._read_digits(seg, i)
        if self._blocked_before(seg, i, words=True):
            return None
        if tok in ("واحد", "واحده") and self.text[seg.starts[i] + 1 : seg.starts[i] + 2] in ("أ", "إ"):
            # وأحد folds to واحد, but it is و + أحد ("and one of"): a number only as وأحد عشر
            card = _cardinal(["احد", *texts[i + 1 : i + 8]], 0, lex)
            if card is None:
                return None
            card = (card[0], i + card[1], card[2], card[3])
        else:
            card = _cardinal(texts, i, lex)
        if card is not None:
            value, end, kind, definite = card
            if kind == "fraction" and definite:  # الربع الثاني, النصف الأول: parts of a year
                return None
            if self._date_after(seg, end):
                return None
            item = self._finish(seg, i, end, value, kind)
            item.definite = definite
            return item
        ordinal = _ordinal(texts, i, lex)
        if ordinal is not None:
            value, end = ordinal
            if self._date_after(seg, end):
                return None
            return self._finish(seg, i, end, value, "ordinal")
        vague = _match_phrase(texts, i, lex.vague, 2)
        if vague is not None:
            key, length, prefix = vague
            if key[0] in ("عدد", "عددا") and (length == 1 or _is_definite(prefix)):
                return None  # هذا العدد من ضيوف: "this number of", not "a number of"
            entry = lex.vague[key]
            item = self._finish(seg, i, i + length, Decimal(entry.value), "vague")
            item.approximate = True
            item.vague_label = entry.label
            item.vague_document = entry.document
            return item
        unit_hit = _match_phrase(texts, i, lex.units, 1)
        if unit_hit is not None:
            unit = lex.units[unit_hit[0]]
            if unit.dual:
                item = self._finish(seg, i, i, Decimal(2), "cardinal", unit_start=i)
                item.dual = True
                return item
        return None

    def _read_digits(self, seg: Segment, i: int) -> Found | None:
        texts = seg.texts
        n = len(texts)
        tok = texts[i]
        # .77 (a leading decimal point after a space)
        if i > 0 and texts[i - 1] == "." and seg.adjacent(i - 1, i) and tok.isdigit() \
                and not (i > 1 and seg.adjacent(i - 2, i - 1)):
            return self._finish(seg, i - 1, i + 1, Decimal("0." + tok), "cardinal")
        # glued to the token before: a clitic (و12, بـ12) is fine; letters (MH17) make it a label
        if i > 0 and seg.adjacent(i - 1, i):
            prev = texts[i - 1]
            if prev in ("/", ":", "-", "+", "."):
                before = i - 2
                if prev in ("/", ":") or (before >= 0 and seg.adjacent(before, i - 1) and texts[before][:1].isdigit()):
                    return None
                if prev == "-" and before >= 0 and seg.adjacent(before, i - 1) and texts[before][:1].isalpha():
                    return None  # إف-16, بي-52, كوفيد-19: a label
                if prev == "+":
                    return None
            elif _LATIN.fullmatch(prev) or (prev in self.lex.contexts and self.lex.contexts[prev] == "letter"):
                return None  # MH17, اف16: a label
            elif prev == "ر" and i > 1 and seg.adjacent(i - 2, i - 1) and texts[i - 2].isdigit():
                return None  # the integer part of 25ر2 (read from the fraction part)
        # glued to what follows: 17/7/2014, 10:30, 2014-2015, 3-1 are dates, clock times, ranges, scores
        if i + 2 < n and seg.adjacent(i, i + 1) and texts[i + 1] in ("/", ":", "-") and seg.adjacent(i + 1, i + 2) \
                and texts[i + 2][:1].isdigit():
            if texts[i + 1] == "/" and not (i + 4 < n and seg.adjacent(i + 2, i + 3) and texts[i + 3] == "/"):
                numerator, denominator = digit_value(tok), digit_value(texts[i + 2])
                if numerator is not None and denominator:
                    negative = self._negative(seg, i)
                    value = numerator / denominator
                    value = Decimal(round(value, 10)).normalize()
                    return self._finish(seg, i - (1 if negative else 0), i + 3, -value if negative else value,
                                        "cardinal")
            if texts[i + 1] == "-" and not (i + 3 < n and texts[i + 3] in ("-", "/") and seg.adjacent(i + 2, i + 3)):
                # 10-20 دولار, 20-30 قتيلا: a range of counted things reads as its lower bound (the
                # conservative value); without a unit after it (2014-2015, a score 3-1) it is no number
                low, high = digit_value(tok), digit_value(texts[i + 2])
                if low is not None and high is not None and low < high:
                    item = self._finish(seg, i, i + 3, low, "cardinal")
                    if item.unit is not None:
                        item.approximate = True
                        return item
            return None
        if i + 1 < n and seg.adjacent(i, i + 1) and _LATIN.fullmatch(texts[i + 1]):
            return None
        if len(tok) > 1 and tok[0] == "0" and tok[1:2].isdigit() and "." not in tok and "," not in tok:
            return None  # phone numbers and codes
        if self._blocked_before(seg, i, words=False):
            return None
        value = digit_value(tok)
        if value is None:
            return None
        if self._is_year(seg, i, value):
            return None
        if i + 2 < n and texts[i + 1] == "ر" and seg.adjacent(i, i + 1) and seg.adjacent(i + 1, i + 2) \
                and texts[i + 2].isdigit() and tok.isdigit():
            # 25ر2: the Saudi press writes 2.25 with ر, fraction first in logical order
            decimal = Decimal(f"{texts[i + 2]}.{tok}")
            card = _cardinal([str(decimal), *texts[i + 3 : i + 12]], 0, self.lex)
            end = i + 3 + (card[1] - 1 if card else 0)
            return self._finish(seg, i, end, card[0] if card else decimal, "cardinal")
        card = _cardinal(texts, i, self.lex)
        end = i + 1
        if card is not None:
            value, end = card[0], card[1]
        if self._date_after(seg, end):
            return None
        negative = self._negative(seg, i)
        if negative:
            return self._finish(seg, i - 1, end, -value, "cardinal")
        return self._finish(seg, i, end, value, "cardinal")

    @staticmethod
    def _negative(seg: Segment, i: int) -> bool:
        if i > 0 and seg.texts[i - 1] == "-" and seg.adjacent(i - 1, i):
            return not (i > 1 and seg.adjacent(i - 2, i - 1))
        return False

    def _blocked_before(self, seg: Segment, i: int, words: bool) -> bool:
        """A clock word, a label word (رقم, المادة, طراز, بوينغ) or a Latin letter before the number."""
        if i == 0:
            return False
        prev = seg.texts[i - 1]
        kind = self.lex.contexts.get(prev)
        if kind is None:
            hit = _stem_in(prev, self.lex.contexts)
            kind = self.lex.contexts.get(hit[1]) if hit else None
        if kind == "clock":
            return True
        # labels (المادة 76, بوينغ 777, بي 10) are written in digits; المركز الأول is an ordinal
        return not words and (kind in ("identifier", "letter") or _LATIN.fullmatch(prev) is not None)

    def _date_after(self, seg: Segment, j: int) -> bool:
        """A month name right after the number (17 تموز, 25 يناير), or من + month (الرابع من أغسطس)."""
        texts = seg.texts
        if j < len(texts):
            nxt = texts[j]
            if self.lex.contexts.get(nxt) == "month":
                return True
            if nxt == "من" and j + 1 < len(texts) and self.lex.contexts.get(texts[j + 1]) == "month":
                return True
            if nxt in ("/", "-") and j + 1 < len(texts) and self.lex.contexts.get(texts[j + 1]) == "month":
                return True
        return False

    def _is_year(self, seg: Segment, i: int, value: Decimal) -> bool:
        """A 4-digit year next to a month or after عام/العام/سنة/منذ, or written 2015م / 1436هـ."""
        tok = seg.texts[i]
        if not tok.isdigit():
            return False
        texts = seg.texts
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if self.lex.contexts.get(nxt) == "year_after":
            return True
        if i > 0 and self.lex.contexts.get(texts[i - 1]) == "year_marker" and len(tok) <= 4:
            return True  # عام 2015, سنة 256 هـ
        if len(tok) != 4:
            return False
        prev = texts[i - 1] if i > 0 else ""
        prev_kind = self.lex.contexts.get(prev)
        if prev_kind is None and prev:
            hit = _stem_in(prev, self.lex.contexts)
            prev_kind = self.lex.contexts.get(hit[1]) if hit else None
        if nxt in ("م", "ه", "هـ"):
            return True
        if 1900 <= value <= 2100 and (prev_kind in ("year_marker", "year_marker_4", "month") or prev in ("/", "-")):
            return True
        return prev_kind == "month"

    # -- what follows the number ------------------------------------------------------------------
    def _finish(self, seg: Segment, first: int, number_end: int, value: Decimal, kind: str,
                unit_start: int | None = None) -> Found:
        lex = self.lex
        texts = seg.texts
        n = len(texts)
        j = number_end if unit_start is None else unit_start
        item = Found(seg, first, number_end, number_end, 0, 0, value, kind)
        # percent: 25%, 25 في المئة, 25 بالمئة
        if kind in ("cardinal", "vague") or unit_start is not None:
            if j < n and texts[j] == "%":
                item.kind, item.unit, item.unit_category, item.last = "percent", "percent", "percent", j + 1
            elif first > 0 and texts[first - 1] == "%" and seg.adjacent(first - 1, first) and kind == "cardinal":
                item.kind, item.unit, item.unit_category = "percent", "percent", "percent"
            else:
                self._attach_unit(seg, item, j)
        # approximators before (نحو, أكثر من, بنحو) and after (على الأقل, تقريبا)
        last_words = _approximator_last_words()
        word_before = texts[first - 1] if first > 0 else ""
        if word_before not in last_words and analyses(word_before)[-1][1] not in last_words:
            first_checked = 0  # no approximator ends right before the number: skip the phrase search
        else:
            first_checked = min(lex.max_approx_len, first)
        for length in range(first_checked, 0, -1):
            phrase = texts[first - length : first]
            for prefix, stem in analyses(phrase[0]):
                if (stem, *phrase[1:]) in lex.approximators and (not prefix or prefix in "وبل"):
                    item.approximate = True
                    break
            if item.approximate:
                break
        last = item.last
        if last + 1 < n and texts[last] == "علي" and texts[last + 1] == "الاقل" or last < n and texts[last] == "تقريبا":
            item.approximate = True
        # span: the first token without its clitic prefix (و, ب, ل; the article ال stays)
        start = seg.starts[first]
        if texts[first][:1].isalpha() and texts[first] not in _known_first_words():
            for prefix, stem in analyses(texts[first]):
                if prefix and stem in _known_first_words():
                    start += len(prefix) - (2 if prefix.endswith("ال") else 0)
                    break
        if item.symbol_before:
            start = seg.starts[first - 1]
        item.start = start
        item.end = seg.ends[item.last - 1] if item.last > first else seg.ends[first]
        return item

    def _attach_unit(self, seg: Segment, item: Found, j: int) -> None:
        lex = self.lex
        texts = seg.texts
        n = len(texts)
        first = item.first
        if first > 0 and texts[first - 1] in ("$", "€", "£") and item.kind == "cardinal":  # $10
            code = lex.currency_default[texts[first - 1]]
            item.kind, item.unit, item.currency, item.unit_category = "money", code, code, "money"
            item.symbol_before = True
            return
        if j >= n:
            return
        # currency: 150 مليون دولار, 3.7 مليارات دينار, 20 ريالا سعوديا, $100
        hit = _stem_in(texts[j], lex.currency_default)
        if hit is None and texts[j] in lex.currency_default:
            hit = ("", texts[j])
        if hit is not None:
            word = hit[1]
            code = lex.currency_default[word]
            last = j + 1
            if j + 1 < n:
                qualifier = texts[j + 1]
                for _prefix, stem in analyses(qualifier):
                    candidates = (stem, stem[:-1] if stem.endswith("ا") else stem)
                    for cand in candidates:
                        if (word, cand) in lex.currency_qualifier:
                            code = lex.currency_qualifier[(word, cand)]
                            last = j + 2
                            break
                    if last == j + 2:
                        break
            if last == j + 1 and word in lex.currency_context:
                code = self._currency_from_context(word) or code
            item.kind, item.unit, item.currency, item.unit_category, item.last = "money", code, code, "money", last
            return
        # percent phrases and counted nouns, the longest first (كيلومتر مربع, في المئة, بالمئة)
        phrase = _match_phrase(texts, j, lex.units, lex.max_unit_len, prefixes=_NOUN_PREFIXES)
        if phrase is not None:
            key, length, _prefix = phrase
            unit = lex.units[key]
            if unit.category == "percent" and unit.unit == "percent":
                if item.kind in ("cardinal",):
                    item.kind = "percent"
                else:
                    return
            if unit.dual and item.number_end > item.first and not item.dual:
                return  # "3 كيلومترين" is not a phrase
            item.unit, item.unit_category, item.unit_role, item.last = unit.unit, unit.category, unit.role, j + length
            return
        word = texts[j]
        if word in _OTHERS or analyses(word)[-1][1] in _OTHERS:
            item.relation, item.last = "others", j + 1
            return
        if word in _SUBSET:
            item.relation, item.last = "subset", j + 1
            return
        if word == "من" and j + 1 < n:
            nxt = _match_phrase(texts, j + 1, lex.units, lex.max_unit_len, prefixes=_NOUN_PREFIXES)
            if nxt is not None:
                unit = lex.units[nxt[0]]
                if unit.category not in ("time", "percent"):
                    item.unit, item.unit_category, item.unit_role = unit.unit, unit.category, unit.role
                    item.relation, item.last = "partitive", j + 1 + nxt[1]
                    return
            if texts[j + 1] in ("بينهم", "بينهن"):
                item.relation, item.last = "subset", j + 2
                return
        # an unknown counted noun in the accusative after 11..99 or a number ending in them (39 فرعا,
        # 1750 صوتا): a count of that noun
        if item.kind == "cardinal" and item.value == item.value.to_integral_value() and 11 <= item.value % 100 <= 99 \
                and len(word) >= 4 and word.endswith("ا") and word.isalpha() and _LATIN.fullmatch(word) is None \
                and lex.contexts.get(word) is None and not word.startswith("ال") and not word.endswith("ها") \
                and not (1900 <= item.value <= 2100 and item.number_end - item.first == 1):
            item.unit, item.unit_category, item.last, item.generic_unit = word[:-1], "noun", j + 1, True

    def _currency_from_context(self, word: str) -> str | None:
        if word not in self._context_currency:
            code = None
            best = None
            for country, candidate in self.lex.currency_context.get(word, []):
                pos = self.folded.find(country)
                if pos != -1 and (best is None or pos < best):
                    best, code = pos, candidate
            self._context_currency[word] = code
        return self._context_currency[word]


@lru_cache(maxsize=1)
def _approximator_last_words() -> frozenset[str]:
    return frozenset(phrase[-1] for phrase in lexicon().approximators)


@lru_cache(maxsize=1)
def _known_first_words() -> frozenset[str]:
    """Words that can start a number, a vague count or a unit (to trim clitics off a span)."""
    lex = lexicon()
    return frozenset(lex.words) | frozenset(k[0] for k in lex.vague) | frozenset(k[0] for k in lex.units)


def scan(text: str) -> Scan:
    """Every number of `text` with its tokens (the document layer reads roles from them)."""
    scanner = _Scanner(text)
    return Scan(scanner.stripped, scanner.run(), scanner.folded)


def _item(stripped: Stripped, found: Found) -> dict[str, Any]:
    start, end = stripped.to_original(found.start, found.end)
    value: Any = _number_value(found.value)
    kind = found.kind if found.kind != "fraction" else "cardinal"
    return {
        "text": stripped.original[start:end],
        "start": start,
        "end": end,
        "value": value,
        "unit": found.unit,
        "kind": kind,
        "approximate": found.approximate,
        "currency": found.currency,
    }


def parse_numbers(text: str) -> list[dict[str, Any]]:
    """The numbers of an Arabic text as items {text, start, end, value, unit, kind, approximate,
    currency}; kind is cardinal, ordinal, percent, money or vague. Dates, clock times, years next
    to a month or عام, model and flight numbers (بوينغ 777, ام اتش 17) and labels are left out."""
    if not isinstance(text, str) or not text:
        return []
    result = scan(text)
    return [_item(result.stripped, f) for f in result.found]


def add_quantities(doc: Any) -> Any:
    """Pipeline stage: fill doc.quantities (see khabar.extract.numbers_quantities)."""
    from khabar.extract.numbers_quantities import add_quantities as _add_quantities

    return _add_quantities(doc)
