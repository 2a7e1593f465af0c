"""Quoted forms: the quotations of a corpus, one row per distinct quoted term, with the form of each
(numbered formula, one-character emphasis, rhetorical question, list or compound, phrase or brand).

Its subject is political language (:mod:`cppcc.language`); it lives here until that package takes it.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .common import require_columns, stamp

__all__ = ["quoted_forms"]


def quoted_forms(quotes: pd.DataFrame, formulas: pd.DataFrame, labels: Mapping | None = None,
                 glossary: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per distinct quoted term, with its uses, its speeches and a *form* by stated rules.

    The form: ``numbered formula`` (also found by ``numbered_formulas``), ``one-character
    emphasis``, ``rhetorical question`` (什么/怎么/谁), ``list or compound`` (joined by 、 or +),
    otherwise ``phrase or brand``.

    Parameters
    ----------
    quotes : ``cppcc.quoted_terms(speeches)`` (only ``kind == "quote"`` rows are used).
    formulas : ``cppcc.numbered_formulas(speeches)``.
    labels : doc_id -> speech label (default: the doc_id).
    glossary : ``cppcc.glossary()`` frame; adds ``gloss_en`` (the glossary's notes, which record how
        the seed page uses a term, are left out: they are not about this corpus).

    Examples
    --------
    >>> q = pd.DataFrame({"doc_id": ["a", "b", "a"], "kind": ["quote"] * 3,
    ...                   "term": ["两个薄弱", "两个薄弱", "交"]})
    >>> f = pd.DataFrame({"formula": ["两个薄弱"]})
    >>> quoted_forms(q, f)[["term", "form", "uses", "speeches", "used_by"]].values.tolist()
    [['两个薄弱', 'numbered formula', 2, 2, 'a, b'], ['交', 'one-character emphasis', 1, 1, 'a']]
    """
    require_columns(quotes, ["doc_id", "kind", "term"], "quoted_forms", "quotes")
    q = quotes[quotes["kind"] == "quote"]
    q = q.assign(speech=q["doc_id"].map(labels) if labels is not None else q["doc_id"])
    out = (q.groupby("term", sort=False)
           .agg(uses=("doc_id", "size"), speeches=("doc_id", "nunique"),
                used_by=("speech", lambda s: ", ".join(dict.fromkeys(map(str, s)))))
           .reset_index())
    terms = out["term"]
    known = set(formulas["formula"]) if "formula" in formulas.columns else set()
    out.insert(1, "form", np.select(
        [terms.isin(known), terms.str.len() == 1, terms.str.contains("什么|怎么|谁"),
         terms.str.contains("、|\\+")],
        ["numbered formula", "one-character emphasis", "rhetorical question", "list or compound"],
        default="phrase or brand"))
    if glossary is not None:
        out = out.merge(glossary[["term", "gloss_en"]], on="term", how="left")
    return stamp(out, "quoted_forms", by="term")
