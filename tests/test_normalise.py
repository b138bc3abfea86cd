"""normalise(): what changes, and that every character maps back to its source."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongxun_stats.normalise import _REWRITE, LineIndex, normalise
from tongxun_stats.pipeline import extract_text

CASES = [
    # original, normalised
    ("共１２３份", "共123份"),
    ("达１２．５％", "达12.5%"),
    ("占地 1380 m<sup>2</sup>，", "占地 1380 m²，"),
    ("**一是积极推进。**全区", "一是积极推进。全区"),
    ("全角　空格", "全角 空格"),
    ("标点，保持：不变；（是）", "标点，保持：不变；（是）"),
    # a sentence cut by a page break is joined
    ("各级计生协在克服疫情影响的情况下，坚持两手抓，用汗水浇灌收获。在\n\n开展工作中取得成绩。",
     "各级计生协在克服疫情影响的情况下，坚持两手抓，用汗水浇灌收获。在开展工作中取得成绩。"),
    # ...but a finished paragraph, a heading or a signature is not
    ("工作取得成绩。\n\n一、下一步工作", "工作取得成绩。\n\n一、下一步工作"),
    ("贵港市持续推进关爱保险保民生\n\n关爱保险项目是一项惠民工程。", "贵港市持续推进关爱保险保民生\n\n关爱保险项目是一项惠民工程。"),
    ("为后续工作顺利推进，做了大量工作，取得了很好的效果和成绩\n\n（贵港市计生协）",
     "为后续工作顺利推进，做了大量工作，取得了很好的效果和成绩\n\n（贵港市计生协）"),
]


@pytest.mark.parametrize(("original", "expected"), CASES, ids=[c[0][:20] for c in CASES])
def test_normalise(original, expected):
    assert normalise(original).text == expected


def test_offsets_map_each_char_back():
    original = "共１２３份，占地 1380 m<sup>2</sup>。"
    n = normalise(original)
    i = n.text.index("123份")
    assert n.span(i, i + 4) == (1, 5)
    assert original[slice(*n.span(i, i + 4))] == "１２３份"
    j = n.text.index("1380 m²")
    s, e = n.span(j, j + len("1380 m²"))
    assert original[s:e] == "1380 m<sup>2</sup>"


@given(st.text(max_size=300))
def test_offsets_are_monotonic_and_in_range(text):
    n = normalise(text)
    assert len(n.offsets) == len(n.text)
    prev = 0
    for k in range(len(n.text)):
        s, e = n.offsets.start(k), n.offsets.end(k + 1)
        assert prev <= s < e <= len(text)
        prev = s


@settings(deadline=None)  # a property of the output, not a timing (the first example loads the tables)
@given(st.text(max_size=400))
def test_extract_text_never_raises(text):
    for f in extract_text(text):
        assert text[f.start : f.end] == f.raw


def test_line_index():
    idx = LineIndex("a\nbb\n\nccc")
    assert [idx.line(o) for o in (0, 1, 2, 4, 5, 6, 8)] == [1, 1, 2, 2, 3, 4, 4]


def test_offset_map_is_runs_not_per_character(sample_paths):
    """A few runs per rewrite, so the map's size follows the rewrites, not the text."""
    text = sample_paths[0].read_text(encoding="utf-8") * 20
    n = normalise(text)
    rewrites = sum(1 for m in _REWRITE.finditer(text) if m.lastgroup != "wrap")
    assert len(n.offsets) == len(n.text)
    assert len(n.offsets.norm_starts) <= rewrites + 1 < len(text) / 20


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a<sup>2</sup>b", [(0, 1), (1, 13), (13, 14)]),  # one character for a longer span
        ("１２**3**", [(0, 1), (1, 2), (4, 5)]),  # fullwidth one to one; ** dropped
        ("", []),
    ],
)
def test_offset_map_spans(text, spans):
    n = normalise(text)
    assert [n.span(k, k + 1) for k in range(len(n.text))] == spans


def test_a_web_pages_pinyin_after_a_character_is_dropped_with_exact_offsets():
    """保險(xiǎn)金1萬(wàn)元 is read as 保险金1万元; (2020) or (含) are kept."""
    from tongxun_stats.pipeline import extract_text

    text = "其中人身意外傷害保險(xiǎn)金1萬(wàn)元、住院醫(yī)療保險(xiǎn)金2000元（含）。"
    norm = normalise(text)
    assert norm.text == "其中人身意外伤害保险金1万元、住院医疗保险金2000元（含）。"
    figures = extract_text(text)
    assert [(f.raw, f.value, f.metric) for f in figures] == [("1萬(wàn)元", 10000, "保险金额"), ("2000元", 2000, "保险金额")]
    assert all(text[f.start : f.end] == f.raw for f in figures)
