"""Cleaning: turn a pasted web page or an HTML document into a title, subheadings and a clean body."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from khabar.data import data_path
from khabar.document import Document, Removed
from khabar.errors import KhabarInputError
from khabar.text.normalize import normalize

_HTML_HINT = regex.compile(r"<(?:!doctype|html|head|body|div|p|article|section|span|meta|br)\b", regex.I)
# stdlib re: for these plain classes it is several times faster than `regex`
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")
_PUNCT = regex.compile(r"[^\w\s]+")
_FINAL_PUNCT = (".", "!", "?", "؟", ":", "،", ",", "؛", ";", "…", '"', "»", "”")
_BLANKISH = regex.compile(r"^[\s\u00a0\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]*$")

# A heading or caption is short; a body paragraph is a sentence or more.
_SHORT_LINE_WORDS = 14
_OPENING_CHARS = 240
# With fewer Arabic letters than this share of all letters, the input is not an Arabic article.
_MIN_ARABIC_SHARE = 0.4


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: str
    reason: str
    compiled: regex.Pattern[str] | None


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules = []
    with open(data_path("cleaning", "boilerplate.tsv"), encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            kind, pattern = row["kind"], row["pattern"]
            compiled = regex.compile(pattern) if kind in ("regex", "search") else None
            key = pattern if compiled is not None else _key(pattern)
            rules.append(_Rule(kind, key, row["reason"], compiled))
    return tuple(rules)


def _key(line: str, normalized: str | None = None) -> str:
    """A line's comparison key: normalised, punctuation dropped, spaces collapsed."""
    return " ".join(_PUNCT.sub(" ", normalized if normalized is not None else normalize(line)).split())


def boilerplate_reason(line: str) -> str | None:
    """Why a whole line is page furniture rather than article text, or None."""
    # Furniture shows in a line's opening: policy paragraphs start with their tell-tale words,
    # so a long paragraph is judged by its first characters, which keeps cleaning fast.
    normal = " ".join(normalize(line[:_OPENING_CHARS]).split())
    key = _key(line, normal)
    if not key:
        return None
    words = key.count(" ") + 1
    for rule in _rules():
        if rule.kind == "label" and key == rule.pattern:
            return rule.reason
        if rule.kind == "prefix" and words <= 12 and (key.startswith(rule.pattern + " ") or key == rule.pattern):
            return rule.reason
        if rule.kind == "regex" and words <= 12 and rule.compiled is not None and (
            rule.compiled.fullmatch(normal) or rule.compiled.fullmatch(key)
        ):
            return rule.reason
        if rule.kind == "search" and rule.compiled is not None and rule.compiled.search(key):
            return rule.reason
    return None


def is_html(raw: str) -> bool:
    return bool(_HTML_HINT.search(raw[:4000]))


def check_arabic(text: str) -> None:
    text = text[:3000]  # the opening tells the script; counting a whole long page costs time
    letters = len(_LETTER.findall(text))
    if letters == 0:
        raise KhabarInputError("input has no text to analyse")
    if len(_ARABIC_LETTER.findall(text)) / letters < _MIN_ARABIC_SHARE:
        raise KhabarInputError("input is not Arabic text (khabar reads Arabic news)")


def _is_short_unpunctuated(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= _SHORT_LINE_WORDS and not stripped.endswith(_FINAL_PUNCT)


def _near_duplicates(a: str, b: str) -> bool:
    """Image alt text and its caption: one line repeats, or begins, the other."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    return ka == kb or kb.startswith(ka + " ") or ka.startswith(kb + " ")


@dataclass
class CleanedText:
    title: str | None
    subheadings: list[str]
    paragraphs: list[str]
    removed: list[Removed]
    breaking: bool


def clean_lines(raw_text: str, known_title: str | None = None) -> CleanedText:
    """Split pasted article text into title, subheadings, body paragraphs and removed furniture."""
    removed: list[Removed] = []
    breaking = False
    lines: list[str] = []
    for line in raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _BLANKISH.match(line):
            if line:  # NBSP-only and other invisible lines are reported; empty ones are not
                removed.append(Removed(line, "whitespace"))
            continue
        reason = boilerplate_reason(line)
        if reason:
            breaking = breaking or reason == "breaking-label"
            removed.append(Removed(line.strip(), reason))
            continue
        lines.append(line.strip())

    title = known_title.strip() if known_title else None
    if title is None and len(lines) > 1 and len(lines[0].split()) <= 30:
        title = lines.pop(0)
    elif title is not None:
        # the extracted body often repeats the title as its first line
        while lines and _key(lines[0]) == _key(title):
            removed.append(Removed(lines.pop(0), "duplicate-title"))

    # Captions: short unpunctuated lines that repeat each other (alt text + caption).
    caption = [False] * len(lines)
    for i, line in enumerate(lines):
        if not _is_short_unpunctuated(line):
            continue
        for j in range(max(0, i - 2), min(len(lines), i + 3)):
            if j != i and _is_short_unpunctuated(lines[j]) and _near_duplicates(line, lines[j]):
                caption[i] = True
    subheadings: list[str] = []
    paragraphs: list[str] = []
    title_key = _key(title) if title else None
    for i, line in enumerate(lines):
        if caption[i]:
            removed.append(Removed(line, "image-caption"))
        elif title_key is not None and len(line) < 2 * len(title or "") and _key(line) == title_key:
            removed.append(Removed(line, "duplicate-title"))
        elif _is_short_unpunctuated(line) and any(not caption[k] for k in range(i + 1, len(lines))):
            # a short unpunctuated line followed by body text heads a section
            subheadings.append(line)
        else:
            paragraphs.append(line)
    return CleanedText(title, subheadings, paragraphs, removed, breaking)


def _from_html(html: str) -> tuple[str, dict[str, str | None]]:
    """The article text of an HTML page and its metadata, via trafilatura."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # only dates the page states: the extensive search guesses a bare year as 1 January
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta = {key: getattr(result, key, None) for key in ("title", "date", "author", "url", "sitename")} if result else {}
    if result is not None and getattr(result, "text", None):
        return result.text, meta
    # A fragment (a feed entry's <p>…</p>) has no page structure to extract from: keep all its text.
    text = trafilatura.html2txt(html if "<body" in html.lower() else f"<html><body>{html}</body></html>")
    if not text or not text.strip():
        raise KhabarInputError("no article text found in the HTML page")
    return text, meta


def clean_article(raw: str, published: str | None = None, url: str | None = None, title: str | None = None) -> Document:
    """A Document from raw input (plain text or HTML): title, breaking flag, subheadings,
    body text and the list of what was removed and why."""
    if not raw or not raw.strip():
        raise KhabarInputError("input is empty")
    if "\x00" in raw:
        raise KhabarInputError("input looks binary (it contains NUL bytes)")
    meta: dict[str, str | None] = {}
    text = raw
    if is_html(raw):
        text, meta = _from_html(raw)
        title = title or meta.get("title")
    check_arabic(text)
    cleaned = clean_lines(text, known_title=title)
    if not cleaned.paragraphs:
        raise KhabarInputError("no article body left after cleaning")
    body = "\n".join(cleaned.paragraphs)
    date = published or (meta.get("date") or None)
    return Document(
        text=body,
        title=cleaned.title,
        published=date[:10] if date else None,
        url=url or meta.get("url"),
        breaking=cleaned.breaking,
        subheadings=cleaned.subheadings,
        removed=cleaned.removed,
        author=meta.get("author"),
        source=meta.get("sitename"),
    )
