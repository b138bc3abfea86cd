"""Normalise raw document text while keeping a map back to the original.

What changes, and why:
- fullwidth digits, Latin letters and number signs become ASCII (``１２３`` ``％``),
  so one number grammar serves both; CJK punctuation (，：；（）) is kept as is;
- markup leftovers from converters go: ``m<sup>2</sup>`` becomes ``m²``, other
  tags and markdown emphasis (``**``) are dropped;
- a paragraph cut by a page break (a blank-line gap in the middle of a sentence)
  is joined to the next one, so the sentence is whole again.

Every normalised character remembers the original span it came from, so a
figure found in normalised text can point at its exact original characters.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass

import regex

# Fullwidth forms whose ASCII twin carries the same meaning in numbers and units.
# CJK punctuation stays: it separates clauses and must not be mistaken for
# thousands separators or decimal points.
_KEEP_FULLWIDTH = set("，：；（）！？")
_SUPERSCRIPTS = {"2": "²", "3": "³"}

# One scanner for every local rewrite; page-break joins are decided per gap.
_REWRITE = regex.compile(
    r"""
    (?P<sup><sup>\s*(?P<supd>[23])\s*</sup>)
  | (?P<tag></?(?:sup|sub|span|font|b|i|u|em|strong|br|p|div)\b[^>\n]{0,80}>)
  | (?P<bold>\*\*)
  | (?P<wide>[\uFF01-\uFF5E\u3000\u00A0])
  | (?P<gap>[ \t]*\n(?:[ \t]*\n)+)
    """,
    regex.VERBOSE,
)

# A paragraph that ends like this is finished; anything else before a blank
# line was cut by the page.
_TERMINAL = set("。！？!?；;：:”」』）)】…—.\"'")
_HEADING_START = regex.compile(r"^\s*(?:#|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．]|[●■◆▲★·•-]\s)")
_SIGNATURE = regex.compile(r"^\s*[（(][^（）()\n]{1,40}[)）]\s*$")
_TOC_ENTRY = regex.compile(r"(?:\.{3,}|…{2,})\s*\d+\s*$")


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """normalised index -> original span; ``starts[i]``/``ends[i]`` for char i."""

    starts: array
    ends: array
    original_length: int

    def start(self, i: int) -> int:
        return self.starts[i] if i < len(self.starts) else self.original_length

    def end(self, j: int) -> int:
        """Original end for a normalised half-open end ``j`` (``j`` > 0)."""
        return self.ends[j - 1] if j > 0 else 0


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    offsets: OffsetMap
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original half-open span of normalised ``[start, end)``."""
        return self.offsets.start(start), self.offsets.end(end)


def _line_at(text: str, pos: int, backwards: bool) -> str:
    if backwards:
        return text[text.rfind("\n", 0, pos) + 1 : pos]
    nl = text.find("\n", pos)
    return text[pos : nl if nl >= 0 else len(text)]


def _is_page_cut(before: str, after: str) -> bool:
    """Was the blank-line gap between these two lines made by a page break?"""
    b = before.rstrip().replace("**", "")
    a = after.strip()
    if not b or not a or b[-1] in _TERMINAL:
        return False
    if b.lstrip().startswith("#") or _TOC_ENTRY.search(b) or _SIGNATURE.match(b):
        return False
    if _HEADING_START.match(a) or _SIGNATURE.match(a) or a.startswith("#"):
        return False
    # Titles and headings are short and carry no full stop; a cut paragraph
    # has at least one printed line of running prose.
    return "。" in b or ("，" in b and len(b) >= 30) or len(b) >= 60


def normalise(original: str) -> Normalised:
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    pos = 0
    for m in _REWRITE.finditer(original):
        s, e = m.span()
        if s > pos:  # untouched stretch: copy with identity offsets
            out.append(original[pos:s])
            starts.extend(range(pos, s))
            ends.extend(range(pos + 1, s + 1))
        kind = m.lastgroup
        if kind == "sup" or (kind == "supd"):
            out.append(_SUPERSCRIPTS[m.group("supd")])
            starts.append(s)
            ends.append(e)
        elif kind == "wide":
            ch = m.group()
            if ch in _KEEP_FULLWIDTH:
                rep = ch
            elif ch in "\u3000\u00a0":
                rep = " "
            else:
                rep = chr(ord(ch) - 0xFEE0)
            out.append(rep)
            starts.append(s)
            ends.append(e)
        elif kind == "gap":
            if _is_page_cut(_line_at(original, s, True), _line_at(original, e, False)):
                pass  # drop the gap: the sentence continues on the next page
            else:
                out.append(original[s:e])
                starts.extend(range(s, e))
                ends.extend(range(s + 1, e + 1))
        # "tag" and "bold" are dropped
        pos = e
    if pos < len(original):
        out.append(original[pos:])
        starts.extend(range(pos, len(original)))
        ends.extend(range(pos + 1, len(original) + 1))
    return Normalised("".join(out), OffsetMap(starts, ends, len(original)), original)


class LineIndex:
    """1-based line numbers of original offsets, by bisecting line starts."""

    __slots__ = ("_starts",)

    def __init__(self, text: str):
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)
