"""RawArticle and readers for plain text and HTML files, folders and JSON-lines news dumps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from khabar.errors import KhabarInputError

DEFAULT_MAX_BYTES = 10_000_000
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")


@dataclass
class RawArticle:
    """One article as it came in, before cleaning: text or HTML plus whatever metadata came with it."""

    body: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # file path, path:line or archive member, for messages

    def as_text(self) -> str:
        """The body with the title above it when the title came separately (as in JSON dumps)."""
        if self.title and not self.body.lstrip().startswith(self.title.strip()):
            return f"{self.title}\n\n{self.body}"
        return self.body


def decode_bytes(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if not data.strip():
        raise KhabarInputError(f"{origin}: input is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise KhabarInputError(f"{origin}: cannot decode UTF-16 text") from exc
    if b"\x00" in data[:8192]:
        raise KhabarInputError(f"{origin}: input looks binary (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KhabarInputError(f"{origin}: input is not UTF-8 text (byte {exc.start})") from exc


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise KhabarInputError(f"{path}: {size:,} bytes is larger than the limit of {max_bytes:,} (--max-bytes)")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise KhabarInputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise KhabarInputError(f"{path}: is a directory") from exc
    except PermissionError as exc:
        raise KhabarInputError(f"{path}: permission denied") from exc


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    return decode_bytes(read_bytes(path, max_bytes), str(path))


def _first(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def article_from_record(record: object, origin: str) -> RawArticle:
    """A RawArticle from a news-dataset record (title/content/date/url/source, or close names)."""
    if not isinstance(record, dict):
        raise KhabarInputError(f"{origin}: a record must be a JSON object")
    body = _first(record, "content", "text", "body", "html", "article")
    if body is None:
        raise KhabarInputError(f"{origin}: record has no content/text field")
    date = _first(record, "date", "published", "pubDate", "date_published", "date_extracted")
    return RawArticle(
        body=body,
        title=_first(record, "title", "headline"),
        published=date[:10] if date else None,
        url=_first(record, "url", "link"),
        source=_first(record, "source", "outlet", "sitename"),
        origin=origin,
    )


def iter_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawArticle | KhabarInputError]:
    """Records of a JSON-lines file; a bad line yields its error instead of stopping the run."""
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            origin = f"{path}:{number}"
            if not line.strip():
                continue
            if len(line) > max_bytes:
                yield KhabarInputError(f"{origin}: record larger than {max_bytes:,} bytes")
                continue
            try:
                record = json.loads(decode_bytes(line, origin))
                yield article_from_record(record, origin)
            except json.JSONDecodeError as exc:
                yield KhabarInputError(f"{origin}: not valid JSON ({exc.msg})")
            except KhabarInputError as exc:
                yield exc


def iter_folder(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawArticle | KhabarInputError]:
    """Article files (.txt, .html, .htm) and .jsonl files under a folder, in sorted order."""
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        if file.suffix.lower() == ".jsonl":
            yield from iter_jsonl(file, max_bytes)
        elif file.suffix.lower() in ARTICLE_SUFFIXES:
            try:
                yield RawArticle(body=read_text_file(file, max_bytes), origin=str(file))
            except KhabarInputError as exc:
                yield exc


def iter_articles(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawArticle | KhabarInputError]:
    """Everything `khabar analyze` accepts as many articles: a folder or a .jsonl file."""
    if path.is_dir():
        yield from iter_folder(path, max_bytes)
    elif path.suffix.lower() == ".jsonl":
        yield from iter_jsonl(path, max_bytes)
    else:
        yield RawArticle(body=read_text_file(path, max_bytes), origin=str(path))
