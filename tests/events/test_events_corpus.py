"""The events corpus is the test: each sentence of src/khabar/data/events/corpus.jsonl yields its events."""

from __future__ import annotations

import json
from functools import cache

import pytest

import khabar
from khabar.data import data_path


def _cases() -> list[dict]:
    with open(data_path("events", "corpus.jsonl"), encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if "text" in r]


@cache
def _analyse(text: str, published: str):
    return khabar.analyze(text, published=published)


def _agrees(event, expected: dict) -> bool:
    if event.type != expected["type"]:
        return False
    for key in ("source_code", "target_code"):
        if key in expected and not (getattr(event, key) or "").startswith(expected[key]):
            return False
    checks = {"location": event.location_name, "killed": event.killed, "injured": event.injured,
              "reported_by": event.reported_by, "mode": event.mode}
    return all(checks[k] == expected[k] for k in checks if k in expected)


def test_corpus_is_large_enough():
    assert len(_cases()) >= 50


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["text"][:40])
def test_sentence_events(case):
    doc = _analyse(case["text"], case["published"])
    found = [f"{e.type}/{e.mode} {e.source_code}->{e.target_code} @{e.location_name} k={e.killed}" for e in doc.events]
    for expected in case["events"]:
        assert any(_agrees(e, expected) for e in doc.events), f"missing {expected}; found {found}"
    if case.get("exact"):
        assert len(doc.events) == len(case["events"]), f"expected {len(case['events'])}, found {found}"


def test_evidence_spans_point_into_the_text():
    doc = _analyse(_cases()[0]["text"], _cases()[0]["published"])
    for event in doc.events:
        assert doc.text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert event.trigger and event.trigger in event.evidence.text


def test_mentions_of_one_attack_merge():
    text = ("قصفت طائرات روسية مدينة إدلب صباح الاثنين. "
            "وقال الدفاع المدني إن القصف على إدلب أسفر عن مقتل 4 أشخاص.")
    doc = khabar.analyze(text, published="2024-02-05")
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0].more_evidence


def test_publication_date_is_a_marked_fallback():
    doc = khabar.analyze("اعتقلت الشرطة التونسية خمسة أشخاص في صفاقس.", published="2024-02-05")
    event = doc.events[0]
    assert event.date == "2024-02-05" and event.date_is_fallback


def test_empty_and_odd_input_gives_no_events():
    from khabar.document import Document
    from khabar.extract.events import add_events

    assert add_events(Document(text="")).events == []
    assert add_events(Document(text="؟؟ ... «»")).events == []
