"""Codebook matches per sentence, and the intervals of mechanism rates they give.

A rate per 1,000 words of a group pools its documents; documents differ far more than a model of
independent tokens allows, so its interval resamples the group's documents (a single document: its
sentences) — :func:`cppcc.uncertainty.bootstrap_rates`. This module gives that function what it
resamples: one row per sentence (:func:`unit_counts`, from tokens or a store alike through
:func:`cppcc.counting.source_of`), and the two public readings of it, the intervals that
:func:`cppcc.code_mechanisms` adds and :func:`mechanism_contrast`, the difference between two groups
(or a group and the rest) with its interval.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..common import stamp
from ..counting import source_of, word_masks
from ..uncertainty import bootstrap_rates, rate_contrast
from .codebook import _as_codebook
from .matching import match_terms

__all__ = ["unit_counts", "mechanism_contrast", "add_intervals"]

_DOC, _SENT = "doc_id", "sentence"


def unit_counts(source, cb: pd.DataFrame, by_cols: list[str], func: str = "code_mechanisms") -> pd.DataFrame:
    """Codebook matches and words of every sentence, the units a bootstrap resamples.

    Parameters
    ----------
    source : a :func:`cppcc.counting.source_of` source (tokens or a store)
    cb : the codebook frame (``category``, ``term``)
    by_cols : the group columns (kept on every row)

    Returns
    -------
    DataFrame
        One row per sentence and matched category, and one row (first category, 0 matches) for a
        sentence without any match (and, first, a row of 0 matches for every category of the first
        sentence, so that every category appears, in codebook order): the ``by`` columns,
        ``doc_id``, ``sentence``, ``category``,
        ``matches`` and ``tokens`` (the sentence's words, :func:`cppcc.counting.word_masks`: the
        denominator of :func:`cppcc.code_mechanisms`). Sentences in text order.
    """
    cats = list(dict.fromkeys(cb["category"]))
    unit_cols = list(dict.fromkeys([*by_cols, _DOC, _SENT]))
    need = list(dict.fromkeys([*unit_cols, "token", "is_punct"]))
    parts = []
    for batch in source.token_batches(need):
        if batch.empty:
            continue
        unit = batch.groupby(unit_cols, sort=False, observed=True, dropna=False).ngroup().to_numpy()
        n_units = int(unit.max()) + 1
        words = np.bincount(unit, weights=word_masks(batch, stop=False)[1], minlength=n_units)
        m = match_terms(batch, cb)
        cidx = pd.Index(cats).get_indexer(m["category"]) if len(m) else np.zeros(0, dtype=int)
        hits = np.zeros((n_units, len(cats)), dtype=np.int64)
        if len(m):
            np.add.at(hits, (unit[m["row"].to_numpy()], cidx), 1)
        head = np.unique(unit, return_index=True)[1]
        keys = batch.iloc[head][unit_cols].reset_index(drop=True)
        u, c = np.nonzero(hits)
        empty = np.flatnonzero(hits.sum(axis=1) == 0)
        rows_u = np.concatenate([u, empty])
        rows_c = np.concatenate([c, np.zeros(len(empty), dtype=int)])
        order = np.lexsort((rows_c, rows_u))
        rows_u, rows_c = rows_u[order], rows_c[order]
        part = keys.iloc[rows_u].reset_index(drop=True)
        part["category"] = np.asarray(cats, dtype=object)[rows_c]
        part["matches"] = hits[rows_u, rows_c]
        part["tokens"] = words[rows_u].astype(np.int64)
        parts.append(part)
    if not parts:
        cols = {c: pd.Series(dtype=object) for c in unit_cols}
        return pd.DataFrame({**cols, "category": pd.Series(dtype=object),
                             "matches": pd.Series(dtype="int64"), "tokens": pd.Series(dtype="int64")})
    out = pd.concat(parts, ignore_index=True)
    # the first sentence once more with every category at zero, in front: every category is a key
    # of the bootstrap (in codebook order), also one the dictionary never matched
    head = out.iloc[[0] * len(cats)].reset_index(drop=True).assign(category=cats, matches=0)
    return pd.concat([head, out], ignore_index=True)


def add_intervals(grid: pd.DataFrame, units: pd.DataFrame, by_cols: list[str], ci: float, n_boot: int,
                  seed: int) -> tuple[pd.DataFrame, dict]:
    """``grid`` (one row per group and category) with ``rate_low``, ``rate_high`` and ``n_docs`` from
    :func:`cppcc.uncertainty.bootstrap_rates` of the sentence rows ``units``; returns the interval
    settings to stamp as the second item."""
    r = bootstrap_rates(units, by=by_cols, key="category", count="matches", total="tokens", doc=_DOC,
                        sentence=_SENT, ci=ci, n_boot=n_boot, seed=seed)
    key = _keys(r, by_cols)
    at = pd.Series(np.arange(len(r)), index=key)
    pos = at.reindex(_keys(grid, by_cols)).to_numpy()
    ok = ~np.isnan(pos)
    idx = np.where(ok, pos, 0).astype(int)
    for c in ("rate_low", "rate_high"):
        grid[c] = np.where(ok, r[c].to_numpy(dtype=float)[idx], np.nan) if len(r) else np.nan
    grid["n_docs"] = np.where(ok, r["n_docs"].to_numpy()[idx], 0).astype("int64") if len(r) else 0
    grid["n_docs"] = grid["n_docs"].astype("int64")
    return grid, {"ci": float(r.attrs["ci"]), "n_boot": int(r.attrs["n_boot"]), "seed": int(r.attrs["seed"]),
                  "interval": "percentile bootstrap of documents (one document: its sentences)",
                  "resampled": r.attrs["resampled"]}


def _keys(frame: pd.DataFrame, by_cols: list[str]) -> pd.Index:
    """One text key per (group, category) row (missing values spelled out, so they match)."""
    from ..uncertainty._options import label_of

    cols = [*by_cols, "category"]
    return pd.Index([label_of(row) for row in frame[cols].itertuples(index=False, name=None)])


def mechanism_contrast(
    tokens,
    by: str | list[str],
    group=None,
    other="rest",
    codebook=None,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """The difference between two groups' mechanism rates (or a group and the rest), with its interval.

    Parameters
    ----------
    tokens : DataFrame or Store
        As :func:`cppcc.code_mechanisms` takes (``doc_id``, ``sentence``, ``token``, ``is_punct``).
    by : str or list of str
        The group column(s), e.g. ``"level"``.
    group : value, tuple or None
        The group to contrast; None: every group in turn.
    other : "rest" or a group value, default "rest"
        Compare with all other documents pooled, or with one other group.
    codebook : see :func:`cppcc.code_mechanisms`
    ci, n_boot, seed :
        The percentile bootstrap: each side's documents are resampled independently (a side of
        one document: its sentences).

    Returns
    -------
    DataFrame
        :func:`cppcc.uncertainty.rate_contrast` with ``key="category"``: the ``by`` columns,
        ``other``, ``category``, ``label_en``, ``rate``, ``rate_other``, ``diff`` (per 1,000
        words), ``diff_low``, ``diff_high``, ``ratio`` (with interval), ``excludes_zero`` (only
        then may a sentence call it a difference), ``n_docs``, ``n_docs_other``, ``resampled``,
        ``resampled_other``. ``attrs``: ``function`` ("mechanism_contrast"), ``by``, ``other``,
        ``ci``, ``n_boot``, ``seed``, ``codebook``.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> d = mechanism_contrast(toks, "level", group="province", n_boot=200)
    >>> d[["level", "other", "category"]].head(1).values.tolist()
    [['province', 'rest', 'platforms']]
    >>> bool((d["diff_low"] <= d["diff"]).all() and (d["diff"] <= d["diff_high"]).all())
    True
    """
    by_cols = [by] if isinstance(by, str) else list(by)
    source = source_of(tokens)
    source.require(["doc_id", "sentence", "token", "is_punct", *by_cols], "mechanism_contrast")
    cb = _as_codebook(codebook)
    units = unit_counts(source, cb, by_cols, "mechanism_contrast")
    out = rate_contrast(units, by=by_cols if len(by_cols) > 1 else by_cols[0], group=group, other=other,
                        key="category", count="matches", total="tokens", doc=_DOC, sentence=_SENT, ci=ci,
                        n_boot=n_boot, seed=seed)
    labels = cb.drop_duplicates("category").set_index("category")["label_en"]
    out.insert(out.columns.get_loc("category") + 1, "label_en", out["category"].map(labels).to_numpy())
    settings = {k: out.attrs[k] for k in ("ci", "n_boot", "seed", "other", "resampled")}
    return stamp(out, "mechanism_contrast", by=by_cols,
                 codebook="packaged" if codebook is None else ("custom" if not isinstance(codebook, str)
                                                               else codebook), **settings)
