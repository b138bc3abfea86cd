"""Every stage is linear in the text: held by counting work, never by timing it."""
from __future__ import annotations

import random
import statistics
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tongxun_stats.api import extract_checked
from tongxun_stats.check import outliers
from tongxun_stats.check.outliers import median_without
from tongxun_stats.structure import CLAUSE_DELIMS, clause_end, clause_start

TOWNS = ["南宁市", "柳州市", "桂林市", "梧州市", "北海市", "钦州市", "贵港市", "玉林市", "百色市", "河池市"]


@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=2), min_size=2, max_size=40), st.data())
def test_median_without_is_the_median_of_the_others(values, data):
    k = data.draw(st.integers(0, len(values) - 1))
    others = values[:k] + values[k + 1:]
    assert median_without(sorted(values), values[k]) == statistics.median(others)


def _premiums(n: int, typo_at: int = 7) -> str:
    r = random.Random(n)
    parts = []
    for i in range(n):
        people = r.randint(1000, 9000)
        premium = Decimal(people * r.randint(90, 110)) / 10000 * (10000 if i == typo_at else 1)
        parts.append(f"{TOWNS[i % 10]}参保人数{people}人，保费金额{premium:.2f}万元。\n\n")
    return "".join(parts)


def test_outlier_medians_are_not_recomputed_per_pair(monkeypatch):
    """One sort per document, then O(log n) per pair: no median over a copy of the others."""
    calls = []
    monkeypatch.setattr(statistics, "median", lambda *a: (_ for _ in ()).throw(AssertionError("median per pair")))
    real = outliers.median_without
    monkeypatch.setattr(outliers, "median_without", lambda v, x: calls.append(len(v)) or real(v, x))
    figures, findings = extract_checked(_premiums(300), source="x.txt")
    assert [(x.kind, x.rule) for x in findings] == [("outlier", "每份保费")]
    assert "保费金额" in findings[0].message and "looks wrong" in findings[0].message
    pairs = 300
    assert pairs <= len(calls) <= pairs + 2  # once per pair, and for the suspect of each finding


class _CountingText(str):
    """A text that counts the characters its ``count`` method scans."""

    scanned = 0

    def count(self, sub, start=None, end=None):
        lo = 0 if start is None else start
        hi = len(self) if end is None else end
        type(self).scanned += max(0, hi - lo)
        return str.count(self, sub, start, end)


def test_sum_rule_counts_lines_once_through_the_text():
    from tongxun_stats.check.pairing import _Doc
    from tongxun_stats.check.rules import default_checks
    from tongxun_stats.check.sums import _sum_checks

    text = "".join(f"全市共理赔{300 + i}件，其中关爱保险{100 + i}件、爱心保险{200}件。\n" for i in range(400))
    figures, _ = extract_checked(text, source="x.txt")
    doc = _Doc(figures, _CountingText(text))
    checks = default_checks()
    rule = next(r for r in checks.rules if r.opener is not None)
    found = _sum_checks(doc, rule, checks)
    assert len(found) == 400 and {x.kind for x in found} == {"confirmed"}
    assert [x.figures[0][0] for x in found] == list(range(1, 401))  # each total on its own line
    assert _CountingText.scanned <= len(text)


def _walk_clause_start(text, pos, floor=0):
    i = pos - 1
    while i >= floor and text[i] not in CLAUSE_DELIMS:
        i -= 1
    return i + 1


def _walk_clause_end(text, pos, ceiling):
    i = pos
    while i < ceiling and text[i] not in CLAUSE_DELIMS:
        i += 1
    return i


@given(st.lists(st.sampled_from(["a", "，", "。", "\n", "x" * 70, "y" * 5]), max_size=60), st.data())
def test_clause_bounds_equal_a_walk(parts, data):
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    ceiling = data.draw(st.integers(pos, len(text)))
    assert clause_start(text, pos, floor) == _walk_clause_start(text, pos, floor)
    assert clause_end(text, pos, ceiling) == _walk_clause_end(text, pos, ceiling)


class _Recording:
    """A compiled pattern that notes the length of each stretch it is asked to search."""

    def __init__(self, rx, searched: list[int]):
        self.rx, self.searched = rx, searched

    def search(self, text, pos, endpos):
        self.searched.append(endpos - pos)
        return self.rx.search(text, pos, endpos)

    def finditer(self, text):
        return self.rx.finditer(text)


def test_clause_search_does_not_walk_long_clauses(monkeypatch):
    """Numbers in a 200k-character clause: each look-up searches a bounded stretch."""
    from tongxun_stats import structure

    searched: list[int] = []
    for name in ("_CLAUSE_DELIM", "_LAST_CLAUSE_DELIM"):
        monkeypatch.setattr(structure, name, _Recording(getattr(structure, name), searched))
    text = "，" + "共1元" * 70_000 + "。"
    positions = range(1, len(text) - 1, 211)
    for pos in positions:
        assert clause_start(text, pos) == 1
        assert clause_end(text, pos, len(text)) == len(text) - 1
    assert len(searched) >= len(positions) and max(searched) <= structure._SCAN


def test_short_texts_do_not_evict_the_documents_delimiter_index():
    from tongxun_stats import structure

    doc = "，" + "共1元" * 3000 + "。"
    assert clause_start(doc, 5000) == 1
    for i in range(50):  # labels, windows: short strings with long clauses
        short = "x" * (100 + i)
        assert clause_start(short, len(short)) == 0
    assert [t for t, _ in structure._DELIMITERS.values()].count(doc) == 1
    assert all(len(t) >= structure._INDEX_MIN for t, _ in structure._DELIMITERS.values())


def test_programme_scan_builds_its_span_sets_once_whatever_the_number_of_names(monkeypatch):
    """find_programmes rebuilt a span set per name it accepted: quadratic in the names
    of a long file (a 300-issue file took minutes). Now a fixed number, at any length."""
    from tongxun_stats.attribute import programme
    from tongxun_stats.patterns import default_patterns

    built = []
    real = programme.SpanSet

    def counting(spans):
        built.append(1)
        return real(spans)

    monkeypatch.setattr(programme, "SpanSet", counting)
    unit = "全市计生家庭综合保险参保1万户，“博爱送万家”活动支出2万元，独生子女安康保险投保3千人。\n"
    counts = []
    for n in (10, 40):
        built.clear()
        names = programme.find_programmes(unit * n, default_patterns())
        assert len(names) == 3 * n
        counts.append(len(built))
    assert counts[0] == counts[1] <= 8


def test_a_number_longer_than_decimal_precision_is_no_figure_and_no_crash():
    """A run of 40 digits (a random stream, a pasted hash) would be rounded by Decimal, a
    silently wrong value: it is no figure, and nothing raises; 24 digits still read."""
    from tongxun_stats.api import extract_text

    assert extract_text("共计" + "9" * 40 + "元。") == []
    figures = extract_text("共计" + "9" * 24 + "元。")
    assert [(f.raw, f.value) for f in figures] == [("9" * 24 + "元", Decimal("9" * 24))]
