"""Readers for news datasets shipped as JSON: a .json list of records, and .zip archives of JSON/JSONL files."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from khabar.errors import KhabarInputError
from khabar.ingest.raw import DEFAULT_MAX_BYTES, RawArticle, article_from_record, decode_bytes

# An archive member larger than this is refused: one day of a news dump is a few MB.
MAX_MEMBER_BYTES = 500_000_000


def _records(data: object, origin: str) -> list[object]:
    """The list of records in a parsed JSON document: a list, or an object holding one."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "records"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    raise KhabarInputError(f"{origin}: expected a JSON list of article records")


def iter_json_text(text: str, origin: str) -> Iterator[RawArticle | KhabarInputError]:
    """Articles of one JSON document (a list of records); a bad record yields its error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KhabarInputError(f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    for index, record in enumerate(_records(data, origin)):
        try:
            yield article_from_record(record, f"{origin}[{index}]")
        except KhabarInputError as exc:
            yield exc


def iter_jsonl_text(text: str, origin: str) -> Iterator[RawArticle | KhabarInputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield article_from_record(json.loads(line), f"{origin}:{number}")
        except json.JSONDecodeError as exc:
            yield KhabarInputError(f"{origin}:{number}: not valid JSON ({exc.msg})")
        except KhabarInputError as exc:
            yield exc


def iter_json_file(path: Path, max_bytes: int = MAX_MEMBER_BYTES) -> Iterator[RawArticle | KhabarInputError]:
    """A .json file holding a list of article records (title/content/date/url/source)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise KhabarInputError(f"{path}: {size:,} bytes is larger than the limit of {max_bytes:,}")
    yield from iter_json_text(decode_bytes(path.read_bytes(), str(path)), str(path))


def iter_zip(path: Path, max_bytes: int = MAX_MEMBER_BYTES) -> Iterator[RawArticle | KhabarInputError]:
    """Articles from every .json / .jsonl member of a zip archive, members in name order.

    This is how SaudiNewsNet ships a day: one JSON list of
    {source, url, date_extracted, title, author, content}."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise KhabarInputError(f"{path}: not a readable zip archive ({exc})") from exc
    with archive:
        members = [
            info for info in archive.infolist()
            if not info.is_dir() and info.filename.lower().endswith((".json", ".jsonl"))
        ]
        if not members:
            raise KhabarInputError(f"{path}: the zip archive holds no .json or .jsonl file")
        for info in sorted(members, key=lambda i: i.filename):
            origin = f"{path}!{info.filename}"
            if info.file_size > max_bytes:
                yield KhabarInputError(f"{origin}: member larger than {max_bytes:,} bytes")
                continue
            try:
                text = decode_bytes(archive.read(info), origin)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise KhabarInputError(f"{origin}: cannot read the archive member ({exc})") from exc
            if info.filename.lower().endswith(".jsonl"):
                yield from iter_jsonl_text(text, origin)
            else:
                yield from iter_json_text(text, origin)


__all__ = ["DEFAULT_MAX_BYTES", "iter_json_file", "iter_json_text", "iter_jsonl_text", "iter_zip"]
