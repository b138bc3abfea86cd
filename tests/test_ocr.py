"""OCR without a recogniser: reading order, confidence spans, figure marks, check labels,
and what happens to page images when the ``ocr`` extra is not installed."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest

from tongxun_stats import extract_text
from tongxun_stats.check import check_figures
from tongxun_stats.errors import InputError
from tongxun_stats.model import FlagCode
from tongxun_stats.ocr import OcrMissing, OcrText
from tongxun_stats.ocr.engine import Box, _join_words
from tongxun_stats.ocr.layout import paragraphs
from tongxun_stats.ocr.pages import assemble, page_files
from tongxun_stats.read import read_bytes

W, H = 1000, 1400  # page size in pixels; lines 20 px high


def box(x0, y, text, x1=None, conf=0.99, h=20):
    return Box(x0, y, x1 if x1 is not None else x0 + 20 * len(text), y + h, text, conf)


def texts(boxes):
    return ["".join(t for t, _ in para) for para in paragraphs(boxes, W, H)]


# (case, boxes, paragraphs expected)
LAYOUT = [
    ("wrapped lines join without spaces; a short last line ends the paragraph",
     [box(140, 100, "全区共承保计生家庭关爱保险286万", x1=900), box(100, 130, "余份，保费金额达1.32亿元。", x1=420),
      box(140, 160, "理赔金额达1.1亿元。", x1=400)],
     ["全区共承保计生家庭关爱保险286万余份，保费金额达1.32亿元。", "理赔金额达1.1亿元。"]),
    ("an indented line starts a new paragraph even after a full line",
     [box(100, 100, "贵港市持续推进关爱保险保民生工作", x1=900), box(140, 130, "截至8月底，承保28.4万份。", x1=900)],
     ["贵港市持续推进关爱保险保民生工作", "截至8月底，承保28.4万份。"]),
    ("a centred heading between paragraphs stands alone",
     [box(100, 100, "上一段的最后一行。", x1=400), box(300, 140, "二、聚焦家庭健康", x1=700, h=28),
      box(140, 190, "家庭是社会的基本细胞，是做好新时期", x1=900), box(100, 220, "计生协工作的着力点。", x1=400)],
     ["上一段的最后一行。", "二、聚焦家庭健康", "家庭是社会的基本细胞，是做好新时期计生协工作的着力点。"]),
    ("two boxes on one line are joined in x order; a wide gap keeps a space",
     [box(500, 100, "（贵港市计生协）", x1=800), box(100, 101, "董军兰", x1=160)],
     ["董军兰 （贵港市计生协）"]),
    ("Latin words wrapped across lines keep one space",
     [box(100, 100, "项目名称 Family", x1=900), box(100, 130, "Health", x1=220)],
     ["项目名称 Family Health"]),
    ("page numbers at the head and foot are dropped, a number in the text stays",
     [box(480, 20, "12", x1=520), box(100, 100, "共有16495人参保", x1=420), box(140, 130, "2020", x1=220),
      box(480, 1340, "- 13 -", x1=540)],
     ["共有16495人参保", "2020"]),
    ("two columns are read left then right; a title across both comes first",
     [box(200, 50, "钦州市关爱保险工作综述", x1=800, h=28),
      *[box(100, 100 + 30 * i, f"左栏第{i}行文字", x1=480) for i in range(4)],
      *[box(520, 100 + 30 * i, f"右栏第{i}行文字", x1=900) for i in range(4)]],
     ["钦州市关爱保险工作综述", "左栏第0行文字左栏第1行文字左栏第2行文字左栏第3行文字",
      "右栏第0行文字右栏第1行文字右栏第2行文字右栏第3行文字"]),
    ("empty boxes are ignored", [box(100, 100, "  ", x1=200), box(100, 130, "正文", x1=200)], ["正文"]),
]


@pytest.mark.parametrize("boxes,want", [c[1:] for c in LAYOUT], ids=[c[0] for c in LAYOUT])
def test_layout(boxes, want):
    assert texts(boxes) == want


def test_assemble_joins_pages_and_keeps_a_confidence_span_per_box():
    page1 = [box(100, 100, "承保28.4万份。", x1=400, conf=0.9)]
    page2 = [box(100, 100, "赔付率53.88%。", x1=400, conf=0.6), box(410, 100, "完成", x1=450, conf=0.8)]
    text = assemble([(page1, W, H), (page2, W, H)])
    assert isinstance(text, OcrText)
    assert str(text) == "承保28.4万份。\n\n赔付率53.88%。完成"
    assert text.spans == ((0, 9, 0.9), (11, 21, 0.6), (21, 23, 0.8))
    assert text.confidence(2, 8) == 0.9
    assert text.confidence(14, 23) == 0.6
    assert text.confidence(9, 11) is None


def test_tesseract_words_join_like_print():
    assert _join_words(["保险", "卡", "发", "放", "2020", "年"]) == "保险卡发放2020年"
    assert _join_words(["Family", "Health", "项目"]) == "Family Health项目"


def test_ocr_figures_carry_the_flag_and_confidence():
    plain = "截至8月底，全区承保关爱保险286万份，保费金额1.32亿元。"
    spans = [(0, 20, 0.97), (20, len(plain), 0.71)]
    figs = extract_text(OcrText(plain, spans), source="scan.png")
    assert [(f.raw, f.ocr_confidence, str(f.flags[0])) for f in figs] == [
        ("286万份", 0.97, "ocr"), ("1.32亿元", 0.71, "ocr")]
    assert all(f.ocr_confidence is None and not f.has(FlagCode.OCR) for f in extract_text(plain, source="a.txt"))


RATIO = "河池市承保份数283753份，任务数18万份，完成率157.64%。"
MISREAD = "河池市承保份数283758份，任务数13万份，完成率157.64%。"  # 8/3 misread


def test_a_mismatch_of_ocr_figures_is_reported_as_such():
    typed = check_figures(extract_text(RATIO, source="a.txt"), text=RATIO)
    assert [x.kind for x in typed] == ["confirmed"]
    wrong_typed = check_figures(extract_text(MISREAD, source="a.txt"), text=MISREAD)
    assert [x.kind for x in wrong_typed] == ["mismatch"]
    scanned = OcrText(MISREAD, [(0, len(MISREAD), 0.83)])
    found = check_figures(extract_text(scanned, source="a.png"), text=scanned)
    assert [x.kind for x in found] == ["ocr-mismatch"]
    assert found[0].message == wrong_typed[0].message + " (read by OCR, lowest confidence 0.83: compare the digits with the page)"
    ok = OcrText(RATIO, [(0, len(RATIO), 0.99)])
    assert [x.kind for x in check_figures(extract_text(ok, source="a.png"), text=ok)] == ["confirmed"]


def test_an_ocr_mismatch_is_a_mismatch_for_fail_on():
    scanned = OcrText(MISREAD, [(0, len(MISREAD), 0.83)])
    (x,) = check_figures(extract_text(scanned, source="a.png"), text=scanned)
    assert x.kind == "ocr-mismatch"
    assert x.is_a(["mismatch"]) and x.is_a(["ocr-mismatch"]) and not x.is_a(["outlier"]) and not x.is_a([])


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def no_engine(monkeypatch):
    from tongxun_stats.ocr import engine

    monkeypatch.setattr(engine, "available", lambda name="auto": None)


def test_without_the_extra_an_image_asks_for_it(no_engine):
    with pytest.raises(OcrMissing, match=r"page\.png: needs OCR: pip install 'tongxun-stats\[ocr\]'"):
        read_bytes(png_bytes(), "page.png")
    with pytest.raises(OcrMissing):
        read_bytes(png_bytes(), "-")  # sniffed from its bytes


def test_an_unknown_engine_is_named(monkeypatch):
    from PIL import Image

    from tongxun_stats.ocr.engine import recognise

    monkeypatch.setenv("TONGXUN_OCR_ENGINE", "paddle")
    with pytest.raises(InputError, match=r"p\.png: unknown OCR engine 'paddle' \(choose from auto, rapidocr, tesseract\)"):
        recognise(Image.new("L", (10, 10)), "p.png")


def test_a_broken_image_is_a_plain_input_error(monkeypatch):
    from tongxun_stats.ocr import engine

    monkeypatch.setattr(engine, "available", lambda name="auto": "rapidocr")
    with pytest.raises(InputError, match=r"scan\.jpg: not a readable image \(UnidentifiedImageError\)"):
        read_bytes(b"\xff\xd8\xff not really a jpeg", "scan.jpg")


def test_page_files_are_in_natural_order(tmp_path):
    for n in ("issue-10.png", "issue-2.png", "issue-1.PNG", ".hidden.png", "notes.txt"):
        (tmp_path / n).write_bytes(b"")
    assert [p.name for p in page_files(tmp_path)] == ["issue-1.PNG", "issue-2.png", "issue-10.png"]


def test_value_is_exact_decimal_for_ocr_text():
    figs = extract_text(OcrText("保费金额1.32亿元。", [(0, 10, 0.9)]), source="s.png")
    assert figs[0].value == Decimal("132000000")


def test_pages_as_documents_groups_each_folders_images(tmp_path):
    from tongxun_stats.batch import Source, expand_inputs, pages_as_documents

    for n in ("a.txt", "scan/issue-2.png", "scan/issue-1.png", "scan/issue-10.jpg", "z/page.tif"):
        (tmp_path / n).parent.mkdir(exist_ok=True)
        (tmp_path / n).write_bytes(b"")
    sources, _ = expand_inputs([str(tmp_path)])
    assert [s.doc for s in pages_as_documents(sources)] == ["a.txt", "scan", "z"]
    assert pages_as_documents(sources)[1] == Source(tmp_path / "scan", "scan")
    alone, _ = expand_inputs([str(tmp_path / "scan" / "issue-1.png")])
    assert pages_as_documents(alone) == [Source(tmp_path / "scan", "scan")]


def test_cli_names_scans_once_with_the_hint(tmp_path, no_engine):
    from typer.testing import CliRunner

    from tongxun_stats.cli import app

    (tmp_path / "a.txt").write_text("全区承保关爱保险286万份。", encoding="utf-8")
    for n in ("p1.png", "p2.png", "p3.png", "p4.png"):
        (tmp_path / n).write_bytes(png_bytes())
    res = CliRunner().invoke(app, ["extract", str(tmp_path), "-f", "csv", "--jobs", "1"])
    assert res.exit_code == 1
    names = ", ".join(str(tmp_path / n) for n in ("p1.png", "p2.png", "p3.png"))
    assert res.stderr.splitlines() == [
        f"tongxun: 4 scanned file(s) need OCR ({names}, …): pip install 'tongxun-stats[ocr]'",
        "tongxun: 1 read, 4 failed, 1 figures"]
    res = CliRunner().invoke(app, ["extract", str(tmp_path), "-f", "csv", "--jobs", "1", "--pages-as-document"])
    assert res.stderr.splitlines()[0] == f"tongxun: 1 scanned file(s) need OCR ({tmp_path}): pip install 'tongxun-stats[ocr]'"
