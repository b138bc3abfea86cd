"""The extraction on a Dask cluster, written as a partitioned Parquet dataset
(``tongxun extract ARCHIVE --dask local|tcp://host:8786 -o figures.parquet/``).

The same call as the CLI (``pipeline.extract_file``) runs on the workers, one task per
chunk of files; each task returns a pandas DataFrame of ``export.figure_record`` rows,
and ``dask.dataframe.to_parquet`` writes them Hive-partitioned (``issue_year=2020/...``
by default, or ``partition_on=["doc"]`` for one folder per document). The rows are
those of a local run; only their order across partitions differs.

Needs the optional extra: ``pip install 'tongxun-stats[dask]'``; the workers of a
remote cluster need tongxun-stats installed and the files at the same paths.

Reading it back::

    import pandas as pd
    df = pd.read_parquet("figures.parquet")            # or dask.dataframe.read_parquet
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import ExportError, TongxunError
from .export import COLUMNS, INT_COLUMNS, NUMERIC_COLUMNS, figure_record

YEAR_COLUMN = "issue_year"  # issue_date[:4], or "unknown": a coarse partition key for an archive
DEFAULT_PARTITION_ON = (YEAR_COLUMN,)
LOCAL = "local"
log = logging.getLogger("tongxun.dask")


def frame_dtypes() -> dict[str, str]:
    """The column types `tongxun extract -o x.parquet` writes: int64, float64, else string."""
    return {
        c: "int64" if c in INT_COLUMNS else "float64" if c in NUMERIC_COLUMNS else "string"
        for c in (*COLUMNS, YEAR_COLUMN)
    }


def empty_frame():
    """The schema of every partition (Dask's ``meta``)."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in frame_dtypes().items()})


def extract_chunk(items: Sequence[tuple[str, str]], patterns_dirs: tuple[str, ...] = ()):
    """Runs on a worker: ``(path, doc)`` pairs -> one DataFrame of figure records.

    A file the library refuses (a ``TongxunError``: unreadable, bad encoding) is
    logged by the worker and skipped, as the CLI skips it; any other exception is a
    bug and fails the task, so the computation raises instead of writing fewer rows.
    """
    import pandas as pd

    from .api import extract_file
    from .patterns import default_patterns

    patterns = default_patterns(tuple(patterns_dirs))  # cached per worker process
    records = []
    for path, doc in items:
        try:
            figures = extract_file(path, patterns=patterns, doc=doc)
        except TongxunError:  # one bad file must not fail the whole partition
            log.exception("%s: extraction failed", path)
            continue
        records.extend(figure_record(f) for f in figures)
    df = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    df[YEAR_COLUMN] = df["issue_date"].str[:4].where(df["issue_date"].str.len() >= 4, "unknown")
    return df.astype(frame_dtypes())


def list_documents(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """Files, folders and globs -> ``(path, doc)`` pairs, named as the CLI names them
    (a folder that cannot be listed is logged and skipped; stdin has no place here)."""
    from .inputs import expand_inputs

    sources, failures = expand_inputs([str(p) for p in paths])
    for f in failures:
        log.warning("tongxun: %s", f)
    return [(str(s.path), s.doc) for s in sources if s.path is not None]


def extract_to_parquet(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    files_per_task: int = 16,
    partition_on: Sequence[str] = DEFAULT_PARTITION_ON,
    patterns_dirs: Sequence[str] = (),
) -> int:
    """Extract every document under ``paths`` on the current Dask scheduler (a
    ``distributed.Client`` made before the call, else Dask's threads) and write the
    Parquet dataset ``out``; return the number of documents."""
    import dask
    import dask.dataframe as dd

    docs = list_documents(paths)
    if not docs:
        raise ExportError("no documents found")
    if "doc" in partition_on and any("/" in doc for _, doc in docs):
        # Dask writes doc=2020/a.txt as two folder levels, and it reads back as doc=2020
        raise ExportError("cannot partition on doc: documents in subfolders have '/' in their names; "
                          f"partition on {YEAR_COLUMN} instead")
    chunks = [docs[i : i + files_per_task] for i in range(0, len(docs), files_per_task)]
    task = dask.delayed(extract_chunk, pure=True)
    parts = [task(chunk, tuple(patterns_dirs)) for chunk in chunks]
    frame = dd.from_delayed(parts, meta=empty_frame(), verify_meta=False)
    write = frame.to_parquet(str(out), partition_on=list(partition_on) or None, write_index=False, compute=False,
                             engine="pyarrow", overwrite=False)
    dask.compute(write)
    return len(docs)


def extract_on_cluster(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    scheduler: str | None = LOCAL,
    workers: int = 2,
    files_per_task: int = 16,
    partition_on: Sequence[str] = DEFAULT_PARTITION_ON,
    patterns_dirs: Sequence[str] = (),
) -> int:
    """Extract every document under ``paths`` on a Dask cluster into the Parquet dataset
    ``out``; return the number of documents.

    ``scheduler``: ``"local"`` starts a ``LocalCluster`` of ``workers`` processes for the
    call; an address (``tcp://host:8786``) connects to a running scheduler; None uses
    whatever scheduler is active. A local ``out`` must not exist: the dataset is
    written into a temp folder beside it and renamed, so it appears whole or not at all.
    """
    try:
        import distributed
    except ImportError:
        raise ExportError("--dask needs the dask extra: pip install 'tongxun-stats[dask]'") from None
    local_out = "://" not in str(out)
    if local_out and os.path.lexists(out):
        raise ExportError(f"{out}: already exists (a Parquet dataset is written into a new folder)")
    target = Path(out)
    if local_out and not target.parent.is_dir():
        raise ExportError(f"{out}: folder {str(target.parent)!r} does not exist")
    with contextlib.ExitStack() as stack:
        if scheduler == LOCAL:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"))
            stack.enter_context(distributed.Client(cluster))
        elif scheduler:
            try:
                stack.enter_context(distributed.Client(scheduler, timeout="20s"))
            except (OSError, TimeoutError, ValueError) as e:
                raise ExportError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
        kwargs = {"files_per_task": files_per_task, "partition_on": partition_on, "patterns_dirs": patterns_dirs}
        if not local_out:
            return extract_to_parquet(paths, out, **kwargs)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            n = extract_to_parquet(paths, tmp / "data", **kwargs)
            os.replace(tmp / "data", target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return n
