"""The ``sum`` rule: a stated total against the parts listed after an opener word
(其中 …) up to the end of the sentence. Needs the document's text."""
from __future__ import annotations

import regex

from .findings import Finding, _finding
from .intervals import INF, _fmt, _interval, overlap
from .pairing import NEAR_CHARS, _Doc, _kind, _per_unit, _same_kind
from .rules import Checks, Rule

_SENTENCE_END = regex.compile(r"[。！？!?]")


def _sum_checks(doc: _Doc, rule: Rule, checks: Checks) -> list[Finding]:
    if not doc.text or rule.opener is None:
        return []
    text, out = doc.text, []
    marks = list(rule.opener.finditer(text))
    line, counted = 1, 0  # lines counted once through the text, not from its start per mark
    any_metric = "*" in rule.stated
    for i, m in enumerate(marks):
        # the parts run to the end of the sentence (across a page cut, which has no 。)
        at, after = m.span()
        line += text.count("\n", counted, at)
        counted = at
        end = _SENTENCE_END.search(text, after, after + 2 * NEAR_CHARS)
        stop = min(marks[i + 1].start() if i + 1 < len(marks) else len(text), end.end() if end else len(text),
                   after + 2 * NEAR_CHARS)
        parts_all = [f for f in doc.between(after, stop) if _kind(f) != "rate" and not _per_unit(f)]
        if len(parts_all) < 2:
            continue  # no total can have two parts
        sentences = {(f.sentence_start, f.sentence_end) for f in parts_all}
        totals = [f for f in doc.between(at - NEAR_CHARS, at) if f.end <= at
                  and (f.line == line or (f.sentence_start, f.sentence_end) in sentences) and (any_metric or f.metric in rule.stated)
                  and _kind(f) != "rate" and not _per_unit(f) and len(_SENTENCE_END.findall(text, f.end, at)) <= 1]
        for metric in dict.fromkeys(f.metric for f in totals if f.metric):
            same = [f for f in totals if f.metric == metric]
            total = same[-1]
            parts = [f for f in parts_all if f.metric == metric and _same_kind(f, total)]
            spans = [_interval(f, checks.bounds) for f in parts]
            if len(parts) < 2 or any(hi == INF for _lo, hi in spans):
                continue
            lo, hi = sum(s[0] for s in spans), sum(s[1] for s in spans)
            stated = _interval(total, checks.bounds, stated=True)
            computed = sum(f.value for f in parts)
            formula = f"{' + '.join(f.raw for f in parts)} = {_fmt(computed)} {total.unit}"
            where = f"{total.region} " if total.region else ""
            if overlap((lo, hi), stated):
                msg = f"{where}{metric} total {total.raw} confirmed by its parts: {formula}"
                out.append(_finding("confirmed", rule, total.value, computed, (total, *parts), message=msg))
            elif lo > stated[1] and not any(f.same_sentence(total) for f in same[:-1]):
                msg = f"{where}{metric} parts add up to more than the total {total.raw}: {formula}"
                out.append(_finding("mismatch", rule, total.value, computed, (total, *parts), message=msg))
    return out
