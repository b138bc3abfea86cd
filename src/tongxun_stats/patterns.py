"""Load and validate the knowledge in ``patterns/`` once, into a frozen ``Patterns``.

Every file is TSV with ``#`` comment lines and a header. Problems are collected,
not raised one by one, so a user fixing a folder sees them all at once:
``metrics.tsv:41: alias 投保量 already maps to 承保份数``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .errors import PatternsError
from .regex_guard import GuardedPattern, catastrophic_shape
from .scan import WordScanner, alternation

FILES = ("metrics.tsv", "units.tsv", "programmes.tsv", "exclusions.tsv", "qualifiers.tsv")
_COLUMNS = {
    "metrics.tsv": ("metric", "core", "units", "aliases", "meaning", "family"),
    "units.tsv": ("written", "base", "kind", "chinese"),
    "programmes.tsv": ("program", "kind", "aliases"),
    "exclusions.tsv": ("pattern", "why"),
    "qualifiers.tsv": ("written", "qualifier", "position", "bound"),
}
_UNIT_KINDS = {"money", "percent", "points", "counter", "noun", "duration", "age"}
_POSITIONS = {"before", "inside", "after"}
_BOUNDS = {"lower", "upper", "approx"}


def bundled_dir() -> Path:
    """patterns/ inside the installed wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parents[1] / "patterns"):
        if (candidate / "metrics.tsv").is_file():
            return candidate
    raise PatternsError([f"{here}: no bundled patterns/ folder found (broken install?)"])


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    core: bool
    units: tuple[str, ...]
    family: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Unit:
    written: str
    base: str
    kind: str
    after_chinese: bool


@dataclass(frozen=True, slots=True)
class Qualifier:
    written: str
    qualifier: str
    position: str
    bound: str


class DomainTokenizer:
    """Forward maximum matching over a domain dictionary: a dictionary word is one token,
    any other character is a token of its own.

    Why not jieba: the labels it cuts are a few characters long and only need to keep
    domain words whole, while importing jieba or rjieba costs 150-190 ms of every
    process's start-up (measured; the single-issue start-up budget is 500 ms).
    """

    def __init__(self, words):
        self._words = frozenset(w for w in words if len(w) > 1)
        self._longest = max((len(w) for w in self._words), default=1)

    def cut(self, text: str) -> list[str]:
        out, i = [], 0
        while i < len(text):
            for n in range(min(self._longest, len(text) - i), 1, -1):
                if text[i : i + n] in self._words:
                    out.append(text[i : i + n])
                    i += n
                    break
            else:
                out.append(text[i])
                i += 1
        return out


@dataclass(frozen=True, eq=False)  # identity hash: one Patterns per process
class Patterns:
    metrics: dict[str, Metric]
    metric_aliases: dict[str, str]  # literal alias -> metric
    metric_regexes: tuple[tuple[regex.Pattern | GuardedPattern, str], ...]  # `re:` aliases (a user's guarded)
    units: dict[str, Unit]
    programmes: dict[str, str]  # alias -> programme
    programme_regexes: tuple[tuple[regex.Pattern | GuardedPattern, str], ...]
    programme_kinds: dict[str, str]
    exclusions: tuple[str, ...]
    qualifiers: dict[str, Qualifier]
    sources: tuple[str, ...] = ()
    guard_exclusions: bool = False  # a user folder added exclusions: run them with a timeout
    # compiled from the above
    alias_re: regex.Pattern = field(init=False, repr=False)
    programme_re: regex.Pattern = field(init=False, repr=False)
    exclusion_re: regex.Pattern | GuardedPattern | None = field(init=False, repr=False)
    alias_scan: WordScanner = field(init=False, repr=False)  # the literal aliases in one pass
    programme_scan: WordScanner = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "alias_re", regex.compile(alternation(self.metric_aliases)))
        object.__setattr__(self, "programme_re", regex.compile(alternation(self.programmes)))
        object.__setattr__(self, "alias_scan", WordScanner(self.metric_aliases))
        object.__setattr__(self, "programme_scan", WordScanner(self.programmes))
        excl = "|".join(f"(?:{p})" for p in self.exclusions)
        rx = regex.compile(excl) if excl else None
        if rx is not None and self.guard_exclusions:
            rx = GuardedPattern(rx, "exclusions.tsv", excl)
        object.__setattr__(self, "exclusion_re", rx)

    def family_member(self, metric: str, unit: str) -> str | None:
        """The metric of ``metric``'s family that is counted in ``unit``, if any."""
        m = self.metrics.get(metric)
        if m is None:
            return None
        if unit in m.units:
            return metric
        if m.family:
            for other in self.metrics.values():
                if other.family == m.family and unit in other.units:
                    return other.name
        return None

    def tokenizer(self) -> DomainTokenizer:
        """A tokenizer whose dictionary is the domain words of these patterns (metric
        names and aliases, programmes, units), so none is ever split. Built on first
        use, per Patterns."""
        tok = self.__dict__.get("_tokenizer")
        if tok is None:
            tok = DomainTokenizer(w for w in (*self.metrics, *self.metric_aliases, *self.programmes, *self.units))
            object.__setattr__(self, "_tokenizer", tok)
        return tok

    def canonical_metric(self, text: str) -> str | None:
        """A metric name or alias -> canonical metric (for --metric filters)."""
        if text in self.metrics:
            return text
        return self.metric_aliases.get(text)


def _read_tsv(path: Path, problems: list[str]):
    """Yield (line_number, row dict) for the data rows of one patterns file."""
    columns = _COLUMNS[path.name]
    header_seen = False
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{path.name}: cannot read: {e}")
        return
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) != columns[: len(cells)] or len(cells) < len(columns) - 1:
                problems.append(f"{path.name}:{no}: header should be {' '.join(columns)}")
                return
            continue
        if len(cells) < len(columns):
            cells += [""] * (len(columns) - len(cells))
        if len(cells) > len(columns):
            problems.append(f"{path.name}:{no}: {len(cells)} columns, expected {len(columns)}")
            continue
        yield no, dict(zip(columns, (c.strip() for c in cells), strict=True))


def _check_regex(pattern: str, where: str, problems: list[str], guard: bool = True):
    """The pattern compiled once (run with a timeout when ``guard``: a user's pattern),
    or None with a problem noted."""
    try:
        compiled = regex.compile(pattern)
    except regex.error as e:
        problems.append(f"{where}: bad regex {pattern!r}: {e}")
        return None
    why = catastrophic_shape(pattern)
    if why:
        problems.append(f"{where}: regex {pattern!r} can take exponential time: {why} "
                        "(make the inner quantifier possessive, ++, or the group atomic, (?>…))")
        return None
    return GuardedPattern(compiled, where, pattern) if guard else compiled


def _load_into(folder: Path, acc: dict, problems: list[str], user: bool = True) -> None:
    """Add one folder's rows to ``acc``; later folders extend and override earlier ones.
    A ``user`` folder's regexes run with a timeout (the bundled ones are known linear)."""
    local_alias: dict[str, tuple[str, int]] = {}
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        for no, row in _read_tsv(path, problems):
            where = f"{name}:{no}"
            if name == "units.tsv":
                if not row["written"] or not row["base"]:
                    problems.append(f"{where}: empty unit")
                elif row["kind"] not in _UNIT_KINDS:
                    problems.append(f"{where}: unknown kind {row['kind']!r} (one of {', '.join(sorted(_UNIT_KINDS))})")
                else:
                    acc["units"][row["written"]] = Unit(row["written"], row["base"], row["kind"], row["chinese"] == "yes")
            elif name == "metrics.tsv":
                metric = row["metric"]
                if not metric:
                    problems.append(f"{where}: empty metric name")
                    continue
                units = tuple(u for u in row["units"].split(";") if u)
                acc["metric_rows"].append((where, metric, units))
                acc["metrics"][metric] = Metric(metric, row["core"] == "yes", units, row["family"], row["meaning"])
                for alias in (a.strip() for a in row["aliases"].split(";")):
                    if not alias:
                        continue
                    if alias.startswith("re:"):
                        compiled = _check_regex(alias[3:], where, problems, user)
                        if compiled is not None:
                            acc["metric_regexes"].append((compiled, metric))
                        continue
                    if alias in local_alias and local_alias[alias][0] != metric:
                        problems.append(f"{where}: alias {alias} already maps to {local_alias[alias][0]}")
                        continue
                    local_alias[alias] = (metric, no)
                    acc["metric_aliases"][alias] = metric
            elif name == "programmes.tsv":
                if not row["program"]:
                    problems.append(f"{where}: empty programme name")
                    continue
                acc["programme_kinds"][row["program"]] = row["kind"] or "project"
                for alias in [row["program"], *row["aliases"].split(";")]:
                    alias = alias.strip()
                    if alias.startswith("re:"):
                        compiled = _check_regex(alias[3:], where, problems, user)
                        if compiled is not None and row["program"] == "*" and "name" not in compiled.groupindex:
                            problems.append(f"{where}: programme * needs a (?P<name>…) group in its regex")
                        elif compiled is not None:
                            acc["programme_regexes"].append((compiled, row["program"]))
                    elif alias:
                        acc["programmes"][alias] = row["program"]
            elif name == "exclusions.tsv":
                if _check_regex(row["pattern"], where, problems, user) is not None:
                    acc["exclusions"].append(row["pattern"])
                    acc["user_exclusions"] |= user
            elif name == "qualifiers.tsv":
                if row["position"] not in _POSITIONS or row["bound"] not in _BOUNDS:
                    problems.append(f"{where}: position must be one of {sorted(_POSITIONS)}, bound one of {sorted(_BOUNDS)}")
                else:
                    acc["qualifiers"][row["written"]] = Qualifier(**row)


def load_patterns(dirs=()) -> Patterns:
    """Bundled patterns plus each folder in ``dirs`` (extending, later wins).

    Raises PatternsError listing every problem found.
    """
    acc = {k: {} for k in ("units", "metrics", "metric_aliases", "programmes", "programme_kinds", "qualifiers")}
    acc.update(metric_regexes=[], programme_regexes=[], exclusions=[], metric_rows=[], user_exclusions=False)
    problems: list[str] = []
    folders = [bundled_dir(), *(Path(d) for d in dirs)]
    for folder in folders:
        if not folder.is_dir():
            problems.append(f"{folder}: not a folder")
            continue
        _load_into(folder, acc, problems, user=folder != folders[0])
    known_units = {u.base for u in acc["units"].values()}
    for where, metric, units in acc["metric_rows"]:
        for u in units:
            if u not in known_units:
                problems.append(f"{where}: metric {metric} uses unknown unit {u!r} (add it to units.tsv)")
    if problems:
        raise PatternsError(problems)
    return Patterns(
        metrics=acc["metrics"],
        metric_aliases=acc["metric_aliases"],
        metric_regexes=tuple(acc["metric_regexes"]),
        units=acc["units"],
        programmes=acc["programmes"],
        programme_regexes=tuple(acc["programme_regexes"]),
        programme_kinds=acc["programme_kinds"],
        exclusions=tuple(acc["exclusions"]),
        guard_exclusions=acc["user_exclusions"],
        qualifiers=acc["qualifiers"],
        sources=tuple(str(f) for f in folders),
    )


def check_patterns(folder) -> list[str]:
    """Problems in one folder, read on top of the bundled patterns (empty list: all good)."""
    from .check import load_checks

    try:
        load_patterns([folder])
        load_checks([folder])  # checks name metrics, so they are read once the metrics load
    except PatternsError as e:
        return e.problems
    return []


@functools.lru_cache(maxsize=8)
def default_patterns(dirs: tuple[str, ...] = ()) -> Patterns:
    """The process-wide Patterns for a given set of extra folders, built once."""
    return load_patterns(dirs)
