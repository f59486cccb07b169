"""Event trigger lexicon: loads src/khabar/data/events/*.tsv and finds trigger matches in word tokens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from khabar.data import read_rows
from khabar.text.normalize import normalize
from khabar.text.segment import clitic_variants

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# Verb inflection, generated from the past-tense stem. Unvocalised Arabic hides most of the
# differences between forms, so prefix + stem + suffix covers the news register well enough.
_PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم")
_PRESENT_PREFIXES = ("ي", "ت", "ن")
_PRESENT_SUFFIXES = ("", "ون", "ان", "وا", "ن", "ين")
_OBJECT_SUFFIXES = ("", "ه", "ها", "هم", "هما", "نا")
# Clitics a verb may carry: conjunctions, then the future marker or the subjunctive lam.
_VERB_CLITICS = ("وس", "فس", "ول", "فل", "و", "ف", "س", "ل")


def verb_forms(stem: str) -> frozenset[str]:
    """Conjugations of a (normalised) past-tense stem: قصف → قصفت، قصفوا، يقصف، تقصفها ..."""
    stem = normalize(stem)
    forms: set[str] = set()
    for suffix in _PAST_SUFFIXES:
        forms.add(stem + suffix)
    base = stem[1:] if stem.startswith("ا") and len(stem) > 3 else stem
    for prefix in _PRESENT_PREFIXES:
        for suffix in _PRESENT_SUFFIXES:
            forms.add(prefix + base + suffix)
    return frozenset(f + obj for f in forms for obj in _OBJECT_SUFFIXES)


@lru_cache(maxsize=100_000)
def verb_variants(word: str) -> tuple[str, ...]:
    """A normalised word and its readings without verbal proclitics (وسيقصف → سيقصف → يقصف)."""
    out = [word]
    for clitic in _VERB_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            rest = word[len(clitic):]
            # the future marker and the lam of purpose stand only before a present tense
            # (سيقصف، ليستعيد); لاستعادة is a preposition and a noun
            if clitic.endswith(("س", "ل")) and rest[0] not in "يتن":
                continue
            if clitic.endswith("ل") and rest[0] == "ا":
                continue
            out.append(rest)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PatternToken:
    """One slot of a trigger pattern: a set of normalised forms and how words are matched to it."""

    forms: frozenset[str]
    kind: str  # "verb" | "word" | "exact"
    gap_before: int = 0  # how many other words may stand between this slot and the previous one


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: str
    tokens: tuple[PatternToken, ...]
    type: str
    mode: str | None
    alt_types: tuple[str, ...]
    strength: str  # strong | weak
    voice: str  # active | passive | noun
    comment: str
    unless: frozenset[str] = frozenset()  # neighbouring words that cancel the trigger

    @property
    def is_verb(self) -> bool:
        return self.voice in ("active", "passive")


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    trigger: Trigger
    first: int  # index of the first matched word token
    last: int  # index of the last matched word token (inclusive)
    head: int  # index of the token that carries the event word (the first slot)
    slots: tuple[int, ...] = ()  # the matched word indices (without the words of a gap)


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of one of this area's TSV data files (see khabar.data.read_rows)."""
    return read_rows("events", name)


def _parse_pattern(pattern: str) -> tuple[PatternToken, ...]:
    """Slots of one pattern (a pattern of literal phrases only is split by _split_phrases)."""
    tokens: list[PatternToken] = []
    gap = 0
    for part in pattern.split():
        if part.startswith("~"):
            gap = int(part[1:] or 3)
            continue
        if part.startswith("v:"):
            # v:STEM!FORM!FORM: the generated forms minus those that read as other words (طالبا 'a student')
            stems, *excluded = part[2:].split("!")
            forms: set[str] = set()
            for stem in stems.split("|"):
                forms |= verb_forms(stem)
            tokens.append(PatternToken(frozenset(forms - {normalize(f) for f in excluded}), "verb", gap))
        elif part.startswith("="):
            tokens.append(PatternToken(frozenset(normalize(f) for f in part[1:].split("|")), "exact", gap))
        else:
            tokens.append(PatternToken(frozenset(normalize(f) for f in part.split("|")), "word", gap))
        gap = 0
    return tuple(tokens)


@lru_cache(maxsize=1)
def load_triggers() -> tuple[Trigger, ...]:
    """The curated trigger table (triggers.tsv), parsed once."""
    triggers = []
    for row in _read_tsv("triggers.tsv"):
        row += [""] * (8 - len(row))
        pattern, etype, mode, alt, strength, voice, comment, unless = row[:8]
        if etype not in PLOVER_TYPES:
            raise ValueError(f"triggers.tsv: unknown PLOVER type {etype!r} in {pattern!r}")
        for variant in _split_phrases(pattern):
            triggers.append(Trigger(
                pattern=variant, tokens=_parse_pattern(variant), type=etype, mode=mode or None,
                alt_types=tuple(a for a in alt.split(",") if a), strength=strength or "strong",
                voice=voice or "noun", comment=comment,
                unless=frozenset(normalize(w) for w in unless.split("|") if w),
            ))
    return tuple(triggers)


def _split_phrases(pattern: str) -> list[str]:
    """A pattern of literal words only ('ضربه جويه|ضربات جويه') lists whole phrases; one with
    v:, = or ~ is a sequence of slots whose alternatives are single words."""
    if "~" in pattern or pattern.startswith(("v:", "=")) or " " not in pattern:
        return [pattern]
    return [p.strip() for p in pattern.split("|") if p.strip()]


@lru_cache(maxsize=1)
def _first_slot_index() -> dict[tuple[str, str], list[Trigger]]:
    """(kind, form) of a pattern's first slot -> triggers starting with it."""
    index: dict[tuple[str, str], list[Trigger]] = {}
    for trig in load_triggers():
        for form in trig.tokens[0].forms:
            index.setdefault((trig.tokens[0].kind, form), []).append(trig)
    return index


def _slot_matches(slot: PatternToken, word: str) -> bool:
    if slot.kind == "exact":
        # exact shapes may still carry a conjunction or the future marker (وتدفع، ستبدأ)
        return any(v in slot.forms for v in verb_variants(word))
    if slot.kind == "verb":
        return any(v in slot.forms for v in verb_variants(word))
    return any(v in slot.forms for v in clitic_variants(word))


@lru_cache(maxsize=200_000)
def _candidates(word: str) -> tuple[Trigger, ...]:
    """Triggers whose first slot this word can fill (cached: news repeats its words)."""
    index = _first_slot_index()
    found: list[Trigger] = []
    for v in verb_variants(word):
        found += index.get(("exact", v), [])
        found += index.get(("verb", v), [])
    for v in clitic_variants(word):
        found += index.get(("word", v), [])
    return tuple(dict.fromkeys(found))


def _match_rest(trig: Trigger, words: list[str], slot: int, pos: int) -> tuple[int, ...] | None:
    """Indices of the words matching slots[slot:] after word `pos`, else None."""
    if slot == len(trig.tokens):
        return ()
    spec = trig.tokens[slot]
    for nxt in range(pos + 1, min(len(words), pos + 2 + spec.gap_before)):
        if words[nxt] in _HARD_STOPS:
            break
        if _slot_matches(spec, words[nxt]):
            rest = _match_rest(trig, words, slot + 1, nxt)
            if rest is not None:
                return (nxt, *rest)
    return None


# Gaps in a pattern never run across these (a new clause or a quotation).
_HARD_STOPS = frozenset({".", "؛", ";", ":", "؟", "?", "!"})



def _cancelled(trig: Trigger, words: list[str], first: int, last: int) -> bool:
    neighbours = words[max(0, first - 1) : first] + words[last + 1 : last + 5]
    return any(v in trig.unless for w in neighbours for v in clitic_variants(w))


def find_triggers(words: list[str]) -> list[TriggerMatch]:
    """Non-overlapping trigger matches over normalised words (punctuation tokens included as
    words so that gaps can stop at them); the longest match wins where two overlap."""
    matches: list[TriggerMatch] = []
    for i, word in enumerate(words):
        if not word or not word[0].isalpha():
            continue
        for trig in _candidates(word):
            rest = _match_rest(trig, words, 1, i)
            if rest is not None:
                slots = (i, *rest)
                if trig.unless and _cancelled(trig, words, i, slots[-1]):
                    continue
                matches.append(TriggerMatch(trig, i, slots[-1], i, slots))
    # longest first, then earliest; a verb reading loses to a noun reading after a preposition
    # (انتهت إلى رفض مطلق); keep those that do not overlap a kept one
    def after_preposition(m: TriggerMatch) -> bool:
        return m.trigger.is_verb and m.first > 0 and words[m.first - 1] in cue("noun_context")

    matches.sort(key=lambda m: (-(m.last - m.first), m.first, after_preposition(m), m.trigger.strength != "strong"))
    kept: list[TriggerMatch] = []
    taken: set[int] = set()
    for m in matches:
        span = set(range(m.first, m.last + 1))
        if span & taken:
            continue
        kept.append(m)
        taken |= span
    kept.sort(key=lambda m: m.first)
    return kept


@lru_cache(maxsize=1)
def load_modes() -> tuple[tuple[frozenset[str], str], ...]:
    """Cue classes that set an ASSAULT's mode, in priority order (modes.tsv)."""
    return tuple((frozenset(normalize(c) for c in cues.split("|")), mode) for cues, mode, *_ in _read_tsv("modes.tsv"))


@dataclass(frozen=True, slots=True)
class SectorHead:
    forms: tuple[str, ...]  # normalised words (a head may be two words: هيئة الأركان)
    sector: str
    state: bool


@lru_cache(maxsize=1)
def load_sector_heads() -> dict[str, SectorHead]:
    """Agent head words -> their sector (sectors.tsv); keys are the head's first word."""
    heads: dict[str, SectorHead] = {}
    for forms, sector, state, *_ in _read_tsv("sectors.tsv"):
        for form in forms.split("|"):
            words = tuple(normalize(form).split())
            heads.setdefault(words[0], SectorHead(words, sector, state == "1"))
    return heads


@lru_cache(maxsize=1)
def load_reporters() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Attribution phrases (as word tuples, longest first) and their English labels."""
    out = []
    for phrases, label, *_ in _read_tsv("reported_by.tsv"):
        for phrase in phrases.split("|"):
            out.append((tuple(normalize(phrase).split()), label))
    out.sort(key=lambda p: -len(p[0]))
    return tuple(out)


@lru_cache(maxsize=1)
def load_context_blockers() -> dict[str, frozenset[str]]:
    """Words that mark a casualty or attack word as an accident, illness or sport (context_blockers.tsv):
    {"weak": words blocking casualty-only mentions, "noun": words also blocking attack nouns,
    "before": words that, just before a trigger, make it feared or prevented}."""
    out: dict[str, set[str]] = {"weak": set(), "noun": set(), "before": set()}
    for words, blocks, *_ in _read_tsv("context_blockers.tsv"):
        found = {normalize(w) for w in words.split("|") if w}
        if blocks == "before":
            out["before"] |= found
            continue
        out["weak"] |= found
        if blocks == "noun":
            out["noun"] |= found
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def load_sites() -> frozenset[str]:
    """Nouns of sites and units an attack hits (sites.tsv): the group named after them is the target."""
    return frozenset(normalize(w) for words, *_ in _read_tsv("sites.tsv") for w in words.split("|") if w)


@lru_cache(maxsize=1)
def load_cues() -> dict[str, frozenset[str]]:
    """The cue word lists of the events stage (cues.tsv): list name -> normalised words or phrases."""
    return {name: frozenset(" ".join(normalize(p).split()) for p in words.split("|") if p)
            for name, words, *_ in _read_tsv("cues.tsv")}


def cue(name: str) -> frozenset[str]:
    """One cue list of cues.tsv (a KeyError names a list the data file lacks)."""
    return load_cues()[name]
