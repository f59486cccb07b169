"""Odd input never raises, the data files say where they come from, and the stages fill only their layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.data import data_path
from khabar.document import Document
from khabar.extract.claims import add_claims
from khabar.extract.quotes import add_quotes
from khabar.text.segment_stage import add_sentences

ODD_TEXTS = [
    "",
    "   \n\n  ",
    "«",
    '"""',
    "وقال",
    "وقال إن",
    "قال: «",
    "وقال: \"\"",
    "«لم» «لا» «إذا» «في حال»",
    "x" * 5000,
    "وقال الوزير إن " * 300,
    "ونفت، واتهمت، وأكدت، ولم يصدر أي تعليق من",
    "وفقا ل",
    "بحسب ما",
    "English text said that nothing happened.",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=[f"odd{n}" for n in range(len(ODD_TEXTS))])
def test_odd_input_gives_lists(text, caplog):
    doc = add_claims(add_quotes(add_sentences(Document(text=text))))
    # the stages catch their own failures; none may happen here
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
    assert isinstance(doc.quotes, list) and isinstance(doc.claims, list)
    for item in [*doc.quotes, *doc.claims]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text


def test_without_sentence_layer():
    doc = add_claims(add_quotes(Document(text="وقالت الوزارة إن الطريق مغلق.")))
    assert [q.cue for q in doc.quotes] == ["قالت"]


def test_spans_point_into_the_text():
    text = "وقال الوزير سامي عادل، في مؤتمر صحفي، إن \"الأزمة انتهت\". واتهمت الحكومة المعارضة بالتحريض."
    doc = add_claims(add_quotes(add_sentences(Document(text=text))))
    assert doc.quotes and doc.claims
    for item in [*doc.quotes, *doc.claims]:
        assert text[item.start : item.end] == item.text
        if item.cue_start is not None:
            assert item.cue_end is not None and item.cue_start < item.cue_end <= len(text)
            # the cue text starts where its offset says (it may be shorter: a split cue keeps its ends)
            assert text[item.cue_start :].startswith(item.cue.split()[0]), (item.cue, item.cue_start)
    assert [q.id for q in doc.quotes] == [f"Q{n}" for n in range(1, len(doc.quotes) + 1)]
    assert [c.id for c in doc.claims] == [f"C{n}" for n in range(1, len(doc.claims) + 1)]


@pytest.mark.parametrize("name", ["reporting_verbs.tsv", "stance_cues.tsv", "channels.tsv",
                                  "speaker_descriptors.tsv", "non_quote_contexts.tsv", "clause_words.tsv"])
def test_data_file_names_source_and_licence(name):
    head = Path(data_path("attribution", name)).read_text(encoding="utf-8").splitlines()[:3]
    assert any("Source:" in line and "Licence:" in line for line in head)


def test_stance_cues_use_known_stances():
    from khabar.extract.claims import stance_cues

    allowed = {"assert", "admit", "confirm", "not_confirmed", "accuse", "deny", "preliminary", "conditional",
               "verifying", "no_comment", "-"}
    for cue in stance_cues():
        assert cue.stance in allowed and cue.negated in allowed, cue
        assert cue.scope in {"verb", "inner", "from", "source"}, cue


def test_stages_fill_only_their_own_layer():
    text = "وقالت الوزارة إن الطريق مغلق. ونفت الشركة الخبر."
    doc = add_sentences(Document(text=text))
    before = (list(doc.sentences), list(doc.entities), list(doc.times), list(doc.quantities), list(doc.events))
    doc = add_quotes(doc)
    assert doc.claims == [] and doc.quotes
    doc = add_claims(doc)
    assert doc.claims
    assert (doc.sentences, doc.entities, doc.times, doc.quantities, doc.events) == before
    assert doc.text == text
