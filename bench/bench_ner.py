"""Benchmark of the CRF tagger: model load time, tag_tokens tokens/s on one core, package data size."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def _data_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None,
                        help="ANERcorp CoNLL file to tag, or the shared data folder holding anercorp/ "
                             "(default: the shared test split)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the text; the best is kept")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from khabar.data import data_path
    from khabar.evaluation.paths import shared_data
    from khabar.evaluation.train_ner import TEST_FILE, TRAIN_FILE, read_conll

    path = args.data or shared_data("anercorp", TEST_FILE)
    if path.is_dir():  # `make bench` passes the shared data folder to every benchmark
        path = path / "anercorp" / TEST_FILE
    sentences = [[w for w, _ in s] for s in read_conll(path)]
    tokens = sum(len(s) for s in sentences)

    started = time.perf_counter()
    from khabar.extract.ner_crf import default_tagger, tag_sentences, tag_tokens

    default_tagger()
    load = time.perf_counter() - started
    print(f"model load (import + both models + lists): {load:.3f} s")

    cold_start = time.perf_counter()
    for sentence in sentences:
        tag_tokens(sentence)
    cold = time.perf_counter() - cold_start
    print(f"tag_tokens, cold feature cache: {tokens / cold:,.0f} tokens/s ({tokens} tokens)")
    best = float("inf")
    for _ in range(args.repeat):
        begin = time.perf_counter()
        for sentence in sentences:
            tag_tokens(sentence)
        best = min(best, time.perf_counter() - begin)
    print(f"tag_tokens, warm feature cache: {tokens / best:,.0f} tokens/s")
    train_path = path.parent / TRAIN_FILE
    if train_path.exists():
        # a long-running tagger's steady state on new text: its caches hold the words of other text (the
        # train split), and the test split's unseen words still cost their first sight
        default_tagger.cache_clear()
        tagger = default_tagger()
        for sentence in read_conll(train_path):
            tagger.tag([w for w, _ in sentence])
        begin = time.perf_counter()
        for sentence in sentences:
            tag_tokens(sentence)
        steady = time.perf_counter() - begin
        print(f"tag_tokens, new text after the train split: {tokens / steady:,.0f} tokens/s")
    begin = time.perf_counter()
    tag_sentences(sentences)
    both = time.perf_counter() - begin
    print(f"tag_sentences (two passes, document hints): {tokens / both:,.0f} tokens/s")
    data_dir = data_path()
    print(f"package data dir {data_dir}: {_data_size(data_dir) / 1e6:.1f} MB; "
          f"NER files: {(_data_size(data_dir / 'ner') + sum(p.stat().st_size for p in (data_dir / 'models').glob('ner_crf*'))) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
