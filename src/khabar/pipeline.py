"""The stage registry and the default pipeline: named functions (Document) -> Document, in order."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from khabar.document import Document

Stage = Callable[[Document], Document]
log = logging.getLogger("khabar.pipeline")

# The default stages, in order, as "module:function". Each reads earlier layers and fills
# its own; imports are lazy so `khabar --help` stays fast and a stage's data loads once.
DEFAULT_STAGES: list[tuple[str, str]] = [
    ("sentences", "khabar.text.segment_stage:add_sentences"),
    ("entities", "khabar.extract.entities:add_entities"),
    ("times", "khabar.extract.times:add_times"),
    ("quantities", "khabar.extract.numbers:add_quantities"),
    ("quotes", "khabar.extract.quotes:add_quotes"),
    ("claims", "khabar.extract.claims:add_claims"),
    ("events", "khabar.extract.events:add_events"),
]


def _resolve(spec: str) -> Stage:
    module_name, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module_name), attr)


@dataclass
class Pipeline:
    """Named stages run in order over a Document."""

    stages: list[tuple[str, str | Stage]] = field(default_factory=lambda: list(DEFAULT_STAGES))
    _loaded: list[tuple[str, Stage]] | None = None

    def loaded(self) -> list[tuple[str, Stage]]:
        if self._loaded is None:
            self._loaded = [(name, _resolve(s) if isinstance(s, str) else s) for name, s in self.stages]
        return self._loaded

    def names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def without(self, *names: str) -> Pipeline:
        return Pipeline([(n, s) for n, s in self.stages if n not in names])

    def upto(self, last: str) -> Pipeline:
        """The stages up to and including `last` (e.g. for a benchmark of early stages)."""
        out: list[tuple[str, str | Stage]] = []
        for name, stage in self.stages:
            out.append((name, stage))
            if name == last:
                break
        return Pipeline(out)

    def __call__(self, doc: Document) -> Document:
        for name, stage in self.loaded():
            try:
                doc = stage(doc)
            except Exception:
                # One stage's bug must not cost the other layers of the article, nor stop a batch
                # of thousands; the failure is logged with the article, and its layer stays empty.
                # KHABAR_STRICT=1 (set by the tests) lets it raise, so no failure goes unseen there.
                if os.environ.get("KHABAR_STRICT") == "1":
                    raise
                log.exception("stage %s failed on article %s; its layer is left empty", name, doc.id)
                if isinstance(getattr(doc, name, None), list):
                    setattr(doc, name, [])
        return doc


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline()
    return _default
