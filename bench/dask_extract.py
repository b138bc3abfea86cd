"""Example: run the tongxun library over an archive on a Dask cluster, write partitioned Parquet.

The same call as the CLI (``pipeline.extract_file``) runs on the workers, one task per
chunk of files; each task returns a pandas DataFrame of ``export.figure_record`` rows,
and ``dask.dataframe.to_parquet`` writes them Hive-partitioned (``issue_year=2020/...``
by default, or ``--partition-on doc`` for one folder per document).

Needs the optional extra: ``pip install 'tongxun-stats[dask]'``.

Usage:
    # a local cluster of 2 worker processes
    .venv/bin/python bench/dask_extract.py samples/ -o figures.parquet
    # an existing cluster (the workers need tongxun-stats installed)
    .venv/bin/python bench/dask_extract.py /data/archive -o s3://bucket/figures --scheduler tcp://host:8786

Reading it back:
    import pandas as pd
    df = pd.read_parquet("figures.parquet")            # or dask.dataframe.read_parquet
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from tongxun_stats.export import COLUMNS, figure_record
from tongxun_stats.patterns import default_patterns
from tongxun_stats.pipeline import extract_file

INT_COLUMNS = ("line", "start", "end")
FLOAT_COLUMNS = ("value", "lower", "upper")  # float64, as `tongxun extract -o x.parquet` writes them
YEAR_COLUMN = "issue_year"  # issue_date[:4], or "unknown": a coarse partition key for an archive
DEFAULT_PARTITION_ON = (YEAR_COLUMN,)


def frame_dtypes() -> dict[str, str]:
    return {
        c: "int64" if c in INT_COLUMNS else "float64" if c in FLOAT_COLUMNS else "string"
        for c in (*COLUMNS, YEAR_COLUMN)
    }


def empty_frame() -> pd.DataFrame:
    """The schema of every partition (Dask's ``meta``)."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in frame_dtypes().items()})


def extract_chunk(items: Sequence[tuple[str, str]], patterns_dirs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Runs on a worker: ``(path, doc)`` pairs -> one DataFrame of figure records.

    A file the library refuses (a ``TongxunError``: unreadable, bad encoding) is
    logged by the worker and skipped, as the CLI skips it; any other exception is a
    bug and fails the task, so the computation raises instead of writing fewer rows.
    """
    import logging

    from tongxun_stats.errors import TongxunError

    patterns = default_patterns(tuple(patterns_dirs))  # cached per worker process
    records = []
    for path, doc in items:
        try:
            figures = extract_file(path, patterns=patterns, doc=doc)
        except TongxunError:  # one bad file must not fail the whole partition
            logging.getLogger("tongxun.dask").exception("%s: extraction failed", path)
            continue
        records.extend(figure_record(f) for f in figures)
    df = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    df[YEAR_COLUMN] = df["issue_date"].str[:4].where(df["issue_date"].str.len() >= 4, "unknown")
    return df.astype(frame_dtypes())


def list_documents(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """Files and folders -> ``(path, doc)`` pairs, named as the CLI names them."""
    from tongxun_stats.batch import expand_inputs

    sources, failures = expand_inputs([str(p) for p in paths])
    for f in failures:
        sys.stderr.write(f"tongxun: {f}\n")
    return [(str(s.path), s.doc) for s in sources if s.path is not None]


def extract_to_parquet(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    files_per_task: int = 16,
    partition_on: Sequence[str] = DEFAULT_PARTITION_ON,
    patterns_dirs: Sequence[str] = (),
    compute: bool = True,
):
    """Extract every document under ``paths`` on the current Dask scheduler; write Parquet to ``out``.

    Uses whatever scheduler is active: a ``distributed.Client`` created before the
    call, else Dask's default (threads). Returns the number of documents submitted
    (or the lazy write when ``compute`` is False).
    """
    import dask
    import dask.dataframe as dd

    docs = list_documents(paths)
    if not docs:
        raise ValueError("no documents found")
    if "doc" in partition_on and any("/" in doc for _, doc in docs):
        # Dask writes doc=2020/a.txt as two folder levels, and it reads back as doc=2020
        raise ValueError("cannot partition on doc: documents in subfolders have '/' in their names; "
                         f"partition on {YEAR_COLUMN} instead")
    chunks = [docs[i : i + files_per_task] for i in range(0, len(docs), files_per_task)]
    task = dask.delayed(extract_chunk, pure=True)
    parts = [task(chunk, tuple(patterns_dirs)) for chunk in chunks]
    frame = dd.from_delayed(parts, meta=empty_frame(), verify_meta=False)
    write = frame.to_parquet(
        str(out), partition_on=list(partition_on) or None, write_index=False, compute=False,
        engine="pyarrow", overwrite=False,
    )
    if not compute:
        return write
    dask.compute(write)
    return len(docs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Extract figures on a Dask cluster into partitioned Parquet.")
    ap.add_argument("paths", nargs="+", help="files or folders (searched recursively, as the CLI does)")
    ap.add_argument("-o", "--output", required=True, help="Parquet dataset folder (must not exist)")
    ap.add_argument("--scheduler", help="address of a running scheduler (default: start a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--files-per-task", type=int, default=16)
    ap.add_argument("--partition-on", action="append", help=f"column(s) to partition on (default {YEAR_COLUMN})")
    ap.add_argument("--patterns", "-p", action="append", default=[], help="extra patterns folder (repeatable)")
    args = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    if args.scheduler:
        client, cluster = Client(args.scheduler), None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        n = extract_to_parquet(
            args.paths, args.output, files_per_task=args.files_per_task,
            partition_on=args.partition_on or DEFAULT_PARTITION_ON, patterns_dirs=args.patterns,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stderr.write(f"{n} documents -> {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
