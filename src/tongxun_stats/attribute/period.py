"""Period: the date or span a figure is as of, ISO where possible.

Explicit dates and spans (截至8月31日, 截止7月底, 2019年以来, 7月至9月, 2022年) and
relative ones (今年, 去年, 上年) resolve against the issue date — never today.
Comparison bases (较去年, 与2019相比) are not periods.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass

import regex

_Y = r"(?:(?P<y>\d{4})\s*年|(?P<rel>今年|去年|上年|前年|明年|本年|当年))"
PERIOD = regex.compile(
    rf"""
    (?P<asof>(?:截至|截止到|截至到|截止|至|到)\s*(?:{_Y}\s*)?(?P<m>\d{{1,2}})\s*月\s*(?:份)?\s*(?:(?P<d>\d{{1,2}})\s*[日号]|(?P<eom>底|末))?)
  | (?P<since>(?:自\s*)?(?:(?P<sy>\d{{4}})\s*年(?:\s*(?P<sm>\d{{1,2}})\s*月)?|(?P<srel>今年|去年|上年))\s*(?:[^，。；,;\d\n]{{0,30}}?)(?:以来|至今))
  | (?P<span>(?P<y1>\d{{4}})\s*年?\s*[—\-–~～至到]\s*(?P<y2>\d{{4}})\s*年)
  | (?P<mspan>(?:(?P<my>\d{{4}})\s*年\s*)?(?P<m1>\d{{1,2}})\s*月?\s*(?:至|到|—|-|–)\s*(?P<m2>\d{{1,2}})\s*月)
  | (?P<date>(?:(?P<dy>\d{{4}})\s*年\s*)?(?P<dm>\d{{1,2}})\s*月\s*(?P<dd>\d{{1,2}})\s*[日号])
  | (?P<month>(?P<mmy>\d{{4}})\s*年\s*(?P<mm>\d{{1,2}})\s*月(?:份)?(?P<meom>底|末)?)
  | (?P<year>(?P<yy>\d{{4}})\s*年(?:度)?(?![\d]))
  | (?P<relyear>今年|去年|上年|前年|本年度|本年|目前|当前|现在|截至目前)
    """,
    regex.VERBOSE,
)
_LEAD_WORDS = regex.compile(r"^(?:据统计|其中|另外|同时|此外)")
COMPARATOR = regex.compile(r"(?:较|比|同比|与|和|跟|相比)\s*$")
_REL = {"目前": 0, "当前": 0, "现在": 0, "截至目前": 0, "今年": 0, "本年": 0, "本年度": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


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
# A report about a year (2022年工作总结) written early the next year: 今年 in it is 2022.
REPORT_YEAR = regex.compile(r"(\d{4})\s*年度?[^，。\n]{0,16}?(?:总结|报告|汇报|年报|情况|统计)")


def report_year(title: str) -> int | None:
    m = REPORT_YEAR.search(title)
    return int(m.group(1)) if m else None


def _year(m, group: str, rel_group: str | None, issue_year: int) -> int:
    """The year a mention states, else its relative word's year, else the issue year."""
    if m.group(group):
        return int(m.group(group))
    if rel_group and m.group(rel_group):
        return issue_year + _REL[m.group(rel_group)]
    return issue_year


def find_periods(text: str, issue_date: str) -> list[PeriodMention]:
    issue_year = int(issue_date[:4]) if issue_date else 0
    out: list[PeriodMention] = []
    for m in PERIOD.finditer(text):
        if COMPARATOR.search(text, max(0, m.start() - 3), m.start()):
            continue
        kind = m.lastgroup
        if kind == "asof":
            y = _year(m, "y", "rel", issue_year)
            mo = int(m.group("m"))
            if not y or not 1 <= mo <= 12:
                continue
            if m.group("d"):
                value = f"{y:04d}-{mo:02d}-{int(m.group('d')):02d}"
            elif m.group("eom"):  # 月底 / 月末: the last day of that month
                value = f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
            else:
                value = f"{y:04d}-{mo:02d}"
        elif kind == "since":
            y = _year(m, "sy", "srel", issue_year)
            if not y:
                continue
            start = f"{y:04d}-{int(m.group('sm')):02d}" if m.group("sm") else f"{y:04d}"
            value = f"{start}/{issue_year:04d}" if issue_year and issue_year != y else start
        elif kind == "span":
            value = f"{int(m.group('y1')):04d}/{int(m.group('y2')):04d}"
        elif kind == "mspan":
            y = _year(m, "my", None, issue_year)
            m1, m2 = int(m.group("m1")), int(m.group("m2"))
            if not y or not (1 <= m1 <= 12 and 1 <= m2 <= 12):
                continue
            value = f"{y:04d}-{m1:02d}/{y:04d}-{m2:02d}"
        elif kind == "date":
            y = _year(m, "dy", None, issue_year)
            mo, d = int(m.group("dm")), int(m.group("dd"))
            if not y or not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            value = f"{y:04d}-{mo:02d}-{d:02d}"
        elif kind == "month":
            y, mo = int(m.group("mmy")), int(m.group("mm"))
            if not 1 <= mo <= 12:
                continue
            value = f"{y:04d}-{mo:02d}"
        elif kind == "year":
            y = int(m.group("yy"))
            if not 1949 <= y <= 2100:
                continue
            value = f"{y:04d}"
        else:  # relyear
            if not issue_year:
                continue
            y = issue_year + _REL[m.group()]
            value = f"{y:04d}"
        relative = bool(
            (kind == "relyear")
            or (kind == "asof" and not m.group("y"))
            or (kind == "since" and m.group("srel"))
            or (kind == "date" and not m.group("dy"))
            or (kind == "mspan" and not m.group("my"))
        )
        out.append(PeriodMention(m.start(), m.end(), value, kind, relative))
    return out


# After a year or month, these say the figures that follow are of that period;
# a noun after it (2020年计生家庭系列保险工作) makes it part of a name instead.
_FRAMES = regex.compile(r"\s*(?:[，,；;：:]|共|累计|全年|全|已|完成|实现|为|有|底|末|度|上半年|下半年|以来|至今|期间|内|前|以前|，)")


def frames_figures(text: str, p: PeriodMention) -> bool:
    """Does this mention date the figures after it in its sentence?"""
    return p.kind in ("asof", "since", "span", "mspan", "relyear") or bool(_FRAMES.match(text, p.end))


def is_sentence_level(text: str, p: PeriodMention, sentence_start: int) -> bool:
    """Does this period frame the whole paragraph from here on (截至…, 2019年以来, a leading 2022年)?"""
    if p.kind in ("asof", "since"):
        return True
    lead = text[sentence_start : p.start].strip(" \t，,")
    lead = _LEAD_WORDS.sub("", lead)
    return not lead and frames_figures(text, p)


def period_for(text: str, sentence_periods: list[PeriodMention], clause_lo: int, start: int, fallback: str,
               delta_years: int = 0) -> str:
    """A period in the number's own clause dates it (2021年协会项目经费110.4万元); an
    earlier one in the sentence only when it frames what follows (2019年以来，…)."""
    local = [p for p in sentence_periods if p.end <= start and (p.start >= clause_lo or frames_figures(text, p))]
    return local[-1].against(delta_years) if local else fallback


def article_default(periods: list[PeriodMention], delta_years: int = 0) -> str:
    """The period an article is about: the first one its lead paragraph names. A day or
    month there is when something happened (a meeting), so only its year is kept."""
    for p in periods:
        if p.kind in ("since", "span", "year", "asof"):
            return p.against(delta_years)
        if p.kind in ("date", "month", "mspan"):
            return p.against(delta_years)[:4]
    return ""
