"""The document model: cleaned text plus typed layers of spans, and its JSON form (CONTRACT.md)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from khabar.text.normalize import normalize
from khabar.text.segment import Token, tokenize


@dataclass(slots=True)
class Removed:
    """A piece of the input that cleaning dropped, and why."""

    text: str
    reason: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    name_ar: str
    type: str  # PER | ORG | LOC | MISC
    wikidata: str | None = None
    role: str | None = None
    affiliation: str | None = None  # an entity id, or a plain name
    actor: str | None = None  # entity id of the state/organisation this mention acts for
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # ISO-3166 alpha-3 of the entity or of what it belongs to
    sector: str | None = None  # PLOVER sector (GOV, MIL, REB, ...) where known
    confidence: float = 1.0


@dataclass(slots=True)
class Quote:
    id: str
    speaker: str | None
    speaker_name: str | None
    kind: str  # direct | indirect
    cue: str
    text: str
    start: int
    end: int
    channel: str | None = None
    date: str | None = None
    confidence: float = 0.8
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None  # the Arabic words that name or describe the speaker (مصادر مطلعة)


@dataclass(slots=True)
class Claim:
    id: str
    holder: str | None
    holder_name: str | None
    stance: str
    cue: str
    text: str
    start: int
    end: int
    target: str | None = None
    target_name: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    date: str | None = None
    confidence: float = 0.8
    holder_text: str | None = None  # the Arabic words that name or describe the holder (شهود عيان)


@dataclass(slots=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    source: str | None
    source_name: str | None
    source_code: str | None
    target: str | None
    target_name: str | None
    target_code: str | None
    location: str | None
    location_name: str | None
    date: str | None
    killed: int | None
    injured: int | None
    reported_by: str | None
    evidence: Evidence
    date_is_fallback: bool = False
    more_evidence: list[Evidence] = field(default_factory=list)
    trigger: str | None = None
    confidence: float = 0.7


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int
    end: int
    value: str | None
    grain: str
    interval: list[str] | None = None
    reason: str | None = None


@dataclass(slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: int | float | str | None
    unit: str | None = None
    role: str | None = None
    approximate: bool = False
    currency: str | None = None


def _clean_dict(obj: Any) -> Any:
    return asdict(obj)


@dataclass
class Document:
    """An article after cleaning: it owns `text`; every layer's spans are offsets into it."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "ar"
    breaking: bool = False
    subheadings: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    author: str | None = None
    source: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    _tokens: list[Token] | None = field(default=None, repr=False)
    _token_norms: list[str] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        """Stable id: a hash of the url when there is one, else of the title and text."""
        basis = self.url or f"{self.title or ''}\n{self.text}"
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    @property
    def tokens(self) -> list[Token]:
        """Word tokens of the text with offsets (computed once)."""
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    @property
    def token_norms(self) -> list[str]:
        """`normalize` of each token's text, aligned with `tokens` (computed once: the entity, quote,
        claim and event stages all read every token's normal form)."""
        if self._token_norms is None:
            self._token_norms = [normalize(t.text) for t in self.tokens]
        return self._token_norms

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset` (binary search over the sentence layer)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of CONTRACT.md."""
        return {
            "id": self.id,
            "url": self.url,
            "published": self.published,
            "language": self.language,
            "breaking": self.breaking,
            "title": self.title,
            "subheadings": list(self.subheadings),
            "text": self.text,
            "removed": [_clean_dict(r) for r in self.removed],
            "sentences": [_clean_dict(s) for s in self.sentences],
            "entities": [_clean_dict(e) for e in self.entities],
            "quotes": [_clean_dict(q) for q in self.quotes],
            "claims": [_clean_dict(c) for c in self.claims],
            "events": [_clean_dict(v) for v in self.events],
            "times": [_clean_dict(t) for t in self.times],
            "quantities": [_clean_dict(q) for q in self.quantities],
        }
