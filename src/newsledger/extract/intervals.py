"""Stretches of text found by where they lie, in time that grows with what is found, not with the article.

Extractors ask, for each claim or sentence, which other claims' content holds
its cue, which entity mentions lie inside its source, which time expressions
fall in its sentence. Asked by scanning every claim, mention or time of the
article, each question costs the article's length, and all of them its square:
minutes for one very long article. Here the stretches are kept sorted by start,
and only those that could answer (starting no earlier than the longest stretch
allows) are looked at; the answers are exactly the scan's, in the order the
stretches were added.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")
_Test = Callable[[int, int], bool]


class Intervals(Generic[T]):
    """Half-open stretches ``[start, end)`` of character offsets, each with a value."""

    def __init__(self, stretches: Iterable[tuple[int, int, T]] = ()) -> None:
        given = list(stretches)
        entries = sorted((start, n, end) for n, (start, end, _) in enumerate(given))
        #: Each stretch's value, in the order added; ``keys`` (start, order) and ``ends`` sorted by start.
        self.values: list[T] = [value for _, _, value in given]
        self.keys: list[tuple[int, int]] = [(start, n) for start, n, _ in entries]
        self.ends: list[int] = [end for _, _, end in entries]
        self.longest = max([0, *(end - start for start, _, end in entries)])

    def add(self, start: int, end: int, value: T) -> None:
        """One more stretch; it comes after every stretch added before it in the answers' order."""
        key = (start, len(self.values))
        self.values.append(value)
        at = bisect_right(self.keys, key)
        self.keys.insert(at, key)
        self.ends.insert(at, end)
        self.longest = max(self.longest, end - start)

    def holding(self, start: int, end: int) -> list[T]:
        """The values of the stretches that hold ``start``..``end`` (s <= start and end <= e)."""
        return self._found(end - self.longest, start, lambda s, e: end <= e)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The values of the stretches that share a character with ``start``..``end`` (s < end and start < e)."""
        return self._found(start - self.longest, end - 1, lambda s, e: s < end and start < e)

    def within(self, start: int, end: int) -> list[T]:
        """The values of the stretches lying inside ``start``..``end`` (start <= s and e <= end)."""
        return self._found(start, end, lambda s, e: e <= end)

    def _found(self, lowest: int, highest: int, keep: _Test) -> list[T]:
        """The values, in the order added, of the stretches starting in ``lowest..highest`` that ``keep`` takes."""
        low = bisect_left(self.keys, (lowest, -1))
        high = bisect_right(self.keys, (highest, len(self.values)))
        orders = sorted(self.keys[i][1] for i in range(low, high) if keep(self.keys[i][0], self.ends[i]))
        return [self.values[n] for n in orders]
