"""Shared machinery of the quotes and claims stages: lexicons, a token view of a document, subjects."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from khabar.document import Document, Entity
from khabar.extract.gazetteer import province_heads
from khabar.text.normalize import normalize
from khabar.text.segment import Token, split_sentences

# ---------------------------------------------------------------------------------------------
# Lexicons (data files under khabar/data/attribution, loaded once)

OPENERS = {"«": "»", "“": "”", "„": "“", '"': '"', "'": "'"}
CLOSERS = {"»", "”", "“", '"', "'"}


@cache
def load_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file, comments (#) and blank lines skipped."""
    from khabar.data import data_path

    rows: list[tuple[str, ...]] = []
    with open(data_path("attribution", name), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def phrase(text: str) -> tuple[str, ...]:
    """A lexicon phrase as a tuple of normalised words ("..." is kept as a gap marker)."""
    return tuple(normalize(w) if w != "..." else w for w in text.split())


@dataclass(frozen=True, slots=True)
class VerbEntry:
    form: str
    lemma: str
    role: str
    claim: str


@cache
def reporting_verbs() -> dict[str, VerbEntry]:
    out: dict[str, VerbEntry] = {}
    for row in load_rows("reporting_verbs.tsv"):
        if len(row) < 4:
            continue
        form = normalize(row[0])
        out.setdefault(form, VerbEntry(form, normalize(row[1]), row[2], row[3]))
    return out


@cache
def clause_words() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in load_rows("clause_words.tsv"):
        if len(row) >= 2:
            groups.setdefault(row[0], set()).add(normalize(row[1]))
    return {k: frozenset(v) for k, v in groups.items()}


def complementisers() -> frozenset[str]:
    return clause_words()["complementiser"] - {normalize("لأن")}


@cache
def descriptors() -> dict[str, str]:
    """Descriptor words → kind, each with and without the article (الحاكم / حاكم)."""
    out: dict[str, str] = {}
    for row in load_rows("speaker_descriptors.tsv"):
        if len(row) < 2:
            continue
        word = normalize(row[0])
        bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
        for form in (word, bare, "ال" + bare):
            out.setdefault(form, row[1])
    return out


@cache
def platform_names() -> frozenset[str]:
    """English names of the social platforms in channels.tsv (X, Facebook ...): channels, never speakers."""
    return frozenset(row[2] for row in load_rows("channels.tsv") if len(row) > 3 and row[0] == "outlet"
                     and row[3] == "platform")


def _is_platform(ent: Entity) -> bool:
    name = ent.name or ""
    return any(name == p or name.startswith(p + " (") for p in platform_names())


@cache
def pair_subjects() -> dict[str, str]:
    """Dual subjects (البلدان، الزعيمان، الجانبان) → which two parties they stand for."""
    return {normalize(row[0]): row[1] for row in load_rows("pair_subjects.tsv") if len(row) > 1}


@cache
def non_quote_words() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in load_rows("non_quote_contexts.tsv") if r)


@cache
def channel_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    rows = [(phrase(r[1]), r[2]) for r in load_rows("channels.tsv") if len(r) >= 3 and r[0] == "channel"]
    return tuple(sorted(rows, key=lambda x: -len(x[0])))


@cache
def outlets() -> tuple[tuple[tuple[str, ...], str], ...]:
    rows = [(phrase(r[1]), r[2]) for r in load_rows("channels.tsv") if len(r) >= 3 and r[0] == "outlet"]
    return tuple(sorted(rows, key=lambda x: -len(x[0])))


# ---------------------------------------------------------------------------------------------
# A token view of one document


def strip_conj(norm: str) -> str:
    """A word without a leading conjunction و/ف (وقال → قال)."""
    if len(norm) > 2 and norm[0] in "وف":
        return norm[1:]
    return norm


def agreement(form: str, lemma: str) -> str | None:
    """The subject a reporting verb or participle agrees with, read off its form against its lemma:
    "f" (قالت، تقول، مؤكدة), "pl" (قالوا، يقولون، مشيرين) or "m" (قال، يقول، مؤكدا); None for a
    verbal noun or a form this cannot tell."""
    form = strip_conj(form)
    if form.endswith(("وا", "ون", "ين")) and not lemma.endswith(("وا", "ون", "ين")):
        return "pl"
    if form in (lemma + "ا", lemma + "تا"):
        return "du"  # أكدا، قالتا: two speakers
    if form.endswith(("ه", "ة")) and form[:1] == "م":
        return "f"  # مؤكدة (ة folds to ه)
    if form[:1] == "م" and form.endswith("ا"):
        return "m"  # مؤكدا، مشيرا
    if form == lemma:
        return "m"
    if form == lemma + "ت" or (form[:1] == "ت" and lemma[:1] != "ت" and len(form) > 2):
        return "f"
    if form[:1] == "ي":
        return "m"
    return None


@lru_cache(maxsize=65536)
def word_forms(norm: str) -> tuple[str, ...]:
    """The readings of a normalised word with leading clitics peeled off (وللسلطات → ... السلطات)."""
    out = [norm]
    rest = norm
    for _ in range(3):
        if len(rest) > 2 and rest[0] in "وفبلك":
            rest = rest[1:]
            out.append(rest)
            if rest.startswith("ل") and len(rest) > 3:  # لل = ل + ال
                out.append("ا" + rest)
        else:
            break
    if rest.startswith("ال") and len(rest) > 3:
        out.append(rest[2:])
    return tuple(dict.fromkeys(out))


@dataclass
class Mention:
    start: int
    end: int
    entity: Entity
    text: str


@dataclass
class View:
    """Tokens of a document with normalised forms, sentence spans, quotations and entity mentions."""

    doc: Document
    tokens: list[Token]
    norms: list[str]
    starts: list[int]
    sentences: list[tuple[int, int]]  # token index ranges [a, b)
    sent_of: list[int]
    quotations: list[tuple[int, int]]  # char spans (open mark, close mark + 1)
    mentions: list[Mention] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    time_spans: list[tuple[int, int, str | None]] = field(default_factory=list)

    # -- tokens
    def is_word(self, i: int) -> bool:
        return self.tokens[i].text[0].isalnum()

    def is_punct(self, i: int) -> bool:
        return not self.is_word(i)

    def token_at_char(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def sentence_range(self, i: int) -> tuple[int, int]:
        return self.sentences[self.sent_of[i]]

    def text_span(self, a: int, b: int) -> str:
        """Original text of tokens [a, b)."""
        if a >= b:
            return ""
        return self.doc.text[self.tokens[a].start : self.tokens[b - 1].end]

    def match(self, i: int, words: tuple[str, ...], limit: int | None = None) -> int | None:
        """End token index when the phrase `words` matches at token i (first word may carry clitics)."""
        limit = len(self.tokens) if limit is None else limit
        k = i
        gap = False
        found_prev = -1
        for n, w in enumerate(words):
            if w == "...":
                gap = True
                continue
            if gap:
                # a late prepositional complement (أعرب الوزير ...، أمس، لنظيره ...، عن قلقه) may come far after
                tries = range(k, min(k + (_LONG_GAP if w == _AN else 6), limit))
            else:
                skip = 1 if k < limit and n > 0 and self.tokens[k].text in _MARKS else 0  # عن «قلق
                tries = range(k + skip, min(k + skip + 1, limit))
            gap = False
            found = None
            for kk in tries:
                # "ال" + word only where the previous word has it too (المعلومات الأولية agree)
                definite_before = kk > 0 and self.norms[kk - 1].startswith("ال") and found_prev == kk - 1
                if self._word_matches(kk, w, first=(n == 0), agree=definite_before):
                    found = kk
                    break
            if found is None:
                return None
            found_prev = found
            k = found + 1
        return k

    def _word_matches(self, k: int, w: str, first: bool, agree: bool = False) -> bool:
        norm = self.norms[k]
        forms = word_forms(norm) if first else (norm, *word_forms(norm)[1:2])
        if w.endswith("*"):
            return any(f.startswith(w[:-1]) and len(f) > len(w) for f in forms)
        if first:
            return w in forms
        return (norm == w or (norm.startswith("ل") and norm[1:] == w) or (w.startswith("ال") and norm == "ل" + w[1:])
                or (agree and not w.startswith("ال") and norm == "ال" + w))

    def starts_phrase(self, k: int, phrases: frozenset[str]) -> bool:
        """True when the word at k (or the two words from k) is one of `phrases` (clitics و ف allowed)."""
        first = self.norms[k]
        bare = strip_conj(first)
        if first in phrases or bare in phrases:
            return True
        if k + 1 < len(self.norms):
            second = self.norms[k + 1]
            return f"{first} {second}" in phrases or f"{bare} {second}" in phrases
        return False

    # -- quotations
    # Quotations are sorted and disjoint (find_quotations moves past each one), so a binary search
    # finds the only candidate; a linear scan made long inputs quadratic.
    def _quotation_before(self, offset: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.quotations, (offset, len(self.doc.text) + 1)) - 1
        return self.quotations[index] if index >= 0 else None

    def quotation_at_char(self, offset: int) -> tuple[int, int] | None:
        """The quotation whose opening mark is at `offset`."""
        span = self._quotation_before(offset)
        return span if span is not None and span[0] == offset else None

    def inside_quotation(self, offset: int) -> tuple[int, int] | None:
        span = self._quotation_before(offset - 1)
        return span if span is not None and span[0] < offset < span[1] - 1 else None

    # -- entities
    def mentions_in(self, start: int, end: int) -> list[Mention]:
        a = bisect.bisect_left(self.mention_starts, start)
        out = []
        for m in self.mentions[a:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def times_in(self, start: int, end: int) -> list[tuple[int, int, str | None]]:
        return [t for t in self.time_spans if t[0] >= start and t[1] <= end]

    def in_time(self, i: int) -> bool:
        s = self.tokens[i].start
        return any(a <= s < b for a, b, _ in self.time_spans)


def _looks_like_opener(text: str, j: int) -> bool:
    """A straight double mark with a space before it and a word right after it opens a quotation."""
    before = text[j - 1] if j > 0 else " "
    after = text[j + 1] if j + 1 < len(text) else " "
    return before.isspace() and after.isalpha()


# words after an indefinite role that leave it unnamed (قائد بارز، ضابط كبير، قيادي في الحركة)
_INDEFINITE_AFTER = frozenset(normalize(w) for w in ("في", "من", "لدى", "بارز", "كبير", "رفيع", "آخر", "سابق",
                                                      "ميداني", "محلي", "عسكري", "أمني"))
_LONG_GAP = 16
_ON_BEHALF = normalize("باسم")
_AN = "عن"
_MARKS = frozenset("«»“”\"")


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Spans of quotations (open mark .. close mark inclusive) within one paragraph each."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        closer = OPENERS.get(ch)
        if closer:
            if ch == "'" and i > 0 and text[i - 1].isalpha():
                i += 1
                continue
            j = text.find(closer, i + 1)
            newline = text.find("\n", i + 1)
            closes_here = j != -1 and (newline == -1 or j < newline) and j > i + 1
            if closes_here and ch == '"' and _looks_like_opener(text, j):
                # the next mark opens a quotation of its own (لـ"الاقتصادية ... وقال "هذا ...): this one is
                # a stray mark, and pairing it would shift every later quotation of the paragraph
                i += 1
                continue
            if closes_here and (ch != "'" or j + 1 >= n or not text[j + 1].isalpha()):
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def build_view(doc: Document) -> View:
    """The attribution view of a document; the quotes and claims stages share one while the entity and
    time layers it reads stay as they were."""
    key = (len(doc.text), len(doc.entities), sum(len(e.mentions) for e in doc.entities), len(doc.times))
    cached = doc.__dict__.get("_attribution_view")
    if cached is not None and cached[0] == key:
        return cached[1]
    view = _build_view(doc)
    doc.__dict__["_attribution_view"] = (key, view)
    return view


def _build_view(doc: Document) -> View:
    tokens = doc.tokens
    norms = doc.token_norms
    starts = [t.start for t in tokens]
    sent_spans = [(s.start, s.end) for s in doc.sentences] or split_sentences(doc.text)
    sentences: list[tuple[int, int]] = []
    sent_of = [0] * len(tokens)
    for s_start, s_end in sent_spans:
        a = bisect.bisect_left(starts, s_start)
        b = bisect.bisect_left(starts, s_end)
        if b > a:
            for k in range(a, b):
                sent_of[k] = len(sentences)
            sentences.append((a, b))
    # tokens outside any sentence (should not happen) get their own one-token sentence
    covered = {k for a, b in sentences for k in range(a, b)}
    for k in range(len(tokens)):
        if k not in covered:
            sent_of[k] = len(sentences)
            sentences.append((k, k + 1))
    view = View(doc, tokens, norms, starts, sentences, sent_of, find_quotations(doc.text))
    mentions = []
    for ent in doc.entities:
        for m in ent.mentions:
            mentions.append(Mention(m.start, m.end, ent, m.text))
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    # keep the longest mention at each place; drop mentions nested in an earlier longer one
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    view.mentions = kept
    view.mention_starts = [m.start for m in kept]
    view.time_spans = [(t.start, t.end, t.value) for t in doc.times]
    return view


# ---------------------------------------------------------------------------------------------
# Entities: the actor behind a mention (metonymy), through the entity stage's helper when present


def actor_entity(doc: Document, ent: Entity) -> Entity:
    """The state or organisation a mention acts for (موسكو → Russia); the entity itself otherwise."""
    try:
        from khabar.extract.entity_lookup import actor_of  # written by the entities stage

        found = actor_of(doc, ent)
        if isinstance(found, Entity):
            return found
        if isinstance(found, str) and doc.entity(found):
            return doc.entity(found)  # type: ignore[return-value]
    except Exception:  # noqa: BLE001 - the helper may not exist yet, or fail on odd input
        pass
    if ent.actor and ent.actor != ent.id:
        other = doc.entity(ent.actor)
        if other is not None:
            return other
    return ent


# ---------------------------------------------------------------------------------------------
# Speakers and holders


@dataclass
class Speaker:
    """Who stands behind a statement: an entity, a plain role text, or an unnamed source (all None)."""

    entity_id: str | None
    name: str | None
    text: str  # the Arabic words that name or describe the speaker
    start: int = -1
    end: int = -1
    unnamed: bool = False
    entity_type: str | None = None
    channel_hint: str | None = None
    descriptor: str = ""  # the whole subject phrase (role and name): later "المحلل العسكري" refers back to it

    @property
    def key(self) -> str:
        return self.entity_id or self.name or ""


PREFERENCE = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}


@lru_cache(maxsize=4096)
def _machine_romanised(name: str, name_ar: str) -> bool:
    """True when the entity stage made `name` by romanising `name_ar` (no curated English name)."""
    try:
        from khabar.extract.romanise import romanise
    except Exception:  # noqa: BLE001 - the romaniser belongs to the entities stage
        return False
    words = name_ar.split()
    guesses = {romanise(name_ar)}
    if len(words) > 1:
        guesses.add(romanise(" ".join(words[1:])))
    try:
        from khabar.extract.entities import romanise_person

        guesses.add(romanise_person(name_ar))
    except Exception:  # noqa: BLE001
        pass
    return any(g and (g == name or (len(g) > 3 and g in name)) for g in guesses)


def display_name(ent: Entity) -> str:
    """The name a reader (and a scorer) can recognise: the curated English name, else the Arabic
    name — a machine romanisation ("Shehab Wjih") is not a canonical name."""
    if ent.name and ent.name_ar and not ent.wikidata and _machine_romanised(ent.name, ent.name_ar):
        # the fullest mention without a title in front (المهندس إبراهيم محلب → إبراهيم محلب)
        kinds = descriptors()
        plain = [m.text for m in ent.mentions
                 if m.text.split() and not any(f in kinds for f in word_forms(normalize(m.text.split()[0])))]
        return max(plain, key=lambda t: (len(t.split()), len(t))) if plain else ent.name_ar
    return ent.name or ent.name_ar


def speaker_from_mention(doc: Document, m: Mention) -> Speaker:
    ent = m.entity
    # a capital acts for its state (موسكو → Russia); a ministry or agency speaks for itself (الخارجية الأميركية)
    actor = actor_entity(doc, ent) if ent.type != "ORG" else ent
    if actor is ent and ent.actor and doc.entity(ent.actor) is None and ent.type == "LOC":
        # the actor is a state with no entity in this article (طهران → "Iran"): a plain name
        return Speaker(None, ent.actor, m.text, m.start, m.end, False, "LOC")
    return Speaker(actor.id, display_name(actor) or m.text, m.text, m.start, m.end, False, actor.type)


def coordinated(view: View, ms: list[Mention], first: Mention) -> list[Mention]:
    """Mentions joined to `first` by و (روسيا والمتمردون) — a coordinated subject."""
    out = [first]
    idx = ms.index(first)
    for m in ms[idx + 1 :]:
        between = view.doc.text[out[-1].end : m.start].strip()
        words = between.split()
        if m.start == out[-1].end + 0 or (between.startswith("و") and len(words) <= 3) or (
            not between and normalize(m.text).startswith("و")
        ):
            out.append(m)
        else:
            break
    return out


# sources that stay anonymous whoever is named after them (مصدر مقرب من فلان: not فلان)
_SOURCE_WORDS = {normalize(w) for w in ("مصدر", "مصادر", "المصدر", "المصادر", "شهود", "أوساط", "تقارير", "أنباء")}


_AT = {normalize(w) for w in ("لدى", "إلى")}


def _served(view: View, a: int, m: Mention) -> bool:
    """A mention inside a title phrase that names whom or where the title's holder serves."""
    first = view.token_at_char(m.start)
    before = first - 1
    if before < a:
        return False
    if m.entity.type == "PER" and before == a and not view.norms[a].startswith(("ال", "وال")):
        return True  # سفير خادم الحرمين: the ambassador of the King
    return m.entity.type in ("ORG", "LOC") and strip_conj(view.norms[before]) in _AT


def _in_apposition(view: View, a: int, m: Mention) -> bool:
    """A name that follows a definite phrase (مسؤول الإغاثة في الأمم المتحدة ستيفن أوبراين) stands in
    apposition to it; one after an indefinite noun or a preposition (مسؤول في حكومة نتنياهو، مقرب من
    فلان) completes the phrase and is someone else."""
    before = view.token_at_char(m.start) - 1
    if before <= a:
        return False
    if any(n.end == view.tokens[before].end and n.entity.type in ("ORG", "LOC") for n in view.mentions):
        return True
    if any(descriptors().get(f) == "role" for f in word_forms(view.norms[before])):
        return False  # "مسؤول في حكومة الرئيس فلان": the name goes with its own title
    return view.norms[before].startswith("ال") and len(view.norms[before]) > 3


def speakers_in_window(view: View, a: int, b: int, role_first: bool = True) -> list[Speaker]:
    """Speakers named by the tokens [a, b) (a subject noun phrase): the entities in it, preferring
    people, then organisations; a place only when it opens the phrase (a state acting); an unnamed
    source (مصادر، شهود عيان، مسؤول) gives one unnamed speaker."""
    if a >= b:
        return []
    doc = view.doc
    head_forms = word_forms(view.norms[a])
    kinds = descriptors()
    head_kind = next((kinds[f] for f in head_forms if f in kinds), None)
    bare = strip_conj(view.norms[a])[2:]
    if head_kind == "group" and strip_conj(view.norms[a]).startswith("ال") and not view.mentions_in(
            view.tokens[a].start, view.tokens[b - 1].end) and any(bare in word_forms(w) for w in view.norms[:a]):
        # "منظمات غير حكومية ... وقالت المنظمات في بيانها": a definite group the article introduced before is
        # that group, named by this word (المراقبين with no such group before stays anonymous)
        word = view.tokens[a].text[1:] if view.norms[a][:1] in "وف" and view.norms[a][1:3] == "ال" else view.tokens[a].text
        return [Speaker(None, word, word, view.tokens[a].start, view.tokens[a].end)]
    ms = view.mentions_in(view.tokens[a].start, view.tokens[b - 1].end)
    if head_kind == "kin" and b - a >= 2:
        # "والد الشهيد جابر حسين": the father speaks, not the son named after him
        text = view.text_span(a, b)
        return [Speaker(None, text, text, view.tokens[a].start, view.tokens[b - 1].end, entity_type="PER")]
    if head_kind in ("unnamed", "group"):
        people = [m for m in ms if m.entity.type == "PER" and _in_apposition(view, a, m)]
        if head_kind == "unnamed" and people and view.norms[a] not in _SOURCE_WORDS:
            # "مسؤول عمليات الإغاثة في الأمم المتحدة ستيفن أوبراين": an official named in apposition
            return [speaker_from_mention(doc, people[0])]
        return [Speaker(None, None, view.text_span(a, b), view.tokens[a].start, view.tokens[b - 1].end, True)]
    if head_kind == "role" and a + 1 < b and not view.norms[a].startswith(("ال", "وال")) and \
            not view.norms[a].endswith(("ون", "ين")) and \
            view.norms[a + 1] in _INDEFINITE_AFTER and not any(m.entity.type == "PER" for m in ms):
        # an indefinite role with no name (قائد بارز في طالبان، قائد في الجيش): an unnamed source
        return [Speaker(None, None, view.text_span(a, b), view.tokens[a].start, view.tokens[b - 1].end, True)]
    if head_kind == "role" and a + 2 < b and view.norms[a + 1] == _ON_BEHALF:
        # المتحدث باسم جنتيلوني: the person after باسم is whom the spokesman speaks for, not the speaker;
        # with no other name in the phrase the spokesman is an unnamed source
        # (متحدث باسم وزير الخارجية باولو جنتيلوني: "a spokesman" takes no name in apposition, so the name
        # is the minister's; the definite المتحدث باسم المدعي العام وين دي بروين is named by it)
        people = [m for m in ms if m.entity.type == "PER"]
        before = [view.token_at_char(m.start) - 1 for m in people]
        indefinite = not view.norms[a].startswith(("ال", "وال"))
        if len(people) == 1 and (before[0] == a + 1 or indefinite and any(
                kinds.get(f) == "role" for x in range(a + 2, before[0] + 1) for f in word_forms(view.norms[x]))):
            return [Speaker(None, None, view.text_span(a, b), view.tokens[a].start, view.tokens[b - 1].end, True)]
    ms = [m for m in ms if not _is_platform(m.entity)]  # "عبر حسابه في تويتر": where he wrote, not who
    if head_kind == "role":
        # "سفير خادم الحرمين": a person in construct after an indefinite title is whom the title serves, and
        # "المندوب الدائم لدى الجامعة العربية": a body after لدى is where he serves; neither speaks
        ms = [m for m in ms if not _served(view, a, m)]
    ms = [m for m in ms if m.entity.type in PREFERENCE]
    if ms:
        first_start = view.tokens[a].start
        opening = [m for m in ms if m.start <= first_start + 1]
        people = [m for m in ms if m.entity.type == "PER"]
        orgs = [m for m in ms if m.entity.type == "ORG"]
        if opening and opening[0].entity.type != "MISC" and not people:
            group = coordinated(view, ms, opening[0])
            found = [speaker_from_mention(doc, m) for m in group]
            # a conjunct the entity layer missed: "روسيا والمتمردون" → Russia and "المتمردون"
            nxt = view.token_at_char(group[-1].end)
            if nxt < b and view.norms[nxt].startswith("وال") and len(view.norms[nxt]) > 5 and not view.mentions_in(
                    view.tokens[nxt].start, view.tokens[nxt].end) and view.norms[nxt][1:] not in kinds and (
                    nxt + 1 >= b or view.norms[nxt + 1] != "من"):
                word = view.tokens[nxt].text[1:]
                found.append(Speaker(None, word, word, view.tokens[nxt].start + 1, view.tokens[nxt].end))
            return found
        if people:
            return [speaker_from_mention(doc, people[0])]
        if orgs:
            return [speaker_from_mention(doc, orgs[0])]
    return []


def role_text(view: View, a: int, b: int) -> str:
    """The words of a role-only subject, cut before a prepositional tail (المحققون في حادث ... → المحققون)."""
    stops = {normalize(w) for w in ("في", "فوق", "من", "عن", "خلال", "على", "إلى", "مع")}
    k = a
    while k < b and (k == a or view.norms[k] not in stops) and (
            view.is_word(k) or view.tokens[k].text in "«»“”\""):
        k += 1
    return view.text_span(a, k)


_NAME_SKIP = {normalize(w) for w in ("باسم",)}


def _adverbial(norm: str) -> bool:
    """An adverbial participle (متحدثا، مضيفا، معربا) that follows a name and is no part of it."""
    return len(norm) >= 5 and norm[0] == "م" and norm.endswith("ا")


def name_in_phrase(view: View, a: int, b: int) -> str | None:
    """A personal name inside a subject phrase that the entity layer missed: the words before the first
    role word (فوزي الثنيان المدير العام ... → فوزي الثنيان), or the run of words after a role and its
    complements (المتحدث باسم المدعي العام الهولندي وين دي بروين → وين دي بروين; السيناتور بوب كروكر
    رئيس بلدية ... → بوب كروكر)."""
    kinds = descriptors()
    institutions = non_quote_words()  # وزارة، هيئة، مجلس ...: heads of a body's name, not of a person's
    preps = {normalize(w) for w in ("في", "من", "عن", "على", "إلى", "مع", "حول", "بعد", "قبل", "بعدما", "عندما", "حين",
                                  "حينما", "بينما", "لأن", "لأنه", "كما", "ما")}

    def is_role(k: int) -> bool:
        return any(kinds.get(f) == "role" for f in word_forms(view.norms[k]))

    def is_institution(k: int) -> bool:
        return any(f in institutions for f in word_forms(view.norms[k]))

    words = [k for k in range(a, b) if view.is_word(k)]
    if not words:
        return None
    if not is_role(a) and not view.norms[a].startswith("ال"):
        stop = next((k for k in words if k > a and is_role(k)), None)
        if stop is not None and 2 <= stop - a <= 4:
            return view.text_span(a, stop)
        if stop is None and b - a >= 3 and not is_institution(a) and view.norms[a + 1].startswith("ال") and \
                view.is_word(a + 2) and not view.norms[a + 2].startswith(("ال", "وال")) and \
                view.norms[a + 2] not in preps and len(view.norms[a]) > 2:
            return view.text_span(a, a + 2)  # "مناهل الوهيبي مدربة معتمدة": a given name and a family name
        return None
    if not is_role(a):
        return None
    place_heads = province_heads()

    def named_place(k: int) -> bool:  # حاكم ولاية لوغار حليم فداي: the word after ولاية is the province
        return k + 1 < b and (view.norms[k] in place_heads or strip_conj(view.norms[k]) in place_heads)

    if not view.norms[a].startswith("ال") and not (a + 1 < b and (view.norms[a + 1].startswith("ال")
                                                                  or is_institution(a + 1) or named_place(a + 1))) \
            and not (a + 2 < b and view.norms[a + 2].startswith("ال")):
        # "جنرال منشق شارك": an indefinite role with adjectives names no one; "مدير مرور المنطقة" is a
        # construct made definite by its last noun
        return None

    def definite(k: int) -> bool:  # الفنون، والفنون، بالأحساء، للحزب
        return any(f.startswith("ال") for f in word_forms(view.norms[k]))

    def place_after(k: int) -> bool:  # بمحافظة جدة، بمدينة الرياض: where the role is, not a name
        nxt = view.mentions_in(view.tokens[k + 1].start, view.tokens[k + 1].end) if k + 1 < b else []
        return view.norms[k][:1] in "بل" and len(view.norms[k]) > 3 and any(m.entity.type == "LOC" for m in nxt)

    def in_place_or_body(k: int) -> bool:  # قائد شرطة سانت لويس جون بلمار: the place is no part of the name
        return any(m.entity.type in ("LOC", "ORG") for m in view.mentions_in(view.tokens[k].start, view.tokens[k].end))

    from khabar.extract.entities import person_lexicon

    lexicon = person_lexicon()
    honorific = next((x for x in range(a + 1, b - 1) if view.norms[x] in lexicon.honorifics), None)
    if honorific is not None:
        # "محافظ محافظة أبين الدكتور الخضر السعيدي": after a courtesy title or a rank, the name, definite or not
        first = honorific + 1
        while first < b - 1 and view.norms[first] in lexicon.rank_qualifiers:
            first += 1  # اللواء طيار، العميد الركن: the rank's qualifier, then the name
        honorific = first - 1
        end = first
        while end < b and end - honorific <= 4 and view.is_word(end) and not is_role(end) and \
                view.norms[end] not in preps and not _adverbial(view.norms[end]):
            end += 1
        if 2 <= end - honorific - 1 <= 4:
            return view.text_span(honorific + 1, end)
    k = a + 1
    while k < b and (definite(k) or view.norms[k] in _NAME_SKIP or is_role(k) or is_institution(k) or place_after(k)
                     or in_place_or_body(k) or named_place(k)
                     or k + 1 < b and definite(k + 1) and not any(definite(x) for x in range(a + 1, k))):
        # (the last: a construct noun made definite by the next word, مدير مرور المنطقة, before any definite word)
        k += 2 if place_after(k) or named_place(k) else 1
    end = k
    # على folds to علي, the given name Ali: as the last but one word of the phrase it starts a name
    while end < b and view.is_word(end) and not is_role(end) and not _adverbial(view.norms[end]) and (
            view.norms[end] not in preps or (view.norms[end] == "علي" and end + 2 == b)):
        end += 1
    run = end - k
    if run >= 2 and run <= 4 or run == 1 and end == b and not view.norms[k].startswith("ال"):
        return view.text_span(k, end)
    return None


@lru_cache(maxsize=16)
def _phrase_index(table: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Positions of a phrase table's entries by first word, and those whose first word is a prefix (w*)."""
    by_first: dict[str, list[int]] = {}
    prefixed: list[int] = []
    for n, (words, _label) in enumerate(table):
        if words and words[0].endswith("*"):
            prefixed.append(n)
        elif words:
            by_first.setdefault(words[0], []).append(n)
    return {w: tuple(ns) for w, ns in by_first.items()}, tuple(prefixed)


def iter_phrases(view: View, table: Iterable[tuple[tuple[str, ...], str]], i: int, limit: int):
    """(end, label) of the first phrase of `table` matching at token i."""
    if not isinstance(table, tuple):
        table = tuple(table)
    by_first, prefixed = _phrase_index(table)
    # only entries whose first word can match this token are tried, in the table's (longest first) order
    candidates = sorted({n for f in word_forms(view.norms[i]) for n in by_first.get(f, ())} | set(prefixed))
    for n in candidates:
        words, label = table[n]
        end = view.match(i, words, limit)
        if end is not None:
            return end, label
    return None
