"""Many inputs: extract Sources in order, in this process or a pool of workers.

``extract_sources`` runs an extractor over Sources (from ``inputs.expand_inputs``), in
this process or a process pool, yielding results in input order. One source's
failure never stops the batch: it becomes that source's ``InputError``. The names of
``inputs`` and ``stopping`` that callers use with it are importable from here too.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import InputError, TongxunError
from .inputs import STDIN, STDIN_DOC, MissingPathError, Source, expand_inputs, pages_as_documents
from .model import Figure
from .ocr import OcrMissing
from .stopping import STOP_SIGNALS, Stopped, check_stopped, stop_on_signals

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["MAX_WINDOW_PER_JOB", "STDIN", "STDIN_DOC", "WINDOW_PER_JOB", "MissingPathError", "Source", "Stopped",
           "check_stopped", "expand_inputs", "extract_sources", "pages_as_documents", "stop_on_signals"]

log = logging.getLogger(__name__)

WINDOW_PER_JOB = 4  # unfinished tasks queued per worker: workers never idle
MAX_WINDOW_PER_JOB = 32  # finished results waiting behind a slow source, per worker: bounded memory
TASK_BYTES = 160_000  # small files go to a worker together up to this size (about 0.1 s of work)
MAX_TASK_SOURCES = 8


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
    top-level function): ``4 × jobs`` unfinished tasks queued (a task: one file, or
    consecutive small files up to ``TASK_BYTES``), so a large file at the head of the
    line never idles the other workers, and at most ``32 × jobs`` sources held in all
    (results wait there for their turn in input order); ``jobs`` < 1 means one per CPU. A stdin source is always run in this process (workers have
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
    import pickle  # only a parallel run pays for these
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool

    try:
        pickle.dumps(extract)
    except Exception as e:
        raise TypeError(f"with jobs > 1, extract must be a picklable top-level function ({e})") from None
    pending = _Pending(sources)
    window: deque[tuple[tuple[Source, ...], Future]] = deque()  # a task: a few small sources, in input order
    held = 0  # sources in the window
    pool = _pool(jobs)
    try:

        def fill() -> None:
            # keep every worker fed: up to WINDOW_PER_JOB unfinished tasks per worker,
            # even while the head of the window (a large file) is still running; finished
            # results wait for their turn, at most MAX_WINDOW_PER_JOB sources per worker in all
            nonlocal held
            while held < MAX_WINDOW_PER_JOB * jobs:
                if sum(1 for _, f in window if not f.done()) >= WINDOW_PER_JOB * jobs:
                    return
                task = pending.task(MAX_WINDOW_PER_JOB * jobs - held)
                if not task:
                    return
                held += len(task)
                if task[0].path is None:  # stdin belongs to this process: read it here
                    done: Future = Future()
                    done.set_result([_run_one(extract, task[0])])
                    window.append((task, done))
                else:
                    window.append((task, pool.submit(_run_task, extract, task)))

        fill()
        while window:
            task, future = window[0]
            if not future.done():
                wait([f for _, f in window if not f.done()], return_when=FIRST_COMPLETED)
                check_stopped()
                fill()  # a worker is free: give it the next task, whatever the head is doing
                continue
            window.popleft()
            try:
                raws = future.result()
            except BrokenProcessPool:
                pool, raws = _recover(pool, window, extract, task, jobs)
            for source, raw in zip(task, raws, strict=True):
                check_stopped()
                held -= 1
                yield source, _outcome(source, raw)
            fill()
    except BaseException:
        _terminate(pool)  # stopped (a signal, Ctrl-C, the consumer gone): do not finish the work
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _recover(pool, window: deque, extract: Extract, task: tuple[Source, ...], jobs: int):
    """A worker died running ``task``: (a new pool, the task's raw results), the rest of
    the window resubmitted to the new pool."""
    # Which source killed the worker is unknown: retry this task's sources alone, each
    # in a fresh process, and resubmit the unfinished rest.
    log.warning("%s: worker process died; retrying it alone", ", ".join(s.label for s in task))
    rest = list(window)
    window.clear()
    pool.shutdown(wait=False, cancel_futures=True)
    raws = [_run_isolated(extract, source) for source in task]
    pool = _pool(jobs)
    for t, f in rest:
        kept = t[0].path is None or (f.done() and not f.cancelled() and f.exception() is None)
        window.append((t, f if kept else pool.submit(_run_task, extract, t)))
    return pool, raws


class _Pending:
    """The sources not yet handed out, taken a task at a time: consecutive small files
    together, up to ``TASK_BYTES``, so a worker pays one round trip to the parent per
    task, not per file (about 1 ms each, 4% of a 50 KB issue's time); a large file, a
    folder of pages or stdin goes alone."""

    def __init__(self, sources: Iterable[Source]):
        self._sources = iter(sources)
        self._next: Source | None = None

    def task(self, most: int) -> tuple[Source, ...]:
        task: list[Source] = []
        size = 0
        while len(task) < min(most, MAX_TASK_SOURCES):
            source = self._next or next(self._sources, None)
            self._next = None
            if source is None:
                break
            n = _size(source)
            if task and size + n > TASK_BYTES:
                self._next = source  # it starts the next task
                break
            task.append(source)
            size += n
            if source.path is None:
                break
        return tuple(task)


def _size(source: Source) -> int:
    """Bytes to read for ``source``; stdin, a folder or an unreadable path count as large."""
    try:
        return source.path.stat().st_size if source.path is not None and source.path.is_file() else TASK_BYTES
    except OSError:
        return TASK_BYTES


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
    for sig in STOP_SIGNALS[1:]:
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


def _run_task(extract: Extract, task: tuple[Source, ...]) -> list:
    """Run in the worker: ``_run_one`` for each source of one task."""
    return [_run_one(extract, source) for source in task]


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
