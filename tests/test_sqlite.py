"""-o figures.db: the rows of -f jsonl, findings, documents and the series in one SQLite file."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongxun_stats.batch import Source
from tongxun_stats.check import FINDING_COLUMNS
from tongxun_stats.cli import app
from tongxun_stats.export import COLUMNS
from tongxun_stats.series import SERIES_COLUMNS, series_records
from tongxun_stats.sqlite_out import DOCUMENT_COLUMNS, document_result, fts_query, write_database

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
runner = CliRunner()


def _rows(db: Path, sql: str) -> list[dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql)]
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("db")
    res = runner.invoke(app, ["extract", *map(str, SAMPLES), "-o", str(tmp / "f.db"), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["extract", *map(str, SAMPLES), "-f", "jsonl", "-q"])
    assert res.exit_code == 0, res.output
    return tmp / "f.db", [json.loads(line) for line in res.stdout.splitlines()]


def test_figures_table_holds_exactly_the_jsonl_rows(sample_db):
    db, jsonl = sample_db
    got = _rows(db, "select * from figures order by rowid")
    assert len(jsonl) > 300
    assert got == jsonl
    assert [type(r["value"]) for r in got] == [type(r["value"]) for r in jsonl]  # ints stay ints
    assert _rows(db, "select count(*) as n from figures") == [{"n": len(jsonl)}]


def test_full_text_search_finds_chinese_words(sample_db):
    db, jsonl = sample_db
    for word in ("理赔", "理赔金额", "关爱保险"):
        expected = sum(1 for r in jsonl if word in r["sentence"])
        got = _rows(db, f"select count(*) as n from figures_fts where figures_fts match '{fts_query(word)}'")
        assert expected > 0 and got == [{"n": expected}], word
    # a two-character word needs no helper
    assert _rows(db, "select count(*) as n from figures_fts where figures_fts match '理赔'")[0]["n"] > 0


def test_documents_findings_and_series_tables(sample_db):
    db, jsonl = sample_db
    docs = _rows(db, "select * from documents")
    assert [list(d) for d in docs] == [list(DOCUMENT_COLUMNS)] * len(SAMPLES)
    for d, path in zip(docs, SAMPLES, strict=True):
        text = path.read_text(encoding="utf-8")
        assert (d["doc"], d["chars"], d["encoding"], d["status"]) == (path.name, len(text), "utf-8", "ok")
        assert d["figures"] == sum(1 for r in jsonl if r["doc"] == path.name)
        assert d["issue_date"] == next(r["issue_date"] for r in jsonl if r["doc"] == path.name)
    findings = _rows(db, "select * from findings")
    assert findings and list(findings[0]) == list(FINDING_COLUMNS)
    res = runner.invoke(app, ["check", *map(str, SAMPLES), "-f", "jsonl", "-q"])
    assert findings == [json.loads(line) for line in res.stdout.splitlines()]
    [result] = document_result(Source(SAMPLES[0], SAMPLES[0].name))
    series = _rows(db, "select * from series")
    assert series and list(series[0]) == list(SERIES_COLUMNS)
    assert len([s for s in series if s["docs"].startswith(SAMPLES[0].name)]) == len(
        series_records(result.figures, metrics={r["metric"] for r in series}))
    indexes = {(r["tbl_name"], r["sql"].split("(")[-1].strip('[]")')) for r in _rows(
        db, "select tbl_name, sql from sqlite_master where type = 'index'")}
    assert {(t, c) for t in ("figures", "series") for c in ("metric", "region", "period")} <= indexes


def test_documents_row_tells_the_codec_that_read_it_and_clips_the_title(tmp_path):
    from tongxun_stats.clip import TITLE_MAX

    text = "标" * 200 + "\n" + SAMPLES[0].read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.replace("\u00a0", " ").encode("gbk"))
    [result] = document_result(Source(path, path.name))
    assert result.info["encoding"] == "gb18030"
    assert result.info["title"] == "标" * (TITLE_MAX - 1) + "…"
    [forced] = document_result(Source(path, path.name), encoding="gbk")
    assert forced.info["encoding"] == "gbk"


def test_check_kind_and_an_unreadable_file(tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / SAMPLES[1].name).write_text(SAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["check", str(tmp_path), "--kind", "confirmed", "-o", str(tmp_path / "c.db"), "-q"])
    assert res.exit_code == 1
    assert "junk.txt" in res.stderr
    docs = {d["doc"]: d for d in _rows(tmp_path / "c.db", "select * from documents")}
    assert docs[SAMPLES[1].name]["status"] == "ok"
    assert docs["junk.txt"]["status"].startswith(str(tmp_path / "junk.txt")) and docs["junk.txt"]["figures"] is None
    kinds = {r["kind"] for r in _rows(tmp_path / "c.db", "select kind from findings")}
    assert kinds == {"confirmed"}


def test_a_rerun_replaces_the_tables_and_a_failure_leaves_the_old_file(tmp_path):
    db = tmp_path / "f.db"
    assert runner.invoke(app, ["extract", str(SAMPLES[0]), "-o", str(db), "-q"]).exit_code == 0
    before = _rows(db, "select count(*) as n from figures")[0]["n"]
    res = runner.invoke(app, ["extract", str(SAMPLES[0]), "-o", str(db), "--metric", "理赔金额", "-q"])
    assert res.exit_code == 0
    metrics = _rows(db, "select distinct metric from figures")
    assert metrics == [{"metric": "理赔金额"}] and before > 10
    old = db.read_bytes()

    def broken(figures):
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_database(document_result(Source(SAMPLES[0], SAMPLES[0].name)), db, keep_figure=broken)
    assert db.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.db"]
    res = runner.invoke(app, ["extract", str(SAMPLES[0]), "-o", str(tmp_path / "no" / "f.db"), "-q"])
    assert res.exit_code == 1 and "does not exist" in " ".join(res.stderr.split())


def test_series_command_writes_a_database(tmp_path):
    res = runner.invoke(app, ["series", *map(str, SAMPLES), "--metric", "承保份数", "-o", str(tmp_path / "s.db"), "-q"])
    assert res.exit_code == 0, res.output
    assert {r["metric"] for r in _rows(tmp_path / "s.db", "select metric from series")} == {"承保份数"}
    assert list(_rows(tmp_path / "s.db", "select * from figures limit 1")[0]) == list(COLUMNS)
    res = runner.invoke(app, ["series", str(SAMPLES[0]), "-o", str(tmp_path / "t.db"), "--plot", str(tmp_path / "p.html")])
    assert res.exit_code == 2 and not (tmp_path / "t.db").exists()
