"""Records passed between pipeline stages.

Everything here is a frozen dataclass: stages build new records instead of
mutating old ones, so a Figure can be handed to any thread or process.
Offsets are half-open ``[start, end)`` character indexes; a Figure's offsets
point into the ORIGINAL text, the intermediate records' into the normalised one.
A Figure refers to its sentence and article by span into its :class:`Document`
(as a spaCy ``Span`` does to its ``Doc``); their strings are made only when a row
is written.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from .clip import clip_title, sentence_window

if TYPE_CHECKING:  # for the annotations only: model stays the bottom of the package
    from .normalise import LineIndex, Normalised
    from .structure import Structure


class FlagCode(str, Enum):
    """Why a row needs a second look. Stages record the code (and a detail); the words
    are written only when a row is exported (``str(flag)``)."""

    REGION_AMBIGUOUS = "region ambiguous"  # detail: the name that fits several places
    PERIOD_FROM_ISSUE_DATE = "period from issue date"
    UNIT_INFERRED = "unit inferred"
    PER_UNIT = "per-unit amount"
    RANGE = "range"
    CHECK = "check"  # detail: "outlier: 每份保费" (the finding's kind and rule)
    NO_REGION = "no region"
    RANGE_HALF_PARSED = "range half-parsed"
    OCR = "ocr"  # read from a scanned page


@dataclass(frozen=True, slots=True)
class Flag:
    code: FlagCode
    detail: str = ""

    def __str__(self) -> str:
        if not self.detail:
            return self.code.value
        sep = " " if self.code is FlagCode.CHECK else ": "
        return f"{self.code.value}{sep}{self.detail}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as parsed from text (normalised offsets)."""

    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str = ""
    lower: Decimal | None = None
    upper: Decimal | None = None
    unit_inferred: bool = False  # the text gave a magnitude but no unit
    step: Decimal | None = None  # place value of the last written digit: 1.32亿 -> 1000000


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """One document as the stages saw it: its name, the original text, and what
    normalising and splitting it learned (the normalised text with its offset map,
    the structure, the line index). Its figures point into it by offsets.

    ``titles`` maps each article's start (an original offset) to its title. A
    Document sent to another process carries only its name, text and titles: that
    is all a row needs, and the rest would double the bytes sent.

    >>> doc = Document("a.txt", "全区共承保308.2万份。")
    >>> doc.text[5:11]
    '308.2万'
    """

    name: str
    text: str
    titles: Mapping[int, str] = field(default_factory=dict)
    norm: Normalised | None = None
    structure: Structure | None = None
    lines: LineIndex | None = None

    def __reduce__(self):
        return (Document, (self.name, self.text, dict(self.titles)))


@dataclass(frozen=True, slots=True)
class Figure:
    """One reported measurement: the output row (fields of ANNOTATION.md and more)."""

    doc: str
    line: int
    raw: str
    value: Decimal
    unit: str
    metric: str = ""
    region: str = ""
    region_code: str = ""  # GB/T 2260 code of ``region``
    program: str = ""
    qualifier: str = ""
    period: str = ""
    metric_text: str = ""
    start: int = 0
    end: int = 0
    # the sentence and the article the figure stands in, as original offsets into ``document``
    sentence_start: int = 0
    sentence_end: int = 0
    article_start: int = 0
    issue_date: str = ""
    lower: Decimal | None = None
    upper: Decimal | None = None
    flags: tuple[Flag, ...] = ()  # structured; rendered "; "-joined at export
    precision: Decimal | None = None  # the Quantity's step: how finely the number was written
    ocr_confidence: float | None = None  # read from a scanned page: the recogniser's confidence (0-1)
    document: Document | None = field(default=None, compare=False, repr=False)

    @property
    def sentence(self) -> str:
        """The sentence as written, clipped to a window around the figure (``clip``)."""
        if self.document is None:
            return ""
        return sentence_window(self.document.text, self.sentence_start, self.sentence_end, self.start, self.end)

    @property
    def article(self) -> str:
        """The title of the article the figure stands in (clipped, ``clip.TITLE_MAX``)."""
        if self.document is None:
            return ""
        return clip_title(self.document.titles.get(self.article_start, ""))

    def same_sentence(self, other: Figure) -> bool:
        """Do both figures stand in one sentence of one document?"""
        return (self.document is other.document and self.document is not None
                and self.sentence_start == other.sentence_start and self.sentence_end == other.sentence_end)

    def as_dict(self) -> dict:
        """The fields as a shallow dict (``Figure(**f.as_dict())`` is ``f``)."""
        return {x.name: getattr(self, x.name) for x in fields(self)}

    def has(self, code: FlagCode) -> bool:
        """Does a flag of this code stand on the row?"""
        return any(x.code is code for x in self.flags)

    def with_flags(self, *more: Flag) -> Figure:
        """This row with ``more`` flags added after its own (no repeats); the row itself
        when it already has them all (a copy of a row of 27 fields is not free)."""
        flags = tuple(dict.fromkeys((*self.flags, *more)))
        return self if flags == self.flags else replace(self, flags=flags)


def flags_text(flags: tuple[Flag, ...]) -> str:
    """The flags as an exported cell: "unit inferred; check outlier: 每份保费"."""
    return "; ".join(map(str, flags))


def plain_number(d: Decimal) -> int | float:
    """A Decimal as the plain number a CSV cell or a JSON value holds: 3082000, 53.88."""
    if d.is_finite() and d == d.to_integral_value():
        return int(d)
    return float(str(d))
