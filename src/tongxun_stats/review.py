"""One self-contained HTML page for a person to review what was extracted and checked.

``render_review`` takes, per document, its name, original text, rows and check
findings, and returns a page that needs nothing else (no network, no CDN; CSS, JS
and SVG inline): each document's text with every figure highlighted from its
``start``/``end`` offsets and coloured by metric (hover for a summary, click for the
whole row), a filterable table of all rows, the findings linked to their figures,
and a bar chart per metric by region.

Safety: every piece of document text and every field goes through ``html.escape``;
row data travels as JSON in ``<script type="application/json">`` with ``<``, ``>``
and ``&`` written as ``\\u003c`` ``\\u003e`` ``\\u0026``; and a Content-Security-Policy
allows only the page's own script and style (by hash) and no network at all, so
markup that slipped into the text still could not run or load anything.

This module reads the documents (``load_document``) and writes the page
(``write_review``); ``review_page`` renders it and ``review_assets`` holds its style
and script.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .patterns import default_patterns
from .places import place_index
from .review_assets import SCRIPT
from .review_page import Document, render_review

__all__ = ["SCRIPT", "Document", "load_document", "render_review", "write_review"]


def load_document(source, *, encoding: str | None = None, patterns_dirs: tuple[str, ...] = ()) -> Document:
    """Read, extract and check one batch Source (or a path): (doc, text, rows, findings)."""
    from .api import check_text
    from .errors import printable_name
    from .inputs import Source
    from .read import read_input

    if not isinstance(source, Source):
        source = Source(Path(source), printable_name(Path(source).name))
    text = read_input(source.path, encoding)
    figures, findings = check_text(text, source.doc, tuple(patterns_dirs))
    return source.doc, text, figures, findings


def write_review(paths: Iterable, out: str | Path | None = None, *, encoding: str | None = None,
                 patterns_dirs: tuple[str, ...] = ()) -> list[InputError]:
    """Review page for ``paths`` (files, folders, globs, "-") written to ``out`` (None or "-":
    stdout; a file is written atomically). A document that cannot be read is left out and
    returned as an InputError; a path that names nothing raises MissingPathError."""
    from . import batch
    from .atomic import atomic_write

    sources, failures = batch.expand_inputs([str(p) for p in paths])
    documents = []
    for source in sources:
        try:
            documents.append(load_document(source, encoding=encoding, patterns_dirs=patterns_dirs))
        except InputError as e:
            failures.append(e)
    patterns = default_patterns(tuple(patterns_dirs))
    html = render_review(documents, patterns=patterns, places=place_index(patterns.place_aliases))
    if out is None or str(out) == "-":
        sys.stdout.write(html)
    else:
        atomic_write(Path(out), binary=False, run=lambda fh: fh.write(html))
    return failures
