"""The ``outlier`` rule: a per-unit amount (保费金额 ÷ 承保份数) far from the same amount
elsewhere in the document (its median over at least ``MIN_PEERS`` other pairs), or
outside the rule's sane range when there are too few; names the figure that looks wrong."""
from __future__ import annotations

import bisect
import math
from decimal import Decimal

from ..model import Figure
from ..quantities import MAGNITUDES
from .findings import Finding, _finding
from .intervals import _fmt, _round
from .pairing import _compatible, _Doc, _gap, _kind, _near, _per_unit, _Run
from .rules import Checks, Rule

MIN_PEERS = 3  # other pairs needed before a document's median is trusted
# (word, power of ten) of the magnitude words a writer adds by mistake, the hint tried in
# this order; the powers are the grammar's (亿 8, 百万 6, 万 4, 千 3)
_HINTED = tuple((word, round(math.log10(MAGNITUDES[word]))) for word in ("亿", "百万", "万", "千"))


def _outlier_checks(doc: _Doc, rule: Rule, checks: Checks) -> list[Finding]:
    nums = [f for f in doc.of(rule.numerator) if _kind(f) != "rate" and not _per_unit(f) and f.value > 0]
    dens = [f for f in doc.of(rule.denominator) if _kind(f) == "count" and f.value > 0] if nums else []
    if not dens:
        return []  # no pair in this document
    den_run, den_index = _Run(dens), {id(d): j for j, d in enumerate(dens)}
    options = sorted((not n.same_sentence(d), _gap(n, d), n.start, d.start, i, den_index[id(d)])
                     for i, n in enumerate(nums) for d in den_run.near(n)
                     if n is not d and _near(n, d) and _compatible(n, d) and (not n.program or n.program == d.program))
    pairs, used_n, used_d = [], set(), set()
    for *_, i, j in options:  # nearest first, each figure in one pair only
        if i not in used_n and j not in used_d:
            used_n.add(i), used_d.add(j)
            pairs.append((nums[i], dens[j], nums[i].value / dens[j].value))
    out = []
    # sorted once per currency: each pair's median of the others in O(log n), never
    # across two currencies
    ratios: dict[str, list] = {}
    for n, _d, ratio in pairs:
        ratios.setdefault(n.unit, []).append(ratio)
    for values in ratios.values():
        values.sort()
    num_values, den_values = sorted(f.value for f in nums), sorted(f.value for f in dens)
    for n, d, ratio in pairs:
        others = len(ratios[n.unit]) - 1
        if others >= MIN_PEERS:
            ref = median_without(ratios[n.unit], ratio)
            if ref <= 0 or rule.factor > ratio / ref > 1 / rule.factor:
                continue
            against = f"the median {_fmt(_round(ref, n))} {n.unit} of the other {others} pairs in this document"
        elif rule.low is not None and rule.high is not None and not rule.low <= ratio <= rule.high:
            ref = rule.high if ratio > rule.high else rule.low
            against = f"the sane range {_fmt(rule.low)}–{_fmt(rule.high)}"
        else:
            continue
        high = ratio > ref
        bad, good = _suspect(n, d, num_values, den_values, high)
        times = ratio / ref if high else ref / ratio
        too_big = (bad is n) == high
        hint = next((f" (the {word} looks like one too many)" for word, power in _HINTED
                     if too_big and word in bad.raw and abs(math.log10(times) - power) < 0.5), "")
        where = f"{n.region} " if n.region else ""
        msg = (f"{where}{rule.rule}: {n.metric} {n.raw} ÷ {d.metric} {d.raw} = {_fmt(_round(ratio, n))} {n.unit}/{d.unit}, "
               f"{_fmt(times.quantize(Decimal(1)))}× {'above' if high else 'below'} {against}; "
               f"{bad.metric} {bad.raw} looks wrong{hint}")
        # stated: this pair's own ratio; computed: what it is held against (the median or range end)
        out.append(_finding("outlier", rule, _round(ratio, n), _round(ref, n), (bad, good), message=msg))
    return out


def median_without(values: list, value):
    """``statistics.median`` of sorted ``values`` with one element equal to ``value`` left
    out, in O(log n) instead of copying and sorting the rest."""
    r = bisect.bisect_left(values, value)
    m = len(values) - 1

    def at(i: int):
        return values[i if i < r else i + 1]

    return at(m // 2) if m % 2 else (at(m // 2 - 1) + at(m // 2)) / 2


def _suspect(n: Figure, d: Figure, nums: list, dens: list, high: bool) -> tuple[Figure, Figure]:
    """(suspicious, other): the figure further from the other figures of its role in the
    document, in the direction that explains the ratio; the numerator when unsure."""

    def off(f: Figure, values: list) -> float:  # values: the sorted values of f's role
        if len(values) - 1 < 2 or f.value <= 0:
            return 0.0
        return math.log10(f.value / median_without(values, f.value))

    score_n, score_d = (off(n, nums), -off(d, dens)) if high else (-off(n, nums), off(d, dens))
    return (d, n) if score_d > max(score_n, 0.0) else (n, d)
