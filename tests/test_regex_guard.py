"""User patterns cannot hang the tool: catastrophic shapes are refused, the rest time out."""
from __future__ import annotations

import pytest
import regex
from typer.testing import CliRunner

from tongxun_stats import regex_guard
from tongxun_stats.api import extract_text
from tongxun_stats.cli import app
from tongxun_stats.errors import PatternsError
from tongxun_stats.patterns import bundled_dir, load_patterns
from tongxun_stats.regex_guard import GuardedPattern, PatternTimeout, catastrophic_shape
from tongxun_stats.validate import check_patterns

NESTED = "a quantified group holds another quantifier (nested quantifiers)"
OVERLAP = "a quantified group's alternatives can match the same text"


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(\d|\d\d)+$", OVERLAP),
        (r"(?P<x>a|a)*", OVERLAP),
        (r"(ab|a)*c", OVERLAP),
        (r"(a+)+", NESTED),
        (r"(a*)*b", NESTED),
        (r"(?:\d+,?)*x", NESTED),
        (r"((ab)*c)+", NESTED),
        (r"(.*a){3}", NESTED),
        (r"(\d{2,3})+", NESTED),
        # safe shapes: no backtracking blow-up
        (r"参加[^，。；,]{0,6}险", None),
        (r"(?:任务|目标)[^，。；,]{0,4}的$", None),
        (r"(?V1)(?P<name>(?:计生|计划生育)(?!协)[\p{Han}--[与和及的、协会]]{0,10}?(?:保险|险))", None),
        (r"(?>a+)+", None),  # atomic group
        (r"(a++)+", None),  # possessive
        (r"(ab|cd)+", None),
        (r"(\d{2})+", None),  # a fixed count does not backtrack
        (r"(?i)(ab)+", None),
        (r"\(\d+\)+", None),  # escaped parentheses are not a group
        (r"[(]a+[)]+", None),
    ],
)
def test_catastrophic_shape(pattern, why):
    assert catastrophic_shape(pattern) == why


def test_bundled_patterns_are_all_safe():
    load_patterns()  # raises PatternsError on any problem, shapes included
    for f in bundled_dir().glob("*.tsv"):
        for line in f.read_text(encoding="utf-8").splitlines():
            for cell in line.split("\t"):
                for alias in cell.split(";"):
                    if alias.startswith("re:") and " " not in alias:
                        assert catastrophic_shape(alias[3:]) is None, alias


def _user_folder(tmp_path, alias: str):
    (tmp_path / "metrics.tsv").write_text(
        "metric\tcore\tunits\taliases\tmeaning\tfamily\n"
        f"救助金额\tno\t元\t救助款;{alias}\tmoney paid as relief\t\n", encoding="utf-8")
    return tmp_path


def test_patterns_check_rejects_a_catastrophic_regex(tmp_path):
    folder = _user_folder(tmp_path, r"re:(\d|\d\d)+$")
    expected = (r"metrics.tsv:2: regex '(\\d|\\d\\d)+$' can take exponential time: " + OVERLAP
                + " (make the inner quantifier possessive, ++, or the group atomic, (?>…))")
    assert check_patterns(folder) == [expected]
    with pytest.raises(PatternsError):
        load_patterns([folder])
    res = CliRunner().invoke(app, ["patterns", "check", str(folder)])
    assert res.exit_code == 1
    assert "metrics.tsv:2: regex" in res.output and "exponential" in res.output


def test_extract_with_a_catastrophic_regex_stops_before_reading(tmp_path, sample_paths):
    folder = _user_folder(tmp_path, r"re:(\d|\d\d)+$")
    res = CliRunner().invoke(app, ["extract", str(sample_paths[0]), "--patterns", str(folder), "-f", "jsonl"])
    assert res.exit_code != 0
    assert "exponential" in res.output


def test_user_regex_is_compiled_once_and_guarded(tmp_path):
    p = load_patterns([_user_folder(tmp_path, "re:救济[^，。]{0,4}款")])
    rx, metric = p.metric_regexes[-1]
    assert isinstance(rx, GuardedPattern) and metric == "救助金额"
    assert rx.where == "metrics.tsv:2" and rx.source == "救济[^，。]{0,4}款"
    assert not isinstance(p.exclusion_re, GuardedPattern)  # no user exclusions: the bundled ones are linear
    assert not any(isinstance(rx, GuardedPattern) for rx, _ in load_patterns().metric_regexes)
    (tmp_path / "exclusions.tsv").write_text("pattern\twhy\n第\\d+届\tsessions\n", encoding="utf-8")
    assert isinstance(load_patterns([tmp_path]).exclusion_re, GuardedPattern)
    rows = extract_text("今年发放救济专项款12万元。", patterns=p)
    assert [(f.raw, f.metric) for f in rows] == [("12万元", "救助金额")]


def test_a_slow_pattern_times_out_with_a_clear_error(monkeypatch):
    """A shape the structural check cannot see still ends in bounded time."""
    monkeypatch.setattr(regex_guard, "TIMEOUT_BASE", 0.05)
    rx = GuardedPattern(regex.compile(r"(\d|\d\d)+$"), "metrics.tsv:9", r"(\d|\d\d)+$")
    with pytest.raises(PatternTimeout, match=r"metrics.tsv:9\) ran out of time"):
        list(rx.finditer("1" * 60 + "x"))
    with pytest.raises(PatternTimeout, match=r"metrics.tsv:9\) ran out of time"):
        rx.search("1" * 60 + "x")


def timing_out_extract(source):
    rx = GuardedPattern(regex.compile(r"(\d|\d\d)+$"), "metrics.tsv:9", r"(\d|\d\d)+$")
    return [m.group() for m in rx.finditer("1" * 60 + "x")]


def test_a_timed_out_document_is_one_failed_source(tmp_path, monkeypatch):
    from tongxun_stats.batch import Source, extract_sources

    monkeypatch.setattr(regex_guard, "TIMEOUT_BASE", 0.05)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    [(_, error)] = list(extract_sources([Source(tmp_path / "a.txt", "a.txt")], timing_out_extract, jobs=1))
    assert "\n" not in error.reason
    assert error.reason.startswith(r"pattern '(\\d|\\d\\d)+$' (metrics.tsv:9) ran out of time: rewrite it")
