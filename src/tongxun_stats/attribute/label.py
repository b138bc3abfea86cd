"""The label of a figure no canonical metric fits: a clean noun phrase from the text.

The words before the number are cut and tagged with jieba's dictionary (``tagger``),
the patterns' domain words first, so 承保份数 or 青春健康 are never cut. The label is the noun phrase that ends
right before the number (注册红十字会员 2.6万人 -> 红十字会员); when a verb stands
there instead (建成10家服务点) it is the noun phrase right after the number. Places,
pronouns, numerals and function words never make a label, and a label is at most a
few words: an empty metric is better than a wrong one.
"""
from __future__ import annotations

import regex

from ..tagger import LabelTagger

# Tags of words that may make a noun phrase (jieba's tag set): nouns of every kind,
# verbal and adjectival nouns, distinguishing words and abbreviations; a place name
# (ns) or a person's name (nr) is dropped from a label, never a part of it.
_NOUNISH = {"n", "nz", "nt", "ng", "vn", "an", "b", "j", "l", "i", "g", "x_domain"}
_PLACE_OR_PERSON = {"ns", "nr", "nrfg", "nrt"}
# Tags a phrase may lose at its end before the number: particles, adverbs, prepositions,
# conjunctions, numerals and classifiers, punctuation (共 / 已 / 的 / 为 / 达).
_SKIP_END = {"uj", "ul", "uz", "ug", "uv", "ud", "u", "d", "p", "c", "m", "q", "mq", "x", "y", "e", "o", "f", "zg"}
# 全县 / 我市 / 本区 are places too
_GENERIC_PLACE = regex.compile(r"^(?:(?:全|我|本|该|各)(?:省|自治区|区|市|州|县|旗|盟|镇|乡|村)|自治区)$")
_MAX_WORDS = 4
_MAX_CHARS = 12
AFTER_REACH = 16  # characters after the number a label may be read from
_HAN = regex.compile(r"\p{Han}")


# One-character suffixes that make a noun of the word before them (救护 + 员, 服务 + 点)
_NOUN_SUFFIX = set("员者率量额费金款点站队户数库所处室园馆证卡单表册村")


def _merge_suffixes(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for w, t in words:
        if len(w) == 1 and w in _NOUN_SUFFIX and out and _HAN.search(out[-1][0]) and out[-1][1] not in _SKIP_END:
            out[-1] = (out[-1][0] + w, "n")
        else:
            out.append((w, t))
    return out


def _fits(kept: list[str], w: str, max_words: int = _MAX_WORDS) -> bool:
    return len(kept) < max_words and sum(map(len, kept)) + len(w) <= _MAX_CHARS


def _phrase_before(words: list[tuple[str, str]]) -> str:
    """The noun phrase that ends the clause before a number (nouns only, read backwards)."""
    seq = list(reversed(words))
    while seq and seq[0][1] in _SKIP_END:
        seq.pop(0)
    kept: list[str] = []
    for w, t in seq:
        if t in _PLACE_OR_PERSON or _GENERIC_PLACE.match(w):
            if kept:
                break
            continue  # a place right before the number (钦州市 25010份) is the region, not the label
        if not _HAN.search(w) or not _fits(kept, w):
            break
        if t not in _NOUNISH:
            # a verb opening the clause may modify the noun after it (造血干细胞库容)
            if kept and t == "v" and (w, t) == seq[-1]:
                kept.append(w)
            break
        kept.append(w)
    label = "".join(reversed(kept))
    return label if len(label) >= 2 else ""


def _phrase_after(words: list[tuple[str, str]], predicates: frozenset[str]) -> str:
    """The noun phrase right after a number (10家造血干细胞捐献基层服务点, 130㎡的水泥板新房):
    up to the first punctuation, particle, place or predicate verb (开展), ending on a noun;
    another verb may stand inside it (捐献)."""
    if words and words[0][0] == "的":
        words = words[1:]
    kept: list[tuple[str, str]] = []
    for i, (w, t) in enumerate(words):
        if not _HAN.search(w) or t in _SKIP_END or t in _PLACE_OR_PERSON or t in ("r", "p", "c") \
                or w in predicates or not _fits([k for k, _t in kept], w, _MAX_WORDS + 1):
            break
        if t not in _NOUNISH and (i + 1 >= len(words) or words[i + 1][1] not in _NOUNISH):
            break  # a verb inside a noun phrase modifies the noun after it (捐献基层服务点)
        kept.append((w, t))
    while kept and kept[-1][1] not in _NOUNISH:
        kept.pop()
    label = "".join(w for w, _t in kept)
    return label if len(label) >= 2 else ""


def noun_phrase(tagger: LabelTagger, before: str, after: str, *, predicates: frozenset[str] = frozenset(),
                reject=frozenset()) -> str:
    """The label for a number between ``before`` (its clause up to it) and ``after``
    (what follows it in the clause): the noun phrase ending before it, else the one
    starting right after it (stopping at a ``predicates`` verb), else "". A phrase in
    ``reject`` (a metric alias that did not fit, a programme's name) is no label."""
    label = _phrase_before(_merge_suffixes(tagger.tag(before)))
    if not label or label in reject:
        label = _phrase_after(_merge_suffixes(tagger.tag(after[:AFTER_REACH])), predicates)
    return "" if label in reject else label
