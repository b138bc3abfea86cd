"""The :class:`Finding` record (one check's verdict), its flat ``as_record`` form and
:func:`export.write_findings`, which hands those records to export's writers."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ..model import Figure, plain_number
from .rules import Rule

FINDING_KINDS = ("confirmed", "mismatch", "outlier", "ocr-mismatch", "ocr-outlier")
"""``ocr-mismatch``/``ocr-outlier``: a mismatch or outlier involving a figure read by OCR,
most often a misread digit."""
_OCR = "ocr-"  # the prefix of those kinds
FINDING_COLUMNS = ("doc", "kind", "rule", "stated", "computed", "line", "figures", "message")


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's verdict. ``figures`` holds (line, start, end, raw, metric) of each figure
    involved, the stated one (or for an outlier the suspicious one) first. ``stated`` and
    ``computed`` always measure the same thing: the stated rate or total and what the other
    figures give; for an outlier, the pair's own per-unit amount (保费金额 ÷ 承保份数) and
    the amount it is held against (the median of the document's other pairs, or the end
    of the rule's sane range). The message says which."""

    doc: str
    kind: str
    rule: str
    stated: Decimal | None
    computed: Decimal | None
    figures: tuple[tuple[int, int, int, str, str], ...]
    message: str

    def is_a(self, kinds: Collection[str]) -> bool:
        """Is this finding of one of ``kinds``? An ``ocr-mismatch`` is a mismatch and an
        ``ocr-outlier`` an outlier, so ``check --fail-on mismatch`` fails on both."""
        return is_kind(self.kind, kinds)

    def as_record(self) -> dict[str, Any]:
        """A flat dict in ``FINDING_COLUMNS`` order, Decimals as int/float (csv, jsonl …)."""
        figs = "; ".join(f"{raw} {metric} @{line}:{start}-{end}" for line, start, end, raw, metric in self.figures)
        return {"doc": self.doc, "kind": self.kind, "rule": self.rule, "stated": _plain(self.stated),
                "computed": _plain(self.computed), "line": self.figures[0][0] if self.figures else None,
                "figures": figs, "message": self.message}


def is_kind(kind: str, kinds: Collection[str]) -> bool:
    """Is a finding of ``kind`` one of ``kinds``? (``ocr-mismatch`` is a ``mismatch``.)"""
    return kind in kinds or base_kind(kind) in kinds


def base_kind(kind: str) -> str:
    """The kind without its OCR mark: ``mismatch`` for ``ocr-mismatch``."""
    return kind.removeprefix(_OCR)


def _plain(d: Decimal | None) -> int | float | None:
    return None if d is None else plain_number(d)


def _finding(kind: str, rule: Rule, stated, computed, figs: Iterable[Figure], *, message: str) -> Finding:
    figs = list(figs)
    return Finding(figs[0].doc, kind, rule.rule, stated, computed,
                   tuple((f.line, f.start, f.end, f.raw, f.metric) for f in figs), message)


def ocr_sourced(findings: list[Finding], figures: Iterable[Figure]) -> list[Finding]:
    """``findings`` with each mismatch or outlier that involves a figure read by OCR
    (``Figure.ocr_confidence`` set) relabelled ``ocr-mismatch``/``ocr-outlier``, its message
    naming the lowest confidence: a misread digit is the first suspect there."""
    conf = {(f.doc, f.start, f.end): f.ocr_confidence for f in figures if f.ocr_confidence is not None}
    if not conf:
        return findings
    out = []
    for x in findings:
        seen = [conf[k] for _l, s, e, _r, _m in x.figures if (k := (x.doc, s, e)) in conf]
        if seen and x.kind in ("mismatch", "outlier"):
            x = replace(x, kind=f"{_OCR}{x.kind}", message=f"{x.message} (read by OCR, lowest confidence "
                        f"{min(seen):.2f}: compare the digits with the page)")
        out.append(x)
    return out
