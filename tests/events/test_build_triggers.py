"""The reference tables built from UniversalPetrarch and PLOVER, and the curated trigger lexicon."""

from __future__ import annotations

import importlib.util

import pytest

from khabar.data import data_path
from khabar.evaluation.paths import shared_data
from khabar.extract.events_lexicon import PLOVER_TYPES, load_triggers

NEEDS_SHARED = pytest.mark.skipif(
    not shared_data("plover", "CAMEO2PLOVER-2021.txt").exists(), reason="shared data absent"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The reference tables built from the shared UniversalPetrarch and PLOVER files."""
    out = tmp_path_factory.mktemp("events-upstream")
    spec = importlib.util.spec_from_file_location("build_triggers", data_path("events", "build_triggers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--shared", str(shared_data()), "--out", str(out)]) == 0

    def rows(name: str) -> list[list[str]]:
        lines = [line.rstrip("\n") for line in (out / name).read_text(encoding="utf-8").splitlines()
                 if not line.startswith("#")]
        return [line.split("\t") for line in lines[1:] if line]

    return rows


@NEEDS_SHARED
def test_cameo_table_maps_force_codes_to_assault(built):
    table = {row[0]: row[1] for row in built("cameo_plover.tsv")}
    assert table["190"] == "ASSAULT" and table["195"] == "ASSAULT"
    assert table["141"] == "PROTEST" and table["173"] == "COERCE"
    assert set(table.values()) <= set(PLOVER_TYPES)


@NEEDS_SHARED
def test_upstream_patterns_use_plover_types(built):
    rows = built("upstream_verbs.tsv")
    assert len(rows) > 1000
    assert {row[3] for row in rows} <= set(PLOVER_TYPES)


def test_curated_triggers_cover_every_plover_type():
    assert {t.type for t in load_triggers()} == set(PLOVER_TYPES)


def test_slot_patterns_have_no_split_phrases():
    """In a slot pattern (v:, = or ~), alternatives are single words: a phrase among them would be
    split into two slots, so a slot with alternatives is followed by ~N (~0 for words side by side)."""
    for trig in load_triggers():
        parts = trig.pattern.split()
        if len(parts) < 2 or not ("~" in trig.pattern or parts[0].startswith(("v:", "="))):
            continue
        for left, right in zip(parts, parts[1:], strict=False):
            assert left.startswith("~") or right.startswith("~") or "|" not in left, trig.pattern
