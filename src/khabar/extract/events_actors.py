"""Actor and place mentions of one sentence for event coding: the entity layer's mentions (metonyms
through their actor), plus agent phrases (قوات النظام، القوات الأوكرانية، صاروخ إسرائيلي) with their PLOVER
country and sector codes; country adjectives and names come from the entity area's gazetteers."""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass
from functools import lru_cache

from khabar.data import data_path
from khabar.document import Document, Entity, Mention
from khabar.extract import entity_lookup
from khabar.extract.events_lexicon import cue, load_sector_heads
from khabar.text.normalize import normalize
from khabar.text.segment import Token, clitic_variants

# Prepositions that put a noun phrase out of subject position (على X = target, في X = place),
# and those after which a place is where something happened (cues.tsv).
PREPOSITIONS = cue("prepositions")
PLACE_PREPOSITIONS = cue("place_prepositions")


@dataclass(slots=True)
class ActorMention:
    """A noun phrase that can fill an event role, with what is known of the actor behind it."""

    first: int  # token indices into the sentence's token list, inclusive
    last: int
    name: str | None
    entity_id: str | None = None
    country: str | None = None
    sector: str | None = None
    is_place: bool = False  # a city/region/site: a candidate location
    is_country: bool = False
    place_country: str | None = None  # the country a place lies in
    prep: str | None = None  # a preposition or prepositional clitic before the phrase
    from_entity: bool = False
    place_name: str | None = None  # the place itself (Kyiv), where `name` is who acts for it (Ukraine)
    place_id: str | None = None

    @property
    def code(self) -> str | None:
        if not self.country:
            return None
        return f"{self.country} {self.sector}" if self.sector else self.country

    @property
    def key(self) -> str:
        """What makes two mentions the same actor when merging events."""
        return self.entity_id or self.country or normalize(self.name or "")


def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Spellings (word tuples) -> (English name, ISO3, kind) and adjective -> ISO3."""

    names: dict[tuple[str, ...], tuple[str, str, str]]
    adjectives: dict[str, str]
    country_names: dict[str, str]  # ISO3 -> English name
    max_len: int


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Country names and adjectives from the entity area's gazetteer (src/khabar/data/gazetteers/
    countries.tsv, read only): adjectives give an agent phrase its country (القوات الأوكرانية)."""
    names: dict[tuple[str, ...], tuple[str, str, str]] = {}
    adjectives: dict[str, str] = {}
    country_names: dict[str, str] = {}
    try:
        for row in _rows(data_path("gazetteers") / "countries.tsv"):
            iso3, name_en = row.get("iso3") or "", row.get("name_en") or ""
            country_names[iso3] = name_en
            for spelling in (row.get("names") or "").split("|"):
                if spelling:
                    names.setdefault(tuple(normalize(spelling).split()), (name_en, iso3, "country"))
            for adj in (row.get("adjectives") or "").split("|"):
                if adj:
                    adjectives.setdefault(normalize(adj), iso3)
    except (OSError, KeyError):  # the gazetteer belongs to another area; work without it
        pass
    max_len = max((len(k) for k in names), default=1)
    return Gazetteer(names, adjectives, country_names, max_len)


def country_name(iso3: str | None) -> str | None:
    return gazetteer().country_names.get(iso3 or "") or None


def _token_index(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    idx = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
    return (idx[0], idx[-1]) if idx else None


def _prep_before(tokens: list[Token], words: list[str], first: int, surface_clitic: str | None) -> str | None:
    if surface_clitic:
        return surface_clitic
    j = first - 1
    while j >= 0 and words[j] in ("،", ",", "«", '"', "("):
        j -= 1
    if j >= 0:
        for variant in clitic_variants(words[j]):
            if variant in PREPOSITIONS:
                return variant
        if words[j] == "قبل" and j >= 1 and words[j - 1] in ("من", "ومن"):
            return "من قبل"
    return None


def _clitic_of(token_text: str, matched: str) -> str | None:
    """The prepositional clitic a word carries when its matched reading dropped one
    (بالقوات → ب، للجيش → ل، وبغداد → None)."""
    word = normalize(token_text)
    core = matched[2:] if matched.startswith("ال") else matched
    if not core or word == matched or not word.endswith(core):
        return None
    prefix = word[: len(word) - len(core)]
    if prefix.endswith("ال"):
        prefix = prefix[:-2]
    if prefix.endswith("لل"):
        prefix = prefix[:-1]
    prefix = prefix[1:] if prefix[:1] in ("و", "ف") else prefix
    return prefix if prefix in ("ب", "ل", "ك") else None


def _entity_actor(doc: Document, ent: Entity) -> tuple[Entity, str | None, str | None]:
    """The entity that acts for `ent` (metonymy: موسكو → Russia) and its country and sector."""
    acting = entity_lookup.actor_of(doc, ent) or ent
    country = acting.country or ent.country or entity_lookup.country_code(doc, ent)
    return acting, country, acting.sector or ent.sector


def entity_spans(doc: Document) -> list[tuple[int, int, Entity, Mention]]:
    """Every entity mention of the document, in text order (built once per document)."""
    return sorted(((m.start, m.end, ent, m) for ent in doc.entities for m in ent.mentions), key=lambda s: s[:2])


def sentence_mentions(doc: Document, tokens: list[Token], words: list[str], trigger_tokens: set[int],
                      spans: list[tuple[int, int, Entity, Mention]] | None = None,
                      places_only: bool = False) -> list[ActorMention]:
    """Actor and place mentions in one sentence's tokens (sorted, non-overlapping)."""
    mentions: list[ActorMention] = []
    covered: set[int] = set()
    gaz = gazetteer()
    if doc.entities:
        lo, hi = tokens[0].start, tokens[-1].end
        if spans is None:
            spans = entity_spans(doc)
        # mentions are sorted by start; one that began a little before the sentence may reach into it
        first = bisect.bisect_left(spans, lo - 300, key=lambda s: s[0])
        for start, end, ent, men in spans[first:]:
            if start >= hi:
                break
            if end <= lo:
                continue
            span = _token_index(tokens, men.start, men.end)
            if span is None or covered & set(range(span[0], span[1] + 1)):
                continue
            acting, country, sector = _entity_actor(doc, ent)
            surface_clitic = _clitic_of(tokens[span[0]].text, normalize(men.text.split()[0])) if men.text else None
            first_word = normalize(men.text.split()[0]) if men.text else ""
            if first_word.startswith(("لل", "بال", "كال", "ولل", "وبال", "فبال", "فلل")):
                surface_clitic = "ل" if "لل" in first_word[:3] else first_word.lstrip("وف")[0]  # للجيش → ل
            is_country = ent.type == "LOC" and bool(ent.country) and acting is ent and _is_country_name(men.text)
            # the Iranians (الإيرانيين) act for Iran: a demonym is an actor, not a place
            demonym = ent.type == "LOC" and normalize(men.text.split()[-1]) in gaz.adjectives if men.text else False
            mentions.append(ActorMention(
                span[0], span[1], acting.name, acting.id, country, sector,
                is_place=ent.type == "LOC" and not is_country and not demonym, is_country=is_country,
                place_country=ent.country if ent.type == "LOC" else None,
                prep=_prep_before(tokens, words, span[0], surface_clitic), from_entity=True,
                place_name=ent.name if ent.type == "LOC" else None, place_id=ent.id if ent.type == "LOC" else None,
            ))
            covered |= set(range(span[0], span[1] + 1))
    if not places_only:
        mentions += _agent_phrases(tokens, words, covered, trigger_tokens, mentions)
    mentions.sort(key=lambda m: m.first)
    return mentions


def _is_country_name(text: str) -> bool:
    return tuple(normalize(text).split()) in gazetteer().names and gazetteer().names[
        tuple(normalize(text).split())][2] == "country"


_POSSESSIVE = ("ها", "هم", "ه")
_COUNTS = cue("counts")
# بلاده، بلادها: "his/her country" stands for the country of the actor named before it
_HOMELAND = cue("homeland")


def _agent_phrases(tokens: list[Token], words: list[str], covered: set[int], trigger_tokens: set[int],
                   named: list[ActorMention]) -> list[ActorMention]:
    """Phrases headed by an agent word (قوات، الجيش، المعارضة ...) extended over the definite
    words that follow (adjectives, genitives): their sector, and a country from an adjective
    (القوات الأوكرانية → UKR) or from a named actor inside (قوات النظام السوري)."""
    heads = load_sector_heads()
    gaz = gazetteer()
    by_first = {m.first: m for m in named}
    out: list[ActorMention] = []
    i = 0
    while i < len(words):
        if i in covered or i in trigger_tokens:
            i += 1
            continue
        head = None
        clitic_used = None
        for variant in clitic_variants(words[i]):
            if variant in heads:
                head = heads[variant]
                clitic_used = variant
                break
        if head is None:
            # possessive heads: قواتها، جيشه → inherit the country of an earlier actor
            for suffix in _POSSESSIVE:
                stem = words[i][: -len(suffix)] if words[i].endswith(suffix) else None
                if stem and stem in heads and heads[stem].sector == "MIL":
                    head = heads[stem]
                    clitic_used = words[i]
                    break
        if head is None and words[i] in _HOMELAND:
            out.append(ActorMention(i, i, None, None, None, "GOV", prep=_prep_before(tokens, words, i, None),
                                    place_name="homeland"))
            covered.add(i)
            i += 1
            continue
        if (head is None and i + 1 < len(words) and words[i + 1] in gaz.adjectives and words[i][:1].isalpha()
                and words[i] not in PREPOSITIONS and (i + 1) not in covered and (i + 1) not in trigger_tokens
                and words[i] not in gaz.adjectives):
            # any noun with a nationality (صاروخ إسرائيلي، أطباء أميركيين) acts for that country
            iso3 = gaz.adjectives[words[i + 1]]
            out.append(ActorMention(i, i + 1, country_name(iso3) or iso3, None, iso3, None,
                                    prep=_prep_before(tokens, words, i, _clitic_of(tokens[i].text, words[i]))))
            covered |= {i, i + 1}
            i += 2
            continue
        if head is None:
            # a people named by its plural demonym (الإيرانيين، الروس) acts for its country
            word = words[i]
            iso3 = gaz.adjectives.get(word) or (gaz.adjectives.get(word[:-1]) if word.endswith("يا") else None)
            # الإيرانيين، فلسطينيين، 13 عراقيا: a people named by a plural (or counted) demonym
            if iso3 and (word.endswith(("يين", "يون")) or word in ("الروس", "الاكراد")
                         or (word.endswith("يا") and i > 0 and (words[i - 1][:1].isdigit() or words[i - 1] in _COUNTS))):
                out.append(ActorMention(i, i, country_name(iso3) or tokens[i].text, None, iso3, None,
                                        prep=_prep_before(tokens, words, i, None)))
                covered.add(i)
            i += 1
            continue
        last = i + len(head.forms) - 1
        if tuple(words[i : last + 1])[1:] != head.forms[1:]:
            last = i
        country = None
        inner: ActorMention | None = None
        j = last + 1
        while j < len(words) and j - last <= 4 and j not in trigger_tokens:
            if j in by_first and by_first[j].prep is None:
                inner = by_first[j]
                j = inner.last + 1
                break
            word = words[j]
            if j + 1 < len(words) and words[j + 1] in gaz.adjectives and word[:1].isalpha() and word not in PREPOSITIONS:
                j += 1  # طائرات حربية روسية: an adjective of kind before the country
                continue
            if word in gaz.adjectives:
                if country is not None:
                    break  # a second nationality starts another phrase
                country = gaz.adjectives[word]
                j += 1
                continue
            # after the nationality a new definite noun starts another phrase (الرئيس اليمني | الدعم السعودي)
            if word.startswith("ال") and word not in PREPOSITIONS and not (covered & {j}) and country is None:
                j += 1
                continue
            break
        end = j - 1
        if inner is not None:
            end = inner.last
        # the name leaves out the clitics the head carried (ومسؤولين → مسؤولين، بالقوات → القوات)
        first = tokens[i].text
        prefix = words[i][: len(words[i]) - len(clitic_used)] if clitic_used and words[i].endswith(clitic_used) else ""
        if prefix and len(prefix) <= 3 and normalize(first[: len(prefix)]) == prefix:
            first = first[len(prefix):]
        name = " ".join([first, *[t.text for t in tokens[i + 1 : end + 1]]])
        clitic = _clitic_of(tokens[i].text, clitic_used or words[i])
        mention = ActorMention(i, end, name, None, country, head.sector,
                               prep=_prep_before(tokens, words, i, clitic))
        if inner is not None:
            mention.name, mention.entity_id = inner.name, inner.entity_id
            mention.country = inner.country or country
            mention.sector = inner.sector or head.sector
        elif country and head.state and head.sector in ("MIL", "COP"):
            mention.name = country_name(country) or name
        elif words[i].endswith(_POSSESSIVE) and clitic_used == words[i] and not country:
            # (with a nationality, نظيره الإيراني names its own side and keeps its words)
            mention.name = None  # resolved from the sentence's earlier actor by the caller
        out.append(mention)
        covered |= set(range(i, end + 1))
        i = end + 1
    return out
