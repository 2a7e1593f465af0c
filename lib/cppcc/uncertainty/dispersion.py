"""How evenly a term is spread over a group's documents: the documents that use it and Gries' DP.

Keyness from pooled counts can rest on one document that repeats a term (Lijffijt et al. 2016): a
term 40 times in one speech and never in the others is "distinctive" of the group by a log-odds
score, yet it says something about one speaker. Two numbers show it:

* ``docs`` — how many of the group's documents use the term;
* ``dp`` — Gries' (2008) *deviation of proportions*: with ``s_d`` document ``d``'s share of the
  group's tokens (the expected share) and ``v_d`` its share of the term's occurrences,
  ``DP = ½ Σ_d |v_d − s_d|`` over all the group's documents, 0 when the term is spread exactly
  as the tokens are and close to 1 when all of it is in one small document (the maximum is
  ``1 − min_d s_d``); ``dp_norm`` divides by that maximum (Lijffijt & Gries 2012), so 1 means
  "all in the smallest document".
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._options import as_columns, frame_columns
from .resample import numeric

__all__ = ["term_dispersion"]


def term_dispersion(
    counts: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    doc: str = "doc_id",
    term: str = "term",
    count: str = "count",
    size: str | Mapping | pd.Series | None = None,
) -> pd.DataFrame:
    """The documents that use each term, and Gries' DP over each group's documents.

    Parameters
    ----------
    counts : DataFrame
        A tidy term × document count table: the ``by`` columns, ``doc``, ``term`` and ``count``
        (duplicate rows add up; rows of zero count are ignored).
    by : str or list of str, optional
        The groups (``"level"``); None: the whole table is one group.
    doc, term, count : str
        Column names.
    size : str, mapping, Series or None
        Each document's size, the base of its expected share: a column of ``counts`` holding the
        document's token total on each of its rows (e.g. ``n_tokens``, the rates' denominator), or a
        mapping ``doc -> size``. None: the sum of the document's counts in the table. A document with
        no row in ``counts`` is not part of any group.

    Returns
    -------
    DataFrame
        One row per group and term the group uses: the ``by`` columns, ``term``, ``count`` (in the
        group), ``docs`` (documents of the group that use the term), ``n_docs`` (documents of the
        group), ``dp`` (Gries' DP, 0 = spread as the tokens are; NaN for a group of one document)
        and ``dp_norm`` (``dp / (1 − min share)``). Groups and terms in order of appearance.
        ``attrs``: ``function``, ``by``, ``doc``, ``term``, ``count``, ``size`` (the column name,
        "mapping" or "counts").

    Examples
    --------
    A group of three documents of 100, 100 and 200 tokens (expected shares ¼, ¼, ½). 协商 occurs
    2, 2 and 4 times, exactly as the tokens are spread; 专题 only in the first document:

    >>> t = pd.DataFrame({"doc_id": ["a", "b", "c", "a"], "term": ["协商", "协商", "协商", "专题"],
    ...                   "count": [2, 2, 4, 5], "n_tokens": [100, 100, 200, 100]})
    >>> d = term_dispersion(t, size="n_tokens")
    >>> d[["term", "count", "docs", "n_docs", "dp", "dp_norm"]].values.tolist()
    [['协商', 8, 3, 3, 0.0, 0.0], ['专题', 5, 1, 3, 0.75, 1.0]]

    For 专题: ``½ (|1 − ¼| + |0 − ¼| + |0 − ½|) = 0.75``, the largest DP possible here
    (``1 − ¼``), so ``dp_norm`` is 1.
    """
    func = "term_dispersion"
    by_cols = as_columns(by, func, "by")
    size_col = size if isinstance(size, str) else None
    frame_columns(counts, [*by_cols, doc, term, count] + ([size_col] if size_col else []), func, "counts")
    cnt = numeric(counts, count, func)
    keep = cnt > 0
    df = counts.loc[keep, [*by_cols, doc, term]].copy()
    df["_c"] = cnt[keep]
    if size_col is not None:
        df["_s"] = numeric(counts, size_col, func)[keep]
    elif size is not None:
        if not isinstance(size, (Mapping, pd.Series)):
            raise ValueError(f"cppcc.{func}: `size` must be a column name, a mapping doc -> size or None")
        df["_s"] = df[doc].map(pd.Series(size) if isinstance(size, Mapping) else size)
        if df["_s"].isna().any():
            missing = df.loc[df["_s"].isna(), doc].drop_duplicates().head(5).tolist()
            raise ValueError(f"cppcc.{func}: `size` has no size for document(s) {missing}")
    out_cols = [*by_cols, term, "count", "docs", "n_docs", "dp", "dp_norm"]
    if df.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (*by_cols, term) else float) for c in out_cols})
    else:
        out = _dispersion(df, by_cols, doc, term, size is not None)[out_cols]
    out.attrs.update({"function": func, "by": by_cols, "doc": doc, "term": term, "count": count,
                      "size": size_col if size_col else ("mapping" if size is not None else "counts")})
    return out


def _dispersion(df: pd.DataFrame, by_cols: list[str], doc: str, term: str, sized: bool) -> pd.DataFrame:
    """DP from the non-zero cells only: ``DP = ½ (Σ_{used} |v − s| + 1 − Σ_{used} s)``, since each
    document without the term adds ``|0 − s_d| = s_d`` and all shares add up to 1."""
    g = (df.groupby(by_cols, sort=False, dropna=False, observed=True).ngroup().to_numpy() if by_cols
         else np.zeros(len(df))).astype(np.int64)
    dcode, dun = pd.factorize(df[doc], use_na_sentinel=False)
    tcode, tun = pd.factorize(df[term], use_na_sentinel=False)
    gd = pd.factorize(g * len(dun) + dcode)[0]  # (group, doc) parts
    gt_codes = pd.factorize(g * len(tun) + tcode)[0]  # (group, term) cells
    c = df["_c"].to_numpy(dtype=float)
    # one row per (group, doc, term): add duplicates up
    cell = pd.DataFrame({"g": g, "gd": gd, "gt": gt_codes, "c": c}).groupby(["gt", "gd"], sort=False).agg(
        g=("g", "first"), c=("c", "sum")).reset_index()
    if sized:
        part_size = pd.Series(df["_s"].to_numpy(dtype=float)).groupby(gd).first()
    else:
        part_size = pd.Series(c).groupby(gd).sum()
    part_group = pd.Series(g).groupby(gd).first()
    group_size = part_size.groupby(part_group).sum()
    share = part_size / part_group.map(group_size).to_numpy()  # s_d, indexed by part
    min_share = share.groupby(part_group).min()
    n_docs = part_group.groupby(part_group).size()
    cell_total = cell.groupby("gt")["c"].transform("sum").to_numpy()
    s = share.reindex(cell["gd"]).to_numpy()
    cell["dev"] = np.abs(cell["c"].to_numpy() / cell_total - s)
    cell["s"] = s
    agg = cell.groupby("gt", sort=True).agg(g=("g", "first"), count=("c", "sum"), docs=("c", "size"),
                                             dev=("dev", "sum"), s=("s", "sum"))
    with np.errstate(divide="ignore", invalid="ignore"):
        dp = np.clip(0.5 * (agg["dev"].to_numpy() + 1.0 - agg["s"].to_numpy()), 0.0, 1.0)
        nd = n_docs.reindex(agg["g"]).to_numpy()
        dp = np.where(nd > 1, dp, np.nan)
        dp_norm = np.clip(dp / (1.0 - min_share.reindex(agg["g"]).to_numpy()), 0.0, 1.0)
    first = np.unique(gt_codes, return_index=True)[1]
    out = df.iloc[first][[*by_cols, term]].reset_index(drop=True)
    out["count"] = agg["count"].to_numpy()
    if np.all(np.mod(out["count"], 1) == 0):
        out["count"] = out["count"].astype("int64")
    out["docs"] = agg["docs"].to_numpy().astype("int64")
    out["n_docs"] = nd.astype("int64")
    out["dp"], out["dp_norm"] = dp, dp_norm
    order = np.lexsort((np.arange(len(out)), agg["g"].to_numpy()))  # groups in order of appearance
    return out.iloc[order].reset_index(drop=True)
