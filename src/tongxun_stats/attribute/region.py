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


def resolve_generic(index: PlaceIndex, kind: str, home: str | None, province: str | None) -> str | None:
    """全区 / 我市 / 本县 / 自治区 -> a code, against the article's home place."""
    if kind in ("省", "自治区"):
        return province
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


def subject_mentions(text: str, mentions: list[Mention], skip_spans) -> list[Mention]:
    """Mentions that can be a figure's subject: not an issuer, not inside a metric label."""
    out = []
    for m in mentions:
        if ISSUER.match(text, m.end) or NOT_SUBJECT.match(text, m.end):
            continue
        if any(s <= m.start and m.end <= e for s, e in skip_spans):
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
