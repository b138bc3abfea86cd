"""The CLI behaves the way analysts' tools do: no figure silently lost, no mistake hidden."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tongxun_stats.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_001 = ROOT / "samples" / "001_2cd31fe16908719c.txt"
runner = CliRunner()


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_wide_keeps_both_programmes_of_one_place_and_year():
    res = runner.invoke(app, ["extract", str(SAMPLE_001), "--wide", "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    claims = {(r["program"], r["理赔金额"]) for r in jsonl(res.stdout)
              if r["region"] == "河池市" and r["period"] == "2022" and r["理赔金额"] is not None}
    assert claims == {("爱心保险", 223200), ("计生特殊家庭综合保险", 531000)}


def test_stdin_doc_is_named_and_xlsx_cells_are_typed_text(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "rows.xlsx"
    res = runner.invoke(app, ["extract", "-", "-o", str(out)], input="南宁市参保 -12.5%，共 3 户。\n")
    assert res.exit_code == 0, res.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {"<stdin>"}  # not "'-"
    assert not any(isinstance(v, str) and v.startswith("'") for r in rows for v in r)


@pytest.mark.parametrize(("option", "value", "hint"), [
    ("--metric", "claims", "no such metric"),
    ("--metric", "理赔金", None),  # an alias: fine
    ("--metric", "理赔金额x", "did you mean 理赔金额"),
    ("--region", "不存在", "no such place"),
    ("--region", "钦洲市", "did you mean 钦州市"),
])
def test_unknown_filter_values_are_usage_errors(option, value, hint):
    res = runner.invoke(app, ["extract", str(SAMPLE_001), "-f", "jsonl", option, value])
    if hint is None:
        assert res.exit_code == 0 and res.stdout
    else:
        assert res.exit_code == 2 and res.stdout == ""
        assert hint in res.stderr and len(res.stderr.splitlines()) == 1


def test_region_code_selects_the_place_and_what_lies_in_it():
    by_code = runner.invoke(app, ["extract", str(SAMPLE_001), "-f", "jsonl", "--region", "450700"])
    by_name = runner.invoke(app, ["extract", str(SAMPLE_001), "-f", "jsonl", "--region", "钦州市"])
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout
    assert {r["region"] for r in jsonl(by_code.stdout)} == {"浦北县"}


@pytest.mark.parametrize("files", [[], ["notes.xls", "scan.bmp"]], ids=["empty", "unsupported only"])
def test_a_folder_with_nothing_readable_is_exit_1_with_one_line(tmp_path, files):
    for name in files:
        (tmp_path / name).write_bytes(b"x")
    res = runner.invoke(app, ["extract", str(tmp_path), "-f", "csv", "-q"])
    assert res.exit_code == 1
    assert res.stderr == f"tongxun: {tmp_path}: no readable file here (looked for .txt .md .docx .pdf .html .htm .png .jpg .jpeg .tif .tiff)\n"


def test_piped_output_and_messages_are_never_wrapped(tmp_path):
    listing = runner.invoke(app, ["patterns"])
    line = next(ln for ln in listing.stdout.splitlines() if ln.split()[:1] == ["理赔金额"])
    assert "赔付金额" in line and cell_len(line) > 80  # the whole alias list on the metric's line
    deep = tmp_path.joinpath(*["a_rather_long_folder_name"] * 6, "missing.txt")
    res = runner.invoke(app, ["extract", str(deep)])
    assert res.exit_code == 2 and res.stderr == f"tongxun: {deep}: no such file or folder\n"


def test_usage_errors_are_plain_lines_when_piped():
    res = subprocess.run([sys.executable, "-m", "tongxun_stats.cli", "extract", "--no-such-option-" + "x" * 80],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert "╭" not in res.stderr and any(ln.startswith("Error: No such option") for ln in res.stderr.splitlines())


def test_same_file_names_in_two_folders_get_different_docs(tmp_path):
    for year in ("2021", "2022"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "a.txt").write_text(f"南宁市参保 {year[-1]} 户。", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path / "2021"), str(tmp_path / "2022"), "-f", "jsonl", "-j", "1"])
    assert res.exit_code == 0, res.output
    assert [r["doc"] for r in jsonl(res.stdout)] == ["2021/a.txt", "2022/a.txt"]


def test_patterns_check_exit_codes_for_warnings_duplicates_and_empty_folders(tmp_path):
    shadow, dup, empty = (tmp_path / n for n in ("shadow", "dup", "empty"))
    for d in (shadow, dup, empty):
        d.mkdir()
    (shadow / "metrics.tsv").write_text(
        "metric\tcore\tunits\taliases\tmeaning\tfamily\n救助金额\tno\t元\t赔付金额\trelief\t\n", encoding="utf-8")
    (dup / "units.tsv").write_text("written\tbase\tkind\tchinese\n丈\t丈\tcounter\tno\n丈\t丈\tcounter\tno\n", encoding="utf-8")
    warned = runner.invoke(app, ["patterns", "check", str(shadow)])
    assert warned.exit_code == 0 and "warning: alias 赔付金额 now means 救助金额" in warned.stdout
    assert runner.invoke(app, ["patterns", "check", str(dup)]).exit_code == 1
    assert runner.invoke(app, ["patterns", "check", str(empty)]).exit_code == 1


def test_outlier_stated_and_computed_are_both_per_unit_amounts(sample_paths):
    res = runner.invoke(app, ["check", *map(str, sample_paths), "-k", "outlier", "-f", "jsonl", "-j", "1"])
    (row,) = jsonl(res.stdout)
    assert (row["stated"], row["computed"]) == (350000, 45.19)
    assert "= 350000 元/人" in row["message"] and "the median 45.19 元" in row["message"]


def test_csv_lines_end_in_lf_unless_asked_and_missing_values_are_consistent(tmp_path):
    lf = runner.invoke(app, ["extract", str(SAMPLE_001), "-f", "csv"]).stdout_bytes
    crlf = runner.invoke(app, ["extract", str(SAMPLE_001), "-f", "csv", "--crlf"]).stdout_bytes
    assert b"\r" not in lf and b"\r\n" in crlf and crlf.replace(b"\r\n", b"\n") == lf
    rows = list(csv.DictReader(io.StringIO(lf.decode("utf-8"))))
    records = jsonl(runner.invoke(app, ["extract", str(SAMPLE_001), "-f", "jsonl"]).stdout)
    assert all("" not in r.values() for r in records)  # null, never ""
    assert [r["qualifier"] or "" for r in records] == [r["qualifier"] for r in rows]


def test_version_flag_and_shell_completion():
    assert runner.invoke(app, ["-V"]).stdout == runner.invoke(app, ["--version"]).stdout
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_reading_stdin_from_a_terminal_prints_a_hint():
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tongxun_stats.cli", "extract", "-f", "jsonl"],
                            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(slave)
    os.write(master, "南宁市参保 3 户。\n".encode() + b"\x04")
    out, errs = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 0
    assert errs.splitlines()[0] == "tongxun: reading the text from stdin (end it with Ctrl-D; give a path to read files)"
    assert jsonl(out)[0]["doc"] == "<stdin>"


def test_no_color_is_honoured_by_the_consoles():
    code = "from tongxun_stats.cli import err; print(err.no_color, err.soft_wrap)"
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "1"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.stdout.split() == ["True", "True"]
