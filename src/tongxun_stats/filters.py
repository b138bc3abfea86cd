"""Row filters shared by the CLI and the library: by metric and by region.

A metric filter takes a canonical name or any alias (赔付金额 selects 理赔金额);
a region filter takes a full or short name (柳州, 钦州市), a name as the region
column shows it (桂林市七星区) or a GB/T 2260 code (450700), and selects the
place and everything inside it (钦州市 also selects 浦北县). A value that names
no metric or place is a :class:`FilterError` naming the closest ones, raised
before any row is read.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from .errors import TongxunError
from .model import Figure
from .patterns import Patterns
from .places import PlaceIndex


class FilterError(TongxunError):
    """A filter value names no known metric or place (the CLI exits with 2)."""


def _ancestors(index: PlaceIndex, code: str) -> set[str]:
    out = set()
    while code and code in index.places:
        out.add(code)
        code = index[code].parent
    return out


def _unknown(option: str, value: str, what: str, names: Iterable[str]) -> FilterError:
    close = difflib.get_close_matches(value, list(dict.fromkeys(names)), n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else f"see `tongxun patterns` for the {what}s known"
    if what == "place" and not close:
        hint = "give a place name (钦州市, 钦州) or its code (450700)"
    return FilterError(f"{option} {value}: no such {what} ({hint})")


def resolve_metrics(patterns: Patterns, metrics: Iterable[str]) -> set[str]:
    """The canonical metrics that names or aliases select; FilterError for an unknown one."""
    out = set()
    for m in metrics:
        canonical = patterns.canonical_metric(m)
        if canonical is None:
            raise _unknown("--metric", m, "metric", [*patterns.metrics, *patterns.metric_aliases])
        out.add(canonical)
    return out


def resolve_region(index: PlaceIndex, name: str) -> set[str]:
    """County-level (or higher) codes a region filter value selects; FilterError if none."""
    codes = index.lookup(name)  # loads every province's townships first
    if not codes and name in index.places:
        codes = [name]
    if not codes:  # a district as the region column shows it: its city's name, then its own
        codes = [c for c, p in index.places.items() if p.level == "county" and name.endswith(p.name)
                 and p.parent in index.places and index[p.parent].name + p.name == name]
    if not codes:
        raise _unknown("--region", name, "place", (p.name for p in index.places.values() if p.level != "township"))
    return {index.county_of(c) for c in codes}


def filter_figures(
    figures: Iterable[Figure], patterns: Patterns, index: PlaceIndex,
    metrics: Iterable[str] = (), regions: Iterable[str] = (),
) -> Iterator[Figure]:
    """The figures of the given metrics and inside the given regions (all when none given).
    The values are checked at once, before the first figure is read (FilterError)."""
    wanted_metrics = resolve_metrics(patterns, metrics)
    wanted_codes: set[str] = set()
    for r in regions:
        wanted_codes |= resolve_region(index, r)
    return _select(figures, index, wanted_metrics, wanted_codes)


def _select(figures: Iterable[Figure], index: PlaceIndex, metrics: set[str], codes: set[str]) -> Iterator[Figure]:
    for f in figures:
        if metrics and f.metric not in metrics:
            continue
        if codes and not codes & _ancestors(index, f.region_code):
            continue
        yield f


def filter_programmes(figures: Iterable[Figure], patterns: Patterns, programmes: Iterable[str] = ()) -> Iterator[Figure]:
    """Keep figures of these programmes (canonical names or aliases); all when none given."""
    wanted = {patterns.programmes.get(p, p) for p in programmes}
    return (f for f in figures if not wanted or f.program in wanted)
