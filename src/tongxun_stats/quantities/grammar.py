"""The scan: number bodies with their sign, magnitude, qualifiers, unit and ranges.

One left-to-right pass. Each match of ``scan`` is tried once; the next search starts
where the last number (with its unit) ended, so a magnitude read as part of one
figure (4千万元) is never read again as a figure of its own. Every repeated class
that opens a match is guarded by a lookbehind of the same class, so a run of
digits or numerals is entered once, at its start: the scan is linear in the text.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from ..model import Quantity
from ..patterns import Patterns, Unit, alternation
from ..spans import SpanSet
from ..structure import clause_start
from .lexicon import (
    _CN_CHARS,
    _RUBY,
    AGE_STATISTIC,
    AR_BODY,
    AR_NUMBER,
    CLAUSE_END,
    CN_BODY,
    COINS,
    CURRENCY_BEFORE,
    DATE,
    DISTANT_QUALIFIER,
    HAN,
    JIAO,
    LIST_GAP,
    LONE_MAGNITUDE_BEFORE,
    MAGNITUDES,
    MAX_BODY,
    ONE_COUNTED,
    RANGE_SEP,
    SIGN_BEFORE,
    THRESHOLD_AFTER,
    THRESHOLD_CLASS,
    UNKNOWN_UNIT_STOP,
    _round,
    _shared_magnitudes,
    _significant_step,
    _trailing_magnitude,
    tidy,
)
from .numerals import CN_BIG, CN_DIGITS, CN_SMALL, Numeral, read_numeral


@dataclass(frozen=True, slots=True)
class Atom:
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


class QuantityGrammar:
    """Compiled regexes for one Patterns."""

    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        units = patterns.units
        q = patterns.qualifiers
        inner = alternation(w for w, x in q.items() if x.position == "inside") or "(?!)"
        self.before = frozenset(w for w, x in q.items() if x.position == "before")
        self.before_lengths = sorted({len(w) for w in self.before}, reverse=True)  # longest word first
        after = alternation(w for w, x in q.items() if x.position == "after") or "(?!)"
        self.after_re = regex.compile(r"\s*(?:[(（]含[)）])?\s*(" + after + ")")  # 50万元（含）以上
        # 港币两千九百六十元, 新台币 177.1 亿元: a currency written before the number names the 元
        foreign = alternation(w for w, u in units.items() if u.kind == "money" and u.base != "元")
        self.currency_before = regex.compile(rf"({foreign})\s*$") if foreign else None
        # A Chinese numeral is a quantity only when a unit (or magnitude) follows it;
        # checking that inside the regex spares a Python call for every 一 in prose.
        cn_follow = rf"\s*(?:{inner})?\s*(?:个(?=[亿億]))?(?:{alternation(MAGNITUDES)})?\s*(?:{inner})?\s*(?:{alternation(units)})|(?<=[万萬亿億])|[ \t]*(?:至|到|—|－|-|~|～)[ \t]*[{_CN_CHARS}]|[ \t]*[角毛](?:钱|錢)"
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
        self.tail = regex.compile(
            rf"""\s*(?P<q1>{inner})?\s*(?:个(?=[亿億]))?(?P<mag>(?!千[米克瓦])(?:{alternation(MAGNITUDES)}))?{_RUBY}\s*(?P<q2>{inner})?\s*
                 (?P<unit>{alternation(units)})?""",
            regex.VERBOSE,
        )
        self.quote = regex.compile(r"[“「『‘][^”」』’“「『‘\n，。；]{1,14}[”」』’]")

    # -- atoms -------------------------------------------------------------
    def _atom(self, text: str, m) -> Atom | None:
        start = m.start()
        units = self.patterns.units
        g = m.groupdict()
        if g["pct"] is not None:
            n = read_numeral(g["pctn"].replace(",", ""))
            if n is None:
                return None
            unit = units.get("%" if g["pctw"] == "百" else "‰")
            return Atom(start, start, m.end(), n.value, unit, 1, (1, 1), "", True, n.step, n, g["psign"] or "", None)
        if g["cheng"] is not None:
            value = Decimal(CN_DIGITS[g["cheng"]] * 10)
            return Atom(start, start, m.end(), value, units.get("%"), 1, (1, 1), "", True, Decimal(10),
                        Numeral(value, Decimal(10)), "", None)
        chinese = g["cn"] is not None
        body = g["cn"] if chinese else g["ar"]
        body_start = m.start("cn") if chinese else m.start("ar")
        n = None
        if chinese and not any(c in CN_DIGITS or c in CN_SMALL or c in "几幾数數" for c in body):
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
        body_end = body_start + len(body)
        t = self.tail.match(text, body_end)
        tg = t.groupdict()
        mag = MAGNITUDES.get(tg["mag"] or "", 1)
        inner = tg["q1"] or tg["q2"] or ""
        unit = units.get(tg["unit"]) if tg["unit"] else None
        if unit is None:
            # keep trailing magnitude / inner qualifier, drop trailing spaces
            end = max(body_end, t.end("mag") if tg["mag"] else -1, t.end("q2") if tg["q2"] else -1,
                      t.end("q1") if tg["q1"] else -1)
        elif unit.kind == "noun":
            end = t.start("unit")  # raw stops before the noun and its spaces
            while end > start and text[end - 1] == " ":
                end -= 1
        else:
            end = t.end("unit")
        sign = g["sign"] if not chinese else None
        if not sign and start > 0 and text[start - 1] in "负負下":
            sm = SIGN_BEFORE.search(text, max(0, start - 3), start)  # 负一百二十万, 零下2度
            if sm:
                sign, start = sm.group(1), sm.start(1)
        if mag != 1:
            n = Numeral(n.value * mag, n.step * mag, None if n.lower is None else n.lower * mag,
                        None if n.upper is None else n.upper * mag, n.vague)
        own_mag = mag if mag != 1 else _trailing_magnitude(body)
        value = n.value
        coined = self._coins(text, unit, end, value, mag == 1 and own_mag == 1)
        if coined is not None:
            unit, end, value, n = coined
        shared = (mag, mag) if mag != 1 else _shared_magnitudes(body)
        return Atom(start, body_start, end, value, unit, own_mag, shared, inner, chinese, n.step, n, sign or "",
                    units.get(g["yen"].strip()) if g["yen"] else None)

    def _coins(self, text: str, unit, end: int, value: Decimal, plain: bool):
        """123元4角5分 and 十二块五毛 (元, 块 with 角/毛/分 after), 5块钱, 五毛钱: (unit, end, value, numeral)."""
        yuan = self.patterns.units.get("元")
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
            if m.group("date") is not None:
                pos = m.end()
                continue
            a = self._atom(text, m)
            if a is None:
                pos = m.end()
                continue
            out.append(a)
            pos = max(a.end, m.end())
        return out

    # -- quantities --------------------------------------------------------
    def quantities(self, text: str, lo: int = 0, hi: int | None = None) -> list[Quantity]:
        hi = len(text) if hi is None else hi
        spans = [m.span() for m in self.quote.finditer(text, lo, hi)]
        if self.patterns.exclusion_re is not None:
            spans.extend(m.span() for m in self.patterns.exclusion_re.finditer(text, lo, hi, overlapped=True))
        excluded = SpanSet(spans)
        atoms = self._list_units(text, self.atoms(text, lo, hi), hi)
        out: list[Quantity] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            b = self._range_end(text, a, atoms[i + 1]) if i + 1 < len(atoms) else None
            q = self._quantity(text, a, b, excluded)
            if q is not None:
                out.append(q)
            i += 2 if b is not None else 1
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
                        out[i] = replace(a, unit=Unit(x, x, "counter", False), end=a.end + 1)
                        break
        return out

    def _range_end(self, text: str, a: Atom, nxt: Atom) -> Atom | None:
        """``nxt`` when ``a`` and ``nxt`` are the two ends of one range (3至5万元, 5000元-2.5万元)."""
        if nxt.unit is None and nxt.prefix is None or a.numeral.vague or nxt.numeral.vague:
            return None
        if a.unit is not None and nxt.unit is not None and a.unit.base != nxt.unit.base:
            return None
        if a.prefix is not None and nxt.prefix is not None and a.prefix.base != nxt.prefix.base:
            return None
        sep = RANGE_SEP.match(text, a.end)
        if sep is None or sep.end() not in (nxt.num_start, nxt.start) or (nxt.sign and sep.end() == sep.start()):
            return None
        if nxt.sign and not RANGE_SEP.fullmatch(text[a.end : nxt.num_start]):
            return None
        lo = self._lower(a, nxt)
        if lo > nxt.value or a.sign:
            return None  # 1~0元 is not a range
        return nxt

    @staticmethod
    def _lower(a: Atom, b: Atom) -> Decimal:
        if a.unit is None and a.magnitude == 1 and not a.inner:
            # 3至5万元, 两到三千元: the magnitude of the upper end applies to both ends
            digits = a.end - a.num_start
            scaled = a.value * b.shared[1 if digits == 1 else 0]
            if scaled <= b.value:
                return scaled
        return a.value  # 从8500到3万: the lower end is whole

    def _quantity(self, text: str, a: Atom, b: Atom | None, excluded) -> Quantity | None:
        last = b or a
        unit = last.unit
        if excluded.touches(a.num_start, a.num_start + 1) or excluded.touches(last.end - 1, last.end):
            return None
        if unit is not None and unit.kind == "duration":
            return None
        if unit is not None and unit.kind == "age" and not self._age_statistic(text, a, b):
            return None
        value = self._lower(a, b) if b is not None else a.value
        if a.chinese:
            if (unit is not None and not unit.after_chinese and not CLAUSE_END.match(text, last.end)
                    and not a.inner and not a.numeral.vague):
                return None  # 六项重点任务 names; 宣传车两台， 十多个村 三十余家企业 count
            if (b is None and text[a.start] == "一" and a.numeral.value == 1 and unit is not None
                    and unit.kind != "money" and not ONE_COUNTED.search(text, max(0, a.start - 3), a.start)):
                return None  # 一名领导, 一户一卡, 一次性, 最后一公里: the article "a"; 仅一人 counts
        prefix = a.prefix or last.prefix
        if unit is None:
            if prefix is not None:
                unit_base, inferred = prefix.base, False
            elif a.magnitude == 1:
                return None  # a bare number measures nothing we can name
            else:
                unit_base, inferred = "", True
        else:
            unit_base, inferred = unit.base, unit.kind == "noun"
            if unit_base == "元" and prefix is not None:
                unit_base = prefix.base  # HK$300元
            elif unit_base == "元" and self.currency_before is not None:
                cm = self.currency_before.search(text, max(0, a.start - 5), a.start)
                if cm:
                    unit_base = self.patterns.units[cm.group(1)].base
        qualifier, lower, upper = "", None, None
        n = a.numeral
        if n.vague == "几":
            qualifier, lower, upper = "多", n.lower, n.upper
        elif n.vague == "数":
            qualifier, lower, upper = "约", n.lower, n.upper
        elif n.vague == "-":
            lower, upper = n.lower, n.upper
        elif a.inner:  # 21多万: at least 21万, below 22万
            qual = self.patterns.qualifiers[a.inner]
            qualifier, lower, upper = qual.qualifier, value, value + max(a.step, _significant_step(value))
        word = self._outer_qualifier(text, a, last, unit)
        if word and not qualifier:
            qual = self.patterns.qualifiers[word]
            qualifier = qual.qualifier
            if lower is None and upper is None:
                lower, upper = {"lower": (value, None), "upper": (None, value)}.get(qual.bound, (None, None))
        if b is not None:
            lower, upper = value, b.value
        elif qualifier in ("超", "以上", "以下", "不到") and THRESHOLD_AFTER.match(text, last.end):
            return None
        if (qualifier in ("以上", "以下") and unit is not None and unit.kind != "percent"
                and THRESHOLD_CLASS.match(text, last.end) and _round(value)):
            return None  # 百人以上的企业
        if a.sign:  # bounds were taken on the magnitude; a minus mirrors them
            value, lower, upper = -value, (None if upper is None else -upper), (None if lower is None else -lower)
        step = a.step if b is None else max(a.step, b.step)
        return Quantity(
            start=a.start,
            end=last.end,
            value=tidy(value),
            unit=unit_base,
            qualifier=qualifier,
            lower=tidy(lower),
            upper=tidy(upper),
            unit_inferred=inferred,
            step=tidy(step),
        )

    def _age_statistic(self, text: str, a: Atom, b: Atom | None) -> bool:
        """人均期望寿命64.37岁 is a figure; 0-3岁婴幼儿, 60周岁以上 are eligibility bounds."""
        if b is not None or RANGE_SEP.fullmatch(text, max(0, a.start - 1), a.start):
            return False  # 出生3个月至70岁: the upper end of an eligibility span
        cs = clause_start(text, a.start, max(0, a.start - 40))
        return bool(AGE_STATISTIC.search(text, cs, a.start))

    def _outer_qualifier(self, text: str, a: Atom, last: Atom, unit) -> str:
        """The approximation word before (约 987.84 万元) or after (96% 以上) the number, or
        governing a share from afar (接近我区600多万计生家庭的50%); "" if none."""
        before = text[max(0, a.start - 7) : a.start].rstrip()
        if "币" in before or "元" in before:
            before = CURRENCY_BEFORE.sub("", before)  # 约合人民币70万元
        for k in self.before_lengths:
            if before[-k:] in self.before:
                return before[-k:]
        if (a.start > 0 and text[a.start - 1] in "上过" and text[a.start] in "百千万亿萬億仟佰"
                and a.num_start == a.start and (a.numeral.value.normalize().as_tuple().digits == (1,))
                and "超" in self.patterns.qualifiers):
            return "超"  # 上万人, 上千名, 过万元
        m = self.after_re.match(text, last.end)
        if m:
            return m.group(1)
        if unit is not None and unit.kind == "percent":
            dm = DISTANT_QUALIFIER.search(text, clause_start(text, a.start, max(0, a.start - 40)), a.start)
            if dm:
                return dm.group(1)
        return ""
