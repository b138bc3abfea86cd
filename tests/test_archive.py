"""An archive as analysts have them: both samples in every encoding and format we read,
plus an empty file, binary junk and a broken link. Every readable copy must give the
figures of the UTF-8 original; every bad file is named; the exit code says so."""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongxun_stats.cli import app
from tongxun_stats.pipeline import extract_text

runner = CliRunner()
KEY = ("raw", "value", "unit", "metric", "region", "program", "period", "qualifier")


def _docx(text: str, path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for block in text.split("\n\n"):
        d.add_paragraph(block.strip("\n"))
    d.save(path)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, sample_paths):
    root = tmp_path_factory.mktemp("archive")
    for p in sample_paths:
        text = p.read_text(encoding="utf-8")
        stem = p.stem[:3]
        (root / "utf8").mkdir(exist_ok=True)
        (root / "utf8" / f"{stem}.txt").write_text(text, encoding="utf-8")
        (root / "gbk").mkdir(exist_ok=True)
        (root / "gbk" / f"{stem}.txt").write_bytes(text.encode("gb18030"))
        (root / "utf16").mkdir(exist_ok=True)
        (root / "utf16" / f"{stem}.txt").write_bytes(text.encode("utf-16"))
        (root / "bom").mkdir(exist_ok=True)
        (root / "bom" / f"{stem}.txt").write_bytes(text.encode("utf-8-sig"))
        (root / "docx").mkdir(exist_ok=True)
        _docx(text, root / "docx" / f"{stem}.docx")
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 40)
    os.symlink(bad / "nowhere.txt", bad / "dangling.txt")
    return root


def _rows_by_doc(csv_text: str):
    out: dict[str, list[tuple]] = {}
    for r in csv.DictReader(io.StringIO(csv_text)):
        out.setdefault(r["doc"], []).append(tuple(r[k] for k in KEY))
    return out


def test_every_copy_gives_the_original_figures(archive, tmp_path):
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["extract", str(archive), "-o", str(out), "--jobs", "1"])
    assert res.exit_code == 1, res.output
    assert "junk.txt" in res.output and "dangling.txt" in res.output
    assert "failed" in res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel sees UTF-8
    rows = _rows_by_doc(raw.decode("utf-8-sig"))
    assert "bad/empty.txt" not in rows  # an empty document: no rows, no error
    for stem in ("000", "001"):
        original = rows[f"utf8/{stem}.txt"]
        assert len(original) > 150
        assert any("万" in r[0] for r in original)  # Chinese intact
        for variant in ("gbk", "utf16", "bom"):
            assert rows[f"{variant}/{stem}.txt"] == original, variant
        docx = [r for r in rows[f"docx/{stem}.docx"]]
        assert [r[1:] for r in docx] == [r[1:] for r in original]


def test_jobs_2_and_repeated_runs_are_byte_identical(archive, tmp_path):
    outs = []
    for n, jobs in enumerate(("1", "2", "2")):
        out = tmp_path / f"out{n}.jsonl"
        res = runner.invoke(app, ["extract", str(archive / "utf8"), str(archive / "gbk"), "-o", str(out), "--jobs", jobs])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) > 300


def test_library_and_cli_agree_on_a_gbk_file(archive):
    path = archive / "gbk" / "001.txt"
    res = runner.invoke(app, ["extract", str(path), "-f", "jsonl"])
    cli = [json.loads(line) for line in res.stdout.splitlines()]
    lib = extract_text(path.read_bytes().decode("gb18030"), source="001.txt")
    # JSON writes a missing text value as null; the library's Figure has ""
    assert [(r["raw"], r["metric"] or "", r["region"] or "") for r in cli] == [(f.raw, f.metric, f.region) for f in lib]
