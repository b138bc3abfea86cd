"""Speed and scale benchmark for tongxun (a script, not a test).

Builds a synthetic archive from the sample newsletters (each file one lightly
varied copy of a sample: numbers, Guangxi prefecture names and dates changed,
deterministic for a seed), then measures:

- end to end through the CLI as a whole process, ``tongxun extract DIR -o out.jsonl
  --jobs 1`` and ``--jobs 2``: chars/s, figures/s, peak RSS;
- the library in-process (``extract_text`` over texts already in memory, one core);
- cold start of one issue as a new process (median of N runs);
- the ``--jobs 2`` speed-up over ``--jobs 1`` on the largest archive;
- (``bench/scale.py``) per-character cost of one issue against a 300-issue file, the
  pathological inputs (numeral runs, digit runs, a one-line file) each with a time
  bound, the CSV size of a one-line file and peak RSS on one 20 MB file.

Peak RSS is ``ru_maxrss`` of the CLI process tree from ``os.wait4`` (the largest
single process, workers included) and, when psutil is installed, the peak of the
tree's summed RSS sampled every 200 ms. With ``--repeat N`` each CLI and library
measurement is run N times and the fastest kept (this machine is shared and noisy).

Usage:
    .venv/bin/python bench/run_bench.py                 # 5 MB and 50 MB archives
    .venv/bin/python bench/run_bench.py --quick         # 5 MB only
    .venv/bin/python bench/run_bench.py --sizes 5 --workdir /tmp/tx-bench --json out.json
    .venv/bin/python bench/run_bench.py --quick --profile profile.txt   # + pyinstrument
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/scale.py
MB = 1_000_000
SAMPLE_EVERY_S = 0.2  # psutil tree-RSS sampling; walking /proc costs CPU the runs being measured need

# -- targets (issue "Speed and scale") ------------------------------------------------
TARGET_CHARS_PER_CORE = 2_000_000  # the long-term goal
TARGET_LIBRARY = 1_000_000  # issue 11: library in-process, 1 core
TARGET_CLI_J1 = 800_000  # issue 11: tongxun extract DIR --jobs 1
TARGET_COLD_START_S = 0.5
TARGET_SPEEDUP = 1.8
TARGET_RSS_MB = 250
QUIET_CORES = 0.2  # more CPU than this used by other processes during a run makes its timing suspect
QUIET_WAIT_S = [60.0]  # before each run, wait up to this long for other processes to go quiet (--quiet-wait)
CHILD_ENV: dict[str, str] = {}  # the measured processes' environment (see child_env)
TARGET_RSS_GROWTH = 1.25  # "roughly flat": peak RSS on the largest archive <= 1.25 x the smallest

# -- synthetic archive -------------------------------------------------------------------
# Guangxi's 14 prefecture-level cities; each file swaps them by a random permutation.
CITIES = ("南宁", "柳州", "桂林", "梧州", "北海", "防城港", "钦州", "贵港", "玉林", "百色", "贺州", "河池", "来宾", "崇左")
CITY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)))
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年)")
DAY_RE = re.compile(r"(?<![\d.])(\d{1,2})(?=\s*日)")
# a number not part of a date, a document number (〔2019〕75号) or an issue number
NUMBER_RE = re.compile(r"(?<![\d.])(\d{2,})(?![\d]|\s*[年月日号期])")


def vary(text: str, rng: random.Random) -> str:
    """A light, deterministic variation of one newsletter."""
    perm = list(CITIES)
    rng.shuffle(perm)
    swap = dict(zip(CITIES, perm, strict=True))
    text = CITY_RE.sub(lambda m: swap[m.group()], text)
    shift = rng.randint(-3, 3)
    text = YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = DAY_RE.sub(lambda m: str(rng.randint(1, 28)), text)

    def number(m: re.Match) -> str:
        s = m.group(1)
        if len(s) == 4 and s[:2] in ("19", "20"):
            return s  # a year without 年 (2020-2021, 2020版)
        return s[0] + "".join(rng.choice("0123456789") for _ in s[1:])

    return NUMBER_RE.sub(number, text)


def build_archive(root: Path, size_mb: float, samples: list[Path], seed: int) -> dict:
    """Write ~size_mb of varied copies under root/<year>/NNNNN_<sample>.txt; reuse a matching one."""
    manifest = root / "MANIFEST.json"
    want = {"size_mb": size_mb, "seed": seed, "samples": [p.name for p in samples]}
    if manifest.exists():
        have = json.loads(manifest.read_text(encoding="utf-8"))
        if {k: have.get(k) for k in want} == want:
            return have
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in samples]
    total_bytes = total_chars = i = 0
    while total_bytes < size_mb * MB:
        rng = random.Random(f"{seed}:{i}")
        base = i % len(texts)
        text = vary(texts[base], rng)
        folder = root / str(2015 + i % 10)
        folder.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{i:05d}_{samples[base].stem[:3]}.txt").write_bytes(data)
        total_bytes += len(data)
        total_chars += len(text)
        i += 1
    info = {**want, "files": i, "bytes": total_bytes, "chars": total_chars}
    manifest.write_text(json.dumps(info), encoding="utf-8")  # not a .txt: the CLI skips it
    return info


def archive_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.txt"))


# -- running and measuring a process ----------------------------------------------------


def _tree_rss_sampler(pid: int, stop: threading.Event, out: dict) -> None:
    try:
        import psutil
    except ImportError:
        return
    try:
        top = psutil.Process(pid)
    except psutil.Error:
        return
    peak = 0
    while not stop.is_set():
        total = 0
        try:
            procs = [top, *top.children(recursive=True)]
        except psutil.Error:
            break
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        stop.wait(SAMPLE_EVERY_S)
    out["tree_rss_mb"] = peak / 2**20


def _busy_cpu_s() -> float | None:
    """CPU seconds all processes on this machine have used since boot (Linux /proc/stat), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = fh.readline().split()
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
    ticks = [int(x) for x in fields[1:]]
    busy = sum(ticks) - ticks[3] - (ticks[4] if len(ticks) > 4 else 0)
    return busy / os.sysconf("SC_CLK_TCK")


def wait_quiet(max_wait_s: float) -> float:
    """Wait (up to max_wait_s) until other processes use under QUIET_CORES for a second; seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < max_wait_s:
        b0 = _busy_cpu_s()
        if b0 is None:
            return 0.0
        time.sleep(1.0)
        if (_busy_cpu_s() - b0) / 1.0 <= QUIET_CORES:
            break
    return time.perf_counter() - t0


def run_measured(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run cmd as a new process; wall time, exit code, peak RSS (largest process; tree sum).

    ``other_cores`` is the CPU other processes on the machine used meanwhile, in
    cores (0.0 = the machine was quiet); above ~0.2 the timings are suspect.
    """
    if QUIET_WAIT_S[0] > 0:
        waited = wait_quiet(QUIET_WAIT_S[0])
        if waited > 5:
            _log(f"  (waited {waited:.0f} s for the machine to go quiet)")
    with tempfile.TemporaryFile() as err:
        busy0 = _busy_cpu_s()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                env=CHILD_ENV or None)
        stop, sampled = threading.Event(), {}
        sampler = threading.Thread(target=_tree_rss_sampler, args=(proc.pid, stop, sampled), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child and the children it reaped
        wall = time.perf_counter() - t0
        busy1 = _busy_cpu_s()
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        sys.stderr.write(f"warning: {' '.join(cmd)} exited {proc.returncode}\n{stderr[-2000:]}\n")
    result = {"wall_s": wall, "rc": proc.returncode, "max_rss_mb": usage.ru_maxrss / 1024,
              "cpu_s": usage.ru_utime + usage.ru_stime, **sampled}
    if busy0 is not None and busy1 is not None:
        result["other_cores"] = max(0.0, (busy1 - busy0 - result["cpu_s"]) / wall)
    return result


def child_env(work: Path) -> dict[str, str]:
    """This environment, with ``.pyc`` files written (to ``work/pycache``, never into a
    source tree): PYTHONDONTWRITEBYTECODE=1 in the environment would make every measured
    process compile the package from source again (~65 ms of each start, and again in
    each ``--jobs`` worker), which an installed package never does."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def bench_cli(tongxun: str, archive: Path, chars: int, jobs: int, out_dir: Path, repeat: int = 1) -> dict:
    out = out_dir / f"out-{archive.name}-j{jobs}.jsonl"
    runs = []
    for _ in range(repeat):
        runs.append(run_measured([tongxun, "extract", str(archive), "-o", str(out), "--jobs", str(jobs), "--quiet"]))
        runs[-1]["figures"] = count_lines(out) if out.exists() else 0
    r = min(runs, key=lambda x: x["wall_s"])
    for key in ("max_rss_mb", "tree_rss_mb"):
        if key in r:
            r[key] = max(x[key] for x in runs)
    r["all_wall_s"] = [x["wall_s"] for x in runs]
    r["chars_s"] = chars / r["wall_s"]
    r["figures_s"] = r["figures"] / r["wall_s"]
    r["chars_s_core"] = r["chars_s"] / jobs
    out.unlink(missing_ok=True)
    return r


def bench_library(files: list[Path], repeat: int = 1) -> dict:
    """extract_text over texts already read, in this process, one core (patterns warm); fastest of ``repeat``."""
    from tongxun_stats.api import extract_text

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    extract_text(texts[0][1], source=texts[0][0])  # load patterns and the place index once
    import resource

    walls, others = [], []
    for _ in range(repeat):
        if QUIET_WAIT_S[0] > 0:
            wait_quiet(QUIET_WAIT_S[0])
        figures = 0
        busy0, cpu0 = _busy_cpu_s(), resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        for name, text in texts:
            figures += len(extract_text(text, source=name))
        walls.append(time.perf_counter() - t0)
        busy1, cpu1 = _busy_cpu_s(), resource.getrusage(resource.RUSAGE_SELF)
        if busy0 is not None and busy1 is not None:
            own = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
            others.append(max(0.0, (busy1 - busy0 - own) / walls[-1]))
    best = walls.index(min(walls))
    wall = walls[best]
    chars = sum(len(t) for _, t in texts)
    result = {"wall_s": wall, "chars": chars, "figures": figures, "chars_s": chars / wall, "figures_s": figures / wall}
    if others:
        result["other_cores"] = others[best]
    return result


def bench_cold_start(tongxun: str, sample: Path, out_dir: Path, runs: int) -> dict:
    out = out_dir / "cold.jsonl"
    cmd = [tongxun, "extract", str(sample), "-o", str(out)]
    run_measured(cmd)  # compile .pyc files once; not counted
    walls = [run_measured(cmd)["wall_s"] for _ in range(runs)]
    return {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls), "runs": walls}


def _spin(n: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i % 7
    return time.perf_counter() - t0


def machine_ceiling(n: int = 10_000_000) -> tuple[float, float]:
    """(seconds for the loop in one process, the best --jobs 2 speed-up this machine allows).

    The first is a yardstick for the machine's speed right now: a shared VM's CPU can be
    tens of percent slower from one hour to the next, which no process list shows.
    """
    from concurrent.futures import ProcessPoolExecutor

    if QUIET_WAIT_S[0] > 0:
        wait_quiet(QUIET_WAIT_S[0])
    ones, ratios = [], []
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # start both workers first
        for _ in range(5):  # interleaved, so a change of machine speed hits both alike
            one = pool.submit(_spin, n).result()
            t0 = time.perf_counter()
            list(pool.map(_spin, [n, n]))
            ones.append(one)
            ratios.append(2 * one / (time.perf_counter() - t0))
    return statistics.median(ones), statistics.median(ratios)


def profile_library(files: list[Path], out: Path) -> None:
    """pyinstrument over the library on these files; text report to ``out``."""
    from pyinstrument import Profiler

    from tongxun_stats.api import extract_text

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    extract_text(texts[0][1], source=texts[0][0])
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for name, text in texts:
        extract_text(text, source=name)
    profiler.stop()
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")


# -- report --------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def print_table(results: dict) -> None:
    sizes = list(results["archives"])
    rows: list[tuple[str, list[str], str, str]] = []

    def row(label, values, target="", result=""):
        rows.append((label, values, target, result))

    arch = results["archives"]
    row("archive: files", [str(arch[s]["info"]["files"]) for s in sizes])
    row("archive: MB (UTF-8) / M chars", [f"{arch[s]['info']['bytes'] / MB:.1f} / {arch[s]['info']['chars'] / 1e6:.2f}" for s in sizes])
    for jobs in (1, 2):
        k = f"cli_j{jobs}"
        row(f"CLI --jobs {jobs}: wall s", [f"{arch[s][k]['wall_s']:.1f}" for s in sizes])
        row(f"CLI --jobs {jobs}: figures", [str(arch[s][k]["figures"]) for s in sizes])
        row(f"CLI --jobs {jobs}: chars/s", [fmt_rate(arch[s][k]["chars_s"]) for s in sizes])
        ok = all(arch[s][k]["chars_s_core"] >= TARGET_CHARS_PER_CORE for s in sizes)
        row(f"CLI --jobs {jobs}: chars/s per core", [fmt_rate(arch[s][k]["chars_s_core"]) for s in sizes],
            f">= {TARGET_CHARS_PER_CORE:,}", verdict(ok))
        row(f"CLI --jobs {jobs}: figures/s", [fmt_rate(arch[s][k]["figures_s"]) for s in sizes])
        if all("other_cores" in arch[s][k] for s in sizes):
            row(f"CLI --jobs {jobs}: other processes' CPU, cores", [f"{arch[s][k]['other_cores']:.2f}" for s in sizes],
                f"<= {QUIET_CORES} (quiet machine)", verdict(all(arch[s][k]["other_cores"] <= QUIET_CORES for s in sizes)))
    row("library in-process: chars/s (1 core)", [fmt_rate(arch[s]["lib"]["chars_s"]) for s in sizes],
        f">= {TARGET_CHARS_PER_CORE:,}", verdict(all(arch[s]["lib"]["chars_s"] >= TARGET_CHARS_PER_CORE for s in sizes)))
    row("library in-process: figures/s", [fmt_rate(arch[s]["lib"]["figures_s"]) for s in sizes])
    if all("other_cores" in arch[s]["lib"] for s in sizes):
        row("library: other processes' CPU, cores", [f"{arch[s]['lib']['other_cores']:.2f}" for s in sizes],
            f"<= {QUIET_CORES} (quiet machine)", verdict(all(arch[s]["lib"]["other_cores"] <= QUIET_CORES for s in sizes)))
    largest = sizes[-1]
    for jobs in (1, 2):
        k = f"cli_j{jobs}"
        big = arch[largest][k]["max_rss_mb"]
        row(f"peak RSS --jobs {jobs}, largest process MB", [f"{arch[s][k]['max_rss_mb']:.0f}" for s in sizes],
            f"< {TARGET_RSS_MB} on {largest} MB", verdict(big < TARGET_RSS_MB))
        if "tree_rss_mb" in arch[largest][k]:
            tree = arch[largest][k]["tree_rss_mb"]
            row(f"peak RSS --jobs {jobs}, process tree MB", [f"{arch[s][k].get('tree_rss_mb', 0):.0f}" for s in sizes],
                f"< {TARGET_RSS_MB} on {largest} MB", verdict(tree < TARGET_RSS_MB))
    if len(sizes) > 1:
        small = sizes[0]
        growth = max(arch[largest][k]["max_rss_mb"] / arch[small][k]["max_rss_mb"] for k in ("cli_j1", "cli_j2"))
        row(f"peak RSS growth {small} -> {largest} MB", ["", f"{growth:.2f}x"], f"<= {TARGET_RSS_GROWTH}x (flat)",
            verdict(growth <= TARGET_RSS_GROWTH))
    speedup = arch[largest]["cli_j1"]["wall_s"] / arch[largest]["cli_j2"]["wall_s"]
    row(f"--jobs 2 speed-up on {largest} MB", [""] * (len(sizes) - 1) + [f"{speedup:.2f}x"], f">= {TARGET_SPEEDUP}x",
        verdict(speedup >= TARGET_SPEEDUP))
    row("  machine ceiling (2 busy processes)", [""] * (len(sizes) - 1) + [f"{results['ceiling']:.2f}x"])
    row("machine speed: 10M-step Python loop, s", [f"{results['loop_s']:.2f}"] + [""] * (len(sizes) - 1),
        "compare runs by this")
    cold = results["cold_start"]
    row(f"cold start, 1 issue (median of {len(cold['runs'])}) s",
        [f"{cold['median_s']:.3f} (min {cold['min_s']:.3f})"] + [""] * (len(sizes) - 1),
        f"< {TARGET_COLD_START_S}", verdict(cold["median_s"] < TARGET_COLD_START_S))

    small = sizes[0]
    row(f"issue 11: library chars/s on {small} MB", [fmt_rate(arch[small]["lib"]["chars_s"])] + [""] * (len(sizes) - 1),
        f">= {TARGET_LIBRARY:,}", verdict(arch[small]["lib"]["chars_s"] >= TARGET_LIBRARY))
    row(f"issue 11: CLI --jobs 1 chars/s on {small} MB", [fmt_rate(arch[small]["cli_j1"]["chars_s"])] + [""] * (len(sizes) - 1),
        f">= {TARGET_CLI_J1:,}", verdict(arch[small]["cli_j1"]["chars_s"] >= TARGET_CLI_J1))
    if "scale" in results:
        from scale import rows as scale_rows

        for label, value, target, ok in scale_rows(results["scale"]):
            row(label, [value] + [""] * (len(sizes) - 1), target, "" if ok is None else verdict(ok))

    headers = ["measure", *[f"{s} MB" for s in sizes], "target", "result"]
    table = [[label, *values, target, result] for label, values, target, result in rows]
    widths = [max(_width(r[i]) for r in [headers, *table]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    out = [f"tongxun benchmark  ({results['env']})", line,
           "  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)), line]
    out += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) for r in table]
    out.append(line)
    sys.stdout.write("\n".join(out) + "\n")


def _width(s: str) -> int:
    return len(s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


# -- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5,50", help="archive sizes in MB, comma-separated (default 5,50)")
    ap.add_argument("--quick", action="store_true", help="only the 5 MB archive")
    ap.add_argument("--workdir", type=Path, help="keep (and reuse) archives here instead of a temp dir")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--samples", type=Path, default=REPO / "samples")
    ap.add_argument("--tongxun", default=str(Path(sys.executable).with_name("tongxun")),
                    help="the tongxun executable (default: next to this Python)")
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--quiet-wait", type=float, default=QUIET_WAIT_S[0],
                    help="before each run wait up to this many seconds for a quiet machine (0: don't)")
    ap.add_argument("--repeat", type=int, default=1, help="run each throughput measurement N times, keep the fastest")
    ap.add_argument("--no-library", action="store_true", help="skip the in-process library measurement")
    ap.add_argument("--no-scale", action="store_true",
                    help="skip per-char cost, pathological inputs and the 20 MB file (bench/scale.py)")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--profile", type=Path, help="also profile the library on the smallest archive (pyinstrument)")
    args = ap.parse_args(argv)

    QUIET_WAIT_S[0] = args.quiet_wait
    sizes = [5.0] if args.quick else [float(s) for s in args.sizes.split(",")]
    sizes = sorted(sizes)
    samples = sorted(args.samples.glob("*.txt"))
    if not samples:
        ap.error(f"no samples in {args.samples}")
    if not Path(args.tongxun).exists() and not shutil.which(args.tongxun):
        ap.error(f"tongxun executable not found: {args.tongxun}")

    temp = None
    if args.workdir is None:
        temp = tempfile.TemporaryDirectory(prefix="tongxun-bench-")
        work = Path(temp.name)
    else:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    try:
        CHILD_ENV.update(child_env(work))
        run_measured([args.tongxun, "extract", str(samples[0]), "-o", str(work / "warm.jsonl")])  # writes the .pyc files
        results = {"env": _env(), "archives": {}}
        for size in sizes:
            label = f"{size:g}"
            root = work / f"archive_{label}mb"
            t0 = time.perf_counter()
            info = build_archive(root, size, samples, args.seed)
            _log(f"archive {label} MB: {info['files']} files, {info['chars']:,} chars ({time.perf_counter() - t0:.1f} s)")
            entry: dict = {"info": info}
            for jobs in (1, 2):
                entry[f"cli_j{jobs}"] = r = bench_cli(args.tongxun, root, info["chars"], jobs, work, args.repeat)
                _log(f"  CLI --jobs {jobs}: {r['wall_s']:.1f} s, {r['figures']} figures, rc {r['rc']}")
            if entry["cli_j1"]["figures"] != entry["cli_j2"]["figures"]:
                _log("  warning: --jobs 1 and --jobs 2 wrote different numbers of rows")
            if args.no_library:
                entry["lib"] = {"chars_s": float("nan"), "figures_s": float("nan")}
            else:
                entry["lib"] = r = bench_library(archive_files(root), args.repeat)
                _log(f"  library: {r['wall_s']:.1f} s, {r['figures']} figures")
            results["archives"][label] = entry
        results["loop_s"], results["ceiling"] = machine_ceiling()
        results["cold_start"] = bench_cold_start(args.tongxun, samples[0], work, args.cold_runs)
        if not args.no_scale:
            import scale

            rng = random.Random(args.seed)
            varied = [vary(samples[i % len(samples)].read_text(encoding="utf-8"), rng) for i in range(20)]
            results["scale"] = scale.measure(work / "scale", samples, varied, args.tongxun, run_measured, args.seed,
                                             quick=args.quick)
            _log("  scale: per-char cost, pathological inputs, one-line file, 20 MB file done")
        if args.profile:
            profile_library(archive_files(work / f"archive_{sizes[0]:g}mb"), args.profile)
            _log(f"profile written to {args.profile}")
        print_table(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    finally:
        if temp is not None:
            temp.cleanup()
    return 0


def _env() -> str:
    import platform

    return f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"


def _log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
