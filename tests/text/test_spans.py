"""SpanSet answers like a plain list of spans scanned each time, for any spans and queries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from khabar.text.spans import SpanSet

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12)


@given(spans, st.integers(-2, 62), st.integers(-2, 62))
def test_same_answers_as_a_linear_scan(items, a, b):
    stored = SpanSet(items)
    assert (a in stored) == any(s <= a < e for s, e in items)
    if a < b:  # an empty query overlaps nothing
        assert stored.overlaps(a, b) == any(s < b and a < e for s, e in items if s < e)
    else:
        assert not stored.overlaps(a, b)


def test_merges_touching_spans():
    stored = SpanSet([(0, 5), (5, 9), (20, 25)])
    assert len(stored) == 2 and 8 in stored and 9 not in stored and stored.overlaps(24, 30)
