"""Render a newsletter's text as printed pages (PIL images), for the OCR tests.

Like a printed issue: markdown markers dropped, headings larger and centred,
body paragraphs wrapped to the text width with a two-character first-line indent
(a paragraph starts a new page rather than break, unless longer than a page),
a page number at the foot. ``render`` also says which source lines each page
holds, so a test that OCRs some pages can score the gold rows of those lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
_HEADING = re.compile(r"^\s*(#{1,6})\s*")


def cjk_font() -> str | None:
    return next((f for f in FONTS if Path(f).exists()), None)


@dataclass
class Page:
    image: object  # PIL.Image.Image
    lines: tuple[int, int]  # first and last 1-based source line on the page
    text: str  # what was drawn (the page number too), a line each


def render(text: str, dpi: int = 150, font_path: str | None = None) -> list[Page]:
    """A4 pages of ``text`` at ``dpi``: 10.5 pt body, 14 pt headings."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = font_path or cjk_font()
    px = dpi / 72
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    margin = round(0.8 * dpi)
    body = ImageFont.truetype(font_path, round(10.5 * px))
    head = ImageFont.truetype(font_path, round(14 * px))
    pages: list[Page] = []
    state = {"img": None, "y": 0, "first": 1, "drawn": []}

    def new_page(line_no: int) -> None:
        if state["img"] is not None:
            finish(line_no - 1)
        state["img"] = Image.new("L", (width, height), 255)
        state["y"] = margin
        state["first"] = line_no
        state["drawn"] = []

    def finish(last: int) -> None:
        draw = ImageDraw.Draw(state["img"])
        number = str(len(pages) + 1)
        draw.text(((width - body.getlength(number)) / 2, height - margin * 0.7), number, font=body, fill=0)
        drawn = "\n".join([*state["drawn"], number])
        pages.append(Page(state["img"], (state["first"], max(last, state["first"])), drawn))

    def put(line: str, font, x: float, line_no: int) -> None:
        size = font.size
        if state["y"] + size > height - margin:
            new_page(line_no)
        ImageDraw.Draw(state["img"]).text((x, state["y"]), line, font=font, fill=0)
        state["drawn"].append(line)
        state["y"] += round(size * 1.6)

    new_page(1)
    for no, src in enumerate(text.splitlines(), 1):
        line = src.replace("**", "").rstrip()
        m = _HEADING.match(line)
        if not line.strip():
            continue
        if m:
            title = line[m.end():].strip()
            state["y"] += round(head.size * 0.5)
            for part in _wrap(title, head, width - 2 * margin, 0):
                put(part, head, (width - head.getlength(part)) / 2, no)
            continue
        indent = body.getlength("一") * 2
        parts = _wrap(line.strip(), body, width - 2 * margin, indent)
        room = (height - margin - state["y"]) // round(body.size * 1.6)
        if len(parts) > room and state["drawn"] and len(parts) * round(body.size * 1.6) < height - 2 * margin:
            new_page(no)  # a paragraph that fits on a page is not split across two
        for i, part in enumerate(parts):
            put(part, body, margin + (indent if i == 0 else 0), no)
    finish(len(text.splitlines()))
    return pages


def _wrap(line: str, font, width: float, indent: float) -> list[str]:
    parts, current, room = [], "", width - indent
    for ch in line:
        if current and font.getlength(current + ch) > room:
            parts.append(current)
            current, room = "", width
        current += ch
    if current:
        parts.append(current)
    return parts
