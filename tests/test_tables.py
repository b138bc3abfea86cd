"""Tables: a cell's number takes its column header's unit, magnitude and metric, and its
row label's place."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tongxun_stats.api import extract_text

FOOTER = "\n\n广西壮族自治区计划生育协会 2023年1月10日印发\n"
MARKDOWN = """各市关爱保险情况

截至2022年12月31日，各市计生家庭关爱保险情况如下。

| 地区 | 承保份数（份） | 保费金额（万元） | 理赔件数 | 赔付率（%） |
|---|---|---|---|---|
| 南宁市 | 401000 | 1147.5 | 1203件 | 53.2 |
| 柳州市 | 25.3万 | 980.2 | 856件 | 61.0 |
""" + FOOTER
TABS = "各市关爱保险情况\n\n地区\t承保份数（份）\t保费（万元）\n南宁市\t401000\t1147.5\n柳州 \t253000\t980.2\n" + FOOTER


def rows(text):
    return {(f.region, f.metric): f for f in extract_text(text)}


@pytest.mark.parametrize(("region", "metric", "raw", "value", "unit"), [
    ("南宁市", "承保份数", "401000", 401000, "份"),
    ("南宁市", "保费金额", "1147.5", 11475000, "元"),
    ("南宁市", "理赔件数", "1203件", 1203, "件"),
    ("南宁市", "赔付率", "53.2", Decimal("53.2"), "%"),
    ("柳州市", "承保份数", "25.3万", 253000, "份"),
    ("柳州市", "保费金额", "980.2", 9802000, "元"),
])
def test_markdown_table_cells(region, metric, raw, value, unit):
    f = rows(MARKDOWN)[(region, metric)]
    assert (f.raw, f.value, f.unit) == (raw, value, unit)
    assert f.program == "关爱保险" and f.period == "2022-12-31"
    assert MARKDOWN[f.start : f.end] == raw


def test_tab_separated_table_from_docx():
    got = rows(TABS)
    assert got[("柳州市", "保费金额")].value == 9802000
    assert got[("南宁市", "承保份数")].unit == "份"


def test_a_rule_line_or_a_single_row_is_not_a_table():
    text = "说明\n\n| 注：数据来源于各市上报 |\n" + FOOTER
    assert extract_text(text) == []


def test_rows_are_the_lines_the_row_pattern_matches_whole():
    from tongxun_stats.tables import _ROW, _rows

    # a stray pipe or tab in prose, rows after a long line and at the very end, a last line without newline
    text = ("说明｜全角 | 半角一处\n" + "长" * 500 + "\n| 地区 | 份数 |\n|---|---|\n| 南宁市 | 40 |\n前\t后\n\t\n"
            "无标记\n| 末 | 行 |")
    assert _rows(text) == [m.span() for m in _ROW.finditer(text)]
    assert len(_rows(text)) == 6
