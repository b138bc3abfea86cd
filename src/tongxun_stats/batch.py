"""Many inputs: expand paths, folders and globs into Sources; extract them in order.

``expand_inputs`` turns command-line arguments into a stable, sorted list of
:class:`Source`; ``extract_sources`` runs an extractor over them, in this
process or a process pool, yielding results in input order. One source's
failure never stops the batch: it becomes that source's ``InputError``.
"""
from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import pickle
import re
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import InputError, TongxunError, printable_name
from .model import Figure
from .ocr import IMAGE_SUFFIXES, OcrMissing
from .read import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from concurrent.futures import Future

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_DOC = "<stdin>"  # the doc column of what was read from stdin
WINDOW_PER_JOB = 4  # unfinished sources queued per worker: workers never idle
MAX_WINDOW_PER_JOB = 32  # finished results waiting behind a slow source, per worker: bounded memory
_GLOB_MAGIC = re.compile(r"[*?[]")


class MissingPathError(TongxunError):
    """A path or pattern on the command line names nothing (the CLI exits with 2)."""

    def __init__(self, path: str, reason: str = "no such file or folder"):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Source:
    """One document to read: ``path`` is None for stdin; ``doc`` is the name in the doc column
    (a name that is not UTF-8 written with its bytes escaped, ``\\xb1``)."""

    path: Path | None
    doc: str

    @property
    def label(self) -> str:
        """How errors name this source: the path as given, or "-" for stdin."""
        return STDIN if self.path is None else printable_name(str(self.path))


# -- expanding the command line -------------------------------------------------


def expand_inputs(paths: list[str]) -> tuple[list[Source], list[InputError]]:
    """Files, folders (recursive), glob patterns (``*`` ``?`` ``[..]`` ``**``) and "-" -> Sources.

    - A file given directly is taken whatever its suffix.
    - A folder is walked recursively in name order (a subfolder's files where its
      name sorts), keeping only ``SUPPORTED_SUFFIXES`` and skipping hidden files and
      folders and Office lock files (``~$x.docx``).
    - A pattern is matched with ``glob`` (recursive ``**``); matches are filtered
      like a folder's files, and folders it matches are walked.
    - ``doc`` is unique in one run: the path, with "/" separators, relative to the
      common parent of all inputs (a folder given, a pattern's literal leading folder,
      a file's folder); so one folder's files keep their names below it, and two
      folders' files of the same name are told apart (``2021/a.txt``, ``2022/a.txt``).
      stdin's is ``<stdin>``.
    - The same file reached twice (``dir dir/a.txt``, two links) is kept once, first seen.

    Raises ``MissingPathError`` when a path does not exist or a pattern matches
    nothing. An unreadable folder, a symlink loop or a broken link met while
    walking is returned as an ``InputError`` and the walk goes on, and so is a
    folder or pattern with no readable file in it.
    """
    found: list[tuple[Path | None, Path | None]] = []  # (file, the input's folder)
    errors: list[InputError] = []
    seen: set[str] = set()

    def add(path: Path | None, root: Path | None) -> None:
        key = STDIN if path is None else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.append((path, root))

    for arg in paths:
        if arg == STDIN:
            add(None, None)
            continue
        p = Path(arg)
        if p.is_dir():
            files = list(_walk(p, p, errors))
            if not files:
                errors.append(InputError(arg, _NOTHING_READABLE))
            for f in files:
                add(f, p)
        elif p.exists():
            add(p, p.parent)
        elif p.is_symlink():
            errors.append(InputError(arg, _link_reason(p)))
        elif _GLOB_MAGIC.search(arg):
            matched = glob.glob(arg, recursive=True)
            if not matched:
                raise MissingPathError(arg, "no file matches this pattern")
            files = _expand_glob(matched, errors)
            if not files:
                errors.append(InputError(arg, _NOTHING_READABLE))
            root = _literal_root(arg)
            for f in files:
                add(f, root)
        else:
            raise MissingPathError(arg)
    roots = {os.path.abspath(r) for f, r in found if f is not None}
    common = os.path.commonpath(sorted(roots)) if roots else ""
    sources = [Source(f, STDIN_DOC if f is None else printable_name(_relative(f, common))) for f, _ in found]
    return sources, errors


def pages_as_documents(sources: list[Source]) -> list[Source]:
    """The page images of each folder as one Source: the folder, read page by page in
    name order (``issue-2.png`` before ``issue-10.png``); ``doc`` is the folder's name
    (relative, like a file's). It stands where the folder's first page stood."""
    out: list[Source] = []
    seen: set[Path] = set()
    for s in sources:
        if s.path is None or s.path.suffix.lower() not in IMAGE_SUFFIXES:
            out.append(s)
            continue
        folder = s.path.parent
        if folder not in seen:
            seen.add(folder)
            parent = PurePosixPath(s.doc).parent.as_posix()
            out.append(Source(folder, parent if parent != "." else (folder.resolve().name or str(folder))))
    return out


_NOTHING_READABLE = f"no readable file here (looked for {' '.join(SUPPORTED_SUFFIXES)})"


def _expand_glob(matched: list[str], errors: list[InputError]) -> list[Path]:
    found: list[Path] = []
    for m in sorted(matched, key=_sort_key):
        p = Path(m)
        if p.is_dir():
            found.extend(_walk(p, p, errors))
        elif _wanted(p.name):
            if p.exists():
                found.append(p)
            else:
                errors.append(InputError(m, _link_reason(p)))
    return found


def _literal_root(pattern: str) -> Path:
    parts = []
    for part in Path(pattern).parts[:-1]:
        if _GLOB_MAGIC.search(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _relative(path: Path, root: str) -> str:
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix() if root else path.as_posix()


def _sort_key(path: str) -> tuple[str, ...]:
    return Path(path).parts


def _wanted(name: str) -> bool:
    return not name.startswith((".", "~$")) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _walk(
    folder: Path, display: Path, errors: list[InputError], ancestors: frozenset = frozenset()
) -> Iterator[Path]:
    """Files under ``folder`` in name order, following links; loops become errors."""
    try:
        st = folder.stat()
        me = (st.st_dev, st.st_ino)
        if me in ancestors:
            errors.append(InputError(str(display), "symbolic link loop (folder links back to a parent)"))
            return
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        errors.append(InputError(str(display), "permission denied (cannot list the folder)"))
        return
    except OSError as e:
        errors.append(InputError(str(display), _os_reason(e)))
        return
    inside = ancestors | {me}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()  # follows symlinks
            is_file = entry.is_file()
        except OSError as e:
            errors.append(InputError(str(path), _os_reason(e)))
            continue
        if is_dir:
            yield from _walk(path, path, errors, inside)
        elif is_file:
            if _wanted(entry.name):
                yield path
        elif entry.is_symlink() and _wanted(entry.name):
            errors.append(InputError(str(path), _link_reason(path)))


def _link_reason(path: Path) -> str:
    try:
        path.stat()
    except OSError as e:
        return _os_reason(e)
    return "cannot read"


def _os_reason(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.ENOENT:
        return "broken symbolic link"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return e.strerror or str(e)


# -- extracting ---------------------------------------------------------------------

Extract = Callable[[Source], list[Figure]]
Outcome = tuple[Source, "list[Figure] | InputError"]


def extract_sources(
    sources: Iterable[Source],
    extract: Extract,
    jobs: int = 1,
    progress: Callable[[Source, int], None] | None = None,
) -> Iterator[tuple[Source, list[Figure] | InputError]]:
    """Run ``extract`` on each source; yield ``(source, figures or InputError)`` in input order.

    ``jobs`` > 1 uses a process pool (``extract`` must then be a picklable
    top-level function): ``4 × jobs`` unfinished sources queued, so a large file at the
    head of the line never idles the other workers, and at most ``32 × jobs`` sources
    held in all (results wait there for their turn in input order); ``jobs`` < 1
    means one per CPU. A stdin source is always run in this process (workers have
    no stdin). Any exception from one source (a TongxunError, or anything
    else, named with its type) becomes that source's ``InputError``; a worker that
    dies (e.g. a crash in a native library) is retried alone, then reported.
    ``progress(source, n_figures)`` is called in this process as each result is
    yielded (``n_figures`` is 0 for a failure).
    """
    if jobs < 1:
        jobs = os.cpu_count() or 1
    results = _serial(sources, extract) if jobs == 1 else _parallel(sources, extract, jobs)
    for source, result in results:
        if progress is not None:
            progress(source, 0 if isinstance(result, InputError) else len(result))
        yield source, result


def _serial(sources: Iterable[Source], extract: Extract) -> Iterator[Outcome]:
    for source in sources:
        outcome = _outcome(source, _run_one(extract, source))
        check_stopped()
        yield source, outcome


def _parallel(sources: Iterable[Source], extract: Extract, jobs: int) -> Iterator[Outcome]:
    from concurrent.futures import FIRST_COMPLETED, Future, wait  # only a parallel run pays for these
    from concurrent.futures.process import BrokenProcessPool

    try:
        pickle.dumps(extract)
    except Exception as e:
        raise TypeError(f"with jobs > 1, extract must be a picklable top-level function ({e})") from None
    pending = iter(sources)
    window: deque[tuple[Source, Future]] = deque()
    pool = _pool(jobs)
    try:

        def fill() -> None:
            # keep every worker fed: up to WINDOW_PER_JOB unfinished sources per worker,
            # even while the head of the window (a large file) is still running; finished
            # results wait for their turn, at most MAX_WINDOW_PER_JOB per worker in all
            while len(window) < MAX_WINDOW_PER_JOB * jobs:
                if sum(1 for _, f in window if not f.done()) >= WINDOW_PER_JOB * jobs:
                    return
                source = next(pending, None)
                if source is None:
                    return
                if source.path is None:  # stdin belongs to this process: read it here
                    done: Future = Future()
                    done.set_result(_run_one(extract, source))
                    window.append((source, done))
                else:
                    window.append((source, pool.submit(_run_one, extract, source)))

        fill()
        while window:
            source, future = window[0]
            if not future.done():
                wait([f for _, f in window if not f.done()], return_when=FIRST_COMPLETED)
                check_stopped()
                fill()  # a worker is free: give it the next source, whatever the head is doing
                continue
            window.popleft()
            try:
                raw = future.result()
            except BrokenProcessPool:
                # Which source killed the worker is unknown: start a new pool, retry
                # this source alone in a fresh process, and resubmit the rest.
                log.warning("%s: worker process died; retrying it alone", source.label)
                rest = list(window)
                window.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                raw = _run_isolated(extract, source)
                pool = _pool(jobs)
                for s, f in rest:
                    kept = s.path is None or (f.done() and not f.cancelled() and f.exception() is None)
                    window.append((s, f if kept else pool.submit(_run_one, extract, s)))
            check_stopped()
            yield source, _outcome(source, raw)
            fill()
    except BaseException:
        _terminate(pool)  # stopped (a signal, Ctrl-C, the consumer gone): do not finish the work
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_isolated(extract: Extract, source: Source):
    from concurrent.futures.process import BrokenProcessPool

    with _pool(1) as solo:
        try:
            return solo.submit(_run_one, extract, source).result()
        except BrokenProcessPool:
            return ("error", source.label, "the worker process crashed while reading it")


def _pool(jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),))


def _terminate(pool) -> None:
    """Stop the pool's workers now, mid-document."""
    if hasattr(signal, "SIGPIPE") and threading.current_thread() is threading.main_thread():
        # the pool's feeder thread may still write to a worker's pipe: that must not kill us
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    import multiprocessing

    # the pool's own workers, and any forked in the moment the stop came (not yet registered)
    workers = {*(getattr(pool, "_processes", None) or {}).values(), *multiprocessing.active_children()}
    for process in workers:
        with contextlib.suppress(Exception):
            process.terminate()


def _worker_init(parent: int) -> None:
    """In each worker: the parent decides about Ctrl-C; SIGTERM/SIGHUP end the worker; and
    the worker dies with its parent, even when the parent is killed outright (SIGKILL)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in _STOP_SIGNALS[1:]:
        signal.signal(sig, signal.SIG_DFL)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _die_with_parent() -> bool:
    """Linux: ask the kernel for SIGKILL when the parent exits (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


# -- stopping -----------------------------------------------------------------------

_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


class Stopped(BaseException):
    """The run was stopped by a signal (SIGINT, SIGTERM, SIGHUP). It unwinds like Ctrl-C:
    temp output is removed, workers are stopped, the previous output stays; the
    process should exit with ``exit_code`` (128 + the signal number)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def stop_on_signals() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Stopped` in this (main) thread."""
    for sig in _STOP_SIGNALS:
        signal.signal(sig, _raise_stopped)
    previous = sys.unraisablehook

    def unraisable(info) -> None:  # Stopped in a fork hook: check_stopped raises it again
        if not isinstance(info.exc_value, Stopped):
            previous(info)

    sys.unraisablehook = unraisable


_stop_requested: list[int] = []


def _raise_stopped(signum, _frame):
    for sig in _STOP_SIGNALS:  # a second signal must not interrupt the clean-up
        signal.signal(sig, signal.SIG_IGN)
    _stop_requested.append(signum)
    raise Stopped(signum)


def check_stopped() -> None:
    """Raise :class:`Stopped` again if a stop signal came while its exception could not
    propagate (Python ignores an exception raised in, e.g., a fork hook)."""
    if _stop_requested:
        raise Stopped(_stop_requested[0])


def _run_one(extract: Extract, source: Source):
    """Run in the worker: returns figures or a plain ("error", path, reason) tuple.

    Errors travel as tuples because exception classes with a two-argument
    ``__init__`` (InputError) do not survive pickling between processes.
    """
    try:
        return list(extract(source))
    except OcrMissing as e:  # named once by the CLI, with the install hint
        return ("error", e.path, e.reason, "ocr")
    except InputError as e:
        return ("error", e.path, e.reason)
    except TongxunError as e:
        return ("error", source.label, str(e))
    except TimeoutError:  # a guarded regex (regex_guard) ran out of time on this document
        return ("error", source.label, "a pattern ran out of time on this document (regex timed out); "
                "check your patterns folder with: tongxun patterns check DIR")
    except Exception as e:
        lines = str(e).strip().splitlines()
        return ("error", source.label, f"{type(e).__name__}: {lines[0]}" if lines else type(e).__name__)


def _outcome(source: Source, raw) -> list[Figure] | InputError:
    if isinstance(raw, tuple):
        _, path, reason, *kind = raw
        return OcrMissing(path, reason) if kind == ["ocr"] else InputError(path, reason)
    return raw
