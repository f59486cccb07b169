"""Calendar arithmetic for time resolution: month shifts, ISO weeks, Hijri and Easter dates, formatting."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def next_month_start(year: int, month: int) -> date:
    y, m = add_months(year, month, 1)
    return date(y, m, 1)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_years_safe(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def shift_date(day: date, unit: str, amount: int) -> date:
    """`day` moved by `amount` units (day, week, month, year); month ends clamp."""
    if unit == "day":
        return day + timedelta(days=amount)
    if unit == "week":
        return day + timedelta(days=7 * amount)
    if unit == "month":
        y, m = add_months(day.year, day.month, amount)
        return date(y, m, min(day.day, last_day(y, m)))
    if unit == "year":
        return add_years_safe(day, amount)
    raise ValueError(unit)


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Umm al-Qura Hijri date to Gregorian (None outside hijridate's range or invalid)."""
    from hijridate import Hijri  # imported lazily: only Hijri expressions need it

    try:
        g = Hijri(year, month, day).to_gregorian()
        return date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def hijri_month_bounds(year: int, month: int) -> tuple[date, date] | None:
    start = hijri_to_gregorian(year, month, 1)
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    end = hijri_to_gregorian(ny, nm, 1)
    if start is None or end is None:
        return None
    return start, end


def gregorian_to_hijri(day: date) -> tuple[int, int, int] | None:
    from hijridate import Gregorian

    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def fmt_day(day: date) -> str:
    return day.isoformat()


def fmt_clock(moment: datetime, grain: str) -> str:
    if grain == "second":
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.strftime("%Y-%m-%dT%H:%M")
