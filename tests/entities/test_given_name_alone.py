"""A given name alone joins no one when two people named so far share it."""

from __future__ import annotations

from khabar.document import Document
from khabar.pipeline import default_pipeline


def test_lone_given_name_shared_by_two_people_joins_neither() -> None:
    text = ("وهنأ السفير ولي العهد الأمير محمد بن نايف وولي ولي العهد الأمير محمد بن سلمان بالعيد. "
            "وقال حفظ الرحمن محمد، مسؤول الشؤون السياسية في السفارة، إن بلاده تدين الإرهاب.")
    doc = default_pipeline()(Document(text=text, published="2015-07-21"))
    for ent in doc.entities:
        if ent.name in ("Muhammad bin Nayef", "Mohammed bin Nayef", "Mohammed bin Salman"):
            assert all(m.text != "محمد" for m in ent.mentions), (ent.name, [m.text for m in ent.mentions])
    assert not any(q.speaker_name in ("Muhammad bin Nayef", "Mohammed bin Nayef", "Mohammed bin Salman")
                   for q in doc.quotes)
