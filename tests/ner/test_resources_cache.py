"""The CRF tagger's lists load from a pickle in the user cache, equal to the lists built from their files."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.data import data_path
from khabar.extract import ner_crf


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KHABAR_CACHE", str(tmp_path))
    return tmp_path


def test_cached_lists_equal_built_lists(cache_dir: Path) -> None:
    built = ner_crf._build_resources(data_path("ner"))
    first = ner_crf.load_resources()  # builds and writes the pickle
    pickles = list(cache_dir.glob("ner-resources-*.pickle"))
    assert len(pickles) == 1
    second = ner_crf.load_resources()  # reads it
    assert first == built and second == built


def test_damaged_cache_is_rebuilt(cache_dir: Path) -> None:
    ner_crf.load_resources()
    (pickle_file,) = cache_dir.glob("ner-resources-*.pickle")
    pickle_file.write_bytes(b"not a pickle")
    assert ner_crf.load_resources() == ner_crf._build_resources(data_path("ner"))
    assert pickle_file.read_bytes() != b"not a pickle"
