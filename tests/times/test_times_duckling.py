"""Duckling's Arabic time corpus through `khabar eval times` helpers (skipped without ../shared)."""

from __future__ import annotations

import pytest

from khabar.evaluation.duckling import covering_item, load_duckling, pass_rate
from khabar.evaluation.paths import shared_data

TIME = shared_data("duckling_ar", "time.jsonl")


def test_covering_item_prefers_the_widest() -> None:
    items = [{"start": 0, "end": 3}, {"start": 0, "end": 9}, {"start": 4, "end": 9}]
    assert covering_item(items, "abc defgh") == {"start": 0, "end": 9}
    assert covering_item([], "abc") is None


@pytest.mark.skipif(not TIME.exists(), reason="shared Duckling corpus not present")
def test_duckling_time_pass_rate_at_least_90_percent() -> None:
    from khabar.evaluation.times_eval import evaluate_times

    assert len(load_duckling(TIME)) == 180
    outcomes, _missed = evaluate_times(TIME, prefer="future")
    passed, total, rate = pass_rate(outcomes)
    assert rate >= 0.90, f"{passed}/{total}"
