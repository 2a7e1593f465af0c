"""Regional units: the grouping of the regional comparisons.

A document's unit is the administrative division its ``adcode`` names (:func:`regional_units`);
documents without one are left out of the comparisons by unit and level, and the notebooks say so
(:func:`with_units`, :func:`left_out`, :func:`say_units`): nothing is dropped silently.
"""
from __future__ import annotations

import pandas as pd

from .common import is_missing, require_columns, stamp
from .divisions import NATIONAL_UNIT, canonical_unit
from .prose import plural, say

__all__ = ["regional_units", "with_units", "left_out", "say_units", "UNIT_COLUMNS", "NATIONAL"]

#: the unit of the national CPPCC's documents (全国政协, level ``national``): a group of its own, never
#: counted among the documents whose unit was not found (:data:`cppcc.divisions.NATIONAL_UNIT`)
NATIONAL = NATIONAL_UNIT
UNIT_COLUMNS = ["doc_id", "speaker", "region", "unit", "adcode", "level", "province", "prefecture", "county"]
#: the rule of a document's unit, owned by :func:`cppcc.divisions.canonical_unit` (the loader's ``unit``)
_canonical_unit = canonical_unit


def regional_units(speeches: pd.DataFrame) -> pd.DataFrame:
    """Each document's *resolved* unit, the grouping of the regional comparisons.

    A document's unit is the administrative division its ``adcode`` names, written with the
    canonical names of the division table (province, prefecture, county; a municipality's district
    as 北京市朝阳区), so that two pages naming the same unit differently (临沧市, 云南省临沧市) form one
    group and two units of the same name (朝阳区 of Beijing and of Changchun) never do. The national
    CPPCC's documents (level ``national``) form a group of their own, ``unit`` 全国 (:data:`NATIONAL`),
    apart from the documents whose unit was not found. A document without an ``adcode`` (no unit
    named, an ambiguous or unknown name) has no unit: ``unit`` and ``level`` are None, and the regional
    comparisons leave it out (:func:`with_units`, :func:`left_out`).

    ``unit`` is computed by :func:`cppcc.divisions.canonical_unit`, the rule of the ``unit`` column of
    :func:`cppcc.load_speeches`: on a loaded frame the two agree (a frame whose place columns were
    edited gets the unit of its edited columns).

    Parameters
    ----------
    speeches : DataFrame
        :func:`cppcc.load_speeches` (``doc_id``, ``adcode``, ``level``, ``province``,
        ``prefecture``, ``county``; ``speaker`` and ``region`` when present).

    Returns
    -------
    DataFrame
        :data:`UNIT_COLUMNS`: ``doc_id``, ``speaker``, ``region`` (the unit as the page names it),
        ``unit``, ``adcode``, ``level`` (of the resolved unit), ``province``, ``prefecture``,
        ``county``; one row per document, in order.

    Examples
    --------
    >>> sp = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["临沧市", "朝阳区", "北京市朝阳区"],
    ...                    "adcode": ["530900", None, "110105"], "level": ["prefecture", "county", "county"],
    ...                    "province": ["云南省", None, "北京市"], "prefecture": ["临沧市", None, "北京市"],
    ...                    "county": [None, None, "朝阳区"]})
    >>> regional_units(sp)[["doc_id", "unit", "level"]].values.tolist()
    [['a', '云南省临沧市', 'prefecture'], ['b', None, None], ['c', '北京市朝阳区', 'county']]
    >>> nat = pd.DataFrame({"doc_id": ["n"], "region": ["全国"], "adcode": [None], "level": ["national"],
    ...                     "province": [None], "prefecture": [None], "county": [None]})
    >>> regional_units(nat)[["doc_id", "unit", "level"]].values.tolist()
    [['n', '全国', 'national']]
    >>> import cppcc
    >>> regional_units(cppcc.load_speeches())["unit"].tolist()
    ['云南省临沧市', '河南省', '陕西省', '安徽省蚌埠市蚌山区', '吉林省']
    """
    require_columns(speeches, ["doc_id", "adcode", "level", "province", "prefecture", "county"],
                    "regional_units", "speeches")
    out = speeches.reindex(columns=UNIT_COLUMNS).astype(object).reset_index(drop=True)
    out["unit"] = [canonical_unit(r) for r in out.to_dict("records")]
    out.loc[out["adcode"].map(is_missing) & (out["level"] != "national"), "level"] = None
    return stamp(out.where(out.notna(), None), "regional_units", by="doc_id")


def with_units(frame: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (documents or tokens) whose document has a unit, with its ``unit`` and ``level``.

    ``units`` is :func:`regional_units`; ``frame`` needs ``doc_id``. The result's ``unit`` and
    ``level`` columns are those of ``units`` (``level`` replaces the frame's own), so grouping it by
    either compares resolved units only.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "b"], "unit": ["河南省", None], "level": ["province", None]})
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b"], "token": ["协商", "民主", "协商"]})
    >>> with_units(toks, units).values.tolist()
    [['a', '协商', '河南省', 'province'], ['a', '民主', '河南省', 'province']]
    """
    require_columns(units, ["doc_id", "unit", "level"], "with_units", "units")
    require_columns(frame, ["doc_id"], "with_units", "frame")
    known = units[units["unit"].notna()]
    unit = dict(zip(known["doc_id"].astype(object), known["unit"]))
    level = dict(zip(known["doc_id"].astype(object), known["level"]))
    ids = frame["doc_id"].astype(object)
    keep = ids.isin(list(unit)).to_numpy()
    out = frame.loc[keep].drop(columns=[c for c in ("unit", "level") if c in frame.columns])
    kept = ids[keep]
    return out.assign(unit=kept.map(unit).astype(object).to_numpy(),
                      level=kept.map(level).astype(object).to_numpy()).reset_index(drop=True)


def left_out(units: pd.DataFrame) -> dict:
    """Who has no resolved unit: the values of :func:`say_units`'s sentence.

    Returns
    -------
    dict
        ``documents`` (all), ``missing`` (documents without a unit), ``ids`` (their doc_ids),
        ``named`` (the distinct names the pages give their units, as written, e.g. an ambiguous
        朝阳区; empty where no unit was named), ``units`` (distinct resolved units), ``levels``
        (distinct levels of the resolved units).

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["河南省", "朝阳区", None],
    ...                       "unit": ["河南省", None, None], "level": ["province", None, None]})
    >>> left_out(units)
    {'documents': 3, 'missing': 2, 'ids': ['b', 'c'], 'named': ['朝阳区'], 'units': 1, 'levels': 1}
    >>> import cppcc
    >>> left_out(regional_units(cppcc.load_speeches()))["missing"]
    0
    """
    require_columns(units, ["doc_id", "unit", "level"], "left_out", "units")
    gone = units[units["unit"].isna()]
    named = gone["region"] if "region" in gone.columns else pd.Series([], dtype=object)
    return {"documents": len(units), "missing": len(gone), "ids": [str(d) for d in gone["doc_id"]],
            "named": list(dict.fromkeys(str(r) for r in named if not is_missing(r))),
            "units": int(units["unit"].nunique()), "levels": int(units["level"].nunique())}


def say_units(units: pd.DataFrame, compared: str = "by unit and level") -> None:
    """State how many documents have a resolved unit and which are left out of the regional comparison.

    Always says it, also when no document is left out: documents are never dropped silently.
    ``compared`` names the comparison (``"by unit and level"``, ``"by level"``); with
    ``compared=None`` the documents are said to stay in the rest of the corpus (a profile of one
    speech compares it with every other document).

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c"], "region": ["河南省", "朝阳区", None],
    ...                       "unit": ["河南省", None, None], "level": ["province", None, None]})
    >>> say_units(units)
    **2 of the 3 documents** have no resolved unit (no adcode; the name as written: 朝阳区) and are
    left out of the comparison by unit and level: b and c.
    >>> say_units(units.iloc[:1], compared="by level")
    The corpus's only document has a resolved unit (an adcode of the division table): none is left
    out of the comparison by level.
    >>> say_units(units.iloc[1:2], compared=None)
    The corpus's only document has no resolved unit (no adcode; the name as written: 朝阳区); it still
    counts among the other documents here.
    """
    v = left_out(units)
    n, k = v["documents"], v["missing"]
    scope = f"left out of the comparison {compared}" if compared else ""
    if k == 0:
        who = ("The corpus's only document has" if n == 1 else
               f"All {plural(n, 'document')} have" if n else "The corpus has no documents, so none has")
        rest = f": none is {scope}" if compared else ""
        say(f"{who} a resolved unit (an adcode of the division table){rest}.")
        return
    have, are = ("has", "is") if k == 1 else ("have", "are")
    named = (f"; the {'name' if len(v['named']) == 1 else 'names'} as written: {{named}}" if v["named"] else
             "; no unit named")
    tail = (f" and {are} {scope}: {{ids}}." if compared else
            f"; {'it still counts' if k == 1 else 'they still count'} among the other documents here.")
    who = ("The corpus's only document" if n == 1 else f"**All {plural(n, 'document')}**" if k == n else
           f"**{k} of the {plural(n, 'document')}**")
    say(f"{who} {have} no resolved unit (no adcode{named}){tail}", named=v["named"], ids=v["ids"])
