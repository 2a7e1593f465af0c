"""Fitting: a seeded topic model with covariates, with tomotopy's Dirichlet-multinomial regression.

:func:`topics` fits tomotopy's ``DMRModel`` (Mimno & McCallum 2008): each unit's Dirichlet prior on
its topic shares is ``exp(lambda · x)``, ``x`` holding an intercept and one indicator per value of
each covariate (tomotopy's ``multi_metadata``: ``"level=county"``, ``"province=河南省"``), so
prevalence depends on the covariates as in STM's prevalence formula with main effects. Seed words
raise the topic-word prior of their topic (tomotopy's ``set_word_prior``; keyATM's idea of
keyword-assisted topics): a seed word's prior is ``seed_weight`` in its seeded topic and the
model's ``eta`` elsewhere. Without covariates the model is LDA with a learned asymmetric prior.

Reproducibility: tomotopy's Gibbs sampler gives the same result for the same seed, data and
settings only with one worker (``workers=1``, the default), and its SIMD builds (``tomotopy.isa``:
avx512, avx2, sse2, none; ``TOMOTOPY_ISA`` forces one) give different results: the build is in
every result's ``attrs``.
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .prepare import Units, check_size, metadata_labels
from .result import TopicsResult
from .seeds import resolve_seeds, seed_table, topic_names
from .stream import units_of
from .words import WORD_RULE

__all__ = ["topics", "fit_units", "DEFAULT_ITERATIONS", "ALPHA", "ETA", "SEED_WEIGHT"]

#: Gibbs iterations when ``iterations=None``.
DEFAULT_ITERATIONS = 1000
#: tomotopy's initial document-topic prior (``exp`` of the intercept of lambda) and topic-word prior.
ALPHA = 0.1
ETA = 0.01
#: Topic-word prior of a seed word in its seeded topic (100 times ``ETA``).
SEED_WEIGHT = 1.0


def _check(k, seed, iterations, workers, seed_weight, func: str) -> int:
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"cppcc.{func}: k must be a positive integer, got {k!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"cppcc.{func}: seed must be a non-negative integer, got {seed!r}")
    if iterations is None:
        iterations = DEFAULT_ITERATIONS
    if isinstance(iterations, bool) or not isinstance(iterations, numbers.Integral) or iterations < 1:
        raise ValueError(f"cppcc.{func}: iterations must be a positive integer or None, got {iterations!r}")
    if isinstance(workers, bool) or not isinstance(workers, numbers.Integral) or workers < 1:
        raise ValueError(f"cppcc.{func}: workers must be a positive integer, got {workers!r}")
    if not seed_weight > 0:
        raise ValueError(f"cppcc.{func}: seed_weight must be positive, got {seed_weight!r}")
    return int(iterations)


def topics(tokens, k: int, seeds=None, covariates=None, unit: str = "doc_id", seed: int = 0,
           iterations: int | None = None, *, sample=None, workers: int = 1,
           seed_weight: float = SEED_WEIGHT) -> TopicsResult:
    """Fit a topic model, seeded and with covariates, on a tokens frame or a store.

    Parameters
    ----------
    tokens : DataFrame or cppcc.Store
        :func:`cppcc.tokens` output (``doc_id``, ``token``, ``is_stop``, ``is_punct`` and the document
        columns), or a store built by :func:`cppcc.build_store`: its token files are streamed into
        the model a batch of documents at a time (:mod:`cppcc.topic_model.stream`), never read whole,
        and give the result the same tokens in one frame give. The model sees the tokens of the word
        rule (:func:`cppcc.topic_model.words.word_mask`: no punctuation, no stop words, no single
        characters, no bare numbers).
    k : int
        Number of topics, seeded and free together.
    seeds : dict, "codebook" or None
        ``{topic name: [words]}``, or ``"codebook"``: one seeded topic per category of
        :func:`cppcc.load_codebook`, named by its key. Seeded topics come first; the other
        ``k - len(seeds)`` topics are free, named ``topic_1``, ``topic_2`` …
    covariates : str or list of str, optional
        Document columns on which prevalence depends (``level``, ``province``; ``year`` is taken from
        ``date`` when there is no ``year`` column). Missing values are a value of their own.
    unit : {"doc_id", "paragraph"}
        Model documents or paragraphs (needs a ``paragraph`` column: :func:`cppcc.topic_model.paragraph_ids`).
    seed : int, default 0
        Random seed: the same seed, data and settings give the same result.
    iterations : int, optional
        Gibbs sampling iterations (default :data:`DEFAULT_ITERATIONS`).
    sample : int or float, optional
        Model a random sample of documents instead of all: that many documents (int) or that share of
        them (float below 1), drawn without replacement with ``seed``; ``attrs`` record ``sample``,
        ``sample_seed``, ``sample_documents`` and ``documents_total``.
    workers : int, default 1
        Sampler threads; only ``workers=1`` is reproducible.
    seed_weight : float, default 1.0
        Topic-word prior of a seed word in its topic (the other topics keep ``eta`` = 0.01).

    Returns
    -------
    TopicsResult
        ``.terms``, ``.documents``, ``.effects(covariate)``, ``.contrast(...)``, ``.summary()``,
        ``.seeds``; ``.attrs`` hold the settings, tomotopy's version and SIMD build (``isa``).

    Raises
    ------
    TopicsError
        Too few units or words for ``k`` topics (one line; a notebook can catch it).
    ValueError, ColumnError
        A wrong argument or a missing column.

    Examples
    --------
    >>> import cppcc
    >>> rows = [{"doc_id": f"d{i}", "level": "county" if i % 2 else "province",
    ...          "text": "乡镇 基层 村民 议事 " * 3 if i % 2 else "省委 立法 监督 提案 " * 3}
    ...         for i in range(20)]
    >>> toks = cppcc.tokens(pd.DataFrame(rows))
    >>> r = topics(toks, 2, seeds={"grassroots": ["基层"]}, covariates="level", iterations=50)
    >>> r.terms.query("topic == 'grassroots' and rank <= 4")["term"].sort_values().tolist()
    ['乡镇', '基层', '村民', '议事']
    """
    iterations = _check(k, seed, iterations, workers, seed_weight, "topics")
    units, read = units_of(tokens, unit, covariates, sample, int(seed), "topics")
    result = fit_units(units, int(k), seeds, covariates, int(seed), iterations, int(workers),
                       float(seed_weight))
    result.attrs.update(read)
    return result


def _covariate_names(covariates) -> list[str]:
    return [] if covariates is None else ([covariates] if isinstance(covariates, str) else list(covariates))


def fit_units(units: Units, k: int, seeds, covariates, seed: int, iterations: int, workers: int = 1,
              seed_weight: float = SEED_WEIGHT, func: str = "topics") -> TopicsResult:
    """Fit the model on prepared units (:func:`cppcc.topic_model.prepare.prepare`); see :func:`topics`."""
    import tomotopy as tp

    seed_words, labels = resolve_seeds(seeds, func)
    names = topic_names(list(seed_words), k, func)
    check_size(len(units.frame), units.n_words, k, units.unit, func)
    cov = _covariate_names(covariates)
    model = tp.DMRModel(k=k, alpha=ALPHA, eta=ETA, sigma=1.0, seed=seed)
    for words, md in zip(units.words, metadata_labels(units.frame, cov)):
        model.add_doc(words.tolist(), metadata="", multi_metadata=md)
    freq = pd.Series(np.concatenate(units.words)).value_counts(sort=False)
    seeds_frame = seed_table(seed_words, freq)
    for term, group in seeds_frame[seeds_frame["status"] == "seeded"].groupby("term", sort=False):
        model.set_word_prior(term, {names.index(t): seed_weight for t in group["topic"]})
    model.train(iterations, workers=workers)

    vocab = np.asarray(list(model.used_vocabs), dtype=object)
    phi = np.array([model.get_topic_word_dist(t) for t in range(k)], dtype=np.float64)
    counts = np.zeros((len(units.frame), k), dtype=np.float64)
    raw = np.zeros_like(counts)
    word_ids = []
    for i, doc in enumerate(model.docs):
        counts[i] = np.bincount(np.asarray(doc.topics, dtype=np.int64), minlength=k)
        raw[i] = doc.get_topic_dist(normalize=False)
        word_ids.append(np.asarray(doc.words, dtype=np.int64))
    attrs = {
        "function": "topics", "k": k,
        "seeds": seeds if isinstance(seeds, str) or seeds is None else dict(seed_words),
        "seeded_topics": len(seed_words), "covariates": cov, "unit": units.unit, "seed": seed,
        "iterations": iterations, "workers": workers, "alpha": ALPHA, "eta": ETA, "seed_weight": seed_weight,
        "model": "tomotopy.DMRModel", "tomotopy": tp.__version__, "isa": tp.isa, "word_rule": WORD_RULE,
        "units": len(units.frame), "words": units.n_words, "vocabulary": len(vocab),
        "units_without_words": len(units.empty), "ll_per_word": float(model.ll_per_word),
    }
    return TopicsResult(names=names, labels={n: labels.get(n, n) for n in names}, vocab=vocab, phi=phi,
                        counts=counts, prior=raw - counts, units=units.frame, keys=units.keys,
                        seeds=seeds_frame, word_ids=word_ids, empty=units.empty, attrs=attrs, model=model)
