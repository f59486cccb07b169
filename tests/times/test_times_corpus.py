"""The times corpus is the test: every corpus_*.jsonl example must give exactly its expected times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.data import data_path
from khabar.extract.times import parse_times


def _examples() -> list[tuple[str, dict]]:
    rows = []
    for path in sorted(Path(data_path("times")).glob("corpus_*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            row = json.loads(line) if line.strip() else {}
            if "text" in row:
                rows.append((f"{path.stem}:{number}", row))
    return rows


EXAMPLES = _examples()


def test_corpus_is_not_empty() -> None:
    assert len(EXAMPLES) >= 50


@pytest.mark.parametrize("row", [r for _, r in EXAMPLES], ids=[i for i, _ in EXAMPLES])
def test_corpus_example(row: dict) -> None:
    found = parse_times(row["text"], row["reference"])
    got = [{k: item[k] for k in ("text", "value", "grain")} | ({"interval": item["interval"]} if "interval" in item
                                                             and "interval" in want else {})
           for item, want in zip(found, row["expect"] + [{}] * len(found), strict=False)]
    expected = [{k: v for k, v in want.items()} for want in row["expect"]]
    assert got == expected, f"{row['text']}: {found}"


def test_offsets_point_into_the_text() -> None:
    text = "وقال الوزير أمسً إن الاجتماع سيعقد في الرابع من أغسطس 2015 قريبًا."
    for item in parse_times(text, "2015-08-06"):
        assert text[item["start"]:item["end"]] == item["text"]
    texts = [i["text"] for i in parse_times(text, "2015-08-06")]
    assert "أمسً" in texts and "قريبًا" in texts


def test_without_reference_values_are_null_with_a_reason() -> None:
    items = parse_times("قال الوزير الخميس الماضي إن الاتفاق وقع في الرابع من أغسطس 2015.", None)
    relative = next(i for i in items if i["text"] == "الخميس الماضي")
    assert relative["value"] is None and relative["reason"] == "no publication date"
    absolute = next(i for i in items if i["text"].startswith("الرابع"))
    assert absolute["value"] == "2015-08-04"


def test_future_preference_reads_weekdays_forward() -> None:
    [item] = parse_times("الاثنين", "2013-02-12T04:30:00-02:00", prefer="future")
    assert item["value"] == "2013-02-18"
    [item] = parse_times("الاثنين", "2013-02-12")
    assert item["value"] == "2013-02-11"


@pytest.mark.parametrize("bad", ["", " ", "\u200f", "؟؟", "1" * 5000, "الساعة", "من إلى"])
def test_bad_input_never_raises(bad: str) -> None:
    assert isinstance(parse_times(bad, "2024-01-01"), list)
    assert isinstance(parse_times(bad, "not a date"), list)


def test_stage_fills_doc_times_once_per_expression() -> None:
    from khabar.document import Document
    from khabar.extract.times import add_times

    doc = Document(text="هاجمت القوات المدينة الخميس الماضي. وقال شهود إن القصف تجدد الخميس الماضي.",
                   published="2025-04-26")
    add_times(doc)
    assert [(t.text, t.value, t.grain) for t in doc.times] == [("الخميس الماضي", "2025-04-24", "day")]


def test_public_name() -> None:
    import khabar

    assert khabar.parse_times("أمس", "2025-04-26")[0]["value"] == "2025-04-25"
