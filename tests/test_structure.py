"""Document structure of both samples: issue date, contents, articles, signatures, sections."""
from __future__ import annotations

import pytest

from tongxun_stats.normalise import normalise
from tongxun_stats.structure import find_issue_date, sentences, split_structure


@pytest.fixture(scope="module")
def structures(sample_paths):
    out = {}
    for p in sample_paths:
        t = normalise(p.read_text(encoding="utf-8")).text
        out[p.name[:3]] = (t, split_structure(t))
    return out


def test_issue_dates(structures):
    assert structures["000"][1].issue_date == "2020-10-15"
    assert structures["001"][1].issue_date == "2022-10-18"


def test_contents_are_recognised(structures):
    t, st = structures["001"]
    assert st.toc is not None
    assert "河池市计生协在全区率先完成市级改革任务 6" in t[st.toc.start : st.toc.end]


@pytest.mark.parametrize(("doc", "title", "signature"), [
    ("000", "南宁市突出重点 抓好六届三次理事会精神 贯彻落实", "南宁市计生协"),
    ("000", "优生优育造福址 健康促进惠民生", "桂林市全州县计生协"),
    ("001", "贵港市持续推进关爱保险保民生", "贵港市计生协 董军兰"),
    ("001", "浦北县为计生家庭构筑抵御风险的绿色屏障", "浦北县计生协"),
])
def test_articles_have_title_and_signature(structures, doc, title, signature):
    _t, st = structures[doc]
    assert any(a.title == title and a.signature == signature for a in st.articles)


def test_a_date_in_parentheses_is_not_a_signature(structures):
    _t, st = structures["000"]
    assert not any("2020 年 9 月 25 日" in a.signature for a in st.articles)


def test_sections(structures):
    _t, st = structures["000"]
    titles = [(s.level, s.title) for s in st.sections]
    assert (1, "攻坚克难，全方位筑牢我区计生家庭生活保障防线") in titles
    assert (3, "计生家庭系列保险保障能力持续强化") in titles
    assert (3, "加强组织谋划") in titles


def test_issue_date_from_a_dated_foot_line():
    assert find_issue_date("工作总结\n\n正文。\n\n某某县计划生育协会\n2023年1月6日\n") == "2023-01-06"
    assert find_issue_date("正文，2021年3月2日召开会议。\n\n更多正文写在这里。" + "。" * 700) == ""


def test_sentences_split_at_full_stops_and_semicolons():
    text = "甲。乙；丙！\n丁"
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == ["甲。", "乙；", "丙！", "丁"]
