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


@pytest.mark.skipif(not TIME.exists(), reason="shared Duckling corpus not present")
def test_eval_command_prints_side_by_side_rates() -> None:
    from click.testing import CliRunner

    from khabar.evaluation.times_eval import times_command

    result = CliRunner().invoke(times_command, ["--no-peer"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["corpus", "khabar", "dateparser"]
    assert lines[1].startswith("time") and "%" in lines[1]
    assert any(line.startswith("numeral") for line in lines)


def test_scoring_reads_grains_and_intervals() -> None:
    from khabar.evaluation.duckling import DucklingExample
    from khabar.evaluation.times_eval import instant, time_passes

    assert instant("2013-W07").isoformat() == "2013-02-11T00:00:00"
    day = DucklingExample("time", "امس", {"type": "value", "value": "2013-02-11T00:00:00", "grain": "day"})
    assert time_passes([{"start": 0, "end": 3, "value": "2013-02-11", "grain": "day"}], day)
    assert not time_passes([{"start": 0, "end": 3, "value": "2013-02-11", "grain": "week"}], day)
    span = DucklingExample("time", "x", {"type": "interval", "from": "2013-03-01T00:00:00",
                                         "to": "2013-03-11T00:00:00", "grain": "day"})
    assert time_passes([{"start": 0, "end": 1, "value": "2013-03", "grain": "part-of-month",
                         "interval": ["2013-03-01", "2013-03-11"]}], span)
    negative = DucklingExample("time", "حب", None, negative=True)
    assert time_passes([], negative) and not time_passes([{"start": 0, "end": 2, "value": "x"}], negative)
