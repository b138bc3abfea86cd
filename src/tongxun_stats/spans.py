"""Sorted, non-nested span sets with O(log n) membership, for the hot loops."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter


class SpanSet:
    """Half-open spans; ``covers(s, e)`` is true when one span contains [s, e)."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans):
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(spans):
            if ends and s <= ends[-1]:  # overlaps or touches the last: merged into it
                if e > ends[-1]:
                    ends[-1] = e
            else:
                starts.append(s)
                ends.append(e)
        self._starts, self._ends = starts, ends

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._ends[i]

    def touches(self, start: int, end: int) -> bool:
        """Does any span overlap [start, end)?"""
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        return i + 1 < len(self._starts) and self._starts[i + 1] < end


class Sorted:
    """Items sorted by start with range queries by bisection: what a scanner found in a
    whole document, looked up per sentence."""

    __slots__ = ("items", "keys")

    def __init__(self, items, key=attrgetter("start")):
        self.items = sorted(items, key=key)
        self.keys = list(map(key, self.items))

    def between(self, start: int, end: int):
        """The items starting in [start, end)."""
        keys = self.keys
        i = bisect_left(keys, start)
        return self.items[i : bisect_left(keys, end, i)]
