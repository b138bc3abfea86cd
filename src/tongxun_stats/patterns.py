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
from .pattern_files import PLACE_ALIASES, check_regex, read_place_aliases, read_rows
from .regex_guard import GuardedPattern
from .scan import WordScanner, alternation
from .tagger import LabelTagger
from .vocabulary import WORD_LISTS, Vocabulary

FILES = ("metrics.tsv", "units.tsv", "programmes.tsv", "exclusions.tsv", "qualifiers.tsv", "words.tsv")
# An alias written ``~资金`` is weak: a generic noun that names its metric only right after
# the number (用30万元资金), never against a verb before it; ``ins:完成`` names its metric
# only where the sentence is about an insurance product.
WEAK, INSURANCE_ONLY = "~", "ins:"
_KEYS = {"metrics.tsv": "metric", "units.tsv": "written", "programmes.tsv": "program", "exclusions.tsv": "pattern",
         "qualifiers.tsv": "written", "words.tsv": "list"}  # the column that names a row: two rows may not share it
WARNING = "warning: "  # marks a message of check_patterns that is a warning, not a problem
_UNIT_KINDS = {"money", "percent", "points", "counter", "length", "area", "volume", "weight", "multiple", "temperature",
               "noun", "duration", "age"}
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
    per_unit: str = ""  # the metric an amount per household/person/policy of this one is


@dataclass(frozen=True, slots=True)
class Unit:
    written: str
    base: str
    kind: str
    after_chinese: bool
    before: bool = False  # a currency also written before the number (约合人民币70万元)


@dataclass(frozen=True, slots=True)
class Qualifier:
    written: str
    qualifier: str
    position: str
    bound: str




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
    weak_aliases: frozenset[str] = frozenset()
    insurance_aliases: frozenset[str] = frozenset()
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words.tsv: list -> words
    # a product of one province (关爱保险 is Guangxi's): elsewhere its aliases name another
    # province's product, which is named as written
    programme_provinces: dict[str, str] = field(default_factory=dict)
    # places/aliases.tsv: (alias, place it names, where) — checked against the places by places.place_index
    place_aliases: tuple[tuple[str, str, str], ...] = ()
    vocabulary: Vocabulary = field(init=False, repr=False)
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
        object.__setattr__(self, "vocabulary", Vocabulary(self.words))

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

    @functools.cached_property
    def label_rejects(self) -> frozenset[str]:
        """What a fallback label may not be: a metric's name or alias (it would read as
        that metric) or a programme's name."""
        return frozenset((*self.metrics, *self.metric_aliases, *self.programmes))

    @functools.cached_property
    def label_tagger(self) -> LabelTagger:
        """The part-of-speech tagger for fallback labels, with these patterns' domain words
        (metric names and aliases, programmes, units) as nouns; its dictionary loads on
        first use."""
        return LabelTagger((w for w in (*self.metrics, *self.metric_aliases, *self.programmes, *self.units)),
                           bundled_dir() / "label_words.tsv", bundled_dir() / "places" / "divisions.tsv")

    def is_insurance(self, programme: str) -> bool:
        """Is this programme an insurance product? A listed one by its kind; one named as
        written (独生子女安康保险) by its name."""
        kind = self.programme_kinds.get(programme)
        return kind == "insurance" if kind else programme.endswith(("保险", "险"))

    def canonical_metric(self, text: str) -> str | None:
        """A metric name or alias -> canonical metric (for --metric filters)."""
        if text in self.metrics:
            return text
        return self.metric_aliases.get(text)


class _FolderLoader:
    """One folder's rows going into ``acc``: one method per patterns file, each taking a
    row with the line it came from. ``warnings`` (None for the bundled folder) gets a note
    for each alias or unit that changes what a bundled one means; a ``user`` folder's
    regexes run with a timeout (the bundled ones are known linear)."""

    def __init__(self, acc: dict, problems: list[str], warnings: list[str] | None, user: bool):
        self.acc, self.problems, self.warnings, self.user = acc, problems, warnings, user
        self.local_alias: dict[str, tuple[str, int]] = {}  # this folder's aliases: alias -> (metric, line)

    def shadows(self, where: str, what: str, word: str, old, new) -> None:
        if self.warnings is not None and old is not None and old != new:
            self.warnings.append(f"{where}: {WARNING}{what} {word} now means {new}, not the built-in {old}")

    def unit(self, where: str, no: int, row: dict) -> None:
        acc = self.acc
        if not row["written"] or not row["base"]:
            self.problems.append(f"{where}: empty unit")
        elif row["kind"] not in _UNIT_KINDS:
            self.problems.append(f"{where}: unknown kind {row['kind']!r} (one of {', '.join(sorted(_UNIT_KINDS))})")
        elif row["before"] not in ("", "yes", "no") or row["before"] == "yes" and row["kind"] != "money":
            self.problems.append(f"{where}: before must be yes (money only: a currency written before the number), no "
                                 "or empty")
        else:
            unit = Unit(row["written"], row["base"], row["kind"], row["chinese"] == "yes", row["before"] == "yes")
            old = acc["units"].get(row["written"])
            self.shadows(where, "unit", row["written"], old and f"{old.base} ({old.kind})", f"{unit.base} ({unit.kind})")
            acc["units"][row["written"]] = unit

    def metric(self, where: str, no: int, row: dict) -> None:
        acc = self.acc
        metric = row["metric"]
        if not metric:
            self.problems.append(f"{where}: empty metric name")
            return
        units = tuple(u for u in row["units"].split(";") if u)
        acc["metric_rows"].append((where, metric, units))
        acc["metrics"][metric] = Metric(metric, row["core"] == "yes", units, row["family"], row["meaning"],
                                        row["per_unit"])
        if row["per_unit"]:
            acc["per_unit_rows"].append((where, row["per_unit"]))
        for alias in (a.strip() for a in row["aliases"].split(";")):
            self.metric_alias(where, no, metric, alias)

    def metric_alias(self, where: str, no: int, metric: str, alias: str) -> None:
        """One alias of a metrics.tsv row: ``~weak``, ``ins:insurance-only``, ``re:regex`` or literal."""
        acc = self.acc
        if alias.startswith(WEAK):
            alias = alias[len(WEAK):]
            acc["weak_aliases"].add(alias)
        elif alias.startswith(INSURANCE_ONLY):
            alias = alias[len(INSURANCE_ONLY):]
            acc["insurance_aliases"].add(alias)
        if not alias:
            return
        if alias.startswith("re:"):
            compiled = check_regex(alias[3:], where, self.problems, self.user)
            if compiled is not None:
                acc["metric_regexes"].append((compiled, metric))
            return
        if alias in self.local_alias and self.local_alias[alias][0] != metric:
            self.problems.append(f"{where}: alias {alias} already maps to {self.local_alias[alias][0]}")
            return
        self.local_alias[alias] = (metric, no)
        self.shadows(where, "alias", alias, acc["metric_aliases"].get(alias), metric)
        acc["metric_aliases"][alias] = metric

    def programme(self, where: str, no: int, row: dict) -> None:
        acc = self.acc
        if not row["program"]:
            self.problems.append(f"{where}: empty programme name")
            return
        acc["programme_kinds"][row["program"]] = row["kind"] or "project"
        if row["province"]:
            acc["programme_provinces"][row["program"]] = row["province"]
        for alias in [row["program"], *row["aliases"].split(";")]:
            alias = alias.strip()
            if alias.startswith("re:"):
                compiled = check_regex(alias[3:], where, self.problems, self.user)
                if compiled is not None and row["program"] == "*" and "name" not in compiled.groupindex:
                    self.problems.append(f"{where}: programme * needs a (?P<name>…) group in its regex")
                elif compiled is not None:
                    acc["programme_regexes"].append((compiled, row["program"]))
            elif alias:
                self.shadows(where, "programme alias", alias, acc["programmes"].get(alias), row["program"])
                acc["programmes"][alias] = row["program"]

    def exclusion(self, where: str, no: int, row: dict) -> None:
        if check_regex(row["pattern"], where, self.problems, self.user) is not None:
            self.acc["exclusions"].append(row["pattern"])
            self.acc["user_exclusions"] |= self.user

    def word_list(self, where: str, no: int, row: dict) -> None:
        words = tuple(w.strip() for w in row["words"].split(";") if w.strip())
        if row["list"] not in WORD_LISTS:
            self.problems.append(f"{where}: unknown word list {row['list']!r} (one of {', '.join(WORD_LISTS)})")
        elif not words:
            self.problems.append(f"{where}: word list {row['list']} has no words")
        else:
            self.acc["words"][row["list"]] = self.acc["words"].get(row["list"], ()) + words

    def qualifier(self, where: str, no: int, row: dict) -> None:
        if row["position"] not in _POSITIONS or row["bound"] not in _BOUNDS:
            self.problems.append(f"{where}: position must be one of {sorted(_POSITIONS)}, bound one of {sorted(_BOUNDS)}")
        else:
            self.acc["qualifiers"][row["written"]] = Qualifier(**row)


_ROW_LOADERS = {"metrics.tsv": _FolderLoader.metric, "units.tsv": _FolderLoader.unit,
                "programmes.tsv": _FolderLoader.programme, "exclusions.tsv": _FolderLoader.exclusion,
                "qualifiers.tsv": _FolderLoader.qualifier, "words.tsv": _FolderLoader.word_list}


def _load_into(folder: Path, acc: dict, problems: list[str], warnings: list[str] | None = None,
               user: bool = True) -> None:
    """Add one folder's rows to ``acc``; later folders extend and override earlier ones
    (see ``_FolderLoader`` for ``warnings`` and ``user``)."""
    loader = _FolderLoader(acc, problems, warnings, user)
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        load_row = _ROW_LOADERS[name]
        first_line: dict[str, int] = {}
        for no, row in read_rows(path, problems):
            where = f"{name}:{no}"
            key = row[_KEYS[name]]
            if key and key in first_line:
                problems.append(f"{where}: {key} is already defined on line {first_line[key]}")
                continue
            first_line[key] = no
            load_row(loader, where, no, row)


def load_patterns(dirs=(), warnings: list[str] | None = None) -> Patterns:
    """Bundled patterns plus each folder in ``dirs`` (extending, later wins).

    Raises PatternsError listing every problem found (a folder of ``dirs`` with no
    patterns file in it is one). ``warnings``, when given, receives a note for each
    alias or unit of ``dirs`` that takes over a bundled one.
    """
    acc = {k: {} for k in ("units", "metrics", "metric_aliases", "programmes", "programme_kinds", "qualifiers", "words",
                                   "programme_provinces")}
    acc.update(metric_regexes=[], programme_regexes=[], exclusions=[], metric_rows=[], per_unit_rows=[],
               weak_aliases=set(), insurance_aliases=set(), place_aliases=[], user_exclusions=False)
    problems: list[str] = []
    folders = [bundled_dir(), *(Path(d) for d in dirs)]
    for i, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(f"{folder}: not a folder")
            continue
        if i and not any((folder / name).is_file() for name in (*FILES, "checks.tsv", PLACE_ALIASES)):
            problems.append(f"{folder}: no patterns file here (expected any of {', '.join((*FILES, 'checks.tsv'))})")
            continue
        _load_into(folder, acc, problems, warnings if i else None, user=bool(i))
        acc["place_aliases"] += read_place_aliases(folder, problems)
    known_units = {u.base for u in acc["units"].values()}
    for where, metric, units in acc["metric_rows"]:
        for u in units:
            if u not in known_units:
                problems.append(f"{where}: metric {metric} uses unknown unit {u!r} (add it to units.tsv)")
    for where, per_unit in acc["per_unit_rows"]:
        if per_unit not in acc["metrics"]:
            problems.append(f"{where}: per_unit names unknown metric {per_unit!r}")
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
        words=acc["words"],
        programme_provinces=acc["programme_provinces"],
        place_aliases=tuple(acc["place_aliases"]),
        weak_aliases=frozenset(acc["weak_aliases"]),
        insurance_aliases=frozenset(acc["insurance_aliases"]),
    )


def default_patterns(dirs: tuple[str, ...] = ()) -> Patterns:
    """The process-wide Patterns for a given set of extra folders, built once
    (``default_patterns()`` and ``default_patterns(())`` are the same object)."""
    return _patterns_for(tuple(dirs))


@functools.lru_cache(maxsize=8)
def _patterns_for(dirs: tuple[str, ...]) -> Patterns:
    return load_patterns(dirs)


def bundled_vocabulary() -> Vocabulary:
    """The word lists of the bundled patterns, for callers that take no Patterns."""
    return default_patterns().vocabulary
