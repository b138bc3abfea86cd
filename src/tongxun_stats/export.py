"""Figures -> csv, tsv, jsonl, json, parquet, xlsx or a rich table.

``Figure.value`` stays a ``Decimal`` in the library; this is the one place it
becomes a number type: an integral value an ``int``, any other a ``float``
read from its decimal string (``5.61`` stays ``5.61``, ``1.1E+8`` becomes
``110000000``).

Files are written to a temp file in the target folder and ``os.replace``d
when complete, so a failure (including an exception from the row iterator)
leaves no half-written file and an existing file untouched. csv, tsv, jsonl
and json stream rows as they come; parquet goes through pyarrow in batches,
xlsx through openpyxl's write-only mode; pandas is imported only by
:func:`to_frame`.
"""
from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import operator
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .atomic import atomic_write
from .check.findings import FINDING_COLUMNS, Finding
from .errors import ExportError
from .model import Figure, flags_text, plain_number

COLUMNS: tuple[str, ...] = (
    "doc", "line", "raw", "value", "unit", "metric", "region", "region_code", "program", "qualifier", "period",
    "metric_text", "start", "end", "lower", "upper", "flags", "article", "issue_date", "sentence",
    "ocr_confidence",
)
TABLE_COLUMNS: tuple[str, ...] = (
    "doc", "line", "raw", "value", "unit", "metric", "region", "program", "qualifier", "period",
)
INT_COLUMNS = frozenset({"line", "start", "end"})  # int64 in Parquet, INTEGER in SQLite, int64 under --dask
NUMERIC_COLUMNS = INT_COLUMNS | {"value", "lower", "upper", "ocr_confidence"}
_FIELDS = operator.attrgetter(*COLUMNS)  # a Figure's values in COLUMNS order, in one call
FINDING_NUMERIC = frozenset({"stated", "computed", "line"})
FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "json", "parquet", "xlsx", "table")
BINARY_FORMATS = frozenset({"parquet", "xlsx"})
_SUFFIX_FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".json": "json", ".parquet": "parquet", ".xlsx": "xlsx",
}
_FORMULA_STARTS = ("=", "+", "-", "@")
# a number as a spreadsheet reads it: typed as a value, never run as a formula
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
_XLSX_MAX_CELL = 32767
_XLSX_TIME = datetime.datetime(2000, 1, 1)  # docProps and zip timestamps: the same bytes every run
_XLSX_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_XLSX_WIDTHS = {"doc": 28, "line": 7, "raw": 16, "value": 14, "unit": 6, "metric": 14, "region": 16, "region_code": 12,
                "program": 22, "qualifier": 9, "period": 12, "metric_text": 14, "start": 8, "end": 8, "flags": 24,
                "article": 40, "issue_date": 12, "sentence": 60, "message": 80, "figures": 40}
_PARQUET_BATCH = 10_000
_UNWRAPPED = 100_000  # a console this wide never wraps a line


def figure_record(f: Figure) -> dict[str, Any]:
    """One Figure as a plain dict in ``COLUMNS`` order, Decimals converted to int/float and
    a missing value (an empty text field, no bound) ``None`` in every column alike."""
    values = zip(COLUMNS, _FIELDS(f), strict=True)
    rec = {c: plain_number(v) if isinstance(v, Decimal) else (v if v != "" else None) for c, v in values}
    rec["flags"] = flags_text(f.flags) or None
    return rec


def to_frame(figures: Iterable[Figure]):
    """A pandas DataFrame with ``COLUMNS`` in order (one row per figure)."""
    import pandas as pd

    return pd.DataFrame.from_records([figure_record(f) for f in figures], columns=list(COLUMNS))


def format_for_path(path: str | Path) -> str:
    """The format implied by ``path``'s extension; ExportError when there is none."""
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIX_FORMATS[suffix]
    except KeyError:
        known = " ".join(_SUFFIX_FORMATS)
        raise ExportError(f"{path}: cannot tell the format from {suffix or 'no extension'!r} (use {known})") from None


def write(
    rows: Iterable[Figure],
    fmt: str,
    out: str | Path | None,
    *,
    excel: bool | None = None,
    wide: bool = False,
    wide_metrics: Collection[str] | None = None,
    crlf: bool = False,
    notify: Callable[[str], None] | None = None,
) -> int:
    """Write ``rows`` as ``fmt`` to the file ``out`` (None or "-": stdout); return the rows written.

    ``excel`` adds a UTF-8 BOM to csv/tsv so Excel shows Chinese: on by default for
    a csv file, off for stdout and for tsv. csv/tsv lines end in LF, or CRLF with ``crlf``.

    ``wide=True`` pivots to one row per doc × region × programme × period (in order of
    first appearance) with one column per metric holding the value. A metric seen with
    more than one unit gets one column per unit, named ``metric (unit)``, so a column
    never mixes units. No figure is dropped: when a second figure falls in an already
    filled cell, it goes to a further row of the same doc × region × programme × period,
    and ``notify`` (if given) is called once at the end with a one-line note saying how
    many did. Figures without a metric have no column and are left out, and so are
    metrics not in ``wide_metrics`` when it is given (the CLI passes the canonical
    metrics, so free-text labels do not each become a column). The returned count is
    then the number of wide rows.
    """
    if wide:
        from .wide import pivot_wide

        columns, numeric, records, stacked = pivot_wide(rows, wide_metrics)
        if stacked and notify is not None:
            notify(f"--wide: {stacked} figure(s) share a cell with another one; each is kept on an extra row "
                   "of its doc × region × program × period")
    else:
        columns, numeric, records = COLUMNS, NUMERIC_COLUMNS, (figure_record(f) for f in rows)
    return write_records(records, columns, numeric, fmt, out, excel=excel, crlf=crlf)


def check_format(fmt: str | None, out: str | Path | None) -> str:
    """The format to write: ``fmt`` when given, else from ``out``'s extension, else csv.
    ExportError when the format is unknown or cannot go to stdout (a usage error)."""
    to_stdout = out is None or str(out) == "-"
    if fmt is None:
        fmt = "csv" if to_stdout else format_for_path(out)
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
    if to_stdout and fmt in BINARY_FORMATS:
        raise ExportError(f"{fmt} cannot be written to stdout; give an output file")
    return fmt


def write_records(records: Iterable[dict], columns: tuple[str, ...], numeric: Collection[str], fmt: str,
                  out: str | Path | None, *, excel: bool | None = None, crlf: bool = False) -> int:
    """Write any rows (dicts with ``columns``) as ``fmt``; the shared back end of ``write``
    and of the check findings. ``numeric`` columns are never defused as formulas."""
    fmt = check_format(fmt or "", out)
    writer = _WRITERS[fmt]

    def run(fh: IO, excel: bool, to_stdout: bool) -> int:
        return writer(fh, records, columns, numeric, excel=excel, to_stdout=to_stdout, crlf=crlf)

    return _output(fmt, out, excel, run)


def render_records(records: Iterable[dict], columns: tuple[str, ...], numeric: Collection[str], fmt: str, *,
                   crlf: bool = False) -> tuple[str, int]:
    """(the text of ``records`` as rows of ``fmt``, their count) for a format of
    ``STREAMED_FORMATS``, without the header: what a worker renders for one input, so
    that the parent only writes text (``write_rendered``), as ``write_records`` would."""
    buf = io.StringIO()
    n = _ROWS[fmt](buf, records, columns, numeric, crlf)
    return buf.getvalue(), n


def write_rendered(chunks: Iterable[str], columns: tuple[str, ...], fmt: str, out: str | Path | None, *,
                   excel: bool | None = None, crlf: bool = False) -> None:
    """Write ``fmt``'s header for ``columns``, then each chunk of rows ``render_records``
    made, as they come: the same bytes ``write_records`` writes for the same rows."""
    fmt = check_format(fmt or "", out)
    if fmt not in STREAMED_FORMATS:
        raise ValueError(f"{fmt} rows are not rendered apart")

    def run(fh: IO, excel: bool, to_stdout: bool) -> int:
        _write_header(fh, fmt, columns, excel=excel, crlf=crlf)
        for chunk in chunks:
            fh.write(chunk)
        return 0

    _output(fmt, out, excel, run)


def _output(fmt: str, out: str | Path | None, excel: bool | None, run: Callable[[IO, bool, bool], int]) -> int:
    """``run(fh, excel, to_stdout)`` on stdout, or on a temp file renamed over ``out``
    when it is complete; ``excel`` defaults to on for a csv file."""
    to_stdout = out is None or str(out) == "-"
    if fmt in _DELIMITERS and excel is None:
        excel = fmt == "csv" and not to_stdout
    if to_stdout:
        return run(sys.stdout, bool(excel), True)
    return atomic_write(Path(out), binary=fmt in BINARY_FORMATS, run=lambda fh: run(fh, bool(excel), False))


# -- writers: (fh, records, columns, numeric, *, excel, to_stdout) -> rows written --------


class _LineFeed:
    """A file wrapper for csv.writer: each row is written with "\r\n" (so the csv module
    quotes a cell holding a lone "\r", which it does only for the terminator's
    characters) and reaches the file ending in "\n"."""

    def __init__(self, fh: IO):
        self._fh = fh

    def write(self, line: str) -> int:
        return self._fh.write(line[:-2] + "\n")


def _csv_writer(fh: IO, delimiter: str, crlf: bool):
    return csv.writer(fh if crlf else _LineFeed(fh), delimiter=delimiter, lineterminator="\r\n")


def _write_header(fh, fmt: str, columns, *, excel: bool, crlf: bool) -> None:
    """What a streamed format writes before its rows: csv/tsv the header line (after a
    BOM with ``excel``), jsonl nothing."""
    if fmt in _DELIMITERS:
        if excel:
            fh.write("\ufeff")
        _csv_writer(fh, _DELIMITERS[fmt], crlf).writerow(columns)


def _delimited_rows(delimiter: str):
    def rows(fh, records, columns, numeric, crlf: bool) -> int:
        w, n = _csv_writer(fh, delimiter, crlf), 0
        for n, rec in enumerate(records, 1):  # noqa: B007 - n counts the rows
            w.writerow(["" if (v := rec.get(c)) is None else defuse_csv(v) if c not in numeric else v for c in columns])
        return n

    return rows


# json.dumps(rec, ensure_ascii=False) without building an encoder per row
_JSON_ROW = json.JSONEncoder(ensure_ascii=False).encode


def _jsonl_rows(fh, records, columns, numeric, crlf: bool) -> int:
    n = 0
    for n, rec in enumerate(records, 1):  # noqa: B007 - n counts the rows
        fh.write(_JSON_ROW(rec) + "\n")
    return n


def _write_streamed(fmt: str):
    def writer(fh, records, columns, numeric, *, excel, crlf=False, **_) -> int:
        _write_header(fh, fmt, columns, excel=excel, crlf=crlf)
        return _ROWS[fmt](fh, records, columns, numeric, crlf)

    return writer


def _write_json(fh, records, columns, numeric, **_) -> int:
    n = 0
    for rec in records:
        fh.write(",\n" if n else "[\n")
        fh.write(_JSON_ROW(rec))
        n += 1
    fh.write("\n]\n" if n else "[]\n")
    return n


def _write_parquet(fh, records, columns, numeric, **_) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [(c, pa.int64() if c in INT_COLUMNS else pa.float64() if c in numeric else pa.string()) for c in columns]
    )
    n = 0
    with pq.ParquetWriter(fh, schema) as pw:
        for batch in _batches(records, _PARQUET_BATCH):
            pw.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if not n:
            pw.write_table(schema.empty_table())
    return n


def _write_xlsx(fh, records, columns, numeric, **_) -> int:
    """Text cells are typed strings (never a formula, nothing prefixed); a frozen header
    row with an autofilter; column widths by column; the same bytes on every run (fixed
    timestamps in docProps and the zip), built in memory and copied to ``fh``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = _XLSX_TIME
    ws = wb.create_sheet("figures")
    for i, c in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = _XLSX_WIDTHS.get(c, max(10, 2 * len(c) + 2))
    ws.freeze_panes = "A2"

    def cell(v):
        if not isinstance(v, str):
            return v
        c = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", v)[:_XLSX_MAX_CELL])
        c.data_type = "s"  # typed text, even when it starts with "="
        return c

    ws.append([cell(c) for c in columns])
    n = 0
    try:
        for rec in records:
            ws.append([cell(rec.get(c)) for c in columns])
            n += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
        buf = io.BytesIO()
        wb.save(buf)
    except BaseException:
        # finish openpyxl's half-written sheet and drop its temp file now, not at exit
        with contextlib.suppress(Exception):
            ws.close()
            ws._writer.cleanup()
        raise
    fh.write(_fixed_times(buf))  # one plain write: a full disk is an OSError, nothing half-open
    return n


def _fixed_times(buf: io.BytesIO) -> bytes:
    """The zip in ``buf`` with every member's timestamp fixed, so equal content gives equal bytes."""
    import zipfile

    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_XLSX_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = _XLSX_MODIFIED.sub(rb"\g<1>" + _XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\2", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def _write_table(fh, records, columns, numeric, *, to_stdout, **_) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = [c for c in columns if c in TABLE_COLUMNS] if columns is COLUMNS else list(columns)
    table = Table(*shown, show_lines=False)
    n = 0
    for rec in records:
        table.add_row(*(Text("" if (v := rec.get(c)) is None else str(v)) for c in shown))
        n += 1
    if to_stdout and fh.isatty():
        console = Console(file=fh)
    else:  # a pipe or a file: no colour, and never wrapped
        console = Console(file=fh, width=_UNWRAPPED, no_color=True, force_terminal=False, soft_wrap=True)
    console.print(table)
    return n


_DELIMITERS = {"csv": ",", "tsv": "\t"}
# the formats whose rows are rendered apart, per input, and joined in input order
_ROWS: dict[str, Callable[..., int]] = {"csv": _delimited_rows(","), "tsv": _delimited_rows("\t"), "jsonl": _jsonl_rows}
STREAMED_FORMATS = frozenset(_ROWS)
_WRITERS: dict[str, Callable[..., int]] = {
    **{fmt: _write_streamed(fmt) for fmt in _ROWS},
    "json": _write_json,
    "parquet": _write_parquet,
    "xlsx": _write_xlsx,
    "table": _write_table,
}


def defuse_csv(value: Any) -> Any:
    """A CSV/TSV text cell a spreadsheet would run as a formula, prefixed with ``'``
    (OWASP's rule for CSV injection): one that starts with ``= + - @``, after any
    leading tabs, carriage returns or spaces, unless it is a lone sign or a plain number
    (``-5``, ``+3.5%``), which a spreadsheet types as a value. Anything else is as is."""
    if not isinstance(value, str):
        return value
    head = value.lstrip("\t\r ")
    if len(head) < 2 or not head.startswith(_FORMULA_STARTS) or _PLAIN_NUMBER.fullmatch(head):
        return value
    return "'" + value


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_findings(findings: Iterable[Finding], fmt: str, out: str | Path | None, *, excel: bool | None = None) -> int:
    """Write check findings as ``fmt`` (csv tsv jsonl json parquet xlsx table) to ``out``
    (None or "-": stdout) through the same writers and atomic file writing as figures;
    return the count."""
    records = (f.as_record() for f in findings)
    return write_records(records, FINDING_COLUMNS, FINDING_NUMERIC, fmt, out, excel=excel)
