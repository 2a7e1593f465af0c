"""The word rule of the topic models: which tokens a topic model sees.

One function, :func:`word_mask`, decides it for every function of :mod:`cppcc.topic_model` (the
fits, the search over k, the coherence counts). A token is a *word* of the model when

- it is not punctuation (``is_punct`` of :func:`cppcc.tokens`),
- it is not a stop word (``is_stop``: the stop list the tokens frame was built with),
- it has at least :data:`MIN_CHARS` (2) characters: single characters of these texts are mostly
  function words, measure words and the halves of paired forms (乡（街）, 县/市/区) that the stop list
  does not catch, and they carry no topic on their own,
- it holds a letter or a CJK ideograph: bare numbers (2020, 30) are quantities, not topics.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..common import require_columns

__all__ = ["word_mask", "WORD_RULE", "MIN_CHARS"]

#: Shortest word a topic model sees, in characters.
MIN_CHARS = 2
#: The rule in one sentence (stored in the ``attrs`` of every result).
WORD_RULE = ("not punctuation (is_punct), not a stop word (is_stop), at least 2 characters, "
             "holding a letter or a CJK ideograph")
_HAS_WORD_CHAR = re.compile(r"[^\W\d_]")


def _per_type(token: pd.Series, rule) -> np.ndarray:
    """Apply a rule on distinct token strings (categories when the column is categorical)."""
    if isinstance(token.dtype, pd.CategoricalDtype):
        cats = pd.Series(token.cat.categories.astype(str))
        ok = np.append(rule(cats).to_numpy(dtype=bool), False)  # code -1 (missing) -> False
        return ok[token.cat.codes.to_numpy()]
    values = token.astype("string")
    return rule(values.fillna("")).to_numpy(dtype=bool)


def word_mask(tokens: pd.DataFrame) -> np.ndarray:
    """Which rows of a tokens frame are words of a topic model (the one word rule of the package).

    Parameters
    ----------
    tokens : DataFrame
        :func:`cppcc.tokens` output (needs ``token``, ``is_stop``, ``is_punct``).

    Returns
    -------
    numpy.ndarray of bool, one per row: not punctuation, not a stop word, at least
    :data:`MIN_CHARS` characters, holding a letter or a CJK ideograph.

    Examples
    --------
    >>> t = pd.DataFrame({"token": ["政协", "的", "，", "协商", "2020", "乡", "委员之家"],
    ...                   "is_stop": [False, True, False, False, False, False, False],
    ...                   "is_punct": [False, False, True, False, False, False, False]})
    >>> t["token"][word_mask(t)].tolist()
    ['政协', '协商', '委员之家']
    """
    require_columns(tokens, ["token", "is_stop", "is_punct"], "topics", "tokens")
    keep = ~tokens["is_punct"].fillna(False).to_numpy(dtype=bool)
    keep &= ~tokens["is_stop"].fillna(False).to_numpy(dtype=bool)
    keep &= _per_type(tokens["token"], lambda s: (s.str.len() >= MIN_CHARS)
                      & s.str.contains(_HAS_WORD_CHAR.pattern, regex=True))
    return keep
