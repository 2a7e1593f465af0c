"""Trends: the rate of terms or codebook categories per period, with document-bootstrap intervals.

Three steps, each a function a test can call alone:

1. **per-document counts** (:func:`per_document`): matches and non-punctuation tokens of every
   document, through :func:`cppcc.code_mechanisms` (``by="doc_id"``), which counts a token frame in
   memory or a ``cppcc.Store`` out of core with the same numbers; terms are counted as a codebook of
   one term per category (leftmost-longest, non-overlapping, within sentences: a term that is part of
   a longer listed term counts where the longer one does not match);
2. **periods** (:func:`periods`): each document's period from its ``date`` (the date of the event once
   the loader gives it) by ``freq``; documents without a date are left out and counted;
3. **pooled rates with intervals** (:func:`_bootstrap_rates`): per period (and group) and term,
   ``1000 · Σ count / Σ tokens`` over the documents, with a percentile interval from the shared
   document bootstrap, :func:`cppcc.uncertainty.bootstrap_rates` (a cluster bootstrap: documents differ
   far more than tokens drawn independently would).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..common import as_list, check_option, stamp
from ._frames import DiffusionWarning, document_dates

__all__ = ["trends", "periods", "per_document", "FREQS", "TREND_COLUMNS"]

#: ``freq`` -> pandas period frequency
FREQS = {"year": "Y", "quarter": "Q", "month": "M"}
#: the columns every :func:`trends` result has (after the group and term/category columns)
TREND_COLUMNS = ["period", "period_start", "count", "tokens", "docs", "rate", "rate_low", "rate_high"]


def periods(dates: pd.Series, freq: str = "year") -> tuple[pd.Series, pd.Series]:
    """The period label (``"2020"``, ``"2020Q3"``, ``"2020-08"``) and start of each date.

    Missing or unreadable dates give None and NaT.

    Examples
    --------
    >>> lab, start = periods(pd.Series(["2020-08-24", None, "2021-01-05"]), "quarter")
    >>> lab.tolist(), start.dt.strftime("%Y-%m-%d").tolist()
    (['2020Q3', None, '2021Q1'], ['2020-07-01', nan, '2021-01-01'])
    """
    check_option(freq, FREQS, "freq", "trends")
    d = document_dates(pd.Series(dates).reset_index(drop=True))
    ok = d.notna()
    label = pd.Series([None] * len(d), dtype=object)
    start = pd.Series(pd.NaT, index=d.index, dtype="datetime64[ns]")
    if ok.any():
        p = d[ok].dt.to_period(FREQS[freq])
        label[ok] = p.astype(str).to_numpy()
        start[ok] = p.dt.start_time.to_numpy()
    return label, start


def _codebook(terms, categories, func: str) -> list[tuple[str, pd.DataFrame]]:
    """The codebooks to count: ``("term", {term: [term]})`` and/or ``("category", codebook)``."""
    from ..mechanisms import load_codebook
    from .terms import as_terms

    books = []
    if terms is not None:
        tl = as_terms(terms, None, func)
        if not tl:
            raise ValueError(f"cppcc.{func}: `terms` is empty")
        books.append(("term", pd.DataFrame({"category": tl, "term": tl})))
    if categories is not None or terms is None:
        if isinstance(categories, pd.DataFrame):
            cb = categories
        elif isinstance(categories, dict):
            cb = pd.DataFrame([(k, t) for k, v in categories.items() for t in as_list(v)],
                              columns=["category", "term"])
        else:
            cb = load_codebook()
            if categories not in (None, True, "all"):
                wanted = as_list(categories)
                unknown = sorted(set(wanted) - set(cb["category"]))
                if unknown:
                    raise ValueError(f"cppcc.{func}: unknown categor(ies) {unknown}; the codebook has "
                                     f"{list(dict.fromkeys(cb['category']))}")
                cb = cb[cb["category"].isin(wanted)]
        books.append(("category", cb))
    return books


def per_document(tokens_or_store, terms=None, categories=None, by=None) -> pd.DataFrame:
    """Matches and tokens of every document and term (or category), with its date and groups.

    Parameters
    ----------
    tokens_or_store : DataFrame or cppcc.Store
        :func:`cppcc.tokens` of documents with a ``date`` column, or a store.
    terms, categories, by :
        As in :func:`trends`.

    Returns
    -------
    DataFrame
        One row per document and term/category (zeros included): ``doc_id``, ``date``, the ``by``
        columns, ``term`` or ``category`` (``kind`` says which), ``count``, ``tokens``; ``simulated``
        when the documents have that column.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> per_document(toks, terms=["两个薄弱"])[["term", "count", "tokens"]].head(2).values.tolist()
    [['两个薄弱', 0, 535], ['两个薄弱', 3, 544]]
    """
    from ..mechanisms import code_mechanisms

    groups = as_list(by)
    parts = []
    passed = ["simulated"]  # a simulated archive's flag travels with its counts
    for kind, cb in _codebook(terms, categories, "trends"):
        cm = code_mechanisms(tokens_or_store, codebook=cb, by="doc_id")
        missing = [c for c in ("date", *groups) if c not in cm.columns]
        if missing:
            meta = [c for c in cm.columns if c not in ("category", "matches", "tokens")]
            raise ValueError(f"cppcc.trends: the documents have no column(s) {missing} (the token frame's "
                             f"metadata: {meta}); build the tokens from documents with dates "
                             "(cppcc.tokens(speeches))")
        part = pd.DataFrame({"doc_id": cm["doc_id"].astype(object).to_numpy(),
                             "date": cm["date"].astype(object).to_numpy()})
        for g in [*groups, *(c for c in passed if c in cm.columns and c not in groups)]:
            part[g] = cm[g].astype(object).to_numpy()
        part["kind"] = kind
        part["term" if kind == "term" else "category"] = cm["category"].astype(object).to_numpy()
        part["count"] = cm["matches"].to_numpy(dtype=np.int64)
        part["tokens"] = cm["tokens"].to_numpy(dtype=np.int64)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def trends(tokens_or_store, terms=None, categories=None, by=None, freq: str = "year", ci: float = 0.95,
           seed: int = 0, n_boot: int = 1000) -> pd.DataFrame:
    """Rate per 1,000 tokens of terms or codebook categories per period, with document-bootstrap intervals.

    Parameters
    ----------
    tokens_or_store : DataFrame or cppcc.Store
        :func:`cppcc.tokens` of documents with a ``date`` column (the date of the speech or meeting),
        or a store built by :func:`cppcc.build_store` (the same numbers, counted out of core).
    terms : str or list of str, optional
        Terms to follow (brands, formulas, any word): one row each per period.
    categories : list of str, True, dict or DataFrame, optional
        Codebook categories (:func:`cppcc.load_codebook`): a list of category names, True for all,
        or a codebook of your own (``{category: [terms]}`` or a frame). With neither ``terms`` nor
        ``categories``: every category of the packaged codebook.
    by : str or list of str, optional
        Groups within a period (``"level"``, ``"province"``): document columns.
    freq : {"year", "quarter", "month"}, default "year"
        Length of a period.
    ci : float, default 0.95
        Level of the percentile interval.
    seed : int, default 0
        Seed of the bootstrap: each period and group has its own stream, so a group's interval does
        not change when other groups or periods are added.
    n_boot : int, default 1000
        Bootstrap replicates.

    Returns
    -------
    DataFrame
        One row per period (and group) and term or category, periods in time order: the ``by``
        columns, ``term`` and/or ``category``, ``period`` (``"2020"``, ``"2020Q3"``, ``"2020-08"``),
        ``period_start`` (datetime), ``count`` (matches), ``tokens`` (non-punctuation tokens),
        ``docs`` (documents), ``rate`` (``1000 · count / tokens``), ``rate_low``, ``rate_high`` (the
        bootstrap interval over the period's documents; NaN for a period of one document, which
        has nothing to resample). Only periods with documents appear. Documents without a date are
        left out with a :class:`~cppcc.diffusion.DiffusionWarning`. ``attrs``: ``function``,
        ``freq``, ``by``, ``terms``, ``categories``, ``ci``, ``n_boot``, ``seed``, ``per`` (1000),
        ``documents``, ``undated``, ``periods``, ``bootstrap`` (how intervals were made), ``source``
        (``"tokens"`` or ``"store"``), ``simulated`` (the documents carry the ``simulated`` flag of
        :func:`cppcc.simulate_archive`).

    Examples
    --------
    >>> import cppcc
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2019-05-01", "2020-03-01", "2020-09-01"],
    ...                      "text": ["推行有事好商量。", "有事好商量，好商量。", "河道治理。"]})
    >>> t = trends(cppcc.tokens(docs), terms="有事好商量")
    >>> t[["period", "term", "count", "tokens", "docs"]].values.tolist()
    [['2019', '有事好商量', 1, 2, 1], ['2020', '有事好商量', 1, 5, 2]]
    """
    check_option(freq, FREQS, "freq", "trends")
    if not 0 < float(ci) < 1:
        raise ValueError(f"cppcc.trends: `ci` must be between 0 and 1, got {ci!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 2:
        raise ValueError(f"cppcc.trends: `n_boot` must be an integer of at least 2, got {n_boot!r}")
    from_frame = isinstance(tokens_or_store, pd.DataFrame)  # else a store (a source of cppcc.counting)
    groups = as_list(by)
    per_doc = per_document(tokens_or_store, terms, categories, groups)
    label, start = periods(per_doc["date"], freq)
    per_doc["period"], per_doc["period_start"] = label.to_numpy(), start.to_numpy()
    docs = per_doc.drop_duplicates("doc_id")
    undated = int(docs["period"].isna().sum())
    if undated:
        warnings.warn(f"cppcc.trends: {undated} of {len(docs)} document(s) have no date (or an unreadable "
                      "one) and are left out (counted in the result's attrs)", DiffusionWarning, stacklevel=2)
    per_doc = per_doc[per_doc["period"].notna()]
    keys = [k for k in ("term", "category") if k in per_doc.columns]
    out = []
    for kind, part in per_doc.groupby("kind", sort=False):
        key = "term" if kind == "term" else "category"
        rates = _bootstrap_rates(part, ["period", "period_start", *groups], ci, n_boot, seed, key=key)
        out.append(rates)
    cols = [*groups, *keys, *TREND_COLUMNS]
    res = pd.concat(out, ignore_index=True).reindex(columns=cols) if out else \
        pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    if len(res):
        res = res.sort_values(["period_start", *groups], kind="stable").reset_index(drop=True)
    stamp(res, "trends", **{"freq": freq, "by": groups,
                 "terms": None if terms is None else as_list(terms),
                 "categories": (categories if isinstance(categories, (list, str, type(None), bool))
                                else "custom"),
                 "ci": float(ci), "n_boot": int(n_boot), "seed": int(seed), "per": 1000,
                 "documents": len(docs), "undated": undated, "periods": int(per_doc["period"].nunique()),
                 "bootstrap": "documents resampled within each period and group (percentile interval)",
                 "source": "tokens" if from_frame else "store",
                 "simulated": bool("simulated" in per_doc.columns and per_doc["simulated"].eq(True).any())})
    return res


def _bootstrap_rates(per_doc: pd.DataFrame, by: list[str], ci: float, n_boot: int, seed: int,
                     key: str = "term") -> pd.DataFrame:
    """Pooled rate per group and key, with a percentile interval from a bootstrap of the group's documents.

    The one place the intervals of :func:`trends` are made: the shared document bootstrap,
    :func:`cppcc.uncertainty.bootstrap_rates`. ``per_doc``: one row per document and key with
    ``doc_id``, the ``by`` columns, ``key``, ``count`` and ``tokens`` (the document's tokens, the same
    on each of its key rows). Each replicate draws as many documents as the group has, with
    replacement, and takes ``1000 · Σ count / Σ tokens``; the same draws serve every key of a group,
    and a group's draws depend on the seed and the group's values only. A group of one document gets
    no interval (NaN: documents are counted whole, so there are no sentences to resample); a group
    without any match gets [0, 0] (none observed in ``docs`` documents).

    Examples
    --------
    Three documents of 100 tokens with 0, 2 and 4 matches: a rate of 20 per 1,000; a resample of
    three copies of the first (or of the last) document has probability 1/27 > 2.5%, so the 95%
    interval runs from 0 to 40.

    >>> d = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": "2020", "term": "x",
    ...                   "count": [0, 2, 4], "tokens": [100, 100, 100]})
    >>> r = _bootstrap_rates(d, ["period"], 0.95, 2000, 0)
    >>> r[["count", "rate", "rate_low", "rate_high"]].values.tolist()
    [[6.0, 20.0, 0.0, 40.0]]
    """
    from ..uncertainty import bootstrap_rates

    out = bootstrap_rates(per_doc, by, key=key, count="count", total="tokens", doc="doc_id", sentence=None,
                          ci=ci, n_boot=n_boot, seed=seed)
    out = out.rename(columns={"n_docs": "docs"})
    for c in ("count", "tokens", "docs"):
        out[c] = out[c].astype("int64")
    return out[[*by, key, "count", "tokens", "docs", "rate", "rate_low", "rate_high"]]
