"""Co-occurrence networks of content words, within sentences or token windows (:func:`cooccurrence`)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import sparse

from ..common import check_option, option_error, require_columns, stamp
from ..counting import per_type, unit_codes, word_masks

__all__ = ["cooccurrence"]

_HAS_WORD_CHAR = re.compile(r"[^\W\d_]")  # a letter or a CJK ideograph (not a digit, not punctuation)


def _content_mask(tokens: pd.DataFrame, stop, min_chars: int) -> np.ndarray:
    keep, _ = word_masks(tokens, stop, punct=False)
    keep &= per_type(
        tokens["token"],
        lambda u: (u.str.len() >= min_chars) & u.str.contains(_HAS_WORD_CHAR.pattern, regex=True),
    )
    return keep


def _sentence_pairs(tokens: pd.DataFrame, tcode_all: np.ndarray, V: int):
    """(term × term sentence co-occurrence counts, sentences holding each term, S) for sentence windows."""
    units = unit_codes(tokens)
    S = int(units.max()) + 1 if len(units) else 0
    ok = tcode_all >= 0
    X = sparse.coo_matrix((np.ones(ok.sum()), (units[ok], tcode_all[ok])), shape=(S, V)).tocsr()
    X.sum_duplicates()
    X.data[:] = 1.0
    return (X.T @ X).tocoo(), np.asarray(X.sum(axis=0)).ravel(), S


def _window_pairs(tokens: pd.DataFrame, tcode_all: np.ndarray, content: np.ndarray, V: int, k: int):
    """(term × term counts of pairs at most ``k`` positions apart in a document, P content pairs)."""
    doc_codes = unit_codes(tokens, ("doc_id",))
    rows, cols = [], []
    for d in range(1, k + 1):
        a, b = tcode_all[:-d], tcode_all[d:]
        same = (doc_codes[:-d] == doc_codes[d:]) & (a >= 0) & (b >= 0)
        rows.append(a[same])
        cols.append(b[same])
    # content pairs with *any* content word (not only the kept vocabulary) for the expectation
    cmask = content.astype(int)
    P = sum(
        int(((doc_codes[:-d] == doc_codes[d:]) & (cmask[:-d] == 1) & (cmask[d:] == 1)).sum())
        for d in range(1, k + 1)
    )
    a = np.concatenate(rows) if rows else np.array([], dtype=int)
    b = np.concatenate(cols) if cols else np.array([], dtype=int)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    C = sparse.coo_matrix((np.ones(len(lo)), (lo, hi)), shape=(V, V)).tocsr()
    C.sum_duplicates()
    return C.tocoo(), P


def cooccurrence(
    tokens: pd.DataFrame,
    window: str | int = "sentence",
    min_count: int = 2,
    stop=True,
    min_chars: int = 2,
    measure: str | None = None,
    top: int | None = None,
):
    """Co-occurrence network of content words (networkx Graph).

    Content words: not punctuation, not stopwords (``stop``), at least ``min_chars`` characters
    and containing a letter or a Chinese character (numbers are left out).

    ``window="sentence"``: two words co-occur when they appear in the same sentence
    (``doc_id``, ``sentence``); ``count`` is the number of sentences holding both, and with ``S``
    sentences, ``s_a`` sentences holding ``a``::

        pmi     = ln(count · S / (s_a · s_b))
        jaccard = count / (s_a + s_b − count)          (KH Coder's measure)

    ``window=k`` (int ≥ 1): two content tokens co-occur when they are at most ``k`` positions apart
    in the same document (positions in the token sequence, punctuation included; the order of the
    rows of ``tokens`` within each document is the text order). ``count`` is the number of such
    pairs; with ``P`` content pairs in total and ``N`` content tokens,
    ``pmi = ln(count / (2·P·f_a·f_b/N²))`` (observed over expected pairs); ``jaccard`` is not
    defined and not set.

    Parameters
    ----------
    tokens : DataFrame
    window : "sentence" or int
    min_count : int, default 2
        Keep edges with ``count >= min_count`` (and words occurring at least that often).
    stop : see module docstring
    min_chars : int, default 2
    measure : {"pmi", "jaccard", "count"}, optional
        Copied into the edge attribute ``weight``; default ``"jaccard"`` for sentences, ``"pmi"`` for
        token windows.
    top : int, optional
        Use only the ``top`` most frequent content words.

    Returns
    -------
    networkx.Graph
        Nodes: words in at least one kept edge, attributes ``count`` (occurrences) and, for
        sentence windows, ``sentences``. Edges: ``count``, ``pmi``, (``jaccard``), ``weight``.
        ``G.graph`` records ``window``, ``measure`` and ``units`` (S or P).

    Examples
    --------
    >>> import cppcc
    >>> import networkx as nx
    >>> G = cooccurrence(cppcc.tokens(cppcc.load_speeches()), min_count=3)
    >>> G.number_of_nodes(), G.number_of_edges()
    (129, 520)
    >>> sorted(G.edges(data="count"), key=lambda e: (-e[2], e[0], e[1]))[:3]
    [('政协', '工作', 30), ('政协', '市县', 23), ('政协', '协商', 21)]
    >>> len(nx.to_pandas_edgelist(G))  # a tidy edge table
    520
    """
    import networkx as nx

    sentence_mode = isinstance(window, str)
    positive_int = isinstance(window, (int, np.integer)) and not isinstance(window, bool) and window >= 1
    if window != "sentence" if sentence_mode else not positive_int:
        raise option_error("cooccurrence", "window", "'sentence' or a positive int", window)
    measure = measure or ("jaccard" if sentence_mode else "pmi")
    check_option(measure, ("pmi", "jaccard", "count") if sentence_mode else ("pmi", "count"), "measure",
                 "cooccurrence")
    require_columns(
        tokens,
        ["doc_id", "token", "is_punct", *(["sentence"] if sentence_mode else [])],
        "cooccurrence",
        "tokens",
    )
    G = stamp(nx.Graph(), "cooccurrence", window=window, measure=measure, stop=stop, min_count=int(min_count),
              min_chars=int(min_chars), top=top)
    if tokens.empty:
        G.graph["units"] = 0
        return G
    content = _content_mask(tokens, stop, min_chars)
    tok = tokens["token"].to_numpy(dtype=object)
    counts = pd.Series(tok[content]).value_counts()
    # ties in frequency broken by the word itself, so the ``top`` words never depend on hash order
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    vocab = counts[counts >= min_count]
    if top is not None:
        vocab = vocab.head(top)
    if vocab.empty:
        G.graph["units"] = 0
        return G
    term_index = pd.Index(vocab.index)
    tcode_all = np.full(len(tokens), -1)
    tcode_all[content] = term_index.get_indexer(tok[content])
    V = len(term_index)

    if sentence_mode:
        C, nodefreq, units = _sentence_pairs(tokens, tcode_all, V)
    else:
        C, units = _window_pairs(tokens, tcode_all, content, V, int(window))
        nodefreq = vocab.to_numpy(dtype=float)
        n_content = int(content.sum())

    r, c, cnt = C.row, C.col, C.data
    sel = (r < c) & (cnt >= min_count)
    r, c, cnt = r[sel], c[sel], cnt[sel]
    with np.errstate(divide="ignore", invalid="ignore"):
        if sentence_mode:
            pmi = np.log(cnt * units / (nodefreq[r] * nodefreq[c]))
            jac = cnt / (nodefreq[r] + nodefreq[c] - cnt)
        else:
            expected = 2.0 * units * nodefreq[r] * nodefreq[c] / float(n_content) ** 2
            pmi = np.log(cnt / expected)
            jac = None
    G.graph["units"] = int(units)
    used = np.unique(np.concatenate([r, c]))
    for i in used:
        attrs = {"count": int(vocab.iloc[i])}
        if sentence_mode:
            attrs["sentences"] = int(nodefreq[i])
        G.add_node(term_index[i], **attrs)
    weight = {"pmi": pmi, "jaccard": jac, "count": cnt}[measure]
    for j in range(len(r)):
        attrs = {"count": int(cnt[j]), "pmi": float(pmi[j]), "weight": float(weight[j])}
        if jac is not None:
            attrs["jaccard"] = float(jac[j])
        G.add_edge(term_index[r[j]], term_index[c[j]], **attrs)
    return G
