"""``--wide``: figures pivoted to one row per doc × region × programme × period, a column
per metric, and no figure dropped (a second one in a cell goes to a further row)."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from .export import _number
from .model import Figure

WIDE_KEYS: tuple[str, ...] = ("doc", "region", "program", "period")


def pivot_wide(rows: Iterable[Figure], metrics: Collection[str] | None = None):
    """(columns, numeric columns, records, figures stacked on an extra row): one record per
    doc × region × program × period in order of first appearance, one column per metric
    (per metric and unit when it has several), a figure whose cell is taken on a further
    record of the same key. See :func:`tongxun_stats.export.write`."""
    stacks: dict[tuple[str, ...], list[dict[tuple[str, str], Figure]]] = {}  # key -> its rows' cells
    units: dict[str, list[str]] = {}  # metric -> units in order of first appearance
    filled: dict[tuple, int] = {}  # (key, cell) -> figures in it so far: constant time a figure
    stacked = 0
    for f in rows:
        if not f.metric or (metrics is not None and f.metric not in metrics):
            continue
        key = (f.doc, f.region, f.program, f.period)
        stack = stacks.setdefault(key, [])
        seen = units.setdefault(f.metric, [])
        if f.unit not in seen:
            seen.append(f.unit)
        cell = (f.metric, f.unit)
        depth = filled.get((key, cell), 0)  # the figure goes to the first row whose cell is free
        filled[(key, cell)] = depth + 1
        if depth == len(stack):
            stack.append({})
        stack[depth][cell] = f
        stacked += depth > 0

    def name(metric: str, unit: str) -> str:
        return metric if len(units[metric]) == 1 else f"{metric} ({unit})"

    metric_cols = [name(m, u) for m, us in units.items() for u in us]
    records = []
    for key, stack in stacks.items():
        for cells in stack:
            rec: dict[str, Any] = {k: v or None for k, v in zip(WIDE_KEYS, key, strict=True)}
            rec.update(dict.fromkeys(metric_cols))
            for (metric, unit), f in cells.items():
                rec[name(metric, unit)] = _number(f.value)
            records.append(rec)
    return (*WIDE_KEYS, *metric_cols), set(metric_cols), records, stacked
