"""Read one patterns file: the TSV rows under their header, the place aliases, and a
regex checked before use (it compiles, it cannot take exponential time).

Problems are appended to a list, not raised, so a user fixing a folder sees them all.
"""
from __future__ import annotations

from pathlib import Path

import regex

from .regex_guard import GuardedPattern, catastrophic_shape

COLUMNS = {
    "metrics.tsv": ("metric", "core", "units", "aliases", "meaning", "family", "per_unit"),
    "units.tsv": ("written", "base", "kind", "chinese", "before"),
    "programmes.tsv": ("program", "kind", "aliases", "province"),
    "exclusions.tsv": ("pattern", "why"),
    "qualifiers.tsv": ("written", "qualifier", "position", "bound"),
    "words.tsv": ("list", "words", "meaning"),
}
REQUIRED = {"metrics.tsv": 5, "units.tsv": 3}  # family and per_unit, chinese and before may be left out
PLACE_ALIASES = "places/aliases.tsv"  # another name a user's documents give a place


def read_place_aliases(folder: Path, problems: list[str]) -> list[tuple[str, str, str]]:
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


def read_rows(path: Path, problems: list[str]):
    """Yield (line_number, row dict) for the data rows of one patterns file."""
    columns = COLUMNS[path.name]
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
            if tuple(c.strip() for c in cells) != columns[: len(cells)] or len(cells) < REQUIRED.get(path.name, len(columns) - 1):
                problems.append(f"{path.name}:{no}: header should be {' '.join(columns)}")
                return
            continue
        if len(cells) < len(columns):
            cells += [""] * (len(columns) - len(cells))
        if len(cells) > len(columns):
            problems.append(f"{path.name}:{no}: {len(cells)} columns, expected {len(columns)}")
            continue
        yield no, dict(zip(columns, (c.strip() for c in cells), strict=True))


def check_regex(pattern: str, where: str, problems: list[str], guard: bool = True):
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
