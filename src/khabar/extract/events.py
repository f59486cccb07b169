"""Stage `add_events`: PLOVER coding of who did what to whom, where and when, with casualties and evidence.

Per sentence: trigger matches (events_lexicon) are grouped into one happening per type and clause;
their arguments come from the actor and place mentions of the sentence (events_actors): the agent
from the subject (or شنّه/من قبل, a nationality adjective, a genitive), the recipient from the object
or على/ضد, the place from the clause (else the last place of the article), the date from the
clause's time expression (else the publication date, marked as a fallback), casualties from the
quantities layer and the reporter from attribution (وفقا للسلطات المحلية) or the quote around it.
Then mentions of one happening merge: reports whose agents and recipients agree, definite nouns
that name the act just told (الغارة، اللقاء), and references by name (حادث إسقاط الطائرة).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from khabar.document import Document, Event, Evidence, Sentence
from khabar.extract.events_actors import (
    PLACE_PREPOSITIONS,
    ActorMention,
    country_name,
    entity_spans,
    gazetteer,
    sentence_mentions,
)
from khabar.extract.events_lexicon import (
    TriggerMatch,
    cue,
    find_triggers,
    load_context_blockers,
    load_modes,
    load_reporters,
    load_sites,
)
from khabar.text.normalize import normalize
from khabar.text.segment import Token, clitic_variants, split_sentences

# Event types that happen somewhere: they take the nearest place of the article when their
# sentence names none.
LOCATED_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "AID", "RETREAT"})
# A trigger right after one of these is negated or hypothetical, not a reported happening.
_NEGATIONS = cue("negations")
_CONDITIONALS = tuple(tuple(p.split()) for p in cue("conditionals"))
# Words after a noun trigger that introduce its agent: هجوم شنّه X، غارات نفذتها X، من قبل X.
_AGENT_MARKERS = cue("agent_markers")
# Attribution cues before the one who reported an event (وفقا للسلطات المحلية).
_REPORT_CUES = cue("report_cues")
_PARTICIPANT_TYPES = frozenset({"CONSULT", "SUPPORT", "REQUEST"})
_OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "COP", "REB", "PTY"})
_VERBAL_TYPES = frozenset({"REQUEST", "SUPPORT", "CONSULT", "ACCUSE", "REJECT", "AGREE", "COOPERATE", "THREATEN"})
_ACTOR_TYPES_WITHOUT_PLACE = frozenset({"ACCUSE", "REJECT", "REQUEST", "SUPPORT", "THREATEN", "AGREE"})


@dataclass
class _Happening:
    """One event mention (one type in one sentence) before mentions of the same event merge."""

    type: str
    mode: str | None
    trigger: str
    sentence: Sentence
    head_start: int
    is_verb: bool
    weak: bool
    source: ActorMention | None = None
    target: ActorMention | None = None
    location: ActorMention | None = None
    date: str | None = None
    date_is_fallback: bool = False
    killed: int | None = None
    injured: int | None = None
    reported_by: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.7
    inferred_location: bool = False  # taken from an earlier sentence, not this one
    alt_types: frozenset[str] = frozenset()  # other readings of the clause (an attack that takes ground)
    trigger_pattern: str = ""  # the lexicon entry that fired (mentions by the same word name one happening)
    mentioned: bool = False  # named as something to stop or go on with (وقف الهجوم): told elsewhere
    definite: bool = False  # a definite event noun (الغارة، اللقاء): names the happening just told
    location_direct: bool = False  # the place follows the trigger at once (الهجوم في حلب)
    location_near: bool = False  # the place stands right by the trigger (في/قرب X), not elsewhere in the clause

    def filled(self) -> float:
        score = sum(x is not None for x in (self.source, self.target, self.location, self.killed, self.injured))
        score += 0 if self.date_is_fallback or self.date is None else 1
        return score + (0.5 if self.is_verb else 0)


def _sentence_tokens(doc: Document, sent: Sentence) -> list[Token]:
    return [t for t in doc.tokens if t.start >= sent.start and t.end <= sent.end]


def _is_negated(words: list[str], first: int, etype: str) -> bool:
    if etype == "REJECT":
        return False
    for j in (first - 1, first - 2, first - 3):
        if j < 0 or not words[j][:1].isalpha():
            break
        # only a conjunction may cling to a negation (ولم، فلا); كما is 'as', not ما
        if words[j] in _NEGATIONS or (words[j][:1] in "وف" and words[j][1:] in _NEGATIONS):
            return True
    # a sentence that opens with a condition (وفي حال تمكنت ...، يصبح بإمكانها التقدم) reports no act
    opening = tuple(words[:3])
    if etype in LOCATED_TYPES and any(tuple(v for v in opening[k : k + len(phrase)]) == phrase or (
            k == 0 and phrase[0] == "في" and opening[:1] == ("وفي",) and opening[1:2] == phrase[1:2])
            for phrase in _CONDITIONALS for k in range(2)):
        return True
    if any(v in load_context_blockers()["before"] for w in words[max(0, first - 4) : first] for v in clitic_variants(w)):
        return True  # قد تتسبب في اشتباكات، لمنع الهجوم: a feared or prevented act
    window = words[max(0, first - 5) : first]
    for phrase in _CONDITIONALS:
        for k in range(len(window) - len(phrase) + 1):
            if tuple(window[k : k + len(phrase)]) == phrase:
                return True
    return False


_CONTENT_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN", "SUPPORT", "REJECT"})


def _is_accusation_content(matches: list[TriggerMatch], m: TriggerMatch, words: list[str]) -> bool:
    """اتهم X بإسقاط الطائرة، طالبت بالإفراج عن المعتقلين، هددت بشن ضربات: the act after the ب of an
    accusation, a demand or a threat is what is alleged, asked or threatened, not an event."""
    if m.trigger.type in _CONTENT_TYPES or not words[m.head].startswith("ب"):
        return False
    return any(o.trigger.type in _CONTENT_TYPES and 0 < m.first - o.last <= 12 for o in matches)


def _future(word: str, m: TriggerMatch) -> bool:
    """A verb trigger in the future tense (سيشن، ستقصف): an announced, not a reported, act."""
    if not m.trigger.is_verb:
        return False
    for prefix in ("س", "وس", "فس"):
        if word.startswith(prefix) and word[len(prefix):] in m.trigger.tokens[0].forms:
            return word[len(prefix)] in "يتن"
    return False


def _is_actor(m: ActorMention) -> bool:
    return not m.is_place or m.country is not None and m.name != m.place_name


def _explicit_agent(words: list[str], mentions: list[ActorMention], after: int, limit: int) -> ActorMention | None:
    for j in range(after + 1, min(len(words), after + limit)):
        if words[j] in _AGENT_MARKERS or (words[j] == "قبل" and j > 0 and words[j - 1] in ("من", "ومن")):
            for men in mentions:
                if j < men.first <= j + 3 and _is_actor(men):
                    return men
    return None


def _first_after(mentions: list[ActorMention], after: int, limit: int, *, preps: tuple[str | None, ...] = (None,),
                 exclude: ActorMention | None = None) -> ActorMention | None:
    for men in mentions:
        if men is exclude or men.first <= after or men.first > after + limit:
            continue
        if men.prep in preps and _is_actor(men):
            return men
    return None


def _nearest_before(mentions: list[ActorMention], words: list[str], before: int, limit: int) -> ActorMention | None:
    best = None
    for men in mentions:
        if men.last >= before or men.last < before - limit or men.prep is not None or not _is_actor(men):
            continue
        # a quotation mark or a clause stop between the phrase and the trigger cuts the link
        # (and a reporting verb's speaker is not the agent of what follows إن)
        # (a quotation that opens on the trigger itself, كيري «رحب ..., quotes the agent's own words)
        gap = words[men.last + 1 : before - 1] if before > 0 and words[before - 1] in ("«", '"') else words[men.last + 1 : before]
        if any(w in (":", "«", "»", '"', "؛", "ان") for w in gap):
            continue
        best = men
    return best


def _arguments(m: TriggerMatch, words: list[str], mentions: list[ActorMention], noun_subject: bool = False) -> dict:
    """Source, target and place of one trigger match in its sentence. `noun_subject`: an event
    noun stands just before this verb as its subject (هجوما استهدف مقاتلين), so what follows is the object."""
    trig = m.trigger
    source = target = None
    explicit = _explicit_agent(words, mentions, m.last, 6)
    if noun_subject and trig.voice == "active":
        return {"source": explicit, "target": _first_after(mentions, m.first, 5)}
    if trig.voice == "passive":
        source = explicit
        target = _nearest_before(mentions, words, m.first, 8) or _first_after(mentions, m.first, 4, exclude=source)
    elif trig.voice == "active" and trig.strength == "weak":
        # قتل 9 مسلحين، ثلاثة جنود أميركيين قتلوا: unvocalised killing and wounding verbs are
        # mostly passive in news, so the people around them are the victims
        source = explicit or _enabled_agent(words, mentions, m)
        before = _nearest_before(mentions, words, m.first, 5)
        after = _first_after(mentions, m.first, 5)
        # قتلت قوات الأمن ستة متشددين: a second party right after the first makes the verb active
        second = None if after is None else next(
            (men for men in mentions if after.last < men.first <= after.last + 3), None)
        if source is None and before is not None and after is not None and after is not before:
            source, target = before, after  # قواته قتلت مسلحا: both sides named, so it is active
        elif source is None and before is None and second is not None:
            source, target = after, second
        else:
            target = before or after
        if target is source:
            target = None
    elif trig.voice == "active":
        source = explicit or _nearest_before(mentions, words, m.first, 7) or _first_after(mentions, m.first, 4)
        # (the object may follow a long subject: استقبل خادم الحرمين الشريفين في الرياض أمس الرئيس الفرنسي)
        target = _first_after(mentions, m.first, 8, exclude=source)
    elif trig.voice == "masdar":
        # الغزو الأوكراني: an adjective on the bare noun is its agent (not on its object: إسقاط الطائرة الماليزية)
        adjective = _adjective_actor(words, m.last + 1) if m.first == m.last else None
        # مقتل ثلاثة أطباء أميركيين: the genitive may follow a number
        skip = m.last + 1
        while skip < len(words) and skip <= m.last + 2 and (words[skip][:1].isdigit() or words[skip] in _NUMBER_WORDS):
            skip += 1
        genitive = next((men for men in mentions if men.first in (m.last + 1, skip) and men.prep is None
                         and _is_actor(men)), None)
        source = explicit or adjective or _enabled_agent(words, mentions, m) or _nearest_before(mentions, words, m.first, 10)
        target = genitive if genitive is not source else None
    else:
        genitive = next((men for men in mentions if men.first == m.last + 1 and men.prep is None and _is_actor(men)), None)
        # رفض مطلق من الإيرانيين، الغارات التركية: the agent right after the noun
        by_min = next((men for men in mentions if m.last < men.first <= m.last + 3 and men.prep == "من"
                       and _is_actor(men) and not men.is_place), None)
        adjective = _adjective_actor(words, m.last + 1)
        source = explicit or genitive or adjective or by_min or _enabled_agent(words, mentions, m) \
            or _nearest_before(mentions, words, m.first, 10)
        # اشتباكات بين الجيش وقوات الدعم السريع: the first side acts, the second is the recipient
        sides = [men for men in mentions if m.last < men.first <= m.last + 8 and _is_actor(men)]
        if source is None and sides and sides[0].prep == "بين":
            source = sides[0]
            target = sides[1] if len(sides) > 1 and sides[1].first <= sides[0].last + 4 else None
        # مفاوضات جمعت وفدا من X ومسؤولين من Y: talks name their parties after جمعت/ضمت/بين
        gather = next((j for j in range(m.first + 1, min(len(words), m.last + 4))
                       if words[j] in _GATHER or any(v in _GATHER for v in clitic_variants(words[j]))), None)
        if source is None and gather is not None and trig.type in ("CONSULT", "AGREE", "COOPERATE"):
            parties = [men for men in mentions if gather < men.first <= gather + 14 and _is_actor(men)]
            if parties:
                source = parties[0]
                target = parties[1] if len(parties) > 1 else None
    if target is None or target is source:
        preps: tuple[str | None, ...] = ("على", "علي", "ضد", "بحق")
        if trig.type in ("CONSULT", "COOPERATE", "AGREE", "SANCTION"):
            preps += ("مع", "ب")
        if trig.type in ("ACCUSE", "AID", "SUPPORT", "REQUEST", "RETREAT"):
            preps += ("ل", "لل")
        target = _first_after(mentions, m.last, 10, preps=preps, exclude=source)
    if target is not None and target is source:
        target = None
    if target is None and trig.type in ("ASSAULT", "COERCE"):
        # غارات على مواقع للحوثيين: the group a hit site belongs to is the target
        sites = load_sites()
        for men in mentions:
            if m.last < men.first <= m.last + 8 and men is not source and _is_actor(men) and (
                    any(v in sites for v in clitic_variants(words[men.first - 1]))
                    or (men.first >= 2 and any(v in sites for v in clitic_variants(words[men.first - 2]))
                        and men.prep in ("ل", "لل"))):
                target = men
                break
    return {"source": source, "target": target}


# Before a noun trigger, these name an act already under way (وقف الهجوم، استمرار القصف).
_ONGOING = cue("ongoing")
_RESPONSES = cue("responses")
_BACKGROUND = cue("background")
_GATHER = cue("gather")
_NUMBER_WORDS = cue("number_words")
_ENABLE = cue("enable")


def _enabled_agent(words: list[str], mentions: list[ActorMention], m: TriggerMatch) -> ActorMention | None:
    """تمكنت الفصائل من التقدم: the one who managed to (or tried to) do the act is its agent."""
    if m.first == 0 or words[m.first - 1] not in ("من", "في", "الي", "ب") and not words[m.first].startswith("ب"):
        return None
    for j in range(m.first - 1, max(-1, m.first - 12), -1):
        if words[j] in _ENABLE:
            return next((men for men in mentions if j < men.first < m.first and _is_actor(men)), None)
    return None


def _context_country(mentions: list[ActorMention], places_so_far: list[ActorMention]) -> str | None:
    """The country of the places named in the sentence, else of the last place named before it."""
    for men in [*mentions, *reversed(places_so_far)]:
        if (men.is_place or men.is_country) and men.place_country:
            return men.place_country
    return None


def _adjective_actor(words: list[str], index: int) -> ActorMention | None:
    """A country adjective right after a noun trigger names its agent: الغزو الأوكراني → Ukraine."""
    if index >= len(words):
        return None
    iso3 = gazetteer().adjectives.get(words[index])
    if not iso3:
        return None
    return ActorMention(index, index, country_name(iso3) or iso3, None, iso3, None)


def _location(mentions: list[ActorMention], m: TriggerMatch, used: tuple[ActorMention | None, ...],
              window: int = 40) -> ActorMention | None:
    # places far from the trigger belong to other clauses of the sentence; talks "on Zabadani"
    # (على) are about it, while an attack on it (الهجوم على الزبداني) happens there
    strict = m.trigger.type not in LOCATED_TYPES
    places = [men for men in mentions if men not in used and m.first - window <= men.first <= m.last + window and (
        (men.is_place and not (strict and men.prep not in PLACE_PREPOSITIONS and men.prep is not None))
        or (men.is_country and men.prep in PLACE_PREPOSITIONS))]
    after = [p for p in places if p.first > m.last] or [p for p in places if m.first < p.first < m.last]
    if after:
        return after[0]
    before = [p for p in places if p.last < m.first]
    return before[-1] if before else None


def _mode(etype: str, mode: str | None, words: list[str], m: TriggerMatch) -> str | None:
    if etype != "ASSAULT" or mode not in (None, "heavy-weapons"):
        return mode
    window = set()
    for w in words[max(0, m.first - 8) : m.last + 9]:
        window.update(clitic_variants(w))
    for cues, cue_mode in load_modes():
        if window & cues:
            return cue_mode
    return mode


def _reported_by(doc: Document, sent: Sentence, words: list[str], tokens: list[Token],
                 mentions: list[ActorMention], head_start: int) -> str | None:
    reporters = load_reporters()
    for i, word in enumerate(words):
        if not any(v in _REPORT_CUES for v in clitic_variants(word)):
            continue
        j = i + 1
        if j < len(words) and words[j] in ("عن", "ل", "الى"):
            j += 1
        for phrase, label in reporters:
            if j + len(phrase) <= len(words) and any(
                    v == phrase[0] for v in clitic_variants(words[j])) and tuple(words[j + 1 : j + len(phrase)]) == phrase[1:]:
                return label
        for men in mentions:
            if men.first == j and men.from_entity and not men.is_place:
                return men.name
    for item in [*doc.quotes, *doc.claims]:
        if item.start <= head_start < item.end:
            name = getattr(item, "speaker_name", None) or getattr(item, "holder_name", None)
            if name:
                return name
    return None


def _casualties(doc: Document, span: Sentence) -> tuple[int | None, int | None]:
    killed = injured = None
    for q in doc.quantities:
        if q.start < span.start or q.end > span.end or not isinstance(q.value, int | float):
            continue
        if q.role == "killed" and killed is None:
            killed = int(q.value)
        elif q.role == "injured" and injured is None:
            injured = int(q.value)
    return killed, injured


def _date(doc: Document, spans: tuple[Sentence, ...], head_start: int) -> tuple[str | None, bool]:
    """The time expression nearest the trigger in the clause, else in the sentence, else the
    publication date (marked as a fallback)."""
    for span in spans:
        best = None
        for t in doc.times:
            if t.start < span.start or t.end > span.end or not t.value or t.grain == "present":
                continue
            distance = abs(t.start - head_start)
            if best is None or distance < best[0]:
                best = (distance, t.value)
        if best:
            return best[1], False
    return doc.published, doc.published is not None


def _resolve_possessives(mentions: list[ActorMention]) -> None:
    """قواتها، جيشه: the forces of the last named country or actor before them in the sentence."""
    last_owner = None
    for men in mentions:
        if men.name is None:
            if last_owner is not None and men.place_name == "homeland":
                men.country, men.place_name = last_owner.country, None
                men.name = country_name(last_owner.country) or last_owner.name
            elif last_owner is not None:
                men.name, men.entity_id = last_owner.name, last_owner.entity_id
                men.country = men.country or last_owner.country
        elif men.country and _is_actor(men) and men.prep is None:
            last_owner = men


# A comma followed by one of these opens a clause that reports another happening
# (..., في وقت نفذ الطيران غارات / ..., في حين تعرضت داريا لقصف).
_CLAUSE_OPENERS = cue("clause_openers")
_CLAUSE_SECOND = {normalize("في"): cue("clause_openers_after_fi")}


def _clauses(words: list[str]) -> list[int]:
    """Clause number of every word: a sentence (which never breaks inside a quotation) is cut at
    full stops, semicolons and at a comma that opens a clause of its own."""
    ids: list[int] = []
    clause = 0
    for i, word in enumerate(words):
        if word == "،" and i + 1 < len(words):
            opener = words[i + 1]
            needs = _CLAUSE_SECOND.get(opener)
            if opener in _CLAUSE_OPENERS and (needs is None or (i + 2 < len(words) and words[i + 2] in needs)):
                clause += 1
        ids.append(clause)
        if word in (".", "؛", ";", "!", "؟", "?") and i + 1 < len(words):
            clause += 1
    return ids


def _clause_span(tokens: list[Token], clause_ids: list[int], clause: int, words: list[str]) -> Sentence:
    members = [i for i, c in enumerate(clause_ids) if c == clause]
    while members and not words[members[0]][:1].isalnum():
        members.pop(0)
    while len(members) > 1 and words[members[-1]] in ("،", ",", "«", "("):
        members.pop()
    return Sentence(tokens[members[0]].start, tokens[members[-1]].end)


def _sentence_happenings(doc: Document, sent: Sentence, places_so_far: list[ActorMention],
                         tokens: list[Token] | None = None, words: list[str] | None = None,
                         spans: list | None = None) -> tuple[list[_Happening], list[ActorMention]]:
    """The happenings one sentence reports, and the places it names (for later sentences)."""
    if tokens is None:
        tokens = _sentence_tokens(doc, sent)
    if not tokens:
        return [], []
    if words is None:
        words = [normalize(t.text) for t in tokens]
    matches = [m for m in find_triggers(words) if not _is_negated(words, m.first, m.trigger.type)]
    matches = [m for m in matches if not _is_accusation_content(matches, m, words)]
    if not matches:
        return [], [m for m in sentence_mentions(doc, tokens, words, set(), spans, places_only=True) if m.is_place]
    trigger_tokens = {i for m in matches for i in m.slots}
    all_mentions = sentence_mentions(doc, tokens, words, trigger_tokens, spans)
    places_here = [m for m in all_mentions if m.is_place]
    all_mentions = [men for men in all_mentions if men.first not in trigger_tokens]
    _resolve_possessives(all_mentions)
    all_mentions = [men for men in all_mentions if men.name]
    clause_ids = _clauses(words)

    # one happening per type per clause; an attack and the seizure it brings are one happening
    groups: dict[tuple[int, str], list[TriggerMatch]] = {}
    for m in matches:
        etype = m.trigger.type
        if _future(words[m.head], m) and etype in ("ASSAULT", "COERCE", "MOBILIZE") and m.trigger.strength == "strong":
            etype = "THREATEN"
        family = "ASSAULT" if etype in ("ASSAULT", "COERCE") else etype
        groups.setdefault((clause_ids[m.head], family), []).append(m)
    out: list[_Happening] = []
    for (clause, family), group in groups.items():
        mentions = [men for men in all_mentions if clause_ids[men.first] == clause]
        strong = [m for m in group if m.trigger.strength == "strong"]
        weak = not strong
        ranked = strong or group
        # an attack that takes ground is coded as the seizure (سيطروا على المديرية عقب مواجهات), unless
        # a verb of attack tells it first (غزت المنطقة وسيطرت على البلدات); either way the other is its
        # alternative reading
        seizes = [m for m in ranked if m.trigger.type == "COERCE" and m.trigger.mode == "seize"]
        # (an attack told in a بعد/عقب phrase is the background of the seizure)
        attack_verbs = [m for m in ranked if m.trigger.type == "ASSAULT" and m.trigger.is_verb
                        and not any(w in _BACKGROUND for w in words[max(0, m.first - 4) : m.first])]
        if family == "ASSAULT" and seizes and (not attack_verbs or seizes[0].first < attack_verbs[0].first):
            ranked = seizes + [m for m in ranked if m not in seizes]
        primary = ranked[0]
        etype = primary.trigger.type
        if family == "THREATEN" and primary.trigger.type != "THREATEN":
            etype, mode = "THREATEN", "military"
        else:
            mode = _mode(etype, primary.trigger.mode, words, primary)
        # أدانت تركيا الغارة على إدلب: an act named as the object of a condemnation, a welcome or a
        # demand is told elsewhere; the one who condemns is not its agent
        as_object = not primary.trigger.is_verb and (family not in _VERBAL_TYPES and any(
            o.trigger.type in _VERBAL_TYPES and 0 < primary.first - o.last <= 3 for o in matches)
            # ونفت كييف الاتهامات: what is denied or answered (a definite noun right after) was told before
            or (words[primary.first].startswith(("ال", "وال")) and any(
                w in _RESPONSES for w in words[max(0, primary.first - 2) : primary.first])))
        roles: dict = {"source": None, "target": None}
        # الغارات التركية استهدفت ... مما استهدفت: once an event noun is the subject of a verb
        # of the happening, the verbs' objects are its targets, not its agents
        noun_subject = any(not o.trigger.is_verb and any(v.trigger.is_verb and 0 < v.first - o.last <= 3 for v in group)
                           for o in group)
        # verbs name their participants more reliably than nouns; weak verbs still count
        for m in sorted(group, key=lambda m: (not m.trigger.is_verb, m.trigger.strength != "strong", m.first)):
            found = _arguments(m, words, mentions, noun_subject)
            for key in roles:
                roles[key] = roles[key] or found[key]
        source, target = roles["source"], roles["target"]
        if as_object or source is target:
            source = None  # (victims a killing verb named are not the agent a noun guessed)
        location = None
        if etype not in _ACTOR_TYPES_WITHOUT_PLACE:
            location = (_location(mentions, primary, (source, target))
                        or _location(all_mentions, primary, (source, target), window=12))
        if target is not None and target.is_place and etype not in _ACTOR_TYPES_WITHOUT_PLACE:
            # a place attacked (قصفت حلب، تعرضت كييف لهجوم) is the location; its country the target
            location = location if location is not None and location.first > primary.last else target
            if target.name == target.place_name:
                target = None
        inferred_location = False
        if location is None and etype in LOCATED_TYPES and places_so_far:
            location, inferred_location = places_so_far[-1], True
        if location is not None and not location.place_country:
            # حي المنصور في بغداد: a small place lies in the country named around it
            location.place_country = _context_country(all_mentions, places_so_far)
        if etype in ("ASSAULT", "COERCE") and target is None and location is None:
            # no place and no named victim: the country the clause names (Bhutto's supporters → Pakistan)
            named = [men for men in mentions if men.country and men is not source and (
                source is None or men.country != source.country)]
            named.sort(key=lambda men: (men.first < primary.first, abs(men.first - primary.first)))
            if named:
                country = named[0].country
                target = ActorMention(-1, -1, country_name(country) or country, None, country, None)
        if etype == "PROTEST" and target is None:
            # a protest at the American embassy, against British policy: the foreign country named is its target
            home = location.place_country if location is not None else None
            foreign = [men for men in mentions if men.country and men.country != home and men is not source
                       and men.first > primary.first and not (men.is_place and men.name == men.place_name)]
            if foreign:
                target = foreign[0]
        if etype == "PROTEST" and location is not None and location.place_country and not inferred_location:
            # a protest in Beirut: Lebanese protesters (unless named otherwise) against their government
            country = location.place_country
            if source is None or source.country is None:
                source = ActorMention(-1, -1, source.name if source else country_name(country) or country, None,
                                      country, source.sector if source and source.sector else "OPP")
            if target is None:
                target = ActorMention(-1, -1, country_name(country) or country, None, country, "GOV")
        elif etype == "PROTEST" and target is None and source is not None and source.country:
            # تظاهر آلاف المغاربة: protesters of a country, with no foreign target, face their government
            target = ActorMention(-1, -1, country_name(source.country) or source.country, None, source.country, "GOV")
        if target is None and etype in ("ASSAULT", "COERCE") and location is not None and location.place_country:
            # an attack in Baghdad is on Iraq, unless Iraqis fight among themselves
            source_country = source.country if source else None
            if source_country != location.place_country:
                target = ActorMention(-1, -1, country_name(location.place_country) or location.place_country,
                                      None, location.place_country, None)
        if etype == "ASSAULT" and (weak or not any(m.trigger.is_verb for m in group)):
            # مصرع شاب في حادث مروري، خط الهجوم في المباراة: accidents, illness and sport are no attack
            blockers = load_context_blockers()["weak" if weak else "noun"]
            if any(v in blockers for i, c in enumerate(clause_ids) if c == clause for v in clitic_variants(words[i])):
                continue
        if etype in _PARTICIPANT_TYPES and not any(
                r is not None and (r.entity_id or r.country or r.sector in _OFFICIAL_SECTORS) for r in (source, target)):
            # visiting patients, meeting friends at Eid: talks, backing and asking are coded
            # between named parties or officials
            continue
        head = tokens[primary.head]
        span = _clause_span(tokens, clause_ids, clause, words)
        killed, injured = _casualties(doc, span) if etype in ("ASSAULT", "COERCE", "PROTEST") else (None, None)
        # a happening needs a participant, a place or a toll; a verb reporting an act stands alone
        # (هاجم مسلحون ...), a bare noun with none of them is a reference, not a report
        anchored = bool(source or target or (location and not inferred_location) or killed or injured
                        or (etype == "PROTEST" and not weak and not primary.trigger.is_verb))  # protests are news
        if not anchored:
            continue
        # words of asking, backing and meeting are everyday words: they code an event only
        # when someone named (an entity, a state) asks, backs or meets
        if etype in _VERBAL_TYPES and not (source or target or (location and not inferred_location)):
            continue
        date, fallback = _date(doc, (span, sent), head.start)
        reporter = _reported_by(doc, sent, words, tokens, all_mentions, head.start)
        if reporter and source is not None and reporter == source.name:
            reporter = None
        trigger_text = doc.text[tokens[primary.first].start : tokens[primary.last].end]
        out.append(_Happening(
            type=etype, mode=mode, trigger=trigger_text, sentence=sent, head_start=head.start,
            is_verb=primary.trigger.is_verb, weak=weak, source=source, target=target, location=location,
            date=date, date_is_fallback=fallback, killed=killed, injured=injured, reported_by=reporter,
            evidence=[Evidence(doc.text[span.start : span.end], span.start, span.end)],
            confidence=0.5 if weak else 0.7, inferred_location=inferred_location,
            alt_types=frozenset(m.trigger.type for m in ranked) - {etype},
            trigger_pattern=primary.trigger.pattern,
            mentioned=as_object or (not primary.trigger.is_verb and primary.first > 0 and any(
                v in _ONGOING for v in clitic_variants(words[primary.first - 1]))),
            definite=not primary.trigger.is_verb and any(
                v.startswith("ال") and v[2:] in primary.trigger.tokens[0].forms for v in clitic_variants(words[primary.first])),
            location_direct=location is not None and not inferred_location and 1 <= location.first - primary.last <= 2,
            location_near=location is not None and not inferred_location and location.first >= 0
            and -4 <= location.first - primary.last <= 10,
        ))
    out.sort(key=lambda h: h.head_start)
    return out, places_here


def _key(men: ActorMention | None, place: bool = False) -> str | None:
    if men is None:
        return None
    if place:
        return men.place_id or normalize(men.place_name or men.name or "")
    return men.key


def _side(men: ActorMention) -> str | None:
    if men.sector in ("GOV", "MIL", "COP", "SPY"):
        return "state"
    if men.sector in ("REB", "OPP", "UAF", "IMG"):
        return "rebels"
    return None


def _role_keys(a: _Happening, b: _Happening) -> dict[str, str] | None:
    """Per role: 'same', 'open' (one side unknown) — or None when a role disagrees."""
    out = {}
    for role in ("source", "target", "location"):
        ma, mb = getattr(a, role), getattr(b, role)
        ka, kb = _key(ma, role == "location"), _key(mb, role == "location")
        if role != "location" and any(m is not None and not (m.entity_id or m.country) for m in (ma, mb)):
            # an unnamed group (الثوار، مسلحين) neither identifies nor separates two reports
            out[role] = "open"
            continue
        sides = {_side(ma), _side(mb)} if ma is not None and mb is not None else set()
        if role != "location" and ka and kb and ma.country and ma.country == mb.country \
                and (None in sides or len(sides) == 1):
            ka = kb  # Ukraine and the Ukrainian forces are one side; a government and its rebels are two
        if role == "location" and (a.inferred_location or b.inferred_location) and ka != kb:
            ka = kb = None  # a place guessed from context neither joins nor separates mentions
        if ka and kb and ka != kb:
            return None
        # two victims both guessed from the same place say nothing about being one attack
        guessed = role == "target" and ma is not None and mb is not None and ma.first < 0 and mb.first < 0
        out[role] = "same" if ka and kb and not guessed else "open"
    return out


def _same_type(a: _Happening, b: _Happening) -> bool:
    return a.type == b.type or a.type in b.alt_types or b.type in a.alt_types


def _compatible(a: _Happening, b: _Happening) -> bool:
    """Two reports of one happening: same type, no role that disagrees, and who did it to whom
    agrees (the place alone does not make two attacks one: a town sees many)."""
    if not _same_type(a, b):
        return False
    keys = _role_keys(a, b)
    if keys is None:
        return False
    if keys["source"] == "same":
        return True
    # the same victim at the same place (Kyiv hit, by Russia in one report, unnamed in another)
    return keys["target"] == "same" and keys["location"] == "same"


def _is_reference(h: _Happening) -> bool:
    """A noun that names a happening without telling it (حادث إسقاط الطائرة، خلال الهجوم، وقف الهجوم)."""
    return h.mentioned or (not h.is_verb and h.source is None and not h.weak)


def _placeless(h: _Happening) -> _Happening:
    """The same happening with no place, to compare who did what regardless of where."""
    return _Happening(**{**{f: getattr(h, f) for f in h.__dataclass_fields__}, "location": None})


def _refers_to(ref: _Happening, group: list[_Happening]) -> bool:
    head = group[0]
    if not _same_type(ref, head):
        return False
    if ref.mentioned:
        # only the place and the kind of act identify an act named in passing; with no place,
        # it names the act of its kind told just before
        if ref.location is None or ref.inferred_location:
            return any(0 <= ref.head_start - g.head_start <= 600 for g in group)
        return _key(ref.location, True) == _key(head.location, True)
    if ref.location is not None and not ref.location_near:
        # a place elsewhere in the sentence (the investigators in The Hague) is not where it happened
        derived_target = ref.target is not None and ref.target.first < 0  # a victim guessed from that place
        ref = _Happening(**{**{f: getattr(ref, f) for f in ref.__dataclass_fields__}, "location": None,
                            "target": None if derived_target else ref.target})
    keys = _role_keys(ref, head)
    same_word = ref.trigger_pattern in {g.trigger_pattern for g in group}
    if keys is None:
        return False
    if same_word or keys["location"] == "same":
        return True
    # a specific kind of act (إسقاط طائرة) named again is the same act when nothing disagrees
    if ref.mode and ref.mode == head.mode:
        return True
    # وقتل في القصف: a placeless mention right after a report names that report
    own_place = ref.location is not None and not ref.inferred_location
    return not own_place and any(0 <= ref.head_start - g.head_start <= 400 for g in group)


def _merge(happenings: list[_Happening]) -> list[_Happening]:
    merged: list[list[_Happening]] = []
    references: list[_Happening] = []
    for h in happenings:
        if _is_reference(h):
            references.append(h)
            continue
        if h.definite:
            # وقالت مصادر إن الغارة نفذتها طائرات روسية: the definite noun names the attack just told
            recent = [g for g in merged if _same_type(g[0], h)
                      and 0 <= h.head_start - max(x.head_start for x in g) <= 600]
            # (unless it tells its own agent or place: الاشتباكات التي خاضتها الفرقة الرابعة في الزبداني)
            own_agent = h.source is not None and (h.source.entity_id or h.source.country)
            # (a place right after the noun is its own, اللقاء في الرياض; one further on may be a topic,
            # بحثا خلال اللقاء الأوضاع في اليمن)
            compared = h if h.location_direct else _placeless(h)
            if recent and not own_agent and _role_keys(recent[-1][0], compared) is not None:
                recent[-1].append(h)
                continue
        for group in merged:
            if all(_compatible(g, h) for g in group):
                group.append(h)
                break
        else:
            # a casualty report right after an attack is part of it (weak mentions only)
            if h.weak and merged and h.source is None:
                # (shelling, with a kind of weapon of its own, is a happening of its own)
                recent = [g for g in merged if g[-1].type == h.type and 0 < h.sentence.start - g[-1].sentence.end < 600
                          and (h.mode is None or h.mode == g[0].mode)]
                if recent and _key(h.location, True) in (None, _key(recent[-1][0].location, True)):
                    recent[-1].append(h)
                    continue
            merged.append([h])
    for ref in references:
        # a mention by name joins the nearest told happening it names, before or after it
        candidates = [g for g in merged if _refers_to(ref, g)]
        if candidates:
            min(candidates, key=lambda g: min(abs(x.head_start - ref.head_start) for x in g)).append(ref)
        else:
            merged.append([ref])
    out = []
    for group in merged:
        primary = max(group, key=lambda h: (not _is_reference(h), h.filled(), -h.head_start))
        for other in sorted(group, key=lambda h: h.head_start):
            if other is primary:
                continue
            for role in ("source", "target", "location", "killed", "injured", "reported_by", "mode"):
                if getattr(primary, role) is None and getattr(other, role) is not None:
                    setattr(primary, role, getattr(other, role))
            if primary.date_is_fallback and other.date and not other.date_is_fallback:
                primary.date, primary.date_is_fallback = other.date, False
            primary.evidence += [e for e in other.evidence if e.start != primary.evidence[0].start]
        out.append(primary)
    out.sort(key=lambda h: h.head_start)
    return out


def _role(men: ActorMention | None, place: bool = False,
          ids: dict[str, str] | None = None) -> tuple[str | None, str | None]:
    """(reference, name) of a role: the entity id where an entity stands behind it (also for a
    country named only through an adjective or a place, when the article names that country)."""
    if men is None:
        return None, None
    if place:
        name = men.place_name or men.name
        return men.place_id or name, name
    return men.entity_id or (ids or {}).get(men.name or "") or men.name, men.name


def add_events(doc: Document) -> Document:
    """Fill `doc.events`: one PLOVER event per happening, with every mention as evidence."""
    text = doc.text or ""
    if not text.strip():
        doc.events = []
        return doc
    sentences = doc.sentences or [Sentence(s, e) for s, e in split_sentences(text)]
    happenings: list[_Happening] = []
    places_so_far: list[ActorMention] = []
    tokens = doc.tokens
    starts = [t.start for t in tokens]
    words = doc.token_norms
    spans = entity_spans(doc)
    for sent in sentences:
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        while hi > lo and tokens[hi - 1].end > sent.end:
            hi -= 1
        found, places = _sentence_happenings(doc, sent, places_so_far, tokens[lo:hi], words[lo:hi], spans)
        happenings += found
        places_so_far += places
    events = []
    ids = {ent.name: ent.id for ent in doc.entities}
    for number, h in enumerate(_merge(happenings), start=1):
        source, source_name = _role(h.source, ids=ids)
        target, target_name = _role(h.target, ids=ids)
        location, location_name = _role(h.location, place=True)
        events.append(Event(
            id=f"V{number}", type=h.type, mode=h.mode,
            source=source, source_name=source_name, source_code=h.source.code if h.source else None,
            target=target, target_name=target_name, target_code=h.target.code if h.target else None,
            location=location, location_name=location_name, date=h.date,
            killed=h.killed, injured=h.injured, reported_by=h.reported_by,
            evidence=h.evidence[0], date_is_fallback=h.date_is_fallback, more_evidence=h.evidence[1:],
            trigger=h.trigger, confidence=h.confidence,
        ))
    doc.events = events
    return doc


__all__ = ["add_events"]
