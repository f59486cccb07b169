"""Entity-level precision/recall/F1 by the conlleval rules (CoNLL-2000 perl script), IOB1/IOB2/IOE tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def _split_tag(tag: str) -> tuple[str, str]:
    """('B', 'PERS') from 'B-PERS'; ('O', '') from 'O'; a bare type counts as I- (as conlleval does)."""
    if tag in ("O", "", "-X-"):
        return "O", ""
    if len(tag) > 2 and tag[1] == "-":
        return tag[0], tag[2:]
    return "I", tag


def _end_of_chunk(prev_tag: str, tag: str, prev_type: str, type_: str) -> bool:
    # conlleval's endOfChunk, verbatim in logic
    return (
        (prev_tag == "B" and tag in ("B", "S", "O"))
        or (prev_tag == "I" and tag in ("B", "S", "O"))
        or (prev_tag == "E" and tag in ("E", "I", "O", "B", "S"))
        or (prev_tag == "S" and tag in ("E", "I", "O", "B", "S"))
        or (prev_tag not in ("O", ".") and prev_type != type_)
        or prev_tag in ("]",)
    )


def _start_of_chunk(prev_tag: str, tag: str, prev_type: str, type_: str) -> bool:
    # conlleval's startOfChunk
    return (
        (tag in ("B", "S"))
        or (prev_tag in ("E", "S", "O") and tag in ("E", "I"))
        or (tag != "O" and tag != "." and prev_type != type_)
        or tag == "["
    )


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Chunks (start, end exclusive, type) of one tag sequence, as conlleval reads them."""
    out: list[tuple[int, int, str]] = []
    prev_tag, prev_type = "O", ""
    start = -1
    for i, raw in enumerate(list(tags) + ["O"]):
        tag, type_ = _split_tag(raw)
        if start >= 0 and _end_of_chunk(prev_tag, tag, prev_type, type_):
            out.append((start, i, prev_type))
            start = -1
        if _start_of_chunk(prev_tag, tag, prev_type, type_) and tag != "O":
            start = i
        prev_tag, prev_type = tag, type_
    return out


@dataclass
class Counts:
    correct: int = 0
    guessed: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.guessed if self.guessed else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ConllScore:
    """Micro counts plus per-type counts and token accuracy."""

    micro: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    tokens: int = 0
    tokens_correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.tokens_correct / self.tokens if self.tokens else 0.0

    def as_dict(self) -> dict[str, dict[str, float]]:
        rows = {"micro": self.micro, **dict(sorted(self.by_type.items()))}
        return {
            name: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "gold": c.gold, "guessed": c.guessed}
            for name, c in rows.items()
        }


def score_sequences(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> ConllScore:
    """Score sentence by sentence (chunks never cross a sentence break, as in conlleval with blank lines)."""
    result = ConllScore()
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(f"sentence length differs: gold {len(gold_tags)} vs predicted {len(pred_tags)}")
        result.tokens += len(gold_tags)
        result.tokens_correct += sum(g == p for g, p in zip(gold_tags, pred_tags, strict=True))
        gold_chunks = set(chunks(gold_tags))
        pred_chunks = set(chunks(pred_tags))
        for _, _, type_ in gold_chunks:
            result.by_type.setdefault(type_, Counts()).gold += 1
        for _, _, type_ in pred_chunks:
            result.by_type.setdefault(type_, Counts()).guessed += 1
        for _, _, type_ in gold_chunks & pred_chunks:
            result.by_type[type_].correct += 1
        result.micro.gold += len(gold_chunks)
        result.micro.guessed += len(pred_chunks)
        result.micro.correct += len(gold_chunks & pred_chunks)
    return result


def format_score(score: ConllScore) -> str:
    """A conlleval-like report."""
    m = score.micro
    lines = [
        f"processed {score.tokens} tokens with {m.gold} phrases; found: {m.guessed} phrases; correct: {m.correct}.",
        f"accuracy: {100 * score.accuracy:6.2f}%; precision: {100 * m.precision:6.2f}%; "
        f"recall: {100 * m.recall:6.2f}%; FB1: {100 * m.f1:6.2f}",
    ]
    for name, c in sorted(score.by_type.items()):
        lines.append(
            f"{name:>17}: precision: {100 * c.precision:6.2f}%; recall: {100 * c.recall:6.2f}%; "
            f"FB1: {100 * c.f1:6.2f}  {c.guessed}"
        )
    return "\n".join(lines)
