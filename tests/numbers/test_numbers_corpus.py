"""The numbers corpus is the test: every example in src/khabar/data/numbers/corpus_*.jsonl, run through
parse_numbers (corpus_numbers) or the quantities layer (corpus_quantities), plus Duckling's Arabic
numeral/ordinal corpora from ../shared when present."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from khabar.data import data_path
from khabar.document import Document
from khabar.evaluation.paths import shared_data
from khabar.extract.numbers import add_quantities, parse_number_words, parse_numbers
from khabar.extract.numbers_quantities import extract_quantities


def _rows(name: str) -> list[dict]:
    with open(data_path("numbers", name), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _matches(item: dict, want: dict) -> bool:
    return all(item.get(key) == value for key, value in want.items() if key != "note")


NUMBERS = _rows("corpus_numbers.jsonl")
QUANTITIES = _rows("corpus_quantities.jsonl")


@pytest.mark.parametrize("row", NUMBERS, ids=[f"n{i:02d}" for i in range(len(NUMBERS))])
def test_numbers_corpus(row: dict) -> None:
    items = parse_numbers(row["text"])
    for want in row["expected"]:
        assert any(_matches(i, want) for i in items), (want, items)
    if row.get("exact"):
        assert len(items) == len(row["expected"]), items
    for item in items:  # spans point into the text
        assert row["text"][item["start"] : item["end"]] == item["text"]


@pytest.mark.parametrize("row", QUANTITIES, ids=[f"q{i:02d}" for i in range(len(QUANTITIES))])
def test_quantities_corpus(row: dict) -> None:
    found = [asdict(q) for q in extract_quantities(row["text"])]
    for want in row["expected"]:
        assert any(_matches(q, want) for q in found), (want, found)
    if row.get("exact"):
        assert len(found) == len(row["expected"]), found


def test_stage_fills_the_layer_with_spans_into_the_text() -> None:
    text = "أسفر الهجوم عن مقتل 12 شخصا وإصابة 90 آخرين، وفقا للسلطات."
    doc = add_quantities(Document(text=text))
    assert [(q.value, q.unit, q.role) for q in doc.quantities] == [(12, "person", "killed"), (90, "person", "injured")]
    for q in doc.quantities:
        assert text[q.start : q.end] == q.text


def test_diacritics_keep_offsets() -> None:
    text = "قُتِلَ ثلاثةَ عشرَ جنديًّا في الهجومِ."
    [item] = parse_numbers(text)
    assert item["value"] == 13 and item["unit"] == "soldier"
    assert text[item["start"] : item["end"]] == item["text"]


def test_parse_number_words() -> None:
    assert parse_number_words(["خمسة", "وعشرون", "ألفا", "شخص"]).value == 25000
    assert parse_number_words(["خمسة", "وعشرون", "ألفا", "شخص"]).length == 3
    words = parse_number_words(["الحادي", "عشر", "من"])
    assert (words.value, words.kind, words.length) == (11, "ordinal", 2)
    assert parse_number_words(["الاثنين"]) is None
    assert parse_number_words(["بيت"]) is None
    assert parse_number_words([]) is None


@pytest.mark.parametrize("bad", ["", "   ", "\u200f", "٫", "---", "1/0", "-", "9" * 400])
def test_bad_input_never_raises(bad: str) -> None:
    parse_numbers(bad)
    extract_quantities(bad)


@pytest.mark.parametrize("name", ["numeral.jsonl", "ordinal.jsonl"])
def test_duckling_pass_rate(name: str) -> None:
    path = shared_data("duckling_ar", name)
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared Duckling corpora)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    passed = 0
    for row in rows:
        text = row["text"]
        covering = [i for i in parse_numbers(text) if i["start"] <= 0 and i["end"] >= len(text.rstrip())]
        passed += bool(covering) and abs(covering[0]["value"] - row["expected"]["value"]) < 1e-9
    assert passed / len(rows) >= 0.95


@pytest.mark.parametrize(
    "name",
    ["number_words.tsv", "ordinals.tsv", "vague.tsv", "currencies.tsv", "units.tsv", "roles.tsv", "contexts.tsv",
     "approximators.tsv"],
)
def test_data_files_name_source_and_licence(name: str) -> None:
    with open(data_path("numbers", name), encoding="utf-8") as fh:
        header = "".join(line for line in fh if line.startswith("#"))
    assert "Source" in header and "Licence" in header, name
