"""batch.py: expanding inputs and extracting many sources, serially or in a process pool."""
from __future__ import annotations

import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import regex

from tongxun_stats.batch import MAX_WINDOW_PER_JOB, MissingPathError, Source, expand_inputs, extract_sources
from tongxun_stats.errors import InputError, TongxunError
from tongxun_stats.model import Figure
from tongxun_stats.read import read_bytes, read_path

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))
NUMBER = regex.compile(r"(\d+(?:\.\d+)?)\s*(万户|万份|万元|亿元|户|份|元|人次|人|%)")


# -- fake extractors: top level, so a process pool can pickle them -------------------------


def fake_extract(source: Source) -> list[Figure]:
    """Figures from a regex over the text: enough to test batching without the pipeline."""
    if source.path is None:
        text = read_bytes(sys.stdin.buffer.read(), "-")
    else:
        text = read_path(source.path)
    if "BOOM" in text:
        raise RuntimeError("boom in the extractor\nsecond line")
    if "NOPE" in text:
        raise TongxunError("the pipeline refused it")
    figures = []
    for m in NUMBER.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        figures.append(
            Figure(doc=source.doc, line=line, raw=m.group(), value=Decimal(m.group(1)), unit=m.group(2),
                   start=m.start(), end=m.end())
        )
    return figures


def crashing_extract(source: Source) -> list[Figure]:
    """Kills the worker process outright for one document (as a native crash would)."""
    if source.doc.startswith("crash"):
        os._exit(3)
    return fake_extract(source)


# -- trees ---------------------------------------------------------------------------------------


def make_tree(root: Path) -> Path:
    files = {
        "b.txt": "参保 12 户",
        "a.md": "保费 1.5 亿元",
        "Z.PDF": "not really a pdf",
        "sub/c.txt": "承保 300 份",
        "sub/deeper/d.html": "<p>理赔 7 人次</p>",
        "sub/e.htm": "<p>5 人</p>",
        ".hidden.txt": "hidden",
        ".git/x.txt": "hidden folder",
        "notes.xls": "unsupported",
        "README": "no suffix",
        "~$lock.docx": "office lock file",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


FOLDER_DOCS = ["Z.PDF", "a.md", "b.txt", "sub/c.txt", "sub/deeper/d.html", "sub/e.htm"]


def docs(sources: list[Source]) -> list[str]:
    return [s.doc for s in sources]


def test_folder_is_walked_in_sorted_order(tmp_path):
    root = make_tree(tmp_path / "news")
    sources, errors = expand_inputs([str(root)])
    assert errors == []
    assert docs(sources) == FOLDER_DOCS
    assert sources[3].path == root / "sub" / "c.txt"


def test_files_stdin_and_folders_keep_argument_order(tmp_path):
    root = make_tree(tmp_path / "news")
    sources, errors = expand_inputs([str(root / "sub" / "c.txt"), "-", str(root / "sub"), str(root / "README")])
    assert errors == []
    # c.txt is not repeated when its folder comes later; a file given directly is taken whatever its suffix;
    # doc is relative to the inputs' common parent (news/), stdin is <stdin>
    assert docs(sources) == ["sub/c.txt", "<stdin>", "sub/deeper/d.html", "sub/e.htm", "README"]
    assert sources[1] == Source(None, "<stdin>")


def test_same_names_in_two_folders_get_different_docs(tmp_path):
    for year in ("2021", "2022"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "a.txt").write_text(year, encoding="utf-8")
    sources, errors = expand_inputs([str(tmp_path / "2021"), str(tmp_path / "2022" / "a.txt")])
    assert errors == [] and docs(sources) == ["2021/a.txt", "2022/a.txt"]


@pytest.mark.parametrize("arg", ["empty", "only_xls", "only_xls/*"])
def test_nothing_readable_is_an_input_error(tmp_path, arg):
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_xls").mkdir()
    (tmp_path / "only_xls" / "a.xls").write_bytes(b"x")
    sources, errors = expand_inputs([str(tmp_path / arg)])
    assert sources == []
    assert [str(e) for e in errors] == [f"{tmp_path / arg}: no readable file here (looked for .txt .md .docx .pdf .html .htm .png .jpg .jpeg .tif .tiff)"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("news/**/*.txt", ["b.txt", "sub/c.txt"]),
        ("news/*.txt", ["b.txt"]),
        ("news/sub/*", ["c.txt", "deeper/d.html", "e.htm"]),  # a matched folder is walked
        ("news/**/?.htm*", ["sub/deeper/d.html", "sub/e.htm"]),
        ("news/[ab].*", ["a.md", "b.txt"]),
    ],
)
def test_glob_patterns(tmp_path, pattern, expected):
    make_tree(tmp_path / "news")
    sources, errors = expand_inputs([str(tmp_path / pattern)])
    assert errors == []
    assert docs(sources) == expected


def test_relative_glob_is_relative_to_its_folder(tmp_path, monkeypatch):
    make_tree(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    sources, _ = expand_inputs(["news/**/*.txt"])
    assert docs(sources) == ["b.txt", "sub/c.txt"]
    assert sources[0].path == Path("news/b.txt")


@pytest.mark.parametrize("arg", ["missing.txt", "missing_folder", "news/*.doc", "nowhere/**/*.txt"])
def test_missing_path_raises(tmp_path, arg):
    make_tree(tmp_path / "news")
    with pytest.raises(MissingPathError) as info:
        expand_inputs([str(tmp_path / "news" / "a.md"), str(tmp_path / arg)])
    assert isinstance(info.value, TongxunError)
    assert info.value.path == str(tmp_path / arg)


def test_symlink_loop_and_broken_link_are_reported(tmp_path):
    root = make_tree(tmp_path / "news")
    (root / "sub" / "loop").symlink_to(root)  # news/sub/loop -> news
    (root / "gone.txt").symlink_to(root / "deleted.txt")
    (root / "self").symlink_to(root / "self")  # ELOOP on stat
    sources, errors = expand_inputs([str(root)])
    assert docs(sources) == FOLDER_DOCS
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert "symbolic link loop" in reasons["loop"]
    assert reasons["gone.txt"] == "broken symbolic link"


def test_symlink_given_directly(tmp_path):
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    sources, errors = expand_inputs([str(tmp_path / "self.txt")])
    assert sources == []
    assert errors[0].reason == "symbolic link loop"


def test_unreadable_folder_is_reported(tmp_path):
    root = make_tree(tmp_path / "news")
    locked = root / "sub"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop listing")
        sources, errors = expand_inputs([str(root)])
        assert docs(sources) == ["Z.PDF", "a.md", "b.txt"]
        assert errors[0].path == str(locked) and "permission denied" in errors[0].reason
    finally:
        locked.chmod(0o755)


def test_unlistable_folder_is_reported_even_as_root(tmp_path, monkeypatch):
    root = make_tree(tmp_path / "news")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    sources, errors = expand_inputs([str(root)])
    assert docs(sources) == ["Z.PDF", "a.md", "b.txt"]
    assert [(e.path, e.reason) for e in errors] == [(str(root / "sub"), "permission denied (cannot list the folder)")]


# -- extraction ----------------------------------------------------------------------------------


def make_batch(root: Path) -> list[Source]:
    """Both samples plus small files; two fail (one unexpected exception, one TongxunError)."""
    root.mkdir()
    texts = {f"{i:02d}.txt": f"第{i}篇：参保 {i * 10} 户，保费 {i}.5 亿元。" for i in range(12)}
    texts["03.txt"] = "BOOM"
    texts["07.txt"] = "NOPE"
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "08.txt").write_bytes(bytes(range(256)))  # binary junk: InputError from read_path
    for sample in SAMPLES:
        (root / sample.name).write_bytes(sample.read_bytes())
    sources, errors = expand_inputs([str(root)])
    assert errors == []
    return sources


def outcome(results) -> list[tuple[str, object]]:
    return [(s.doc, r if isinstance(r, list) else ("error", r.path, r.reason)) for s, r in results]


def test_jobs_2_equals_jobs_1(tmp_path):
    sources = make_batch(tmp_path / "batch")
    serial = outcome(extract_sources(sources, fake_extract, jobs=1))
    parallel = outcome(extract_sources(sources, fake_extract, jobs=2))
    assert parallel == serial
    assert [doc for doc, _ in serial] == docs(sources)
    assert sum(len(r) for _, r in serial if isinstance(r, list)) > 50  # the samples have many figures


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_source_does_not_stop_the_others(tmp_path, jobs):
    sources = make_batch(tmp_path / "batch")
    results = dict(outcome(extract_sources(sources, fake_extract, jobs=jobs)))
    assert results["03.txt"] == ("error", str(tmp_path / "batch" / "03.txt"), "RuntimeError: boom in the extractor")
    assert results["07.txt"][2] == "the pipeline refused it"
    assert results["08.txt"][2].startswith("binary file")
    assert results["04.txt"][0].raw == "40 户"
    assert results["11.txt"][1].value == Decimal("11.5")
    assert sum(isinstance(r, tuple) for r in results.values()) == 3


def test_errors_are_input_errors(tmp_path):
    sources = make_batch(tmp_path / "batch")
    errors = [r for _, r in extract_sources(sources, fake_extract, jobs=2) if not isinstance(r, list)]
    assert len(errors) == 3 and all(isinstance(e, InputError) for e in errors)


def test_progress_is_called_in_order(tmp_path):
    sources = make_batch(tmp_path / "batch")
    calls = []
    results = list(extract_sources(sources, fake_extract, jobs=2, progress=lambda s, n: calls.append((s.doc, n))))
    assert calls == [(s.doc, len(r) if isinstance(r, list) else 0) for s, r in results]


def test_parallel_window_is_bounded(tmp_path):
    (tmp_path / "a.txt").write_text("参保 1 户", encoding="utf-8")
    pulled = []

    def many():
        for i in range(200):
            pulled.append(i)
            yield Source(tmp_path / "a.txt", f"{i}.txt")

    results = extract_sources(many(), fake_extract, jobs=2)
    first = next(results)
    assert first[0].doc == "0.txt"
    assert len(pulled) <= MAX_WINDOW_PER_JOB * 2 + 1
    results.close()  # abandoning the generator shuts the pool down


def waiting_extract(source: Source) -> list[Figure]:
    """``slow.txt`` waits (up to 60 s) until 20 other sources are done; each other source
    leaves a marker file. Its figure says how many it saw."""
    folder = source.path.parent
    if source.doc == "slow.txt":
        deadline = time.monotonic() + 60
        while len(list(folder.glob("*.done"))) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        seen = len(list(folder.glob("*.done")))
        return [Figure(doc=source.doc, line=1, raw=str(seen), value=Decimal(seen), unit="个")]
    (folder / f"{source.doc}.done").touch()
    return []


def test_a_slow_source_does_not_idle_the_other_worker(tmp_path):
    """Results stay in input order, but while the first source runs the other worker
    goes on through the rest (with a window of 8 it stopped after 7)."""
    names = ["slow.txt"] + [f"{i:02d}.txt" for i in range(30)]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    sources = [Source(tmp_path / n, n) for n in names]
    results = list(extract_sources(sources, waiting_extract, jobs=2))
    assert [s.doc for s, _ in results] == names
    assert results[0][1][0].value >= 20


def test_worker_crash_is_reported_for_that_source(tmp_path):
    for name in ["a.txt", "crash.txt", "z.txt"]:
        (tmp_path / name).write_text("参保 1 户", encoding="utf-8")
    sources, _ = expand_inputs([str(tmp_path)])
    results = outcome(extract_sources(sources, crashing_extract, jobs=2))
    assert [doc for doc, _ in results] == ["a.txt", "crash.txt", "z.txt"]
    assert results[0][1][0].raw == "1 户" and results[2][1][0].raw == "1 户"
    assert results[1][1][0] == "error" and "crashed" in results[1][1][2]


def test_local_function_with_jobs_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("参保 1 户", encoding="utf-8")
    with pytest.raises(TypeError, match="picklable"):
        list(extract_sources([Source(tmp_path / "a.txt", "a.txt")], lambda s: [], jobs=2))


@pytest.mark.parametrize("jobs", [1, 2])
def test_stdin_source_runs_in_this_process(monkeypatch, tmp_path, jobs):
    (tmp_path / "a.txt").write_text("参保 1 户", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("保费 2 亿元".encode("gb18030"))))
    sources, _ = expand_inputs([str(tmp_path / "a.txt"), "-"])
    results = outcome(extract_sources(sources, fake_extract, jobs=jobs))
    assert [(doc, [f.raw for f in figs]) for doc, figs in results] == [("a.txt", ["1 户"]), ("<stdin>", ["2 亿元"])]


def test_small_files_go_to_a_worker_together_and_a_large_one_alone(tmp_path):
    from tongxun_stats.batch import MAX_TASK_SOURCES, TASK_BYTES, _Pending

    names = [f"{i:02d}.txt" for i in range(10)] + ["big.txt", "z.txt"]
    for name in names:
        (tmp_path / name).write_text("x" * (TASK_BYTES if name == "big.txt" else 10), encoding="utf-8")
    pending = _Pending([Source(tmp_path / n, n) for n in names])
    tasks = [[s.doc for s in pending.task(64)] for _ in range(4)]
    assert tasks == [names[:MAX_TASK_SOURCES], names[MAX_TASK_SOURCES:10], ["big.txt"], ["z.txt"]]
    assert pending.task(64) == ()
    assert [s.doc for s in _Pending([Source(tmp_path / n, n) for n in names]).task(3)] == names[:3]  # the window's room
