"""Benchmark: cleaning + sentence segmentation throughput (one core) and `khabar analyze` wall time."""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from common import REPO, article_texts, data_argument

from khabar.errors import KhabarInputError
from khabar.text.clean import clean_article
from khabar.text.segment_stage import add_sentences


def main() -> None:
    args = data_argument(__doc__.splitlines()[0]).parse_args()
    texts = article_texts(args.data, args.limit)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    clean_article(texts[0][0])  # load the boilerplate lexicon outside the timing
    skipped = 0
    start = time.perf_counter()
    for text, published in texts:
        try:
            add_sentences(clean_article(text, published=published))
        except KhabarInputError:
            skipped += 1
    elapsed = time.perf_counter() - start
    rate = len(texts) / elapsed
    print(f"cleaning + segmentation: {len(texts)} articles in {elapsed:.2f} s = {rate:,.0f} articles/s "
          f"on one core ({skipped} refused as bad input); target >= 1,000")

    khabar = REPO / ".venv" / "bin" / "khabar"
    example = REPO / "examples" / "article.txt"
    if khabar.exists():
        walls = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run([str(khabar), "analyze", str(example), "--published", "2025-03-16"],
                           check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
        print(f"khabar analyze of one article, wall incl. start-up: median {statistics.median(walls):.3f} s, "
              f"max {max(walls):.3f} s over 5 runs; target < 1 s")


if __name__ == "__main__":
    main()
