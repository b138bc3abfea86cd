"""read.py: every supported encoding and format reads back to the sample text."""
from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongxun_stats.errors import InputError
from tongxun_stats.read import SUPPORTED_SUFFIXES, read_bytes, read_document, read_path

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))
assert SAMPLES, "samples/*.txt not found"


def sample_text(i: int = 0) -> str:
    return SAMPLES[i].read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Whitespace normalisation for formats that lay text out themselves (docx, pdf)."""
    return "".join(text.split())


def gbk_subset(text: str) -> str:
    """The sample without the few characters GBK cannot encode (000 has U+00A0)."""
    return "".join(c for c in text if c.encode("gbk", "ignore"))


# -- plain text -------------------------------------------------------------------

# id -> (bytes from text, the text expected back)
ENCODINGS = {
    "utf-8": (lambda t: t.encode("utf-8"), lambda t: t),
    "utf-8-bom": (lambda t: t.encode("utf-8-sig"), lambda t: t),
    "utf-16-native-bom": (lambda t: t.encode("utf-16"), lambda t: t),
    "utf-16-le-bom": (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), lambda t: t),
    "utf-16-be-bom": (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), lambda t: t),
    "utf-32-bom": (lambda t: t.encode("utf-32"), lambda t: t),
    "gb18030": (lambda t: t.encode("gb18030"), lambda t: t),
    "gbk": (lambda t: gbk_subset(t).encode("gbk"), gbk_subset),
}


@pytest.mark.parametrize("sample", range(len(SAMPLES)), ids=[p.name[:3] for p in SAMPLES])
@pytest.mark.parametrize("enc", ENCODINGS)
def test_sample_reads_back_in_every_encoding(tmp_path, enc, sample):
    text = sample_text(sample)
    encode, expected = ENCODINGS[enc]
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(text))
    assert read_path(path) == expected(text)


CODECS = {"utf-8": "utf-8", "utf-8-bom": "utf-8", "utf-16-native-bom": "utf-16-le", "utf-16-le-bom": "utf-16-le",
          "utf-16-be-bom": "utf-16-be", "utf-32-bom": "utf-32-le", "gb18030": "gb18030", "gbk": "gb18030"}


@pytest.mark.parametrize("enc", ENCODINGS)
def test_the_codec_that_read_the_text_is_told(tmp_path, enc):
    text = sample_text(1)
    encode, expected = ENCODINGS[enc]
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(text))
    assert read_document(path) == (expected(text), CODECS[enc])
    path.write_bytes("参保5.61万户，".encode() * 10 + b"\xff")  # lenient UTF-8
    assert read_document(path)[1] == "utf-8"
    path.write_bytes("参保5.61万户".encode("gbk"))
    assert read_document(path, encoding="gbk") == ("参保5.61万户", "gbk")  # forced


def test_replaced_bytes_are_counted_beside_a_real_replacement_character(caplog):
    """A U+FFFD written in the file is text, not a replaced byte."""
    data = ("参保5.61万户，" * 40 + "\ufffd").encode() + b"\xff"
    assert read_bytes(data, "x.txt") == ("参保5.61万户，" * 40 + "\ufffd\ufffd")
    assert "1 undecodable byte sequence replaced" in caplog.text


@pytest.mark.parametrize("name", ["doc.md", "doc", "DOC.TXT", "-"])
def test_text_suffixes_and_no_suffix(name):
    text = sample_text(1)
    assert read_bytes(text.encode("gb18030"), name) == text


# Short GBK strings: charset-normalizer alone ranks some as Big5, Korean or UTF-16.
SHORT_GBK = ["参保5.61万户", "全区计生协", "计生协", "保费1.1亿元，同比增长12%", "承保份数达308.2万份"]


@pytest.mark.parametrize("text", SHORT_GBK)
def test_short_gbk_is_detected_as_gb(text):
    assert read_bytes(text.encode("gbk"), "x.txt") == text


@pytest.mark.parametrize("size", [40, 400, None], ids=["40-chars", "400-chars", "whole"])
def test_big5_traditional_text_is_not_taken_for_gbk(size):
    import opencc

    data = opencc.OpenCC("s2t").convert(sample_text(1))[:size].encode("big5", "ignore")
    assert read_bytes(data, "big5.txt") == data.decode("big5")


def test_gb18030_only_characters():
    text = "计生协€𠀀㐀 " + sample_text(0)[:200]  # four-byte GB18030 sequences
    assert read_bytes(text.encode("gb18030"), "x.txt") == text


def test_text_is_not_normalised():
    text = "第一行\r\n第二行\r\n\r\n　全角空格　和 ＡＢＣ １２３％\t制表\n"
    assert read_bytes(text.encode("utf-8"), "x.txt") == text
    assert read_bytes(text.encode("gb18030"), "x.txt") == text


def test_forced_encoding():
    text = sample_text(1)[:500]
    assert read_bytes(text.encode("gbk"), "x.txt", encoding="gbk") == text
    with pytest.raises(InputError, match=r"not valid utf-8: byte 0x.. at offset \d+"):
        read_bytes(text.encode("gbk"), "x.txt", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        read_bytes(b"abc", "x.txt", encoding="no-such-codec")


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b" \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n", "\ufeff \n".encode("utf-16")],
    ids=["0-bytes", "spaces", "newlines", "bom-only", "bom-spaces", "utf16-spaces"],
)
def test_empty_document_is_empty_string(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert read_path(path) == ""


JUNK = {
    "random": random.Random(0).randbytes(4096),
    "all-bytes": bytes(range(256)) * 4,
    "png-like": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    "utf8-with-nul": "参保5.61万户".encode() + b"\x00" + "保费".encode(),
    "controls": bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + b"abc",
    "split-controls": b"\x1c\x1d\x1e\x1f" * 20 + b"abc",  # str.split() takes these for whitespace
    "private-use": "\ue000\uf8ff".encode() * 20 + b"abc",
}


@pytest.mark.parametrize("data", JUNK.values(), ids=JUNK.keys())
def test_binary_junk_is_an_input_error(data):
    with pytest.raises(InputError) as info:
        read_bytes(data, "junk.txt")
    assert "binary" in info.value.reason
    assert info.value.path == "junk.txt"


def test_path_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_path(tmp_path)
    (tmp_path / "sheet.xls").write_bytes(b"abc")
    with pytest.raises(InputError, match="unsupported file type '.xls'"):
        read_path(tmp_path / "sheet.xls")
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        read_path(link)


def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("参保5.61万户", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        with pytest.raises(InputError, match="permission denied"):
            read_path(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("error", "reason"),
    [(PermissionError(13, "Permission denied"), "permission denied"), (OSError(5, "Input/output error"), "cannot read: Input/output error")],
    ids=["permission", "io-error"],
)
def test_os_errors_become_input_errors(tmp_path, monkeypatch, error, reason):
    """The same mapping as test_unreadable_file, also when running as root."""
    path = tmp_path / "a.txt"
    path.write_text("参保5.61万户", encoding="utf-8")

    def fail(self):
        raise error

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert info.value.reason == reason


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".docx", ".pdf", ".html", ".htm",
                                       ".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # page images: OCR


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"%PDF-"]),
    data=st.binary(max_size=3000),
    name=st.sampled_from(["x.txt", "x.html", "x", "x.docx", "x.pdf"]),
)
def test_read_bytes_raises_only_input_error(prefix, data, name):
    try:
        text = read_bytes(prefix + data, name)
    except InputError as e:
        assert e.reason and "\n" not in e.reason
    else:
        assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="gb18030", exclude_categories=["Cc", "Cs", "Co", "Cn"]), min_size=1))
def test_valid_utf8_text_round_trips(text):
    got = read_bytes(text.encode("utf-8"), "x.txt")
    assert got == (text.removeprefix("\ufeff") if text.strip() else "")


# -- DOCX ---------------------------------------------------------------------------


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None, table_after: int = 0) -> bytes:
    import docx

    document = docx.Document()
    for i, para in enumerate(paragraphs):
        document.add_paragraph(para)
        if table and i == table_after:
            t = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("sample", range(len(SAMPLES)), ids=[p.name[:3] for p in SAMPLES])
def test_docx_reads_back_to_the_sample(tmp_path, sample):
    text = sample_text(sample)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    path = tmp_path / "doc.docx"
    path.write_bytes(make_docx(paragraphs))
    got = read_path(path)
    assert squash(got) == squash(text)
    assert got.count("\n\n") >= len(paragraphs) - 1


def test_docx_tables_in_document_order(tmp_path):
    table = [["地区", "承保份数", "保费"], ["南宁市", "308.2万份", "1.32亿元"], ["桂林市", "12万份", "5000万元"]]
    data = make_docx(["表前段落：全区情况如下。", "表后段落。"], table=table, table_after=0)
    got = read_bytes(data, "t.docx")
    assert got == (
        "表前段落：全区情况如下。\n\n"
        "地区\t承保份数\t保费\n南宁市\t308.2万份\t1.32亿元\n桂林市\t12万份\t5000万元\n\n"
        "表后段落。"
    )


def test_docx_merged_cell_is_not_repeated():
    import docx

    document = docx.Document()
    t = document.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "合计"
    for c, value in enumerate(["1", "2", "3"]):
        t.cell(1, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    assert read_bytes(buf.getvalue(), "m.docx") == "合计\n1\t2\t3"


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word file")
    return buf.getvalue()


CORRUPT_DOCX = {
    "junk": lambda good: b"this is not a zip file at all",
    "truncated": lambda good: good[: len(good) // 2],
    "zip-without-word": lambda good: _zip_without_document(),
    "old-doc-or-encrypted": lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
    "empty": lambda good: b"",
}


@pytest.mark.parametrize("make", CORRUPT_DOCX.values(), ids=CORRUPT_DOCX.keys())
def test_corrupt_docx_is_an_input_error(tmp_path, make):
    path = tmp_path / "bad.docx"
    path.write_bytes(make(make_docx(["参保5.61万户"])))
    with pytest.raises(InputError) as info:
        read_path(path)
    assert info.value.path == str(path)
    assert "\n" not in info.value.reason


# -- PDF ----------------------------------------------------------------------------


def make_pdf(text: str | None, chars_per_line: int = 38, lines_per_page: int = 45) -> bytes:
    """A PDF with a real CJK text layer (reportlab's built-in STSong-Light CID font).

    Long lines are wrapped. A wrapped piece is never a single character: pdfium
    finds no text in a one-character string of this (non-embedded, UniGB-UCS2-H)
    font, a quirk of the fixture, not of read.py.
    """
    reportlab = pytest.importorskip("reportlab")  # test-only dependency
    del reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if text is None:  # a "scanned" page: drawing, no text
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    else:
        lines = []
        for raw in text.splitlines():
            pieces = [raw[i : i + chars_per_line] for i in range(0, max(len(raw), 1), chars_per_line)]
            if len(pieces) > 1 and len(pieces[-1]) == 1:
                pieces[-2:] = [pieces[-2] + pieces[-1]]
            lines.extend(pieces)
        for start in range(0, len(lines), lines_per_page):
            c.setFont("STSong-Light", 11)
            for j, line in enumerate(lines[start : start + lines_per_page]):
                c.drawString(40, 800 - 17 * j, line)
            c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("sample", range(len(SAMPLES)), ids=[p.name[:3] for p in SAMPLES])
def test_pdf_reads_back_to_the_sample(tmp_path, sample):
    text = sample_text(sample)
    path = tmp_path / "doc.pdf"
    path.write_bytes(make_pdf(text))
    got = read_path(path)
    assert squash(got) == squash(text)
    assert "\r" not in got


def test_pdf_pages_are_joined_by_a_blank_line():
    got = read_bytes(make_pdf("第一页 参保5.61万户\n第二行", lines_per_page=1), "p.pdf")
    assert got == "第一页 参保5.61万户\n\n第二行"


def test_pdf_without_text_layer():
    with pytest.raises(InputError, match=r"no text layer \(scanned PDF\?\)"):
        read_bytes(make_pdf(None), "scan.pdf")


BAD_PDF = {
    "truncated-half": lambda good: good[: len(good) // 2],
    "truncated-tail": lambda good: good[:-64],
    "not-a-pdf": lambda good: "参保5.61万户".encode(),
    "header-only": lambda good: b"%PDF-1.4\n%%EOF\n",
    "empty": lambda good: b"",
}


@pytest.mark.parametrize("make", BAD_PDF.values(), ids=BAD_PDF.keys())
def test_bad_pdf_is_an_input_error(tmp_path, make):
    path = tmp_path / "bad.pdf"
    path.write_bytes(make(make_pdf(sample_text(1)[:2000])))
    with pytest.raises(InputError) as info:
        read_path(path)
    assert "\n" not in info.value.reason


def test_stdin_bytes_are_sniffed():
    pdf = make_pdf("参保5.61万户")
    assert read_bytes(pdf, "-") == "参保5.61万户"
    docx = make_docx(["参保5.61万户"])
    assert read_bytes(docx, "-") == "参保5.61万户"


# -- HTML -----------------------------------------------------------------------------

HTML_CASES = [
    # (id, markup, expected text)
    ("paragraphs", "<p>参保5.61万户。</p><p>保费1.1亿元。</p>", "参保5.61万户。\n\n保费1.1亿元。"),
    (
        "script-style-head-dropped",
        "<html><head><title>标题</title><style>p{color:red}</style></head>"
        "<body><script>var a = '1万';</script><p>正文</p><noscript>请开启</noscript></body></html>",
        "正文",
    ),
    ("inline-elements-join", "<div>承保<b>份数</b>达<span>308.2</span>万份</div>", "承保份数达308.2万份"),
    ("br-is-a-line", "<p>第一行<br>第二行<br/>第三行</p>", "第一行\n第二行\n第三行"),
    ("cjk-line-break-folds-away", "<p>全区计生\n    家庭系列保险</p>", "全区计生家庭系列保险"),
    ("latin-line-break-is-a-space", "<p>GDP\n  grew 5%</p>", "GDP grew 5%"),
    ("entities", "<p>A&amp;B&nbsp;&lt;1万&gt;</p>", "A&B\xa0<1万>"),
    ("comments-dropped", "<p>正<!-- 注释 -->文</p>", "正文"),
    (
        "table-rows-and-cells",
        "<p>前</p><table><tr><th>地区</th><th>户数</th></tr><tr><td>南宁市</td><td>1,000</td></tr></table><p>后</p>",
        "前\n\n地区\t户数\n南宁市\t1,000\n\n后",
    ),
    ("nested-blocks", "<div>甲<div>乙</div>丙</div>", "甲\n\n乙\n\n丙"),
    ("pre-kept", "<pre>\n  a  b\n  c</pre>", "  a  b\n  c"),
    ("empty-body", "<html><body>  </body></html>", ""),
]


@pytest.mark.parametrize(("markup", "expected"), [c[1:] for c in HTML_CASES], ids=[c[0] for c in HTML_CASES])
def test_html_text(markup, expected):
    assert read_bytes(markup.encode("utf-8"), "page.html") == expected


@pytest.mark.parametrize(
    "meta",
    ['<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', ""],
    ids=["meta-charset", "http-equiv", "no-declaration"],
)
def test_html_gbk_charset(meta):
    body = "全区计生家庭系列保险承保份数达308.2万份，保费1.32亿元。"
    markup = f"<html><head>{meta}</head><body><p>{body}</p></body></html>"
    assert read_bytes(markup.encode("gbk"), "page.htm") == body


def test_html_utf8_wins_over_a_wrong_declaration():
    markup = '<meta charset="gbk"><p>参保5.61万户</p>'
    assert read_bytes(markup.encode("utf-8"), "page.html") == "参保5.61万户"


def test_html_sample_paragraphs(tmp_path):
    text = sample_text(0)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    from html import escape

    markup = "<html><body>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + "</body></html>"
    path = tmp_path / "doc.html"
    path.write_bytes(markup.encode("gb18030"))
    assert squash(read_path(path)) == squash(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("参保a1 \t\n\u3000\xa0\x1c\x1f\x85\x07\u200b\ue000\ufffd\U000e0001")
               | st.characters(exclude_categories=()), max_size=40))
def test_a_text_told_clean_without_counting_has_no_junk(text):
    """The fast path of the binary check may only skip texts the junk count would pass whole."""
    from tongxun_stats.textcodec import _JUNK_CHAR, _surely_clean

    if _surely_clean(text):
        assert _JUNK_CHAR.search(text) is None
