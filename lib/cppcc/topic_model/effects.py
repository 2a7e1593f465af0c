"""Topic prevalence by the values of a document covariate, with intervals that resample documents.

The prevalence of topic t in a group of units (all units whose covariate has one value) is the
share of the group's words the model gives to t: ``sum_u n_u * theta_ut / sum_u n_u`` (``weight=
"words"``), or the mean of the units' topic shares (``weight="units"``, STM's expected topic
proportion). Its interval comes from a two-stage cluster bootstrap in the spirit of STM's method of
composition: each draw

1. resamples the group's **documents** with replacement (GUIDE: intervals resample documents, not
   tokens), and, where units are paragraphs, each drawn document's paragraphs with replacement
   (so that a group of a single speech still gets an interval from its paragraphs);
2. draws every drawn unit's topic shares from its posterior, the Dirichlet of its topic counts plus
   its prior (``posterior=True``), so the uncertainty of the fitted shares is carried too;

and the percentile interval of the draws is reported. Groups are resampled independently, each
from its own random stream (numpy ``SeedSequence(seed)`` spawned by the group's position among the
sorted values), so :func:`effects` and :func:`contrast` use the same draws for a group.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .prepare import MISSING

__all__ = ["effects", "contrast", "METHOD"]

METHOD = ("two-stage cluster bootstrap: the group's documents with replacement, then each drawn "
          "document's units with replacement; each unit's topic shares drawn from the Dirichlet of its "
          "topic counts plus prior")


def _values(column: pd.Series) -> tuple[np.ndarray, list]:
    """Each unit's value as a string label (missing: ``<NA>``) and the sorted distinct labels."""
    labels = np.array([MISSING if pd.isna(v) else str(v) for v in column.astype(object)], dtype=object)
    return labels, sorted(set(labels), key=lambda v: (v == MISSING, v))


class _Draws:
    """Bootstrap draws of each group's prevalence (one matrix draws × topics per group), computed once."""

    def __init__(self, counts, prior, units: pd.DataFrame, covariate: str, draws: int, seed: int,
                 weight: str, posterior: bool):
        if covariate not in units.columns:
            raise ValueError(f"cppcc.topics effects: {covariate!r} is not a document column of the "
                             f"model's units; they have {sorted(units.columns)}")
        if weight not in ("words", "units"):
            raise ValueError(f"cppcc.topics effects: weight must be 'words' or 'units', not {weight!r}")
        if int(draws) < 1:
            raise ValueError(f"cppcc.topics effects: draws must be >= 1, got {draws}")
        self.counts = np.asarray(counts, dtype=float)
        self.prior = np.asarray(prior, dtype=float)
        self.w = (units["n_words"].to_numpy(dtype=float) if weight == "words" else np.ones(len(units)))
        self.doc = pd.factorize(units["doc_id"].astype(str))[0]
        self.labels, self.values = _values(units[covariate])
        self.draws, self.seed, self.posterior = int(draws), int(seed), bool(posterior)
        self._cache: dict[str, np.ndarray] = {}

    def point(self, value: str) -> np.ndarray:
        rows = np.flatnonzero(self.labels == value)
        alpha = self.counts[rows] + self.prior[rows]
        theta = alpha / alpha.sum(axis=1, keepdims=True)
        return (self.w[rows, None] * theta).sum(axis=0) / self.w[rows].sum()

    def sizes(self, value: str) -> tuple[int, int, float]:
        rows = np.flatnonzero(self.labels == value)
        return len(np.unique(self.doc[rows])), len(rows), float(self.counts[rows].sum())

    def of(self, value: str) -> np.ndarray:
        if value in self._cache:
            return self._cache[value]
        rows = np.flatnonzero(self.labels == value)
        order = rows[np.argsort(self.doc[rows], kind="stable")]
        _, starts, sizes = np.unique(self.doc[order], return_index=True, return_counts=True)
        n_docs = len(starts)
        position = self.values.index(value)
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(position,)))
        out = np.empty((self.draws, self.counts.shape[1]))
        for b in range(self.draws):
            chosen = rng.integers(0, n_docs, n_docs)
            rep = np.repeat(chosen, sizes[chosen])
            idx = order[starts[rep] + np.floor(rng.random(len(rep)) * sizes[rep]).astype(int)]
            alpha = self.counts[idx] + self.prior[idx]
            theta = rng.gamma(alpha) if self.posterior else alpha
            theta = theta / theta.sum(axis=1, keepdims=True)
            w = self.w[idx]
            out[b] = (w[:, None] * theta).sum(axis=0) / w.sum()
        self._cache[value] = out
        return out


def _attrs(func: str, covariate: str, draws: int, level: float, seed: int, weight: str,
           posterior: bool) -> dict:
    return {"function": func, "covariate": covariate, "draws": int(draws), "level": float(level),
            "seed": int(seed), "weight": weight, "posterior": bool(posterior),
            "method": METHOD if posterior else METHOD.split(";")[0]}


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"cppcc.topics effects: level must be between 0 and 1, got {level}")


def effects(counts, prior, units: pd.DataFrame, names: list[str], covariate: str, *, draws: int = 500,
            level: float = 0.95, seed: int = 0, weight: str = "words", posterior: bool = True,
            _draws: _Draws | None = None) -> pd.DataFrame:
    """Prevalence of each topic by each value of ``covariate``, with bootstrap intervals.

    Parameters
    ----------
    counts, prior : arrays (units, topics)
        Each unit's topic counts and its Dirichlet prior (the fitted model's).
    units : DataFrame
        One row per unit, aligned with ``counts``: ``doc_id``, ``n_words`` and ``covariate``.
    names : list of str
        Topic names.
    covariate : str
        A document column; missing values form their own group ``<NA>``.
    draws, level, seed, weight, posterior
        Bootstrap draws, interval level, random seed, ``"words"`` or ``"units"`` weights, and
        whether each unit's shares are drawn from their posterior (see the module docstring).

    Returns
    -------
    DataFrame
        ``topic``, ``value``, ``estimate``, ``low``, ``high``, ``documents``, ``units``, ``words``
        (the group's sizes); ``attrs`` hold the settings and the method.

    Examples
    --------
    Two documents per level, one unit each; topic ``a`` takes 8 of 10 words in the county units and
    2 of 10 in the province units:

    >>> units = pd.DataFrame({"doc_id": list("wxyz"), "n_words": 10,
    ...                       "level": ["county", "county", "province", "province"]})
    >>> counts = np.array([[8, 2], [8, 2], [2, 8], [2, 8]])
    >>> e = effects(counts, np.full((4, 2), 0.5), units, ["a", "b"], "level", draws=200)
    >>> e[e.topic == "a"][["value", "estimate"]].round(3).values.tolist()
    [['county', 0.773], ['province', 0.227]]
    """
    _check_level(level)
    d = _draws or _Draws(counts, prior, units, covariate, draws, seed, weight, posterior)
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    stats = {}
    for value in d.values:
        sample = d.of(value)
        stats[value] = (d.point(value), np.quantile(sample, lo, axis=0), np.quantile(sample, hi, axis=0),
                        *d.sizes(value))
    rows = [(names[t], v, est[t], low[t], high[t], n_docs, n_units, int(n_words))
            for t in range(len(names)) for v, (est, low, high, n_docs, n_units, n_words) in stats.items()]
    out = pd.DataFrame(rows, columns=["topic", "value", "estimate", "low", "high", "documents", "units",
                                     "words"])
    out["topic"] = pd.Categorical(out["topic"], categories=list(names))
    out.attrs.update(_attrs("TopicsResult.effects", covariate, draws, level, seed, weight, posterior))
    return out


def contrast(counts, prior, units: pd.DataFrame, names: list[str], covariate: str, value: str, reference: str,
             *, draws: int = 500, level: float = 0.95, seed: int = 0, weight: str = "words",
             posterior: bool = True, _draws: _Draws | None = None) -> pd.DataFrame:
    """Difference of each topic's prevalence between two values of a covariate, with its interval.

    The two groups' draws are independent (each group resampled on its own), so the difference of
    their draws is a draw of the difference. Columns ``topic``, ``value``, ``reference``,
    ``estimate`` (value minus reference), ``low``, ``high``.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": list("wxyz"), "n_words": 10,
    ...                       "level": ["county", "county", "province", "province"]})
    >>> counts = np.array([[8, 2], [8, 2], [2, 8], [2, 8]])
    >>> c = contrast(counts, np.full((4, 2), 0.5), units, ["a", "b"], "level", "county", "province",
    ...              draws=200)
    >>> c[["topic", "estimate"]].round(3).values.tolist()
    [['a', 0.545], ['b', -0.545]]
    """
    _check_level(level)
    d = _draws or _Draws(counts, prior, units, covariate, draws, seed, weight, posterior)
    for v in (value, reference):
        if v not in d.values:
            raise ValueError(f"cppcc.topics contrast: {covariate} has no value {v!r}; it has {d.values}")
    diff = d.of(value) - d.of(reference)
    est = d.point(value) - d.point(reference)
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    out = pd.DataFrame({"topic": pd.Categorical(names, categories=list(names)), "value": value,
                        "reference": reference, "estimate": est,
                        "low": np.quantile(diff, lo, axis=0), "high": np.quantile(diff, hi, axis=0)})
    out.attrs.update(_attrs("TopicsResult.contrast", covariate, draws, level, seed, weight, posterior))
    return out
