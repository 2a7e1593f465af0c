"""Document similarity: cosine of TF-IDF vectors between documents or any groups (:func:`similarity`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..common import require_columns, stamp
from ..counting import word_masks

__all__ = ["similarity"]


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

    keep, _ = word_masks(tokens, stop, punct)
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
