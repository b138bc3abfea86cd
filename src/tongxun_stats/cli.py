"""The ``tongxun`` command: a thin layer over the library.

Every command reads options, calls one library function per input and hands
the rows to ``export.write``. Errors from the library (TongxunError) become a
one-line message on stderr; stdout carries data only.
Exit codes (README's table, held by tests/test_exit_codes.py): 0 success (an
empty document too); 1 some input could not be read or some output could not be
written, or a patterns check found problems; 2 usage error (bad option or format,
a path that does not exist, a bad patterns folder, an unknown filter value);
3 ``check --fail-on`` found such findings.
"""
from __future__ import annotations

import functools
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (  # noqa: F401 - re-exported for tests and cli_archive's registration
    EXIT_FINDINGS,
    CrlfOpt,
    EncodingOpt,
    FormatOpt,
    JobsOpt,
    OutOpt,
    PagesOpt,
    PatternsOpt,
    QuietOpt,
    VerboseOpt,
    _Batch,
    _fail,
    _output_format,
    _patterns,
    app,
    err,
    patterns_app,
)
from .errors import TongxunError


@app.command()
def extract(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs, or - for stdin (default: stdin).")] = None,
    *,
    output: OutOpt = None,
    fmt: FormatOpt = None,
    metric: Annotated[list[str] | None, typer.Option("--metric", "-m", help="Keep this metric (name or alias; repeatable).")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", "-r", help="Keep this place and what lies in it (repeatable).")] = None,
    patterns: PatternsOpt = None,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = 0,
    excel: Annotated[bool | None, typer.Option("--excel/--no-excel", help="UTF-8 BOM in CSV (default: on for .csv files).")] = None,
    wide: Annotated[bool, typer.Option("--wide", help="One row per document x region x programme x period, one column per metric.")] = False,
    crlf: CrlfOpt = False,
    dask: Annotated[str | None, typer.Option("--dask", help="Run on a Dask cluster (local or tcp://host:port); -o names a Parquet folder.")] = None,
    pages_as_document: PagesOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Extract figures from documents.

    Example: tongxun extract samples/*.txt -o figures.csv (or -o figures.db for SQLite)
    """
    from . import export
    from .cli_archive import _dask_extract, _database, _is_db
    from .filters import filter_figures
    from .places import place_index

    dirs = tuple(str(p) for p in patterns or ())
    pats = _patterns(dirs, verbose)
    if dask:
        return _dask_extract(paths, output, dask, patterns, verbose)
    if _is_db(output):
        def keep(figs):
            return filter_figures(figs, pats, place_index(pats.place_aliases), metric or (), region or ())

        return _database(paths, output, patterns=patterns, encoding=encoding, jobs=jobs, quiet=quiet, verbose=verbose, keep_figure=keep)

    def rows():
        for figures in run.results(progress):
            run.counts["figures"] += len(figures)
            yield from figures

    try:
        fmt_name = _output_format(fmt, output)
        streamed = fmt_name in export.STREAMED_FORMATS and not wide
        selected = filter_figures(rows(), pats, place_index(pats.place_aliases), metric or (), region or ())  # checked now
        run = _Batch(paths, None, jobs, quiet, "figures", pages=pages_as_document, patterns_dirs=dirs)
        # workers render their rows, so the parent only writes text; one process renders as it
        # writes (rendering a whole input ahead would hold all its rows' text at once)
        streamed = streamed and run.jobs > 1
        run.work = _extract_work(streamed, dirs, encoding=encoding, fmt=fmt_name, crlf=crlf, metric=metric, region=region)
    except TongxunError as e:
        raise _fail(e, verbose, 2) from None
    progress = None if quiet or len(run.sources) < 2 or not err.is_terminal else _progress(len(run.sources))
    note = None if quiet else (lambda msg: err.print(f"tongxun: {msg}", markup=False))

    try:
        if progress:
            progress.start()
        if streamed:
            export.write_rendered(_rendered_text(run, progress), export.COLUMNS, fmt_name, output, excel=excel, crlf=crlf)
        else:
            export.write(selected, fmt_name, output, excel=excel, wide=wide, wide_metrics=set(pats.metrics),
                         crlf=crlf, notify=note)
    except TongxunError as e:
        raise _fail(e, verbose, 1) from None
    finally:
        if progress:
            progress.stop()
    run.finish()


def _extract_work(streamed: bool, dirs: tuple[str, ...], *, encoding: str | None, fmt: str, crlf: bool,
                  metric: list[str] | None, region: list[str] | None):
    """What each worker runs on one input: for csv, tsv and jsonl it filters and renders
    the rows too, so the parent only writes text; else it returns the figures."""
    from .api import extract_source, rendered_figures

    if not streamed:
        return functools.partial(extract_source, patterns_dirs=dirs, encoding=encoding)
    return functools.partial(rendered_figures, patterns_dirs=dirs, encoding=encoding, fmt=fmt, crlf=crlf,
                             metrics=tuple(metric or ()), regions=tuple(region or ()))


def _rendered_text(run: _Batch, progress):
    """The text the workers rendered, in input order, with the figures counted."""
    for result in run.results(progress):
        for rendered in result:
            run.counts["figures"] += rendered.found
            yield rendered.text


def _progress(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    p = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err.console,
                 transient=True)
    p.add_task("extract", total=total)
    return p


@patterns_app.callback(invoke_without_command=True)
def patterns_list(
    ctx: typer.Context,
    patterns: PatternsOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """List what is loaded: metrics with aliases, units, programmes.

    Example: tongxun patterns --patterns my_patterns/
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console

    pats = _patterns(tuple(str(p) for p in patterns or ()), verbose)
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"patterns from: {', '.join(pats.sources)}", markup=False)
    by_metric: dict[str, list[str]] = {}
    for alias, m in pats.metric_aliases.items():
        by_metric.setdefault(m, []).append(alias)
    out.print(f"\nmetrics ({len(pats.metrics)})", markup=False)
    for m in pats.metrics.values():
        core = "core" if m.core else "    "
        out.print(f"  {m.name}\t{core}\t{';'.join(m.units)}\t{';'.join(by_metric.get(m.name, []))}", markup=False)
    out.print(f"\nunits ({len(pats.units)}): " + " ".join(pats.units), markup=False)
    progs: dict[str, list[str]] = {}
    for alias, p in pats.programmes.items():
        progs.setdefault(p, []).append(alias)
    out.print(f"\nprogrammes ({len(progs)})", markup=False)
    for p, aliases in progs.items():
        out.print(f"  {p}\t{pats.programme_kinds.get(p, '')}\t{';'.join(aliases)}", markup=False)
    out.print(f"\nexclusions ({len(pats.exclusions)}), qualifiers ({len(pats.qualifiers)})", markup=False)


@patterns_app.command("check")
def patterns_check(folder: Annotated[Path, typer.Argument(help="A patterns folder to validate.")]) -> None:
    """Validate a patterns folder; print every problem and warning as file:line: message, sorted.

    Example: tongxun patterns check my_patterns/
    """
    from .validate import check_patterns, is_problem

    if not folder.is_dir():
        err.print(f"tongxun: {folder}: no such folder", markup=False)
        raise typer.Exit(2)
    messages = check_patterns(folder)
    for m in messages:
        typer.echo(m)
    problems = sum(map(is_problem, messages))
    if problems:
        err.print(f"tongxun: {problems} problem(s) in {folder}", markup=False)
        raise typer.Exit(1)
    typer.echo(f"{folder}: ok" + (f" ({len(messages)} warning(s))" if messages else ""))


def _refuse_unknown(given: list[str] | None, allowed: tuple[str, ...], option: str) -> None:
    """A usage error naming the values of ``option`` that are not ``allowed``."""
    bad = sorted(set(given or ()) - set(allowed))
    if bad:
        raise typer.BadParameter(f"{', '.join(bad)} (choose from {', '.join(allowed)})", param_hint=option)


def _kept_findings(run: _Batch, kind: list[str] | None, fail_on: list[str] | None, failing: set[str]):
    """The batch's findings of the kinds kept (all when ``kind`` is empty), counted; the
    ``fail_on`` kinds met are added to ``failing``."""
    for result in run.results():
        for x in result:
            if x.is_a(fail_on or ()):  # an ocr-mismatch fails --fail-on mismatch too
                failing.add(x.kind)
            if not kind or x.kind in kind:
                run.counts["findings"] += 1
                yield x


def _rendered_findings(run: _Batch, fail_on: list[str] | None, failing: set[str]):
    """The findings text the workers rendered, in input order, counted; the ``fail_on``
    kinds met are added to ``failing``."""
    from .check.findings import is_kind  # with the other check imports: not paid by `extract`

    for result in run.results():
        for rendered in result:
            failing |= {k for k in rendered.kinds if is_kind(k, fail_on or ())}
            run.counts["findings"] += rendered.rows
            yield rendered.text


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs, or - for stdin (default: stdin).")] = None,
    *,
    output: OutOpt = None,
    fmt: FormatOpt = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", "-k", help="Keep only confirmed, mismatch, outlier, ocr-mismatch or ocr-outlier (repeatable).")] = None,
    fail_on: Annotated[list[str] | None, typer.Option("--fail-on", help="Exit 3 when findings of this kind exist: mismatch or outlier, their ocr- kinds included (repeatable).")] = None,
    patterns: PatternsOpt = None,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = 0,
    pages_as_document: PagesOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check figures against each other: stated rates, totals and per-unit outliers.

    Example: tongxun check samples/*.txt -f csv
    """
    from .api import check_source, rendered_findings
    from .check import FINDING_COLUMNS, FINDING_KINDS, default_checks
    from .export import STREAMED_FORMATS, write_findings, write_rendered

    _refuse_unknown(kind, FINDING_KINDS, "--kind")
    from .cli_archive import _database, _is_db

    if _is_db(output):
        return _database(paths, output, patterns=patterns, encoding=encoding, jobs=jobs, quiet=quiet, verbose=verbose,
                         keep_finding=lambda x: not kind or x.kind in kind)
    _refuse_unknown(fail_on, ("mismatch", "outlier"), "--fail-on")
    failing: set[str] = set()
    try:
        dirs = tuple(str(p) for p in patterns or ())
        default_checks(dirs)
        fmt_name = _output_format(fmt, output)
        streamed = fmt_name in STREAMED_FORMATS
        work = (functools.partial(rendered_findings, patterns_dirs=dirs, encoding=encoding, fmt=fmt_name, kinds=tuple(kind or ()))
                if streamed else functools.partial(check_source, patterns_dirs=dirs, encoding=encoding))
        run = _Batch(paths, work, jobs, quiet, "findings", pages=pages_as_document, patterns_dirs=dirs)
    except TongxunError as e:
        raise _fail(e, verbose, 2) from None

    try:
        if streamed:
            write_rendered(_rendered_findings(run, fail_on, failing), FINDING_COLUMNS, fmt_name, output)
        else:
            write_findings(_kept_findings(run, kind, fail_on, failing), fmt_name, output)
    except TongxunError as e:
        raise _fail(e, verbose, 1) from None
    run.finish()
    if failing:
        if not quiet:
            err.print(f"tongxun: --fail-on: {', '.join(sorted(failing))} found", markup=False)
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def review(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs, or - for stdin (default: stdin).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the HTML page here (default: stdout).")] = None,
    patterns: PatternsOpt = None,
    encoding: EncodingOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Write one self-contained HTML page to review the figures, their checks and flags.

    Example: tongxun review samples/*.txt -o review.html
    """
    from .check import default_checks
    from .errors import ExportError
    from .patterns import default_patterns
    from .review import write_review

    try:
        dirs = tuple(str(p) for p in patterns or ())
        default_patterns(dirs), default_checks(dirs)
        if output is not None and str(output) != "-" and not output.parent.is_dir():
            raise ExportError(f"{output}: folder {str(output.parent)!r} does not exist")
    except TongxunError as e:
        raise _fail(e, verbose, 2) from None
    try:
        failures = write_review(paths or ["-"], output, encoding=encoding, patterns_dirs=dirs)
    except TongxunError as e:
        raise _fail(e, verbose, 1 if isinstance(e, ExportError) else 2) from None
    for f in failures:
        err.print(f"tongxun: {f}", markup=False)
    if failures:
        raise typer.Exit(1)


from . import cli_archive  # noqa: E402,F401  (registers `tongxun series` and the .db / --dask paths)


def main() -> None:
    # `tongxun extract … | head` should end quietly, as csvkit does
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    from .stopping import Stopped, check_stopped, stop_on_signals

    stop_on_signals()  # SIGTERM and SIGHUP unwind like Ctrl-C: no temp file, no worker left
    try:
        try:
            app()
        finally:
            check_stopped()
    except Stopped as e:
        sys.stderr.write(f"tongxun: stopped by {e.name}\n")
        sys.exit(e.exit_code)


if __name__ == "__main__":
    main()
