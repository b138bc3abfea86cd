"""Part-of-speech tagging for fallback labels, from a word table in the patterns.

``patterns/label_words.tsv`` holds 66,000 words of jieba's dictionary with their parts
of speech (``tools/build_label_words.py``). A clause is cut by reverse maximum matching
— the words that end right before a number are the ones a label is made of — with the
patterns' own domain words (承保份数, 青春健康) first, so none is ever split.

Why a table and not jieba itself (measured on this machine, one process): ``import
jieba.posseg`` 0.57 s and its first cut 0.78 s; ``rjieba`` (jieba in Rust) 0.12 s to
import and 0.10 s more for a dictionary of its own, and 50 MB; this table loads in
about 0.04 s, on first use, and only by a document that needs a label.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

DOMAIN = "x_domain"  # the tag of a patterns word


PLACE = "ns"
# county-level and higher rows of places/divisions.tsv: name and short forms
_DIVISION = re.compile(r"^\d{6}\t([^\t\n]+)\t[^\t\n]*\t[^\t\n]*\t?([^\t\n]*)", re.MULTILINE)


class LabelTagger:
    """Tags text with the word table at ``path``, the place names of ``places`` (a
    divisions.tsv, as places) and ``domain_words`` (as nouns); read on first use
    (thread-safe)."""

    def __init__(self, domain_words, path: Path, places: Path | None = None):
        self._domain = frozenset(w for w in domain_words if len(w) > 1)
        self._path = path
        self._places = places
        self._tags: dict[str, str] | None = None
        self._lengths: dict[str, tuple[int, ...]] = {}  # last character -> its words' lengths, longest first
        self._lock = threading.Lock()

    def _table(self) -> dict[str, str]:
        if self._tags is None:
            with self._lock:
                if self._tags is None:
                    tags: dict[str, str] = {}
                    with self._path.open(encoding="utf-8") as f:
                        for line in f:
                            if line.startswith("#") or "\t" not in line:
                                continue
                            word, tag = line.rstrip("\n").split("\t", 1)
                            tags[word] = tag
                    tags.pop("word", None)  # the header
                    if self._places is not None and self._places.is_file():
                        for name, shorts in _DIVISION.findall(self._places.read_text(encoding="utf-8")):
                            tags[name] = PLACE
                            for w in shorts.split(";"):  # a short form that is a word (普及) stays a word
                                if len(w) > 1 and w not in tags:
                                    tags[w] = PLACE
                    for w in self._domain:  # a domain word the dictionary knows keeps its tag (开展 v)
                        tags.setdefault(w, DOMAIN)
                    self._lengths = _lengths_by_last_character(tags)
                    self._tags = tags
        return self._tags

    def load(self) -> None:
        """Read the word table now, not on first use (a parent does, before it forks workers)."""
        self._table()

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, tag) for ``text``, cut from its end by the longest known word; a character
        no word covers is a word of its own, tagged ``x``."""
        tags = self._table()
        lengths = self._lengths
        out: list[tuple[str, str]] = []
        end = len(text)
        while end > 0:
            # only a word ending in this character can end here: the lengths of those,
            # longest first, are all that need looking up
            for n in lengths.get(text[end - 1], ()):
                if n <= end and (tag := tags.get(word := text[end - n : end])) is not None:
                    out.append((word, tag))
                    end -= n
                    break
            else:
                out.append((text[end - 1], "x"))
                end -= 1
        out.reverse()
        return out


def _lengths_by_last_character(words) -> dict[str, tuple[int, ...]]:
    by_last: dict[str, set[int]] = {}
    for w in filter(None, words):
        by_last.setdefault(w[-1], set()).add(len(w))
    return {c: tuple(sorted(ns, reverse=True)) for c, ns in by_last.items()}
