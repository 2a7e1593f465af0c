"""Pages: what the loader made of each page of a corpus (notebook 01's table and sentence).

:func:`page_table` gives one row per page (the kind of its documents, where their metadata came from,
what was repaired); :func:`page_summary` the values of the sentence that describes it.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .common import is_missing, require_columns, stamp
from .prose import join, plural

__all__ = ["page_table", "page_summary", "DOC_TYPE_EN", "PAGE_TABLE_COLUMNS"]

#: the kinds of document (``doc_type``) in English, for the notebooks' sentences
DOC_TYPE_EN = {"speech": "speeches", "report": "work reports", "news": "news reports",
               "other": "no recognised document"}

PAGE_TABLE_COLUMNS = ["file", "documents", "doc_type", "meta_source", "with_speaker", "with_unit", "repairs",
                      "truncated", "mojibake"]


def _distinct(values: Iterable) -> str | None:
    """The distinct present values joined with ``", "`` in order of appearance; None if there is none."""
    kept = list(dict.fromkeys(str(v) for v in values if not is_missing(v) and str(v).strip()))
    return ", ".join(kept) or None


def page_table(docs: pd.DataFrame, pages: pd.DataFrame) -> pd.DataFrame:
    """One row per page: the kind of its documents, where their metadata came from, what was repaired.

    Parameters
    ----------
    docs : DataFrame
        :func:`cppcc.load_speeches` (``source_file``, ``doc_type``, ``meta_source``, ``speaker``,
        ``adcode``).
    pages : DataFrame
        :func:`cppcc.load_pages` of the same corpus (``file``, ``repairs``, ``truncated``,
        ``mojibake``).

    Returns
    -------
    DataFrame
        In the order of ``pages``: ``file``, ``documents`` (how many the page gave),
        ``doc_type`` and ``meta_source`` (their distinct values on the page, joined with ``", "``
        in page order; ``meta_source`` None where no document's speaker or unit was found),
        ``with_speaker`` (documents naming a speaker), ``with_unit`` (documents whose unit
        resolved to an ``adcode``), ``repairs``, ``truncated`` and ``mojibake`` as in
        :func:`cppcc.load_pages`.

    Examples
    --------
    >>> docs = pd.DataFrame({"source_file": ["a.txt", "a.txt", "b.htm"],
    ...                      "doc_type": ["speech", "speech", "other"],
    ...                      "meta_source": ["header", "header", None], "speaker": ["甲", None, None],
    ...                      "adcode": ["410000", "530900", None]})
    >>> pages = pd.DataFrame({"file": ["a.txt", "b.htm"], "repairs": [0, 3], "truncated": [False, True],
    ...                       "mojibake": [None, "锟斤拷"]})
    >>> page_table(docs, pages).values.tolist()
    [['a.txt', 2, 'speech', 'header', 1, 2, 0, False, None],
     ['b.htm', 1, 'other', None, 0, 0, 3, True, '锟斤拷']]
    >>> import cppcc
    >>> page_table(cppcc.load_speeches(), cppcc.load_pages()).values.tolist()
    [['000_311b16853e29c05d.txt', 5, 'speech', 'header', 5, 5, 0, False, None]]
    """
    require_columns(docs, ["source_file", "doc_type", "meta_source", "speaker", "adcode"],
                    "page_table", "docs")
    require_columns(pages, ["file", "repairs", "truncated", "mojibake"], "page_table", "pages")
    found = docs.assign(_speaker=~docs["speaker"].map(is_missing), _unit=~docs["adcode"].map(is_missing))
    per_page = (found.groupby("source_file", sort=False)
                .agg(documents=("doc_type", "size"), doc_type=("doc_type", _distinct),
                     meta_source=("meta_source", _distinct), with_speaker=("_speaker", "sum"),
                     with_unit=("_unit", "sum")))
    out = pages[["file", "repairs", "truncated", "mojibake"]].merge(
        per_page, left_on="file", right_index=True, how="left")
    for col in ("documents", "with_speaker", "with_unit"):
        out[col] = out[col].fillna(0).astype("int64")
    out["truncated"] = out["truncated"].astype(bool)
    out = out.astype({"doc_type": object, "meta_source": object, "mojibake": object})
    out = out.where(out.notna(), None)
    return stamp(out[PAGE_TABLE_COLUMNS].reset_index(drop=True), "page_table", by="file")


def page_summary(table: pd.DataFrame) -> dict:
    """The values of notebook 01's sentence on a :func:`page_table`.

    Returns
    -------
    dict
        ``pages`` (``"3 pages"``), ``kinds`` (one ``"<kind in English> (<n pages>)"`` per distinct
        ``doc_type`` of a page, commonest first, see :data:`DOC_TYPE_EN`), ``no_speaker`` and
        ``no_unit`` (pages none of whose documents names a speaker / has a resolved unit),
        ``repairs`` (the repairs of all pages: ``"4 repairs"``), ``repaired``, ``truncated``,
        ``mojibake`` (pages with repairs, truncated, with mojibake: ``"1 page"``).

    Examples
    --------
    >>> t = pd.DataFrame({"file": ["a", "b", "c"], "doc_type": ["speech", "other", "speech"],
    ...                   "with_speaker": [2, 0, 0], "with_unit": [2, 0, 1], "repairs": [0, 3, 1],
    ...                   "truncated": [False, True, False], "mojibake": [None, "锟斤拷", None]})
    >>> page_summary(t)  # doctest: +NORMALIZE_WHITESPACE
    {'pages': '3 pages', 'kinds': ['speeches (2 pages)', 'no recognised document (1 page)'],
     'no_speaker': '2 pages', 'no_unit': '1 page', 'repairs': '4 repairs', 'repaired': '2 pages',
     'truncated': '1 page', 'mojibake': '1 page'}
    """
    require_columns(table, ["file", "doc_type", "with_speaker", "with_unit", "repairs", "truncated",
                            "mojibake"], "page_summary", "page table")
    kinds = table["doc_type"].fillna("other").map(
        lambda k: join([DOC_TYPE_EN.get(x, x) for x in str(k).split(", ")]))
    counts = kinds.value_counts(sort=False).sort_values(ascending=False, kind="stable")
    return {"pages": plural(len(table), "page"),
            "kinds": [f"{k} ({plural(int(n), 'page')})" for k, n in counts.items()],
            "no_speaker": plural(int((table["with_speaker"] == 0).sum()), "page"),
            "no_unit": plural(int((table["with_unit"] == 0).sum()), "page"),
            "repairs": plural(int(table["repairs"].sum()), "repair"),
            "repaired": plural(int((table["repairs"] > 0).sum()), "page"),
            "truncated": plural(int(table["truncated"].astype(bool).sum()), "page"),
            "mojibake": plural(int((~table["mojibake"].map(is_missing)).sum()), "page")}
