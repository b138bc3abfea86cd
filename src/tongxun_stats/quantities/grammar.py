"""The scan: atoms (``atoms``) joined into quantities, with their ranges and qualifiers.

Two atoms are one range when a separator joins them (3至5万元, 5000元-2.5万元); an
approximation word before or after a number (约 近 超过 … 以上 左右) bounds it; quoted
names, ``patterns/exclusions.tsv`` and numbers that count nothing are dropped. Each
atom is looked at once, next to its neighbour: linear in the atoms.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from ..model import Quantity
from ..patterns import Patterns, alternation
from ..spans import SpanSet
from ..structure import clause_start
from .atoms import Atom, AtomScanner
from .lexicon import (
    AGE_STATISTIC,
    CLAUSE_END,
    DISTANT_QUALIFIER,
    ONE_COUNTED,
    RANGE_SEP,
    THRESHOLD_AFTER,
    THRESHOLD_CLASS,
    _round,
    _significant_step,
    tidy,
)

# A figure is never written with more digits than this; a longer run would be rounded
# by the default Decimal context, a silently wrong value, so it is no figure at all.
MAX_DIGITS = 24


class QuantityGrammar(AtomScanner):
    """Compiled regexes for one Patterns."""

    def __init__(self, patterns: Patterns):
        super().__init__(patterns)
        units = patterns.units
        q = patterns.qualifiers
        self.before = frozenset(w for w, x in q.items() if x.position == "before")
        self.before_lengths = sorted({len(w) for w in self.before}, reverse=True)  # longest word first
        after = alternation(w for w, x in q.items() if x.position == "after") or "(?!)"
        self.after_re = regex.compile(r"\s*(?:[(（]含[)）])?\s*(" + after + ")")  # 50万元（含）以上
        # 港币两千九百六十元, 新台币 177.1 亿元: a currency written before the number names the 元
        foreign = alternation(w for w, u in units.items() if u.kind == "money" and u.base != "元")
        self.currency_before = regex.compile(rf"({foreign})\s*$") if foreign else None
        # 约合人民币70万元: the approximation word stands before a currency (units.tsv `before`)
        words = tuple(w for w, u in units.items() if u.before)
        self.currency_words = words
        self.currency_word_before = regex.compile(rf"(?:合|折合)?\s*(?:{alternation(words)})\s*$") if words else None
        self.quote = regex.compile(r"[“「『‘][^”」』’“「『‘\n，。；]{1,14}[”」』’]")

    # -- quantities --------------------------------------------------------
    def quantities(self, text: str, lo: int = 0, hi: int | None = None) -> list[Quantity]:
        hi = len(text) if hi is None else hi
        atoms = self._list_units(text, self.atoms(text, lo, hi), hi)
        if not atoms:
            return []  # a table cell of words: no quotes or exclusions to look for
        excluded = self._excluded(text, lo, hi)
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

    def _excluded(self, text: str, lo: int, hi: int) -> SpanSet:
        """Where no figure is: short quoted names and the matches of exclusions.tsv."""
        spans = [m.span() for m in self.quote.finditer(text, lo, hi)]
        if self.patterns.exclusion_re is not None:
            spans.extend(m.span() for m in self.patterns.exclusion_re.finditer(text, lo, hi, overlapped=True))
        return SpanSet(spans)

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
        if self._counts_nothing(text, a, b, excluded):
            return None
        value = self._lower(a, b) if b is not None else a.value
        if a.end - a.start > MAX_DIGITS and sum(c.isdigit() for c in text[a.start : a.end]) > MAX_DIGITS:
            return None  # more digits than a Decimal holds exactly (a pasted hash): no measurement
        measured = self._unit_base(text, a, last)
        if measured is None:
            return None  # a bare number measures nothing we can name
        unit_base, inferred = measured
        qualifier, lower, upper = self._approximation(text, a, last, value)
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
        # positional, and tidy only what is there: one Quantity per figure of every document
        return Quantity(a.start, last.end, tidy(value), unit_base, qualifier,
                        None if lower is None else tidy(lower), None if upper is None else tidy(upper),
                        inferred, tidy(step))

    def _counts_nothing(self, text: str, a: Atom, b: Atom | None, excluded) -> bool:
        """Is the atom (or range ``a``–``b``) no figure: excluded or quoted, a duration, an
        age bound, or a Chinese numeral that names (六项重点任务) or is the article 一?"""
        last = b or a
        unit = last.unit
        if excluded.touches(a.num_start, a.num_start + 1) or excluded.touches(last.end - 1, last.end):
            return True
        if unit is not None and unit.kind == "duration":
            return True
        if unit is not None and unit.kind == "age" and not self._age_statistic(text, a, b):
            return True
        if a.chinese:
            if (unit is not None and not unit.after_chinese and not CLAUSE_END.match(text, last.end)
                    and not a.inner and not a.numeral.vague):
                return True  # 六项重点任务 names; 宣传车两台， 十多个村 三十余家企业 count
            if (b is None and text[a.start] == "一" and a.numeral.value == 1 and unit is not None
                    and unit.kind != "money" and not ONE_COUNTED.search(text, max(0, a.start - 3), a.start)):
                return True  # 一名领导, 一户一卡, 一次性, 最后一公里: the article "a"; 仅一人 counts
        return False

    def _unit_base(self, text: str, a: Atom, last: Atom) -> tuple[str, bool] | None:
        """(base unit, inferred?) of the quantity: its unit, or a currency sign or word
        written before it (HK$300元, 港币两千元); a magnitude alone (3万) leaves it to be
        inferred; None for a bare number."""
        unit = last.unit
        prefix = a.prefix or last.prefix
        if unit is None:
            if prefix is not None:
                return prefix.base, False
            if a.magnitude == 1:
                return None
            return "", True
        unit_base, inferred = unit.base, unit.kind == "noun"
        if unit_base == "元" and prefix is not None:
            unit_base = prefix.base  # HK$300元
        elif unit_base == "元" and self.currency_before is not None:
            cm = self.currency_before.search(text, max(0, a.start - 5), a.start)
            if cm:
                unit_base = self.patterns.units[cm.group(1)].base
        return unit_base, inferred

    def _approximation(self, text: str, a: Atom, last: Atom,
                       value: Decimal) -> tuple[str, Decimal | None, Decimal | None]:
        """(qualifier, lower, upper): from a vague numeral (几 数 五六), an inner word
        (21多万) or one before or after the number (约, 以上)."""
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
        word = self._outer_qualifier(text, a, last, last.unit)
        if word and not qualifier:
            qual = self.patterns.qualifiers[word]
            qualifier = qual.qualifier
            if lower is None and upper is None:
                lower, upper = {"lower": (value, None), "upper": (None, value)}.get(qual.bound, (None, None))
        return qualifier, lower, upper

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
        if self.currency_words and before.endswith(self.currency_words):
            before = self.currency_word_before.sub("", before)  # 约合人民币70万元
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
