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
from .tagger import LabelTagger
from .vocabulary import WORD_LISTS, Vocabulary

FILES = ("metrics.tsv", "units.tsv", "programmes.tsv", "exclusions.tsv", "qualifiers.tsv", "words.tsv")
_COLUMNS = {
    "metrics.tsv": ("metric", "core", "units", "aliases", "meaning", "family", "per_unit"),
    "units.tsv": ("written", "base", "kind", "chinese"),
    "programmes.tsv": ("program", "kind", "aliases", "province"),
    "exclusions.tsv": ("pattern", "why"),
    "qualifiers.tsv": ("written", "qualifier", "position", "bound"),
    "words.tsv": ("list", "words", "meaning"),
}
_REQUIRED = {"metrics.tsv": 5}  # family and per_unit may be left out
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


PLACE_ALIASES = "places/aliases.tsv"


def _read_place_aliases(folder: Path, problems: list[str]) -> list[tuple[str, str, str]]:
    """(alias, place, where) rows of ``folder/places/aliases.tsv``: another name a user's
    documents give a place (钦城 for 钦州市). The place is a full name or a code."""
    path = folder / PLACE_ALIASES
    if not path.is_file():
        return []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{PLACE_ALIASES}: cannot read: {e}")
        return []
    out, header = [], False
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header:
            header = True
            if cells[:2] != ["alias", "place"]:
                problems.append(f"{PLACE_ALIASES}:{no}: header should be alias place note")
                return []
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(f"{PLACE_ALIASES}:{no}: an alias and the place it names are both needed")
            continue
        out.append((cells[0], cells[1], f"{PLACE_ALIASES}:{no}"))
    return out


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
            if tuple(c.strip() for c in cells) != columns[: len(cells)] or len(cells) < _REQUIRED.get(path.name, len(columns) - 1):
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


def _load_into(folder: Path, acc: dict, problems: list[str], warnings: list[str] | None = None,
               user: bool = True) -> None:
    """Add one folder's rows to ``acc``; later folders extend and override earlier ones.
    ``warnings`` (None for the bundled folder) gets a note for each alias or unit that
    changes what a bundled one means; a ``user`` folder's regexes run with a timeout (the
    bundled ones are known linear)."""
    local_alias: dict[str, tuple[str, int]] = {}

    def shadows(where: str, what: str, word: str, old, new) -> None:
        if warnings is not None and old is not None and old != new:
            warnings.append(f"{where}: {WARNING}{what} {word} now means {new}, not the built-in {old}")

    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        first_line: dict[str, int] = {}
        for no, row in _read_tsv(path, problems):
            where = f"{name}:{no}"
            key = row[_KEYS[name]]
            if key and key in first_line:
                problems.append(f"{where}: {key} is already defined on line {first_line[key]}")
                continue
            first_line[key] = no
            if name == "units.tsv":
                if not row["written"] or not row["base"]:
                    problems.append(f"{where}: empty unit")
                elif row["kind"] not in _UNIT_KINDS:
                    problems.append(f"{where}: unknown kind {row['kind']!r} (one of {', '.join(sorted(_UNIT_KINDS))})")
                else:
                    unit = Unit(row["written"], row["base"], row["kind"], row["chinese"] == "yes")
                    old = acc["units"].get(row["written"])
                    shadows(where, "unit", row["written"], old and f"{old.base} ({old.kind})", f"{unit.base} ({unit.kind})")
                    acc["units"][row["written"]] = unit
            elif name == "metrics.tsv":
                metric = row["metric"]
                if not metric:
                    problems.append(f"{where}: empty metric name")
                    continue
                units = tuple(u for u in row["units"].split(";") if u)
                acc["metric_rows"].append((where, metric, units))
                acc["metrics"][metric] = Metric(metric, row["core"] == "yes", units, row["family"], row["meaning"],
                                                row["per_unit"])
                if row["per_unit"]:
                    acc["per_unit_rows"].append((where, row["per_unit"]))
                for alias in (a.strip() for a in row["aliases"].split(";")):
                    if alias.startswith(WEAK):
                        alias = alias[len(WEAK):]
                        acc["weak_aliases"].add(alias)
                    elif alias.startswith(INSURANCE_ONLY):
                        alias = alias[len(INSURANCE_ONLY):]
                        acc["insurance_aliases"].add(alias)
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
                    shadows(where, "alias", alias, acc["metric_aliases"].get(alias), metric)
                    acc["metric_aliases"][alias] = metric
            elif name == "programmes.tsv":
                if not row["program"]:
                    problems.append(f"{where}: empty programme name")
                    continue
                acc["programme_kinds"][row["program"]] = row["kind"] or "project"
                if row["province"]:
                    acc["programme_provinces"][row["program"]] = row["province"]
                for alias in [row["program"], *row["aliases"].split(";")]:
                    alias = alias.strip()
                    if alias.startswith("re:"):
                        compiled = _check_regex(alias[3:], where, problems, user)
                        if compiled is not None and row["program"] == "*" and "name" not in compiled.groupindex:
                            problems.append(f"{where}: programme * needs a (?P<name>…) group in its regex")
                        elif compiled is not None:
                            acc["programme_regexes"].append((compiled, row["program"]))
                    elif alias:
                        shadows(where, "programme alias", alias, acc["programmes"].get(alias), row["program"])
                        acc["programmes"][alias] = row["program"]
            elif name == "exclusions.tsv":
                if _check_regex(row["pattern"], where, problems, user) is not None:
                    acc["exclusions"].append(row["pattern"])
                    acc["user_exclusions"] |= user
            elif name == "words.tsv":
                words = tuple(w.strip() for w in row["words"].split(";") if w.strip())
                if row["list"] not in WORD_LISTS:
                    problems.append(f"{where}: unknown word list {row['list']!r} (one of {', '.join(WORD_LISTS)})")
                elif not words:
                    problems.append(f"{where}: word list {row['list']} has no words")
                else:
                    acc["words"][row["list"]] = acc["words"].get(row["list"], ()) + words
            elif name == "qualifiers.tsv":
                if row["position"] not in _POSITIONS or row["bound"] not in _BOUNDS:
                    problems.append(f"{where}: position must be one of {sorted(_POSITIONS)}, bound one of {sorted(_BOUNDS)}")
                else:
                    acc["qualifiers"][row["written"]] = Qualifier(**row)


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
        acc["place_aliases"] += _read_place_aliases(folder, problems)
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


@functools.lru_cache(maxsize=8)
def default_patterns(dirs: tuple[str, ...] = ()) -> Patterns:
    """The process-wide Patterns for a given set of extra folders, built once."""
    return load_patterns(dirs)


def bundled_vocabulary() -> Vocabulary:
    """The word lists of the bundled patterns, for callers that take no Patterns."""
    return default_patterns().vocabulary
