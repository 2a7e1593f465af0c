"""Quotations and book titles (“…”, 「…」, 《…》), and the quoted forms of a corpus."""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..common import require_columns, stamp
from .fields import _frame, _iter_fields, _sentence

__all__ = ["quoted_terms", "quoted_forms", "QUOTE_MARKS"]


#: Opening mark -> (closing mark, kind). ``"`` is a straight double quote (toggles).
QUOTE_MARKS: dict[str, tuple[str, str]] = {
    "“": ("”", "quote"),
    "「": ("」", "quote"),
    "『": ("』", "quote"),
    "‘": ("’", "quote"),
    "«": ("»", "quote"),
    "〝": ("〞", "quote"),
    "《": ("》", "title"),
    "〈": ("〉", "title"),
    '"': ('"', "quote"),
    "＂": ("＂", "quote"),
}
_TOGGLES = frozenset({'"', "＂"})
_CLOSE_TO_OPEN = {close: open_ for open_, (close, _) in QUOTE_MARKS.items()} | {"〟": "〝"}
_WS = re.compile(r"\s+")
_WS_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _term(inner: str) -> str:
    """A quotation's text as a term: spaces next to Chinese dropped, others collapsed (Yes we can)."""
    return _WS.sub(" ", _WS_CJK.sub("", inner)).strip()


def _scan_quotes(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, inner, opening mark) of every balanced quotation, in order of opening.

    A stack per paragraph: nested quotations give one row each; an unmatched opening mark is
    dropped at the end of its paragraph; a closing mark without an opening one is ignored; a
    closing mark that skips over other open marks closes its own pair and drops those.
    """
    found: list[tuple[int, int, str, str]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            continue
        if ch in _TOGGLES and not any(m == ch for m, _ in stack):
            stack.append((ch, i))  # a straight quote opens unless one of its kind is open
            continue
        if ch in QUOTE_MARKS and ch not in _TOGGLES:
            stack.append((ch, i))
            continue
        opener = _CLOSE_TO_OPEN.get(ch)
        if opener is not None:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    start = stack[k][1]
                    del stack[k:]
                    found.append((start, i + 1, text[start + 1 : i], opener))
                    break
    found.sort()
    return found


def quoted_terms(speeches: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation or book title in the speeches.

    Quotation marks read: “…”, 「…」, 『…』, ‘…’, «…», 〝…〞 (or 〝…〟), straight ``"…"`` and
    full-width ``＂…＂``; book titles 《…》 and 〈…〉 give ``kind="title"``. Quotations listed
    with 、 (“乡镇委员之家”、“村级便民服务站”) are separate rows; nested quotations give a row
    each (outer and inner); unbalanced marks never raise (an opening mark without its closing one
    in the same paragraph is not reported). Empty quotations (“”) are skipped.

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id`` and ``text``; ``headline`` and ``summary`` are read too when present.

    Returns
    -------
    DataFrame
        ``doc_id``, ``term`` (normalised: Simplified script, inner whitespace removed), ``kind``
        (``"quote"`` or ``"title"``), ``sentence`` (the sentence the quotation occurs in),
        ``field`` (headline/summary/text), ``position`` (offset of the opening mark in the
        normalised field) and ``mark`` (the opening mark: “ 「 『 ‘ 《 〈 after normalisation).

    Examples
    --------
    >>> import pandas as pd
    >>> text = "以“乡镇委员之家”、「村級便民服務站」为场所，学习《条例》。"
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    >>> quoted_terms(df)[["term", "kind", "mark"]].values.tolist()
    [['乡镇委员之家', 'quote', '“'], ['村级便民服务站', 'quote', '「'], ['条例', 'title', '《']]
    """
    require_columns(speeches, ["doc_id", "text"], "quoted_terms", "speeches")
    rows: list[dict] = []
    for doc_id, field, text in _iter_fields(speeches):
        for start, end, inner, mark in _scan_quotes(text):
            term = _term(inner)
            if not term:
                continue
            rows.append(
                {
                    "doc_id": doc_id,
                    "term": term,
                    "kind": QUOTE_MARKS[mark][1],
                    "sentence": _sentence(text, start, end),
                    "field": field,
                    "position": start,
                    "mark": mark,
                }
            )
    out = _frame(
        rows,
        ["doc_id", "term", "kind", "sentence", "field", "position", "mark"],
        {"position": "int64"},
        like=speeches,
    )
    return stamp(out, "quoted_terms", by="doc_id")



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
