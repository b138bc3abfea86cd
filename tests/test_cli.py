"""The CLI mirrors the library and behaves the same for every command."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongxun_stats.api import extract_text
from tongxun_stats.cli import app
from tongxun_stats.export import figure_record, write

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _command_paths():
    """("extract",), ("patterns",), ("patterns", "check"), … for every registered command."""
    import typer.main

    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():
        out.append((name,))
        for sub in getattr(cmd, "commands", {}) or {}:
            out.append((name, sub))
    return out


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(path):
    res = runner.invoke(app, [*path, "--help"])
    assert res.exit_code == 0, res.output
    assert "Example:" in res.output
    assert "tongxun " + " ".join(path) in README


def test_version():
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("tongxun ")


def test_extract_jsonl_equals_the_library(tmp_path, sample_paths):
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["extract", *map(str, sample_paths), "-o", str(out), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = []
    for p in sample_paths:
        expected += [json.loads(json.dumps(figure_record(f), ensure_ascii=False))
                     for f in extract_text(p.read_text(encoding="utf-8"), source=p.name)]
    assert rows == expected


def test_missing_path_is_a_usage_error(tmp_path):
    res = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert "nope.txt" in res.output


def test_one_bad_file_in_a_batch(tmp_path, sample_paths):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text(sample_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--jobs", "1"])
    assert res.exit_code == 1
    assert "broken.txt" in res.output
    text = out.read_text(encoding="utf-8-sig")
    assert "a.txt" in text.splitlines()[1]


def test_empty_document_gives_no_rows(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(empty), "-f", "jsonl"])
    assert res.exit_code == 0
    assert res.stdout == ""


def test_stdin(sample_paths):
    res = runner.invoke(app, ["extract", "-", "-f", "jsonl"], input=sample_paths[1].read_text(encoding="utf-8"))
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) > 100


def test_filters_by_alias_and_short_place_name(sample_paths):
    res = runner.invoke(app, ["extract", str(sample_paths[1]), "-f", "jsonl", "--metric", "赔付金额", "--region", "钦州"])
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and {r["metric"] for r in rows} == {"理赔金额"}
    assert {r["region"] for r in rows} == {"浦北县"}  # inside 钦州市


def test_patterns_list_and_check(tmp_path):
    res = runner.invoke(app, ["patterns"])
    assert res.exit_code == 0 and "承保份数" in res.output
    (tmp_path / "units.tsv").write_text("written\tbase\tkind\tchinese\n丈\t丈\tcounter\tno\n", encoding="utf-8")
    good = runner.invoke(app, ["patterns", "check", str(tmp_path)])
    assert good.exit_code == 0, good.output
    (tmp_path / "units.tsv").write_text("written\tbase\tkind\tchinese\n丈\t丈\tmeasure\tno\n", encoding="utf-8")
    bad = runner.invoke(app, ["patterns", "check", str(tmp_path)])
    assert bad.exit_code == 1 and "units.tsv:2" in bad.output
    missing = runner.invoke(app, ["patterns", "check", str(tmp_path / "nope")])
    assert missing.exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_rows_rendered_in_the_workers_are_the_librarys(tmp_path, sample_paths, fmt):
    """csv, tsv and jsonl rows are filtered and rendered in the workers: the same bytes
    at --jobs 1 and 2 as the library's figures written in one go."""
    kept = {"参保人数", "保费金额"}
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.{fmt}"
        res = runner.invoke(app, ["extract", *map(str, sample_paths), *(f"-m{m}" for m in kept), "-o", str(out),
                                  "--jobs", jobs, "-q"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    figures = [f for p in sample_paths for f in extract_text(p.read_text(encoding="utf-8"), source=p.name)
               if f.metric in kept]
    write(figures, fmt, tmp_path / f"lib.{fmt}")
    assert figures and outs[0] == outs[1] == (tmp_path / f"lib.{fmt}").read_bytes()
