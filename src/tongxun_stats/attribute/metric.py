"""Metric: the phrase that governs a number, mapped to a canonical metric.

The label is looked for in the number's clause before it (``理赔金额约 987.84 万元``),
then right after it (``446427 人投保``), then — for list items such as
``钦州市（13.77%）`` — in the clause that introduced the list. The unit decides
between the members of a metric family (``参保人数222674份`` is 承保份数).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ..patterns import Patterns
from ..structure import clause_end, clause_start

PER_UNIT = regex.compile(r"每(?:个|户|人|名|位|家|村|年|月|次|场|期|所|校|组|天)")
# Words that carry no meaning in a label: what is left of a window without them.
_FILLER = regex.compile(r"[共计达为有约近超过累计总合了的是和及与等其中已全市县区我本该年度今去上半季\s、（）()“”\"'《》%\d.,]+")
_EDGE_PUNCT = regex.compile(r"^[\s、，,（(]+|[\s、，,（(]+$")
_LABEL_TRIM = regex.compile(r"(?:共计|合计|总计|累计|共|达到|达|为|有|计|约|近|超过|超|了|的|是|已|均|都|分别)+$")


@dataclass(frozen=True, slots=True)
class MetricResult:
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
        aliases = patterns.metric_aliases
        self._found = [(s, e, aliases[w]) for s, e, w in patterns.alias_scan.find(text)]
        self._starts = [s for s, _e, _m in self._found]

    def spans(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _m in self._found]

    def between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, metric) of every label inside [lo, hi), by end position."""
        i = bisect.bisect_left(self._starts, lo)
        found = []
        while i < len(self._found) and self._found[i][0] < hi:
            if self._found[i][1] <= hi:
                found.append(self._found[i])
            i += 1
        window = self.text[lo:hi]
        for rx, metric in self.patterns.metric_regexes:
            for m in rx.finditer(window):
                found.append((lo + m.start(), lo + m.end(), metric))
        found.sort(key=lambda x: (x[1], x[1] - x[0]))
        return found


def _fit(patterns: Patterns, found, unit: str) -> tuple[str, int, int] | None:
    """The rightmost alias whose family takes ``unit`` (or infers a missing money unit)."""
    for s, e, metric in reversed(found):
        if unit:
            member = patterns.family_member(metric, unit)
            if member:
                return member, s, e
        else:
            m = patterns.metrics[metric]
            if m.units == ("元",):
                return metric, s, e
    return None


_PHRASE_MAX = 10
_NUMBER_RUN = regex.compile(r"\d[\d.,]*\s*\S?")


def _tail_words(patterns: Patterns, label: str, limit: int) -> str:
    """The last characters of ``label`` that fit in ``limit``, cut between tokens of the
    patterns' domain tokenizer, so a label is never cut inside 承保份数 or 青春健康."""
    words = patterns.tokenizer().cut(label)
    kept: list[str] = []
    size = 0
    for w in reversed(words):
        if size + len(w) > limit and kept:
            break
        kept.append(w)
        size += len(w)
    return "".join(reversed(kept))[-limit:]


def phrase(patterns: Patterns, text: str, lo: int, hi: int, after: str = "") -> str:
    """A short noun phrase for a number no canonical metric fits."""
    label = _NUMBER_RUN.split(text[lo:hi])[-1]  # a label never reaches back past another number
    label = _LABEL_TRIM.sub("", label.strip())
    label = _EDGE_PUNCT.sub("", label)
    if len(label) > _PHRASE_MAX:
        label = _tail_words(patterns, label, _PHRASE_MAX)
    if not _FILLER.sub("", label) and after:
        label = _tail_words(patterns, after[:12], 8) if len(after) > 8 else after
        label = _EDGE_PUNCT.sub("", _LABEL_TRIM.sub("", label))
    return label


def resolve_metric(
    labels: Labels, start: int, end: int, unit: str, sentence_start: int, sentence_end: int,
    insurance_in_window: bool, prev_quantity_end: int,
) -> MetricResult:
    patterns, text = labels.patterns, labels.text
    lo = clause_start(text, start, sentence_start)
    found = labels.between(lo, start)
    per_unit = bool(PER_UNIT.search(text, lo, start))
    if found:
        hit = _fit(patterns, found, unit)
        if hit and not per_unit:
            metric, s, e = hit
            m = patterns.metrics[metric]
            return MetricResult(metric, text[s:e], unit or m.units[0])
        if unit:
            s, e, _m = found[-1]
            return MetricResult(phrase(patterns, text, lo, start), text[s:e], unit, per_unit)
        return MetricResult("", "", "")
    # after the number: 446427 人投保, 8645户计生家庭获得理赔
    hi = clause_end(text, end, sentence_end)
    after = labels.between(end, min(hi, end + 16))
    if after and unit:
        for s, e, metric in after:
            member = patterns.family_member(metric, unit)
            if member and not per_unit:
                return MetricResult(member, text[s:e], unit)
    if insurance_in_window and unit and not per_unit:
        member = patterns.family_member("承保份数", unit)
        if member:
            return MetricResult(member, "", unit)
    # a list item (钦州市（13.77%）) or a number right after a colon: the label
    # is in the clause that introduced the list
    own = _FILLER.sub("", text[max(lo, prev_quantity_end) : start])
    if unit and lo > sentence_start and len(own) <= 8:
        back = clause_start(text, lo - 1, sentence_start)
        prev = labels.between(back, lo - 1)
        hit = _fit(patterns, prev, unit) if prev else None
        if hit and not per_unit:
            metric, s, e = hit
            return MetricResult(metric, text[s:e], unit)
    if not unit:
        return MetricResult("", "", "")
    tail = text[end:hi]
    return MetricResult(phrase(patterns, text, lo, start, tail), "", unit, per_unit)
