"""Keyness against general Chinese: what this register over-uses, with wordfreq's ``zh`` list as
the reference (:func:`reference_frequencies`, :func:`reference_keyness`)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..common import as_list, check_option, stamp
from ..text.segmenter import jieba_tokenizer
from .frequencies import term_frequencies
from .keyness import _xlogx_over

__all__ = ["reference_frequencies", "reference_keyness"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@functools.lru_cache(maxsize=1)
def _wordfreq_dict() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("zh", wordlist="best")


@functools.lru_cache(maxsize=1)
def _wordfreq_tokenizer():
    """A private jieba tokenizer on wordfreq's own Chinese word list (:func:`cppcc.text.jieba_tokenizer`)."""
    from wordfreq.chinese import DICT_FILENAME

    return jieba_tokenizer(DICT_FILENAME)


def reference_frequencies(terms: Iterable[str], missing: str = "estimate") -> pd.DataFrame:
    """Frequency of each term in general Chinese, from wordfreq's ``zh`` list.

    wordfreq's Chinese list (SUBTLEX-CH, Wikipedia, OpenSubtitles, Google Books, web text, Twitter…)
    is keyed by *Simplified* words (it folds Traditional with its own character map; our tokens are
    already Simplified) and gives each word's share of all word tokens (≈10⁻⁸ … 6·10⁻²).

    Parameters
    ----------
    terms : iterable of str
    missing : {"estimate", "floor"}
        What to do with a term absent from the list (typically a domain compound such as 委员之家):
        ``"estimate"`` splits it with jieba on wordfreq's own dictionary (HMM off) and combines the
        parts as wordfreq's :func:`wordfreq.word_frequency` does, ``1/f = Σ 1/f_i``, times
        ``10^-(k-1)`` for ``k`` parts (its penalty per inferred word break), floored at the list's
        minimum; ``"floor"`` gives every absent term the list's minimum frequency (≈1.02·10⁻⁸: the
        list's cut-off, so an absent word is at most that frequent).

    Returns
    -------
    DataFrame
        ``term, ref_freq`` (share of tokens), ``in_reference`` (bool: exact entry in the list).
    """
    check_option(missing, ("estimate", "floor"), "missing", "reference_frequencies")
    terms = pd.Index(pd.unique(pd.Series(list(terms), dtype=object)))
    d = _wordfreq_dict()
    floor = min(d.values())
    keys = pd.Series([str(t).casefold() for t in terms], index=terms)
    freq = keys.map(d)
    inref = freq.notna()
    if missing == "estimate" and (~inref).any():
        tok = _wordfreq_tokenizer()
        est = {}
        for t, k in keys[~inref].items():  # loop over absent terms only (a few hundred), not the corpus
            parts = [p for p in tok.lcut(k, HMM=False) if p.strip()]
            fs = [d.get(p) for p in parts]
            if not parts or any(f is None for f in fs):
                est[t] = floor
            else:
                f = 1.0 / sum(1.0 / x for x in fs) * 10.0 ** -(len(parts) - 1)
                est[t] = max(f, floor)
        freq = freq.fillna(pd.Series(est))
    freq = freq.fillna(floor)
    table = pd.DataFrame(
        {
            "term": terms.to_numpy(dtype=object),
            "ref_freq": freq.to_numpy(dtype=float),
            "in_reference": inref.to_numpy(dtype=bool),
        }
    )
    return stamp(table, "reference_frequencies", reference="wordfreq:zh", missing=missing)


def reference_keyness(
    tokens: pd.DataFrame,
    by: str | None = None,
    stop=True,
    punct: bool = False,
    missing: str = "estimate",
    measure: str = "g2",
    min_count: int = 1,
    cjk_only: bool = True,
) -> pd.DataFrame:
    """What this register over-uses against general Chinese (wordfreq's ``zh`` list).

    The reference is a list of *frequencies*, not counts, so it is treated as the population:
    for a term with ``count`` ``y`` among ``n`` non-punctuation tokens (stopwords included, the
    same base as wordfreq's shares) and reference share ``p``:

    * ``log_ratio = ln[(y/n) / p]`` — how many times (in e-units) more frequent here;
    * ``g2 = ±2 [y ln(y/(n p)) + (n−y) ln((n−y)/(n(1−p)))]`` — one-sample log-likelihood
      (goodness of fit of the corpus count to the reference share), signed ``+`` for over-use.

    Smoothing: only terms present in the corpus are scored (so ``y ≥ 1``); terms absent from the
    reference get an estimated or floor frequency (see :func:`reference_frequencies`). Caveat:
    our pipeline's domain lexicon keeps compounds whole (委员之家) where wordfreq would split them;
    the estimate follows wordfreq's own rule for such compounds.

    Parameters
    ----------
    tokens : DataFrame
    by : str, optional
        Score each group (e.g. ``"level"``) separately against the reference.
    stop, punct :
        Which terms are scored (module docstring).
    missing : {"estimate", "floor"}
        Smoothing of terms absent from the reference list.
    measure : {"g2", "log_ratio"}
        Which column is copied into ``score`` (and sorts the result).
    min_count : int, default 1
        Score only terms with at least this count (in the group).
    cjk_only : bool, default True
        Score only terms containing a Chinese character (wordfreq folds digits together, so
        numbers and Latin strings are not comparable).

    Returns
    -------
    DataFrame
        ``[by], term, count, rate, ref_freq, ref_per_million, in_reference, log_ratio, g2, score``.
        ``rate`` is per 1,000 tokens, ``ref_freq`` a share of tokens, ``ref_per_million`` the same
        per million. Sorted by group then score descending.

    Examples
    --------
    >>> import cppcc
    >>> rk = reference_keyness(cppcc.tokens(cppcc.load_speeches()))
    >>> rk["term"].head(3).tolist(), rk.attrs["method"]
    (['政协', '协商', '履职'], 'g2')
    """
    check_option(measure, ("g2", "log_ratio"), "measure", "reference_keyness")
    tf = term_frequencies(tokens, by=by, stop=stop, punct=punct)
    by_cols = as_list(by)
    cols = [
        *by_cols,
        "term",
        "count",
        "rate",
        "ref_freq",
        "ref_per_million",
        "in_reference",
        "log_ratio",
        "g2",
        "score",
    ]
    tf = tf[tf["count"] >= min_count]
    if cjk_only:
        tf = tf[tf["term"].astype(str).str.contains(_CJK.pattern, regex=True)]
    meta = dict(by=by_cols, stop=stop, punct=punct, method=measure, reference="wordfreq:zh", missing=missing,
                min_count=int(min_count), cjk_only=bool(cjk_only))
    if tf.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (*by_cols, "term") else float) for c in cols})
        return stamp(out, "reference_keyness", **meta)
    ref = reference_frequencies(tf["term"].unique(), missing=missing)
    out = tf.merge(ref, on="term", how="left")
    y = out["count"].to_numpy(dtype=float)
    n = out["n_tokens"].to_numpy(dtype=float)
    p = out["ref_freq"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(y / n) - np.log(p)
        g2 = 2.0 * (_xlogx_over(y, n * p) + _xlogx_over(n - y, n * (1.0 - p)))
    g2 = np.maximum(g2, 0.0)
    out["log_ratio"] = log_ratio
    out["g2"] = np.where(y / n >= p, g2, -g2)
    out["ref_per_million"] = out["ref_freq"] * 1e6
    out["score"] = out[measure]
    if by_cols:
        order = {k: i for i, k in enumerate(pd.unique(out[by_cols[0]]))}
        out["_g"] = out[by_cols[0]].map(order)
    else:
        out["_g"] = 0
    out = out.sort_values(["_g", "score", "term"], ascending=[True, False, True], kind="mergesort")
    out = out.drop(columns="_g").reset_index(drop=True)[cols]
    return stamp(out, "reference_keyness", **meta)
