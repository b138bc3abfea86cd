"""Context columns are bounded: output grows with figures, not with line length."""
from __future__ import annotations

import csv
import itertools

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


def test_checks_tell_long_sentences_apart_by_span(sample_paths):
    """A row shows a window of its sentence; the checks compare sentence spans, so the
    figures of one long sentence still pair although their windows differ."""
    from tongxun_stats.api import extract_checked

    pad = "各项工作扎实推进" * 20  # before and after each sentence's own words: its figures' windows differ
    text = sample_paths[0].read_text(encoding="utf-8").replace("。", f"，{pad}{pad}。{pad}，")
    figures, findings = extract_checked(text, source="x.txt")
    assert len([x for x in findings if x.kind == "confirmed"]) >= 3
    long = [f for f in figures if f.sentence_end - f.sentence_start > SENTENCE_WINDOW]
    assert len(long) > 100
    assert all(len(f.sentence) <= SENTENCE_WINDOW + 2 and f.raw in f.sentence for f in long)
    by_sentence: dict[tuple[int, int], list] = {}
    for f in long:
        by_sentence.setdefault((f.sentence_start, f.sentence_end), []).append(f)
    assert any(len({f.sentence for f in group}) > 1 for group in by_sentence.values())
    assert all(a.same_sentence(b) for group in by_sentence.values() for a in group for b in group)
    assert not any(a.same_sentence(b) for a, b in itertools.pairwise(long) if a.sentence_start != b.sentence_start)


def test_rows_refer_to_their_document_by_span_across_processes(sample_paths):
    """A row's sentence and article are spans into its Document; a Document sent to a
    worker's parent carries its name, text and titles only, and the rows read the same."""
    import pickle

    from tongxun_stats.api import extract_text

    figures = extract_text(sample_paths[0].read_text(encoding="utf-8"), source="x.txt")
    document = figures[0].document
    assert all(f.document is document for f in figures) and document.structure is not None
    assert all(document.text[f.start : f.end] == f.raw for f in figures)
    back = pickle.loads(pickle.dumps(figures))
    assert back == figures and all(g.document is back[0].document for g in back)
    assert back[0].document.structure is None and back[0].document.norm is None
    assert [(g.sentence, g.article) for g in back] == [(f.sentence, f.article) for f in figures]
