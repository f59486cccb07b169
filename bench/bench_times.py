"""Benchmark: articles per second of the times stage over the SaudiNewsNet sample (one core).

    python bench/bench_times.py [--data PATH_TO_SHARED_DATA] [--limit N] [--repeat R]

Times are CPU seconds of this process (time.process_time), so that other work on the
machine does not count. Prints the load time of the rules, articles/s of parse_times (recognition + resolution
against each record's date) and of the add_times stage on Documents, and how many time
expressions were found. The combined times+numbers target is >= 1,000 articles/s."""

from __future__ import annotations

import time

from common import article_texts, data_argument


def main() -> None:
    parser = data_argument(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="passes over the sample (best one is kept)")
    args = parser.parse_args()
    articles = article_texts(args.data, args.limit)
    if not articles:
        raise SystemExit("bench: no articles")

    started = time.process_time()
    from khabar.extract.times import add_times, find_times, make_reference, rules

    rules()
    load_seconds = time.process_time() - started

    best = None
    found = 0
    for _ in range(max(1, args.repeat)):
        found = 0
        started = time.process_time()
        for text, published in articles:
            found += len(find_times(text, make_reference(published)))
        elapsed = time.process_time() - started
        best = elapsed if best is None else min(best, elapsed)

    from khabar.document import Document

    docs = [Document(text=text, published=published) for text, published in articles]
    started = time.process_time()
    for doc in docs:
        add_times(doc)
    stage_seconds = time.process_time() - started
    chars = sum(len(t) for t, _ in articles)

    print(f"articles            {len(articles)}  ({chars / len(articles):.0f} chars on average)")
    print(f"rules load          {load_seconds * 1000:.0f} ms")
    print(f"parse_times         {len(articles) / best:,.0f} articles/s  ({best / len(articles) * 1e6:.0f} us/article)")
    print(f"add_times stage     {len(articles) / stage_seconds:,.0f} articles/s")
    print(f"time expressions    {found}  ({found / len(articles):.1f} per article)")


if __name__ == "__main__":
    main()
