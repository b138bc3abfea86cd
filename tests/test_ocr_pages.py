"""End to end with the recogniser: the samples printed as pages (150 dpi), saved as a
PDF without a text layer or as a folder of PNG pages, read back, extracted, and
scored against the gold rows of the lines on those pages.

Five pages are OCRed (the ones that hold most of the core insurance figures); the
recogniser needs the ``ocr`` extra and the renderer a CJK font (.ci/run installs
both).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pages import cjk_font, render

from tongxun_stats import extract_text
from tongxun_stats.export import figure_record
from tongxun_stats.ocr import OcrText
from tongxun_stats.ocr.engine import available
from tongxun_stats.read import read_path

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(available() is None, reason="needs the ocr extra: pip install 'tongxun-stats[ocr]'"),
    pytest.mark.skipif(cjk_font() is None, reason="needs a CJK font (fonts-wqy-zenhei)"),
]

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "gold"
DPI = 150
# (sample, first page, last page, as): 0-based pages of the rendered issue
RUNS = [
    ("000_bc105862800a2212.txt", 1, 1, "pdf"),
    ("000_bc105862800a2212.txt", 6, 7, "png folder"),
    ("001_2cd31fe16908719c.txt", 2, 2, "pdf"),
    ("001_2cd31fe16908719c.txt", 6, 6, "pdf"),
]


def _read(pages, kind: str, where: Path) -> OcrText:
    where.mkdir()
    if kind == "pdf":
        path = where / "scan.pdf"
        first, *rest = [p.image for p in pages]
        first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest)
        return read_path(path)
    for i, p in enumerate(pages, 1):
        p.image.save(where / f"page-{i}.png")
    return read_path(where)


@pytest.fixture(scope="module")
def ocr_runs(tmp_path_factory):
    """For each run: (sample, text read, figures, first and last source line)."""
    out = []
    for n, (sample, first, last, kind) in enumerate(RUNS):
        text = (ROOT / "samples" / sample).read_text(encoding="utf-8")
        pages = render(text, dpi=DPI)[first : last + 1]
        got = _read(pages, kind, tmp_path_factory.mktemp("scan") / f"run{n}")
        out.append((sample, got, extract_text(got, source=sample), pages[0].lines[0], pages[-1].lines[1]))
    return out


@pytest.fixture(scope="module")
def scores(ocr_runs, tmp_path_factory):
    where = tmp_path_factory.mktemp("score")
    gold, pred = [], []
    for sample, _text, figures, first, last in ocr_runs:
        rows = [json.loads(line) for line in (GOLD / "rows" / sample.replace(".txt", ".jsonl")).open(encoding="utf-8")]
        gold += [r for r in rows if first <= r["line"] <= last]
        for f in figures:  # the line in the issue: the OCRed text starts at the first page
            pred.append({**figure_record(f), "line": f.line + first - 1})
    for name, rows in (("gold.jsonl", gold), ("pred.jsonl", pred)):
        (where / name).write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows),
                                  encoding="utf-8")
    res = subprocess.run([sys.executable, str(GOLD / "score.py"), str(where / "gold.jsonl"), str(where / "pred.jsonl"),
                          "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def test_ocr_scores_on_the_gold(scores):
    assert scores["figures_gold"] >= 130, scores  # the five pages hold this many gold figures
    assert scores["f1"] >= 0.95, scores
    assert scores["core_tuple_f1"] >= 0.90, scores


def test_every_ocr_figure_is_flagged_and_points_into_the_recognised_text(ocr_runs):
    for _sample, text, figures, _first, _last in ocr_runs:
        assert isinstance(text, OcrText) and figures
        for f in figures:
            assert text[f.start : f.end] == f.raw
            assert str(f.flags[0]) == "ocr"
            assert 0 < f.ocr_confidence <= 1


def test_pages_read_in_order_as_paragraphs(ocr_runs):
    _sample, text, _figures, _first, _last = ocr_runs[1]  # two PNG pages of one issue
    paragraphs = text.split("\n\n")
    assert len(paragraphs) > 10
    assert "  " not in text and "\n\n\n" not in text
    i = text.index("钦州市")  # named on both pages, in page order
    assert text.index("钦州市", i + 1) > i


@pytest.mark.skipif(available("tesseract") is None, reason="needs tesseract-ocr and tesseract-ocr-chi-sim")
def test_tesseract_reads_a_line(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    from tongxun_stats.ocr.engine import recognise

    img = Image.new("L", (900, 80), 255)
    ImageDraw.Draw(img).text((20, 20), "全区承保关爱保险286万份", font=ImageFont.truetype(cjk_font(), 36), fill=0)
    boxes = recognise(img, "line.png", "tesseract")
    assert "".join(b.text for b in boxes).replace(" ", "") == "全区承保关爱保险286万份"
    assert all(0 < b.conf <= 1 for b in boxes)
