"""Scoring a coded sample: precision, recall and F1 of each codebook category against people's
codes, with intervals, and Krippendorff's alpha between coders.

For sampled sentence ``i`` with weight ``w_i`` (``N_h / n_h`` of its stratum, recomputed over the
sentences actually coded), ``m_ic = 1`` when the dictionary matched category ``c`` in it and
``y_ic`` the people's code (the share of the sentence's coders who marked ``c``: 1 or 0 with one
coder, 0.5 when two disagree; or one coder's code with ``gold=<coder>``), the estimates are ratios
of weighted sums over the sample (Horvitz–Thompson totals, Hájek ratios)::

    precision_c = Σ w m y / Σ w m        (of the sentences matched c, the share people mark c)
    recall_c    = Σ w m y / Σ w y        (of the sentences people mark c, the share matched c)
    F1_c        = 2 Σ w m y / (Σ w m + Σ w y)      (= 2PR / (P + R))

Recall weighs the unmatched sentences at their weight, which is large (each stands for many
unmatched sentences of the corpus): one sampled unmatched sentence that people mark ``c`` lowers
recall a lot, and widens its interval.

Intervals:

* precision and recall: Wilson score intervals for a weighted proportion, with Kish's effective
  sample size ``n_eff = (Σ v)² / Σ v²`` over the sentences in the proportion's denominator
  (``v = w`` for precision, over sentences matched c; ``v = w·y`` for recall). Equal weights give
  the plain Wilson interval; the interval stays inside [0, 1] and is not degenerate at 0 or 1;
* F1: a bootstrap of the coded sentences that resamples within each stratum (``n_boot``
  replicates, seeded, percentile interval).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from ..common import require_columns
from ..uncertainty._options import check_ci, check_n_boot, check_seed
from ..uncertainty.resample import replicate_sums
from .alpha import krippendorff_alpha

__all__ = ["score_coding", "wilson_interval", "term_agreement"]


def wilson_interval(p, n, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion ``p`` observed on (an effective) ``n`` units.

    ``centre = (p + z²/2n) / (1 + z²/n)``, ``half = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)``;
    NaN where ``n`` is 0.

    Examples
    --------
    >>> lo, hi = wilson_interval(0.75, 4)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.3006, 0.9544)
    >>> [round(float(x), 4) for x in wilson_interval(1.0, 20)]
    [0.8389, 1.0]
    """
    p, n = np.asarray(p, dtype=float), np.asarray(n, dtype=float)
    z = norm.ppf(0.5 + ci / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z / denom * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n))
        lo, hi = np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
    bad = ~(n > 0)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def _kish(v: np.ndarray) -> np.ndarray:
    """Kish's effective sample size of each column of weights ``v`` (units × categories)."""
    s, s2 = v.sum(axis=0), (v * v).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s2 > 0, s * s / s2, 0.0)


def score_coding(
    sheet: pd.DataFrame,
    codes: pd.DataFrame | list[pd.DataFrame],
    codebook=None,
    gold: str = "mean",
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Precision, recall and F1 of each codebook category against human codes, with intervals.

    Parameters
    ----------
    sheet : DataFrame
        The sheet frame of :func:`cppcc.validation.coding_sheet` (or :func:`read_coding_sheet`):
        ``item``, ``stratum``, ``stratum_size`` and ``categories`` (the machine's, a tuple).
    codes : DataFrame or list of them
        Tidy codes ``coder, item, category, value`` (0/1): :func:`read_codes` of each coder's file,
        or the Parquet file of the coding widget.
    codebook : optional
        The categories, in the order of the result; default: ``sheet.attrs["categories"]``, else the
        packaged codebook.
    gold : "mean" or a coder's name, default "mean"
        What a sentence's human code is: the share of its coders who marked the category
        (``"mean"``), or one coder's codes (e.g. an adjudicated pass entered as coder
        ``"adjudicated"``).
    ci : float, default 0.95
    n_boot, seed : int
        Replicates and seed of the F1 bootstrap.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``label_en``, ``n_coded`` (sentences coded),
        ``n_matched`` (coded sentences the dictionary matched c), ``n_marked`` (coded sentences
        people marked c), ``est_matched`` and ``est_marked`` (the weighted totals: the corpus'
        sentences the dictionary matches / people would mark), ``precision``, ``precision_low``,
        ``precision_high``, ``recall``, ``recall_low``, ``recall_high``, ``f1``, ``f1_low``,
        ``f1_high``, ``n_coders`` (coders who coded some sentence), ``alpha`` (Krippendorff's
        nominal alpha between coders on c, NaN with one coder) and ``n_alpha`` (sentences coded by
        at least two coders). ``attrs``: ``function``, ``gold``, ``ci``, ``n_boot``, ``seed``,
        ``interval`` (how each interval is computed), ``uncoded`` (sheet items no coder coded).

    Examples
    --------
    Two categories and three strata; one coder. See ``tests/test_validation.py`` for the hand
    computation of every number:

    >>> sheet = pd.DataFrame({"item": [1, 2, 3, 4], "stratum": ["a", "a", "unmatched", "unmatched"],
    ...                       "stratum_size": [2, 2, 20, 20], "categories": [("a",), ("a",), (), ()]})
    >>> codes = pd.DataFrame({"coder": "ann", "item": [1, 2, 3, 4], "category": "a", "value": [1, 0, 1, 0]})
    >>> s = score_coding(sheet, codes, codebook={"a": ["甲"]})
    >>> s[["category", "precision", "recall", "f1"]].round(3).values.tolist()
    [['a', 0.5, 0.091, 0.154]]
    """
    func = "score_coding"
    ci, n_boot, seed = check_ci(ci, func), check_n_boot(n_boot, func), check_seed(seed, func)
    require_columns(sheet, ["item", "stratum", "stratum_size", "categories"], func, "sheet")
    codes = pd.concat(codes, ignore_index=True) if isinstance(codes, list) else codes
    require_columns(codes, ["coder", "item", "category", "value"], func, "codes")
    from .sheet_io import _categories

    cats, label_en, _, _ = _categories(sheet, codebook)
    unknown = sorted(set(codes["category"]) - set(cats))
    if unknown:
        raise ValueError(f"cppcc.{func}: `codes` has categories {unknown} that are not in the codebook "
                         f"{cats}")
    missing = sorted(set(codes["item"]) - set(sheet["item"]))
    if missing:
        raise ValueError(f"cppcc.{func}: `codes` has items {missing[:10]} that are not in the sheet")
    if gold != "mean" and gold not in set(codes["coder"]):
        raise ValueError(f"cppcc.{func}: `gold` must be 'mean' or a coder of `codes`, got {gold!r}")

    wide = codes.pivot_table(index=["coder", "item"], columns="category", values="value", aggfunc="max")
    wide = wide.reindex(columns=cats)
    gold_codes = wide.groupby(level="item").mean() if gold == "mean" else wide.xs(gold, level="coder")
    coded = sheet[sheet["item"].isin(gold_codes.index)].reset_index(drop=True)
    items = coded["item"].to_numpy()
    y = gold_codes.reindex(items).fillna(0.0).to_numpy(dtype=float)  # (items × categories)
    m = np.array([[c in set(cs) for c in cats] for cs in coded["categories"]], dtype=float)
    m = m.reshape(len(coded), len(cats))
    stratum = coded["stratum"].to_numpy(dtype=object)
    n_h = pd.Series(stratum).map(pd.Series(stratum).value_counts()).to_numpy(dtype=float)
    w = coded["stratum_size"].to_numpy(dtype=float) / n_h if len(coded) else np.zeros(0)

    wm, wy, wmy = w[:, None] * m, w[:, None] * y, w[:, None] * m * y
    S_m, S_y, S_my = wm.sum(axis=0), wy.sum(axis=0), wmy.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(S_m > 0, S_my / S_m, np.nan)
        recall = np.where(S_y > 0, S_my / S_y, np.nan)
        f1 = np.where(S_m + S_y > 0, 2 * S_my / (S_m + S_y), np.nan)
    p_lo, p_hi = wilson_interval(precision, _kish(wm), ci)
    r_lo, r_hi = wilson_interval(recall, _kish(wy), ci)
    f_lo, f_hi = _f1_bootstrap(stratum, np.column_stack([wm, wy, wmy]), len(cats), ci, n_boot, seed)

    out = pd.DataFrame({
        "category": cats, "label_en": [label_en.get(c, c) for c in cats],
        "n_coded": len(coded), "n_matched": m.sum(axis=0).astype("int64"),
        "n_marked": (y > 0).sum(axis=0).astype("int64"), "est_matched": S_m, "est_marked": S_y,
        "precision": precision, "precision_low": p_lo, "precision_high": p_hi,
        "recall": recall, "recall_low": r_lo, "recall_high": r_hi,
        "f1": f1, "f1_low": f_lo, "f1_high": f_hi,
    })
    out["n_coders"] = codes["coder"].nunique()
    alphas = [_alpha(wide, c) for c in cats]
    out["alpha"] = [a for a, _ in alphas]
    out["n_alpha"] = np.array([k for _, k in alphas], dtype="int64")
    out.attrs.update({
        "function": func, "gold": gold, "ci": ci, "n_boot": n_boot, "seed": seed,
        "interval": {"precision": "Wilson, Kish effective n", "recall": "Wilson, Kish effective n",
                     "f1": "bootstrap of coded sentences within strata, percentile"},
        "uncoded": sorted(set(sheet["item"]) - set(items)),
    })
    return out


def _f1_bootstrap(stratum: np.ndarray, sums: np.ndarray, C: int, ci: float, n_boot: int, seed: int):
    """Percentile interval of F1 from a bootstrap of sentences within strata. ``sums`` holds the
    columns ``w·m``, ``w·y``, ``w·m·y`` (C each); weights stay those of the design."""
    if len(stratum) == 0:
        return np.full(C, np.nan), np.full(C, np.nan)
    rng = np.random.default_rng(seed)
    total = np.zeros((n_boot, sums.shape[1]))
    for h in pd.unique(stratum):
        rows = np.flatnonzero(stratum == h)
        total += replicate_sums(sums[rows], n_boot, rng)
    S_m, S_y, S_my = total[:, :C], total[:, C:2 * C], total[:, 2 * C:]
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(S_m + S_y > 0, 2 * S_my / (S_m + S_y), np.nan)
    a = (1.0 - ci) / 2.0
    lo, hi = np.full(C, np.nan), np.full(C, np.nan)
    ok = ~np.all(np.isnan(f1), axis=0)
    if ok.any():
        lo[ok], hi[ok] = np.nanquantile(f1[:, ok], [a, 1.0 - a], axis=0)
    return lo, hi


def _alpha(wide: pd.DataFrame, category: str) -> tuple[float, int]:
    """Nominal alpha between coders on one category (coders × items, missing where not coded)."""
    table = wide[category].unstack(level="item")  # coders × items
    if len(table) < 2:
        return float("nan"), 0
    n_multi = int((table.notna().sum(axis=0) >= 2).sum())
    return krippendorff_alpha(table.to_numpy(dtype=float), level="nominal"), n_multi


def term_agreement(sheet: pd.DataFrame, codes: pd.DataFrame | list[pd.DataFrame], codebook=None,
                   min_sentences: int = 3, below: float = 0.25) -> pd.DataFrame:
    """How often people accept each codebook term's matches: the evidence for revising a term.

    For every term the dictionary matched in a coded sentence, the people's code of the term's
    category on that sentence (the share of its coders who marked it), averaged over the coded
    sentences where the term matched. A term matched in at least ``min_sentences`` coded sentences
    whose acceptance is below ``below`` is flagged ``revise``.

    Parameters
    ----------
    sheet : DataFrame
        With ``item`` and the machine's ``terms`` (a tuple per sentence; e.g.
        :func:`cppcc.validation.read_coding_sheet` or :func:`recode_sheet`).
    codes : as for :func:`score_coding`.
    codebook : the codebook whose terms ``terms`` holds (default: the packaged one).
    min_sentences, below : the flag's thresholds.

    Returns
    -------
    DataFrame
        ``category, term, sentences`` (coded sentences where it matched, each counted once),
        ``accepted`` (the mean code), ``revise`` (bool); least accepted first (then most
        sentences). ``attrs``: ``function``, ``min_sentences``, ``below``.

    Examples
    --------
    >>> sheet = pd.DataFrame({"item": [1, 2, 3], "terms": [("规范",), ("规范", "委员"), ("规范",)]})
    >>> codes = pd.DataFrame({"coder": "ann", "item": [1, 2, 3, 1, 2, 3], "value": [0, 0, 1, 0, 1, 0],
    ...                       "category": ["rules"] * 3 + ["members"] * 3})
    >>> t = term_agreement(sheet, codes, codebook={"rules": ["规范"], "members": ["委员"]})
    >>> t[["term", "sentences", "accepted", "revise"]].round(2).values.tolist()
    [['规范', 3, 0.33, False], ['委员', 1, 1.0, False]]
    """
    from .sample import codebook_frame

    require_columns(sheet, ["item", "terms"], "term_agreement", "sheet")
    codes = pd.concat(codes, ignore_index=True) if isinstance(codes, list) else codes
    require_columns(codes, ["coder", "item", "category", "value"], "term_agreement", "codes")
    cb = codebook_frame(codebook)
    category_of = dict(zip(cb["term"], cb["category"]))
    y = codes.groupby(["item", "category"])["value"].mean()
    rows = []
    for item, terms in zip(sheet["item"], sheet["terms"]):
        for term in dict.fromkeys(terms):
            cat = category_of.get(term)
            if cat is not None and (item, cat) in y.index:
                rows.append((cat, term, float(y.loc[(item, cat)])))
    df = pd.DataFrame(rows, columns=["category", "term", "y"])
    out = (df.groupby(["category", "term"], sort=False).agg(sentences=("y", "size"), accepted=("y", "mean"))
           .reset_index())
    out["revise"] = (out["sentences"] >= int(min_sentences)) & (out["accepted"] < float(below))
    out = out.sort_values(["accepted", "sentences", "term"], ascending=[True, False, True],
                          kind="mergesort").reset_index(drop=True)
    out.attrs.update({"function": "term_agreement", "min_sentences": int(min_sentences),
                      "below": float(below)})
    return out
