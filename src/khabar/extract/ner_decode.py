"""Tagging with trained crfsuite models as arrays: each word's scores cached once, Viterbi run over many sentences at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from khabar.extract.ner_features import FeatureExtractor

# Per-word score tables are dropped past this many word types, so a long ingest's memory stays bounded
# (one word takes models x (2 * window + 1) x labels doubles: 720 bytes for the shipped pair, 108 MB in all).
WORD_LIMIT = 150_000


@dataclass
class CrfWeights:
    """First-order linear-chain CRFs over the same labels, as crfsuite trained them: a weight per
    (attribute, label) and per (label, label) for each model. crfsuite's own tagger converts and looks
    up every attribute of every token; here a word's attributes at each offset are summed once into a
    score vector per model, which is most of the speed."""

    labels: tuple[str, ...]
    rows: dict[bytes, int]  # attribute -> row of `state`, for any of the models
    state: np.ndarray  # (attributes, models, labels)
    transitions: np.ndarray  # (models, labels, labels): previous label (row) -> this label (column)

    @classmethod
    def from_models(cls, paths: Sequence[Path]) -> CrfWeights:
        """Read model files written by pycrfsuite.Trainer (through crfsuite's dump of their weights)."""
        import pycrfsuite

        infos = []
        labels: tuple[str, ...] = ()
        for path in paths:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            try:
                infos.append(tagger.info())
                if not labels:
                    labels = tuple(tagger.labels())
                elif set(labels) != set(tagger.labels()):
                    raise ValueError(f"{path} has other labels than {paths[0]}")
            finally:
                tagger.close()
        column = {label: i for i, label in enumerate(labels)}
        attributes = sorted({attribute for info in infos for attribute, _ in info.state_features})
        rows = {attribute.encode(): i for i, attribute in enumerate(attributes)}
        state = np.zeros((len(attributes), len(paths), len(labels)))
        transitions = np.zeros((len(paths), len(labels), len(labels)))
        for model, info in enumerate(infos):
            for (attribute, label), weight in info.state_features.items():
                state[rows[attribute.encode()], model, column[label]] = weight
            for (previous, label), weight in info.transitions.items():
                transitions[model, column[previous], column[label]] = weight
        return cls(labels, rows, state, transitions)

    def vector(self, attributes: Sequence[bytes]) -> np.ndarray:
        """(models, labels): the summed weights of some attributes (unknown ones weigh nothing, as in crfsuite)."""
        rows = self.rows
        found = [rows[a] for a in attributes if a in rows]
        return self.state[found].sum(axis=0)


class ArrayTagger:
    """Tags token lists with the models of a CrfWeights, sharing one feature extractor."""

    def __init__(self, weights: CrfWeights, extractor: FeatureExtractor) -> None:
        from khabar.extract.ner_features import edge_attribute

        self.weights = weights
        self.extractor = extractor
        window = extractor.window
        self.offsets = tuple(range(-window, window + 1))
        self._bias = weights.vector([b"bias"])
        self._edges = {o: weights.vector([edge_attribute(o)]) for o in self.offsets if o}
        self._reset()

    def _reset(self) -> None:
        self.extractor.forget()
        self._ids: dict[str, int] = {}
        _, models, labels = self.weights.state.shape
        self._table = np.zeros((1024, len(self.offsets), models, labels))
        # "name=value" of a base feature -> its weights at every offset that carries it (None: none)
        self._features: dict[str, np.ndarray | None] = {}

    def _word_ids(self, words: Sequence[str]) -> list[int]:
        # the table is reset before a sentence whose new words would pass the limit, never in the middle of
        # one: ids read before a reset would point at rows of other words (or past the new table's end)
        if len(self._ids) + len(words) > WORD_LIMIT:  # cheap bound first: this is the tagger's hot path
            new = {word for word in words if word not in self._ids}
            if new and self._ids and len(self._ids) + len(new) > WORD_LIMIT:
                self._reset()
        ids = self._ids
        out = []
        for word in words:
            index = ids.get(word)
            if index is None:
                index = self._add(word)
            out.append(index)
        return out

    def _add(self, word: str) -> int:
        """Score a new word: the sum of its base features' weights, each feature's looked up once."""
        index = len(self._ids)
        if index >= len(self._table):
            # doubled, but never past the limit: the table's rows are most of the tagger's memory
            rows = min(2 * len(self._table), max(WORD_LIMIT, index + 1)) - len(self._table)
            self._table = np.concatenate([self._table, np.zeros((rows, *self._table.shape[1:]))])
        features = self._features
        word_valued = self.extractor.WORD_VALUED
        blocks = []
        for name, values in self.extractor.base(word, remember=False).items():
            for value in values:
                feature = f"{name}={value}"
                if name in word_valued:
                    block = self._feature_block(name, feature)
                elif feature in features:
                    block = features[feature]
                else:
                    block = features[feature] = self._feature_block(name, feature)
                if block is not None:
                    blocks.append(block)
        if blocks:
            self._table[index] = np.sum(blocks, axis=0)
        self._ids[word] = index
        return index

    def _feature_block(self, name: str, feature: str) -> np.ndarray | None:
        """(offsets, models, labels): one base feature's weights as seen from each offset."""
        rows = self.weights.rows
        attribute = feature.encode()
        block = None
        for slot, prefix in self.extractor.slots(name):
            row = rows.get(prefix + attribute)
            if row is not None:
                if block is None:
                    block = np.zeros(self._table.shape[1:])
                block[slot] = self.weights.state[row]
        return block

    def emissions(self, model: int, words: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """(tokens, labels) state scores of one sentence under model number `model`."""
        n = len(words)
        ids = self._word_ids(words)  # first: adding words may replace the table
        blocks = self._table[ids, :, model]  # (n, offsets, labels)
        scores = np.tile(self._bias[model], (n, 1))
        for slot, offset in enumerate(self.offsets):
            # token i sees word i + offset at this slot
            if offset == 0:
                scores += blocks[:, slot]
            elif offset > 0:
                scores[: n - offset] += blocks[offset:, slot]
            else:
                scores[-offset:] += blocks[: n + offset, slot]
        for offset, vector in self._edges.items():
            # the token whose neighbour at `offset` is just past either end of the sentence
            for i in (-1 - offset, n - offset):
                if 0 <= i < n:
                    scores[i] += vector[model]
        rows = self.weights.rows
        tokens: list[int] = []
        found: list[int] = []
        for i, attributes in enumerate(self.extractor.contextual(words, extra)):
            for attribute in attributes:
                row = rows.get(attribute)
                if row is not None:
                    tokens.append(i)
                    found.append(row)
        if found:
            np.add.at(scores, tokens, self.weights.state[found, model])
        return scores

    def tag(self, model: int, sentences: Sequence[Sequence[str]],
            extras: Sequence[Sequence[Sequence[str]]] | None = None) -> list[list[str]]:
        """Labels of each sentence under model number `model` (an empty sentence gives [])."""
        scores = [self.emissions(model, words, extras[k] if extras is not None else None) if words else None
                  for k, words in enumerate(sentences)]
        paths = iter(viterbi([s for s in scores if s is not None], self.weights.transitions[model]))
        labels = self.weights.labels
        return [[labels[y] for y in next(paths)] if s is not None else [] for s in scores]


def viterbi(emissions: Sequence[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """The best label path of each sentence. All sentences advance one position per step, longest first,
    so the sentences still running are always a prefix of the batch. Ties go to the lower label index,
    as in crfsuite."""
    if not emissions:
        return []
    order = sorted(range(len(emissions)), key=lambda b: -len(emissions[b]))
    lengths = [len(emissions[b]) for b in order]
    longest, labels = lengths[0], transitions.shape[0]
    padded = np.zeros((len(order), longest, labels))
    for row, b in enumerate(order):
        padded[row, : lengths[row]] = emissions[b]
    score = padded[:, 0].copy()
    backs: list[list[list[int]]] = []  # per step t >= 1: per running sentence, the best previous label
    running = len(order)
    for t in range(1, longest):
        while lengths[running - 1] <= t:
            running -= 1
        candidates = score[:running, :, None] + transitions  # (running, previous, this)
        backs.append(candidates.argmax(axis=1).tolist())
        score[:running] = candidates.max(axis=1) + padded[:running, t]
    ends = score.argmax(axis=1).tolist()
    paths: list[list[int]] = [[]] * len(order)
    for row, b in enumerate(order):
        label = ends[row]
        path = [label]
        for t in range(lengths[row] - 1, 0, -1):
            label = backs[t - 1][row][label]
            path.append(label)
        path.reverse()
        paths[b] = path
    return paths
