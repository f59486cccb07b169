"""`khabar eval events`: the UniversalPetrarch gold sentences load and a small run reports its figures."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from khabar.evaluation.paths import shared_data

FOLDER = shared_data("universalpetrarch_ar", "validation")
pytestmark = pytest.mark.skipif(not FOLDER.exists(), reason="shared UniversalPetrarch data absent")


def test_gold_sentences_load_with_types_and_countries():
    from khabar.evaluation.events_eval import load_gold

    gold = load_gold(FOLDER)
    assert sum(g.plover == "ASSAULT" for g in gold) == 373
    assert sum(g.plover == "PROTEST" for g in gold) == 272
    assert any(g.target_country == "IRQ" for g in gold)
    assert all(g.text for g in gold)


def test_small_run_prints_both_parts():
    from khabar.evaluation.events_eval import events_command

    result = CliRunner().invoke(events_command, ["--limit", "10"])
    assert result.exit_code == 0, result.output
    assert "held out" in result.output and "type found" in result.output
