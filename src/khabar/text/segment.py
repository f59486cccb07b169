"""Sentence segmentation and word tokens with offsets, plus clitic-aware matching helpers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from khabar.text.normalize import normalize

# A word: letters/marks/digits with internal apostrophes, dots or commas inside numbers.
_TOKEN = regex.compile(r"\d+(?:[.,٫٬]\d+)*%?|[\p{L}\p{M}\u0640]+(?:['’][\p{L}\p{M}]+)*|\S")
_OPEN_QUOTES = {"«": "»", "“": "”", "„": "“", "‹": "›"}
# Sentence-final marks. "..": headline ellipses (لأول مرة.. موسكو) do not end sentences.
_FINAL = regex.compile(r"[.!?؟]+|\n+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        return normalize(self.text)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens with character offsets into `text` (+ `offset`)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


_QUOTE_OPENER = regex.compile('[«“„‹"]')


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations, so that no sentence boundary falls inside one."""
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        found = _QUOTE_OPENER.search(text, position)
        if found is None:
            return spans
        i = found.start()
        closer = _OPEN_QUOTES.get(text[i], '"')
        j = text.find(closer, i + 1)
        # an unclosed quote or one spanning paragraphs is not trusted
        newline = text.find("\n", i + 1)
        if j != -1 and (newline == -1 or j < newline):
            spans.append((i, j + 1))
            position = j + 1
        else:
            position = i + 1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence. Splits at . ! ? ؟ and line breaks, never at ،,
    never inside a quotation, never at a headline's "..", nor at a decimal point."""
    quotes = _quote_spans(text)
    quote_index = 0
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _FINAL.finditer(text):
        mark = m.group()
        # quotes are in order, so one forward pointer finds the quote around this mark
        while quote_index < len(quotes) and quotes[quote_index][1] <= m.start():
            quote_index += 1
        in_quote = quote_index < len(quotes) and quotes[quote_index][0] <= m.start()
        if in_quote and "\n" not in mark:
            continue
        if mark == "..":
            continue
        if mark == "." and 0 < m.start() < len(text) - 1:
            before, after = text[m.start() - 1], text[m.end()] if m.end() < len(text) else ""
            if before.isdigit() and after.isdigit():
                continue
            if _initials_around(text, m.start()):
                continue
        end = m.end() if "\n" not in mark else m.start()
        if text[start:end].strip():
            bounds.append(_trim(text, start, end))
        start = m.end()
    if text[start:].strip():
        bounds.append(_trim(text, start, len(text)))
    return bounds


def _initials_around(text: str, dot: int) -> bool:
    """A dot between two short letter runs with no space (ايه.تي.في، سي.إن.إن، U.S): an abbreviation's
    dot, not a sentence's end. Runs of four letters or more (قال.وأضاف) are words with a space missing."""
    before = dot
    while before > 0 and text[before - 1].isalpha():
        before -= 1
    after = dot + 1
    while after < len(text) and text[after].isalpha():
        after += 1
    return 1 <= dot - before <= 3 and 1 <= after - dot - 1 <= 3


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Proclitics, longest first: conjunctions و ف, prepositions ب ل ك, the article ال and لل.
PROCLITICS = (
    "وبال", "وكال", "فبال", "فال", "وال", "بال", "كال", "ولل", "فلل", "لل", "ال",
    "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك",
)


@lru_cache(maxsize=200_000)
def strip_clitics(word: str, min_stem: int = 2) -> str:
    """The normalised word without its leading clitics (و ف ب ل ك ال لل), stem kept >= min_stem."""
    w = normalize(word)
    for clitic in PROCLITICS:
        if w.startswith(clitic) and len(w) - len(clitic) >= min_stem:
            return w[len(clitic):]
    return w


@lru_cache(maxsize=200_000)
def clitic_variants(word: str) -> tuple[str, ...]:
    """Every reading of a normalised word with 0..n leading clitics removed, longest first.

    Used to test a word against a lexicon: "وبحسب" → ("وبحسب", "بحسب", "حسب")."""
    w = normalize(word)
    out = [w]
    for clitic in PROCLITICS:
        if w.startswith(clitic) and len(w) - len(clitic) >= 2:
            stem = w[len(clitic):]
            if stem not in out:
                out.append(stem)
            # لل is ل + ال: "للسلطات" → "السلطات" as well as "سلطات"
            if clitic.endswith("لل") and "ال" + stem not in out:
                out.append("ال" + stem)
    return tuple(out)


def matches_word(word: str, lemma: str) -> bool:
    """True when `word` is `lemma` (normalised) possibly preceded by clitics."""
    return normalize(lemma) in clitic_variants(word)
