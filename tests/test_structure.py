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


@pytest.mark.parametrize("seed", range(3))
def test_a_title_key_tells_what_the_whole_squashed_line_tells(seed):
    import random

    from tongxun_stats.structure import _squash, _title_key

    rng = random.Random(seed)
    for _ in range(500):
        line = "".join(rng.choice(["标题", "1", "2.5", " ", "…", "·", "#", "*", "工作"]) for _ in range(rng.randint(0, 80)))
        entries = {_squash(line)[: rng.randint(0, 40)], "计生协工作"}
        longest = max(map(len, entries))
        key, whole = _title_key(line, longest), _squash(line)
        assert (key in entries, len(key) >= 8, key[:10]) == (whole in entries, len(whole) >= 8, whole[:10])


def test_sections_are_found_from_a_line_start_on():
    from tongxun_stats.structure import find_sections

    text = "一、总体\n正文。\n（二）分项\n3. 细则"
    assert [(s.start, s.level, s.title) for s in find_sections(text)] == [(0, 1, "总体"), (9, 2, "分项"), (15, 3, "细则")]
    assert [s.start for s in find_sections(text, 1)] == [9, 15]  # not a line start: the next line on
    assert [s.start for s in find_sections(text, 9)] == [9, 15]


def test_the_footer_found_from_the_end_is_the_last_found_from_the_start():
    import random

    from tongxun_stats.structure import ISSUE_DATE, _last_issue_line

    def key(m):
        return None if m is None else (m.span(), m.groups())

    rng = random.Random(0)
    pieces = ["2020年", "12020年", "1月", "10月", "110月", "5日", "15日", "印发", "编印", "出版", "发布", " ", "\n", "日",
              "印", "发", "编", "2020年10月", "10月15日", "15日印发", "2020 年 1 月 5 日 编印"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert key(_last_issue_line(text)) == key(([None] + list(ISSUE_DATE.finditer(text)))[-1]), text
