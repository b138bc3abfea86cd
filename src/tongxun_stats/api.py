"""The library's public API: every function the CLI uses, each a few lines over the
stages (``pipeline`` extracts, ``check`` holds the figures against each other).

>>> from tongxun_stats import extract_text
>>> [(f.raw, f.metric, f.region) for f in extract_text("藤县共有 8800 人投保爱心保险。")]
[('8800 人', '参保人数', '藤县')]

The CLI prints exactly these rows: ``tongxun extract`` runs :func:`extract_source` in
its workers, ``tongxun check`` :func:`check_source`; for csv, tsv and jsonl the workers
also render the rows (:func:`rendered_figures`, :func:`rendered_findings`), so the parent
only writes text.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .check import FINDING_COLUMNS, Checks, Finding, check_figures, default_checks, flag_figures
from .export import COLUMNS, FINDING_NUMERIC, NUMERIC_COLUMNS, figure_record, render_records
from .filters import filter_figures
from .model import Figure
from .ocr.trust import mark_figures
from .patterns import Patterns, default_patterns
from .pipeline import figures_of
from .places import place_index
from .read import read_input


def extract_checked(text: str, source: str | None = None, patterns: Patterns | None = None,
                    checks: Checks | None = None) -> tuple[list[Figure], list[Finding]]:
    """(figures, findings) of ``text``: its rows, flagged by the consistency findings that
    were run once over them (``checks``: default the bundled rules).

    >>> figures, findings = extract_checked("理赔金额58.6万元，保费金额100万元，赔付率58.6%。")
    >>> [(x.kind, x.rule) for x in findings]
    [('confirmed', '赔付率')]
    """
    figures = figures_of(text, source, patterns or default_patterns())
    figures = mark_figures(figures, text)  # figures read by OCR carry the recogniser's confidence
    findings = check_figures(figures, checks, text=text)
    return flag_figures(figures, findings, text=text), findings


def extract_text(text: str, source: str | None = None, patterns: Patterns | None = None,
                 checks: Checks | None = None) -> list[Figure]:
    """Every figure in ``text`` as a Figure row; ``source`` names the document in ``doc``.

    >>> extract_text("全区参保308.2万份。", source="a.txt")[0].value
    Decimal('3082000')
    """
    return extract_checked(text, source, patterns, checks)[0]


def extract_file(path, *, encoding: str | None = None, patterns: Patterns | None = None,
                 doc: str | None = None) -> list[Figure]:
    """Read one document (any supported format, see ``read``) and extract its figures;
    ``doc`` names it in the rows (default: the file's name)."""
    p = Path(path)
    return extract_text(read_input(p, encoding), source=doc or p.name, patterns=patterns)


def extract_source(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[Figure]:
    """Extract one batch ``Source`` (a file, or stdin when ``source.path`` is None) with
    the bundled patterns plus ``patterns_dirs``: what ``tongxun extract`` runs per input.
    Top-level and driven by plain arguments, so worker processes can run it."""
    dirs = tuple(patterns_dirs)
    text = read_input(source.path, encoding)
    return extract_text(text, source=source.doc, patterns=default_patterns(dirs), checks=default_checks(dirs))


# a province, numbers and metrics: builds the grammar, the place scanners and the checks' indexes
_WARM_UP_TEXT = "广西壮族自治区计生协：2022年全区承保308.2万份，保费1.32亿元，赔付率58.6%。"


def warm_up(patterns_dirs: tuple[str, ...] = ()) -> None:
    """Build now what the first document would build on first use: the number grammar,
    the tagger's word table, the place scanners, the checks. Worker processes forked after
    this share them (copy-on-write) instead of each building its own, about 0.25 s each.

    >>> warm_up()  # then start the pool
    """
    dirs = tuple(patterns_dirs)
    patterns = default_patterns(dirs)
    patterns.label_tagger.load()  # a document needs it as soon as a number has no canonical label
    extract_text(_WARM_UP_TEXT, patterns=patterns, checks=default_checks(dirs))


def check_text(text: str, source: str | None = None,
               patterns_dirs: tuple[str, ...] = ()) -> tuple[list[Figure], list[Finding]]:
    """Extract ``text`` and check it: (figures, findings); the checks run once."""
    dirs = tuple(patterns_dirs)
    return extract_checked(text, source, default_patterns(dirs), default_checks(dirs))


def check_file(path, *, encoding: str | None = None, patterns_dirs: tuple[str, ...] = (),
               doc: str | None = None) -> list[Finding]:
    """Read one document, extract its figures and return the findings."""
    p = Path(path)
    return check_text(read_input(p, encoding), doc or p.name, patterns_dirs)[1]


def check_source(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[Finding]:
    """Check one batch ``Source``: what ``tongxun check`` runs per input (worker-safe)."""
    return check_text(read_input(source.path, encoding), source.doc, tuple(patterns_dirs))[1]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One input's rows rendered as text in a worker (``export.render_records``): ``rows`` of
    them, out of ``found`` results before any filter; ``kinds`` the finding kinds met."""

    text: str
    rows: int
    found: int
    kinds: frozenset[str] = frozenset()


def rendered_figures(source, *, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None, fmt: str = "jsonl",
                     crlf: bool = False, metrics: tuple[str, ...] = (), regions: tuple[str, ...] = ()) -> list[Rendered]:
    """``tongxun extract`` of one Source to csv, tsv or jsonl: its figures of ``metrics``
    in ``regions`` (all when empty), rendered as ``fmt`` rows in the worker; a list of
    one ``Rendered``, as ``batch.extract_sources`` wants its results."""
    dirs = tuple(patterns_dirs)
    figures = extract_source(source, dirs, encoding)
    pats = default_patterns(dirs)
    kept = filter_figures(figures, pats, place_index(pats.place_aliases), metrics, regions)
    text, n = render_records(map(figure_record, kept), COLUMNS, NUMERIC_COLUMNS, fmt, crlf=crlf)
    return [Rendered(text, n, len(figures))]


def rendered_findings(source, *, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None, fmt: str = "jsonl",
                      kinds: tuple[str, ...] = ()) -> list[Rendered]:
    """``tongxun check`` of one Source to csv, tsv or jsonl: its findings of ``kinds``
    (all when empty) rendered as ``fmt`` rows in the worker, with every kind met."""
    findings = check_source(source, patterns_dirs, encoding)
    kept = (x.as_record() for x in findings if not kinds or x.kind in kinds)
    text, n = render_records(kept, FINDING_COLUMNS, FINDING_NUMERIC, fmt)
    return [Rendered(text, n, len(findings), frozenset(x.kind for x in findings))]
