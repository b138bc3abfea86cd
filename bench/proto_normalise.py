"""Prototype, timed against the stage it would replace: normalise() without a
Python-level event per newline.

Today every newline is one Python-level regex match (``wrap``). In a text that is not hard-wrapped (width 0, the common case)
a kept newline maps to itself, so it needs no Python-level event: the loop here sees
markup, fullwidth characters and blank-line gaps only. Hard-wrapped texts take the
full path. (Mapping the fullwidth forms afterwards with one ``str.translate`` was
measured too: slower, a dict lookup per character.)

    .venv/bin/python bench/proto_normalise.py [FILES...]   # default: the samples and corpus
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import regex

from tongxun_stats.normalise import (
    _SUPERSCRIPTS,
    _WRAP_MIN_LINES,
    Normalised,
    OffsetMap,
    _is_page_cut,
    _line_at,
    normalise,
    to_simplified,
    wrap_width,
)

_MARKUP = regex.compile(
    r"""
    (?P<sup><sup>\s*(?P<supd>[23])\s*</sup>)
  | (?P<tag></?(?:sup|sub|span|font|b|i|u|em|strong|br|p|div)\b[^>\n]{0,80}>)
  | (?P<bold>\*\*)
  | (?P<wide>[\uFF02-\uFF07\uFF0A\uFF0B\uFF0D-\uFF19\uFF1C-\uFF1E\uFF20-\uFF5E\u3000\u00A0])
  | (?P<gap>[ \t]*\n(?:[ \t]*\n)+)
    """,
    regex.VERBOSE,
)
def fast_normalise(original: str) -> Normalised:
    if original.count("\n") >= _WRAP_MIN_LINES and wrap_width(original):
        return normalise(original)  # hard-wrapped: the wrap decisions need the full path
    out: list[str] = []
    offsets = OffsetMap(len(original))
    add = offsets._add
    pos = 0
    for m in _MARKUP.finditer(original):
        s, e = m.span()
        if s > pos:
            out.append(original[pos:s])
            add(pos, s - pos)
        kind = m.lastgroup
        if kind == "sup":
            out.append(_SUPERSCRIPTS[m.group("supd")])
            add(s, 1, e)
        elif kind == "wide":
            ch = m.group()
            out.append(" " if ch in "\u3000\u00a0" else chr(ord(ch) - 0xFEE0))
            add(s, 1)
        elif kind == "gap" and not _is_page_cut(_line_at(original, s, True), _line_at(original, e, False)):
            out.append(original[s:e])
            add(s, e - s)
        pos = e
    if pos < len(original):
        out.append(original[pos:])
        add(pos, len(original) - pos)
    return Normalised(to_simplified("".join(out)), offsets)


def same(a: Normalised, b: Normalised) -> bool:
    n = len(a.text)
    return a.text == b.text and all(a.offsets.start(k) == b.offsets.start(k) and a.offsets.end(k + 1) == b.offsets.end(k + 1)
                                    for k in range(n))


def main(paths: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    files = [Path(p) for p in paths] or sorted((root / "samples").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    bad = [f.name for f, t in zip(files, texts, strict=True) if not same(normalise(t), fast_normalise(t))]
    chars = sum(map(len, texts))
    for name, fn in (("normalise (today)", normalise), ("prototype", fast_normalise)):
        best = min(_time(fn, texts) for _ in range(5))
        sys.stdout.write(f"{name:18s} {best * 1e3:8.1f} ms  {chars / best / 1e6:6.2f} M chars/s (CPU)\n")
    sys.stdout.write(f"identical on {len(texts) - len(bad)} of {len(texts)} files" + (f"; differ: {bad[:5]}" if bad else "") + "\n")
    return 1 if bad else 0


def _time(fn, texts) -> float:
    t0 = time.process_time()
    for t in texts:
        fn(t)
    return time.process_time() - t0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
