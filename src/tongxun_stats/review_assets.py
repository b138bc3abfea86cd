"""The review page's own style and script, inlined in every page (no network, no CDN);
the page's Content-Security-Policy allows exactly these two by their hash."""
from __future__ import annotations

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
