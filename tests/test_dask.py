"""tongxun_stats.cluster and `tongxun extract --dask`: on a Dask cluster, the rows of a local run."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from typer.testing import CliRunner  # noqa: E402

from tongxun_stats import cluster as example  # noqa: E402
from tongxun_stats.cli import app  # noqa: E402
from tongxun_stats.errors import ExportError  # noqa: E402
from tongxun_stats.export import COLUMNS, figure_record  # noqa: E402
from tongxun_stats.pipeline import extract_text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
KEY = ["doc", "start", "end", "metric", "unit"]


def _plain(v):
    """One cell as a comparable Python value: NaN/NA -> None, numbers -> float."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if hasattr(v, "item"):  # numpy scalar
        return _plain(v.item())
    return v


def _rows(frame) -> list[tuple]:
    frame = frame.sort_values(KEY, kind="stable").reset_index(drop=True)
    return [tuple(_plain(v) for v in row) for row in frame[list(COLUMNS)].itertuples(index=False, name=None)]


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _expected():
    return pd.DataFrame.from_records(
        [figure_record(f) for p in SAMPLES for f in extract_text(p.read_text(encoding="utf-8"), source=p.name)],
        columns=list(COLUMNS),
    )


@pytest.mark.parametrize("partition_on", [["doc"], ["issue_year"]])
def test_parquet_rows_match_extract_text(cluster_client, tmp_path, partition_on):
    out = tmp_path / "figures.parquet"
    from distributed import get_task_stream

    with get_task_stream(cluster_client) as stream:
        n = example.extract_on_cluster(SAMPLES, out, scheduler=None, files_per_task=1, partition_on=partition_on)
    assert n == len(SAMPLES)

    got = pd.read_parquet(out)
    for column in partition_on:  # Hive partition columns come back as categories
        got[column] = got[column].astype(str)
    expected = _expected()
    assert len(expected) > 0
    assert sorted(got["doc"].unique()) == [p.name for p in SAMPLES]
    assert len(got) == len(expected)
    assert _rows(got) == _rows(expected)
    # the extraction ran as tasks on the cluster's worker processes
    ran = [t for t in stream.data if "extract_chunk" in t["key"]]
    assert len(ran) == len(SAMPLES)
    assert {t["worker"] for t in ran} <= set(cluster_client.scheduler_info()["workers"])


def test_empty_chunk_has_the_schema():
    frame = example.extract_chunk([])
    assert list(frame.columns) == [*COLUMNS, example.YEAR_COLUMN]
    assert dict(frame.dtypes.astype(str)) == {c: str(t) for c, t in example.empty_frame().dtypes.items()}


def test_partition_on_doc_refuses_names_with_folders(tmp_path):
    (tmp_path / "in" / "2020").mkdir(parents=True)
    (tmp_path / "in" / "2020" / "a.txt").write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ExportError, match="partition on issue_year"):
        example.extract_to_parquet([tmp_path / "in"], tmp_path / "out", partition_on=["doc"])


def test_cli_dask_on_the_running_cluster(cluster_client, tmp_path):
    address = cluster_client.scheduler.address
    out = tmp_path / "out.parquet"
    res = CliRunner().invoke(app, ["extract", str(REPO / "samples"), "--dask", address, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "2 documents" in res.stderr
    assert _rows(pd.read_parquet(out)) == _rows(_expected())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]  # no temp folder left
    again = CliRunner().invoke(app, ["extract", str(REPO / "samples"), "--dask", address, "-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    missing = CliRunner().invoke(app, ["extract", str(tmp_path / "nothing"), "--dask", address, "-o", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_a_local_cluster_for_the_call(tmp_path):
    out = tmp_path / "local.parquet"
    assert example.extract_on_cluster([SAMPLES[0]], out, scheduler="local", workers=1) == 1
    assert _rows(pd.read_parquet(out)) == _rows(_expected()[lambda d: d["doc"] == SAMPLES[0].name])
