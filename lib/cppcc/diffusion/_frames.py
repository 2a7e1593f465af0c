"""The document checks shared by :mod:`cppcc.diffusion`: dates, units, and the one way of leaving
documents out (counted in ``attrs`` and said in a warning, never silently)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..common import as_list, require_columns
from ..counting import documents_of

__all__ = ["DiffusionWarning", "as_documents", "document_dates", "resolve_units", "unit_windows",
           "UNIT_META", "is_simulated"]

#: document columns carried along with a unit when they are constant within it
UNIT_META = ("level", "province", "prefecture", "county", "adcode")


class DiffusionWarning(UserWarning):
    """Documents were left out of a time or diffusion analysis (no date, no unit); the message says
    how many and why, and the result's ``attrs`` hold the counts."""


def as_documents(docs, func: str, columns=("doc_id",)) -> pd.DataFrame:
    """``docs`` as a frame (a store gives its documents: :func:`cppcc.counting.documents_of`), checked for
    ``columns`` and unique ``doc_id``."""
    return documents_of(docs, func, columns)


def is_simulated(frame) -> bool:
    """Whether a frame comes from :func:`cppcc.simulate_archive` (``attrs["simulated"]`` or a
    ``simulated`` column that is True), so that every result and figure made from it says so.

    Examples
    --------
    >>> is_simulated(pd.DataFrame({"simulated": [True]})), is_simulated(pd.DataFrame({"x": [1]}))
    (True, False)
    """
    if not isinstance(frame, pd.DataFrame):
        return False
    if frame.attrs.get("simulated"):
        return True
    return "simulated" in frame.columns and bool(frame["simulated"].eq(True).any())


def document_dates(values: pd.Series) -> pd.Series:
    """Dates of documents as ``datetime64`` (day precision); missing or unreadable values are NaT.

    Examples
    --------
    >>> document_dates(pd.Series(["2020-08-24", None, "not a date"])).tolist()
    [Timestamp('2020-08-24 00:00:00'), NaT, NaT]
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    out = pd.to_datetime(values, errors="coerce", format="mixed")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.dt.normalize()


def leave_out(n: int, total: int, why: str, func: str, stacklevel: int = 4) -> None:
    """Warn that ``n`` of ``total`` documents are left out and why (nothing when ``n`` is 0)."""
    if n:
        warnings.warn(f"cppcc.{func}: {n} of {total} document(s) {why} and are left out "
                      f"(counted in the result's attrs)", DiffusionWarning, stacklevel=stacklevel)


def resolve_units(docs: pd.DataFrame, by, func: str) -> tuple[pd.DataFrame, list[str]]:
    """``docs`` with the unit column(s) ``by``; ``"unit"`` is derived when the frame lacks it.

    A frame of :func:`cppcc.load_speeches` has the resolved ``unit`` column. A frame with the place
    columns (``adcode``, ``level``, ``province``, ``prefecture``, ``county``) but no ``unit`` gets its
    documents' units resolved from ``adcode`` by :func:`cppcc.units.regional_units`, the same rule
    (the canonical name of the division, e.g. 云南省临沧市; None without an adcode), and its ``level``
    is the resolved unit's.
    Any other column (``region``, ``province``, ``doc_id``) is used as it is.

    Examples
    --------
    >>> d = pd.DataFrame({"doc_id": ["a"], "unit": ["甲县"]})
    >>> resolve_units(d, "unit", "first_mentions")[1]
    ['unit']
    """
    cols = as_list(by)
    if not cols:
        raise ValueError(f"cppcc.{func}: `by` must name at least one document column, got {by!r}")
    if cols == ["unit"] and "unit" not in docs.columns:
        from ..units import regional_units

        have = [c for c in ("adcode", "level", "province", "prefecture", "county") if c in docs.columns]
        if len(have) < 5:
            raise ValueError(f"cppcc.{func}: `docs` has no `unit` column and no adcode, level, province, "
                             f"prefecture, county to resolve one from; pass by=<a column of docs> "
                             f"(it has {list(docs.columns)})")
        units = regional_units(docs)
        docs = docs.reset_index(drop=True).assign(unit=units["unit"].to_numpy(),
                                                  level=units["level"].to_numpy())
    require_columns(docs, cols, func, "docs")
    return docs, cols


def unit_key(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """One hashable value per row for the unit columns (the value itself for one column)."""
    if len(cols) == 1:
        return frame[cols[0]].astype(object)
    return pd.Series(list(zip(*(frame[c].astype(object) for c in cols))), index=frame.index, dtype=object)


def prepare(docs, by, func: str, extra=("text",)) -> tuple[pd.DataFrame, list[str], dict]:
    """The dated documents that have a unit: ``_date`` (datetime) and ``_unit`` columns added, the rows
    without a date or a unit removed (counted in the returned dict, with a warning), doc order kept."""
    frame = as_documents(docs, func, ["doc_id", "date", *extra])
    frame, cols = resolve_units(frame, by, func)
    frame = frame.reset_index(drop=True)
    dates = document_dates(frame["date"])
    no_unit = frame[cols].isna().any(axis=1).to_numpy()
    undated = dates.isna().to_numpy()
    counts = {"documents": len(frame), "undated": int(undated.sum()),
              "no_unit": int((no_unit & ~undated).sum())}
    leave_out(counts["undated"], len(frame), "have no date (or an unreadable one)", func, 5)
    leave_out(counts["no_unit"], len(frame), f"have no {' / '.join(cols)}", func, 5)
    keep = ~(undated | no_unit)
    out = frame.loc[keep].copy()
    out["_date"] = dates[keep].to_numpy()
    out["_unit"] = unit_key(out, cols).to_numpy()
    return out.reset_index(drop=True), cols, counts


def unit_windows(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """One row per unit of a :func:`prepare`\\ d frame: the unit columns, ``first_page`` and
    ``last_page`` (its earliest and latest document dates), ``unit_docs``, and the columns of
    :data:`UNIT_META` that are constant within the unit (None where they vary)."""
    g = frame.groupby("_unit", sort=False, dropna=False)
    out = g.agg(first_page=("_date", "min"), last_page=("_date", "max"), unit_docs=("doc_id", "size"))
    firsts = g[cols].first()
    out = firsts.join(out)
    for col in UNIT_META:
        if col in frame.columns and col not in cols:
            vals = frame[col].astype(object).where(frame[col].notna(), None)
            n = vals.groupby(frame["_unit"], sort=False).nunique(dropna=True)
            first = vals.groupby(frame["_unit"], sort=False).first()
            one = n.reindex(out.index).to_numpy() == 1
            out[col] = np.where(one, first.reindex(out.index).to_numpy(), None)
    out.index.name = "_unit"
    return out.reset_index()
