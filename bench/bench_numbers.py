"""Benchmark: articles per second of the numbers scanner and of the quantities stage over the SaudiNewsNet
sample (one core), plus the Duckling numeral/ordinal pass rates of parse_numbers.

    python bench/bench_numbers.py [--data PATH_TO_SHARED_DATA] [--limit N] [--with-times]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path


def load_articles(data: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for archive in sorted((data / "saudinewsnet_sample").glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                for record in json.loads(zf.read(name)):
                    texts.append(f"{record.get('title') or ''}\n\n{record.get('content') or ''}")
                    if len(texts) >= limit:
                        return texts
    return texts


def duckling_pass_rate(data: Path, name: str) -> tuple[int, int]:
    from khabar.extract.numbers import parse_numbers

    passed = total = 0
    path = data / "duckling_ar" / name
    if not path.exists():
        return 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        total += 1
        text = row["text"]
        covering = [i for i in parse_numbers(text) if i["start"] <= 0 and i["end"] >= len(text.rstrip())]
        if covering and abs(covering[0]["value"] - row["expected"]["value"]) < 1e-9:
            passed += 1
    return passed, total


def duckling_money_rate(data: Path) -> tuple[int, int]:
    from khabar.extract.numbers import parse_numbers

    passed = total = 0
    path = data / "duckling_ar" / "amount_of_money.jsonl"
    if not path.exists():
        return 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        total += 1
        want = row.get("expected") or {}
        if "value" not in want:
            continue
        items = parse_numbers(row["text"])
        passed += any(i["kind"] == "money" and abs(i["value"] - want["value"]) < 1e-6 for i in items)
    return passed, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--limit", type=int, default=10_094)
    parser.add_argument("--with-times", action="store_true", help="also time the times stage and both together")
    args = parser.parse_args()
    if args.data is None:
        from khabar.evaluation.paths import shared_data

        args.data = shared_data()
    if not (args.data / "saudinewsnet_sample").exists():
        print(f"no SaudiNewsNet sample under {args.data}", file=sys.stderr)
        return 2

    from khabar.document import Document
    from khabar.extract.numbers import add_quantities, scan
    from khabar.extract.numbers_lexicon import lexicon

    texts = load_articles(args.data, args.limit)
    chars = sum(len(t) for t in texts)
    lexicon()  # loading the data files is start-up, not throughput

    # CPU time of this process is reported beside wall time: on a shared machine the wall clock
    # also counts the time other processes hold the core
    wall, cpu = time.perf_counter(), time.process_time()
    numbers = sum(len(scan(t).found) for t in texts)
    scan_wall, scan_cpu = time.perf_counter() - wall, time.process_time() - cpu

    docs = [Document(text=t) for t in texts]
    wall, cpu = time.perf_counter(), time.process_time()
    quantities = sum(len(add_quantities(d).quantities) for d in docs)
    stage_wall, stage_cpu = time.perf_counter() - wall, time.process_time() - cpu

    n = len(texts)
    print(f"articles: {n} ({chars / n:.0f} chars on average)")
    print(f"scan (parse_numbers core): {n / scan_wall:,.0f} articles/s wall, {n / scan_cpu:,.0f} per CPU-second;"
          f" {numbers} numbers")
    print(f"quantities stage:          {n / stage_wall:,.0f} articles/s wall, {n / stage_cpu:,.0f} per CPU-second;"
          f" {quantities} quantities")
    if args.with_times:
        from khabar.extract.times import add_times

        docs = [Document(text=t) for t in texts]
        cpu = time.process_time()
        for d in docs:
            add_times(d)
        times_cpu = time.process_time() - cpu
        docs = [Document(text=t) for t in texts]
        wall, cpu = time.perf_counter(), time.process_time()
        for d in docs:
            add_quantities(add_times(d))
        both_wall, both_cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"times stage:               {n / times_cpu:,.0f} per CPU-second")
        print(f"times + quantities:        {n / both_wall:,.0f} articles/s wall, {n / both_cpu:,.0f} per CPU-second"
              " (target >= 1,000)")
    for name in ("numeral.jsonl", "ordinal.jsonl"):
        passed, total = duckling_pass_rate(args.data, name)
        if total:
            print(f"duckling {name}: {passed}/{total} = {passed / total:.1%}")
    passed, total = duckling_money_rate(args.data)
    if total:
        print(f"duckling amount_of_money.jsonl (a money item with the value; ranges count as misses):"
              f" {passed}/{total} = {passed / total:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
