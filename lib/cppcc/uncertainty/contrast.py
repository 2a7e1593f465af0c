"""Differences and ratios of pooled rates between two groups (or a group and the rest), with
bootstrap intervals that resample each side's documents independently."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import resample as rs
from ._options import as_columns, check_ci, check_n_boot, check_seed, group_rng, label_of

__all__ = ["rate_contrast"]


def _find_group(groups: pd.DataFrame, value, by_cols: list[str], func: str, argument: str) -> int:
    """The row of ``groups`` whose ``by`` values equal ``value`` (a scalar, or a tuple for several
    columns)."""
    wanted = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if len(wanted) != len(by_cols):
        raise ValueError(f"cppcc.{func}: `{argument}` must give one value per `by` column {by_cols}, "
                         f"got {value!r}")
    labels = [label_of(row) for row in groups.itertuples(index=False, name=None)]
    try:
        return labels.index(label_of(wanted))
    except ValueError:
        shown = [tuple(r) if len(r) > 1 else r[0] for r in groups.itertuples(index=False, name=None)]
        raise ValueError(f"cppcc.{func}: `{argument}` {value!r} is not a group of {by_cols}; "
                         f"groups: {shown[:20]}") from None


def rate_contrast(
    counts: pd.DataFrame,
    by: str | list[str],
    group=None,
    other="rest",
    *,
    key: str | list[str] | None = None,
    count: str = "matches",
    total: str = "tokens",
    doc: str = "doc_id",
    sentence: str | None = "sentence",
    per: float = 1000.0,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Difference (and ratio) of the pooled rates of a group and another group or the rest.

    Parameters
    ----------
    counts : DataFrame
        Tidy counts as for :func:`cppcc.uncertainty.bootstrap_rates` (one row per document or
        sentence and per key).
    by : str or list of str
        The group columns.
    group : value, tuple or None
        The group to contrast (a tuple for several ``by`` columns); None: every group in turn.
    other : "rest" or a group value, default "rest"
        What ``group`` is compared with: all other documents pooled (``"rest"``), or one other group.
    key, count, total, doc, sentence, per, ci, n_boot, seed :
        As in :func:`cppcc.uncertainty.bootstrap_rates`. A group side uses the same random stream
        as there, so its replicates (and its own interval) are the same in both functions.

    Returns
    -------
    DataFrame
        One row per contrasted group and key: the ``by`` columns (the group), ``other`` (``"rest"``
        or the other group's label), the ``key`` columns, ``rate``, ``rate_other``,
        ``diff = rate − rate_other``, ``diff_low``, ``diff_high``, ``ratio = rate / rate_other``,
        ``ratio_low``, ``ratio_high``, ``excludes_zero`` (the interval of ``diff`` lies entirely
        above or below 0: only then may a sentence call it a difference), ``n_docs``,
        ``n_docs_other``, ``resampled``, ``resampled_other``. ``attrs`` as in
        :func:`~cppcc.uncertainty.bootstrap_rates` (``function`` "rate_contrast"), plus ``other``.

    Notes
    -----
    Each replicate resamples the group's documents and, independently, the other side's documents
    (a side of one document resamples its sentences), and takes the difference and the ratio of
    the two pooled rates; the intervals are percentiles of those replicates. "The rest" is pooled
    as one set of documents. A replicate whose other side has no match gives an infinite ratio
    (no tokens at all: NaN, left out of the percentiles).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "level": ["county"] * 3 + ["province"] * 3,
    ...     "doc_id": ["a", "b", "c", "d", "e", "f"],
    ...     "matches": [5, 9, 2, 1, 0, 3],
    ...     "tokens": [1000, 1500, 800, 900, 1200, 1000],
    ... })
    >>> d = rate_contrast(df, by="level", group="county", other="province", n_boot=2000, seed=1)
    >>> d[["level", "other", "rate", "rate_other", "diff"]].round(2).values.tolist()
    [['county', 'province', 4.85, 1.29, 3.56]]
    >>> d[["diff_low", "diff_high", "excludes_zero"]].round(2).values.tolist()
    [[1.05, 5.43, True]]
    >>> every = rate_contrast(df, by="level", n_boot=2000, seed=1)
    >>> every[["level", "other", "diff"]].round(2).values.tolist()
    [['county', 'rest', 3.56], ['province', 'rest', -3.56]]
    """
    func = "rate_contrast"
    by_cols, key_cols = as_columns(by, func, "by"), as_columns(key, func, "key")
    if not by_cols:
        raise ValueError(f"cppcc.{func}: `by` must name the group column(s), got {by!r}")
    ci, n_boot, seed = check_ci(ci, func), check_n_boot(n_boot, func), check_seed(seed, func)
    u = rs.units(counts, by_cols, key_cols, count, total, doc, sentence, func)
    G, K = len(u.groups), max(len(u.keys), 1)
    targets = list(range(G)) if group is None else [_find_group(u.groups, group, by_cols, func, "group")]
    rest = isinstance(other, str) and other == "rest"
    o = None if rest else _find_group(u.groups, other, by_cols, func, "other")
    labels = rs.group_labels(u)
    cache: dict[int, rs.Side] = {}

    def group_side(g: int) -> rs.Side:
        if g not in cache:
            cache[g] = rs.side(u, slice(u.bounds[g], u.bounds[g + 1]), n_boot, group_rng(seed, labels[g]),
                               doc, sentence)
        return cache[g]

    records, used = [], []
    for g in targets:
        if o is not None and g == o:
            continue
        a = group_side(g)
        if rest:
            mask = np.ones(len(u.group), dtype=bool)
            mask[u.bounds[g]:u.bounds[g + 1]] = False
            b = rs.side(u, np.flatnonzero(mask), n_boot, group_rng(seed, "rest of\x1e" + labels[g]), doc,
                        sentence)
        else:
            b = group_side(o)
        used += [a.resampled, b.resampled]
        records.append(_contrast(a, b, per, ci, K) + (g,))
    out = _frame(u, by_cols, key_cols, records, "rest" if rest else labels[o], K)
    out.attrs.update({
        "function": func, "by": by_cols, "key": key_cols, "count": count, "total": total, "doc": doc,
        "sentence": sentence if u.sentence_level else None, "per": float(per), "ci": ci,
        "n_boot": n_boot, "seed": seed, "interval": "percentile", "other": "rest" if rest else labels[o],
        "resampled": rs.resampled_label(used, doc, sentence),
    })
    return out


def _contrast(a: rs.Side, b: rs.Side, per: float, ci: float, K: int) -> tuple:
    ra, rb = rs.point_rate(a, per), rs.point_rate(b, per)
    with np.errstate(divide="ignore", invalid="ignore"):
        diff, ratio = ra - rb, np.where(rb > 0, ra / rb, np.where(ra > 0, np.inf, np.nan))
    nan = np.full(K, np.nan)
    d_lo = d_hi = q_lo = q_hi = nan
    if a.reps is not None and b.reps is not None:
        xa, xb = rs.rate_replicates(a, per), rs.rate_replicates(b, per)
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            d_lo, d_hi = rs.percentile(xa - xb, ci)
            q_lo, q_hi = rs.percentile(np.where(xb > 0, xa / xb, np.where(xa > 0, np.inf, np.nan)), ci)
    excludes = (d_lo > 0) | (d_hi < 0)
    return (ra, rb, diff, d_lo, d_hi, ratio, q_lo, q_hi, excludes, a.n_docs, b.n_docs, a.resampled,
            b.resampled)


def _frame(u: rs.Units, by_cols, key_cols, records, other_label: str, K: int) -> pd.DataFrame:
    names = ["rate", "rate_other", "diff", "diff_low", "diff_high", "ratio", "ratio_low", "ratio_high",
             "excludes_zero"]
    gs = [r[-1] for r in records]
    out = u.groups.iloc[np.repeat(gs, K)].reset_index(drop=True) if gs else u.groups.iloc[:0].copy()
    out["other"] = other_label
    if key_cols:
        keys = pd.concat([u.keys] * len(gs), ignore_index=True) if gs else u.keys.iloc[:0]
        for c in key_cols:
            out[c] = keys[c].to_numpy()
    for i, name in enumerate(names):
        out[name] = np.concatenate([r[i] for r in records]) if records else pd.Series(dtype=float)
    out["excludes_zero"] = out["excludes_zero"].astype(bool)
    for i, name in ((9, "n_docs"), (10, "n_docs_other")):
        out[name] = np.repeat([r[i] for r in records], K).astype("int64") if records else []
    for i, name in ((11, "resampled"), (12, "resampled_other")):
        out[name] = np.repeat(np.array([r[i] for r in records], dtype=object), K) if records else []
    return out
