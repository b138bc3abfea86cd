"""The recognisers behind one interface: a page image -> the text lines on it.

``rapidocr`` (RapidOCR on onnxruntime, PP-OCRv4 Chinese models shipped in its
wheel) is the default; ``tesseract`` (Debian's ``tesseract-ocr`` with
``tesseract-ocr-chi-sim``, run as a program) is the fallback. Neither downloads
anything at run time. ``TONGXUN_OCR_ENGINE`` picks one; ``auto`` (the default)
takes the first installed. Engines are made once per process.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from ..errors import InputError
from . import OcrMissing

ENGINES = ("rapidocr", "tesseract")


@dataclass(frozen=True, slots=True)
class Box:
    """One recognised line (or part of one): its bounding box in pixels, text, confidence 0-1."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def available(engine: str = "auto") -> str | None:
    """The engine that ``engine`` resolves to here, or None when none is installed."""
    names = ENGINES if engine == "auto" else (engine,)
    for name in names:
        if name == "rapidocr" and _has_module("rapidocr_onnxruntime"):
            return name
        if (name == "tesseract" and _has_module("PIL") and shutil.which("tesseract")
                and "chi_sim" in _tesseract_langs()):  # Pillow opens the pages
            return name
    return None


def recognise(image, name: str, engine: str | None = None) -> list[Box]:
    """The text boxes on ``image`` (a PIL image); ``name`` is the file, for errors."""
    wanted = engine or os.environ.get("TONGXUN_OCR_ENGINE", "auto") or "auto"
    if wanted not in (*ENGINES, "auto"):
        raise InputError(name, f"unknown OCR engine {wanted!r} (choose from auto, {', '.join(ENGINES)})")
    chosen = available(wanted)
    if chosen is None:
        raise OcrMissing(name)
    if chosen == "rapidocr":
        return _rapidocr(image)
    return _tesseract(image)


def _has_module(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@functools.cache
def _tesseract_langs() -> str:
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


@functools.cache
def _rapid_engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _rapidocr(image) -> list[Box]:
    import numpy as np

    result, _ = _rapid_engine()(np.asarray(image.convert("RGB")), use_cls=False)
    boxes = []
    for quad, text, conf in result or ():
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text, float(conf)))
    return boxes


def _tesseract(image) -> list[Box]:
    """Tesseract's TSV words grouped into its lines; confidence is the words' mean."""
    import io

    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "3", "tsv"],
                          input=buf.getvalue(), capture_output=True, timeout=600)
    lines: dict[tuple[str, ...], list[list[str]]] = {}
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            lines.setdefault(tuple(cells[1:5]), []).append(cells)
    boxes = []
    for words in lines.values():
        x0 = min(int(w[6]) for w in words)
        y0 = min(int(w[7]) for w in words)
        x1 = max(int(w[6]) + int(w[8]) for w in words)
        y1 = max(int(w[7]) + int(w[9]) for w in words)
        text = _join_words([w[11] for w in words])
        conf = sum(float(w[10]) for w in words) / len(words) / 100
        boxes.append(Box(x0, y0, x1, y1, text, conf))
    return boxes


def _join_words(words: list[str]) -> str:
    """Tesseract splits Chinese into one-character words: join them without spaces,
    keep one between two Latin words."""
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w[0].isascii() and w[0].isalpha():
            out += " "
        out += w
    return out
