"""Loads the time lexicons (src/khabar/data/times/*.tsv) once and turns them into regex pieces and lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from khabar.data import read_rows

# The same letter folding as khabar.text.normalize, restricted to one-to-one characters so
# that str.translate keeps offsets; dropped marks are handled by the caller (see fold_text).
_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ة": "ه", "ۃ": "ه", "ک": "ك", "ګ": "ك",
    "ؤ": "و", "ئ": "ي",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "٫": ".", "٬": ",", "ـ": "",
}
_DROPPED = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
TRANSLATE: dict[int, str] = {ord(k): v for k, v in _LETTERS.items() if len(v) == 1}
for _i in range(10):
    TRANSLATE[0x0660 + _i] = str(_i)
    TRANSLATE[0x06F0 + _i] = str(_i)
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    TRANSLATE[ord(_c)] = _c.lower()
DROP_RE = re.compile("[" + "".join(re.escape(c) for c in _DROPPED) + "]")


_ARABIC_ONLY = {ord(k): v for k, v in _LETTERS.items() if len(v) == 1 and k.strip()}


def fold_letters(pattern: str) -> str:
    """Fold the Arabic letters of a regex template, leaving ASCII (\\s, \\d, names) alone."""
    return pattern.translate(_ARABIC_ONLY)


def fold(text: str) -> str:
    """Normalise a lexicon form or a matched string: letters folded, marks dropped."""
    return DROP_RE.sub("", text.translate(TRANSLATE)).strip()


def _rows(name: str) -> list[list[str]]:
    """Rows of one of this area's TSV data files (see khabar.data.read_rows)."""
    return read_rows("times", name)


def alternation(forms: list[str] | set[str]) -> str:
    """A non-capturing regex alternation, longest form first so that regex picks it."""
    ordered = sorted({f for f in forms if f}, key=lambda f: (-len(f), f))
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered) + ")"


@dataclass
class Lexicon:
    months: dict[str, int] = field(default_factory=dict)
    months_safe: set[str] = field(default_factory=set)
    hijri_months: dict[str, int] = field(default_factory=dict)
    hijri_safe: set[str] = field(default_factory=set)
    weekdays: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, tuple[int, str]] = field(default_factory=dict)
    units: dict[str, tuple[str, int]] = field(default_factory=dict)
    relative: dict[str, tuple[str, str]] = field(default_factory=dict)
    pod: dict[str, tuple[str, str, int, int]] = field(default_factory=dict)
    pom: dict[str, str] = field(default_factory=dict)
    name_prefixes: set[str] = field(default_factory=set)
    holidays: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)
    timezones: dict[str, float] = field(default_factory=dict)
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    anchor_set: frozenset[str] = frozenset()
    word_sets: dict[str, set[str]] = field(default_factory=dict)
    pieces: dict[str, str] = field(default_factory=dict)

    def direction(self, text: str | None) -> int | None:
        """-1, 0 or 1 for the first direction word in `text` (None when there is none)."""
        if not text:
            return None
        for word in _words(text):
            entry = self.relative.get(word)
            if entry and entry[0] == "direction":
                return int(entry[1])
        if re.search(r"(?<!\w)(?:هذا|هذه)(?!\w)", text):
            return 0
        return None

    def month(self, text: str | None) -> int | None:
        """The month named in `text`: a name, شهر N, or الشهر + ordinal."""
        if not text:
            return None
        found = self._month_re.search(text)
        if found:
            return self.months[re.sub(r"\s+", " ", found.group())]
        m = re.search(r"شهر\s+(\d{1,2})(?!\d)", text)
        if m and 1 <= int(m.group(1)) <= 12:
            return int(m.group(1))
        tail = re.sub(r"^.*?شهر\s+", "", text)
        value = self.number(tail)
        if value is not None and 1 <= value <= 12:
            return value
        return None

    @cached_property
    def _month_re(self) -> re.Pattern[str]:
        return re.compile(alternation(set(self.months)))

    def hijri_month(self, text: str | None) -> int | None:
        if not text:
            return None
        for form in sorted(self.hijri_months, key=len, reverse=True):
            if form in re.sub(r"\s+", " ", text):
                return self.hijri_months[form]
        return None

    def weekday(self, text: str | None) -> int | None:
        if not text:
            return None
        for word in _words(text):
            stem = word[2:] if word.startswith("ال") else word
            if stem in self.weekdays:
                return self.weekdays[stem]
            for clitic in ("وال", "بال", "فال", "لل"):
                if word.startswith(clitic) and word[len(clitic):] in self.weekdays:
                    return self.weekdays[word[len(clitic):]]
        return None

    def number(self, text: str | None) -> int | None:
        """Digits, a cardinal (واحد .. تسعة وخمسون) or an ordinal (الأول .. الحادي والثلاثون)."""
        if not text:
            return None
        text = re.sub(r"\s+", " ", text.strip())
        digits = re.search(r"\d+", text)
        if digits:
            return int(digits.group())
        total = 0
        seen = False
        rest = text
        while rest:
            match = self._number_re.match(rest)
            if not match:
                break
            form = match.group()
            value, kind = self.numbers[form]
            if kind == "ordinal" and value == -1:
                return -1
            total += value
            seen = True
            rest = rest[match.end():].lstrip()
            rest = re.sub(r"^و\s*", "", rest)
        return total if seen else None

    @cached_property
    def _number_re(self) -> re.Pattern[str]:
        forms = set(self.numbers) | {f[2:] for f in self.numbers if f.startswith("ال")}
        for form in list(forms):
            if form not in self.numbers:
                self.numbers[form] = self.numbers["ال" + form]
        return re.compile(alternation(forms) + r"(?!\w)")

    def unit(self, text: str | None) -> tuple[str, int] | None:
        if not text:
            return None
        for word in _words(text):
            stem = word[2:] if word.startswith("ال") else word
            if word in self.units:
                return self.units[word]
            if stem in self.units:
                return self.units[stem]
        return None

    def part_of_day(self, text: str | None) -> tuple[str, str, int, int] | None:
        if not text:
            return None
        text = re.sub(r"\s+", " ", text.strip())
        if text in self.pod:
            return self.pod[text]
        for form in sorted(self.pod, key=len, reverse=True):
            if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                return self.pod[form]
        return None

    def part_of_month(self, text: str | None) -> str | None:
        if not text:
            return None
        for word in _words(text):
            for candidate in (word, word[1:] if word[:1] in "بول" else word):
                if candidate in self.pom:
                    return self.pom[candidate]
        return None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All time lexicons, folded to the matcher's normal form, loaded once."""
    lex = Lexicon()
    for form, month, _series, needs_context in _rows("months.tsv"):
        key = fold(form)
        lex.months[key] = int(month)
        if needs_context == "0":
            lex.months_safe.add(key)
    for form, month, needs_context in _rows("hijri_months.tsv"):
        key = fold(form)
        lex.hijri_months[key] = int(month)
        if needs_context == "0":
            lex.hijri_safe.add(key)
    for form, weekday in _rows("weekdays.tsv"):
        lex.weekdays[fold(form)] = int(weekday)
    for form, value, kind in _rows("numbers.tsv"):
        lex.numbers[fold(form)] = (int(value), kind)
    for form, unit, count in _rows("units.tsv"):
        lex.units[fold(form)] = (unit, int(count))
    for form, kind, value in _rows("relative.tsv"):
        if kind in ("day_noun", "temporal_before", "not_before_weekday"):
            lex.word_sets.setdefault(kind, set()).add(fold(form))
        else:
            lex.relative[fold(form)] = (kind, value)
    for row in _rows("parts.tsv"):
        form, kind, value = row[0], row[1], row[2]
        if kind == "pod":
            name, _, meridiem = value.partition(":")
            lex.pod[fold(form)] = (name, meridiem, int(row[3]), int(row[4]))
        else:
            lex.pom[fold(form)] = value
    for kind, form in _rows("named_events.tsv"):
        if kind == "prefix":
            lex.name_prefixes.add(fold(form))
    for form, calendar, month, day, days in _rows("holidays.tsv"):
        lex.holidays[fold(form)] = (calendar, int(month), int(day), int(days))
    for form, offset in _rows("timezones.tsv"):
        lex.timezones[fold(form)] = float(offset)
    lex.pieces = _pieces(lex)
    lex.anchors = _anchor_words(lex)
    lex.anchor_set = frozenset(lex.anchors)
    return lex


# Words too common to anchor a phrase (the phrase is anchored by its other words).
_STOP = {"في", "من", "حتي", "منذ", "قبل", "بعد", "خلال", "عما", "هذا", "هذه", "يوم", "الذي", "الي", "لحد",
         "ذلك", "علي", "اول", "وقت", "الوقت", "الماضي", "السابق", "المنصرم", "الاول", "القبل", "المقبله",
         "القليله", "طويل", "شهر", "الشهر", "راس", "السنه", "عيد"}
# Bare weekday names that are ordinary words (أحد = one, اثنين = two): anchors only with ال.
_BARE_NOT_ANCHORS = {"احد", "اثنين"}


def _anchor_words(lex: Lexicon) -> dict[str, frozenset[str]]:
    """Word → the anchor kinds it gives (rules.tsv `anchors`): every rule's match contains
    at least one word of one of its kinds, so rules are tried only near such words."""
    kinds: dict[str, set[str]] = {}

    def add(word: str, kind: str, article: bool = True) -> None:
        kinds.setdefault(word, set()).add(kind)
        if article and not word.startswith("ال"):
            kinds.setdefault("ال" + word, set()).add(kind)

    for form in lex.months:
        add(form.split()[0], "MONTH")
    for word in ("شهر", "الشهر"):
        add(word, "MONTH", article=False)
    for form in lex.hijri_months:
        add(form.split()[0], "HMONTH", article=False)
    for form in lex.weekdays:
        kinds.setdefault("ال" + form, set()).add("WEEKDAY")
        if form not in _BARE_NOT_ANCHORS:
            kinds.setdefault(form, set()).add("WEEKDAY")
    by_kind = {"deictic": "DEIC", "present": "PRESENT", "vague": "VAGUE"}
    for form, (kind, _value) in lex.relative.items():
        if kind in by_kind:
            for word in form.split():
                if word not in _STOP:
                    add(word, by_kind[kind])
    for form in lex.holidays:
        for word in form.split():
            if word not in _STOP:
                add(word, "HOL")
    for form in lex.pod:
        for word in form.split():
            if word not in _STOP:
                add(word, "POD")
    for form in lex.units:
        add(form, "UNIT")
    for word in ("الاسبوع", "الشهر", "العام", "السنه"):
        add(word, "PERIOD", article=False)
    for word in ("منذ", "قبل", "بعد", "خلال", "غضون", "طوال", "مدي", "مدار"):
        add(word, "DPREP", article=False)
    for form, (kind, _value) in lex.relative.items():
        if kind == "direction":
            add(form, "DIR", article=False)
    for word in ("ساعه",):
        add(word, "CLOCK")
    for word in ("ربع", "نصف", "ثلث", "دقيقه", "دقائق"):
        add(word, "FRAC")
    for word in ("الربع", "النصف"):
        add(word, "QUARTER")
    for form in lex.pom:
        add(form, "POM", article=False)
    add("منتصف", "MIDNIGHT")
    add("الليله", "TONIGHT")
    # the same words behind clitics (والخميس، بالأمس، للعام), so that a set intersection
    # with the text's words finds them without a per-word loop
    with_clitics: dict[str, set[str]] = {}
    for word, word_kinds in kinds.items():
        forms = {word}
        for clitic in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"):
            forms.add(clitic + word)
        if word.startswith("ال"):
            forms.update({"لل" + word[2:], "ولل" + word[2:], "فلل" + word[2:]})
        for form in forms:
            with_clitics.setdefault(form, set()).update(word_kinds)
    return {word: frozenset(k) for word, k in with_clitics.items()}


def fast_fold(text: str) -> str:
    """fold() for whole articles without dropping marks: one C-level replace per letter
    that occurs (much faster than str.translate on non-ASCII text); offsets are kept."""
    for source, target in _REPLACEMENTS:
        if source in text:
            text = text.replace(source, target)
    if not text.isascii():
        lowered = text.lower()
        return lowered if len(lowered) == len(text) else text.translate(TRANSLATE)
    return text.lower()


_REPLACEMENTS = [(chr(k), v) for k, v in TRANSLATE.items() if len(v) == 1 and not chr(k).isupper()]


def _pieces(lex: Lexicon) -> dict[str, str]:
    """Named regex fragments that rules.tsv templates use as {NAME}."""
    by_kind: dict[str, set[str]] = {}
    for form, (kind, _value) in lex.relative.items():
        by_kind.setdefault(kind, set()).add(form)
    units_ord = {f for f, (_v, k) in lex.numbers.items() if k == "ordinal" and _v > 0}
    ord_units = {f for f, (_v, k) in lex.numbers.items() if k in ("ordinal", "ordinal_unit") and 0 < _v < 10}
    ord_tens = {f for f, (_v, k) in lex.numbers.items() if k == "ordinal_ten"}
    cardinal_small = {f for f, (_v, k) in lex.numbers.items() if k == "unit" and _v > 0}
    teens = {f for f, (_v, k) in lex.numbers.items() if k == "teen"}
    tens = {f for f, (_v, k) in lex.numbers.items() if k == "ten"}
    ordu = alternation(ord_units)
    ordt = alternation(ord_tens | {"العشرون", "عشرون", "الثلاثون"})
    card_unit = alternation(cardinal_small)
    card_ten = alternation(tens)
    # An ordinal day: الرابع, الحادي عشر, الثالث والعشرون, العشرين.
    dord = (
        f"(?:{ordu}(?:\\s+عشر[ه]?|\\s+و\\s*{ordt})?|{alternation(units_ord)}|{ordt})"
    )
    cardw = f"(?:{alternation(teens)}(?!\\w)|{card_unit}(?!\\w)(?:\\s+و\\s*{card_ten}(?!\\w))?|{card_ten}(?!\\w))"
    months_all = alternation(set(lex.months))
    months_safe = alternation(lex.months_safe)
    month_num = f"(?:شهر\\s+(?:[1-9]|1[0-2])(?!\\d)|شهر\\s+{cardw}|الشهر\\s+{dord})"
    # paired forms: يوليو/تموز، يوليو (تموز)، يوليو تموز
    pair = f"(?:(?:\\s*[/\\\\(-]\\s*|\\s+){months_all}\\s*\\)?)?"
    direction = alternation(by_kind.get("direction", set()))
    weekdays = alternation(set(lex.weekdays))
    pod_forms = set(lex.pod)
    frac = (
        f"(?:\\s*و\\s*(?:ربع|نصف|النصف|ثلث|{cardw}|\\d{{1,2}})(?:\\s+(?:دقيقه|دقائق))?"
        f"|\\s+الا\\s+(?:ربعا?|ثلثا?|{cardw}|\\d{{1,2}})(?:\\s+(?:دقيقه|دقائق))?)"
    )
    day_nouns = lex.word_sets.get("day_noun", set())
    return {
        "DAYNOUN": alternation(day_nouns) + r"(?!\w)",
        "CPREP": r"(?:عند|حوالي|نحو|قرابه|بحدود|في\s+حدود|منذ|حتي|قبل|بعد|في)",
        "HOURW": f"(?:{dord}|{cardw})(?!\\w)",
        "FRAC": frac,
        "CPOD": alternation(pod_forms) + r"(?!\w)",
        "TZ": "بتوقيت\\s+" + alternation(set(lex.timezones)) + r"(?!\w)",
        "NAMEPREFIX": alternation(lex.name_prefixes),
        "B": r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك])|(?<=(?<!\w)[وف][بلك]))",
        "E": r"(?!\w)",
        "WDN": weekdays,
        "WD": f"(?:يوم\\s+)?(?:ال|(?<=ل)ل)?{weekdays}(?!\\w)",
        "WDA": f"(?:يوم\\s+)?(?:ال|(?<=ل)ل){weekdays}(?!\\w)",
        "MONN": months_all,
        "MON": f"(?:(?:شهر\\s+)?{months_all}{pair}(?!\\w)|{month_num})",
        "MONS": f"(?:(?:شهر\\s+)?{months_safe}{pair}(?!\\w)|شهر\\s+{months_all}{pair}(?!\\w)|{month_num})",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?![\d:.,])",
        "DORD": dord,
        "ORD": f"(?:{ordu}|{alternation(units_ord)}|(?:ال)?اخير[ه]?|اخر)",
        "CARDW": cardw,
        "YEAR": r"(?:(?:من\s+|في\s+)?(?:ال|(?<=ل)ل|[لب])?(?:عام|سنه)\s+)?(?:1[89]\d\d|20\d\d)(?!\d)(?:\s*م(?!\w))?",
        "YREL": (
            f"(?:من\\s+)?(?:(?:هذا|هذه)\\s+(?:ال)?(?:عام|سنه)|(?:ال|(?<=ل)ل)(?:عام|سنه)\\s+{direction})(?!\\w)"
        ),
        "DIR": f"{direction}(?!\\w)",
        "POD": alternation(pod_forms) + r"(?!\w)",
        "PODC": alternation({f for f in pod_forms if not f.endswith("ا") and not f.startswith("ال")
                             and " " not in f}) + r"(?!\w)",
        "POM": alternation(set(lex.pom)) + r"(?!\w)",
        "DEIC": alternation(by_kind.get("deictic", set())) + r"(?!\w)",
        "PRESENT": alternation(by_kind.get("present", set())) + r"(?!\w)",
        "VAGUE": alternation(by_kind.get("vague", set())) + r"(?!\w)",
        "UNIT": f"(?:ال)?{alternation(set(lex.units))}(?!\\w)",
        "UNITN": f"{alternation(set(lex.units))}(?!\\w)",
        "HMONN": alternation(set(lex.hijri_months)),
        "HMONS": alternation(lex.hijri_safe),
        "HOL": alternation(set(lex.holidays)) + r"(?!\w)",
    }
