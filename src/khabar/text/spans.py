"""A set of character spans kept merged and sorted: membership and overlap tests by binary search."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanSet:
    """Half-open character spans [start, end), merged as they are added.

    Stages ask "is this offset already taken?" for every token of an article; a list scanned each
    time makes long inputs quadratic, this answers in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        if start >= end:
            return
        # the stored spans this one touches or overlaps are replaced by their union with it
        left = bisect.bisect_left(self._ends, start)
        right = bisect.bisect_right(self._starts, end)
        if left < right:
            start = min(start, self._starts[left])
            end = max(end, self._ends[right - 1])
        self._starts[left:right] = [start]
        self._ends[left:right] = [end]

    def __contains__(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a character with a stored span (an empty span shares none)."""
        if start >= end:
            return False
        index = bisect.bisect_left(self._starts, end) - 1
        return index >= 0 and self._ends[index] > start

    def __len__(self) -> int:
        return len(self._starts)
