"""Which figures of one document belong together.

Two figures pair when they are in the same document, region and programme (or one
side has none) and close in the text: the same sentence, or the same line within
``NEAR_CHARS``; a candidate never reaches past another stated figure of the same
metric. :class:`_Doc` holds a document's figures in text order for these look-ups.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Iterable

from ..model import Figure, FlagCode
from .intervals import currencies, rate_units

NEAR_CHARS = 300  # figures further apart than this never pair


def _gap(a: Figure, b: Figure) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _near(a: Figure, b: Figure) -> bool:
    return a.doc == b.doc and _gap(a, b) <= NEAR_CHARS and (a.line == b.line or a.same_sentence(b))


def _compatible(a: Figure, b: Figure) -> bool:
    """The same region and programme, or one side has none."""
    return ((a.region == b.region or not a.region or not b.region)
            and (a.program == b.program or not a.program or not b.program))


def _kind(f: Figure) -> str:
    return _unit_kind(f.unit)


@functools.cache
def _unit_kind(unit: str) -> str:
    """money, rate or count (one entry per unit the grammar writes)."""
    return "money" if unit in currencies() else "rate" if unit in rate_units() else "count"


def _same_kind(a: Figure, b: Figure) -> bool:
    """Both money in one currency, or both counts (份 and 户 may go together), or both rates."""
    kind = _kind(a)
    return kind == _kind(b) and (kind != "money" or a.unit == b.unit)


def _per_unit(f: Figure) -> bool:
    return bool(f.flags) and f.has(FlagCode.PER_UNIT)  # most figures have no flag to look through


@functools.cache
def _matcher(metrics: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A rule's metrics split once into the names matched whole and the ``~words`` matched
    inside a metric (全县总人口 for ~人口); one entry per rule's list, so the cache stays small."""
    return frozenset(metrics), tuple(m[1:] for m in metrics if m.startswith("~"))


class _Doc:
    """One document's figures in text order, and its text when known, with the look-ups
    the rules repeat built once: each metric's figures, and for each rule's list of
    metrics the figures that may pair (so a rule looks candidates up instead of
    filtering every figure near each stated one)."""

    def __init__(self, figures: list[Figure], text: str | None):
        self.all = _Run(sorted(figures, key=operator.attrgetter("start", "end")))
        self.figures = self.all.figures
        self.between = self.all.between
        self.text = text
        self._by_metric: dict[str, list[int]] = {}  # metric -> indexes into figures, in text order
        group = self._by_metric.setdefault
        for i, f in enumerate(self.figures):
            group(f.metric, []).append(i)
        self._of_metric: dict[str, _Run] = {}
        self._of: dict[tuple[str, ...], list[Figure]] = {}
        self._pairable: dict[tuple[str, ...], _Run] = {}

    def of(self, metrics: tuple[str, ...]) -> list[Figure]:
        """Figures whose metric is one of ``metrics`` or contains one of its ``~words``, in text order."""
        found = self._of.get(metrics)
        if found is None:
            names, words = _matcher(metrics)
            for word in words:  # a ~word: every metric of the document is a candidate
                names = names.union([m for m in self._by_metric if word in m])
            found = self._of[metrics] = self.named(names)
        return found

    def named(self, metrics: Iterable[str]) -> list[Figure]:
        """Figures whose metric is one of ``metrics`` (exactly), in text order."""
        found = [self._by_metric[m] for m in dict.fromkeys(metrics) if m in self._by_metric]
        if len(found) == 1:
            return [self.figures[i] for i in found[0]]
        return [self.figures[i] for i in sorted(itertools.chain.from_iterable(found))]

    def crossed(self, a: Figure, b: Figure, metric: str) -> bool:
        """Another figure of ``metric`` lies between a and b."""
        run = self._of_metric.get(metric)
        if run is None:
            run = self._of_metric[metric] = _Run([self.figures[i] for i in self._by_metric.get(metric, ())])
        return any(g is not a and g is not b for g in run.between(min(a.end, b.end), max(a.start, b.start)))

    def pairable(self, metrics: tuple[str, ...]) -> _Run:
        """Figures of ``metrics`` that may pair with a stated rate: no rate, no per-unit amount."""
        pool = self._pairable.get(metrics)
        if pool is None:
            pool = self._pairable[metrics] = _Run([f for f in self.of(metrics) if _kind(f) != "rate" and not _per_unit(f)])
        return pool

    def candidates(self, r: Figure, metrics: tuple[str, ...]) -> list[Figure]:
        """Figures of ``metrics`` that may go with ``r``, the likeliest first."""
        found = [f for f in self.pairable(metrics).near(r)
                 if f is not r and _near(f, r) and _compatible(f, r) and not self.crossed(f, r, r.metric)]
        if len(found) < 2:
            return found
        return sorted(found, key=lambda f: (not f.same_sentence(r), f.start > r.start, _gap(f, r)))


class _Run:
    """Some of a document's figures, in text order, found by where they start."""

    def __init__(self, figures: list[Figure]):
        self.figures = figures
        self.starts = [f.start for f in figures]
        # the longest figure: how far before ``r`` a figure near it may start
        self.longest = max(map(operator.sub, map(operator.attrgetter("end"), figures), self.starts), default=0)

    def between(self, lo: int, hi: int) -> list[Figure]:
        """Figures that start in [lo, hi)."""
        if lo >= hi:
            return []
        return self.figures[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]

    def near(self, r: Figure) -> list[Figure]:
        """Every figure that could be near ``r`` (a superset of those ``_near`` accepts)."""
        return self.between(r.start - NEAR_CHARS - self.longest, r.end + NEAR_CHARS + 1)


def _sure(chosen: Figure, candidates: list[Figure], r: Figure) -> bool:
    """No other candidate competes with ``chosen`` for ``r``."""
    if len(candidates) == 1:
        return True
    return chosen.same_sentence(r) and not any(c.same_sentence(r) for c in candidates if c is not chosen)
