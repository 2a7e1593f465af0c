"""Comparing speeches, regions and levels: frequencies, keyness, contexts, networks, similarity.

Every function takes the tidy token frame of :func:`cppcc.tokens` (one row per token, columns
``doc_id, sentence, position, token, pos, is_stop, is_punct`` plus the speech metadata passed
through: speaker, region, level, ...) or, for :func:`kwic`, the speech frame of
:func:`cppcc.load_speeches`.

Conventions shared by all functions
-----------------------------------
* **Denominator of rates.** A rate is *per 1,000 tokens*, where the tokens counted are **all
  non-punctuation tokens** of the group (stopwords included; whitespace-only tokens count as
  punctuation). Rates are therefore comparable whatever ``stop`` filter is chosen.
* **Stopwords.** ``stop`` is the stop-word spec of :func:`cppcc.text.resolve_stop`, the same in
  every function: ``True`` (default) drops the general list, ``False``/``None`` keeps every word,
  a list name (``"general"``, ``"officialese"``) drops that list, a list of names and/or words
  drops their union (``stop=["general", "officialese"]``, ``stop=["general", "工作"]``). The
  tokens' text decides, not their ``is_stop`` flags. Punctuation is dropped unless ``punct=True``.
* **Logs** are natural logs throughout.
* **Result metadata.** Every frame returned records how it was made in ``DataFrame.attrs``
  (:func:`cppcc.common.stamp`; plot functions read these instead of guessing from column names):
  ``function`` (its name), ``by`` (the grouping column, or the list of them for
  :func:`term_frequencies`/:func:`reference_keyness`), ``stop`` (:func:`cppcc.text.stop_label` of
  the spec) and ``punct``; plus ``method`` (log_odds, g2, log_ratio, tfidf_cosine) and the other
  settings (for :func:`distinctive_terms` ``input``, ``prior``, ``prior_scale``, ``williams``...;
  for :func:`kwic` ``pattern``, ``window``, ``regex``). :func:`cooccurrence` records ``function``,
  ``window``, ``measure``, ``stop``, ``min_count``, ``min_chars``, ``top`` and ``units`` in ``G.graph``.
* Missing columns raise :class:`ValueError` naming them; an empty corpus or a corpus of one
  document returns an empty / trivial result, never an error.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

from .common import as_list as _as_list
from .common import check_option, option_error, require_columns, stamp
from .text import _PUNCT, jieba_tokenizer, resolve_stop

__all__ = [
    "term_frequencies",
    "distinctive_terms",
    "reference_keyness",
    "kwic",
    "cooccurrence",
    "similarity",
    "reference_frequencies",
]

_HAS_WORD_CHAR = re.compile(r"[^\W\d_]")  # a letter or a CJK ideograph (not a digit, not punctuation)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


# --------------------------------------------------------------------------- helpers
def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and unique values (categoricals use their codes directly; NaN -> -1)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64), pd.Index(values.cat.categories, dtype=object)
    codes, uniq = pd.factorize(values.to_numpy(dtype=object) if values.dtype != object else values.to_numpy())
    return codes.astype(np.int64), pd.Index(uniq, dtype=object)


def _per_type(values: pd.Series, op) -> np.ndarray:
    """Apply a vectorised string test ``op(Series[str]) -> bool Series`` once per distinct token."""
    codes, uniq = _codes(values)
    if len(uniq) == 0:
        return np.zeros(len(values), dtype=bool)
    res = np.asarray(op(pd.Series(uniq, dtype=object).astype(str)).fillna(False), dtype=bool)
    out = np.zeros(len(values), dtype=bool)
    ok = codes >= 0
    out[ok] = res[codes[ok]]
    return out


def _unit_codes(tokens: pd.DataFrame, cols=("doc_id", "sentence")) -> np.ndarray:
    """One integer per distinct combination of ``cols`` (e.g. one per sentence of a document)."""
    key = np.zeros(len(tokens), dtype=np.int64)
    for c in cols:
        codes, uniq = _codes(tokens[c])
        key = key * (len(uniq) + 1) + (codes + 1)
    return pd.factorize(key)[0]


def _punct_mask(tokens: pd.DataFrame) -> np.ndarray:
    """True for punctuation and whitespace-only tokens (and missing tokens)."""
    punct = tokens["is_punct"].fillna(False).to_numpy(dtype=bool)
    blank = _per_type(tokens["token"], lambda u: u.str.strip().eq(""))
    missing = tokens["token"].isna().to_numpy()
    return punct | blank | missing


def _stop_mask(tokens: pd.DataFrame, stop) -> np.ndarray:
    """True for tokens that the ``stop`` spec (:func:`cppcc.text.resolve_stop`) leaves out."""
    words = resolve_stop(stop)
    if not words:
        return np.zeros(len(tokens), dtype=bool)
    return _per_type(tokens["token"], lambda u: u.isin(words))


def _kept(tokens: pd.DataFrame, stop, punct: bool) -> tuple[np.ndarray, np.ndarray]:
    """(mask of counted terms, mask of denominator tokens = non-punctuation)."""
    p = _punct_mask(tokens)
    keep = ~_stop_mask(tokens, stop)
    if not punct:
        keep &= ~p
    return keep, ~p


# --------------------------------------------------------------------------- frequencies
def term_frequencies(
    tokens: pd.DataFrame, by: str | list[str] | None = None, stop=True, punct: bool = False
) -> pd.DataFrame:
    """Counts and rates per 1,000 tokens of every term, overall or by any column(s).

    Parameters
    ----------
    tokens : DataFrame
        Token frame from :func:`cppcc.tokens` (needs ``token``, ``is_stop``, ``is_punct`` and the
        ``by`` columns).
    by : str or list of str, optional
        Grouping column(s), e.g. ``"doc_id"``, ``"speaker"``, ``"level"``. ``None``: whole corpus.
        Missing group values form their own group (nothing is dropped).
    stop : bool, str or set of str, default True
        Which stopwords to leave out of the counted terms (module docstring).
    punct : bool, default False
        Count punctuation tokens as terms too.

    Returns
    -------
    DataFrame
        ``[by...], term, count, n_tokens, rate`` — ``n_tokens`` is the number of non-punctuation
        tokens of the group (stopwords included) and ``rate = 1000 * count / n_tokens``. Sorted by
        group (order of appearance) then count descending, term ascending.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> tf = term_frequencies(toks, by="speaker")
    >>> tf[tf.term == "协商"][["speaker", "count"]].values.tolist()
    [['李银峰', 22], ['刘伟', 9], ['韩勇', 2], ['石艳', 10], ['江泽林', 20]]
    >>> tf.attrs
    {'function': 'term_frequencies', 'by': ['speaker'], 'stop': 'general', 'punct': False}
    """
    if getattr(tokens, "_cppcc_store", False):  # a cppcc.Store: the same numbers, out of core (store.py)
        return tokens.term_frequencies(by=by, stop=stop, punct=punct)
    by_cols = _as_list(by)
    require_columns(tokens, ["token", "is_punct", *by_cols], "term_frequencies", "tokens")
    cols = [*by_cols, "term", "count", "n_tokens", "rate"]
    keep, denom = _kept(tokens, stop, punct)
    if not keep.any():
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (*by_cols, "term") else float) for c in cols})
        return stamp(out, "term_frequencies", by=by_cols, stop=stop, punct=punct)
    sub = tokens.loc[keep, [*by_cols, "token"]].rename(columns={"token": "term"})
    if by_cols:
        counts = sub.groupby([*by_cols, "term"], observed=True, sort=False, dropna=False).size()
        counts = counts.rename("count").reset_index()
        n_tok = (
            tokens.loc[denom, by_cols]
            .groupby(by_cols, observed=True, sort=False, dropna=False)
            .size()
            .rename("n_tokens")
            .reset_index()
        )
        out = counts.merge(n_tok, on=by_cols, how="left")
        out["n_tokens"] = out["n_tokens"].fillna(0).astype("int64")
        first = sub[by_cols].drop_duplicates().reset_index(drop=True)
        first["_g"] = np.arange(len(first))
        out = out.merge(first, on=by_cols, how="left")
    else:
        counts = sub["term"].value_counts(sort=False).rename("count").reset_index()
        out = counts
        out["n_tokens"] = int(denom.sum())
        out["_g"] = 0
    out = out[out["count"] > 0].copy()  # a categorical token column also lists unused categories
    out["term"] = out["term"].astype(object)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(out["n_tokens"] > 0, 1000.0 * out["count"] / out["n_tokens"], np.nan)
    out = out.sort_values(["_g", "count", "term"], ascending=[True, False, True], kind="mergesort")
    out = out.drop(columns="_g").reset_index(drop=True)[cols]
    return stamp(out, "term_frequencies", by=by_cols, stop=stop, punct=punct)


# --------------------------------------------------------------------------- reference frequencies
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
    return pd.DataFrame(
        {
            "term": terms.to_numpy(dtype=object),
            "ref_freq": freq.to_numpy(dtype=float),
            "in_reference": inref.to_numpy(dtype=bool),
        }
    )


# --------------------------------------------------------------------------- distinctive terms
def _group_codes(values: pd.Series, dropna: bool):
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    uniques = pd.Index(uniques, dtype=object) if not isinstance(uniques, pd.Index) else uniques.astype(object)
    if not dropna and (codes < 0).any():
        codes = np.where(codes < 0, len(uniques), codes)
        uniques = uniques.append(pd.Index([None], dtype=object))
    return codes, uniques


def distinctive_terms(
    tokens: pd.DataFrame,
    by: str = "doc_id",
    method: str = "log_odds",
    prior=None,
    prior_scale: float | None = None,
    stop=True,
    punct: bool = False,
    min_count: int = 1,
    include_zero: bool = False,
    dropna: bool = True,
    williams: bool = False,
) -> pd.DataFrame:
    """Terms that distinguish each group from the rest of the corpus.

    Every group (value of ``by``) is compared with all other tokens taken together.

    ``method="log_odds"`` — log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
    Quinn 2008, "Fightin' Words", eq. 16-22), natural logs. With ``y_wi`` the count of term ``w``
    in group ``i``, ``y_wj`` its count in the rest, ``n_i``/``n_j`` the totals, prior pseudo-counts
    ``α_w`` and ``α0 = Σ α_w``::

        δ_w = ln[(y_wi+α_w)/(n_i+α0−y_wi−α_w)] − ln[(y_wj+α_w)/(n_j+α0−y_wj−α_w)]
        σ²_w ≈ 1/(y_wi+α_w) + 1/(y_wj+α_w)          score = z_w = δ_w / σ_w

    ``method="g2"`` — Dunning's log-likelihood G² on the full 2×2 table (term / other terms ×
    group / rest), ``G² = 2 Σ O ln(O/E)`` with ``0·ln 0 = 0`` (Williams' correction on request); ``score``
    is G² signed ``+`` when the group uses the term at a higher rate than the rest, ``−`` otherwise
    (|score| > 3.84 ⇔ p < 0.05, > 10.83 ⇔ p < 0.001, one degree of freedom).

    Parameters
    ----------
    tokens : DataFrame
        A token frame (``token``, ``is_punct`` and the ``by`` column), or a tidy **count table**
        with columns ``<by>, term, count`` (one row per group and term; duplicates add up), recognised
        by its ``count`` and ``term`` columns and the absence of ``token``: e.g. counts made by a
        database over a corpus too large for a token frame, or :func:`term_frequencies` of the
        tokens. The ``stop``/``punct`` settings apply to its terms as to tokens. The rates'
        denominator of a group is its ``n_tokens`` when the table has that column, else the sum of
        its non-punctuation counts (so a table of every term, stop words included, gives exactly
        the scores and rates of the token frame).
    by : str, default "doc_id"
        Any column of ``tokens``: ``doc_id``, ``speaker``, ``region``, ``province``, ``level``...
    method : {"log_odds", "g2"}
    prior : None, "general", Series or dict
        Prior for ``log_odds``. ``None`` (default): the whole corpus, ``α_w = a0 · y_w / n`` where
        ``y_w``/``n`` are the term's and all counted terms' corpus counts. ``"general"``: general
        Chinese, ``α_w = a0 · f_w / Σf`` with ``f_w`` the wordfreq frequency of the term
        (:func:`reference_frequencies`, absent terms estimated), normalised over the vocabulary.
        A Series/dict ``term -> α_w`` is used as given (terms it lacks get its smallest positive
        value); with ``prior_scale`` it is rescaled to sum to ``prior_scale``.
    prior_scale : float, optional
        ``a0 = α0``, the prior's total pseudo-count. Default: ``n``, the number of counted tokens in
        the corpus (so the corpus prior is ``α_w = y_w``, the empirical-Bayes choice of the tidylo
        package). Smaller values shrink less.
    stop, punct :
        Which tokens are counted (module docstring). ``n_i`` is the number of counted tokens.
    min_count : int, default 1
        Report only terms with at least this many occurrences in the whole corpus (the model's
        totals still use every counted token).
    include_zero : bool, default False
        Also report terms a group never uses (their score is ≤ 0). Off by default so that the
        result stays proportional to the corpus (a dense groups × vocabulary table can be large).
    dropna : bool, default True
        Tokens whose ``by`` value is missing form no group of their own but still belong to the
        "rest" of every group; ``dropna=False`` reports them as a group labelled None.
    williams : bool, default False
        ``g2`` only: divide G² by Williams' (1976) factor
        ``q = 1 + (N/R1 + N/R2 − 1)(N/C1 + N/C2 − 1) / (6N)`` (row totals R, column totals C), as
        quanteda's ``textstat_keyness(measure = "lr")`` does by default.

    Returns
    -------
    DataFrame
        ``<by>, term, score, count, rate, count_rest, rate_rest`` plus ``delta, se`` (log_odds) or
        ``g2, p_value`` (g2). ``rate``/``rate_rest`` are per 1,000 non-punctuation tokens of the
        group / the rest. Sorted by group (order of appearance), then score descending.
        ``attrs``: ``function``, ``by``, ``method``, ``input`` ("tokens" or "counts"), ``prior``
        ("corpus", "general", "custom"; None for g2), ``prior_scale`` (a0; None for g2),
        ``williams`` (None for log_odds), ``stop`` (:func:`cppcc.text.stop_label`), ``punct``.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> dt = distinctive_terms(toks, by="speaker")
    >>> dt[dt["speaker"] == "江泽林"].head(3)[["term", "count", "count_rest"]].values.tolist()
    [['编制', 7, 2], ['万', 4, 0], ['市县', 13, 13]]
    >>> dt.attrs["by"], dt.attrs["method"], dt.attrs["prior"]
    ('speaker', 'log_odds', 'corpus')
    >>> counts = pd.DataFrame({"side": ["a", "a", "b", "b"], "term": ["协商", "监督", "协商", "监督"],
    ...                        "count": [30, 5, 10, 25]})
    >>> distinctive_terms(counts, by="side", method="g2")[["side", "term", "score"]].round(2).values.tolist()
    [['a', '协商', 25.02], ['a', '监督', -25.02], ['b', '监督', 25.02], ['b', '协商', -25.02]]
    """
    if getattr(tokens, "_cppcc_store", False):  # a cppcc.Store: the same numbers, out of core (store.py)
        return tokens.distinctive_terms(by, method, prior, prior_scale, stop, punct, min_count, include_zero,
                                        dropna, williams)
    check_option(method, ("log_odds", "g2"), "method", "distinctive_terms")
    if by is None or not isinstance(by, str):
        raise option_error("distinctive_terms", "by", "one column name", by)
    from_counts = _is_count_table(tokens)
    if from_counts:
        require_columns(tokens, [by, "term", "count"], "distinctive_terms", "counts")
        m = _counts_from_table(tokens, by, stop, punct, dropna)
    else:
        require_columns(tokens, ["token", "is_punct", by], "distinctive_terms", "tokens")
        m = _counts_from_tokens(tokens, by, stop, punct, dropna)
    extra = ["delta", "se"] if method == "log_odds" else ["g2", "p_value"]
    cols = [by, "term", "score", "count", "rate", "count_rest", "rate_rest", *extra]
    G, V = m.matrix.shape
    if V == 0 or G == 0:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (by, "term") else float) for c in cols})
    else:
        alpha = _prior_counts(prior, prior_scale, m.total_w, m.terms) if method == "log_odds" else None
        out = _score_groups(m, by, method, alpha, min_count, include_zero, williams)
        out = out.sort_values(["_g", "score", "term"], ascending=[True, False, True], kind="mergesort")
        out = out.drop(columns="_g").reset_index(drop=True)[cols]
    return stamp(
        out,
        "distinctive_terms",
        by=by,
        method=method,
        input="counts" if from_counts else "tokens",
        prior=_prior_label(prior) if method == "log_odds" else None,
        prior_scale=(float(prior_scale) if prior_scale is not None else float(m.total_w.sum()))
        if method == "log_odds"
        else None,
        williams=bool(williams) if method == "g2" else None,
        stop=stop,
        punct=punct,
        min_count=int(min_count),
        include_zero=bool(include_zero),
        dropna=bool(dropna),
    )


class _GroupCounts(NamedTuple):
    """Counts behind :func:`distinctive_terms`: a groups × terms matrix and the denominators."""

    matrix: sparse.csr_matrix  # counted terms of each group (G × V)
    groups: pd.Index  # group values, order of appearance
    terms: pd.Index  # term of each column
    total_w: np.ndarray  # corpus count of each term (tokens without a group included)
    dn: np.ndarray  # non-punctuation tokens of each group (the rates' denominator)
    dn_total: float  # non-punctuation tokens of the corpus


def _is_count_table(frame) -> bool:
    """A tidy count table (``term`` and ``count`` columns, no ``token`` column)."""
    return (
        isinstance(frame, pd.DataFrame) and "token" not in frame.columns and {"term", "count"} <= set(frame)
    )


def _counts_from_tokens(tokens: pd.DataFrame, by: str, stop, punct: bool, dropna: bool) -> _GroupCounts:
    keep, denom = _kept(tokens, stop, punct)
    gcodes, groups = _group_codes(tokens[by], dropna)
    tcodes, terms = pd.factorize(tokens["token"].to_numpy()[keep])
    gk = gcodes[keep]
    valid = gk >= 0
    shape = (len(groups), len(terms))
    matrix = sparse.coo_matrix((np.ones(valid.sum()), (gk[valid], tcodes[valid])), shape=shape).tocsr()
    matrix.sum_duplicates()
    gd = gcodes[denom]
    dn = np.bincount(gd[gd >= 0], minlength=len(groups)).astype(float)
    total_w = np.bincount(tcodes, minlength=len(terms)).astype(float)
    return _GroupCounts(matrix, groups, pd.Index(terms, dtype=object), total_w, dn, float(denom.sum()))


def _counts_from_table(counts: pd.DataFrame, by: str, stop, punct: bool, dropna: bool) -> _GroupCounts:
    """The same counts from a table ``by, term, count[, n_tokens]`` (one row per group and term).

    Duplicate (group, term) rows add up. The denominator of a group is its ``n_tokens`` when the
    table has that column (as :func:`term_frequencies` gives), else the sum of the counts of its
    non-punctuation terms (the table then must hold every term, stop words included).
    """
    cnt = pd.to_numeric(counts["count"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(cnt).any() or (cnt < 0).any():
        raise ValueError("cppcc.distinctive_terms: `counts` has missing or negative values in column 'count'")
    term = counts["term"]
    is_punct = (
        _per_type(term, lambda u: u.str.fullmatch(_PUNCT.pattern) | u.str.strip().eq(""))
        | term.isna().to_numpy()
    )
    keep = ~_stop_mask(pd.DataFrame({"token": term}), stop) & (cnt > 0)
    if not punct:
        keep &= ~is_punct
    gcodes, groups = _group_codes(counts[by], dropna)
    tcodes, terms = pd.factorize(term.to_numpy(dtype=object)[keep])
    gk, ck = gcodes[keep], cnt[keep]
    valid = gk >= 0
    matrix = sparse.coo_matrix(
        (ck[valid], (gk[valid], tcodes[valid])), shape=(len(groups), len(terms))
    ).tocsr()
    matrix.sum_duplicates()
    total_w = np.bincount(tcodes, weights=ck, minlength=len(terms)).astype(float)
    if "n_tokens" in counts.columns:
        per = pd.DataFrame({"g": gcodes, "n": pd.to_numeric(counts["n_tokens"], errors="coerce")})
        n_of = per.groupby("g")["n"].max()
        dn = n_of.reindex(range(len(groups))).fillna(0).to_numpy(dtype=float)
        dn_total = float(n_of.sum())
    else:
        words = ~is_punct & (gcodes >= 0)
        dn = np.bincount(gcodes[words], weights=cnt[words], minlength=len(groups)).astype(float)
        dn_total = float(cnt[~is_punct].sum())
    return _GroupCounts(matrix, groups, pd.Index(terms, dtype=object), total_w, dn, dn_total)


def _prior_label(prior) -> str:
    if prior is None:
        return "corpus"
    return prior if isinstance(prior, str) else "custom"


def _prior_counts(prior, prior_scale, total_w: np.ndarray, terms: pd.Index) -> np.ndarray:
    """The pseudo-counts ``α_w`` of the log-odds prior (see :func:`distinctive_terms`)."""
    N = total_w.sum()
    a0 = float(prior_scale) if prior_scale is not None else N
    if prior is None:
        return a0 * total_w / N
    if isinstance(prior, str):
        if prior != "general":
            raise option_error("distinctive_terms", "prior", "None, 'general' or a Series", prior)
        f = reference_frequencies(terms)["ref_freq"].to_numpy()
        return a0 * f / f.sum()
    if isinstance(prior, (pd.Series, Mapping)):
        s = pd.Series(prior, dtype=float)
        if (s < 0).any() or s.isna().all():
            raise ValueError("cppcc.distinctive_terms: prior must hold non-negative pseudo-counts, "
                             "not negative or missing values")
        pos = s[s > 0]
        fill = float(pos.min()) if len(pos) else 1.0
        alpha = s.reindex(terms).fillna(fill).to_numpy(dtype=float)
        alpha = np.where(alpha > 0, alpha, fill)
        if prior_scale is not None:
            alpha = alpha * float(prior_scale) / alpha.sum()
        return alpha
    raise option_error("distinctive_terms", "prior", "None, 'general' or a Series", prior)


def _score_groups(
    m: _GroupCounts,
    by: str,
    method: str,
    alpha: np.ndarray | None,
    min_count: int,
    include_zero: bool,
    williams: bool,
) -> pd.DataFrame:
    """One row per (group, term) cell with its score, counts and rates (unsorted; ``_g`` = group code)."""
    G, V = m.matrix.shape
    if include_zero:
        r, c = np.repeat(np.arange(G), V), np.tile(np.arange(V), G)
        yi = np.asarray(m.matrix.toarray()).ravel()
    else:
        coo = m.matrix.tocoo()
        r, c, yi = coo.row, coo.col, coo.data.astype(float)
    sel = m.total_w[c] >= min_count
    r, c, yi = r[sel], c[sel], yi[sel]
    N = m.total_w.sum()
    yj = m.total_w[c] - yi
    ni = np.asarray(m.matrix.sum(axis=1)).ravel()[r]
    nj = N - ni
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "log_odds":
            score, more = _log_odds(yi, yj, ni, nj, alpha[c], alpha.sum())
        else:
            score, more = _signed_g2(yi, yj, ni, nj, williams)
        # a group with no rest to compare against (a one-group corpus) has no contrast: score 0,
        # not the rounding noise (~1e-16) the formulas give
        score = np.where(nj > 0, score, 0.0)
        dni = m.dn[r]
        dnj = m.dn_total - dni
        rate = np.where(dni > 0, 1000.0 * yi / dni, np.nan)
        rate_rest = np.where(dnj > 0, 1000.0 * yj / dnj, np.nan)
    return pd.DataFrame(
        {
            by: m.groups.take(r).to_numpy(dtype=object),
            "term": m.terms.take(c),
            "score": score,
            "count": yi.astype("int64"),
            "rate": rate,
            "count_rest": yj.astype("int64"),
            "rate_rest": rate_rest,
            **more,
            "_g": r,
        }
    )


def _log_odds(yi, yj, ni, nj, a, alpha0) -> tuple[np.ndarray, dict]:
    """Monroe et al.'s z-scored log-odds ratio with pseudo-counts ``a`` (total ``alpha0``)."""
    delta = np.log(yi + a) - np.log(ni + alpha0 - yi - a) - np.log(yj + a) + np.log(nj + alpha0 - yj - a)
    # inf - inf only when no other term exists on either side (a one-term vocabulary):
    # there is no contrast to measure
    delta = np.where(np.isnan(delta), 0.0, delta)
    se = np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
    return delta / se, {"delta": delta, "se": se}


def _signed_g2(yi, yj, ni, nj, williams: bool) -> tuple[np.ndarray, dict]:
    """G² of the group/rest × term/other table, signed + for over-use (Williams' correction optional)."""
    from scipy.stats import chi2

    g2 = g2_2x2(yi, ni - yi, yj, nj - yj)
    if williams:
        tot, c1 = ni + nj, yi + yj
        q = 1.0 + ((tot / ni + tot / nj - 1.0) * (tot / c1 + tot / (tot - c1) - 1.0)) / (6.0 * tot)
        g2 = np.where(np.isfinite(q) & (q > 0), g2 / q, g2)
    sign = np.sign(yi * nj - yj * ni)
    return np.where(sign < 0, -g2, g2), {"g2": g2, "p_value": chi2.sf(g2, 1)}


def _xlogx_over(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """o * ln(o / e) with 0 * ln(0/e) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / np.where(e > 0, e, 1.0)), 0.0)


def g2_2x2(o11, o12, o21, o22) -> np.ndarray:
    """Dunning's (1993) log-likelihood G² of 2×2 tables, cell-wise arrays (or scalars), unsigned.

    The one G² of the package (:func:`distinctive_terms`, :func:`cppcc.term_report`). Rows are
    group / rest, columns term / other terms; ``G² = 2 Σ O ln(O/E)`` with ``0·ln 0 = 0``.

    Examples
    --------
    >>> round(float(g2_2x2(10, 90, 5, 895)), 4)
    28.8467
    >>> float(g2_2x2(0, 0, 0, 0))
    0.0
    """
    o11, o12, o21, o22 = (np.asarray(x, dtype=float) for x in (o11, o12, o21, o22))
    n = o11 + o12 + o21 + o22
    r1, r2 = o11 + o12, o21 + o22
    c1, c2 = o11 + o21, o12 + o22
    with np.errstate(divide="ignore", invalid="ignore"):
        nn = np.where(n > 0, n, 1.0)
        g = 2.0 * (
            _xlogx_over(o11, r1 * c1 / nn)
            + _xlogx_over(o12, r1 * c2 / nn)
            + _xlogx_over(o21, r2 * c1 / nn)
            + _xlogx_over(o22, r2 * c2 / nn)
        )
    return np.maximum(g, 0.0)  # rounding can give -1e-13


# --------------------------------------------------------------------------- reference keyness
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
    by_cols = _as_list(by)
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


# --------------------------------------------------------------------------- KWIC
def _original_slice(text: str, original: str | None, start: int, end: int) -> str | None:
    """The passage of ``original`` at ``[start, end)`` of ``text`` when the two align, else None.

    Alignment: the whole texts have the same length, or (failing that) they have the same number
    of ``\\n``-separated paragraphs and the paragraph holding the passage has the same length in
    both; a passage spanning a misaligned paragraph gets None.
    """
    if original is None or (isinstance(original, float) and math.isnan(original)):
        return None
    original = str(original)
    if len(original) == len(text):
        return original[start:end]
    tp, op = text.split("\n"), original.split("\n")
    if len(tp) != len(op):
        return None
    pieces, pos = [], 0
    for t, o in zip(tp, op):
        lo, hi = pos, pos + len(t)
        if hi >= start and lo <= end:  # the paragraph overlaps the passage (or its boundary)
            if len(t) != len(o):
                return None
            pieces.append((lo, o))
        pos = hi + 1
    if not pieces:
        return None
    joined_start = pieces[0][0]
    joined = "\n".join(o for _, o in pieces)
    return joined[start - joined_start : end - joined_start]


def kwic(
    speeches: pd.DataFrame, pattern: str, window: int = 15, regex: bool = False, text_column: str = "text"
) -> pd.DataFrame:
    """Keyword in context on the normalised (Simplified) text, with the original-script passage.

    Parameters
    ----------
    speeches : DataFrame
        Frame with ``doc_id`` and ``text`` (e.g. :func:`cppcc.load_speeches`, :func:`cppcc.sections`);
        ``text_original`` is used when present.
    pattern : str
        Plain string (normalised with :func:`cppcc.normalize_text`, so a Traditional or half-width
        query finds the Simplified text) or, with ``regex=True``, a regular expression (converted to
        Simplified with OpenCC; write it for the normalised text, e.g. full-width ``，``).
    window : int, default 15
        Characters of context on each side.
    regex : bool, default False
    text_column : str, default "text"

    Returns
    -------
    DataFrame
        ``doc_id, left, match, right, start, end, passage_original, match_original`` plus the other
        metadata columns of ``speeches`` (speaker, region... not text). ``start``/``end`` are
        character offsets of the match in the normalised text. In ``left``/``right`` newlines are
        shown as spaces (lengths and offsets unchanged). ``passage_original`` is the
        ``left+match+right`` span of ``text_original`` and ``match_original`` the match alone;
        they are filled only when the offsets provably align (equal text lengths, or equal
        paragraph lengths — OpenCC t2s maps characters one-to-one for nearly all text, but
        clean-up or a phrase conversion can change a length) and are None otherwise.

    Examples
    --------
    >>> import cppcc
    >>> speeches = cppcc.load_speeches()
    >>> kwic(speeches, "委員之家", window=6)[["left", "match", "right"]].head(2).values.tolist()
    [['员，以“乡镇', '委员之家', '”、“村级便'], ['制，拓展基层', '委员之家', '、委员工作室']]
    >>> kwic(speeches, r"[一二三四五六七八九十两]个\\w{2}", regex=True)["match"].head(4).tolist()
    ['两个薄弱', '两个薄弱', '两个薄弱', '三个重要']
    """
    if getattr(speeches, "_cppcc_store", False):  # a cppcc.Store: the same numbers, out of core (store.py)
        return speeches.kwic(pattern, window=window, regex=regex, text_column=text_column)
    require_columns(speeches, ["doc_id", text_column], "kwic", "speeches")
    if not isinstance(pattern, str) or pattern == "":
        raise option_error("kwic", "pattern", "a non-empty string", pattern)
    if not isinstance(window, (int, np.integer)) or window < 0:
        raise option_error("kwic", "window", "an int >= 0", window)
    settings = dict(pattern=pattern, window=int(window), regex=bool(regex), text_column=text_column)
    from .normalize import normalize_text, to_simplified

    try:
        rx = re.compile(to_simplified(pattern) if regex else re.escape(normalize_text(pattern)))
    except re.error as exc:
        raise ValueError(f"cppcc.kwic: invalid regular expression {pattern!r}: {exc}") from exc
    meta = [c for c in speeches.columns if c not in ("doc_id", text_column, "text", "text_original")]
    has_orig = "text_original" in speeches.columns
    rows = []
    for rec in speeches.to_dict("records"):
        text = rec.get(text_column)
        if not isinstance(text, str) or not text:
            continue
        orig = rec.get("text_original") if has_orig else None
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if e == s:
                continue  # zero-width matches carry no passage
            ls, re_ = max(0, s - window), min(len(text), e + window)
            rows.append(
                {
                    "doc_id": rec["doc_id"],
                    "left": text[ls:s].replace("\n", " "),
                    "match": m.group(0),
                    "right": text[e:re_].replace("\n", " "),
                    "start": s,
                    "end": e,
                    "passage_original": _original_slice(text, orig, ls, re_),
                    "match_original": _original_slice(text, orig, s, e),
                    **{k: rec[k] for k in meta},
                }
            )
    cols = ["doc_id", "left", "match", "right", "start", "end", "passage_original", "match_original", *meta]
    if not rows:
        empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else object) for c in cols})
        return stamp(empty, "kwic", **settings)
    out = pd.DataFrame(rows, columns=cols)
    for c in ("passage_original", "match_original"):
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    return stamp(out, "kwic", **settings)


# --------------------------------------------------------------------------- co-occurrence
def _content_mask(tokens: pd.DataFrame, stop, min_chars: int) -> np.ndarray:
    keep, _ = _kept(tokens, stop, punct=False)
    keep &= _per_type(
        tokens["token"],
        lambda u: (u.str.len() >= min_chars) & u.str.contains(_HAS_WORD_CHAR.pattern, regex=True),
    )
    return keep


def _sentence_pairs(tokens: pd.DataFrame, tcode_all: np.ndarray, V: int):
    """(term × term sentence co-occurrence counts, sentences holding each term, S) for sentence windows."""
    unit_codes = _unit_codes(tokens)
    S = int(unit_codes.max()) + 1 if len(unit_codes) else 0
    ok = tcode_all >= 0
    X = sparse.coo_matrix((np.ones(ok.sum()), (unit_codes[ok], tcode_all[ok])), shape=(S, V)).tocsr()
    X.sum_duplicates()
    X.data[:] = 1.0
    return (X.T @ X).tocoo(), np.asarray(X.sum(axis=0)).ravel(), S


def _window_pairs(tokens: pd.DataFrame, tcode_all: np.ndarray, content: np.ndarray, V: int, k: int):
    """(term × term counts of pairs at most ``k`` positions apart in a document, P content pairs)."""
    doc_codes = _unit_codes(tokens, ("doc_id",))
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


# --------------------------------------------------------------------------- similarity
def similarity(
    tokens: pd.DataFrame,
    by: str = "doc_id",
    stop=True,
    punct: bool = False,
    long: bool = False,
    **tfidf_kwargs,
) -> pd.DataFrame:
    """Cosine similarity of TF-IDF vectors between documents (or any groups).

    Each group's counted tokens (``stop``/``punct`` as in the module docstring) form one
    pre-tokenised document for :class:`sklearn.feature_extraction.text.TfidfVectorizer`
    (``analyzer`` = identity, so jieba's segmentation is used as is; default scikit-learn weighting:
    smooth idf, sublinear_tf off, l2 norm — pass ``tfidf_kwargs`` to change). Rows are
    l2-normalised, so the similarity is the dot product, in [0, 1].

    Parameters
    ----------
    tokens : DataFrame
    by : str, default "doc_id"
        Grouping column; missing values are left out (they name no document).
    stop, punct : see module docstring
    long : bool, default False
        Return a tidy long frame instead of the square matrix.

    Returns
    -------
    DataFrame
        Square: index and columns are the group values (order of appearance), both named ``by``;
        the diagonal is 1 (0 for a group without counted tokens). Long (``long=True``):
        ``<by>_1, <by>_2, similarity`` for every ordered pair with ``<by>_1 != <by>_2``.

    Examples
    --------
    >>> import cppcc
    >>> sim = similarity(cppcc.tokens(cppcc.load_speeches()), by="speaker")
    >>> sim.shape, round(float(sim.loc["刘伟", "江泽林"]), 3)
    ((5, 5), 0.655)
    """
    require_columns(tokens, ["token", "is_punct", by], "similarity", "tokens")
    from sklearn.feature_extraction.text import TfidfVectorizer

    keep, _ = _kept(tokens, stop, punct)
    groups = pd.unique(tokens[by].dropna())
    docs = tokens.loc[keep & tokens[by].notna().to_numpy(), [by, "token"]]
    lists = docs.groupby(by, observed=True, sort=False)["token"].agg(list)
    lists = lists.reindex(groups)
    lists = lists.apply(lambda x: x if isinstance(x, list) else [])
    idx = pd.Index(list(groups), name=by)
    if len(idx) == 0:
        mat = pd.DataFrame(index=idx, columns=pd.Index([], name=by), dtype=float)
    elif sum(len(x) for x in lists) == 0:
        mat = pd.DataFrame(np.zeros((len(idx), len(idx))), index=idx, columns=idx.copy())
    else:
        vec = TfidfVectorizer(analyzer=lambda x: x, lowercase=False, **tfidf_kwargs)
        X = vec.fit_transform(list(lists))
        S = (X @ X.T).toarray()
        np.clip(S, 0.0, 1.0, out=S)
        mat = pd.DataFrame(S, index=idx, columns=idx.copy())
    meta = dict(by=by, stop=stop, punct=punct, method="tfidf_cosine", long=bool(long))
    if not long:
        return stamp(mat, "similarity", **meta)
    a, b = f"{by}_1", f"{by}_2"
    if mat.empty:
        st = pd.DataFrame(
            {a: pd.Series(dtype=object), b: pd.Series(dtype=object), "similarity": pd.Series(dtype=float)}
        )
    else:
        st = mat.rename_axis(index=a, columns=b).stack().rename("similarity").reset_index()
        st = st[st[a] != st[b]].reset_index(drop=True)
    return stamp(st, "similarity", **meta)
