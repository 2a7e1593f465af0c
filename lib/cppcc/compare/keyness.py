"""Keyness between groups: the terms that distinguish each group from the rest of the corpus.

:func:`distinctive_terms` scores every group against all other tokens by the log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) or by Dunning's G²; :func:`g2_2x2` is the
one G² of the package; :func:`method_agreement` compares the two methods' rankings. Counts come from
:mod:`cppcc.counting` (tokens, a count table or a store alike).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

from ..common import check_option, option_error, require_columns, stamp
from ..counting import TermCounts, source_of
from .significance import add_tests, family_qvalues, rule_settings, term_spread

__all__ = ["distinctive_terms", "g2_2x2", "method_agreement"]


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
    *,
    q_max: float = 0.05,
    min_docs: int = 2,
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
        (:func:`cppcc.compare.reference_frequencies`, absent terms estimated), normalised over the vocabulary.
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
    q_max, min_docs : float, int, default 0.05, 2
        The one rule of a *distinctive* term (:func:`cppcc.uncertainty.is_distinctive`, stated in
        words by :func:`cppcc.uncertainty.describe_rule` and in ``attrs["rule"]``): used more than
        in the rest (``score > 0``), ``q ≤ q_max``, and used in at least ``min_docs`` of the
        group's documents (all of them when it has fewer). Every chart, sentence and table that
        says "distinctive" reads the column ``distinctive``.

    Returns
    -------
    DataFrame
        ``<by>, term, score, count, rate, count_rest, rate_rest`` plus ``delta, se`` (log_odds) or
        ``g2, p_value`` (g2), then ``p`` (two-sided p-value of the score: normal for the log-odds
        z, χ² with 1 df for G²), ``q`` (Benjamini–Hochberg within the group, over every term the
        ``min_count`` admits, reported or not), ``docs`` (the group's documents that use the term),
        ``n_docs`` (the group's documents), ``dp`` (Gries' deviation of proportions over the
        group's documents, each weighted by its words: 0 = spread as the words are, near 1 = all in
        one document; NaN for a group of one document or a term the group does not use) and
        ``distinctive`` (the rule above). A count table without ``doc_id`` has no documents:
        ``docs``, ``n_docs`` and ``dp`` are missing and the rule judges by score and q only.
        ``rate``/``rate_rest`` are per 1,000 non-punctuation tokens of the
        group / the rest. Sorted by group (order of appearance), then score descending.
        ``attrs``: ``function``, ``by``, ``method``, ``input`` ("tokens" or "counts"), ``prior``
        ("corpus", "general", "custom"; None for g2), ``prior_scale`` (a0; None for g2),
        ``williams`` (None for log_odds), ``stop`` (:func:`cppcc.text.stop_label`), ``punct``,
        ``q_max``, ``min_docs``, ``rule`` (the rule in words) and ``fdr``.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> dt = distinctive_terms(toks, by="speaker")
    >>> dt[dt["speaker"] == "江泽林"].head(3)[["term", "count", "count_rest"]].values.tolist()
    [['编制', 7, 2], ['万', 4, 0], ['市县', 13, 13]]
    >>> dt.attrs["by"], dt.attrs["method"], dt.attrs["prior"]
    ('speaker', 'log_odds', 'corpus')
    >>> dl = distinctive_terms(toks, by="level")
    >>> dl[["level", "term", "count", "docs", "n_docs", "distinctive"]].head(1).values.tolist()
    [['prefecture', '协商议事', 10, 1, 1, False]]
    >>> round(float(dl["q"].iloc[0]), 2), int(dl["distinctive"].sum())  # five speeches: none survives
    (0.86, 0)
    >>> counts = pd.DataFrame({"side": ["a", "a", "b", "b"], "term": ["协商", "监督", "协商", "监督"],
    ...                        "count": [30, 5, 10, 25]})
    >>> distinctive_terms(counts, by="side", method="g2")[["side", "term", "score"]].round(2).values.tolist()
    [['a', '协商', 25.02], ['a', '监督', -25.02], ['b', '监督', 25.02], ['b', '协商', -25.02]]
    """
    check_option(method, ("log_odds", "g2"), "method", "distinctive_terms")
    if by is None or not isinstance(by, str):
        raise option_error("distinctive_terms", "by", "one column name", by)
    source = source_of(tokens)
    counts = source.term_counts([by], "distinctive_terms")
    m = _group_counts(counts, by, stop, punct, dropna)
    extra = ["delta", "se"] if method == "log_odds" else ["g2", "p_value"]
    tests = ["p", "q", "docs", "n_docs", "dp", "distinctive"]
    cols = [by, "term", "score", "count", "rate", "count_rest", "rate_rest", *extra, *tests]
    G, V = m.matrix.shape
    if V == 0 or G == 0:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (by, "term") else bool if c == "distinctive"
                                         else float) for c in cols})
    else:
        alpha = _prior_counts(prior, prior_scale, m.total_w, m.terms) if method == "log_odds" else None
        out = _score_groups(m, by, method, alpha, min_count, include_zero, williams)
        out = out.sort_values(["_g", "score", "term"], ascending=[True, False, True], kind="mergesort")
        out = out.reset_index(drop=True)
        q = family_qvalues(m, method, alpha, min_count, williams, out["_g"].to_numpy(),
                           pd.Index(m.terms).get_indexer(out["term"]), _scorer(method, williams))
        spread = None
        if by == "doc_id":
            spread = "doc"
        elif "doc_id" in source.columns:
            spread = term_spread(source, counts, by, stop, punct)
        out = add_tests(out.drop(columns="_g"), spread, by, q, method, q_max, min_docs)[cols]
    return stamp(
        out,
        "distinctive_terms",
        by=by,
        method=method,
        input=counts.input,
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
        **rule_settings(q_max, min_docs),
    )


def _scorer(method: str, williams: bool):
    """The score of cells from their counts, as :func:`_score_groups` computes it."""
    if method == "log_odds":
        return lambda yi, yj, ni, nj, a, alpha0: _log_odds(yi, yj, ni, nj, a, alpha0)[0]
    return lambda yi, yj, ni, nj, a, alpha0: _signed_g2(yi, yj, ni, nj, williams)[0]


class _GroupCounts(NamedTuple):
    """Counts behind :func:`distinctive_terms`: a groups × terms matrix and the denominators."""

    matrix: sparse.csr_matrix  # counted terms of each group (G × V)
    groups: pd.Index  # group values, order of appearance
    terms: pd.Index  # term of each column
    total_w: np.ndarray  # corpus count of each term (tokens without a group included)
    dn: np.ndarray  # non-punctuation tokens of each group (the rates' denominator)
    dn_total: float  # non-punctuation tokens of the corpus


def _group_counts(counts: TermCounts, by: str, stop, punct: bool, dropna: bool) -> _GroupCounts:
    """The groups × terms matrix of a count table (:class:`cppcc.counting.TermCounts`).

    Duplicate (group, term) rows add up. The denominator of a group is the ``n_tokens`` a count table
    gives (its largest value for the group), else the sum of the counts of its words.
    """
    t = counts.table
    cnt = t["count"].to_numpy(dtype=float)
    keep, word = counts.kept(stop, punct)
    gcodes, groups = _group_codes(t[by], dropna)
    tcodes, terms = pd.factorize(t["term"].to_numpy(dtype=object)[keep])
    gk, ck = gcodes[keep], cnt[keep]
    valid = gk >= 0
    matrix = sparse.coo_matrix(
        (ck[valid], (gk[valid], tcodes[valid])), shape=(len(groups), len(terms))
    ).tocsr()
    matrix.sum_duplicates()
    total_w = np.bincount(tcodes, weights=ck, minlength=len(terms)).astype(float)
    if "n_tokens" in t.columns:
        per = pd.DataFrame({"g": gcodes, "n": pd.to_numeric(t["n_tokens"], errors="coerce")})
        n_of = per.groupby("g")["n"].max()
        dn = n_of.reindex(range(len(groups))).fillna(0).to_numpy(dtype=float)
        dn_total = float(n_of.sum())
    else:
        words = word & (gcodes >= 0)
        dn = np.bincount(gcodes[words], weights=cnt[words], minlength=len(groups)).astype(float)
        dn_total = float(cnt[word].sum())
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
        from .reference import reference_frequencies  # reference keyness uses this module's G²

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


def method_agreement(log_odds: pd.DataFrame, g2: pd.DataFrame, by: str, top: int = 10,
                     z: float = 1.96, g2_critical: float = 3.84) -> pd.DataFrame:
    """Do the log-odds z and G² agree? One row per group of two ``distinctive_terms`` results.

    Parameters
    ----------
    log_odds, g2 : DataFrame
        ``cppcc.distinctive_terms(toks, by=by)`` and the same with ``method="g2"``.
    by : the grouping column.
    top : size of the top lists compared.
    z, g2_critical : significance lines (5 %: 1.96 and 3.84).

    Returns
    -------
    DataFrame
        ``by, terms, spearman`` (rank correlation over the group's terms; NaN when a score is
        constant), ``shared_top`` (terms in both top lists), ``sig_log_odds``, ``sig_g2``,
        ``top_both``, ``only_log_odds``, ``only_g2`` (terms joined with ``", "``).

    Examples
    --------
    >>> lo = pd.DataFrame({"g": ["a"] * 3, "term": ["x", "y", "w"], "score": [3.0, 1.0, -1.0]})
    >>> g2 = lo.assign(score=[9.0, 4.0, -2.0])
    >>> method_agreement(lo, g2, "g", top=2)[["terms", "spearman", "shared_top", "sig_g2"]].values.tolist()
    [[3.0, 1.0, 2.0, 2.0]]
    """
    for df in (log_odds, g2):
        require_columns(df, [by, "term", "score"], "method_agreement", "scores")
    both = log_odds.merge(g2[[by, "term", "score"]], on=[by, "term"], suffixes=("_lo", "_g2"))
    rows = []
    for group, grp in both.groupby(by, sort=False, observed=True):
        top_lo = set(grp.nlargest(top, "score_lo")["term"])
        top_g2 = set(grp.nlargest(top, "score_g2")["term"])
        varied = grp["score_lo"].nunique() > 1 and grp["score_g2"].nunique() > 1
        rho = grp["score_lo"].corr(grp["score_g2"], method="spearman") if varied else float("nan")
        rows.append({by: group, "terms": len(grp), "spearman": rho, "shared_top": len(top_lo & top_g2),
                     "sig_log_odds": int((grp["score_lo"] > z).sum()),
                     "sig_g2": int((grp["score_g2"] > g2_critical).sum()),
                     "top_both": ", ".join(sorted(top_lo & top_g2)),
                     "only_log_odds": ", ".join(sorted(top_lo - top_g2)),
                     "only_g2": ", ".join(sorted(top_g2 - top_lo))})
    cols = [by, "terms", "spearman", "shared_top", "sig_log_odds", "sig_g2",
            "top_both", "only_log_odds", "only_g2"]
    return stamp(pd.DataFrame(rows, columns=cols), "method_agreement", by=by, top=int(top))
