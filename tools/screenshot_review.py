"""Render the review page of some documents and save a PNG screenshot of it.

For developers who want to see what `tongxun review` shows without opening a
browser by hand. Needs Debian's chromium (and a CJK font for the Chinese text):

    apt-get install -y chromium fonts-noto-cjk
    .venv/bin/python tools/screenshot_review.py                    # samples/ -> docs/review.png
    .venv/bin/python tools/screenshot_review.py my.txt -o /tmp/r.png --anchor x3

``--anchor`` scrolls to an element first: ``x3`` is the fourth check finding,
``f12`` the thirteenth figure; by default the page opens at the first outlier's
figure when there is one. ``--html PATH`` keeps the page too.
"""
from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.chromium import CHROMIUM_FLAGS, find_chromium  # noqa: E402  (one place knows how to start it)

log = logging.getLogger("screenshot_review")


def first_outlier_anchor(html: str) -> str:
    """The id of the figure named first by the first outlier finding, else ''."""
    start = html.find('class="k-outlier"')
    if start < 0:
        return ""
    at = html.find('href="#f', start)
    return html[at + 7 : html.find('"', at + 7)] if at >= 0 else ""


def screenshot(html_path: Path, png: Path, *, width: int, height: int, anchor: str = "") -> None:
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("screenshot_review: chromium not found (apt-get install -y chromium fonts-noto-cjk)")
    url = html_path.resolve().as_uri() + (f"#{anchor}" if anchor else "")
    with tempfile.TemporaryDirectory(prefix="tongxun-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
               "--virtual-time-budget=3000", f"--screenshot={png.resolve()}", url]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0 or not png.is_file():
        raise SystemExit(f"screenshot_review: chromium failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from tongxun_stats.review import write_review

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "samples")], help="documents (default: samples/)")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "review.png", help="PNG to write")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1100)
    ap.add_argument("--anchor", default=None, help="element id to scroll to (x3, f12); '' for the top")
    ap.add_argument("--html", type=Path, default=None, help="also keep the HTML page here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tongxun-review-") as tmp:
        html_path = args.html or Path(tmp) / "review.html"
        failures = write_review(args.paths, html_path)
        for e in failures:
            log.warning("screenshot_review: %s", e)
        anchor = first_outlier_anchor(html_path.read_text(encoding="utf-8")) if args.anchor is None else args.anchor
        screenshot(html_path, args.output, width=args.width, height=args.height, anchor=anchor)
    log.info("wrote %s", args.output)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
