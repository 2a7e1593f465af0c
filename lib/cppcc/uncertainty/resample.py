"""The resampling core of :mod:`cppcc.uncertainty`: units of counting, and bootstrap replicates of
their sums (numpy, one weight matrix per block of replicates).

A tidy count frame (one row per document, or per sentence, and per key such as a codebook
category) becomes :class:`Units`: one row per *unit* (a document, or a sentence of a document) with
its counts per key and its token total, sorted by group and then by document. :func:`side` draws the
replicates of one set of units (a group, or "the rest"):

* two or more documents: the documents are the clusters (each replicate draws as many documents as
  the side has, with replacement, and adds up their counts and totals);
* one document: its sentences are the clusters when the frame has a sentence column;
* otherwise (one document counted as a whole, or a single sentence) there is nothing to resample and
  the interval is missing.

The replicates of a side come from :func:`cppcc.uncertainty._options.group_rng`, seeded by the seed
and the side's label, so a group gets the same replicates in every function and whatever other
groups are in the frame.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ._options import frame_columns, label_of

#: the most numbers one block of the weight matrix holds (replicates × units): ~32 MB of int64
_BLOCK = 1 << 22


class Units(NamedTuple):
    """Units of counting, sorted by group and then by document."""

    groups: pd.DataFrame  # one row per group: the `by` columns, order of appearance
    keys: pd.DataFrame  # one row per key: the `key` columns, order of appearance
    group: np.ndarray  # group code of each unit
    doc: np.ndarray  # document code of each unit
    counts: np.ndarray  # (units, keys) counts
    totals: np.ndarray  # (units,) token totals
    bounds: np.ndarray  # units of group g: bounds[g]:bounds[g + 1]
    sentence_level: bool  # units are sentences (else documents)


class Side(NamedTuple):
    """The sums of one side (a group or the rest) and their bootstrap replicates."""

    counts: np.ndarray  # (keys,) summed counts
    total: float  # summed token total
    n_docs: int
    resampled: str | None  # the column whose values were resampled, None: no interval
    n_resampled: int  # how many of them the side has
    reps: np.ndarray | None  # (n_boot, keys + 1): replicate counts, then the replicate total


def _codes(frame: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes of the combinations of ``cols`` in order of appearance (missing values form their own
    combination), and one row per combination."""
    if not cols:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1 if len(frame) else 0))
    codes = frame.groupby(cols, sort=False, dropna=False, observed=True).ngroup().to_numpy(dtype=np.int64)
    first = np.unique(codes, return_index=True)[1]
    uniq = frame[cols].iloc[first].reset_index(drop=True)
    for c in uniq.columns:  # plain values, not categoricals
        if isinstance(uniq[c].dtype, pd.CategoricalDtype):
            uniq[c] = uniq[c].astype(object)
    return codes, uniq


def numeric(frame: pd.DataFrame, col: str, func: str) -> np.ndarray:
    """A column of non-negative numbers, or one clear error."""
    values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any() or (values < 0).any():
        bad = frame.loc[np.isnan(values) | (values < 0), col].head(3).tolist()
        raise ValueError(f"cppcc.{func}: column {col!r} must hold non-negative numbers; it has {bad}")
    return values


def units(frame: pd.DataFrame, by: list[str], key: list[str], count: str, total: str, doc: str,
          sentence: str | None, func: str) -> Units:
    """Collect the units of a tidy count frame (see the module docstring)."""
    sentence_level = sentence is not None and sentence in frame.columns
    unit_cols = [doc] + ([sentence] if sentence_level else [])
    frame_columns(frame, list(dict.fromkeys([*by, *key, doc, count, total])), func, "counts")
    overlap = set(key) & set(by + unit_cols)
    if overlap:
        raise ValueError(f"cppcc.{func}: `key` column(s) {sorted(overlap)} are also groups or units")
    cnt = numeric(frame, count, func)
    tot = numeric(frame, total, func)
    gcode, groups = _codes(frame, by)
    kcode, keys = _codes(frame, key)
    ucode, _ = _codes(frame, list(dict.fromkeys(by + unit_cols)))
    dcode, _ = _codes(frame, [doc])
    U, K = (int(ucode.max()) + 1 if len(ucode) else 0), max(len(keys), 1)
    span = pd.Series(tot).groupby(ucode).agg(["min", "max"])
    if (span["min"] != span["max"]).any():
        where = "sentence" if sentence_level else "document"
        raise ValueError(
            f"cppcc.{func}: column {total!r} differs between rows of the same {where} "
            f"(one total per {where}, repeated on each of its `key` rows)"
        )
    counts = np.bincount(ucode * K + kcode, weights=cnt, minlength=U * K).reshape(U, K)
    first = np.unique(ucode, return_index=True)[1]
    ugroup, udoc, utot = gcode[first], dcode[first], tot[first]
    order = np.lexsort((udoc, ugroup))
    ugroup, udoc, utot, counts = ugroup[order], udoc[order], utot[order], counts[order]
    bounds = np.searchsorted(ugroup, np.arange(len(groups) + 1))
    return Units(groups, keys, ugroup, udoc, counts, utot, bounds, sentence_level)


def group_labels(u: Units) -> list[str]:
    """The seed label of every group (:func:`cppcc.uncertainty._options.label_of` of its values)."""
    if u.groups.shape[1] == 0:
        return [label_of([])] * len(u.groups)
    return [label_of(row) for row in u.groups.itertuples(index=False, name=None)]


def replicate_sums(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Sums of ``values`` (units × columns) over ``n_boot`` resamples of its rows with replacement.

    Each replicate draws as many rows as there are; the draws of a block of replicates become a
    weight matrix ``W`` (replicates × units: how often each unit was drawn) and the sums are
    ``W @ values``. Blocks hold at most 4M weights, so memory stays bounded on large groups.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> reps = replicate_sums(np.array([[1.0, 10.0], [3.0, 10.0]]), 4, rng)
    >>> reps.shape, bool((reps[:, 1] == 20).all())
    ((4, 2), True)
    """
    n_units = len(values)
    out = np.empty((n_boot, values.shape[1]))
    block = max(1, min(n_boot, _BLOCK // max(n_units, 1)))
    for b0 in range(0, n_boot, block):
        b = min(block, n_boot - b0)
        draws = rng.integers(0, n_units, size=(b, n_units), dtype=np.int32)
        draws += (np.arange(b, dtype=np.int32) * n_units)[:, None]
        weights = np.bincount(draws.ravel(), minlength=b * n_units).reshape(b, n_units)
        out[b0:b0 + b] = weights.astype(float) @ values
    return out


def side(u: Units, rows: np.ndarray | slice, n_boot: int, rng: np.random.Generator, doc: str,
         sentence: str | None) -> Side:
    """Point sums and replicates of the units ``rows`` of ``u`` taken as one side."""
    counts, totals, docs = u.counts[rows], u.totals[rows], u.doc[rows]
    point_counts, point_total = counts.sum(axis=0), float(totals.sum())
    uniq, starts = np.unique(docs, return_index=True)
    n_docs = len(uniq)
    values = np.column_stack([counts, totals])
    if n_docs >= 2:
        if n_docs < len(values):  # add the sentences (or the parts) of each document up; rows are
            # sorted by document within a group, but "the rest" spans groups, so sort here
            order = np.argsort(docs, kind="stable")
            d_sorted = docs[order]
            starts = np.flatnonzero(np.r_[True, d_sorted[1:] != d_sorted[:-1]])
            values = np.add.reduceat(values[order], starts, axis=0)
        unit, n_units = doc, n_docs
    elif u.sentence_level and len(values) >= 2:
        unit, n_units = sentence, len(values)
    else:
        n_units = len(values) if u.sentence_level else n_docs
        return Side(point_counts, point_total, n_docs, None, n_units, None)
    return Side(point_counts, point_total, n_docs, unit, n_units, replicate_sums(values, n_boot, rng))


def rate_replicates(s: Side, per: float) -> np.ndarray:
    """(n_boot, keys) replicate rates of a side (NaN where a replicate has no tokens)."""
    reps_total = s.reps[:, -1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(reps_total > 0, per * s.reps[:, :-1] / reps_total, np.nan)


def point_rate(s: Side, per: float) -> np.ndarray:
    """(keys,) rates of a side (NaN without tokens)."""
    if s.total > 0:
        return per * s.counts / s.total
    return np.full(len(s.counts), np.nan)


def percentile(reps: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column of ``reps`` (NaN replicates ignored; all NaN: NaN).

    Infinite replicates (a ratio over a zero rate) count as the largest values: a percentile that
    falls among them is infinite.
    """
    a = (1.0 - ci) / 2.0
    out = np.full((2, reps.shape[1]), np.nan)
    ok = ~np.all(np.isnan(reps), axis=0)
    if ok.any():
        big = np.finfo(float).max
        x = np.clip(reps[:, ok], -big, big)
        q = (np.nanquantile if np.isnan(x).any() else np.quantile)(x, [a, 1.0 - a], axis=0)
        out[:, ok] = np.where(np.abs(q) > big / 4, np.sign(q) * np.inf, q)
    return out[0], out[1]


def resampled_label(labels: list[str | None], doc: str, sentence: str | None) -> str | None:
    """What ``attrs["resampled"]`` says: the unit resampled for every group, or both."""
    used = {x for x in labels if x is not None}
    if used == {doc}:
        return doc
    if used == {sentence}:
        return f"{sentence} (single-document groups)"
    if used:
        return f"{doc}; {sentence} for single-document groups"
    return None
