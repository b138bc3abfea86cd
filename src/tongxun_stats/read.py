"""Path or bytes -> the document's text, exactly as written.

Later stages keep offsets into the string returned here, so nothing is
normalised: no NFKC, no whitespace folding, no newline conversion for text
files. Only a leading byte-order mark is dropped.

Formats (the suffix of the name decides; no suffix means text, or PDF/DOCX
when the bytes start with their magic number, e.g. on stdin):

- ``.txt`` ``.md``: a BOM (UTF-8, UTF-16, UTF-32), UTF-16 without a BOM, UTF-8,
  then charset-normalizer; a GB2312/GBK guess is decoded as GB18030, its superset;
  a few undecodable bytes become U+FFFD with a warning (see ``textcodec``).
- ``.docx``: body paragraphs and tables in document order; blocks are joined by
  a blank line (``"\\n\\n"``), a table is one block with a line per row and
  ``"\\t"`` between cells. Empty paragraphs are left out.
- ``.pdf``: the text layer (pypdfium2); pages are joined by ``"\\n\\n"`` and
  pdfium's ``"\\r\\n"`` line ends become ``"\\n"``. Without a text layer the
  pages are recognised (see ``.ocr``, the optional extra).
- ``.png`` ``.jpg`` ``.jpeg`` ``.tif`` ``.tiff``, and a folder of such pages: OCR
  (``.ocr.pages``); the text is an ``OcrText`` that keeps the confidence of each line.
- ``.html`` ``.htm``: charset from a BOM, strict UTF-8, the ``<meta>``
  declaration, then detection; script/style dropped; block elements become
  paragraphs joined by ``"\\n\\n"``; inline whitespace is folded as a browser
  would (a line break between two CJK characters disappears).

Every failure is an ``InputError(name, reason)`` with a one-line reason.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from pathlib import Path, PurePath

from .errors import InputError
from .ocr import IMAGE_SUFFIXES
from .textcodec import decode_text_as

log = logging.getLogger(__name__)

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf", ".html", ".htm") + IMAGE_SUFFIXES
"""Suffixes read by :func:`read_path`; a name with no suffix is read as text too."""


_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_HTML_DROP = ["script", "style", "noscript", "template", "head"]
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p "
    "section summary ul".split()
)


def read_path(path: str | Path, encoding: str | None = None) -> str:
    """Read the document at ``path`` (see the module docstring for formats)."""
    return _read_path(path, encoding)[0]


def read_input(path: str | Path | None, encoding: str | None = None) -> str:
    """A document from ``path``, or from standard input when ``path`` is None (its bytes
    are sniffed, so a PDF or DOCX piped in is read as one)."""
    return read_document(path, encoding)[0]


def read_document(path: str | Path | None, encoding: str | None = None) -> tuple[str, str]:
    """(the text, how its bytes were read) of a document, as :func:`read_input` reads it:
    the text codec (``utf-8``, ``gb18030``, a forced one …), or ``docx``, ``pdf``, ``ocr``."""
    if path is None:
        import sys

        return _read_bytes(sys.stdin.buffer.read(), "-", encoding)
    return _read_path(path, encoding)


def read_bytes(data: bytes, name: str, encoding: str | None = None) -> str:
    """Turn ``data`` into text; ``name``'s suffix picks the format and names it in errors.

    ``encoding`` forces the codec of a text or HTML file (ignored for DOCX/PDF).
    """
    return _read_bytes(data, name, encoding)[0]


def _read_path(path: str | Path, encoding: str | None) -> tuple[str, str]:
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            from .ocr.pages import page_files, read_page_folder

            if page_files(p):  # a folder of page images is one scanned document
                return read_page_folder(p, name), "ocr"
            raise InputError(name, "is a folder, not a file")
        data = p.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        reason = "broken symbolic link" if p.is_symlink() else "no such file"
        raise InputError(name, reason) from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a folder, not a file") from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None
    return _read_bytes(data, name, encoding)


def _read_bytes(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    suffix = PurePath(name).suffix.lower()
    if not suffix or name == "-":
        suffix = _sniff(data)
    if suffix in TEXT_SUFFIXES or suffix == "":
        return decode_text_as(data, name, encoding)
    if suffix == ".docx":
        return _read_docx(data, name), "docx"
    if suffix == ".pdf":
        return _read_pdf(data, name), "pdf"
    if suffix in (".html", ".htm"):
        return _read_html(data, name, encoding)
    if suffix in IMAGE_SUFFIXES:  # a scanned page: OCR (the optional extra)
        from .ocr.pages import read_image

        return read_image(data, name), "ocr"
    supported = " ".join(SUPPORTED_SUFFIXES)
    raise InputError(name, f"unsupported file type {suffix!r} (supported: {supported})")


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return ".docx"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return ".png"  # any page image: PIL reads it by its bytes
    return ""


# -- DOCX --------------------------------------------------------------------


def _read_docx(data: bytes, name: str) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(name, "an old Word .doc or an encrypted file, not DOCX")
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            text = _docx_table_text(item) if isinstance(item, Table) else item.text
            if text.strip():
                blocks.append(text)
    except Exception as e:  # zipfile, lxml, python-docx and KeyError all signal a broken file
        raise InputError(name, f"not a readable DOCX file ({_one_line(e)})") from None
    return "\n\n".join(blocks)


def _docx_table_text(table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell is repeated once per grid column
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        rows.append("\t".join(cells))
    return "\n".join(rows)


# -- PDF ---------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> str:
    import pypdfium2 as pdfium

    if b"%PDF-" not in data[:1024]:
        raise InputError(name, "not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(name, "truncated or damaged PDF (no %%EOF at the end)")
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:
        raise InputError(name, f"not a readable PDF ({_one_line(e)})") from None
    pages: list[str] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                pages.append(textpage.get_text_range().replace("\r\n", "\n"))
            finally:
                textpage.close()
                page.close()
    except Exception as e:
        raise InputError(name, f"cannot read the PDF text ({_one_line(e)})") from None
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        return _ocr_pdf(data, name)
    return "\n\n".join(pages)


def _ocr_pdf(data: bytes, name: str) -> str:
    """A PDF without a text layer: its pages rendered and recognised (the ocr extra)."""
    import pypdfium2 as pdfium

    from .ocr import OcrMissing
    from .ocr.pages import read_scanned_pdf

    pdf = pdfium.PdfDocument(data)
    try:
        text = read_scanned_pdf(pdf, name)
    except OcrMissing as e:
        raise OcrMissing(name, f"no text layer (scanned PDF?); {e.reason}") from None
    finally:
        pdf.close()
    if not text.strip():
        raise InputError(name, "no text layer (scanned PDF?), and OCR found no text on its pages")
    return text


# -- HTML --------------------------------------------------------------------


def _read_html(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
    from bs4.dammit import EncodingDetector

    declared = None if encoding else EncodingDetector.find_declared_encoding(data, is_html=True)
    markup, codec = decode_text_as(data, name, encoding, declared=declared)
    if not markup:
        return "", codec
    try:
        with warnings.catch_warnings():  # a short page "looks like a filename" to bs4
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(markup, "html.parser")
    except Exception as e:
        raise InputError(name, f"cannot parse the HTML ({_one_line(e)})") from None
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    out = _HtmlText()
    out.walk(soup)
    out.end_block()
    return "\n\n".join(out.blocks), codec


class _HtmlText:
    """Collects the visible text of a parsed page as blocks of lines."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.lines: list[str] = []
        self.parts: list[str] = []

    def walk(self, node) -> None:
        from bs4 import NavigableString, Tag

        for child in node.children:
            if isinstance(child, Tag):
                self.element(child)
            elif type(child) is NavigableString:  # skips comments, doctype, CDATA
                self.parts.append(str(child))

    def element(self, tag) -> None:
        name = tag.name
        if name == "br":
            self.end_line()
        elif name == "pre":
            self.end_block()
            text = tag.get_text()
            if text.startswith("\n"):
                text = text[1:]
            if text.strip():
                self.blocks.append(text.rstrip())
        elif name == "table":
            self.end_block()
            for row in tag.find_all("tr"):
                if row.find_parent("table") is not tag:
                    continue  # a nested table's rows are in its outer cell's text
                cells = [_fold(c.get_text(" ")) for c in row.find_all(["td", "th"], recursive=False)]
                if any(cells):
                    self.lines.append("\t".join(cells))
            self.end_block()
        elif name in _HTML_BLOCKS:
            self.end_block()
            self.walk(tag)
            self.end_block()
        else:
            self.walk(tag)

    def end_line(self) -> None:
        line = _fold("".join(self.parts))
        self.parts.clear()
        if line:
            self.lines.append(line)

    def end_block(self) -> None:
        self.end_line()
        if self.lines:
            self.blocks.append("\n".join(self.lines))
            self.lines.clear()


def _fold(text: str) -> str:
    """Fold whitespace like a browser: runs -> one space, none across a line break between CJK."""

    def repl(m: re.Match) -> str:
        run, s = m.group(), m.string
        if "\n" in run or "\r" in run:
            before = s[m.start() - 1] if m.start() else ""
            after = s[m.end()] if m.end() < len(s) else ""
            if _wide(before) and _wide(after):
                return ""
        return " "

    return _HTML_WS.sub(repl, text).strip(" ")


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def _one_line(e: BaseException) -> str:
    msg = str(e).strip().splitlines()
    text = msg[0] if msg else ""
    return f"{type(e).__name__}: {text[:120]}" if text else type(e).__name__
