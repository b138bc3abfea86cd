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
import json
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .errors import ExportError
from .model import Figure

COLUMNS: tuple[str, ...] = (
    "doc", "line", "raw", "value", "unit", "metric", "region", "region_code", "program", "qualifier", "period",
    "metric_text", "start", "end", "lower", "upper", "flags", "article", "issue_date", "sentence",
    "ocr_confidence",
)
TABLE_COLUMNS: tuple[str, ...] = (
    "doc", "line", "raw", "value", "unit", "metric", "region", "program", "qualifier", "period",
)
NUMERIC_COLUMNS = frozenset({"value", "line", "start", "end", "lower", "upper", "ocr_confidence"})
WIDE_KEYS: tuple[str, ...] = ("doc", "region", "period")
FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "json", "parquet", "xlsx", "table")
BINARY_FORMATS = frozenset({"parquet", "xlsx"})
_SUFFIX_FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".json": "json", ".parquet": "parquet", ".xlsx": "xlsx",
}
_INJECTION_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_MAX_CELL = 32767
_PARQUET_BATCH = 10_000
_TABLE_WIDTH = 200


def figure_record(f: Figure) -> dict[str, Any]:
    """One Figure as a plain dict in ``COLUMNS`` order, Decimals converted to int/float."""
    return {c: _number(v) if isinstance(v := getattr(f, c), Decimal) else v for c in COLUMNS}


def _number(d: Decimal) -> int | float:
    if d.is_finite() and d == d.to_integral_value():
        return int(d)
    return float(str(d))


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
) -> int:
    """Write ``rows`` as ``fmt`` to the file ``out`` (None or "-": stdout); return the rows written.

    ``excel`` adds a UTF-8 BOM to csv/tsv so Excel shows Chinese: on by default for
    a csv file, off for stdout and for tsv.

    ``wide=True`` pivots to one row per doc × region × period (in order of first
    appearance) with one column per metric holding the value, then a
    ``duplicates`` column. When several figures fall in the same cell the first
    one (in row order) is kept and the others are counted in ``duplicates``:
    the long format keeps them all, and the count says where to look. A metric
    seen with more than one unit gets one column per unit, named ``metric (unit)``,
    so a column never mixes units. Figures without a metric have no column and
    are left out, and so are metrics not in ``wide_metrics`` when it is given (the CLI
    passes the canonical metrics, so free-text labels do not each become a column).
    The returned count is then the number of wide rows.
    """
    if wide:
        columns, numeric, records = _wide(rows, wide_metrics)
    else:
        columns, numeric, records = COLUMNS, NUMERIC_COLUMNS, (figure_record(f) for f in rows)
    return write_records(records, columns, numeric, fmt, out, excel=excel)


def write_records(
    records: Iterable[dict],
    columns: tuple[str, ...],
    numeric: frozenset[str] | set[str],
    fmt: str,
    out: str | Path | None,
    *,
    excel: bool | None = None,
) -> int:
    """Write any rows (dicts with ``columns``) as ``fmt``; the shared back end of ``write``
    and of the check findings. ``numeric`` columns are never defused as formulas."""
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
    to_stdout = out is None or str(out) == "-"
    if to_stdout and fmt in BINARY_FORMATS:
        raise ExportError(f"{fmt} cannot be written to stdout; give an output file")
    if fmt in ("csv", "tsv") and excel is None:
        excel = fmt == "csv" and not to_stdout
    writer = _WRITERS[fmt]

    def run(fh: IO) -> int:
        return writer(fh, records, columns, numeric, excel=bool(excel), to_stdout=to_stdout)

    if to_stdout:
        return run(sys.stdout)
    return atomic_write(Path(out), binary=fmt in BINARY_FORMATS, run=run)


# -- writers: (fh, records, columns, numeric, *, excel, to_stdout) -> rows written --------


def _write_delimited(delimiter: str):
    def writer(fh, records, columns, numeric, *, excel, to_stdout) -> int:
        if excel:
            fh.write("\ufeff")
        # "\r\n" as in RFC 4180: the csv module quotes only the line terminator's
        # characters, so with "\n" alone a "\r" in a cell would break the row.
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(columns)
        n = 0
        for rec in records:
            w.writerow(["" if (v := rec.get(c)) is None else _defuse(v, c, numeric) for c in columns])
            n += 1
        return n

    return writer


def _write_jsonl(fh, records, columns, numeric, **_) -> int:
    n = 0
    for rec in records:
        fh.write(json.dumps(rec, ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n


def _write_json(fh, records, columns, numeric, **_) -> int:
    n = 0
    for rec in records:
        fh.write(",\n" if n else "[\n")
        fh.write(json.dumps(rec, ensure_ascii=False))
        n += 1
    fh.write("\n]\n" if n else "[]\n")
    return n


def _write_parquet(fh, records, columns, numeric, **_) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ints = {"line", "start", "end", "duplicates"}
    schema = pa.schema(
        [(c, pa.int64() if c in ints else pa.float64() if c in numeric else pa.string()) for c in columns]
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
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(v, c):
        if isinstance(v, str):
            return _defuse(ILLEGAL_CHARACTERS_RE.sub("", v)[:_XLSX_MAX_CELL], c, numeric)
        return v

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("figures")
    ws.append(list(columns))
    n = 0
    try:
        for rec in records:
            ws.append([cell(rec.get(c), c) for c in columns])
            n += 1
    except BaseException:
        # finish openpyxl's half-written sheet and drop its temp file now, not at exit
        with contextlib.suppress(Exception):
            ws.close()
            ws._writer.cleanup()
        raise
    wb.save(fh)
    return n


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
    else:  # a pipe or a file: no colour, and wide enough not to squeeze Chinese columns
        console = Console(file=fh, width=_TABLE_WIDTH, no_color=True, force_terminal=False)
    console.print(table)
    return n


_WRITERS: dict[str, Callable[..., int]] = {
    "csv": _write_delimited(","),
    "tsv": _write_delimited("\t"),
    "jsonl": _write_jsonl,
    "json": _write_json,
    "parquet": _write_parquet,
    "xlsx": _write_xlsx,
    "table": _write_table,
}


def _defuse(value: Any, column: str, numeric: frozenset[str] | set[str]) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if column in numeric or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(_INJECTION_STARTS) else value


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- wide ----------------------------------------------------------------------


def _wide(rows: Iterable[Figure], metrics: Collection[str] | None = None) -> tuple[tuple[str, ...], set[str], list[dict]]:
    cells: dict[tuple[str, str, str], dict[tuple[str, str], Figure]] = {}
    dupes: dict[tuple[str, str, str], int] = {}
    units: dict[str, list[str]] = {}  # metric -> units in order of first appearance
    for f in rows:
        if not f.metric or (metrics is not None and f.metric not in metrics):
            continue
        key = (f.doc, f.region, f.period)
        cell = cells.setdefault(key, {})
        dupes.setdefault(key, 0)
        seen = units.setdefault(f.metric, [])
        if f.unit not in seen:
            seen.append(f.unit)
        if (f.metric, f.unit) in cell:
            dupes[key] += 1
        else:
            cell[(f.metric, f.unit)] = f

    def name(metric: str, unit: str) -> str:
        return metric if len(units[metric]) == 1 else f"{metric} ({unit})"

    metric_cols = [name(m, u) for m, us in units.items() for u in us]
    records = []
    for key, cell in cells.items():
        rec: dict[str, Any] = dict(zip(WIDE_KEYS, key, strict=True))
        rec.update(dict.fromkeys(metric_cols))
        for (metric, unit), f in cell.items():
            rec[name(metric, unit)] = _number(f.value)
        rec["duplicates"] = dupes[key]
        records.append(rec)
    columns = (*WIDE_KEYS, *metric_cols, "duplicates")
    return columns, {*metric_cols, "duplicates"}, records


# -- atomic files ----------------------------------------------------------------


def atomic_write(path: Path, *, binary: bool, run: Callable[[IO], int]) -> int:
    """Call ``run`` on a temp file beside ``path``, then rename it over ``path``:
    a failure leaves no half file and the old file untouched."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{path}: folder {str(folder)!r} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise ExportError(f"{path}: permission denied") from None
    except OSError as e:
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from None
    tmp = Path(tmp_name)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with open(fd, mode, **kwargs) as fh:
            n = run(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _set_mode(tmp, path)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return n


def _set_mode(tmp: Path, target: Path) -> None:
    """mkstemp makes 0600 files; give the result the old file's mode or the umask default."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
