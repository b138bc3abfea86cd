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

from collections import Counter

import regex

from ..patterns import bundled_vocabulary
from ..places import LEVEL_RANK, NATIONAL_CODE, Mention, PlaceIndex
from ..vocabulary import Vocabulary

_HAN = regex.compile(r"\p{Han}")


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
    return LEVEL_RANK[index[code].level]


def narrow(index: PlaceIndex, m: Mention, province: str | None, context: str | None) -> list[str]:
    """The codes a named mention can still mean: those in the home province, then those
    in the context's prefecture; more than one left means the place was guessed."""
    if m.generic or not m.candidates:
        return []
    cands = list(dict.fromkeys(index.county_of(c) for c in m.candidates))
    if len(cands) > 1 and province:
        inside = [c for c in cands if index[c].province == province]
        cands = inside or cands
    if len(cands) > 1 and context:
        pref = index.prefecture_of(context)
        near = [c for c in cands if index.prefecture_of(c) == pref]
        cands = near or cands
    return cands


def pick(index: PlaceIndex, m: Mention, province: str | None, context: str | None) -> str | None:
    """One code for a named mention (townships resolve to their county)."""
    cands = narrow(index, m, province, context)
    return cands[0] if cands else None


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
    if kind in ("州", "盟"):
        return index.prefecture_of(home) or home
    return home


def subject_mentions(text: str, mentions: list[Mention], skip_spans, index: PlaceIndex, *, home_below_province: bool,
                     vocab: Vocabulary | None = None) -> list[Mention]:
    """Mentions that can be a figure's subject: not an issuer, not inside a metric label,
    not a province used as an attribute (广西农村信用联合社, 健康广西, 自治区级项目)."""
    vocab = vocab or bundled_vocabulary()
    out = []
    for m in mentions:
        # a place that hands down a target is the issuer (自治区下达18万份); one before
        # 召开 / 分公司 a venue or a company; one after 向 / 通过 a recipient or a go-between
        if vocab.issuer.match(text, m.end) or vocab.venue.match(text, m.end) or vocab.recipient.search(
                text, max(0, m.start - 4), m.start):
            continue
        if (m.short and all(index[c].level == "province" for c in m.candidates) and _HAN.match(text, m.end)
                and not vocab.list_end.match(text, m.end)):  # 北京、天津等: members of a list
            continue
        # 自治区计生协 / 自治区级 in a city's article name the body above, not the subject
        if m.generic in ("自治区", "省") and home_below_province and vocab.attributive.match(text, m.end):
            continue
        if skip_spans.covers(m.start, m.end):
            continue
        out.append(m)
    return out


def place_lists(text: str, mentions: list[Mention], vocab: Vocabulary | None = None) -> list[list[Mention]]:
    """Runs of two or more named places joined by 、/和/及 (贵港市、百色市). A chain of
    names written together (峨山县甸中镇) is one member, standing as its finest name."""
    sep = (vocab or bundled_vocabulary()).list_sep
    runs: list[list[Mention]] = []
    cur: list[Mention] = []
    for m in mentions:
        if m.generic:
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
            continue
        if cur and m.start == cur[-1].end:
            cur[-1] = m  # the chain goes on: keep its finest name
        elif cur and sep.fullmatch(text, cur[-1].end, m.start):
            cur.append(m)
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = [m]
    if len(cur) >= 2:
        runs.append(cur)
    return runs


def covering(index: PlaceIndex, codes: list[str]) -> str | None:
    """The finest place that contains every one of ``codes`` (a list's covering unit)."""
    def chain(code: str) -> list[str]:
        out = []
        while code:
            out.append(code)
            code = index[code].parent
        return out[::-1]  # province first

    chains = [chain(index.county_of(c)) for c in codes]
    common = None
    for level in zip(*chains, strict=False):
        if len(set(level)) != 1:
            break
        common = level[0]
    return common


def _list_cover(index: PlaceIndex, run: list[Mention], province: str | None, home: str | None) -> str | None:
    """The covering unit of a list of places, None when a member names no place."""
    codes = [c for c in (pick(index, x, province, home) for x in run) if c]
    return covering(index, codes) if len(codes) == len(run) else None


def _county_votes(index: PlaceIndex, mentions: list[Mention], province: str | None) -> Counter[str]:
    """Every named place below the province votes for its county (a township for the
    county it lies in)."""
    votes: Counter[str] = Counter()
    for m in mentions:
        if m.generic or not m.candidates:
            continue
        code = pick(index, m, province, None)
        if code is None or code == NATIONAL_CODE or index[code].level == "province":
            continue
        votes[index.county_of(code)] += 1
    return votes


def _prefecture_of_votes(index: PlaceIndex, votes: Counter[str], unanimous: bool) -> str | None:
    """The prefecture the counties' votes add up to (all of them, when ``unanimous``)."""
    prefectures: Counter[str] = Counter()
    for code, n in votes.items():
        pref = index.prefecture_of(code)
        if pref:
            prefectures[pref] += n
    if not prefectures:
        return None
    top, n = prefectures.most_common(1)[0]
    return top if not unanimous or n == sum(votes.values()) else None


def infer_home(index: PlaceIndex, mentions: list[Mention], province: str | None) -> str | None:
    """The place a document is about when no signature, title or masthead names it,
    weighed from the whole text: every named place votes for its county (a township
    for the county it lies in), and the words the text uses of itself (全市, 市计生协,
    全县) say whether the home is a county, a city or the province."""
    votes = _county_votes(index, mentions, province)
    levels = Counter(m.generic for m in mentions if m.generic)
    want = max(levels, key=levels.get) if levels else ""
    if want in ("省", "自治区"):
        return province
    if not votes:
        return None
    cities = [c for c in votes if index[c].level == "county" and index[c].name.endswith("市")]
    if want == "市" and len(votes) == 1 and cities:
        return cities[0]  # 海伦市全市: a county-level city speaking of itself
    if want in ("市", "州", "盟") or (not want and len(votes) > 1):
        # without a generic word, a prefecture only when all its votes agree
        pref = _prefecture_of_votes(index, votes, unanimous=not want)
        if pref:
            return pref
    if not want and len(votes) > 1:
        return None
    return votes.most_common(1)[0][0]


def region_for(index: PlaceIndex, t: str, q, sentence, *, home: str | None, province: str | None,
               carry: str | None) -> tuple[str | None, str]:
    """The code of the place quantity ``q`` is about (see the module docstring), and the
    name it was read from when that name fits several places (else "")."""
    named = [m for m in sentence.mentions if not m.generic]
    m = respectively(t, q, sentence, named)
    if m is None:
        before = [x for x in sentence.mentions if x.end <= q.start]
        m = before[-1] if before else None
        run = next((r for r in sentence.lists if m in r), None) if m is not None else None
        if run is not None:  # the covering unit of a list, not its last member
            return _list_cover(index, run, province, home) or carry or home, ""
    if m is None:
        return carry or home, ""
    if m.generic:
        named_before = [x for x in named if x.end <= m.start]
        local = pick(index, named_before[-1], province, home) if named_before else carry
        return resolve_generic(index, m.generic, home, province, local) or carry or home, ""
    cands = narrow(index, m, province, home)
    if not cands:
        return carry or home, ""
    return cands[0], (m.text if len(cands) > 1 else "")


def sentence_topic(index: PlaceIndex, mentions: list[Mention], *, home: str | None, province: str | None,
                   carry: str | None, lists=()) -> str | None:
    """The place a sentence is about (its first named place), carried to the next sentences.
    A chain of names written together (桂林市七星区七星街道) means its last, finest one;
    a list of places (峨山县甸中镇、新平县平掌乡…) its covering unit."""
    for k, m in enumerate(mentions):
        code = resolve_generic(index, m.generic, home, province, carry) if m.generic else pick(index, m, province, home)
        if not code:
            continue
        for nxt in mentions[k + 1 :]:
            if nxt.generic or nxt.start != m.end:
                break
            code = pick(index, nxt, province, code) or code
            m = nxt
        run = next((r for r in lists if r[0].start <= m.start <= r[-1].start), None)
        if run is not None:  # the chain's finest name is a list's member: the list's covering unit
            return _list_cover(index, run, province, home) or carry
        return code
    return carry


def respectively(t: str, q, sentence, named_before):
    """With 分别, the i-th number of a run goes to the i-th place named before it:
    a list (贵港市、百色市分别完成…) or the subjects of the clauses before
    (浏阳市参保…，宁乡市参保…，分别完成年度任务的105%、98%). ``sentence`` gives the
    quantities, the place lists and the start of the sentence ``q`` is in."""
    quants, lists = sentence.quantities, sentence.lists
    k = t.rfind("分别", sentence.start, q.start)
    if k < 0:
        return None
    # the run of numbers this one belongs to: consecutive, joined by 、/和/及
    seq: list = []
    for x in quants:
        if x.start <= k:
            continue
        if seq and t[seq[-1].end : x.start].strip() not in ("、", "和", "及", "，"):
            if q in seq:
                break
            seq = []
        seq.append(x)
    if q not in seq or len(seq) < 2:
        return None
    for run in reversed(lists):
        if run[-1].end <= k and len(run) == len(seq):
            return run[seq.index(q)]
    subjects: list = []
    for m in named_before:
        if m.end <= k:
            subjects = [s for s in subjects if s.text != m.text] + [m]
    if len(subjects) >= len(seq):
        return subjects[-len(seq):][seq.index(q)]
    return None
