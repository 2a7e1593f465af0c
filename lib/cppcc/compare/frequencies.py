"""Term frequencies: counts and rates per 1,000 words of every term, overall or by group.

Written once against the count table of :mod:`cppcc.counting` (tokens in memory or a store); the
conventions of stop words, punctuation and rates are in :mod:`cppcc.compare`.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..common import as_list, require_columns, stamp
from ..counting import source_of

__all__ = ["term_frequencies", "stoplist_effect"]


def term_frequencies(
    tokens: pd.DataFrame, by: str | list[str] | None = None, stop=True, punct: bool = False
) -> pd.DataFrame:
    """Counts and rates per 1,000 tokens of every term, overall or by any column(s).

    Parameters
    ----------
    tokens : DataFrame
        Token frame from :func:`cppcc.tokens` (needs ``token``, ``is_punct`` and the ``by``
        columns), a count table (``term``, ``count``: see :func:`cppcc.distinctive_terms`) or a
        :class:`cppcc.Store`.
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
    by_cols = as_list(by)
    cols = [*by_cols, "term", "count", "n_tokens", "rate"]
    counted = source_of(tokens).term_counts(by_cols, "term_frequencies").counted(stop, punct)
    out = counted.terms
    if out.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (*by_cols, "term") else float) for c in cols})
        return stamp(out, "term_frequencies", by=by_cols, stop=stop, punct=punct)
    groups = counted.groups
    out["n_tokens"] = groups["n_tokens"].to_numpy()[out["_group"].to_numpy()]
    out["_g"] = groups["_first_counted"].to_numpy()[out["_group"].to_numpy()]  # groups in order of appearance
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(out["n_tokens"] > 0, 1000.0 * out["count"] / out["n_tokens"], np.nan)
    out = out.sort_values(["_g", "count", "term"], ascending=[True, False, True], kind="mergesort")
    out = out.reset_index(drop=True)[cols]
    return stamp(out, "term_frequencies", by=by_cols, stop=stop, punct=punct)


def stoplist_effect(before: pd.DataFrame, after: pd.DataFrame, stop: Iterable[str],
                    k: int = 20) -> pd.DataFrame:
    """The top ``k`` terms without and with a stop list, side by side (one row per rank).

    Parameters
    ----------
    before, after : ``cppcc.term_frequencies`` without and with the stop list (sorted by count).
    stop : the stop list's words.
    k : ranks shown (fewer when ``after`` has fewer terms).

    Returns
    -------
    DataFrame
        Indexed by ``rank`` (1…k): ``without``, ``count``, ``on stop list``, ``with``,
        ``count with``, ``new in top`` (a term that entered the top ``k`` with the list on).

    Examples
    --------
    >>> b = pd.DataFrame({"term": ["工作", "政协", "协商"], "count": [9, 8, 5]})
    >>> a = pd.DataFrame({"term": ["政协", "协商", "平台"], "count": [8, 5, 2]})
    >>> stoplist_effect(b, a, ["工作"], k=2).values.tolist()
    [['工作', 9, True, '政协', 8, False], ['政协', 8, False, '协商', 5, True]]
    """
    for df in (before, after):
        require_columns(df, ["term", "count"], "stoplist_effect", "frequencies")
    k = min(k, len(after), len(before))
    stop = set(stop)
    top_before, top_after = before.head(k), after.head(k)
    table = pd.DataFrame({
        "without": top_before["term"].to_numpy(), "count": top_before["count"].to_numpy(),
        "on stop list": top_before["term"].isin(stop).to_numpy(),
        "with": top_after["term"].to_numpy(), "count with": top_after["count"].to_numpy(),
        "new in top": (~top_after["term"].isin(top_before["term"])).to_numpy(),
    }, index=pd.RangeIndex(1, k + 1, name="rank"))
    return stamp(table, "stoplist_effect", k=int(k))
