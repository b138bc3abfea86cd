"""Recognised boxes -> paragraphs in reading order.

A page is cut into columns where a vertical gutter runs between boxes (a box
that spans the gutter, like a title over two columns, starts a new band: bands
are read top to bottom, each band's columns left to right). In a column, boxes
on one line are joined left to right; lines are joined into a paragraph when the
previous line runs to the column's right edge and the next is not indented, not
far below and not of another size. Chinese is joined without spaces (no
hyphens to undo); two Latin words keep one. A lone page number at the head or
foot of the page is dropped.

Everything here is a pure function of the boxes.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .engine import Box

_PAGE_NUMBER = re.compile(r"^[-—－·\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[-—－·\s]*$")
_MIN_SIDE = 3  # boxes wholly on each side of a gutter before it counts as one


@dataclass(frozen=True, slots=True)
class Line:
    boxes: tuple[Box, ...]

    @property
    def x0(self) -> float:
        return self.boxes[0].x0

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def paragraphs(boxes: list[Box], width: float, height: float) -> list[list[tuple[str, float]]]:
    """The page's paragraphs in reading order; each is a list of (text, confidence)
    pieces to be concatenated (one piece per box, joins included in the text)."""
    boxes = [b for b in boxes if b.text.strip()]
    boxes = _drop_page_numbers(boxes, height)
    out: list[list[tuple[str, float]]] = []
    for column in _columns(boxes, 0, width, depth=2):
        out.extend(_column_paragraphs(_lines(column)))
    return out


def _drop_page_numbers(boxes: list[Box], height: float) -> list[Box]:
    if not boxes:
        return boxes
    top = min(b.y0 for b in boxes)
    bottom = max(b.y1 for b in boxes)

    def number(b: Box) -> bool:
        at_edge = (b.y0 <= top + b.height and b.y1 < 0.15 * height) or (b.y1 >= bottom - b.height and b.y0 > 0.85 * height)
        return at_edge and bool(_PAGE_NUMBER.match(b.text))

    return [b for b in boxes if not number(b)]


def _columns(boxes: list[Box], lo: float, hi: float, depth: int) -> list[list[Box]]:
    """Boxes in reading order, grouped by column within horizontal bands."""
    if depth == 0 or len(boxes) < 2 * _MIN_SIDE:
        return [boxes] if boxes else []
    gutter = _gutter(boxes, lo, hi)
    if gutter is None:
        return [boxes]
    out: list[list[Box]] = []
    band: list[Box] = []
    for b in sorted(boxes, key=lambda b: b.y0):
        if b.x0 < gutter < b.x1:  # spans the columns: ends the band above it
            out += _band(band, lo, gutter, hi, depth)
            out.append([b])
            band = []
        else:
            band.append(b)
    out += _band(band, lo, gutter, hi, depth)
    return out


def _band(band: list[Box], lo: float, gutter: float, hi: float, depth: int) -> list[list[Box]]:
    left = [b for b in band if b.x1 <= gutter]
    right = [b for b in band if b.x0 >= gutter]
    return _columns(left, lo, gutter, depth - 1) + _columns(right, gutter, hi, depth - 1)


def _gutter(boxes: list[Box], lo: float, hi: float) -> float | None:
    """The x in the middle 40% of [lo, hi) that the fewest boxes cross, if few enough do
    and enough lie wholly on each side."""
    span = hi - lo
    edges = sorted({b.x1 for b in boxes} | {b.x0 for b in boxes})
    best, best_cross = None, len(boxes)
    for a, b in zip(edges, edges[1:], strict=False):
        x = (a + b) / 2
        if not (lo + 0.3 * span <= x <= lo + 0.7 * span) or b - a < 0.01 * span:
            continue
        cross = sum(1 for bx in boxes if bx.x0 < x < bx.x1)
        if cross < best_cross:
            best, best_cross = x, cross
    if best is None or best_cross > 0.15 * len(boxes):
        return None
    left = sum(1 for bx in boxes if bx.x1 <= best)
    right = sum(1 for bx in boxes if bx.x0 >= best)
    return best if left >= _MIN_SIDE and right >= _MIN_SIDE else None


def _lines(boxes: list[Box]) -> list[Line]:
    """Boxes that overlap vertically by half the smaller height make one line."""
    lines: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        last = lines[-1] if lines else None
        if last:
            y0, y1 = min(x.y0 for x in last), max(x.y1 for x in last)
            overlap = min(y1, b.y1) - max(y0, b.y0)
            if overlap >= 0.5 * min(b.height, y1 - y0):
                last.append(b)
                continue
        lines.append([b])
    return [Line(tuple(sorted(line, key=lambda b: b.x0))) for line in lines]


def _column_paragraphs(lines: list[Line]) -> list[list[tuple[str, float]]]:
    if not lines:
        return []
    size = statistics.median(line.height for line in lines)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    paras: list[list[tuple[str, float]]] = []
    prev: Line | None = None
    for line in lines:
        pieces = _line_pieces(line, size)
        if prev is not None and _continues(prev, line, left, right, size):
            if _needs_space(paras[-1][-1][0], pieces[0][0]):
                paras[-1].append((" ", 1.0))
            paras[-1].extend(pieces)
        else:
            paras.append(pieces)
        prev = line
    return paras


def _continues(prev: Line, line: Line, left: float, right: float, size: float) -> bool:
    h = max(size, 1.0)
    same_size = 0.8 <= line.height / max(prev.height, 1.0) <= 1.25
    return (prev.x1 >= right - 1.5 * h and line.x0 <= left + 0.8 * h
            and line.y0 - prev.y1 <= 1.5 * h and same_size)


def _line_pieces(line: Line, size: float) -> list[tuple[str, float]]:
    pieces: list[tuple[str, float]] = []
    prev: Box | None = None
    for b in line.boxes:
        if prev is not None and (b.x0 - prev.x1 > 1.5 * size or _needs_space(prev.text, b.text)):
            pieces.append((" ", 1.0))
        pieces.append((b.text.strip(), b.conf))
        prev = b
    return pieces


def _needs_space(before: str, after: str) -> bool:
    """Two Latin words meet (Chinese, digits and punctuation join without one)."""
    a, b = before[-1:], after[:1]
    return a.isascii() and a.isalpha() and b.isascii() and b.isalpha()
