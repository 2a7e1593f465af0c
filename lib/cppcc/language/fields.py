"""What every function of :mod:`cppcc.language` shares: the fields read, their sentences, the frame built."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from ..common import is_missing, sentence_around
from ..normalize import normalize_text

__all__ = ["FIELDS"]


#: Text fields read, in this order, when present in the speeches frame.
FIELDS: tuple[str, ...] = ("headline", "summary", "text")

# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------


def _iter_fields(speeches: pd.DataFrame) -> Iterator[tuple[object, str, str]]:
    """Yield (doc_id, field, normalised text) for every non-empty field of every speech."""
    fields = [f for f in FIELDS if f in speeches.columns]
    for row in speeches[["doc_id", *fields]].itertuples(index=False, name=None):
        doc_id, values = row[0], row[1:]
        for field, value in zip(fields, values):
            if is_missing(value):
                continue
            text = normalize_text(str(value))
            if text.strip():
                yield doc_id, field, text


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``: the one rule, :func:`cppcc.common.sentence_around`
    (the token sentence of :func:`cppcc.tokens`; a match that crosses a sentence end gets both)."""
    return sentence_around(text, start, end)


def _frame(
    rows: list[dict],
    columns: list[str],
    dtypes: dict[str, str] | None = None,
    like: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rows as a frame: the given dtypes, ``doc_id`` with the input's dtype, other columns object."""
    out = pd.DataFrame(rows, columns=columns)
    for col, dtype in (dtypes or {}).items():
        out[col] = out[col].astype(dtype)
    obj = [c for c in columns if c not in (dtypes or {}) and c != "doc_id"]
    out[obj] = out[obj].astype(object)
    if like is not None:
        try:
            out["doc_id"] = out["doc_id"].astype(like["doc_id"].dtype)
        except (TypeError, ValueError):  # e.g. an empty result from an exotic dtype
            out["doc_id"] = out["doc_id"].astype(object)
    return out.reset_index(drop=True)



def _alt(items) -> str:
    """A regex alternation of literal strings, longest first."""
    return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))

