"""The review page itself: each document's text with its figures marked, the findings,
a filterable table of the rows and a bar chart per metric by region, as one HTML string.

Every piece of document text and every field goes through ``html.escape``; row data
travels as JSON in ``<script type="application/json">`` with ``<``, ``>`` and ``&``
written as ``\\u003c`` ``\\u003e`` ``\\u0026``.
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape

from .check import Finding, figure_flags
from .model import Figure
from .patterns import Patterns, default_patterns
from .places import PlaceIndex, place_index
from .review_assets import CSS, SCRIPT

Document = tuple[str, str, list[Figure], list[Finding]]
PALETTE = ("#f8b878", "#92cdef", "#b7e08e", "#f7a8c4", "#cdb4f0", "#ffd95e",
           "#8ee0d0", "#e6c07b", "#a9bff7", "#f2918c", "#c2d98a", "#d9b8a3")
OTHER_COLOUR = "#dcdfe4"
MAX_CHARTS = 9
MAX_BARS = 10
TABLE_FIELDS = (("doc", "doc"), ("line", "line"), ("raw", "raw"), ("value", "value"), ("unit", "unit"),
                ("metric", "metric"), ("region", "region"), ("program", "programme"), ("period", "period"),
                ("qualifier", "qualifier"), ("flags", "flags"))


def render_review(documents: Sequence[Document], *, title: str = "tongxun review", patterns: Patterns | None = None,
                  places: PlaceIndex | None = None) -> str:
    """The review page for ``documents``: (doc name, original text, rows, findings) each;
    ``patterns`` and ``places`` (default: the bundled ones) say which metrics are canonical
    and where each region lies."""
    patterns = patterns or default_patterns()
    places = places or place_index(patterns.place_aliases)
    rows, doc_rows, findings, owner = _review_rows(documents)
    where = {(j, f.start, f.end): i for i, (j, f, _fl, _w) in enumerate(rows)}
    touched = _findings_by_row(findings, owner, where)
    colour = _metric_colours(rows, patterns.metrics)
    classes = {m: f"c{n}" for n, m in enumerate(colour)}
    data = [{
        "i": i, "id": f"f{i}", "doc": documents[j][0], "line": f.line, "raw": f.raw, "value": _fmt(f.value),
        "unit": f.unit, "metric": f.metric, "region": f.region, "program": f.program, "period": f.period,
        "qualifier": f.qualifier, "flags": "; ".join(flags), "metric_text": f.metric_text, "article": f.article,
        "sentence": f.sentence, "findings": touched.get(i, []),
    } for i, (j, f, flags, _w) in enumerate(rows)]
    finding_data = [{"kind": x.kind, "rule": x.rule, "message": x.message} for x in findings]
    mark = _marker(rows, findings, touched, classes)
    css = CSS + "".join(f".{c}{{background:{colour[m]}}}" for m, c in classes.items()) + f".cx{{background:{OTHER_COLOUR}}}"
    out = [
        *_page_head(title, css),
        _header_html(title, documents, rows, findings, classes),
        "<main>",
        _findings_html(findings, owner, where),
        _table_html(rows, data, documents),
        _charts_html(rows, colour, places),
        '<section id="docs"><h2>Documents</h2>',
    ]
    for j, (name, text, _figs, _found) in enumerate(documents):
        out.append(f'<article class="doc" id="d{j}"><h3>{escape(name)} <small>{len(doc_rows[j])} figures</small></h3>'
                   f'<div class="text">{_marked(text, [(i, rows[i][1]) for i in doc_rows[j]], mark)}</div></article>')
    out += [
        "</section>", "</main>",
        '<aside id="detail" hidden><button id="detail-close" type="button" aria-label="close">×</button>'
        '<h3 id="detail-title"></h3><dl id="detail-fields"></dl><p id="detail-sentence"></p>'
        '<ul id="detail-findings" class="findings"></ul></aside>',
        f'<script type="application/json" id="rows-data">{_json(data)}</script>',
        f'<script type="application/json" id="findings-data">{_json(finding_data)}</script>',
        f"<script>{SCRIPT}</script>", "</body>", "</html>", "",
    ]
    return "\n".join(out)


def _review_rows(documents: Sequence[Document]):
    """Every document's rows in one list, (doc index, figure, flags, review reasons) each;
    the row numbers of each document; all findings, and the document of each."""
    rows: list[tuple[int, Figure, list[str], list[str]]] = []  # (doc index, figure, flags, review reasons)
    doc_rows: list[list[int]] = []
    findings: list[Finding] = []
    owner: list[int] = []  # the document of each finding
    for j, (_name, text, figs, found) in enumerate(documents):
        reasons = figure_flags(list(figs), list(found), text=text)
        doc_rows.append([])
        for k, f in enumerate(figs):
            why = [str(x) for x in reasons.get(k, [])]
            flags = list(dict.fromkeys([str(x) for x in f.flags] + why))
            doc_rows[-1].append(len(rows))
            rows.append((j, f, flags, why))
        findings.extend(found)
        owner.extend([j] * len(found))
    return rows, doc_rows, findings, owner


def _findings_by_row(findings: list[Finding], owner: list[int], where: dict) -> dict[int, list[int]]:
    """Row number -> the findings (by number) that name its figure."""
    touched: dict[int, list[int]] = {}
    for k, x in enumerate(findings):
        for _line, start, end, _raw, _metric in x.figures:
            i = where.get((owner[k], start, end))
            if i is not None and k not in touched.setdefault(i, []):
                touched[i].append(k)
    return touched


def _metric_colours(rows, canonical) -> dict[str, str]:
    """A colour for each of the most frequent canonical metrics, most frequent first."""
    counts: dict[str, int] = {}
    for _j, f, _fl, _w in rows:
        if f.metric in canonical:
            counts[f.metric] = counts.get(f.metric, 0) + 1
    return {m: PALETTE[n] for n, m in enumerate(sorted(counts, key=lambda m: (-counts[m], m))[: len(PALETTE)])}


def _marker(rows, findings: list[Finding], touched: dict[int, list[int]], classes: dict[str, str]):
    """The function that writes row ``i``'s mark in the text: coloured by metric, underlined
    by its findings, outlined when flagged, with a summary to hover."""

    def mark(i: int, inner: str, empty: bool) -> str:
        _j, f, flags, why = rows[i]
        cls = ["fig", classes.get(f.metric, "cx")]
        cls += [f"x-{findings[k].kind}" for k in touched.get(i, [])]
        if why:
            cls.append("flagged")
        if empty:
            cls.append("empty")
        tip = " · ".join(x for x in (f.metric, f"{_fmt(f.value)} {f.unit}", f.region, f.program, f.period, f.qualifier) if x)
        if flags:
            tip += "\n" + "; ".join(flags)
        return (f'<mark class="{" ".join(dict.fromkeys(cls))}" id="f{i}" data-i="{i}" title="{escape(tip)}">'
                f"{inner}</mark>")

    return mark


def _page_head(title: str, css: str) -> list[str]:
    """The page's opening lines: its policy (only this style and script, no network), title and style."""
    return [
        "<!doctype html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"script-src '{_sha256(SCRIPT)}'; style-src '{_sha256(css)}'; img-src data:; base-uri 'none'; form-action 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
    ]


def _header_html(title: str, documents: Sequence[Document], rows, findings: list[Finding],
                 classes: dict[str, str]) -> str:
    """The header: counts of documents, figures and findings, the links, the colour legend."""
    by_kind = {k: sum(x.kind == k for x in findings) for k in ("confirmed", "mismatch", "outlier")}
    flagged = sum(1 for r in rows if r[3])
    return "\n".join([
        f"<header><h1>{escape(title)}</h1><p>{len(documents)} document(s) · {len(rows)} figures · "
        f"{by_kind['confirmed']} confirmed · {by_kind['mismatch']} mismatch · {by_kind['outlier']} outlier · "
        f"{flagged} rows to look at</p>",
        '<nav><a href="#checks">checks</a><a href="#rows">rows</a><a href="#charts">charts</a><a href="#docs">documents</a></nav>',
        '<div class="legend">' + "".join(f'<span class="{c}">{escape(m)}</span>' for m, c in classes.items())
        + '<span class="cx">other</span></div></header>',
    ])


def _marked(text: str, rows: list[tuple[int, Figure]], mark) -> str:
    """``text`` escaped, with one mark per row: a row whose offsets do not fit the text,
    or that overlaps the one before, gets an empty mark where it starts."""
    parts, pos = [], 0
    for i, f in sorted(rows, key=lambda r: (r[1].start, r[1].end)):
        fits = 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.raw
        if fits and f.start >= pos:
            parts += [escape(text[pos : f.start]), mark(i, escape(text[f.start : f.end]), False)]
            pos = f.end
        else:
            at = min(max(f.start, pos), len(text))
            parts += [escape(text[pos:at]), mark(i, "", True)]
            pos = at
    parts.append(escape(text[pos:]))
    return "".join(parts)


def _findings_html(findings: list[Finding], owner: list[int], where: dict) -> str:
    if not findings:
        return '<section id="checks"><h2>Checks</h2><p class="muted">No check applied to these figures.</p></section>'
    items = []
    for k, x in enumerate(findings):
        links = []
        for _line, start, end, raw, metric in x.figures:
            i = where.get((owner[k], start, end))
            label = escape(f"{raw}") + (f" <small>{escape(metric)}</small>" if metric else "")
            links.append(f'<a href="#f{i}" data-i="{i}">{label}</a>' if i is not None else label)
        items.append(f'<li id="x{k}" class="k-{escape(x.kind)}"><span class="badge">{escape(x.kind)}</span>'
                     f"<b>{escape(x.rule)}</b> <small>{escape(x.doc)}</small> — {escape(x.message)}<br>"
                     f"<small>figures:</small> {' · '.join(links)}</li>")
    return f'<section id="checks"><h2>Checks</h2><ol class="findings">{"".join(items)}</ol></section>'


def _charts_html(rows, colour: dict[str, str], index: PlaceIndex) -> str:
    """Per metric (and unit), the largest figure of each region; check outliers are left
    out, and so is a province's own figure when its cities are drawn (it would dwarf them)."""
    series: dict[tuple[str, str], dict[str, Decimal]] = {}
    wholes: dict[tuple[str, str], dict[str, Decimal]] = {}
    left_out: dict[tuple[str, str], int] = {}
    for _j, f, _flags, why in rows:
        if f.metric not in colour or not f.region:
            continue
        key = (f.metric, f.unit)
        if any(w.startswith("check outlier") for w in why):
            left_out[key] = left_out.get(key, 0) + 1
            continue
        whole = f.region_code in index.places and index[f.region_code].level == "province"
        cell = (wholes if whole else series).setdefault(key, {})
        cell[f.region] = max(cell.get(f.region, f.value), f.value)
    for key, cell in wholes.items():
        if len(series.get(key, ())) < 2:
            series.setdefault(key, {}).update(cell)
            wholes[key] = {}
    keys = [k for k in series if len(series[k]) >= 2]
    keys = sorted(keys, key=lambda k: (-len(series[k]), k))[:MAX_CHARTS]
    charts = []
    for metric, unit in keys:
        bars = sorted(series[(metric, unit)].items(), key=lambda kv: -kv[1])[:MAX_BARS]
        top = max(v for _r, v in bars) or Decimal(1)
        height = 8 + 18 * len(bars)
        svg = [f'<svg width="440" height="{height}" viewBox="0 0 440 {height}" role="img" '
               f'aria-label="{escape(metric)} by region">']
        for n, (region, v) in enumerate(bars):
            y, w = 4 + 18 * n, max(1, round(220 * float(v / top)))
            svg.append(f'<text x="136" y="{y + 12}" text-anchor="end">{escape(region[:12])}</text>'
                       f'<rect x="140" y="{y + 2}" width="{w}" height="13" rx="2" fill="{colour[metric]}"></rect>'
                       f'<text x="{144 + w}" y="{y + 12}">{escape(_short(v))}</text>')
        svg.append("</svg>")
        notes = [f"{n} outlier left out" for n in [left_out.get((metric, unit))] if n]
        notes += [f"{r} {_short(v)} not drawn" for r, v in wholes.get((metric, unit), {}).items()]
        note = f" <small>({escape('; '.join(notes))})</small>" if notes else ""
        charts.append(f'<figure class="chart"><figcaption>{escape(metric)} <small>{escape(unit)}, largest per region'
                      f"</small>{note}</figcaption>{''.join(svg)}</figure>")
    body = "".join(charts) or '<p class="muted">Too few regions for a chart.</p>'
    return f'<section id="charts"><h2>By region</h2><div class="charts">{body}</div></section>'


def _table_html(rows, data: list[dict], documents: Sequence[Document]) -> str:
    def options(values: Iterable[str], label: str) -> str:
        opts = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in sorted(set(values)) if v)
        return f'<option value="">all {label}</option>{opts}'

    body = []
    for rec, (_j, _f, _flags, why) in zip(data, rows, strict=True):
        cells = []
        for key, _label in TABLE_FIELDS:
            v = escape(str(rec[key]))
            if key == "raw":
                v = f'<a href="#{rec["id"]}" data-i="{rec["i"]}">{v}</a>'
            cells.append(f'<td class="{key}">{v}</td>')
        body.append(f'<tr data-i="{rec["i"]}" data-doc="{escape(rec["doc"])}" data-metric="{escape(rec["metric"])}" '
                    f'data-region="{escape(rec["region"])}" data-flagged="{1 if why else 0}">{"".join(cells)}</tr>')
    head = "".join(f"<th>{escape(label)}</th>" for _k, label in TABLE_FIELDS)
    return (
        '<section id="rows"><h2>Rows</h2><div class="filters">'
        '<input id="q" type="search" placeholder="filter: any text in the row" aria-label="filter">'
        f'<select id="fm" aria-label="metric">{options((d["metric"] for d in data), "metrics")}</select>'
        f'<select id="fr" aria-label="region">{options((d["region"] for d in data), "regions")}</select>'
        f'<select id="fd" aria-label="document">{options((name for name, *_ in documents), "documents")}</select>'
        '<label><input id="ff" type="checkbox"> to look at only</label> <span id="count" class="muted"></span></div>'
        f'<div class="tablebox"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></section>'
    )


def _json(value) -> str:
    """JSON that cannot end its <script> element or open markup inside it."""
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d.is_finite() else str(d)


def _short(v: Decimal) -> str:
    """A value as a reader of these newsletters writes it: 1.32亿, 308.2万, 5857."""
    for word, power in (("亿", 8), ("万", 4)):
        if abs(v) >= Decimal(10) ** power:
            return _fmt(round(v.scaleb(-power), 2)) + word
    return _fmt(round(v, 2))
