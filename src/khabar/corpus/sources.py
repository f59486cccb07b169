"""Which reader reads which input: files, folders, JSON/JSONL, zip archives, RSS/Atom feeds and WARC files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from khabar.errors import KhabarInputError
from khabar.ingest.raw import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, RawArticle, iter_jsonl, read_text_file

Item = RawArticle | KhabarInputError

# File kinds ingest understands inside a folder; anything else there is passed over.
_KNOWN_SUFFIXES = (*ARTICLE_SUFFIXES, ".jsonl", ".json", ".zip", ".rss", ".atom", ".xml", ".feed")


def check_paths(paths: list[str]) -> list[Path]:
    """Every path must exist before anything is read: a typo is a one-line error, not a half ingest."""
    if not paths:
        raise KhabarInputError("nothing to ingest: give files or folders")
    checked = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise KhabarInputError(f"{raw}: no such file or folder")
        checked.append(path)
    return checked


def _kind(path: Path) -> str:
    from khabar.ingest.feeds import FEED_SUFFIXES, looks_like_feed
    from khabar.ingest.warc import is_warc_path

    name = path.name.lower()
    if is_warc_path(path):
        return "warc"
    if name.endswith(".zip"):
        return "zip"
    if name.endswith(".jsonl"):
        return "jsonl"
    if name.endswith(".json"):
        return "json"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise KhabarInputError(f"{path}: cannot read ({exc.strerror})") from exc
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    return "article"


def iter_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles of one file, whatever its kind. A corrupt container raises; a bad record is yielded."""
    kind = _kind(path)
    if kind == "warc":
        from khabar.ingest.warc import iter_warc

        yield from iter_warc(path)
    elif kind == "zip":
        from khabar.ingest.zipjson import iter_zip

        yield from iter_zip(path)
    elif kind == "json":
        from khabar.ingest.zipjson import iter_json_file

        yield from iter_json_file(path)
    elif kind == "jsonl":
        yield from iter_jsonl(path, max_bytes)
    elif kind == "feed":
        from khabar.ingest.feeds import iter_feed

        yield from iter_feed(path)
    else:
        try:
            yield RawArticle(body=read_text_file(path, max_bytes), origin=str(path))
        except KhabarInputError as exc:
            yield exc


def iter_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """A file, or every known file under a folder in sorted order."""
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if file.name.lower().endswith((*_KNOWN_SUFFIXES, ".warc", ".warc.gz")):
                yield from iter_file(file, max_bytes)
    else:
        yield from iter_file(path, max_bytes)


def iter_sources(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    for path in paths:
        yield from iter_path(path, max_bytes)
