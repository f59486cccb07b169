"""Shared test fixtures: where ../shared is, and a skip for tests that need it."""

from __future__ import annotations

import os

import pytest

from khabar.evaluation.paths import shared_dir

SHARED = shared_dir()
# A stage that fails raises in the tests instead of leaving its layer empty (see Pipeline).
os.environ.setdefault("KHABAR_STRICT", "1")


@pytest.fixture
def shared():
    """The shared/ folder; tests that need it skip with a reason on a clone without it."""
    if not (SHARED / "examples" / "seed" / "article.txt").exists():
        pytest.skip(f"needs ../shared (not found at {SHARED})")
    return SHARED
