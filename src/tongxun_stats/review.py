"""One self-contained HTML page for a person to review what was extracted and checked.

``render_review`` takes, per document, its name, original text, rows and check
findings, and returns a page that needs nothing else (no network, no CDN; CSS, JS
and SVG inline): each document's text with every figure highlighted from its
``start``/``end`` offsets and coloured by metric (hover for a summary, click for the
whole row), a filterable table of all rows, the findings linked to their figures,
and a bar chart per metric by region.

Safety: every piece of document text and every field goes through ``html.escape``;
row data travels as JSON in ``<script type="application/json">`` with ``<``, ``>``
and ``&`` written as ``\\u003c`` ``\\u003e`` ``\\u0026``; and a Content-Security-Policy
allows only the page's own script and style (by hash) and no network at all, so
markup that slipped into the text still could not run or load anything.
"""
from __future__ import annotations

import base64
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path

from .check import Finding, figure_flags
from .errors import InputError
from .model import Figure

Document = tuple[str, str, list[Figure], list[Finding]]
PALETTE = ("#f8b878", "#92cdef", "#b7e08e", "#f7a8c4", "#cdb4f0", "#ffd95e",
           "#8ee0d0", "#e6c07b", "#a9bff7", "#f2918c", "#c2d98a", "#d9b8a3")
OTHER_COLOUR = "#dcdfe4"
MAX_CHARTS = 9
MAX_BARS = 10
TABLE_FIELDS = (("doc", "doc"), ("line", "line"), ("raw", "raw"), ("value", "value"), ("unit", "unit"),
                ("metric", "metric"), ("region", "region"), ("program", "programme"), ("period", "period"),
                ("qualifier", "qualifier"), ("flags", "flags"))

CSS = """
:root{--fg:#1d2433;--muted:#5d6679;--line:#e4e7ec;--bg:#f6f7f9;--bad:#d92d20;--good:#12b76a;--warn:#dc6803}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.65 system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:12px 24px;background:#fff;border-bottom:1px solid var(--line)}
header h1{font-size:20px;margin:0 0 2px}
header p{margin:0;color:var(--muted)}
nav a{margin-right:14px}
main{padding:16px 24px;max-width:1500px;margin:auto}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px 14px;margin:0 0 16px}
h2{font-size:16px;margin:4px 0 8px}
h3{font-size:15px;margin:8px 0 4px}
small,.muted{color:var(--muted);font-weight:normal}
a{color:#175cd3}
.legend{display:flex;flex-wrap:wrap;gap:4px 10px;margin-top:6px}
.legend span{padding:0 6px;border-radius:3px;font-size:12px}
.findings{margin:0;padding-left:22px}
.findings li{margin:3px 0}
.badge{display:inline-block;min-width:72px;text-align:center;border-radius:10px;font-size:12px;padding:0 6px;margin-right:6px}
.k-confirmed .badge{background:#d1fadf;color:#05603a}
.k-mismatch .badge{background:#fee4e2;color:#912018}
.k-outlier .badge{background:#fef0c7;color:#93370d}
.charts{display:flex;flex-wrap:wrap;gap:12px 28px}
.chart{margin:0}
.chart figcaption{font-weight:600;font-size:13px}
svg text{font-size:11px;fill:#1d2433}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:8px}
.filters input[type=search]{width:260px}
.filters input,.filters select{font:inherit;padding:2px 6px}
.tablebox{max-height:60vh;overflow:auto;border:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-size:13px}
th{position:sticky;top:0;background:#f2f4f7;text-align:left}
th,td{padding:2px 8px;border-bottom:1px solid var(--line);vertical-align:top;white-space:nowrap}
td.doc{max-width:12em;overflow:hidden;text-overflow:ellipsis}
td.value{text-align:right;font-variant-numeric:tabular-nums}
tr[data-i]{cursor:pointer}
tr[data-flagged="1"] td.flags{color:var(--bad)}
tbody tr:hover{background:#f9fafb}
.doc .text{white-space:pre-wrap;word-break:break-all;max-height:75vh;overflow:auto;border-top:1px solid var(--line);padding-top:6px}
mark.fig{color:inherit;border-radius:3px;padding:0 1px;cursor:pointer}
mark.fig.flagged{outline:2px dashed var(--bad);outline-offset:1px}
mark.fig.x-confirmed{box-shadow:inset 0 -3px 0 var(--good)}
mark.fig.x-mismatch,mark.fig.x-outlier{box-shadow:inset 0 -3px 0 var(--bad)}
mark.fig.empty::after{content:"\\25c6"}
mark.fig.current,mark.fig:target{outline:3px solid var(--fg);outline-offset:1px}
@media (min-width:1100px){
main{display:grid;grid-template-columns:minmax(0,1.15fr) minmax(0,1fr);gap:0 16px;align-items:start}
#docs{grid-column:1;grid-row:1/span 3;position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto}
#docs .doc .text{max-height:none}
#checks,#rows,#charts{grid-column:2}
}
#detail{position:fixed;right:16px;bottom:16px;width:380px;max-height:72vh;overflow:auto;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 10px 28px rgba(16,24,40,.18);padding:10px 14px;z-index:5}
#detail h3{margin:0 28px 6px 0;font-size:18px}
#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:0}
#detail dt{color:var(--muted)}
#detail dd{margin:0}
#detail-close{position:absolute;top:6px;right:8px;border:0;background:none;font-size:18px;cursor:pointer}
#detail-sentence{color:var(--muted);font-size:13px}
"""

SCRIPT = """
"use strict";
(() => {
  const rows = JSON.parse(document.getElementById("rows-data").textContent);
  const findings = JSON.parse(document.getElementById("findings-data").textContent);
  const panel = document.getElementById("detail");
  const FIELDS = [["value", "value"], ["unit", "unit"], ["metric", "metric"], ["region", "region"],
    ["program", "programme"], ["period", "period"], ["qualifier", "qualifier"], ["flags", "flags"],
    ["metric_text", "metric text"], ["doc", "document"], ["line", "line"], ["article", "article"]];
  let current = null;
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  function reveal(m) {
    // scroll the text box holding the mark, then the window only if still needed
    for (let box = m.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box).overflowY;
      if ((style === "auto" || style === "scroll") && box.scrollHeight > box.clientHeight) {
        box.scrollTop += m.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
        break;
      }
    }
    const r = m.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) window.scrollBy(0, r.top - window.innerHeight / 3);
  }
  function show(i, scroll) {
    const r = rows[i];
    if (!r) return;
    if (current) current.classList.remove("current");
    current = document.getElementById(r.id);
    if (current) {
      current.classList.add("current");
      if (scroll) reveal(current);
    }
    document.getElementById("detail-title").textContent = r.raw;
    const dl = document.getElementById("detail-fields");
    dl.replaceChildren();
    for (const [key, label] of FIELDS) {
      if (r[key] === "" || r[key] === null || r[key] === undefined) continue;
      dl.append(el("dt", label), el("dd", String(r[key])));
    }
    document.getElementById("detail-sentence").textContent = r.sentence;
    const ul = document.getElementById("detail-findings");
    ul.replaceChildren();
    for (const k of r.findings) {
      const f = findings[k];
      const li = el("li", undefined, "k-" + f.kind);
      const a = el("a", f.kind + " \\u00b7 " + f.rule);
      a.href = "#x" + k;
      li.append(a, el("span", " " + f.message));
      ul.append(li);
    }
    panel.hidden = false;
  }
  document.addEventListener("click", (e) => {
    const mark = e.target.closest("mark.fig");
    if (mark) { show(Number(mark.dataset.i), false); return; }
    const link = e.target.closest("a[data-i]");
    if (link) {
      e.preventDefault();
      show(Number(link.dataset.i), true);
      history.replaceState(null, "", "#f" + link.dataset.i);
      return;
    }
    const tr = e.target.closest("tr[data-i]");
    if (tr) show(Number(tr.dataset.i), true);
  });
  document.getElementById("detail-close").addEventListener("click", () => { panel.hidden = true; });
  const box = document.getElementById("q"), metric = document.getElementById("fm"),
    region = document.getElementById("fr"), doc = document.getElementById("fd"),
    flagged = document.getElementById("ff"), count = document.getElementById("count");
  const trs = Array.from(document.querySelectorAll("#rows tbody tr"));
  function filter() {
    const text = box.value.trim().toLowerCase();
    let shown = 0;
    for (const tr of trs) {
      const ok = (!metric.value || tr.dataset.metric === metric.value) &&
        (!region.value || tr.dataset.region === region.value) &&
        (!doc.value || tr.dataset.doc === doc.value) &&
        (!flagged.checked || tr.dataset.flagged === "1") &&
        (!text || tr.textContent.toLowerCase().includes(text));
      tr.hidden = !ok;
      if (ok) shown += 1;
    }
    count.textContent = shown + " / " + trs.length + " rows";
  }
  for (const c of [box, metric, region, doc, flagged]) c.addEventListener("input", filter);
  filter();
  // opened at a figure (review.html#f12): show its row, scrolling its text box rather than the page
  window.addEventListener("load", () => setTimeout(() => {
    const m = /^#f(\\d+)$/.exec(location.hash);
    if (m && rows[Number(m[1])]) {
      window.scrollTo(0, 0);
      show(Number(m[1]), true);
    }
  }, 0));
  document.documentElement.dataset.ready = "1";
})();
"""


def render_review(documents: Sequence[Document], *, title: str = "tongxun review") -> str:
    """The review page for ``documents``: (doc name, original text, rows, findings) each."""
    from .patterns import default_patterns

    canonical = default_patterns().metrics
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
    where = {(j, f.start, f.end): i for i, (j, f, _fl, _w) in enumerate(rows)}
    touched: dict[int, list[int]] = {}
    for k, x in enumerate(findings):
        for _line, start, end, _raw, _metric in x.figures:
            i = where.get((owner[k], start, end))
            if i is not None and k not in touched.setdefault(i, []):
                touched[i].append(k)
    counts: dict[str, int] = {}
    for _j, f, _fl, _w in rows:
        if f.metric in canonical:
            counts[f.metric] = counts.get(f.metric, 0) + 1
    colour = {m: PALETTE[n] for n, m in enumerate(sorted(counts, key=lambda m: (-counts[m], m))[: len(PALETTE)])}
    classes = {m: f"c{n}" for n, m in enumerate(colour)}

    data = [{
        "i": i, "id": f"f{i}", "doc": documents[j][0], "line": f.line, "raw": f.raw, "value": _fmt(f.value),
        "unit": f.unit, "metric": f.metric, "region": f.region, "program": f.program, "period": f.period,
        "qualifier": f.qualifier, "flags": "; ".join(flags), "metric_text": f.metric_text, "article": f.article,
        "sentence": f.sentence, "findings": touched.get(i, []),
    } for i, (j, f, flags, _w) in enumerate(rows)]
    finding_data = [{"kind": x.kind, "rule": x.rule, "message": x.message} for x in findings]

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

    by_kind = {k: sum(x.kind == k for x in findings) for k in ("confirmed", "mismatch", "outlier")}
    flagged = sum(1 for r in rows if r[3])
    css = CSS + "".join(f".{c}{{background:{colour[m]}}}" for m, c in classes.items()) + f".cx{{background:{OTHER_COLOUR}}}"
    out = [
        "<!doctype html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"script-src '{_sha256(SCRIPT)}'; style-src '{_sha256(css)}'; img-src data:; base-uri 'none'; form-action 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
        f"<header><h1>{escape(title)}</h1><p>{len(documents)} document(s) · {len(rows)} figures · "
        f"{by_kind['confirmed']} confirmed · {by_kind['mismatch']} mismatch · {by_kind['outlier']} outlier · "
        f"{flagged} rows to look at</p>",
        '<nav><a href="#checks">checks</a><a href="#rows">rows</a><a href="#charts">charts</a><a href="#docs">documents</a></nav>',
        '<div class="legend">' + "".join(f'<span class="{c}">{escape(m)}</span>' for m, c in classes.items())
        + '<span class="cx">other</span></div></header>',
        "<main>",
        _findings_html(findings, owner, where),
        _table_html(rows, data, documents),
        _charts_html(rows, colour),
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


def _charts_html(rows, colour: dict[str, str]) -> str:
    """Per metric (and unit), the largest figure of each region; check outliers are left
    out, and so is a province's own figure when its cities are drawn (it would dwarf them)."""
    from .places import place_index

    index = place_index()
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


# -- files --------------------------------------------------------------------------


def load_document(source, *, encoding: str | None = None, patterns_dirs: tuple[str, ...] = ()) -> Document:
    """Read, extract and check one batch Source (or a path): (doc, text, rows, findings)."""
    from .api import check_text
    from .errors import printable_name
    from .inputs import Source
    from .read import read_input

    if not isinstance(source, Source):
        source = Source(Path(source), printable_name(Path(source).name))
    text = read_input(source.path, encoding)
    figures, findings = check_text(text, source.doc, tuple(patterns_dirs))
    return source.doc, text, figures, findings


def write_review(paths: Iterable, out: str | Path | None = None, *, encoding: str | None = None,
                 patterns_dirs: tuple[str, ...] = ()) -> list[InputError]:
    """Review page for ``paths`` (files, folders, globs, "-") written to ``out`` (None or "-":
    stdout; a file is written atomically). A document that cannot be read is left out and
    returned as an InputError; a path that names nothing raises MissingPathError."""
    from . import batch, export

    sources, failures = batch.expand_inputs([str(p) for p in paths])
    documents = []
    for source in sources:
        try:
            documents.append(load_document(source, encoding=encoding, patterns_dirs=patterns_dirs))
        except InputError as e:
            failures.append(e)
    html = render_review(documents)
    if out is None or str(out) == "-":
        sys.stdout.write(html)
    else:
        export.atomic_write(Path(out), binary=False, run=lambda fh: fh.write(html))
    return failures
