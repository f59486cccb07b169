"""The quantities layer: from the numbers of a text, the counts an analyst reads (counted nouns, money,
percentages) with casualty and count roles (killed, injured, arrested, ...) taken from cue words."""

from __future__ import annotations

from functools import lru_cache

from khabar.document import Document, Quantity
from khabar.extract.numbers import Found, Scan, Segment, _number_value, _tokenize_segment, analyses, scan
from khabar.extract.numbers_lexicon import Lexicon, lexicon

# Punctuation a cue does not reach across: the end of a sentence or a clause list.
_HARD_STOPS = frozenset({".", "!", "?", "؟", ":", "؛", ";"})
_SOFT_STOPS = frozenset({"،", ",", "(", ")"})
_CUE_WINDOW_BEFORE = 5
_CUE_WINDOW_AFTER = 16
_PEOPLE = frozenset({"person", "armed"})  # duals of these are reported only with a role
_HUMAN_RELATIONS = frozenset({"منهم", "منهن", "منهما", "بينهم", "بينهن", "اخرين", "اخرون", "الاخرين"})
_SUBSET_BEFORE = frozenset({"بينهم", "بينهن", "منهم", "منهن"})  # بينهم 4 أطفال: part of the count before


# Clitics a cue word may carry. The article is not stripped: cues that take it are listed with it
# (القتلى, الإفراج عن), and stripping it would read الأسر (the families) as أسر (captured).
_CUE_PREFIXES = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"})


def _phrase_at(texts: list[str], k: int, length: int) -> list[tuple[str, ...]]:
    """Readings of the phrase texts[k : k + length], the first word with or without its clitics."""
    rest = tuple(texts[k + 1 : k + length])
    return [(stem, *rest) for prefix, stem in analyses(texts[k]) if prefix in _CUE_PREFIXES]


@lru_cache(maxsize=1)
def _cue_edges() -> tuple[frozenset[str], frozenset[str]]:
    """Last words of the "before" cues and first words of the "after" cues: a cheap test that a
    token may end or start a cue, before any phrase is built."""
    lex = lexicon()
    return frozenset(p[-1] for p in lex.role_before), frozenset(p[0] for p in lex.role_after)


@lru_cache(maxsize=65536)
def _may_end_cue(token: str) -> bool:
    words = _cue_edges()[0]
    return token in words or any(stem in words for prefix, stem in analyses(token) if prefix in _CUE_PREFIXES)


@lru_cache(maxsize=65536)
def _may_start_cue(token: str) -> bool:
    words = _cue_edges()[1]
    return token in words or any(stem in words for prefix, stem in analyses(token) if prefix in _CUE_PREFIXES)


def _cue_before(seg: Segment, item: Found, floor: int, lex: Lexicon) -> str | None:
    """The role of the nearest cue before the number (مقتل 12, وإصابة 90, عدد قتلى ... بينهم 12)."""
    texts = seg.texts
    k = item.first - 1
    lowest = max(floor, item.first - _CUE_WINDOW_BEFORE)
    while k >= lowest:
        tok = texts[k]
        if tok in _HARD_STOPS or tok in _SOFT_STOPS:
            return None
        if not _may_end_cue(tok):
            k -= 1
            continue
        for length in range(min(lex.max_role_len, k - floor + 1), 0, -1):
            for key in _phrase_at(texts, k - length + 1, length):
                role = lex.role_before.get(key)
                if role:
                    return role
        k -= 1
    return None


def _cue_after(seg: Segment, item: Found, ceiling: int, lex: Lexicon, folded: str) -> str | None:
    """The role of a cue after the number and its noun (لقي 41 متمردا مصرعهم, بتسليم أنفسهم)."""
    texts = seg.texts
    if item.last + _CUE_WINDOW_AFTER > len(texts) and ceiling >= len(texts) and seg.ends and seg.ends[-1] < len(folded):
        # the scanner's window is short; read on to the window's end (no other number lies there)
        more = _tokenize_segment(folded, seg.ends[-1], min(len(folded), seg.ends[-1] + 160))
        texts = texts + more.texts
        ceiling = len(texts)
    highest = min(ceiling, item.last + _CUE_WINDOW_AFTER, len(texts))
    k = item.last
    while k < highest:
        if texts[k] in _HARD_STOPS:
            return None
        if not _may_start_cue(texts[k]):
            k += 1
            continue
        for length in range(min(lex.max_role_len, highest - k), 0, -1):
            for key in _phrase_at(texts, k, length):
                role = lex.role_after.get(key)
                if role and k - item.last < lex.role_after_window.get(key, _CUE_WINDOW_AFTER):
                    return role
        k += 1
    return None


def _coordinated(seg: Segment, item: Found, previous: Found | None) -> bool:
    """True when the number is joined by و to the count just before it (قتل 5 جنود و3 مدنيين)."""
    if previous is None or previous.segment is not seg:
        return False
    gap = item.first - previous.last
    if gap < 0 or gap > 2:
        return False
    texts = seg.texts
    before = texts[item.first - 1] if item.first > 0 else ""
    return before == "و" or texts[item.first].startswith("و")


def _may_have_role(item: Found) -> bool:
    """Whether a role can matter for this number: roles are said of people, so not of ordinals,
    durations, money, places, objects or measures (فقدان 1.08 نقطة, ثلاثة تفجيرات)."""
    if item.kind in ("ordinal", "fraction", "percent", "money"):
        return False
    if item.unit_category in ("time", "percent", "place", "object", "measure"):
        return False
    if item.kind == "vague":
        return item.vague_document
    return item.value > 0


def _report(item: Found, role: str | None) -> bool:
    """Whether the document layer reports this number (the gold's conventions: counted nouns, money,
    percentages and casualty counts; no ordinals, years, durations, ages or bare numbers)."""
    if item.kind in ("ordinal", "fraction"):
        return False
    if item.kind in ("percent", "money"):
        return True
    if item.unit_category == "time":
        return False
    if item.kind == "vague":
        return item.vague_document and (item.unit is not None or role is not None)
    if item.value <= 0:
        return False
    if item.value == 1 and item.unit is None:
        return False  # واحد/واحدة alone follows its noun (حالة واحدة); implicit ones are not counted
    if item.definite:
        return False  # النقاط الأربعة الأخرى, المصابين الثلاثة: the number describes a noun already counted
    if item.dual:
        return item.unit_category == "measure" or (item.unit_category in _PEOPLE and role is not None)
    if item.unit is not None or item.relation is not None:
        return True
    return role is not None


def quantities_of(result: Scan) -> list[Quantity]:
    """The document-layer quantities of a scanned text."""
    lex = lexicon()
    out: list[Quantity] = []
    found = result.found
    roles: list[str | None] = []
    last_counted_unit: str | None = None
    last_people_unit: str | None = None
    for index, item in enumerate(found):
        seg = item.segment
        previous = found[index - 1] if index > 0 else None
        following = found[index + 1] if index + 1 < len(found) else None
        floor = previous.last if previous is not None and previous.segment is seg else 0
        ceiling = following.first if following is not None and following.segment is seg else len(seg.texts)
        role = None
        if _may_have_role(item):
            # the cue before the number says what happened (الإفراج عن 120 معتقلا: released), then
            # the noun itself (تسعة قتلى), then a cue after it (لقي 41 متمردا مصرعهم)
            joined = item.first > 0 and (seg.texts[item.first - 1] == "و" or seg.texts[item.first].startswith("و"))
            if joined and item.unit_role:  # وفاة و3 إصابات: the cue before belongs to the first item
                role = item.unit_role
            else:
                role = _cue_before(seg, item, floor, lex) or item.unit_role \
                    or _cue_after(seg, item, ceiling, lex, result.folded)
            if item.first > 0 and seg.texts[item.first - 1] in _SUBSET_BEFORE and item.relation is None:
                item.relation = "subset"
            if role is None and previous is not None and roles and (
                item.relation in ("others", "subset") or _coordinated(seg, item, previous)
            ):
                role = roles[-1]
        roles.append(role)
        unit = item.unit
        if unit is None and item.relation in ("others", "subset"):
            # 90 آخرين, 16 منهم: more of the people counted just before; 172 منها: of what was counted
            human = seg.texts[item.number_end] in _HUMAN_RELATIONS if item.number_end < len(seg.texts) else False
            unit = last_people_unit if human else last_counted_unit
        if item.unit and item.unit_category not in ("time", "percent", "money"):
            last_counted_unit = item.unit
            if item.unit_category in _PEOPLE:
                last_people_unit = item.unit
        if not _report(item, role):
            continue
        start, end = result.stripped.to_original(item.start, item.end)
        value = item.vague_label if item.kind == "vague" else _number_value(item.value)
        out.append(
            Quantity(
                text=result.stripped.original[start:end],
                start=start,
                end=end,
                value=value,
                unit=unit,
                role=role,
                approximate=item.approximate,
                currency=item.currency,
            )
        )
    return out


def extract_quantities(text: str) -> list[Quantity]:
    """The quantities an analyst reads in `text` (see `quantities_of`)."""
    if not isinstance(text, str) or not text:
        return []
    return quantities_of(scan(text))


def add_quantities(doc: Document) -> Document:
    """Pipeline stage: fill doc.quantities from doc.text."""
    doc.quantities = extract_quantities(doc.text)
    return doc
