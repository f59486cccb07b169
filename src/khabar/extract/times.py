"""Arabic temporal expressions: recognition by data-driven rules and resolution against the publication date."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any

from khabar.extract.times_lexicon import DROP_RE, Lexicon, _rows, fast_fold, fold_letters, lexicon

NO_REFERENCE = "no publication date"

__all__ = ["parse_times", "add_times", "times_between", "Reference", "NO_REFERENCE"]


class NeedsReference(Exception):
    """Raised by a resolver when a relative expression meets no reference date."""

    def __init__(self, grain: str):
        super().__init__(grain)
        self.grain = grain


@dataclass(frozen=True)
class Reference:
    """What relative expressions are resolved against.

    prefer: "past" is the news convention (a bare weekday or month is the most recent one
    on or before the publication day); "future" is the dialogue convention of Duckling's
    corpus (the next one)."""

    day: date | None
    clock: time | None = None
    tz: tzinfo | None = None
    prefer: str = "past"

    def need(self, grain: str) -> date:
        if self.day is None:
            raise NeedsReference(grain)
        return self.day


@dataclass
class Reading:
    """A resolved expression; `day`, `hour`... are kept for merging neighbours."""

    value: str | None
    grain: str
    interval: list[str] | None = None
    reason: str | None = None
    kind: str = "other"  # "day" (a calendar day), "clock", "other"
    day: date | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    meridiem: str | None = None
    until: bool = False  # "حتى الساعة ..." reads as [reference, clock)


@dataclass(frozen=True)
class Rule:
    name: str
    family: str
    priority: int
    anchors: frozenset[str]
    back: int
    requires: tuple[str, ...]
    regex: re.Pattern[str]
    requires_re: re.Pattern[str] | None = None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """rules.tsv compiled with the lexicon fragments, once."""
    lex = lexicon()
    pieces = lex.pieces
    compiled: list[Rule] = []
    for name, family, priority, anchors, back, requires, template in _rows("rules.tsv"):
        # templates are written in plain Arabic; fold them as the text is folded (حتى → حتي)
        pattern = re.sub(r"\{([A-Z]+)\}", lambda m: pieces[m.group(1)], fold_letters(template))
        if requires == "{NAMEPREFIX}":
            required = tuple(sorted(lex.name_prefixes))
        else:
            required = tuple(fold_letters(w) for w in requires.split("|")) if requires != "-" else ()
        compiled.append(Rule(name, family, int(priority), frozenset(anchors.split(",")), int(back),
                             required, re.compile(pattern),
                             re.compile("|".join(map(re.escape, required))) if required else None))
    return tuple(compiled)


# Cheap prefilter: nothing in the text can be a time without one of these stems or a digit.
_PREFILTER = re.compile(
    r"\d|امس|يوم|غد|بكر|الان|حالي|حالا|ساعه|ليل|صباح|مساء|فجر|ظهر|عصر|اسبوع|شهر|عام|سنه|"
    r"ين|ير|ار|ول|وز|ان|اب|ما|مبر|وبر|وت|ل|قريب|منذ|خلال|عيد|رمضان|ربع|نصف|لحظه|راهن|هذ"
)


# ---------------------------------------------------------------- text folding with offsets


@dataclass
class Folded:
    """The folded text of an article and where dropped marks (diacritics, tatweel) stood."""

    text: str
    drops: list[int] | None  # folded positions where dropped marks stood, sorted


def fold_with_offsets(text: str) -> Folded:
    translated = fast_fold(text)
    positions = [m.start() for m in DROP_RE.finditer(translated)]
    if not positions:
        return Folded(translated, None)
    folded = DROP_RE.sub("", translated)
    return Folded(folded, [p - i for i, p in enumerate(positions)])


def _start_original(folded: Folded, pos: int) -> int:
    if folded.drops is None:
        return pos
    # marks right before a word belong to the previous letter: skip them
    return pos + bisect_right(folded.drops, pos)


def _end_original(folded: Folded, pos: int) -> int:
    if folded.drops is None:
        return pos
    # marks right after the last letter (tanwin on قريبًا) belong to the expression
    return pos + bisect_right(folded.drops, pos)


# ---------------------------------------------------------------- reference


def make_reference(reference: datetime | date | str | None, prefer: str = "past") -> Reference:
    if reference is None or reference == "":
        return Reference(None, prefer=prefer)
    if isinstance(reference, datetime):
        return Reference(reference.date(), reference.time().replace(tzinfo=None), reference.tzinfo, prefer)
    if isinstance(reference, date):
        return Reference(reference, prefer=prefer)
    text = str(reference).strip()
    try:
        if len(text) <= 10:
            return Reference(date.fromisoformat(text[:10]), prefer=prefer)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return Reference(moment.date(), moment.time().replace(tzinfo=None), moment.tzinfo, prefer)
    except ValueError:
        try:
            return Reference(date.fromisoformat(text[:10]), prefer=prefer)
        except ValueError:
            return Reference(None, prefer=prefer)


# ---------------------------------------------------------------- resolvers


def _group(match: re.Match[str], name: str) -> str | None:
    try:
        return match.group(name)
    except IndexError:
        return None


def _year_digits(text: str | None) -> int | None:
    if not text:
        return None
    found = re.search(r"(?:1[89]|20)\d\d", text)
    return int(found.group()) if found else None


def _month_year(month: int, ref: Reference, year: int | None, mdir: int | None, yrel: int | None) -> int:
    """The year of a named month: explicit, relative (العام الماضي), or by news convention."""
    if year is not None:
        return year
    today = ref.need("month")
    if yrel is not None:
        return today.year + yrel
    if mdir == -1:
        return today.year if month < today.month else today.year - 1
    if mdir == 1:
        return today.year if month > today.month else today.year + 1
    if mdir == 0:
        return today.year
    if ref.prefer == "future":
        return today.year if month >= today.month else today.year + 1
    return today.year if month <= today.month else today.year - 1


def _day_reading(day: date, grain: str = "day") -> Reading:
    return Reading(day.isoformat(), grain, kind="day", day=day)


def _weekday_date(weekday: int, ref: Reference, direction: int | None) -> date:
    today = ref.need("day")
    back = (today.weekday() - weekday) % 7
    ahead = (weekday - today.weekday()) % 7
    if direction == -1:
        return today - timedelta(days=back or 7)
    if direction == 1:
        return today + timedelta(days=ahead or 7)
    if ref.prefer == "future":
        return today + timedelta(days=ahead or 7)
    return today - timedelta(days=back)


def _pom_reading(year: int, month: int, part: str) -> Reading:
    from khabar.extract.times_calendar import last_day, next_month_start

    bounds = {"early": (1, 11), "mid": (11, 21)}
    first = bounds.get(part, (21, None))[0]
    start = date(year, month, first)
    end = date(year, month, bounds[part][1]) if part in bounds else next_month_start(year, month)
    del last_day
    return Reading(f"{year}-{month:02d}", "part-of-month", [start.isoformat(), end.isoformat()])


def _pod_reading(day: date, pod: tuple[str, str, int, int]) -> Reading:
    _name, meridiem, start_hour, end_hour = pod
    start = datetime.combine(day, time()) + timedelta(hours=start_hour)
    end = datetime.combine(day, time()) + timedelta(hours=end_hour)
    return Reading(
        day.isoformat(), "part-of-day",
        [start.strftime("%Y-%m-%dT%H:%M"), end.strftime("%Y-%m-%dT%H:%M")],
        kind="day", day=day, meridiem=meridiem,
    )


def resolve_date(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    day_text = _group(m, "day")
    day = lex.number(day_text)
    month = lex.month(_group(m, "mon")) if _group(m, "mon") else None
    if month is None and _group(m, "monnum"):
        month = int(m.group("monnum"))
    if not day or not month or not 1 <= day <= 31 or not 1 <= month <= 12:
        return None
    year = _year_digits(_group(m, "year"))
    year = _month_year(month, ref, year, lex.direction(_group(m, "mdir")), lex.direction(_group(m, "yrel")))
    try:
        result = date(year, month, day)
    except ValueError:
        return None
    weekday = lex.weekday(_group(m, "wd"))
    if weekday is not None and weekday != result.weekday() and day_text and not day_text.isdigit():
        # "الثلاثاء الثالث من أيلول" that is no Tuesday the 3rd reads as "the third Tuesday"
        return None
    return _day_reading(result)


def resolve_numeric_month(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    month, year = int(m.group("monnum")), int(m.group("year"))
    return Reading(f"{year}-{month:02d}", "month") if 1 <= month <= 12 else None


def resolve_range(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    first = lex.number(_group(m, "day"))
    last = lex.number(_group(m, "day2"))
    month = lex.month(_group(m, "mon"))
    if not first or not last or not month or last <= first:
        return None
    year = _year_digits(_group(m, "year"))
    year = _month_year(month, ref, year, lex.direction(_group(m, "mdir")), lex.direction(_group(m, "yrel")))
    try:
        start, end = date(year, month, first), date(year, month, last) + timedelta(days=1)
    except ValueError:
        return None
    return Reading(start.isoformat(), "day", [start.isoformat(), end.isoformat()], kind="range", day=start)


def _resolve_month_ref(m: re.Match[str], ref: Reference, lex: Lexicon) -> tuple[int, int] | None:
    """(year, month) for the month slot of nth-weekday style rules."""
    mon_text = _group(m, "mon") or ""
    year = _year_digits(_group(m, "year"))
    yrel = lex.direction(_group(m, "yrel"))
    if "الشهر" in mon_text and lex.month(mon_text) is None or mon_text.startswith("هذا"):
        from khabar.extract.times_calendar import add_months

        today = ref.need("day")
        shift = lex.direction(mon_text) or 0
        return add_months(today.year, today.month, shift)
    month = lex.month(mon_text)
    if month is None:
        return None
    return _month_year(month, ref, year, None, yrel), month


def resolve_nth_weekday(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import last_day

    found = _resolve_month_ref(m, ref, lex)
    weekday = lex.weekday(_group(m, "wd"))
    nth = lex.number(_group(m, "nth"))
    if not found or weekday is None or not nth:
        return None
    year, month = found
    if nth == -1:
        end = date(year, month, last_day(year, month))
        return _day_reading(end - timedelta(days=(end.weekday() - weekday) % 7))
    first = date(year, month, 1)
    result = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return _day_reading(result) if result.month == month else None


def resolve_nth_week(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import iso_week, last_day

    found = _resolve_month_ref(m, ref, lex)
    nth = lex.number(_group(m, "nth") or _group(m, "nth2"))
    if not found or not nth:
        return None
    year, month = found
    if nth == -1:
        end = date(year, month, last_day(year, month))
        week_start = end - timedelta(days=(end.weekday() + 1) % 7) - timedelta(days=6) if end.weekday() != 6 else end - timedelta(days=6)
    else:
        first = date(year, month, 1)
        week_start = first + timedelta(days=(-first.weekday()) % 7 + 7 * (nth - 1))
    return Reading(iso_week(week_start), "week", day=week_start)


def resolve_last_day(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import last_day

    found = _resolve_month_ref(m, ref, lex)
    if not found:
        return None
    year, month = found
    return _day_reading(date(year, month, last_day(year, month)))


def resolve_weekday_day(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import add_months

    weekday = lex.weekday(_group(m, "wd"))
    day = lex.number(_group(m, "day"))
    if weekday is None or not day or not 1 <= day <= 31:
        return None
    today = ref.need("day")
    current = _group(m, "cur")
    if current:
        shift = lex.direction(current) or 0
    elif ref.prefer == "future":
        shift = 0 if day >= today.day else 1
    else:
        shift = 0 if day <= today.day else -1
    year, month = add_months(today.year, today.month, shift)
    try:
        result: date | None = date(year, month, day)
    except ValueError:
        result = None
    if result is None or result.weekday() != weekday:
        # Saudi papers count "the current month" in the Hijri calendar (السبت التاسع من الشهر الجاري)
        result = _hijri_day_of_current_month(today, day, shift)
    return _day_reading(result) if result and result.weekday() == weekday else None


def _hijri_day_of_current_month(today: date, day: int, shift: int) -> date | None:
    from khabar.extract.times_calendar import gregorian_to_hijri, hijri_to_gregorian

    current = gregorian_to_hijri(today)
    if current is None:
        return None
    hyear, hmonth, _ = current
    index = hyear * 12 + hmonth - 1 + shift
    return hijri_to_gregorian(index // 12, index % 12 + 1, day)


def resolve_weekday(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import monday

    weekday = lex.weekday(_group(m, "wd"))
    if weekday is None:
        return None
    before = m.string[max(0, m.start() - 12):m.start()].split()
    if before and before[-1] in lex.word_sets.get("not_before_weekday", set()):
        return None  # صلاة الجمعة، خطبة الجمعة
    week = _group(m, "week")
    if week:
        today = ref.need("day")
        shift = lex.direction(week) or 0
        result = monday(today) + timedelta(days=7 * shift + weekday)
    else:
        result = _weekday_date(weekday, ref, lex.direction(_group(m, "wdir")))
    pod = lex.part_of_day(_group(m, "pod"))
    return _pod_reading(result, pod) if pod else _day_reading(result)


def resolve_deictic(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    entry = lex.relative.get(re.sub(r"\s+", " ", m.group("deic")))
    if not entry:
        return None
    today = ref.need("day")
    result = today + timedelta(days=int(entry[1]))
    pod = lex.part_of_day(_group(m, "pod"))
    return _pod_reading(result, pod) if pod else _day_reading(result)


def resolve_tonight(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    today = ref.need("day")
    pod_text = _group(m, "pod")
    if pod_text:
        pod = lex.part_of_day(pod_text)
        return _pod_reading(today, pod) if pod else None
    shift = lex.direction(_group(m, "pdir")) or 0
    night = lex.pod["الليله"]
    return _pod_reading(today + timedelta(days=shift), night)


def resolve_midnight(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    weekday = lex.weekday(_group(m, "wd"))
    if weekday is not None:
        night_of = _weekday_date(weekday, Reference(ref.need("minute"), prefer="past"), None)
        moment = datetime.combine(night_of + timedelta(days=1), time())
    elif _group(m, "deic"):
        entry = lex.relative.get(re.sub(r"\s+", " ", m.group("deic")))
        offset = int(entry[1]) if entry else 0
        moment = datetime.combine(ref.need("minute") + timedelta(days=offset + 1), time())
    else:
        moment = datetime.combine(ref.need("minute"), time())
    return Reading(moment.strftime("%Y-%m-%dT%H:%M"), "minute", kind="clock", day=moment.date(),
                   hour=0, minute=0, meridiem="am")


_FRACTIONS = {"ربع": 15, "ربعا": 15, "نصف": 30, "النصف": 30, "ثلث": 20, "ثلثا": 20}


def _clock_parts(m: re.Match[str], lex: Lexicon) -> tuple[int, int, int | None, bool] | None:
    """(hour, minute, second, minutes_given) as written, before any meridiem."""
    hour_text = m.group("hour")
    second = None
    if re.search(r"\d[:.,]\d", hour_text):
        parts = [int(p) for p in re.split(r"[:.,]", hour_text)]
        hour, minute = parts[0], parts[1]
        second = parts[2] if len(parts) > 2 else None
        minutes_given = True
    else:
        value = lex.number(hour_text)
        if value is None or value < 0:
            return None
        hour, minute, minutes_given = value, 0, False
    frac = _group(m, "frac")
    if frac:
        frac = frac.strip()
        minus = frac.startswith("الا")
        body = re.sub(r"^(?:الا|و)\s*", "", frac)
        body = re.sub(r"\s+(?:دقيقه|دقائق)$", "", body).strip()
        amount = _FRACTIONS.get(body)
        if amount is None:
            amount = lex.number(body)
        if amount is None or not 0 <= amount < 60:
            return None
        minute = -amount if minus else amount
        minutes_given = True
    if not 0 <= hour <= 24:
        return None
    return hour, minute, second, minutes_given


def _apply_meridiem(hour: int, meridiem: str | None) -> int:
    if meridiem == "pm" and hour < 12:
        return hour + 12
    if meridiem == "noon" and 1 <= hour <= 6:
        return hour + 12
    if meridiem == "am" and hour == 12:
        return 12  # "12 ظهرا/صباحا" in the press is noon
    return hour


def resolve_clock(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    parts = _clock_parts(m, lex)
    if parts is None:
        return None
    hour, minute, second, minutes_given = parts
    pod = lex.part_of_day(_group(m, "pod"))
    meridiem = pod[1] if pod else None
    if pod and pod[0] == "night" and hour < 6:
        meridiem = "am"  # الثالثة ليلا is 3 a.m.
    day = ref.need("hour")
    if _group(m, "deic"):  # الساعة الثامنة مساء أمس
        entry = lex.relative.get(re.sub(r"\s+", " ", m.group("deic")))
        day = day + timedelta(days=int(entry[1]) if entry else 0)
    elif _group(m, "wd"):
        weekday = lex.weekday(m.group("wd"))
        if weekday is not None:
            day = _weekday_date(weekday, ref, lex.direction(_group(m, "wdir")))
    nominal = _apply_meridiem(hour, meridiem)
    if meridiem is None and hour <= 12 and ref.clock is not None and ref.prefer == "future":
        # an ambiguous 12-hour clock is the next such time after the reference
        written = timedelta(hours=hour % 12 if hour == 12 else hour, minutes=minute)
        now = timedelta(hours=ref.clock.hour, minutes=ref.clock.minute)
        if hour != 12 and written < now:
            nominal = hour + 12
    moment = datetime.combine(day, time()) + timedelta(hours=nominal, minutes=minute, seconds=second or 0)
    tz_text = _group(m, "tz")
    if tz_text and ref.tz is not None:
        zone = re.sub(r"^بتوقيت\s+", "", tz_text)
        offset = lex.timezones.get(re.sub(r"\s+", " ", zone))
        if offset is not None:
            source = timezone(timedelta(hours=offset))
            local_offset = ref.tz.utcoffset(datetime.combine(day, time())) or timedelta()
            moment = moment.replace(tzinfo=source).astimezone(timezone(local_offset)).replace(tzinfo=None)
            minutes_given = True  # a converted instant is exact to the minute (zones differ by :30)
    grain = "second" if second is not None else ("minute" if minutes_given else "hour")
    from khabar.extract.times_calendar import fmt_clock

    reading = Reading(fmt_clock(moment, grain), grain, kind="clock", day=moment.date(), hour=moment.hour,
                      minute=moment.minute, second=second, meridiem=meridiem)
    prep = _group(m, "prep")
    if prep == "حتي":
        start = datetime.combine(day, ref.clock or time())
        reading.interval = [start.strftime("%Y-%m-%dT%H:%M"), moment.strftime("%Y-%m-%dT%H:%M")]
        reading.until = True
    return reading


def resolve_period(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import add_months, iso_week, monday

    per = m.group("per")
    pdir_text = m.group("pdir")
    shift = 0 if pdir_text in ("هذا", "هذه") else lex.direction(pdir_text)
    if shift is None:
        return None
    part = lex.part_of_month(_group(m, "pom"))
    grain = "week" if "اسبوع" in per else ("part-of-month" if part else "month") if "شهر" in per else "year"
    today = ref.need(grain)
    if "اسبوع" in per:
        start = monday(today) + timedelta(days=7 * shift)
        return Reading(iso_week(start), "week", day=start)
    if "شهر" in per:
        year, month = add_months(today.year, today.month, shift)
        part = lex.part_of_month(_group(m, "pom"))
        if part:
            return _pom_reading(year, month, part)
        return Reading(f"{year}-{month:02d}", "month")
    return Reading(str(today.year + shift), "year")


_UNIT_OF_PLURAL = {"اسابيع": "week", "اشهر": "month", "شهور": "month", "ايام": "day", "سنوات": "year",
                   "اعوام": "year", "ساعات": "hour", "دقائق": "minute", "اسبوعين": "week", "يومين": "day",
                   "شهرين": "month", "عامين": "year", "سنتين": "year", "ساعتين": "hour"}


def _span_reading(unit: str, count: int, direction: int, ref: Reference) -> Reading:
    """The `count` whole units before (direction -1) or after (1) the current one."""
    from khabar.extract.times_calendar import add_months, iso_week, monday

    today = ref.need("day")
    if unit == "week":
        this_week = monday(today)
        start = this_week - timedelta(days=7 * count) if direction < 0 else this_week + timedelta(days=7)
        end = start + timedelta(days=7 * count)
        return Reading(iso_week(start), "week", [start.isoformat(), end.isoformat()])
    if unit == "month":
        y, mo = add_months(today.year, today.month, -count if direction < 0 else 1)
        ey, emo = add_months(y, mo, count)
        return Reading(f"{y}-{mo:02d}", "month", [date(y, mo, 1).isoformat(), date(ey, emo, 1).isoformat()])
    if unit == "year":
        y = today.year - count if direction < 0 else today.year + 1
        return Reading(str(y), "year", [f"{y}-01-01", f"{y + count}-01-01"])
    if unit == "day":
        start = today - timedelta(days=count) if direction < 0 else today + timedelta(days=1)
        end = start + timedelta(days=count)
        return Reading(start.isoformat(), "day", [start.isoformat(), end.isoformat()])
    return Reading(f"{today.year}-{today.month:02d}", "vague")


def resolve_span(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    per = re.sub(r"^ال", "", m.group("per"))
    unit = _UNIT_OF_PLURAL.get(per)
    count = lex.number(_group(m, "num")) if _group(m, "num") else 2
    direction = lex.direction(m.group("pdir"))
    if unit is None or not count or direction is None or direction == 0:
        return None
    return _span_reading(unit, count, direction, ref)


def resolve_duration(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import shift_date

    unit_entry = lex.unit(m.group("unit"))
    if unit_entry is None:
        return None
    unit, count = unit_entry
    if _group(m, "num"):
        count = lex.number(m.group("num")) or 0
    prep = re.sub(r"\s+", " ", m.group("dprep"))
    if count == 0 or prep in ("طوال", "علي مدي", "علي مدار"):
        # خلال أيام العيد، طوال العام، على مدار الساعة: not anchored on the reference
        # (the vague phrases that are, منذ أيام، بعد ساعات, come from relative.tsv)
        return None
    today = ref.need("day")
    if unit in ("hour", "minute") and ref.clock is None:
        return Reading(f"{today.year}-{today.month:02d}", "vague")
    if unit in ("hour", "minute"):
        now = datetime.combine(today, ref.clock or time())
        delta = timedelta(hours=count) if unit == "hour" else timedelta(minutes=count)
        if prep in ("منذ", "قبل"):
            moment = now - delta
        elif prep == "بعد":
            moment = now + delta
        else:
            end = now + delta
            return Reading(now.strftime("%Y-%m-%dT%H:%M"), "minute",
                           [now.strftime("%Y-%m-%dT%H:%M"), end.strftime("%Y-%m-%dT%H:%M")])
        return Reading(moment.strftime("%Y-%m-%dT%H:%M"), unit, kind="clock", day=moment.date())
    if prep in ("منذ", "قبل", "بعد"):
        sign = 1 if prep == "بعد" else -1
        target = shift_date(today, unit, sign * count)
        if unit in ("day", "week"):
            return _day_reading(target)
        if unit == "month":
            return Reading(f"{target.year}-{target.month:02d}", "month")
        return Reading(str(target.year), "year")
    if ref.prefer == "past" and prep == "خلال":
        # in news, خلال ثلاثة أيام mostly counts back from the report (116 بلاغا خلال ثلاثة أيام)
        # but may look ahead (سيتخذ قراره خلال أسبوعين): keep it vague rather than guess
        return Reading(f"{today.year}-{today.month:02d}", "vague")
    # خلال / في غضون + duration: from now until that many units ahead
    end = shift_date(today, unit, count)
    start = (datetime.combine(today, ref.clock).strftime("%Y-%m-%dT%H:%M") if ref.clock else today.isoformat())
    return Reading(today.isoformat(), "day", [start, end.isoformat()])


def resolve_year(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    year = _year_digits(m.group("year"))
    return Reading(str(year), "year") if year else None


def resolve_quarter(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    nth = lex.number(m.group("nth"))
    half = m.group("q") == "النصف"
    count = 2 if half else 4
    if nth == -1:
        nth = count
    if not nth or not 1 <= nth <= count:
        return None
    year = _year_digits(_group(m, "year"))
    if year is None:
        year = ref.need("quarter").year + (lex.direction(_group(m, "yrel")) or 0)
    months = 6 if half else 3
    start_month = (nth - 1) * months + 1
    end_year, end_month = (year + 1, 1) if start_month + months > 12 else (year, start_month + months)
    interval = [date(year, start_month, 1).isoformat(), date(end_year, end_month, 1).isoformat()]
    if half:
        return Reading(f"{year}-H{nth}", "half-year", interval)
    return Reading(f"{year}-Q{nth}", "quarter", interval)


def resolve_hijri(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import gregorian_to_hijri, hijri_month_bounds, hijri_to_gregorian

    month = lex.hijri_month(_group(m, "hmon")) if _group(m, "hmon") else None
    if month is None and _group(m, "hmonnum"):
        month = int(m.group("hmonnum"))
        if not 1 <= month <= 12:
            return None
    if month is not None and _group(m, "hmon") and not _group(m, "day") and not _group(m, "hyear") \
            and not _group(m, "mdir") and not _temporal_context(m, lex, ref):
        return None  # شهر رمضان المبارك as an occasion, not a time
    year_text = _group(m, "hyear")
    hyear = int(year_text) if year_text else None
    day = lex.number(_group(m, "day")) if _group(m, "day") else None
    if month is None:
        if hyear is None:
            return None
        start, end = hijri_to_gregorian(hyear, 1, 1), hijri_to_gregorian(hyear + 1, 1, 1)
        if not start or not end:
            return None
        return Reading(str(start.year), "year", [start.isoformat(), end.isoformat()])
    if hyear is None:
        today = gregorian_to_hijri(ref.need("day"))
        if today is None:
            return None
        ty, tm, _td = today
        direction = lex.direction(_group(m, "mdir"))
        # the same month-level convention as Gregorian months (شوال الجاري is this Shawwal)
        if direction == 0:
            hyear = ty
        elif direction == -1:
            hyear = ty if month < tm else ty - 1
        elif direction == 1:
            hyear = ty if month > tm else ty + 1
        elif ref.prefer == "future":
            hyear = ty if month >= tm else ty + 1
        else:
            hyear = ty if month <= tm else ty - 1
    if day:
        result = hijri_to_gregorian(hyear, month, day)
        return _day_reading(result) if result else None
    bounds = hijri_month_bounds(hyear, month)
    if not bounds:
        return None
    start, end = bounds
    return Reading(f"{start.year}-{start.month:02d}", "month", [start.isoformat(), end.isoformat()])


def resolve_holiday(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    from khabar.extract.times_calendar import easter, hijri_month_bounds, hijri_to_gregorian

    name = re.sub(r"\s+", " ", m.group("hol"))
    calendar_name, month, day, _days = lex.holidays[name]
    year = _year_digits(_group(m, "year"))
    if name == "رمضان" and year is None:
        return None  # a bare رمضان is also a personal name
    if year is None and not _temporal_context(m, lex, ref):
        return None  # بمناسبة حلول عيد الفطر: the occasion, not a time of the story

    def occurrences(gyear: int) -> list[tuple[date, date | None]]:
        if calendar_name == "gregorian":
            return [(date(gyear, month, day), None)]
        if calendar_name == "easter":
            return [(easter(gyear), None)]
        found = []
        for hyear in range(gyear - 580, gyear - 577):
            if day:
                start = hijri_to_gregorian(hyear, month, day)
                if start and start.year == gyear:
                    found.append((start, None))
            else:
                bounds = hijri_month_bounds(hyear, month)
                if bounds and bounds[0].year == gyear:
                    found.append(bounds)
        return found

    if year is not None:
        options = occurrences(year)
    else:
        today = ref.need("day")
        options = occurrences(today.year - 1) + occurrences(today.year) + occurrences(today.year + 1)
        if ref.prefer == "future":
            options = [o for o in options if (o[1] or o[0] + timedelta(days=1)) > today][:1]
        else:
            options = [o for o in options if o[0] <= today][-1:]
    if not options:
        return None
    start, end = options[0]
    if end is not None:
        return Reading(f"{start.year}-{start.month:02d}", "month", [start.isoformat(), end.isoformat()])
    return _day_reading(start)


def _has_safe_month(text: str, lex: Lexicon) -> bool:
    return any(name in lex.months_safe for name in re.split(r"[\s/\\()-]+", text) if name) or \
        any(" " in name and name in re.sub(r"\s+", " ", text) for name in lex.months_safe)


def _temporal_context(m: re.Match[str], lex: Lexicon, ref: Reference) -> bool:
    """A holiday or month name in running news text is a time only after a temporal word
    (في عيد الفطر، قبل شهر رمضان); alone it names the occasion. Under the dialogue
    convention (prefer="future") a bare name is a question about its date, so it counts."""
    if ref.prefer == "future":
        return True
    before = m.string[max(0, m.start() - 20):m.start()].split()
    if not before:
        return False
    word = before[-1]
    words = {word, word[1:] if word[:1] in "وفبل" else word}
    return bool(words & lex.word_sets.get("temporal_before", set()))


def resolve_present(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    return Reading(ref.need("present").isoformat(), "present")


def resolve_vague(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    today = ref.need("vague")
    return Reading(f"{today.year}-{today.month:02d}", "vague")


def resolve_month(m: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    month = lex.month(m.group("mon"))
    if month is None:
        return None
    mon_text = m.group("mon")
    if not _group(m, "year") and not _group(m, "mdir") and not _group(m, "yrel") and not _group(m, "pom") \
            and "شهر" not in mon_text and not _has_safe_month(mon_text, lex) and not _temporal_context(m, lex, ref):
        return None  # لأنه مارس نوعا من ...: the verb, not the month
    year = _month_year(month, ref, _year_digits(_group(m, "year")), lex.direction(_group(m, "mdir")),
                       lex.direction(_group(m, "yrel")))
    part = lex.part_of_month(_group(m, "pom"))
    if part:
        return _pom_reading(year, month, part)
    return Reading(f"{year}-{month:02d}", "month")


RESOLVERS = {
    "date": resolve_date,
    "numeric_date": resolve_date,
    "numeric_month": resolve_numeric_month,
    "range": resolve_range,
    "nth_weekday": resolve_nth_weekday,
    "nth_week": resolve_nth_week,
    "last_day": resolve_last_day,
    "weekday_day": resolve_weekday_day,
    "weekday": resolve_weekday,
    "deictic": resolve_deictic,
    "tonight": resolve_tonight,
    "midnight": resolve_midnight,
    "clock": resolve_clock,
    "period": resolve_period,
    "span": resolve_span,
    "duration": resolve_duration,
    "year": resolve_year,
    "quarter": resolve_quarter,
    "hijri": resolve_hijri,
    "holiday": resolve_holiday,
    "present": resolve_present,
    "vague": resolve_vague,
    "month": resolve_month,
}

# The grain an unresolvable (no reference) expression of each family would have.
_FAMILY_GRAIN = {"present": "present", "vague": "vague", "month": "month",
                 "quarter": "quarter", "clock": "hour", "midnight": "minute"}


def _resolve(rule: Rule, match: re.Match[str], ref: Reference, lex: Lexicon) -> Reading | None:
    try:
        return RESOLVERS[rule.family](match, ref, lex)
    except NeedsReference as missing:
        return Reading(None, _FAMILY_GRAIN.get(rule.family, missing.grain), reason=NO_REFERENCE)
    except (ValueError, OverflowError, KeyError):
        return None


# ---------------------------------------------------------------- merging neighbours

_RANGE_GAP = re.compile(r"^\s*(?:الي|حتي|وحتي|و?لغايه|[-–])\s*$")
_DAY_CLOCK_GAP = re.compile(r"^\s*(?:[،,]|في|عند|علي|من)?\s*$")
_FROM_BEFORE = re.compile(r"(?:^|(?<=\s))من\s*$")


@dataclass
class Found:
    start: int  # folded offsets
    end: int
    reading: Reading


def _merge(found: list[Found], text: str, ref: Reference) -> list[Found]:
    found.sort(key=lambda f: f.start)
    merged: list[Found] = []
    i = 0
    while i < len(found):
        item = found[i]
        if i + 1 < len(found):
            nxt = found[i + 1]
            gap = text[item.end:nxt.start]
            a, b = item.reading, nxt.reading
            until_range = b.until and a.kind == "clock" and not gap.strip(" و")
            if until_range or (_RANGE_GAP.match(gap) and a.value and b.value and a.kind == b.kind
                               and a.kind in ("day", "clock")):
                combined = _range_of(a, b)
                if combined:
                    start = item.start
                    before = _FROM_BEFORE.search(text[max(0, start - 4):start])
                    if before:
                        start -= len(text[max(0, start - 4):start]) - before.start()
                    found[i + 1] = Found(start, nxt.end, combined)
                    i += 1
                    continue
            if _DAY_CLOCK_GAP.match(gap) and a.value and b.value:
                combined = None
                if a.kind == "day" and b.kind in ("clock", "clockrange") and a.day:
                    combined = _on_day(b, a, ref)
                elif a.kind in ("clock", "clockrange") and b.kind == "day" and b.day and gap.strip() in ("", "من", "،", ","):
                    combined = _on_day(a, b, ref)
                if combined:
                    found[i + 1] = Found(item.start, nxt.end, combined)
                    i += 1
                    continue
        merged.append(item)
        i += 1
    return merged


def _range_of(a: Reading, b: Reading) -> Reading | None:
    if a.kind == "day" and a.day and b.day and b.day > a.day and a.grain == b.grain == "day":
        end = b.day + timedelta(days=1)
        return Reading(a.value, "day", [a.day.isoformat(), end.isoformat()], kind="range", day=a.day)
    if a.kind == "clock" and a.day and b.day and a.hour is not None and b.hour is not None:
        start_hour = a.hour
        if a.meridiem is None and b.meridiem in ("pm", "noon") and start_hour < 12 and start_hour + 12 <= b.hour:
            start_hour += 12
        start = datetime.combine(a.day, time(start_hour % 24, a.minute or 0))
        step = timedelta(hours=1) if b.grain == "hour" else timedelta(minutes=1)
        # the second clock is on the first one's day (الخميس من التاسعة حتى الحادية عشرة)
        end = datetime.combine(a.day, time(b.hour, b.minute or 0)) + step
        if end <= start:
            return None
        return Reading(start.strftime("%Y-%m-%dT%H:%M"), a.grain,
                       [start.strftime("%Y-%m-%dT%H:%M"), end.strftime("%Y-%m-%dT%H:%M")],
                       kind="clockrange", day=a.day, hour=start_hour, minute=a.minute)
    return None


def _on_day(clock: Reading, day_reading: Reading, ref: Reference) -> Reading | None:
    """A clock reading moved onto the calendar day given beside it (الساعة التاسعة من مساء
    الأحد: the part of day beside the date also sets the clock's half of the day)."""
    if clock.day is None or clock.value is None or day_reading.day is None:
        return None
    day = day_reading.day
    shift = day - clock.day
    if clock.meridiem is None and day_reading.meridiem in ("pm", "noon") and clock.hour is not None \
            and 1 <= clock.hour < 12 and not (day_reading.meridiem == "noon" and clock.hour > 6):
        shift += timedelta(hours=12)
    moved = Reading(clock.value, clock.grain, None, kind=clock.kind, day=day, hour=clock.hour,
                    minute=clock.minute, meridiem=clock.meridiem)
    moved.value = _shift_iso(clock.value, shift)
    if clock.interval:
        moved.interval = [_shift_iso(v, shift) for v in clock.interval]
    return moved


def _shift_iso(value: str, shift: timedelta) -> str:
    if "T" in value:
        moment = datetime.fromisoformat(value) + shift
        return moment.strftime("%Y-%m-%dT%H:%M:%S" if value.count(":") == 2 else "%Y-%m-%dT%H:%M")
    return (date.fromisoformat(value) + shift).isoformat()


_QUOTE = re.compile(r"«[^»\n]*»|\"[^\"\n]*\"|“[^”\n]*”")


def _present_in_quotes(found: list[Found], text: str) -> None:
    """حاليا inside a quotation is the speaker's now: the day the paragraph gives for the
    statement (أعلن أمس الأربعاء ... «نعمل حاليا»), when one comes before it."""
    presents = [f for f in found if f.reading.grain == "present" and f.reading.value]
    if not presents:
        return
    quotes = [m.span() for m in _QUOTE.finditer(text)]
    for item in presents:
        if not any(qs < item.start and item.end < qe for qs, qe in quotes):
            continue
        paragraph_start = text.rfind("\n", 0, item.start) + 1
        days = [f for f in found if paragraph_start <= f.start < item.start and f.reading.kind == "day"
                and f.reading.grain == "day" and f.reading.day]
        if days:
            item.reading.value = days[-1].reading.day.isoformat()


# ---------------------------------------------------------------- the public API


def find_times(text: str, reference: Reference) -> list[tuple[int, int, Reading]]:
    """(start, end, reading) in original offsets, non-overlapping, in text order."""
    if not text:
        return []
    folded = fold_with_offsets(text)
    norm = folded.text
    if not _PREFILTER.search(norm):
        return []
    lex = lexicon()
    candidates: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    blocked: list[tuple[int, int]] = []
    hits = _anchor_hits(norm, lex)
    if not hits:
        return []
    starts_cache: dict[int, list[tuple[int, int]]] = {}
    reach = _back_needed()
    reach_of: dict[int, int] = {}
    for kind, kind_spans in hits.items():
        back_for_kind = reach.get(kind, 0)
        for span_start, _span_end in kind_spans:
            if reach_of.get(span_start, -1) < back_for_kind:
                reach_of[span_start] = back_for_kind
    spans_by_anchors: dict[frozenset[str], list[tuple[int, int]]] = {}
    for rule in rules():
        regex, back = rule.regex, rule.back
        tried_here: set[int] = set()
        spans = spans_by_anchors.get(rule.anchors)
        if spans is None:
            spans = spans_by_anchors[rule.anchors] = sorted(
                {span for kind in rule.anchors for span in hits.get(kind, ())})
        for anchor_start, _anchor_end in spans:
            starts = starts_cache.get(anchor_start)
            if starts is None:
                # as far back as the farthest-reaching rule anchored on this word needs
                starts = starts_cache[anchor_start] = _starts_before(norm, anchor_start, reach_of[anchor_start])
            if rule.requires_re is not None:
                lo = anchor_start
                for distance, pos in starts:  # starts run backwards: the last in reach is the farthest
                    if distance > back:
                        break
                    lo = pos
                if rule.requires_re.search(norm, lo, anchor_start + 40) is None:
                    continue
            for distance, pos in starts:
                if distance > back:
                    break
                if pos in tried_here:
                    continue
                tried_here.add(pos)
                match = regex.match(norm, pos)
                if match is None or match.end() <= anchor_start:
                    continue
                start, end = match.span()
                if rule.family == "name":
                    blocked.append((start, end))
                else:
                    candidates.append((start, end, rule.priority, rule, match))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c[0] - c[1], -c[2], c[0]))
    taken = bytearray(len(norm) + 1)
    for start, end in blocked:
        taken[start:end] = b"\x01" * (end - start)
    chosen: list[Found] = []
    for start, end, _priority, rule, match in candidates:
        if any(taken[start:end]):
            continue
        reading = _resolve(rule, match, reference, lex)
        if reading is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(Found(start, end, reading))
    chosen = _merge(chosen, norm, reference)
    _present_in_quotes(chosen, norm)
    out = []
    for item in chosen:
        start, end = _start_original(folded, item.start), _end_original(folded, item.end)
        out.append((start, end, item.reading))
    return out


_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W+")
_DIGITS = re.compile(r"\d+")
_CENTURIES = {"19": "YEAR4", "20": "YEAR4", "13": "HYEAR4", "14": "HYEAR4"}
_CLITICS = "وفبلك"


def _anchor_hits(norm: str, lex: Lexicon) -> dict[str, list[tuple[int, int]]]:
    """Spans of the anchor words of each kind. The text's distinct words are intersected
    with the anchor lexicon (clitic forms included), then only those words are located."""
    anchors = lex.anchors
    hits: dict[str, list[tuple[int, int]]] = {}
    words = norm.split()
    present = lex.anchor_set.intersection(words)
    # words glued to punctuation (أمس، «الخميس») are few: strip just those
    glued = [w for w in words if not w.isalnum()]
    if glued:
        present |= lex.anchor_set.intersection(_NOT_WORD.split(" ".join(glued)))
    for word in present:
        kinds = anchors[word]
        for match in _word_end_regex(word).finditer(norm):
            at = match.start()
            if at and norm[at - 1].isalnum():
                continue  # the tail of a longer word (اشهر for شهر)
            span = match.span()
            for kind in kinds:
                hits.setdefault(kind, []).append(span)
    # digit runs: a plain \d+ scan is fast; the few runs are sorted out here
    for match in _DIGITS.finditer(norm):
        digits = match.group()
        width = len(digits)
        if width == 4 and digits[:2] in _CENTURIES:
            hits.setdefault(_CENTURIES[digits[:2]], []).append(match.span())
        elif width <= 2:
            end = match.end()
            after = norm[end:end + 1]
            if after and after in ":/.-" and norm[end + 1:end + 2].isdigit():
                span = match.span()
                if after == ":":
                    hits.setdefault("COLON", []).append(span)
                else:
                    hits.setdefault("SLASH", []).append(span)
                    if after == "-":  # 13-15 تموز
                        hits.setdefault("RANGE", []).append(span)
    return hits


_MAX_BACK = 8


@lru_cache(maxsize=1)
def _back_needed() -> dict[str, int]:
    """For each anchor kind, the largest `back` of the rules anchored on it."""
    reach: dict[str, int] = {}
    for rule in rules():
        for kind in rule.anchors:
            reach[kind] = max(reach.get(kind, 0), rule.back)
    return reach


@lru_cache(maxsize=8192)
def _word_end_regex(word: str) -> re.Pattern[str]:
    """The word ending at a word boundary; the regex engine's literal search does the
    scanning, and only real candidates reach Python."""
    return re.compile(re.escape(word) + r"(?!\w)")


def _starts_before(norm: str, anchor_start: int, back: int = 8) -> list[tuple[int, int]]:
    """Where a match may start, as (words before the anchor, offset): the anchor word and
    up to _MAX_BACK words before it (split at spaces), each at its first letter or after
    one or two clitic letters (والخميس، وبالأمس)."""
    starts: list[tuple[int, int]] = []
    pos = anchor_start
    for distance in range(min(back, _MAX_BACK) + 1):
        while pos < anchor_start and not norm[pos].isalnum():  # punctuation before a word
            pos += 1
        starts.append((distance, pos))
        if norm[pos:pos + 1] in _CLITICS and norm[pos + 1:pos + 2].isalnum():
            starts.append((distance, pos + 1))
            if norm[pos + 1:pos + 2] in _CLITICS and norm[pos + 2:pos + 3].isalnum():
                starts.append((distance, pos + 2))
        end = pos - 1  # step back over the separators to the end of the previous word
        while end > 0 and not norm[end - 1].isalnum():
            end -= 1
        if end <= 0:
            break
        pos = norm.rfind(" ", 0, end) + 1
    return starts


def _as_dict(text: str, start: int, end: int, reading: Reading) -> dict[str, Any]:
    item: dict[str, Any] = {"text": text[start:end], "start": start, "end": end,
                            "value": reading.value, "grain": reading.grain}
    if reading.interval:
        item["interval"] = list(reading.interval)
    if reading.value is None:
        item["reason"] = reading.reason or NO_REFERENCE
    return item


def parse_times(text: str, reference: datetime | date | str | None = None, *,
                prefer: str = "past") -> list[dict[str, Any]]:
    """Temporal expressions of `text`, resolved against `reference` (the publication date).

    Each item: text, start, end (offsets into `text`), value (ISO 8601 at the grain, or
    None with a `reason`), grain, and `interval` [start, end) where the expression is a
    span. `prefer="future"` reads bare weekdays and months forward (dialogue convention)."""
    if not isinstance(text, str) or not text:
        return []
    ref = make_reference(reference, prefer)
    return [_as_dict(text, s, e, r) for s, e, r in find_times(text, ref)]


def add_times(doc: Any) -> Any:
    """Pipeline stage: fill doc.times with TimeExpression records anchored on doc.published."""
    from khabar.document import TimeExpression

    ref = make_reference(getattr(doc, "published", None))
    text = doc.text or ""
    doc.times = [
        TimeExpression(text=text[s:e], start=s, end=e, value=r.value, grain=r.grain,
                       interval=list(r.interval) if r.interval else None,
                       reason=(r.reason or NO_REFERENCE) if r.value is None else None)
        for s, e, r in _first_occurrences(text, find_times(text, ref))
    ]
    return doc


def _first_occurrences(text: str, found: list[tuple[int, int, Reading]]) -> list[tuple[int, int, Reading]]:
    """The document layer lists each expression once: a later occurrence of the same words
    with the same value (a second الخميس الماضي) is a repeat, as in the gold readings.
    `times_between` gives every occurrence inside a span for stages that need them."""
    seen: set[tuple[str, str | None]] = set()
    out = []
    for start, end, reading in found:
        key = (fold_with_offsets(text[start:end]).text, reading.value)
        if key in seen:
            continue
        seen.add(key)
        out.append((start, end, reading))
    return out


def times_between(doc: Any, start: int, end: int) -> list[dict[str, Any]]:
    """Every time expression (repeats included) inside doc.text[start:end], resolved
    against doc.published, with offsets into doc.text."""
    text = doc.text or ""
    ref = make_reference(getattr(doc, "published", None))
    return [_as_dict(text, s + start, e + start, r) | {"text": text[s + start:e + start]}
            for s, e, r in find_times(text[start:end], ref)]
