"""Where each document's metadata came from: the value of every field, its source (header, title,
byline, dateline, date line, lead, manifest, page) and the page line it was read from, as ``cppcc pages``
shows it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .documents import Speech
from .files import Errors
from .load import Page, _doc_id, _frame, read_pages

__all__ = ["field_sources", "sources_frame", "SOURCE_COLUMNS"]

SOURCE_COLUMNS = ["file", "doc_id", "field", "value", "source", "line", "original"]


def _source_rows(page: Page, k: int, sp: Speech) -> list[dict]:
    m, doc_id = sp.meta, _doc_id(page, k)
    values = {"doc_type": m.doc_type, "speaker": m.speaker, "position": m.position,
              "unit": m.place.get("region") or m.region, "level": m.place.get("level"), "session": m.session,
              "date": m.date, "page_date": m.page_date}
    where = dict(m.sources)
    page_line = page.where.get("page_date") if m.date_source == "page" else None
    where.setdefault("date", (m.date_source, page_line))
    where["level"] = where.get("unit", (None, None))
    where["page_date"] = ("page", page.where.get("page_date")) if m.page_date else (None, None)
    if sp.header is not None:
        where.setdefault("doc_type", ("header", where.get("speaker", (None, None))[1]))
    rows = []
    for name, value in values.items():
        source, line = where.get(name, (None, None))
        shown = line is not None and value is not None
        rows.append({"file": page.file, "doc_id": doc_id, "field": name, "value": value,
                     "source": source if value is not None else None,
                     "line": line + 1 if shown else None,
                     "original": page.original[line].strip() if shown else None})
    return rows


def field_sources(path: str | Path | None = None, errors: Errors = "raise") -> pd.DataFrame:
    """Where each document's metadata came from: one row per document and field.

    Parameters
    ----------
    path, errors
        As in :func:`load_speeches`.

    Returns
    -------
    pandas.DataFrame
        ``file``, ``doc_id``, ``field`` (``doc_type``, ``speaker``, ``position``, ``unit``, ``level``,
        ``session``, ``date``, ``page_date``), ``value`` (as in :func:`load_speeches`; ``unit`` is its
        ``region``), ``source`` (``header``, ``title``, ``byline``, ``dateline``, ``date line``,
        ``lead``, ``salutation``, ``body``, ``manifest``, ``page``…), ``line`` (1-based line of the page the
        value was read from, as in :func:`cleaning_audit`; None for the manifest or a missing value)
        and ``original`` (that line as in the page). ``cppcc pages`` prints this table.

    Examples
    --------
    >>> fs = field_sources()
    >>> fs.loc[fs["doc_id"].str.endswith("-01"), ["field", "value", "source", "line"]].head(2).values.tolist()
    [['doc_type', 'speech', 'header', 12], ['speaker', '李银峰', 'header', 12]]
    """
    return sources_frame(read_pages(path, errors))


def sources_frame(pages: list[Page]) -> pd.DataFrame:
    """:func:`field_sources` of pages read with :func:`cppcc.corpus.load.read_pages`.

    Examples
    --------
    >>> sources_frame(read_pages()).equals(field_sources())
    True
    """
    rows = [r for page in pages for k, sp in enumerate(page.speeches) for r in _source_rows(page, k, sp)]
    return _frame(rows, SOURCE_COLUMNS)
