"""Benchmark helpers: where the shared data is, and the SaudiNewsNet sample as article texts."""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def data_argument(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data",
                        help="the shared data folder (default ../shared/data)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    return parser


def saudinewsnet_records(data: Path, limit: int = 0) -> Iterator[dict]:
    """Records (source, url, date_extracted, title, content) of the SaudiNewsNet sample zips."""
    folder = data / "saudinewsnet_sample"
    if not folder.is_dir():
        sys.exit(f"bench: no SaudiNewsNet sample at {folder} (pass --data)")
    count = 0
    for archive in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                for record in json.loads(zf.read(name)):
                    yield record
                    count += 1
                    if limit and count >= limit:
                        return


def article_texts(data: Path, limit: int = 0) -> list[tuple[str, str]]:
    """(text, published) pairs as `khabar analyze` sees a SaudiNewsNet record: title, blank line, content."""
    return [
        (f"{r.get('title') or ''}\n\n{r.get('content') or ''}", (r.get("date_extracted") or "")[:10] or None)
        for r in saudinewsnet_records(data, limit)
    ]
