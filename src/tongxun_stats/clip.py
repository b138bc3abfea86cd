"""Bounded context columns: a row carries a window of its sentence, not the line.

A document that is one enormous line (or a sentence that never ends) would make
every row carry megabytes; the window keeps the output growing with the number
of figures, never with line length. The full text stays reachable through
``doc`` + ``start``/``end``.
"""
from __future__ import annotations

SENTENCE_WINDOW = 300  # characters of the sentence kept around the figure
TITLE_MAX = 120  # characters of an article title
ELLIPSIS = "…"


def clip_title(title: str, limit: int = TITLE_MAX) -> str:
    """``title`` cut to ``limit`` characters, the cut marked with ``…``."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + ELLIPSIS


def sentence_window(text: str, lo: int, hi: int, start: int, end: int, *, window: int = SENTENCE_WINDOW) -> str:
    """The sentence ``text[lo:hi]`` (stripped), clipped to ``window`` characters around
    the figure ``text[start:end]``; each cut side is marked with ``…``.

    A sentence that fits in the window comes back whole, exactly as
    ``text[lo:hi].strip()``; the figure itself is never cut.
    """
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo <= window:
        return text[lo:hi]
    width = max(window, end - start)
    # centre the window on the figure, then slide it back inside the sentence
    w_lo = max(lo, min(start - (width - (end - start)) // 2, hi - width))
    w_hi = min(hi, w_lo + width)
    head = ELLIPSIS if w_lo > lo else ""
    tail = ELLIPSIS if w_hi < hi else ""
    return head + text[w_lo:w_hi].strip() + tail
