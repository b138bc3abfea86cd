"""Programme: the programme or product a figure belongs to.

Names come from ``patterns/programmes.tsv`` (literal aliases, then regexes in file
order; a ``*`` row names an unlisted insurance product by what it matched). A figure
takes the programme named in its own clause before it, else right after it in that
clause (``下拨 44 万用于…购买关爱保险``), else earlier in its sentence, else the one the
article was last about.
"""
from __future__ import annotations

from ..patterns import Patterns
from ..spans import SpanSet

Mention = tuple[int, int, str]  # start, end, programme


def find_programmes(text: str, patterns: Patterns) -> list[Mention]:
    found = [(s, e, patterns.programmes[w]) for s, e, w in patterns.programme_scan.find(text)]
    # a span already named (by a literal alias or an earlier regex) is not named
    # again by a later, more generic regex
    for rx, name in patterns.programme_regexes:
        taken = SpanSet((s, e) for s, e, _ in found)
        for m in rx.finditer(text):
            if not taken.touches(m.start(), m.end()):
                found.append((m.start(), m.end(), m.group("name") if name == "*" else name))
    return sorted(found)


def programme_for(sentence_mentions: list[Mention], clause_lo: int, start: int, end: int, clause_hi: int, carry: str) -> str:
    in_clause = [p for p in sentence_mentions if clause_lo <= p[0] < start]
    if in_clause:
        return in_clause[-1][2]
    after = [p for p in sentence_mentions if end <= p[0] < clause_hi]
    if after:
        return after[0][2]
    earlier = [p for p in sentence_mentions if p[0] < clause_lo]
    return earlier[-1][2] if earlier else carry
