"""Normalise raw document text while keeping a map back to the original.

What changes, and why:
- fullwidth digits, Latin letters and number signs become ASCII (``１２３`` ``％``),
  so one number grammar serves both; CJK punctuation (，：；（）) is kept as is;
- markup leftovers from converters go: ``m<sup>2</sup>`` becomes ``m²``, other
  tags and markdown emphasis (``**``) are dropped, and so is the pinyin some web
  pages print after a character (``保險(xiǎn)金``);
- a paragraph cut by a page break (a blank-line gap in the middle of a sentence)
  is joined to the next one, so the sentence is whole again;
- text hard-wrapped at a fixed width (PDF text layers: every full line is as long
  as the next) has its wrapping newlines removed, so a label and its number on two
  printed lines are one sentence again;
- a document written in traditional script is mapped character by character to
  simplified (OpenCC's table), so one set of patterns serves both; the mapping
  is one character to one character, so offsets are untouched and ``raw`` stays
  as written.

Every normalised character remembers the original span it came from, so a
figure found in normalised text can point at its exact original characters.
"""
from __future__ import annotations

import bisect
import functools
from array import array
from dataclasses import dataclass
from pathlib import Path

import regex

_SUPERSCRIPTS = {"2": "²", "3": "³"}

# One scanner for every local rewrite; page-break joins are decided per gap.
# `wide` holds the fullwidth forms whose ASCII twin means the same in numbers and
# units; the CJK punctuation ！（），：；？ (FF01 FF08 FF09 FF0C FF1A FF1B FF1F) is
# left out: it separates clauses and must not pass for separators or decimal points.
_REWRITE = regex.compile(
    r"""
    (?P<sup><sup>\s*(?P<supd>[23])\s*</sup>)
  | (?P<tag></?(?:sup|sub|span|font|b|i|u|em|strong|br|p|div)\b[^>\n]{0,80}>)
  | (?P<bold>\*\*)
  | (?P<ruby>(?<=\p{Han})[(（][a-zü]{0,5}[āáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜ][a-zü]{0,5}[)）])
  | (?P<wide>[\uFF02-\uFF07\uFF0A\uFF0B\uFF0D-\uFF19\uFF1C-\uFF1E\uFF20-\uFF5E\u3000\u00A0])
  | (?P<gap>[ \t]*\n(?:[ \t]*\n)+)
  | (?P<wrap>[ \t]*\n)
    """,
    regex.VERBOSE,
)

# A paragraph that ends like this is finished; anything else before a blank
# line was cut by the page.
_TERMINAL = set("。！？!?；;：:”」』）)】…—.\"'")

# -- how the lines of a report's layout look: one description, read here (a page cut is
# never joined into a heading, a signature or a contents entry) and by ``structure``
# (which finds them). Where the two read a shape differently it is on purpose: a join
# stops before any line that may be one, structure keeps only what surely is.
NUMERALS = "一二三四五六七八九十"  # the digits of a Chinese section number
FIRST_LEVEL = f"[{NUMERALS}]+、"  # 一、
SECOND_LEVEL = f"[（(][{NUMERALS}]+[)）]"  # （一）; structure's level 2
ANY_PAREN_NUMBER = rf"[（(][{NUMERALS}\d]+[)）]"  # （一） or （1）: a heading or a list item
SPOKEN_ITEM = f"[{NUMERALS}]+[是要]"  # 一是, 二要
ARABIC_ITEM = r"\d+[.、．](?!\d)"  # 1. or 1、 (not 1.5)
BULLET = r"[●■◆▲★·•-]\s"
PAGE_NUMBER_END = r"\s*\d+\s*$"  # a contents entry ends with its page number, after leaders
_HEADING_START = regex.compile(rf"^\s*(?:#|{ANY_PAREN_NUMBER}|{FIRST_LEVEL}|{ARABIC_ITEM}|{BULLET})")
# any line that is one parenthesis (a signature, a date under a speech title) ends a paragraph;
# structure's signature is one holding a name (Han, no digits)
_PAREN_LINE = regex.compile(r"^\s*[（(][^（）()\n]{1,40}[)）]\s*$")
# a contents entry anywhere in the text: a longer run of leaders than structure asks for
# inside the contents table it has found
_TOC_ENTRY = regex.compile(rf"(?:\.{{3,}}|…{{2,}}){PAGE_NUMBER_END}")
# structure's: the contents heading, and an entry's page number in the contents table
# (after leaders or straight after the title's end)
TOC_HEAD = regex.compile(r"^\s*#*\s*目\s*录\s*$")
TOC_PAGE = regex.compile(rf"(?:\s*(?:\.{{2,}}|…+|·{{2,}})){PAGE_NUMBER_END}|(?<=[\p{{Han}}”）)])\s*\d{{1,3}}\s*$")
SIGNATURE = regex.compile(r"^\s*[（(]\s*([^（）()\n\d]*\p{Han}[^（）()\n\d]*?)\s*[)）]\s*$")
HEADING = regex.compile(r"^\s*(#{1,6})\s*(.*?)\s*$")  # a markdown heading
# Section headings, by level: 一、 (1), （一） (2), 一是 / 1. (3); a markdown heading
# line counts by its title. The title runs to the first full stop or the line's end.
SECTION_LINE = (
    rf"[ \t]*#*[ \t]*\**[ \t]*(?:(?P<l1>{FIRST_LEVEL})|(?P<l2>{SECOND_LEVEL})"
    rf"|(?P<l3>(?:{SPOKEN_ITEM}|{ARABIC_ITEM})))[ \t]*(?P<title>[^。\n]*)"
)


class OffsetMap:
    """normalised index -> original span, stored as runs: a run of normalised characters
    maps one to one onto consecutive original characters from ``orig_starts[k]``; a
    character that stands for a longer original span (``<sup>2</sup>`` -> ``²``) is a
    run of its own whose span end is in ``wide_ends``. A few runs per page break or
    rewrite instead of two integers per character."""

    __slots__ = ("norm_starts", "orig_starts", "wide_ends", "length", "original_length")

    def __init__(self, original_length: int):
        self.norm_starts = array("q")
        self.orig_starts = array("q")
        self.wide_ends: dict[int, int] = {}
        self.length = 0
        self.original_length = original_length

    def _add(self, orig: int, n: int = 1, end: int | None = None) -> None:
        """Map the next ``n`` normalised characters onto ``orig, orig + 1, …`` (one
        character onto ``[orig, end)`` when ``end`` is given)."""
        if n <= 0:
            return
        k = len(self.norm_starts) - 1
        last_wide = k >= 0 and self.norm_starts[k] in self.wide_ends
        if end is not None or k < 0 or last_wide or self.orig_starts[k] + self.length - self.norm_starts[k] != orig:
            self.norm_starts.append(self.length)
            self.orig_starts.append(orig)
        if end is not None:
            self.wide_ends[self.length] = end
        self.length += n

    def __len__(self) -> int:
        return self.length

    def start(self, i: int) -> int:
        if i >= self.length:
            return self.original_length
        k = bisect.bisect_right(self.norm_starts, i) - 1
        return self.orig_starts[k] + i - self.norm_starts[k]

    def end(self, j: int) -> int:
        """Original end for a normalised half-open end ``j`` (``j`` > 0)."""
        if j <= 0:
            return 0
        wide = self.wide_ends.get(j - 1)
        return wide if wide is not None else self.start(j - 1) + 1


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    offsets: OffsetMap

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
    if b.lstrip().startswith("#") or _TOC_ENTRY.search(b) or _PAREN_LINE.match(b):
        return False
    if _HEADING_START.match(a) or _PAREN_LINE.match(a) or a.startswith("#"):
        return False
    # Titles and headings are short and carry no full stop; a cut paragraph
    # has at least one printed line of running prose.
    return "。" in b or ("，" in b and len(b) >= 30) or len(b) >= 60


# A simplified document holds a few characters that OpenCC's table also maps
# (乾, 著); a traditional one holds many. Above this share of Han characters
# the document is taken to be traditional.
_TRADITIONAL_SHARE = 0.02
_HAN_RUN = regex.compile(r"\p{Han}+")  # counted by runs: one string per run, not per character
_SAMPLE = 4000


@functools.lru_cache(maxsize=1)
def traditional_table() -> dict[int, str]:
    """Traditional -> simplified, one character to one, from OpenCC's TSCharacters."""
    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(first) == 1 and trad != first:
            table[ord(trad)] = first
    return table


def to_simplified(text: str) -> str:
    """Map a traditional-script text to simplified, keeping its length; others unchanged."""
    if text.isascii():
        return text
    # judge the script on a sample: a document is written in one script
    sample = text[:_SAMPLE]
    han = sum(map(len, _HAN_RUN.findall(sample)))
    if not han:
        return text
    trad = sum(map(_traditional_characters().__contains__, sample))  # counted at C speed
    return text.translate(traditional_table()) if trad / han > _TRADITIONAL_SHARE else text


@functools.lru_cache(maxsize=1)
def _traditional_characters() -> frozenset[str]:
    return frozenset(map(chr, traditional_table()))


# A document counts as hard-wrapped when this many of its lines share one length.
_WRAP_MIN_LINES = 8
_WRAP_SHARE = 0.3


def wrap_width(text: str) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when it was not wrapped."""
    lengths: dict[int, int] = {}
    total = 0
    for line in text.split("\n"):
        n = len(line.rstrip())
        if n >= 12:
            total += 1
            lengths[n] = lengths.get(n, 0) + 1
    if not lengths:
        return 0
    width = max(lengths, key=lambda n: (lengths[n] + lengths.get(n - 1, 0), n))
    full = lengths[width] + lengths.get(width - 1, 0)
    return width if full >= _WRAP_MIN_LINES and full >= _WRAP_SHARE * total else 0


def _is_wrap(before: str, after: str, width: int) -> bool:
    b, a = before.rstrip(), after.strip()
    if not width or not a or len(b) < width - 1:
        return False
    return not (_HEADING_START.match(a) or _PAREN_LINE.match(a) or a.startswith("#"))


def _kept(original: str, m, width: int) -> bool:
    """Does this blank-line gap or line break stay as written (no page cut, no wrap)?"""
    s, e = m.span()
    if m.lastgroup == "wrap":
        return not _is_wrap(_line_at(original, s, True), _line_at(original, e, False), width)
    if s and original[s - 1] in _TERMINAL:  # the paragraph before is finished: no line need be cut out
        return True
    return not _is_page_cut(_line_at(original, s, True), _line_at(original, e, False))


def normalise(original: str) -> Normalised:
    width = wrap_width(original) if original.count("\n") >= _WRAP_MIN_LINES else 0
    out: list[str] = []
    offsets = OffsetMap(len(original))
    add = offsets._add
    pos = 0
    for m in _REWRITE.finditer(original):
        kind = m.lastgroup
        if kind in ("gap", "wrap") and _kept(original, m, width):
            continue  # copied as written with the untouched stretch it is part of
        s, e = m.span()
        if s > pos:  # untouched stretch: copy with identity offsets
            out.append(original[pos:s])
            add(pos, s - pos)
        if kind == "sup":
            out.append(_SUPERSCRIPTS[m.group("supd")])
            add(s, 1, e)
        elif kind == "wide":
            ch = m.group()
            out.append(" " if ch in "\u3000\u00a0" else chr(ord(ch) - 0xFEE0))
            add(s, 1, e if e != s + 1 else None)
        # a page cut's gap and a wrapping newline are dropped (the sentence goes on), and so
        # are "tag", "bold" and "ruby" (a web page's pinyin after a character, 保險(xiǎn))
        pos = e
    if pos < len(original):
        out.append(original[pos:])
        add(pos, len(original) - pos)
    return Normalised(to_simplified("".join(out)), offsets)


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
