"""Period: the date or span a figure is as of, ISO where possible.

Explicit dates and spans (截至8月31日, 截止7月底, 2019年以来, 7月至9月, 2022年) and
relative ones (今年, 去年, 上年) resolve against the issue date — never today.
Comparison bases (较去年, 与2019相比) are not periods.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass

import regex

from ..patterns import bundled_vocabulary
from ..vocabulary import Vocabulary

# relative years (against the document's own year) and the words for "now"
_REL_YEARS = {"今年": 0, "本年": 0, "本年度": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1, "过去一年": -1,
              "过去的一年": -1, "前年": -2, "明年": 1, "次年": 1}
_NOW = ("截至目前", "截止目前", "目前", "当前", "现在", "至今")


def _alt(words) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# no period runs over a clause end (the filler of ``since`` stops at one): see PERIOD_CHARS
CLAUSE_ENDS = "，。；,;"
_Y = r"(?:(?P<y>\d{4})\s*年|(?P<rel>今年|去年|上年|前年|明年|本年|当年))"
PERIOD = regex.compile(
    rf"""
    (?P<plan>[“"]?(?P<pn>十[一二三四五]五|(?:[六七八九]|十)五(?=[”"]?(?:期间|时期|规划|计划|以来|末)))[”"]?(?:期间|时期)?)
  | (?P<half>(?:(?P<hy>\d{{4}})\s*年|(?P<hrel>今年|去年|上年|本年|当年|前年))?\s*(?P<h>上半年|下半年|前三季度|第?[一二三四1-4]季度))
  | (?P<dspan>(?:(?P<dsy>\d{{4}})\s*年\s*)?(?P<dsm>\d{{1,2}})\s*月\s*(?P<dsd>\d{{1,2}})\s*[日号]?\s*(?:至|到|—|–|~|－)\s*(?:(?P<dem>\d{{1,2}})\s*月\s*)?(?P<ded>\d{{1,2}})\s*[日号])
  | (?P<cmspan>(?:(?P<cmy>\d{{4}})\s*年|(?P<cmrel>今年|去年|上年|本年))?\s*(?P<cm1>[一二三四五六七八九十])(?P<cm2>[二三四五六七八九十])\s*月份?)
  | (?P<yasof>(?:截至|截止到|截至到|截止|至|到)\s*(?P<ey>\d{{4}})\s*年\s*(?:底|末))
  | (?P<asof>(?:截至|截止到|截至到|截止|至|到)\s*(?:{_Y}\s*)?(?P<m>\d{{1,2}})\s*月\s*(?:份)?\s*(?:(?P<d>\d{{1,2}})\s*[日号]|(?P<eom>底|末))?)
  | (?P<since>(?:自\s*)?(?:(?P<sy>\d{{4}})\s*年(?:\s*(?P<sm>\d{{1,2}})\s*月)?|(?P<srel>今年|去年|上年))\s*(?:[^{CLAUSE_ENDS}\d\n]{{0,30}}?)(?:以来|至今))
  | (?P<span>(?P<y1>\d{{4}})\s*年?\s*[—\-–~～至到]\s*(?P<y2>\d{{4}})\s*年)
  | (?P<mspan>(?:(?P<my>\d{{4}})\s*年\s*)?(?P<m1>\d{{1,2}})\s*月?\s*(?:至|到|—|-|–)\s*(?P<m2>\d{{1,2}})\s*月)
  | (?P<date>(?:(?P<dy>\d{{4}})\s*年\s*)?(?P<dm>\d{{1,2}})\s*月\s*(?P<dd>\d{{1,2}})\s*[日号])
  | (?P<month>(?P<mmy>\d{{4}})\s*年\s*(?P<mm>\d{{1,2}})\s*月(?:份)?(?P<meom>底|末)?)
  | (?P<year>(?P<yy>\d{{4}})\s*年(?:度)?(?![\d]))
  | (?P<relyear>{_alt(_REL_YEARS)})
  | (?P<now>{_alt(_NOW)})
    """,
    regex.VERBOSE,
)
# Every PERIOD match holds one of these characters (年 月 季 of a date or span, 五 of a
# plan, 前 现 今 of 目前 现在 至今) and no clause end: the filler of ``since`` stops at
# them and nothing else there can read one. So only the clauses holding one need the
# regex, whose per-position cost is high; the rest of the text (most of it) is skipped.
PERIOD_CHARS = "年月季五前现今"
# from a clause's first period character to its end; its start is then searched back for
_DATED_TAIL = regex.compile(rf"[{PERIOD_CHARS}][^{CLAUSE_ENDS}]*+")
_LAST_CLAUSE_END = regex.compile(rf"(?r)[{CLAUSE_ENDS}]")
_CN_MONTH = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _plan_years(name: str) -> tuple[int, int]:
    """A five-year plan (“十一五”) -> its years: the third plan began in 1966 and each
    later one five years after the one before (the first two ran 1953-1962)."""
    n = 10 + _CN_MONTH[name[1]] if len(name) == 3 else (10 if name == "十五" else _CN_MONTH[name[0]])
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


_REL = {**_REL_YEARS, **dict.fromkeys(_NOW, 0)}


@dataclass(frozen=True, slots=True)
class PeriodMention:
    start: int
    end: int
    value: str
    kind: str  # asof | since | span | date | month | year
    relative: bool = False  # resolved from 今年/去年/目前 or a date without its year

    def against(self, delta_years: int) -> str:
        """The value when its relative years count from another base year."""
        if not self.relative or not delta_years:
            return self.value
        return _YEAR.sub(lambda m: str(int(m.group()) + delta_years), self.value)


_YEAR = regex.compile(r"\d{4}")


_LEAD_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")


@dataclass(frozen=True, slots=True)
class DocumentDates:
    """How a document is dated: ``base`` is what relative words and year-less dates count
    from; ``default`` the period of a figure nothing else dates (a cited year's report
    is about that year, though the text was written the year after)."""

    base: str
    default: str


def document_dates(text: str, issue_date: str, partial_date: str, lead: tuple[int, int],
                   vocab: Vocabulary | None = None) -> DocumentDates:
    """The document's own date; else a year inferred from the text (the year after a
    cited year's report, 审议通过的《…2022年度工作报告》, else the first year its lead
    paragraph names) with the stamp's ``--MM-DD``; else that ``--MM-DD`` alone; ""
    when nothing dates the document."""
    if issue_date:
        return DocumentDates(issue_date, issue_date[:4])
    year = reviewed = 0
    cited = (vocab or bundled_vocabulary()).cited_report.search(text)
    if cited:
        reviewed = int(cited.group(1))
        year = reviewed + 1
    else:
        first = _LEAD_YEAR.search(text, *lead)
        year = int(first.group(1)) if first else 0
    if not 1949 <= year <= 2100:
        return DocumentDates(partial_date, "")
    base = f"{year:04d}{partial_date[1:]}" if partial_date else f"{year:04d}"
    return DocumentDates(base, f"{reviewed or year:04d}")


def report_year(title: str, vocab: Vocabulary | None = None) -> int | None:
    """The year a report's title says it is about (2022年工作总结): written early the
    next year, its 今年 is that year."""
    m = (vocab or bundled_vocabulary()).report_year.search(title)
    return int(m.group(1)) if m else None


def _year(m, group: str, rel_group: str | None, issue_year: int) -> int:
    """The year a mention states, else its relative word's year, else the issue year."""
    if m.group(group):
        return int(m.group(group))
    if rel_group and m.group(rel_group):
        return issue_year + _REL[m.group(rel_group)]
    return issue_year


def _ymd(y: int, mo: int, d: int | None = None) -> str:
    """ISO date or month; ``--MM-DD`` / ``--MM`` when the year is not known."""
    head = f"{y:04d}-{mo:02d}" if y else f"--{mo:02d}"
    return f"{head}-{d:02d}" if d else head


def _last_day(y: int, mo: int) -> int:
    return calendar.monthrange(y or 2001, mo)[1]  # a year-less 2月底 is the 28th


def _plan(m, y0: int) -> str | None:
    y1, y2 = _plan_years(m.group("pn"))
    return f"{y1:04d}/{y2:04d}"


def _half(m, y0: int) -> str | None:
    y = _year(m, "hy", "hrel", y0)
    if not y:
        return None
    h = m.group("h")
    named = {"上半年": f"{y:04d}-H1", "下半年": f"{y:04d}-H2", "前三季度": f"{y:04d}-01/{y:04d}-09"}
    return named.get(h) or f"{y:04d}-Q{_QUARTER[h[-3]]}"


def _dspan(m, y0: int) -> str | None:
    y = _year(m, "dsy", None, y0)
    m1, d1 = int(m.group("dsm")), int(m.group("dsd"))
    m2 = int(m.group("dem")) if m.group("dem") else m1
    d2 = int(m.group("ded"))
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31) or (m2, d2) <= (m1, d1):
        return None
    return f"{_ymd(y, m1, d1)}/{_ymd(y, m2, d2)}"


def _cmspan(m, y0: int) -> str | None:
    m1, m2 = _CN_MONTH[m.group("cm1")], _CN_MONTH[m.group("cm2")]
    y = _year(m, "cmy", "cmrel", y0)
    return f"{_ymd(y, m1)}/{_ymd(y, m2)}" if m2 == m1 + 1 else None


def _asof(m, y0: int) -> str | None:
    y = _year(m, "y", "rel", y0)
    mo = int(m.group("m"))
    if not 1 <= mo <= 12 or (m.group("rel") and not y0):
        return None
    if m.group("d"):
        return _ymd(y, mo, int(m.group("d")))
    if m.group("eom"):  # 月底 / 月末: the last day of that month
        return _ymd(y, mo, _last_day(y, mo))
    return _ymd(y, mo)


def _since(m, y0: int) -> str | None:
    y = _year(m, "sy", "srel", y0)
    if not y:
        return None
    start = f"{y:04d}-{int(m.group('sm')):02d}" if m.group("sm") else f"{y:04d}"
    return f"{start}/{y0:04d}" if y0 and y0 != y else start


def _mspan(m, y0: int) -> str | None:
    y = _year(m, "my", None, y0)
    m1, m2 = int(m.group("m1")), int(m.group("m2"))
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or m2 <= m1:
        return None
    return f"{_ymd(y, m1)}/{_ymd(y, m2)}"


def _date(m, y0: int) -> str | None:
    y = _year(m, "dy", None, y0)
    mo, d = int(m.group("dm")), int(m.group("dd"))
    return _ymd(y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _month(m, y0: int) -> str | None:
    y, mo = int(m.group("mmy")), int(m.group("mm"))
    return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None


def _one_year(m, y0: int) -> str | None:
    y = int(m.group("yy"))
    return f"{y:04d}" if 1949 <= y <= 2100 else None


def _relative(m, y0: int) -> str | None:  # relyear, now
    return f"{y0 + _REL[m.group()]:04d}" if y0 else None


# the ISO value of each kind of mention (its year counting from the issue year y0), or None
# when it names no valid period
_VALUE = {
    "plan": _plan, "half": _half, "dspan": _dspan, "cmspan": _cmspan, "asof": _asof,
    "yasof": lambda m, y0: f"{int(m.group('ey')):04d}-12-31", "since": _since,
    "span": lambda m, y0: f"{int(m.group('y1')):04d}/{int(m.group('y2')):04d}",
    "mspan": _mspan, "date": _date, "month": _month, "year": _one_year, "relyear": _relative, "now": _relative,
}


def _value(m, kind: str, issue_year: int) -> str | None:
    """The ISO value of one period mention, or None when it names no valid period."""
    return _VALUE[kind](m, issue_year)


_EXPLICIT_YEAR = {"half": "hy", "dspan": "dsy", "cmspan": "cmy", "asof": "y", "since": "sy", "mspan": "my", "date": "dy"}


def _dated_regions(text: str):
    """(start, end) of the runs of clauses that hold a period character, adjacent clauses
    joined (one regex call per run, not per clause)."""
    start = end = -2
    for m in _DATED_TAIL.finditer(text):
        before = _LAST_CLAUSE_END.search(text, max(end, 0), m.start())
        clause_start = before.end() if before else 0
        if clause_start > end + 1:  # a clause without one lies between
            if end >= 0:
                yield start, end
            start = clause_start
        end = m.end()
    if end >= 0:
        yield start, end


def _period_matches(text: str):
    """``PERIOD.finditer(text)``, the same matches, run only over the dated clauses: no
    match spans a clause end, so the scan of each run is the scan of the whole text there."""
    for start, end in _dated_regions(text):
        yield from PERIOD.finditer(text, start, end)


def find_periods(text: str, issue_date: str, skip=None, vocab: Vocabulary | None = None) -> list[PeriodMention]:
    """Every period mention in ``text``. Relative words and dates without a year count
    from the year of ``issue_date`` (the document's own date); when that is unknown a
    year-less date is written ``--MM-DD``. ``skip``: a span (the document's stamp or
    dateline) that dates the document, not its figures."""
    issue_year = int(issue_date[:4]) if issue_date[:4].isdigit() else 0
    vocab = vocab or bundled_vocabulary()
    out: list[PeriodMention] = []
    for m in _period_matches(text):
        if vocab.comparator.search(text, max(0, m.start() - 3), m.start()):
            continue
        if skip is not None and skip.start <= m.start() < skip.end:
            continue
        if vocab.dateline_after.match(text, m.end()):
            continue  # 中国台州网3月16日讯: when the news was filed
        kind = m.lastgroup  # the outermost group closes last
        value = _value(m, kind, issue_year)
        if value is None:
            continue
        group = _EXPLICIT_YEAR.get(kind)
        relative = kind in ("relyear", "now") or bool(group and not m.group(group) and kind != "since") or (
            kind == "since" and bool(m.group("srel")))
        out.append(PeriodMention(m.start(), m.end(), value, kind, relative))
    return out




def frames_figures(text: str, p: PeriodMention, vocab: Vocabulary | None = None) -> bool:
    """Does this mention date the figures after it in its sentence? After a year or
    month, the period frames (，/ 共 / 累计 / 以来, words.tsv) say so; a noun after it
    (2020年计生家庭系列保险工作) makes it part of a name instead."""
    return p.kind in ("asof", "yasof", "since", "span", "mspan", "relyear", "cmspan", "now") or bool(
        (vocab or bundled_vocabulary()).frames.match(text, p.end))


def is_sentence_level(text: str, p: PeriodMention, sentence_start: int, vocab: Vocabulary | None = None) -> bool:
    """Does this period frame the whole paragraph from here on (截至…, 2019年以来, a leading 2022年)?"""
    if p.kind in ("asof", "since", "yasof"):
        return True
    lead = text[sentence_start : p.start].strip(" \t，,")
    vocab = vocab or bundled_vocabulary()
    lead = vocab.lead.sub("", lead)
    return not lead and frames_figures(text, p, vocab)


def period_for(text: str, sentence_periods: list[PeriodMention], clause_lo: int, start: int, fallback: str, *,
               delta_years: int = 0, vocab: Vocabulary | None = None) -> str:
    """A period in the number's own clause dates it (2021年协会项目经费110.4万元); an
    earlier one in the sentence only when it frames what follows (2019年以来，…)."""
    # a day or span of days earlier in the sentence is the day of the event its figures
    # are about (于5月27至28日…开展培训，600余人参加)
    local = [p for p in sentence_periods if p.end <= start and (p.start >= clause_lo or p.kind in ("date", "dspan")
                                                                or frames_figures(text, p, vocab))]
    return local[-1].against(delta_years) if local else fallback


def article_default(periods: list[PeriodMention], delta_years: int = 0) -> str:
    """The period an article is about: the first one its lead paragraph names. A day or
    month there is when something happened (a meeting), so only its year is kept."""
    for p in periods:
        if p.kind in ("since", "span", "year", "asof", "yasof", "half", "plan", "relyear"):
            return p.against(delta_years)
        if p.kind in ("date", "month", "mspan", "dspan", "cmspan"):
            value = p.against(delta_years)
            # a year-less event date (--05-29) is all there is: keep its (last) day
            return value[:4] if value[:1].isdigit() else value.rsplit("/", 1)[-1]
    return ""
