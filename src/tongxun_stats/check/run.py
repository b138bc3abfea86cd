"""Running the rules: :func:`check_figures` applies every rule to each document's
figures (``api.check_text``/``check_file``/``check_source`` extract a document first)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Figure
from .findings import FINDING_KINDS, Finding, ocr_sourced
from .outliers import _outlier_checks
from .pairing import _Doc
from .ratios import _ratio_checks
from .rules import Checks, default_checks
from .sums import _sum_checks

_RUNNERS = {"ratio": _ratio_checks, "sum": _sum_checks, "outlier": _outlier_checks}


def check_figures(figures: Iterable[Figure], patterns: Checks | None = None, *,
                  text: str | Mapping[str, str] | None = None) -> list[Finding]:
    """Every finding for ``figures``, document by document, in text order.

    ``patterns`` is a :class:`Checks` (default: the bundled checks.tsv). ``text`` is the
    original text of the (single) document, or a dict doc -> text; the sum rule needs it.
    """
    checks = patterns or default_checks()
    figures = list(figures)
    by_doc: dict[str, list[Figure]] = {}
    if len({f.doc for f in figures}) == 1:  # the usual call: one document, no grouping to do
        by_doc[figures[0].doc] = figures
    else:
        for f in figures:
            by_doc.setdefault(f.doc, []).append(f)
    texts = text if isinstance(text, Mapping) else dict.fromkeys(by_doc, text) if len(by_doc) == 1 else {}
    found: list[Finding] = []
    for name, figs in by_doc.items():
        doc = _Doc(figs, texts.get(name))
        for rule in checks.rules:
            found.extend(_RUNNERS[rule.kind](doc, rule, checks))
    order = {name: i for i, name in enumerate(by_doc)}
    found.sort(key=lambda x: (order[x.doc], x.figures[0][1], FINDING_KINDS.index(x.kind)))
    return ocr_sourced(found, figures)
