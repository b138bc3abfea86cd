"""export.py: every format round-trips, cells are defused, files are written atomically."""
from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from decimal import Decimal

import pytest

from tongxun_stats.errors import ExportError
from tongxun_stats.export import (
    COLUMNS,
    NUMERIC_COLUMNS,
    STREAMED_FORMATS,
    defuse_csv,
    figure_record,
    format_for_path,
    render_records,
    to_frame,
    write,
    write_records,
    write_rendered,
)
from tongxun_stats.model import Document, Figure, Flag, FlagCode


def _in(sentence: str, article: str = "") -> dict:
    """The fields of a row standing in ``sentence`` (a document of that one sentence)."""
    return dict(document=Document("", sentence, {0: article}), sentence_start=0, sentence_end=len(sentence))


FIGURES = [
    Figure(
        doc="000_bc105862800a2212.txt", line=51, raw="308.2万份", value=Decimal("3082000"), unit="份",
        metric="承保份数", region="广西壮族自治区", program="计生家庭系列保险", period="2020-08-31",
        metric_text="承保份数", start=1200, end=1207, issue_date="2020-10-15",
        **_in("全区共承保308.2万份，保费1.32亿元。", article="在 2020 年全区计生协项目工作现场推进会上的讲话"),
    ),
    Figure(
        doc="000_bc105862800a2212.txt", line=51, raw="1.32亿元", value=Decimal("1.32E+8"), unit="元",
        metric="保费金额", region="广西壮族自治区", program="计生家庭系列保险", period="2020-08-31",
        start=1210, end=1216, **_in("全区共承保308.2万份，保费1.32亿元。"),
    ),
    Figure(
        doc="001_2cd31fe16908719c.txt", line=7, raw="5.61%", value=Decimal("5.61"), unit="%",
        metric="增长率", region="南宁市", qualifier="约", period="2022", flags=(Flag(FlagCode.RANGE),),
        lower=Decimal("5.5"), upper=Decimal("6"), start=300, end=305,
    ),
    # cells a spreadsheet would run as formulas; the value is negative and must stay a number
    Figure(
        doc="=cmd|'/C calc'!A0", line=9, raw="-5户", value=Decimal("-5"), unit="户",
        metric="+增长量", region="@南宁市", program="\t计生", qualifier="\r约",
        period="-2022", metric_text="=HYPERLINK(\"http://x\")", **_in("减少 -5户。"),
    ),
]
RECORDS = [figure_record(f) for f in FIGURES]


def defused(rec: dict) -> dict:
    return {k: v if k in NUMERIC_COLUMNS else defuse_csv(v) for k, v in rec.items()}


# what a spreadsheet would run as a formula gets a "'" in CSV/TSV; nothing else changes
DEFUSED = [
    ("=1+2", "'=1+2"),
    ("=cmd|'/C calc'!A0", "'=cmd|'/C calc'!A0"),
    ("+增长量", "'+增长量"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("-5户", "'-5户"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\t=1+2", "'\t=1+2"),
    ("\r@x", "'\r@x"),
    (" =1", "' =1"),
]
NOT_DEFUSED = ["-", "+", "=", "@", "-5", "-12.5%", "+3.5", "-1,234.5", "1e5", "\t计生", "\r约", "减少 -5户。",
               "a=b", "2022", "<stdin>", ""]


@pytest.mark.parametrize(("cell", "want"), DEFUSED, ids=[c for c, _ in DEFUSED])
def test_csv_cells_a_spreadsheet_would_evaluate_are_defused(cell, want):
    assert defuse_csv(cell) == want


@pytest.mark.parametrize("cell", NOT_DEFUSED)
def test_csv_cells_no_spreadsheet_would_evaluate_stay(cell):
    assert defuse_csv(cell) == cell


# -- records ---------------------------------------------------------------------------

DECIMALS = [
    (Decimal("5.61"), 5.61, float),
    (Decimal("1.1E+8"), 110000000, int),
    (Decimal("3082000"), 3082000, int),
    (Decimal("12.50"), 12.5, float),
    (Decimal("0.1"), 0.1, float),
    (Decimal("-5"), -5, int),
    (Decimal("1.0"), 1, int),
]


@pytest.mark.parametrize(("value", "expected", "kind"), DECIMALS, ids=[str(d[0]) for d in DECIMALS])
def test_figure_record_converts_decimals(value, expected, kind):
    rec = figure_record(Figure(doc="d", line=1, raw="x", value=value, unit="元", lower=value))
    assert rec["value"] == expected and type(rec["value"]) is kind
    assert rec["lower"] == expected and type(rec["lower"]) is kind
    assert rec["upper"] is None


def test_figure_record_has_the_columns_in_order():
    assert tuple(figure_record(FIGURES[0])) == COLUMNS
    # every column is a field of the row, or a string made from its spans when it is written
    assert set(COLUMNS) - set(Figure.__dataclass_fields__) == {"sentence", "article"}
    assert RECORDS[0]["sentence"] == "全区共承保308.2万份，保费1.32亿元。"
    assert RECORDS[0]["article"] == "在 2020 年全区计生协项目工作现场推进会上的讲话"


def test_to_frame():
    frame = to_frame(FIGURES)
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == len(FIGURES)
    assert frame["value"].tolist() == [3082000, 132000000, 5.61, -5]
    assert frame.loc[0, "region"] == "广西壮族自治区"
    assert tuple(to_frame([]).columns) == COLUMNS


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("a.csv", "csv"), ("a.TSV", "tsv"), ("dir/a.jsonl", "jsonl"), ("a.json", "json"),
     ("a.parquet", "parquet"), ("a.xlsx", "xlsx")],
)
def test_format_for_path(path, fmt):
    assert format_for_path(path) == fmt


@pytest.mark.parametrize("path", ["a.txt", "a", "a.xls", "a.csv.gz"])
def test_format_for_unknown_path(path):
    with pytest.raises(ExportError):
        format_for_path(path)


# -- round trips --------------------------------------------------------------------------


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b))
    return a == b


def test_csv_file_has_bom_and_reads_back(tmp_path):
    import pandas as pd

    out = tmp_path / "rows.csv"
    assert write(iter(FIGURES), "csv", out) == len(FIGURES)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert tuple(frame.columns) == COLUMNS
    assert frame["region"].tolist()[:3] == ["广西壮族自治区", "广西壮族自治区", "南宁市"]
    assert frame["sentence"][0] == "全区共承保308.2万份，保费1.32亿元。"
    assert frame["value"].tolist() == [3082000, 132000000, 5.61, -5]
    assert frame["lower"].isna().tolist() == [True, True, False, True]
    assert frame["lower"][2] == 5.5


def test_csv_rows_equal_records(tmp_path):
    out = tmp_path / "rows.csv"
    write(FIGURES, "csv", out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row, rec in zip(rows, RECORDS, strict=True):
        for col, want in defused(rec).items():
            got = row[col]
            if want is None:
                assert got == ""
            elif col in NUMERIC_COLUMNS:
                assert _same(float(got), want), col
            else:
                assert got == want, col


@pytest.mark.parametrize(
    ("excel", "to_file", "bom"),
    [(None, True, True), (False, True, False), (True, True, True), (None, False, False), (True, False, True)],
    ids=["file-default", "file-off", "file-on", "stdout-default", "stdout-on"],
)
def test_csv_bom_choice(tmp_path, capsys, excel, to_file, bom):
    out = tmp_path / "rows.csv" if to_file else None
    write(FIGURES[:1], "csv", out, excel=excel)
    text = out.read_text(encoding="utf-8") if to_file else capsys.readouterr().out
    assert text.startswith("\ufeff") is bom
    assert "广西壮族自治区" in text


def test_tsv_reads_back(tmp_path):
    out = tmp_path / "rows.tsv"
    write(FIGURES, "tsv", out)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert [r["metric"] for r in rows] == ["承保份数", "保费金额", "增长率", "'+增长量"]
    assert rows[3]["program"] == "\t计生"


def test_jsonl_reads_back_equal(tmp_path):
    out = tmp_path / "rows.jsonl"
    assert write(FIGURES, "jsonl", out) == 4
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == RECORDS
    assert "广西壮族自治区" in lines[0]  # ensure_ascii=False


@pytest.mark.parametrize("figures", [FIGURES, []], ids=["rows", "empty"])
def test_json_reads_back_equal(tmp_path, figures):
    out = tmp_path / "rows.json"
    assert write(figures, "json", out) == len(figures)
    assert json.loads(out.read_text(encoding="utf-8")) == [figure_record(f) for f in figures]


def test_parquet_reads_back_equal(tmp_path):
    import pandas as pd

    out = tmp_path / "rows.parquet"
    assert write(iter(FIGURES), "parquet", out) == 4
    frame = pd.read_parquet(out)
    assert tuple(frame.columns) == COLUMNS
    for rec, row in zip(RECORDS, frame.to_dict("records"), strict=True):
        for col, want in rec.items():
            got = row[col]
            if want is None:
                assert got is None or (isinstance(got, float) and math.isnan(got)), col
            else:
                assert _same(got, want), col


def test_parquet_empty(tmp_path):
    import pandas as pd

    out = tmp_path / "empty.parquet"
    assert write([], "parquet", out) == 0
    frame = pd.read_parquet(out)
    assert tuple(frame.columns) == COLUMNS and len(frame) == 0


def test_xlsx_reads_back_equal_with_typed_text_cells(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "rows.xlsx"
    assert write(FIGURES, "xlsx", out) == 4
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    for rec, row in zip(RECORDS, rows[1:], strict=True):
        for (col, want), got in zip(rec.items(), row, strict=True):  # no apostrophes
            if want is None or want == "":
                assert got in (None, ""), col
            else:
                assert _same(got, want), col
    value_cell = sheet.cell(row=5, column=COLUMNS.index("value") + 1)
    assert value_cell.value == -5 and value_cell.data_type == "n"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formulas


def test_injection_cells_are_prefixed_numbers_are_not(tmp_path):
    out = tmp_path / "rows.csv"
    write(FIGURES[3:], "csv", out, excel=False)
    with open(out, encoding="utf-8", newline="") as fh:
        row = list(csv.DictReader(fh))[0]
    assert row["doc"] == "'=cmd|'/C calc'!A0"
    assert row["metric"] == "'+增长量"
    assert row["region"] == "'@南宁市"
    assert row["qualifier"] == "\r约"  # no spreadsheet evaluates it
    assert row["period"] == "-2022"  # a plain number: typed as a value, not run
    assert row["raw"] == "'-5户"
    assert row["value"] == "-5"  # numeric column: a number, not defused
    assert row["sentence"] == "减少 -5户。"  # only a leading character counts


def test_json_is_not_defused(tmp_path):
    out = tmp_path / "rows.jsonl"
    write(FIGURES[3:], "jsonl", out)
    assert json.loads(out.read_text(encoding="utf-8"))["doc"] == "=cmd|'/C calc'!A0"


# -- stdout and streaming -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "json"])
def test_text_formats_stream_to_stdout(monkeypatch, fmt):
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buf)
    seen_before_second = []

    def rows():
        yield FIGURES[0]
        seen_before_second.append(buf.getvalue())
        yield FIGURES[2]

    assert write(rows(), fmt, "-") == 2
    assert "广西壮族自治区" in seen_before_second[0]  # the first row was out before the second came
    assert "南宁市" in buf.getvalue()


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
@pytest.mark.parametrize("out", [None, "-"])
def test_binary_formats_refuse_stdout(fmt, out):
    with pytest.raises(ExportError, match="stdout"):
        write(FIGURES, fmt, out)


def test_unknown_format():
    with pytest.raises(ExportError, match="unknown format"):
        write(FIGURES, "yaml", None)


def test_table_on_stdout(capsys):
    assert write(FIGURES, "table", None) == 4
    out = capsys.readouterr().out
    assert "metric" in out and "承保份数" in out and "广西壮族自治区" in out
    assert "sentence" not in out  # the table shows the short columns only


def test_table_to_file_keeps_brackets(tmp_path):
    figure = Figure(doc="[bold]x[/bold]", line=1, raw="1万", value=Decimal(10000), unit="元")
    out = tmp_path / "table.txt"
    write([figure], "table", out)
    assert "[bold]x[/bold]" in out.read_text(encoding="utf-8")


# -- atomic writes ----------------------------------------------------------------------------


class Boom(RuntimeError):
    pass


def failing_rows():
    yield FIGURES[0]
    yield FIGURES[1]
    raise Boom("extractor failed midway")


@pytest.mark.parametrize("name", ["rows.csv", "rows.tsv", "rows.jsonl", "rows.json", "rows.parquet", "rows.xlsx"])
def test_failure_midway_leaves_no_file(tmp_path, name):
    out = tmp_path / name
    with pytest.raises(Boom):
        write(failing_rows(), format_for_path(out), out)
    assert os.listdir(tmp_path) == []  # neither the target nor a temp file


@pytest.mark.parametrize("name", ["rows.csv", "rows.parquet"])
def test_failure_leaves_existing_file_untouched(tmp_path, name):
    out = tmp_path / name
    out.write_bytes(b"old contents")
    with pytest.raises(Boom):
        write(failing_rows(), format_for_path(out), out)
    assert out.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == [name]


def test_success_replaces_existing_file_and_keeps_its_mode(tmp_path):
    out = tmp_path / "rows.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    write(FIGURES, "jsonl", out)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert out.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_the_umask_mode(tmp_path):
    out = tmp_path / "rows.csv"
    write(FIGURES, "csv", out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_missing_folder_and_folder_target(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write(FIGURES, "csv", tmp_path / "nope" / "rows.csv")
    with pytest.raises(ExportError, match="is a folder"):
        write(FIGURES, "csv", tmp_path)


# -- wide --------------------------------------------------------------------------------------


def fig(doc, region, period, metric, value, *, unit="份", program=""):
    return Figure(doc=doc, line=1, raw=str(value), value=Decimal(value), unit=unit,
                  metric=metric, region=region, period=period, program=program)


WIDE_FIGURES = [
    fig("a.txt", "南宁市", "2022", "承保份数", "100"),
    fig("a.txt", "南宁市", "2022", "保费金额", "5000.5", unit="元"),
    fig("a.txt", "南宁市", "2022", "承保份数", "999"),  # same cell again: a second row keeps it
    fig("a.txt", "桂林市", "2022", "承保份数", "200"),
    fig("a.txt", "桂林市", "2022", "", "7"),  # no metric: no column
    fig("b.txt", "南宁市", "2023", "任务数", "300", unit="户"),
    fig("b.txt", "南宁市", "2023", "任务数", "4000", unit="元"),  # second unit: its own column
    # two programmes, one place and year: two rows, neither figure dropped (河池市 2022 in sample 001)
    fig("c.txt", "河池市", "2022", "理赔金额", "223200", unit="元", program="爱心保险"),
    fig("c.txt", "河池市", "2022", "理赔金额", "531000", unit="元", program="计生特殊家庭综合保险"),
]
NULLS = {"承保份数": None, "保费金额": None, "任务数 (户)": None, "任务数 (元)": None, "理赔金额": None}


def test_wide_pivot_keeps_every_figure(tmp_path):
    out = tmp_path / "wide.jsonl"
    notes = []
    assert write(WIDE_FIGURES, "jsonl", out, wide=True, notify=notes.append) == 6
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    key = {"doc": "a.txt", "region": "南宁市", "program": None, "period": "2022"}
    assert rows == [
        {**key, **NULLS, "承保份数": 100, "保费金额": 5000.5},
        {**key, **NULLS, "承保份数": 999},
        {**key, **NULLS, "region": "桂林市", "承保份数": 200},
        {"doc": "b.txt", "region": "南宁市", "program": None, "period": "2023", **NULLS, "任务数 (户)": 300, "任务数 (元)": 4000},
        {"doc": "c.txt", "region": "河池市", "program": "爱心保险", "period": "2022", **NULLS, "理赔金额": 223200},
        {"doc": "c.txt", "region": "河池市", "program": "计生特殊家庭综合保险", "period": "2022", **NULLS, "理赔金额": 531000},
    ]
    assert notes == ["--wide: 1 figure(s) share a cell with another one; each is kept on an extra row "
                     "of its doc × region × program × period"]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "table"])
def test_wide_in_other_formats(tmp_path, fmt):
    out = tmp_path / f"wide.{'txt' if fmt == 'table' else fmt}"
    assert write(WIDE_FIGURES, fmt, out, wide=True) == 6
    if fmt == "parquet":
        import pandas as pd

        frame = pd.read_parquet(out)
        assert frame["承保份数"].tolist()[:3] == [100, 999, 200]
        assert frame["理赔金额"].tolist()[-2:] == [223200, 531000]


# -- output details -----------------------------------------------------------------------------


@pytest.mark.parametrize(("crlf", "ending"), [(False, b"\n"), (True, b"\r\n")])
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_line_endings(tmp_path, fmt, crlf, ending):
    out = tmp_path / f"rows.{fmt}"
    write(FIGURES, fmt, out, crlf=crlf)
    data = out.read_bytes()
    lines = data.split(ending)
    assert len(lines) == len(FIGURES) + 2 and lines[-1] == b""  # header, rows, final ending
    if not crlf:
        assert b"\r\n" not in data
    with open(out, encoding="utf-8-sig", newline="") as fh:  # a "\r" inside a cell is quoted
        assert list(csv.reader(fh, delimiter="," if fmt == "csv" else "\t"))[4][COLUMNS.index("qualifier")] == "\r约"


def test_missing_values_are_null_in_jsonl_and_empty_in_csv(tmp_path):
    out = tmp_path / "rows.jsonl"
    write(FIGURES[1:2], "jsonl", out)
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert {k for k, v in rec.items() if v is None} == {
        "region_code", "qualifier", "metric_text", "lower", "upper", "flags", "article", "issue_date", "ocr_confidence"}
    assert "" not in rec.values()
    write(FIGURES[1:2], "csv", tmp_path / "rows.csv")
    with open(tmp_path / "rows.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["qualifier"] == row["lower"] == ""


def test_xlsx_is_the_same_bytes_on_every_run(tmp_path):
    import time

    write(FIGURES, "xlsx", tmp_path / "a.xlsx")
    time.sleep(2.1)  # past the two-second resolution of zip timestamps
    write(FIGURES, "xlsx", tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_xlsx_has_a_frozen_header_an_autofilter_and_widths(tmp_path):
    from openpyxl import load_workbook

    write(FIGURES, "xlsx", tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:U5"
    assert sheet.column_dimensions["A"].width == 28 and sheet.column_dimensions["T"].width == 60


FULL_DISK = '''
import errno, sys
from decimal import Decimal
from tongxun_stats import atomic, export
from tongxun_stats.model import Document, Figure

real_open = open


class Full:
    """A file on a disk that is full after 2000 bytes."""

    def __init__(self, f):
        self.f, self.n = f, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()

    def write(self, b):
        self.n += len(b)
        if self.n > 2000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.f.write(b)

    def __getattr__(self, name):
        return getattr(self.f, name)


atomic.open = lambda fd, mode="r", **kw: Full(real_open(fd, mode, **kw)) if "b" in mode else real_open(fd, mode, **kw)
doc = Document("a.txt", "承保" * 50)
rows = [Figure(doc="a.txt", line=i, raw=f"{i}份", value=Decimal(i), unit="份", document=doc, sentence_end=100)
        for i in range(300)]
try:
    export.write(rows, "xlsx", sys.argv[1])
except export.ExportError as e:
    print(f"tongxun: {e}")
'''


def test_a_failed_xlsx_write_is_one_line_without_tracebacks(tmp_path):
    import subprocess

    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK, encoding="utf-8")
    out = tmp_path / "rows.xlsx"
    res = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=120)
    assert res.stdout == f"tongxun: {out}: cannot write: No space left on device\n"
    assert res.stderr == ""  # no "Exception ignored in: <generator …>" from openpyxl or zipfile
    assert list(tmp_path.iterdir()) == [script]  # no file, no temp file


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("fmt", sorted(STREAMED_FORMATS))
def test_rows_rendered_apart_write_the_same_bytes(tmp_path, fmt, crlf):
    """What the workers render per input, joined by the parent, is what one writer writes."""
    whole, joined = tmp_path / f"whole.{fmt}", tmp_path / f"joined.{fmt}"
    write_records(RECORDS, COLUMNS, NUMERIC_COLUMNS, fmt, whole, crlf=crlf)
    chunks = [render_records(part, COLUMNS, NUMERIC_COLUMNS, fmt, crlf=crlf) for part in (RECORDS[:1], [], RECORDS[1:])]
    assert [n for _, n in chunks] == [1, 0, len(RECORDS) - 1]
    write_rendered((text for text, _ in chunks), COLUMNS, fmt, joined, crlf=crlf)
    assert joined.read_bytes() == whole.read_bytes()
    assert joined.read_bytes().startswith(b"\xef\xbb\xbf") == (fmt == "csv")  # the BOM a csv file gets


def test_only_streamed_formats_are_rendered_apart(tmp_path):
    with pytest.raises(ValueError, match="json rows are not rendered apart"):
        write_rendered([], COLUMNS, "json", tmp_path / "x.json")
