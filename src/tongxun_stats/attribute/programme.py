"""Programme: the programme or product a figure belongs to.

Names come from ``patterns/programmes.tsv`` (literal aliases, then regexes in file
order; a ``*`` row names an unlisted insurance product by what it matched). A figure
takes the programme named in its own clause before it, else right after it in that
clause (``下拨 44 万用于…购买关爱保险``), else earlier in its sentence, else the one the
article was last about.
"""
from __future__ import annotations

import bisect

import regex

from ..patterns import Patterns
from ..spans import SpanSet

Mention = tuple[int, int, str]  # start, end, programme

# A project in quotes (“博爱送万家”活动, 『情暖童心·乡伴童行』项目, 计生“三结合”帮扶项目):
# the quoted name with what follows it up to the generic word.
PROJECT = regex.compile(
    r"(?P<pre>计生|计划生育)?[“\"『「](?P<name>[^”\"』」\n，。、]{2,14})[”\"』」](?P<tail>[\p{Han}]{0,6}?)"
    r"(?:项目|活动|行动|工程|基金|品牌)")


# a quoted day or festival (“5·29”会员活动日, “世界人口日”) names when, not a programme
_DAY = regex.compile(r"^[\d·.．\s]+|[日节周]$")


# A project named as the frame of what follows (在市级第七轮帮扶项目中，…): 在 X 项目 中.
# 在 is matched, not looked behind for: a literal start lets the regex jump from one 在 to
# the next (a lookbehind is tried at every position, 5x slower); no name ends with 在, so
# the matches are the same.
FRAMING_PROJECT = regex.compile(r"在(?P<name>[\p{Han}]{2,12}?(?:项目|工程|行动))(?=中)")


def _quoted_projects(text: str) -> list[Mention]:
    quoted = [(m.start(), m.end(), (m.group("pre") or "") + m.group("name") + m.group("tail"))
              for m in PROJECT.finditer(text) if not _DAY.search(m.group("name"))]
    framing = [(m.start("name"), m.end(), m.group("name")) for m in FRAMING_PROJECT.finditer(text)]
    return quoted + framing


def _longer_names_win(listed: list[Mention], named: list[Mention]) -> list[Mention]:
    """``listed`` (sorted, non-overlapping) with each one that a longer ``named`` span
    holds replaced by that name, plus the named spans that touch no other; linear: the
    listed spans are looked up by bisection, the named ones met in order of start."""
    starts = [s for s, _e, _p in listed]

    def holds_a_shorter_listed(n: Mention) -> bool:
        i = bisect.bisect_left(starts, n[0])
        while i < len(listed) and listed[i][0] < n[1]:
            s, e, _p = listed[i]
            if e <= n[1] and n[1] - n[0] > e - s:
                return True
            i += 1
        return False

    longer = [n for n in named if holds_a_shorter_listed(n)]
    in_longer = SpanSet((s, e) for s, e, _p in longer)
    found = [x for x in listed if not in_longer.covers(x[0], x[1])] + longer
    taken = SpanSet((s, e) for s, e, _ in found)
    chosen, last_end = set(longer), -1
    for n in named:  # by start: an accepted name ends before the next one may start
        if n in chosen or taken.touches(n[0], n[1]) or n[0] < last_end:
            continue
        found.append(n)
        last_end = max(last_end, n[1])
    return found


def find_programmes(text: str, patterns: Patterns, province: str = "") -> list[Mention]:
    """Every programme mention, left to right. Listed aliases first; a product named by a
    ``*`` regex (计生家庭综合保险) or a quoted project (“博爱送万家”活动) that is longer
    than a listed alias inside it is that product, not the listed one. A listed product
    of another province than ``province`` (the document's, a full name) is named as
    written: 计生系列保险 in Hunan is Hunan's product, not Guangxi's 计生家庭系列保险."""
    home = patterns.programme_provinces

    def as_named(word: str) -> str:
        canonical = patterns.programmes[word]
        return word if province and home.get(canonical, province) != province else canonical

    listed = sorted((s, e, as_named(w)) for s, e, w in patterns.programme_scan.find(text))
    named = _quoted_projects(text)
    for rx, programme in patterns.programme_regexes:
        if programme == "*":
            named += [(m.start("name"), m.end("name"), m.group("name")) for m in rx.finditer(text)]
    named.sort()
    found = _longer_names_win(listed, named)
    # a span already named is not named again by a later, more generic regex
    for rx, programme in patterns.programme_regexes:
        if programme == "*":
            continue
        taken = SpanSet((s, e) for s, e, _ in found)
        for m in rx.finditer(text):
            if not taken.touches(m.start(), m.end()):
                found.append((m.start(), m.end(), programme))
    return sorted(found)


# a purchase verb right before a product after the number: the figure is what was bought
# (为…721位成员缴纳了生育关怀保险, 为3700多户家庭购买计生系列保险)
BOUGHT = regex.compile(r"(?:购买|缴纳|投保|参加|参保|办理|签订)了?\s*$")


def bought_before(text: str, after: int, at: int) -> bool:
    """Does a purchase verb stand right before ``at`` (a product's name), not before ``after``?"""
    return bool(BOUGHT.search(text, max(after, at - 6), at))


def programme_for(sentence_mentions: list[Mention], clause_lo: int, start: int, end: int, clause_hi: int, *,
                  carry: str, text: str = "") -> str:
    """The programme of the figure at [start, end): see the module docstring."""
    in_clause = [p for p in sentence_mentions if clause_lo <= p[0] < start]
    after = [p for p in sentence_mentions if end <= p[0] < clause_hi]
    if after and text and bought_before(text, end, after[0][0]):
        return after[0][2]
    if in_clause:
        return in_clause[-1][2]
    if after:
        return after[0][2]
    earlier = [p for p in sentence_mentions if p[0] < clause_lo]
    return earlier[-1][2] if earlier else carry


def fuller_name(programme: str, known) -> str:
    """A product named short (意外伤害保险) after its full name (计生家庭意外伤害保险, in
    the title or just before) is that product."""
    if not programme:
        return programme
    for name in known:
        if name and name != programme and name.endswith(programme):
            return name
    return programme
