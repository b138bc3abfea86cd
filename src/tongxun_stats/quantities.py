"""The number grammar: find every quantity in a text, as pure functions.

A quantity is a number (Arabic ``1,234.5``, spaced ``10 678``, Chinese ``一千二百``,
mixed ``308.2万``), an optional magnitude (万 亿 千 百万 千万 万亿 萬 億), inner
approximation (``10.86万余``, ``21多万``), a unit (元 % 份 人次 …, from
``patterns/units.tsv``), qualifiers before or after (约 近 超过 … 以上 左右) and
ranges (``2—3名``, ``3至5万元``, ``65%至70%``). Dates, times, ordinals and the
names in ``patterns/exclusions.tsv`` are not quantities.

``QuantityGrammar`` is compiled once per Patterns; ``find_quantities`` and
``parse_quantity`` are the public functions.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

import regex

from .model import Quantity
from .patterns import Patterns, alternation, default_patterns
from .spans import SpanSet
from .structure import clause_start

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
             "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
             "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
MAGNITUDES = {"万亿": 10**12, "萬億": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8,
              "億": 10**8, "千万": 10**7, "千萬": 10**7, "百万": 10**6, "百萬": 10**6, "十万": 10**5,
              "十萬": 10**5, "万": 10**4, "萬": 10**4, "千": 10**3}
_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

AR_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\x20\d{3})+(?![\d.])|\d+(?:\.\d+)?"
CN_NUMBER = f"[{_CN_CHARS}]+"
# 投保份数超过5万份的有：… names a threshold for a list, it measures nothing
THRESHOLD_AFTER = regex.compile(r"\s*(?:以上|以下)?\s*的\s*\p{Han}{0,3}(?:有|是|为)\s*[：:]")
# 覆盖面接近我区600多万计生家庭的50%: the qualifier governs the share at a distance
DISTANT_QUALIFIER = regex.compile(r"(接近|将近|超过|约|近)[^，。；,;：:]{0,20}的\s*$")
RANGE_SEP = regex.compile(r"\s*(?:—{1,2}|－|-|–|~|～|至|到)\s*")

# Dates, times and festival dates come first in the scan so their digits are consumed.
DATE = r"""
    \d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)
  | \d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?
  | \d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?(?:\s*[-—–至到]\s*\d{1,2}\s*[日号])?
  | \d{1,2}\s*[日号](?!\s*[元份户人件])
  | \d{1,2}\s*[:：]\s*\d{2}(?::\d{2})?
  | \d{1,2}\s*[·•]\s*\d{1,2}
  | \d{1,2}\.\d{1,2}(?=\s*[”"」』])
  | (?<=[“"「『])\d{1,2}\.\d{1,2}
  | [〇零一二三四五六七八九十]{1,3}月(?:[〇零一二三四五六七八九十]{1,3}[日号]?)?
  | (?:19|20)\d{2}(?=\s*(?:年|相比|以来|至今|—|－|-|–|~|～))
"""


def cn_to_int(s: str) -> int | None:
    """Chinese numeral -> int (一千二百 -> 1200, 两万 -> 20000, 二〇二〇 -> 2020)."""
    if all(c in CN_DIGITS for c in s):
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total = section = number = 0
    for c in s:
        if c in CN_DIGITS:
            number = CN_DIGITS[c]
        elif c in CN_SMALL:
            section += (number or 1) * CN_SMALL[c]
            number = 0
        elif c in CN_BIG:
            unit = CN_BIG[c]
            if unit == 10**8:
                total = (total + section + number) * unit
            else:
                total += (section + number) * unit
            section = number = 0
        else:
            return None
    return total + section + number


def ar_to_decimal(s: str) -> Decimal:
    return Decimal(s.replace(",", "").replace(" ", ""))


def tidy(d: Decimal | None) -> Decimal | None:
    """3082000.0 -> 3082000, 5.610 -> 5.61; never scientific notation."""
    if d is None:
        return None
    d = d.normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d


def step_of(number: Decimal) -> Decimal:
    """The place value of the last significant digit: 600 -> 100, 10.86 -> 0.01, 21 -> 1."""
    exp = number.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exp if isinstance(exp, int) else 0)


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int  # end of raw: after the unit, or before a `noun` unit (2600 多|群众)
    value: Decimal
    unit: object  # patterns.Unit or None
    magnitude: int
    inner: str  # 余 / 多 inside
    chinese: bool
    step: Decimal


class QuantityGrammar:
    """Compiled regexes for one Patterns."""

    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        units = patterns.units
        q = patterns.qualifiers
        inner = alternation(w for w, x in q.items() if x.position == "inside") or "(?!)"
        self.before = sorted((w for w, x in q.items() if x.position == "before"), key=len, reverse=True)
        self.after_re = regex.compile(r"\s*(" + (alternation(w for w, x in q.items() if x.position == "after") or "(?!)") + ")")
        # A Chinese numeral is a quantity only when a unit (or magnitude) follows it;
        # checking that inside the regex spares a Python call for every 一 in prose.
        chinese_units = alternation(w for w, u in units.items() if u.after_chinese)
        cn_follow = rf"\s*(?:{inner})?\s*(?:{alternation(MAGNITUDES)})?\s*(?:{inner})?\s*(?:{chinese_units})|(?<=[万萬亿億])"
        self.scan = regex.compile(
            rf"""
            (?P<date>{DATE})
          | (?P<pct>(?P<pctw>百|千)分之(?P<pctn>{AR_NUMBER}|{CN_NUMBER}))
          | (?<=[占达约近超逾有仅到])(?P<cheng>[一二三四五六七八九])成(?![功为立绩果员本就熟长交年])
          | (?<![\d.,])(?P<ar>{AR_NUMBER})
          | (?P<cn>{CN_NUMBER})(?={cn_follow})
            """,
            regex.VERBOSE,
        )
        self.tail = regex.compile(
            rf"""\s*(?P<q1>{inner})?\s*(?P<mag>{alternation(MAGNITUDES)})?\s*(?P<q2>{inner})?\s*
                 (?P<unit>{alternation(units)})?""",
            regex.VERBOSE,
        )

    # -- atoms -------------------------------------------------------------
    def _atom(self, text: str, m) -> _Atom | None:
        start = m.start()
        if m.group("pct") is not None:
            n = m.group("pctn")
            value = ar_to_decimal(n) if n[0].isdigit() else Decimal(cn_to_int(n) or 0)
            unit = self.patterns.units.get("%" if m.group("pctw") == "百" else "‰")
            return _Atom(start, m.end(), value, unit, 1, "", True, step_of(value))
        if m.group("cheng") is not None:
            value = Decimal(CN_DIGITS[m.group("cheng")] * 10)
            return _Atom(start, m.end(), value, self.patterns.units.get("%"), 1, "", True, Decimal(10))
        chinese = m.group("cn") is not None
        if chinese:
            s = m.group("cn")
            # A run of magnitude characters alone (万, 千万) is not a number.
            if not any(c in CN_DIGITS or c in CN_SMALL for c in s):
                return None
            base = cn_to_int(s)
            if base is None:
                return None
            number = Decimal(base)
        else:
            number = ar_to_decimal(m.group("ar"))
        t = self.tail.match(text, m.end())
        mag = MAGNITUDES.get(t.group("mag") or "", 1)
        inner = t.group("q1") or t.group("q2") or ""
        unit = self.patterns.units.get(t.group("unit")) if t.group("unit") else None
        if unit is None:
            # keep trailing magnitude / inner qualifier, drop trailing spaces
            end = max(m.end(), t.end("mag") if t.group("mag") else -1, t.end("q2") if t.group("q2") else -1,
                      t.end("q1") if t.group("q1") else -1)
        elif unit.kind == "noun":
            # raw stops before the noun and its spaces
            end = t.start("unit")
            while end > start and text[end - 1] == " ":
                end -= 1
        else:
            end = t.end("unit")
        return _Atom(start, end, number * mag, unit, mag, inner, chinese, step_of(number) * mag)

    def atoms(self, text: str, lo: int = 0, hi: int | None = None) -> list[_Atom]:
        out = []
        for m in self.scan.finditer(text, lo, len(text) if hi is None else hi):
            if m.group("date") is not None:
                continue
            a = self._atom(text, m)
            if a is not None:
                out.append(a)
        return out

    # -- quantities --------------------------------------------------------
    def quantities(self, text: str, lo: int = 0, hi: int | None = None) -> list[Quantity]:
        hi = len(text) if hi is None else hi
        excluded = SpanSet([])
        if self.patterns.exclusion_re is not None:
            excluded = SpanSet(m.span() for m in self.patterns.exclusion_re.finditer(text, lo, hi, overlapped=True))
        atoms = self.atoms(text, lo, hi)
        out: list[Quantity] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            b = None
            if i + 1 < len(atoms):
                sep = RANGE_SEP.match(text, a.end)
                nxt = atoms[i + 1]
                if sep and sep.end() == nxt.start and nxt.unit is not None and (a.unit is None or a.unit.base == nxt.unit.base):
                    b = nxt
            q = self._quantity(text, a, b, excluded)
            if q is not None:
                out.append(q)
            i += 2 if b is not None else 1
        return out

    def _quantity(self, text: str, a: _Atom, b: _Atom | None, excluded) -> Quantity | None:
        last = b or a
        unit = last.unit
        if excluded.touches(a.start, a.start + 1) or excluded.touches(last.end - 1, last.end):
            return None
        if unit is not None and unit.kind in ("duration", "age"):
            return None
        value = a.value
        if b is not None and a.magnitude == 1 and b.magnitude != 1:
            value = value * b.magnitude  # 3至5万元: the magnitude of the upper end applies to both
        if a.chinese:
            if unit is None and a.magnitude == 1:
                return None
            if unit is not None and not unit.after_chinese:
                return None
            if a.value == 1 and a.magnitude == 1 and text[a.start] == "一" and text[a.start + 1 : a.start + 2] not in CN_SMALL:
                return None  # 一场, 一公里: an article, not a count
        if unit is None:
            if a.magnitude == 1:
                return None  # a bare number measures nothing we can name
            unit_base, inferred = "", True
        else:
            unit_base, inferred = unit.base, unit.kind == "noun"
        qualifier, lower, upper = "", None, None
        if a.inner:  # 21多万: at least 21万, below 22万
            qual = self.patterns.qualifiers[a.inner]
            qualifier, lower, upper = qual.qualifier, value, value + a.step
        else:
            word = self._outer_qualifier(text, a, last, unit)
            if word:
                qual = self.patterns.qualifiers[word]
                qualifier = qual.qualifier
                lower, upper = {"lower": (value, None), "upper": (None, value)}.get(qual.bound, (None, None))
        if b is not None:
            lower, upper = value, b.value
        elif qualifier in ("超", "以上", "以下", "不到") and THRESHOLD_AFTER.match(text, last.end):
            return None
        return Quantity(
            start=a.start,
            end=last.end,
            value=tidy(value),
            unit=unit_base,
            qualifier=qualifier,
            lower=tidy(lower),
            upper=tidy(upper),
            unit_inferred=inferred,
        )

    def _outer_qualifier(self, text: str, a: _Atom, last: _Atom, unit) -> str:
        """The approximation word before (约 987.84 万元) or after (96% 以上) the number, or
        governing a share from afar (接近我区600多万计生家庭的50%); "" if none."""
        before = text[max(0, a.start - 4) : a.start].rstrip()
        for w in self.before:
            if before.endswith(w):
                return w
        m = self.after_re.match(text, last.end)
        if m:
            return m.group(1)
        if unit is not None and unit.kind == "percent":
            dm = DISTANT_QUALIFIER.search(text[clause_start(text, a.start) : a.start])
            if dm:
                return dm.group(1)
        return ""


@functools.lru_cache(maxsize=8)
def grammar_for(patterns: Patterns) -> QuantityGrammar:
    return QuantityGrammar(patterns)


def find_quantities(text: str, patterns: Patterns | None = None) -> list[Quantity]:
    """Every quantity in ``text`` (offsets into ``text``)."""
    return grammar_for(patterns or default_patterns()).quantities(text)


def parse_quantity(text: str, patterns: Patterns | None = None) -> Quantity | None:
    """The first quantity in ``text``, or None."""
    found = find_quantities(text, patterns)
    return found[0] if found else None
