"""What every ``tongxun`` command shares: the typer app, the console for messages, the
option types, and ``_Batch``, one library call driven over many inputs. ``cli`` and
``cli_archive`` put their commands on this ``app``; neither imports the other's.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, batch
from .errors import ExportError, TongxunError
from .export import check_format
from .ocr import INSTALL_HINT, OcrMissing
from .patterns import default_patterns

# Usage errors go through rich's boxed panels only on a terminal; piped, click's plain
# one-line messages (a panel wraps at 80 columns, splitting paths).
_MARKUP = "rich" if sys.stderr.isatty() else None
app = typer.Typer(
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    rich_markup_mode=_MARKUP,
    help="Extract every reported figure from Chinese work newsletters (工作通讯) into tidy rows.",
)
patterns_app = typer.Typer(
    rich_markup_mode=_MARKUP,
    help="List or check the knowledge files (metrics, units, programmes, places).\n\nExample: tongxun patterns check my_patterns/",
)
app.add_typer(patterns_app, name="patterns")


class _Stderr:
    """rich's Console on stderr, made on first use: a run that prints no message never
    imports rich (about 15 ms of every start-up)."""

    _console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            # soft_wrap: a message is one line whatever the width (rich honours NO_COLOR itself)
            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.console, name)


err = _Stderr()
EXIT_FINDINGS = 3  # check --fail-on: such findings exist

OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (format from its extension).")]
FormatOpt = Annotated[str | None, typer.Option("--format", "-f", help="table, csv, tsv, jsonl, json, parquet or xlsx.")]
PatternsOpt = Annotated[list[Path] | None, typer.Option("--patterns", "-p", help="Extra patterns folder (repeatable).")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", help="Force a text encoding (e.g. gbk).")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: all cores).")]
CrlfOpt = Annotated[bool, typer.Option("--crlf", help="End CSV/TSV lines in CRLF instead of LF.")]
PagesOpt = Annotated[bool, typer.Option("--pages-as-document", help="Read the page images of each folder as one document.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tongxun {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """tongxun: figures from 工作通讯 newsletters as rows."""


def _fail(e: BaseException, verbose: bool, code: int) -> typer.Exit:
    err.print(f"tongxun: {e}", markup=False)
    if verbose:
        err.print_exception()
    return typer.Exit(code)


def _output_format(fmt: str | None, out: Path | None) -> str:
    """The output format, checked before any input is read: an unknown format, a binary
    one on stdout or an output folder that does not exist is a usage error."""
    to_stdout = out is None or str(out) == "-"
    if fmt is None and to_stdout:
        fmt = "table" if sys.stdout.isatty() else "csv"
    fmt = check_format(fmt, out)
    if not to_stdout and not out.parent.is_dir():
        raise ExportError(f"{out}: folder {str(out.parent)!r} does not exist")
    return fmt


def _patterns(dirs: tuple[str, ...], verbose: bool):
    """The patterns for ``--patterns`` folders; a bad folder is a usage error."""
    try:
        return default_patterns(dirs)
    except TongxunError as e:
        raise _fail(e, verbose, 2) from None


class _Batch:
    """One library call driven over many inputs, as ``extract`` and ``check`` do it: bad
    inputs are named on stderr and skipped, results stream in input order, a summary
    line counts what happened, and the exit code is 1 when any input failed."""

    def __init__(self, paths: list[str] | None, work, jobs: int, quiet: bool, noun: str, *, pages: bool = False,
                 patterns_dirs: tuple[str, ...] = ()):
        self._batch = batch
        self.sources, failures = batch.expand_inputs(paths or ["-"])  # MissingPathError: usage
        if pages:
            self.sources = batch.pages_as_documents(self.sources)
        for f in failures:
            err.print(f"tongxun: {f}", markup=False)
        if any(s.path is None for s in self.sources) and sys.stdin.isatty():
            err.print("tongxun: reading the text from stdin (end it with Ctrl-D; give a path to read files)", markup=False)
        self.counts = {"read": 0, "failed": len(failures), noun: 0}
        self.need_ocr: list[str] = []  # page images and scanned PDFs, named once at the end
        self.noun = noun
        self.quiet = quiet
        self.work = work
        self.jobs = jobs if jobs > 0 else min(os.cpu_count() or 1, len(self.sources)) or 1
        self.patterns_dirs = patterns_dirs

    def results(self, progress=None):
        """Each readable input's list of results, in input order."""
        if self.jobs > 1:  # built once here, the workers forked from this process share it
            from .api import warm_up  # the library, imported when a run starts, not by --help

            warm_up(self.patterns_dirs)
        for _source, result in self._batch.extract_sources(self.sources, self.work, jobs=self.jobs):
            if progress:
                progress.advance(progress.task_ids[0])
            if isinstance(result, OcrMissing):
                self.counts["failed"] += 1
                self.need_ocr.append(result.path)
                continue
            if isinstance(result, Exception):
                self.counts["failed"] += 1
                err.print(f"tongxun: {result}", markup=False)
                continue
            self.counts["read"] += 1
            yield result

    def finish(self) -> None:
        c = self.counts
        if self.need_ocr:
            names = ", ".join(self.need_ocr[:3]) + (", …" if len(self.need_ocr) > 3 else "")
            err.print(f"tongxun: {len(self.need_ocr)} scanned file(s) need OCR ({names}): {INSTALL_HINT}",
                      markup=False, soft_wrap=True)
        if not self.quiet and (len(self.sources) > 1 or c["failed"]):
            err.print(f"tongxun: {c['read']} read, {c['failed']} failed, {c[self.noun]} {self.noun}", markup=False)
        if c["failed"]:
            raise typer.Exit(1)
