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
from pathlib import Path

from .attribute.metric import resolve_metric
from .attribute.period import article_default, find_periods, frames_figures, is_sentence_level
from .attribute.region import home_of, pick, place_lists, resolve_generic, subject_mentions
from .model import Figure, Quantity
from .normalise import LineIndex, normalise
from .patterns import Patterns, default_patterns
from .places import PlaceIndex, place_index
from .quantities import grammar_for
from .spans import SpanSet
from .structure import paragraphs, sentences, split_structure

log = logging.getLogger(__name__)


def _between(items, start: int, end: int, key=lambda x: x.start):
    """Items whose start lies in [start, end), from a list sorted by start."""
    keys = [key(x) for x in items]
    return items[bisect.bisect_left(keys, start) : bisect.bisect_left(keys, end)]


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
        if m.candidates and not m.short and len(m.candidates) == 1:
            p = index[m.candidates[0]].province
            counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get) if counts else None


def extract_text(text: str, source: str | None = None, patterns: Patterns | None = None) -> list[Figure]:
    """Every figure in ``text`` as a Figure row; ``source`` names the document in ``doc``."""
    patterns = patterns or default_patterns()
    doc = source or ""
    norm = normalise(text)
    t = norm.text
    structure = split_structure(t)
    index = place_index()
    province = _home_province(index, structure.masthead, t)
    quantities = grammar_for(patterns).quantities(t)
    if structure.toc is not None:
        quantities = [q for q in quantities if not (structure.toc.start <= q.start < structure.toc.end)]
    q_sorted = _Sorted(quantities)
    mentions = _Sorted(index.mentions(t, province))
    periods = _Sorted(find_periods(t, structure.issue_date))
    found_programmes = [(m.start(), m.end(), patterns.programmes[m.group()]) for m in patterns.programme_re.finditer(t)]
    # regex aliases in file order; a span already named (by a literal alias or an
    # earlier regex) is not named again by a later, more generic one
    for rx, name in patterns.programme_regexes:
        taken = SpanSet((s, e) for s, e, _ in found_programmes)
        for m in rx.finditer(t):
            if not taken.touches(m.start(), m.end()):
                found_programmes.append((m.start(), m.end(), m.group("name") if name == "*" else name))
    programmes = _Sorted(found_programmes, key=lambda x: x[0])
    alias_spans = SpanSet(
        [(m.start(), m.end()) for m in patterns.alias_re.finditer(t)]
        + [(m.start(), m.end()) for rx, _ in patterns.metric_regexes for m in rx.finditer(t)]
    )
    lines = LineIndex(text)
    issue_year = structure.issue_date[:4]
    figures: list[Figure] = []

    for article in structure.articles:
        sig_mentions = []
        if article.signature:
            sig_start = t.find(article.signature, article.start, article.end)
            sig_mentions = mentions.between(sig_start, sig_start + len(article.signature))
        home = home_of(index, sig_mentions, province)
        if home is None and article.title_start >= 0:
            home = home_of(index, mentions.between(article.title_start, article.title_start + len(article.title) + 4), province)
        if home is None and any(m.generic == "自治区" for m in sig_mentions):
            home = province
        home = home or province
        below = home is not None and index[home].level != "province"
        title_prog = [p for p in programmes.between(article.title_start, article.title_start + len(article.title) + 4)] if article.title_start >= 0 else []
        article_programme = title_prog[-1][2] if title_prog else ""
        programme_carry = article_programme
        article_period = ""
        for p_start, p_end in paragraphs(t, article.start, article.end):
            if p_start > article.title_start + len(article.title):
                article_period = article_default(periods.between(p_start, p_end))
                break

        # 截至8月31日 / 2019年以来 hold for the article until another one is stated;
        # any other period holds for its paragraph
        asof_carry = ""
        for p_start, p_end in paragraphs(t, article.start, article.end):
            region_carry: str | None = None
            period_carry = asof_carry
            for s_start, s_end in sentences(t, p_start, p_end):
                s_mentions = subject_mentions(t, mentions.between(s_start, s_end), alias_spans, index, below)
                s_periods = periods.between(s_start, s_end)
                s_progs = programmes.between(s_start, s_end)
                s_quants: list[Quantity] = q_sorted.between(s_start, s_end)
                lists = place_lists(t, s_mentions)
                sentence_period = period_carry
                for p in s_periods:
                    if is_sentence_level(t, p, s_start):
                        period_carry = p.value
                        sentence_period = p.value
                        asof_carry = p.value if p.kind in ("asof", "since") else ""
                prev_end = s_start
                for q in s_quants:
                    # -- metric -------------------------------------------------
                    clause_lo = q.start
                    while clause_lo > s_start and t[clause_lo - 1] not in "，,：:；;。":
                        clause_lo -= 1
                    insurance = any(patterns.programme_kinds.get(name) == "insurance" for s, _e, name in s_progs if clause_lo <= s < q.start)
                    mr = resolve_metric(patterns, t, q.start, q.end, q.unit, s_start, s_end, insurance, prev_end)
                    prev_end = q.end
                    if not mr.unit:
                        continue  # a magnitude whose unit nothing names: not a figure we can state
                    # -- region -------------------------------------------------
                    before = [m for m in s_mentions if m.end <= q.start]
                    code = None
                    spread = _respectively(t, q, s_quants, lists, [m for m in s_mentions if not m.generic], s_start)
                    if spread is not None:
                        code = pick(index, spread, province, home)
                    elif before:
                        m = before[-1]
                        if m.generic:
                            named = [x for x in before if not x.generic]
                            local = pick(index, named[-1], province, home) if named else region_carry
                            code = resolve_generic(index, m.generic, home, province, local)
                        else:
                            code = pick(index, m, province, home)
                    if code is None:
                        code = region_carry or home
                    region = index.display(code) if code else ""
                    # -- programme ----------------------------------------------
                    clause_hi = q.end
                    while clause_hi < s_end and t[clause_hi] not in "，,：:；;。":
                        clause_hi += 1
                    in_clause = [p for p in s_progs if clause_lo <= p[0] < q.start]
                    after = [p for p in s_progs if q.end <= p[0] < clause_hi]
                    earlier = [p for p in s_progs if p[0] < clause_lo]
                    prog = (in_clause or after[:1] or earlier or [(0, 0, programme_carry)])[-1][2]
                    # -- period -------------------------------------------------
                    # a period in the number's own clause dates it (2021年协会项目经费110.4万元);
                    # an earlier one only when it frames what follows (2019年以来，…)
                    local = [p for p in s_periods if p.end <= q.start and (p.start >= clause_lo or frames_figures(t, p))]
                    period = local[-1].value if local else sentence_period or article_period
                    flags = []
                    if not period and issue_year:
                        period = issue_year
                        flags.append("period from issue date")
                    qualifier, lower, upper = q.qualifier, q.lower, q.upper
                    if q.unit_inferred or not q.unit:
                        flags.append("unit inferred")
                    if mr.per_unit:
                        flags.append("per-unit amount")
                    if q.lower is not None and q.upper is not None and not q.qualifier:
                        flags.append("range")
                    o_start, o_end = norm.span(q.start, q.end)
                    figures.append(Figure(
                        doc=doc,
                        line=lines.line(o_start),
                        raw=text[o_start:o_end],
                        value=q.value,
                        unit=mr.unit,
                        metric=mr.metric,
                        region=region,
                        region_code=index.county_of(code) if code else "",
                        program=prog,
                        qualifier=qualifier,
                        period=period,
                        metric_text=mr.metric_text,
                        start=o_start,
                        end=o_end,
                        sentence=text[slice(*norm.span(s_start, s_end))].strip(),
                        article=article.title,
                        issue_date=structure.issue_date,
                        lower=lower,
                        upper=upper,
                        flags="; ".join(flags),
                    ))
                # the sentence's topic carries to the next sentences of the paragraph
                for m in s_mentions:
                    code = resolve_generic(index, m.generic, home, province, region_carry) if m.generic else pick(index, m, province, home)
                    if code:
                        region_carry = code
                        break
                if s_progs:
                    programme_carry = s_progs[-1][2]
    # consistency checks turn into flags on the rows they concern (outliers, mismatches)
    from .check import flag_figures

    return flag_figures(figures, text=text)


def _respectively(t: str, q: Quantity, quants: list[Quantity], lists, named_before, s_start: int):
    """With 分别, the i-th number of a run goes to the i-th place named before it:
    a list (贵港市、百色市分别完成…) or the subjects of the clauses before
    (浏阳市参保…，宁乡市参保…，分别完成年度任务的105%、98%)."""
    k = t.rfind("分别", s_start, q.start)
    if k < 0:
        return None
    # the run of numbers this one belongs to: consecutive, joined by 、/和/及
    seq: list[Quantity] = []
    for x in quants:
        if x.start <= k:
            continue
        if seq and t[seq[-1].end : x.start].strip() not in ("、", "和", "及", "，"):
            if q in seq:
                break
            seq = []
        seq.append(x)
    if q not in seq or len(seq) < 2:
        return None
    for run in reversed(lists):
        if run[-1].end <= k and len(run) == len(seq):
            return run[seq.index(q)]
    subjects: list = []
    for m in named_before:
        if m.end <= k:
            subjects = [s for s in subjects if s.text != m.text] + [m]
    if len(subjects) >= len(seq):
        return subjects[-len(seq):][seq.index(q)]
    return None


def extract_file(path, *, encoding: str | None = None, patterns: Patterns | None = None, doc: str | None = None) -> list[Figure]:
    """Read one document (any supported format) and extract its figures."""
    from .read import read_path

    p = Path(path)
    return extract_text(read_path(p, encoding=encoding), source=doc or p.name, patterns=patterns)


def extract_source(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[Figure]:
    """Extract one batch Source (a file, or stdin when ``source.path`` is None).

    Top-level and driven by plain arguments so worker processes can run it.
    """
    import sys

    from .read import read_bytes, read_path

    patterns = default_patterns(tuple(patterns_dirs))
    if source.path is None:
        text = read_bytes(sys.stdin.buffer.read(), "-", encoding)
    else:
        text = read_path(source.path, encoding=encoding)
    return extract_text(text, source=source.doc, patterns=patterns)
