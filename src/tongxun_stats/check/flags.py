"""Review flags: why a row needs a human look (a check's mismatch or outlier, an inferred
unit, a half-parsed range, a missing region), as reasons per figure or
merged into each figure's ``flags``."""
from __future__ import annotations

import bisect
import itertools
import unicodedata

import regex

from ..model import Figure, Flag, FlagCode
from .findings import Finding, base_kind
from .rules import Checks
from .run import check_figures

_DASHES, _SIGN_WORDS = "—–-~～", "至到"  # a range sign: a run of dashes, or one of the words
_RANGE_SIGN = rf"(?:[{regex.escape(_DASHES)}]+|{'|'.join(_SIGN_WORDS)})"
_RANGE_IN_RAW = regex.compile(rf"\d\s*{_RANGE_SIGN}\s*\d")
_RANGE_BEFORE = regex.compile(rf"\d\s*{_RANGE_SIGN}\s*$")
_RANGE_AFTER = regex.compile(rf"^\s*{_RANGE_SIGN}\s*\d")
_UNIT_INFERRED, _NO_REGION, _HALF_PARSED = (Flag(FlagCode.UNIT_INFERRED), Flag(FlagCode.NO_REGION),
                                             Flag(FlagCode.RANGE_HALF_PARSED))


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
    out: dict[int, list[Flag]] = {}

    def add(i: int | None, reason: Flag) -> None:
        if i is not None and reason not in out.setdefault(i, []):
            out[i].append(reason)

    involved = [((x.doc, start, end), Flag(FlagCode.CHECK, f"{x.kind}: {x.rule}")) for x in findings if x.kind != "confirmed"
                for _line, start, end, _raw, _m in (x.figures[:1] if base_kind(x.kind) == "outlier" else x.figures)]
    if involved:
        index = _indexes(figures, {key for key, _reason in involved})
        for key, reason in involved:
            add(index.get(key), reason)
    half = _half_ranges(figures, text)
    # only the rows with an inferred unit, no region or a half range can have a reason
    rows = [i for i, f in enumerate(figures) if not f.region or (f.flags and f.has(FlagCode.UNIT_INFERRED))]
    for i in sorted(half.union(rows)):
        f = figures[i]
        if f.has(FlagCode.UNIT_INFERRED):
            add(i, _UNIT_INFERRED)
        if not f.region:
            add(i, _NO_REGION)
        if i in half:
            add(i, _HALF_PARSED)
    return {i: r for i, r in out.items() if r}


def _indexes(figures: list[Figure], keys: set[tuple[str, int, int]]) -> dict[tuple[str, int, int], int]:
    """``{(doc, start, end): index in figures}`` for the figures of ``keys`` (the last of
    equal ones), building a key only for a figure that starts where one of them does."""
    starts = {start for _doc, start, _end in keys}
    return {(f.doc, f.start, f.end): i for i, f in enumerate(figures) if f.start in starts}


def flag_figures(figures: list[Figure], findings: list[Finding] | None = None, *, text: str | None = None,
                 checks: Checks | None = None) -> list[Figure]:
    """``figures`` with :func:`figure_flags`' reasons added to their ``flags`` (no repeats)."""
    reasons = figure_flags(figures, findings, text=text, checks=checks)
    return [f.with_flags(*reasons[i]) if i in reasons else f for i, f in enumerate(figures)]


def _half_ranges(figures: list[Figure], text: str | None) -> set[int]:
    """Indexes of the figures whose range is half-parsed: a range written in the figure
    with an end missing, or a range sign right before or after the figure in ``text``.
    The patterns are tried only where a range sign stands, found by one pass per
    document: a regex call per figure cost more than all the rest of the flags."""
    written = _written_ranges([unicodedata.normalize("NFKC", f.raw) for f in figures])
    half = {i for i in written if figures[i].lower is None or figures[i].upper is None}
    signed = _sign_marks(text) if text else None
    if signed is not None:
        n = len(text)
        half |= {i for i, f in enumerate(figures) if i not in written and 0 <= f.start <= f.end <= n and (
            (signed[f.start] and _RANGE_BEFORE.search(text[max(0, f.start - 4) : f.start]))
            or (signed[f.end + 4] and _RANGE_AFTER.match(text[f.end : f.end + 4])))}
    return half


def _written_ranges(raws: list[str]) -> set[int]:
    """Indexes of the ``raws`` that hold a range (2-3万); only those with a range sign can."""
    starts = list(itertools.accumulate(map(len, raws), initial=0))  # of each raw in the joined text
    signed = {bisect.bisect_right(starts, at) - 1 for at in _signs("".join(raws))}
    return {i for i in signed if _RANGE_IN_RAW.search(raws[i])}  # each in its own raw: none spans two


def _signs(s: str) -> list[int]:
    """Sorted positions of every character a range sign starts with (a ``str.find`` per
    character: several times faster than a regex scan of the text)."""
    found = []
    for c in _DASHES + _SIGN_WORDS:
        at = s.find(c)
        while at >= 0:
            found.append(at)
            at = s.find(c, at + 1)
    return sorted(found)


def _sign_marks(text: str) -> bytearray | None:
    """``marks[i + 4]`` is set when a range sign stands in ``text[i : i + 4]``, so
    ``marks[start]`` tells whether one stands in the 4 characters before ``start`` and
    ``marks[end + 4]`` in the 4 from ``end``; None when the text has no range sign.
    Only there can the patterns around a figure match."""
    signs = _signs(text)
    if not signs:
        return None
    marks = bytearray(len(text) + 5)
    for at in signs:
        marks[at + 1 : at + 5] = b"\1\1\1\1"
    return marks
