"""Running the rules: :func:`check_figures` applies every rule to each document's
figures; ``check_text``/``check_file``/``check_source`` extract a document first."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

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


def check_text(text: str, source: str | None = None, patterns_dirs: tuple[str, ...] = ()) -> tuple[list[Figure], list[Finding]]:
    """Extract ``text`` and check it: (figures, findings); the checks run once."""
    from ..patterns import default_patterns
    from ..pipeline import extract_checked

    dirs = tuple(patterns_dirs)
    return extract_checked(text, source, default_patterns(dirs), default_checks(dirs))


def check_file(path, *, encoding: str | None = None, patterns_dirs: tuple[str, ...] = (), doc: str | None = None) -> list[Finding]:
    """Read one document, extract its figures and return the findings."""
    from ..read import read_input

    p = Path(path)
    return check_text(read_input(p, encoding), doc or p.name, patterns_dirs)[1]


def check_source(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[Finding]:
    """Check one batch Source (top-level, plain arguments: worker processes can run it)."""
    from ..read import read_input

    return check_text(read_input(source.path, encoding), source.doc, tuple(patterns_dirs))[1]
