"""Tables: figures in rows of cells, labelled by their column header and row label.

Reports carry tables as markdown pipes (``| 南宁市 | 40.1 | 1147.5 |``) or, read from
DOCX, as tab-separated cells. A cell's number takes the unit and magnitude its
header gives (``保费（万元）`` makes ``1147.5`` 11,475,000 元), its metric from the
header's words, and its place from the row's first cell. Cells that state their
own unit (``40.1万份``) keep it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from .model import Quantity
from .patterns import Patterns
from .quantities import AR_NUMBER, MAGNITUDES, grammar_for, tidy

_ROW = regex.compile(r"^[ \t]*(?:\|.*\||[^\t\n]*\t[^\n]*)[ \t]*$", regex.MULTILINE)
_RULE = regex.compile(r"^[\s|:：\-—=+]+$")
_CELL = regex.compile(r"[^|\t]+")
_CELL_MARK = regex.compile(r"[|\t]")  # a row has a pipe or a tab; prose lines have neither
_BARE = regex.compile(rf"\s*(?P<n>{AR_NUMBER})\s*")
_HEADER_UNIT = regex.compile(r"[（(]\s*(?P<u>[^（）()]{1,6})\s*[)）]\s*$")
_MAGNITUDES_LONGEST_FIRST = sorted(MAGNITUDES, key=len, reverse=True)  # （千万元） is 千万 then 元, not 千


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Column:
    label: str  # header text without its unit
    unit: str  # base unit from the header, "" if none
    magnitude: int


@dataclass(frozen=True, slots=True)
class TableFigure:
    """One cell's quantity with the labels that govern it (normalised offsets)."""

    quantity: Quantity
    column: str  # header label: the metric's words
    row_label: Cell  # the row's first cell: usually a place


@dataclass(frozen=True, slots=True)
class Table:
    start: int
    end: int
    rows: dict[int, tuple[TableFigure, ...]]  # row start -> its cells' figures, in order


def _cells(text: str, start: int, end: int) -> list[Cell]:
    return [Cell(m.start(), m.end(), m.group().strip()) for m in _CELL.finditer(text, start, end) if m.group().strip()]


def _column(patterns: Patterns, header: str) -> Column:
    m = _HEADER_UNIT.search(header)
    label = header[: m.start()].strip() if m else header.strip()
    unit, magnitude = "", 1
    if m:
        u = m.group("u").replace(" ", "")
        for mag in _MAGNITUDES_LONGEST_FIRST:
            if u.startswith(mag) and u != mag:
                magnitude, u = MAGNITUDES[mag], u[len(mag) :]
                break
        known = patterns.units.get(u)
        if known is not None and known.kind not in ("noun", "duration", "age"):
            unit = known.base
        elif u in MAGNITUDES:  # （万）: a magnitude alone, the unit comes from the label
            magnitude = MAGNITUDES[u]
    return Column(label, unit, magnitude)


def find_tables(text: str, patterns: Patterns) -> list[Table]:
    """Every table of two or more rows in ``text`` (normalised), with its cell figures."""
    grammar = grammar_for(patterns)
    rows = _rows(text)
    tables: list[Table] = []
    block: list[tuple[int, int]] = []
    for r in [*rows, None]:
        if r is not None and (not block or text.count("\n", block[-1][1], r[0]) <= 1):
            block.append(r)
            continue
        if len(block) >= 2:
            table = _read_table(text, block, patterns, grammar)
            if table is not None:
                tables.append(table)
        block = [r] if r is not None else []
    return tables


def _rows(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line that is a table row. Only a line with a pipe or a tab
    can be one, so ``_ROW`` is tried at those lines' starts alone: run over the whole
    text it tried every position, and a document with no table paid for it in full."""
    rows: list[tuple[int, int]] = []
    pos = 0
    while (mark := _CELL_MARK.search(text, pos)) is not None:
        newline = text.rfind("\n", pos, mark.start())
        row = _ROW.match(text, pos if newline < 0 else newline + 1)
        if row is not None:
            rows.append(row.span())
        pos = text.find("\n", mark.start()) + 1
        if not pos:
            break
    return rows


def _read_table(text: str, block, patterns: Patterns, grammar) -> Table | None:
    lines = [(s, e) for s, e in block if not _RULE.match(text[s:e])]
    if len(lines) < 2:
        return None
    header = _cells(text, *lines[0])
    if len(header) < 2:
        return None
    columns = [_column(patterns, c.text) for c in header]
    rows: dict[int, tuple[TableFigure, ...]] = {}
    for s, e in lines[1:]:
        cells = _cells(text, s, e)
        if len(cells) < 2:
            continue
        label = cells[0]
        row = []
        for k, cell in enumerate(cells[1:], start=1):
            col = columns[k] if k < len(columns) else Column("", "", 1)
            q = _cell_quantity(text, cell, col, grammar)
            if q is not None:
                row.append(TableFigure(q, col.label, label))
        if row:
            rows[s] = tuple(row)
    return Table(lines[0][0], lines[-1][1], rows) if rows else None


def _cell_quantity(text: str, cell: Cell, col: Column, grammar) -> Quantity | None:
    own = grammar.quantities(text, cell.start, cell.end)
    if own:
        q = own[0]
        if q.unit:
            return q
        # a magnitude without unit (40.1万) in a column that names the unit
        return Quantity(q.start, q.end, q.value, col.unit, q.qualifier, q.lower, q.upper, unit_inferred=not col.unit,
                        step=q.step)
    m = _BARE.fullmatch(text, cell.start, cell.end)
    if m is None or (not col.unit and col.magnitude == 1 and not col.label):
        return None
    digits = m.group("n").replace(",", "").replace(" ", "")
    value = tidy(Decimal(digits) * col.magnitude)
    step = tidy(Decimal(1).scaleb(-len(digits.partition(".")[2])) * col.magnitude)  # 1147.5 in 万元: 1000
    return Quantity(m.start("n"), m.end("n"), value, col.unit, unit_inferred=not col.unit, step=step)


__all__ = ["Table", "TableFigure", "find_tables"]
