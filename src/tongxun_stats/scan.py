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


CHUNK = 1 << 16  # characters per automaton call
# A word list up to this size gets a DFA, which scans about 1.8x as fast as the default
# automaton (the metric aliases on the real corpus) but is built in time and memory that
# grow with its states: ~1 ms for the 217 metric aliases, tens of ms for a province's
# thousands of place names, which keep the default.
DFA_WORDS = 1000


class WordScanner:
    """``find(text)``: (start, end, word) of the leftmost-longest occurrences of ``words``."""

    __slots__ = ("words", "longest", "_ac", "_rx")

    def __init__(self, words, compiled: bool = True):
        self.words = sorted({w for w in words if w})
        self.longest = max(map(len, self.words), default=0)
        self._ac = self._rx = None
        if compiled and ahocorasick_rs is not None and self.words:
            small = len(self.words) <= DFA_WORDS
            self._ac = ahocorasick_rs.AhoCorasick(
                self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.DFA if small else None)
        elif self.words:
            self._rx = regex.compile(alternation(self.words))

    def __reduce__(self):
        return (WordScanner, (self.words, self._ac is not None))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        end = len(text) if end is None else end
        if self._ac is None:
            return [(m.start(), m.end(), m.group()) for m in self._rx.finditer(text, start, end)] if self._rx else []
        if start == 0 and end == len(text) <= CHUNK:
            words = self.words
            return [(s, e, words[i]) for i, s, e in self._ac.find_matches_as_indexes(text)]
        return self._chunked(text, start, end)

    def _chunked(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """The automaton over ``CHUNK``-character pieces: it copies its haystack (several
        bytes per character), so a whole 20 MB document would cost hundreds of MB.

        A match starting before a piece's end lies within the piece plus the longest
        word's length; the next piece starts where the last kept match ends (or at the
        piece's end), a place the leftmost-longest scan of the whole text also passes."""
        words, longest, find = self.words, self.longest, self._ac.find_matches_as_indexes
        out: list[tuple[int, int, str]] = []
        pos = start
        while pos < end:
            stop = min(end, pos + CHUNK)
            reach = min(end, stop + longest)
            nxt = stop
            for i, s, e in find(text[pos:reach]):
                if pos + s >= stop:
                    break
                out.append((pos + s, pos + e, words[i]))
                nxt = max(nxt, pos + e)
            pos = nxt
        return out
