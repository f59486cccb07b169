"""The array tagger gives crfsuite's own tags for the shipped models, alone, in batches and in documents."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from khabar.extract.ner_decode import viterbi

CORPUS = Path(__file__).with_name("tagger_corpus.tsv")

# News sentences written for this test, one per line.
NEWS = """
استقبل ولي العهد الأمير محمد بن سلمان في جدة رئيس الوزراء الباكستاني شهباز شريف
أعلنت منظمة الصحة العالمية في جنيف عن تسجيل إصابات جديدة بالكوليرا في اليمن
وأوضح المتحدث باسم الخارجية الإيرانية ناصر كنعاني أن طهران ترفض الاتهامات
ترأس الشيخ محمد بن زايد آل نهيان اجتماعا في أبوظبي حضره مسؤولون من شركة أدنوك
سجلت بورصة الكويت ارتفاعا بنسبة 1.2 % مدعومة بأسهم بنك الكويت الوطني
وذكرت صحيفة الشرق الأوسط أن الجامعة العربية ستعقد قمة طارئة في القاهرة
نفى الجيش الإسرائيلي استهداف مستشفى الشفاء في غزة
وأشار الدكتور عبدالرحمن السديس إلى أن المسجد الحرام استقبل ملايين المعتمرين خلال شهر رمضان وأن الرئاسة العامة لشؤون الحرمين وفرت خدمات متكاملة للزوار من مختلف دول العالم
"""

# Sentences of different lengths and oddities: one word, punctuation only, Latin, digits, repeated words.
ODD = [
    ["بوتين"],
    ["«", "،", "»", "."],
    ["قالت", "وكالة", "Reuters", "إن", "2025", "كان", "عاما", "صعبا"],
    ["الرياض", "الرياض", "الرياض", "في", "الرياض"],
]


def _sentences() -> list[list[str]]:
    rows = [line.split("\t")[0].split(" ") for line in CORPUS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return rows + [line.split() for line in NEWS.strip().splitlines()] + ODD


@pytest.fixture(scope="module")
def reference():
    """crfsuite's taggers on the same model files, fed the extractor's attribute lists."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from khabar.data import data_path
    from khabar.extract.ner_crf import FIRST_MODEL, MODEL_FILE, default_tagger

    final, first = pycrfsuite.Tagger(), pycrfsuite.Tagger()
    final.open(str(data_path("models", MODEL_FILE)))
    first.open(str(data_path("models", FIRST_MODEL)))
    return default_tagger(), final, first


def test_single_sentences_match_crfsuite(reference):
    tagger, _, first = reference
    sentences = _sentences()
    assert len(sentences) > 15
    for words in sentences:
        # a sentence alone is tagged by the model trained without document hints
        assert tagger.tag(words) == list(first.tag(tagger._features(words))), " ".join(words)


def test_batch_matches_one_by_one(reference):
    from khabar.extract.ner_crf import tag_each, tag_tokens

    sentences = _sentences()
    assert tag_each(sentences) == [tag_tokens(s) for s in sentences]
    assert tag_each([]) == []
    assert tag_each([[], ["بوتين"]]) == [[], tag_tokens(["بوتين"])]


def test_document_matches_crfsuite_two_passes(reference):
    from khabar.extract.ner_features import document_hints

    tagger, final, first = reference
    sentences = _sentences()
    first_tags = [list(first.tag(tagger._features(s))) for s in sentences]
    hints = document_hints(sentences, first_tags, tagger.doc_window)
    expected = [list(final.tag(tagger._features(s, h))) for s, h in zip(sentences, hints, strict=True)]
    assert tagger.tag_document(sentences) == expected


def test_viterbi_finds_the_best_path_by_brute_force():
    from itertools import product

    rng = np.random.default_rng(7)
    transitions = rng.normal(size=(3, 3))
    emissions = [rng.normal(size=(n, 3)) for n in (1, 2, 4, 3)]

    def score(e, path):
        return sum(e[t, y] for t, y in enumerate(path)) + sum(transitions[a, b] for a, b in zip(path, path[1:], strict=False))

    for e, path in zip(emissions, viterbi(emissions, transitions), strict=True):
        best = max(product(range(3), repeat=len(e)), key=lambda p: score(e, p))
        assert tuple(path) == best
    assert viterbi([], transitions) == []


def test_word_table_is_rebuilt_past_its_limit(reference, monkeypatch):
    from khabar.extract import ner_decode

    tagger = reference[0]
    first = ["وقال", "الرئيس", "الروسي", "فلاديمير", "بوتين", "في", "موسكو"]
    second = ["وأعلنت", "وزارة", "الخارجية", "الأوكرانية", "أمس"]
    expected = [tagger.tag(first), tagger.tag(second)]
    monkeypatch.setattr(ner_decode, "WORD_LIMIT", 10)
    tagger._arrays._reset()
    # the second sentence's new words would pass the limit: the table is rebuilt before it, never inside it
    assert [tagger.tag(first), tagger.tag(second)] == expected
    assert len(tagger._arrays._ids) == len(second)
    # one batch across the limit, sentence after sentence, tags as before
    assert tagger.tag_each([first, second, first]) == [*expected, expected[0]]
    monkeypatch.undo()
    tagger._arrays._reset()
