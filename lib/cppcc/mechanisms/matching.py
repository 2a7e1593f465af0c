"""Finding codebook terms in token rows: leftmost-longest, non-overlapping, within sentences
(:func:`match_terms`, the one matcher behind :func:`cppcc.code_mechanisms` and :func:`cppcc.evidence`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..common import require_columns
from ..counting import per_type as _per_type
from ..counting import unit_codes as _unit_codes

__all__ = ["match_terms"]


def match_terms(tokens: pd.DataFrame, terms, never=None) -> pd.DataFrame:
    """Find every codebook term in a token frame (leftmost-longest, non-overlapping, within sentences).

    Parameters
    ----------
    tokens : DataFrame
        ``doc_id``, ``sentence``, ``token`` in text order.
    terms : iterable of str, or a codebook frame with ``term`` (and ``category``)
    never : iterable of str, optional
        Phrases that never count (salutations such as 各位委员): matched like terms, so that their
        tokens are taken, and then dropped. Default: a codebook frame's ``attrs["never_count"]``
        (:func:`cppcc.load_codebook`), else none.

    Returns
    -------
    DataFrame
        ``row`` (positional index of the match's first token in ``tokens``), ``n_tokens`` (tokens
        spanned), ``term`` and, when a codebook frame is given, ``category``. In token order.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": "d", "sentence": 1, "token": ["委员", "工作室", "和", "委员"]})
    >>> match_terms(t, ["委员", "委员工作室"])[["row", "n_tokens", "term"]].values.tolist()
    [[0, 2, '委员工作室'], [3, 1, '委员']]
    >>> s = pd.DataFrame({"doc_id": "d", "sentence": 1, "token": ["各位", "委员", "：", "委员", "履职"]})
    >>> match_terms(s, ["委员"], never=["各位委员"])[["row", "term"]].values.tolist()
    [[3, '委员']]
    """
    require_columns(tokens, ["doc_id", "sentence", "token"], "match_terms", "tokens")
    cb = terms if isinstance(terms, pd.DataFrame) else None
    term_list = list(cb["term"]) if cb is not None else [str(t) for t in terms]
    cols = ["row", "n_tokens", "term"] + (["category"] if cb is not None and "category" in cb.columns else [])
    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("row", "n_tokens") else object) for c in cols})
    if never is None:
        never = cb.attrs.get("never_count", ()) if cb is not None else ()
    never = {str(t) for t in never} - set(term_list)
    patterns = [t for t in dict.fromkeys(term_list) if t.startswith("*") or t.endswith("*")]
    term_set = {t for t in term_list if t not in set(patterns)} | never
    n = len(tokens)
    if n == 0 or not (term_set or patterns):
        return empty
    prefixes = {t[:k] for t in term_set for k in range(1, len(t) + 1)}
    max_span = max((len(t) for t in term_set), default=0)  # a term of c characters spans at most c tokens
    tok = tokens["token"].astype(str).to_numpy(dtype=object)
    unit = _unit_codes(tokens)

    starts, spans, found, prio = [], [], [], []
    if patterns:  # one-token patterns, first pattern in codebook order wins
        taken = np.zeros(n, dtype=bool)
        for pat in patterns:
            core = pat.strip("*")
            if pat.startswith("*") and pat.endswith("*"):
                hit = _per_type(tokens["token"], lambda u, core=core: u.str.contains(core, regex=False))
            elif pat.startswith("*"):
                hit = _per_type(tokens["token"], lambda u, core=core: u.str.endswith(core))
            else:
                hit = _per_type(tokens["token"], lambda u, core=core: u.str.startswith(core))
            hit &= ~taken
            taken |= hit
            idx = np.flatnonzero(hit)
            starts.append(idx)
            spans.append(np.ones(len(idx), dtype=int))
            found.append(np.full(len(idx), pat, dtype=object))
            prio.append(np.ones(len(idx), dtype=int))
    alive = (
        np.flatnonzero(_per_type(tokens["token"], lambda u: u.isin(prefixes)))
        if term_set
        else np.array([], dtype=int)
    )
    cur = tok[alive]
    for s in range(1, max_span + 1):
        if s > 1:
            j = alive + s - 1
            ok = j < n
            alive, cur, j = alive[ok], cur[ok], j[ok]
            ok = unit[j] == unit[alive]
            alive, cur, j = alive[ok], cur[ok], j[ok]
            cur = cur + tok[j]
            ok = pd.Series(cur, dtype=object).isin(prefixes).to_numpy()
            alive, cur = alive[ok], cur[ok]
        if len(alive) == 0:
            break
        hit = pd.Series(cur, dtype=object).isin(term_set).to_numpy()
        starts.append(alive[hit])
        spans.append(np.full(hit.sum(), s))
        found.append(cur[hit])
        prio.append(np.zeros(hit.sum(), dtype=int))
    if not starts or sum(len(x) for x in starts) == 0:
        return empty
    st, sp, tm = np.concatenate(starts), np.concatenate(spans), np.concatenate(found)
    pr = np.concatenate(prio)
    order = np.lexsort((pr, -sp, st))  # by start, longest first, exact term before pattern
    st, sp, tm = st[order], sp[order], tm[order]
    keep = np.zeros(len(st), dtype=bool)
    end = -1
    for k in range(len(st)):  # greedy over candidate matches only (not over tokens or terms)
        if st[k] >= end:
            keep[k] = True
            end = st[k] + sp[k]
    if never:  # a never-count phrase took its tokens; it is not a match
        keep &= ~pd.Series(tm, dtype=object).isin(never).to_numpy()
    out = pd.DataFrame(
        {
            "row": st[keep].astype("int64"),
            "n_tokens": sp[keep].astype("int64"),
            "term": tm[keep].astype(object),
        }
    )
    if "category" in cols:
        out["category"] = out["term"].map(dict(zip(cb["term"], cb["category"])))
    return out[cols]
