"""review.py: the page is self-contained and escaped, with one highlight per row; then the
same page in a real headless chromium (skipped only when chromium is not installed)."""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from browser.chromium import WebDriver, dump_dom, find_chromedriver, find_chromium

from tongxun_stats.check import check_figures
from tongxun_stats.model import Document, Figure, Flag, FlagCode
from tongxun_stats.review import SCRIPT, render_review, write_review

XSS = '<script>document.documentElement.setAttribute("data-pwned","1");window.__pwned=1</script>'
XSS_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">"
EVIL_TEXT = (
    f"钦州市关爱保险共有 446427 人投保，保费金额 15624945 万元。{XSS}\n\n"
    f"梧州为计生特殊家庭购买综合保险 1363 份，保费金额 54.52 万元。{XSS_IMG}</div></pre>"
    "理赔金额 127.61 万元，赔付率 234.06%。\n"
)


@functools.cache
def _document(text: str) -> Document:
    return Document("evil<b>.txt", text)


def _fig(text: str, raw: str, value, unit: str, metric: str, **extra) -> Figure:
    start = text.index(raw)  # a test may search; the library keeps the parser's offsets
    fields = dict(doc="evil<b>.txt", line=text.count("\n", 0, start) + 1, raw=raw, value=Decimal(value), unit=unit,
                  metric=metric, region="钦州市", program="关爱保险", start=start, end=start + len(raw),
                  document=_document(text), sentence_start=max(0, start - 10), sentence_end=min(len(text), start + 20))
    fields.update(extra)
    return Figure(**fields)


@pytest.fixture(scope="module")
def evil():
    """A document full of markup, and rows whose fields carry markup too."""
    rows = [
        _fig(EVIL_TEXT, "446427 人", 446427, "人", "参保人数"),
        _fig(EVIL_TEXT, "15624945 万元", 156249450000, "元", "保费金额", flags=(Flag(FlagCode.REGION_AMBIGUOUS, "<i>flag</i>"),)),
        _fig(EVIL_TEXT, "1363 份", 1363, "份", "承保份数", region="梧州市", program="<script>alert(1)</script>"),
        _fig(EVIL_TEXT, "54.52 万元", 545200, "元", "保费金额", region="梧州市"),
        _fig(EVIL_TEXT, "127.61 万元", 1276100, "元", "理赔金额", region="梧州市", metric_text='"><svg onload=alert(1)>'),
        _fig(EVIL_TEXT, "234.06%", "234.06", "%", "赔付率", region="梧州市"),
    ]
    findings = check_figures(rows, text=EVIL_TEXT)
    return rows, findings, render_review([("evil<b>.txt", EVIL_TEXT, rows, findings)])


class _Marks(HTMLParser):
    """Collects every <mark class="fig"> with its text, and every src/href."""

    def __init__(self):
        super().__init__()
        self.marks: list[dict] = []
        self.links: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]
        if tag == "mark" and "fig" in (a.get("class") or "").split():
            self._open = {**a, "text": ""}
            self.marks.append(self._open)

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def _parse(html: str) -> _Marks:
    p = _Marks()
    p.feed(html)
    return p


def _texts(html: str) -> list[str]:
    """Each document's text as the page shows it, tags dropped."""
    divs = re.findall(r'<div class="text">(.*?)</div></article>', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", d)) for d in divs]


def test_markup_in_text_and_fields_is_escaped(evil):
    _rows, _found, html = evil
    assert XSS not in html and "<img src=x" not in html and "</pre>" not in html
    assert "&lt;script&gt;document.documentElement" in html
    assert "<script>alert(1)</script>" not in html and "<svg onload" not in html and "<i>flag</i>" not in html
    assert "evil&lt;b&gt;.txt" in html
    assert _texts(html) == [EVIL_TEXT]  # shown in full, as text
    # the only scripts are the page's own: two JSON blocks and one program
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/json" id="rows-data">', '<script type="application/json" id="findings-data">', "<script>"]


def test_row_data_is_json_that_cannot_close_its_script(evil):
    rows, _found, html = evil
    block = re.search(r'<script type="application/json" id="rows-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert len(data) == len(rows)
    assert data[2]["program"] == "<script>alert(1)</script>"  # the value survives, as data
    assert data[1]["value"] == "156249450000" and "check outlier: 每份保费" in data[1]["flags"]


def test_one_highlight_per_row_over_its_raw_text(evil):
    rows, _found, html = evil
    marks = _parse(html).marks
    assert len(marks) == len(rows)
    assert [m["text"] for m in marks] == [f.raw for f in rows]
    assert len({m["id"] for m in marks}) == len(rows)


def test_self_contained(evil):
    _rows, _found, html = evil
    assert not [u for u in _parse(html).links if re.match(r"\s*(?:https?:)?//", u)]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_content_security_policy_allows_only_the_page_script(evil):
    _rows, _found, html = evil
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    assert "default-src 'none'" in csp and f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp


def test_findings_link_to_their_highlights(evil):
    _rows, found, html = evil
    # 350000 元 a person is out of the sane range; 127.61 ÷ 54.52 = 234.06 %
    assert [x.kind for x in found] == ["outlier", "confirmed"]
    ids = {m["id"] for m in _parse(html).marks}
    targets = re.findall(r'<li id="x1" class="k-confirmed">.*?</li>', html, re.S)[0]
    links = re.findall(r'href="#(f\d+)"', targets)
    assert len(links) == 3 and set(links) <= ids


def test_overlapping_and_misaligned_rows_still_get_one_mark_each():
    text = "共承保308.2万份，保费1.32亿元。"
    a = Figure(doc="d", line=1, raw="308.2万份", value=Decimal(3082000), unit="份", start=3, end=10)
    inside = Figure(doc="d", line=1, raw="2万份", value=Decimal(20000), unit="份", start=7, end=10)
    wrong = Figure(doc="d", line=1, raw="9亿元", value=Decimal(9), unit="元", start=14, end=18)
    outside = Figure(doc="d", line=1, raw="x", value=Decimal(1), unit="份", start=500, end=501)
    html = render_review([("d", text, [a, inside, wrong, outside], [])])
    marks = _parse(html).marks
    assert len(marks) == 4
    assert [m["text"] for m in marks] == ["308.2万份", "", "", ""]
    assert _texts(html) == [text]


def test_samples_page(sample_figures, tmp_path):
    documents = [(name, text, figs, check_figures(figs, text=text)) for name, (text, figs) in sample_figures.items()]
    html = render_review(documents)
    marks = _parse(html).marks
    rows = [f for _n, _t, figs, _x in documents for f in figs]
    assert len(marks) == len(rows)
    assert sum(1 for m in marks if m["text"] == "") == 0  # every sample row fits its text
    assert _texts(html) == [text for _n, text, _f, _x in documents]
    assert html.count('<tr data-i="') == len(rows)
    assert html.count('class="k-outlier"') == 1 and 'class="k-mismatch"' not in html
    assert html.count('<figure class="chart">') >= 3


def test_write_review(tmp_path, sample_paths):
    out = tmp_path / "review.html"
    assert write_review([str(p) for p in sample_paths], out) == []
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and all(p.name in html for p in sample_paths)
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]


# -- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evil_page(evil, tmp_path_factory):
    if find_chromium() is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium chromium-driver)")
    path = tmp_path_factory.mktemp("review") / "evil.html"
    path.write_text(evil[2], encoding="utf-8")
    return path


def test_browser_runs_the_page_script_and_not_the_documents(evil, evil_page):
    dom = dump_dom(evil_page)
    html_tag = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-ready="1"' in html_tag  # the page's own script ran ...
    assert "data-pwned" not in html_tag  # ... the document's did not
    assert len(re.findall(r"<mark class=\"fig[ \"]", dom)) == len(evil[0])


@pytest.fixture(scope="module")
def driver():
    if find_chromium() is None or find_chromedriver() is None:
        pytest.skip("chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver)")
    with WebDriver(width=1400, height=1000) as wd:
        yield wd


def test_browser_counts_highlights_and_shows_a_row(driver, sample_figures, tmp_path):
    documents = [(name, text, figs, check_figures(figs, text=text)) for name, (text, figs) in sample_figures.items()]
    path = tmp_path / "review.html"
    path.write_text(render_review(documents), encoding="utf-8")
    n_rows = sum(len(figs) for _n, _t, figs, _x in documents)
    driver.open(path)
    assert driver.wait_for("return document.documentElement.dataset.ready") == "1"
    assert driver.execute("return document.querySelectorAll('mark.fig').length") == n_rows
    assert driver.execute("return document.querySelectorAll('#rows tbody tr').length") == n_rows
    # click the outlier's highlight: the detail panel shows its row
    outlier = driver.execute("return document.querySelector('#checks .k-outlier a[data-i]').dataset.i")
    driver.click(f"mark#f{outlier}")
    assert driver.execute("return document.getElementById('detail').hidden") is False
    assert driver.execute("return document.getElementById('detail-title').textContent") == "15624945 万元"
    assert "check outlier" in driver.execute("return document.getElementById('detail-fields').textContent")
    # the filter box and the metric select narrow the table
    driver.send_keys("#q", "钦州")
    shown = driver.execute("return [...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden).length")
    assert 0 < shown < n_rows
    driver.execute("const s = document.getElementById('fm'); s.value = '保费金额'; s.dispatchEvent(new Event('input'))")
    metrics = driver.execute("return [...document.querySelectorAll('#rows tbody tr')].filter(r => !r.hidden)"
                             ".map(r => r.dataset.metric)")
    assert metrics and set(metrics) == {"保费金额"}


def test_browser_does_not_run_document_markup(driver, evil, evil_page):
    driver.open(evil_page)
    assert driver.wait_for("return document.documentElement.dataset.ready") == "1"
    assert driver.execute("return window.__pwned === undefined && !document.documentElement.hasAttribute('data-pwned')")
    assert driver.execute("return document.querySelectorAll('mark.fig').length") == len(evil[0])
    assert driver.execute("return document.querySelectorAll('img, svg[onload]').length") == 0
    driver.click("mark#f2")  # the row whose programme is markup shows it as text
    assert "<script>alert(1)</script>" in driver.execute("return document.getElementById('detail-fields').textContent")


def test_cli_review(tmp_path, sample_paths):
    from typer.testing import CliRunner

    from tongxun_stats.cli import app

    runner = CliRunner()
    out = tmp_path / "review.html"
    res = runner.invoke(app, ["review", *map(str, sample_paths), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert len(_parse(out.read_text(encoding="utf-8")).marks) > 300
    assert runner.invoke(app, ["review", str(tmp_path / "nope.txt"), "-o", str(out)]).exit_code == 2
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    res = runner.invoke(app, ["review", str(sample_paths[0]), str(tmp_path / "broken.txt"), "-o", str(tmp_path / "r2.html")])
    assert res.exit_code == 1 and "broken.txt" in res.output
    assert sample_paths[0].name in (tmp_path / "r2.html").read_text(encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    res = runner.invoke(app, ["review", str(tmp_path / "empty.txt")])
    assert res.exit_code == 0 and res.stdout.startswith("<!doctype html>")


def test_review_honours_a_users_patterns(tmp_path):
    """--patterns reaches the review page: a metric a user adds is coloured as canonical."""
    from tongxun_stats.review import write_review

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "metrics.tsv").write_text(
        "metric\tcore\tunits\taliases\tmeaning\n无偿献血人数\tno\t人\t献血\tblood donors\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("全市献血2000人。\n", encoding="utf-8")
    write_review([doc], tmp_path / "plain.html")
    write_review([doc], tmp_path / "mine.html", patterns_dirs=(str(tmp_path / "p"),))
    plain = (tmp_path / "plain.html").read_text(encoding="utf-8")
    mine = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert '<mark class="fig cx' in plain and '<mark class="fig c0' in mine
