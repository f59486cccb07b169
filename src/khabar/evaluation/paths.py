"""Where the shared labelled data lives: ../shared/data beside the checkout, or $KHABAR_SHARED."""

from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    """The shared/ folder: $KHABAR_SHARED, else ../shared from the repository or the cwd."""
    env = os.environ.get("KHABAR_SHARED")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for candidate in (repo.parent / "shared", Path.cwd().parent / "shared", Path.cwd() / "shared"):
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared"


def shared_data(*parts: str) -> Path:
    return shared_dir().joinpath("data", *parts)
