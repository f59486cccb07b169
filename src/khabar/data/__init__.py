"""Packaged data: lexicons, gazetteers and trained models, each with a header naming its source."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a file shipped under khabar/data."""
    return Path(str(resources.files("khabar.data").joinpath(*parts)))
