"""User regexes (``re:`` aliases, exclusions) cannot hang a run.

Two guards:

- :func:`catastrophic_shape` reads a pattern's structure (no matching) and names
  the shapes whose backtracking grows exponentially with the input: a quantified
  group that holds another quantifier (``(a+)+``, ``(\\d+,?)*``), and a quantified
  group whose alternatives can start with the same thing (``(\\d|\\d\\d)+``).
  A possessive quantifier (``++``) or an atomic group (``(?>…)``) does not
  backtrack, so it is allowed. ``load_patterns`` reports these as problems.
- :class:`GuardedPattern` runs a compiled pattern with the ``regex`` module's
  ``timeout``, scaled to the text's length; a pattern that runs out of time ends
  that document with an error: :class:`PatternTimeout`, naming the pattern and its
  line (``search``, ``match`` and ``finditer`` alike).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .errors import TongxunError

TIMEOUT_BASE = 1.0  # seconds a pattern may take on any text …
TIMEOUT_PER_MCHAR = 2.0  # … plus this per million characters (linear patterns run at >10 M chars/s)


class PatternTimeout(TongxunError):
    """A user pattern ran out of time on a document."""


class GuardedPattern:
    """A compiled pattern whose searches stop after a time scaled to the text's length."""

    __slots__ = ("rx", "where", "source")

    def __init__(self, rx: regex.Pattern, where: str, source: str):
        self.rx, self.where, self.source = rx, where, source

    def __getattr__(self, name):  # groupindex, pattern, flags, …
        return getattr(self.rx, name)

    def __reduce__(self):
        return (GuardedPattern, (self.rx, self.where, self.source))

    def _timeout(self, text: str, pos, endpos) -> float:
        n = (len(text) if endpos is None else endpos) - (pos or 0)
        return TIMEOUT_BASE + TIMEOUT_PER_MCHAR * max(n, 0) / 1e6

    def _timed_out(self) -> PatternTimeout:
        return PatternTimeout(f"pattern {self.source!r} ({self.where}) ran out of time: "
                              "rewrite it without nested or overlapping quantifiers")

    def finditer(self, text: str, pos=None, endpos=None, **kw):
        """The regex's matches; running out of time raises :class:`PatternTimeout`.
        The time limit runs from this call, as for the regex's own iterator."""
        return self._guarded(self.rx.finditer(text, pos, endpos, timeout=self._timeout(text, pos, endpos), **kw))

    def _guarded(self, matches):
        try:
            yield from matches
        except TimeoutError:
            raise self._timed_out() from None

    def search(self, text: str, pos=None, endpos=None, **kw):
        try:
            return self.rx.search(text, pos, endpos, timeout=self._timeout(text, pos, endpos), **kw)
        except TimeoutError:
            raise self._timed_out() from None

    def match(self, text: str, pos=None, endpos=None, **kw):
        try:
            return self.rx.match(text, pos, endpos, timeout=self._timeout(text, pos, endpos), **kw)
        except TimeoutError:
            raise self._timed_out() from None


# -- the structural check ----------------------------------------------------------


@dataclass
class _Group:
    atomic: bool = False
    alternatives: list[list[str]] = field(default_factory=lambda: [[]])  # first tokens only matter
    repeats: bool = False  # holds a backtracking quantifier that can match more than once


_GROUP_PREFIX = regex.compile(r"\?(?:P?<[A-Za-z_]\w*>|P=\w+\)|[:=!>]|<[=!]|[a-zA-Z0-9\-^]*:|'[A-Za-z_]\w*')?")
_FLAGS_ONLY = regex.compile(r"\(\?[a-zA-Z0-9\-^]+\)")
_QUANT = regex.compile(r"(?:[*+?]|\{(\d*)(,?)(\d*)\})([?+]?)")


def _skip_class(p: str, i: int) -> int:
    """Index after the character class starting at ``p[i] == "["`` (nested sets allowed)."""
    depth, i = 0, i
    start = i
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[" and (i == start or p[i - 1] != "\\"):
            depth += 1
            i += 1
            if p[i : i + 1] == "^":
                i += 1
            if p[i : i + 1] == "]":
                i += 1
            continue
        if c == "]":
            depth -= 1
            i += 1
            if depth == 0:
                return i
            continue
        i += 1
    return i


def _escape_end(p: str, i: int) -> int:
    j = i + 2
    if p[i + 1 : i + 2] in ("p", "P", "N", "x", "u") and p[j : j + 1] == "{":
        close = p.find("}", j)
        return close + 1 if close > 0 else len(p)
    return j


def catastrophic_shape(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack exponentially, or None when its shape is safe."""
    stack: list[_Group] = [_Group()]
    last: tuple[str, _Group | None] | None = None  # the token a quantifier would apply to
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "(":
            flags = _FLAGS_ONLY.match(pattern, i)
            if flags:
                i = flags.end()
                continue
            prefix = _GROUP_PREFIX.match(pattern, i + 1)
            text = prefix.group() if prefix else ""
            stack.append(_Group(atomic=text == "?>"))
            i += 1 + len(text)
            last = None
            continue
        if c == ")" and len(stack) > 1:
            group = stack.pop()
            stack[-1].repeats |= group.repeats
            token = ("(" + "|".join(a[0] if a else "" for a in group.alternatives) + ")", group)
            stack[-1].alternatives[-1].append(token[0])
            last = token
            i += 1
            continue
        if c == "|":
            stack[-1].alternatives.append([])
            last = None
            i += 1
            continue
        q = _QUANT.match(pattern, i) if c in "*+?{" else None
        if q and last is not None:
            lo, comma, hi = q.group(1), q.group(2), q.group(3)
            braces = lo is not None
            many = not braces and q.group()[0] in "*+" or braces and (comma and (not hi or int(hi) > 1) or int(lo or 0) > 1)
            variable = not braces and q.group()[0] in "*+" or braces and comma and (not hi or int(hi) > int(lo or 0))
            possessive = q.group(4) == "+"
            _, group = last
            if many and not possessive and group is not None and not group.atomic:
                if group.repeats:
                    return "a quantified group holds another quantifier (nested quantifiers)"
                firsts = [a[0] for a in group.alternatives if a]
                if len(firsts) != len(set(firsts)):
                    return "a quantified group's alternatives can match the same text"
            if variable and many and not possessive:
                stack[-1].repeats = True
            last = None
            i = q.end()
            continue
        end = _skip_class(pattern, i) if c == "[" else _escape_end(pattern, i) if c == "\\" else i + 1
        token = pattern[i:end]
        stack[-1].alternatives[-1].append(token)
        last = (token, None)
        i = end
    return None
