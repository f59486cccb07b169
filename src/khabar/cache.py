"""A pickle in the user cache of what is built from package data files, rebuilt when one of them changes."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """$KHABAR_CACHE, else $XDG_CACHE_HOME/khabar, else ~/.cache/khabar."""
    root = os.environ.get("KHABAR_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "khabar")
    return Path(root)


def cache_path(prefix: str, version: str, sources: Iterable[Path]) -> Path:
    """The pickle's path, named by the version and the size and time of every source file."""
    digest = hashlib.sha1(version.encode())
    for path in sources:
        stat = path.stat() if path.exists() else None
        digest.update(f"{path.name}:{stat.st_size if stat else -1}:{stat.st_mtime_ns if stat else -1};".encode())
    return cache_dir() / f"{prefix}-{digest.hexdigest()[:16]}.pickle"


def load_or_build(prefix: str, version: str, sources: Iterable[Path], build: Callable[[], T], kind: type) -> T:
    """The cached object when a pickle of `kind` for these very source files exists; else `build()`, whose
    result is pickled for the next process (older pickles of the prefix are removed). A damaged or foreign
    pickle is rebuilt; a read-only home just builds each time."""
    path = cache_path(prefix, version, sources)
    try:
        with open(path, "rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, kind):
            return loaded
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: rebuilt below
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{id(built)}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in path.parent.glob(f"{prefix}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return built
