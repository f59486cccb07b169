"""Benchmark: `khabar ingest` of the SaudiNewsNet sample end to end (>= 100 articles/s), then a second ingest that must add 0 rows."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, data_argument, saudinewsnet_records

from khabar.corpus.store import CorpusStore

KHABAR = [str(REPO / ".venv" / "bin" / "khabar")] if (REPO / ".venv" / "bin" / "khabar").exists() else [
    sys.executable, "-m", "khabar"]
TARGET = 100.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest(source: Path, db: str, workers: int, batch_size: int) -> tuple[dict, float, float]:
    """Run `khabar ingest`; its report, the wall time and the CPU time of it and its workers."""
    cmd = [*KHABAR, "ingest", str(source), "--db", db, "--format", "json", "--quiet",
           "--workers", str(workers), "--batch-size", str(batch_size)]
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: khabar ingest failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall, _children_cpu() - cpu


def analysis_only(records: list[dict], count: int) -> tuple[float, float]:
    """Wall and CPU milliseconds per article of khabar.analyze alone in this process: where ingest time goes.

    The articles are spread evenly over the input: the sample's first thousand cost about twice
    its average per article, so timing the first ones made analysis look like more of the ingest
    than it is."""
    import khabar

    sample = records[:: max(1, len(records) // count)][:count]
    khabar.analyze("قال الوزير في الرياض أمس إن المحادثات مستمرة.", published="2015-08-01")
    start, cpu = time.perf_counter(), time.process_time()
    for record in sample:
        # refused or broken articles still cost their time
        with contextlib.suppress(Exception):
            khabar.analyze(f"{record.get('title') or ''}\n\n{record.get('content') or ''}",
                           published=(record.get("date_extracted") or "")[:10] or None)
    wall_ms = 1000 * (time.perf_counter() - start) / len(sample)
    return wall_ms, 1000 * (time.process_time() - cpu) / len(sample)


def main() -> None:
    parser = data_argument(__doc__.splitlines()[0])
    parser.add_argument("--db", action="append",
                        help="database URL (repeatable); default a fresh SQLite file. PostgreSQL runs "
                             "in a fresh schema that is dropped afterwards, e.g. postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--profile", type=int, default=300,
                        help="articles timed through khabar.analyze alone, for the breakdown (0: skip)")
    args = parser.parse_args()
    data = args.data if (args.data / "saudinewsnet_sample").is_dir() else args.data.parent
    records = list(saudinewsnet_records(data, args.limit))
    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        if args.limit:
            source = Path(tmp) / "sample.jsonl"
            with open(source, "w", encoding="utf-8") as fh:
                for record in records:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            source = data / "saudinewsnet_sample"
        print(f"input: {len(records):,} SaudiNewsNet records from {source}; {args.workers} workers, "
              f"batches of {args.batch_size}, {os.cpu_count()} CPUs")
        failed = False
        for db in args.db or [str(Path(tmp) / "bench.db")]:
            schema = None
            url = db
            if db.startswith(("postgresql://", "postgres://")):
                schema = f"khabar_bench_{os.getpid()}"
                url = f"{db}{'&' if '?' in db else '?'}schema={schema}"
            try:
                with CorpusStore(url) as store:
                    if store.counts()["articles"]:
                        sys.exit(f"bench: {db} already holds articles; give a fresh database")
                load_before = os.getloadavg()[0]
                first, wall, cpu = ingest(source, url, args.workers, args.batch_size)
                load_after = os.getloadavg()[0]
                with CorpusStore(url) as store:
                    counts = store.counts()
                second, wall2, _cpu2 = ingest(source, url, args.workers, args.batch_size)
                with CorpusStore(url) as store:
                    again = store.counts()
            finally:
                if schema:
                    with CorpusStore(url, migrate=False) as store, store.engine.begin() as conn:
                        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            rate = first["stored"] / wall
            added = {k: again[k] - counts[k] for k in counts if again[k] != counts[k]}
            backend = "PostgreSQL" if schema else "SQLite"
            print(f"{backend}: ingested {first['stored']:,} articles in {wall:.1f} s wall = {rate:.1f} articles/s "
                  f"end to end (target >= {TARGET:.0f}); skipped {sum(first['skipped'].values())}: {first['skipped']}")
            cores = min(args.workers, os.cpu_count() or 1)
            print(f"  CPU: {cpu:.1f} s (ingest process + workers) = {1000 * cpu / max(1, first['stored']):.1f} ms per "
                  f"article -> {cores * first['stored'] / cpu if cpu else 0:.1f} articles/s on {cores} idle cores; "
                  f"load average {load_before:.1f} before, {load_after:.1f} after (other processes share the CPUs)")
            split = first.get("cpu_seconds")
            if split:
                print(f"  of which the ingest process (reading, transfer, storing) {1000 * split['ingest'] / max(1, first['stored']):.2f} "
                      f"ms per article, its analysis workers {1000 * split['workers'] / max(1, first['stored']):.2f} ms per article"
                      + (" (not counted: the PostgreSQL server's own CPU)" if schema else ""))
            print(f"  rows: {counts}")
            print(f"  second ingest: {second['stored']} articles added, rows changed: {added or 'none'} "
                  f"({wall2:.1f} s, {second['skipped'].get('already stored', 0):,} already stored)")
            if rate < TARGET or second["stored"] or added:
                failed = True
        if args.profile:
            wall_ms, cpu_ms = analysis_only(records, args.profile)
            cores = min(args.workers, os.cpu_count() or 1)
            print(f"where the time goes: khabar.analyze alone on {args.profile} articles spread over the input = "
                  f"{cpu_ms:.1f} ms CPU per article ({wall_ms:.1f} ms wall at load {os.getloadavg()[0]:.1f}); "
                  f"{cores} workers bound ingest near {cores * 1000 / cpu_ms:.0f} articles/s on idle cores; "
                  f"the rest of the ingest CPU above is storage, reading and transfer")
    if failed:
        print("bench_ingest: target missed")
        sys.exit(1)


if __name__ == "__main__":
    main()
