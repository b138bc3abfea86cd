"""Metric: the phrase that governs a number, mapped to a canonical metric.

The label is looked for in the number's clause before it (``理赔金额约 987.84 万元``),
then right after it (``446427 人投保``), then — for list items such as
``钦州市（13.77%）`` — in the clause that introduced the list. The unit decides
between the members of a metric family (``参保人数222674份`` is 承保份数).
"""
from __future__ import annotations

import bisect
import functools
from typing import NamedTuple

import regex

from ..patterns import Patterns
from ..structure import clause_end, clause_start
from .label import AFTER_REACH, noun_phrase

# The memoised steps below are pure functions of their (hashable, identity-hashed) patterns
# and strings; an archive of issues repeats its clauses, so most figures' steps are looked up.
_MEMO = 8192

# Words that carry no meaning in a label: what is left of a window without them.
_FILLER = regex.compile(r"[共计达为有约近超过累计总合了的是和及与等其中已全市县区我本该年度今去上半季\s、（）()“”\"'《》%\d.,]+")


BENEFICIARIES = "受益人数"
SUM_INSURED = "保险金额"


def _is_benefit(w: _Window, metric: str) -> bool:
    """可获得 / 将获得 / 最高 before a claim amount: what a policy can pay (a sum insured),
    not claims paid."""
    patterns = w.patterns
    return (patterns.metrics[metric].family == "理赔" and w.unit == "元" and SUM_INSURED in patterns.metrics
            and bool(patterns.vocabulary.benefit.search(w.text, w.lo, w.start)))


class MetricResult(NamedTuple):
    """A figure's metric (a NamedTuple, as ``Where`` and ``_Window`` are: one of each is made
    per figure, and a frozen dataclass's ``__init__`` costs 3 to 5 times as much)."""

    metric: str
    metric_text: str
    unit: str  # possibly inferred
    per_unit: bool = False


class Labels:
    """The metric labels of one text: its literal aliases found in one scan, looked up
    per window by bisection; the few ``re:`` aliases (some anchored at a window's end)
    run on the window itself."""

    def __init__(self, patterns: Patterns, text: str):
        self.patterns = patterns
        self.text = text
        # the scan's matches do not overlap: by start, they are by end too. Transposed
        # with zip and map, not unpacked in Python (a document has hundreds of labels).
        found = patterns.alias_scan.find(text)
        starts, ends, words = zip(*found, strict=True) if found else ((), (), ())
        self._starts, self._ends = starts, ends
        self._found = list(zip(starts, ends, map(patterns.metric_aliases.__getitem__, words), strict=True))

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self._starts, self._ends, strict=True))

    def between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, metric) of every label inside [lo, hi), by end position."""
        found = self._found[bisect.bisect_left(self._starts, lo) : bisect.bisect_right(self._ends, hi)]
        by_regex = _regex_labels(self.patterns, self.text[lo:hi])
        if by_regex:
            found.extend((lo + s, lo + e, metric) for s, e, metric in by_regex)
            found.sort(key=lambda x: (x[1], x[1] - x[0]))
        return found


@functools.lru_cache(maxsize=_MEMO)
def _regex_labels(patterns: Patterns, window: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, metric) in ``window`` of the ``re:`` aliases, run on the window itself
    (some are anchored at its end)."""
    screen = _regex_screen(patterns)
    if screen is not None and screen.search(window) is None:
        return ()  # most windows: one search instead of one per alias
    return tuple((m.start(), m.end(), metric) for rx, metric in patterns.metric_regexes for m in rx.finditer(window))


# What makes a pattern mean something else inside an alternation of several: a reference
# to a group by number or name (\1, \g<x>, (?P=x), (?1)), a named group (the names may
# clash) and an inline flag (``(?i)`` applies to the whole pattern). ``(?:``, ``(?=``,
# ``(?!``, ``(?<=``, ``(?<!`` and ``(?>`` do not.
_NOT_COMBINABLE = regex.compile(r"\\[1-9gkP]|\(\?(?![:=!>]|<[=!])")


@functools.lru_cache(maxsize=8)
def _regex_screen(patterns: Patterns) -> regex.Pattern | None:
    """One alternation of every ``re:`` alias, which matches in a window exactly when one
    of them does; None when one of them may not be combined (a user's guarded pattern
    runs with its own timeout, so it stays on its own)."""
    rxs = [rx for rx, _metric in patterns.metric_regexes]
    if not rxs or not all(isinstance(rx, regex.Pattern) for rx in rxs):
        return None
    if any(_NOT_COMBINABLE.search(rx.pattern) for rx in rxs):
        return None
    combined = regex.compile("|".join(f"(?:{rx.pattern})" for rx in rxs))
    return combined if all(rx.flags == combined.flags for rx in rxs) else None


@functools.lru_cache(maxsize=_MEMO)
def _family_member(patterns: Patterns, metric: str, unit: str) -> str | None:
    """``patterns.family_member``, memoised: it walks every metric for a family's others."""
    return patterns.family_member(metric, unit)


def _fit(patterns: Patterns, found, unit: str) -> tuple[str, int, int] | None:
    """The rightmost alias whose family takes ``unit`` (or infers a missing money unit)."""
    for s, e, metric in reversed(found):
        if unit:
            member = _family_member(patterns, metric, unit)
            if member:
                return member, s, e
        else:
            m = patterns.metrics[metric]
            if m.units == ("元",):
                return metric, s, e
    return None


_NUMBER_RUN = regex.compile(r"\d[\d.,]*\s*\S?")


def phrase(patterns: Patterns, text: str, lo: int, hi: int, after: str = "") -> str:
    """A short noun phrase for a number no canonical metric fits (see ``label``)."""
    return _phrase(patterns, text[lo:hi], after[:AFTER_REACH])


@functools.lru_cache(maxsize=_MEMO)
def _phrase(patterns: Patterns, window: str, after: str) -> str:
    before = _NUMBER_RUN.split(window)[-1]  # a label never reaches back past another number
    before = patterns.vocabulary.label_trim.sub("", before.strip())
    # an alias that did not fit (资金 on a count, 增加 without a comparison) would read as
    # that canonical metric, and a programme's name is not a measure: no label is better
    return noun_phrase(patterns.label_tagger, before, after, predicates=patterns.vocabulary.predicate_verbs,
                       reject=patterns.label_rejects)


@functools.lru_cache(maxsize=_MEMO)
def _without_programmes(patterns: Patterns, words: str, fill: str = "") -> str:
    """``words`` with every programme named in them replaced by ``fill``."""
    for s, e, _w in reversed(patterns.programme_scan.find(words)):
        words = words[:s] + fill + words[e:]
    return words


@functools.lru_cache(maxsize=_MEMO)
def _only_places(patterns: Patterns, own: str) -> bool:
    """Is what stands before a list item's number a few words, only a place or a programme
    (钦州市（13.77%）, 其中关爱保险100件), not a label of its own (城镇新增就业5000人)?"""
    if len(_FILLER.sub("", own)) > 8:
        return False
    own = _without_programmes(patterns, own, " ")
    return all(t == "ns" or not _FILLER.sub("", w) for w, t in patterns.label_tagger.tag(own))


def _usable(patterns: Patterns, text: str, found, insurance: bool):
    """Labels that may name a number before it: no weak noun (资金), and the insurance-only
    verbs (完成, 办理) only in a sentence about an insurance product."""
    weak, ins_only = patterns.weak_aliases, patterns.insurance_aliases
    return [x for x in found if (word := text[x[0] : x[1]]) not in weak and (insurance or word not in ins_only)]


LABEL_REACH = 64  # characters before (and after) a number its label is looked for in
_GOVERNS_WITHIN = 16  # characters of other words a label may stand before its number


def _governs(patterns: Patterns, text: str, label_end: int, start: int) -> bool:
    """Can the label ending at ``label_end`` govern the number at ``start``? Not when a
    long stretch of other words stands between (参保子女…在医院所支出的住院费用在6000元以内:
    the number is the 住院费用's); a programme named between does not count."""
    if start - label_end <= _GOVERNS_WITHIN:  # the label ends before the number: this is the gap's length
        return True
    return len(_FILLER.sub("", _without_programmes(patterns, text[label_end:start]))) <= _GOVERNS_WITHIN


def _per_unit_metric(w: _Window, metric: str, s: int, e: int) -> MetricResult:
    """A per-unit amount (保费为每户60元, 100元/户) labelled ``metric`` at ``[s, e)`` takes
    its metric's per-unit metric (保费标准), else a phrase: it is never a total."""
    patterns, unit, label = w.patterns, w.unit, w.text[s:e]
    per = patterns.metrics[metric].per_unit
    if per and unit in patterns.metrics[per].units:
        return MetricResult(per, label, unit, True)
    if patterns.metrics[metric].units == ("元",) and not patterns.metrics[metric].core and unit == "元":
        return MetricResult(metric, label, unit, True)  # 保险金额, 保费补助标准: already a per-unit measure
    return MetricResult(w.phrase(), label, unit, True)


class Where(NamedTuple):
    """Where a number stands, as far as its metric is concerned."""

    sentence_start: int
    sentence_end: int
    prev_quantity_end: int  # a label never reaches back past the number before
    insurance_in_clause: bool = False  # an insurance product named in its clause before it
    insurance_in_sentence: bool = False  # … anywhere in its sentence before it
    insurance_context: bool = False  # … or 保险 in the sentence, or the article is about insurance
    bought_after: bool = False  # 为3700多户…购买计生系列保险: an insurance product bought later in its clause
    # the number's clause, (clause_start(text, start, sentence_start), clause_end(text, end,
    # sentence_end)), when the caller has found it already: else resolve_metric finds it
    clause: tuple[int, int] | None = None


class _Window(NamedTuple):
    """The stretch of text a number's label is looked for in, and what is known of it."""

    patterns: Patterns
    text: str
    start: int  # the number
    end: int
    unit: str
    clause_lo: int  # where the number's clause starts
    lo: int  # the label window: the clause, within reach of the number
    hi: int
    per_unit: bool
    insurance: bool

    def phrase(self) -> str:
        """The fallback label: the noun phrase at the number, from its clause around it."""
        return phrase(self.patterns, self.text, self.lo, self.start, self.text[self.end : self.hi])


def resolve_metric(labels: Labels, start: int, end: int, unit: str, where: Where) -> MetricResult:
    """The metric of the number at ``[start, end)`` counted in ``unit``: from the label
    before it, else after it, else the clause that introduced its list, else a phrase."""
    patterns, text = labels.patterns, labels.text
    insurance = where.insurance_in_clause or where.insurance_context
    # a label stands within reach of its number: a clause of thousands of figures
    # ('1元' * 8000) costs each figure only its own neighbourhood
    clause_lo, clause_hi = where.clause or (clause_start(text, start, where.sentence_start),
                                            clause_end(text, end, where.sentence_end))
    lo = max(clause_lo, start - LABEL_REACH)
    hi = min(clause_hi, end + LABEL_REACH)
    found = labels.between(lo, start)
    if found:
        found = [x for x in _usable(patterns, text, found, insurance) if _governs(patterns, text, x[1], start)]
    if where.bought_after and unit and not any(patterns.metrics[m].core for _s, _e, m in found):
        # 为721位…成员缴纳了生育关怀保险: who a policy is bought for is who it covers
        covered = _family_member(patterns, "承保份数", unit)
        if covered:
            return MetricResult(covered, "", unit)
    # 每户 / 每人 / 每份 make an amount per unit; 每年 alone does not (每年计划投入100万元 is a total)
    per_unit = bool(patterns.vocabulary.per_unit.search(text, lo, start)) or "/" in text[start:end]
    w = _Window(patterns, text, start, end, unit, clause_lo, lo, hi, per_unit, insurance)
    if found:
        return _from_label_before(w, found, where)
    result = _from_label_after(w, labels) or _from_list_intro(w, labels, where)
    if result is not None:
        return result
    if not unit:
        return MetricResult("", "", "")
    return MetricResult(w.phrase(), "", unit, per_unit)


def _from_label_before(w: _Window, found, where: Where) -> MetricResult:
    """理赔金额约 987.84 万元: the rightmost label before the number whose family takes its unit."""
    patterns, text, unit = w.patterns, w.text, w.unit
    hit = _fit(patterns, found, unit)
    if hit and w.per_unit:
        return _per_unit_metric(w, *hit)
    if hit:
        metric, s, e = hit
        # 购买…保险，惠及905户: who benefits from a policy bought is who it covers
        if metric == BENEFICIARIES and where.insurance_in_sentence:
            covered = _family_member(patterns, "承保份数", unit)
            if covered:
                return MetricResult(covered, text[s:e], unit)
        if _is_benefit(w, metric):
            return MetricResult(SUM_INSURED, text[s:e], unit)
        return MetricResult(metric, text[s:e], unit or patterns.metrics[metric].units[0])
    if unit:
        s, e, _m = found[-1]
        return MetricResult(w.phrase(), text[s:e], unit, w.per_unit)
    return MetricResult("", "", "")


def _from_label_after(w: _Window, labels: Labels) -> MetricResult | None:
    """446427 人投保, 8645户计生家庭获得理赔, 用30万元资金: a label right after the number;
    in an insurance clause a bare count is the policies'."""
    patterns, text, unit = w.patterns, w.text, w.unit
    if not unit or w.per_unit:
        return None
    after = [x for x in labels.between(w.end, min(w.hi, w.end + 16))
             if text[x[0] : x[1]] not in patterns.insurance_aliases or w.insurance]
    for s, e, metric in after:
        member = _family_member(patterns, metric, unit)
        if member:
            if _is_benefit(w, member):
                return MetricResult(SUM_INSURED, text[s:e], unit)  # 可获得3000元理赔
            return MetricResult(member, text[s:e], unit)
    return None


def _from_list_intro(w: _Window, labels: Labels, where: Where) -> MetricResult | None:
    """A list item (钦州市（13.77%）) or a number right after a colon: the label is in the
    clause that introduced the list. First, in an insurance clause, a bare count is the
    policies' (全区关爱保险 12.5万份)."""
    patterns, text, unit = w.patterns, w.text, w.unit
    if not unit or w.per_unit:
        return None
    if where.insurance_in_clause:
        member = _family_member(patterns, "承保份数", unit)
        if member:
            return MetricResult(member, "", unit)
    own_text = text[max(w.lo, where.prev_quantity_end) : w.start]
    if w.clause_lo > where.sentence_start and _only_places(patterns, own_text):
        back = max(clause_start(text, w.clause_lo - 1, where.sentence_start), w.clause_lo - 1 - LABEL_REACH)
        prev = _usable(patterns, text, labels.between(back, w.clause_lo - 1), w.insurance)
        hit = _fit(patterns, prev, unit) if prev else None
        if hit:
            metric, s, e = hit
            return MetricResult(metric, text[s:e], unit)
    return None
