"""Documents -> one SQLite database for Datasette or sqlite-utils (``tongxun … -o figures.db``).

Four tables, written with ``sqlite-utils``:

- ``figures``: the rows of ``tongxun extract`` (``export.COLUMNS``), exactly what
  ``-f jsonl`` prints, indexed on metric, region and period;
- ``findings``: the consistency findings (``check.FINDING_COLUMNS``);
- ``documents``: one row per input: doc, issue_date, title (its first non-empty
  line, clipped as article titles are), chars, figures, encoding (how its bytes were
  read: the text codec, or docx, pdf, ocr), status (``ok`` or the one-line reason it
  could not be read);
- ``series``: :func:`tongxun_stats.series.series_records` over the figures, indexed
  like ``figures``.

Full-text search on ``figures.sentence`` (the FTS5 table ``figures_fts``). Chinese
has no spaces between words, so the index holds each run of Han characters as
overlapping character pairs (理赔金额 -> 理赔 赔金 金额), the way CJK search engines
index it: a two-character word matches as it is (``match '理赔'``), a longer one as
the phrase of its pairs — :func:`fts_query` writes it (``match '"理赔 赔金 金额"'``).

The database is built in a temp file beside ``out`` and renamed over it, so a
re-run replaces all tables at once and a failure leaves the old file as it was.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .atomic import atomic_replace
from .clip import clip_title
from .errors import ExportError, TongxunError
from .export import COLUMNS, INT_COLUMNS, NUMERIC_COLUMNS, figure_record
from .model import Figure

DB_SUFFIXES = frozenset({".db", ".sqlite", ".sqlite3"})
DOCUMENT_COLUMNS: tuple[str, ...] = ("doc", "issue_date", "title", "chars", "figures", "encoding", "status")
INDEXED: tuple[str, ...] = ("metric", "region", "period")
_HAN_RUN = regex.compile(r"\p{Han}+")


def is_database_path(path: str | Path | None) -> bool:
    """True when ``path`` names a SQLite file (``.db``, ``.sqlite``, ``.sqlite3``)."""
    return path is not None and str(path) != "-" and Path(path).suffix.lower() in DB_SUFFIXES


@dataclass
class DocumentResult:
    """One input read and checked: its figures, findings and ``documents`` row."""

    doc: str
    figures: list[Figure] = field(default_factory=list)
    findings: list = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.info.get("status") == "ok"


def document_result(source, patterns_dirs: tuple[str, ...] = (), encoding: str | None = None) -> list[DocumentResult]:
    """Read, extract and check one batch Source: a list of one DocumentResult (a list, as
    ``batch.extract_sources`` wants its results). A document that cannot be read gives
    a result with no figures and its reason in ``status``. Top-level, plain arguments,
    so worker processes can run it."""
    from .api import extract_checked
    from .check import default_checks
    from .patterns import default_patterns
    from .read import read_document

    dirs = tuple(patterns_dirs)
    try:
        text, codec = read_document(source.path, encoding)
    except TongxunError as e:
        return [DocumentResult(source.doc, info={**dict.fromkeys(DOCUMENT_COLUMNS), "doc": source.doc, "status": str(e)})]
    figures, findings = extract_checked(text, source.doc, default_patterns(dirs), default_checks(dirs))
    info = {
        "doc": source.doc,
        "issue_date": next((f.issue_date for f in figures if f.issue_date), ""),
        "title": _title(text),
        "chars": len(text),
        "figures": len(figures),
        "encoding": codec,
        "status": "ok",
    }
    return [DocumentResult(source.doc, figures, findings, info)]


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return clip_title(line)
    return ""


def fts_query(text: str) -> str:
    """An FTS5 query matching ``text`` as a substring of ``sentence``: each run of Han
    characters becomes the phrase of its character pairs (``理赔金额`` -> ``"理赔 赔金 金额"``)."""
    return " ".join('"' + " ".join(_fts_text(w).split()).replace('"', '""') + '"' for w in text.split())


def _fts_text(text: str) -> str:
    """``text`` as the index holds it: Han runs as overlapping pairs, all else as is."""
    def pairs(m: regex.Match) -> str:
        run = m.group()
        if len(run) < 2:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return _HAN_RUN.sub(pairs, text)


def write_database(
    results: Iterable[DocumentResult],
    out: str | Path,
    *,
    keep_figure: Callable[[Iterable[Figure]], Iterable[Figure]] | None = None,
    keep_finding: Callable[[Any], bool] | None = None,
    series_metrics: Collection[str] | None = None,
    by: str = "period",
) -> dict[str, int]:
    """Write ``results`` into the SQLite file ``out`` (replacing it whole); return the
    rows per table. ``keep_figure`` filters the figures (as ``filters.filter_figures``
    does), ``keep_finding`` the findings; ``series`` is built from the kept figures
    and ``series_metrics`` (the CLI passes the canonical metrics)."""
    import sqlite_utils

    from .check import FINDING_COLUMNS
    from .series import SERIES_COLUMNS, series_records

    path = Path(out)

    def build(tmp: Path) -> dict[str, int]:
        db = sqlite_utils.Database(tmp)
        try:
            figures_table = _create(db, "figures", COLUMNS, INT_COLUMNS, NUMERIC_COLUMNS)
            findings_table = _create(db, "findings", FINDING_COLUMNS, {"line"}, {"stated", "computed"})
            documents_table = _create(db, "documents", DOCUMENT_COLUMNS, {"chars", "figures"}, ())
            kept: list[Figure] = []
            for r in results:
                documents_table.insert(r.info)
                figs = list(keep_figure(r.figures) if keep_figure else r.figures)
                kept += figs
                figures_table.insert_all((figure_record(f) for f in figs), batch_size=1000)
                findings_table.insert_all(x.as_record() for x in r.findings if keep_finding is None or keep_finding(x))
            rows = series_records(kept, by=by, metrics=series_metrics)
            series_columns = SERIES_COLUMNS if by == "period" else (*SERIES_COLUMNS, "as_of")
            series_table = _create(db, "series", series_columns, {"sources"}, {"value"})
            series_table.insert_all(rows, batch_size=1000)
            for table in (figures_table, series_table):
                for column in INDEXED:
                    table.create_index([column])
            _index_sentences(db)
            return {t: db[t].count for t in ("figures", "findings", "documents", "series")}
        except sqlite3.Error as e:
            raise ExportError(f"{path}: cannot write the database: {e}") from None
        finally:
            db.close()

    return atomic_replace(path, build)


def _create(db, name: str, columns: tuple[str, ...], ints: Collection[str], numbers: Collection[str]):
    # "ANY" has NUMERIC affinity: an int stays an int and 5.61 a real, as -f jsonl writes them
    types = {c: int if c in ints else "ANY" if c in numbers else str for c in columns}
    return db[name].create(types, replace=True)


def _index_sentences(db) -> None:
    """``figures_fts``: an external-content FTS5 table over figures.sentence, holding
    the pair form of each sentence (see the module docstring)."""
    db.execute("create virtual table figures_fts using fts5(sentence, content='figures', content_rowid='rowid')")
    rows = db.execute("select rowid, sentence from figures").fetchall()
    db.conn.executemany("insert into figures_fts(rowid, sentence) values (?, ?)",
                        ((rowid, _fts_text(sentence or "")) for rowid, sentence in rows))
    db.conn.commit()
