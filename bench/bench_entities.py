"""Entity stage benchmark: gazetteer load time and per-article time over SaudiNewsNet sample articles.

    .venv/bin/python bench/bench_entities.py [--data PATH_TO_SHARED_DATA] [--articles N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import zipfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder (default: khabar's shared_data())")
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()

    started = time.perf_counter()
    from khabar.extract.gazetteer import load_gazetteer

    load_gazetteer()
    load_seconds = time.perf_counter() - started
    from khabar.document import Document
    from khabar.extract.entities import _crf_tagger, add_entities
    from khabar.text.segment_stage import add_sentences

    crf_started = time.perf_counter()
    crf = _crf_tagger()
    crf_seconds = time.perf_counter() - crf_started

    if args.data:
        folder = Path(args.data) / "saudinewsnet_sample"
    else:
        from khabar.evaluation.paths import shared_data

        folder = shared_data("saudinewsnet_sample")
    texts: list[str] = []
    for archive in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                for record in json.loads(zf.read(name)):
                    texts.append(f"{record.get('title', '')}\n\n{record.get('content', '')}")
                    if len(texts) >= args.articles:
                        break
        if len(texts) >= args.articles:
            break
    timings, entities, chars = [], 0, 0
    for text in texts:
        doc = add_sentences(Document(text=text))
        start = time.perf_counter()
        add_entities(doc)
        timings.append(time.perf_counter() - start)
        entities += len(doc.entities)
        chars += len(text)
    print(f"gazetteer load: {load_seconds * 1000:.0f} ms; CRF {'loaded' if crf else 'absent'} in {crf_seconds * 1000:.0f} ms")
    if timings:
        timings.sort()
        print(f"articles: {len(timings)}, {chars / len(timings):.0f} chars each on average, {entities} entities")
        print(f"per article: mean {statistics.mean(timings) * 1000:.1f} ms, median {timings[len(timings) // 2] * 1000:.1f} ms, "
              f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
