"""Ingest: read articles, skip what is stored (content hash), analyse in a process pool, write in batches."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from khabar.corpus.linking import entity_row, local_keys
from khabar.corpus.search import index_text
from khabar.errors import KhabarInputError
from khabar.ingest.raw import RawArticle

DEFAULT_BATCH_SIZE = 200
DEFAULT_WORKERS = 2
# Below this many articles a process pool costs more than it saves.
_POOL_THRESHOLD = 40
# Allocations between young-generation collections in a worker (CPython's default is 700).
# Analysis allocates containers by the hundred thousand per article and frees nearly all of
# them by reference counting; at the default threshold the cyclic collector ran so often
# that it took about an eighth of the analysis CPU (5.4 of 42 ms per article, measured in
# one process) and found almost nothing. At this threshold it takes about 1.3 ms, with the
# same peak memory.
_WORKER_GC_THRESHOLD = (50_000, 20, 20)


def content_hash(article: RawArticle) -> str:
    """What makes an article the same article: its title and body, whitespace-insensitive."""
    basis = " ".join((article.title or "").split()) + "\n" + " ".join(article.body.split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _reason(message: str) -> str:
    """A short category for the skip summary from an error message ("path: reason (detail)")."""
    tail = message.rsplit(": ", 1)[-1]
    return tail.split(" (")[0].strip()[:80] or "unreadable"


def prepare_record(doc: dict[str, Any], digest: str, source: str | None) -> dict[str, Any]:
    """The rows of one analysed article, entity references given as cross-article keys."""
    keys = local_keys(doc)
    entities: list[dict[str, Any]] = []
    article_entities: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for ent in doc.get("entities") or []:
        row = entity_row(ent)
        if row is None:
            continue
        entities.append(row)
        article_entities.append({
            "entity_key": row["key"], "local_id": ent.get("id") or "", "type": ent.get("type"),
            "role": ent.get("role"), "affiliation": _name_of(doc, ent.get("affiliation")),
            "country": ent.get("country"), "sector": ent.get("sector"),
        })
        for mention in ent.get("mentions") or []:
            mentions.append({
                "entity_key": row["key"], "text": mention.get("text") or "",
                "start_offset": mention.get("start") or 0, "end_offset": mention.get("end") or 0,
            })
    quotes = [
        {
            "local_id": q.get("id") or "", "speaker_key": keys.get(q.get("speaker") or ""),
            "speaker_name": q.get("speaker_name") or _plain(q.get("speaker"), keys), "kind": q.get("kind"),
            "cue": q.get("cue"), "text": q.get("text"), "start_offset": q.get("start"), "end_offset": q.get("end"),
            "channel": q.get("channel"), "date": q.get("date"), "confidence": q.get("confidence"),
        }
        for q in doc.get("quotes") or []
    ]
    claims = [
        {
            "local_id": c.get("id") or "", "holder_key": keys.get(c.get("holder") or ""),
            "holder_name": c.get("holder_name") or _plain(c.get("holder"), keys),
            "target_key": keys.get(c.get("target") or ""),
            "target_name": c.get("target_name") or _plain(c.get("target"), keys),
            "stance": c.get("stance"), "cue": c.get("cue"), "text": c.get("text"),
            "start_offset": c.get("start"), "end_offset": c.get("end"), "date": c.get("date"),
            "confidence": c.get("confidence"),
        }
        for c in doc.get("claims") or []
    ]
    events = []
    for v in doc.get("events") or []:
        evidence = v.get("evidence") or {}
        events.append({
            "local_id": v.get("id") or "", "type": v.get("type"), "mode": v.get("mode"),
            "source_key": keys.get(v.get("source") or ""), "source_name": v.get("source_name") or _plain(v.get("source"), keys),
            "source_code": v.get("source_code"),
            "target_key": keys.get(v.get("target") or ""), "target_name": v.get("target_name") or _plain(v.get("target"), keys),
            "target_code": v.get("target_code"),
            "location_key": keys.get(v.get("location") or ""),
            "location_name": v.get("location_name") or _plain(v.get("location"), keys),
            "date": v.get("date"), "killed": _int(v.get("killed")), "injured": _int(v.get("injured")),
            "reported_by": v.get("reported_by"), "evidence_text": evidence.get("text"),
            "start_offset": evidence.get("start"), "end_offset": evidence.get("end"), "confidence": v.get("confidence"),
        })
    times_rows = [
        {
            "text": t.get("text"), "start_offset": t.get("start"), "end_offset": t.get("end"),
            "value": t.get("value"), "grain": t.get("grain"),
        }
        for t in doc.get("times") or []
    ]
    body = doc.get("text") or ""
    return {
        "article": {
            "doc_id": doc.get("id") or digest[:16], "content_hash": digest, "url": doc.get("url"),
            "title": doc.get("title"), "published": (doc.get("published") or None) and str(doc["published"])[:10],
            "source": source, "text": body, "search_text": index_text(doc.get("title"), body),
            "analysis": json.dumps(doc, ensure_ascii=False),
        },
        "entities": entities,
        "article_entities": article_entities,
        "mentions": mentions,
        "quotes": quotes,
        "claims": claims,
        "events": events,
        "times": times_rows,
    }


def _plain(ref: Any, keys: dict[str, str]) -> str | None:
    """A reference that is a plain name (not an entity id of the article), as a name."""
    return ref if isinstance(ref, str) and ref and ref not in keys else None


def _name_of(doc: dict[str, Any], ref: Any) -> str | None:
    if not isinstance(ref, str) or not ref:
        return None
    for ent in doc.get("entities") or []:
        if ent.get("id") == ref:
            return ent.get("name") or ent.get("name_ar")
    return ref


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


Job = tuple[str, RawArticle]
Outcome = tuple[str, dict[str, Any] | None, str | None]  # (hash, prepared record or None, skip reason)


def analyse_job(job: Job) -> Outcome:
    """Analyse one raw article (runs in a worker process); bad input comes back as a reason."""
    import khabar

    digest, raw = job
    try:
        doc = khabar.analyze(raw.as_text(), published=raw.published, url=raw.url)
        return digest, prepare_record(doc.to_dict(), digest, raw.source), None
    except KhabarInputError as exc:
        return digest, None, _reason(str(exc))
    except Exception as exc:  # one article that breaks an extractor must not stop a corpus ingest
        return digest, None, f"analysis failed: {type(exc).__name__}"


@dataclass
class IngestReport:
    """What an ingest did: counts, the reasons for every skip, and how long it took."""

    read: int = 0
    stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    batches: int = 0
    # CPU seconds of the ingest process itself (reading, storing) and of its analysis workers,
    # kept apart because the two compete for the same cores.
    cpu_ingest: float = 0.0
    cpu_workers: float = 0.0

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "skipped": dict(self.skipped),
            "seconds": round(self.seconds, 2), "articles_per_second": round(self.rate, 1),
            "cpu_seconds": {"ingest": round(self.cpu_ingest, 2), "workers": round(self.cpu_workers, 2)},
        }


def _cpu_times() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its children that have ended."""
    try:
        import resource
    except ImportError:  # Windows has no getrusage
        return 0.0, 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _batches(items: Iterable[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _warm_up() -> None:
    """Load the pipeline's data in the parent, so forked workers share it instead of each loading it."""
    import khabar

    # A broken stage shows up per article, with its reason, later.
    with contextlib.suppress(Exception):
        khabar.analyze("قال وزير الخارجية السعودي في الرياض يوم الأحد إن المحادثات مستمرة.", published="2015-01-01")


def run_ingest(
    store: Any,
    items: Iterable[RawArticle | KhabarInputError],
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = DEFAULT_WORKERS,
    on_progress: Callable[[IngestReport], None] | None = None,
    pause_after_batch: float = 0.0,
    on_skip: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest articles into `store`; each batch is one transaction, so a killed run resumes cleanly.

    Articles whose content hash is stored (or seen earlier in this run) are skipped before
    analysis. A KhabarInputError *raised* by the reader (a corrupt archive) stops the run
    after everything before it has been committed; one *yielded* is a skipped record.
    `on_skip` hears one line per article refused as bad input (not for duplicates)."""
    report = IngestReport()
    started = time.perf_counter()
    cpu_started = _cpu_times()
    seen: set[str] = set()
    origins: dict[str, str | None] = {}  # digest -> where the article came from, while in flight

    def jobs() -> Iterator[Job]:
        # Hash-check in chunks: one query per chunk, not per article.
        pending: list[Job] = []

        def flush() -> Iterator[Job]:
            known = store.known_hashes([d for d, _ in pending])
            for digest, raw in pending:
                if digest in known:
                    report.skipped["already stored"] += 1
                else:
                    if on_skip:
                        origins[digest] = raw.origin
                    yield digest, raw
            pending.clear()

        for item in items:
            report.read += 1
            if isinstance(item, KhabarInputError):
                report.skipped[_reason(str(item))] += 1
                if on_skip:
                    on_skip(str(item))
                continue
            digest = content_hash(item)
            if digest in seen:
                report.skipped["duplicate in input"] += 1
                continue
            seen.add(digest)
            pending.append((digest, item))
            if len(pending) >= batch_size:
                yield from flush()
        if pending:
            yield from flush()

    def handle(outcomes: list[Outcome]) -> None:
        records = []
        for digest, record, reason in outcomes:
            origin = origins.pop(digest, None)
            if record is None:
                report.skipped[reason or "unanalysable"] += 1
                if on_skip:
                    on_skip(f"{origin or digest[:12]}: {reason or 'unanalysable'}")
            else:
                records.append(record)
        report.stored += store.write_batch(records)
        report.batches += 1
        report.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(report)
        if pause_after_batch:
            time.sleep(pause_after_batch)

    job_batches = _batches(jobs(), batch_size)
    if workers <= 1:
        for batch in job_batches:
            handle([analyse_job(job) for job in batch])
    else:
        _run_pooled(job_batches, workers, handle)
    if report.stored:
        store.optimize()
    report.seconds = time.perf_counter() - started
    # The pool's workers have been waited for by now, so their CPU is the children's.
    cpu_ended = _cpu_times()
    report.cpu_ingest = cpu_ended[0] - cpu_started[0]
    report.cpu_workers = cpu_ended[1] - cpu_started[1]
    return report


def _run_pooled(job_batches: Iterator[list[Job]], workers: int, handle: Callable[[list[Outcome]], None]) -> None:
    """Analyse batches in a pool while the parent writes the previous batch (two in flight)."""
    first = next(job_batches, None)
    if first is None:
        return
    if len(first) < _POOL_THRESHOLD:
        handle([analyse_job(job) for job in first])
        for batch in job_batches:
            handle([analyse_job(job) for job in batch])
        return
    _warm_up()
    # fork: workers inherit the loaded pipeline data; no re-import per worker.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(first) // (workers * 4))
    # Frozen, the pipeline data loaded by the warm-up is never traversed by the workers'
    # collector, which would also copy every page it touches out of the shared memory.
    gc.freeze()
    try:
        pool = context.Pool(workers, initializer=_init_worker)
    finally:
        gc.unfreeze()  # the workers forked with it frozen; the parent collects as usual
    with pool:
        in_flight = [pool.map_async(analyse_job, first, chunksize=chunk)]
        for batch in job_batches:
            in_flight.append(pool.map_async(analyse_job, batch, chunksize=chunk))
            if len(in_flight) > 2:
                handle(in_flight.pop(0).get())
        while in_flight:
            handle(in_flight.pop(0).get())


def _init_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool (no traceback per worker), and
    run the cyclic garbage collector less often."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*_WORKER_GC_THRESHOLD)


def default_workers() -> int:
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))
