"""Document structure over normalised text: issue date, table of contents,
articles (title, signature), paragraphs and sentences.

Works for both layouts seen in the newsletters: markdown-headed (``# 标题``)
and plain text where titles are short lines. Articles end at their signature
line (``（贵港市计生协 董军兰）``) or where the next title starts.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass

import regex

from .normalise import HEADING, SECTION_LINE, SIGNATURE, TOC_HEAD, TOC_PAGE

ISSUE_DATE = regex.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:印发|印|出版|编印|发布)")
ANY_DATE = regex.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
SENTENCE_END = regex.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")
_SQUASH = regex.compile(r"[\s#*.…·\d]+")
SECTION = regex.compile("^" + SECTION_LINE, regex.MULTILINE)
# the same after a newline: a literal the regex jumps to, where a ``^`` is tried everywhere
_SECTION_AFTER_NEWLINE = regex.compile("\n" + SECTION_LINE)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    start: int
    end: int
    title: str
    signature: str  # the text inside the signature parentheses, "" if none
    title_start: int = -1


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    level: int  # 1: 一、  2: （一）  3: 一是 / 1.
    title: str


@dataclass(frozen=True, slots=True)
class Structure:
    issue_date: str  # ISO, "" if unknown
    toc: Span | None
    articles: tuple[Article, ...]
    masthead: str  # the publishing body's line (footer or header), for the home province
    sections: tuple[Section, ...] = ()
    # the month and day a document is dated by when its year is not written
    # (a web page stamped ``07-13 14:38``, a dateline ``1月17日讯``): "--07-13"
    partial_date: str = ""
    dateline: Span | None = None  # the stamp or dateline itself: not a period of any figure
    lead: Span = Span(0, 0)  # the first paragraph of prose, after the header lines
    has_footer: bool = False  # the masthead is a 印发 footer, not just the opening lines


def find_sections(text: str, start: int = 0) -> tuple[Section, ...]:
    """The section headings on the lines that start at or after ``start``."""
    first = SECTION.match(text, start) if start == 0 or text[start - 1] == "\n" else None
    found = [(m, m.start()) for m in (first,) if m is not None]
    found += [(m, m.start() + 1) for m in _SECTION_AFTER_NEWLINE.finditer(text, start)]
    out = []
    for m, line_start in found:
        level = 1 if m.group("l1") else 2 if m.group("l2") else 3
        title = m.group("title").replace("**", "").strip()
        if title:
            out.append(Section(line_start, level, title))
    return tuple(out)


def _squash(s: str) -> str:
    return _SQUASH.sub("", s)


def _title_key(line: str, longest: int) -> str:
    """``_squash(line)``; of a long line only the head when that alone is longer than
    ``longest`` (the longest contents entry) and 10: no entry then, and a prefix test reads
    10 characters. Squashing deletes characters one by one: a line squashes piece by piece."""
    cut = 2 * max(longest, 10)
    head = _squash(line[:cut])
    return head if len(line) <= cut or len(head) > cut // 2 else head + _squash(line[cut:])


def _lines(text: str):
    """(start, end, line) for every line."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


_LAST_ISSUE_DATE = regex.compile("(?r)" + ISSUE_DATE.pattern)  # searched right to left


def _last_issue_line(text: str):
    """The last ``…年…月…日印发`` in the text (the footer), or None: found from the end, not
    by reading the whole text (two never overlap, so it is the last found from the start)."""
    return _LAST_ISSUE_DATE.search(text)


def find_issue_date(text: str, footer=None) -> str:
    """``2020年10月15日印发`` in the footer; else a full date on one of the last lines
    (a report signed and dated at its end); else "". ``footer``: the 印发 match, when
    the caller has it already."""
    m = footer or _last_issue_line(text)
    if m is None:
        # a signature's date stands on a short line of its own, not inside a sentence
        tail = "\n".join([line for line in text[-600:].split("\n") if line.strip() and len(line.strip()) <= 30][-5:])
        for m in ANY_DATE.finditer(tail):  # noqa: B007 - the last one
            pass
    if m is None:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"


# A web page's publication stamp (发布时间：2013-08-14 15:02:50, 【发布日期:2013-05-20】,
# 2012年06月25日 09:12:53, 08.01.2016  16:04) or a news dateline (中国台州网3月16日讯).
# Only its first lines are searched: dates further down are events or related links.
_STAMP_ISO = regex.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)\s*(?:-|/|\.)\s*(?P<m>\d{1,2})\s*(?:-|/|\.)\s*(?P<d>\d{1,2})(?![\d.])")
_STAMP_CJK = regex.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?=\d{1,2}\s*[:：]\d\d|$)",
    regex.MULTILINE)
_STAMP_DMY = regex.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?=\s+\d{1,2}:\d\d)")
# a speech's or report's dateline: ——2019年1月15日在桃源县第十七届人民代表大会…上
_STAMP_SPEECH = regex.compile(r"^\s*[—\-－]{1,2}\s*(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日",
                              regex.MULTILINE)
_STAMP_MD = regex.compile(r"^\s*(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+\d{1,2}:\d\d\s*$", regex.MULTILINE)
DATELINE = regex.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:讯|訊|电|電)")
_STAMP_LINES = 12


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31 and (not y or 1949 <= y <= 2100)


def _header_end(text: str) -> tuple[int, int]:
    """(end of the header, end of the first body paragraph): the header is the lines before
    the first paragraph of prose (a line over 80 characters or with two sentence ends),
    at most the first few lines."""
    pos = 0
    for _ in range(_STAMP_LINES):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        if len(line) > 80 or len(SENTENCE_END.findall(line)) >= 2:
            return pos, end
        if nl < 0:
            return end, end
        pos = nl + 1
    return pos, pos


def find_stamp(text: str) -> tuple[str, Span | None]:
    """The date a web page or news item is stamped with in its header lines, or its
    dateline in the first paragraph: ISO, or ``--MM-DD`` when no year is written; with
    the span it was read from."""
    head_end, lead_end = _header_end(text)
    for rx in (_STAMP_ISO, _STAMP_CJK, _STAMP_DMY, _STAMP_SPEECH):
        for m in rx.finditer(text, 0, head_end):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if _valid(y, mo, d) and text[max(0, m.start() - 1) : m.start()] not in ("(", "（"):
                return f"{y:04d}-{mo:02d}-{d:02d}", Span(m.start(), m.end())
    for rx, end in ((_STAMP_MD, head_end), (DATELINE, lead_end)):
        for m in rx.finditer(text, 0, end):
            mo, d = int(m.group("m")), int(m.group("d"))
            if _valid(0, mo, d):
                return f"--{mo:02d}-{d:02d}", Span(m.start(), m.end())
    return "", None


def find_masthead(text: str, footer=None) -> str:
    """The publisher line: the one that says 印发, or the lines around it."""
    m = footer or _last_issue_line(text)
    if m is not None:
        line_start = text.rfind("\n", 0, m.start()) + 1
        prev_start = text.rfind("\n", 0, max(0, line_start - 2)) + 1
        prev2 = text.rfind("\n", 0, max(0, prev_start - 2)) + 1
        return text[prev2 : m.end()]
    return text[:200]


def _table_of_contents(lines: list[tuple[int, int, str]]) -> tuple[Span | None, set[str]]:
    """The table of contents headed in the first 80 lines: its span and the article titles
    it lists (squashed); None and no titles when there is none."""
    for i, (_s, _e, line) in enumerate(lines[:80]):
        if TOC_HEAD.match(line):
            return _read_contents(lines, i)
    return None, set()


def _read_contents(lines: list[tuple[int, int, str]], head: int) -> tuple[Span, set[str]]:
    """The contents under the heading on line ``head``, up to the first line that cannot be
    an entry (long, a full sentence, or an entry seen again: the body has begun). A title
    ends with its page number; one broken over lines ends the first part with two spaces."""
    toc_titles: set[str] = set()
    toc_sections: set[str] = set()
    j = head + 1
    pending = ""
    start, end = lines[head][0], lines[head][1]
    while j < len(lines):
        _ls, le, lt = lines[j]
        t = lt.strip()
        if not t:
            j += 1
            continue
        key = _squash(t)
        if len(t) > 60 or "。" in t or key in toc_sections or key in toc_titles:
            break
        if TOC_PAGE.search(t):
            toc_titles.add(_squash(pending + TOC_PAGE.sub("", t)))
            pending = ""
        elif t.endswith("  ") or lt.endswith("  "):
            pending += t
        elif len(key) <= 8:
            toc_sections.add(key)
        else:
            toc_titles.add(key)
        end = le
        j += 1
    return Span(start, end), toc_titles


def _titles_and_signatures(lines: list[tuple[int, int, str]], body_start: int,
                           toc_titles: set[str]) -> tuple[dict[int, str], list[tuple[int, int, str]]]:
    """The body's article titles (line start -> title: a contents entry, or a top-level
    heading) and signature lines ((line start, line end, who))."""
    titles: dict[int, str] = {}
    signatures: list[tuple[int, int, str]] = []
    longest = max(map(len, toc_titles), default=0)
    for s, e, line in lines:
        if s < body_start:
            continue
        t = line.strip()
        if not t:
            continue
        sig = SIGNATURE.match(line)
        if sig and len(t) <= 45:
            signatures.append((s, e, sig.group(1)))
            continue
        h = HEADING.match(line)
        key = _title_key(t, longest) if toc_titles else ""  # no contents: a heading is a title
        is_title = (key and key in toc_titles) or (h and len(h.group(1)) == 1)
        if not is_title and toc_titles and h and len(key) >= 8:
            is_title = any(key.startswith(x[:10]) or x.startswith(key[:10]) for x in toc_titles if len(x) >= 8)
        if is_title:
            title = h.group(2) if h else t
            titles[s] = title.replace("**", "").strip()
    return titles, signatures


def _plain_title(lines: list[tuple[int, int, str]], line_starts: list[int], a_start: int,
                 a_end: int) -> tuple[str, int]:
    """Plain layout: the article's first non-empty line is its title when it is short, has
    no full stop and is no signature; (title, its start) or ("", -1)."""
    for s, _e, line in lines[bisect.bisect_left(line_starts, a_start) :]:
        if s >= a_end:
            break
        if line.strip():
            t = line.strip()
            if len(t) <= 40 and "。" not in t and not SIGNATURE.match(line):
                return t.lstrip("#").replace("**", "").strip(), s
            break
    return "", -1


def _articles(text: str, lines: list[tuple[int, int, str]], body_start: int, titles: dict[int, str],
              signatures: list[tuple[int, int, str]]) -> list[Article]:
    """An article runs from its title (or the line after the previous signature) to its
    signature (or the next title); empty ones are dropped."""
    bounds: list[int] = sorted({body_start, *titles, *(e + 1 for _s, e, _x in signatures)})
    line_starts = [s for s, _e, _line in lines]
    sig_starts = [s for s, _e, _x in signatures]
    articles: list[Article] = []
    for k, a_start in enumerate(bounds):
        a_end = bounds[k + 1] if k + 1 < len(bounds) else len(text)
        if a_start >= len(text):
            break
        title = titles.get(a_start, "")
        title_start = a_start if title else -1
        if not title:
            title, title_start = _plain_title(lines, line_starts, a_start, a_end)
        # the article's signature is the last one inside it
        k_sig = bisect.bisect_left(sig_starts, a_end) - 1
        signature = signatures[k_sig][2] if k_sig >= 0 and sig_starts[k_sig] >= a_start else ""
        articles.append(Article(a_start, a_end, title, signature, title_start))
    return [a for a in articles if text[a.start : a.end].strip()]


def _document_date(text: str, footer) -> tuple[str, str, Span | None]:
    """(issue date, partial --MM-DD date, stamp span): the newsletter footer's date, else a
    web page's stamp or dateline, else any issue date the text gives."""
    issue_date = find_issue_date(text, footer) if footer is not None else ""
    stamp, stamp_span = ("", None) if footer is not None else find_stamp(text)
    if not issue_date and stamp and not stamp.startswith("--"):
        issue_date = stamp
    if not issue_date:
        issue_date = find_issue_date(text, footer)
    partial = stamp if stamp.startswith("--") and not issue_date else ""
    return issue_date, partial, stamp_span


def split_structure(text: str) -> Structure:
    """The document's layout: its date, table of contents, articles (title, signature,
    bounds), masthead and sections."""
    lines = list(_lines(text))
    toc, toc_titles = _table_of_contents(lines)
    body_start = toc.end if toc else 0
    titles, signatures = _titles_and_signatures(lines, body_start, toc_titles)
    articles = _articles(text, lines, body_start, titles, signatures)
    footer = _last_issue_line(text)
    issue_date, partial, stamp_span = _document_date(text, footer)
    return Structure(issue_date, toc, tuple(articles), find_masthead(text, footer),
                     find_sections(text, body_start), partial, stamp_span, Span(*_header_end(text)),
                     footer is not None)


def paragraphs(text: str, start: int, end: int):
    """(start, end) of each non-empty line between ``start`` and ``end``."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop + 1


CLAUSE_DELIMS = "，,：:；;。！？!?\n"
_CLAUSE_DELIM = regex.compile("[" + regex.escape(CLAUSE_DELIMS) + "]")
_LAST_CLAUSE_DELIM = regex.compile("(?r)[" + regex.escape(CLAUSE_DELIMS) + "]")  # searched right to left
_SCAN = 256  # a clause longer than this is found by bisecting the text's delimiter positions …
_INDEX_MIN = 4096  # … in a text at least this long (only a few such texts: the documents)


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause (between ，：；。…) holding ``pos`` starts, not before ``floor``."""
    if pos <= floor:
        return pos
    # a short text is searched whole: cheaper than indexing it
    stop = max(floor, pos - _SCAN) if len(text) >= _INDEX_MIN else floor
    m = _LAST_CLAUSE_DELIM.search(text, stop, pos)  # the near delimiter, found in C
    if m is not None:
        return m.start() + 1
    if stop == floor:
        return floor
    d = _delimiters(text)  # a long clause: O(log n), not a search back through it
    k = bisect.bisect_left(d, pos) - 1
    return max(floor, d[k] + 1) if k >= 0 else floor


def clause_end(text: str, pos: int, ceiling: int) -> int:
    """Where the clause holding ``pos`` ends, not after ``ceiling``."""
    if pos >= ceiling:
        return pos
    stop = min(ceiling, pos + _SCAN) if len(text) >= _INDEX_MIN else ceiling
    m = _CLAUSE_DELIM.search(text, pos, stop)
    if m is not None:
        return m.start()
    if stop == ceiling:
        return ceiling
    d = _delimiters(text)
    k = bisect.bisect_left(d, pos)
    return min(ceiling, d[k]) if k < len(d) else ceiling


_DELIMITERS: dict[int, tuple[str, array]] = {}


def _delimiters(text: str) -> array:
    """Sorted positions of the clause delimiters in ``text``, found once per text."""
    hit = _DELIMITERS.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    if len(_DELIMITERS) >= 4:
        _DELIMITERS.pop(next(iter(_DELIMITERS)))
    positions = array("q", (m.start() for m in _CLAUSE_DELIM.finditer(text)))
    _DELIMITERS[id(text)] = (text, positions)
    return positions


def sentences(text: str, start: int, end: int):
    """(start, end) of each sentence of a paragraph (split at 。！？； and newlines)."""
    pos = start
    for m in SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        # a sentence that ends with its stop (。) is never blank: only a line break's may be
        if text[m.start()] != "\n" or text[pos:stop].strip():
            yield pos, stop
        pos = stop
    if pos < end and text[pos:end].strip():
        yield pos, end
