"""The number lexicons (words, ordinals, scales, vague counts, currencies, units, role cues, contexts),
loaded once from src/khabar/data/numbers/*.tsv, plus the fast text folding the number scanner uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from khabar.data import data_path
from khabar.text.normalize import normalize

# ---------------------------------------------------------------------------------------------
# Folding. khabar.text.normalize works character by character with an offset map, which is too
# slow for a stage that must scan thousands of articles a second. Here the text is folded in two
# cheap steps: characters that normalisation drops (diacritics, tatweel, bidi marks) are deleted
# with one C-level regex substitution (their positions kept to map offsets back), and the rest of
# the folding is one-to-one (أ→ا, ة→ه, ى→ي, ٣→3 ...), so offsets survive it unchanged.

_DELETED = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200b-\u200f\u061c\ufeff\u202a-\u202e\u2066-\u2069]"
)
# what strip_text looks for in one pass: dropped characters, presentation forms, eastern digits
_SPECIAL = re.compile(_DELETED.pattern[:-1] + "\ufb50-\ufeff\u0660-\u0669\u06f0-\u06f9]")


def _one_to_one_table() -> dict[int, str]:
    """The characters that normalize() maps to exactly one other character (not lower-casing)."""
    table: dict[int, str] = {}
    for code in list(range(0x0600, 0x0700)) + list(range(0x06F0, 0x06FA)) + [0x00A0, 0x2007, 0x202F, 0x2009,
                                                                               0x200A, 0x2212]:
        ch = chr(code)
        folded = normalize(ch)
        if len(folded) == 1 and folded != ch:
            table[code] = folded
    table[0x2212] = "-"  # the minus sign
    table[0x066A] = "%"  # Arabic percent sign
    return table


FOLD_TABLE = _one_to_one_table()
_DIGIT_CHARS = frozenset(chr(c) for c in list(range(0x0660, 0x066A)) + list(range(0x06F0, 0x06FA)))
_LETTER_REPLACEMENTS = tuple((chr(k), v) for k, v in FOLD_TABLE.items() if chr(k) not in _DIGIT_CHARS)
_DIGIT_REPLACEMENTS = tuple((chr(k), v) for k, v in FOLD_TABLE.items() if chr(k) in _DIGIT_CHARS)
_EASTERN_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def fold_fast(text: str, eastern_digits: bool = True) -> str:
    """The one-to-one folding of FOLD_TABLE plus lower-casing, keeping every offset. Chained
    str.replace is several times faster than str.translate with a dict table on Arabic text."""
    for old, new in _LETTER_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    if eastern_digits and _EASTERN_DIGIT.search(text):
        for old, new in _DIGIT_REPLACEMENTS:
            text = text.replace(old, new)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


@dataclass(frozen=True, slots=True)
class Stripped:
    """The text without the characters normalisation drops, and how to map offsets back."""

    original: str
    text: str
    # deleted[j] - j for the j-th deleted original position: a stripped index i maps to
    # i + bisect_right(shifts, i). Empty when nothing was deleted.
    shifts: tuple[int, ...]
    offsets: tuple[int, ...] | None = None  # explicit map (presentation-form fallback)
    eastern_digits: bool = True  # whether the text may hold Arabic-Indic or Persian digits

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is not None:
            o_start = self.offsets[start]
            o_end = self.offsets[end - 1] + 1 if end > start else o_start
        elif not self.shifts:
            return start, end
        else:
            from bisect import bisect_right

            o_start = start + bisect_right(self.shifts, start)
            o_end = (end - 1) + bisect_right(self.shifts, end - 1) + 1 if end > start else o_start
        # a diacritic on the last letter belongs to the span
        while o_end < len(self.original) and _DELETED.match(self.original, o_end):
            o_end += 1
        return o_start, o_end


def strip_text(text: str) -> Stripped:
    """Delete diacritics/tatweel/bidi marks (keeping the offset map); rare presentation forms fall
    back to the full normaliser. One regex pass finds all three kinds of characters, and also tells
    whether Arabic-Indic digits are present (`Stripped.eastern_digits`), so that folding needs no pass."""
    deleted: list[int] = []
    eastern = False
    for m in _SPECIAL.finditer(text):
        ch = m.group()
        if "\ufb50" <= ch < "\ufeff":  # a presentation form (U+FEFF, the BOM, is simply dropped)
            from khabar.text.normalize import normalize_with_map

            norm = normalize_with_map(text, lowercase=False)
            return Stripped(text, norm.text, (), norm.offsets, True)
        if ch in _DIGIT_CHARS:
            eastern = True
        else:
            deleted.append(m.start())
    if not deleted:
        return Stripped(text, text, (), None, eastern)
    pieces = []
    previous = 0
    for pos in deleted:
        pieces.append(text[previous:pos])
        previous = pos + 1
    pieces.append(text[previous:])
    shifts = tuple(pos - j for j, pos in enumerate(deleted))
    return Stripped(text, "".join(pieces), shifts, None, eastern)


def fold(text: str) -> str:
    """Fold a lexicon form or a token the way the scanner sees text (normalize(), lower-cased)."""
    return normalize(text)


# ---------------------------------------------------------------------------------------------
# The lexicons


@dataclass(frozen=True, slots=True)
class NumberWord:
    value: Decimal
    cls: str  # unit, unit_teen_only, ten, hundred, scale, scale_dual, scale_plural, fraction, decimal_point,
    #           ordinal, ordinal_teen_only


@dataclass(frozen=True, slots=True)
class Vague:
    value: int
    label: str
    document: bool


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    category: str
    role: str | None
    dual: bool = False


@dataclass
class Lexicon:
    words: dict[str, NumberWord] = field(default_factory=dict)
    vague: dict[tuple[str, ...], Vague] = field(default_factory=dict)
    currency_default: dict[str, str] = field(default_factory=dict)
    currency_qualifier: dict[tuple[str, str], str] = field(default_factory=dict)
    currency_context: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    units: dict[tuple[str, ...], Unit] = field(default_factory=dict)
    unit_first_words: set[str] = field(default_factory=set)
    max_unit_len: int = 1
    role_before: dict[tuple[str, ...], str] = field(default_factory=dict)
    role_after: dict[tuple[str, ...], str] = field(default_factory=dict)
    role_after_window: dict[tuple[str, ...], int] = field(default_factory=dict)
    max_role_len: int = 1
    contexts: dict[str, str] = field(default_factory=dict)
    approximators: dict[tuple[str, ...], str] = field(default_factory=dict)
    max_approx_len: int = 1
    candidate_words: frozenset[str] = frozenset()


def _rows(name: str) -> list[list[str]]:
    rows = []
    with open(data_path("numbers", name), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All number knowledge, loaded once."""
    lex = Lexicon()
    for form, value, cls, *_ in _rows("number_words.tsv"):
        lex.words[fold(form)] = NumberWord(Decimal(value), cls)
    for form, value, cls, *_ in _rows("ordinals.tsv"):
        lex.words[fold(form)] = NumberWord(Decimal(value), cls)
    for form, value, label, document, *_ in _rows("vague.tsv"):
        lex.vague[_phrase(form)] = Vague(int(value), label, document == "yes")
    for word, selector, code in _rows("currencies.tsv"):
        w = fold(word)
        if selector == "*":
            lex.currency_default[w] = code
        elif selector.startswith("q:"):
            lex.currency_qualifier[(w, fold(selector[2:]))] = code
            lex.currency_default.setdefault(w, code)
        elif selector.startswith("ctx:"):
            lex.currency_context.setdefault(w, []).append((fold(selector[4:]), code))
    for unit, category, role, forms, duals in _rows("units.tsv"):
        for form_list, dual in ((forms, False), (duals, True)):
            if form_list == "-":
                continue
            for form in form_list.split(","):
                phrase = _phrase(form)
                if not phrase:
                    continue
                lex.units[phrase] = Unit(unit, category, None if role == "-" else role, dual)
                lex.unit_first_words.add(phrase[0])
                lex.max_unit_len = max(lex.max_unit_len, len(phrase))
    for cue, role, position, *window in _rows("roles.tsv"):
        phrase = _phrase(cue)
        (lex.role_before if position == "before" else lex.role_after)[phrase] = role
        if window and position == "after":
            lex.role_after_window[phrase] = int(window[0])
        lex.max_role_len = max(lex.max_role_len, len(phrase))
    for form, kind in _rows("contexts.tsv"):
        lex.contexts.setdefault(fold(form), kind)
    for form, kind in _rows("approximators.tsv"):
        phrase = _phrase(form)
        lex.approximators[phrase] = kind
        lex.max_approx_len = max(lex.max_approx_len, len(phrase))
    lex.candidate_words = _candidate_words(lex)
    return lex


# ---------------------------------------------------------------------------------------------
# Candidate words: every folded spelling, with its clitics, of a word that may start a number (number
# words, ordinals, vague counts, dual units). A set lookup per whitespace-separated word is far cheaper
# than a regex alternation tried at every character.

_CANDIDATE_PREFIXES = ("", "و", "ف", "ب", "ل", "ال", "وال", "فال", "بال", "لل", "ولل", "فلل",
                       "وب", "ول", "فب", "فل", "وبال", "فبال")


def _candidate_words(lex: Lexicon) -> frozenset[str]:
    stems = set(lex.words)
    stems.update(phrase[0] for phrase in lex.vague)
    stems.update(phrase[0] for phrase, unit in lex.units.items() if unit.dual)
    stems.discard("فاصله")
    out = set()
    for stem in stems:
        for prefix in _CANDIDATE_PREFIXES:
            out.add(prefix + stem)
    return frozenset(out)
