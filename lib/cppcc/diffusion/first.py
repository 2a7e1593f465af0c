"""First mentions: when each unit is first seen using a term, and whether that date is only a bound.

An archive is captured, not complete: a unit's pages begin somewhere. When the unit's earliest page
already holds the term, the archive cannot tell when the unit began using it — the first use may be
years earlier. Such a first mention is *left-censored* (``censored=True``): it is reported as the date
by which the unit used the term, never as its adoption date.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..common import stamp
from ._frames import UNIT_META, is_simulated, prepare, unit_windows
from .terms import as_terms, document_texts, holds

__all__ = ["first_mentions", "FIRST_COLUMNS"]

#: the columns of :func:`first_mentions` before the unit's own columns, in order
FIRST_COLUMNS = ["term", "first_date", "doc_id", "censored", "docs", "first_page", "last_page", "unit_docs"]


def first_mentions(docs, terms=None, by="unit") -> pd.DataFrame:
    """One row per term and unit that uses it: the unit's first dated document holding the term.

    Parameters
    ----------
    docs : DataFrame or store
        Documents with ``doc_id``, ``date`` (the date of the speech or meeting; ``YYYY-MM-DD``),
        ``text`` (``headline`` and ``summary`` are searched too when present) and the ``by``
        column(s); or a ``cppcc.Store`` (its ``.documents()``). A frame of
        :func:`cppcc.load_speeches` has the resolved ``unit`` (云南省临沧市; None where none resolved);
        a frame with the place columns but no ``unit`` column gets it from its ``adcode`` by the same
        rule (:func:`cppcc.units.regional_units`; ``level`` becomes the resolved unit's).
    terms : str or list of str, optional
        The terms to follow (normalised like the texts: Traditional input matches Simplified text).
        Default: the corpus' quoted brands and numbered formulas
        (:func:`cppcc.diffusion.corpus_terms`, from :func:`cppcc.quoted_terms` and
        :func:`cppcc.numbered_formulas`).
    by : str or list of str, default "unit"
        The unit: any document column (``"region"``, ``"province"``, ``"speaker"``, ``"doc_id"``).

    Returns
    -------
    DataFrame
        One row per term and unit whose dated documents hold the term (its characters occur in
        the normalised text, quoted or not), ordered by term (in the order of ``terms``), then
        ``first_date``: ``term``; ``first_date`` (datetime: the earliest date of a document of the
        unit holding the term); ``doc_id`` (that document; the first in ``docs`` order on a tie);
        ``censored`` (True when ``first_date`` is the unit's earliest date in the archive: the unit
        may have used the term before its pages begin, so the date is an upper bound, not an
        adoption date); ``docs`` (the unit's documents holding it); ``first_page``,
        ``last_page``, ``unit_docs`` (the unit's earliest and latest dates and its number of dated
        documents); the ``by`` column(s); and ``level``, ``province``, ``prefecture``, ``county``,
        ``adcode`` where ``docs`` has them and they are constant within the unit.
        Documents without a date (or with an unreadable one) or without a unit are left out with a
        :class:`~cppcc.diffusion.DiffusionWarning`. ``attrs``: ``function``, ``by``, ``terms``,
        ``documents``, ``undated``, ``no_unit`` (documents left out), ``units`` (units with dated
        documents), ``archive_start``, ``archive_end`` (ISO dates), ``simulated`` (the documents come
        from :func:`cppcc.simulate_archive`).

    Examples
    --------
    >>> docs = pd.DataFrame({
    ...     "doc_id": ["a1", "a2", "b1", "b2", "c1"], "unit": ["甲县", "甲县", "乙县", "乙县", "丙县"],
    ...     "date": ["2018-03-01", "2019-03-01", "2019-05-01", "2020-05-01", "2021-01-01"],
    ...     "text": ["村级议事。", "推行“有事好商量”。", "有事好商量，协商于民。", "有事好商量。",
    ...              "河道治理。"]})
    >>> fm = first_mentions(docs, terms="有事好商量")
    >>> fm[["term", "unit", "first_date", "doc_id", "censored", "docs"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['有事好商量', '甲县', Timestamp('2019-03-01 00:00:00'), 'a2', False, 1],
     ['有事好商量', '乙县', Timestamp('2019-05-01 00:00:00'), 'b1', True, 2]]

    甲县's pages begin in 2018 without the term, so 2019-03-01 is when the archive first sees it
    adopt; 乙县's first page already uses it (left-censored); 丙县 never uses it (no row).

    >>> fm.attrs["units"], fm.attrs["undated"]
    (3, 0)
    """
    frame, cols, counts = prepare(docs, by, "first_mentions")
    term_list = as_terms(terms, frame if terms is None else None, "first_mentions")
    windows = unit_windows(frame, cols)
    attrs = {"by": cols[0] if len(cols) == 1 else cols, "terms": term_list,
             **counts, "units": len(windows),
             "archive_start": _iso(frame["_date"].min()), "archive_end": _iso(frame["_date"].max()),
             "simulated": is_simulated(docs)}
    meta = [c for c in UNIT_META if c in windows.columns]
    out_cols = list(dict.fromkeys([*FIRST_COLUMNS, *cols, *meta]))  # by="doc_id": one doc_id column
    if frame.empty or not term_list:
        out = _empty(out_cols)
        return stamp(out, "first_mentions", **attrs)
    has = holds(document_texts(frame), term_list).to_numpy()
    # the rows (document, term) that hold a term, earliest date first (doc order on ties)
    d, t = np.nonzero(has)
    hits = pd.DataFrame({"_row": d, "_term": t, "_unit": frame["_unit"].to_numpy()[d],
                         "_date": frame["_date"].to_numpy()[d]})
    hits = hits.sort_values(["_term", "_date", "_row"], kind="stable")
    g = hits.groupby(["_term", "_unit"], sort=False)
    first = g.first().reset_index()
    first["docs"] = g.size().to_numpy()
    out = first.merge(windows, on="_unit", how="left")
    out["term"] = [term_list[i] for i in out["_term"]]
    out["first_date"] = pd.to_datetime(out["_date"])
    out["doc_id"] = frame["doc_id"].to_numpy()[out["_row"].to_numpy()]
    out["censored"] = (out["first_date"] <= out["first_page"]).astype(bool)
    out = out.sort_values(["_term", "first_date", "_row"], kind="stable")
    out = out[out_cols].reset_index(drop=True)
    out["docs"] = out["docs"].astype("int64")
    out["unit_docs"] = out["unit_docs"].astype("int64")
    return stamp(out, "first_mentions", **attrs)


def _iso(value) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _empty(columns: list[str]) -> pd.DataFrame:
    types = {"first_date": "datetime64[ns]", "first_page": "datetime64[ns]", "last_page": "datetime64[ns]",
             "censored": bool, "docs": "int64", "unit_docs": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, object)) for c in columns})
