"""The pipeline runs its stages in order; a failing stage empties only its own layer, or raises when strict."""

from __future__ import annotations

import logging

import pytest

from khabar.document import Document, Quantity
from khabar.pipeline import DEFAULT_STAGES, Pipeline


def _fill_quantities(doc: Document) -> Document:
    doc.quantities = [Quantity("3 أشخاص", 0, 7, 3, "person")]
    return doc


def _broken_quotes(doc: Document) -> Document:
    doc.quotes = ["half-built"]  # type: ignore[list-item]
    raise RuntimeError("a bug in a stage")


def test_default_order():
    names = [name for name, _ in DEFAULT_STAGES]
    assert names == ["sentences", "entities", "times", "quantities", "quotes", "claims", "events"]


def test_failing_stage_empties_its_layer_and_is_logged(monkeypatch, caplog):
    monkeypatch.setenv("KHABAR_STRICT", "0")
    pipeline = Pipeline([("quantities", _fill_quantities), ("quotes", _broken_quotes)])
    with caplog.at_level(logging.ERROR, logger="khabar.pipeline"):
        doc = pipeline(Document(text="قتل 3 أشخاص."))
    assert doc.quotes == [] and len(doc.quantities) == 1
    assert "stage quotes failed" in caplog.text


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("KHABAR_STRICT", "1")
    with pytest.raises(RuntimeError):
        Pipeline([("quotes", _broken_quotes)])(Document(text="نص."))
