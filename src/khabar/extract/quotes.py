"""Quotes stage: direct and indirect speech in Arabic news, attributed to a speaker, with channel and date."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from khabar.document import Document, Quote
from khabar.extract.attribution_common import (
    OPENERS,
    Mention,
    Speaker,
    View,
    agreement,
    build_view,
    channel_phrases,
    clause_words,
    complementisers,
    descriptors,
    iter_phrases,
    name_in_phrase,
    non_quote_words,
    outlets,
    pair_subjects,
    phrase,
    reporting_verbs,
    role_text,
    speaker_from_mention,
    speakers_in_window,
    strip_conj,
    word_forms,
)
from khabar.text.normalize import normalize
from khabar.text.segment import Token
from khabar.text.spans import SpanSet

# complementisers that carry their subject pronoun (أنها، إنهم): the reported clause starts with them
_PRONOUN_COMPS = {normalize(w) for w in ("أنه", "أنها", "أنهم", "أنهما", "أننا", "إنه", "إنها", "إنهم", "إننا",
                                          "بأنه", "بأنها", "بأنهم")}
_NOT_COMP_BEFORE = {normalize(w) for w in ("بعد", "قبل", "منذ", "دون", "حتى", "لأجل", "بمجرد", "ريثما", "علما",
                                             "رغم", "برغم", "بالرغم", "مع", "إلا", "غير", "بما", "لولا", "كما")}
_AUXILIARIES = {normalize(w) for w in ("كان", "كانت", "كانوا", "يكن", "تكن", "لم", "لا", "قد", "وقد", "ولم")}
_SOURCE_CUES = tuple(phrase(p) for p in ("نقلا عن", "وفقا", "وفق", "بحسب", "حسب"))
_STATEMENT = (phrase("جاء في البيان"), phrase("جاء في بيان"), phrase("ورد في البيان"))
_RELAY = phrase("نقلا عن")
_SOURCE_FIRST = {words[0] for words in _SOURCE_CUES}
_STATEMENT_FIRST = {words[0] for words in _STATEMENT}
_PRONOUNS = {normalize(w) for w in ("هؤلاء", "هذا", "هذه", "ذلك", "تلك", "هو", "هي", "هم", "هما", "أولئك",
                                    "فيه", "فيها", "فيهم", "منه", "منها", "عنه", "عنها", "له", "لها",
                                    # honorifics standing for the person just named (وقال سموه، وأكد معاليه)
                                    "سموه", "معاليه", "فضيلته", "سعادته", "سيادته", "جلالته", "سماحته")}
_PREPOSITIONS = {normalize(w) for w in ("في", "من", "على", "عن", "إلى", "مع", "خلال", "عبر", "لدى", "منذ", "بعد",
                                         "قبل", "أمام", "حول", "أثناء", "عقب", "إثر", "قبيل", "عند", "وسط")}
# a channel followed by an outlet: "في مقابلة مع قناة الجزيرة" → "interview with Al Jazeera"
_WITH_OUTLET = {"interview": "interview with", "phone call": "phone call with", "statement to": "statement to",
                "statement": "statement to"}
# a generic channel that the outlet's own name replaces (لوكالة فرانس برس → AFP)
_REPLACEABLE_CHANNELS = {None, "post", "social media", "news agency", "newspaper", "TV channel", "website", "radio"}
_IN_TURN = {normalize(w) for w in ("بدوره", "بدورها", "بدورهم", "بدوري")}
_HONORIFICS = {normalize(w) for w in ("سمو", "معالي", "فضيلة", "سعادة", "صاحب", "السمو", "الملكي")}
_AMBIGUOUS_VERBS = {normalize("بين"), normalize("عبر")}
_CONTRASTS = {normalize(w) for w in ("غير", "إلا", "الا")}  # ...، غير أن X ...: a new subject after a contrast
_RESUMPTIVE = {normalize(w) for w in ("فيه", "فيها")}
_CLOSERS = frozenset("»”\"'")
_THUS = normalize("هكذا")
_UNPAIRED_OPENERS = frozenset('"«“')
_DOCUMENTS = {normalize(w) for w in ("بيان", "البيان", "تقرير", "التقرير", "رسالة", "الرسالة", "تعميم", "التعميم")}
_ISSUED = {normalize(w) for w in ("صادر", "الصادر", "صادرة", "الصادرة")}
_ON_ITS_PART = {normalize(w) for w in ("جانبه", "جانبها", "جانبهم", "جهته", "جهتها", "جهتهم", "ناحيته", "ناحيتها")}
# verbs of going on that take a verbal noun of saying (ومضى المتحدث بالقول، وواصلت المصادر بالتأكيد)
_GOING_ON = {normalize(w) for w in ("مضى", "مضت", "مضوا", "واصل", "واصلت", "ختم", "ختمت", "اختتم", "اختتمت")}
# "بيان مشترك"، "البيان المشترك": a joint statement (any of _DOCUMENTS), issued by two parties
_JOINT = {normalize(w) for w in ("مشترك", "المشترك")}
# "in the newspaper / on the site / channel X": where a statement appeared, not who made it
_IN_OUTLET = tuple(normalize(w) for w in ("بصحيفة", "بجريدة", "بموقع", "بقناة", "بوكالة", "بمجلة"))
_STOP_PREPS = {normalize(w) for w in ("خلال", "عبر", "أمام", "عقب", "إثر", "لدى", "بعد", "قبل")}


@dataclass
class Complement:
    kind: str  # quote | comp | colon
    token: int  # index of the token that opens it
    span: tuple[int, int] | None = None  # quotation char span for kind quote
    channel: str | None = None


class QuoteFinder:
    """Walks the sentences of a document, finds reporting constructions and the speech they introduce."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.view: View = build_view(doc)
        self.quotes: list[Quote] = []
        self.consumed = SpanSet()  # char spans already attributed
        self.history: list[tuple[Speaker, int, str | None]] = []  # (speaker, sentence, channel)
        self.last_group: tuple[int, list[Speaker]] = (-1, [])  # the speakers of the last quote, by sentence
        self.feminine: set[str] = set()  # people a feminine verb introduced
        self.comps = complementisers()
        words = clause_words()
        self.time_words = words.get("time", frozenset())
        self.skip_words = words.get("skip", frozenset())
        self.boundaries = words.get("boundary", frozenset())
        self.relatives = words.get("relative", frozenset())
        self.object_heads = words.get("object", frozenset())
        self.non_speakers = words.get("nonspeaker", frozenset())
        self.states = words.get("state", frozenset())
        self.addressees = words.get("addressee", frozenset())
        self.verbs = reporting_verbs()

    # ------------------------------------------------------------------ helpers
    def verb_at(self, i: int):
        norm = self.view.norms[i]
        entry = self.verbs.get(norm) or self.verbs.get(strip_conj(norm))
        if entry is not None and strip_conj(norm) in _AMBIGUOUS_VERBS:
            # بين and عبر are also prepositions ("between", "via"): verbs only with a shadda or opening a clause
            v = self.view
            if "\u0651" not in v.tokens[i].text and not (i == 0 or v.is_punct(i - 1) or v.sent_of[i - 1] != v.sent_of[i]):
                return None
        return entry

    def initials_dot(self, tok: Token) -> bool:
        """A dot inside written-out initials (ايه.تي.في): no sentence end."""
        text = self.doc.text
        return tok.text == "." and tok.start > 0 and tok.end < len(text) and text[tok.start - 1].isalpha() \
            and text[tok.end].isalpha()

    def is_consumed(self, offset: int) -> bool:
        return offset in self.consumed

    def is_comp(self, k: int) -> bool:
        v = self.view
        if v.norms[k] not in self.comps or v.tokens[k].text.startswith("آ"):
            return False  # آن (a name) folds to ان but is no complementiser
        text, end = self.doc.text, v.tokens[k].end
        if end + 1 < len(text) and text[end] == "." and text[end + 1].isalpha() or \
                v.tokens[k].start > 1 and text[v.tokens[k].start - 1] == "." and text[v.tokens[k].start - 2].isalpha():
            return False  # إن.بي.سي، سي.إن.إن: a letter of initials (N)
        return not (k > 0 and strip_conj(v.norms[k - 1]) in _NOT_COMP_BEFORE and v.norms[k] != normalize("إن"))

    def is_opener(self, k: int) -> tuple[int, int] | None:
        tok = self.view.tokens[k]
        if tok.text in OPENERS:
            return self.view.quotation_at_char(tok.start)
        return None

    def quotation_words(self, span: tuple[int, int]) -> int:
        return len(self.doc.text[span[0] + 1 : span[1] - 1].split())

    def is_name_quotation(self, span: tuple[int, int], k: int, b: int, partial: bool = False) -> bool:
        """A quotation around a name or term (موقع "X"، «داعش»), not speech."""
        v = self.view
        if k > 0 and any(f in non_quote_words() for f in word_forms(v.norms[k - 1])) and not (
                self.quotation_words(span) >= 6 and _complete_noun(strip_conj(v.norms[k - 1]))):
            # صحيفة «الحياة»; but "مسؤول في الإدارة «...»"، "طلب عدم نشر اسمه «...»": a long quotation
            # after a noun that takes no name (definite, or with a pronoun) is speech
            return True
        if not partial and k > 0 and v.norms[k - 1] in _PREPOSITIONS and self.quotation_words(span) <= 5:
            return True  # "من «حملة الحد من الأسلحة»": a short quotation after a preposition is a name
        if k > 1 and v.norms[k - 1] in ("ب", "ل") and any(f in non_quote_words() for f in word_forms(v.norms[k - 2])):
            return True
        after_tok = v.token_at_char(span[1])
        if not partial and self.quotation_words(span) <= 2 and after_tok < b and v.is_word(after_tok) and not self.is_comp(after_tok):
            return True  # كشفت جولة «الصحيفة» في ...: one or two quoted words inside running text name something
        if not partial and self.quotation_words(span) == 3 and after_tok < b and v.is_word(after_tok) and k > 0 and \
                v.is_word(k - 1) and not self.is_comp(k - 1) and self.verb_at(k - 1) is None and not self.is_comp(after_tok):
            return True  # هيئة الإذاعة الأميركية «إن بي آر» نشرت ...: a three-word name between words
        if self.quotation_words(span) <= 5:
            # a short quotation followed, in the same clause, by the speech itself
            after = v.token_at_char(span[1])
            for kk in range(after, min(after + 4, b)):
                if self.is_comp(kk) or v.tokens[kk].text == ":" or self.is_opener(kk):
                    return True
                if (v.is_punct(kk) and v.tokens[kk].text not in "،,") or self.verb_at(kk) is not None:
                    break
            ms = v.mentions_in(span[0], span[1])
            if ms and sum(m.end - m.start for m in ms) >= (span[1] - span[0] - 2) * 0.6:
                return True
        return False

    def skip_adjuncts(self, k: int, b: int) -> int:
        """Skip adverbs, time words and an addressee between a verb and its subject
        (وأكد لـ«واس» المدير ...، وقال لرويترز فلان ...)."""
        v = self.view
        j0 = k
        while k < b:
            norm = v.norms[k]
            if norm in self.skip_words or strip_conj(norm) in self.time_words or v.in_time(k):
                k += 1
                continue
            if norm in ("ل", "لـ") and k + 1 < b and self.is_opener(k + 1):
                span = self.is_opener(k + 1)
                k = v.token_at_char(span[1])  # type: ignore[index]
                if k < b and v.tokens[k].text in "،," and k + 1 < b and not v.is_punct(k + 1) and not self.is_comp(k + 1):
                    k += 1  # أكدت لـ«الصحيفة»، فلانة ...: the subject follows the comma
                continue
            if norm[:1] == "م" and norm.endswith("ا") and len(norm) >= 5 and self.verb_at(k) is None and not \
                    v.mentions_in(v.tokens[k].start, v.tokens[k].end) and k + 1 < b and v.norms[k + 1] in ("الي", "علي"):
                k += 1  # "وقال متوجها إلى المشاركين": an adverbial participle, then its complement
                while k < b and not v.is_punct(k) and not self.is_opener(k) and not self.is_comp(k) and k - j0 < 8:
                    k += 1
                continue
            if norm in ("ل", "لـ") and k + 2 < b and v.tokens[k + 1].text in OPENERS:
                # an addressee opened by a stray mark (لـ"الصحيفة الطيار): skip the mark and the outlet
                k += 2
                found = iter_phrases(v, outlets(), k, b)
                k = found[0] if found else k + 1
                continue
            if norm.startswith("ل") and len(norm) > 2 and iter_phrases(v, outlets(), k, b):
                k = iter_phrases(v, outlets(), k, b)[0]  # type: ignore[index]
                continue
            break
        return k

    def window_end(self, j: int, b: int) -> int:
        """End of the subject noun phrase that starts at token j."""
        v = self.view
        if j < b and (v.norms[j] in _PREPOSITIONS or iter_phrases(v, channel_phrases(), j, b)
                      or (v.norms[j][:1] == "ب" and (v.norms[j].startswith("بال") or v.tokens[j].text.endswith(("ها", "ه", "هم")))
                          and len(v.norms[j]) > 4 and not v.mentions_in(v.tokens[j].start, v.tokens[j].end))
                      or strip_conj(v.norms[j]) in self.object_heads or self.verb_at(j) is not None):
            return j  # no subject: "وأضاف في مقابلة"، "وأكد ضرورة أن"، "وأضاف موضحا"
        if j < b and strip_conj(v.norms[j]) in pair_subjects():
            return j + 1  # "وأكد الجانبان على تكثيف ...": the dual noun is the whole subject
        k = j
        while k < b and k - j < 14:
            norm = v.norms[k]
            span = self.is_opener(k) if k > j else None
            if span and self.quotation_words(span) <= 4 and any(
                    f in non_quote_words() or descriptors().get(f) == "role" for f in word_forms(v.norms[k - 1])):
                k = v.token_at_char(span[1])  # صحيفة «نيويورك تايمز»: the name belongs to the subject
                continue
            if v.is_punct(k):
                break
            if self.is_comp(k) or (norm in ("الي", "علي", "ب", "ل") and k + 1 < b and (self.is_comp(k + 1) or self.is_opener(k + 1))
                                   and not self.is_name_ali(k)):
                break
            if k > j and (v.in_time(k) or strip_conj(norm) in self.time_words):
                break
            if k > j and (iter_phrases(v, channel_phrases(), k, b) or norm in _STOP_PREPS):
                break
            if k > j and (norm in ("عن", "الي") or v.match(k, _RELAY, b) or norm in self.relatives):
                break
            if k == j + 1 and self.known_surname(j) and any(descriptors().get(f) == "role" for f in word_forms(norm)):
                break  # "وأبلغ حرب رئيس الوزراء أن": the person by his surname, then whom he told
            if k > j and strip_conj(norm) in _IN_TURN:
                break  # "قال الوزير بدوره": an adjunct, not part of the subject
            if k > j + 1 and norm.startswith("ال") and v.norms[k - 1].endswith(("يون", "يين")) and \
                    v.norms[k - 2].endswith(("ون", "ين")) and not v.norms[k - 2].startswith(("ال", "وال")) and \
                    not v.mentions_in(v.tokens[k - 1].start, v.tokens[k].end):
                break  # "مسؤولون أمريكيون التعاون": a plural noun and its nisba adjective, then the object
            if k > j and (norm.startswith(_IN_OUTLET) or v.tokens[k].text.endswith(("ً", "اً", "ًا"))) and \
                    not v.mentions_in(v.tokens[k].start, v.tokens[k].end):
                break  # "كتب الوزير مقالاً بصحيفة الشرق الأوسط": the object, or where it appeared
            if k > j and norm != "علي" and strip_conj(norm) in self.object_heads:
                break  # "أكد النائب فلان ضرورة التمسك ...": the object starts, the subject has ended
            if k > j and norm.startswith("ل") and len(norm) > 2 and (
                iter_phrases(v, outlets(), k, b) or norm.startswith("لوكاله") or norm.startswith("لقناه")
                or norm.startswith("لصحيفه")
            ):
                break
            if k > j and norm.startswith("ل") and not norm.startswith("لل") and len(norm) > 3 and (any(
                    m.entity.type == "PER" and m.end <= v.tokens[k].start for m in
                    v.mentions_in(v.tokens[j].start, v.tokens[k - 1].end)) or (k == j + 1 and self.known_surname(j))):
                break  # "وأفاد النتشة لمحامية الهيئة": after the person, the one he told
            if k > j and self.verb_at(k) is not None and (self.verb_at(k).role in ("participle", "nominal") or (
                    v.norms[k][0] in "وف" and self.verb_at(k).role in ("speech", "continuation"))):
                break
            k += 1
        return k

    def known_surname(self, j: int) -> bool:
        """Token j is the last word of a person's full name given earlier (… رامي يوسف النتشة … النتشة)."""
        v = self.view
        word = strip_conj(v.norms[j])
        here = v.tokens[j].start
        return len(word) > 3 and any(
            m.entity.type == "PER" and m.start < here and len(m.text.split()) > 1
            and normalize(m.text).split()[-1] == word for m in v.mentions)

    def apposition_end(self, j: int, k: int, b: int) -> int:
        """A role subject [j, k) followed by the person's name after a comma ("وقال رئيس الغرفة، إريك
        شفايتسر: ..."، "وبحسب مدير المشروع، المهندس سعيد الوادعي، فإن"): the end of the name, else k."""
        v = self.view
        if not (k > j and k + 1 < b and v.tokens[k].text in "،,"):
            return k
        x = k + 1
        while x < min(k + 3, b) and any(descriptors().get(f) == "role" for f in word_forms(v.norms[x])):
            x += 1  # a title before the name (المهندس، الدكتور)
        after = [m for m in v.mentions_in(v.tokens[x].start, v.tokens[min(x + 3, b - 1)].end)
                 if m.entity.type == "PER" and m.start <= v.tokens[x].start + 1]
        if after and not any(m.entity.type == "PER" for m in v.mentions_in(v.tokens[j].start, v.tokens[k - 1].end)) \
                and any(descriptors().get(f) == "role" for f in word_forms(v.norms[j])):
            return v.token_at_char(after[0].end)
        return k

    # ------------------------------------------------------------------ speakers
    def can_continue(self, speaker: Speaker, agree: str) -> bool:
        """Whether a verb of this agreement can have `speaker` as its subject. Bodies and states take
        feminine verbs (قالت الوزارة) as well as masculine ones; a named person is taken to be a man
        unless a feminine verb introduced her."""
        if agree == "f":
            return speaker.entity_type != "PER" or speaker.key in self.feminine
        if agree == "du":
            return False  # a dual verb goes on with two speakers, never one
        if agree == "pl":
            # "وأكدوا": a group; a body or a state takes a singular verb (قالت سانا), so neither it nor a
            # person goes on with a plural one
            return speaker.unnamed or (speaker.entity_id is None and speaker.entity_type is None)
        return True

    def agreement_at(self, i: int) -> str | None:
        entry = self.verb_at(i)
        return agreement(self.view.norms[i], entry.lemma) if entry is not None else None

    def recent(self, sentence: int, depth: int = 5, agree: str | None = None) -> Speaker | None:
        """The last speaker within `depth` sentences; with `agree`, the last one a verb of that agreement
        can continue: a feminine verb (وبينت) does not go on with a man quoted in between, nor a plural
        one (وأكدوا) with one person — it goes back to the body or the group quoted before him."""
        for n, (spk, sent, _ch) in enumerate(reversed(self.history)):
            if sentence - sent > depth:
                return None
            if agree is None or self.can_continue(spk, agree):
                return spk
            if n >= 3:
                return None
        return None

    def coreferent(self, a: int, b: int, sentence: int) -> Speaker | None:
        """A definite noun (المكتب، المركز، البيان، المصادر) that names an earlier speaker."""
        v = self.view
        head = word_forms(v.norms[a])
        heads = {h for h in head if len(h) > 2}
        if normalize("البيان") in head:
            for spk, sent, ch in reversed(self.history):
                if ch and "statement" in ch and sentence - sent <= 8:
                    return spk
        institution = any(f in non_quote_words() for f in head)
        here = self.places_in(a, b)
        for spk, sent, _ch in reversed(self.history):
            if sentence - sent > 8:
                break
            if institution and (spk.entity_type == "PER" or spk.unnamed):
                continue  # وقالت وزارة الخارجية: not the spokeswoman "of the foreign ministry" quoted before
            words = set()
            for w in normalize(f"{spk.text} {spk.descriptor}").split():
                words.update(word_forms(w))
            if spk.entity_id:
                ent = self.doc.entity(spk.entity_id)
                if ent is not None:
                    for m in ent.mentions:
                        for w in normalize(m.text).split():
                            words.update(word_forms(w))
            if heads & words and self.agrees_in_state(here, spk) and (
                    b - a < 2 or not any(f in non_quote_words() for f in head)
                                  or v.norms[a + 1] in _PREPOSITIONS or not v.is_word(a + 1)
                                  or set(word_forms(v.norms[a + 1])) & words):
                # a generic head (وزارة، هيئة) names the same body only with the word that follows it:
                # وزارة الخارجية is not وزارة الدفاع
                return spk
        here = v.tokens[a].start
        # a surname alone (وقال الشهراني) names the person introduced earlier by the full name
        if b - a == 1:
            word = strip_conj(v.norms[a])
            for m in reversed(v.mentions):
                if m.start >= here or m.entity.type != "PER":
                    continue
                parts = normalize(m.text).split()
                if len(parts) > 1 and parts[-1] == word and len(word) > 3:
                    return speaker_from_mention(self.doc, m)
        # a title that stood before a person's name earlier (الرئيس التركي رجب طيب أردوغان ... قال الرئيس)
        if any(descriptors().get(h) == "role" for h in heads) and b - a >= 2:
            # the whole title is the role a person was given (الرئيس الأميركي → Obama, not "the late
            # president" Kennedy named in between)
            title = " ".join(strip_conj(n) if x == a else n for x, n in enumerate(v.norms[a:b], start=a))
            holders = [e for e in self.doc.entities if e.type == "PER" and e.role and (
                " ".join(normalize(e.role).split()) == title or title in " ".join(normalize(e.role).split()))
                and any(m.start < here for m in e.mentions)]
            if len(holders) == 1:
                last = max((m for m in v.mentions if m.entity is holders[0] and m.start < here), key=lambda m: m.start,
                           default=None)
                if last is not None:
                    return speaker_from_mention(self.doc, last)
        if any(descriptors().get(h) == "role" for h in heads):
            for m in reversed(v.mentions):
                if m.start >= here or here - m.end > 2500:
                    continue
                if m.entity.type != "PER":
                    continue
                t = v.token_at_char(m.start)
                after_name = v.token_at_char(m.end)
                # the title before the name, or right after it (الأمير سعود بن ثنيان رئيس الهيئة)
                around = {f for x in [*range(max(0, t - 3), t), *range(after_name, min(after_name + 2, len(v.norms)))]
                          for f in word_forms(v.norms[x])}
                if heads & around and self.same_places(a, b, max(0, t - 4), min(after_name + 2, len(v.norms))):
                    return speaker_from_mention(self.doc, m)
        # a body named shortly before by its full name (حركة أحرار الشام ... وأعلنت الحركة)
        for m in reversed(v.mentions):
            if m.start >= here:
                continue
            if here - m.end > 600:
                break
            if m.entity.type != "ORG" or len(m.text.split()) < 2:
                continue
            first = word_forms(normalize(m.text.split()[0]))
            if heads & set(first):
                return speaker_from_mention(self.doc, m)
        return None

    def places_in(self, a: int, b: int) -> set[str]:
        """The states named in tokens [a, b): by their actor, so الكويتي and الكويت are one."""
        v = self.view
        if a >= b:
            return set()
        return {m.entity.actor or m.entity.id for m in v.mentions_in(v.tokens[a].start, v.tokens[b - 1].end)
                if m.entity.type == "LOC"}

    def places_named(self, text: str) -> set[str]:
        """The states whose mentions occur in `text` (an earlier speaker's words)."""
        return {e.actor or e.id for e in self.doc.entities
                if e.type == "LOC" and any(m.text in text for m in e.mentions)}

    def agrees_in_state(self, here: set[str], spk: Speaker) -> bool:
        """A title naming a state (وزير الخارجية الكويتي) refers back to an earlier speaker unless that
        speaker's words named other states only."""
        named = self.places_named(f"{spk.text} {spk.descriptor}")
        return not here or not named or bool(here & named)

    def same_places(self, a: int, b: int, c: int, d: int) -> bool:
        """The states named in tokens [a, b) (وزير الخارجية الماليزي) are among those of [c, d): a title
        of another state's (وزير الخارجية الصيني) is another person's."""
        here = self.places_in(a, b)
        return not here or bool(here & self.places_in(c, d))

    def is_name_ali(self, k: int) -> bool:
        """Token k is the name Ali (محمد علي إن ...), not the preposition على: written with ي after a
        given name."""
        from khabar.extract.entities import person_lexicon

        v = self.view
        return v.norms[k] == "علي" and v.tokens[k].text.endswith("ي") and k > 0 and v.norms[k - 1] in person_lexicon().given

    def person_after_title_tail(self, k: int, b: int) -> tuple[Speaker, int] | None:
        """A person named right after a title's prepositional tail (لدى الأمم المتحدة، في الهيئة), before
        the reported words: the speaker the title introduced, and the token after the name."""
        v = self.view
        if k >= b or v.norms[k] not in _PREPOSITIONS | _STOP_PREPS:
            return None
        stop = k + 1
        while stop < b and stop - k <= 8 and v.is_word(stop) and not self.is_comp(stop):
            stop += 1
        if stop >= b or not (self.is_comp(stop) or v.tokens[stop].text in ":،,"):
            return None
        people = [m for m in v.mentions_in(v.tokens[k].start, v.tokens[stop - 1].end) if m.entity.type == "PER"]
        if people and v.token_at_char(people[-1].end) == stop:
            return speaker_from_mention(self.doc, people[-1]), stop
        return None

    def given_name_after_title(self, a: int, b: int) -> str | None:
        """A name opened by a known given name after a title and its complements, which no layer read
        as a name (مدير عام دائرة استرداد الأموال في الهيئة محمد علي): the given name and up to three
        more name words."""
        from khabar.extract.entities import person_lexicon

        v = self.view
        lex = person_lexicon()
        for x in range(a + 2, b - 1):
            word = v.norms[x]
            if word not in lex.given or word in lex.ambiguous or not v.is_word(x + 1):
                continue
            before = v.norms[x - 1]
            if not (before.startswith(("ال", "لل")) or any(m.end == v.tokens[x - 1].end for m in v.mentions)):
                continue  # the name stands in apposition to a complete title
            end = x + 1
            # على folds to علي: written with ي it is the name Ali (محمد علي), with ى the preposition
            while end < b and end - x < 4 and v.is_word(end) and (
                    v.norms[end] not in lex.stops or v.norms[end] == "علي" and v.tokens[end].text.endswith("ي")) and \
                    (v.norms[end] != "علي" or v.tokens[end].text.endswith("ي")) and \
                    not any(descriptors().get(f) == "role" for f in word_forms(v.norms[end])):
                end += 1
            if end > x + 1:
                return v.text_span(x, end)
        return None

    def pair_antecedents(self, parties: str, here: int, sentence: int) -> list[Speaker]:
        """The two parties a dual subject stands for (وأكد البلدان): the last two states or people named
        before it, in the order the text named them."""
        v = self.view
        recent_start = v.tokens[v.sentences[max(0, sentence - 3)][0]].start

        def last_two(kind: str, since: int) -> list[Mention]:
            picked: dict[str, Mention] = {}
            for m in reversed(v.mentions):
                if m.start >= here or m.start < since or m.entity.type != kind:
                    continue
                # a state and its capital or cities are one party (السعودية، الرياض)
                key = (m.entity.country or m.entity.actor or m.entity.id) if kind == "LOC" else m.entity.id
                picked.setdefault(key, m)
                if len(picked) == 2:
                    return sorted(picked.values(), key=lambda x: x.start)
            return []

        if parties == "people":
            return [speaker_from_mention(self.doc, m) for m in last_two("PER", 0)]
        if parties == "either":
            # "زار واشنطن والتقى الرئيس الأميركي ... حيث أكد الطرفان": two people or states of this very
            # sentence are the two sides
            this_start = v.tokens[v.sentences[sentence][0]].start
            found = last_two("PER", this_start) or last_two("LOC", this_start)
            if found:
                return [speaker_from_mention(self.doc, m) for m in found]
        states = self.leading_states(here)
        if states:
            return states
        found = last_two("LOC", 0) if parties == "states" else last_two("LOC", recent_start) or last_two("PER", recent_start)
        return [speaker_from_mention(self.doc, m) for m in found]

    def leading_states(self, here: int) -> list[Speaker]:
        """The two states the article has spoken of most before `here`, through their places, people
        and bodies (a joint statement of Saudi Arabia and Jordan names their kings and ministers more
        often than the states): each as its entity, or by its name when it has none."""
        from khabar.extract.events_actors import country_name

        counts: dict[str, int] = {}
        latest: dict[str, int] = {}
        for m in self.view.mentions:
            if m.start < here and m.entity.country:
                counts[m.entity.country] = counts.get(m.entity.country, 0) + 1
                latest[m.entity.country] = m.start
        ranked = sorted(counts, key=lambda c: (-counts[c], -latest[c]))  # a tie goes to the one named last
        if len(ranked) < 2:
            return []
        out = []
        for code in ranked[:2]:
            name = country_name(code)
            ent = next((e for e in self.doc.entities if e.type == "LOC" and e.country == code and not e.actor
                        and e.name == name), None)
            if ent is not None:
                out.append(Speaker(ent.id, ent.name, ent.name_ar or ent.name, entity_type="LOC"))
            elif name:
                out.append(Speaker(None, name, name, entity_type="LOC"))
        return out if len(out) == 2 else []

    def resolve_window(self, a: int, b: int, sentence: int) -> list[Speaker]:
        v = self.view
        if b - a >= 3 and v.tokens[a].text in OPENERS and v.tokens[b - 1].text in _CLOSERS:
            a, b = a + 1, b - 1  # وقال "الشقيق": a word in quotation marks, the source the paper keeps unnamed
        if a >= b or strip_conj(v.norms[a]) in _PRONOUNS or v.norms[a] in _PRONOUNS:
            return []
        if b - a <= 2 and strip_conj(v.norms[a]) == normalize("البيان") and any(
                strip_conj(v.norms[x]) in _DOCUMENTS and v.norms[x + 1] in _JOINT for x in range(a - 1)):
            states = self.leading_states(v.tokens[a].start)  # "وأوضح البيان" after "بيان مشترك": both issuers
            if states:
                return states
        pair = pair_subjects().get(strip_conj(v.norms[a]))
        if pair and b - a <= 2:
            found = self.pair_antecedents(pair, v.tokens[a].start, sentence)
            if found:
                return found
        if b - a == 1 and _complete_noun(strip_conj(v.norms[a])) and not v.norms[a].startswith("ال") and \
                not v.mentions_in(v.tokens[a].start, v.tokens[a].end) and \
                not any(f in descriptors() for f in word_forms(v.norms[a])):
            return []  # "واختتم مقاله بالقول": his article is no speaker; the one who wrote it is
        if any(f in self.non_speakers for f in word_forms(v.norms[a])):
            return []  # تشير الإحصاءات إلى: figures indicate, nobody speaks
        head_is_role = any(descriptors().get(f) == "role" for f in word_forms(v.norms[a]))
        ms = v.mentions_in(v.tokens[a].start, v.tokens[b - 1].end)
        if head_is_role and not any(m.entity.type == "PER" for m in ms):
            # "وزير الخارجية الماليزي حنيفة أمان": a name after the title is a person the entity layer
            # missed, not the holder of a like title named earlier
            name = name_in_phrase(v, a, b) or self.given_name_after_title(a, b)
            if name:
                return [Speaker(None, name, name, v.tokens[a].start, v.tokens[b - 1].end,
                                descriptor=v.text_span(a, b), entity_type="PER")]
        if head_is_role and ms and not any(m.entity.type == "PER" for m in ms) and \
                v.tokens[a].start < ms[0].start:
            # "وأفاد أمين عام رابطة العالم الإسلامي": the holder of a body's office, a person named before
            # with that title, not the body
            person = self.coreferent(a, b, sentence)
            if person is not None and person.entity_type == "PER":
                return [person]
        found = speakers_in_window(v, a, b)
        if found:
            for spk in found:
                spk.descriptor = v.text_span(a, b)
            return found
        corefs = self.coreferent(a, b, sentence)
        if corefs is not None:
            return [corefs]
        head_kind = next((descriptors()[f] for f in word_forms(v.norms[a]) if f in descriptors()), None)
        name = name_in_phrase(v, a, b)
        if name:
            return [Speaker(None, name, name, v.tokens[a].start, v.tokens[b - 1].end, descriptor=v.text_span(a, b),
                            entity_type="PER")]
        text = role_text(v, a, b)
        institution = any(f in non_quote_words() for f in word_forms(v.norms[a]))
        if head_kind == "role" or len(text.split()) <= 4 or (institution and len(text.split()) <= 6):
            if not text:
                return []
            # one person's role with no name behind it (قال لهم الضابط) is an unnamed source; a body that
            # the entity layer missed (وزارة الصحة) or a collective (المحققون) still names who speaks
            # المحققون، السلطات: a collective the article follows (but مسؤولون, indefinite, is anonymous)
            plural = strip_conj(v.norms[a]).endswith(("ون", "ين", "ات")) and strip_conj(v.norms[a]).startswith("ال")
            unnamed = head_kind == "role" and not institution and not plural and (
                len(text.split()) == 1 or strip_conj(v.norms[a]).endswith(("ون", "ين")))
            return [Speaker(None, None if unnamed else text, text, v.tokens[a].start, v.tokens[a].end, unnamed)]
        return []

    def pre_verb_subject(self, i: int, a: int, sentence: int) -> list[Speaker]:
        """A subject before the verb: "المراقبين يؤكدون"، "وكان X قال"، "أما X ... فقال"."""
        v = self.view
        norm = v.norms[i]
        if norm.startswith("ف"):
            for k in range(i - 1, a - 1, -1):
                if strip_conj(v.norms[k]) == normalize("أما"):
                    end = k + 1
                    while end < i and not v.is_punct(end):
                        end += 1
                    return self.resolve_window(k + 1, end, sentence)
        if i > a + 4 and v.tokens[i - 1].text in "،," and v.norms[i - 3] == "من" and v.tokens[i - 4].text in "،," and \
                any(f in _ON_ITS_PART for f in word_forms(v.norms[i - 2])):
            # a fronted subject: "الشرطة الشيشانية، من جانبها، ذكرت أنها ..."
            return self.resolve_window(a, i - 4, sentence)
        if i > a + 1 and v.tokens[i - 1].text in "،,":
            # an apposition closed by a comma right before the verb: "رئيس اللجنة، مايكل ماكول، قال"
            lo = i - 2
            while lo > a and v.tokens[lo].text not in "،,":
                lo -= 1
            seg_start = lo + 1 if v.tokens[lo].text in "،," else lo
            ms = [m for m in v.mentions_in(v.tokens[seg_start].start, v.tokens[i - 1].start)
                  if m.entity.type == "PER"]
            if ms and i - 1 - seg_start <= 4:
                return [speaker_from_mention(self.doc, ms[0])]
        if i > a and v.tokens[i - 1].text in "،," and strip_conj(v.norms[a]) in (normalize("كان"), normalize("كانت")):
            end = a + 1
            while end < i and not v.is_punct(end):
                end += 1
            return self.resolve_window(a + 1, end, sentence)
        if strip_conj(v.norms[a]) in (normalize("كان"), normalize("كانت")) and a + 1 < i <= a + 14 and all(
                v.is_word(x) and not self.is_comp(x) and self.verb_at(x) is None for x in range(a + 1, i)):
            # "وكان مسؤول عمليات الإغاثة في الأمم المتحدة ستيفن أوبراين لفت": all between كان and the verb
            end = i
            while end > a + 2 and strip_conj(v.norms[end - 1]) in _AUXILIARIES:
                end -= 1
            # "وكانت إدارة المرور قد نشرت تعميما أكدت فيه": قد before another verb ends the subject there
            if not any(strip_conj(v.norms[x]) in _AUXILIARIES for x in range(a + 1, end)):
                found = self.resolve_window(a + 1, end, sentence)
                if found:
                    return found
        k = i - 1
        while k >= a and i - k <= 7 and v.is_word(k) and not self.is_comp(k) and v.norms[k] not in self.boundaries:
            k -= 1
        start = k + 1
        while start < i and strip_conj(v.norms[start]) in _AUXILIARIES | {normalize("كان"), normalize("كانت")}:
            start += 1
        if start >= i:
            return []
        ms = v.mentions_in(v.tokens[start].start, v.tokens[i - 1].end)
        first_kind = next((descriptors()[f] for f in word_forms(v.norms[start]) if f in descriptors()), None)
        opens_with_name = bool(ms) and ms[0].start <= v.tokens[start].start + 2
        after_kana = strip_conj(v.norms[a]) in (normalize("كان"), normalize("كانت")) and start == a + 1
        if opens_with_name or first_kind is not None or (after_kana and ms):
            end = i
            while end > start + 1 and strip_conj(v.norms[end - 1]) in _AUXILIARIES:
                end -= 1  # "وكان مسؤولون أفغان قد قالوا": قد is no part of the subject
            return self.resolve_window(start, end, sentence)
        return []

    def sentence_subject(self, i: int, a: int, sentence: int) -> list[Speaker]:
        """The subject of the sentence's opening verb, shared by a later coordinated verb with none of its
        own (واتهمت أوكرانيا ... وقالوا إن): the speaker of an earlier quote in the sentence, else the
        mention right after the first word."""
        if self.agreement_at(i) == "du" and sentence - self.last_group[0] <= 2 and len(self.last_group[1]) == 2:
            return list(self.last_group[1])  # "وأكد البلدان ...، كما أكدا"، "... . وشددا على": both
        for spk, sent, _ch in reversed(self.history):
            if sent == sentence:
                return [spk]
            break
        v = self.view
        if a + 1 < i:
            ms = v.mentions_in(v.tokens[a + 1].start, v.tokens[i].start)
            if ms and ms[0].start <= v.tokens[a + 1].start + 1 and ms[0].entity.type in ("PER", "ORG", "LOC"):
                stop = v.token_at_char(ms[-1].end)
                return speakers_in_window(v, a + 1, min(stop, i))
            early = v.tokens[min(a + 6, i - 1)].end
            person = next((m for m in ms if m.entity.type == "PER" and m.start < early), None)
            if person is not None:
                return [speaker_from_mention(self.doc, person)]
            if strip_conj(v.norms[a]) in (normalize("كان"), normalize("كانت")):
                # وكانت قيادة القوات المشتركة قد أصدرت بيانا أوضحت فيه: a body the entity layer missed
                end = a + 1
                while end < i and end - a <= 5 and v.is_word(end) and v.norms[end] != "قد" and self.verb_at(end) is None:
                    end += 1
                heads = word_forms(v.norms[a + 1])
                if end > a + 1 and any(f in non_quote_words() or f in descriptors() for f in heads):
                    return self.resolve_window(a + 1, end, sentence)
        return []

    def previous_subject(self, sentence: int) -> list[Speaker]:
        """"اشترطت وزارة الإسكان أن ... . وأكدت على أنه ...": a sentence that opens with a subjectless verb
        goes on with the subject named right after the opening verb of the sentence before."""
        if sentence == 0:
            return []
        v = self.view
        a0, b0 = v.sentences[sentence - 1]
        if b0 - a0 < 3 or v.mentions_in(v.tokens[a0].start, v.tokens[a0].end):
            return []
        ms = v.mentions_in(v.tokens[a0 + 1].start, v.tokens[b0 - 1].end)
        if ms and ms[0].start <= v.tokens[a0 + 1].start + 1 and ms[0].entity.type in ("PER", "ORG", "LOC"):
            return [speaker_from_mention(self.doc, ms[0])]
        t = a0 + 1
        while t < min(a0 + 4, b0) and (v.norms[t] in _HONORIFICS or descriptors().get(v.norms[t]) == "role"):
            t += 1  # "وقدم الدكتور محمد جمال الدين مظلوم ورقة ...": the person after the title
        if t > a0 + 1 and ms and ms[0].entity.type == "PER" and ms[0].start <= v.tokens[t].start + 1:
            return [speaker_from_mention(self.doc, ms[0])]
        if v.norms[a0 + 1].startswith("ال"):
            by_surname = self.coreferent(a0 + 1, a0 + 2, sentence)
            if by_surname is not None and by_surname.entity_type == "PER":
                return [by_surname]  # وحمّل الشهراني ... . وقال: ...
        if any(descriptors().get(f) == "role" for f in word_forms(v.norms[a0 + 1])):
            # وحذر الناطق باسم الائتلاف سالم المسلط من ... . وقال إن ...: the person behind the role
            found = speakers_in_window(v, a0 + 1, self.window_end(a0 + 1, b0))
            if found and found[0].entity_type == "PER":
                return found
        return []

    def participle_speaker(self, i: int, a: int, sentence: int) -> list[Speaker]:
        v = self.view
        # "قال البنك إن ...، غير أن منظمات سارعت إلى التنديد ...، مؤكدة أنها": a contrast brings a new subject
        last_quote_end = max((q.end for q in self.quotes if v.tokens[a].start <= q.start < v.tokens[i].start),
                             default=v.tokens[a].start)
        for t in range(v.token_at_char(last_quote_end) - 1, i):
            opens = t == a - 1 or (t >= a and v.tokens[t].text in "،,")  # the sentence's start or a comma
            if opens and t + 2 < i and strip_conj(v.norms[t + 1]) in _CONTRASTS and \
                    v.norms[t + 2] in ("ان", "أن"):
                s0 = t + 3
                heads = word_forms(v.norms[s0])
                opening = v.mentions_in(v.tokens[s0].start, v.tokens[s0].end)
                if opening or any(f in descriptors() for f in heads):
                    found = self.resolve_window(s0, min(self.window_end(s0, i), s0 + 3), sentence)
                    if found:
                        return found
                if self.verb_at(s0) is None:
                    return []  # a subject this reading cannot name: better no speaker than the earlier one
        agree = self.agreement_at(i)
        for spk, sent, _ch in reversed(self.history):
            if sent == sentence and (agree is None or self.can_continue(spk, agree)):
                return [spk]
            break
        ms = v.mentions_in(v.tokens[a].start, v.tokens[i].start)
        # the subject of the sentence: a person, else a body, else a state right after the opening verb
        chosen = next((m for m in ms if m.entity.type == "PER"), None)
        if chosen is None and a + 1 < i:
            # "ونوه سمو رئيس الهيئة ... مشيرا": a title after the opening verb names the person it stood before
            t = a + 1
            while t < min(a + 3, i) and v.norms[t] in _HONORIFICS:
                t += 1
            if any(descriptors().get(f) == "role" for f in word_forms(v.norms[t])):
                person = self.coreferent(t, t + 1, sentence)
                if person is not None and person.entity_type == "PER" and person.entity_id:
                    return [person]
        chosen = chosen or next((m for m in ms if m.entity.type == "ORG"), None)
        if chosen is None and ms and ms[0].entity.type == "LOC" and a + 1 < i and ms[0].start <= v.tokens[a + 1].start + 1:
            chosen = ms[0]
        if chosen is not None:
            return speakers_in_window(v, v.token_at_char(chosen.start), v.token_at_char(chosen.end))
        last = self.recent(sentence, 2, agree=agree)
        return [last] if last else []

    # ------------------------------------------------------------------ complements
    def find_complement(self, p: int, b: int, cue: int) -> Complement | None:
        v = self.view
        channel: str | None = None
        in_relative, relative_at = False, p
        k = p
        while k < b and k - cue <= 30:
            tok = v.tokens[k]
            if self.is_consumed(tok.start):
                return None
            span = self.is_opener(k)
            if span:
                if self.is_name_quotation(span, k, b):
                    inner = normalize(self.doc.text[span[0] + 1 : span[1] - 1])
                    label = next((lab for words, lab in outlets() if " ".join(words) == inner), None)
                    if channel in _REPLACEABLE_CHANNELS or label:
                        channel = label or self.doc.text[span[0] + 1 : span[1] - 1].strip()
                    k = v.token_at_char(span[1])
                    continue
                return Complement("quote", k, span, channel)
            if k > p and strip_conj(v.norms[k]) in self.relatives and v.norms[k] != "ما":
                in_relative, relative_at = True, k
            elif tok.text in "،,":
                in_relative = False  # "... والتي تنظمها اللجنة، أن ...": the comma closes the relative clause
            if tok.text in _UNPAIRED_OPENERS and k == p and span is None and k + 1 < b and v.is_word(k + 1) and \
                    b - k > 8 and not any(self.is_opener(x) for x in range(k + 1, min(k + 6, b))):
                return Complement("colon", k, None, channel)  # وقال المرصد "خطف ... (the mark never closes)
            if self.is_comp(k):
                if in_relative and not (v.norms[k].startswith("بان") and not any(
                        self.verb_at(x) is not None for x in range(relative_at + 1, k))):
                    # "مشيرة إلى نظام ...، والذي يبدو أنه": that أن belongs to the relative clause — but
                    # "أفاد لمحاميه الذي زاره أمس بأنه": بأن after a relative clause with no verb of
                    # saying or thinking completes the reporting verb
                    return None
                return Complement("comp", k, None, channel)
            if v.norms[k] in ("الي", "علي") and k + 1 < b and self.is_comp(k + 1):
                return Complement("comp", k + 1, None, channel)
            if tok.text == ":":
                return Complement("colon", k, None, channel)
            if tok.text in ".!?؟" and not self.initials_dot(tok):
                return None
            inside_name = any(m.start < tok.start < m.end for m in v.mentions_in(tok.start, tok.end))
            found = iter_phrases(v, channel_phrases(), k, b) if not inside_name else None
            if found:
                end, label = found
                channel = label
                k = end
                continue
            # "الجامعة العربية": a channel's or outlet's word that ends another name is neither (not Al Arabiya)
            found = iter_phrases(v, outlets(), k, b) if not inside_name else None
            if found and k > p - 1:
                end, label = found
                if channel in _REPLACEABLE_CHANNELS:
                    channel = label
                elif channel in _WITH_OUTLET:
                    channel = f"{_WITH_OUTLET[channel]} {label}"
                k = end
                continue
            entry = self.verb_at(k)
            if entry is not None and k > p and entry.role == "participle" and v.tokens[k - 1].text in "،,":
                return None  # "...، مبينة أن": the participle's complement is its own statement
            if entry is not None and k >= p and entry.role in ("speech", "continuation", "object"):
                # an embedded verb without its own subject (معلومات تفيد بأن) belongs to this clause;
                # one joined by و (وقالت إنه) starts a new statement
                nxt = k + 1
                if v.norms[k][0] in "وف" or not (nxt < b and (self.is_comp(nxt) or v.norms[nxt] in ("الي", "علي"))):
                    return None
                if k > p and (v.tokens[k - 1].text in "،," or strip_conj(v.norms[k - 1]) == normalize("كما")):
                    return None  # "...، كما أكدا على أن": a second statement, with its own complement
            k += 1
        return None

    def clause_end(self, s: int, b: int) -> int:
        """Token index where a reported clause starting at s ends (sentence end, a new cue, a contrast)."""
        v = self.view
        k = s
        while k < b:
            tok = v.tokens[k]
            if tok.text in ".!?؟" and not v.inside_quotation(tok.start) and not self.initials_dot(tok):
                return k
            if tok.text in "،,;؛" and k + 1 < b and not v.inside_quotation(tok.start):
                nxt = v.norms[k + 1]
                entry = self.verb_at(k + 1)
                if entry is not None and (entry.role == "participle" or (nxt[0] in "وف" and entry.role in (
                        "continuation", "speech"))):
                    return k
                if v.starts_phrase(k + 1, self.boundaries):
                    return k
                if strip_conj(nxt) == normalize("كما") and k + 2 < b and self.verb_at(k + 2) is not None:
                    return k  # "...، كما أكدا على أن": the next statement
                source_end = next((e for e in (v.match(k + 1, words, b) for words in _SOURCE_CUES) if e), None)
                if source_end is not None and not (source_end < b and any(
                        f in self.non_speakers for f in word_forms(v.norms[source_end]))):
                    return k  # "...، بحسب المصادر": a new attribution (not "، حسب الاتفاق،": an aside)
            if (k > s and v.norms[k][:1] == "و" and k + 1 < b and self.verb_at(k + 1) is not None
                    and self.verb_at(k + 1).role == "nominal" and not v.inside_quotation(tok.start)):
                return k  # "... واكتفى بالقول": a new statement
            entry = self.verb_at(k)
            if k > s and entry is not None and not v.inside_quotation(tok.start) and (
                    entry.role == "participle" or (v.norms[k][0] in "وف" and entry.role in ("speech", "continuation")
                                                   and k + 1 < b and (self.is_comp(k + 1) or v.tokens[k + 1].text == ":"))):
                return k
            k += 1
        return b

    # ------------------------------------------------------------------ building quotes
    def add(self, speakers: list[Speaker], kind: str, cue_a: int, cue_b: int, start: int, end: int,
            channel: str | None, date_region: tuple[int, int], confidence: float, sentence: int,
            cue_text: str | None = None) -> bool:
        text = self.doc.text
        while start < end and (text[start].isspace() or text[start] in "«“\"':،,"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "»”\"'.،,:;؛"):
            end -= 1
        if text.count("«", start, end) > text.count("»", start, end) and end < len(text) and text[end] == "»":
            end += 1  # keep a quotation inside the reported clause whole
        if end - start < 3 or not speakers:
            return False
        v = self.view
        cue = cue_text or v.text_span(cue_a, cue_b)
        cue_start = v.tokens[cue_a].start
        if len(cue) > 3 and cue[0] in "وف" and self.verb_at(cue_a) is not None:
            cue, cue_start = cue[1:], cue_start + 1  # the conjunction is not part of the cue
        times = v.times_in(*date_region)
        date = next((t[2] for t in times if t[2]), None)
        if len(speakers) == 1 and speakers[0].entity_type == "PER" and self.agreement_at(cue_a) == "f":
            self.feminine.add(speakers[0].key)
        for spk in speakers:
            name = None if spk.unnamed else spk.name
            conf = confidence if not spk.unnamed else min(confidence, 0.7)
            if spk.entity_id is None and not spk.unnamed:
                conf = min(conf, 0.6)
            self.quotes.append(Quote(
                id="", speaker=spk.entity_id if spk.entity_id else name, speaker_name=name, kind=kind, cue=cue,
                text=text[start:end], start=start, end=end, channel=channel, date=date,
                confidence=round(conf, 2), cue_start=cue_start, cue_end=v.tokens[cue_b - 1].end,
                speaker_text=spk.text or None,
            ))
        self.consumed.append((v.tokens[cue_a].start, end))
        self.history.append((speakers[0], sentence, channel))
        self.last_group = (sentence, list(speakers))
        return True

    def emit(self, speakers: list[Speaker], comp: Complement, cue_a: int, cue_b: int, b: int,
             sentence: int, confidence: float, channel: str | None = None) -> int | None:
        """Turn a complement into a quote; returns the token index to continue from."""
        v = self.view
        channel = comp.channel or channel
        region = (v.tokens[cue_a].start, v.tokens[comp.token].start)
        if comp.kind == "quote" and comp.span:
            o, c = comp.span
            if self.add(speakers, "direct", cue_a, cue_b, o + 1, c - 1, channel, region, confidence + 0.05, sentence):
                self.consumed.append((o, c))
                return v.token_at_char(c)
            return None
        start_tok = comp.token if comp.kind == "comp" and v.norms[comp.token] in _PRONOUN_COMPS else comp.token + 1
        if comp.kind == "colon" and start_tok < b and self.is_comp(start_tok):
            start_tok += 1
        kind = "direct" if comp.kind == "colon" else "indirect"
        if start_tok < b:
            span = self.is_opener(start_tok)
            if span and not self.is_name_quotation(span, start_tok, b):
                o, c = span
                if self.add(speakers, "direct", cue_a, cue_b, o + 1, c - 1, channel, region, confidence + 0.05,
                            sentence):
                    self.consumed.append((o, c))
                    return v.token_at_char(c)
                return None
        end_tok = self.clause_end(start_tok, b)
        if end_tok <= start_tok:
            return None
        start, end = v.tokens[start_tok].start, v.tokens[end_tok - 1].end
        # a short lead-in then a quotation that runs to the end of the clause: the quotation is the speech
        inner = [q for q in v.quotations if start <= q[0] and q[1] <= end + 1]
        if inner and kind == "indirect":
            o, c = inner[-1]
            lead = v.token_at_char(o) - start_tok
            if c >= end and lead <= 6 and self.quotation_words((o, c)) >= 4 and len(inner) == 1:
                if self.add(speakers, "direct", cue_a, cue_b, o + 1, c - 1, channel, region, confidence + 0.05,
                            sentence):
                    self.consumed.append((start, end))
                    return end_tok
                return None
        if self.add(speakers, kind, cue_a, cue_b, start, end, channel, region, confidence, sentence):
            return end_tok
        return None

    # ------------------------------------------------------------------ cues
    def try_source(self, i: int, a: int, b: int, sentence: int) -> int | None:
        """وفقا لـ X / بحسب X / وفق ما أعلن X: an attribution phrase."""
        v = self.view
        if not set(word_forms(v.norms[i])) & _SOURCE_FIRST:
            return None  # cheap test before matching the phrases
        end = None
        for words in _SOURCE_CUES:
            end = v.match(i, words, b)
            if end is not None:
                break
        if end is None:
            return None
        if words == _RELAY:
            return None  # handled inside a verb's clause
        j = end
        via_verb = False
        if j < b and strip_conj(v.norms[j]) in ("ما", "لما", "لم") or (j < b and v.norms[j] == "لما"):
            if j + 1 < b and self.verb_at(j + 1) is not None:
                via_verb = True
                j += 2
            else:
                return None
        k = self.apposition_end(j, self.window_end(j, b), b)
        speakers = self.resolve_window(j, k, sentence)
        if not speakers:
            return None
        if not via_verb and not any(s.entity_id or s.unnamed for s in speakers) and not any(
                f in descriptors() or f in non_quote_words() for f in word_forms(v.norms[j])) and (
                k - j >= 3 or v.norms[j].startswith(("ال", "لل"))):
            # "وفق احتياجات سوق العمل"، "حسب الاتفاق"، "وفق الكتاب والسنة": an attribution phrase needs a
            # source — a named one, a role or a body — not any noun
            return None
        cue_b = j if via_verb else end
        for spk in speakers:
            if spk.entity_id is None and spk.name and spk.name.startswith("لل"):
                spk.name = spk.text = "ال" + spk.name[2:]  # ووفقا للمجلس الاستشاري → المجلس الاستشاري
        if k < b and v.tokens[k].text in "،," and k + 1 < b:
            comp = Complement("quote", k + 1, self.is_opener(k + 1)) if self.is_opener(k + 1) else Complement(
                "comp", k, None)
            if comp.kind == "comp":
                # the speech follows the comma: treat the comma as the opener of an indirect clause
                end_tok = self.clause_end(k + 1, b)
                if end_tok > k + 1:
                    region = (v.tokens[i].start, v.tokens[k].start)
                    if self.add(speakers, "indirect", i, cue_b, v.tokens[k + 1].start, v.tokens[end_tok - 1].end,
                                None, region, 0.7, sentence):
                        return end_tok
                return None
            return self.emit(speakers, comp, i, cue_b, b, sentence, 0.75)
        tail = k
        while tail < b and (v.in_time(tail) or strip_conj(v.norms[tail]) in self.time_words
                            or (v.norms[tail].startswith("لل") and v.is_word(tail))):
            tail += 1  # "..., وفق ما أعلن المرصد أمس."
        if via_verb and (tail >= b or v.tokens[tail].text in ".!?؟") and not any(
                v.tokens[a].start < q.end and q.start < v.tokens[i].start for q in self.quotes):
            # "..., وفق ما أعلن X." — the speech is the clause before the attribution (unless a quote of
            # its own already covers it: "وأعلنت الشرطة أن ...، وفق ما قال قائدها")
            first = a
            last = i - 1
            while last > first and v.is_punct(last):
                last -= 1
            if last > first:
                region = (v.tokens[i].start, v.tokens[min(tail, b) - 1].end)
                if self.add(speakers, "indirect", i, cue_b, v.tokens[first].start, v.tokens[last].end, None,
                            region, 0.7, sentence, cue_text=v.text_span(i, cue_b)):
                    self.consumed.append((v.tokens[first].start, v.tokens[min(tail, b) - 1].end))
                    return max(k, tail)
        if not via_verb and (tail >= b or v.tokens[tail].text in ".!?؟") and i - 1 > a:
            # "... «لبحث موضوعات مشتركة»، بحسب الخارجية." — a quotation closing right before the attribution
            back = i - 1
            while back > a and v.tokens[back].text in "،,":
                back -= 1
            span = next((q for q in v.quotations if q[1] == v.tokens[back].end), None)
            if span and not self.is_consumed(span[0]) and self.quotation_words(span) >= 3:
                region = (v.tokens[i].start, v.tokens[min(tail, b) - 1].end)
                if self.add(speakers, "direct", i, cue_b, span[0] + 1, span[1] - 1, None, region, 0.7, sentence,
                            cue_text=v.text_span(i, cue_b)):
                    self.consumed.append(span)
                    return max(k, tail)
        return None

    def try_verb(self, i: int, a: int, b: int, sentence: int) -> int | None:
        v = self.view
        entry = self.verb_at(i)
        if entry is None:
            return None
        # "الذي قال"، "والتي اتهمت": the verb of a relative clause, said by what it describes — unless the
        # verb disagrees with the relative pronoun ("الدول التي قال إنها تحاول": someone else said it)
        if i > a and (v.norms[i - 1] in self.relatives or (
                v.norms[i - 1][:1] == "و" and v.norms[i - 1][1:] in self.relatives and v.norms[i - 1] != "وما")) \
                and not (entry.role == "speech" and i + 1 < b and self.is_comp(i + 1)
                         and _disagrees(strip_conj(v.norms[i - 1]), strip_conj(v.norms[i]))):
            return None
        role = entry.role
        cue_a, cue_b = i, i + 1
        channel: str | None = None
        speakers: list[Speaker] = []
        j = i + 1
        if role == "participle":
            speakers = self.participle_speaker(i, a, sentence)
            k = j
        elif role == "nominal":
            lead = next((x for x in range(i - 1, max(a - 1, i - 6), -1)
                         if strip_conj(v.norms[x]) in _GOING_ON), None)
            if i > a and strip_conj(v.norms[i - 1]) in (normalize("اكتفى"), normalize("اكتفت")):
                cue_a = i - 1
                last = self.recent(sentence)
                speakers = [last] if last else []
            elif lead is not None:
                # ومضت المصادر بالتأكيد على أن: the subject sits between the verb and the verbal noun
                speakers = self.resolve_window(lead + 1, i, sentence) if lead + 1 < i else []
                if not speakers:
                    last = self.recent(sentence)
                    speakers = [last] if last else []
            else:
                for back in range(i - 1, max(a - 1, i - 10), -1):
                    if v.norms[back] == "عن":
                        speakers = self.resolve_window(back + 1, i, sentence)
                        break
                    if v.norms[back] in (normalize("عنه"), normalize("عنها")):
                        last = self.recent(sentence)  # نقلت عنه ... قوله: the speaker named before
                        speakers = [last] if last else []
                        break
            k = self.skip_adjuncts(j, b)
        elif role == "belief" and v.norms[i] == normalize("اعتقاده"):
            back = next((x for x in range(i - 1, max(a - 1, i - 8), -1)
                         if strip_conj(v.norms[x]) in (normalize("يبدي"), normalize("تبدي"), normalize("أبدى"))), None)
            if back is None:
                return None
            cue_a = back
            speakers = self.resolve_window(back + 1, i, sentence) if back + 1 < i else []
            if not speakers:
                last = self.recent(sentence)
                speakers = [last] if last else []
            k = j
        else:
            j = self.skip_adjuncts(j, b)
            k = j
            span = self.is_opener(j) if j < b else None
            if span and self.quotation_words(span) <= 6:
                after = v.token_at_char(span[1])
                if any(self.is_comp(x) or v.tokens[x].text == ":" for x in range(after, min(after + 4, b))):
                    k = after  # «مكتب أخبار سوريا» المعارض أن — a quoted name as the subject
            k = self.window_end(k, b)
            if k > j + 1:
                # "أبلغ المتحدث باسم الوزارة الصحفيين أن": the people told are not part of the subject
                cut = next((t for t in range(j + 1, k) if strip_conj(v.norms[t]) in self.addressees), None)
                if cut is not None:
                    k = cut
            k = self.apposition_end(j, k, b)
            pre = []
            if v.norms[i][0] not in "وف" or v.norms[i].startswith("ف"):
                pre = self.pre_verb_subject(i, a, sentence)
            if pre and (k == j or v.norms[i].startswith("ف") or strip_conj(v.norms[a]) in (
                    normalize("كان"), normalize("كانت"))):
                speakers = pre
                k = j
            else:
                speakers = self.resolve_window(j, k, sentence) if k > j else []
                if speakers and all(sp.entity_id is None and not sp.unnamed for sp in speakers):
                    # "مبعوث الأردن الأسبق لدى الأمم المتحدة حسن أبو نعمة:": the title's tail, then the name
                    named = self.person_after_title_tail(k, b)
                    if named is not None:
                        speakers, k = [named[0]], named[1]
                if not speakers and k == j:
                    speakers = pre
            # a document issued by someone: "وذكر بيان صادر عن الديوان الملكي أن" — the issuer speaks
            if k > j and k < b and any(f in _DOCUMENTS for f in word_forms(v.norms[j])) and (
                    v.norms[k] == "عن" and strip_conj(v.norms[k - 1]) in _ISSUED):
                stop = self.window_end(k + 1, b)
                issuer = self.resolve_window(k + 1, stop, sentence)
                if issuer:
                    speakers, k = issuer, stop
                    channel = channel or "statement"
            # relay: نقل X عن Y قوله / X نقلا عن Y
            relayed = v.match(k, _RELAY, b) if k < b else None
            if not relayed and k > j:
                # "وذكرت البوابة الإلكترونية لصحيفة الأهرام نقلا عن مصدر": the outlet's tail, then the relay
                ahead = next((x for x in range(k + 1, min(k + 5, b)) if v.match(x, _RELAY, b)), None)
                if ahead is not None and all(v.is_word(x) and not self.is_comp(x) for x in range(k, ahead)):
                    k, relayed = ahead, v.match(ahead, _RELAY, b)
            if k < b and ((v.norms[k] == "عن" and entry.lemma == normalize("نقل")) or relayed):
                relay_end = v.match(k, _RELAY, b) or k + 1
                if speakers:
                    channel = speakers[0].name or speakers[0].text
                stop = self.window_end(relay_end, b)
                speakers = self.resolve_window(relay_end, stop, sentence)
                k = stop
                if k < b and self.verb_at(k) is not None and self.verb_at(k).role == "nominal":
                    cue_a, cue_b = k, k + 1
                    k += 1
            elif entry.lemma == normalize("نقل"):
                return None
            if role == "belief" and k == j and not pre and v.norms[i][:1] in "يت" and j < b and self.is_comp(j):
                return None  # يعتقد أن ... with no subject: "it is believed", nobody's opinion
            pronoun_subject = j < b and (strip_conj(v.norms[j]) in _PRONOUNS or v.norms[j] in _PRONOUNS)
            if pronoun_subject and not speakers:
                k = j  # "وتابع وهو يتذكر ...": the pronoun is no new speaker
                if v.norms[j] in _RESUMPTIVE and i > a:
                    # "تصريحات للحكومة الأفغانية قالت فيها": the body named just before the verb
                    near = [m for m in v.mentions_in(v.tokens[max(a, i - 4)].start, v.tokens[i - 1].end)
                            if m.entity.type in ("PER", "ORG", "LOC") and not v.inside_quotation(m.start)]
                    # "البيان الذي أصدره الدكتور فلان الأمين العام للرابطة، وقال فيه": a masculine verb
                    # goes with the person who issued it, not the body named after his title
                    person = [m for m in v.mentions_in(v.tokens[a].start, v.tokens[i - 1].end) if m.entity.type == "PER"]
                    if person and self.agreement_at(i) == "m":
                        speakers = [speaker_from_mention(self.doc, person[-1])]
                    elif person and not near:
                        # "قدمت الدكتورة فلانة ورقة بعنوان "..." أشارت فيها": the one who presented it
                        speakers = [speaker_from_mention(self.doc, person[-1])]
                    elif near:
                        speakers = [speaker_from_mention(self.doc, near[-1])]
            plural_verb = v.norms[i].endswith("وا") and not speakers
            if not speakers and k == j and role != "partial":
                speakers = self.sentence_subject(i, a, sentence)
            in_sentence = bool(speakers)  # "واتهمت أوكرانيا والدول الغربية ... وقالوا": a coordinated subject
            if not speakers and k == j and role != "partial":
                last = self.recent(sentence, agree=self.agreement_at(i))
                if last is not None and i == a and v.norms[i][:1] == "و" and not any(
                        sent == sentence - 1 for _spk, sent, _ch in self.history[-1:]):
                    # "دعا الدكتور فلان ... . وقال: ..." — a person who became the subject of the sentence
                    # just before, though quoted by no one yet, goes on rather than an older speaker
                    fresh = self.previous_subject(sentence)
                    if len(fresh) == 1 and fresh[0].entity_type == "PER" and fresh[0].key != last.key:
                        last = fresh[0]
                if last is not None:
                    speakers = [last]
            if not speakers and k == j and role != "partial" and i == a and v.norms[i][:1] == "و":
                speakers = self.previous_subject(sentence)
            if plural_verb and len(speakers) == 1 and speakers[0].entity_type == "PER":
                return None  # "قالوا" is never one person: the subject is somewhere this reading missed
            if k == j and role != "partial" and not in_sentence and self.agreement_at(i) == "pl" and (
                    not speakers or len(speakers) == 1 and not self.can_continue(speakers[0], "pl")):
                # "وأكدوا أن" with no group named before (a body or a state takes a singular verb): people
                # the article does not name
                speakers = [Speaker(None, None, v.text_span(i, i + 1), v.tokens[i].start, v.tokens[i].end, True)]
        if not speakers:
            return None
        # a quotation right before the verb: «...»، قال فلان
        if role in ("speech", "continuation") and i - 1 > a:
            back = i - 1
            if back > a and strip_conj(v.norms[back]) == _THUS:
                back -= 1  # «...»، هكذا يؤكد الخبير فلان
            while back > a and v.tokens[back].text in "،,":
                back -= 1
            tok = v.tokens[back]
            if tok.text in "»”\"":
                span = next((q for q in v.quotations if q[1] == tok.end), None)
                usable = span and not self.is_consumed(span[0]) and self.quotation_words(span) >= 3
                region = (v.tokens[i].start, v.tokens[k - 1].end if k > i else v.tokens[i].end)
                if usable and self.add(speakers, "direct", cue_a, cue_b, span[0] + 1, span[1] - 1, channel,
                                       region, 0.85, sentence):
                    self.consumed.append(span)
                    return k
        if role == "partial" and k > j and not any(s.entity_id or s.unnamed for s in speakers) and not any(
                f in descriptors() or f in non_quote_words() for f in word_forms(v.norms[j])):
            return None  # "وصف إجراءاتها ضد الرؤساء بأنها": a plain noun after وصف is its object, not a speaker
        if role == "partial":
            for x in range(k, min(k + 7, b)):
                span = self.is_opener(x)
                if span and not self.is_consumed(span[0]) and not self.is_name_quotation(span, x, b, partial=True):
                    words = self.quotation_words(span)
                    conf = 0.6 if words >= 4 else 0.4
                    if self.add(speakers, "direct", cue_a, cue_b, span[0] + 1, span[1] - 1, channel,
                                (v.tokens[i].start, span[0]), conf, sentence):
                        self.consumed.append(span)
                        return v.token_at_char(span[1])
                    return None
                if v.tokens[x].text in "،," and x + 1 < b and (v.in_time(x + 1) or v.norms[x + 1] == "عن"
                                                               or strip_conj(v.norms[x + 1]) in self.time_words):
                    continue  # "عبّر X، أمس، عن «...»": the time and the عن lead to the quoted words
                if self.is_comp(x) or v.is_punct(x) and v.tokens[x].text not in "(":
                    break
            # وصف ... بأنه، حذر من أن: a non-speech verb with a complementiser reports speech too
            # (not دعا إلى أن: a call is no statement)
            comp = self.find_complement(k, b, i)
            if comp is None or comp.kind != "comp":
                return None
            if not (v.norms[comp.token].startswith("بان") or entry.lemma in (normalize("حذر"), normalize("وصف"))):
                return None
            if comp.token - k > 2:
                return None  # the complementiser must follow the verb's object at once (وصف X بأنه)
            if entry.lemma == normalize("وصف") and comp.token == i + 1:
                return None  # "ووُصفت بأنها": with no object between, the verb is passive (was described as)
            return self.emit(speakers, comp, cue_a, cue_b, b, sentence, 0.6, channel)
        if role == "object":
            end_tok = self.clause_end(k, b)
            if end_tok > k and not self.is_comp(k):
                region = (v.tokens[i].start, v.tokens[k].start)
                if self.add(speakers, "indirect", cue_a, cue_b, v.tokens[k].start, v.tokens[end_tok - 1].end,
                            channel, region, 0.6, sentence):
                    return end_tok
            comp = self.find_complement(k, b, i)
            if comp is None:
                return None
        else:
            comp = self.find_complement(k, b, i)
        if comp is None and role == "belief":
            for x in range(k, min(k + 4, b)):
                span = self.is_opener(x)
                if span:
                    comp = Complement("quote", x, span)
                    break
        if comp is None:
            return self.object_quote(entry.lemma, speakers, i, k, b, cue_a, cue_b, sentence, channel)
        conf = {"speech": 0.85, "continuation": 0.8, "participle": 0.75, "nominal": 0.8, "belief": 0.7}.get(role, 0.7)
        return self.emit(speakers, comp, cue_a, cue_b, b, sentence, conf, channel)

    def named_or_titled(self, speaker: Speaker) -> bool:
        """A speaker read as a person's name, or a title (وزير الطاقة): one who makes statements, unlike
        a report or a study (أشار التقرير إلى)."""
        if speaker.entity_type == "PER":
            return True
        words = normalize(speaker.text).split()
        return bool(words) and any(descriptors().get(f) == "role" for f in word_forms(words[0]))

    def object_quote(self, lemma: str, speakers: list[Speaker], i: int, k: int, b: int, cue_a: int, cue_b: int,
                     sentence: int, channel: str | None) -> int | None:
        """Speech reported as a noun object: "أشار شهود عيان إلى استشهاد ..." and, after an explicit
        channel, "أعلنت الحركة في بيان استئناف العمليات". Only for speakers that are entities or
        unnamed sources: a plain noun subject (أشار التقرير إلى) is too often not a speaker."""
        v = self.view
        if k >= b or not speakers or not all(s.entity_id or s.unnamed or self.named_or_titled(s) for s in speakers):
            return None
        start = None
        if lemma == normalize("أشار") and v.norms[k] == "الي" and k + 1 < b and v.is_word(k + 1):
            start = k + 1
        elif lemma in (normalize("شدد"), normalize("أكد")):
            # أكد أهمية ...، شدد على ضرورة ...، مؤكدا حرص ...: what is stressed is the content
            x = k + 1 if v.norms[k] == "علي" else k
            after_ala = x > k or (k > i + 1 and v.norms[k - 1] == "علي")  # the subject took على along
            if x < b and v.is_word(x) and not self.is_comp(x) and self.verb_at(x) is None and (
                    after_ala or any(f in self.object_heads for f in word_forms(v.norms[x]))):
                start = x
        elif lemma == normalize("كشف"):
            x = k + 1 if v.tokens[k].text in "،," else k
            if x + 1 < b and v.norms[x] == "عن" and v.is_word(x + 1):
                start = x + 1  # كشفت مصادر ...، عن دراسة ...: what is revealed is the content
        elif lemma == normalize("أعلن"):
            found = iter_phrases(v, channel_phrases(), k, b)
            if found:
                end, label = found
                channel = channel or label
                start = end
                if start + 1 < b and v.norms[start] in ("في", "علي"):
                    platform = iter_phrases(v, outlets(), start + 1, b)
                    if platform:
                        start = platform[0]  # "عبر حسابه في تويتر": where, not what was announced
            elif speakers[0].end > 0 and v.token_at_char(speakers[0].end) > i:
                # أعلنت الوزارة القبض على ...، أعلن الجيش عن مقتل ...: a definite verbal noun right after the
                # named subject is what was announced (a title's speaker marks only its first word: the
                # whole subject ends at k)
                x = v.token_at_char(max(s.end for s in speakers))
                if all(s.entity_id is None and not s.unnamed for s in speakers):
                    x = max(x, k)
                while x < b and (v.in_time(x) or strip_conj(v.norms[x]) in self.time_words):
                    x += 1
                explicit = x < b and v.norms[x] == "عن"
                if explicit:
                    x += 1
                # after عن the object is marked, definite or not (أعلن عن تقارب في المواقف)
                # or one made definite by what follows it (تعيين الجنرال فلان) or by a pronoun (عزمهما)
                construct = v.is_word(x + 1) and (v.norms[x + 1].startswith("ال") or bool(
                    v.mentions_in(v.tokens[x + 1].start, v.tokens[x + 1].end))) if x + 1 < b else False
                possessed = len(v.norms[x]) > 4 and v.norms[x].endswith(("ها", "هما", "هم"))
                bare_noun = (construct or possessed) and not v.norms[x].startswith(("ب", "ل", "و", "ف"))
                if x + 1 < b and (explicit or v.norms[x].startswith("ال") or bare_noun) and \
                        v.is_word(x) and not self.is_comp(x) and self.verb_at(x) is None and \
                        not v.mentions_in(v.tokens[x].start, v.tokens[x].end):
                    start = x
        if start is None or start >= b:
            return None
        end_tok = self.clause_end(start, b)
        if end_tok - start < 2:
            return None
        region = (v.tokens[i].start, v.tokens[start].start)
        if self.add(speakers, "indirect", cue_a, cue_b, v.tokens[start].start, v.tokens[end_tok - 1].end, channel,
                    region, 0.6, sentence):
            return end_tok
        return None

    def try_statement(self, i: int, a: int, b: int, sentence: int) -> int | None:
        """وجاء في البيان أن ...: the statement's issuer speaks."""
        v = self.view
        if not set(word_forms(v.norms[i])) & _STATEMENT_FIRST:
            return None
        for words in _STATEMENT:
            end = v.match(i, words, b)
            if end is None:
                continue
            issuer = next((spk for spk, sent, ch in reversed(self.history)
                           if ch and "statement" in ch and sentence - sent <= 8), None)
            if issuer is None:
                issuer = self.recent(sentence)
            if issuer is None:
                return None
            comp = self.find_complement(end, b, i)
            if comp is None:
                return None
            return self.emit([issuer], comp, i, end, b, sentence, 0.75, "statement")
        return None

    def run(self) -> list[Quote]:
        v = self.view
        verbs = self.verbs
        # the words where one of the three cues may start (the test each try_ opens with), found in one
        # pass; only these are visited, as the words between them start no cue
        positions = [k for k, norm in enumerate(v.norms)
                     if _opens_statement_or_source(norm) or norm in verbs or strip_conj(norm) in verbs]
        for sentence, (a, b) in enumerate(v.sentences):
            p = bisect.bisect_left(positions, a)
            i = a
            while p < len(positions) and positions[p] < b:
                if positions[p] < i:
                    p += 1
                    continue  # inside the speech attributed before
                i = positions[p]
                tok = v.tokens[i]
                nxt = None
                if not self.is_consumed(tok.start) and not v.inside_quotation(tok.start):
                    nxt = self.try_statement(i, a, b, sentence) or self.try_source(i, a, b, sentence) or \
                        self.try_verb(i, a, b, sentence)
                i = nxt if nxt and nxt > i else i + 1
        self.quotes.sort(key=lambda q: (q.start, q.cue_start or 0))
        for n, q in enumerate(self.quotes, 1):
            q.id = f"Q{n}"
        return self.quotes


@lru_cache(maxsize=100_000)
def _complete_noun(norm: str) -> bool:
    """A noun made definite by the article or a pronoun (الإدارة، اسمه): it takes no name after it."""
    return norm.startswith("ال") or (len(norm) > 3 and norm.endswith(("ه", "ها", "هم")))


def _opens_statement_or_source(norm: str) -> bool:
    """A reading of the word is the first word of a statement phrase (جاء في البيان) or of an attribution
    phrase (بحسب، وفقا): the cheap tests of try_statement and try_source, kept per word."""
    forms = set(word_forms(norm))
    return bool(forms & _STATEMENT_FIRST) or bool(forms & _SOURCE_FIRST)


_FEMININE_RELATIVES = {normalize(w) for w in ("التي", "اللتين", "اللاتي", "اللواتي")}
_MASCULINE_RELATIVES = {normalize(w) for w in ("الذي", "الذين", "اللذين")}


def _disagrees(relative: str, verb: str) -> bool:
    """A relative pronoun and the verb after it differ in gender, so the verb has a subject of its own."""
    feminine_verb = verb.endswith("ت") or verb.startswith("ت")
    if relative in _FEMININE_RELATIVES:
        return not feminine_verb and not verb.endswith("وا")
    if relative in _MASCULINE_RELATIVES:
        return feminine_verb
    return False


def find_quotes(doc: Document) -> list[Quote]:
    """The quotes of a document whose sentences (and, when present, entities and times) are filled."""
    return QuoteFinder(doc).run()


def add_quotes(doc: Document) -> Document:
    """Pipeline stage: fill doc.quotes (a failure is handled by the Pipeline, which logs it)."""
    doc.quotes = find_quotes(doc)
    return doc
