"""checks.tsv -> :class:`Checks`: read every row, validate it into a :class:`Rule`.

A rule names the metrics it compares (``~word`` matches any metric containing the
word, ``*`` any metric); unknown metrics, bad numbers and missing columns are all
collected and raised as one :class:`~tongxun_stats.errors.PatternsError`.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import regex

from ..errors import PatternsError
from ..patterns import bundled_dir, default_patterns

CHECKS_FILE = "checks.tsv"
COLUMNS = ("kind", "rule", "stated", "numerator", "denominator", "scale", "low", "high", "factor", "words")
RULE_KINDS = ("ratio", "sum", "outlier")


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of checks.tsv (``where`` is its ``file:line``)."""

    kind: str
    rule: str
    stated: tuple[str, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale: Decimal = Decimal(1)
    low: Decimal | None = None
    high: Decimal | None = None
    factor: Decimal = Decimal(30)
    words: tuple[str, ...] = ()
    where: str = ""
    opener: regex.Pattern | None = None  # sum: the words, compiled


@dataclass(frozen=True, eq=False)
class Checks:
    """The rules, plus each qualifier's bound (约 approx, 余 lower and written inside …)."""

    rules: tuple[Rule, ...]
    bounds: Mapping[str, tuple[str, bool]]


def load_checks(dirs: Iterable = ()) -> Checks:
    """checks.tsv from the bundled patterns and each folder of ``dirs`` (a later rule of
    the same name replaces an earlier one). Raises PatternsError listing every problem."""

    dirs = tuple(str(d) for d in dirs)
    problems: list[str] = []
    rules: dict[str, Rule] = {}
    for folder in (bundled_dir(), *map(Path, dirs)):
        if (folder / CHECKS_FILE).is_file():
            rules.update((r.rule, r) for r in _read_rules(folder / CHECKS_FILE, problems))
    pats = default_patterns(dirs)
    for r in rules.values():
        for m in (*r.stated, *r.numerator, *r.denominator):
            if m != "*" and not m.startswith("~") and m not in pats.metrics:
                problems.append(f"{r.where}: unknown metric {m} (not in metrics.tsv)")
    if problems:
        raise PatternsError(problems)
    bounds = {q.qualifier: (q.bound, q.position == "inside") for q in pats.qualifiers.values() if q.written == q.qualifier}
    return Checks(tuple(rules.values()), bounds)


@functools.lru_cache(maxsize=8)
def default_checks(dirs: tuple[str, ...] = ()) -> Checks:
    """The process-wide Checks for a set of extra patterns folders, built once."""
    return load_checks(dirs)


def _read_rules(path: Path, problems: list[str]):
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{CHECKS_FILE}: cannot read: {e}")
        return
    header = False
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{CHECKS_FILE}:{no}"
        if not header:
            header = True
            if tuple(cells) != COLUMNS[: len(cells)] or len(cells) < len(COLUMNS) - 1:
                problems.append(f"{where}: header should be {' '.join(COLUMNS)}")
                return
            continue
        if len(cells) > len(COLUMNS):
            problems.append(f"{where}: {len(cells)} columns, expected {len(COLUMNS)}")
            continue
        row = dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)), strict=True))
        rule = _rule(row, where, problems)
        if rule is not None:
            yield rule


def _rule(row: dict[str, str], where: str, problems: list[str]) -> Rule | None:
    def words(c: str) -> tuple[str, ...]:
        return tuple(w.strip() for w in row[c].split(";") if w.strip())

    def number(c: str, default: str | None) -> Decimal | None:
        try:
            return Decimal(row[c] or default) if (row[c] or default) else None
        except ArithmeticError:
            problems.append(f"{where}: {c} {row[c]!r} is not a number")
            return None

    kind, name = row["kind"], row["rule"]
    if kind not in RULE_KINDS or not name:
        problems.append(f"{where}: kind must be one of {', '.join(RULE_KINDS)} and rule must be named")
        return None
    r = Rule(kind, name, words("stated"), words("numerator"), words("denominator"), number("scale", "1") or Decimal(1),
             number("low", None), number("high", None), number("factor", "30") or Decimal(30), words("words"), where)
    missing = {"ratio": ("stated", "numerator", "denominator"), "sum": ("stated", "words"),
               "outlier": ("numerator", "denominator")}[kind]
    empty = [c for c in missing if not getattr(r, c)]
    if r.words:
        r = replace(r, opener=regex.compile("|".join(regex.escape(w) for w in sorted(r.words, key=len, reverse=True))))
    if empty:
        problems.append(f"{where}: a {kind} rule needs {' and '.join(empty)}")
    elif r.scale <= 0 or r.factor <= 1 or (r.low is not None and r.high is not None and r.low >= r.high):
        problems.append(f"{where}: scale must be > 0, factor > 1 and low < high")
    else:
        return r
    return None
