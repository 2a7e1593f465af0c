"""Many terms are tested at once: p-values, Benjamini–Hochberg q-values, and the one rule that
says which terms are *distinctive*.

A corpus of a few thousand word types gives a few thousand tests per group; at z > 1.96 about 5%
of terms that do not differ at all pass. The false discovery rate (Benjamini & Hochberg 1995) is
controlled by q-values computed within each group (statsmodels' ``multipletests``,
``method="fdr_bh"``). :func:`is_distinctive` is the rule every table, chart and sentence applies;
:func:`describe_rule` states it in words for captions and methods sections.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._options import as_columns, frame_columns

__all__ = ["p_from_z", "bh_qvalues", "add_qvalues", "is_distinctive", "describe_rule"]


def p_from_z(z, alternative: str = "two-sided") -> np.ndarray:
    """p-values of standard-normal z-scores (e.g. the log-odds ``score`` of distinctive_terms).

    Parameters
    ----------
    z : array-like
    alternative : {"two-sided", "greater"}
        ``"two-sided"``: ``2 · P(Z > |z|)``; ``"greater"``: ``P(Z > z)`` (over-use only).

    Examples
    --------
    >>> p_from_z([1.959964, 0.0, -3.0]).round(4).tolist()
    [0.05, 1.0, 0.0027]
    >>> p_from_z([1.644854], alternative="greater").round(3).tolist()
    [0.05]
    """
    from scipy.stats import norm

    z = np.asarray(z, dtype=float)
    if alternative == "two-sided":
        return 2.0 * norm.sf(np.abs(z))
    if alternative == "greater":
        return norm.sf(z)
    raise ValueError(f"cppcc.p_from_z: `alternative` must be 'two-sided' or 'greater', got {alternative!r}")


def bh_qvalues(p) -> np.ndarray:
    """Benjamini–Hochberg q-values (adjusted p-values) of one family of tests; NaN stays NaN.

    Examples
    --------
    Four tests: sorted p ``0.01, 0.02, 0.03, 0.5``; ``q_(i) = min_{j ≥ i} p_(j) · m / j``, so
    ``0.01·4/1 = 0.04``, ``0.02·4/2 = 0.04``, ``0.03·4/3 = 0.04``, ``0.5·4/4 = 0.5``:

    >>> bh_qvalues([0.03, 0.5, 0.01, 0.02, float("nan")]).round(3).tolist()
    [0.04, 0.5, 0.04, 0.04, nan]
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if (p[ok] < 0).any() or (p[ok] > 1).any():
        raise ValueError("cppcc.bh_qvalues: p-values must lie between 0 and 1")
    if ok.any():
        q[ok] = multipletests(p[ok], method="fdr_bh")[1]
    return q


def add_qvalues(frame: pd.DataFrame, by: str | list[str] | None = None, p: str = "p",
                q: str = "q") -> pd.DataFrame:
    """A copy of ``frame`` with Benjamini–Hochberg q-values of column ``p``, within each ``by`` group.

    The family of a group is every term reported for it (``distinctive_terms`` with
    ``include_zero=True`` reports every term of the vocabulary, which is the full family).

    Examples
    --------
    >>> f = pd.DataFrame({"g": ["a", "a", "b", "b"], "p": [0.01, 0.04, 0.01, 0.5]})
    >>> add_qvalues(f, by="g")["q"].tolist()
    [0.02, 0.04, 0.02, 0.5]
    """
    by_cols = as_columns(by, "add_qvalues", "by")
    frame_columns(frame, [*by_cols, p], "add_qvalues", "frame")
    out = frame.copy()
    values = pd.to_numeric(out[p], errors="coerce").to_numpy(dtype=float)
    qv = np.full(len(out), np.nan)
    codes = (out.groupby(by_cols, sort=False, dropna=False, observed=True).ngroup().to_numpy() if by_cols
             else np.zeros(len(out), dtype=int))
    for g in np.unique(codes):
        idx = np.flatnonzero(codes == g)
        qv[idx] = bh_qvalues(values[idx])
    out[q] = qv
    out.attrs = dict(frame.attrs)
    out.attrs.update({"fdr": "benjamini-hochberg", "fdr_by": by_cols})
    return out


def is_distinctive(frame: pd.DataFrame, q_max: float = 0.05, min_docs: int = 2, score: str = "score",
                   q: str = "q", docs: str = "docs", n_docs: str = "n_docs") -> pd.Series:
    """The one rule: which rows (group, term) are distinctive terms of their group.

    A term is distinctive of a group when all three hold:

    1. the group uses it more than the rest (``score > 0``);
    2. its Benjamini–Hochberg q-value within the group is at most ``q_max``;
    3. at least ``min_docs`` of the group's documents use it (all of them, when the group has
       fewer than ``min_docs`` documents: a single speech's terms are judged by 1 and 2 only;
       and when the documents are unknown, ``n_docs`` missing, as for a count table without
       ``doc_id``).

    Parameters
    ----------
    frame : DataFrame
        With ``score``, ``q``, ``docs`` and ``n_docs`` (see :func:`term_dispersion`).
    q_max : float, default 0.05
    min_docs : int, default 2

    Returns
    -------
    Series of bool, aligned with ``frame``; ``attrs`` holds the rule's settings and its wording
    (:func:`describe_rule`).

    Examples
    --------
    >>> f = pd.DataFrame({"score": [3.1, 2.5, 4.0, -3.0], "q": [0.01, 0.2, 0.001, 0.01],
    ...                   "docs": [3, 4, 1, 3], "n_docs": [5, 5, 5, 5]})
    >>> is_distinctive(f).tolist()
    [True, False, False, False]
    >>> one = pd.DataFrame({"score": [3.1], "q": [0.01], "docs": [1], "n_docs": [1]})
    >>> is_distinctive(one).tolist()
    [True]
    """
    frame_columns(frame, [score, q, docs, n_docs], "is_distinctive", "frame")
    if not 0 < float(q_max) <= 1:
        raise ValueError(f"cppcc.is_distinctive: `q_max` must lie in (0, 1], got {q_max!r}")
    if isinstance(min_docs, bool) or not isinstance(min_docs, (int, np.integer)) or min_docs < 1:
        raise ValueError(f"cppcc.is_distinctive: `min_docs` must be a positive integer, got {min_docs!r}")
    groups_docs = pd.to_numeric(frame[n_docs], errors="coerce").to_numpy(dtype=float)
    need = np.minimum(int(min_docs), groups_docs)
    used = pd.to_numeric(frame[docs], errors="coerce").to_numpy(dtype=float)
    rule = (
        (pd.to_numeric(frame[score], errors="coerce").to_numpy(dtype=float) > 0)
        & (pd.to_numeric(frame[q], errors="coerce").to_numpy(dtype=float) <= float(q_max))
        & ((used >= need) | np.isnan(groups_docs))
    )
    out = pd.Series(rule, index=frame.index, name="distinctive")
    out.attrs = {"function": "is_distinctive", "q_max": float(q_max), "min_docs": int(min_docs),
                 "rule": describe_rule(q_max, min_docs)}
    return out


def describe_rule(q_max: float = 0.05, min_docs: int = 2) -> str:
    """The rule of :func:`is_distinctive` in one English sentence, for captions and methods.

    Examples
    --------
    >>> print(describe_rule())  # doctest: +NORMALIZE_WHITESPACE
    used more than in the rest (score > 0), q ≤ 0.05 after Benjamini–Hochberg within the group,
    and used in at least 2 of the group's documents (in all of them when it has fewer)
    """
    return (f"used more than in the rest (score > 0), q ≤ {q_max:g} after Benjamini–Hochberg "
            f"within the group, and used in at least {min_docs} of the group's documents "
            "(in all of them when it has fewer)")
