"""Which terms a time or diffusion analysis follows, and which documents hold them.

:func:`corpus_terms` takes a corpus' own quoted brands and numbered formulas (the extractors of
:mod:`cppcc.language`, called as they are); :func:`holds` says which documents contain each term.
"""
from __future__ import annotations

import re

import pandas as pd

from ..common import as_list, is_missing, require_columns
from ..normalize import normalize_text

__all__ = ["BRAND_LENGTH", "corpus_terms", "as_terms", "document_texts", "holds"]

#: a quotation counts as a brand when it has this many characters (inclusive): shorter ones are
#: single characters picked out of a phrase (“交”“督”“复”), longer ones quoted sentences
BRAND_LENGTH = (3, 12)
#: marks inside a quotation that make it a list or a clause rather than one brand
_LIST_MARKS = re.compile(r"[、，,；;：:！？。!?\s]")
#: the document fields searched for a term, as the extractors read them
FIELDS = ("headline", "summary", "text")


def corpus_terms(docs: pd.DataFrame) -> pd.DataFrame:
    """The corpus' quoted brands and numbered formulas, one row per term, most documents first.

    Brands are quotations (:func:`cppcc.quoted_terms`, ``kind == "quote"``) of 3 to 12 characters
    (:data:`BRAND_LENGTH`) with no list or clause mark inside (、，；：), not made of digits alone;
    formulas are every :func:`cppcc.numbered_formulas` row (quoted or not). A quotation that is
    also a formula is a formula.

    Parameters
    ----------
    docs : DataFrame
        ``doc_id`` and ``text`` (``headline`` and ``summary`` are read too when present).

    Returns
    -------
    DataFrame
        ``term``, ``kind`` (``"formula"`` or ``"brand"``), ``docs`` (documents that quote or state
        it, as the extractors found it), ordered by ``docs`` (descending), then by first appearance.

    Examples
    --------
    >>> d = pd.DataFrame({"doc_id": ["a", "b"], "text": ["推广“有事好商量”，解决“两个薄弱”问题，“交”“督”。",
    ...                                                   "打造“有事好商量”品牌。"]})
    >>> corpus_terms(d).values.tolist()
    [['有事好商量', 'brand', 2], ['两个薄弱', 'formula', 1]]
    """
    from ..language.formulas import numbered_formulas
    from ..language.quotes import quoted_terms

    require_columns(docs, ["doc_id", "text"], "corpus_terms", "docs")
    q = quoted_terms(docs)
    q = q[(q["kind"] == "quote") & q["term"].str.len().between(*BRAND_LENGTH)
          & ~q["term"].str.contains(_LIST_MARKS) & ~q["term"].str.fullmatch(r"\d+")]
    f = numbered_formulas(docs)
    formula_rows = f[["doc_id", "formula", "position"]].rename(columns={"formula": "term"})
    brand_rows = q[["doc_id", "term", "position"]]
    rows = pd.concat([formula_rows.assign(kind="formula"), brand_rows.assign(kind="brand")],
                     ignore_index=True)
    if rows.empty:
        return pd.DataFrame({"term": pd.Series(dtype=object), "kind": pd.Series(dtype=object),
                             "docs": pd.Series(dtype="int64")})
    formulas = set(f["formula"])
    rows.loc[rows["term"].isin(formulas), "kind"] = "formula"
    order = {d: i for i, d in enumerate(docs["doc_id"])}
    rows["_doc"] = rows["doc_id"].map(order)
    rows = rows.sort_values(["_doc", "position"], kind="stable")
    out = rows.groupby("term", sort=False).agg(kind=("kind", "first"), docs=("doc_id", "nunique"))
    out = out.reset_index()
    out["docs"] = out["docs"].astype("int64")
    return out.sort_values("docs", ascending=False, kind="stable").reset_index(drop=True)


def as_terms(terms, docs: pd.DataFrame | None, func: str) -> list[str]:
    """``terms`` as a list of normalised, distinct, non-empty strings (None: :func:`corpus_terms`)."""
    if terms is None:
        if docs is None:
            raise ValueError(f"cppcc.{func}: pass `terms` (a list of terms)")
        return corpus_terms(docs)["term"].tolist()
    values = as_list(terms)
    bad = [t for t in values if not isinstance(t, str)]
    if bad:
        raise ValueError(f"cppcc.{func}: `terms` must be strings, got {bad[:3]}")
    out = list(dict.fromkeys(normalize_text(t).strip() for t in values))
    return [t for t in out if t]


def document_texts(docs: pd.DataFrame) -> list[str]:
    """Each document's searchable text: its normalised headline, summary and text, one per line.

    Examples
    --------
    >>> document_texts(pd.DataFrame({"doc_id": ["a"], "headline": ["標題"], "text": ["正文"]}))
    ['标题\\n正文']
    """
    fields = [f for f in FIELDS if f in docs.columns]
    out = []
    for row in docs[fields].itertuples(index=False, name=None):
        out.append("\n".join(normalize_text(str(v)) for v in row if not is_missing(v)))
    return out


def holds(texts: list[str], terms: list[str]) -> pd.DataFrame:
    """Which documents contain each term: a boolean frame, one row per text, one column per term.

    A document holds a term when the term's characters occur in its normalised text (quoted or not,
    in any field), so a unit that writes a brand without quotation marks uses it too.

    Examples
    --------
    >>> holds(["推广有事好商量", "两个薄弱"], ["有事好商量", "两个薄弱"]).values.tolist()
    [[True, False], [False, True]]
    """
    s = pd.Series(texts, dtype=object)
    return pd.DataFrame({t: s.str.contains(t, regex=False).to_numpy(dtype=bool) for t in terms},
                        columns=terms)
