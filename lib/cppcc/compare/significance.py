"""What :func:`cppcc.distinctive_terms` adds to a score: how many of the group's documents use the
term and how evenly (Gries' DP), its p-value and q-value (Benjamini–Hochberg within the group), and
the one rule that calls it distinctive (:func:`cppcc.uncertainty.is_distinctive`).

The family of a group's tests is every term of the vocabulary that ``min_count`` admits, also the
terms the group never uses (their p-values are computed here even when they are not reported), so
the q-values do not depend on ``include_zero``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..counting import TermCounts
from ..uncertainty import bh_qvalues, describe_rule, is_distinctive, p_from_z, term_dispersion

__all__ = ["add_tests", "term_spread"]


def family_qvalues(m, method: str, alpha, min_count: int, williams: bool, rows: np.ndarray,
                   cols: np.ndarray, score_fn) -> np.ndarray:
    """q-values of the reported cells (group ``rows``, term ``cols``): Benjamini–Hochberg over each
    group's full family (every term with at least ``min_count`` occurrences in the corpus).

    ``score_fn(yi, yj, ni, nj, a, alpha0)`` returns the z-score (log-odds) or the signed G² of the
    cells, as :func:`cppcc.distinctive_terms` computes them.
    """
    q = np.full(len(rows), np.nan)
    family = np.flatnonzero(m.total_w >= min_count)
    pos = np.full(len(m.total_w), -1)
    pos[family] = np.arange(len(family))
    N = m.total_w.sum()
    row_sums = np.asarray(m.matrix.sum(axis=1)).ravel()
    for g in np.unique(rows):
        yi = np.asarray(m.matrix[g].toarray()).ravel()[family]
        yj = m.total_w[family] - yi
        ni, nj = row_sums[g], N - row_sums[g]
        with np.errstate(divide="ignore", invalid="ignore"):
            score = score_fn(yi, yj, ni, nj, None if alpha is None else alpha[family],
                             None if alpha is None else alpha.sum())
            score = np.where(nj > 0, score, 0.0)
        qg = bh_qvalues(p_of(score, method))
        at = np.flatnonzero(rows == g)
        q[at] = qg[pos[cols[at]]]
    return q


def p_of(score: np.ndarray, method: str) -> np.ndarray:
    """Two-sided p-values of scores: normal for the log-odds z, χ² (1 df) for the signed G²."""
    if method == "log_odds":
        return p_from_z(score)
    from scipy.stats import chi2

    return chi2.sf(np.abs(score), 1)


def term_spread(source, counts: TermCounts, by: str, stop, punct: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How each group's counted terms spread over its documents: ``(cells, groups)``.

    ``cells``: ``[by, term, docs, dp]``, one row per group and counted term (``docs``: the group's
    documents that use it; ``dp``: Gries' DP, :func:`cppcc.uncertainty.term_dispersion`);
    ``groups``: ``[by, n_docs]``, the group's documents. ``counts`` is the source's
    count table by ``[by]``. A source that counts documents out of core (a store: its
    ``term_spread``) does so; any other is counted by ``[by, "doc_id"]`` in memory.
    """
    own = getattr(source, "term_spread", None)
    if own is not None:
        return own(counts, by, stop, punct)
    c = source.term_counts([by, "doc_id"], "distinctive_terms").counted(stop, punct)
    terms = c.terms[[by, "doc_id", "term", "count"]].copy()
    terms["n_tokens"] = c.groups["n_tokens"].to_numpy()[c.terms["_group"].to_numpy()]
    d = term_dispersion(terms, by=by, doc="doc_id", term="term", count="count", size="n_tokens")
    g = c.groups[[by, "doc_id"]].assign(_k=_labels(c.groups[by]))
    groups = g.groupby("_k", sort=False).agg(**{by: (by, "first"), "n_docs": ("doc_id", "nunique")})
    return d[[by, "term", "docs", "dp"]], groups.reset_index(drop=True)


def add_tests(out: pd.DataFrame, spread: tuple[pd.DataFrame, pd.DataFrame] | str | None, by: str,
              q: np.ndarray, method: str, q_max: float, min_docs: int) -> pd.DataFrame:
    """``out`` with ``p``, ``q``, ``docs``, ``n_docs``, ``dp`` and ``distinctive``.

    ``spread`` is what :func:`term_spread` returns, ``"doc"`` when every group is one document, or
    None when the input has no documents (``docs``, ``n_docs`` and ``dp`` are missing).
    """
    out["p"] = p_of(out["score"].to_numpy(dtype=float), method)
    out["q"] = q
    if spread is None:
        out["docs"], out["n_docs"], out["dp"] = np.nan, np.nan, np.nan
    elif isinstance(spread, str):  # every group is one document
        out["docs"] = (out["count"] > 0).astype("int64")
        out["n_docs"] = 1
        out["dp"] = np.nan
    else:
        d, groups = spread
        n_docs = pd.Series(groups["n_docs"].to_numpy(), index=_labels(groups[by]))
        d = d.assign(_k=_labels(d[by]))[["_k", "term", "docs", "dp"]]
        merged = out.assign(_k=_labels(out[by]))[["_k", "term"]].merge(d, on=["_k", "term"], how="left")
        out["docs"] = merged["docs"].fillna(0).astype("int64").to_numpy()
        out["dp"] = merged["dp"].to_numpy(dtype=float)
        out["n_docs"] = n_docs.reindex(_labels(out[by])).fillna(0).astype("int64").to_numpy()
    out["distinctive"] = is_distinctive(out, q_max=q_max, min_docs=min_docs).to_numpy()
    return out


def _labels(values: pd.Series) -> np.ndarray:
    """Group values as text keys, every missing value (None, NaN) the same key."""
    from ..uncertainty._options import label_of

    return np.array([label_of([v]) for v in values], dtype=object)


def rule_settings(q_max: float, min_docs: int) -> dict:
    """What the result's ``attrs`` say about the rule."""
    return {"q_max": float(q_max), "min_docs": int(min_docs), "rule": describe_rule(q_max, min_docs),
            "fdr": "benjamini-hochberg within group, over every term of the vocabulary"}
