"""Shared helpers to score khabar against Duckling's Arabic corpora (JSONL in ../shared/data/duckling_ar)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Duckling's testContext (Duckling/Testing/Types.hs): Tuesday 2013-02-12 04:30:00 at UTC-2.
DUCKLING_REFERENCE = "2013-02-12T04:30:00-02:00"


@dataclass(frozen=True, slots=True)
class DucklingExample:
    """One row of a converted Duckling corpus: the input text and what Duckling expects."""

    dimension: str
    text: str
    expected: dict[str, Any] | None
    negative: bool = False

    @property
    def is_negative(self) -> bool:
        return self.negative or self.expected is None


def load_duckling(path: str | Path) -> list[DucklingExample]:
    """Read a duckling_ar/*.jsonl file (one {"dimension","text","expected"[,"negative"]} per line).

    Blank or malformed lines are skipped rather than fatal: a corrupt row should cost one
    example, not the whole evaluation."""
    examples: list[DucklingExample] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(row, dict) or "text" not in row:
                continue
            examples.append(
                DucklingExample(
                    dimension=str(row.get("dimension", "")),
                    text=str(row["text"]),
                    expected=row.get("expected"),
                    negative=bool(row.get("negative", False)),
                )
            )
    return examples


def _span(item: Any) -> tuple[int, int]:
    if isinstance(item, dict):
        return int(item.get("start", 0)), int(item.get("end", 0))
    return int(getattr(item, "start", 0)), int(getattr(item, "end", 0))


def covering_item(items: Sequence[Any] | Iterable[Any], text: str) -> Any | None:
    """The item that stands for the whole input: the one covering most of `text`.

    Items are dicts or objects with `start`/`end` offsets into `text`. Ties go to the
    earlier item (the first reading). Whitespace and punctuation outside the items do not
    count against them. Returns None when there are no items."""
    best = None
    best_key: tuple[int, int] | None = None
    for item in items:
        start, end = _span(item)
        covered = len(text[start:end].strip())
        key = (covered, -start)
        if best_key is None or key > best_key:
            best, best_key = item, key
    return best


def pass_rate(results: Sequence[bool]) -> tuple[int, int, float]:
    """(passed, total, rate) over a list of per-example outcomes."""
    total = len(results)
    passed = sum(1 for r in results if r)
    return passed, total, (passed / total if total else 0.0)
