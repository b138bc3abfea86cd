"""Shared helpers for the attribution tables (tests/test_attribution_*.py).

Each row is a real sentence, or a short document built around it, and the whole
attribution one figure in it must get: ``(metric, region, program, period)``.
Rows come from three places, named by the row's id prefix:

- ``gx``: the two Guangxi newsletters (text in ``samples/``, gold in the shared
  eval set), wrapped as a newsletter article: a title, the paragraph, the
  article's signature line and a 印发 footer naming the publisher and the date;
- ``dev2``: the 32 reports from other provinces (``dev2/dNN`` in the shared
  corpus), as the header lines that date and place them plus a paragraph or two;
- ``hard``: cases written here to follow ``ANNOTATION.md`` where the code is likely
  to slip (a place name inside an ordinary word, a national body, year-less dates…).

A row the code gets wrong stays in the table, marked ``xfail(strict=True)`` with
the reason: the expected value is the contract's, never what the code says.
"""
from __future__ import annotations

import pytest

from tongxun_stats.pipeline import extract_text

FIELDS = ("metric", "region", "program", "period")


def newsletter(body: str, signature: str = "", issued: str = "2020年10月15日", title: str = "工作情况") -> str:
    """A Guangxi newsletter article: title, body, signature line, 印发 footer."""
    sign = f"\n\n（{signature}）" if signature else ""
    return f"# {title}\n\n{body}{sign}\n\n广西壮族自治区计划生育协会 {issued}印发\n"


def webpage(body: str, stamp: str = "", title: str = "工作动态") -> str:
    """A web report from another province: a title, a stamp line (发布时间：…), the body."""
    head = f"{title}\n\n{stamp}\n\n" if stamp else f"{title}\n\n"
    return head + body + "\n"


def row(text: str, raw: str, metric: str, region: str, program: str, period: str, *, id: str, nth: int = 0,
        xfail: str = ""):
    """One table row: the ``nth`` figure written ``raw`` in ``text`` must be attributed
    ``(metric, region, program, period)``; ``xfail`` is why the code gets it wrong today."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, raw, nth, (metric, region, program, period), id=id, marks=marks)


def attribution(text: str, raw: str, nth: int = 0) -> tuple[str, str, str, str]:
    """The attribution tuple of the ``nth`` figure whose raw text is ``raw``."""
    figures = [f for f in extract_text(text) if f.raw == raw]
    assert len(figures) > nth, f"{raw!r} (#{nth}) not extracted; found {[f.raw for f in extract_text(text)]}"
    f = figures[nth]
    return (f.metric, f.region, f.program, f.period)


def check(text: str, raw: str, nth: int, expected: tuple[str, str, str, str]) -> None:
    got = attribution(text, raw, nth)
    assert got == expected, "\n".join(
        f"{name}: expected {e!r}, got {g!r}" for name, e, g in zip(FIELDS, expected, got, strict=True) if e != g)
