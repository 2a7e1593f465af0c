"""The result of :func:`cppcc.topics`: tidy frames of terms, documents and effects."""
from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from . import effects as _effects
from .terms import coherence, doc_term_matrix, exclusivity, term_table

__all__ = ["TopicsResult"]


class TopicsResult:
    """A fitted topic model as tidy frames.

    Attributes
    ----------
    names : list of str
        Topic names: a seeded topic's name, else ``topic_1``, ``topic_2`` … (free topics).
    labels : dict
        Topic name -> label (the codebook's English label for codebook seeds, else the name).
    terms : DataFrame
        ``topic``, ``term``, ``prob``, ``frex``, ``rank`` (by probability), ``frex_rank``: every word of
        the vocabulary for every topic (filter ``rank <= 10`` or ``frex_rank <= 10``).
    documents : DataFrame
        The unit's id (``doc_id``, and ``paragraph`` for paragraphs), ``topic``, ``share`` (the unit's
        topic shares: its topic counts plus prior, normalised).
    units : DataFrame
        One row per modelled unit: id, ``n_words``, ``n_tokens`` and the document columns.
    seeds : DataFrame
        Each seed and the vocabulary word(s) it matched (:func:`cppcc.topic_model.seeds.seed_table`).
    empty : DataFrame
        Units whose tokens hold no word under the word rule (not modelled).
    attrs : dict
        Settings, sizes, tomotopy's version and SIMD build (``isa``); copied to every frame's ``attrs``.
    model : tomotopy.DMRModel
        The fitted model itself.
    """

    def __init__(self, *, names, labels, vocab, phi, counts, prior, units, keys, seeds, word_ids, empty,
                 attrs, model=None):
        self.names, self.labels, self.vocab = list(names), dict(labels), vocab
        self.phi, self.counts, self.prior = phi, counts, prior
        self.units, self.keys, self.seeds, self.empty = units, list(keys), seeds, empty
        self.word_ids, self.attrs, self.model = word_ids, dict(attrs), model

    def __repr__(self) -> str:
        a = self.attrs
        return (f"<TopicsResult: {a['k']} topics ({a['seeded_topics']} seeded) on {a['units']:,} "
                f"{'paragraphs' if a['unit'] == 'paragraph' else 'documents'}, {a['words']:,} words>")

    def _frame(self, df: pd.DataFrame, function: str, /, **extra) -> pd.DataFrame:
        extra.pop("function", None)
        df.attrs.update({**self.attrs, **extra, "function": function})
        return df

    @property
    def theta(self) -> np.ndarray:
        """Units × topics shares (rows sum to 1), aligned with :attr:`units`."""
        alpha = self.counts + self.prior
        return alpha / alpha.sum(axis=1, keepdims=True)

    @cached_property
    def terms(self) -> pd.DataFrame:
        table = term_table(self.phi, self.vocab, self.names)
        return self._frame(table, "TopicsResult.terms", frex_weight=0.5)

    @cached_property
    def documents(self) -> pd.DataFrame:
        n, k = self.theta.shape
        ids = self.units[self.keys].iloc[np.repeat(np.arange(n), k)].reset_index(drop=True)
        ids["topic"] = pd.Categorical(np.tile(np.asarray(self.names, dtype=object), n), categories=self.names)
        ids["share"] = self.theta.ravel()
        return self._frame(ids, "TopicsResult.documents")

    @cached_property
    def _dtm(self):
        return doc_term_matrix(self.word_ids, len(self.vocab))

    def coherence(self, n: int = 10) -> pd.Series:
        """Semantic (UMass) coherence of each topic's ``n`` most probable words, on the model's units."""
        return pd.Series(coherence(self.phi, self._dtm, n), index=self.names, name="coherence")

    def exclusivity(self, n: int = 10) -> pd.Series:
        """Mean exclusivity of each topic's ``n`` most probable words
        (:func:`cppcc.topic_model.terms.exclusivity`)."""
        return pd.Series(exclusivity(self.phi, n), index=self.names, name="exclusivity")

    def summary(self, n: int = 8) -> pd.DataFrame:
        """One row per topic: ``topic``, ``label``, ``seeded``, ``prevalence`` (its share of all words),
        ``prob_terms`` and ``frex_terms`` (its ``n`` best words by each), ``seeds_found`` (seed words in
        the vocabulary / seed words), ``coherence``, ``exclusivity``."""
        t = self.terms
        words = self.units["n_words"].to_numpy(dtype=float)
        prevalence = (words[:, None] * self.theta).sum(axis=0) / words.sum()
        seeded = self.seeds.groupby("topic", sort=False).agg(
            found=("status", lambda s: int((s == "seeded").sum())), total=("seed", "size"))
        rows = []
        for i, name in enumerate(self.names):
            mine = t[t["topic"] == name]
            rows.append({
                "topic": name, "label": self.labels.get(name, name), "seeded": name in seeded.index,
                "prevalence": prevalence[i],
                "prob_terms": " ".join(mine.nsmallest(n, "rank")["term"]),
                "frex_terms": " ".join(mine.nsmallest(n, "frex_rank")["term"]),
                "seeds_found": (f"{seeded.loc[name, 'found']}/{seeded.loc[name, 'total']}"
                                if name in seeded.index else ""),
            })
        out = pd.DataFrame(rows)
        out["coherence"] = self.coherence(10).to_numpy()
        out["exclusivity"] = self.exclusivity(10).to_numpy()
        return self._frame(out, "TopicsResult.summary", n=n)

    def passages(self, texts: pd.DataFrame, n: int = 3) -> pd.DataFrame:
        """The ``n`` units with the highest share of each topic, with their text.

        ``texts`` has the units' id columns (``doc_id``; and ``paragraph`` for paragraphs, e.g.
        :func:`cppcc.paragraphs`) and ``text``. Columns: ``topic``, ``rank``, the id columns, ``share``,
        ``text``.
        """
        missing = [c for c in [*self.keys, "text"] if c not in texts.columns]
        if missing:
            raise ValueError(f"cppcc.topics passages: `texts` is missing column(s) {missing}; pass "
                             + ("cppcc.paragraphs(speeches)" if "paragraph" in self.keys else "the speeches"))
        d = self.documents
        top = (d.sort_values(["topic", "share"], ascending=[True, False], kind="stable")
               .groupby("topic", observed=True, sort=False).head(n).copy())
        top["rank"] = top.groupby("topic", observed=True).cumcount() + 1
        left = top.copy()
        right = texts[[*self.keys, "text"]].copy()
        for c in self.keys:
            left[c] = left[c].astype(str)
            right[c] = right[c].astype(str)
        out = left.merge(right, on=self.keys, how="left")
        out = out[["topic", "rank", *self.keys, "share", "text"]].reset_index(drop=True)
        return self._frame(out, "TopicsResult.passages", n=n)

    def _draws(self, covariate, draws, seed, weight, posterior):
        return _effects._Draws(self.counts, self.prior, self.units, covariate, draws,
                               self.attrs["seed"] if seed is None else seed, weight, posterior)

    def effects(self, covariate: str, *, draws: int = 500, level: float = 0.95, seed: int | None = None,
                weight: str = "words", posterior: bool = True) -> pd.DataFrame:
        """Prevalence of each topic by each value of ``covariate`` (a document column), with intervals.

        Columns ``topic``, ``value``, ``estimate``, ``low``, ``high`` (percentile interval at
        ``level``), ``documents``, ``units``, ``words``. Intervals resample documents (and a drawn
        document's paragraphs) and draw each unit's shares from its posterior: see
        :mod:`cppcc.topic_model.effects`. ``seed`` defaults to the fit's seed.
        """
        d = self._draws(covariate, draws, seed, weight, posterior)
        out = _effects.effects(self.counts, self.prior, self.units, self.names, covariate, draws=draws,
                               level=level, seed=d.seed, weight=weight, posterior=posterior, _draws=d)
        return self._frame(out, "TopicsResult.effects", **out.attrs)

    def contrast(self, covariate: str, value, reference, *, draws: int = 500, level: float = 0.95,
                 seed: int | None = None, weight: str = "words", posterior: bool = True) -> pd.DataFrame:
        """Each topic's prevalence at ``value`` minus at ``reference`` of ``covariate``, with its interval
        (same draws as :meth:`effects`)."""
        d = self._draws(covariate, draws, seed, weight, posterior)
        out = _effects.contrast(self.counts, self.prior, self.units, self.names, covariate, str(value),
                                str(reference), draws=draws, level=level, seed=d.seed, weight=weight,
                                posterior=posterior, _draws=d)
        return self._frame(out, "TopicsResult.contrast", **out.attrs)
