"""The only place that knows the stage order.

read -> normalise (offset map) -> structure (articles, paragraphs, sentences)
-> quantities -> metric / region / programme / period -> Figure rows.

Each scanner (quantities, places, periods, programmes) runs once over the
normalised document; the walk over sentences then only looks up what the
scanners found, in order.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import NamedTuple

import regex

from .attribute.context import (
    ArticleContext,
    Carry,
    DocumentContext,
    SectionPeriods,
    article_context,
    document_context,
)
from .attribute.metric import Labels, Where, resolve_metric
from .attribute.period import find_periods, period_for
from .attribute.programme import bought_before, find_programmes, fuller_name, programme_for
from .attribute.region import pick, place_lists, region_for, sentence_topic, subject_mentions
from .model import Document, Figure, Flag, FlagCode, Quantity
from .normalise import LineIndex, Normalised, normalise
from .patterns import Patterns
from .places import PlaceIndex, place_index
from .quantities import grammar_for
from .spans import Sorted, SpanSet
from .structure import Article, Structure, clause_end, clause_start, paragraphs, sentences, split_structure
from .tables import find_tables

log = logging.getLogger(__name__)
TARGET = "任务数"
# a label that points back at "the project" (项目资金, 该项目) means the article's own
PROJECT_ANAPHOR = regex.compile(r"^(?:该|本|此)?项目")
# a sentence that breaks down the figure before it (其中银川市2.3万户，石嘴山市1.1万户)
PARTS = regex.compile(r"\s*(?:其中|分别为|具体为|包括)[：:，,]?")


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


def figures_of(text: str, source: str | None, patterns: Patterns) -> list[Figure]:
    """The figures of ``text`` (``source`` names it in ``doc``), before the checks flag them.
    They share one :class:`Document` and refer to their sentences and articles in it by span."""
    norm = normalise(text)
    t = norm.text
    structure = split_structure(t)
    document = Document(source or "", text, {_original_start(norm, a): a.title for a in structure.articles},
                        norm, structure, LineIndex(text))
    index = place_index(patterns.place_aliases)
    vocab = patterns.vocabulary
    context = document_context(index, structure, t, vocab)
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
        quantities=Sorted(quantities),
        mentions=Sorted(context.mentions),
        periods=Sorted(find_periods(t, context.dates.base, structure.dateline, vocab)),
        programmes=Sorted(find_programmes(t, patterns, index[context.province].name if context.province else ""),
                          key=lambda x: x[0]),
        tables=tables,
        labels=labels,
        label_spans=SpanSet(
            labels.spans() + [(m.start(), m.end()) for rx, _ in patterns.metric_regexes for m in rx.finditer(t)]
        ),
    )
    doc = _Doc(document, index, context, patterns, scans,
               SectionPeriods(t, structure.sections, scans.periods), frozenset(sec.start for sec in structure.sections))
    figures: list[Figure] = []
    for article in structure.articles:
        figures += _article_figures(doc, article)
    return figures


def _original_start(norm: Normalised, article: Article) -> int:
    """Where ``article`` starts in the original text: the key of its title in the Document."""
    return norm.offsets.start(article.start)


class _At(NamedTuple):
    """Where a sentence's figures stand, as original offsets: the article's start and the
    sentence's span (found once per sentence, not per figure)."""

    article_start: int
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class _Scans:
    quantities: Sorted
    mentions: Sorted
    periods: Sorted
    programmes: Sorted
    tables: list
    labels: Labels
    label_spans: SpanSet  # a place inside a metric label (完成自治区任务率) is not a subject


@dataclass(frozen=True, slots=True)
class _Doc:
    """The walk's view: the document, what the scanners found in it, and what is known
    about it as a whole."""

    document: Document
    index: PlaceIndex
    context: DocumentContext
    patterns: Patterns
    scans: _Scans
    section_periods: SectionPeriods
    section_starts: frozenset[int]

    @property
    def province(self) -> str | None:
        return self.context.province

    @property
    def norm(self) -> Normalised:
        return self.document.norm

    @property
    def structure(self) -> Structure:
        return self.document.structure


def _article_figures(doc: _Doc, article: Article) -> list[Figure]:
    t, index, scans, patterns = doc.norm.text, doc.index, doc.scans, doc.patterns
    ctx = article_context(index, doc.context, article, t, mentions=scans.mentions, periods=scans.periods,
                          programmes=scans.programmes, is_insurance=patterns.is_insurance)
    home = ctx.home.code
    out: list[Figure] = []
    vocab = patterns.vocabulary
    carry = Carry(programme=ctx.programme, vocab=vocab, year_delta=ctx.year_delta)
    article_start = _original_start(doc.norm, article)
    for p_start, p_end in paragraphs(t, article.start, article.end):
        # a section heading (二、2019年工作安排) or an activity of its own (开展义诊活动) starts
        # a new topic: the programme of the paragraphs before does not carry into it
        new_section = p_start in doc.section_starts
        if new_section:
            carry.asof = ""  # 截止7月底 in section 二、 does not date section 三、
        carry.new_paragraph(ctx.programme, new_section or bool(vocab.activity.search(t, p_start, p_end)))
        table = next((tb for tb in scans.tables if tb.start <= p_start < tb.end), None)
        if table is not None:
            out += _table_row_figures(doc, _At(article_start, *doc.norm.span(p_start, p_end)), ctx, table, p_start,
                                      period=carry.period or ctx.period, programme=carry.programme)
            continue
        for s_start, s_end in sentences(t, p_start, p_end):
            found = (scans.mentions.between(s_start, s_end), scans.quantities.between(s_start, s_end),
                     scans.periods.between(s_start, s_end), scans.programmes.between(s_start, s_end))
            if not any(found):
                continue  # a sentence with nothing in it states nothing and carries nothing on
            mentions = subject_mentions(t, found[0], scans.label_spans, index,
                                        home_below_province=ctx.below_province, vocab=vocab)
            sentence = _Sentence(s_start, s_end, mentions, found[2], found[3], found[1], place_lists(t, mentions, vocab))
            periods, sentence_period = carry.read_periods(t, sentence.periods, s_start)
            if sentence.quantities:
                out += _sentence_figures(doc, _At(article_start, *doc.norm.span(s_start, s_end)), ctx, carry, sentence,
                                         periods=periods,
                                         sentence_period=sentence_period or doc.section_periods.at(s_start))
            carry.region = sentence_topic(index, sentence.mentions, home=home, province=doc.province,
                                          carry=carry.region, lists=sentence.lists)
            if sentence.programmes:
                carry.programme = fuller_name(sentence.programmes[-1][2], (carry.programme, ctx.programme))
    return out


def _sentence_figures(doc: _Doc, at: _At, ctx: ArticleContext, carry: Carry, sentence: _Sentence, *,
                      periods: list, sentence_period: str) -> list[Figure]:
    t, index, scans, patterns = doc.norm.text, doc.index, doc.scans, doc.patterns
    s_start, s_end = sentence.start, sentence.end
    insurance_context = ctx.insurance or "保险" in t[s_start:s_end] or any(
        patterns.is_insurance(name) for _s, _e, name in sentence.programmes)
    out = []
    prev_end = s_start
    for q in sentence.quantities:
        clause_lo, clause_hi = clause_start(t, q.start, s_start), clause_end(t, q.end, s_end)
        insured_before = [s for s, _e, name in sentence.programmes
                          if s < q.start and patterns.is_insurance(name)]
        bought_after = any(q.end <= s < clause_hi and patterns.is_insurance(name) and bought_before(t, q.end, s)
                           for s, _e, name in sentence.programmes)
        where = Where(s_start, s_end, prev_end, insurance_in_clause=any(s >= clause_lo for s in insured_before),
                      insurance_in_sentence=bool(insured_before), insurance_context=insurance_context,
                      bought_after=bought_after, clause=(clause_lo, clause_hi))
        metric = resolve_metric(scans.labels, q.start, q.end, q.unit, where)
        prev_end = q.end
        if not metric.unit:
            continue  # a magnitude whose unit nothing names: not a figure we can state
        if not metric.metric and PARTS.match(t, s_start) and metric.unit in carry.metrics:
            # 其中银川市2.3万户: the parts of the total just given are counted as it was
            metric = carry.metrics[metric.unit]
        elif metric.metric in patterns.metrics:
            carry.metrics[metric.unit] = metric
        code, ambiguous = region_for(index, t, q, sentence, home=ctx.home.code, province=doc.province,
                                     carry=carry.region)
        programme = programme_for(sentence.programmes, clause_lo, q.start, q.end, clause_hi, carry=carry.programme,
                                  text=t)
        programme = fuller_name(programme, (carry.programme, ctx.programme))
        if ctx.programme and PROJECT_ANAPHOR.search(metric.metric_text or ""):
            programme = ctx.programme  # 项目资金总计28.8万元: the project is the article's, its title's

        period = period_for(t, periods, clause_lo, q.start, sentence_period or ctx.period, delta_years=ctx.year_delta,
                            vocab=patterns.vocabulary)
        if metric.metric == TARGET and period[:4].isdigit() and "/" not in period:
            period = period[:4]  # a target is of the year planned, whatever day it is stated on
        out.append(_figure(doc, at, q, metric=metric, code=code, programme=programme, period=period,
                           ambiguous_place=ambiguous))
    return out


def _table_row_figures(doc: _Doc, at: _At, ctx: ArticleContext, table, p_start: int, *,
                       period: str, programme: str) -> list[Figure]:
    """Figures of the table row that starts at ``p_start`` (its paragraph, at ``at``): metric
    from the column header, place from the row label."""
    index, patterns = doc.index, doc.patterns
    out = []
    header_programmes = doc.scans.programmes.between(table.start, table.end)
    for tf in table.rows.get(p_start, ()):
        q = tf.quantity
        label = tf.column
        metric = resolve_metric(Labels(patterns, label), len(label), len(label), q.unit, Where(0, len(label), 0))
        if not metric.unit:
            continue
        named = [m for m in doc.scans.mentions.between(tf.row_label.start, tf.row_label.end) if not m.generic]
        code = pick(index, named[-1], doc.province, ctx.home.code) if named else ctx.home.code
        prog = header_programmes[0][2] if header_programmes else programme
        out.append(_figure(doc, at, q, metric=metric, code=code, programme=prog, period=period,
                           ambiguous_place=""))
    return out


def _figure(doc: _Doc, at: _At, q: Quantity, *, metric, code, programme: str, period: str,
            ambiguous_place: str) -> Figure:
    flags: list[Flag] = []
    if ambiguous_place:
        flags.append(Flag(FlagCode.REGION_AMBIGUOUS, ambiguous_place))
    if not period and doc.context.dates.default:
        period = doc.context.dates.default
        flags.append(Flag(FlagCode.PERIOD_FROM_ISSUE_DATE))
    if q.unit_inferred or not q.unit:
        flags.append(Flag(FlagCode.UNIT_INFERRED))
    if metric.per_unit:
        flags.append(Flag(FlagCode.PER_UNIT))
    if q.lower is not None and q.upper is not None and not q.qualifier:
        flags.append(Flag(FlagCode.RANGE))
    document = doc.document
    start, end = document.norm.span(q.start, q.end)
    return Figure(
        doc=document.name,
        line=document.lines.line(start),
        raw=document.text[start:end],
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
        sentence_start=at.sentence_start,
        sentence_end=at.sentence_end,
        article_start=at.article_start,
        issue_date=document.structure.issue_date,
        lower=q.lower,
        upper=q.upper,
        flags=tuple(flags),
        precision=q.step,
        document=document,
    )
