"""`khabar eval times`: pass rates on Duckling's Arabic time/numeral/ordinal corpora, beside dateparser's."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from khabar.evaluation.duckling import (
    DUCKLING_REFERENCE,
    DucklingExample,
    covering_item,
    load_duckling,
    pass_rate,
)
from khabar.evaluation.paths import shared_data

# Our grains that stand for each Duckling grain when a single value is expected.
GRAIN_MATCH = {
    "second": {"second", "present"},
    "minute": {"minute"},
    "hour": {"hour"},
    "day": {"day"},
    "week": {"week"},
    "month": {"month"},
    "year": {"year"},
}


def reference_moment() -> datetime:
    return datetime.fromisoformat(DUCKLING_REFERENCE)


def instant(value: str) -> datetime | None:
    """The first instant an ISO value names: 2013 → 1 Jan, 2013-W07 → its Monday, ..."""
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return datetime.combine(date.fromisocalendar(int(year), int(week[:2]), 1), datetime.min.time())
        if "-Q" in value or "-H" in value:
            year, part = value.replace("-H", "-Q").split("-Q")
            months = 3 if "-Q" in value else 6
            return datetime(int(year), (int(part) - 1) * months + 1, 1)
        if len(value) == 4:
            return datetime(int(value), 1, 1)
        if len(value) == 7:
            return datetime(int(value[:4]), int(value[5:7]), 1)
        moment = datetime.fromisoformat(value)
        return moment.replace(tzinfo=None)
    except ValueError:
        return None


def time_passes(items: list[dict[str, Any]], example: DucklingExample) -> bool:
    """Duckling's whole-input check: the covering item has the expected value at the expected
    grain (intervals: both bounds agree); a negative example passes when nothing is found."""
    if example.is_negative:
        return not items
    item = covering_item(items, example.text)
    if item is None or item.get("value") is None:
        return False
    expected = example.expected or {}
    if expected.get("type") == "interval":
        bounds = item.get("interval")
        if not bounds:
            return False
        return instant(bounds[0]) == instant(expected["from"]) and instant(bounds[1]) == instant(expected["to"])
    grain = expected.get("grain", "")
    if item.get("grain") not in GRAIN_MATCH.get(grain, {grain}):
        return False
    if item.get("grain") == "present":
        return instant(expected["value"]) == reference_moment().replace(tzinfo=None)
    return instant(str(item["value"])) == instant(expected["value"])


def _truncate(moment: datetime, grain: str) -> datetime:
    if grain == "year":
        return datetime(moment.year, 1, 1)
    if grain == "month":
        return datetime(moment.year, moment.month, 1)
    if grain == "week":
        day = moment.date() - timedelta(days=moment.weekday())
        return datetime.combine(day, datetime.min.time())
    if grain == "day":
        return datetime(moment.year, moment.month, moment.day)
    if grain == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    if grain == "minute":
        return moment.replace(second=0, microsecond=0)
    return moment.replace(microsecond=0)


def dateparser_passes(parse: Callable[[str], datetime | None], example: DucklingExample) -> bool:
    """dateparser gives one datetime and no grain: it passes when that datetime, cut to the
    expected grain, is the expected value (for intervals: the interval's start)."""
    try:
        found = parse(example.text)
    except Exception:  # noqa: BLE001 - a crash of the peer tool counts as a miss
        found = None
    if example.is_negative:
        return found is None
    if found is None:
        return False
    expected = example.expected or {}
    grain = expected.get("grain", "second")
    target = expected.get("value") or expected.get("from")
    wanted = instant(str(target))
    return wanted is not None and _truncate(found.replace(tzinfo=None), grain) == _truncate(wanted, grain)


def _dateparser() -> Callable[[str], datetime | None] | None:
    try:
        import dateparser
    except ImportError:
        return None
    base = reference_moment().replace(tzinfo=None)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}
    return lambda text: dateparser.parse(text, languages=["ar"], settings=settings)


def _numbers_parser() -> Callable[[str], list[Any]] | None:
    """khabar.parse_numbers from the numbers layer, when it exists in this checkout."""
    try:
        module = importlib.import_module("khabar.extract.numbers")
    except ImportError:
        return None
    return getattr(module, "parse_numbers", None)


def number_passes(parse: Callable[[str], list[Any]], example: DucklingExample) -> bool:
    try:
        items = [i if isinstance(i, dict) else vars(i) for i in parse(example.text)]
    except Exception:  # noqa: BLE001 - a crash counts as a miss, not as an aborted evaluation
        return False
    if example.is_negative:
        return not items
    item = covering_item(items, example.text)
    if item is None:
        return False
    try:
        return abs(float(item.get("value")) - float((example.expected or {})["value"])) < 1e-9
    except (TypeError, ValueError, KeyError):
        return False


def evaluate_times(path: Path, prefer: str = "future") -> tuple[list[bool], list[tuple[DucklingExample, Any]]]:
    from khabar.extract.times import parse_times

    outcomes: list[bool] = []
    failures: list[tuple[DucklingExample, Any]] = []
    reference = reference_moment()
    for example in load_duckling(path):
        items = parse_times(example.text, reference, prefer=prefer)
        ok = time_passes(items, example)
        outcomes.append(ok)
        if not ok:
            failures.append((example, covering_item(items, example.text)))
    return outcomes, failures


def _fmt(result: tuple[int, int, float] | None) -> str:
    if result is None:
        return "not available"
    passed, total, rate = result
    return f"{passed}/{total} = {rate:.1%}"


@click.command("times")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="folder with time.jsonl, numeral.jsonl, ordinal.jsonl (default ../shared/data/duckling_ar)")
@click.option("--failures", is_flag=True, help="list the time examples khabar misses")
@click.option("--no-peer", is_flag=True, help="skip dateparser (it is slow to load)")
def times_command(data_dir: Path | None, failures: bool, no_peer: bool) -> None:
    """Duckling's Arabic corpora: khabar's pass rate beside dateparser's (reference Tue 2013-02-12 04:30 UTC-2)."""
    folder = data_dir or shared_data("duckling_ar")
    time_file = folder / "time.jsonl"
    if not time_file.exists():
        raise click.ClickException(f"no Duckling corpus at {folder} (pass --data)")
    outcomes, missed = evaluate_times(time_file, prefer="future")
    news, _ = evaluate_times(time_file, prefer="past")
    peer = None if no_peer else _dateparser()
    peer_rate = None
    if peer is not None:
        peer_rate = pass_rate([dateparser_passes(peer, ex) for ex in load_duckling(time_file)])
    click.echo(f"{'corpus':<14}{'khabar':>22}{'dateparser':>22}")
    click.echo(f"{'time':<14}{_fmt(pass_rate(outcomes)):>22}{_fmt(peer_rate):>22}")
    click.echo(f"{'  (news conv.)':<14}{_fmt(pass_rate(news)):>22}{'':>22}")
    numbers = _numbers_parser()
    for name in ("numeral", "ordinal"):
        path = folder / f"{name}.jsonl"
        ours = None
        if numbers is not None and path.exists():
            ours = pass_rate([number_passes(numbers, ex) for ex in load_duckling(path)])
        peer_cell = "n/a"
        click.echo(f"{name:<14}{_fmt(ours):>22}{peer_cell:>22}")
    click.echo("time: Duckling's dialogue convention (bare weekdays and months read forward); "
               "'news conv.' reads them backward as khabar does for articles.")
    if failures:
        for example, item in missed:
            got = f"{item.get('text')!r} -> {item.get('value')} {item.get('grain')} {item.get('interval') or ''}" \
                if item else "nothing"
            click.echo(f"MISS {example.text} | expected {example.expected} | got {got}")
