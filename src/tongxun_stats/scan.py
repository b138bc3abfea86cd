"""Literal word scans: the leftmost-longest, non-overlapping occurrences of a word list.

One Aho-Corasick automaton (``ahocorasick-rs``, compiled) when it is installed: one
pass over the text whatever the number of words. Without it, a regex alternation,
longest word first, gives the same matches more slowly.
"""
from __future__ import annotations

import regex

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - the fallback is tested by forcing it
    ahocorasick_rs = None


def alternation(words) -> str:
    """One regex alternative for a set of literal words, longest first."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class WordScanner:
    """``find(text)``: (start, end, word) of the leftmost-longest occurrences of ``words``."""

    __slots__ = ("words", "_ac", "_rx")

    def __init__(self, words, compiled: bool = True):
        self.words = sorted({w for w in words if w})
        self._ac = self._rx = None
        if compiled and ahocorasick_rs is not None and self.words:
            self._ac = ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        elif self.words:
            self._rx = regex.compile(alternation(self.words))

    def __reduce__(self):
        return (WordScanner, (self.words, self._ac is not None))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        if self._ac is not None:
            words = self.words
            if start or end is not None:
                return [(start + s, start + e, words[i])
                        for i, s, e in self._ac.find_matches_as_indexes(text[start:end])]
            return [(s, e, words[i]) for i, s, e in self._ac.find_matches_as_indexes(text)]
        if self._rx is None:
            return []
        return [(m.start(), m.end(), m.group()) for m in self._rx.finditer(text, start, end)]
