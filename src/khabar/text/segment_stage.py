"""Pipeline stage that fills the sentence layer."""

from __future__ import annotations

from khabar.document import Document, Sentence
from khabar.text.segment import split_sentences


def add_sentences(doc: Document) -> Document:
    doc.sentences = [Sentence(s, e) for s, e in split_sentences(doc.text)]
    return doc
