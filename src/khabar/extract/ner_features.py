"""Features for the CRF named-entity tagger: per-word-type features cached once, plus sentence-level gazetteer matches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from khabar.text.normalize import normalize
from khabar.text.segment import clitic_variants, strip_clitics

ENTITY_TYPES = ("PERS", "LOC", "ORG", "MISC")
MAX_PHRASE = 6  # longest gazetteer phrase looked up, in words

_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")
_PUNCT = frozenset("\"'«»“”‘’()[]{}<>-–—_/\\|,،.;؛:!?؟…*•·%+=&#@~^`$")


def canon(word: str) -> str:
    """The key a gazetteer word is stored and looked up under: normalised, leading clitics off (stem >= 3)."""
    return strip_clitics(word, 3)


def _read_tsv(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


@dataclass
class PhraseIndex:
    """Multi-word names (first word canonical, others normalised) -> a label, found by longest match."""

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    max_len: dict[str, int] = field(default_factory=dict)

    def add(self, words: Sequence[str], label: str, keyed: bool = False) -> None:
        """Add a name; `keyed` when the words are already in key form (read back from a saved list)."""
        if not words or len(words) > MAX_PHRASE:
            return
        key = tuple(words) if keyed else (canon(words[0]), *(normalize(w) for w in words[1:]))
        if not key[0]:
            return
        self.phrases[key] = label
        self.max_len[key[0]] = max(self.max_len.get(key[0], 0), len(key))

    def openers(self, keys: Sequence[str]) -> tuple[str, ...]:
        """Those of a word's keys that open some name of this index."""
        max_len = self.max_len
        return tuple(k for k in keys if k in max_len)

    def match(self, first_keys: Sequence[tuple[str, ...]], norm_words: Sequence[str]) -> list[str | None]:
        """Per token 'B-label'/'I-label' or None, greedy longest match from the left. `first_keys[i]` are
        the keys token i may start a name under (one per reading of its leading clitics); passing only
        its `openers` gives the same result faster."""
        n = len(first_keys)
        out: list[str | None] = [None] * n
        max_len = self.max_len
        free = 0  # the first position after the last match
        for i in [i for i, keys in enumerate(first_keys) if keys]:
            if i < free:
                continue
            for first in first_keys[i]:
                longest = max_len.get(first, 0)
                for length in range(min(longest, n - i), 0, -1):
                    label = self.phrases.get((first, *norm_words[i + 1 : i + length]))
                    if label is not None:
                        out[i] = "B-" + label
                        for k in range(i + 1, i + length):
                            out[k] = "I-" + label
                        free = i + length
                        break
                if free > i:
                    break
        return out


def first_keys(word: str) -> tuple[str, ...]:
    """Keys a word may start a listed name under: the canonical key of each of its clitic readings, so
    that "بفرنسا" finds "فرنسا" (whose own key strips its ف) and "بلبنان" finds "لبنان"."""
    out: list[str] = []
    for variant in clitic_variants(word):
        key = canon(variant)
        if key and key not in out:
            out.append(key)
    return tuple(out)


@dataclass
class Resources:
    """Everything the features look up besides the word itself."""

    places: PhraseIndex
    triggers: dict[str, str]
    clusters: dict[str, tuple[str, ...]]
    entities: PhraseIndex  # names seen labelled in training text
    token_types: dict[str, str]  # canonical word -> "PERS", "LOC|ORG", ... from training labels
    known: PhraseIndex = field(default_factory=PhraseIndex)  # khabar's curated names (PERS/ORG/LOC)
    word_kinds: dict[str, str] = field(default_factory=dict)  # GIVEN, NAT, JOINER, HONORIFIC, PW (name word)
    word_counts: dict[str, int] = field(default_factory=dict)  # stem frequency in training text


@lru_cache(maxsize=1)
def load_triggers(path: str) -> dict[str, str]:
    triggers: dict[str, str] = {}
    for word, cls in _read_tsv(Path(path)):
        triggers[normalize(word)] = cls
    return triggers


@lru_cache(maxsize=1)
def load_places(path: str) -> PhraseIndex:
    index = PhraseIndex()
    for row in _read_tsv(Path(path)):
        index.add(row[0].split(), row[1])
    return index


@lru_cache(maxsize=1)
def load_known(path: str) -> tuple[PhraseIndex, dict[str, str]]:
    """khabar_lists.tsv: curated PERS/ORG/LOC names as phrases, and word kinds (given names, nationality
    adjectives, joiners, honorifics, words of known people's names)."""
    index = PhraseIndex()
    kinds: dict[str, str] = {}
    for kind, name in _read_tsv(Path(path)):
        words = name.split()
        if kind in ("PERS", "ORG", "LOC"):
            index.add(words, kind)
            if kind == "PERS":
                for word in words:
                    if len(word) >= 3:
                        kinds.setdefault(word, "PW")
        else:
            kinds[name] = kind  # word kinds override PW
    return index, kinds


def frequency_bucket(count: int) -> str:
    return "0" if count == 0 else "1" if count == 1 else "2" if count < 5 else "5" if count < 20 else "20"


def load_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1:]) for row in _read_tsv(path)}


def load_entities(path: Path) -> tuple[PhraseIndex, dict[str, str], dict[str, int]]:
    """Rows: kind<TAB>label<TAB>words; kind P = phrase, T = token types, F = stem frequency."""
    phrases = PhraseIndex()
    token_types: dict[str, str] = {}
    counts: dict[str, int] = {}
    for kind, label, words in _read_tsv(path):
        if kind == "P":
            phrases.add(words.split(" "), label, keyed=True)
        elif kind == "T":
            token_types[words] = label
        else:
            counts[words] = int(label)
    return phrases, token_types, counts


def entity_lists(
    sentences: Iterable[Sequence[tuple[str, str]]], min_count: int = 1
) -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Names and per-word entity types from labelled sentences (used for the jackknifed gazetteer)."""
    from collections import Counter, defaultdict

    from khabar.evaluation.conll import chunks

    phrase_counts: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    token_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        words = [w for w, _ in sentence]
        tags = [t for _, t in sentence]
        for start, end, type_ in chunks(tags):
            phrase_counts[tuple(words[start:end])][type_] += 1
        for word, tag in sentence:
            token_counts[canon(word)][tag[2:] if tag != "O" else "O"] += 1
    phrases: dict[tuple[str, ...], str] = {}
    for words, counts in phrase_counts.items():
        type_, count = counts.most_common(1)[0]
        if count >= min_count:
            phrases[words] = type_
    token_types: dict[str, str] = {}
    for word, counts in token_counts.items():
        total = sum(counts.values())
        named = {t: c for t, c in counts.items() if t != "O"}
        if not named:
            continue
        share = sum(named.values()) / total
        # the types this word took, and how often it was a name at all (bucketed)
        bucket = "hi" if share >= 0.7 else "mid" if share >= 0.3 else "lo"
        token_types[word] = "|".join(sorted(named)) + ":" + bucket
    return phrases, token_types


def _shape(word: str) -> str:
    if word.isdigit():
        return "D"
    if any(ch.isdigit() for ch in word):
        return "d"
    if all(ch in _PUNCT for ch in word):
        return "P"
    if any(ch in _LATIN for ch in word):
        return "L"
    return "A"


class FeatureExtractor:
    """Turns token lists into crfsuite attribute lists; per-type features are computed once per word."""

    # which base features each offset carries
    NEAR = ("w", "s", "p2", "p3", "x2", "x3", "len", "sh", "al", "tr", "c", "tt", "kn", "fq")
    FAR = ("w", "s", "tr", "c", "tt", "kn")
    # the phrase lists looked up in context: attribute name and Resources field
    GAZETTEERS = (("gp", "places"), ("ge", "entities"), ("gk", "known"))
    # base features whose value is (nearly) the word itself, so one value seldom serves two words
    WORD_VALUED = ("w", "s")

    def __init__(self, resources: Resources, window: int = 2) -> None:
        self.resources = resources
        self.window = window
        self._base: dict[str, dict[str, list[str]]] = {}
        self._prefixes = [(o, str(o).encode()) for o in range(-window, window + 1)]
        # base feature name -> (slot, offset prefix) of each offset that carries it
        self._slots = {
            name: tuple((slot, prefix) for slot, (offset, prefix) in enumerate(self._prefixes)
                        if name in (self.NEAR if abs(offset) <= 1 else self.FAR))
            for name in self.NEAR
        }
        # word -> its normal form and, per gazetteer of GAZETTEERS, the keys under which it opens a name there
        self._key_cache: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {}
        self._gazetteers = [(name, getattr(resources, field)) for name, field in self.GAZETTEERS]
        # word -> its feature lists at each offset -window..window (one lookup per token)
        self._per_word: dict[str, tuple[list[bytes], ...]] = {}

    def forget(self) -> None:
        """Drop the per-word caches (a long-running tagger calls this to bound its memory)."""
        self._base.clear()
        self._per_word.clear()
        self._key_cache.clear()

    def slots(self, name: str) -> tuple[tuple[int, bytes], ...]:
        """Where a base feature of this name is seen from: (slot in columns(), its offset's prefix)."""
        return self._slots[name]

    def base(self, word: str, remember: bool = True) -> dict[str, list[str]]:
        """The word's own features by name (normalised form, stem, affixes, shape, list memberships...)."""
        cached = self._base.get(word)
        if cached is not None:
            return cached
        norm = normalize(word)
        stem = strip_clitics(word)
        key = canon(word)
        res = self.resources
        feats: dict[str, list[str]] = {
            "w": [norm],
            "s": [stem],
            "p2": [norm[:2]],
            "p3": [norm[:3]],
            "x2": [stem[-2:]],
            "x3": [stem[-3:]],
            "len": [str(min(len(stem), 9))],
            "sh": [_shape(norm)],
            "al": ["1"] if norm.startswith("ال") or norm[1:3] == "ال" or norm.startswith("لل") else [],
        }
        trig = res.triggers.get(norm) or res.triggers.get(stem) or res.triggers.get(key)
        if trig is None and len(norm) > 2:
            # و/ف/ب/ل + triggered word, e.g. "وقال", "بمدينة"
            trig = res.triggers.get(norm[1:])
        feats["tr"] = [trig] if trig else []
        clusters = res.clusters.get(stem)
        feats["c"] = [f"{i}:{c}" for i, c in enumerate(clusters)] if clusters else ["none"]
        types = res.token_types.get(key)
        feats["tt"] = [types, types.split(":")[0]] if types else []
        kind = res.word_kinds.get(norm) or res.word_kinds.get(key) or res.word_kinds.get(stem)
        feats["kn"] = [kind] if kind else []
        feats["fq"] = [frequency_bucket(res.word_counts.get(stem, 0))]
        if remember:
            self._base[word] = feats
        return feats

    def columns(self, word: str, remember: bool = True) -> tuple[list[bytes], ...]:
        """The word's features named for each offset -window..window from the tagged token, as UTF-8
        bytes (crfsuite takes bytes without re-encoding, which was most of the tagging time).
        `remember=False` keeps neither them nor the word's base features (a caller caching its own)."""
        cached = self._per_word.get(word)
        if cached is not None:
            return cached
        out: tuple[list[bytes], ...] = tuple([] for _ in self._prefixes)
        for name, values in self.base(word, remember).items():
            for value in values:
                attribute = f"{name}={value}".encode()
                for slot, prefix in self._slots[name]:
                    out[slot].append(prefix + attribute)
        if remember:
            self._per_word[word] = out
        return out

    def _keys(self, word: str) -> tuple[str, tuple[tuple[str, ...], ...]]:
        keys = self._key_cache.get(word)
        if keys is None:
            starts = first_keys(word)
            keys = self._key_cache[word] = (
                normalize(word), tuple(index.openers(starts) for _, index in self._gazetteers))
        return keys

    def sentence(self, words: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[list[bytes]]:
        """Attributes per token; `extra` adds features per token (the document hints of a second pass)."""
        n = len(words)
        if n == 0:
            return []
        window = self.window
        offsets = range(-window, window + 1)
        columns = self.columns
        per_word = [columns(w) for w in words]
        out: list[list[bytes]] = []
        for i, added in enumerate(self.contextual(words, extra)):
            feats = [b"bias"]
            for slot, offset in enumerate(offsets):
                j = i + offset
                if 0 <= j < n:
                    feats.extend(per_word[j][slot])
                elif j == -1 or j == n:
                    feats.append(_EDGE[offset])
            feats.extend(added)
            out.append(feats)
        return out

    def contextual(self, words: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[list[bytes]]:
        """Per token, the attributes that depend on more than one word at one offset: gazetteer hits of
        the token and its neighbours, word bigrams, and `extra`."""
        n = len(words)
        keys = [self._keys(w) for w in words]
        norm_words = [k[0] for k in keys]
        # gazetteer hits per position, named for each offset they are seen from
        hits: list[list[str]] = [[] for _ in range(n)]
        for number, (name, index) in enumerate(self._gazetteers):
            for j, tag in enumerate(index.match([k[1][number] for k in keys], norm_words)):
                if tag:
                    hits[j].append(f"{name}={tag}")
        out: list[list[bytes]] = []
        for i in range(n):
            added: list[bytes] = []
            for offset in (-1, 0, 1):
                j = i + offset
                if 0 <= j < n and hits[j]:
                    added.extend(f"{offset}{h}".encode() for h in hits[j])
            if i > 0:
                added.append(f"w-1|w0={norm_words[i - 1]}|{norm_words[i]}".encode())
            if i + 1 < n:
                added.append(f"w0|w+1={norm_words[i]}|{norm_words[i + 1]}".encode())
            if extra is not None:
                added.extend(h.encode() for h in extra[i])
            out.append(added)
        return out


def edge_attribute(offset: int) -> bytes:
    """The attribute of a token whose neighbour at `offset` lies just past the sentence's edge."""
    return f"{offset}:edge".encode()


_EDGE = {offset: edge_attribute(offset) for offset in range(-9, 10)}


def document_hints(
    documents_words: Sequence[Sequence[str]], first_tags: Sequence[Sequence[str]], window: int = 12
) -> list[list[list[str]]]:
    """Document-consistency features from a first tagging pass: for each token, the entity types that
    the first pass gave the same word (clitic-stripped) in the OTHER sentences within `window` sentences
    ('dt=PERS', or 'dt=O' when it occurs there but was never tagged). A name tagged confidently once
    is usually the same kind of name elsewhere in the article."""
    keys = [[canon(w) for w in words] for words in documents_words]
    # per sentence: word key -> set of types it got in that sentence
    per_sentence: list[dict[str, set[str]]] = []
    for words_keys, tags in zip(keys, first_tags, strict=True):
        seen: dict[str, set[str]] = {}
        for key, tag in zip(words_keys, tags, strict=True):
            if len(key) < 2 or not any(ch.isalpha() for ch in key):
                continue
            seen.setdefault(key, set()).add(tag[2:] if tag != "O" else "O")
        per_sentence.append(seen)
    out: list[list[list[str]]] = []
    n = len(keys)
    for index, words_keys in enumerate(keys):
        lo, hi = max(0, index - window), min(n, index + window + 1)
        context: dict[str, set[str]] = {}
        for other in range(lo, hi):
            if other == index:
                continue
            for key, types in per_sentence[other].items():
                context.setdefault(key, set()).update(types)
        hints: list[list[str]] = []
        for key in words_keys:
            types = context.get(key)
            if not types:
                hints.append([])
                continue
            named = sorted(types - {"O"})
            hints.append([f"dt={t}" for t in named] if named else ["dt=O"])
        sentence_hints = [list(h) for h in hints]
        for i in range(len(hints)):
            for offset in (-1, 1):
                j = i + offset
                if 0 <= j < len(hints):
                    sentence_hints[i].extend(f"{offset}{h}" for h in hints[j])
        out.append(sentence_hints)
    return out
