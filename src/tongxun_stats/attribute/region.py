"""Region: the place a figure is about.

The nearest place named before the number in its sentence wins
(``钦州市（13.77%）`` gives 钦州市); a sentence that names none is about the
topic of the paragraph so far; a paragraph that names none is about the
article's home place (its signature unit, else its title). Generic words
resolve against that home place: 全市/我市 is the signature's city, 全区 is the
district when the article is a district's, else the autonomous region.
``分别`` pairs a list of places with a list of numbers in order.
"""
from __future__ import annotations

import regex

from ..places import Mention, PlaceIndex

# a place that hands down a target is the issuer, not the subject: 自治区下达18万份
ISSUER = regex.compile(r"\s*(?:计生协|计划生育协会|卫生健康委|人民政府|政府)?\s*(?:下达|下发|安排)")
# company and meeting names mention places that are not the subject
NOT_SUBJECT = regex.compile(r"\s*(?:会议|分公司|支公司|办事处|会上)")
# 自治区计生协 / 自治区级 / 省级 in a city's article name the body above, not the subject
PROVINCE_ATTRIBUTIVE = regex.compile(r"\s*(?:(?:县|市|区)?级|计生协|计划生育协会|卫生健康委|卫健委|党委|政府|人民政府|财政|本级|层面)")
_HAN = regex.compile(r"\p{Han}")
LIST_SEP = regex.compile(r"\s*(?:、|和|与|及|以及)\s*")


def home_of(index: PlaceIndex, mentions: list[Mention], province: str | None) -> str | None:
    """The finest named place among ``mentions`` (a signature or a title)."""
    best = None
    for m in mentions:
        code = pick(index, m, province, None)
        if code is None:
            continue
        code = index.county_of(code)
        if best is None or _rank(index, code) > _rank(index, best):
            best = code
    return best


def _rank(index: PlaceIndex, code: str) -> int:
    return {"province": 0, "prefecture": 1, "county": 2, "township": 3}[index[code].level]


def pick(index: PlaceIndex, m: Mention, province: str | None, context: str | None) -> str | None:
    """One code for a named mention: prefer the home province, then the context's prefecture."""
    if m.generic or not m.candidates:
        return None
    cands = list(m.candidates)
    if len(cands) > 1 and province:
        inside = [c for c in cands if index[c].province == province]
        cands = inside or cands
    if len(cands) > 1 and context:
        pref = index.prefecture_of(context)
        near = [c for c in cands if index.prefecture_of(c) == pref]
        cands = near or cands
    code = cands[0]
    return index.county_of(code) if index[code].level == "township" else code


def _fits(index: PlaceIndex, kind: str, code: str | None) -> bool:
    if not code:
        return False
    p = index[code]
    if kind == "区":
        return p.level == "county" and p.name.endswith("区")
    if kind == "市":
        return p.level == "prefecture" or (p.level == "county" and p.name.endswith("市"))
    if kind in ("县", "旗"):
        return p.level == "county" and not p.name.endswith("区")
    if kind in ("州", "盟"):
        return p.level == "prefecture"
    return False


def resolve_generic(index: PlaceIndex, kind: str, home: str | None, province: str | None, local: str | None = None) -> str | None:
    """全区 / 我市 / 本县 / 自治区 -> a code: the place just named if it is of that kind
    (藤县计生协…为全县), else the article's home place."""
    if kind in ("省", "自治区"):
        return province
    if _fits(index, kind, local):
        return local
    if home is None:
        return province
    h = index[home]
    if kind == "区":
        if h.level == "county" and h.name.endswith("区"):
            return home
        if province and index[province].name.endswith("自治区"):
            return province
        return home
    if kind == "市":
        if h.level == "prefecture" or (h.level == "county" and h.name.endswith("市")):
            return home
        if h.level == "county":
            return index.prefecture_of(home) or home
        return home
    if kind in ("县", "旗"):
        return home if h.level == "county" else home
    if kind in ("州", "盟"):
        return index.prefecture_of(home) or home
    return home


def subject_mentions(text: str, mentions: list[Mention], skip_spans, index: PlaceIndex, home_below_province: bool) -> list[Mention]:
    """Mentions that can be a figure's subject: not an issuer, not inside a metric label,
    not a province used as an attribute (广西农村信用联合社, 健康广西, 自治区级项目)."""
    out = []
    for m in mentions:
        if ISSUER.match(text, m.end) or NOT_SUBJECT.match(text, m.end):
            continue
        if m.short and all(index[c].level == "province" for c in m.candidates) and _HAN.match(text, m.end):
            continue
        if m.generic in ("自治区", "省") and home_below_province and PROVINCE_ATTRIBUTIVE.match(text, m.end):
            continue
        if skip_spans.covers(m.start, m.end):
            continue
        out.append(m)
    return out


def place_lists(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of two or more named places joined by 、/和/及 (贵港市、百色市)."""
    runs: list[list[Mention]] = []
    cur: list[Mention] = []
    for m in mentions:
        if m.generic:
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
            continue
        if cur and LIST_SEP.fullmatch(text, cur[-1].end, m.start):
            cur.append(m)
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = [m]
    if len(cur) >= 2:
        runs.append(cur)
    return runs
