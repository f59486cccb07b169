"""`khabar analyze`: one article to JSON or a readable summary; many articles to JSON lines."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from khabar.document import Document
from khabar.errors import KhabarInputError
from khabar.ingest.raw import RawArticle, decode_bytes, iter_articles, read_text_file


def _check_date(published: str | None) -> str | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published).isoformat()
    except ValueError as exc:
        raise KhabarInputError(f"--published {published!r} is not a date in the form YYYY-MM-DD") from exc


def analyze_raw(article: RawArticle, published: str | None = None, url: str | None = None) -> Document:
    import khabar

    return khabar.analyze(article.as_text(), published=published or article.published, url=url or article.url)


def run_analyze(path: str, published: str | None, url: str | None, fmt: str | None, max_bytes: int) -> None:
    published = _check_date(published)
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise KhabarInputError(f"standard input is larger than the limit of {max_bytes:,} bytes (--max-bytes)")
        _emit_one(RawArticle(body=decode_bytes(data, "standard input")), published, url, fmt or "json")
        return
    source = Path(path)
    if not source.exists():
        raise KhabarInputError(f"{path}: no such file or folder")
    many = source.is_dir() or source.suffix.lower() == ".jsonl"
    if not many:
        _emit_one(RawArticle(body=read_text_file(source, max_bytes), origin=path), published, url, fmt or "json")
        return
    _emit_many(iter_articles(source, max_bytes), published, fmt or "jsonl")


def _emit_one(article: RawArticle, published: str | None, url: str | None, fmt: str) -> None:
    doc = analyze_raw(article, published, url)
    out = sys.stdout
    if fmt == "json":
        json.dump(doc.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "text":
        from khabar.summary import render_summary

        out.write(render_summary(doc))
    else:
        _emit_events([doc.to_dict()], fmt)


def _emit_many(items: Iterable[RawArticle | KhabarInputError], published: str | None, fmt: str) -> None:
    if fmt not in ("jsonl", "json", "plover", "acled", "text"):
        raise KhabarInputError(f"unknown format {fmt}")
    done = failed = 0
    docs: list[dict] = []
    for item in items:
        if isinstance(item, KhabarInputError):
            failed += 1
            print(f"khabar: skipped: {item}", file=sys.stderr)
            continue
        try:
            doc = analyze_raw(item, published)
        except KhabarInputError as exc:
            failed += 1
            print(f"khabar: skipped: {item.origin}: {exc}", file=sys.stderr)
            continue
        done += 1
        if fmt in ("jsonl", "json"):
            sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "text":
            from khabar.summary import render_summary

            sys.stdout.write(render_summary(doc) + "\n")
        else:
            docs.append(doc.to_dict())
    if docs:
        _emit_events(docs, fmt)
    if done == 0:
        raise KhabarInputError(f"no article could be analysed ({failed} skipped)")


def _emit_events(docs: list[dict], fmt: str) -> None:
    from khabar.exports import ACLED_COLUMNS, acled_rows, plover_records

    if fmt == "plover":
        for doc in docs:
            for record in plover_records(doc):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for doc in docs:
            writer.writerows(acled_rows(doc))
