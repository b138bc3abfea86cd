"""The number grammar is linear in its text, held without timing anything.

Two structural facts make the scan linear, and both are asserted here:
1. no regex match attempt that starts inside a run of digits or numerals reads
   more than a few characters (a lookbehind of the run's own class stops it at
   once), so each run is read once, from its start: checked with the regex
   module's ``partial`` matches over a window, which report any attempt that
   would read past the window's end;
2. the Python work per text (regex calls made, characters handed to the numeral
   reader) grows in proportion to the text: counted on inputs of size n and 4n.
A hypothesis test then runs generated megabyte streams and checks the invariants
of what comes out.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongxun_stats.patterns import default_patterns
from tongxun_stats.quantities import QuantityGrammar
from tongxun_stats.quantities import atoms as atoms_module
from tongxun_stats.quantities import grammar as grammar_module

# the inputs that were quadratic (issue 11) and their relatives
RUNS = ["一", "1", "1元", "1%", "1,", "1，", "一万", "五六", "十几", "数十", "1 ", "1.", "-1", "1至", "“一”", "第一",
        "一届", "一点", "1元1角", "千万", "百分之一", "1万1", "九十八点六", "二期", "几", "两三", "〇"]
WINDOW = 24  # an attempt inside a run may read this far, no further


@pytest.fixture(scope="module")
def grammar():
    return QuantityGrammar(default_patterns())


@pytest.mark.parametrize("unit", RUNS)
def test_no_attempt_inside_a_run_reads_far(grammar, unit):
    text = unit * (4 * WINDOW // len(unit) + 8)
    regexes = [grammar.scan]
    if grammar.patterns.exclusion_re is not None:
        regexes.append(grammar.patterns.exclusion_re)
    for rx in regexes:
        for i in range(len(unit), len(text) - WINDOW):
            m = rx.match(text, i, i + WINDOW, partial=True)
            assert m is None or not m.partial, (rx.pattern[:40], unit, i, m)


class _Counting:
    """A compiled pattern that counts the calls made through it."""

    def __init__(self, rx, counter):
        self._rx, self._counter = rx, counter

    def __getattr__(self, name):
        attr = getattr(self._rx, name)

        def counted(*args, **kwargs):
            self._counter["calls"] += 1
            return attr(*args, **kwargs)

        return counted


def _work(unit: str, repeat: int, monkeypatch) -> int:
    counter = {"calls": 0, "chars": 0}
    g = QuantityGrammar(default_patterns())
    for name in ("scan", "tail", "after_re", "quote"):
        setattr(g, name, _Counting(getattr(g, name), counter))
    real = atoms_module.read_numeral

    def read(s):
        counter["chars"] += len(s)
        return real(s)

    monkeypatch.setattr(atoms_module, "read_numeral", read)
    monkeypatch.setattr(atoms_module, "COINS", _Counting(atoms_module.COINS, counter))
    for rx in ("RANGE_SEP", "THRESHOLD_AFTER", "THRESHOLD_CLASS", "CLAUSE_END", "DISTANT_QUALIFIER"):
        monkeypatch.setattr(grammar_module, rx, _Counting(getattr(grammar_module, rx), counter))
    g.quantities(unit * repeat)
    return counter["calls"] + counter["chars"]


@pytest.mark.parametrize("unit", RUNS)
def test_work_grows_in_proportion_to_the_text(unit, monkeypatch):
    n = 300
    small, large = _work(unit, n, monkeypatch), _work(unit, 4 * n, monkeypatch)
    assert large <= 4 * small + 16, (unit, small, large)
    assert large <= 12 * 4 * n * len(unit) + 16, (unit, large)


# -- generated streams ---------------------------------------------------------------
TOKENS = ["1", "23", "4.5", "100", "1,234", "１，２３４", "一", "二十", "三百", "五六", "十几", "数", "点", "两", "万", "亿",
          "千", "百分之", "元", "万元", "份", "人", "%", "美元", "倍", "余", "多", "约", "超过", "以上", "至", "-", "—",
          "~", "负", "−", "，", ",", "、", "。", " ", "\n", "“", "”", "第", "期", "年", "月", "日", "岁", "（", "）", "的", "共", "达"]
_TEXTS = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40).map("".join)


# digits only: a magnitude or a unit may follow a hard wrap (五六\n万元 is 5-6万元)
_DIGITS = frozenset("0123456789０１２３４５６７８９〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖")


def _invariants(text: str, found) -> None:
    last_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last_end, "quantities overlap"
        last_end = q.end
        if q.lower is not None:
            assert q.lower <= q.value
        if q.upper is not None:
            assert q.value <= q.upper
        if q.lower is not None and q.upper is not None and not q.qualifier:
            # its numbers stand on one line
            last_digit = max((i for i in range(q.start, q.end) if text[i] in _DIGITS), default=q.start)
            assert "\n" not in text[q.start : last_digit], "a range across a line break"
        assert q.step is None or q.step > 0


@given(text=_TEXTS)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_bounds_and_offsets_hold_on_any_text(text):
    g = QuantityGrammar(default_patterns())
    _invariants(text, g.quantities(text))


@given(pattern=_TEXTS)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_megabyte_stream_does_not_blow_up(pattern):
    text = (pattern * (1_000_000 // len(pattern) + 1))[:1_000_000]
    found = QuantityGrammar(default_patterns()).quantities(text)
    _invariants(text, found)
    assert len(found) <= len(text) // 2 + 1


def test_precision_is_the_last_written_digit():
    g = QuantityGrammar(default_patterns())
    steps = {t: g.quantities(t)[0].step for t in ("1.32亿元", "283753份", "157.64%", "五千六百八元", "两万四千元", "3千万元")}
    assert steps == {"1.32亿元": Decimal(10**6), "283753份": 1, "157.64%": Decimal("0.01"), "五千六百八元": 10,
                     "两万四千元": 1000, "3千万元": Decimal(10**7)}


def test_table_cells_carry_the_precision_of_their_column():
    from tongxun_stats.api import extract_text

    text = "| 地区 | 保费金额（万元） | 承保份数（份） |\n|---|---|---|\n| 南宁市 | 1147.5 | 401000 |\n| 柳州市 | 800.25 | 3000 |\n"
    got = [(f.raw, f.value, f.precision) for f in extract_text(text)]
    assert got == [("1147.5", 11475000, 1000), ("401000", 401000, 1), ("800.25", 8002500, 100), ("3000", 3000, 1)]
