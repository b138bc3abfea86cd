"""The CLI of archives: ``tongxun series``, ``-o *.db`` for extract/check/series, ``extract --dask``.

A few lines over ``series.series_records``, ``sqlite_out.write_database`` and
``cluster.extract_on_cluster``, registered on ``cli.app`` (``cli`` imports this module
last, so everything used from it exists by then).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    EncodingOpt,
    FormatOpt,
    JobsOpt,
    OutOpt,
    PatternsOpt,
    QuietOpt,
    VerboseOpt,
    _Batch,
    _fail,
    _output_format,
    app,
    err,
)
from .errors import TongxunError


@app.command()
def series(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs, or - for stdin (default: stdin).")] = None,
    *,
    output: OutOpt = None,
    fmt: FormatOpt = None,
    metric: Annotated[list[str] | None, typer.Option("--metric", "-m", help="Keep this metric (name or alias; repeatable).")] = None,
    region: Annotated[list[str] | None, typer.Option("--region", "-r", help="Keep this place and what lies in it (repeatable).")] = None,
    program: Annotated[list[str] | None, typer.Option("--program", help="Keep this programme (name or alias; repeatable).")] = None,
    by: Annotated[str, typer.Option("--by", help="period, month or year: the step of the series.")] = "period",
    wide: Annotated[bool, typer.Option("--wide", help="One row per metric x region x programme, a column per period.")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also write a chart page (HTML, works offline) here.")] = None,
    patterns: PatternsOpt = None,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = 0,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """One time series over many issues: each figure once, with how many issues agree.

    Example: tongxun series archive/ --metric 承保份数 -o series.csv --plot trends.html
    """
    from . import batch, export
    from .api import extract_source
    from .filters import filter_figures, filter_programmes
    from .patterns import default_patterns
    from .places import place_index
    from .series import BY_CHOICES, SERIES_COLUMNS, series_records, wide_records

    if by not in BY_CHOICES:
        raise typer.BadParameter(f"{by} (choose from {', '.join(BY_CHOICES)})", param_hint="--by")
    dirs = tuple(str(p) for p in patterns or ())

    def keep(figs, pats=None):
        pats = pats or default_patterns(dirs)
        return filter_programmes(filter_figures(figs, pats, place_index(pats.place_aliases), metric or (), region or ()), pats, program or ())

    if _is_db(output):
        if plot is not None or wide or by != "period":
            raise typer.BadParameter("-o *.db writes the series by period; give --plot, --wide or --by with another -o")
        return _database(paths, output, patterns=patterns, encoding=encoding, jobs=jobs, quiet=quiet, verbose=verbose, keep_figure=keep)
    try:
        pats = default_patterns(dirs)
        fmt_name = _output_format(fmt, output)
        run = _Batch(paths, functools.partial(extract_source, patterns_dirs=dirs, encoding=encoding), jobs, quiet, "figures",
                     patterns_dirs=dirs)
    except (batch.MissingPathError, TongxunError) as e:
        raise _fail(e, verbose, 2) from None
    figures = []
    for figs in run.results():
        run.counts["figures"] += len(figs)
        figures += keep(figs, pats)
    rows = series_records(figures, by=by, metrics=set(pats.metrics))
    columns = SERIES_COLUMNS if by == "period" else (*SERIES_COLUMNS, "as_of")
    try:
        if plot is not None:
            from .plot import write_plot

            write_plot(rows, plot)
        if wide:
            columns, records = wide_records(rows)
            export.write_records(records, columns, set(columns[5:]), fmt_name, output)
        else:
            export.write_records(rows, columns, {"value", "sources"}, fmt_name, output)
    except TongxunError as e:
        raise _fail(e, verbose, 1) from None
    run.finish()


def _is_db(output: Path | None) -> bool:
    from .sqlite_out import is_database_path

    return is_database_path(output)


def _database(paths, output: Path, *, patterns, encoding, jobs: int, quiet: bool, verbose: bool,
              keep_figure=None, keep_finding=None) -> None:
    """``-o x.db``: every input's figures, findings and documents row, and the series, into SQLite."""
    from . import batch
    from .patterns import default_patterns
    from .sqlite_out import document_result, write_database

    try:
        dirs = tuple(str(p) for p in patterns or ())
        pats = default_patterns(dirs)
        run = _Batch(paths, functools.partial(document_result, patterns_dirs=dirs, encoding=encoding), jobs, quiet, "figures",
                     patterns_dirs=dirs)
    except (batch.MissingPathError, TongxunError) as e:
        raise _fail(e, verbose, 2) from None

    def results():
        for [r] in run.results():
            if not r.ok:  # unreadable: its documents row says why, and the run fails as extract's does
                run.counts["read"] -= 1
                run.counts["failed"] += 1
                err.print(f"tongxun: {r.info['status']}", markup=False)
            run.counts["figures"] += len(r.figures)
            yield r

    try:
        write_database(results(), output, keep_figure=keep_figure, keep_finding=keep_finding,
                       series_metrics=set(pats.metrics))
    except TongxunError as e:
        raise _fail(e, verbose, 1) from None
    run.finish()


def _dask_extract(paths, output: Path | None, scheduler: str, patterns, verbose: bool) -> None:
    """``--dask``: the extraction on a Dask cluster, written as a partitioned Parquet dataset."""
    from . import batch
    from .cluster import extract_on_cluster

    if output is None:
        raise _fail(TongxunError("--dask needs -o, a Parquet folder to create"), verbose, 2)
    try:
        n = extract_on_cluster(paths or [], output, scheduler=scheduler, patterns_dirs=[str(p) for p in patterns or ()])
    except (batch.MissingPathError, TongxunError) as e:
        raise _fail(e, verbose, 2) from None
    err.print(f"tongxun: {n} documents -> {output}", markup=False)
