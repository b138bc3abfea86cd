"""What attribution knows beyond one sentence, decided once and passed down.

``DocumentContext``: the document's province, its home place with the evidence for it,
and how it is dated. ``ArticleContext``: an article's home (its signature, title or the
document's), the programme and period it is about, whether it is about insurance.
``Carry``: what passes from one sentence to the next — the place a paragraph is about,
the period it is as of, the programme the article was last about.

The attribute functions (``metric.resolve_metric``, ``region.region_for``,
``programme.programme_for``, ``period.period_for``) read these; none keeps state.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from ..places import NATIONAL_CODE, Mention, PlaceIndex
from ..spans import Sorted
from ..structure import Article, Structure, paragraphs
from ..vocabulary import Vocabulary
from .period import (
    DocumentDates,
    PeriodMention,
    article_default,
    document_dates,
    is_sentence_level,
    report_year,
)
from .region import home_of, infer_home


@dataclass(frozen=True, slots=True)
class Home:
    """A home place and what said so: signature | title | footer | text | province | ""."""

    code: str | None
    evidence: str


@dataclass(frozen=True, slots=True)
class DocumentContext:
    province: str | None
    home: Home  # the publisher's or the whole text's place
    dates: DocumentDates
    mentions: list[Mention]  # every place mention, scanned once with the province known
    vocab: Vocabulary  # the word lists it was read with


def home_province(index: PlaceIndex, masthead: str, text: str, vocab: Vocabulary) -> str | None:
    """The publishing province: named in full in the masthead/footer, else the most
    named one; else the province of the townships the text names (孔城镇)."""
    for m in index.mentions(masthead, None, vocab):
        if m.candidates and not m.short and m.candidates[0] != NATIONAL_CODE:
            p = index[m.candidates[0]].province
            if all(index[c].province == p for c in m.candidates):
                return p
    counts: Counter[str] = Counter()
    for m in index.mentions(text[:20000], None, vocab):
        if (m.candidates and len(m.candidates) == 1 and m.candidates[0] != NATIONAL_CODE
                and (not m.short or index[m.candidates[0]].level == "province")):
            counts[index[m.candidates[0]].province] += 1
    if counts:
        return max(counts, key=counts.get)
    towns = Counter(index[index.county_of(m.candidates[0])].province for m in index.unique_townships(text))
    return towns.most_common(1)[0][0] if towns else None


def document_context(index: PlaceIndex, structure: Structure, text: str, vocab: Vocabulary) -> DocumentContext:
    province = home_province(index, structure.masthead, text, vocab)
    mentions = index.mentions(text, province, vocab)
    # the publisher's own place (湖南省邵东市计划生育协会 in a 印发 footer) is home to an
    # article that names none of its own; else the place the whole text is about
    home = Home(None, "")
    if structure.has_footer:
        home = Home(home_of(index, index.mentions(structure.masthead, province, vocab), province), "footer")
    if home.code is None:
        home = Home(infer_home(index, mentions, province), "text")
    if home.code is None:
        home = Home(province, "province" if province else "")
    dates = document_dates(text, structure.issue_date, structure.partial_date, (structure.lead.start, structure.lead.end),
                           vocab)
    return DocumentContext(province, home, dates, mentions, vocab)


@dataclass(frozen=True, slots=True)
class ArticleContext:
    home: Home
    below_province: bool
    programme: str
    period: str
    year_delta: int  # 今年 in a 2022年工作总结 issued in 2023 means 2022: -1
    insurance: bool = False  # the title names an insurance product or 保险


def _title_end(article: Article) -> int:
    """Where the title's mentions may end (a few characters past it: 》 or a colon)."""
    return article.title_start + len(article.title) + 4


def _article_home(index: PlaceIndex, doc: DocumentContext, article: Article, text: str, mentions: Sorted) -> Home:
    signature_mentions = []
    if article.signature:
        s = text.find(article.signature, article.start, article.end)
        signature_mentions = mentions.between(s, s + len(article.signature))
    code = home_of(index, signature_mentions, doc.province)
    if code is not None:
        return Home(code, "signature")
    if article.title_start >= 0:
        code = home_of(index, mentions.between(article.title_start, _title_end(article)), doc.province)
        if code is not None:
            return Home(code, "title")
    if any(m.generic == "自治区" for m in signature_mentions):
        return Home(doc.province, "signature")
    return doc.home


def _article_period(text: str, doc: DocumentContext, article: Article, periods: Sorted, year_delta: int) -> str:
    """The period an article is about: what its lead paragraph names, else the first
    period that leads one of the next paragraphs (5月25日至5月29日，全县…)."""
    body = [p for p in paragraphs(text, article.start, article.end) if p[0] > article.title_start + len(article.title)]
    period = article_default(periods.between(*body[0]), year_delta) if body else ""
    for p_start, p_end in body[1:4] if not period else ():
        leading = [p for p in periods.between(p_start, p_end) if is_sentence_level(text, p, p_start, doc.vocab)]
        if leading:
            period = article_default(leading[:1], year_delta)
            if leading[0].relative and doc.dates.default and doc.dates.default != doc.dates.base[:4]:
                period = doc.dates.default  # a meeting on a year's report is about that year
            break
    return period


def article_context(index: PlaceIndex, doc: DocumentContext, article: Article, text: str, *, mentions: Sorted,
                    periods: Sorted, programmes: Sorted, is_insurance) -> ArticleContext:
    home = _article_home(index, doc, article, text, mentions)
    title_programmes = programmes.between(article.title_start, _title_end(article)) if article.title_start >= 0 else []
    issue_year = int(doc.dates.base[:4]) if doc.dates.base[:4].isdigit() else 0
    about = report_year(article.title, doc.vocab)
    year_delta = about - issue_year if about and issue_year and about == issue_year - 1 else 0
    return ArticleContext(
        home=home,
        below_province=home.code is not None and index[home.code].level != "province",
        programme=title_programmes[-1][2] if title_programmes else "",
        period=_article_period(text, doc, article, periods, year_delta),
        year_delta=year_delta,
        insurance="保险" in article.title or any(is_insurance(n) for _s, _e, n in title_programmes),
    )


class SectionPeriods:
    """The period a section heading names (三、2023年工作打算) holds for the section: its
    paragraphs default to it, before the article's period."""

    def __init__(self, text: str, sections, periods: Sorted):
        self._starts: list[int] = []
        self._values: list[str] = []
        stack: list[tuple[int, str]] = []  # (level, period) of the open sections
        for sec in sections:
            while stack and stack[-1][0] >= sec.level:
                stack.pop()
            # the heading's own words: up to its first full stop or the end of its line
            ends = [i for i in (text.find("\n", sec.start), text.find("。", sec.start)) if i >= 0]
            named = periods.between(sec.start, min(ends) if ends else len(text))
            stack.append((sec.level, named[0].value if named else ""))
            inner = next((v for _lvl, v in reversed(stack) if v), "")
            self._starts.append(sec.start)
            self._values.append(inner)

    def at(self, pos: int) -> str:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._values[i] if i >= 0 else ""


@dataclass(slots=True)
class Carry:
    """What passes from sentence to sentence. 截至8月31日 / 2019年以来 hold for the article
    until another one is stated; any other period, the place a sentence is about and
    the programme last named hold for their paragraph."""

    programme: str
    vocab: Vocabulary
    asof: str = ""
    region: str | None = None
    period: str = ""
    stated_year: bool = False  # the paragraph named its own year (2022年，…)
    year_delta: int = 0
    # the last canonical metric of each unit in the paragraph, for the parts that follow it
    metrics: dict[str, object] = field(default_factory=dict)  # unit -> MetricResult

    def new_paragraph(self, article_programme: str, own_activity: bool) -> None:
        """A new paragraph keeps what holds for the article (its as-of period) and the
        programme last named, unless it is about an activity of its own (开展义诊活动):
        then only the programme its article's title names."""
        self.region, self.period, self.stated_year = None, self.asof, False
        self.metrics = {}
        if own_activity:
            self.programme = article_programme

    def read_periods(self, text: str, periods: list[PeriodMention], sentence_start: int) -> tuple[list[PeriodMention], str]:
        """The sentence's usable period mentions and the period it is as of; a mention
        that leads the sentence frames the paragraph from here on."""
        usable = [p for p in periods if not (p.kind == "now" and self.stated_year)]  # 目前 after 2022年 is 2022
        sentence_period = self.period
        for p in usable:
            if is_sentence_level(text, p, sentence_start, self.vocab):
                self.period = sentence_period = p.against(self.year_delta)
                self.asof = self.period if p.kind in ("asof", "since") else ""
                self.stated_year = self.stated_year or (not p.relative and p.kind not in ("asof", "yasof", "since"))
        return usable, sentence_period
