"""The compiled word scans give exactly the matches of the pure-Python ones."""
from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongxun_stats.patterns import default_patterns
from tongxun_stats.places import place_index
from tongxun_stats.scan import WordScanner

WORDS = ["南宁", "南宁市", "宁市", "市", "关爱保险", "爱心保险", "保险", "𠀀区"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南宁市关爱保险", [(0, 3, "南宁市"), (3, 7, "关爱保险")]),
        ("在南宁和宁市", [(1, 3, "南宁"), (4, 6, "宁市")]),
        ("𠀀区的保险", [(0, 2, "𠀀区"), (3, 5, "保险")]),  # offsets in characters, not bytes
        ("", []),
    ],
)
@pytest.mark.parametrize("compiled", [True, False], ids=["aho-corasick", "regex"])
def test_word_scanner(text, expected, compiled):
    assert WordScanner(WORDS, compiled=compiled).find(text) == expected


@given(st.text(alphabet="南宁市区关爱保险心𠀀x", max_size=80), st.integers(0, 10), st.integers(0, 80))
def test_automaton_equals_the_alternation(text, start, end):
    a, b = WordScanner(WORDS), WordScanner(WORDS, compiled=False)
    assert a.find(text) == b.find(text)
    end = max(start, min(end, len(text)))
    assert a.find(text, start, end) == b.find(text, start, end)


@pytest.mark.parametrize("province", [None, "450000", "430000"])
def test_place_scan_equals_the_walk(sample_paths, province):
    index = place_index()
    texts = [p.read_text(encoding="utf-8") for p in sample_paths]
    r = random.Random(0)
    names = list(index._full)[:3000]
    texts.append("".join(r.choice(names) + r.choice(["", "和", "市", "县"]) for _ in range(3000)))
    for text in texts:
        assert index._longest_matches(text, province) == index._longest_matches_walk(text, province)


def test_label_and_programme_scans_equal_the_regexes(sample_paths):
    p = default_patterns()
    for path in sample_paths:
        text = path.read_text(encoding="utf-8")
        assert p.alias_scan.find(text) == [(m.start(), m.end(), m.group()) for m in p.alias_re.finditer(text)]
        assert p.programme_scan.find(text) == [(m.start(), m.end(), m.group()) for m in p.programme_re.finditer(text)]


@given(st.text(alphabet="南宁市区关爱保险心𠀀x", max_size=120), st.integers(1, 9))
def test_chunked_automaton_equals_one_pass(text, chunk):
    """The automaton runs over pieces (its copy of a 20 MB haystack cost 50 MB a 2 M chars)."""
    from tongxun_stats import scan

    whole = WordScanner(WORDS, compiled=False).find(text)
    old, scan.CHUNK = scan.CHUNK, chunk
    try:
        assert WordScanner(WORDS).find(text) == whole
    finally:
        scan.CHUNK = old
