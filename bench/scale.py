"""Scale measurements for run_bench.py: per-character cost of a long document against
one issue, the pathological inputs of issue 11, and peak RSS on one 20 MB file.

Every measurement runs in a child process with a time bound, so an input that
does not finish shows as "> N s" instead of stalling the benchmark.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

TIMEOUT_S = 60.0
TARGET_FLAT = 1.25  # per-char cost of a 300-issue file <= 1.25 x that of one issue
TARGET_RSS_MB = 250
TARGET_PATHOLOGICAL_S = 5.0

# Runs extract_text on a file after a warm-up and prints the seconds it took, best of N.
_LIBRARY_TIMER = r"""
import json, sys, time
from tongxun_stats.pipeline import extract_text
text = open(sys.argv[1], encoding="utf-8").read()
extract_text("全区承保308.2万份。", source="warm")
best, cpu, rows = None, None, 0
for _ in range(int(sys.argv[2])):
    t0, c0 = time.perf_counter(), time.process_time()
    rows = len(extract_text(text, source="x"))
    t, c = time.perf_counter() - t0, time.process_time() - c0
    best, cpu = (t, c) if best is None or t < best else (best, cpu)
print(json.dumps({"s": best, "cpu_s": cpu, "rows": rows, "chars": len(text)}))
"""


def time_library(path: Path, repeat: int = 1, timeout: float = TIMEOUT_S) -> dict:
    """Seconds ``extract_text`` takes on ``path`` (best of ``repeat``), or ``timed_out``."""
    try:
        out = subprocess.run([sys.executable, "-c", _LIBRARY_TIMER, str(path), str(repeat)], capture_output=True,
                             text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"timed_out": True, "s": timeout}
    except subprocess.CalledProcessError as e:
        return {"error": e.stderr.strip().splitlines()[-1:], "s": float("nan")}
    return json.loads(out.stdout)


def pathological_inputs(rng: random.Random) -> dict[str, str]:
    """The inputs issue 11 names, plus a 1 MB random stream of digits, numerals and separators."""
    stream_alphabet = list("0123456789一二三四五六七八九十百千万亿零两.,，、%元个人份-~至 ") + ["\n"]
    return {
        "8,000 × 一": "一" * 8000,
        "20,000 × 一": "一" * 20000,
        "30 KB of digits": "".join(rng.choice("0123456789") for _ in range(30_000)),
        "'1元' × 8,000": "1元" * 8000,
        "1 MB digits/numerals/separators": "".join(rng.choice(stream_alphabet) for _ in range(1_000_000)),
    }


def one_line(samples: list[Path], size: int) -> str:
    """The samples joined into one line of ``size`` characters (no newline)."""
    one = "".join(p.read_text(encoding="utf-8").replace("\n", "") for p in samples)
    return (one * (size // len(one) + 1))[:size]


def long_document(issues: list[str], n: int) -> str:
    """``n`` issues one after the other in one file."""
    return "\n\n".join(issues[i % len(issues)] for i in range(n))


def measure(work: Path, samples: list[Path], varied: list[str], tongxun: str, run_measured, seed: int,
            quick: bool = False) -> dict:
    """Every scale figure; ``varied`` are synthetic issues (texts), ``run_measured`` times a CLI run."""
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    out: dict = {"pathological": {}}
    one = work / "issue1.txt"
    one.write_text(varied[0], encoding="utf-8")
    many = work / "issue300.txt"
    many.write_text(long_document(varied, 300), encoding="utf-8")
    r1, r300 = time_library(one, repeat=5), time_library(many, timeout=600)
    # CPU time: on a shared machine wall time swings with the neighbours' load
    out["per_char_1"] = r1["cpu_s"] / r1["chars"] if "chars" in r1 else float("nan")
    out["per_char_300"] = r300["cpu_s"] / r300["chars"] if "chars" in r300 else float("nan")
    out["chars_300"] = r300.get("chars", 0)
    inputs = pathological_inputs(rng)
    inputs["one line of 200 KB"] = one_line(samples, 200_000)
    for name, text in inputs.items():
        path = work / "pathological.txt"
        path.write_text(text, encoding="utf-8")
        out["pathological"][name] = time_library(path)
    # output size of a one-line file through the CLI (it used to be 136 MB of CSV for 200 KB)
    path = work / "oneline.txt"
    path.write_text(inputs["one line of 200 KB"], encoding="utf-8")
    csv = work / "oneline.csv"
    r = run_measured([tongxun, "extract", str(path), "-o", str(csv), "--jobs", "1", "-q"])
    out["one_line_csv_mb"] = csv.stat().st_size / 1e6 if csv.exists() else float("nan")
    out["one_line_cli_s"] = r["wall_s"]
    if not quick:
        big = work / "big20.txt"
        n = 20_000_000 // max(1, len(varied[0].encode("utf-8")))
        big.write_text(long_document(varied, n), encoding="utf-8")
        r = run_measured([tongxun, "extract", str(big), "-o", str(work / "big20.jsonl"), "--jobs", "1", "-q"])
        out["rss_20mb_file_mb"] = r["max_rss_mb"]
        out["wall_20mb_file_s"] = r["wall_s"]
        out["mb_20mb_file"] = big.stat().st_size / 1e6
    return out


def rows(scale: dict) -> list[tuple[str, str, str, bool | None]]:
    """(label, value, target, ok) rows for the benchmark table."""
    out = []
    p1, p300 = scale["per_char_1"], scale["per_char_300"]
    ratio = p300 / p1 if p1 else float("nan")
    out.append(("per-char CPU cost, 1 issue, µs/char", f"{p1 * 1e6:.3f}", "", None))
    out.append((f"per-char CPU cost, 300-issue file ({scale['chars_300'] / 1e6:.1f} M chars), µs/char",
                f"{p300 * 1e6:.3f} ({ratio:.2f}x)", f"<= {TARGET_FLAT}x (flat)", ratio <= TARGET_FLAT))
    for name, r in scale["pathological"].items():
        value = f"> {r['s']:.0f} s (killed)" if r.get("timed_out") else f"{r['s']:.2f} s" if "chars" in r else "error"
        out.append((f"pathological: {name}", value, f"< {TARGET_PATHOLOGICAL_S:g} s",
                    bool("chars" in r and r["s"] < TARGET_PATHOLOGICAL_S)))
    out.append(("one-line 200 KB file: CSV size MB", f"{scale['one_line_csv_mb']:.2f}", "bounded (was 136 MB)",
                scale["one_line_csv_mb"] < 5))
    if "rss_20mb_file_mb" in scale:
        out.append((f"peak RSS, one {scale['mb_20mb_file']:.0f} MB file, MB", f"{scale['rss_20mb_file_mb']:.0f}",
                    f"< {TARGET_RSS_MB}", scale["rss_20mb_file_mb"] < TARGET_RSS_MB))
    return out
