"""Place names from the national division dataset in ``patterns/places/``.

``PlaceIndex`` is built once per process from ``divisions.tsv`` and finds every
place mention in a text with one longest-match scan. A mention is a full official name
anywhere in China (浦北县, 桂林市七星区), a short form (柳州, 全州) of a place in
the document's home province, or a township (七星街道) of the home province,
which stands for its county. Generic words (全区, 我县, 本市) are found here too
and resolved by the caller against the article's home place.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import regex

from .errors import PatternsError
from .patterns import WARNING, bundled_dir, bundled_vocabulary
from .scan import WordScanner
from .spans import SpanSet
from .vocabulary import Vocabulary

LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3}
# Full names that are generic words (城区 is a district in three Shanxi cities).
_GENERIC_BASES = set("城郊矿新东西南北中市")
GENERIC = regex.compile(r"(?:全|我|本|该)(?P<x>省|自治区|区|市|州|县|旗|盟)(?![长委政府级直属辖民内外])|(?<![\p{Han}])自治区(?![\p{Han}]{0,2}(?:计生协|卫生|人民|党委|政府)?[\p{Han}]{0,6}(?:下达))")
NATIONAL_CODE = "100000"


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    level: str
    parent: str
    province: str  # code of the province it lies in


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple[str, ...]  # codes; empty for generic words
    generic: str = ""  # 省 区 市 县 … for 全区/我市/本县; "自治区" for the province
    short: bool = False


class PlaceIndex:
    """Provinces, prefectures and counties of all China; townships read per province
    on first use (38,000 of the 41,500 rows are townships, and a document only ever
    uses its own province's)."""

    def __init__(self, rows: list[tuple[str, str, str, str, str]], township_lines: _TownshipLines,
                 ambiguous: set[str]):
        self.places: dict[str, Place] = {}
        parents = {code: parent for code, _n, _l, parent, _s in rows}

        def province_of(code: str) -> str:
            while parents.get(code):
                code = parents[code]
            return code

        full: dict[str, list[str]] = {}
        short: dict[str, list[str]] = {}
        for code, name, level, parent, shorts in rows:
            self.places[code] = Place(code, name, level, parent, province_of(code))
            base = name[:-1]
            if len(base) == 1 and name[-1] == "区" and base in _GENERIC_BASES:
                continue
            full.setdefault(name, []).append(code)
            for s in filter(None, shorts.split(";")):
                if s not in ambiguous or level != "county":
                    short.setdefault(s, []).append(code)
        self._full, self._short = full, short
        self._towns: dict[str, list[str]] = {}
        self._township_lines = township_lines  # province prefix (2 digits) -> raw TSV lines
        self._unique_towns: dict[str, str] | None = None
        self.places[NATIONAL_CODE] = Place(NATIONAL_CODE, "中华人民共和国", "province", "", NATIONAL_CODE)
        self._vocabularies: dict[str | None, tuple[frozenset[str], dict[str, tuple[int, ...]]]] = {}
        self._scanners: dict[str | None, WordScanner] = {}

    def add_alias(self, alias: str, code: str) -> None:
        """Read ``alias`` as a full name of the place ``code`` (a user's places/aliases.tsv)."""
        self._full.setdefault(alias, [])
        if code not in self._full[alias]:
            self._full[alias].insert(0, code)
        self._vocabularies.clear()

    def _load_townships(self, prefix: str) -> None:
        """Parse one province's township rows (once)."""
        for line in self._township_lines.pop(prefix, ()):
            code, name, _level, parent = line.split("\t")[:4]
            self.places[code] = Place(code, name, "township", parent, prefix + "0000")
            self._towns.setdefault(name, []).append(code)
            if name.endswith("区街道"):  # upstream spells 七星街道 as 七星区街道
                self._towns.setdefault(name[:-3] + "街道", []).append(code)

    def _vocabulary(self, province: str | None):
        """The names a document from ``province`` can use, and for each two-character
        head the lengths of the names that start with it (longest first): every full
        name in China, the short forms and townships of that province."""
        if province not in self._vocabularies:
            places = self.places

            def near(codes) -> bool:
                return province is None or any(places[c].province == province or places[c].level == "province" for c in codes)

            words = set(self._full)
            words.update(s for s, codes in self._short.items() if near(codes))
            if province is not None:
                self._load_townships(province[:2])
                words.update(s for s, codes in self._towns.items() if any(places[c].province == province for c in codes))
            heads: dict[str, set[int]] = {}
            for w in words:
                heads.setdefault(w[:2], set()).add(len(w))
            self._vocabularies[province] = (
                frozenset(words), {h: tuple(sorted(lens, reverse=True)) for h, lens in heads.items()})
        return self._vocabularies[province]

    def _longest_matches(self, text: str, province: str | None):
        """(start, end, name) of the leftmost-longest non-overlapping names in ``text``."""
        scanner = self._scanners.get(province)
        if scanner is None:
            words, _heads = self._vocabulary(province)
            # names of one character are never matched (a name starts with a two-character head)
            scanner = self._scanners[province] = WordScanner(w for w in words if len(w) >= 2)
        return scanner.find(text)

    def _longest_matches_walk(self, text: str, province: str | None):
        """The same as ``_longest_matches``, by a walk over the text (the reference)."""
        words, heads = self._vocabulary(province)
        out = []
        i, last = 0, len(text) - 1
        get = heads.get
        while i < last:
            lengths = get(text[i : i + 2])
            if lengths:
                for n in lengths:
                    if text[i : i + n] in words:
                        out.append((i, i + n, text[i : i + n]))
                        i += n
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    # -- lookups -----------------------------------------------------------
    def __getitem__(self, code: str) -> Place:
        return self.places[code]

    def lookup(self, name: str) -> list[str]:
        """Codes a name or short form may mean (for filters like --region 柳州)."""
        for prefix in list(self._township_lines):
            self._load_townships(prefix)  # every province: filters are not on the hot path
        return list(dict.fromkeys(self._full.get(name, []) + self._short.get(name, []) + self._towns.get(name, [])))

    def county_of(self, code: str) -> str:
        p = self.places[code]
        return p.parent if p.level == "township" else code

    def prefecture_of(self, code: str) -> str | None:
        p = self.places[code]
        while p.level not in ("prefecture", "province"):
            p = self.places[p.parent]
        return p.code if p.level == "prefecture" or p.code == p.province else None

    def display(self, code: str) -> str:
        """Official name down to county level; districts carry their city (桂林市七星区)."""
        p = self.places[self.county_of(code)]
        if p.level == "county" and p.name.endswith("区") and p.parent in self.places:
            parent = self.places[p.parent]
            if parent.level == "prefecture":
                return parent.name + p.name
        return p.name

    # -- scanning ----------------------------------------------------------
    def mentions(self, text: str, home_province: str | None, vocab: Vocabulary | None = None) -> list[Mention]:
        """Every place mention in ``text``, left to right, longest first. A name followed
        by a media word (金山网, 山东商报) is a newspaper's, not a place; a level word
        before a body (市计生协, 省红十字会) is that level's body of the home place, like
        全市; 中国计划生育协会 and 全国共有 are the country (words from ``vocab``)."""
        vocab = vocab or bundled_vocabulary()
        found: list[Mention] = []
        places = self.places

        def in_home(c: str) -> bool:
            return home_province is None or places[c].province == home_province

        for start, end, s in self._longest_matches(text, home_province):
            if s in self._full:
                found.append(Mention(start, end, s, tuple(self._full[s])))
            elif s in self._short:
                cands = tuple(c for c in self._short[s] if places[c].level == "province" or in_home(c))
                if cands:
                    found.append(Mention(start, end, s, cands, short=True))
            else:
                cands = tuple(c for c in self._towns.get(s, ()) if home_province and in_home(c))
                if cands:
                    found.append(Mention(start, end, s, cands))
        found = [m for m in found if not vocab.media.match(text, m.end) and not self._stray(m, home_province)]
        named = SpanSet((m.start, m.end) for m in found)
        for rx in (GENERIC, vocab.bare_level):
            for m in rx.finditer(text):
                if not named.touches(m.start(), m.end()):
                    found.append(Mention(m.start(), m.end(), m.group(), (), generic=m.group("x") or "自治区"))
        for m in vocab.national.finditer(text):
            if not named.touches(m.start(), m.end()):
                found.append(Mention(m.start(), m.end(), m.group(), (NATIONAL_CODE,)))
        found.sort(key=lambda x: x.start)
        return found

    def _stray(self, m: Mention, home_province: str | None) -> bool:
        """A two-character county name of another province is read inside other words far
        more often than it is meant (重视和县人口计生: 和县 in Anhui): it needs the
        document to be about that province."""
        if home_province is None or len(m.text) > 2 or m.short:
            return False
        places = self.places
        return all(places[c].level == "county" and places[c].province != home_province for c in m.candidates)

    def unique_townships(self, text: str) -> list[Mention]:
        """Townships named in ``text`` whose name is one place in all China (孔城镇), for a
        document that names no province: each says which county it is about."""
        if self._unique_towns is None:
            for prefix in list(self._township_lines):
                self._load_townships(prefix)
            self._unique_towns = {n: codes[0] for n, codes in self._towns.items() if len(codes) == 1}
        out = []
        for m in _TOWNSHIP_END.finditer(text):
            end = m.end()
            for n in range(min(8, end), len(m.group()), -1):  # the longest name ending here
                name = text[end - n : end]
                if name in self._unique_towns:
                    out.append(Mention(end - n, end, name, (self._unique_towns[name],)))
                    break
        return out


_TOWNSHIP_END = regex.compile(r"街道|镇|乡")

# Rows by code length: 6 digits for provinces, prefectures and counties, 9 for
# townships. Scanning the file with a C regex instead of a Python loop over 41,500
# lines keeps start-up short; townships are only cut out, as text, per province.
_DIVISION_ROW = re.compile(r"^\d{6}\t[^\n]*", re.MULTILINE)


class _TownshipLines:
    """Township rows by province prefix, cut from the file text when first asked for."""

    def __init__(self, text: str):
        self._text = text
        self._prefixes = set(re.findall(r"^(\d\d)\d{7}\t", text, re.MULTILINE))

    def __iter__(self):
        return iter(sorted(self._prefixes))

    def pop(self, prefix: str, default=None) -> list[str] | None:
        """The rows of one province, once; later calls get ``default``."""
        if prefix not in self._prefixes:
            return default
        self._prefixes.discard(prefix)
        return re.findall(rf"^{prefix}\d{{7}}\t[^\n]*", self._text, re.MULTILINE)


def _read_rows(folder: Path):
    path = folder / "places" / "divisions.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PatternsError([f"{path}: cannot read: {e}"]) from e
    rows = []
    for line in _DIVISION_ROW.findall(text):
        cells = line.split("\t")
        cells += [""] * (5 - len(cells))
        rows.append(tuple(cells[:5]))
    townships = _TownshipLines(text)
    ambiguous = set()
    amb = folder / "places" / "ambiguous_short.tsv"
    if amb.is_file():
        for line in amb.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and not line.startswith("short\t"):
                ambiguous.add(line.split("\t")[0])
    return rows, townships, ambiguous


@functools.lru_cache(maxsize=4)
def place_index(aliases: tuple[tuple[str, str, str], ...] = ()) -> PlaceIndex:
    """The national division dataset, built once per process, with a user's place
    ``aliases`` (``Patterns.place_aliases``: 钦城 -> 钦州市) read as full names."""
    rows, townships, ambiguous = _read_rows(bundled_dir())
    index = PlaceIndex(rows, townships, ambiguous)
    for alias, place, _where in aliases:
        codes = _alias_target(index, place)
        if len(codes) == 1:
            index.add_alias(alias, codes[0])
    return index


def _alias_target(index: PlaceIndex, place: str) -> list[str]:
    if place in index.places:
        return [place]
    return [c for c in index.lookup(place) if index[c].name == place] or index.lookup(place)


def place_alias_problems(aliases) -> list[str]:
    """``where: message`` for each alias whose place is not one place of the dataset."""
    if not aliases:
        return []
    index = place_index()
    out = []
    for alias, place, where in aliases:
        codes = _alias_target(index, place)
        if not codes:
            out.append(f"{where}: no place {place!r} (give its full name or its code)")
        elif len(codes) > 1:
            names = ", ".join(f"{index.display(c)} {c}" for c in codes[:4])
            out.append(f"{where}: {place!r} is several places ({names}): give the code")
        elif alias in index._full and codes[0] not in index._full[alias]:
            out.append(f"{where}: {WARNING}alias {alias} is already the name of {index.display(index._full[alias][0])}")
    return out
