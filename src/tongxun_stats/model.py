"""Records passed between pipeline stages.

Everything here is a frozen dataclass: stages build new records instead of
mutating old ones, so a Figure can be handed to any thread or process.
Offsets are half-open ``[start, end)`` character indexes; a Figure's offsets
point into the ORIGINAL text, the intermediate records' into the normalised one.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal


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
    sentence: str = ""
    article: str = ""
    issue_date: str = ""
    lower: Decimal | None = None
    upper: Decimal | None = None
    flags: str = ""
    precision: Decimal | None = None  # the Quantity's step: how finely the number was written
    ocr_confidence: float | None = None  # read from a scanned page: the recogniser's confidence (0-1)

    def as_dict(self) -> dict:
        return asdict(self)


FIGURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Figure))


def plain_number(d: Decimal) -> int | float:
    """A Decimal as the plain number a CSV cell or a JSON value holds: 3082000, 53.88."""
    if d.is_finite() and d == d.to_integral_value():
        return int(d)
    return float(str(d))
