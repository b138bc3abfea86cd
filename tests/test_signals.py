"""Every way a run can end leaves the filesystem clean (a subprocess per signal).

The run is stopped once its temp output file exists and its workers are running,
so nothing here depends on how fast the machine is.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

CLI = [sys.executable, "-c", "from tongxun_stats.cli import main; main()"]
PREVIOUS = "previous output\n"


@pytest.fixture(scope="module")
def archive(tmp_path_factory, sample_paths):
    folder = tmp_path_factory.mktemp("archive")
    for i in range(200):  # far more work than the time it takes to stop the run
        shutil.copy(sample_paths[i % len(sample_paths)], folder / f"{i:03d}.txt")
    return folder


def _wait(predicate, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _gone(proc: psutil.Process) -> bool:
    try:
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _start(archive, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text(PREVIOUS, encoding="utf-8")
    proc = subprocess.Popen([*CLI, "extract", str(archive), "-o", str(out), "--jobs", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    _wait(lambda: list(tmp_path.glob(".out.csv.*.tmp")), "the temp output file")
    workers = _wait(lambda: [c for c in parent.children() if c.is_running()][:2] if len(parent.children()) >= 2 else None,
                    "two workers")
    return proc, out, workers


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_signal_stops_the_run_cleanly(archive, tmp_path, sig):
    proc, out, workers = _start(archive, tmp_path)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig
    assert stderr == f"tongxun: stopped by {sig.name}\n"
    assert out.read_text(encoding="utf-8") == PREVIOUS  # the previous output is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temp file left
    assert all(_gone(w) for w in workers)


def test_workers_die_when_the_parent_is_killed(archive, tmp_path):
    proc, out, workers = _start(archive, tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    _wait(lambda: all(_gone(w) for w in workers), "the workers to die", timeout=30)
    assert out.read_text(encoding="utf-8") == PREVIOUS
