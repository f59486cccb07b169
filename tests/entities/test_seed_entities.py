"""The seed article's entities against its gold reading, scored with shared/eval/score.py."""

from __future__ import annotations

import importlib.util

import pytest

import khabar


def _scorer(shared):
    path = shared / "eval" / "score.py"
    if not path.exists():
        pytest.skip(f"needs {path}")
    spec = importlib.util.spec_from_file_location("khabar_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module.score


@pytest.mark.shared
def test_seed_entities_f1(shared) -> None:
    import json

    gold = json.loads((shared / "examples" / "seed" / "expected.json").read_text(encoding="utf-8"))
    text = (shared / "examples" / "seed" / "article.txt").read_text(encoding="utf-8")
    doc = khabar.analyze(text, published=gold.get("published"))
    report = _scorer(shared)(gold, doc.to_dict())["entities"]
    assert report["f1"] >= 0.95, report


@pytest.mark.shared
def test_seed_roles_and_metonymy(shared) -> None:
    text = (shared / "examples" / "seed" / "article.txt").read_text(encoding="utf-8")
    doc = khabar.analyze(text, published="2025-04-26")
    by_name = {e.name: e for e in doc.entities}
    russia = by_name["Russia"]
    assert by_name["Moscow"].actor == russia.id
    assert by_name["Pyongyang"].actor == by_name["North Korea"].id
    gerasimov = by_name["Valery Gerasimov"]
    assert {m.text for m in gerasimov.mentions} >= {"فاليري غيراسيموف", "غيراسيموف"}
    assert gerasimov.affiliation == russia.id
    assert gerasimov.role == "رئيس هيئة الأركان العامة الروسية"
    assert by_name["Volodymyr Zelensky"].role == "الرئيس الأوكراني"
    assert by_name["Vladimir Putin"].role == "الرئيس"
    assert by_name["Volodymyr Zelensky"].affiliation == by_name["Ukraine"].id
    assert by_name["Vladimir Putin"].affiliation == russia.id
    staff = [e for e in doc.entities if any(m.text == "هيئة الأركان العامة الروسية" for m in e.mentions)]
    assert staff and staff[0].type == "ORG" and staff[0].country == "RUS"
    # every mention is the text at its offsets
    for entity in doc.entities:
        for mention in entity.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
