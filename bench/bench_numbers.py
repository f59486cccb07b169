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

    started = time.perf_counter()
    numbers = sum(len(scan(t).found) for t in texts)
    scan_seconds = time.perf_counter() - started

    docs = [Document(text=t) for t in texts]
    started = time.perf_counter()
    quantities = sum(len(add_quantities(d).quantities) for d in docs)
    stage_seconds = time.perf_counter() - started

    print(f"articles: {len(texts)} ({chars / len(texts):.0f} chars on average)")
    print(f"scan (parse_numbers core): {len(texts) / scan_seconds:,.0f} articles/s, {numbers} numbers")
    print(f"quantities stage:          {len(texts) / stage_seconds:,.0f} articles/s, {quantities} quantities")
    if args.with_times:
        from khabar.extract.times import add_times

        docs = [Document(text=t) for t in texts]
        started = time.perf_counter()
        for d in docs:
            add_times(d)
        times_seconds = time.perf_counter() - started
        docs = [Document(text=t) for t in texts]
        started = time.perf_counter()
        for d in docs:
            add_quantities(add_times(d))
        both_seconds = time.perf_counter() - started
        print(f"times stage:               {len(texts) / times_seconds:,.0f} articles/s")
        print(f"times + quantities:        {len(texts) / both_seconds:,.0f} articles/s (target >= 1,000)")
    for name in ("numeral.jsonl", "ordinal.jsonl"):
        passed, total = duckling_pass_rate(args.data, name)
        if total:
            print(f"duckling {name}: {passed}/{total} = {passed / total:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
