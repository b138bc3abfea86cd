"""Bad names and bytes cost only themselves: the run goes on, offsets stay exact."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tongxun_stats.cli import app
from tongxun_stats.errors import InputError, printable_name
from tongxun_stats.pipeline import extract_text
from tongxun_stats.read import read_bytes, read_path

runner = CliRunner()
GBK_NAME = "报告".encode("gbk") + b".txt"  # b'\xb1\xa8\xb8\xe6.txt': not UTF-8
ESCAPED = r"\xb1\xa8\xb8\xe6.txt"


@pytest.fixture(scope="module")
def sample_text(sample_paths) -> str:
    return sample_paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("报告.txt", "报告.txt"), (os.fsdecode(GBK_NAME), ESCAPED), ("a/" + os.fsdecode(b"\xff.txt"), r"a/\xff.txt")],
)
def test_printable_name(name, expected):
    assert printable_name(name) == expected


def _bad_name_folder(tmp_path, text: str):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(text, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as f:
        f.write(text.encode("utf-8"))
    with open(os.path.join(os.fsencode(folder), b"\xffjunk.txt"), "wb") as f:
        f.write(bytes(range(1, 256)) * 8)  # unreadable as well as badly named
    return folder


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_non_utf8_file_name_is_carried_escaped(tmp_path, sample_text, fmt):
    folder = _bad_name_folder(tmp_path, sample_text)
    out = tmp_path / f"out.{fmt}"
    res = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--jobs", "1", "-q"])
    assert res.exit_code == 1, res.output  # the junk file failed, the others were read
    assert r"\xffjunk.txt: binary" in " ".join(res.output.split())
    if fmt == "jsonl":
        docs = {json.loads(line)["doc"] for line in out.read_text(encoding="utf-8").splitlines()}
        assert docs == {"ok.txt", ESCAPED}
    else:
        assert out.stat().st_size > 0


def test_review_with_a_non_utf8_file_name(tmp_path, sample_text):
    folder = _bad_name_folder(tmp_path, sample_text)
    out = tmp_path / "review.html"
    res = runner.invoke(app, ["review", str(folder), "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert ESCAPED in out.read_text(encoding="utf-8")


def _check_rows(text: str, decoded: str) -> None:
    rows = extract_text(decoded, source="x.txt")
    assert len(rows) == len(extract_text(text, source="x.txt"))
    assert all(decoded[f.start:f.end] == f.raw for f in rows)


@pytest.mark.parametrize(
    ("make", "codec", "bad"),
    [
        (lambda t: t.encode()[:3000] + b"\xff" + t.encode()[3000:], "utf-8", 1),  # a stray byte
        (lambda t: t.encode() + "保".encode()[:2], "utf-8", 1),  # cut in the last character
        (lambda t: t[:1000].encode("gb18030") + b"\xff" + t[1000:].encode("gb18030"), "gb18030", 1),
        (lambda t: t.encode()[:100] + b"\x80\x80" + t.encode()[100:], "utf-8", 2),
    ],
    ids=["utf8-stray-ff", "utf8-cut", "gbk-stray-ff", "utf8-two"],
)
def test_a_few_bad_bytes_are_replaced_and_warned(sample_text, caplog, make, codec, bad):
    data = make(sample_text)
    with caplog.at_level(logging.WARNING):
        text = read_bytes(data, "x.txt")
    assert text.count("\ufffd") == bad
    assert text == data.decode(codec, errors="replace")
    assert f"x.txt: warning: {bad} undecodable byte sequence" in caplog.text
    _check_rows(sample_text, text)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, sample_text, codec):
    path = tmp_path / "u16.txt"
    path.write_bytes(sample_text.encode(codec))
    assert read_path(path) == sample_text


def test_short_utf16_without_bom():
    assert read_bytes("参保5.61万户".encode("utf-16-le"), "x.txt") == "参保5.61万户"


def test_many_bad_bytes_are_still_binary(sample_text):
    data = bytearray(sample_text.encode())
    data[::50] = b"\xff" * len(data[::50])
    with pytest.raises(InputError, match="binary"):
        read_bytes(bytes(data), "x.txt")


def test_warning_reaches_stderr_in_the_cli(tmp_path, sample_text):
    path = tmp_path / "stray.txt"
    path.write_bytes(sample_text.encode()[:3000] + b"\xff" + sample_text.encode()[3000:])
    cmd = [sys.executable, "-c", "from tongxun_stats.cli import main; main()", "extract", str(path), "-f", "jsonl"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0
    assert res.stdout.count("\n") > 100
    assert res.stderr == f"tongxun: {path}: warning: 1 undecodable byte sequence replaced by U+FFFD (read as utf-8)\n"
