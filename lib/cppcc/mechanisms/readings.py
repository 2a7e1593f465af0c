"""Readings of a coded corpus (the notebooks' steps on :func:`cppcc.code_mechanisms` and
:func:`cppcc.evidence`): each document's strongest cells and the terms behind them, the dominant
mechanism of each measure, one document against the rest."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..common import require_columns, stamp
from ..structure import MEASURE_KEY

__all__ = ["strongest_cells", "evidence_drivers", "dominant_mechanism", "versus_rest", "THIS", "REST"]


def strongest_cells(coded: pd.DataFrame) -> pd.DataFrame:
    """Each document's highest-rate mechanism(s) with at least one match (ties all kept).

    ``coded`` is ``cppcc.code_mechanisms(toks)``; the rows returned are a subset of it.

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "b"], "category": ["x", "y", "x"],
    ...                       "rate": [2.0, 5.0, 0.0], "matches": [1, 2, 0]})
    >>> strongest_cells(coded)[["doc_id", "category"]].values.tolist()
    [['a', 'y']]
    """
    require_columns(coded, ["doc_id", "category", "rate", "matches"], "strongest_cells", "coded")
    best = coded.groupby("doc_id", observed=True)["rate"].transform("max")
    return coded[(coded["rate"] == best) & (coded["matches"] > 0)]


def evidence_drivers(ev: pd.DataFrame, cells: pd.DataFrame, label: str = "speech",
                     n: int = 5) -> pd.DataFrame:
    """The terms behind given codebook cells: one row per (label, category) with its top terms.

    Parameters
    ----------
    ev : ``cppcc.evidence(toks)`` (one row per match).
    cells : rows with ``doc_id``, ``category`` and ``label`` (e.g. :func:`strongest_cells` plus a
        speech label).
    label : the column naming each document in the result.
    n : how many terms to list.

    Returns
    -------
    DataFrame
        ``label, category, matches, distinct_terms, top_term, top_share`` (the top term's share of
        the matches), ``top_terms`` (the ``n`` commonest, with counts, joined with ``", "``) and
        ``one_character`` (matches of one-character terms).

    Examples
    --------
    >>> ev = pd.DataFrame({"doc_id": ["a"] * 3, "category": ["x"] * 3, "term": ["委员", "委员", "乡"]})
    >>> cells = pd.DataFrame({"doc_id": ["a"], "category": ["x"], "speech": ["A"]})
    >>> evidence_drivers(ev, cells)[["matches", "top_term", "top_terms", "one_character"]].values.tolist()[0]
    [3, '委员', '委员 (2), 乡 (1)', 1]
    """
    require_columns(ev, ["doc_id", "category", "term"], "evidence_drivers", "evidence")
    require_columns(cells, ["doc_id", "category", label], "evidence_drivers", "cells")
    hits = ev.merge(cells[["doc_id", "category", label]], on=["doc_id", "category"]).astype(
        {label: str, "category": str, "term": str})
    rows = []
    for (who, cat), grp in hits.groupby([label, "category"], sort=False):
        counts = grp["term"].value_counts(sort=True)
        counts = counts.sort_values(ascending=False, kind="stable")
        rows.append({label: who, "category": cat, "matches": len(grp), "distinct_terms": len(counts),
                     "top_term": counts.index[0], "top_share": counts.iloc[0] / len(grp),
                     "top_terms": ", ".join(f"{t} ({k})" for t, k in counts.head(n).items()),
                     "one_character": int((grp["term"].str.len() == 1).sum())})
    cols = [label, "category", "matches", "distinct_terms", "top_term", "top_share",
            "top_terms", "one_character"]
    return stamp(pd.DataFrame(rows, columns=cols), "evidence_drivers", by=[label, "category"], n=int(n))


def dominant_mechanism(coded: pd.DataFrame, keys: Iterable[str] | None = None,
                       column: str = "label_en") -> pd.DataFrame:
    """The mechanism with most matches in each unit of ``keys`` (ties: first in codebook order).

    ``coded`` is ``cppcc.code_mechanisms(tokens, by=keys)`` (rows in codebook order); units
    without any match are left out. ``keys`` default: the columns of
    :data:`cppcc.structure.MEASURE_KEY` that ``coded`` has (one measure per unit when it was coded
    by all four; ``subsection`` tells apart the measures 一是 of two sub-sections of a section).

    Returns
    -------
    DataFrame
        ``*keys, mechanism`` (the value of ``column`` for the winning category).

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "section": [1, 1, 1, 1],
    ...                       "ordinal": [1, 1, 1, 1], "label_en": ["P", "Q", "R", "P"],
    ...                       "matches": [1, 2, 2, 0]})
    >>> dominant_mechanism(coded).values.tolist()
    [['a', 1, 1, 'Q']]
    """
    if keys is None:
        keys = [c for c in MEASURE_KEY if c in coded.columns]
    keys = list(keys)
    require_columns(coded, [*keys, column, "matches"], "dominant_mechanism", "coded")
    hit = coded[coded["matches"] > 0].sort_values("matches", ascending=False, kind="stable")
    return (hit.groupby(keys, observed=True, sort=False).head(1)[[*keys, column]]
            .rename(columns={column: "mechanism"}).reset_index(drop=True))


THIS, REST = "本篇 this speech", "其他 rest of corpus"


def versus_rest(coded: pd.DataFrame, doc_id) -> pd.DataFrame:
    """Mechanism rates of one document against all the others pooled (matches over tokens, per 1,000).

    Parameters
    ----------
    coded : ``cppcc.code_mechanisms(toks)`` (one row per document and category).
    doc_id : the document.

    Returns
    -------
    DataFrame
        Indexed by ``category, label_en``; columns :data:`THIS` and (when there are other
        documents) :data:`REST`, sorted by this document's rate.

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "category": ["x", "y", "x", "x"],
    ...                       "label_en": ["X", "Y", "X", "X"], "matches": [2, 1, 1, 3],
    ...                       "tokens": [100, 100, 200, 200]})
    >>> versus_rest(coded, "a").round(1).values.tolist()  # rest: (1 + 3) / 400 tokens
    [[20.0, 10.0], [10.0, nan]]
    """
    require_columns(coded, ["doc_id", "category", "label_en", "matches", "tokens"],
                    "versus_rest", "coded")
    side = (coded["doc_id"] == doc_id).map({True: THIS, False: REST})
    pooled = (coded.assign(compare=side).groupby(["compare", "category", "label_en"], sort=False,
                                                  observed=True)[["matches", "tokens"]].sum()
              .assign(rate=lambda d: 1000 * d["matches"] / d["tokens"]).reset_index())
    cols = [THIS] + ([REST] if (side == REST).any() else [])
    rates = (pooled.pivot(index=["category", "label_en"], columns="compare", values="rate")
             .reindex(columns=cols).sort_values(THIS, ascending=False, kind="stable"))
    return stamp(rates, "versus_rest", doc_id=doc_id)
