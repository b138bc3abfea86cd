"""Figures read from recognised text carry the ``ocr`` flag and the recogniser's confidence.

Digits are where OCR goes wrong (``8``/``3``, ``0``/``6``, a dropped ``.``), so
every such figure says where it came from; the checks then report a mismatch or
an outlier that involves one as ``ocr mismatch`` / ``ocr outlier``.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Figure, Flag, FlagCode
from . import OcrText

FLAG = Flag(FlagCode.OCR)


def mark_figures(figures: list[Figure], text: str) -> list[Figure]:
    """``figures`` of ``text`` with the OCR flag and ``ocr_confidence`` set when ``text``
    was recognised (an :class:`OcrText`); unchanged otherwise."""
    if not isinstance(text, OcrText):
        return figures
    out = []
    for f in figures:
        out.append(replace(f, flags=(FLAG, *f.flags), ocr_confidence=text.confidence(f.start, f.end)))
    return out
