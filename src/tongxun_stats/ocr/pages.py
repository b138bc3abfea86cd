"""Bytes -> page images -> one recognised text.

``read_image`` reads a PNG/JPEG/TIFF (every frame of a multi-page TIFF is a page),
``read_scanned_pdf`` renders the pages of a PDF at ``DPI``, ``read_page_folder``
reads a folder of page images in name order (``issue-2.png`` before ``issue-10.png``)
as one document. Paragraphs are joined by a blank line (``"\\n\\n"``) and so are
pages, as in the text layer of a PDF.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import InputError
from . import IMAGE_SUFFIXES, OcrMissing, OcrText

DPI = 200  # scanned PDF pages are rendered at this resolution
_DIGITS = re.compile(r"(\d+)")


def read_image(data: bytes, name: str) -> OcrText:
    """The text on a page image (all frames of a TIFF)."""
    return recognise_pages(_frames(data, name), name)


def read_scanned_pdf(pdf, name: str) -> OcrText:
    """The text of an open ``pypdfium2.PdfDocument`` whose pages have no text layer."""
    _require(name)
    images = []
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            images.append(page.render(scale=DPI / 72).to_pil())
        finally:
            page.close()
    return recognise_pages(images, name)


def page_files(folder: Path) -> list[Path]:
    """The page images directly in ``folder``, in natural name order (hidden files skipped)."""
    found = [p for p in folder.iterdir()
             if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith(".") and p.is_file()]
    return sorted(found, key=lambda p: [int(t) if t.isdigit() else t.lower() for t in _DIGITS.split(p.name)])


def read_page_folder(folder: Path, name: str) -> OcrText:
    """A folder of page images read as one document."""
    files = page_files(folder)
    if not files:
        raise InputError(name, "no page images (.png .jpg .jpeg .tif .tiff) in this folder")
    _require(name)
    images = []
    for f in files:
        try:
            images += _frames(f.read_bytes(), str(f))
        except OSError as e:
            raise InputError(str(f), f"cannot read: {e.strerror or e}") from None
    return recognise_pages(images, name)


def recognise_pages(images, name: str) -> OcrText:
    """Recognise each page and join them into one text with its confidence spans."""
    from .engine import recognise

    return assemble((recognise(image, name), *image.size) for image in images)


def assemble(pages) -> OcrText:
    """``(boxes, width, height)`` of each page -> one text: paragraphs in reading order,
    joined by a blank line, with one confidence span per box."""
    from .layout import paragraphs

    text: list[str] = []
    spans: list[tuple[int, int, float]] = []
    at = 0
    for boxes, width, height in pages:
        for para in paragraphs(boxes, width, height):
            if at:
                text.append("\n\n")
                at += 2
            for piece, conf in para:
                text.append(piece)
                if piece.strip():
                    spans.append((at, at + len(piece), round(conf, 4)))
                at += len(piece)
    return OcrText("".join(text), spans)


def _require(name: str) -> None:
    from .engine import available

    if available() is None:
        raise OcrMissing(name)


def _frames(data: bytes, name: str) -> list:
    _require(name)
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [f.convert("RGB") for f in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise InputError(name, f"not a readable image ({type(e).__name__})") from None
    return frames
