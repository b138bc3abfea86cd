"""Row filters shared by the CLI and the library: by metric and by region.

A metric filter takes a canonical name or any alias (赔付金额 selects 理赔金额);
a region filter takes a full or short name (柳州, 钦州市) and selects the place
and everything inside it (钦州市 also selects 浦北县).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Figure
from .patterns import Patterns
from .places import PlaceIndex


def _ancestors(index: PlaceIndex, code: str) -> set[str]:
    out = set()
    while code and code in index.places:
        out.add(code)
        code = index[code].parent
    return out


def filter_figures(
    figures: Iterable[Figure], patterns: Patterns, index: PlaceIndex,
    metrics: Iterable[str] = (), regions: Iterable[str] = (),
) -> Iterator[Figure]:
    wanted_metrics = {patterns.canonical_metric(m) or m for m in metrics}
    wanted_codes: set[str] = set()
    wanted_names: set[str] = set()
    for r in regions:
        codes = index.lookup(r)
        wanted_codes.update(index.county_of(c) for c in codes)
        if not codes:
            wanted_names.add(r)
    for f in figures:
        if wanted_metrics and f.metric not in wanted_metrics:
            continue
        if wanted_codes or wanted_names:
            inside = bool(wanted_codes & _ancestors(index, f.region_code))
            if not inside and f.region not in wanted_names:
                continue
        yield f


def filter_programmes(figures: Iterable[Figure], patterns: Patterns, programmes: Iterable[str] = ()) -> Iterator[Figure]:
    """Keep figures of these programmes (canonical names or aliases); all when none given."""
    wanted = {patterns.programmes.get(p, p) for p in programmes}
    return (f for f in figures if not wanted or f.program in wanted)
