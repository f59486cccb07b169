"""Arabic temporal expressions: recognition by data-driven rules (rules.tsv), then resolution (times_resolve)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from khabar.extract.times_lexicon import DROP_RE, Lexicon, _rows, fast_fold, fold_letters, lexicon
from khabar.extract.times_resolve import (
    _FAMILY_GRAIN,
    NO_REFERENCE,
    RESOLVERS,
    NeedsReference,
    Reading,
    Reference,
    make_reference,
)

__all__ = ["parse_times", "add_times", "times_between", "find_times", "Reference", "NO_REFERENCE"]


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
_DIGITS = re.compile(r"\d+")
_CENTURIES = {"19": "YEAR4", "20": "YEAR4", "13": "HYEAR4", "14": "HYEAR4"}
_CLITICS = "وفبلك"


def _anchor_hits(norm: str, lex: Lexicon) -> dict[str, list[tuple[int, int]]]:
    """Spans of the anchor words of each kind (clitic forms are anchors of their own), found in one
    pass over the text's words, and of the digit runs that can start a date or a clock time."""
    anchors = lex.anchors
    hits: dict[str, list[tuple[int, int]]] = {}
    # one pass over the words (anchors are whole words: شهر is not found inside اشهر)
    for match in _WORD.finditer(norm):
        kinds = anchors.get(match.group())
        if kinds:
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
