"""Consistency checks: one document's figures held against each other.

The rules live in ``patterns/checks.tsv``, three kinds:

- ``ratio``: a stated rate (完成率 157.64%) against the figures it is computed
  from (承保份数 283753份 ÷ 任务数 18万份 × 100), taking the nearest ones;
- ``sum``: a stated total against the parts listed after 其中 (needs the text);
- ``outlier``: a per-unit amount (保费金额 ÷ 承保份数) far from the same amount
  elsewhere in the document, or outside a sane range when there are too few.

Figures pair when they are in the same document, region and programme (or one
side has none) and close in the text: the same sentence, or the same line within
``NEAR_CHARS``; a candidate never reaches past another stated figure of the same
metric. Every comparison allows for the rounding of each number as written
(``157.64%`` is 157.635–157.645, ``18万份`` 17.5–18.5万, ``10.86万余人`` 10.86–10.87万)
and for a stated figure that was truncated instead of rounded (120% for 120.67%).
Overlap is ``confirmed``; a ``mismatch`` is reported only when the pairing is
unambiguous, else the check says nothing.

Modules, in the order a check runs: ``rules`` (checks.tsv -> Checks), ``pairing``
(which figures go together), ``intervals`` (numbers as written), ``ratios``,
``sums`` and ``outliers`` (one per rule kind), ``findings`` (the Finding record), ``run`` (all rules over a document's figures), ``flags`` (review flags per figure).
This module only re-exports the public names.
"""
from __future__ import annotations

from .findings import FINDING_COLUMNS, FINDING_KINDS, Finding
from .flags import figure_flags, flag_figures
from .rules import Checks, Rule, default_checks, load_checks
from .run import check_figures

__all__ = [
    "Checks", "Finding", "Rule", "check_figures", "default_checks",
    "figure_flags", "flag_figures", "load_checks", "FINDING_COLUMNS", "FINDING_KINDS",
]
