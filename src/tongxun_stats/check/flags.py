"""Review flags: why a row needs a human look (a check's mismatch or outlier, an inferred
unit, a half-parsed range, a missing region), as reasons per figure or
merged into each figure's ``flags``."""
from __future__ import annotations

import unicodedata

import regex

from ..model import Figure, Flag, FlagCode
from .findings import Finding
from .rules import Checks
from .run import check_figures

_RANGE_SIGN = r"(?:[—–\-~～]+|至|到)"
_RANGE_IN_RAW = regex.compile(rf"\d\s*{_RANGE_SIGN}\s*\d")
_RANGE_BEFORE = regex.compile(rf"\d\s*{_RANGE_SIGN}\s*$")
_RANGE_AFTER = regex.compile(rf"^\s*{_RANGE_SIGN}\s*\d")


def figure_flags(figures: list[Figure], findings: list[Finding] | None = None, *, text: str | None = None,
                 checks: Checks | None = None) -> dict[int, list[Flag]]:
    """Why a row needs a human look: ``{index in figures: [reason, …]}`` for rows with any.

    Reasons: ``check outlier: RULE`` (the suspicious figure of an outlier),
    ``check mismatch: RULE`` (every figure of a mismatch), ``unit inferred``,
    ``range half-parsed``, ``no region``. (``region ambiguous: NAME`` is set by the
    pipeline, which knows which candidates it chose among.) With
    ``findings`` None the checks (``checks``, default the bundled ones) are run
    here; the range and region reasons that look around the number need
    ``text``, the document's original text.
    """
    if findings is None:
        findings = check_figures(figures, checks, text=text)
    index = {(f.doc, f.start, f.end): i for i, f in enumerate(figures)}
    out: dict[int, list[Flag]] = {}

    def add(i: int | None, reason: Flag) -> None:
        if i is not None and reason not in out.setdefault(i, []):
            out[i].append(reason)

    for x in findings:
        if x.kind != "confirmed":
            for _line, start, end, _raw, _m in x.figures[:1] if x.kind.endswith("outlier") else x.figures:
                add(index.get((x.doc, start, end)), Flag(FlagCode.CHECK, f"{x.kind}: {x.rule}"))
    for i, f in enumerate(figures):
        if f.has(FlagCode.UNIT_INFERRED):
            add(i, Flag(FlagCode.UNIT_INFERRED))
        if not f.region:
            add(i, Flag(FlagCode.NO_REGION))
        if _half_range(f, text):
            add(i, Flag(FlagCode.RANGE_HALF_PARSED))
    return {i: r for i, r in out.items() if r}


def flag_figures(figures: list[Figure], findings: list[Finding] | None = None, *, text: str | None = None,
                 checks: Checks | None = None) -> list[Figure]:
    """``figures`` with :func:`figure_flags`' reasons added to their ``flags`` (no repeats)."""
    reasons = figure_flags(figures, findings, text=text, checks=checks)
    return [f.with_flags(*reasons[i]) if i in reasons else f for i, f in enumerate(figures)]


def _half_range(f: Figure, text: str | None) -> bool:
    raw = unicodedata.normalize("NFKC", f.raw)
    if _RANGE_IN_RAW.search(raw):
        return f.lower is None or f.upper is None
    if text is None or not (0 <= f.start <= f.end <= len(text)):
        return False
    return bool(_RANGE_BEFORE.search(text[max(0, f.start - 4) : f.start]) or _RANGE_AFTER.match(text[f.end : f.end + 4]))
