"""Learns how names are spelled in English from the gazetteer's Arabic/English pairs: whole name words, and vowel templates by consonant skeleton."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

# How each Arabic consonant may be written in an English spelling. The first is the one the
# romaniser writes; the others let an English name still be aligned (Mekdad for المقداد).
CONSONANTS: dict[str, tuple[str, ...]] = {
    "ب": ("b",), "ت": ("t",), "ث": ("th", "s", "t"), "ج": ("j", "g", "dj"), "ح": ("h",),
    "خ": ("kh", "k", "ch"), "د": ("d",), "ذ": ("dh", "z", "th", "d"), "ر": ("r",), "ز": ("z",),
    "س": ("s",), "ش": ("sh", "ch"), "ص": ("s",), "ض": ("d", "dh", "z"), "ط": ("t",),
    "ظ": ("z", "dh", "th"), "غ": ("gh", "g"), "ف": ("f",), "ق": ("q", "k", "g"),
    "ك": ("k", "c", "ck"), "ل": ("l",), "م": ("m",), "ن": ("n",), "ه": ("h",),
    "و": ("w", "v"), "ي": ("y", "i"), "پ": ("p",), "چ": ("ch",), "ڤ": ("v",), "گ": ("g",),
}
_ALIFS = "اأإآٱ"
_HAMZAS = "ءئؤ"
_VOWELS = set("aeiouy'")
_ENDINGS = (("اوي", "awi"), ("ية", "iya"), ("ي", "i"), ("ة", "a"))
_DIACRITICS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}


def word_key(word: str) -> str:
    """The form a name word is looked up by: no diacritics, one alif."""
    return "".join("ا" if ch in _ALIFS else ch for ch in word if ch not in _DIACRITICS)


def _is_consonant(word: str, index: int) -> bool:
    """و and ي are consonants at the start of a word, before a long vowel letter or ة, and
    between a long ا and another letter (عايد → Ayed); elsewhere they write long vowels."""
    ch = word[index]
    if ch not in "وي":
        return ch in CONSONANTS
    if index == 0:
        return True
    nxt = word[index + 1] if index + 1 < len(word) else ""
    if nxt and nxt in _ALIFS + "ةى":
        return True
    return word[index - 1] in _ALIFS and bool(nxt)


def skeleton(word: str) -> str:
    """Consonants as C, vowel letters as themselves (alifs as ا, hamza seats as ء): the shape
    a vowel template is keyed by (خالد → CاCC)."""
    out = []
    for i, ch in enumerate(word):
        if _is_consonant(word, i):
            out.append("C")
        elif ch in _ALIFS:
            out.append("ا")
        elif ch in _HAMZAS:
            out.append("ء")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Template:
    """The vowels written before, between and after a word's consonants, and which consonants
    are doubled: خالد with ('', 'a', 'e', '') gives Khaled."""

    vowels: tuple[str, ...]
    doubled: tuple[bool, ...]

    def apply(self, word: str) -> str:
        consonants = [CONSONANTS[ch][0] for i, ch in enumerate(word) if _is_consonant(word, i)]
        if len(consonants) + 1 != len(self.vowels):
            raise ValueError(f"template for {len(self.vowels) - 1} consonants applied to {word!r}")
        out = [self.vowels[0]]
        for latin, double, vowels in zip(consonants, self.doubled, self.vowels[1:], strict=True):
            out.append(latin + latin[-1] if double and len(latin) == 1 else latin)
            out.append(vowels)
        return "".join(out)


def align(arabic: str, english: str) -> Template | None:
    """The template that spells `arabic` as `english`, if its consonants can be read in it in
    order (each as one of its spellings, maybe doubled) with only vowels between them."""
    consonants = [CONSONANTS[ch] for i, ch in enumerate(arabic) if _is_consonant(arabic, i)]
    target = english.lower().replace("-", "")

    def parse(k: int, pos: int) -> tuple[list[str], list[bool]] | None:
        start = pos
        ends = [pos]
        while pos < len(target) and target[pos] in _VOWELS:
            pos += 1
            ends.append(pos)
        for end in reversed(ends):  # the longest vowel run first: y is a vowel at a word's end
            vowels = target[start:end]
            if k == len(consonants):
                if end == len(target):
                    return [vowels], []
                continue
            for spelling in consonants[k]:
                for double in (False, True):
                    written = spelling + spelling[-1] if double else spelling
                    if target.startswith(written, end):
                        rest = parse(k + 1, end + len(written))
                        if rest is not None:
                            return [vowels, *rest[0]], [double, *rest[1]]
        return None

    parsed = parse(0, 0)
    if parsed is None:
        return None
    vowels, doubled = parsed
    return Template(tuple(vowels), tuple(doubled))


def name_words(name: str) -> list[str]:
    """A name's words, عبد kept with the word it binds to (عبد الفتاح is one name word)."""
    words = name.split()
    out: list[str] = []
    for word in words:
        if out and out[-1] in ("عبد", "العبد"):
            out[-1] = f"{out[-1]} {word}"  # عبد الفتاح، العبد الله: one name word
        else:
            out.append(word)
    return out


def _english_words(name: str) -> list[str]:
    """An English name's words, Abdel/Abdul/Abd al- kept with the next word."""
    name = re.sub(r"\b(Abdel|Abdul|Abd al-|Abd el-|Abd)[ -](?=\w)", lambda m: m.group(1).rstrip(" -") + "_", name)
    return [w.replace("_", " ") for w in name.split()]


def _strip_article(arabic: str, english: str) -> tuple[str, str]:
    if arabic.startswith("ال") and len(arabic) > 3:
        arabic = arabic[2:]
        english = re.sub(r"^(?:al|el|as|ash|ad|ar|az|at|an|adh|ath)-", "", english, flags=re.IGNORECASE)
    return arabic, english


def _gap_keys(pieces: list[str], gap: int) -> list[tuple[object, ...]]:
    """Contexts of the vowel gap `gap` among a word's consonants, most specific first: what is
    written in it, what is written in its neighbours, where it is, how many consonants there are."""
    last = len(pieces) - 1
    where = "initial" if gap == 0 else "final" if gap == last else "medial"
    before = pieces[gap - 1] if gap else "^"
    after = pieces[gap + 1] if gap < last else "$"
    return [(pieces[gap], before, after, where, last), (pieces[gap], where, last), (pieces[gap], where), (pieces[gap],)]


def _double_keys(pieces: list[str], consonant: int) -> list[tuple[object, ...]]:
    """Contexts of a consonant's doubling: the gaps around it, then also their count."""
    return [(pieces[consonant], pieces[consonant + 1], len(pieces)), (pieces[consonant], pieces[consonant + 1])]


def _pick(votes: Counter[str]) -> str:
    """The commonest vowel string; on a tie the shorter (an unwritten vowel is as often none)."""
    return min(votes.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]


@dataclass
class GapModel:
    """Vowels between consonants predicted from the letters written around them, backing off to
    less context where a context was rarely seen: the templates of skeletons never seen whole."""

    vowels: dict[tuple[object, ...], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    doubles: dict[tuple[object, ...], Counter[bool]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, shape: str, template: Template) -> None:
        pieces = shape.split("C")
        for gap, vowel in enumerate(template.vowels):
            for key in _gap_keys(pieces, gap):
                self.vowels[key][vowel] += 1
        for consonant, double in enumerate(template.doubled):
            for key in _double_keys(pieces, consonant):
                self.doubles[key][double] += 1

    def template(self, shape: str) -> Template | None:
        pieces = shape.split("C")
        if len(pieces) < 2:
            return None
        vowels = []
        for gap in range(len(pieces)):
            keys = _gap_keys(pieces, gap)
            seen = [self.vowels[k] for k in keys[:-1] if k in self.vowels and self.vowels[k].total() >= 2]
            if not seen and keys[-1] not in self.vowels:
                return None  # letters never seen in any name
            vowels.append(_pick(seen[0] if seen else self.vowels[keys[-1]]))
        doubled = []
        for consonant in range(len(pieces) - 1):
            votes = next((self.doubles[k] for k in _double_keys(pieces, consonant) if k in self.doubles), Counter())
            doubled.append(votes[True] > votes[False])
        return Template(tuple(vowels), tuple(doubled))


@dataclass
class Spellings:
    """Name words the gazetteer spells in English, vowel templates of whole skeletons seen often
    enough to trust, and a gap model for the rest."""

    words: dict[str, str] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    gaps: GapModel = field(default_factory=GapModel)

    @classmethod
    def learn(cls, names: Iterable[tuple[str, str]], min_template_count: int = 1) -> Spellings:
        """From (Arabic spelling, English name) pairs: a name's words are paired when both sides
        have as many; each word keeps its commonest English spelling, and each skeleton the
        commonest template among its words (when seen at least `min_template_count` times)."""
        word_votes: dict[str, Counter[str]] = defaultdict(Counter)
        template_votes: dict[str, Counter[Template]] = defaultdict(Counter)
        aligned: set[tuple[str, str]] = set()
        gaps = GapModel()
        for arabic_name, english_name in names:
            arabic_words, english_words = name_words(arabic_name), _english_words(english_name)
            if len(arabic_words) != len(english_words):
                continue
            for arabic, english in zip(arabic_words, english_words, strict=True):
                key = word_key(arabic)
                stem, english_stem = _strip_article(key, english)
                word_votes[stem][english_stem] += 1
                if " " in stem or not english_stem.replace("-", "").isalpha() or (stem, english_stem) in aligned:
                    continue  # a word votes once for its skeleton's template, however many names share it
                aligned.add((stem, english_stem))
                template = align(stem, english_stem)
                if template is not None:
                    template_votes[skeleton(stem)][template] += 1
                    gaps.add(skeleton(stem), template)
        words = {w: votes.most_common(1)[0][0] for w, votes in word_votes.items()}
        templates = {}
        for shape, votes in template_votes.items():
            ranked = votes.most_common(2)
            # a skeleton's template is trusted when seen often enough and ahead of any other
            if ranked[0][1] >= min_template_count and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                templates[shape] = ranked[0][0]
        return cls(words, templates, gaps)

    def spell(self, stem: str) -> str | None:
        """A word without its article, in English: as the gazetteer spells it; else by its
        skeleton's trusted template; else, for a relative adjective or a feminine ending
        (البغدادي), the word it is made from with -i / -a; else by the gap model; else None."""
        key = word_key(stem)
        if key in self.words:
            return self.words[key]
        shape = skeleton(key)
        if shape in self.templates:
            return self._written(self.templates[shape], key)
        for ending, latin_ending in _ENDINGS:
            base_key = key[: -len(ending)]
            if key.endswith(ending) and len(base_key) > 1 and (base_key in self.words or skeleton(base_key) in self.templates):
                base = self.spell(base_key)
                if base is not None:
                    return base + latin_ending
        template = self.gaps.template(shape)
        return self._written(template, key) if template is not None else None

    @staticmethod
    def _written(template: Template, key: str) -> str:
        latin = template.apply(key)
        return latin[:1].upper() + latin[1:]
