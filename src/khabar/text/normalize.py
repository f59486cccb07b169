"""Arabic normalisation that keeps a map from every normalised character back to the original."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel
# are dropped: news text uses them inconsistently, so matching must ignore them.
_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    # bidi controls and zero-width marks: invisible, but they break word matching
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_LETTER_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ة": "ه", "ۃ": "ه",
    "ک": "ك", "ګ": "ك",
    "ؤ": "و", "ئ": "ي",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "٫": ".", "٬": ",", "،": "،",
}
# Arabic-Indic (U+0660..) and Persian (U+06F0..) digits read as ASCII digits.
for _i in range(10):
    _LETTER_MAP[chr(0x0660 + _i)] = str(_i)
    _LETTER_MAP[chr(0x06F0 + _i)] = str(_i)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one character; presentation forms (FB50–FEFF) decompose through NFKC first."""
    if ch in _DROP:
        return ""
    if ch in _LETTER_MAP:
        return _LETTER_MAP[ch]
    code = ord(ch)
    if 0xFB50 <= code <= 0xFEFC or 0xFE70 <= code <= 0xFEFF:
        out = []
        for sub in unicodedata.normalize("NFKC", ch):
            out.append(_fold_char(sub) if sub != ch else sub)
        return "".join(out)
    return ch


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of a text with, for every character, the offset it came from.

    `offsets[i]` is the index in the original of normalised character i; `offsets` has one
    extra final element (the original length) so that end offsets map too.
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original span that produced it."""
        if start >= end:
            pos = self.offsets[start]
            return pos, pos
        orig_start = self.offsets[start]
        # the end is just after the last original character that fed normalised char end-1
        orig_end = self.offsets[end - 1] + 1
        # extend over characters that were dropped right after (diacritics on the last letter)
        while orig_end < len(self.original) and _fold_char(self.original[orig_end]) == "":
            orig_end += 1
        return orig_start, orig_end


def normalize_with_map(text: str, lowercase: bool = True) -> Normalized:
    """Normalise `text` for matching and keep the offset of each output character."""
    out: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        if lowercase:
            folded = folded.lower()
        for sub in folded:
            out.append(sub)
            offsets.append(index)
    offsets.append(len(text))
    return Normalized(text, "".join(out), tuple(offsets))


_TRANSLATE = None
_PRESENTATION_FORM = re.compile("[\ufb50-\ufeff]")
# Every stage normalises the same words again (each token of a document several times, and the
# same words across documents), so short texts keep their normal form. Longer texts (sentences,
# whole documents) rarely recur and are not kept. The cache is emptied when full rather than
# evicting one by one: cheaper than an LRU's bookkeeping on every call, and the words that matter
# come back within a few documents.
_CACHE: dict[str, str] = {}
_CACHE_MAX_TEXT = 64
_CACHE_MAX_ENTRIES = 300_000


def normalize(text: str) -> str:
    """Normalise for matching: alef forms, ى→ي, ة→ه, hamza seats, diacritics, tatweel,
    digits, presentation forms, bidi/zero-width marks, NBSP; Latin lower-cased."""
    found = _CACHE.get(text)
    if found is not None:
        return found
    global _TRANSLATE
    if _TRANSLATE is None:
        table: dict[int, str] = {ord(c): "" for c in _DROP}
        table.update({ord(k): v for k, v in _LETTER_MAP.items()})
        _TRANSLATE = table
    if _PRESENTATION_FORM.search(text):
        out = "".join(_fold_char(c) for c in text).lower()
    else:
        out = text.translate(_TRANSLATE).lower()
    if len(text) <= _CACHE_MAX_TEXT:
        if len(_CACHE) >= _CACHE_MAX_ENTRIES:
            _CACHE.clear()
        _CACHE[text] = out
    return out


def normalize_token(token: str) -> str:
    """Normalise one word (same folding as `normalize`)."""
    return normalize(token)
