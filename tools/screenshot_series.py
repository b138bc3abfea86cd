"""Render the series chart page of some documents and save a PNG screenshot of it.

    apt-get install -y chromium fonts-noto-cjk
    .venv/bin/python tools/screenshot_series.py         # the README example over samples/ -> docs/series.png
    .venv/bin/python tools/screenshot_series.py a/ --option=--metric --option=理赔金额 -o /tmp/s.png
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from screenshot_review import screenshot  # noqa: E402  (one place starts chromium)

EXAMPLE = ("--metric", "承保份数", "--metric", "理赔金额", "--region", "钦州市", "--region", "贵港市")


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from typer.testing import CliRunner

    from tongxun_stats.cli import app

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "samples")], help="documents (default: samples/)")
    ap.add_argument("--option", action="append", default=None,
                    help=f"an option of tongxun series (repeatable; default: {' '.join(EXAMPLE)})")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "series.png", help="PNG to write")
    ap.add_argument("--width", type=int, default=1500)
    ap.add_argument("--height", type=int, default=500)
    args = ap.parse_args(argv)
    metrics = args.option or list(EXAMPLE)
    with tempfile.TemporaryDirectory(prefix="tongxun-series-") as tmp:
        page = Path(tmp) / "trends.html"
        res = CliRunner().invoke(app, ["series", *args.paths, *metrics, "--plot", str(page), "-o", str(Path(tmp) / "s.csv"), "-q"])
        if res.exit_code != 0:
            raise SystemExit(f"screenshot_series: tongxun series failed: {res.output}")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        screenshot(page, args.output, width=args.width, height=args.height)
    return 0


if __name__ == "__main__":
    sys.exit(main())
