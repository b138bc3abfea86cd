"""The number grammar: find every quantity in a text, as pure functions.

A quantity is a number body (Arabic ``1,234.5``, spaced ``10 678``, fullwidth
``１，２６０．５``, Chinese ``一千二百`` ``九十八点六`` ``五千六百八``, formal ``壹佰``,
mixed ``308.2万`` ``4万3千``, vague ``十几`` ``数百``, adjacent ``五六千``), its sign
(``-3.4%``, ``负3%``), a magnitude (万 亿 千 百万 千万 万亿), an inner approximation
(``10.86万余``, ``21多万``), a unit (元 % 份 美元 平方公里 人份 …, from
``patterns/units.tsv``, longest first), qualifiers before or after (约 近 超过 … 以上
左右) and ranges (``2—3名``, ``3至5万元``, ``5000元-2.5万元``, ``八至十万元``). Dates,
times, ordinals, short quoted names and the rows of ``patterns/exclusions.tsv`` are
not quantities.

``QuantityGrammar`` is compiled once per Patterns; ``find_quantities`` and
``parse_quantity`` are the public functions. ``numerals.read_numeral`` reads one
number body; ``atoms`` reads each number with its unit, ``grammar`` joins them into
quantities, and ``lexicon`` holds the regex pieces they are built of.
"""
from __future__ import annotations

import functools

from ..model import Quantity
from ..patterns import Patterns, default_patterns
from .grammar import QuantityGrammar
from .lexicon import AR_NUMBER, MAGNITUDES, tidy
from .numerals import Numeral, read_numeral


def cn_to_int(s: str) -> int | None:
    """Chinese numeral -> int (一千二百 -> 1200, 两万 -> 20000, 二〇二〇 -> 2020)."""
    n = read_numeral(s)
    if n is None or n.vague or n.value != n.value.to_integral_value():
        return None
    return int(n.value)


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


__all__ = ["AR_NUMBER", "MAGNITUDES", "Numeral", "QuantityGrammar", "cn_to_int", "find_quantities", "grammar_for",
           "parse_quantity", "read_numeral", "tidy"]
