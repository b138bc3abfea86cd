"""Numerals as written in Chinese reports, read into a value and a precision.

One reader serves every way a number body is written: Arabic ``308.2``, Chinese
``一千二百``, mixed ``4千万`` ``4万3千`` ``2万6000`` ``1.32亿``, Chinese decimals
``九十八点六`` ``零点八万``, the elided last unit ``五千六百八`` (5680) ``两万四``
(24000), formal digits ``壹佰贰拾`` and digit strings ``二〇二〇``. Approximate
numerals give bounds: ``十几`` (10–20, like 十多), ``二十几万`` (20万–30万),
``数百`` / ``几百`` (200–900), adjacent digits ``五六千`` (5000–6000) ``三四百万``.

``read_numeral`` returns a ``Numeral`` or None; it is a pure function of its text.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal

import regex

from ..scan import alternation

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
             "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
             "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
VAGUE = "几幾数數"  # 几 / 数: an unknown digit
POINT = "点點"
# The magnitudes a number may end with (308.2万, 3千亿, 1.2万亿), each the product of its
# characters: the one table of them; the scan's regexes, the plain reader below and the
# table headers (保费（万元）) all read it.
MAGNITUDES = {w: math.prod((CN_SMALL | CN_BIG)[c] for c in w)
              for w in ("万亿", "萬億", "千亿", "百亿", "十亿", "亿", "億", "千万", "千萬", "百万", "百萬", "十万", "十萬",
                        "万", "萬", "千")}
_ZERO = Decimal(0)
_PLAIN = regex.compile(rf"(\d[\d.,，\x20]*)({alternation(MAGNITUDES)})?")
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Numeral:
    value: Decimal
    step: Decimal  # place value of the last written digit: 1.32亿 -> 10**6, 五千六百八 -> 10
    lower: Decimal | None = None  # set for vague and adjacent-digit numerals
    upper: Decimal | None = None
    vague: str = ""  # "几" after a unit (十几: like 十多), "数" for a vague leading digit, "-" adjacent digits


def _arabic(s: str, i: int) -> tuple[Decimal, Decimal, int]:
    j = i
    while j < len(s) and (s[j].isdigit() or s[j] in ".,，\x20"):
        j += 1
    body = s[i:j].replace(",", "").replace("，", "").replace(" ", "")
    d = Decimal(body)
    frac = body.partition(".")[2]
    return d, Decimal(1).scaleb(-len(frac)), j


class _ExactReader:
    """One numeral read left to right: the total of the finished sections (万, 亿), the
    section being written (千 百 十), and the pending number with what came before it.
    Each method reads the character at ``i`` and returns where to read next, or None
    when the text is no numeral."""

    __slots__ = ("total", "section", "number", "number_step", "number_cn", "last_unit", "after_zero",
                 "section_written", "step")

    def __init__(self):
        self.total = self.section = _ZERO
        self.number: Decimal | None = None
        self.number_step = Decimal(1)
        self.number_cn = False  # the pending number is one Chinese digit (can stand for an elided unit)
        self.last_unit = None  # the unit written just before the pending number
        self.after_zero = False
        self.section_written = False  # a unit was written in this section (0千万 is 0, 万 alone nothing)
        self.step = Decimal(1)

    def arabic(self, s: str, i: int) -> int | None:
        if self.number is not None:
            return None
        self.number, self.number_step, j = _arabic(s, i)
        self.number_cn = j - i == 1  # 1万2 = 12000, like 一万二
        return j

    def chinese_digit(self, s: str, i: int) -> int | None:
        c, number = s[i], self.number
        if number is not None and not (number == 0 and self.number_cn):
            return None
        self.after_zero = self.after_zero or (number == 0 and self.number_cn) or CN_DIGITS[c] == 0
        self.number, self.number_step, self.number_cn = Decimal(CN_DIGITS[c]), Decimal(1), True
        return i + 1

    def point(self, s: str, i: int) -> int | None:
        """点 and the Chinese digits after it: the decimals."""
        j = i + 1
        while j < len(s) and s[j] in CN_DIGITS:
            j += 1
        if j == i + 1:
            return None
        frac = "".join(str(CN_DIGITS[x]) for x in s[i + 1 : j])
        self.number = self.section + (self.number or 0) + Decimal("0." + frac)
        self.number_step, self.number_cn, self.section, self.last_unit = Decimal(1).scaleb(-len(frac)), False, _ZERO, None
        return j

    def small_unit(self, s: str, i: int) -> int | None:
        """十 百 千: a place within the section."""
        u, number = CN_SMALL[s[i]], self.number
        if number is None and self.section:
            return None  # 十百: two units in a row
        self.section += (number if number is not None else 1) * u
        self.section_written = True
        self.step = (self.number_step if number is not None else Decimal(1)) * u
        self.number, self.last_unit, self.after_zero = None, u, False
        return i + 1

    def big_unit(self, s: str, i: int) -> int | None:
        """万 亿: the end of a section."""
        u, number = CN_BIG[s[i]], self.number
        part = self.section + (number if number is not None else 0)
        if number is not None:
            self.step = self.number_step
        if part == 0 and number is None and not self.section_written:
            if self.total == 0:
                return None  # 万 alone
            self.total, self.step = self.total * u, self.step * u  # 万亿: the second unit multiplies all
        elif u == 10**8:
            self.total, self.step = (self.total + part) * u, self.step * u
        else:
            self.total, self.step = self.total + part * u, self.step * u
        self.section, self.number, self.last_unit, self.after_zero, self.section_written = _ZERO, None, u, False, False
        return i + 1

    def result(self) -> tuple[Decimal, Decimal] | None:
        """(value, step) once the whole text is read."""
        number, last_unit, step = self.number, self.last_unit, self.step
        if number is not None:
            if last_unit is not None and number >= last_unit and not self.number_cn:
                return None  # 2万60000 is two numbers
            if self.number_cn and last_unit is not None and last_unit >= 100 and not self.after_zero and number != 0:
                # 五千六百八 = 5680, 两万四 = 24000: the digit takes the place below the last unit
                place = Decimal(last_unit) / 10
                return self.total + self.section + number * place, place
            step = self.number_step
        return self.total + self.section + (number or 0), Decimal(step)


def _read_exact(s: str) -> tuple[Decimal, Decimal] | None:
    """(value, step) of a numeral with no vague digit, or None when it is not one."""
    if len(s) > 1 and all(c in CN_DIGITS for c in s):  # 二〇二〇: a digit string
        return Decimal("".join(str(CN_DIGITS[c]) for c in s)), Decimal(1)
    reader = _ExactReader()
    i: int | None = 0
    while i is not None and i < len(s):
        c = s[i]
        if c.isdigit():
            i = reader.arabic(s, i)
        elif c in CN_DIGITS:
            i = reader.chinese_digit(s, i)
        elif c in POINT:
            i = reader.point(s, i)
        elif c in CN_SMALL:
            i = reader.small_unit(s, i)
        elif c in CN_BIG:
            i = reader.big_unit(s, i)
        else:
            return None
    return None if i is None else reader.result()


def _adjacent(s: str) -> tuple[str, str] | None:
    """五六千 -> (五千, 六千): two digits in a row, the second one more than the first."""
    whole = s.split("点")[0].split("點")[0]  # 三点四五 is a decimal
    for i in range(len(whole) - 1):
        a, b = whole[i], whole[i + 1]
        if a in CN_DIGITS and b in CN_DIGITS and CN_DIGITS[a] and CN_DIGITS[b] == CN_DIGITS[a] + 1:
            nxt = whole[i + 2 : i + 3]
            if i > 0 and whole[i - 1] in CN_DIGITS:
                return None  # 二〇二三: a digit string
            if not nxt or nxt in CN_SMALL or nxt in CN_BIG:
                return s[:i] + a + s[i + 2 :], s[:i] + b + s[i + 2 :]
    return None


# Reports write the same few numerals again and again (2019, 100, 一千): a pure function
# of its text, the reading is kept for the next time; bounded, so a random stream of
# distinct numbers cannot grow it.
@functools.lru_cache(maxsize=1 << 14)
def read_numeral(s: str) -> Numeral | None:
    """Value, precision and bounds of one number body (no unit, no qualifier around it)."""
    if not s:
        return None
    m = _PLAIN.fullmatch(s)  # 308.2, 1,234, 308.2万, 1.32亿: most numbers, read without the state machine
    if m is not None:
        body = m.group(1).replace(",", "").replace("，", "").replace(" ", "")
        mag = MAGNITUDES[m.group(2)] if m.group(2) else 1
        step = _ONE.scaleb(-len(body.partition(".")[2])) * mag
        return Numeral(Decimal(body) * mag, step)
    if any(c in VAGUE for c in s):
        k = next(i for i, c in enumerate(s) if c in VAGUE)
        if any(c in VAGUE for c in s[k + 1 :]):
            return None
        if k == 0 or s[k - 1] not in CN_SMALL and s[k - 1] not in CN_BIG:
            # 几百 / 数十万 / 二十几: the digit is unknown, say two to nine
            lo = _read_exact(s[:k] + "二" + s[k + 1 :])
            hi = _read_exact(s[:k] + "九" + s[k + 1 :])
            if lo is None or hi is None:
                return None
            return Numeral(lo[0], lo[1], lo[0], hi[0], "数")
        # 十几 / 二十几万: like 十多, from the round number to the next step of that unit
        base = _read_exact(s[:k] + s[k + 1 :])
        place = _read_exact(s[:k] + "一" + s[k + 1 :])
        if base is None or place is None:
            return None
        step = place[0] - base[0]
        return Numeral(base[0], step, base[0], base[0] + step * 10, "几")
    pair = _adjacent(s)
    if pair is not None:
        lo, hi = _read_exact(pair[0]), _read_exact(pair[1])
        if lo is None or hi is None:
            return None
        return Numeral(lo[0], lo[1], lo[0], hi[0], "-")
    exact = _read_exact(s)
    if exact is None:
        return None
    return Numeral(exact[0], exact[1])
