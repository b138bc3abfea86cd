"""Reading scanned pages: page images and PDFs without a text layer.

The optional ``ocr`` extra (``pip install 'tongxun-stats[ocr]'``) brings the
recogniser; nothing here imports it until a page is actually read, so the rest
of tongxun runs without it.

- :mod:`.engine` wraps the recognisers (RapidOCR, Tesseract) into one form:
  a page image -> :class:`Box` lines with their confidence;
- :mod:`.layout` puts the boxes back in reading order as paragraphs;
- :mod:`.pages` turns bytes (PNG/JPEG/TIFF, a scanned PDF, a folder of pages)
  into page images and those into one :class:`OcrText`;
- :mod:`.trust` marks the figures read from such a text.
"""
from __future__ import annotations

import bisect

from ..errors import InputError

IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
INSTALL_HINT = "pip install 'tongxun-stats[ocr]'"


class OcrMissing(InputError):
    """A page image or scanned PDF, and no recogniser is installed (the CLI names such
    files once, with the install hint)."""

    def __init__(self, path: str, reason: str = f"needs OCR: {INSTALL_HINT}"):
        super().__init__(path, reason)


class OcrText(str):
    """Recognised text: a ``str`` that also holds ``spans``, one ``(start, end,
    confidence)`` per recognised line, in text order (offsets into this string)."""

    spans: tuple[tuple[int, int, float], ...]
    _starts: list[int]

    def __new__(cls, text: str, spans=()):
        self = super().__new__(cls, text)
        self.spans = tuple(spans)
        self._starts = [s for s, _, _ in self.spans]
        return self

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (str(self), self.spans))

    def confidence(self, start: int, end: int) -> float | None:
        """The lowest confidence of the lines that ``[start, end)`` overlaps."""
        i = bisect.bisect_right(self._starts, start) - 1  # spans do not overlap
        found = []
        for s, e, c in self.spans[max(i, 0):]:
            if s >= end:
                break
            if e > start:
                found.append(c)
        return min(found) if found else None
