"""Reader for RSS and Atom feed files (feedparser): one RawArticle per entry, its HTML content as body."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path

from khabar.errors import KhabarInputError
from khabar.ingest.raw import DEFAULT_MAX_BYTES, RawArticle, read_bytes

FEED_SUFFIXES = (".rss", ".atom", ".xml", ".feed")


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a file are an RSS, RDF or Atom document."""
    sample = head[:2048].lstrip().lower()
    return b"<rss" in sample or b"<feed" in sample or b"<rdf:rdf" in sample


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote|tr)>")
_TAG = re.compile(r"<[^>]+>")


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a feed entry's HTML fragment (paragraphs kept as lines).

    Entries carry fragments (<p>…</p>), not pages: a page extractor finds no article in
    them, so they are turned into text here."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    text = _TAG.sub("", _BLOCK_END.sub("\n", fragment))
    lines = (" ".join(html.unescape(line).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _entry_body(entry: dict) -> str | None:
    # Full content (content:encoded, Atom content) beats the summary when both exist.
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    body = best if len(best) >= len(summary) else summary
    body = html_fragment_to_text(body)
    return body if body.strip() else None


def iter_feed_bytes(data: bytes, origin: str) -> Iterator[RawArticle | KhabarInputError]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise KhabarInputError(f"{origin}: not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        return
    source = (parsed.feed.get("title") or None) if parsed.get("feed") else None
    for index, entry in enumerate(parsed.entries):
        entry_origin = f"{origin}#{index}"
        body = _entry_body(entry)
        if body is None:
            yield KhabarInputError(f"{entry_origin}: feed entry has no content or summary")
            continue
        yield RawArticle(
            body=body,
            title=entry.get("title") or None,
            published=_entry_date(entry),
            url=entry.get("link") or None,
            source=source,
            origin=entry_origin,
        )


def iter_feed(path: Path, max_bytes: int = DEFAULT_MAX_BYTES * 10) -> Iterator[RawArticle | KhabarInputError]:
    """The entries of an RSS or Atom file, in feed order."""
    yield from iter_feed_bytes(read_bytes(path, max_bytes), str(path))
