"""Choosing k: held-out likelihood, coherence and exclusivity of models with several numbers of topics.

For each k, :func:`topics_search` fits the model on the units left after holding out a random
share (``holdout``) of them, and scores it by

- **held-out log-likelihood per word** by *document completion* (Wallach et al. 2009; STM's
  ``searchK``): each held-out unit's words at odd positions (1st, 3rd, …) give its topic shares
  (tomotopy's ``infer``), and the words at even positions are scored under those shares,
  ``log sum_t theta_t phi_tw``; higher is better. ``perplexity`` is ``exp(-heldout_ll)``. Words the
  training units never use are not scored (``words_heldout`` counts the scored ones);
- **semantic coherence** (UMass, mean over topics of their 10 most probable words, on the
  training units) and **exclusivity** (:mod:`cppcc.topic_model.terms`): more topics usually buy
  exclusivity at the price of coherence, and a reader picks k where the trade stops paying.

The split is random by unit (paragraphs of one speech can fall on both sides) and fixed by
``seed``.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .fit import SEED_WEIGHT, _check, _covariate_names, fit_units
from .prepare import TopicsError, TopicsWarning, check_size, metadata_labels
from .seeds import resolve_seeds
from .stream import units_of

__all__ = ["topics_search", "INFER_ITERATIONS"]

#: Gibbs iterations that infer a held-out unit's topic shares.
INFER_ITERATIONS = 100


def _heldout(result, units, cov: list[str], workers: int) -> tuple[float, int]:
    """(log-likelihood, scored words) of the held-out units by document completion."""
    model = result.model
    known = set(model.multi_metadata_dict)
    index = {w: i for i, w in enumerate(result.vocab)}
    docs, scored = [], []
    for words, md in zip(units.words, metadata_labels(units.frame, cov)):
        ids = np.array([index.get(w, -1) for w in words])
        first, second = words[0::2][ids[0::2] >= 0], ids[1::2][ids[1::2] >= 0]
        if len(first) == 0 or len(second) == 0:
            continue
        # unknown metadata would abort tomotopy's C++ core: keep only values seen in training
        docs.append(model.make_doc(first.tolist(), metadata="", multi_metadata=[m for m in md if m in known]))
        scored.append(second)
    if not docs:
        return float("nan"), 0
    theta, _ = model.infer(docs, iterations=INFER_ITERATIONS, workers=workers)
    ll = 0.0
    for th, ids in zip(theta, scored):
        ll += float(np.log(np.asarray(th, dtype=float) @ result.phi[:, ids]).sum())
    return ll, int(sum(len(s) for s in scored))


def topics_search(tokens, ks: Iterable[int], seeds=None, covariates=None, unit: str = "doc_id",
                  seed: int = 0, iterations: int | None = None, *, holdout: float = 0.2, sample=None,
                  workers: int = 1, seed_weight: float = SEED_WEIGHT) -> pd.DataFrame:
    """Held-out likelihood, coherence and exclusivity of the model for several numbers of topics.

    Parameters
    ----------
    tokens, seeds, covariates, unit, seed, iterations, sample, workers, seed_weight
        As in :func:`cppcc.topics` (a tokens frame or a store, streamed; ``seed`` also fixes the
        held-out split and the sample of documents).
    ks : iterable of int
        Numbers of topics (seeded and free together) to try.
    holdout : float, default 0.2
        Share of units held out (at least one).

    Returns
    -------
    DataFrame
        One row per k: ``k``, ``seeded``, ``free``, ``heldout_ll`` (per word), ``perplexity``,
        ``coherence``, ``exclusivity``, ``ll_per_word`` (training), ``units_train``,
        ``units_heldout``, ``words_heldout``. ``attrs``: settings, tomotopy's version and ``isa``.

    Raises
    ------
    TopicsError
        The training units are too few for the smallest k. A larger k they are too few for is left
        out of the table with a :class:`~cppcc.topic_model.prepare.TopicsWarning` (``attrs["left_out"]``).

    Examples
    --------
    >>> import cppcc
    >>> rows = [{"doc_id": f"d{i}",
    ...          "text": "乡镇 基层 村民 议事 " * 3 if i % 2 else "省委 立法 监督 提案 " * 3}
    ...         for i in range(30)]
    >>> s = topics_search(cppcc.tokens(pd.DataFrame(rows)), [1, 2], iterations=50)
    >>> s[["k", "units_train", "units_heldout"]].values.tolist()
    [[1, 24, 6], [2, 24, 6]]
    >>> bool(s.loc[1, "heldout_ll"] > s.loc[0, "heldout_ll"])
    True
    """
    ks = sorted({int(k) for k in ks})
    if not ks:
        raise ValueError("cppcc.topics_search: ks must name at least one number of topics")
    for k in ks:
        iterations_ = _check(k, seed, iterations, workers, seed_weight, "topics_search")
    if not 0 < holdout < 1:
        raise ValueError(f"cppcc.topics_search: holdout must be between 0 and 1, got {holdout}")
    n_seeded = len(resolve_seeds(seeds, "topics_search")[0])
    if ks[0] < n_seeded:
        raise ValueError(f"cppcc.topics_search: k={ks[0]} is smaller than the {n_seeded} seeded topics")
    units, read = units_of(tokens, unit, covariates, sample, int(seed), "topics_search")
    n = len(units.frame)
    rng = np.random.default_rng(seed)
    n_test = max(1, int(round(holdout * n))) if n > 1 else 0
    test = np.sort(rng.choice(n, n_test, replace=False))
    train = np.setdiff1d(np.arange(n), test)
    train_units, test_units = units.subset(train), units.subset(test)
    feasible = []
    for k in ks:
        try:
            check_size(len(train_units.frame), train_units.n_words, k, unit, "topics_search")
            feasible.append(k)
        except TopicsError as exc:
            if k == ks[0]:
                raise
            warnings.warn(f"{exc} (k={k} left out of the search)", TopicsWarning, stacklevel=2)
    left_out = [k for k in ks if k not in feasible]
    ks = feasible
    cov = _covariate_names(covariates)
    rows, attrs = [], {}
    for k in ks:
        r = fit_units(train_units, k, seeds, covariates, int(seed), iterations_, int(workers), seed_weight,
                      "topics_search")
        ll, scored = _heldout(r, test_units, cov, int(workers))
        per_word = ll / scored if scored else float("nan")
        rows.append({"k": k, "seeded": n_seeded, "free": k - n_seeded, "heldout_ll": per_word,
                     "perplexity": float(np.exp(-per_word)) if scored else float("nan"),
                     "coherence": float(r.coherence(10).mean()),
                     "exclusivity": float(r.exclusivity(10).mean()),
                     "ll_per_word": r.attrs["ll_per_word"], "units_train": len(train),
                     "units_heldout": len(test), "words_heldout": scored})
        attrs = r.attrs
    out = pd.DataFrame(rows)
    skip = ("k", "function", "ll_per_word", "units", "words", "vocabulary")
    out.attrs.update({k: v for k, v in attrs.items() if k not in skip})
    out.attrs.update(read)
    out.attrs.update({"function": "topics_search", "ks": ks, "left_out": left_out, "holdout": holdout,
                      "infer_iterations": INFER_ITERATIONS,
                      "split": "random units, fixed by seed",
                      "coherence": "UMass, top 10 words, training units",
                      "heldout": "document completion: odd-position words infer the shares, even-position "
                                 "words are scored"})
    return out

