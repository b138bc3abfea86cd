"""Context columns are bounded: output grows with figures, not with line length."""
from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from tongxun_stats.cli import app
from tongxun_stats.clip import SENTENCE_WINDOW, TITLE_MAX, clip_title, sentence_window

SHORT = "全市累计承保308.2万份，保费1.32亿元。"
LONG = "前" * 500 + "承保308.2万份" + "后" * 500


@pytest.mark.parametrize(
    ("text", "lo", "hi", "raw", "window", "expected"),
    [
        # a sentence that fits comes back whole and stripped
        ("  " + SHORT + "\n", 0, len(SHORT) + 3, "308.2万份", 300, SHORT),
        # a long one: centred on the figure, both sides cut
        (LONG, 0, len(LONG), "308.2万份", 20, "…" + "前" * 4 + "承保308.2万份" + "后" * 7 + "…"),
        # a figure near the start: the window slides right, only the tail is cut
        ("承保308.2万份" + "后" * 50, 0, 59, "308.2万份", 20, "承保308.2万份" + "后" * 11 + "…"),
        # near the end: only the head is cut
        ("前" * 50 + "承保308.2万份", 0, 59, "308.2万份", 20, "…" + "前" * 11 + "承保308.2万份"),
        # a figure longer than the window is never cut
        ("前" * 50 + "1" * 30 + "后" * 50, 0, 130, "1" * 30, 10, "…" + "1" * 30 + "…"),
    ],
)
def test_sentence_window(text, lo, hi, raw, window, expected):
    start = text.index(raw)
    assert sentence_window(text, lo, hi, start, start + len(raw), window=window) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("南宁市突出重点", "南宁市突出重点"), ("题" * TITLE_MAX, "题" * TITLE_MAX), ("题" * 500, "题" * (TITLE_MAX - 1) + "…")],
)
def test_clip_title(title, expected):
    assert clip_title(title) == expected


def test_one_line_file_gives_bounded_rows(tmp_path, sample_paths):
    """A 200 KB document that is one line and one sentence: each row's context stays in its window."""
    one = sample_paths[0].read_text(encoding="utf-8").replace("\n", "").replace("。", "，")
    text = (one * (200_000 // len(one.encode()) + 1))
    src = tmp_path / "oneline.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    res = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--jobs", "1", "-q"])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 100
    assert max(len(r["sentence"]) for r in rows) <= SENTENCE_WINDOW + 2
    assert max(len(r["article"]) for r in rows) <= TITLE_MAX
    assert any(r["sentence"].endswith("…") or r["sentence"].startswith("…") for r in rows)
    # every row's raw stands inside its clipped sentence
    assert all(r["raw"] in r["sentence"] for r in rows)
    # size grows with the rows, not with the line: well under 1 KB of context a row
    assert out.stat().st_size < len(rows) * 1500


def test_clipping_does_not_change_the_checks(monkeypatch, sample_paths):
    """Checks tell sentences apart by their text: they run before rows are clipped."""
    from tongxun_stats import pipeline
    from tongxun_stats.api import extract_checked

    text = sample_paths[0].read_text(encoding="utf-8").replace("。", "，" + "各项工作扎实推进" * 40 + "。")
    figures, findings = extract_checked(text, source="x.txt")
    monkeypatch.setattr(pipeline, "SENTENCE_WINDOW", 10**9)
    full_figures, full_findings = extract_checked(text, source="x.txt")
    assert findings == full_findings
    assert len([x for x in findings if x.kind == "confirmed"]) >= 3
    assert [(f.raw, f.flags) for f in figures] == [(f.raw, f.flags) for f in full_figures]
    clipped = 0
    for f, g in zip(figures, full_figures, strict=True):
        if len(g.sentence) > SENTENCE_WINDOW:
            clipped += 1
            assert len(f.sentence) <= SENTENCE_WINDOW + 2 and f.raw in f.sentence
        else:
            assert f.sentence == g.sentence
    assert clipped > 100
