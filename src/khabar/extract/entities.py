"""Entity stage: gazetteer and CRF mentions merged into document-level entities with roles, affiliations and metonymy.

Mentions come, in order of trust, from: the gazetteers (countries, places, seats of power, people,
organisations), trigger nouns with a country adjective (وزارة الدفاع الروسية), head nouns of named groups
(حزب النور) and places (مديرية القفر), given names followed by name words (شهاب وجيه), and the CRF tagger
where it is installed (longer names only; one-word guesses must join a known name). Mentions of one record
or one name merge into one entity; a surname alone joins its full name. Titles written before a person
give `role`, and the state or body they name gives `affiliation`; a capital or seat of power gets `actor`,
the state it acts for. All word lists are data files under khabar/data/gazetteers/."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.document import Document, Entity, Mention
from khabar.extract.gazetteer import (
    ADJECTIVE,
    COUNTRY,
    ORG,
    PERSON,
    PLACE,
    ROLE,
    SEAT,
    TRIGGER,
    Entry,
    Gazetteer,
    Match,
    clitic_chars,
    clitic_readings,
    gazetteer_dir,
    load_gazetteer,
    province_heads,
    read_tsv,
)
from khabar.extract.romanise import romanise
from khabar.extract.romanise_learn import Spellings, name_words
from khabar.text.normalize import normalize
from khabar.text.segment import Token
from khabar.text.spans import SpanSet

# Token normalisation, cached: the same words recur across a document and across documents.
_norm = lru_cache(maxsize=200_000)(normalize)

# A title may stand this many words before the name it qualifies (رئيس هيئة الأركان العامة الروسية X).
_ROLE_WINDOW = 8
# CRF labels kept. MISC (events, products, titles of works) is left out: the gold readings list such
# names only as optional, so a MISC guess can only cost precision.
_CRF_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG"}
# Bodies of a state: a title naming one (رئيس هيئة الأركان العامة الروسية) affiliates the person with the state.
_STATE_SECTORS = frozenset({"GOV", "MIL", "SPY", "COP", "JUD", "LEG"})
_PUNCT_BREAKS = set(".,،:;؛!?؟\"«»“”()[]{}-–—/|")


@dataclass
class Candidate:
    """One mention before merging: its span, the key of the entity it names, and what is known of it."""

    start: int
    end: int
    text: str
    token_start: int
    token_end: int
    key: tuple[str, ...]
    type: str
    entry: Entry | None = None
    name_en: str | None = None
    iso3: str | None = None
    sector: str | None = None
    source: str = "gazetteer"  # gazetteer | trigger | pattern | crf | surname
    stands_for: str | None = None  # ISO3 of the state a capital or seat of power acts for


@dataclass
class _Draft:
    key: tuple[str, ...]
    type: str
    mentions: list[Candidate] = field(default_factory=list)

    @property
    def first(self) -> Candidate:
        return self.mentions[0]


def _is_break(token: Token) -> bool:
    return token.text in _PUNCT_BREAKS or all(ch in _PUNCT_BREAKS for ch in token.text)


def _adjacent(text: str, tokens: list[Token], left: Match, right: Match) -> bool:
    """`right` starts at the token after `left`, separated by spaces only."""
    if right.token_start != left.token_end or right.clitic:
        return False
    gap = text[tokens[left.token_end - 1].end : tokens[right.token_start].start]
    return not gap.strip() and "\n" not in gap


def _extend_people(text: str, tokens: list[Token], candidates: list[Candidate], gaz: Gazetteer) -> None:
    """A person's mention runs on when a longer spelling of the same person starts inside it:
    الملك سلمان + سلمان بن عبدالعزيز → الملك سلمان بن عبدالعزيز."""
    for cand in candidates:
        if cand.type != "PER" or cand.entry is None or cand.token_end - cand.token_start < 2:
            continue
        window = tokens[cand.token_start + 1 : min(len(tokens), cand.token_end + 5)]
        for m in gaz.match_tokens(text, window, {PERSON}):
            same = any(e.name_en == cand.name_en for e in m.entries)
            end_token = cand.token_start + 1 + m.token_end
            if same and m.start < cand.end and m.end > cand.end:
                cand.end, cand.token_end = m.end, end_token
                head = text[cand.start : m.start].strip()
                if any(e.kind == ROLE for e in gaz.lookup(head)):
                    # الملك سلمان بن عبدالعزيز: the longer spelling leaves the title out, and so does the mention
                    cand.start, cand.token_start = m.start, cand.token_start + 1 + m.token_start
                cand.text = text[cand.start : cand.end]
                break


def _bodies_inside_titles(text: str, tokens: list[Token], matches: list[Match], gaz: Gazetteer) -> list[Candidate]:
    """Organisations named inside a role title: in رئيس هيئة الأركان العامة الروسية the title match hides
    the body هيئة الأركان العامة الروسية, which is an entity of its own."""
    out: list[Candidate] = []
    for match in matches:
        if ROLE not in match.kinds() or match.token_end - match.token_start < 2:
            continue
        # the title's words after its head, and a few words after it (المرصد السوري لحقوق الإنسان)
        stop = min(len(tokens), match.token_end + 6)
        window = tokens[match.token_start + 1 : stop]
        inner = gaz.match_tokens(text, window, {TRIGGER, ORG, ADJECTIVE, COUNTRY})
        for m in inner:
            m.token_start += match.token_start + 1
            m.token_end += match.token_start + 1
        out += [c for c in _gazetteer_candidates(text, tokens, inner) if c.type == "ORG"]
    return out


def _agrees(trigger: Entry, adjective: str) -> bool:
    """A country adjective agrees with the trigger noun: الخارجية التركية is the ministry, while in
    وزير الخارجية التركي the adjective belongs to the minister."""
    word = normalize(adjective).split()[-1]
    if word.endswith(("ين", "ون")):
        return False  # plural people (الجنود الروس), never a body
    feminine = word.endswith("ه")
    return feminine if trigger.gender == "f" else not feminine if trigger.gender == "m" else True


_TITLE_NOUNS = frozenset(normalize(w) for w in ("صحيفة", "جريدة", "مجلة", "موقع", "قناة", "وكالة", "شركة", "بنك", "نادي"))


def _names_a_title(text: str, tokens: list[Token], match: Match) -> bool:
    """A name that is both a place and an organisation names the organisation when quoted or after
    صحيفة / قناة / شركة ..."""
    if _quoted_title(text, match) or text[max(0, match.start - 1) : match.start] in "«\"“":
        return True
    if match.token_start == 0:
        return False
    previous = _norm(tokens[match.token_start - 1].text)
    return any(previous == noun or previous.endswith(noun) for noun in _TITLE_NOUNS)


def _quoted_title(text: str, match: Match) -> bool:
    """The match is the whole of a «...» or "..." title (a newspaper, an operation), not a place."""
    before = text[max(0, match.start - 1) : match.start]
    after = text[match.end : match.end + 1]
    return (before, after) in {("«", "»"), ('"', '"'), ("“", "”")}


def _gazetteer_candidates(text: str, tokens: list[Token], matches: list[Match]) -> list[Candidate]:
    """Mentions named by the gazetteers, and organisations built from a trigger noun plus a country adjective."""
    out: list[Candidate] = []
    skip_next = False
    for index, match in enumerate(matches):
        if skip_next:
            skip_next = False
            continue
        nxt = matches[index + 1] if index + 1 < len(matches) else None
        person = match.first(PERSON)
        org = match.first(ORG)
        seat = match.first(SEAT)
        country = match.first(COUNTRY)
        place = match.first(PLACE)
        trigger = match.first(TRIGGER)
        cue = nxt.first(ADJECTIVE) if nxt and trigger and _adjacent(text, tokens, match, nxt) else None
        if trigger and nxt and cue and _agrees(trigger, nxt.text):
            name = (trigger.extra or "{adj} {name}").format(
                adj=cue.extra or cue.name_en, country=cue.name_en, name=trigger.name_en)
            if not cue.extra and "{adj}" in (trigger.extra or "{adj}"):
                name = f"{trigger.name_en} of {cue.name_en}"
            name = name[:1].upper() + name[1:]
            out.append(Candidate(match.start, nxt.end, text[match.start : nxt.end], match.token_start,
                                 nxt.token_end, ("ORG", normalize(name)), "ORG", trigger, name, cue.iso3,
                                 trigger.sector, "trigger"))
            skip_next = True
            continue
        if (place or seat or country) and not (person or org) and _quoted_title(text, match):
            continue  # «الشرق الأوسط» is the newspaper, not the region
        before = len(out)
        if org and (place or country) and not _names_a_title(text, tokens, match):
            org = None  # الشرق الأوسط is the region unless it is quoted or follows صحيفة
        if org and not person and match.token_end < len(tokens) and tokens[match.token_end].text.isdigit() \
                and not text[match.end : tokens[match.token_end].start].strip():
            continue  # بوينغ 777، إيرباص 320: a product model, not the company
        if person:
            out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end,
                                 ("PER", person.name_en), "PER", person, person.name_en, person.iso3, person.sector))
        elif org:
            out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end,
                                 ("ORG", org.name_en), "ORG", org, org.name_en, org.iso3, org.sector))
        elif country:
            out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end,
                                 ("LOC", country.iso3 or country.name_en), "LOC", country, country.name_en,
                                 country.iso3))
        elif seat:
            out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end,
                                 (seat.type, seat.name_en), seat.type, seat, seat.name_en, seat.iso3,
                                 "GOV" if seat.type == "ORG" else None))
        elif place:
            out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end,
                                 ("LOC", place.name_en), "LOC", place, place.name_en, place.iso3))
        if seat and not country and len(out) > before:
            out[-1].stands_for = seat.iso3  # البيت الأبيض listed as an organisation still acts for its state
    return out


# Broken-plural adjectives that end group names (حزب المصريين الأحرار).
_BROKEN_PLURAL_NAMES = frozenset({"الاحرار", "الاشراف", "الابطال"})


@lru_cache(maxsize=1)
def _org_heads() -> tuple[dict[str, tuple[str, str, str]], frozenset[str]]:
    """Head nouns of named groups (حزب، حركة، جيش ...) → (English template, sector, complement), and stop words."""

    heads: dict[str, tuple[str, str, str]] = {}
    stops: set[str] = set()
    for row in read_tsv(gazetteer_dir() / "org_heads.tsv"):
        word = normalize(row.get("arabic", ""))
        if row.get("kind") == "head":
            heads[word] = (row.get("name_en") or "{name}", row.get("sector") or "", row.get("complement") or "definite")
        elif row.get("kind") == "stop":
            stops.add(word)
    return heads, frozenset(stops)


def _head_pattern_candidates(text: str, tokens: list[Token], occupied: list[Candidate]) -> list[Candidate]:
    """Organisations named by a head noun in construct with a name: حزب النور، حركة أحرار الشام،
    جيش الشعب الكوري. The name is one or two definite words, or an indefinite word then a definite one."""

    heads, stops = _org_heads()
    gaz = load_gazetteer()
    out: list[Candidate] = []
    n = len(tokens)
    i = 0
    # only words that read as a head noun can open a name: found in one pass, the rest skipped
    openers = [(k, reading) for k in range(n - 1) if (reading := _org_head_reading(_norm(tokens[k].text)))]
    for opener, (head, clitic) in openers:
        if opener < i:
            continue  # inside the name found before
        i = opener

        def joined(a: int, b: int) -> bool:
            gap = text[tokens[a].end : tokens[b].start]
            return not gap.strip() and "\n" not in gap

        def definite(k: int) -> bool:
            word = _norm(tokens[k].text)
            return (tokens[k].text.startswith("ال") and len(word) > 3 and word not in stops and not _is_break(tokens[k])
                    and not any(e.kind == ADJECTIVE for e in gaz.lookup(tokens[k].text)))

        def adjective_like(k: int) -> bool:
            """A second name word: a nisba or plural (الكردستاني، الشعبية، المسلمين), not a descriptor."""
            word = _norm(tokens[k].text)
            return definite(k) and (word.endswith(("ي", "يه", "ين", "ون")) or word in _BROKEN_PLURAL_NAMES)

        def indefinite(k: int) -> bool:
            word = _norm(tokens[k].text)
            return (not word.startswith("ال") and _name_like(tokens[k]) and word not in stops
                    and not word.endswith(("ه", "ين", "ون")))

        end = None
        mode = heads[head][2]
        if mode == "indefinite":
            # تنظيم داعش، حركة حماس: one indefinite word that no definite word follows (حركة مرور المقالات)
            if i + 1 < n and joined(i, i + 1) and indefinite(i + 1) and not (
                    i + 2 < n and joined(i + 1, i + 2) and tokens[i + 2].text.startswith("ال")):
                end = i + 2
        elif i + 1 < n and joined(i, i + 1) and definite(i + 1):
            end = i + 2
            if end < n and joined(i + 1, end) and adjective_like(end):
                end += 1
            elif end < n and joined(i + 1, end) and _abstract_conjunct(tokens[end].text) and \
                    _abstract_conjunct(tokens[i + 1].text, first=True):
                end += 1  # حزب العدالة والتنمية، حركة العدل والمساواة: two abstract nouns make one name
        elif (i + 2 < n and joined(i, i + 1) and joined(i + 1, i + 2) and _name_like(tokens[i + 1])
              and not _norm(tokens[i + 1].text).startswith("ال") and _norm(tokens[i + 1].text) not in stops
              and _norm(tokens[i + 1].text) not in _person_lexicon().stops and definite(i + 2)):
            end = i + 3  # حركة أحرار الشام: an indefinite word in construct with a definite one
        if end is None:
            i += 1
            continue
        start = tokens[i].start + clitic_chars(tokens[i].text, clitic)
        stop = tokens[end - 1].end
        if any(c.start < stop and start < c.end and c.type in ("PER", "ORG") for c in occupied):
            i += 1
            continue
        template, sector, _mode = heads[head]
        name_ar = text[tokens[i + 1].start : stop]
        name = template.format(name=romanise(name_ar))
        out.append(Candidate(start, stop, text[start:stop], i, end, ("ORG", normalize(text[start:stop])), "ORG",
                             None, name, None, sector or None, "pattern"))
        i = end
    return out


def _abstract_conjunct(word: str, first: bool = False) -> bool:
    """An abstract noun with the article (العدالة، التنمية، المساواة), joined by و when not first: party
    names pair two of them, while a list of bodies (حزب الله والحوثيون) pairs names."""
    norm = _norm(word)
    if not first:
        if not norm.startswith("وال"):
            return False
        norm = norm[1:]
    return norm.startswith("ال") and len(norm) > 5 and norm.endswith("ه")


@lru_cache(maxsize=100_000)
def _org_head_reading(word: str) -> tuple[str, str] | None:
    """(head, clitic) of the first clitic reading of a normalised word that is a group's head noun (حزب، وحركة),
    else None; kept per word, since every word of every document is asked."""
    heads = _org_heads()[0]
    for stem, stripped in clitic_readings(word):
        if stem in heads:
            return stem, stripped
    return None


@dataclass(frozen=True)
class _PersonLexicon:
    given: dict[str, str]  # normalised given name → English spelling
    spelled: dict[str, str]  # normalised given name → its written form (to tell ي from ى)
    ambiguous: frozenset[str]
    foreign: frozenset[str]
    joiners: frozenset[str]
    openers: frozenset[str]
    stops: frozenset[str]
    not_surnames: frozenset[str] = frozenset()
    facilities: frozenset[str] = frozenset()
    letters: frozenset[str] = frozenset()
    # courtesy titles (person_names.tsv) and one-word ranks (roles.tsv) written before a name
    honorifics: frozenset[str] = frozenset()
    rank_qualifiers: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _person_lexicon() -> _PersonLexicon:
    """Given names, joiners (عبد، أبو، بن) and stop words, from person_names.tsv."""

    given: dict[str, str] = {}
    spelled: dict[str, str] = {}
    ambiguous: set[str] = set()
    foreign: set[str] = set()
    joiners: set[str] = set()
    openers: set[str] = set()
    stops: set[str] = set()
    not_surnames: set[str] = set()
    facilities: set[str] = set()
    letters: set[str] = set()
    honorifics: set[str] = set()
    qualifiers: set[str] = set()
    for row in read_tsv(gazetteer_dir() / "person_names.tsv"):
        raw = row.get("arabic", "")
        word = normalize(raw)
        kind, note = row.get("kind"), row.get("note", "")
        if kind == "given":
            given[word] = row.get("latin", "")
            spelled[word] = raw
            if "ambiguous" in note:
                ambiguous.add(word)
            if "foreign" in note:
                foreign.add(word)
        elif kind == "joiner":
            joiners.add(word)
            if "opens" in note:
                openers.add(word)
        elif kind == "stop":
            stops.add(word)
        elif kind == "not_surname":
            not_surnames.add(word)
        elif kind == "facility":
            facilities.add(word)
        elif kind == "spelled_letter":
            letters.add(word)
        elif kind == "honorific":
            honorifics.add(word)
        elif kind == "rank_qualifier":
            qualifiers.add(word)
    honorifics |= {normalize(row.get("title_ar", "")) for row in read_tsv(gazetteer_dir() / "roles.tsv")
                   if "rank" in row.get("note", "") and len(row.get("title_ar", "").split()) == 1}
    return _PersonLexicon(given, spelled, frozenset(ambiguous), frozenset(foreign), frozenset(joiners), frozenset(openers),
                          frozenset(stops), frozenset(not_surnames), frozenset(facilities), frozenset(letters),
                          frozenset(w for w in honorifics if w), frozenset(qualifiers))


def _tokens_within(tokens: list[Token], spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that overlap any of `spans` (one sorted sweep)."""
    out: set[int] = set()
    starts = [t.start for t in tokens]
    for start, end in spans:
        k = max(0, bisect.bisect_right(starts, start) - 1)
        while k < len(tokens) and tokens[k].start < end:
            if tokens[k].end > start:
                out.add(k)
            k += 1
    return out


_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a][\u0621-\u063a\u0641-\u0652]+")


def _name_like(token: Token) -> bool:
    """A plain Arabic word: no vowel marks (a vocalised word, ذَبَّاح, is a word the writer disambiguated)."""
    return _plain_arabic(token.text)


@lru_cache(maxsize=100_000)
def _plain_arabic(word: str) -> bool:
    """`_name_like` of a word as written; kept per word, since the name patterns ask it of every word."""
    return _ARABIC_WORD.fullmatch(word) is not None and not any("\u064b" <= ch <= "\u0652" for ch in word)


def _arabic_word(token: Token) -> bool:
    """Two or more Arabic letters (diacritics allowed, no tatweel, digits or Latin)."""
    return _ARABIC_WORD.fullmatch(token.text) is not None


def _person_pattern_candidates(text: str, tokens: list[Token], blocked_spans: list[tuple[int, int]],
                               soft_spans: list[tuple[int, int]] = (), titled: set[int] = frozenset(),  # type: ignore[assignment]
                               ) -> list[Candidate]:
    """People no gazetteer knows, read from a given name and the name words after it (شهاب وجيه،
    مدحت الزاهد، إسماعيل أبو حديد). At least one name word must follow the given name. Words of a known
    person (soft spans) may continue a name (حسن أبو هنية، عبدالعزيز بن محمد بن نايف) but never open one.
    After a title (`titled`: token indices) an ambiguous given name is a name (المقدم خالد الغبان)."""

    lex = _person_lexicon()
    out: list[Candidate] = []
    n, i = len(tokens), 0

    blocked_tokens = _tokens_within(tokens, blocked_spans) - _tokens_within(tokens, list(soft_spans))
    opening_blocked = _tokens_within(tokens, blocked_spans)

    def free(k: int) -> bool:
        return k not in blocked_tokens

    def joined(a: int, b: int) -> bool:
        gap = text[tokens[a].end : tokens[b].start]
        return not gap.strip() and "\n" not in gap

    # only words that open a name are visited (found in one pass); the words between them open none
    # a given name right after a joiner (آل سعود، بن سعود، دي ماريا) is inside another name: it opens none
    openers = [(k, found) for k in range(n - 1)
               if k not in opening_blocked and (found := _person_opening(tokens[k].text))
               and not (k > 0 and found[1] == "" and _norm(tokens[k - 1].text) in lex.joiners and joined(k - 1, k))]
    for opener, (stem, clitic) in openers:
        if opener < i:
            continue  # inside the name found before
        i = opener
        end = i + 1
        words = 0
        after_joiner = stem in lex.joiners
        while end < n and words < 3 and joined(end - 1, end) and free(end) and _name_like(tokens[end]):
            word = _norm(tokens[end].text)
            ali = word == "علي" and tokens[end].text.endswith("ي")  # Ali, not the preposition على
            # a father's and grandfather's given names follow one's own (فاطمة محمد حسين); a given name
            # after a family name (محمد عبده وطلال) starts another person
            patronymic = words == 1 and word in lex.given and _norm(tokens[end - 1].text) in lex.given
            if (word in lex.stops and not ali) or (word in lex.given and words >= 1 and stem not in lex.joiners
                                                   and not patronymic):
                break
            if words == 0 and stem in lex.ambiguous and word.startswith("ال") and i not in titled:
                break  # حافظ الوضع: a verb and its object, not Hafez (but المقدم خالد الغبان is a name)
            if stem in lex.foreign and word.startswith("ال"):
                break  # ديفيد سانشيز المصنف: an ال-word after a foreign name is a description
            if word.startswith("ال") and word.endswith(("ين", "ون")) and len(word) > 6:
                break  # a plural adjective (الخاضعين) describes what follows, it is no surname
            if word.startswith(("لل", "بال", "وال", "فال", "كال")):
                break  # a word with a preposition or conjunction before its article is no name word
            rest = word[1:]
            if word.startswith("و") and word not in lex.given and (
                    rest in lex.given or rest in lex.joiners or rest in lex.stops or rest.startswith("ال")):
                break  # نبيل بهوي وعمر، محمد عبده وطلال: "and X" starts another name or phrase
            if words == 0 and stem in lex.ambiguous and tokens[end].text.endswith(("ه", "ها", "هم")):
                break  # صالح عمله: a pronoun suffix, not a surname
            if word in lex.joiners:
                # a chain of joiners (بن محمد بن فهد، عبد الرحمن، آل سعود) ends on a name word
                k = end
                while k + 1 < n and _norm(tokens[k].text) in lex.joiners and joined(k, k + 1) and free(k + 1) \
                        and _name_like(tokens[k + 1]) and _norm(tokens[k + 1].text) not in lex.stops:
                    k += 1
                if k == end or _norm(tokens[k].text) in lex.joiners:
                    break
                end = k + 1
                words += 1
                after_joiner = True
                continue
            if after_joiner and not word.startswith("ال"):
                break  # after بن X only a family name follows (العمري), not سعيد بن ريحان مهرجان
            end += 1
            words += 1
            if words >= 2 and not after_joiner and not patronymic:
                break
            if word.startswith("ال") and not after_joiner:
                break  # a family name with ال ends the name (عبدالعزيز الشمري العمل → عبدالعزيز الشمري)
        if words < 1 or (stem in lex.joiners and words < 2):
            i += 1
            continue
        start = tokens[i].start + clitic_chars(tokens[i].text, clitic)
        stop = tokens[end - 1].end
        surface = text[start:stop]
        out.append(Candidate(start, stop, surface, i, end, ("PER", " ".join(normalize(surface).split())), "PER",
                             None, romanise_person(surface), None, None, "pattern"))
        i = end
    return out


@lru_cache(maxsize=100_000)
def _person_opening(surface: str) -> tuple[str, str] | None:
    """(stem, clitic) when a word as written opens a person's name: a plain Arabic word read as a given
    name or an opening joiner (after و at most). Kept per word: every word of every document is asked."""
    if not _plain_arabic(surface):
        return None
    lex = _person_lexicon()
    for stem, stripped in clitic_readings(_norm(surface)):
        # only و before a name: لدينا is "we have", not ل + دينا
        if stripped not in ("", "و") or stem.startswith("ال"):
            continue
        if stem in lex.given:
            # على (preposition) folds to علي, ناديه (his club) to نادية: the written last letter must agree
            written = lex.spelled[stem]
            if surface.endswith("ى") != written.endswith("ى"):
                continue  # also مني (from me) is not منى
            if surface.endswith("ه") and written.endswith("ة"):
                continue
            return stem, stripped
        if stem in lex.openers:
            return stem, stripped
    return None


@lru_cache(maxsize=1)
def _place_heads() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Place head nouns, the words that never follow one as a name, and two-word name prefixes."""

    groups: dict[str, set[str]] = {"head": set(), "stop": set(), "prefix": set()}
    for row in read_tsv(gazetteer_dir() / "place_heads.tsv"):
        if row.get("kind") in groups:
            groups[row["kind"]].add(normalize(row.get("arabic", "")))
    return frozenset(groups["head"]), frozenset(groups["stop"]), frozenset(groups["prefix"])


@lru_cache(maxsize=100_000)
def _place_head_reading(word: str) -> str | None:
    """The place head noun a normalised word reads as (منطقة، بمديرية، ومحافظة), else None; kept per word."""
    heads = _place_heads()[0]
    return next((stem for stem, clitic in clitic_readings(word)
                 if stem in heads and clitic in ("", "و", "ب", "وب", "ف", "ل")), None)


def _place_head_candidates(text: str, tokens: list[Token], blocked_spans: list[tuple[int, int]]) -> list[Candidate]:
    """Places named after a head noun (منطقة الجقينة، مديرية القفر، بجبهة حلحلان، منطقتي الصواغية ودير الزغب):
    the mention is the name alone."""

    heads, stops, prefixes = _place_heads()
    lex = _person_lexicon()
    blocked = _tokens_within(tokens, blocked_spans)
    out: list[Candidate] = []
    n = len(tokens)

    def joined(a: int, b: int) -> bool:
        gap = text[tokens[a].end : tokens[b].start]
        return not gap.strip() and "\n" not in gap

    def usable(k: int) -> bool:
        return k < n and k not in blocked and _name_like(tokens[k]) and _norm(tokens[k].text) not in lex.stops

    # only words that read as a place head are visited (found in one pass)
    openers = [(k, head) for k in range(n - 1) if (head := _place_head_reading(_norm(tokens[k].text))) is not None]
    for i, head in openers:
        if not joined(i, i + 1) or not usable(i + 1):
            continue
        # وأدى (and led to) folds to وادي, بلده (his country) to بلدة: the written last letter must agree
        if tokens[i].text.endswith("ى") or (head.endswith("ه") and tokens[i].text.endswith("ه")):
            continue
        j = i + 1
        word = _norm(tokens[j].text)
        if word in stops or len(word) < 3 or tokens[j].text.endswith(("هم", "ها", "هن", "كم", "نا")):
            continue  # a generic noun, or a word with a pronoun suffix (عطلتهم)
        if word.startswith("و") or word in heads or word in _org_heads()[0]:
            continue  # منطقة وسط..., جبهة حزب: a conjunction or a common head noun, not a name
        if word in prefixes and j + 1 < n and joined(j, j + 1) and usable(j + 1):
            end = j + 2  # دير الزغب، تل أبيض
        elif head.startswith("منطق") and not tokens[j].text.startswith("ال"):
            continue  # منطقة حظر، منطقة نفوذ: an indefinite word after منطقة is a common noun
        elif tokens[j].text.startswith("ال"):  # written ال, not a folded أل (ألزمت)
            if head == "جبهه" or word.endswith(("ين", "ون")):
                continue  # جبهة النصرة is a group; الخاضعين describes
            end = j + 1
        elif word.endswith(("ه", "ي")) or tokens[j].text.endswith("ة"):
            continue  # قرية صغيرة، حي سكني: an adjective
        else:
            end = j + 1
        start, stop = tokens[j].start, tokens[end - 1].end
        surface = text[start:stop]
        out.append(Candidate(start, stop, surface, j, end, ("LOC", " ".join(normalize(surface).split())), "LOC",
                             None, romanise(surface), None, None, "pattern"))
        # the second name of a dual head (منطقتي الصواغية ودير الزغب)
        if head.endswith("تي") or head in ("حيي",):
            k = end
            if k < n and joined(end - 1, k) and k not in blocked and _norm(tokens[k].text).startswith("و"):
                second = tokens[k]
                name_start = second.start + 1
                rest = _norm(second.text)[1:]
                k_end = k + 1
                if k + 1 < n and joined(k, k + 1) and usable(k + 1) and (
                        rest in prefixes or (tokens[k + 1].text.startswith("ال") and _norm(tokens[k + 1].text) not in stops)):
                    k_end = k + 2  # ودير الزغب، وسليمان الحلبي
                if len(rest) >= 3 and rest not in stops:
                    name = text[name_start : tokens[k_end - 1].end]
                    out.append(Candidate(name_start, tokens[k_end - 1].end, name, k, k_end,
                                         ("LOC", " ".join(normalize(name).split())), "LOC", None, romanise(name),
                                         None, None, "pattern"))
    return out


def person_lexicon() -> _PersonLexicon:
    """Given names, joiners and stop words of person names (person_names.tsv), for other stages."""
    return _person_lexicon()


def romanise_person(arabic: str, spellings: Spellings | None = None) -> str:
    """A person's name no gazetteer holds: given names from the lexicon in their English spelling,
    the rest romanised (with `spellings` learned from the gazetteer, by default all of it)."""
    lex = _person_lexicon()
    parts = []
    for index, word in enumerate(name_words(arabic)):
        latin = lex.given.get(normalize(word)) or romanise(word, spellings)
        if index and latin.startswith("Al-"):
            latin = "al-" + latin[3:]  # the article is lower-case inside a name (Medhat al-Zahed)
        parts.append(latin)
    return " ".join(parts)


def _settle_people(candidates: list[Candidate], people: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """A longer name read by pattern around a known person's words: the same person when one of their
    spellings starts like it (محمد جواد ظريف for ظريف), the mention growing to the whole name; else a
    different person (حسن أبو هنية is not Ismail Haniyeh), and the gazetteer reading is dropped."""
    out: list[Candidate] = []
    for cand in candidates:
        inside = [p for p in people if p.start < cand.end and cand.start < p.end]
        if cand.type != "PER" or cand.source != "gazetteer" or not inside:
            out.append(cand)
            continue
        longer = inside[0]
        first_word = normalize(longer.text.split()[0])
        spellings = gaz.people.get(cand.name_en or "", ())
        if any(s.split()[0] == first_word for s in spellings if len(s.split()) > 1):
            cand.start, cand.end, cand.text = longer.start, longer.end, longer.text
            cand.token_start, cand.token_end = longer.token_start, longer.token_end
            people.remove(longer)
            out.append(cand)
    return out


def _titled_name_candidates(text: str, tokens: list[Token], matches: list[Match], taken: SpanSet,
                            gaz: Gazetteer) -> list[Candidate]:
    """A name no list knows, right after a person's title and its qualifiers (المحامي والمستشار القانوني
    نزيه موسى): two or three words the NER training text never used as ordinary words."""
    from khabar.extract.ner_crf import default_tagger
    from khabar.extract.ner_features import canon, strip_clitics

    resources = default_tagger().extractor.resources
    lex = _person_lexicon()
    roles = {m.token_end: m for m in matches if ROLE in m.kinds()}
    role_token = {k for m in matches if ROLE in m.kinds() for k in range(m.token_start, m.token_end)}
    # a body the title belongs to (الأمين العام لحلف الأطلسي ينس ...): passed over like the title's adjectives
    body_tokens = {k for m in matches if ORG in m.kinds() for k in range(m.token_start, m.token_end)}
    role_end_at = {m.token_start: m.token_end for m in matches if ROLE in m.kinds()}
    cue_tokens = {k for m in matches if m.kinds() & {ROLE, TRIGGER, ADJECTIVE, COUNTRY, PLACE, SEAT}
                  for k in range(m.token_start, m.token_end)}

    def name_like(k: int, first: bool = True) -> bool:
        word = _norm(tokens[k].text)
        if k in cue_tokens or word in lex.stops or word in lex.joiners or not _name_like(tokens[k]) or len(word) < 3:
            return False
        if len(word) >= 5 and word[0] == "م" and word.endswith("ا"):
            return False  # an adverbial participle after the name (متحدثا، مضيفا)
        if word.startswith(("لل", "بال", "وال", "فال", "كال")):
            return False  # a preposition or conjunction before an article: no name word
        if not first and word.startswith("ال") and word.endswith("ي") and len(word) > 4:
            return True  # a family name of the nisba kind closes the name (اللواء مستور الحارثي)
        types = resources.token_types.get(canon(word))
        if types:
            # inside a name, a word the training text also used as a name now and then (عقلا خلف العنزي)
            return "PERS" in types.split(":")[0] and (not first or not types.endswith(":lo"))
        return resources.word_counts.get(strip_clitics(word), 0) <= 2

    def joined(a: int, b: int) -> bool:
        gap = text[tokens[a].end : tokens[b].start]
        return not gap.strip() and "\n" not in gap

    out: list[Candidate] = []
    for end_of_title in sorted(roles):
        k = end_of_title
        # more titles and their adjectives (والمستشار القانوني، الخبير الأمني الدكتور)
        while k < len(tokens) and k - end_of_title < 3 and joined(k - 1, k) and (
                k in role_end_at or k in cue_tokens or k in body_tokens or _norm(tokens[k].text) in lex.rank_qualifiers
                or (_norm(tokens[k].text).startswith("ال")
                                                   and _norm(tokens[k].text).endswith("ي"))):
            k = max(k + 1, role_end_at.get(k, k + 1))
        if k < len(tokens) and k - 1 not in role_token and any(
                stem in province_heads() for stem, _c in clitic_readings(_norm(tokens[k - 1].text))):
            k += 1  # حاكم ولاية لوغار حليم فداي: the province first, then the name (but اللواء is a rank here)
        start = k
        if start >= len(tokens) or _norm(tokens[start].text).startswith("ال") or not joined(start - 1, start):
            continue
        end = start
        while end < len(tokens) and end - start < 3 and (end == start or joined(end - 1, end)) and \
                name_like(end, first=end == start):
            end += 1
            if _norm(tokens[end - 1].text).startswith("ال"):
                break  # a family name with ال ends the name
        if end - start < 2 or taken.overlaps(tokens[start].start, tokens[end - 1].end):
            continue
        surface = text[tokens[start].start : tokens[end - 1].end]
        out.append(Candidate(tokens[start].start, tokens[end - 1].end, surface, start, end,
                             ("PER", " ".join(normalize(surface).split())), "PER", None, romanise_person(surface),
                             None, None, "pattern"))
        taken.append((tokens[start].start, tokens[end - 1].end))
    return out


def _drop_homonym_surnames(candidates: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """A known person's bare family name (الغبان for Mohammed al-Ghabban) in an article that names
    someone else with it (المقدم خالد الغبان ... وأوضح المقدم الغبان) is that other person: the gazetteer
    reading is dropped, and the surname mentions join the article's own full name."""
    full_names = [normalize(c.text).split() for c in candidates if c.type == "PER" and len(c.text.split()) > 1]
    out: list[Candidate] = []
    for cand in candidates:
        words = normalize(cand.text).split()
        if cand.type == "PER" and cand.source == "gazetteer" and len(words) == 1:
            known_first = {s.split()[0] for s in gaz.people.get(cand.name_en or "", ()) if len(s.split()) > 1}
            if any(name[-1] == words[0] and name[0] not in known_first for name in full_names):
                continue
        out.append(cand)
    return out


def _drop_named_facilities(text: str, tokens: list[Token], candidates: list[Candidate]) -> list[Candidate]:
    """A person's name right after مستشفى، مطار، جامعة ... names the facility, not the person; so does one
    after such a noun and a title (مدينة الملك سعود الطبية، جامعة الأمير سلطان)."""
    lex = _person_lexicon()
    out = []
    for cand in candidates:
        if cand.type == "PER" and cand.token_start > 0:
            k, after = cand.token_start - 1, cand.start
            # past up to two titles written with ال (الملك، الأمير، الشيخ) that the name does not include
            while k > 0 and cand.token_start - k <= 2 and not text[tokens[k].end : after].strip() \
                    and _norm(tokens[k].text).startswith("ال") and _norm(tokens[k].text) in lex.stops:
                after = tokens[k].start
                k -= 1
            before = tokens[k]
            gap = text[before.end : after]
            if not gap.strip() and any(stem in lex.facilities for stem, _ in clitic_readings(_norm(before.text))):
                continue
        out.append(cand)
    return out


def _surname_mentions(text: str, tokens: list[Token], candidates: list[Candidate],
                      norms: list[str] | None = None) -> list[Candidate]:
    """Later mentions of a person by the last word of their name alone (الزاهد after مدحت الزاهد)."""
    lex = _person_lexicon()
    people = [c for c in candidates if c.type == "PER" and len(c.text.split()) > 1 and c.source != "gazetteer"]
    if not people:
        return []
    gaz = load_gazetteer()
    local = Gazetteer()
    for person in people:
        words = [normalize(w) for w in person.text.split()]
        last = words[-1]
        if len(words) > 1 and words[-2] in lex.joiners and words[-2] != "ال":
            continue  # محمد بن نايف: نايف is the father's name, not a surname
        if len(words) > 2 and last.startswith("ال"):
            continue  # a third word with ال may be a description (المصنف): not sought alone
        if len(last) < 3 or last in lex.stops or last in lex.joiners or last in lex.given or last in lex.not_surnames:
            continue
        if last in gaz.blocked or any(e.kind != PERSON for e in gaz.lookup(last)):
            continue  # الخميس is Thursday before it is anyone's surname (another person's is this one's here)
        local.add(last, Entry("surname", person.key[1], last, "PER"))
    taken = SpanSet((c.start, c.end) for c in candidates)
    out: list[Candidate] = []
    keys = {p.key[1]: p for p in people}
    for match in local.match_tokens(text, tokens, norms=norms):
        if taken.overlaps(match.start, match.end):
            continue
        owners = {e.name_en for e in match.entries}
        if len(owners) != 1:
            continue  # two people share the surname: leave it
        person = keys[owners.pop()]
        out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end, person.key,
                             "PER", None, person.name_en, None, None, "surname"))
    return out



# The CRF's two-pass document tagging (tag_sentences) scores 70.55 entity F1 on ANERcorp test against
# 68.65 for each sentence alone (tag_each, the first-pass model), at a little over twice the tagging
# cost: an estimated 4 ms more per SaudiNewsNet article, about a quarter off a corpus ingest's rate.
# The entity layer already carries a name found once to all its occurrences, so the cheaper single
# pass is the default.
_CRF_TWO_PASS = False


@lru_cache(maxsize=1)
def _crf_tagger():
    """A function tagging a document's sentences (lists of words) with IOB2 tags, from the CRF tagger
    (khabar.extract.ner_crf), whose model ships in the package."""
    from khabar.extract import ner_crf

    return ner_crf.tag_sentences if _CRF_TWO_PASS else ner_crf.tag_each


def _not_name_word(token: Token, gaz: Gazetteer, stops: frozenset[str]) -> bool:
    """A role title, a country adjective or a function word: never the edge of a name."""
    word = _norm(token.text)
    if any(reading in stops for reading, _ in clitic_readings(word)):
        return True  # ووفق is و + وفق ("according to")
    return any(e.kind in (ROLE, ADJECTIVE, TRIGGER) for e in gaz.lookup(token.text))


def _name_token(token: Token) -> bool:
    """Inside a name: letters (any script) or digits, not punctuation."""
    return any(ch.isalpha() for ch in token.text)


def _strip_article_clitic(word: str) -> int:
    """Characters of a leading و/ف/ب/ل/ك before an article ال: 'بالحوثيين' → 1, 'وبالجيش' → 2. A word with لل
    keeps its clitic, since the mention must be a substring of the text and 'لجيش' would not be a name."""
    norm = normalize(word)
    for size in (2, 1):
        head, rest = norm[:size], norm[size:]
        if all(ch in "وفبلك" for ch in head) and rest.startswith("ال") and len(rest) > 3:
            return size
    return 0


def _crf_candidates(doc: Document, tokens: list[Token], taken: SpanSet, gaz: Gazetteer,
                    surnames: set[str] = frozenset()) -> list[Candidate]:  # type: ignore[assignment]
    """Names the CRF finds where the gazetteers found nothing; each name is then sought everywhere in the document.
    A span that opens with the family name of a person already found (وأبوت مؤيد قوي) is that person
    again, left to the surname mentions, not a new name."""
    if not tokens:
        return []
    tag_sentences = _crf_tagger()
    spans: list[tuple[int, int, str]] = []  # token range and type
    sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
    ranges: list[tuple[int, int]] = []
    position = 0
    for s_start, s_end in sentences:
        while position < len(tokens) and tokens[position].start < s_start:
            position += 1
        first = position
        while position < len(tokens) and tokens[position].end <= s_end:
            position += 1
        if position > first:
            ranges.append((first, position))
    tagged = tag_sentences([[t.text for t in tokens[a:b]] for a, b in ranges])
    for (first, _end), tags in zip(ranges, tagged, strict=False):
        current: list[int] | None = None
        for offset, tag in enumerate(tags):
            index = first + offset
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[2] != tag[2:])):
                if current:
                    spans.append((current[0], current[1], current[2]))
                current = [index, index + 1, tag[2:]]  # type: ignore[list-item]
            elif tag.startswith("I-") and current:
                current[1] = index + 1
            else:
                if current:
                    spans.append((current[0], current[1], current[2]))
                current = None
        if current:
            spans.append((current[0], current[1], current[2]))
    out: list[Candidate] = []
    names: dict[str, str] = {}
    text = doc.text
    stops = _person_lexicon().stops
    for t_start, t_end, label in spans:
        kind = _CRF_TYPES.get(str(label))
        if kind is None:
            continue
        # titles, function words and punctuation at the edges are not part of the name
        while t_start < t_end and (_is_break(tokens[t_start]) or _not_name_word(tokens[t_start], gaz, stops)):
            t_start += 1
        while t_end > t_start and (_is_break(tokens[t_end - 1]) or _not_name_word(tokens[t_end - 1], gaz, stops)):
            t_end -= 1
        if kind == "PER" and t_end - t_start > 2 and t_start > 0 and any(
                stem in province_heads() for stem, _clitic in clitic_readings(_norm(tokens[t_start - 1].text))):
            t_start += 1  # حاكم ولاية لوغار حليم فداي: the word after ولاية is the province, the name follows
        if t_start >= t_end or any(not _name_token(t) for t in tokens[t_start:t_end]):
            continue
        letter_names = _person_lexicon().letters
        if sum(1 for t in tokens[t_start:t_end] if len(t.text) <= 2 or _norm(t.text) in letter_names) >= 2:
            continue  # spelled-out letters (بي يو كاي، ام اتش): a code or acronym, not a name we can type
        start = tokens[t_start].start + _strip_article_clitic(tokens[t_start].text)
        end = tokens[t_end - 1].end
        if taken.overlaps(start, end):
            continue
        opening = _norm(tokens[t_start].text)
        if kind == "PER" and t_end - t_start > 1 and (opening in surnames or (
                opening[:1] == "و" and opening[1:] in surnames)):
            continue
        surface = text[start:end]
        norm = " ".join(normalize(surface).split())
        if len(norm.replace(" ", "")) < 3 or gaz.lookup(surface) or norm in gaz.blocked:
            continue  # a gazetteer word (role, adjective, blocked word) is not a new name
        names.setdefault(norm, kind)
    if not names:
        return []
    # doc-level consistency: a name tagged once is the same name wherever it recurs
    local = Gazetteer()
    for norm, kind in names.items():
        local.add(norm, Entry("crf", "", norm, kind))
    for match in local.match_tokens(text, tokens, norms=doc.token_norms if tokens is doc.tokens else None):
        if taken.overlaps(match.start, match.end):
            continue
        kind = match.entries[0].type
        out.append(Candidate(match.start, match.end, match.text, match.token_start, match.token_end,
                             (kind, " ".join(normalize(match.text).split())), kind, None, None, None, None, "crf"))
    return out


def _mention_words() -> Callable[[str], tuple[str, ...]]:
    """The normalised words of a mention text, each text normalised once per merge (merging compares
    every mention with every other, so normalising inside the comparison made long inputs slow)."""
    cache: dict[str, tuple[str, ...]] = {}

    def words(text: str) -> tuple[str, ...]:
        found = cache.get(text)
        if found is None:
            found = cache[text] = tuple(normalize(text).split())
        return found

    return words


def _merge(candidates: list[Candidate]) -> list[_Draft]:
    """Group mentions into entities: same gazetteer record, same normalised name, or a surname of a full name."""
    drafts: dict[tuple[str, ...], _Draft] = {}
    for cand in candidates:
        # one English name is one entity, whichever list or pattern found it (النظام السوري، قوات النظام)
        if cand.name_en and cand.source in ("gazetteer", "trigger"):
            cand.key = (cand.type, cand.name_en.casefold())
    for cand in sorted(candidates, key=lambda c: c.start):
        drafts.setdefault(cand.key, _Draft(cand.key, cand.type)).mentions.append(cand)
    # a one-word person (CRF) joins the person whose name ends with that word (غيراسيموف → فاليري غيراسيموف)
    people = [d for d in drafts.values() if d.type == "PER"]
    words_of = _mention_words()
    for draft in people:
        words = words_of(draft.first.text)
        if len(words) != 1 or draft.first.source != "crf":
            continue
        for other in people:
            if other is draft or other.key not in drafts:
                continue
            if any(len(ws) > 1 and ws[-1] == words[0] for ws in map(words_of, (m.text for m in other.mentions))):
                other.mentions.extend(draft.mentions)
                other.mentions.sort(key=lambda c: c.start)
                drafts.pop(draft.key, None)
                break
    # a CRF name that begins a longer name of the same type joins it (البنك الأهلي → البنك الأهلي الكويتي)
    proper_prefixes: dict[int, set[tuple[str, ...]]] = {}

    def prefixes_of(mentions: list[Candidate]) -> set[tuple[str, ...]]:
        return {ws[:k] for ws in map(words_of, (m.text for m in mentions)) for k in range(len(ws))}

    given = _person_lexicon().given
    for draft in [d for d in drafts.values() if all(m.source == "crf" for m in d.mentions)]:
        words = words_of(draft.first.text)
        if draft.type == "PER" and len(words) == 1 and words[0] in given and sum(
                1 for o in drafts.values() if o is not draft and o.type == "PER"
                and any(words_of(m.text)[:1] == words for m in o.mentions)) > 1:
            continue  # محمد alone, with محمد بن نايف and محمد بن سلمان both named: neither of them
        for other in drafts.values():
            if other is draft or other.type != draft.type or other.key not in drafts:
                continue
            known = proper_prefixes.get(id(other))
            if known is None:
                known = proper_prefixes[id(other)] = prefixes_of(other.mentions)
            if words in known:
                other.mentions = sorted(other.mentions + draft.mentions, key=lambda c: c.start)
                known.update(prefixes_of(draft.mentions))
                drafts.pop(draft.key, None)
                break
    # A one-word CRF name that joined nobody is dropped: on news text such guesses are mostly common words
    # (بندا "a clause", الريف "the countryside", أسماء "names"), while the gazetteers and patterns already
    # read the one-word names that matter. Longer CRF names stay.
    for key in [k for k, d in drafts.items() if all(m.source == "crf" for m in d.mentions)
                and len(d.first.text.split()) < 2]:
        drafts.pop(key)
    return sorted(drafts.values(), key=lambda d: d.first.start)


def _role_before(text: str, tokens: list[Token], roles: list[Match], cues: list[Match], cand: Candidate,
                 gazetteer_orgs: list[Candidate]) -> tuple[str | None, Entry | None, str | None, int]:
    """The title written before a person's name (وقال رئيس هيئة الأركان العامة الروسية ...): its text, the
    role entry, and the ISO3 of the state it names (an adjective, a country, or an organisation of a state)."""
    best: Match | None = None
    for role in roles:
        if role.token_end > cand.token_start:
            break
        if cand.token_start - role.token_start <= _ROLE_WINDOW:
            best = role
    if best is None:
        return None, None, None, -1
    between = tokens[best.token_end : cand.token_start]
    if any(_is_break(t) for t in between) or "\n" in text[best.start : cand.start]:
        return None, None, None, -1
    role_text = text[best.start : cand.start].strip(" ،,")
    iso3 = _role_country(cues, gazetteer_orgs, best.token_start, cand.token_start)
    return role_text or None, best.first(ROLE), iso3, best.start


def _role_country(cues: list[Match], gazetteer_orgs: list[Candidate], first: int, end: int) -> str | None:
    """The state a role phrase (tokens first..end) names: a country adjective, country or seat in it
    (رئيس الأركان الروسي), else an organisation of a known state (المتحدث باسم الجيش الإسرائيلي)."""
    for cue in cues:
        if first <= cue.token_start and cue.token_end <= end:
            entry = cue.first(ADJECTIVE, COUNTRY, SEAT)
            if entry and entry.iso3:
                return entry.iso3
    for org in gazetteer_orgs:
        if first <= org.token_start and org.token_end <= end and org.iso3:
            return org.iso3
    return None


def _role_after(text: str, tokens: list[Token], roles: list[Match], cues: list[Match], cand: Candidate,
                gazetteer_orgs: list[Candidate]) -> tuple[str | None, Entry | None, str | None, int]:
    """A title in apposition after the name (زيلينسكي، الرئيس الأوكراني، ...): the words from the title to the
    next punctuation, at most _ROLE_WINDOW words, with the state they name."""
    k = cand.token_end
    if k + 1 >= len(tokens) or tokens[k].text not in ("،", ","):
        return None, None, None, -1
    role = next((r for r in roles if r.token_start == k + 1), None)
    if role is None:
        return None, None, None, -1
    end = role.token_end
    while end < len(tokens) and end - role.token_start < _ROLE_WINDOW and not _is_break(tokens[end]) \
            and "\n" not in text[tokens[end - 1].end : tokens[end].start]:
        end += 1
    if end < len(tokens) and not _is_break(tokens[end]):
        return None, None, None, -1  # the phrase runs on: a clause, not an apposition
    role_end = tokens[end - 1].end
    iso3 = _role_country(cues, gazetteer_orgs, role.token_start, end)
    return text[role.start : role_end], role.first(ROLE), iso3, role.start


def add_entities(doc: Document) -> Document:
    """Fill `doc.entities`: ids E1..En in order of first mention."""
    text = doc.text or ""
    if not text.strip():
        doc.entities = []
        return doc
    gaz = load_gazetteer()
    tokens = doc.tokens
    matches = gaz.match_tokens(text, tokens, norms=doc.token_norms)
    candidates = _gazetteer_candidates(text, tokens, matches)
    _extend_people(text, tokens, candidates, gaz)
    inner = _bodies_inside_titles(text, tokens, matches, gaz)
    candidates = [c for c in candidates if c.type == "PER" or not any(i.start < c.end and c.start < i.end for i in inner)]
    candidates += [i for i in inner if not any(c.start < i.end and i.start < c.end for c in candidates)]
    patterns = _head_pattern_candidates(text, tokens, candidates)
    # a group's name wins over the places and adjectives inside it (حركة أحرار الشام)
    candidates = [c for c in candidates if not any(p.start < c.end and c.start < p.end for p in patterns)]
    candidates += patterns
    blocked_spans = [(c.start, c.end) for c in candidates]
    joiners = _person_lexicon().joiners
    blocked_spans += [(m.start, m.end) for m in matches if m.kinds() & {ROLE, ADJECTIVE, TRIGGER, COUNTRY, PLACE, SEAT}
                      and not (m.kinds() == {ROLE} and normalize(m.text) in joiners)]
    # a place after a head noun (حيي الميدان وسليمان الحلبي) is read before person names
    candidates += _place_head_candidates(text, tokens, blocked_spans)
    known_people = [c for c in candidates if c.type == "PER" and c.source == "gazetteer"]
    # a nisba that is also a demonym may end a name it does not open (عبدالله التركي، محمد المصري)
    nisbas = [(m.start, m.end) for m in matches if m.kinds() == {ADJECTIVE} and len(m.text.split()) == 1
              and normalize(m.text).startswith("ال")]
    titled = {m.token_end for m in matches if ROLE in m.kinds()}  # token right after a title (المقدم خالد)
    people = _person_pattern_candidates(text, tokens, blocked_spans + [(c.start, c.end) for c in candidates],
                                        [(c.start, c.end) for c in known_people] + nisbas, titled)
    candidates = _settle_people(candidates, people, gaz) + people
    candidates += _titled_name_candidates(text, tokens, matches, SpanSet((c.start, c.end) for c in candidates), gaz)
    candidates = _drop_named_facilities(text, tokens, candidates)
    taken = SpanSet((c.start, c.end) for c in candidates)
    for m in matches:
        if m.kinds() & {ROLE, ADJECTIVE, TRIGGER}:
            taken.append((m.start, m.end))
    surnames = {normalize(c.text).split()[-1] for c in candidates if c.type == "PER" and len(c.text.split()) > 1}
    candidates += _crf_candidates(doc, tokens, taken, gaz, surnames)
    candidates = _drop_homonym_surnames(candidates, gaz)
    candidates += _surname_mentions(text, tokens, candidates, doc.token_norms)
    drafts = _merge(candidates)

    roles = [m for m in matches if ROLE in m.kinds()]
    cues = [m for m in matches if m.kinds() & {ADJECTIVE, COUNTRY, SEAT}]
    org_candidates = [c for c in candidates if c.type == "ORG"]

    entities: list[Entity] = []
    country_entity: dict[str, str] = {}
    for number, draft in enumerate(drafts, start=1):
        first = draft.first
        fullest = max(draft.mentions, key=lambda c: (not _has_lil(c.text), len(c.text.split()), len(" ".join(c.text.split()))))
        name_ar = " ".join(_without_lil(fullest.text).split())
        name = first.name_en or romanise(name_ar)
        entity = Entity(
            id=f"E{number}", name=name, name_ar=name_ar, type=draft.type,
            wikidata=first.entry.wikidata if first.entry else None,
            mentions=[Mention(c.text, c.start, c.end) for c in draft.mentions],
            country=first.iso3, sector=first.sector,
            confidence=1.0 if first.source != "crf" else 0.7,
        )
        if first.entry and first.entry.kind == COUNTRY and first.iso3:
            country_entity.setdefault(first.iso3, entity.id)
        entities.append(entity)

    names_by_iso3 = _country_names()

    def state_ref(iso3: str | None) -> str | None:
        if not iso3:
            return None
        return country_entity.get(iso3) or names_by_iso3.get(iso3, iso3)

    for entity, draft in zip(entities, drafts, strict=True):
        first = draft.first
        if first.stands_for:
            entity.actor = state_ref(first.stands_for)
        if first.source == "trigger" or (first.entry and first.entry.kind == ORG):
            entity.affiliation = state_ref(first.iso3)
        if draft.type != "PER":
            continue
        body: Entity | None = None
        readings = [_role_before(text, tokens, roles, cues, cand, org_candidates) for cand in draft.mentions]
        if not any(r[0] for r in readings):
            readings = [_role_after(text, tokens, roles, cues, cand, org_candidates) for cand in draft.mentions]
        for role_text, role_entry, iso3, role_start in readings:
            if role_text:
                entity.role = role_text
                if role_entry and role_entry.sector and not entity.sector:
                    entity.sector = role_entry.sector
                entity.country = iso3 or entity.country
                # رئيس حزب الوفد X: the body the title names, when no state is named
                role_end = role_start + len(role_text)
                body = next((e for e in entities if e.type == "ORG" and any(
                    role_start <= m.start and m.end <= role_end for m in e.mentions)), None)
                break
        if body is not None and (body.sector or "") not in _STATE_SECTORS:
            # a party, group, company or agency: the person belongs to it (PLOVER: its country and sector)
            entity.affiliation = body.id
            entity.country = entity.country or body.country
            entity.sector = body.sector or entity.sector
        else:
            entity.affiliation = state_ref(entity.country)
    doc.entities = entities
    return doc


def _has_lil(text: str) -> bool:
    """A mention that keeps its لل (للقوات النظامية): the text cannot drop ل and keep ال."""
    return normalize(text).startswith("لل") and len(text) > 4


def _without_lil(text: str) -> str:
    """The name as written without the preposition: للقوات النظامية → القوات النظامية."""
    if _has_lil(text):
        return "ا" + text[1:]
    return text


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO3 → English country name, from the countries gazetteer."""
    out: dict[str, str] = {}
    for entries in load_gazetteer().index.values():
        for group in entries.values():
            for entry in group:
                if entry.kind == COUNTRY and entry.iso3:
                    out.setdefault(entry.iso3, entry.name_en)
    return out

__all__ = ["add_entities", "romanise_person"]
