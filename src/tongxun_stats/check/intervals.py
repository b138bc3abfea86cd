"""Numbers as written: where a figure's true value lies given its last digit and its
qualifier (``157.64%`` is 157.635–157.645, ``10.86万余人`` 10.86–10.87万, a stated
120% may be a truncated 120.67%), and computed values rounded and printed to match."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal

from ..model import Figure
from ..patterns import default_patterns

INF = Decimal("Infinity")


@functools.cache
def currencies() -> frozenset[str]:
    """Every currency the grammar writes as a unit (元 美元 港元 …): money of two currencies
    never mixes. Read on first use, not when the module is imported."""
    return frozenset(u.base for u in default_patterns().units.values() if u.kind == "money")


@functools.cache
def rate_units() -> frozenset[str]:
    """Every rate the grammar writes as a unit (% ‰ 百分点 千分点): a rate is stated, never
    computed from. Read on first use, like :func:`currencies`."""
    return frozenset(u.base for u in default_patterns().units.values() if u.kind in ("percent", "points"))


def ulp(f: Figure) -> Decimal:
    """The place of the last digit written: 1.32亿元 -> 10**6, 283753份 -> 1, 157.64% -> 0.01.
    The grammar carries it as ``precision``; a Figure built without one falls back to
    the last non-zero digit of its value."""
    if f.precision is not None and f.precision > 0:
        return f.precision
    exp = f.value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exp if isinstance(exp, int) else 0)


def written_interval(f: Figure) -> tuple[Decimal, Decimal]:
    """Where the true value lies given the digits written and a range's ends, before any
    qualifier word's bound: ``308.2万`` is 308.15万–308.25万, ``2—3名`` 1.5–3.5. Two figures
    of different issues are the same number when these overlap (``series``)."""
    half = ulp(f) / 2
    if _spans(f):
        return f.lower - half, f.upper + half
    return f.value - half, f.value + half


def _spans(f: Figure) -> bool:
    return f.lower is not None and f.upper is not None and f.lower <= f.upper


def _interval(f: Figure, bounds: Mapping[str, tuple[str, bool]], stated: bool = False) -> tuple[Decimal, Decimal]:
    """Where the true value lies given how ``f`` is written, its qualifier's ``bounds``
    included; ``stated`` also allows truncation."""
    bound = bounds.get(f.qualifier) if f.qualifier else None
    half, v = ulp(f) / 2, f.value
    if bound is None:
        if stated and not _spans(f):  # a stated 120% may be a truncated 120.67%
            return v - half, v + 2 * half
        return written_interval(f)
    kind, inside = bound
    if kind == "lower":  # 10.86万余: up to 10.87万; 超过5万: no ceiling
        return (v, v + 2 * half) if inside else (v, INF)
    if kind == "upper":  # 近50%
        return v * Decimal("0.9"), v + half
    spread = max(half, abs(v) / 100)  # 约: ±1 %
    return v - spread, v + spread


def overlap(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d else str(d)


def _round(d: Decimal, like: Figure) -> Decimal:
    places = max(2, -min(0, ulp(like).as_tuple().exponent)) if like.unit in rate_units() else 2
    return d.quantize(Decimal(1).scaleb(-places))
