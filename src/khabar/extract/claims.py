"""Claims stage: who holds which claim and how (asserts, admits, accuses, denies, ...), with negation."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache, lru_cache

from khabar.document import Claim, Document, Quote
from khabar.extract.attribution_common import (
    Speaker,
    clause_words,
    descriptors,
    display_name,
    load_rows,
    non_quote_words,
    phrase,
    reporting_verbs,
    role_text,
    speaker_from_mention,
    speakers_in_window,
    strip_conj,
    word_forms,
)
from khabar.extract.quotes import QuoteFinder
from khabar.text.normalize import normalize

_NEGATORS = {normalize(w) for w in ("لم", "لا", "لن", "ليس", "ليست", "دون", "بدون", "عدم", "غير")}
_WHETHER = {normalize(w) for w in ("ما", "عما", "مما")}  # ما إذا: "whether", not a condition
_APODOSIS = {"ف"}
# words that end a holder phrase: prepositions, and the usual objects of a denial or confirmation
_HOLDER_STOPS = {normalize(w) for w in ("في", "من", "عن", "على", "إلى", "مع", "صحة", "أي", "كل", "ما", "الخبر",
                                         "الأخبار", "الأنباء", "التقارير", "المعلومات", "الاتهامات", "الشائعات",
                                         "مسؤولية", "المسؤولية", "وجود", "تورط", "علاقة", "عدم", "وفق",
                                         "وفقا", "بحسب", "حسب", "نقلا")}
_PURPOSE = {normalize(w) for w in ("حتى", "كي", "لكي", "ريثما")}  # حتى تتحقق الأهداف: no stance
_PASSES = {normalize(w) for w in ("أقر", "أقرت", "أقروا", "يقر", "تقر")}  # also "approved" (a law, a budget)
_BY_VOTE = {normalize(w) for w in ("بالأغلبية", "بالاغلبية", "بالإجماع", "بالاجماع")}
_SOURCE_CONFIDENCE = 0.65  # marks claims made from an attribution phrase (وفقا لـ، بحسب)


@dataclass(frozen=True, slots=True)
class StanceCue:
    words: tuple[str, ...]
    stance: str
    scope: str
    negated: str
    target: bool
    participle: bool = False  # an adverbial participle (متهما): only after a comma, else it is passive ("accused")


@cache
def stance_cues() -> tuple[StanceCue, ...]:
    cues = []
    for row in load_rows("stance_cues.tsv"):
        if len(row) < 5:
            continue
        participle = len(row) > 5 and "participle" in row[5]
        cues.append(StanceCue(phrase(row[0]), row[1], row[2], row[3], row[4] == "yes", participle))
    # longest first so that "لم يصدر أي تعليق" wins over shorter cues at the same place
    return tuple(sorted(cues, key=lambda c: -len([w for w in c.words if w != "..."])))


@cache
def cues_by_first_word(sources: bool | None = None) -> dict[str, tuple[StanceCue, ...]]:
    """The cues indexed by their first word; `sources` True or False keeps only the attribution
    phrases (scope source) or only the others."""
    index: dict[str, list[StanceCue]] = {}
    for cue in stance_cues():
        if sources is None or (cue.scope == "source") == sources:
            index.setdefault(cue.words[0], []).append(cue)
    return {w: tuple(c) for w, c in index.items()}


@lru_cache(maxsize=200_000)
def _cues_at(norm: str) -> tuple[tuple[StanceCue, ...], tuple[StanceCue, ...]]:
    """The cues that may start at a word (normalised), longest first: those whose first word is one of its
    clitic readings; the others at [False], the attribution phrases at [True]. Kept per word: every word of
    every sentence is looked up twice, and words recur."""
    return _cues_starting(False, norm), _cues_starting(True, norm)


def _cues_starting(sources: bool, norm: str) -> tuple[StanceCue, ...]:
    index = cues_by_first_word(sources)
    found = []
    for form in word_forms(norm):
        if form not in index:
            continue
        clitics = norm[: len(norm) - len(form)] if norm.endswith(form) else ""
        group = index[form]
        if any(ch in clitics for ch in "بلك"):
            # a preposition takes a noun, never a verb: باقر (the name Baqir) is no بـ + أقر
            group = tuple(c for c in group if c.scope != "verb")
        if group:
            found.append(group)
    if not found:
        return ()
    if len(found) == 1:
        return found[0]  # stance_cues() keeps the longest cues first
    return tuple(sorted((c for group in found for c in group), key=lambda c: -len([w for w in c.words if w != "..."])))


@cache
def _source_starts() -> frozenset[str]:
    return frozenset(c.words[0] for c in stance_cues() if c.scope == "source")


def _forecast(clause: str) -> bool:
    """Whether a reported clause speaks of the future in its first words: سوف، لن, or a verb with the
    future prefix س (سيكون، ستوحد)."""
    future = clause_words().get("future", frozenset())
    words = [strip_conj(normalize(w)) for w in clause.split()[:6]]
    return any(w in future or _future_verb(w) for w in words)


def _future_verb(word: str) -> bool:
    # س + an imperfect prefix (سيكون، ستوحد، سنعمل); nouns that look alike end in ة/ات/ي (سيارة، سياسات)
    return len(word) > 4 and word[0] == "س" and word[1] in "يتن" and not word.endswith(("ه", "ات", "ي", "ين"))


class ClaimFinder:
    """Reads stance cues, negation and conditionals around the quotes already found."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.finder = QuoteFinder(doc)
        self.view = self.finder.view
        self.claims: list[Claim] = []
        self.quotes = list(doc.quotes)
        self.boundaries = self.finder.boundaries
        # token indices where a cue may start: [False] the other cues, [True] the attribution phrases
        starts = [_cues_at(norm) for norm in self.view.norms]
        self.cue_positions = ([k for k, (others, _) in enumerate(starts) if others],
                              [k for k, (_, sources) in enumerate(starts) if sources])

    # ------------------------------------------------------------------ helpers
    def quote_containing(self, offset: int) -> Quote | None:
        inside = [q for q in self.quotes if q.start <= offset < q.end]
        return inside[0] if inside else None

    def sentence_quotes(self, a: int, b: int) -> list[Quote]:
        v = self.view
        lo, hi = v.tokens[a].start, v.tokens[b - 1].end
        return [q for q in self.quotes if lo <= (q.cue_start if q.cue_start is not None else q.start) < hi]

    def clause_end(self, s: int, b: int, limit_char: int | None = None) -> int:
        v = self.view
        k = s
        while k < b:
            tok = v.tokens[k]
            entry = self.finder.verb_at(k) if k > s else None
            if entry is not None and v.norms[k][0] in "وف" and entry.role in ("speech", "continuation") and (
                    k + 1 < b and (self.finder.is_comp(k + 1) or v.tokens[k + 1].text == ":")):
                return k  # "... وقالت إن": a new statement begins
            if limit_char is not None and tok.start >= limit_char:
                return k
            if tok.text in ".!?؟;؛":
                return k
            if tok.text in "،," and k + 1 < b:
                nxt = v.norms[k + 1]
                if v.starts_phrase(k + 1, self.boundaries):
                    return k
                entry = self.finder.verb_at(k + 1)
                if entry is not None and (entry.role == "participle" or nxt[0] in "وف"):
                    return k
            k += 1
        return b

    def span_text(self, a: int, b: int) -> tuple[str, int, int]:
        v = self.view
        if a >= b:
            return "", -1, -1
        start, end = v.tokens[a].start, v.tokens[b - 1].end
        text = self.doc.text
        while start < end and text[start] in "«“\"'(،, ":
            start += 1
        while end > start and text[end - 1] in "»”\"'.،,:; ":
            end -= 1
        return text[start:end], start, end

    def negator_before(self, i: int, a: int) -> int | None:
        v = self.view
        for k in range(i - 1, max(a - 1, i - 5), -1):
            if v.is_punct(k) or v.norms[k] in self.boundaries:
                return None
            if strip_conj(v.norms[k]) in _NEGATORS:
                return k
        return None

    def holder_of_speech(self, offset: int, a: int, b: int) -> Quote | None:
        q = self.quote_containing(offset)
        if q is not None:
            return q
        same = self.sentence_quotes(a, b)
        return same[0] if same else None

    def add(self, holders: list[Speaker | None], stance: str, cue: str, cue_span: tuple[int, int],
            content: tuple[str, int, int], target: Speaker | None = None, date: str | None = None,
            confidence: float = 0.75) -> None:
        text, start, end = content
        if not text:
            return
        for h in holders or [None]:
            holder_id = h.entity_id if h and h.entity_id else (h.name if h else None)
            holder_name = h.name if h and not h.unnamed else None
            if h is not None and h.unnamed:
                holder_id = None
            self.claims.append(Claim(
                id="", holder=holder_id, holder_name=holder_name, stance=stance, cue=cue, text=text,
                start=start, end=end,
                target=(target.entity_id or target.name) if target else None,
                target_name=target.name if target else None,
                cue_start=cue_span[0], cue_end=cue_span[1], date=date, confidence=confidence,
                holder_text=(h.text or None) if h else None,
            ))

    @staticmethod
    def speaker_of(doc: Document, q: Quote) -> Speaker | None:
        if q.speaker is None and q.speaker_name is None:
            # a person's role with no name (قال الوزير) is nobody's name but no anonymous source either:
            # what he says is read as the statement of a named person
            head = normalize((q.speaker_text or "").split()[0]) if q.speaker_text else ""
            kinds = descriptors()
            role_only = any(kinds.get(f) == "role" for f in word_forms(head))
            return Speaker(None, None, q.speaker_text or "", unnamed=not role_only,
                           entity_type="PER" if role_only else None)
        ent = doc.entity(q.speaker) if q.speaker else None
        if ent is not None:
            return Speaker(ent.id, display_name(ent), ent.name_ar, entity_type=ent.type)
        return Speaker(None, q.speaker_name or q.speaker, q.speaker_name or q.speaker or "")

    # ------------------------------------------------------------------ cue handlers
    def verb_holders(self, i: int, e: int, a: int, b: int, sentence: int,
                     gap: tuple[int, int] | None = None, one_word: bool = False) -> tuple[list[Speaker], int]:
        """Holders of a verb cue at [i, e) and the token after them. `gap` is the span of words between
        the parts of a split cue (حمّلت [الأمم المتحدة الميليشيات] مسؤولية), where the subject sits."""
        v = self.view
        f = self.finder
        at = v.tokens[i].start
        # the cue is, or sits in, the reporting clause of a quote: that quote's speaker holds it
        for q in self.quotes:
            if q.cue_start is not None and q.cue_start <= at < max(q.cue_end or 0, q.start if q.start > q.cue_start
                                                                  else 0):
                spk = self.speaker_of(self.doc, q)
                return ([spk] if spk else []), e
        if gap is not None and gap[1] > gap[0]:
            found = speakers_in_window(v, gap[0], gap[1])
            head = word_forms(v.norms[gap[0]])
            if not found and any(w in _descriptor_heads() or w in non_quote_words() for w in head):
                found = f.resolve_window(gap[0], gap[1], sentence)  # a role or a body (وزارة الصحة)
            if found:
                return found, gap[1]
            # the split words name no one (أكدت ذلك رسميا): the subject can only precede the verb
            pre = f.pre_verb_subject(i, a, sentence)
            if not pre and v.norms[gap[0]].startswith("ال") and len(v.norms[gap[0]]) > 4 and v.norms[gap[0]] not in (
                    _HOLDER_STOPS) and gap[1] - gap[0] <= 3:
                words = v.text_span(gap[0], gap[1])  # no entity behind "ولم تؤكد الشرطة اعتقال ..."
                pre = [Speaker(None, words, words, v.tokens[gap[0]].start, v.tokens[gap[1] - 1].end)]
            return pre, e
        pre = []
        if v.norms[i][0] not in "وف" or strip_conj(v.norms[a]) in (normalize("كان"), normalize("كانت")):
            pre = f.pre_verb_subject(i, a, sentence)
        if pre:
            return pre, e
        j = f.skip_adjuncts(e, b)
        k = f.apposition_end(j, f.window_end(j, b), b)  # نفى وزير الخزانة، جاك لو، ...: the person named
        if k > j and not v.norms[j].startswith("ل"):
            opening = [m for m in v.mentions_in(v.tokens[j].start, v.tokens[k - 1].end)
                       if m.start <= v.tokens[j].start + 1 and m.entity.type in ("PER", "ORG", "LOC")]
            if not opening and v.norms[j].startswith("ال") and len(v.norms[j]) > 4 and v.is_word(j):
                person = f.coreferent(j, j + 1, sentence)
                if person is not None and person.entity_id and person.entity_type in ("PER", "ORG"):
                    # واتهم الشهراني ...: a person's surname; واتهم الحزب ...: the party named before in full
                    return [person], j + 1
            if one_word and opening:
                # اتهم حزب ... أردوغان بـ: the name opening the phrase is the subject, a later one the target
                m = opening[0]
                return [speaker_from_mention(self.doc, m)], v.token_at_char(m.end)
            if one_word and not opening and v.norms[j].startswith("ال") and strip_conj(v.norms[j]).endswith(("ون", "ين")) \
                    and len(v.norms[j]) > 5 and v.is_word(j):
                # "واتهم الانفصاليون الحكومة الأوكرانية بـ": a group right after the verb is its subject, and the
                # body after it the target
                words = v.text_span(j, j + 1)
                return [Speaker(None, words, words, v.tokens[j].start, v.tokens[j].end)], j + 1
            found = speakers_in_window(v, j, k)
            if found:
                last_end = max(s.end for s in found)
                return found, v.token_at_char(last_end)
            if any(w in _descriptor_heads() for w in word_forms(v.norms[j])):
                # a role or an unnamed source with no entity (وتتحقق السلطات): its words are the holder
                found = f.resolve_window(j, min(k, j + 4), sentence)
                if found and found[0].entity_id is None and not found[0].unnamed:
                    return found, v.token_at_char(found[0].end) if found[0].end > 0 else j + 1
                if found:
                    return found, k
            elif any(w in non_quote_words() for w in word_forms(v.norms[j])) and j + 1 < k:
                # a body the entity layer missed (نفت وزارة الصحة انتشار ...): its head and the definite
                # words that complete its name
                stop = j + 1
                while stop < min(k, j + 5) and v.is_word(stop) and v.norms[stop].startswith(("ال", "لل", "وال")) and \
                        v.norms[stop] not in _HOLDER_STOPS:
                    stop += 1
                if stop > j + 1:
                    words = v.text_span(j, stop)
                    return [Speaker(None, words, words, v.tokens[j].start, v.tokens[stop - 1].end)], stop
            elif v.norms[j].startswith("ال") and len(v.norms[j]) > 4 and v.is_word(j):
                # no entity layer behind it: a definite noun right after the verb is its subject; with an
                # object to follow (اتهمت الحكومة المعارضة) only that word, else its phrase (نفت المديرية
                # العامة للشؤون الصحية ...)
                stop = j + 1
                if not one_word:
                    while stop < min(k, j + 6) and v.is_word(stop) and v.norms[stop] not in _HOLDER_STOPS:
                        stop += 1
                words = v.text_span(j, stop)
                return [Speaker(None, words, words, v.tokens[j].start, v.tokens[stop - 1].end)], stop
        return [], e

    def gap_of(self, cue: StanceCue, i: int, b: int) -> tuple[int, int] | None:
        """Token span of the words between the first word of a split cue and its second part."""
        if "..." not in cue.words:
            return None
        head = cue.words[: cue.words.index("...")]
        tail = cue.words[cue.words.index("...") + 1 :]
        after_head = self.view.match(i, head, b)
        if after_head is None:
            return None
        width = 16 if tail and tail[0] == "عن" else 6  # as View.match: a late عن complement
        for k in range(after_head, min(after_head + width, b)):
            if self._tail_at(k, tail, b):
                return after_head, k
        return None

    def _tail_at(self, k: int, tail: tuple[str, ...], b: int) -> bool:
        v = self.view
        for n, w in enumerate(tail):
            if n > 0 and k + n < b and v.tokens[k + n].text in "«»“”\"":
                k += 1  # a quotation mark between the words of the cue (عن «قلق)
            if k + n >= b:
                return False
            norm = v.norms[k + n]
            if not (norm == w or strip_conj(norm) == w or (not w.startswith("ال") and norm == "ال" + w)
                    or (w.startswith("ال") and norm == w[2:])):
                return False
        return True

    def context_text(self, i: int, a: int, b: int) -> tuple[str, int, int]:
        """What a cue with no content of its own is about: the nearest quote before it in the sentence,
        else the clause before it (وهو ما تنفيه حماس)."""
        v = self.view
        at = v.tokens[i].start
        before = [q for q in self.quotes if v.tokens[a].start <= q.start < at]
        if before:
            q = before[-1]
            return q.text, q.start, q.end
        k = i - 1
        while k > a and v.tokens[k].text not in "،,":
            k -= 1
        lo = a
        for x in range(k - 1, a - 1, -1):
            if v.tokens[x].text in "،,":
                lo = x + 1
                break
        return self.span_text(lo, k if k > a else i)

    def handle_verb(self, cue: StanceCue, i: int, e: int, a: int, b: int, sentence: int) -> None:
        v = self.view
        if i > a and (strip_conj(v.norms[i - 1]) in self.finder.relatives and v.norms[i - 1] != "ما"
                      or strip_conj(v.norms[i - 1]) in _PURPOSE):
            return  # "القطع التي يجري التحقيق فيها": a relative clause, not a stance
        if v.tokens[b - 1].text in "؟?":
            return  # "هل تعتقد أن ...؟": a question takes no stance
        if strip_conj(v.norms[i]).startswith(("ال", "لل")) and not cue.words[0].startswith("ال"):
            return  # "للتحقق من"، "التحقق من": a verbal noun with the article is no verb
        if cue.participle and not (i > a and v.tokens[i - 1].text in "،,"):
            return  # "والصين متهمة بـ": an adjective (accused), not the speaker's adverbial participle
        neg = self.negator_before(i, a)
        stance = cue.negated if neg is not None else cue.stance
        if stance == "-":
            return
        gap = self.gap_of(cue, i, b)
        if cue.participle:
            # "...، متهما الانفصاليين بقصف ...": a participle's subject is the sentence's speaker; the noun
            # after it is its object
            holders = self.finder.participle_speaker(i, a, sentence)
            after = e
        else:
            holders, after = self.verb_holders(i, e, a, b, sentence, gap, one_word=cue.target)
        if not holders:
            prior = [c for c in self.claims if c.cue_start is not None and v.tokens[a].start <= c.cue_start]
            if prior:
                last = prior[-1]
                same = [c for c in prior if c.cue_start == last.cue_start]
                holders = [Speaker(c.holder if c.holder and self.doc.entity(c.holder) else None,
                                   c.holder_name, c.holder_name or "", unnamed=c.holder is None) for c in same]
        if not holders and (stance == "no_comment" or i == a and v.norms[i][:1] == "و"):
            # "ولم يقدم مزيدا من التفاصيل"، "ونفى أن تكون ...": with no subject of its own, the one quoted
            # just before goes on
            here = v.tokens[i].start
            earlier = [q for q in self.quotes if q.end <= here and here - q.end < 400]
            spk = self.speaker_of(self.doc, earlier[-1]) if earlier else None
            holders = [spk] if spk else []
        if not holders:
            return
        cue_a = neg if neg is not None else i
        cue_text = v.text_span(cue_a, e)
        cue_start = v.tokens[cue_a].start
        if cue_text[:1] in ("و", "ف") and len(cue_text) > 3 and strip_conj(v.norms[cue_a]) != v.norms[cue_a]:
            cue_text, cue_start = cue_text[1:], cue_start + 1
        target: Speaker | None = None
        start = max(after, e) if gap is None or after < e else after
        if cue.target:
            k_end = self.clause_end(start, b)
            lo = v.tokens[after].start if after < b else v.tokens[b - 1].end
            if gap is not None:
                lo = max([h.end for h in holders if h.end > 0] or [v.tokens[gap[0]].start])
            hi = v.tokens[k_end - 1].end if k_end > after else 0
            ms = [m for m in v.mentions_in(lo, hi) if all(m.start >= h.end for h in holders if h.end > 0)
                  and not v.inside_quotation(m.start)]  # a name inside quoted words is content, not the target
            before_target = start
            if ms:
                m = ms[0]
                j = v.token_at_char(m.start)
                tgt = speakers_in_window(v, j, v.token_at_char(m.end) or j + 1)
                target = tgt[0] if tgt else None
                start = max(start, v.token_at_char(m.end)) if gap is None else max(e, start)
                if start >= k_end and gap is None:
                    # the name closes the clause (انتقد X الدول التي تلوم تركيا): it sits inside the object,
                    # which is the content, and is no target of its own
                    target, start = None, before_target
            for x in range(start, k_end):
                if v.norms[x].startswith("ب") and len(v.norms[x]) > 3 and v.is_word(x):
                    start = x
                    break
        if cue.target and gap is not None and target is None:
            return  # "تحمل الجهات المسؤولية" (bear responsibility): no one is held responsible
        first = start
        while first < b and (v.norms[first] in _BY_VOTE or v.in_time(first) or (
                v.norms[first] == "في" and first + 1 < b and v.in_time(first + 1)) or v.tokens[first].text in "-–"):
            # أقر المجلس بالإجماع ...: how it was passed, not what was admitted; أقر في مطلع مارس بأن: when
            first += 1
        if stance == "admit" and strip_conj(v.norms[i]) in _PASSES and first < b and not (
                v.norms[first][:1] == "ب" or self.finder.is_comp(first)):
            return  # "أقر البرلمان قانونا": passed a law, admitted nothing (an admission takes بـ or بأن)
        end = self.clause_end(start, b)
        content = self.span_text(start, end)
        if (stance == "not_confirmed" and neg is not None) or stance == "no_comment":
            content = self.span_text(cue_a, max(end, e))
        date = None
        for q in self.quotes:
            if q.cue_start is not None and q.cue_start <= v.tokens[i].start < max(q.cue_end or 0, q.start):
                content = (q.text, q.start, q.end)
                date = q.date
        if not content[0]:
            content = self.context_text(i, a, b)
        self.add(holders, stance, cue_text, (cue_start, v.tokens[e - 1].end), content, target, date)

    def handle_inner(self, cue: StanceCue, i: int, e: int, a: int, b: int) -> None:
        v = self.view
        if cue.stance == "conditional" and i > a and strip_conj(v.norms[i - 1]) in _WHETHER:
            return
        if cue.stance == "conditional" and e < b and v.norms[e] in self.finder.states:
            return  # "في حالة صحية خطيرة": a state, not a condition
        q = self.holder_of_speech(v.tokens[i].start, a, b)
        holder: Speaker | None
        if q is None:
            source = next((c for c in self.claims if c.confidence == _SOURCE_CONFIDENCE and c.cue_start is not None
                           and v.tokens[a].start <= c.cue_start < v.tokens[b - 1].end), None)
            if source is not None:
                # "..., بحسب مصدر دبلوماسي": the attribution phrase of the sentence names the holder
                q = Quote("", source.holder, source.holder_name, "indirect", source.cue, source.text,
                          source.start, source.end)
                holder = self.speaker_of(self.doc, q)
                self.claims.remove(source)
            elif cue.stance == "not_confirmed":
                holder = None  # the reporter's own "could not be verified"
                self.add([], cue.stance, v.text_span(i, e), (v.tokens[i].start, v.tokens[e - 1].end),
                         self.span_text(e, self.clause_end(e, b)), None, None, 0.6)
                return
            else:
                return
        else:
            holder = self.speaker_of(self.doc, q)
        inside = q.start <= v.tokens[i].start < q.end
        limit = q.end if inside else None
        if cue.stance == "conditional":
            # the condition runs to a comma, a contrast or the apodosis (ف...); the claim is the rest
            k = e
            while k < b and not (v.tokens[k].text in "،,.؛" or v.norms[k] in self.boundaries
                                 or (limit is not None and v.tokens[k].start >= limit)
                                 or (k > e and v.norms[k][:1] in _APODOSIS and (len(v.norms[k]) > 3 or
                                                                                  v.norms[k] == "فان")
                                     and v.norms[k][1:2] in "سايت")  # فسيكون، فإنه، فإن
                                 or (k > e + 1 and _future_verb(v.norms[k]))):  # فور اكتمال العمل سترفع
                k += 1
            cue_text = v.text_span(i, k)
            # a main clause follows the condition after a comma or ف (إذا ...، فسيكون / ... فإنه), or
            # starts with a verb in the future
            apodosis = k < b and (v.tokens[k].text in "،," or v.norms[k][:1] in _APODOSIS or _future_verb(v.norms[k]))
            if k < b and v.tokens[k].text in "،,":
                k += 1
            end = self.clause_end(k, b, limit) if k < b else k
            content = self.span_text(k, end) if apodosis else ("", -1, -1)
            if not content[0]:
                # a condition after its main clause: the main clause is the claim
                first = v.token_at_char(q.start) if inside else a
                content = self.span_text(first, i)
            if not content[0]:
                return
            self.add([holder] if holder else [], "conditional", cue_text,
                     (v.tokens[i].start, v.tokens[k - 1].end), content, None, q.date, 0.7)
            return
        cue_text = v.text_span(i, e)
        cue_start = v.tokens[i].start
        if v.norms[i] in ("و" + cue.words[0], "ف" + cue.words[0]):
            cue_text, cue_start = cue_text[1:], cue_start + 1  # ولا أعتقد: the conjunction is not the cue
        content = (q.text, q.start, q.end) if inside else self.span_text(e, self.clause_end(e, b))
        self.add([holder] if holder else [], cue.stance, cue_text, (cue_start, v.tokens[e - 1].end),
                 content, None, q.date, 0.7)

    def handle_from(self, cue: StanceCue, i: int, e: int, a: int, b: int, sentence: int) -> None:
        v = self.view
        end = self.clause_end(e, b)
        holders: list[Speaker] = []
        for k in range(e, min(e + 4, end)):
            if v.norms[k] == "من" or (v.norms[k] in ("الي", "لـ", "ل") and cue.words[-1] == normalize("الوصول")):
                # لم يصدر تعليق من X؛ لم يتسن الوصول إلى X للتعليق
                stop = self.finder.window_end(k + 1, end)
                stop = next((x for x in range(k + 2, stop) if v.norms[x].startswith("لل")), stop)  # للتعليق: why
                holders = speakers_in_window(v, k + 1, stop) or self.finder.resolve_window(k + 1, stop, sentence)
                break
        if not holders:
            holders, _ = self.verb_holders(i, e, a, b, sentence)
        if not holders:
            return
        self.add(holders, cue.stance, v.text_span(i, e), (v.tokens[i].start, v.tokens[e - 1].end),
                 self.span_text(i, end))

    def handle_source(self, cue: StanceCue, i: int, e: int, a: int, b: int, sentence: int) -> None:
        """وفقا للسلطات المحلية / بحسب المرصد / وفق ما أعلن X: the named source asserts the clause."""
        v = self.view
        f = self.finder
        j = i + 1 if cue.words[-1].endswith("*") else e
        via = False
        if j < b and strip_conj(v.norms[j]) in ("ما", "لما"):
            if j + 1 < b and f.verb_at(j + 1) is not None:
                j += 2
                via = True
            else:
                return  # بحسب ما هو معلن: no holder to name
        k = f.window_end(j, b)
        if k <= j:
            return
        holders = speakers_in_window(v, j, k)
        if not holders:
            head = next((f_ for f_ in word_forms(v.norms[j]) if f_ in _descriptor_heads()), None)
            if head is None:
                return
            text = role_text(v, j, k)
            if text[:2] == "لل":
                text = "ال" + text[2:]  # للسلطات = ل + السلطات
            elif text[:1] == "ل" and len(text.split()[0]) > 3:
                text = text[1:]  # لمسؤولين = ل + مسؤولين
            holders = [Speaker(None, text, text, unnamed=_descriptor_heads()[head] in ("unnamed", "group"))]
        cue_end_tok = k if not via else j
        cue_text = v.text_span(i, cue_end_tok)
        tail = k
        while tail < b and (v.in_time(tail) or strip_conj(v.norms[tail]) in f.time_words
                            or (v.norms[tail].startswith("لل") and v.is_word(tail))):
            tail += 1  # "..., بحسب ما ذكر المرصد أمس."
        final = tail >= b or v.tokens[tail].text in ".!?؟"
        if final:
            first = a
            last = i
            while last > first and v.is_punct(last - 1):
                last -= 1
            content = self.span_text(first, last)
        else:
            start = k + 1 if v.tokens[k].text in "،," else k
            content = self.span_text(start, self.clause_end(start, b))
        self.add(holders, "assert", cue_text, (v.tokens[i].start, v.tokens[cue_end_tok - 1].end), content, None, None,
                 _SOURCE_CONFIDENCE)

    # ------------------------------------------------------------------ quotes read as assertions
    def quote_assertions(self) -> None:
        v = self.view
        verbs = reporting_verbs()
        covered = {(c.holder, c.cue_start) for c in self.claims}
        seen_in_sentence: set[tuple[int, str | None]] = set()
        previous: Quote | None = None
        for q in self.quotes:
            sentence = v.sent_of[v.token_at_char(q.start)] if q.start < len(self.doc.text) else -1
            holder_key = q.speaker
            first_in_sentence = (sentence, holder_key) not in seen_in_sentence
            seen_in_sentence.add((sentence, holder_key))
            # the same source going on (وأضاف المركز، وأوضحت المصادر) elaborates rather than reports anew
            continues = previous is not None and previous.speaker == q.speaker and (
                q.speaker is not None or bool(_forms(previous.speaker_text) & _forms(q.speaker_text)))
            previous = q
            if any(c.start < q.end and q.start < c.end and c.holder == q.speaker for c in self.claims):
                continue
            if (q.speaker, q.cue_start) in covered or q.cue_start is None or q.cue_end is None:
                continue
            cue_tok = v.token_at_char(q.cue_start)
            cue_norm = v.norms[cue_tok]
            if any(w in _source_starts() for w in word_forms(cue_norm)):
                continue
            entry = verbs.get(strip_conj(v.norms[v.token_at_char(q.cue_end) - 1])) or verbs.get(strip_conj(cue_norm))
            if entry is None:
                continue
            between = range(v.token_at_char(q.cue_end), v.token_at_char(q.start) + 1)
            introduced = any(self.finder.is_comp(x) or (v.norms[x] in ("الي", "عن") and q.kind == "indirect")
                             for x in between if x < len(v.tokens))
            if not introduced:
                continue
            speaker = self.speaker_of(self.doc, q)
            ent = self.doc.entity(q.speaker) if q.speaker else None
            body = ent is None and bool(q.speaker_name) and any(
                f in non_quote_words() for f in word_forms(normalize(q.speaker_name.split()[0])))
            collective = (speaker is not None and speaker.unnamed) or (ent is not None and ent.type in ("ORG", "LOC")) \
                or body  # a body the entity layer missed (قيادة القوات المشتركة) speaks for an institution
            if speaker is not None and speaker.unnamed and q.kind == "direct" and entry.claim not in ("assert", "affirm"):
                continue  # an unnamed source's words in quotation marks assert only with a verb of stating (كشف أن «...»)
            unnamed = speaker is not None and speaker.unnamed
            affirms = entry.claim == "affirm"  # مؤكدا أن: an affirmation asserts wherever it stands
            if entry.role == "participle" and not first_in_sentence and not unnamed and not affirms:
                continue
            elaborates = continues and (entry.role == "continuation" or entry.lemma == normalize("أوضح"))
            # what an unnamed source says is its report of fact, however it is introduced (مبينا، مستدركا)
            if entry.claim == "opinion":
                continue  # رأى، اعتبر: a view voiced, not a fact asserted
            if entry.claim not in ("assert", "affirm") and not (collective and entry.role in ("speech", "continuation")
                                                and not elaborates) and not (unnamed and entry.role == "participle") \
                    and not (q.kind == "indirect" and entry.role == "speech" and first_in_sentence and not elaborates
                             and ent is not None and entry.claim != "opinion"):
                continue
            if entry.claim != "assert" and not collective and _forecast(q.text):
                continue  # a named person's forecast (الانتصارات ستوحد الجبهة) is a view, not a fact asserted
            self.add([speaker] if speaker else [], "assert", q.cue, (q.cue_start, q.cue_end),
                     (q.text, q.start, q.end), None, q.date, 0.6)

    def scan(self, sources: bool, sentence: int, a: int, b: int) -> None:
        """Match the cues (the attribution phrases, or the others) left to right over one sentence,
        the longest cue at each place."""
        v = self.view
        # only the words a cue may start at are visited; the words between them start none
        positions = self.cue_positions[sources]
        i = a
        for p in range(bisect.bisect_left(positions, a), len(positions)):
            position = positions[p]
            if position >= b:
                break
            if position < i:
                continue  # inside the cue matched before
            i = position
            nxt = i + 1
            candidates = _cues_at(v.norms[i])[sources]
            for cue in candidates:
                e = v.match(i, cue.words, b)
                if e is None:
                    continue
                if cue.scope == "verb":
                    self.handle_verb(cue, i, e, a, b, sentence)
                elif cue.scope == "inner":
                    self.handle_inner(cue, i, e, a, b)
                elif cue.scope == "from":
                    self.handle_from(cue, i, e, a, b, sentence)
                elif cue.scope == "source":
                    self.handle_source(cue, i, e, a, b, sentence)
                nxt = max(e, i + 1)
                break
            i = nxt

    def run(self) -> list[Claim]:
        v = self.view
        for sentence, (a, b) in enumerate(v.sentences):
            # attribution phrases first: they name the holder of a condition earlier in the sentence
            self.scan(True, sentence, a, b)
            self.scan(False, sentence, a, b)
        self.quote_assertions()
        out: list[Claim] = []
        seen: set[tuple] = set()
        for c in sorted(self.claims, key=lambda c: (c.cue_start or c.start, c.start)):
            key = (c.holder, c.holder_name, c.stance, c.cue_start)
            if key in seen:
                continue
            seen.add(key)
            out.append(c)
        for n, c in enumerate(out, 1):
            c.id = f"C{n}"
        return out


def _forms(text: str | None) -> set[str]:
    """Every clitic reading of every word of a text (مصادر أمنية / المصادر share مصادر)."""
    return {f for w in normalize(text or "").split() for f in word_forms(w) if len(f) > 2}


@cache
def _descriptor_heads() -> dict[str, str]:
    from khabar.extract.attribution_common import descriptors

    return descriptors()


def find_claims(doc: Document) -> list[Claim]:
    """The claims of a document whose quotes (and, when present, entities and times) are filled."""
    return ClaimFinder(doc).run()


def add_claims(doc: Document) -> Document:
    """Pipeline stage: fill doc.claims (a failure is handled by the Pipeline, which logs it)."""
    doc.claims = find_claims(doc)
    return doc
