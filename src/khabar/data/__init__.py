"""Packaged data: lexicons, gazetteers and trained models, each with a header naming its source."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a file shipped under khabar/data."""
    return Path(str(resources.files("khabar.data").joinpath(*parts)))


def read_rows(*parts: str) -> list[list[str]]:
    """Rows of a packaged TSV data file, split at tabs: '#' lines are its header comment (source,
    licence), blank lines are skipped, and the first other line, which names the columns, is dropped."""
    rows: list[list[str]] = []
    header_seen = False
    with open(data_path(*parts), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            rows.append(line.split("\t"))
    return rows
