"""The attribution grammar's word lists (``patterns/words.tsv``), compiled once.

A ``Vocabulary`` is built from a ``Patterns``' word lists and travels with it
(``Patterns.vocabulary``); the attribution functions take it as an argument.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import regex

WORD_LISTS = (
    "lead_connectives", "reporting_verbs", "comparators", "period_frames", "report_words", "cited_reports",
    "dateline_words", "issuer_bodies", "issuer_verbs", "venue_words", "attributive_words", "list_separators",
    "list_ends", "bodies", "national_bodies", "national_frames", "media_words", "media_exceptions",
    "per_unit_counters", "benefit_words", "label_trim", "predicate_verbs", "activity_verbs", "activity_nouns",
)


def _alt(words) -> str:
    """One regex alternative for literal words, longest first."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, eq=False)
class Vocabulary:
    words: Mapping[str, tuple[str, ...]]

    def __post_init__(self):
        w = {name: _alt(self.words.get(name, ())) or "(?!)" for name in WORD_LISTS}
        set_ = functools.partial(object.__setattr__, self)
        # -- period ----------------------------------------------------------------
        # what may stand before a paragraph's leading period without taking the lead
        # from it: a section tag (【组织建设】), a dateline and byline, a connective or a
        # reporting clause (记者在会上获悉，)
        set_("lead", regex.compile(
            rf"^(?:【[^】\n]{{1,12}}】\s*)?(?:[^，,。；;\n]{{0,20}}?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:{w['dateline_words']})\s*)?"
            rf"(?:[（(][^）)\n]{{0,40}}[)）]\s*)?(?:{w['lead_connectives']}|[^，,。；;\n]{{0,20}}?(?:{w['reporting_verbs']}))?"
            r"[，,:：\s]*"))
        set_("comparator", regex.compile(rf"(?:{w['comparators']})\s*$"))
        set_("frames", regex.compile(rf"\s*(?:[，,；;：:]|{w['period_frames']})"))
        set_("report_year", regex.compile(rf"(\d{{4}})\s*年度?[^，。\n]{{0,16}}?(?:{w['report_words']})"))
        set_("cited_report", regex.compile(rf"(\d{{4}})\s*年度?\s*(?:{w['cited_reports']})"))
        set_("dateline_after", regex.compile(rf"\s*(?:{w['dateline_words']})"))
        # -- region ------------------------------------------------------------------
        set_("issuer", regex.compile(rf"\s*(?:{w['issuer_bodies']})?\s*(?:{w['issuer_verbs']})"))
        set_("venue", regex.compile(rf"\s*(?:{w['venue_words']})"))
        set_("attributive", regex.compile(rf"\s*(?:(?:县|市|区)?级|{w['attributive_words']})"))
        set_("list_sep", regex.compile(rf"\s*(?:{w['list_separators']})\s*"))
        set_("list_end", regex.compile(rf"(?:{w['list_ends']})"))
        set_("bare_level", regex.compile(
            rf"(?:(?<![\p{{Han}}])|(?<=[由从在向对与和经据让为是的了及、而]))(?P<x>省|市|县|区)(?={w['bodies']})"))
        set_("national", regex.compile(rf"中国(?={w['national_bodies']})|全国(?={w['national_frames']})"))
        set_("media", regex.compile(rf"(?!{w['media_exceptions']})(?:{w['media_words']})"))
        # -- metric ------------------------------------------------------------------
        set_("per_unit", regex.compile(rf"每(?:{w['per_unit_counters']})"))
        set_("benefit", regex.compile(rf"(?:{w['benefit_words']})"))
        set_("label_trim", regex.compile(rf"(?:{w['label_trim']})+$"))
        set_("predicate_verbs", frozenset(self.words.get("predicate_verbs", ())))
        # -- programme ----------------------------------------------------------------
        set_("activity", regex.compile(rf"(?:{w['activity_verbs']})[^，,。；;\n]{{0,15}}?(?:{w['activity_nouns']})"))
