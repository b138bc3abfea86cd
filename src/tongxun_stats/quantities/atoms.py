"""The scan's first step: atoms, each one number with its sign, magnitude, inner
qualifier and unit, as written; ``grammar`` joins them into quantities.

One left-to-right pass. Each match of ``scan`` is tried once; the next search starts
where the last number (with its unit) ended, so a magnitude read as part of one
figure (4千万元) is never read again as a figure of its own. Every repeated class
that opens a match is guarded by a lookbehind of the same class, so a run of
digits or numerals is entered once, at its start: the scan is linear in the text.
"""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import regex

from ..patterns import Patterns, Unit, alternation
from .lexicon import (
    _CN_CHARS,
    _RUBY,
    AR_BODY,
    AR_NUMBER,
    CN_BODY,
    COINS,
    DATE,
    HAN,
    JIAO,
    LIST_GAP,
    LONE_MAGNITUDE_BEFORE,
    MAX_BODY,
    SIGN_BEFORE,
    UNKNOWN_UNIT_STOP,
    _body_magnitudes,
)
from .numerals import CN_BIG, CN_DIGITS, CN_SMALL, MAGNITUDES, VAGUE, Numeral, read_numeral

# The tail's groups by number: the regex module looks a group up by name several times
# slower than it matches the tail.
_Q1, _MAG, _Q2, _UNIT = 1, 2, 3, 4
# a Chinese body without one of these is magnitude characters alone (万, 千万)
_COUNTING = frozenset(CN_DIGITS) | frozenset(CN_SMALL) | frozenset(VAGUE)
_SIGN_WORD_ENDS = "负負下"  # the last characters of SIGN_BEFORE's words


class Atom(NamedTuple):
    """One number as written; a named tuple, not a frozen dataclass, because one is made
    for every number of every document and a tuple is built several times faster."""

    start: int  # where the sign or number starts
    num_start: int  # where the digits start (after a sign)
    end: int  # end of raw: after the unit, or before a `noun` unit (2600 多|群众)
    value: Decimal
    unit: object  # patterns.Unit or None
    magnitude: int  # the magnitude the number ends with (3|万元 -> 10**4); 1 for a bare number
    shared: tuple[int, int]  # what a bare lower end of a range borrows from this upper end
    inner: str  # 余 / 多 inside
    chinese: bool
    step: Decimal
    numeral: Numeral
    sign: str
    prefix: object  # patterns.Unit of a currency sign written before the number (¥500, US$5), or None


def _number_body(text: str, start: int, body: str, chinese: bool) -> tuple[str, Numeral] | None:
    """The number body as read (cut back to its last magnitude when the rest does not
    read: 100万3 is 100万 and then 3) and its numeral; None when it is no number."""
    n = None
    if chinese and _COUNTING.isdisjoint(body):
        # a run of magnitude characters alone (万, 千万) is not a number, but 上万人 近万元 万余人 are
        if not (body in CN_BIG and (start > 0 and text[start - 1] in LONE_MAGNITUDE_BEFORE
                                    or text[start + 1 : start + 2] in ("余", "多", "餘"))):
            return None
        n = read_numeral("一" + body)
    if len(body) > MAX_BODY:
        return None  # a run of digits or numerals this long is a code or a table dump, not a number
    n = n or read_numeral(body)
    if n is None:  # 2万6000 reads whole; 100万3 is 100万 and then 3
        cut = max(body.rfind(c) for c in "万萬亿億千百")
        if cut <= 0:
            return None
        body = body[: cut + 1]
        n = read_numeral(body)
        if n is None:
            return None
    return body, n


def _raw_end(text: str, start: int, body_end: int, t, unit) -> int:
    """Where the atom's raw text ends, given the tail ``t`` read after its body."""
    if unit is None:
        # keep trailing magnitude / inner qualifier, drop trailing spaces: the last of
        # them written ends the raw text (the tail reads q1, mag, q2 in this order)
        q1, mag, q2 = t.span(_Q1), t.span(_MAG), t.span(_Q2)
        return q2[1] if q2[1] > q2[0] else mag[1] if mag[1] > mag[0] else q1[1] if q1[1] > q1[0] else body_end
    if unit.kind == "noun":
        end = t.start(_UNIT)  # raw stops before the noun and its spaces
        while end > start and text[end - 1] == " ":
            end -= 1
        return end
    return t.end(_UNIT)


def _words(words) -> str:
    """An alternation of literal words, longest first, behind a lookahead for their first
    characters: the regex module tries every branch of a failing alternation one by one
    (about a microsecond for the units after a number that has none), the lookahead fails
    at once. It only ever rejects where no branch could match, so it matches the same."""
    words = set(words)
    if not words:
        return "(?:)"  # what an empty alternation is
    return "(?=[" + "".join(regex.escape(c) for c in sorted({w[0] for w in words})) + "])(?:" + alternation(words) + ")"


def _sign_word(text: str, start: int) -> tuple[str | None, int]:
    """(sign, start): a minus written as a word before the number (负一百二十万, 零下2度)
    moves the start back to it; the caller has seen one of its last characters there."""
    sm = SIGN_BEFORE.search(text, max(0, start - 3), start)
    if sm:
        return sm.group(1), sm.start(1)
    return None, start


class AtomScanner:
    """The scan's compiled regexes for one Patterns, and the atoms they read."""

    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        units = patterns.units
        q = patterns.qualifiers
        inner = alternation(w for w, x in q.items() if x.position == "inside") or "(?!)"
        # A Chinese numeral is a quantity only when a unit (or magnitude) follows it;
        # checking that inside the regex spares a Python call for every 一 in prose.
        cn_follow = rf"\s*(?:{inner})?\s*(?:个(?=[亿億]))?(?:{alternation(MAGNITUDES)})?\s*(?:{inner})?\s*{_words(units)}|(?<=[万萬亿億])|[ \t]*(?:至|到|—|－|-|~|～)[ \t]*[{_CN_CHARS}]|[ \t]*[角毛](?:钱|錢)"
        # money written with signs or Latin codes (¥ $ € £ US$ HK$ RMB USD) may stand before the number
        signs = alternation(w for w, u in units.items() if u.kind == "money" and not regex.search(r"\p{Han}", w))
        signs = signs or "(?!)"
        self.scan = regex.compile(
            rf"""
            (?P<date>{DATE})
          | (?P<pct>(?P<psign>负)?(?P<pctw>百|千)分之(?P<pctn>{AR_NUMBER}|{CN_BODY}))
          | (?<=[占达约近超逾有仅到长了降增减过])(?P<cheng>[一二三四五六七八九])成(?![功为立绩果员本就熟长交年不])
          | (?:(?P<yen>{signs})\s*)?(?P<sign>(?<![\d.\n])[-−]|(?<![胜欺抱担自正])[负負]\x20?(?=\d))?(?<![\d.])(?P<ar>{AR_BODY})
          | (?<![{_CN_CHARS}几幾数數点點])(?=[{_CN_CHARS}几幾数數])(?P<cn>{CN_BODY})(?={cn_follow})
            """,
            regex.VERBOSE,
        )
        self._yuan = units.get("元")  # what coins (角 分) and 块 add up to
        index = self.scan.groupindex
        self._cn, self._ar, self._yen, self._sign = index["cn"], index["ar"], index["yen"], index["sign"]
        self.tail = regex.compile(
            # groups in this order: _Q1, _MAG, _Q2, _UNIT
            rf"""\s*(?P<q1>{inner})?\s*(?:个(?=[亿億]))?(?P<mag>(?!千[米克瓦])(?:{alternation(MAGNITUDES)}))?{_RUBY}\s*(?P<q2>{inner})?\s*
                 (?P<unit>{_words(units)})?""",
            regex.VERBOSE,
        )

    def _atom(self, text: str, m, kind: str) -> Atom | None:
        """The atom of one match of ``scan``; ``kind`` names the alternative that matched
        (its group closes last, so it is ``m.lastgroup``)."""
        if kind == "pct":
            return self._per_hundred(m)
        if kind == "cheng":
            return self._tenths(m)
        return self._number(text, m, kind == "cn")

    def _per_hundred(self, m) -> Atom | None:
        """百分之三十, 千分之五: a share written in words."""
        n = read_numeral(m.group("pctn").replace(",", ""))
        if n is None:
            return None
        unit = self.patterns.units.get("%" if m.group("pctw") == "百" else "‰")
        start = m.start()
        return Atom(start, start, m.end(), n.value, unit, 1, (1, 1), "", True, n.step, n, m.group("psign") or "", None)

    def _tenths(self, m) -> Atom:
        """占三成: tenths, a share in percent."""
        start = m.start()
        value = Decimal(CN_DIGITS[m.group("cheng")] * 10)
        return Atom(start, start, m.end(), value, self.patterns.units.get("%"), 1, (1, 1), "", True, Decimal(10),
                    Numeral(value, Decimal(10)), "", None)

    def _number(self, text: str, m, chinese: bool) -> Atom | None:
        """An Arabic or Chinese number with what follows it: magnitude, inner qualifier, unit."""
        start = m.start()
        units = self.patterns.units
        group = self._cn if chinese else self._ar
        body_start = m.start(group)
        read = _number_body(text, start, m.group(group), chinese)
        if read is None:
            return None
        body, n = read
        body_end = body_start + len(body)
        t = self.tail.match(text, body_end)
        q1, mag_word, q2, unit_word = t.groups()
        mag = MAGNITUDES[mag_word] if mag_word else 1
        inner = q1 or q2 or ""
        unit = units.get(unit_word) if unit_word else None
        # most units are no noun: the raw text ends with the unit, which ends the tail
        end = t.end() if unit is not None and unit.kind != "noun" else _raw_end(text, start, body_end, t, unit)
        yen, sign = (None, None) if chinese else m.group(self._yen, self._sign)
        if not sign and start > 0 and text[start - 1] in _SIGN_WORD_ENDS:
            sign, start = _sign_word(text, start)
        if mag != 1:
            n = Numeral(n.value * mag, n.step * mag, None if n.lower is None else n.lower * mag,
                        None if n.upper is None else n.upper * mag, n.vague)
            own_mag, shared = mag, (mag, mag)
        else:
            own_mag, shared = _body_magnitudes(body)
        value = n.value
        if unit is not None or own_mag == 1:
            coined = self._coins(text, unit, end, value, mag == 1 and own_mag == 1)
            if coined is not None:
                unit, end, value, n = coined
        return Atom(start, body_start, end, value, unit, own_mag, shared, inner, chinese, n.step, n, sign or "",
                    units.get(yen.strip()) if yen else None)

    def _coins(self, text: str, unit, end: int, value: Decimal, plain: bool):
        """123元4角5分 and 十二块五毛 (元, 块 with 角/毛/分 after), 5块钱, 五毛钱: (unit, end, value, numeral)."""
        yuan = self._yuan
        if yuan is None:
            return None
        if unit is not None and (unit.kind == "money" and text[end - 1] in "元圆" or unit.written in ("块", "塊")):
            c = COINS.match(text, end)
            if c is None or unit.kind != "money" and c.group("j") is None:
                return None  # 25块展板 counts boards
            jiao, fen = c.group("j"), c.group("f1") or c.group("f2")
            extra = Decimal(0)
            if jiao:
                extra += Decimal(CN_DIGITS.get(jiao, jiao)) / 10
            if fen:
                extra += Decimal(CN_DIGITS.get(fen, fen)) / 100
            end = c.end()
            if text[end : end + 1] == "钱":
                end += 1
            value += extra
            return yuan, end, value, Numeral(value, Decimal("0.01") if fen else Decimal("0.1"))
        if unit is None and plain:
            c = JIAO.match(text, end)
            if c is not None:
                value = value / 10
                return yuan, c.end(), value, Numeral(value, Decimal("0.1"))
        return None

    def atoms(self, text: str, lo: int = 0, hi: int | None = None) -> list[Atom]:
        hi = len(text) if hi is None else hi
        out = []
        pos = lo
        search = self.scan.search
        while pos < hi:
            m = search(text, pos, hi)
            if m is None:
                break
            kind = m.lastgroup
            a = None if kind == "date" else self._atom(text, m, kind)
            if a is None:
                pos = m.end()
                continue
            out.append(a)
            pos = max(a.end, m.end())
        return out

    @staticmethod
    def _list_units(text: str, atoms: list[Atom], hi: int) -> list[Atom]:
        """养了5头猪、200丛竹: a bare number in a list of counted things, followed by one
        character and a noun, takes that character as its counter though units.tsv lacks it."""
        out = list(atoms)
        for i, a in enumerate(atoms):
            if a.unit is not None or a.prefix is not None or a.chinese or a.magnitude != 1 or a.end + 1 >= hi:
                continue
            x = text[a.end]
            if x in UNKNOWN_UNIT_STOP or not HAN.match(x) or not HAN.match(text[a.end + 1]):
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(atoms) and atoms[j].unit is not None and atoms[j].unit.kind == "counter":
                    lo, up = (atoms[j].end, a.start) if j < i else (a.end + 1, atoms[j].start)
                    if 0 <= up - lo <= 12 and LIST_GAP.fullmatch(text, lo, up):
                        out[i] = a._replace(unit=Unit(x, x, "counter", False), end=a.end + 1)
                        break
        return out
