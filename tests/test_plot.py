"""plot: the chart page draws one marker per series row, one line per region, and runs offline;
checked in a real headless chromium (skipped only when it is not installed)."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from browser.chromium import WebDriver, find_chromedriver, find_chromium
from typer.testing import CliRunner

from tongxun_stats.cli import app
from tongxun_stats.model import Figure
from tongxun_stats.plot import render_plot, write_plot
from tongxun_stats.series import series_records

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def rows(sample_figures):
    from tongxun_stats.patterns import default_patterns

    figures = [f for _text, figs in sample_figures.values() for f in figs]
    return series_records(figures, metrics=set(default_patterns().metrics))


def _row_points(rows) -> set[tuple]:
    return {(r["metric"], r["unit"], r["region"], r["program"], r["period"], str(r["value"])) for r in rows}


def test_one_marker_per_row_one_polyline_per_line(rows):
    html = render_plot(rows)
    assert len(rows) > 100
    assert html.count("<circle") == len(rows)
    lines = {(r["metric"], r["unit"], r["region"], r["program"]) for r in rows}
    assert html.count("<polyline") == len(lines)
    assert html.count('<figure class="chart"') == len({(r["metric"], r["unit"]) for r in rows})
    assert "://" not in html and "<script" not in html  # nothing fetched, nothing run


def test_text_is_escaped_and_a_conflict_is_marked():
    def fig(value, doc):
        return Figure(doc, 1, f"{value}份", Decimal(value), "份", metric="承保份数", region="<script>x</script>",
                      period="2022", issue_date="2022-10-18", precision=Decimal(1))

    html = render_plot(series_records([fig("10", "a.txt"), fig("12", "b.txt")]))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert html.count('class="conflict"') == 1 and "10 (a.txt:1) | 12 (b.txt:1)" in html


def test_cli_plot_is_written_with_the_series(tmp_path):
    page = tmp_path / "trends.html"
    res = CliRunner().invoke(app, ["series", *map(str, SAMPLES), "--metric", "承保份数", "--plot", str(page), "-f", "csv", "-q"])
    assert res.exit_code == 0, res.output
    n_rows = len(res.stdout.strip().splitlines()) - 1
    assert n_rows > 0 and page.read_text(encoding="utf-8").count("<circle") == n_rows


@pytest.fixture(scope="module")
def driver():
    if find_chromium() is None or find_chromedriver() is None:
        pytest.skip("chromium or chromedriver is not installed (apt-get install -y chromium chromium-driver)")
    with WebDriver(width=1400, height=1000) as wd:
        yield wd


def test_browser_draws_the_series_rows(driver, rows, tmp_path):
    page = tmp_path / "trends.html"
    assert write_plot(rows, page) == len(rows)
    driver.open(page)
    drawn = driver.execute("""
        const out = [];
        for (const fig of document.querySelectorAll('figure.chart')) {
          const box = fig.querySelector('svg').getBoundingClientRect();
          for (const g of fig.querySelectorAll('g.line')) {
            const n = g.querySelector('polyline').points.numberOfItems;
            for (const c of g.querySelectorAll('circle')) {
              const r = c.getBoundingClientRect();
              const inside = r.width > 0 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
              out.push([fig.dataset.metric, fig.dataset.unit, g.dataset.region, g.dataset.program, c.dataset.period,
                        c.dataset.value, inside, n, g.querySelectorAll('circle').length]);
            }
          }
        }
        return out;""")
    assert len(drawn) == len(rows)
    assert {tuple(d[:6]) for d in drawn} == _row_points(rows)
    assert all(d[6] for d in drawn)  # every marker is drawn inside its chart
    assert all(d[7] == d[8] for d in drawn)  # each line passes through each of its markers
    # hover text: the native tooltip of a marker is its value and its sources
    tip = driver.execute("return document.querySelector('circle title').textContent")
    assert re.search(r"来源 \d+: \S+\.txt:\d+", tip)
    # Chinese is laid out as wide glyphs: a CJK caption is wider than the same count of narrow ones
    widths = driver.execute("""
        const s = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        const svg = document.querySelector('svg'); svg.appendChild(s);
        s.textContent = '承保份数'; const a = s.getComputedTextLength();
        s.textContent = 'iiii'; const b = s.getComputedTextLength(); s.remove(); return [a, b];""")
    assert widths[0] > 2 * widths[1] > 0
