"""Attribution, table-driven: a small document in, one figure's attributes out.

Sentences are built like the newsletters' (an article with a signature line and a
footer naming the publisher) but are not copied from the samples.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from tongxun_stats.api import extract_text
from tongxun_stats.model import FlagCode

FOOTER = "\n\n广西壮族自治区计划生育协会 2021年3月1日印发\n"


def doc(body: str, signature: str = "（梧州市计生协）") -> str:
    return f"某某工作情况\n\n{body}\n\n{signature}{FOOTER}"


def one(body: str, raw: str, signature: str = "（梧州市计生协）"):
    figs = [f for f in extract_text(doc(body, signature)) if f.raw == raw]
    assert figs, f"{raw} not extracted from {body}"
    return figs[0]


CASES = [
    # body, raw, metric, region, program, period
    ("截至2月底，全市计生关爱保险参保12.5万份，保费合计300万元。", "12.5万份", "承保份数", "梧州市", "关爱保险", "2021-02-28"),
    ("截至2月底，全市计生关爱保险参保12.5万份，保费合计300万元。", "300万元", "保费金额", "梧州市", "关爱保险", "2021-02-28"),
    ("全县关爱保险参保人数35000份，完成目标任务的105.2%。", "35000份", "承保份数", "梧州市", "关爱保险", "2021"),
    ("全县关爱保险参保人数35000份，完成目标任务的105.2%。", "105.2%", "完成率", "梧州市", "关爱保险", "2021"),
    ("岑溪市理赔案件320件，理赔金额58.6万元，赔付率为61.5%。", "320件", "理赔件数", "岑溪市", "", "2021"),
    ("岑溪市理赔案件320件，理赔金额58.6万元，赔付率为61.5%。", "58.6万元", "理赔金额", "岑溪市", "", "2021"),
    ("岑溪市理赔案件320件，理赔金额58.6万元，赔付率为61.5%。", "61.5%", "赔付率", "岑溪市", "", "2021"),
    ("藤县共有 8800 人投保爱心保险。", "8800 人", "参保人数", "藤县", "爱心保险", "2021"),
    ("市财政下拨 30 万用于购买综合保险。", "30 万", "投入经费", "梧州市", "计生特殊家庭综合保险", "2021"),
    ("2020年以来，累计投入项目资金120万元。", "120万元", "投入经费", "梧州市", "", "2020/2021"),
    ("投保份数超过2万份的有：万秀区（25010份）、长洲区（21001份）。", "21001份", "承保份数", "梧州市长洲区", "", "2021"),
    ("苍梧县、蒙山县关爱保险分别完成1.2万份、0.9万份。", "0.9万份", "承保份数", "蒙山县", "关爱保险", "2021"),
    # 完成 counts policies only where the sentence is about an insurance product
    ("造血干细胞库容已完成3422份。", "3422份", "造血干细胞资料累计入库数", "梧州市", "", "2021"),
    ("去年全市新增参保1.5万份。", "1.5万份", "承保份数", "梧州市", "", "2020"),
]


@pytest.mark.parametrize(("body", "raw", "metric", "region", "program", "period"), CASES, ids=[f"{c[1]}@{c[0][:12]}" for c in CASES])
def test_attributes(body, raw, metric, region, program, period):
    f = one(body, raw)
    assert (f.metric, f.region, f.program, f.period) == (metric, region, program, period)


def test_magnitude_without_unit_takes_money_from_context():
    f = one("市计生协下拨 44 万用于购买关爱保险。", "44 万")
    assert f.unit == "元" and f.value == Decimal(440000) and f.has(FlagCode.UNIT_INFERRED)


def test_generic_place_words_follow_the_signature():
    assert one("我县共办理关爱保险1200份。", "1200份", "（苍梧县计生协）").region == "苍梧县"
    assert one("全区共办理关爱保险1200份。", "1200份", "（梧州市长洲区计生协）").region == "梧州市长洲区"
    assert one("全区共办理关爱保险1200份。", "1200份", "（梧州市计生协）").region == "广西壮族自治区"


def test_township_resolves_to_its_county():
    f = one("覃塘街道共为300户计生家庭办理关爱保险。", "300户", "（某社区）")
    assert f.region == "贵港市覃塘区"


def test_per_unit_amount_is_not_a_programme_total():
    f = one("健康体检经费每人 100 元，投入经费 1300 元。", "100 元")
    assert f.metric != "投入经费" and f.has(FlagCode.PER_UNIT)
    assert one("健康体检经费每人 100 元，投入经费 1300 元。", "1300 元").metric == "投入经费"


def test_empty_document_has_no_rows():
    assert extract_text("") == []
    assert extract_text("   \n\n  ") == []


def test_respectively_pairs_clause_subjects_in_order():
    body = "浏阳市参保4.2万份，宁乡市参保3.9万份，分别完成年度任务的105%、98%。"
    assert one(body, "105%", "（长沙市计生协）").region == "浏阳市"
    assert one(body, "98%", "（长沙市计生协）").region == "宁乡市"


def test_an_unlisted_insurance_product_is_named_as_written():
    f = one("全市共承保计生家庭意外伤害保险18.6万份。", "18.6万份")
    assert f.program == "计生家庭意外伤害保险" and f.metric == "承保份数"


def test_a_chain_of_names_means_the_finest():
    body = "桂林市七星区七星街道穿山社区开展宣传活动。现场发放宣传资料 300 余份。"
    assert one(body, "300 余份", "（某社区）").region == "桂林市七星区"


def test_a_year_end_report_dates_relative_words_by_the_year_it_reports():
    text = ("某县计划生育协会2022年工作总结\n\n今年以来，我县计生协工作稳步推进。全年共承保关爱保险3.2万份，"
            "较去年增加0.4万份。\n\n湖南省邵东市计划生育协会\n2023年1月6日\n")
    figs = {f.raw: f for f in extract_text(text)}
    assert figs["3.2万份"].period == "2022" and figs["3.2万份"].region == "邵东市"
    assert figs["0.4万份"].metric == "增长量"
