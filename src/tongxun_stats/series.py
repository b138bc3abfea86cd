"""Figures of many issues -> one time series: a row per metric × unit × region × programme × period.

The same figure reprinted in several issues is one row: ``sources`` counts the issues
whose figure agrees with ``value`` and ``docs`` says where each was read (``doc:line``).
Two figures agree when the intervals their writing allows overlap — ``308.2万份`` is
3081500–3082500, ``283753份`` is 283752.5–283753.5, a range's ends widen it (``2—3名``,
and ``21多万``, which the grammar reads as 21万–22万) — so ``308.2万`` and ``3082000``
agree and ``308.2万`` and ``308.5万`` do not. The intervals are the checks' own
(:func:`tongxun_stats.check.intervals.written_interval`).

``conflict`` is filled when the issues disagree: some value under the key is not
printed by every issue that has the key. It lists each value with its sources;
``value`` is then the latest issue's (by ``issue_date``, then input order). One issue
may print several different figures under one key (items of a list that the key
does not tell apart): when every issue prints the same ones this is no conflict,
and the values besides ``value`` are listed in ``others``.

Periods order in time by where they end, and a shorter period before a longer one
ending on the same day: ``2020-08-31 < 2020-09-30 < 2020-12-31 < 2020 < 2019/2020 <
2021-03``. A whole year therefore follows its own dates: as a cumulative figure it is
the latest. Periods without a year (``--08-31``) follow every dated period, in
month-day order, and never merge with a dated one; anything else sorts last as text.
Figures without a metric or a period have no place in a series and are left out.

``by="month"`` or ``"year"`` coarsens periods that lie within one month or year
(``2020-08-31`` -> ``2020-08`` / ``2020``); of several periods falling in one bucket
the latest is kept (these are cumulative, year-to-date figures), and ``as_of`` says
which. Spans across buckets (``2019/2020``) keep their period.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .check.intervals import overlap, ulp, written_interval
from .model import Figure, plain_number

KEY_COLUMNS: tuple[str, ...] = ("metric", "unit", "region", "region_code", "program", "period")
SERIES_COLUMNS: tuple[str, ...] = (*KEY_COLUMNS, "value", "sources", "docs", "issue_date", "conflict", "others")
WIDE_KEY_COLUMNS: tuple[str, ...] = KEY_COLUMNS[:-1]
BY_CHOICES: tuple[str, ...] = ("period", "month", "year")
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEARLESS = re.compile(r"^--(\d{2})-(\d{2})$")


# -- periods -------------------------------------------------------------------------


def period_bounds(period: str) -> tuple[date, date] | None:
    """First and last day of an ISO period (``2020``, ``2020-08``, ``2020-08-31``,
    ``2019/2020``, ``2020-07/2020-09``); None for a period without a year or not ISO."""
    ends = period.split("/")
    if len(ends) > 2:
        return None
    first, last = _part_bounds(ends[0]), _part_bounds(ends[-1])
    if first is None or last is None or first[0] > last[1]:
        return None
    return first[0], last[1]


def _part_bounds(part: str) -> tuple[date, date] | None:
    m = _PART.match(part)
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            return date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1])
    except ValueError:
        return None
    return date(y, 1, 1), date(y, 12, 31)


def period_key(period: str) -> tuple:
    """Sort key putting periods in time order (see the module docstring)."""
    bounds = period_bounds(period)
    if bounds is not None:
        return (0, bounds[1].toordinal(), -bounds[0].toordinal(), period)
    if _YEARLESS.match(period):
        return (1, 0, 0, period)
    return (2, 0, 0, period)


def period_bucket(period: str, by: str) -> str:
    """``period`` coarsened to its month or year when it lies within one; else unchanged."""
    if by == "period":
        return period
    bounds = period_bounds(period)
    if bounds is None:
        return period
    first, last = bounds
    if by == "year" and first.year == last.year:
        return f"{last.year:04d}"
    if by == "month" and (first.year, first.month) == (last.year, last.month):
        return f"{last.year:04d}-{last.month:02d}"
    return period


# -- agreement ------------------------------------------------------------------------


def figure_precision(f: Figure) -> Decimal:
    """The step of the last digit written, in base units: ``1.32亿元`` -> 1000000,
    ``283753份`` -> 1, ``157.64%`` -> 0.01: ``Figure.precision``, as the grammar read it
    (the checks' fallback for a Figure built without one)."""
    return ulp(f)


def agree(a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` can be the same number rounded as each is written: the
    intervals the checks allow for the writing of each (:func:`written_interval`) overlap."""
    return overlap(written_interval(a), written_interval(b))


# -- the series ------------------------------------------------------------------------


@dataclass
class _Value:
    first: Figure
    figures: list[Figure] = field(default_factory=list)

    def docs(self) -> list[str]:
        return list(dict.fromkeys(f.doc for f in self.figures))


def series_records(
    figures: Iterable[Figure], *, by: str = "period", metrics: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """The series rows (dicts with ``SERIES_COLUMNS``, plus ``as_of`` when ``by`` is not
    ``"period"``), sorted by metric, unit, region, programme and period in time order.
    ``metrics``: keep only these (the CLI passes the canonical ones, so free-text
    labels do not each become a series)."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    groups: dict[tuple[str, ...], list[Figure]] = {}
    rank: dict[str, tuple[str, int]] = {}  # doc -> (issue_date, input order): the latest is max
    for f in figures:
        rank.setdefault(f.doc, (f.issue_date, len(rank)))
        if f.metric and f.period and (metrics is None or f.metric in metrics):
            groups.setdefault(tuple(getattr(f, c) for c in KEY_COLUMNS), []).append(f)
    rows = [_row(key, figs, rank) for key, figs in groups.items()]
    rows.sort(key=lambda r: (*(r[c] for c in KEY_COLUMNS[:-1]), period_key(r["period"])))
    return rows if by == "period" else _coarsen(rows, by)


def series(figures: Iterable[Figure], *, by: str = "period", metrics: Collection[str] | None = None):
    """The series as a pandas DataFrame (see :func:`series_records`)."""
    import pandas as pd

    rows = series_records(figures, by=by, metrics=metrics)
    columns = list(SERIES_COLUMNS) if by == "period" else [*SERIES_COLUMNS, "as_of"]
    return pd.DataFrame.from_records(rows, columns=columns)


def _row(key: tuple[str, ...], figures: list[Figure], rank: dict[str, tuple[str, int]]) -> dict[str, Any]:
    values: list[_Value] = []
    for f in figures:
        home = next((v for v in values if agree(v.first, f)), None)
        if home is None:
            values.append(home := _Value(f))
        home.figures.append(f)
    all_docs = {f.doc for f in figures}
    conflict = any(set(v.docs()) != all_docs for v in values)
    latest = max(all_docs, key=lambda d: rank[d])
    first_of_latest = next(f for f in figures if f.doc == latest)
    chosen = next(v for v in values if first_of_latest in v.figures)
    row: dict[str, Any] = dict(zip(KEY_COLUMNS, key, strict=True))
    row["value"] = plain_number(first_of_latest.value)
    row["sources"] = len(chosen.docs())
    row["docs"] = _where(chosen.figures)
    row["issue_date"] = first_of_latest.issue_date
    described = [f"{plain_number(v.first.value)} ({_where(v.figures)})" for v in values]
    row["conflict"] = " | ".join(described) if conflict else ""
    row["others"] = "" if conflict else " | ".join(d for d, v in zip(described, values, strict=True) if v is not chosen)
    return row


def _where(figures: Sequence[Figure]) -> str:
    return "; ".join(dict.fromkeys(f"{f.doc}:{f.line}" for f in figures))


def _coarsen(rows: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    kept: dict[tuple, dict[str, Any]] = {}
    for row in rows:  # in period order within a key: a later period replaces an earlier one
        bucket = period_bucket(row["period"], by)
        kept[(*(row[c] for c in KEY_COLUMNS[:-1]), bucket)] = {**row, "period": bucket, "as_of": row["period"]}
    out = list(kept.values())
    out.sort(key=lambda r: (*(r[c] for c in KEY_COLUMNS[:-1]), period_key(r["period"])))
    return out


def wide_records(rows: Sequence[dict[str, Any]]) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """Series rows pivoted to one per metric × unit × region × programme with a column
    per period, periods in time order; returns (columns, records)."""
    periods = sorted({r["period"] for r in rows}, key=period_key)
    out: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = tuple(r[c] for c in WIDE_KEY_COLUMNS)
        rec = out.setdefault(key, {**dict(zip(WIDE_KEY_COLUMNS, key, strict=True)), **dict.fromkeys(periods)})
        rec[r["period"]] = r["value"]
    return (*WIDE_KEY_COLUMNS, *periods), list(out.values())
