"""Series rows -> one self-contained HTML page of line charts (``tongxun series … --plot``).

One chart per metric × unit, one line per region (× programme, when a region has
several), one marker per series row: hovering a marker shows its period, value and
sources (an SVG ``<title>``, so the page needs no script). Periods run left to right
in time order (:func:`tongxun_stats.series.period_key`), evenly spaced: a period is
a category here, not a point on a time axis, because a span (2019/2020) has no single
date. A row with a ``conflict`` is drawn as a hollow red marker.

The page is plain HTML and inline SVG written here, as the review page is: no
charting library, nothing fetched. (An embedded plotly bundle would be ~3.5 MB per
page; this page is ~1 KB per row.) All text is escaped.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from .quantities import MAGNITUDES
from .series import period_key

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")
WIDTH, HEIGHT = 660, 300
LEFT, RIGHT, TOP, BOTTOM = 86, 20, 16, 64
TICKS = 5
_AXIS_WORDS = ("亿", "万")  # the magnitudes an axis label is written in, largest first

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:20px;color:#1d2433;background:#fff}
h1{font-size:20px;margin:0 0 4px}p.note{color:#5a6270;margin:0 0 16px;font-size:13px}
figure.chart{display:inline-block;vertical-align:top;margin:0 24px 28px 0;border:1px solid #e3e6ea;border-radius:6px;padding:10px}
figcaption{font-weight:600;margin-bottom:6px}figcaption small{font-weight:400;color:#5a6270}
svg text{font-size:11px;fill:#1d2433}svg .axis{stroke:#9aa1ab;stroke-width:1}svg .grid{stroke:#eef0f3}
svg polyline{fill:none;stroke-width:2}svg circle{stroke-width:2}svg circle.conflict{fill:#fff;stroke:#d62728}
ul.legend{list-style:none;padding:0;margin:6px 0 0;max-width:660px;font-size:12px}
ul.legend li{display:inline-block;margin:0 12px 4px 0}ul.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
"""


def render_plot(rows: Iterable[dict[str, Any]], *, title: str = "tongxun series") -> str:
    """The chart page for series rows (dicts with the ``series.SERIES_COLUMNS``)."""
    charts: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        charts.setdefault((r["metric"], r["unit"]), []).append(r)
    n = sum(len(v) for v in charts.values())
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="note">{n} series rows in {len(charts)} charts. Hover a marker for its value and sources; '
            "a hollow red marker is a value the issues disagree on.</p>"]
    body += [_chart(metric, unit, chart_rows) for (metric, unit), chart_rows in charts.items()]
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_plot(rows: Iterable[dict[str, Any]], out: str | Path, *, title: str = "tongxun series") -> int:
    """Write the chart page to ``out`` whole or not at all; return the rows drawn."""
    from .atomic import atomic_write

    rows = list(rows)
    page = render_plot(rows, title=title)
    def run(fh) -> int:
        fh.write(page)
        return len(rows)

    return atomic_write(Path(out), binary=False, run=run)


def _chart(metric: str, unit: str, rows: list[dict[str, Any]]) -> str:
    periods = sorted({r["period"] for r in rows}, key=period_key)
    column = {p: i for i, p in enumerate(periods)}
    lines: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        lines.setdefault((r["region"], r["program"]), []).append(r)
    several = {region for region, _ in lines if sum(1 for g, _ in lines if g == region) > 1}
    values = [float(r["value"]) for r in rows]
    step = _nice_step(max(0.0, *values) - min(0.0, *values))
    low, high = math.floor(min(0.0, *values) / step) * step, math.ceil(max(0.0, *values) / step) * step
    high = high if high > low else low + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(p: str) -> float:
        return LEFT + (plot_w * (column[p] + 0.5) / len(periods))

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    svg = [f'<svg width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-label="{escape(metric)}">']
    for i in range(round((high - low) / step) + 1):
        v = low + step * i
        svg.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
                   f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{escape(_short(v))}</text>')
    svg.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>'
               f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}"/>')
    for p in periods:
        svg.append(f'<text x="{x(p):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end" '
                   f'transform="rotate(-30 {x(p):.1f} {HEIGHT - BOTTOM + 14})">{escape(p)}</text>')
    legend = []
    for i, ((region, program), pts) in enumerate(lines.items()):
        colour = PALETTE[i % len(PALETTE)]
        name = f"{region or '（无地区）'}" + (f" · {program}" if region in several and program else "")
        pts = sorted(pts, key=lambda r: period_key(r["period"]))
        path = " ".join(f"{x(r['period']):.1f},{y(float(r['value'])):.1f}" for r in pts)
        svg.append(f'<g class="line" data-region="{escape(region)}" data-program="{escape(program)}">'
                   f'<polyline stroke="{colour}" points="{path}"/>')
        for r in pts:
            tip = f"{name} {r['period']}: {_fmt(r['value'])} {unit}\n来源 {r['sources']}: {r['docs']}"
            if r.get("conflict"):
                tip += f"\n不一致: {r['conflict']}"
            cls = ' class="conflict"' if r.get("conflict") else ""
            svg.append(f'<circle{cls} data-period="{escape(r["period"])}" data-value="{escape(str(r["value"]))}" '
                       f'cx="{x(r["period"]):.1f}" cy="{y(float(r["value"])):.1f}" r="4" fill="{colour}" stroke="{colour}">'
                       f"<title>{escape(tip)}</title></circle>")
        svg.append("</g>")
        legend.append(f'<li><i style="background:{colour}"></i>{escape(name)}</li>')
    svg.append("</svg>")
    caption = (f'<figcaption>{escape(metric)} <small>({escape(unit)}; {len(lines)} lines, '
               f"{len(rows)} points)</small></figcaption>")
    return (f'<figure class="chart" data-metric="{escape(metric)}" data-unit="{escape(unit)}">{caption}'
            f'{"".join(svg)}<ul class="legend">{"".join(legend)}</ul></figure>')


def _nice_step(span: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about ``TICKS`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _fmt(v: Any) -> str:
    d = Decimal(str(v))
    return format(d.normalize(), ",f") if d == d.to_integral_value() else format(d, ",f")


def _short(v: float) -> str:
    """An axis label: 12000000 -> 1200万, 250000000 -> 2.5亿."""
    for word in _AXIS_WORDS:
        if abs(v) >= MAGNITUDES[word]:
            return f"{v / MAGNITUDES[word]:.4g}{word}"
    return f"{v:.4g}"

