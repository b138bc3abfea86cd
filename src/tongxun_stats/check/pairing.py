"""Which figures of one document belong together.

Two figures pair when they are in the same document, region and programme (or one
side has none) and close in the text: the same sentence, or the same line within
``NEAR_CHARS``; a candidate never reaches past another stated figure of the same
metric. :class:`_Doc` holds a document's figures in text order for these look-ups.
"""
from __future__ import annotations

import bisect

from ..model import Figure, FlagCode
from .intervals import RATE_UNITS, currencies

NEAR_CHARS = 300  # figures further apart than this never pair


def _gap(a: Figure, b: Figure) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _near(a: Figure, b: Figure) -> bool:
    return a.doc == b.doc and _gap(a, b) <= NEAR_CHARS and (a.line == b.line or a.same_sentence(b))


def _compatible(a: Figure, b: Figure) -> bool:
    return all(x == y or not x or not y for x, y in ((a.region, b.region), (a.program, b.program)))


def _kind(f: Figure) -> str:
    return "money" if f.unit in currencies() else "rate" if f.unit in RATE_UNITS else "count"


def _same_kind(a: Figure, b: Figure) -> bool:
    """Both money in one currency, or both counts (份 and 户 may go together), or both rates."""
    return _kind(a) == _kind(b) and (_kind(a) != "money" or a.unit == b.unit)


def _per_unit(f: Figure) -> bool:
    return f.has(FlagCode.PER_UNIT)


def _matches(f: Figure, metrics: tuple[str, ...]) -> bool:
    """``f``'s metric is one of ``metrics``, or contains a ``~word`` of them (全县总人口 for ~人口)."""
    return f.metric in metrics or any(m.startswith("~") and m[1:] in f.metric for m in metrics)


class _Doc:
    """One document's figures in text order, and its text when known."""

    def __init__(self, figures: list[Figure], text: str | None):
        self.figures = sorted(figures, key=lambda f: (f.start, f.end))
        self.starts = [f.start for f in self.figures]
        self.longest = max((f.end - f.start for f in self.figures), default=0)
        self.text = text

    def between(self, lo: int, hi: int) -> list[Figure]:
        """Figures that start in [lo, hi)."""
        return self.figures[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]

    def around(self, f: Figure) -> list[Figure]:
        """Every figure that could be near ``f`` (a superset of those ``_near`` accepts)."""
        return self.between(f.start - NEAR_CHARS - self.longest, f.end + NEAR_CHARS + 1)

    def crossed(self, a: Figure, b: Figure, metric: str) -> bool:
        """Another figure of ``metric`` lies between a and b."""
        return any(g.metric == metric and g is not a and g is not b
                   for g in self.between(min(a.end, b.end), max(a.start, b.start)))

    def candidates(self, r: Figure, metrics: tuple[str, ...]) -> list[Figure]:
        """Figures of ``metrics`` that may go with ``r``, the likeliest first."""
        found = [f for f in self.around(r) if f is not r and _matches(f, metrics) and _kind(f) != "rate"
                 and not _per_unit(f) and _near(f, r) and _compatible(f, r) and not self.crossed(f, r, r.metric)]
        return sorted(found, key=lambda f: (not f.same_sentence(r), f.start > r.start, _gap(f, r)))


def _sure(chosen: Figure, candidates: list[Figure], r: Figure) -> bool:
    """No other candidate competes with ``chosen`` for ``r``."""
    if len(candidates) == 1:
        return True
    return chosen.same_sentence(r) and not any(c.same_sentence(r) for c in candidates if c is not chosen)
