"""How the Dask path scales: ``tongxun_stats.extract_on_cluster`` on a LocalCluster of 1,
then 2, … worker processes over one archive, timed; with the rows checked equal.

The cluster path itself is in the package (``tongxun_stats.cluster``, ``tongxun extract
--dask``); this script only measures it. Build an archive first with run_bench.py:

    .venv/bin/python bench/run_bench.py --quick --workdir /tmp/tx-bench
    .venv/bin/python bench/dask_extract.py /tmp/tx-bench/archive-5mb --workers 1,2
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from tongxun_stats.cluster import extract_on_cluster, list_documents


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", help="a folder of documents")
    ap.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated (default 1,2)")
    ap.add_argument("--files-per-task", type=int, default=16)
    args = ap.parse_args(argv)

    docs = list_documents([args.archive])
    chars = sum(len(Path(p).read_text(encoding="utf-8")) for p, _ in docs)
    rows: dict[int, int] = {}
    print(f"{len(docs)} documents, {chars / 1e6:.2f} M chars")  # noqa: T201
    print("workers  wall s  M chars/s  speed-up  rows")  # noqa: T201
    first = None
    with tempfile.TemporaryDirectory(prefix="tongxun-dask-bench-") as tmp:
        for i, n in enumerate(int(x) for x in args.workers.split(",")):
            out = Path(tmp) / f"run{i}-w{n}.parquet"
            t0 = time.perf_counter()  # includes starting the cluster, as a user's run does
            extract_on_cluster([args.archive], out, workers=n, files_per_task=args.files_per_task)
            wall = time.perf_counter() - t0
            rows[n] = len(pd.read_parquet(out))
            first = first or wall
            print(f"{n:>7}  {wall:6.1f}  {chars / wall / 1e6:9.2f}  {first / wall:7.2f}x  {rows[n]}")  # noqa: T201
    if len(set(rows.values())) != 1:
        print(f"row counts differ between runs: {rows}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
