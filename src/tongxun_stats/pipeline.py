"""The only place that knows the stage order.

read -> normalise (offset map) -> structure (articles, paragraphs, sentences)
-> quantities -> metric / region / programme / period -> Figure rows.

Each scanner (quantities, places, periods, programmes) runs once over the
normalised document; the walk over sentences then only looks up what the
scanners found, in order.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from pathlib import Path

from .attribute.metric import Labels, resolve_metric
from .attribute.period import article_default, find_periods, is_sentence_level, period_for, report_year
from .attribute.programme import find_programmes, programme_for
from .attribute.region import home_of, pick, place_lists, region_for, sentence_topic, subject_mentions
from .model import Figure, Quantity
from .normalise import LineIndex, Normalised, normalise
from .patterns import Patterns, default_patterns
from .places import PlaceIndex, place_index
from .quantities import grammar_for
from .spans import SpanSet
from .structure import Article, Structure, clause_end, clause_start, paragraphs, sentences, split_structure
from .tables import find_tables

log = logging.getLogger(__name__)


class _Sorted:
    """A list sorted by start with fast range queries."""

    def __init__(self, items, key=lambda x: x.start):
        self.items = sorted(items, key=key)
        self.keys = [key(x) for x in self.items]

    def between(self, start: int, end: int):
        return self.items[bisect.bisect_left(self.keys, start) : bisect.bisect_left(self.keys, end)]


def _home_province(index: PlaceIndex, masthead: str, text: str) -> str | None:
    """The publishing province: named in the masthead/footer, else the most named one."""
    for m in index.mentions(masthead, None):
        if m.candidates:
            p = index[m.candidates[0]].province
            if all(index[c].province == p for c in m.candidates):
                return p
    counts: dict[str, int] = {}
    for m in index.mentions(text[:20000], None):
        if m.candidates and len(m.candidates) == 1 and (not m.short or index[m.candidates[0]].level == "province"):
            p = index[m.candidates[0]].province
            counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get) if counts else None


@dataclass(frozen=True, slots=True)
class _Sentence:
    """What the scanners found inside one sentence."""

    start: int
    end: int
    mentions: list  # subject place mentions
    periods: list
    programmes: list
    quantities: list[Quantity]
    lists: list  # runs of places joined by 、
    original: str = ""  # the sentence as written, shared by its figures (pickled once)


@dataclass(frozen=True, slots=True)
class _ArticleContext:
    """What holds for a whole article: its home place and defaults."""

    home: str | None
    below_province: bool
    programme: str
    period: str
    year_delta: int  # 今年 in a 2022年工作总结 issued in 2023 means 2022: -1


def extract_text(text: str, source: str | None = None, patterns: Patterns | None = None, checks=None) -> list[Figure]:
    """Every figure in ``text`` as a Figure row; ``source`` names the document in ``doc``."""
    return extract_checked(text, source, patterns, checks)[0]


def extract_checked(text: str, source: str | None = None, patterns: Patterns | None = None, checks=None):
    """(figures, findings): the rows of ``text`` with the consistency findings that were
    run once to flag them (``checks``: a check.Checks, default the bundled rules)."""
    from .check import check_figures, flag_figures
    from .ocr.trust import mark_figures

    figures = mark_figures(_figures(text, source, patterns or default_patterns()), text)
    findings = check_figures(figures, checks, text=text)
    return flag_figures(figures, findings, text=text), findings


def _figures(text: str, source: str | None, patterns: Patterns) -> list[Figure]:
    norm = normalise(text)
    t = norm.text
    structure = split_structure(t)
    index = place_index()
    province = _home_province(index, structure.masthead, t)
    # the publisher's own place (湖南省邵东市计划生育协会 in the footer) is home to an
    # article that names none of its own
    publisher = home_of(index, index.mentions(structure.masthead, province), province) or province
    # -- every scanner runs once over the whole document ----------------------------
    quantities = grammar_for(patterns).quantities(t)
    if structure.toc is not None:
        quantities = [q for q in quantities if not (structure.toc.start <= q.start < structure.toc.end)]
    tables = find_tables(t, patterns)
    if tables:  # a table's cells are read by column and row, not as prose
        in_table = SpanSet((tb.start, tb.end) for tb in tables)
        quantities = [q for q in quantities if not in_table.covers(q.start, q.end)]
    labels = Labels(patterns, t)
    scans = _Scans(
        quantities=_Sorted(quantities),
        mentions=_Sorted(index.mentions(t, province)),
        periods=_Sorted(find_periods(t, structure.issue_date)),
        programmes=_Sorted(find_programmes(t, patterns), key=lambda x: x[0]),
        tables=tables,
        labels=labels,
        label_spans=SpanSet(
            labels.spans() + [(m.start(), m.end()) for rx, _ in patterns.metric_regexes for m in rx.finditer(t)]
        ),
    )
    doc = _Doc(source or "", text, norm, structure, index, province, publisher, patterns, scans, LineIndex(text))
    figures: list[Figure] = []
    for article in structure.articles:
        figures += _article_figures(doc, article)
    return figures


@dataclass(frozen=True, slots=True)
class _Scans:
    quantities: _Sorted
    mentions: _Sorted
    periods: _Sorted
    programmes: _Sorted
    tables: list
    labels: Labels
    label_spans: SpanSet  # a place inside a metric label (完成自治区任务率) is not a subject


@dataclass(frozen=True, slots=True)
class _Doc:
    name: str
    text: str
    norm: Normalised
    structure: Structure
    index: PlaceIndex
    province: str | None
    publisher: str | None
    patterns: Patterns
    scans: _Scans
    lines: LineIndex


def _article_context(doc: _Doc, article: Article) -> _ArticleContext:
    t, index, scans, province = doc.norm.text, doc.index, doc.scans, doc.province
    title_end = article.title_start + len(article.title) + 4
    signature_mentions = []
    if article.signature:
        s = t.find(article.signature, article.start, article.end)
        signature_mentions = scans.mentions.between(s, s + len(article.signature))
    home = home_of(index, signature_mentions, province)
    if home is None and article.title_start >= 0:
        home = home_of(index, scans.mentions.between(article.title_start, title_end), province)
    if home is None and any(m.generic == "自治区" for m in signature_mentions):
        home = province
    home = home or doc.publisher
    title_programmes = scans.programmes.between(article.title_start, title_end) if article.title_start >= 0 else []
    issue_year = int(doc.structure.issue_date[:4]) if doc.structure.issue_date else 0
    about = report_year(article.title)
    year_delta = about - issue_year if about and issue_year and about == issue_year - 1 else 0
    period = ""
    for p_start, p_end in paragraphs(t, article.start, article.end):
        if p_start > article.title_start + len(article.title):
            period = article_default(scans.periods.between(p_start, p_end), year_delta)
            break
    return _ArticleContext(
        home=home,
        below_province=home is not None and index[home].level != "province",
        programme=title_programmes[-1][2] if title_programmes else "",
        period=period,
        year_delta=year_delta,
    )


def _article_figures(doc: _Doc, article: Article) -> list[Figure]:
    t, index, scans, patterns = doc.norm.text, doc.index, doc.scans, doc.patterns
    ctx = _article_context(doc, article)
    out: list[Figure] = []
    programme_carry = ctx.programme
    # 截至8月31日 / 2019年以来 hold for the article until another one is stated;
    # any other period holds for its paragraph
    asof_carry = ""
    for p_start, p_end in paragraphs(t, article.start, article.end):
        region_carry: str | None = None
        period_carry = asof_carry
        table = next((tb for tb in scans.tables if tb.start <= p_start < tb.end), None)
        if table is not None:
            out += _table_row_figures(doc, article, ctx, table, p_start, p_end, period_carry or ctx.period, programme_carry)
            continue
        for s_start, s_end in sentences(t, p_start, p_end):
            mentions = subject_mentions(t, scans.mentions.between(s_start, s_end), scans.label_spans, index, ctx.below_province)
            quantities = scans.quantities.between(s_start, s_end)
            sentence = _Sentence(
                s_start, s_end, mentions, scans.periods.between(s_start, s_end),
                scans.programmes.between(s_start, s_end), quantities, place_lists(t, mentions),
                _original(doc, s_start, s_end) if quantities else "",
            )
            sentence_period = period_carry
            for p in sentence.periods:
                if is_sentence_level(t, p, s_start):
                    period_carry = sentence_period = p.against(ctx.year_delta)
                    asof_carry = period_carry if p.kind in ("asof", "since") else ""
            prev_end = s_start
            for q in sentence.quantities:
                clause_lo, clause_hi = clause_start(t, q.start, s_start), clause_end(t, q.end, s_end)
                insurance = any(patterns.programme_kinds.get(name) == "insurance"
                                for s, _e, name in sentence.programmes if clause_lo <= s < q.start)
                metric = resolve_metric(scans.labels, q.start, q.end, q.unit, s_start, s_end, insurance, prev_end)
                prev_end = q.end
                if not metric.unit:
                    continue  # a magnitude whose unit nothing names: not a figure we can state
                code, ambiguous = region_for(index, t, q, sentence, ctx.home, doc.province, region_carry)
                programme = programme_for(sentence.programmes, clause_lo, q.start, q.end, clause_hi, programme_carry)
                period = period_for(t, sentence.periods, clause_lo, q.start, sentence_period or ctx.period, ctx.year_delta)
                out.append(_figure(doc, article, sentence, q, metric, code, programme, period, ambiguous))
            region_carry = sentence_topic(index, sentence.mentions, ctx.home, doc.province, region_carry)
            if sentence.programmes:
                programme_carry = sentence.programmes[-1][2]
    return out


def _table_row_figures(doc: _Doc, article: Article, ctx: _ArticleContext, table, p_start: int, p_end: int,
                       period: str, programme: str) -> list[Figure]:
    """Figures of one table row: metric from the column header, place from the row label."""
    index, patterns = doc.index, doc.patterns
    out = []
    header_programmes = doc.scans.programmes.between(table.start, table.end)
    for tf in table.rows.get(p_start, ()):
        q = tf.quantity
        label = tf.column
        metric = resolve_metric(Labels(patterns, label), len(label), len(label), q.unit, 0, len(label), False, 0)
        if not metric.unit:
            continue
        named = [m for m in doc.scans.mentions.between(tf.row_label.start, tf.row_label.end) if not m.generic]
        code = pick(index, named[-1], doc.province, ctx.home) if named else ctx.home
        prog = header_programmes[0][2] if header_programmes else programme
        sentence = _Sentence(p_start, p_end, [], [], [], [q], [], _original(doc, p_start, p_end))
        out.append(_figure(doc, article, sentence, q, metric, code, prog, period, ""))
    return out


def _original(doc: _Doc, start: int, end: int) -> str:
    """Normalised ``[start, end)`` as it stands in the original text."""
    return doc.text[slice(*doc.norm.span(start, end))].strip()


def _figure(doc: _Doc, article: Article, sentence: _Sentence, q: Quantity, metric, code, programme: str, period: str,
            ambiguous_place: str) -> Figure:
    flags = []
    if ambiguous_place:
        flags.append(f"region ambiguous: {ambiguous_place}")
    if not period and doc.structure.issue_date:
        period = doc.structure.issue_date[:4]
        flags.append("period from issue date")
    if q.unit_inferred or not q.unit:
        flags.append("unit inferred")
    if metric.per_unit:
        flags.append("per-unit amount")
    if q.lower is not None and q.upper is not None and not q.qualifier:
        flags.append("range")
    text, norm = doc.text, doc.norm
    start, end = norm.span(q.start, q.end)
    return Figure(
        doc=doc.name,
        line=doc.lines.line(start),
        raw=text[start:end],
        value=q.value,
        unit=metric.unit,
        metric=metric.metric,
        region=doc.index.display(code) if code else "",
        region_code=doc.index.county_of(code) if code else "",
        program=programme,
        qualifier=q.qualifier,
        period=period,
        metric_text=metric.metric_text,
        start=start,
        end=end,
        sentence=sentence.original,
        article=article.title,
        issue_date=doc.structure.issue_date,
        lower=q.lower,
        upper=q.upper,
        flags="; ".join(flags),
    )


def extract_file(path, *, encoding: str | None = None, patterns: Patterns | None = None, doc: str | None = None) -> list[Figure]:
    """Read one document (any supported format) and extract its figures."""
    from .read import read_input

    p = Path(path)
    return extract_text(read_input(p, encoding), source=doc or p.name, patterns=patterns)


def extract_source(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[Figure]:
    """Extract one batch Source (a file, or stdin when ``source.path`` is None).

    Top-level and driven by plain arguments so worker processes can run it.
    """
    from .check import default_checks
    from .read import read_input

    dirs = tuple(patterns_dirs)
    text = read_input(source.path, encoding)
    return extract_text(text, source=source.doc, patterns=default_patterns(dirs), checks=default_checks(dirs))
