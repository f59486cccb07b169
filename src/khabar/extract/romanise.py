"""Readable Arabic → Latin romanisation of names (data table romanise.tsv), for entities no gazetteer names in English."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from khabar.cache import load_or_build
from khabar.data import data_path
from khabar.extract import romanise_learn
from khabar.extract.gazetteer import read_tsv
from khabar.extract.romanise_learn import Spellings, name_words

_DIACRITICS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}
_VOWEL_LETTERS = set("اأإآوىية")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    letters: dict[str, tuple[str, str]] = {}
    words: dict[str, str] = {}
    path = data_path("gazetteers", "romanise.tsv")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    for line in lines[1:]:
        cells = line.split("\t") + ["", "", "", ""]
        kind, arabic, latin, initial = cells[0], cells[1], cells[2], cells[3]
        if kind == "letter":
            letters[arabic] = (latin, initial)
        elif kind == "word":
            words[arabic] = latin
    return letters, words


# Countries whose people's names the gazetteer's English spellings teach: Arabic names written the
# way the Arab press's English editions write them. Persian, Turkish and European names follow
# other conventions and would teach the wrong vowels.
ARAB_STATES = frozenset(
    ["SAU", "ARE", "QAT", "KWT", "BHR", "OMN", "YEM", "IRQ", "SYR", "LBN", "JOR", "PSE", "EGY", "LBY", "TUN", "DZA", "MAR", "SDN", "MRT", "SOM", "DJI", "COM"])


@lru_cache(maxsize=1)
def gazetteer_spellings() -> Spellings:
    """Name words and vowel templates learned from people.tsv's Arab names and their English names, kept in
    the user cache like the other resources built from data files (learning them takes ~70 ms)."""
    people = data_path("gazetteers", "people.tsv")

    def build() -> Spellings:
        pairs = [(spelling, row["name_en"]) for row in read_tsv(people) if row["country"] in ARAB_STATES
                 for spelling in row["spellings_ar"].split("|") if spelling]
        return Spellings.learn(pairs)

    return load_or_build("name-spellings", "1", [people, Path(romanise_learn.__file__)], build, Spellings)


def _word(word: str, spellings: Spellings | None = None) -> str:
    letters, words = _table()
    if word in words:
        return words[word]
    if word.startswith("وال") and len(word) > 5:
        return "wa " + _word(word[1:], spellings)  # العدالة والتنمية → al-Adala wa al-Tanmiya
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
        if word in words:
            return prefix + words[word]  # التركي → al-Turki, from the row for تركي
    spellings = spellings if spellings is not None else gazetteer_spellings()
    learned = spellings.spell(word)
    if learned:
        return prefix + learned
    if word.startswith("العبد ") and len(word) > 7:
        return "al-" + _word(word[2:], spellings)  # العبد الله → al-Abdullah
    if not prefix and word.startswith("عبد") and len(word) > 5:
        # a servant-of name the gazetteer lacks: glued عبدالعزيز is written Abdulaziz, as the Gulf
        # press writes it; spaced عبد العزيز is written Abdel Aziz
        rest = word[3:].strip()
        rest = rest[2:] if rest.startswith("ال") else rest
        latin = spellings.spell(rest) or _word(rest, spellings)
        return f"Abdel {latin[:1].upper()}{latin[1:]}" if " " in word else "Abdul" + latin.lower()
    out: list[str] = []
    for i, ch in enumerate(word):
        latin, initial = letters.get(ch, (ch, ch))
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if i == 0:
            piece = initial
        elif ch in "وي" and nxt in _VOWEL_LETTERS and nxt not in "وي":
            piece = initial  # a consonant before a long vowel: و → w, ي → y
        elif ch in "وي" and word[i - 1] in "اآ":
            piece = initial  # a consonant after a long a: الشناوي → al-Shanawi
        else:
            piece = latin
        if ch == "ه" and i == len(word) - 1 and i > 0:
            piece = "h" if word[i - 1] in "اوي" else "a"
        out.append(piece)
        # an unwritten short vowel after a first consonant followed by another consonant
        # (و and ي open a word as consonants: وجيه → Wajih)
        if i == 0 and ch in letters and (ch not in _VOWEL_LETTERS or ch in "وي") and nxt in letters \
                and nxt not in _VOWEL_LETTERS and nxt not in "ءئؤ":
            out.append("a")
    text = "".join(out).replace("''", "'").strip("'")
    return prefix + text


def romanise(arabic: str, spellings: Spellings | None = None) -> str:
    """'خالد الزاهد' → 'Khaled al-Zahed': frequent name parts from the table, then words and vowel
    templates learned from the gazetteer's Arab names (`spellings`, by default all of them), then
    letter by letter; each word capitalised (the article al- stays lower-case)."""
    _letters, words = _table()
    clean = "".join(c for c in arabic if c not in _DIACRITICS)
    if clean in words:
        return words[clean]
    parts = []
    for word in name_words(clean):
        latin = _word(word, spellings)
        if latin.startswith("wa al-"):
            parts.append("wa al-" + latin[6:7].upper() + latin[7:])  # the conjunction stays lower-case
        elif latin.startswith("al-"):
            parts.append("al-" + latin[3:4].upper() + latin[4:])
        else:
            parts.append(latin[:1].upper() + latin[1:])
    text = " ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] if text else arabic
