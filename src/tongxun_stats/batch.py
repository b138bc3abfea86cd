"""Many inputs: expand paths, folders and globs into Sources; extract them in order.

``expand_inputs`` turns command-line arguments into a stable, sorted list of
:class:`Source`; ``extract_sources`` runs an extractor over them, in this
process or a process pool, yielding results in input order. One source's
failure never stops the batch: it becomes that source's ``InputError``.
"""
from __future__ import annotations

import errno
import glob
import logging
import os
import pickle
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import InputError, TongxunError
from .model import Figure
from .ocr import IMAGE_SUFFIXES, OcrMissing
from .read import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from concurrent.futures import Future

log = logging.getLogger(__name__)

STDIN = "-"
WINDOW_PER_JOB = 4  # futures in flight per worker: bounded memory, workers never idle
_GLOB_MAGIC = re.compile(r"[*?[]")


class MissingPathError(TongxunError):
    """A path or pattern on the command line names nothing (the CLI exits with 2)."""

    def __init__(self, path: str, reason: str = "no such file or folder"):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Source:
    """One document to read: ``path`` is None for stdin; ``doc`` is the name in the doc column."""

    path: Path | None
    doc: str

    @property
    def label(self) -> str:
        """How errors name this source: the path as given, or "-" for stdin."""
        return STDIN if self.path is None else str(self.path)


# -- expanding the command line -------------------------------------------------


def expand_inputs(paths: list[str]) -> tuple[list[Source], list[InputError]]:
    """Files, folders (recursive), glob patterns (``*`` ``?`` ``[..]`` ``**``) and "-" -> Sources.

    - A file given directly is taken whatever its suffix; ``doc`` is its name.
    - A folder is walked recursively in name order (a subfolder's files where its
      name sorts), keeping only ``SUPPORTED_SUFFIXES`` and skipping hidden files and
      folders and Office lock files (``~$x.docx``); ``doc`` is the path relative to
      the folder given, with "/" separators.
    - A pattern is matched with ``glob`` (recursive ``**``); matches are filtered
      like a folder's files, folders it matches are walked, and ``doc`` is relative
      to the pattern's literal leading folder.
    - The same file reached twice (``dir dir/a.txt``, two links) is kept once, first seen.

    Raises ``MissingPathError`` when a path does not exist or a pattern matches
    nothing. An unreadable folder, a symlink loop or a broken link met while
    walking is returned as an ``InputError`` and the walk goes on.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    seen: set[str] = set()

    def add(path: Path | None, doc: str) -> None:
        key = STDIN if path is None else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            sources.append(Source(path, doc))

    for arg in paths:
        if arg == STDIN:
            add(None, STDIN)
            continue
        p = Path(arg)
        if p.is_dir():
            for f in _walk(p, p, errors):
                add(f, f.relative_to(p).as_posix())
        elif p.exists():
            add(p, p.name)
        elif p.is_symlink():
            errors.append(InputError(arg, _link_reason(p)))
        elif _GLOB_MAGIC.search(arg):
            matched = _expand_glob(arg, errors)
            if not matched:
                raise MissingPathError(arg, "no file matches this pattern")
            for f, doc in matched:
                add(f, doc)
        else:
            raise MissingPathError(arg)
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


def _expand_glob(pattern: str, errors: list[InputError]) -> list[tuple[Path, str]]:
    root = _literal_root(pattern)
    found: list[tuple[Path, str]] = []
    for m in sorted(glob.glob(pattern, recursive=True), key=_sort_key):
        p = Path(m)
        if p.is_dir():
            found.extend((f, _relative(f, root)) for f in _walk(p, p, errors))
        elif _wanted(p.name):
            if p.exists():
                found.append((p, _relative(p, root)))
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


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


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
    top-level function) with at most ``4 × jobs`` sources in flight; ``jobs`` < 1
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
        yield source, _outcome(source, _run_one(extract, source))


def _parallel(sources: Iterable[Source], extract: Extract, jobs: int) -> Iterator[Outcome]:
    from concurrent.futures import Future, ProcessPoolExecutor  # only a parallel run pays for these
    from concurrent.futures.process import BrokenProcessPool

    try:
        pickle.dumps(extract)
    except Exception as e:
        raise TypeError(f"with jobs > 1, extract must be a picklable top-level function ({e})") from None
    pending = iter(sources)
    window: deque[tuple[Source, Future]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:

        def fill() -> None:
            while len(window) < WINDOW_PER_JOB * jobs:
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
            source, future = window.popleft()
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
                pool = ProcessPoolExecutor(max_workers=jobs)
                for s, f in rest:
                    window.append((s, f if s.path is None else pool.submit(_run_one, extract, s)))
            yield source, _outcome(source, raw)
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_isolated(extract: Extract, source: Source):
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            return solo.submit(_run_one, extract, source).result()
        except BrokenProcessPool:
            return ("error", source.label, "the worker process crashed while reading it")


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
    except Exception as e:
        lines = str(e).strip().splitlines()
        return ("error", source.label, f"{type(e).__name__}: {lines[0]}" if lines else type(e).__name__)


def _outcome(source: Source, raw) -> list[Figure] | InputError:
    if isinstance(raw, tuple):
        _, path, reason, *kind = raw
        return OcrMissing(path, reason) if kind == ["ocr"] else InputError(path, reason)
    return raw
