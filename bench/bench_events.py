"""Events stage benchmark: articles/s of add_events alone over SaudiNewsNet sample articles (earlier stages
run once outside the timing), and events per article.

    .venv/bin/python bench/bench_events.py [--data PATH_TO_SHARED_DATA] [--limit N]
"""

from __future__ import annotations

import time
from collections import Counter

from common import article_texts, data_argument

from khabar.errors import KhabarInputError
from khabar.extract.events import add_events
from khabar.pipeline import default_pipeline
from khabar.text.clean import clean_article


def main() -> None:
    args = data_argument(__doc__.splitlines()[0]).parse_args()
    texts = article_texts(args.data, args.limit or 300)
    before_events = default_pipeline().without("events")
    docs = []
    for text, published in texts:
        try:
            docs.append(before_events(clean_article(text, published=published)))
        except KhabarInputError:
            continue
    add_events(docs[0])  # load the lexicons outside the timing
    types: Counter[str] = Counter()
    start = time.perf_counter()
    for doc in docs:
        add_events(doc)
        types.update(e.type for e in doc.events)
    elapsed = time.perf_counter() - start
    total = sum(types.values())
    print(f"events stage: {len(docs)} articles in {elapsed:.2f} s = {len(docs) / elapsed:,.0f} articles/s "
          f"({elapsed / len(docs) * 1000:.1f} ms/article); {total} events, {total / len(docs):.1f} per article")
    print("by type: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))


if __name__ == "__main__":
    main()
