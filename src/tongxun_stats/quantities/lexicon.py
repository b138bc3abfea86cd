"""The vocabulary of the scan: regex pieces and small helpers shared by ``grammar``.

Every pattern here is either anchored where it is used (``match`` at a known
position) or bounded, so none can make the scan superlinear.
"""
from __future__ import annotations

import functools
from decimal import Decimal

import regex

from .numerals import CN_BIG, CN_DIGITS, CN_SMALL, MAGNITUDES

_DIGITS = "".join(CN_DIGITS)
_CN_CHARS = _DIGITS + "".join(CN_SMALL) + "".join(CN_BIG)

# Thousands separators by digit-group shape: a comma (ASCII or fullwidth, as in
# １，２６０．５) between digits is one when every group after it has exactly three
# digits; 3人，520个家庭 and 3，5200人 are lists (a unit, or a group of four, breaks it).
AR_NUMBER = (r"\d{1,3}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?"
             r"|\d{1,3}(?:\x20\d{3})+(?![\d.])|\d+(?:\.\d+)?")
# a magnitude inside a mixed number; 千米 千克 百分点 are units, not magnitudes
_MAG = r"(?:[万萬亿億]|[千仟](?![米克瓦分])|[百佰](?![分]))"
AR_BODY = rf"(?:{AR_NUMBER})(?:{_MAG}+(?:{AR_NUMBER})?)*"
CN_BODY = rf"(?:[{_CN_CHARS}]|[点點](?=[{_DIGITS}])|[几幾数數](?=[十百千万亿萬億])|(?<=[十百千拾佰仟])[几幾])++"
# 投保份数超过5万份的有：… names a threshold for a list, it measures nothing
THRESHOLD_AFTER = regex.compile(r"\s*(?:以上|以下)?\s*的\s*\p{Han}{0,3}(?:有|是|为)\s*[：:]")
# 百人以上的企业: a round number with 以上/以下 and 的 is a class of things, not a count
THRESHOLD_CLASS = regex.compile(r"\s*(?:以上|以下|及以上|及以下)\s*的")
# 覆盖面接近我区600多万计生家庭的50%: the qualifier governs the share at a distance
DISTANT_QUALIFIER = regex.compile(r"(接近|将近|超过|约|近)[^，。；,;：:]{0,20}的\s*$")
RANGE_SEP = regex.compile(r"[ \t]*(?:[(（]含[)）])?[ \t]*(?:—{1,2}|－|-{1,2}|–|~|～|至|到)[ \t]*")  # 1万(含)-5万
CLAUSE_END = regex.compile(r"\s*(?:[，。；、,;）)：:！？!?]|$)")
# 人均期望寿命64.37岁: an age that is a statistic, not an eligibility bound
AGE_STATISTIC = regex.compile(r"寿命|平均年龄|平均年齡")
# 123元4角5分: smaller coins after 元
COINS = regex.compile(rf"[ \t]*(?P<j>\d|[{_DIGITS}])[ \t]*[角毛](?:[ \t]*(?P<f1>\d|[{_DIGITS}])[ \t]*分)?"
                      rf"|[ \t]*(?:零[ \t]*)?(?P<f2>\d|[{_DIGITS}])[ \t]*分")
MAX_BODY = 40  # longest number body read (二十三亿四千五百六十七万八千九百零一点二三 is 21)
# 共一人, 仅一户, 新增一所: a word of counting before 一 makes it a count
ONE_COUNTED = regex.compile(r"(?:共|仅|只有|只|计|增加|减少|新增|新建|死亡|出生|各)\s*$")
LONE_MAGNITUDE_BEFORE = "上近过逾超约达"  # 上万人, 近万元: 万 alone is one 万
SIGN_BEFORE = regex.compile(r"(?<![胜欺抱担自正])(负|負|零下)$")  # a minus written as a word
# a character after a number that is never a counter of its own (dates, places, ordinals, words)
UNKNOWN_UNIT_STOP = set("的了和与及或在是为年月日号时分秒岁周天期届次点至到多余以上下左右前后中内外等万亿千百十"
                        "楼层路区县市省乡镇村街巷届版页章节款级比倍余元人")
HAN = regex.compile(r"\p{Han}")
LIST_GAP = regex.compile(r"[^，。；;：:\n、,]{0,6}[、，,][^，。；;：:\n、,]{0,6}")  # 5头猪、200丛竹
JIAO = regex.compile(r"[ \t]*[角毛](?:钱|錢)")  # 五毛钱: a tenth of a 元 (bare 毛/角 are too often other words)
_RUBY = r"(?:\([a-zA-Z\u00C0-\u01DC]{1,8}\))?"  # 3.6萬(wàn)元: a pinyin gloss in web text

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


def tidy(d: Decimal | None) -> Decimal | None:
    """3082000.0 -> 3082000, 5.610 -> 5.61; never scientific notation."""
    if d is None:
        return None
    d = d.normalize()
    if d and d == d.to_integral_value():
        # 3.082E+6 -> 3082000: an integer is written out whole, however many digits it has
        # (a random stream), which is what int() gives exactly
        return Decimal(int(d))
    return d


@functools.lru_cache(maxsize=1 << 12)  # a pure function of the body, asked once per number
def _body_magnitudes(body: str) -> tuple[int, tuple[int, int]]:
    """(the magnitude the body ends with, what a range's bare lower end borrows from it)."""
    return _trailing_magnitude(body), _shared_magnitudes(body)


def _trailing_magnitude(body: str) -> int:
    """三千 -> 1000, 2.5万 -> 10000, 十万 -> 10000: the magnitude a range's lower end shares."""
    if body[-1] not in "千万萬亿億":
        return 1
    for k in range(min(2, len(body) - 1), 0, -1):
        if body[-k:] in MAGNITUDES and body[:-k] and body[-k - 1] not in CN_SMALL and body[-k - 1] not in CN_BIG:
            return MAGNITUDES[body[-k:]]
    if len(body) > 1 and body[-1] in MAGNITUDES:
        return MAGNITUDES[body[-1]]
    return 1


def _shared_magnitudes(body: str) -> tuple[int, int]:
    """What a range's bare lower end borrows from this upper end: (big, small).

    big is the trailing 万/亿 (十八至三十万 -> 万, 从8500到3万 -> 万); small also takes the
    unit after a single leading digit (两到三千 -> 千, 3至4千万 -> 千万), for a lower end
    that is a single digit too."""
    k = len(body)
    while k > 0 and body[k - 1] in "万萬亿億":
        k -= 1
    big = 1
    for c in body[k:]:
        big *= CN_BIG[c]
    rest = body[:k]
    if big != 1 and not rest:
        return 1, 1  # 万 alone (上万人)
    if len(rest) == 2 and rest[1] in CN_SMALL and (rest[0] in CN_DIGITS or rest[0].isdigit()):
        return big, big * CN_SMALL[rest[1]]
    return big, big


def _round(value: Decimal) -> bool:
    """One significant digit: 100, 500, 1000, 2万 — the shape of a threshold."""
    return value > 0 and len(value.normalize().as_tuple().digits) == 1


def _significant_step(value: Decimal) -> Decimal:
    """600 -> 100, 10.86万 -> 100: the place 余/多 counts from (600多 is 600–700)."""
    exp = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exp if isinstance(exp, int) else 0)
