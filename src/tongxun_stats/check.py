"""Consistency checks: one document's figures held against each other.

The rules live in ``patterns/checks.tsv``, three kinds:

- ``ratio``: a stated rate (完成率 157.64%) against the figures it is computed
  from (承保份数 283753份 ÷ 任务数 18万份 × 100), taking the nearest ones;
- ``sum``: a stated total against the parts listed after 其中 (needs the text);
- ``outlier``: a per-unit amount (保费金额 ÷ 承保份数) far from the same amount
  elsewhere in the document, or outside a sane range when there are too few.

Figures pair when they are in the same document, region and programme (or one
side has none) and close in the text: the same sentence, or the same line within
``NEAR_CHARS``; a candidate never reaches past another stated figure of the same
metric. Every comparison allows for the rounding of each number as written
(``157.64%`` is 157.635–157.645, ``18万份`` 17.5–18.5万, ``10.86万余人`` 10.86–10.87万)
and for a stated figure that was truncated instead of rounded (120% for 120.67%).
Overlap is ``confirmed``; a ``mismatch`` is reported only when the pairing is
unambiguous, else the check says nothing.
"""
from __future__ import annotations

import bisect
import functools
import math
import statistics
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex

from .errors import PatternsError
from .model import Figure

CHECKS_FILE = "checks.tsv"
COLUMNS = ("kind", "rule", "stated", "numerator", "denominator", "scale", "low", "high", "factor", "words")
RULE_KINDS = ("ratio", "sum", "outlier")
FINDING_KINDS = ("confirmed", "mismatch", "outlier")
FINDING_COLUMNS = ("doc", "kind", "rule", "stated", "computed", "line", "figures", "message")
NEAR_CHARS = 300  # figures further apart than this never pair
MIN_PEERS = 3  # other pairs needed before a document's median is trusted
RATE_UNITS = frozenset({"%", "‰", "百分点", "千分点"})
INF = Decimal("Infinity")
_MANTISSA = regex.compile(r"\d[\d,]*(?:\.\d+)?")
_SENTENCE_END = regex.compile(r"[。！？!?]")
_RANGE_SIGN = r"(?:[—–\-~～]+|至|到)"
_RANGE_IN_RAW = regex.compile(rf"\d\s*{_RANGE_SIGN}\s*\d")
_RANGE_BEFORE = regex.compile(rf"\d\s*{_RANGE_SIGN}\s*$")
_RANGE_AFTER = regex.compile(rf"^\s*{_RANGE_SIGN}\s*\d")
_CLAUSE_START = regex.compile(r"[。！？!?；;\n][^。！？!?；;\n]*$")
_MAGNITUDES = (("亿", 8), ("百万", 6), ("万", 4), ("千", 3))


# -- rules ----------------------------------------------------------------------


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
    from .patterns import bundled_dir, default_patterns

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


# -- findings -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's verdict. ``figures`` holds (line, start, end, raw, metric) of each figure
    involved, the stated one (or for an outlier the suspicious one) first. ``stated`` is
    the stated rate or total (an outlier's suspicious value), ``computed`` what the other
    figures give (an outlier's per-unit amount)."""

    doc: str
    kind: str
    rule: str
    stated: Decimal | None
    computed: Decimal | None
    figures: tuple[tuple[int, int, int, str, str], ...]
    message: str

    def as_record(self) -> dict[str, Any]:
        """A flat dict in ``FINDING_COLUMNS`` order, Decimals as int/float (csv, jsonl …)."""
        figs = "; ".join(f"{raw} {metric} @{line}:{start}-{end}" for line, start, end, raw, metric in self.figures)
        return {"doc": self.doc, "kind": self.kind, "rule": self.rule, "stated": _plain(self.stated),
                "computed": _plain(self.computed), "line": self.figures[0][0] if self.figures else None,
                "figures": figs, "message": self.message}


def _plain(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(str(d))


def _finding(kind: str, rule: Rule, stated, computed, figs: Iterable[Figure], message: str) -> Finding:
    figs = list(figs)
    return Finding(figs[0].doc, kind, rule.rule, stated, computed,
                   tuple((f.line, f.start, f.end, f.raw, f.metric) for f in figs), message)


# -- numbers as written -------------------------------------------------------------


def _ulp(f: Figure) -> Decimal:
    """The place of the last digit written: 1.32亿元 -> 10**6, 283753份 -> 1, 157.64% -> 0.01."""
    m = _MANTISSA.search(unicodedata.normalize("NFKC", f.raw))
    if m:
        digits = m.group().replace(",", "")
        mantissa = Decimal(digits)
        if mantissa and f.value > 0:
            scale = f.value / mantissa
            if scale.normalize().as_tuple().digits == (1,):  # a power of ten: 万 亿 …
                return scale.scaleb(-len(digits.partition(".")[2]))
    exp = f.value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exp if isinstance(exp, int) else 0)


def _interval(f: Figure, bounds: Mapping[str, tuple[str, bool]], stated: bool = False) -> tuple[Decimal, Decimal]:
    """Where the true value lies given how ``f`` is written; ``stated`` also allows truncation."""
    half, v = _ulp(f) / 2, f.value
    bound = bounds.get(f.qualifier) if f.qualifier else None
    if bound is None:
        if f.lower is not None and f.upper is not None and f.lower <= f.upper:
            return f.lower - half, f.upper + half
        return v - half, v + (2 * half if stated else half)
    kind, inside = bound
    if kind == "lower":  # 10.86万余: up to 10.87万; 超过5万: no ceiling
        return (v, v + 2 * half) if inside else (v, INF)
    if kind == "upper":  # 近50%
        return v * Decimal("0.9"), v + half
    spread = max(half, abs(v) / 100)  # 约: ±1 %
    return v - spread, v + spread


def _overlap(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d else str(d)


def _round(d: Decimal, like: Figure) -> Decimal:
    places = max(2, -min(0, _ulp(like).as_tuple().exponent)) if like.unit in RATE_UNITS else 2
    return d.quantize(Decimal(1).scaleb(-places))


# -- pairing ----------------------------------------------------------------------


def _gap(a: Figure, b: Figure) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _same_sentence(a: Figure, b: Figure) -> bool:
    return bool(a.sentence) and a.sentence == b.sentence and a.article == b.article and _gap(a, b) <= len(a.sentence)


def _near(a: Figure, b: Figure) -> bool:
    return a.doc == b.doc and _gap(a, b) <= NEAR_CHARS and (a.line == b.line or _same_sentence(a, b))


def _compatible(a: Figure, b: Figure) -> bool:
    return all(x == y or not x or not y for x, y in ((a.region, b.region), (a.program, b.program)))


def _kind(f: Figure) -> str:
    return "money" if f.unit == "元" else "rate" if f.unit in RATE_UNITS else "count"


def _per_unit(f: Figure) -> bool:
    return "per-unit amount" in f.flags


def _matches(f: Figure, metrics: tuple[str, ...]) -> bool:
    """``f``'s metric is one of ``metrics``, or contains a ``~word`` of them (全县总人口 for ~人口)."""
    return f.metric in metrics or any(m.startswith("~") and m[1:] in f.metric for m in metrics)


class _Doc:
    """One document's figures in text order, and its text when known."""

    def __init__(self, figures: list[Figure], text: str | None):
        self.figures = sorted(figures, key=lambda f: (f.start, f.end))
        self.starts = [f.start for f in self.figures]
        self.longest = max((f.end - f.start for f in self.figures), default=0)
        self.text = text

    def between(self, lo: int, hi: int) -> list[Figure]:
        """Figures that start in [lo, hi)."""
        return self.figures[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]

    def around(self, f: Figure) -> list[Figure]:
        """Every figure that could be near ``f`` (a superset of those ``_near`` accepts)."""
        return self.between(f.start - NEAR_CHARS - self.longest, f.end + NEAR_CHARS + 1)

    def crossed(self, a: Figure, b: Figure, metric: str) -> bool:
        """Another figure of ``metric`` lies between a and b."""
        return any(g.metric == metric and g is not a and g is not b
                   for g in self.between(min(a.end, b.end), max(a.start, b.start)))

    def candidates(self, r: Figure, metrics: tuple[str, ...]) -> list[Figure]:
        """Figures of ``metrics`` that may go with ``r``, the likeliest first."""
        found = [f for f in self.around(r) if f is not r and _matches(f, metrics) and _kind(f) != "rate"
                 and not _per_unit(f) and _near(f, r) and _compatible(f, r) and not self.crossed(f, r, r.metric)]
        return sorted(found, key=lambda f: (not _same_sentence(f, r), f.start > r.start, _gap(f, r)))


def _sure(chosen: Figure, candidates: list[Figure], r: Figure) -> bool:
    """No other candidate competes with ``chosen`` for ``r``."""
    if len(candidates) == 1:
        return True
    return _same_sentence(chosen, r) and not any(_same_sentence(c, r) for c in candidates if c is not chosen)


# -- the rules ---------------------------------------------------------------------


def _ratio_checks(doc: _Doc, rule: Rule, checks: Checks) -> list[Finding]:
    out = []
    for r in doc.figures:
        if r.metric not in rule.stated or _kind(r) != "rate":
            continue
        nums, dens = doc.candidates(r, rule.numerator), doc.candidates(r, rule.denominator)
        tries = []
        for n in nums:
            for d in dens:
                (nlo, nhi), (dlo, dhi) = _interval(n, checks.bounds), _interval(d, checks.bounds)
                if n is d or _kind(n) != _kind(d) or not _compatible(n, d) or dlo <= 0 or INF in (nhi, dhi):
                    continue
                tries.append((n, d, (nlo / dhi * rule.scale, nhi / dlo * rule.scale)))
        if not tries:
            continue
        stated = _interval(r, checks.bounds, stated=True)
        hit = next((t for t in tries if _overlap(t[2], stated)), None)
        n, d, _span = hit or tries[0]
        if hit is None and not (_sure(n, nums, r) and _sure(d, dens, r)):
            continue  # ambiguous: say nothing rather than a false mismatch
        computed = _round(n.value / d.value * rule.scale, r)
        where = f"{r.region} " if r.region else ""
        formula = f"{n.metric} {n.raw} ÷ {d.metric} {d.raw} × {_fmt(rule.scale)} = {_fmt(computed)}"
        if hit:
            msg = f"{where}{r.metric} {r.raw} confirmed: {formula}"
        else:
            msg = f"{where}{r.metric} stated as {r.raw}, but {formula}"
        out.append(_finding("confirmed" if hit else "mismatch", rule, r.value, computed, (r, n, d), msg))
    return out


def _sum_checks(doc: _Doc, rule: Rule, checks: Checks) -> list[Finding]:
    if not doc.text or rule.opener is None:
        return []
    text, out = doc.text, []
    marks = list(rule.opener.finditer(text))
    for i, m in enumerate(marks):
        # the parts run to the end of the sentence (across a page cut, which has no 。)
        line = text.count("\n", 0, m.start()) + 1
        end = _SENTENCE_END.search(text, m.end())
        stop = min(marks[i + 1].start() if i + 1 < len(marks) else len(text), end.end() if end else len(text),
                   m.end() + 2 * NEAR_CHARS)
        parts_all = [f for f in doc.between(m.end(), stop) if _kind(f) != "rate" and not _per_unit(f)]
        sentences = {f.sentence for f in parts_all}
        totals = [f for f in doc.between(m.start() - NEAR_CHARS, m.start()) if f.end <= m.start()
                  and (f.line == line or f.sentence in sentences) and _kind(f) != "rate" and not _per_unit(f)
                  and ("*" in rule.stated or f.metric in rule.stated)
                  and len(_SENTENCE_END.findall(text, f.end, m.start())) <= 1]
        for metric in dict.fromkeys(f.metric for f in totals if f.metric):
            same = [f for f in totals if f.metric == metric]
            total = same[-1]
            parts = [f for f in parts_all if f.metric == metric and _kind(f) == _kind(total)]
            spans = [_interval(f, checks.bounds) for f in parts]
            if len(parts) < 2 or any(hi == INF for _lo, hi in spans):
                continue
            lo, hi = sum(s[0] for s in spans), sum(s[1] for s in spans)
            stated = _interval(total, checks.bounds, stated=True)
            computed = sum(f.value for f in parts)
            formula = f"{' + '.join(f.raw for f in parts)} = {_fmt(computed)} {total.unit}"
            where = f"{total.region} " if total.region else ""
            if _overlap((lo, hi), stated):
                msg = f"{where}{metric} total {total.raw} confirmed by its parts: {formula}"
                out.append(_finding("confirmed", rule, total.value, computed, (total, *parts), msg))
            elif lo > stated[1] and not any(_same_sentence(f, total) for f in same[:-1]):
                msg = f"{where}{metric} parts add up to more than the total {total.raw}: {formula}"
                out.append(_finding("mismatch", rule, total.value, computed, (total, *parts), msg))
    return out


def _outlier_checks(doc: _Doc, rule: Rule, checks: Checks) -> list[Finding]:
    nums = [f for f in doc.figures if _matches(f, rule.numerator) and _kind(f) != "rate" and not _per_unit(f) and f.value > 0]
    dens = [f for f in doc.figures if _matches(f, rule.denominator) and _kind(f) == "count" and f.value > 0]
    den_index = {id(d): j for j, d in enumerate(dens)}
    options = sorted((not _same_sentence(n, d), _gap(n, d), n.start, d.start, i, den_index[id(d)])
                     for i, n in enumerate(nums) for d in doc.around(n)
                     if id(d) in den_index and n is not d and _near(n, d) and _compatible(n, d)
                     and (not n.program or n.program == d.program))
    pairs, used_n, used_d = [], set(), set()
    for *_, i, j in options:  # nearest first, each figure in one pair only
        if i not in used_n and j not in used_d:
            used_n.add(i), used_d.add(j)
            pairs.append((nums[i], dens[j], nums[i].value / dens[j].value))
    out = []
    for k, (n, d, ratio) in enumerate(pairs):
        others = [p[2] for x, p in enumerate(pairs) if x != k]
        if len(others) >= MIN_PEERS:
            ref = statistics.median(others)
            if ref <= 0 or rule.factor > ratio / ref > 1 / rule.factor:
                continue
            against = f"the median {_fmt(_round(ref, n))} {n.unit} of the other {len(others)} pairs in this document"
        elif rule.low is not None and rule.high is not None and not rule.low <= ratio <= rule.high:
            ref = rule.high if ratio > rule.high else rule.low
            against = f"the sane range {_fmt(rule.low)}–{_fmt(rule.high)}"
        else:
            continue
        high = ratio > ref
        bad, good = _suspect(n, d, nums, dens, high)
        times = ratio / ref if high else ref / ratio
        too_big = (bad is n) == high
        hint = next((f" (the {word} looks like one too many)" for word, power in _MAGNITUDES
                     if too_big and word in bad.raw and abs(math.log10(times) - power) < 0.5), "")
        where = f"{n.region} " if n.region else ""
        msg = (f"{where}{rule.rule}: {n.metric} {n.raw} ÷ {d.metric} {d.raw} = {_fmt(_round(ratio, n))} {n.unit}/{d.unit}, "
               f"{_fmt(times.quantize(Decimal(1)))}× {'above' if high else 'below'} {against}; "
               f"{bad.metric} {bad.raw} looks wrong{hint}")
        out.append(_finding("outlier", rule, bad.value, _round(ratio, n), (bad, good), msg))
    return out


def _suspect(n: Figure, d: Figure, nums: list[Figure], dens: list[Figure], high: bool) -> tuple[Figure, Figure]:
    """(suspicious, other): the figure further from the other figures of its role in the
    document, in the direction that explains the ratio; the numerator when unsure."""

    def off(f: Figure, role: list[Figure]) -> float:
        others = [g.value for g in role if g is not f and g.value > 0]
        if len(others) < 2 or f.value <= 0:
            return 0.0
        return math.log10(f.value / statistics.median(others))

    score_n, score_d = (off(n, nums), -off(d, dens)) if high else (-off(n, nums), off(d, dens))
    return (d, n) if score_d > max(score_n, 0.0) else (n, d)


_RUNNERS = {"ratio": _ratio_checks, "sum": _sum_checks, "outlier": _outlier_checks}


# -- entry points -----------------------------------------------------------------


def check_figures(figures: Iterable[Figure], patterns: Checks | None = None, *,
                  text: str | Mapping[str, str] | None = None) -> list[Finding]:
    """Every finding for ``figures``, document by document, in text order.

    ``patterns`` is a :class:`Checks` (default: the bundled checks.tsv). ``text`` is the
    original text of the (single) document, or a dict doc -> text; the sum rule needs it.
    """
    checks = patterns or default_checks()
    by_doc: dict[str, list[Figure]] = {}
    for f in figures:
        by_doc.setdefault(f.doc, []).append(f)
    texts = text if isinstance(text, Mapping) else dict.fromkeys(by_doc, text) if len(by_doc) == 1 else {}
    found: list[Finding] = []
    for name, figs in by_doc.items():
        doc = _Doc(figs, texts.get(name))
        for rule in checks.rules:
            found.extend(_RUNNERS[rule.kind](doc, rule, checks))
    order = {name: i for i, name in enumerate(by_doc)}
    return sorted(found, key=lambda x: (order[x.doc], x.figures[0][1], FINDING_KINDS.index(x.kind)))


def check_text(text: str, source: str | None = None, patterns_dirs: tuple[str, ...] = ()) -> tuple[list[Figure], list[Finding]]:
    """Extract ``text`` and check it: (figures, findings)."""
    from .patterns import default_patterns
    from .pipeline import extract_text

    figures = extract_text(text, source=source, patterns=default_patterns(tuple(patterns_dirs)))
    return figures, check_figures(figures, default_checks(tuple(patterns_dirs)), text=text)


def check_file(path, *, encoding: str | None = None, patterns_dirs: tuple[str, ...] = (), doc: str | None = None) -> list[Finding]:
    """Read one document, extract its figures and return the findings."""
    from .read import read_path

    p = Path(path)
    return check_text(read_path(p, encoding=encoding), doc or p.name, patterns_dirs)[1]


def check_source(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[Finding]:
    """Check one batch Source (top-level, plain arguments: worker processes can run it)."""
    from .read import decode_text, read_path

    if source.path is None:
        text = decode_text(sys.stdin.buffer.read(), "-", encoding)
    else:
        text = read_path(source.path, encoding=encoding)
    return check_text(text, source.doc, tuple(patterns_dirs))[1]


# -- review flags -----------------------------------------------------------------


def figure_flags(figures: list[Figure], findings: list[Finding] | None = None, *, text: str | None = None,
                 checks: Checks | None = None) -> dict[int, list[str]]:
    """Why a row needs a human look: ``{index in figures: [reason, …]}`` for rows with any.

    Reasons: ``check outlier: RULE`` (the suspicious figure of an outlier),
    ``check mismatch: RULE`` (every figure of a mismatch), ``unit inferred``,
    ``range half-parsed``, ``region ambiguous: NAME``, ``no region``. With
    ``findings`` None the checks (``checks``, default the bundled ones) are run
    here; the range and region reasons that look around the number need
    ``text``, the document's original text.
    """
    if findings is None:
        findings = check_figures(figures, checks, text=text)
    index = {(f.doc, f.start, f.end): i for i, f in enumerate(figures)}
    out: dict[int, list[str]] = {}

    def add(i: int | None, reason: str) -> None:
        if i is not None and reason not in out.setdefault(i, []):
            out[i].append(reason)

    for x in findings:
        if x.kind != "confirmed":
            for _line, start, end, _raw, _m in x.figures[:1] if x.kind == "outlier" else x.figures:
                add(index.get((x.doc, start, end)), f"check {x.kind}: {x.rule}")
    for i, f in enumerate(figures):
        if "unit inferred" in f.flags:
            add(i, "unit inferred")
        if not f.region:
            add(i, "no region")
        if _half_range(f, text):
            add(i, "range half-parsed")
        if text is not None and f.region_code:
            name = _ambiguous_place(f, text)
            if name:
                add(i, f"region ambiguous: {name}")
    return {i: r for i, r in out.items() if r}


def flag_figures(figures: list[Figure], findings: list[Finding] | None = None, *, text: str | None = None,
                 checks: Checks | None = None) -> list[Figure]:
    """``figures`` with :func:`figure_flags`' reasons merged into ``flags`` ("; "-joined, no repeats)."""
    reasons = figure_flags(figures, findings, text=text, checks=checks)
    out = []
    for i, f in enumerate(figures):
        if i in reasons:
            have = [x for x in f.flags.split("; ") if x]
            f = replace(f, flags="; ".join(dict.fromkeys(have + reasons[i])))
        out.append(f)
    return out


def _half_range(f: Figure, text: str | None) -> bool:
    raw = unicodedata.normalize("NFKC", f.raw)
    if _RANGE_IN_RAW.search(raw):
        return f.lower is None or f.upper is None
    if text is None or not (0 <= f.start <= f.end <= len(text)):
        return False
    return bool(_RANGE_BEFORE.search(text[max(0, f.start - 4) : f.start]) or _RANGE_AFTER.match(text[f.end : f.end + 4]))


def _ambiguous_place(f: Figure, text: str) -> str:
    """The place named last before the figure in its clause, when that name fits several
    counties of the figure's prefecture (or province), so the region had to be guessed."""
    from .places import place_index

    index = place_index()
    if f.region_code not in index.places:
        return ""
    window = text[max(0, f.start - 80) : f.start]
    cut = _CLAUSE_START.search(window)
    window = window[cut.start() + 1 :] if cut else window
    province = index[f.region_code].province
    named = [m for m in index.mentions(window, province) if not m.generic]
    if not named:
        return ""
    codes = {index.county_of(c) for c in named[-1].candidates if index[c].province == province}
    home = index.prefecture_of(f.region_code)
    local = {c for c in codes if index.prefecture_of(c) == home} if home else codes
    return named[-1].text if len(local or codes) > 1 and len(local) != 1 else ""


# -- writing ----------------------------------------------------------------------


def write_findings(findings: Iterable[Finding], fmt: str, out: str | Path | None, *, excel: bool | None = None) -> int:
    """Write findings as ``fmt`` (csv tsv jsonl json parquet xlsx table) to ``out`` (None or
    "-": stdout) through export's writers and atomic file writing; return the count."""
    from .export import write_records

    records = (f.as_record() for f in findings)
    return write_records(records, FINDING_COLUMNS, {"stated", "computed", "line"}, fmt, out, excel=excel)


__all__ = [
    "Checks", "Finding", "Rule", "check_figures", "check_file", "check_source", "check_text", "default_checks",
    "figure_flags", "flag_figures", "load_checks", "write_findings", "FINDING_COLUMNS", "FINDING_KINDS",
]
