"""Topic terms and topic quality: FREX, the term table, semantic coherence, exclusivity.

- **FREX** (Bischof & Airoldi 2012; STM's ``labelTopics``/``calcfrex``): a word's rank among the
  topic's words by probability (frequency) and by exclusivity (its probability in the topic over
  its probability summed across topics), each as an empirical CDF (average rank / number of
  words), combined by a weighted harmonic mean, ``1 / (w / ecdf_excl + (1 - w) / ecdf_freq)`` with
  ``w = 0.5``. Unlike STM's ``labelTopics`` no James–Stein shrinkage is applied to exclusivity.
- **Semantic coherence** (Mimno et al. 2011, "UMass"): for a topic's top words v1…vM by probability,
  ``sum over m > l of log((D(v_m, v_l) + 1) / D(v_l))``, D counting the units that hold the words.
  Higher (closer to 0) is more coherent; it is comparable only between models of the same units.
- **Exclusivity**: the mean, over a topic's top words, of the share of the word's probability mass
  (summed over topics) that lies in this topic.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = ["frex", "term_table", "top_ids", "coherence", "exclusivity", "doc_term_matrix"]


def frex(phi: np.ndarray, w: float = 0.5) -> np.ndarray:
    """FREX score of every word in every topic (rows: topics, columns: words).

    Parameters
    ----------
    phi : array (k, V)
        Topic-word probabilities (each row sums to 1).
    w : float, default 0.5
        Weight of exclusivity (STM's ``frexweight``); ``1 - w`` is the weight of frequency.

    Examples
    --------
    Two topics, three words: word 0 is the most frequent in topic 0 but shared by both topics;
    word 1 is rarer there but the most exclusive to it. With equal weights the two tie; with more
    weight on exclusivity word 1 leads.

    >>> phi = np.array([[0.5, 0.3, 0.2], [0.5, 0.1, 0.4]])
    >>> frex(phi).round(4).tolist()
    [[0.8, 0.8, 0.3333], [0.8, 0.3333, 0.8]]
    >>> frex(phi, w=0.7)[0].round(4).tolist()  # 1/(0.7/(2/3) + 0.3/1), 1/(0.7/1 + 0.3/(2/3)), 1/3
    [0.7407, 0.8696, 0.3333]
    """
    from scipy.stats import rankdata  # scipy.stats takes a while to import: on first use

    phi = np.asarray(phi, dtype=float)
    if phi.ndim != 2 or phi.shape[1] == 0:
        raise ValueError(f"frex: phi must be a (topics, words) matrix, got shape {phi.shape}")
    if not 0 <= w <= 1:
        raise ValueError(f"frex: w must be between 0 and 1, got {w}")
    V = phi.shape[1]
    total = phi.sum(axis=0, keepdims=True)
    excl = np.divide(phi, total, out=np.zeros_like(phi), where=total > 0)
    freq_score = rankdata(phi, method="average", axis=1) / V
    excl_score = rankdata(excl, method="average", axis=1) / V
    return 1.0 / (w / excl_score + (1 - w) / freq_score)


def term_table(phi: np.ndarray, vocab, names: list[str], w: float = 0.5) -> pd.DataFrame:
    """The tidy term table: one row per topic and word of the vocabulary.

    Columns ``topic``, ``term``, ``prob``, ``frex``, ``rank`` (1 = the topic's most probable word),
    ``frex_rank`` (1 = highest FREX); rows by topic, then ``rank``. Ties keep vocabulary order.

    Examples
    --------
    >>> phi = np.array([[0.5, 0.3, 0.2], [0.5, 0.1, 0.4]])
    >>> t = term_table(phi, ["政协", "基层", "委员"], ["a", "b"], w=0.7)
    >>> t[t.topic == "a"][["term", "rank", "frex_rank"]].values.tolist()
    [['政协', 1, 2], ['基层', 2, 1], ['委员', 3, 3]]
    """
    phi = np.asarray(phi, dtype=float)
    k, V = phi.shape
    fx = frex(phi, w)
    order = np.argsort(-phi, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(1, V + 1)[None, :].repeat(k, 0), axis=1)
    forder = np.argsort(-fx, axis=1, kind="stable")
    frank = np.empty_like(forder)
    np.put_along_axis(frank, forder, np.arange(1, V + 1)[None, :].repeat(k, 0), axis=1)
    vocab = np.asarray(vocab, dtype=object)
    rows = order.ravel()
    topic_idx = np.repeat(np.arange(k), V)
    return pd.DataFrame({
        "topic": pd.Categorical(np.asarray(names, dtype=object)[topic_idx], categories=list(names)),
        "term": vocab[rows],
        "prob": phi[topic_idx, rows],
        "frex": fx[topic_idx, rows],
        "rank": rank[topic_idx, rows].astype("int32"),
        "frex_rank": frank[topic_idx, rows].astype("int32"),
    })


def top_ids(phi: np.ndarray, n: int) -> np.ndarray:
    """Indices of each topic's ``n`` most probable words, most probable first (ties: vocabulary order)."""
    return np.argsort(-np.asarray(phi), axis=1, kind="stable")[:, :n]


def doc_term_matrix(word_ids: list[np.ndarray], V: int) -> sparse.csr_matrix:
    """Binary units × words matrix (1 where the unit holds the word at least once)."""
    lengths = np.fromiter((len(x) for x in word_ids), dtype=np.int64, count=len(word_ids))
    rows = np.repeat(np.arange(len(word_ids)), lengths)
    cols = np.concatenate(word_ids) if len(word_ids) else np.zeros(0, dtype=np.int64)
    m = sparse.csr_matrix((np.ones(len(cols), dtype=np.float64), (rows, cols)), shape=(len(word_ids), V))
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def coherence(phi: np.ndarray, dtm: sparse.spmatrix, n: int = 10) -> np.ndarray:
    """Semantic (UMass) coherence of each topic's ``n`` most probable words.

    Parameters
    ----------
    phi : array (k, V)
    dtm : sparse (units, V)
        Binary units × words matrix of the units the model was fitted on (:func:`doc_term_matrix`).
    n : int, default 10

    Examples
    --------
    Words 0 and 1 always occur together; word 2 occurs with word 0 in one unit of two.

    >>> dtm = sparse.csr_matrix(np.array([[1, 1, 1], [1, 1, 0]]))
    >>> phi = np.array([[0.6, 0.3, 0.1], [0.1, 0.3, 0.6]])
    >>> coherence(phi, dtm, n=2).round(4).tolist()   # [log(3/2), log(2/1)]
    [0.4055, 0.6931]
    """
    ids = top_ids(phi, n)
    X = sparse.csc_matrix(dtm)
    out = np.zeros(len(ids))
    for t, words in enumerate(ids):
        sub = X[:, words]
        co = (sub.T @ sub).toarray()
        df = np.diag(co)
        total = 0.0
        for m in range(1, len(words)):
            for l_ in range(m):
                if df[l_] > 0:
                    total += np.log((co[m, l_] + 1.0) / df[l_])
        out[t] = total
    return out


def exclusivity(phi: np.ndarray, n: int = 10) -> np.ndarray:
    """Mean share of each top word's probability (summed over topics) that lies in the topic.

    Examples
    --------
    >>> phi = np.array([[0.6, 0.3, 0.1], [0.1, 0.3, 0.6]])
    >>> exclusivity(phi, n=2).round(4).tolist()   # [(6/7 + 1/2) / 2, (6/7 + 1/2) / 2]
    [0.6786, 0.6786]
    """
    phi = np.asarray(phi, dtype=float)
    share = phi / phi.sum(axis=0, keepdims=True)
    ids = top_ids(phi, n)
    return np.take_along_axis(share, ids, axis=1).mean(axis=1)
