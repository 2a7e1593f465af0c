"""Pooled rates with a cluster-bootstrap interval: documents are resampled, not tokens.

A group's rate per 1,000 tokens is a ratio of sums over its documents, ``1000 · Σ count / Σ tokens``.
Documents differ far more than a binomial model of independent tokens allows (one speech dwells on
platforms, the next on supervision), so an interval that treats tokens as independent is much too
narrow: on corpora whose documents vary it holds the true rate about half the time
(``tests/test_uncertainty.py`` measures it). The interval here resamples the group's documents
with replacement, recomputes the pooled rate, and takes percentiles (a cluster bootstrap); a group
of one document resamples its sentences instead.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import resample as rs
from ._options import as_columns, check_ci, check_n_boot, check_seed, group_rng

__all__ = ["bootstrap_rates"]


def bootstrap_rates(
    counts: pd.DataFrame,
    by: str | list[str] | None = None,
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
    """Pooled rate of each group, with a percentile interval from a bootstrap of its documents.

    Parameters
    ----------
    counts : DataFrame
        Tidy counts, one row per document (or per sentence of a document) and per ``key``: the
        ``by`` columns, ``doc``, optionally ``sentence``, the ``key`` columns, ``count`` and
        ``total``. ``total`` (the unit's tokens) is repeated on each of the unit's key rows and must
        be equal on them; a (unit, key) pair without a row counts zero. Every unit must have at
        least one row, also when it matches nothing (its tokens count).
        ``cppcc.code_mechanisms(tokens, by=["doc_id", "sentence"])`` has this shape.
    by : str or list of str, optional
        The groups (``"level"``, ``"province"``, ``"doc_id"``); None: the whole frame is one group.
        Missing values form a group of their own.
    key : str or list of str, optional
        What is counted within a unit, e.g. ``"category"``: one rate per group and key. The same
        resampled documents serve every key of a group.
    count, total : str, default "matches", "tokens"
        The columns of counts and of token totals.
    doc : str, default "doc_id"
        The document column: the clusters that are resampled.
    sentence : str or None, default "sentence"
        The sentence column, used when the frame has it: a group of one document resamples its
        sentences. Without it such a group gets no interval (NaN).
    per : float, default 1000
        Rates per this many tokens.
    ci : float, default 0.95
        Level of the percentile interval.
    n_boot : int, default 1000
        Bootstrap replicates.
    seed : int, default 0
        Seed of the random streams. Each group has its own stream, seeded by ``seed`` and the
        group's values, so a group gets the same interval whatever other groups are in the frame.

    Returns
    -------
    DataFrame
        One row per group and key (groups and keys in order of appearance): the ``by`` and ``key``
        columns, ``count`` and ``total`` (summed; same names as the input), ``rate``
        (``per · count / total``; NaN without tokens), ``rate_low``, ``rate_high`` (the interval;
        NaN when nothing could be resampled), ``n_docs``, ``resampled`` (``doc``, ``sentence`` or
        None: the unit the group's interval resampled) and ``n_resampled`` (how many of them).
        ``attrs``: ``function``, ``by``, ``key``, ``count``, ``total``, ``doc``, ``sentence``
        (None when the frame has no sentence column), ``per``, ``ci``, ``n_boot``, ``seed``,
        ``interval`` ("percentile") and ``resampled`` (e.g. ``"doc_id"``, or
        ``"doc_id; sentence for single-document groups"``).

    Notes
    -----
    Each replicate draws as many documents as the group has, with replacement, and adds up their
    counts and tokens; the interval is the ``(1 − ci)/2`` and ``(1 + ci)/2`` percentiles of the
    replicate rates. With few documents (say fewer than ten) a group has few distinct resamples and
    its interval is rough, usually too narrow: ``n_docs`` is reported so a reader can tell. A group
    of one document resamples sentences, which treats its sentences as independent (it describes
    the variation within that speech, not between speeches). A group with no match at all gets the
    interval [0, 0]: resampling cannot show what was never observed, so read it as "none in
    ``n_docs`` documents", not as a rate known to be zero.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "level": ["county"] * 3 + ["province"] * 3,
    ...     "doc_id": ["a", "b", "c", "d", "e", "f"],
    ...     "matches": [5, 9, 2, 1, 0, 3],
    ...     "tokens": [1000, 1500, 800, 900, 1200, 1000],
    ... })
    >>> r = bootstrap_rates(df, by="level", n_boot=2000, seed=1)
    >>> r[["level", "matches", "tokens", "rate", "n_docs", "resampled"]].round(2).values.tolist()
    [['county', 16, 3300, 4.85, 3, 'doc_id'], ['province', 4, 3100, 1.29, 3, 'doc_id']]
    >>> r[["rate_low", "rate_high"]].round(2).values.tolist()
    [[2.5, 6.0], [0.0, 3.0]]
    >>> r.attrs["function"], r.attrs["resampled"], r.attrs["n_boot"]
    ('bootstrap_rates', 'doc_id', 2000)
    """
    func = "bootstrap_rates"
    by_cols, key_cols = as_columns(by, func, "by"), as_columns(key, func, "key")
    ci, n_boot, seed = check_ci(ci, func), check_n_boot(n_boot, func), check_seed(seed, func)
    u = rs.units(counts, by_cols, key_cols, count, total, doc, sentence, func)
    K = max(len(u.keys), 1)
    rows, labels = [], []
    for g, label in enumerate(rs.group_labels(u)):
        s = rs.side(u, slice(u.bounds[g], u.bounds[g + 1]), n_boot, group_rng(seed, label), doc, sentence)
        low = high = np.full(K, np.nan)
        if s.reps is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                low, high = rs.percentile(rs.rate_replicates(s, per), ci)
        labels.append(s.resampled)
        rows.append((s.counts, s.total, rs.point_rate(s, per), low, high, s.n_docs, s.resampled,
                     s.n_resampled))
    out = _assemble(u, by_cols, key_cols, count, total, rows)
    for c in (count, total):  # whole numbers stay whole
        if pd.api.types.is_integer_dtype(counts[c]):
            out[c] = out[c].astype("int64")
    out.attrs.update({
        "function": func, "by": by_cols, "key": key_cols, "count": count, "total": total, "doc": doc,
        "sentence": sentence if u.sentence_level else None, "per": float(per), "ci": ci,
        "n_boot": n_boot, "seed": seed, "interval": "percentile",
        "resampled": rs.resampled_label(labels, doc, sentence),
    })
    return out


def _assemble(u: rs.Units, by_cols, key_cols, count, total, rows) -> pd.DataFrame:
    """The result frame: groups × keys, with the per-group arrays of ``rows`` spread over the keys."""
    G, K = len(u.groups), max(len(u.keys), 1)
    out = u.groups.loc[u.groups.index.repeat(K)].reset_index(drop=True) if by_cols else pd.DataFrame(
        index=range(G * K))
    if key_cols:
        keys = pd.concat([u.keys] * G, ignore_index=True)
        for c in key_cols:
            out[c] = keys[c].to_numpy()
    if G == 0:
        cols = {count: float, total: float, "rate": float, "rate_low": float, "rate_high": float,
                "n_docs": "int64", "resampled": object, "n_resampled": "int64"}
        for c, dt in cols.items():
            out[c] = pd.Series(dtype=dt)
        return out
    out[count] = np.concatenate([r[0] for r in rows])
    out[total] = np.repeat([r[1] for r in rows], K)
    for i, name in ((2, "rate"), (3, "rate_low"), (4, "rate_high")):
        out[name] = np.concatenate([r[i] for r in rows])
    out["n_docs"] = np.repeat([r[5] for r in rows], K).astype("int64")
    out["resampled"] = np.repeat(np.array([r[6] for r in rows], dtype=object), K)
    out["n_resampled"] = np.repeat([r[7] for r in rows], K).astype("int64")
    return out
