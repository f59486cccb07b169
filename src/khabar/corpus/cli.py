"""Corpus commands: `khabar ingest`, `search`, `entity`, `threads` and `export` over SQLite or PostgreSQL."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import click

from khabar.errors import KhabarInputError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STANCES = (
    "assert", "admit", "confirm", "not_confirmed", "accuse", "deny", "preliminary", "conditional",
    "verifying", "no_comment",
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

db_option = click.option(
    "--db", metavar="URL",
    help="Database: a SQLite file (default ./khabar.db) or postgresql://user@host:port/dbname.",
)


def fail(message: str, status: int = 2) -> None:
    click.echo(f"khabar: error: {message}", err=True)
    sys.exit(status)


def _open_store(db: str | None) -> Any:
    from khabar.corpus.store import CorpusStore

    return CorpusStore(db)


def _check_date(value: str | None, option: str, upper: bool = False) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD bound; an upper bound covers the whole month or year."""
    if value is None:
        return None
    if not _DATE.match(value):
        raise KhabarInputError(f"{option} {value!r} is not a date in the form YYYY-MM-DD (or YYYY-MM, YYYY)")
    if upper and len(value) < 10:
        value += "-99" if len(value) == 7 else "-99-99"
    return value


# --- ingest ------------------------------------------------------------------------


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--batch-size", default=200, show_default=True, help="Articles per transaction.")
@click.option("--workers", default=2, show_default=True, help="Analysis processes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Form of the final summary on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--verbose", "-v", is_flag=True, help="Name every article refused as bad input, on stderr.")
@click.option("--pause-after-batch", type=float, default=0.0, hidden=True)  # tests: widen the kill window
def ingest_command(
    paths: tuple[str, ...], db: str | None, batch_size: int, workers: int, fmt: str, quiet: bool,
    verbose: bool, pause_after_batch: float,
) -> None:
    """Analyse and store articles: text/HTML files, folders, .jsonl/.json/.zip news dumps,
    RSS/Atom feeds and WARC files. Ingesting the same input again adds nothing; an
    interrupted ingest keeps every finished batch and resumes where it stopped."""
    from khabar.corpus.ingest import run_ingest
    from khabar.corpus.sources import check_paths, iter_sources

    if batch_size < 1 or workers < 1:
        fail("--batch-size and --workers must be at least 1")
    store = None
    report = None
    try:
        checked = check_paths(list(paths))
        store = _open_store(db)
        with _Progress(enabled=not quiet and sys.stderr.isatty()) as progress:
            report = run_ingest(
                store, iter_sources(checked), batch_size=batch_size, workers=workers,
                on_progress=progress.update, pause_after_batch=pause_after_batch,
                on_skip=progress.note if verbose else None,
            )
    except KhabarInputError as exc:
        if store is not None:
            total = store.counts()["articles"]
            fail(f"{exc} (stopped; the {total:,} articles stored so far are kept — fix the input and run again)")
        fail(str(exc))
    except KeyboardInterrupt:
        click.echo("khabar: interrupted; every finished batch is stored — run the same command to resume", err=True)
        sys.exit(130)
    assert report is not None and store is not None
    if fmt == "json":
        click.echo(json.dumps({**report.to_dict(), "db": store.describe()}, ensure_ascii=False))
    else:
        click.echo(
            f"ingested {report.stored:,} new articles into {store.describe()} in {report.seconds:.1f} s "
            f"({report.rate:.1f} articles/s)"
        )
        skipped = sum(report.skipped.values())
        if skipped:
            reasons = ", ".join(f"{n:,} {reason}" for reason, n in report.skipped.most_common())
            click.echo(f"skipped {skipped:,}: {reasons}")
    if report.read == 0:
        fail("no articles found in the input")
    benign = report.skipped["already stored"] + report.skipped["duplicate in input"]
    if report.stored == 0 and benign == 0 and sum(report.skipped.values()) > 0:
        fail(f"no article could be ingested: {report.skipped.most_common(1)[0][0]}")


class _Progress:
    """A rich progress line on stderr: articles read, stored and skipped, and the rate."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(),
                TextColumn("{task.fields[read]:,} read • {task.fields[stored]:,} stored • "
                           "{task.fields[skipped]:,} skipped • {task.fields[rate]:.1f} articles/s"),
                TimeElapsedColumn(), console=Console(stderr=True),
            )
            self._progress.start()
            self._task = self._progress.add_task("ingest", total=None, read=0, stored=0, skipped=0, rate=0.0)
        return self

    def update(self, report: Any) -> None:
        if self._progress is not None:
            self._progress.update(
                self._task, read=report.read, stored=report.stored, skipped=sum(report.skipped.values()),
                rate=report.rate,
            )

    def note(self, line: str) -> None:
        """A line on stderr above the progress bar."""
        if self._progress is not None:
            self._progress.console.print(f"skipped: {line}", markup=False, highlight=False)
        else:
            click.echo(f"khabar: skipped: {line}", err=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


# --- search and entity ---------------------------------------------------------------


@click.command("search")
@click.argument("query", required=False, default="")
@db_option
@click.option("--entity", help="Only articles that name this entity (English or Arabic name, or Wikidata id).")
@click.option("--type", "event_type", type=click.Choice(PLOVER_TYPES, case_sensitive=False),
              help="Only articles with an event of this PLOVER type.")
@click.option("--stance", type=click.Choice(STANCES), help="Only articles with a claim of this stance.")
@click.option("--since", metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--until", metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--limit", default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def search_command(
    query: str, db: str | None, entity: str | None, event_type: str | None, stance: str | None,
    since: str | None, until: str | None, limit: int, fmt: str,
) -> None:
    """Full-text search (Arabic spelling variants, diacritics and attached و ب ل ال ignored),
    with filters by entity, event type, claim stance and publication date."""
    try:
        since_bound = _check_date(since, "--since")
        until_bound = _check_date(until, "--until", upper=True)
        with _open_store(db) as store:
            results = store.search(query, entity=entity, event_type=event_type, stance=stance,
                                   since=since_bound, until=until_bound, limit=limit)
    except KhabarInputError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    if not results:
        click.echo("no matching articles")
        return
    for row in results:
        click.echo(f"{row['published'] or '----------'}  {row['source'] or ''}  {row['title'] or '(no title)'}")
        if row["url"]:
            click.echo(f"    {row['url']}")
        click.echo(f"    {row['snippet']}")


@click.command("entity")
@click.argument("name")
@db_option
@click.option("--limit", default=10, show_default=True, help="Articles, claims and quotes shown per entity.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def entity_command(name: str, db: str | None, limit: int, fmt: str) -> None:
    """What the corpus knows about an entity: articles, co-occurring entities, its claims and quotes."""
    try:
        with _open_store(db) as store:
            reports = store.entity_report(name, limit=limit)
    except KhabarInputError as exc:
        fail(str(exc))
    if not reports:
        fail(f"no entity called {name!r} in the corpus", status=1)
    if fmt == "json":
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        return
    for report in reports:
        label = " / ".join(x for x in (report["name"], report["name_ar"]) if x)
        extra = f" {report['wikidata']}" if report["wikidata"] else ""
        click.echo(f"{label} ({report['type'] or '?'}{extra})")
        click.echo(f"  {report['articles']:,} articles, {report['mentions']:,} mentions, "
                   f"{report['first_seen'] or '?'} … {report['last_seen'] or '?'}")
        if report["co_occurring"]:
            click.echo("  with: " + ", ".join(f"{r['name']} ({r['articles']})" for r in report["co_occurring"]))
        if report["claim_stances"]:
            click.echo("  claims: " + ", ".join(f"{s} {n}" for s, n in report["claim_stances"].items()))
        for claim in report["claims"]:
            click.echo(f"    {claim['published']}  {claim['stance']}: {claim['text']}")
        for quote in report["quotes"]:
            click.echo(f"    {quote['published']}  said ({quote['kind']}): {quote['text']}")
        for article in report["recent_articles"]:
            click.echo(f"    {article['published']}  {article['title']}")


# --- threads -------------------------------------------------------------------------


@click.command("threads")
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--min-articles", default=2, show_default=True, help="Threads drawn from at least this many articles.")
@click.option("--window-days", default=400, show_default=True, help="Claims further apart are not joined.")
@click.option("--status", type=click.Choice(["alleged", "confirmed", "denied", "disputed", "unverified"]),
              help="Only threads with this status.")
def threads_command(db: str | None, fmt: str, min_articles: int, window_days: int, status: str | None) -> None:
    """Claim threads: claims of different articles about one proposition, their dated
    stances (accused, denied, admitted ...) and the status the proposition has reached."""
    from khabar.corpus.threads import build_threads

    try:
        with _open_store(db) as store:
            threads = build_threads(store.iter_analyses(with_claims=True), min_articles=min_articles,
                                    window_days=window_days)
    except KhabarInputError as exc:
        fail(str(exc))
    if status:
        threads = [t for t in threads if t["status"] == status]
    if fmt == "json":
        click.echo(json.dumps(threads, ensure_ascii=False, indent=2))
        return
    if not threads:
        click.echo("no claim threads")
    for thread in threads:
        click.echo(f"{thread['id']} [{thread['status']}] {thread['proposition']}")
        click.echo(f"   entities: {', '.join(thread['entities'])}")
        for entry in thread["timeline"]:
            click.echo(f"   {entry['date'] or '????-??-??'}  {entry['holder_name'] or '?'}: {entry['stance']} — {entry['text']}")


# --- export --------------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "url", "published", "source", "title", "entities", "quotes", "claims", "events", "event_types", "text",
)


def _csv_row(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc.get("id"), "url": doc.get("url"), "published": doc.get("published"),
        "source": doc.get("source"), "title": doc.get("title"),
        "entities": "; ".join(e.get("name") or e.get("name_ar") or "" for e in doc.get("entities") or []),
        "quotes": len(doc.get("quotes") or []), "claims": len(doc.get("claims") or []),
        "events": len(doc.get("events") or []),
        "event_types": "; ".join(sorted({v.get("type") or "" for v in doc.get("events") or []})),
        "text": doc.get("text"),
    }


def _load_exports() -> Any:
    try:
        import khabar.exports as exports
    except ImportError as exc:
        raise KhabarInputError("PLOVER/ACLED export is not available in this installation (khabar.exports)") from exc
    return exports


def _write_parquet(docs: Iterator[dict[str, Any]], output: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("id", pa.string()), ("url", pa.string()), ("published", pa.string()), ("source", pa.string()),
        ("title", pa.string()), ("text", pa.string()), ("entities", pa.list_(pa.string())),
        ("event_types", pa.list_(pa.string())), ("n_quotes", pa.int32()), ("n_claims", pa.int32()),
        ("n_events", pa.int32()), ("analysis", pa.string()),
    ])
    count = 0
    with pq.ParquetWriter(output, schema) as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()

        for doc in docs:
            batch.append({
                "id": doc.get("id"), "url": doc.get("url"), "published": doc.get("published"),
                "source": doc.get("source"), "title": doc.get("title"), "text": doc.get("text"),
                "entities": [e.get("name") or e.get("name_ar") or "" for e in doc.get("entities") or []],
                "event_types": sorted({v.get("type") or "" for v in doc.get("events") or []}),
                "n_quotes": len(doc.get("quotes") or []), "n_claims": len(doc.get("claims") or []),
                "n_events": len(doc.get("events") or []), "analysis": json.dumps(doc, ensure_ascii=False),
            })
            count += 1
            if len(batch) >= 1000:
                flush()
        flush()
    return count


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "plover", "acled"]), default="jsonl",
              show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write here instead of stdout (required for parquet).")
def export_command(db: str | None, fmt: str, output: str | None) -> None:
    """Export the corpus: one analysed article per JSON line (jsonl), a CSV or Parquet table
    of articles, or the events as PLOVER records (JSON lines) or ACLED-style CSV rows."""
    try:
        exports = _load_exports() if fmt in ("plover", "acled") else None
        if fmt == "parquet" and not output:
            raise KhabarInputError("--format parquet needs --output FILE")
        with _open_store(db) as store:
            docs = store.iter_analyses()
            if fmt == "parquet":
                assert output is not None
                count = _write_parquet(docs, output)
                click.echo(f"exported {count:,} articles to {output}", err=True)
                return
            try:
                out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
            except OSError as exc:
                raise KhabarInputError(f"{output}: cannot write ({exc.strerror})") from exc
            try:
                _write_text_export(docs, fmt, out, exports)
            finally:
                if output:
                    out.close()
    except KhabarInputError as exc:
        fail(str(exc))
    except BrokenPipeError:
        sys.stderr.close()


def _write_text_export(docs: Iterator[dict[str, Any]], fmt: str, out: Any, exports: Any) -> None:
    if fmt == "jsonl":
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for doc in docs:
            writer.writerow(_csv_row(doc))
    elif fmt == "plover":
        for doc in docs:
            for record in exports.plover_records(doc):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(out, fieldnames=exports.ACLED_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for doc in docs:
            writer.writerows(exports.acled_rows(doc))
