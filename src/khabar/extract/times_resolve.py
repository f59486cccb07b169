"""Resolution of matched Arabic time expressions against a reference date (the publication date)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from khabar.extract.times_lexicon import Lexicon

NO_REFERENCE = "no publication date"



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
    # News convention: a month up to two ahead is the coming one ("في سبتمبر" in an August paper
    # announces September), any other is the most recent one.
    if 0 < (month - today.month) % 12 <= _MONTHS_AHEAD_READ_AS_COMING:
        return today.year if month > today.month else today.year + 1
    return today.year if month <= today.month else today.year - 1


_MONTHS_AHEAD_READ_AS_COMING = 2


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
    pdir_text = _group(m, "pdir")
    # مطلع العام with no adjective is the current year
    shift = 0 if pdir_text in (None, "هذا", "هذه") else lex.direction(pdir_text)
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
    nth_text = _group(m, "nth")
    if year is None and not nth_text and not _temporal_context(m, lex, ref):
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
    if nth_text:  # ثالث ثلاثاء بعد عيد الميلاد: the nth such weekday after the holiday
        weekday, nth = lex.weekday(_group(m, "wd")), lex.number(nth_text)
        if weekday is None or not nth or nth < 1:
            return None
        first = start + timedelta(days=(weekday - start.weekday()) % 7 or 7)
        return _day_reading(first + timedelta(days=7 * (nth - 1)))
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
