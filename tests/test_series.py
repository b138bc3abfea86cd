"""series: figures of many issues as one time series; each key once, reprints agree, changes conflict."""
from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongxun_stats.cli import app
from tongxun_stats.model import Figure
from tongxun_stats.series import (
    KEY_COLUMNS,
    SERIES_COLUMNS,
    agree,
    figure_precision,
    period_bucket,
    period_key,
    series,
    series_records,
    wide_records,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
runner = CliRunner()


def fig(raw, value, *, doc="a.txt", line=1, unit="份", metric="承保份数", region="河池市", period="2022-08-31",
        issue_date="2022-10-18", **kw) -> Figure:
    """A Figure as extract makes it: its precision is what the grammar reads from ``raw``."""
    from tongxun_stats.patterns import default_patterns
    from tongxun_stats.quantities import grammar_for

    if "precision" not in kw:
        kw["precision"] = grammar_for(default_patterns()).quantities(raw)[0].step
    return Figure(doc, line, raw, Decimal(value), unit, metric=metric, region=region, region_code="451200",
                  program="关爱保险", period=period, issue_date=issue_date, **kw)


def test_periods_sort_by_their_end_then_shorter_first():
    shuffled = ["2021-03", "--08-31", "2019/2020", "2020", "2020-12-31", "2020-09-30", "2020-08-31", "2020-07/2020-09",
                "2020-08", "--01-05", "近期"]
    assert sorted(shuffled, key=period_key) == [
        "2020-08-31", "2020-08", "2020-09-30", "2020-07/2020-09", "2020-12-31", "2020", "2019/2020", "2021-03",
        "--01-05", "--08-31", "近期",
    ]


@pytest.mark.parametrize("period, by, bucket", [
    ("2020-08-31", "year", "2020"),
    ("2020-08-31", "month", "2020-08"),
    ("2020-08", "year", "2020"),
    ("2020-07/2020-09", "month", "2020-07/2020-09"),
    ("2020-07/2020-09", "year", "2020"),
    ("2019/2020", "year", "2019/2020"),
    ("--08-31", "year", "--08-31"),
    ("2020-08-31", "period", "2020-08-31"),
])
def test_period_bucket(period, by, bucket):
    assert period_bucket(period, by) == bucket


@pytest.mark.parametrize("raw, value, step", [
    ("308.2万份", "3082000", "1000"),
    ("283753份", "283753", "1"),
    ("1.32亿元", "132000000", "1000000"),
    ("157.64%", "157.64", "0.01"),
    ("18万份", "180000", "10000"),
])
def test_figure_precision_is_the_step_of_the_last_written_digit(raw, value, step):
    assert figure_precision(fig(raw, value)) == Decimal(step)


@pytest.mark.parametrize("a, b, same", [
    (("308.2万份", "3082000"), ("3082000份", "3082000"), True),
    (("308.2万份", "3082000"), ("3082400份", "3082400"), True),  # within 308.15万–308.25万
    (("308.2万份", "3082000"), ("3083000份", "3083000"), False),
    (("308.2万份", "3082000"), ("308.5万份", "3085000"), False),
    (("18万份", "180000"), ("18.4万份", "184000"), True),
])
def test_agreement_allows_for_the_rounding_of_each_figure(a, b, same):
    assert agree(fig(*a), fig(*b)) is same


def test_a_reprint_is_one_row_with_two_sources():
    rows = series_records([fig("28.38万份", "283800", doc="sep.txt", line=9, issue_date="2022-09-15"),
                           fig("283753份", "283753", doc="oct.txt", line=91)])
    assert rows == [{
        "metric": "承保份数", "unit": "份", "region": "河池市", "region_code": "451200", "program": "关爱保险",
        "period": "2022-08-31", "value": 283753, "sources": 2, "docs": "sep.txt:9; oct.txt:91",
        "issue_date": "2022-10-18", "conflict": "", "others": "",
    }]


def test_a_changed_figure_is_a_conflict_with_the_latest_issue_value():
    rows = series_records([fig("283753份", "283753", doc="oct.txt", line=91),
                           fig("290000份", "290000", doc="sep.txt", line=9, issue_date="2022-09-15")])
    assert len(rows) == 1
    assert rows[0]["value"] == 283753 and rows[0]["sources"] == 1 and rows[0]["docs"] == "oct.txt:91"
    assert rows[0]["conflict"] == "283753 (oct.txt:91) | 290000 (sep.txt:9)"


def test_several_figures_of_one_key_in_every_issue_are_no_conflict():
    both = [fig(raw, v, doc=d, line=175) for d in ("a.txt", "b.txt") for raw, v in (("206.90万份", "2069000"), ("103.24万份", "1032400"))]
    [row] = series_records(both)
    assert (row["value"], row["sources"], row["conflict"]) == (2069000, 2, "")
    assert row["others"] == "1032400 (a.txt:175; b.txt:175)"


def test_figures_without_metric_or_period_are_left_out_and_metrics_filter():
    rows = series_records([fig("1份", "1", metric=""), fig("2份", "2", period=""), fig("3份", "3", metric="任务数"),
                           fig("4份", "4")], metrics={"承保份数"})
    assert [r["value"] for r in rows] == [4]


def test_by_year_keeps_the_latest_period_of_the_year_and_wide_orders_periods_in_time():
    figs = [fig("10份", "10", period="2020-08-31"), fig("12份", "12", period="2020-09-30"), fig("20份", "20", period="2021")]
    rows = series_records(figs, by="year")
    assert [(r["period"], r["as_of"], r["value"]) for r in rows] == [("2020", "2020-09-30", 12), ("2021", "2021", 20)]
    columns, records = wide_records(series_records(figs))
    assert columns == (*KEY_COLUMNS[:-1], "2020-08-31", "2020-09-30", "2021")
    assert [list(r.values())[5:] for r in records] == [[10, 12, 20]]
    assert list(series(figs).columns) == list(SERIES_COLUMNS)


def _series_csv(args) -> list[dict]:
    res = runner.invoke(app, ["series", *args, "-f", "csv", "-q"])
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))


def _key(r: dict) -> tuple:
    return tuple(r[c] for c in KEY_COLUMNS)


def test_cli_two_samples_and_a_reprint(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for p in SAMPLES:
        shutil.copy(p, archive / p.name)
    shutil.copy(SAMPLES[0], archive / "reprint.txt")
    rows = _series_csv([str(archive)])
    alone = {_key(r) for r in _series_csv([str(SAMPLES[0])])}
    keys = [_key(r) for r in rows]
    assert len(keys) == len(set(keys)) > 0
    assert all(r["conflict"] == "" for r in rows)
    # the reprinted issue's keys, and only they, have two sources
    assert {_key(r) for r in rows if r["sources"] == "2"} == alone
    assert {r["sources"] for r in rows} == {"1", "2"}


def test_cli_a_changed_figure_shows_a_conflict(tmp_path):
    text = SAMPLES[0].read_text(encoding="utf-8")
    assert text.count("共承保有308.2万份") == 1
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("共承保有308.2万份", "共承保有309.5万份"), encoding="utf-8")
    rows = _series_csv([str(tmp_path)])
    conflicts = [r for r in rows if r["conflict"]]
    assert [(r["metric"], r["region"], r["period"], r["value"]) for r in conflicts] == [
        ("承保份数", "广西壮族自治区", "2020-08-31", "3095000")]
    assert conflicts[0]["conflict"] == "3082000 (a.txt:51) | 3095000 (b.txt:51)"
    assert conflicts[0]["value"] == "3095000"  # same issue date: the later input counts as the latest


def test_cli_filters_and_bad_by(tmp_path):
    rows = _series_csv([str(p) for p in SAMPLES] + ["--metric", "参保份数", "--region", "河池", "--program", "关爱保险"])
    assert rows and {(r["metric"], r["program"]) for r in rows} == {("承保份数", "关爱保险")}
    assert all(r["region"] in ("河池市",) or r["region_code"].startswith("4512") for r in rows)
    res = runner.invoke(app, ["series", str(SAMPLES[0]), "--by", "week"])
    assert res.exit_code == 2
