"""Full-text search helpers: the normalised, clitic-expanded index text, query terms and snippets."""

from __future__ import annotations

from functools import lru_cache

import regex

from khabar.text.normalize import normalize
from khabar.text.segment import strip_clitics

_WORD = regex.compile(r"[\p{L}\p{N}]+")

# Letters that normalisation folds together, so that a snippet can find a query word in the
# original text without normalising every result: each normalised letter → its variants.
_VARIANTS = {
    "ا": "اأإآٱ",
    "ي": "يىئی",
    "ه": "هةۃ",
    "و": "وؤ",
    "ك": "كک",
}
_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u0640]*"


def index_text(title: str | None, text: str) -> str:
    """The text the full-text index reads: normalised words, each followed by its clitic-free stem.

    Both the index and the query carry the stem, so "وروسيا" and "لروسيا" are found by "روسيا"."""
    words: list[str] = []
    for word in _WORD.findall(normalize(f"{title or ''}\n{text}")):
        words.append(word)
        stem = strip_clitics(word)
        if stem != word:
            words.append(stem)
    return " ".join(words)


def query_terms(query: str) -> list[str]:
    """The clitic-free normalised stems of the query words, in order, without repeats."""
    terms: list[str] = []
    for word in _WORD.findall(normalize(query)):
        stem = strip_clitics(word)
        if stem not in terms:
            terms.append(stem)
    return terms


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term (terms are letters/digits only)."""
    return " ".join(f'"{t}"' for t in terms)


def tsquery(terms: list[str]) -> str:
    """A PostgreSQL to_tsquery('simple', ...) expression requiring every term."""
    return " & ".join(terms)


@lru_cache(maxsize=256)
def _snippet_pattern(term: str) -> regex.Pattern[str]:
    parts = []
    for ch in term:
        variants = _VARIANTS.get(ch, ch)
        parts.append(f"[{regex.escape(variants)}]" if len(variants) > 1 else regex.escape(ch))
    return regex.compile(_MARKS.join(parts), regex.I)


def snippet(text: str, terms: list[str], width: int = 80) -> str:
    """A short passage of the original text around the first query term found in it."""
    for term in terms:
        match = _snippet_pattern(term).search(text)
        if match:
            start = max(0, match.start() - width // 2)
            end = min(len(text), match.end() + width // 2)
            # widen to whole words at both ends
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            passage = " ".join(text[start:end].split())
            return ("…" if start > 0 else "") + passage + ("…" if end < len(text) else "")
    passage = " ".join(text[:width].split())
    return passage + ("…" if len(text) > width else "")
