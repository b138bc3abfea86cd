"""Compare the OCR engines on the samples rendered as printed pages.

For each engine: characters right and digits right (1 - edit distance / length,
whitespace ignored, against what was drawn), seconds per page, and the rows that
extraction then finds, written as JSONL for the gold scorer, and the check
findings by kind (a misread digit shows as an ocr-mismatch or ocr-outlier).

usage: python bench/ocr_bench.py OUTDIR [--dpi 150] [--engine rapidocr] [--pages 0,3,5]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pages import render  # noqa: E402

from tongxun_stats.export import figure_record  # noqa: E402
from tongxun_stats.ocr.engine import recognise  # noqa: E402
from tongxun_stats.ocr.pages import assemble  # noqa: E402
from tongxun_stats.pipeline import extract_checked  # noqa: E402

_WS = re.compile(r"\s+")


def distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--engine", action="append")
    ap.add_argument("--pages", help="comma-separated 0-based page indexes per sample (default: all)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = {int(x) for x in args.pages.split(",")} if args.pages else None
    for engine in args.engine or ["rapidocr", "tesseract"]:
        chars = digits = chars_ok = digits_ok = 0
        seconds, n_pages, rows, kinds = 0.0, 0, [], {}
        for sample in sorted((ROOT / "samples").glob("*.txt")):
            pages = render(sample.read_text(encoding="utf-8"), dpi=args.dpi)
            texts = []
            for k, page in enumerate(pages):
                if wanted is not None and k not in wanted:
                    continue
                t = time.perf_counter()
                boxes = recognise(page.image, sample.name, engine)
                seconds += time.perf_counter() - t
                n_pages += 1
                got = _WS.sub("", "".join(b.text for b in sorted(boxes, key=lambda b: (b.y0, b.x0))))
                want = _WS.sub("", page.text)
                chars += len(want)
                chars_ok += len(want) - min(len(want), distance(want, got))
                dw, dg = "".join(re.findall(r"\d", want)), "".join(re.findall(r"\d", got))
                digits += len(dw)
                digits_ok += len(dw) - min(len(dw), distance(dw, dg))
                texts.append((boxes, *page.image.size))
            text = assemble(texts)
            (args.out / f"{engine}-{sample.stem}.txt").write_text(text, encoding="utf-8")
            figures, findings = extract_checked(text, source=sample.name)
            rows += [figure_record(f) for f in figures]
            for x in findings:
                kinds[x.kind] = kinds.get(x.kind, 0) + 1
        with open(args.out / f"{engine}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        sys.stdout.write(f"{engine}: {n_pages} pages at {args.dpi} dpi, characters right {chars_ok / chars:.4f}, "
                         f"digits right {digits_ok / digits:.4f}, {seconds / n_pages:.1f} s/page, {len(rows)} rows, "
                         f"check findings {kinds}\n")


if __name__ == "__main__":
    main()
