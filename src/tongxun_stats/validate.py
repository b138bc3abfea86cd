"""Validate a user's patterns folder: every file the tool reads from it, with the
bundled patterns under it — the metrics, units, programmes, word lists, checks.tsv
and places/aliases.tsv — each problem and warning as ``file:line: message``.

It sits above the modules that read those files (patterns, check rules, places),
since it needs them all.
"""
from __future__ import annotations

import regex

from .check.rules import load_checks
from .errors import PatternsError
from .patterns import WARNING, load_patterns
from .places import place_alias_problems


def check_patterns(folder) -> list[str]:
    """Problems and warnings in one folder, read on top of the bundled patterns, sorted
    by file and line (empty list: all good). A warning's message starts with ``WARNING``;
    :func:`is_problem` tells the two apart."""
    warnings: list[str] = []
    try:
        patterns = load_patterns([folder], warnings)
        load_checks([folder])  # checks name metrics, so they are read once the metrics load
    except PatternsError as e:
        return sorted([*e.problems, *warnings], key=_file_line)
    return sorted([*place_alias_problems(patterns.place_aliases), *warnings], key=_file_line)


def is_problem(message: str) -> bool:
    """False for a warning of :func:`check_patterns`, True for a problem."""
    return f": {WARNING}" not in message


_FILE_LINE = regex.compile(r"([^:]+\.tsv):(\d+):")


def _file_line(message: str) -> tuple[str, int]:
    m = _FILE_LINE.match(message)
    return (m.group(1), int(m.group(2))) if m else ("", 0)
