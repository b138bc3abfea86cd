"""The ``ratio`` rule: a stated rate (完成率 157.64%) against the figures it is computed
from (承保份数 283753份 ÷ 任务数 18万份 × 100), taking the nearest ones. A mismatch is
reported only when the pairing is unambiguous."""
from __future__ import annotations

from ..model import Figure
from .findings import Finding, _finding
from .intervals import INF, _fmt, _interval, _round, overlap
from .pairing import _compatible, _Doc, _kind, _same_kind, _sure
from .rules import Checks, Rule


def _ratio_checks(doc: _Doc, rule: Rule, checks: Checks) -> list[Finding]:
    out = []
    if not (doc.pairable(rule.numerator).figures and doc.pairable(rule.denominator).figures):
        return out  # nothing to compute a rate from in this document
    for r in doc.named(rule.stated):
        if _kind(r) != "rate":
            continue
        nums = doc.candidates(r, rule.numerator)
        dens = doc.candidates(r, rule.denominator) if nums else []  # no pair without a numerator
        tries = _quotients(nums, dens, rule, checks)
        if not tries:
            continue
        stated = _interval(r, checks.bounds, stated=True)
        hit = next((t for t in tries if overlap(t[2], stated)), None)
        n, d, _span = hit or tries[0]
        if hit is None and not (_sure(n, nums, r) and _sure(d, dens, r)):
            continue  # ambiguous: say nothing rather than a false mismatch
        computed = _round(n.value / d.value * rule.scale, r)
        where = f"{r.region} " if r.region else ""
        formula = f"{n.metric} {n.raw} ÷ {d.metric} {d.raw} × {_fmt(rule.scale)} = {_fmt(computed)}"
        if hit:
            msg = f"{where}{r.metric} {r.raw} confirmed: {formula}"
        else:
            msg = f"{where}{r.metric} stated as {r.raw}, but {formula}"
        out.append(_finding("confirmed" if hit else "mismatch", rule, r.value, computed, (r, n, d), message=msg))
    return out


def _quotients(nums: list[Figure], dens: list[Figure], rule: Rule, checks: Checks) -> list[tuple]:
    """(numerator, denominator, interval of their quotient × scale) for each pair that can
    be divided, numerators in turn; each figure's interval is computed once, not per pair."""
    num_spans = [(n, span) for n in nums if (span := _interval(n, checks.bounds))[1] != INF]
    den_spans = [(d, span) for d in dens if (span := _interval(d, checks.bounds))[1] != INF and span[0] > 0]
    return [(n, d, (nlo / dhi * rule.scale, nhi / dlo * rule.scale))
            for n, (nlo, nhi) in num_spans for d, (dlo, dhi) in den_spans
            if n is not d and _same_kind(n, d) and _compatible(n, d)]
