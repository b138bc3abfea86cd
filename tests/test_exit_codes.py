"""One exit-code table for every command, the README's, run case by case."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tongxun_stats.cli import app

ROOT = Path(__file__).resolve().parents[1]
S0, S1 = (str(p) for p in sorted((ROOT / "samples").glob("*.txt")))
runner = CliRunner()

# (arguments, exit code); "{tmp}" is a folder holding good/ (a patterns folder), bad/ (an
# unreadable file next to a good one), empty/ and a file plain.txt
CASES = [
    (["extract", S1, "-f", "csv"], 0),
    (["extract", "{tmp}/plain.txt", "--metric", "理赔金额", "-f", "jsonl"], 0),  # no figure matches: still 0
    (["check", S1, "-f", "jsonl"], 0),
    (["check", S1, "-f", "jsonl", "--fail-on", "mismatch"], 0),
    (["patterns"], 0),
    (["patterns", "check", "{tmp}/good"], 0),
    (["extract", "{tmp}/bad", "-f", "csv"], 1),
    (["extract", "{tmp}/empty", "-f", "csv"], 1),
    (["check", "{tmp}/bad", "-f", "csv"], 1),
    (["review", "{tmp}/bad", "-o", "{tmp}/review.html"], 1),
    (["extract", S1, "-o", "/proc/rows.csv"], 1),  # the folder exists, nothing can be written in it
    (["patterns", "check", "{tmp}/bad"], 1),
    (["extract", S1, "-f", "xml"], 2),
    (["extract", S1, "-o", "{tmp}/rows.xml"], 2),
    (["extract", S1, "-o", "{tmp}/nodir/rows.csv"], 2),
    (["check", S1, "-o", "{tmp}/nodir/rows.csv"], 2),
    (["review", S1, "-o", "{tmp}/nodir/review.html"], 2),
    (["extract", "{tmp}/missing.txt"], 2),
    (["check", "{tmp}/missing.txt"], 2),
    (["review", "{tmp}/missing.txt"], 2),
    (["extract", "{tmp}/*.nothing"], 2),
    (["extract", S1, "--patterns", "{tmp}/nodir"], 2),
    (["check", S1, "--patterns", "{tmp}/nodir"], 2),
    (["review", S1, "--patterns", "{tmp}/nodir"], 2),
    (["patterns", "--patterns", "{tmp}/nodir"], 2),
    (["patterns", "--patterns", "{tmp}/empty"], 2),
    (["patterns", "check", "{tmp}/nodir"], 2),
    (["extract", S1, "--metric", "claims"], 2),
    (["extract", S1, "--region", "不存在"], 2),
    (["extract", S1, "--no-such-option"], 2),
    (["check", S1, "--kind", "nonsense"], 2),
    (["check", S1, "--fail-on", "confirmed"], 2),
    (["check", S0, S1, "-f", "jsonl", "--fail-on", "outlier"], 3),
    (["check", S0, "-f", "jsonl", "--fail-on", "mismatch", "--fail-on", "outlier"], 3),
]


@pytest.fixture
def tmp(tmp_path):
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "units.tsv").write_text("written\tbase\tkind\tchinese\n丈\t丈\tcounter\tno\n", encoding="utf-8")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "a.txt").write_text("南宁市参保 3 户。", encoding="utf-8")
    (tmp_path / "bad" / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (tmp_path / "bad" / "units.tsv").write_text("written\tbase\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "plain.txt").write_text("今天开会。", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("args", "code"), CASES, ids=[" ".join(a).replace(str(ROOT) + "/", "") for a, _ in CASES])
def test_exit_code(tmp, args, code):
    res = runner.invoke(app, [a.replace("{tmp}", str(tmp)) for a in args])
    assert res.exit_code == code, res.output
    if code:
        assert res.stderr.strip(), "a failure always says why on stderr"


def test_the_readme_documents_exactly_these_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"\| exit code \| meaning \|\n\|---\|---\|\n((?:\|.*\|\n)+)", readme).group(1)
    rows = table.splitlines()
    # the signal row (128 + N) is held by tests/test_signals.py, one subprocess per signal
    assert [r for r in rows if not re.match(r"\| `\d` ", r)] == [r for r in rows if r.startswith("| `128 + N`")]
    assert [int(re.match(r"\| `(\d)` ", row).group(1)) for row in rows if re.match(r"\| `\d` ", row)] == sorted(
        {c for _, c in CASES})
