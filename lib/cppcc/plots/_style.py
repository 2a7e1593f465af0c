"""Group order, colours and names of :mod:`cppcc.plots`, the figures' shared helpers and :func:`save`.

The one home of the rules every figure shares: which colour a region, a level or a community
takes (:func:`region_palette`, :func:`level_palette`, :func:`community_palette`), in which order
groups are drawn and how they are named (:func:`group_styles`), and how a figure is written
(:func:`save`). The font and the rcParams live in :mod:`cppcc.plots._fonts` (re-exported here).
"""
from __future__ import annotations

import functools
import os
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.figure import Figure

from ..common import require_columns
from ._fonts import (  # noqa: F401  (re-exported: the font helpers' historical home)
    SYSTEM_FONT_FAMILIES, SYSTEM_FONT_FILES, FontNotFoundError, _font_path, font_family, plot_context,
    session_rc, setup_fonts, style, styled,
)

__all__ = [
    "FontNotFoundError", "setup_fonts", "session_rc", "font_family", "style", "plot_context",
    "region_palette", "level_palette", "community_palette", "LEVEL_LABELS", "speech_labels", "save",
]

# ---------------------------------------------------------------- palettes
# One palette per meaning, no colour in two: units (speakers' regions) take OKABE_ITO then TOL_MUTED
# then spare colours; levels a brown ramp; communities of a network COMMUNITY then spare colours;
# grey is "unknown" and the two light fills are the kinds of difference of an aligned pair.
#: Okabe & Ito (2008) colour-blind-safe colours, ordered for contrast on white (yellow last).
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
#: Extra colours (Paul Tol's "muted") once more than eight groups are shown.
TOL_MUTED = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)
#: Unknown or unassigned values (a speech without a region, a word in no community).
GREY = "#9A9A9A"
#: Counts of the whole corpus, not of a group (the explorer's bars without a grouping, a positive
#: association): a dark neutral no group colour uses; a negative association takes ``NEGATIVE``.
NEUTRAL = "#4D4D4D"
NEGATIVE = "#CFCFCF"
#: The two kinds of difference of :func:`cppcc.plots.reuse_alignment` (light vermilion, light blue).
DIFF_FILLS = ("#F4C7A8", "#B3D4EC")
#: The three administrative levels: one brown ramp (province darkest), a hue no region colour uses
#: (each level is at least 30 CIELAB units from every colour of :data:`OKABE_ITO`, :data:`TOL_MUTED`
#: and the grey of unknown values), so a level is never mistaken for a speaker's unit.
_LEVELS = {"province": "#4A2C14", "prefecture": "#8C5A2B", "county": "#B8865A"}
LEVEL_LABELS = {"province": "省级 province", "prefecture": "地级 prefecture", "county": "县级 county"}
#: Communities of a network (groups of words, not places): a qualitative family of their own, told apart
#: by the perceptual colour difference CIEDE2000 (:func:`_delta_e2000`; the Euclidean CIELAB distance
#: overstates differences among saturated pinks and greens, which left near-identical pairs). Chosen
#: once among the middle-lightness candidates (:func:`_candidates`) at least 12 CIEDE2000 units from
#: every unit, level, grey and fill colour: the ten whose smallest pairwise difference is largest
#: (farthest-point selection improved by swaps), ordered so that every prefix is spread out. Any two
#: are at least 26 units apart (the first seven at least 29; 1 unit is a just-noticeable difference).
COMMUNITY = (
    "#6050B0", "#A0D048", "#F8A088", "#00D8E8", "#486800", "#B04000", "#F0B0F8", "#0090F0", "#C81068",
    "#A88018",
)
_RESERVED = (*OKABE_ITO, *TOL_MUTED, *_LEVELS.values(), GREY, *DIFF_FILLS)


def _lab(colours: Iterable[str]) -> np.ndarray:
    """CIELAB (D65) coordinates of sRGB colours, one row per colour."""
    from matplotlib.colors import to_rgb

    c = np.array([to_rgb(h) for h in colours], dtype=float).reshape(-1, 3)
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = c @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def _delta_e2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour differences between the rows of two CIELAB arrays (n × 3, m × 3) → n × m.

    Examples
    --------
    >>> a, b = np.array([[50, 2.6772, -79.7751]]), np.array([[50, 0, -82.7485]])
    >>> round(float(_delta_e2000(a, b)[0, 0]), 4)  # Sharma, Wu & Dalal (2005), pair 1
    2.0425
    """
    L1, a1, b1 = (lab1[:, i][:, None] for i in range(3))
    L2, a2, b2 = (lab2[:, i][None, :] for i in range(3))
    cbar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(cbar**7 / (cbar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    zero = c1p * c2p == 0
    dh = h2p - h1p
    dh = np.where(zero, 0.0, np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh)))
    d_l, d_c = L2 - L1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    lbar, cbarp, hsum = (L1 + L2) / 2, (c1p + c2p) / 2, h1p + h2p
    hbar = np.where(np.abs(h1p - h2p) > 180, np.where(hsum < 360, hsum + 360, hsum - 360), hsum) / 2
    hbar = np.where(zero, hsum, hbar)
    t = (1 - 0.17 * np.cos(np.radians(hbar - 30)) + 0.24 * np.cos(np.radians(2 * hbar))
         + 0.32 * np.cos(np.radians(3 * hbar + 6)) - 0.20 * np.cos(np.radians(4 * hbar - 63)))
    rc = 2 * np.sqrt(cbarp**7 / (cbarp**7 + 25.0**7))
    rt = -np.sin(np.radians(60 * np.exp(-(((hbar - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (lbar - 50) ** 2 / np.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    return np.sqrt((d_l / sl) ** 2 + (d_c / sc) ** 2 + (d_h / sh) ** 2 + rt * (d_c / sc) * (d_h / sh))


@functools.cache
def _candidates() -> tuple[tuple[str, ...], np.ndarray]:
    """sRGB colours on a grid of step 8 with CIELAB lightness 40–80 and chroma 35–70 (readable on white)."""
    steps = np.arange(0, 256, 8)
    rgb = np.stack(np.meshgrid(steps, steps, steps, indexing="ij"), axis=-1).reshape(-1, 3)
    names = ["#{:02X}{:02X}{:02X}".format(*map(int, x)) for x in rgb]
    lab = _lab(names)
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    keep = (lab[:, 0] >= 40) & (lab[:, 0] <= 80) & (chroma >= 35) & (chroma <= 70)
    return tuple(n for n, k in zip(names, keep) if k), lab[keep]


@functools.cache
def _farthest(n: int, taken: tuple[str, ...]) -> tuple[str, ...]:
    """``n`` candidate colours picked one by one, each the farthest from ``taken`` and the ones before.

    Deterministic (the first of equal candidates wins) and prefix-stable: the first ``k`` of
    ``_farthest(n, taken)`` are ``_farthest(k, taken)``. Stops early when the candidates run out.
    """
    names, lab = _candidates()
    dist = np.min(np.linalg.norm(lab[:, None, :] - _lab(taken)[None, :, :], axis=2), axis=1)
    out: list[str] = []
    while len(out) < n and dist.max() > 0:
        j = int(np.argmax(dist))
        out.append(names[j])
        dist = np.minimum(dist, np.linalg.norm(lab - lab[j], axis=1))
    return tuple(out)


def _spare(n: int, which: int) -> tuple[str, ...]:
    """``n`` spare colours beyond the fixed palettes: even picks go to units (0), odd to communities (1)."""
    size = 64
    while size < 2 * n + 2:
        size *= 2
    picks = _farthest(size, (*_RESERVED, *COMMUNITY))
    return picks[which::2][:n]


def _extend(base: tuple[str, ...], n: int, which: int) -> list[str]:
    colours = list(base[:n])
    if n > len(base):
        colours += _spare(n - len(base), which)
    if len(colours) < n:  # thousands of groups: the candidates ran out, so colours repeat
        colours = [colours[i % len(colours)] for i in range(n)]
    return colours


def _ordered_groups(speeches: pd.DataFrame | Iterable[str], column: str) -> list[str]:
    if isinstance(speeches, pd.DataFrame):
        require(speeches, [column], "speeches")
        frame = speeches.sort_values("doc_id", kind="stable") if "doc_id" in speeches else speeches
        values = frame[column].tolist()
    elif isinstance(speeches, (str, bytes)):
        raise TypeError("region_palette expects a DataFrame or an iterable of group names, not a string")
    else:
        values = list(speeches)
    seen: dict[str, None] = {}
    for v in values:
        if v is not None and not (isinstance(v, float) and pd.isna(v)):
            seen.setdefault(str(v), None)
    return list(seen)


def region_palette(speeches: pd.DataFrame | Iterable[str], column: str = "region") -> dict[str, str]:
    """One colour per region (or any grouping column), the same in every figure.

    Colours follow the order in which groups first appear when the speeches are sorted by
    ``doc_id`` (page order), so adding a page never recolours the regions already shown.
    The first eight are the colour-blind-safe Okabe–Ito colours; more groups continue with Paul
    Tol's muted scheme and then with spare colours, each picked as far (CIELAB) as possible from every
    colour used before it and from the level, community, grey and fill colours, so no unit shares a
    colour with another unit or with another meaning (up to a few thousand groups).

    Parameters
    ----------
    speeches : DataFrame or iterable of str
        The speeches (with ``doc_id`` and ``column``) or the group names in order.
    column : str, default "region"
        Grouping column.

    Returns
    -------
    dict
        Group name → hex colour.

    Examples
    --------
    >>> region_palette(["云南省临沧市", "河南省"])
    {'云南省临沧市': '#0072B2', '河南省': '#D55E00'}
    """
    groups = _ordered_groups(speeches, column)
    return dict(zip(groups, _extend(OKABE_ITO + TOL_MUTED, len(groups), 0)))


def level_palette() -> dict[str, str]:
    """Colours of the administrative levels (``province``, ``prefecture``, ``county``).

    An ordinal brown ramp, darkest for the province; no colour of :func:`region_palette` (speakers'
    units) is used, so each meaning keeps its own colours across figures.

    Examples
    --------
    >>> sorted(level_palette())
    ['county', 'prefecture', 'province']
    """
    return dict(_LEVELS)


def community_palette(n: int) -> list[str]:
    """``n`` colours for the communities of a network (community 1 first).

    :data:`COMMUNITY` (ten qualitative colours, any two at least 26 CIEDE2000 units apart and 12 from
    every unit and level colour), then spare colours
    that no unit ever takes: a community is never drawn in a region's or a level's colour, whatever the
    numbers of regions and communities.

    Examples
    --------
    >>> community_palette(3)
    ['#6050B0', '#A0D048', '#F8A088']
    >>> set(community_palette(40)) & set(region_palette([f"r{i}" for i in range(40)]))
    set()
    """
    if n < 0:
        raise ValueError(f"community_palette: n must be >= 0, got {n}")
    return _extend(COMMUNITY, n, 1)


# ---------------------------------------------------------------- helpers
def require(frame: Any, columns: Iterable[str], name: str, func: str = "plots") -> pd.DataFrame:
    """Check ``frame`` with :func:`cppcc.common.require_columns` (TypeError / ColumnError); return it."""
    require_columns(frame, list(columns), func, name)
    return frame


def _present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and str(v).strip() != ""


def unit_name(row: Mapping[str, Any]) -> str | None:
    """The most specific administrative unit of a speech row (county, prefecture, province, region)."""
    for col in ("county", "prefecture", "province", "region"):
        v = row.get(col)
        if _present(v):
            return str(v)
    return None


def speech_labels(speeches: pd.DataFrame) -> dict[str, str]:
    """Short labels ``"speaker · unit"`` for each ``doc_id`` (e.g. ``"李银峰 · 临沧市"``).

    Falls back to the doc_id when neither speaker nor unit is known; labels are made unique.

    Examples
    --------
    >>> speech_labels(pd.DataFrame({"doc_id": ["a-01"], "speaker": ["刘伟"], "province": ["河南省"]}))
    {'a-01': '刘伟 · 河南省'}
    """
    require(speeches, ["doc_id"], "speeches")
    out: dict[str, str] = {}
    used: set[str] = set()
    for row in speeches.to_dict("records"):
        parts = [str(row["speaker"])] if _present(row.get("speaker")) else []
        unit = unit_name(row)
        if unit:
            parts.append(unit)
        label = " · ".join(parts) or str(row["doc_id"])
        if label in used:
            label = f"{label} ({row['doc_id']})"
        used.add(label)
        out[str(row["doc_id"])] = label
    return out


# ---------------------------------------------------------------- groups: order, colours, names
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
#: Shortest term a figure of terms draws: single characters (出, 街, 事, 万) are function words, measure
#: words and halves of paired forms that no stop list catches, fragments rather than terms.
MIN_CHARS = 2


def _content_terms(terms: pd.Series, min_chars: int = MIN_CHARS) -> pd.Series:
    """The figures' one word rule: ``min_chars`` characters or more, holding a letter or an ideograph.

    Examples
    --------
    >>> _content_terms(pd.Series(["协商", "出", "20", "政协委员"])).tolist()
    [True, False, False, True]
    """
    t = terms.astype(str)
    return t.str.contains(_WORDLIKE) & (t.str.len() >= min_chars)
_NO_DATA = "无数据 no data"
UNKNOWN = "未知 unknown"

def _sorted_speeches(speeches: pd.DataFrame | None) -> pd.DataFrame | None:
    if speeches is None:
        return None
    require(speeches, ["doc_id"], "speeches")
    return speeches.assign(doc_id=speeches["doc_id"].astype(str)).sort_values("doc_id", kind="stable")


def _with_meta(frame: pd.DataFrame, speeches: pd.DataFrame | None, columns: Sequence[str],
               name: str) -> pd.DataFrame:
    """Add metadata columns from ``speeches`` (joined on doc_id) when ``frame`` lacks them."""
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return frame
    if speeches is None:
        raise ValueError(f"{name} lacks column(s) {missing}; pass speeches= (with doc_id and {missing}) "
                         "to join them on doc_id")
    require(speeches, ["doc_id", *missing], "speeches")
    meta = speeches[["doc_id", *missing]].drop_duplicates("doc_id")
    meta = meta.assign(doc_id=meta["doc_id"].astype(str))
    out = frame.assign(doc_id=frame["doc_id"].astype(str)).merge(meta, on="doc_id", how="left")
    lost = sorted(set(out["doc_id"]) - set(meta["doc_id"]))
    if lost:
        raise ValueError(f"{name}: doc_id(s) {lost[:5]} not found in speeches")
    return out


def _group_values(values: pd.Series) -> pd.Series:
    """Group labels as strings; missing values (a page without a speaker header) become "未知 unknown"."""
    return values.astype(object).where(values.notna(), UNKNOWN).astype(str)


def _empty(fig: Figure, ax, title: str) -> Figure:
    ax.text(0.5, 0.5, _NO_DATA, ha="center", va="center", transform=ax.transAxes, color=GREY)
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def _doc_colours(speeches: pd.DataFrame | None, docs: Sequence[str]) -> dict[str, str]:
    """Colour of each doc: its region's colour when speeches give regions, else a palette over docs."""
    if speeches is not None and "region" in speeches:
        pal = region_palette(speeches)
        reg = dict(zip(speeches["doc_id"].astype(str), speeches["region"]))
        return {d: pal.get(str(reg.get(d)), GREY) for d in docs}
    return region_palette(list(docs))


def _labels_for(speeches: pd.DataFrame | None, docs: Sequence[str]) -> dict[str, str]:
    labels = speech_labels(speeches) if speeches is not None else {}
    return {d: labels.get(d, d) for d in docs}


def _wrap(s: str, width: int) -> str:
    return "\n".join(textwrap.wrap(s, width)) if s else s


def _text_inches(text: str, size: float = 8.0) -> float:
    """Rough width of a label in inches (CJK characters ≈ 1 em, others ≈ 0.55 em): sizes figures."""
    em = size / 72
    return sum(em if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 0.6 * em for ch in text)


def _plain_log_ticks(axis) -> None:
    """Plain numbers (1, 10, 1,000) instead of mathtext powers on a log axis: readable, cheaper to draw."""
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1 else f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def _count_axis(axis) -> None:
    """Integer ticks written as integers (3, 1,000; never 3.0) on an axis of counts."""
    axis.set_major_locator(ticker.MaxNLocator(integer=True))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{int(round(v)):,}"))


def _gloss_map(glossary: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str]:
    if glossary is None:
        return {}
    if isinstance(glossary, Mapping):
        return {str(k): str(v) for k, v in glossary.items()}
    require(glossary, ["term", "gloss_en"], "glossary")
    g = glossary.dropna(subset=["term", "gloss_en"]).drop_duplicates("term")
    return dict(zip(g["term"].astype(str), g["gloss_en"].astype(str)))


def _attr_by(frame: pd.DataFrame) -> str | None:
    """The grouping column a result records in ``attrs["by"]`` (a name or a one-item list), if present."""
    by = frame.attrs.get("by")
    if isinstance(by, (list, tuple)) and len(by) == 1:
        by = by[0]
    return by if isinstance(by, str) and by in frame.columns else None


def _by_column(distinct: pd.DataFrame, by: str | None, func: str = "plots") -> str:
    """``by``, else the result's ``attrs["by"]`` (set by :func:`cppcc.common.stamp`); never guessed.

    Examples
    --------
    >>> _by_column(pd.DataFrame({"region": ["甲"], "term": ["协商"]}), None, "distinctive_bars")
    Traceback (most recent call last):
    ...
    ValueError: distinctive_bars: distinct has no attrs['by'] (set by cppcc.distinctive_terms); pass by=
    """
    if by is not None:
        require(distinct, [by], "distinct", func)
        return by
    recorded = _attr_by(distinct)
    if recorded is None:
        raise ValueError(f"{func}: distinct has no attrs['by'] (set by cppcc.distinctive_terms); pass by=")
    return recorded


def _group_styles(
    present: Sequence[str], by: str, speeches: pd.DataFrame | None
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Order, colour and display name of the groups of a ``by`` column, the same in every figure.

    Regions (and any other speech column) take :func:`region_palette` in page order; levels the level
    palette (province, prefecture, county) with bilingual names; doc_ids their speech's region
    colour and a ``speaker · unit`` label.
    """
    present = list(dict.fromkeys(str(g) for g in present))
    if by == "level":
        order = [lv for lv in ("province", "prefecture", "county") if lv in present]
        groups = order + [g for g in present if g not in order]
        lp = level_palette()
        return groups, {g: lp.get(g, GREY) for g in groups}, {g: LEVEL_LABELS.get(g, g) for g in groups}
    if speeches is not None and by in speeches:
        pal = region_palette(speeches, by)
        groups = [g for g in pal if g in set(present)] + [g for g in present if g not in pal]
        if by == "doc_id":
            return groups, _doc_colours(speeches, groups), _labels_for(speeches, groups)
        return groups, {g: pal.get(g, GREY) for g in groups}, {g: g for g in groups}
    return present, region_palette(present), {g: g for g in present}


def _groups_and_colours(
    distinct: pd.DataFrame, by: str, speeches: pd.DataFrame | None, groups: Iterable[str] | None
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    present, colours, names = _group_styles(distinct[by].astype(str).tolist(), by, speeches)
    if groups is not None:
        wanted = [str(g) for g in groups]
        unknown = [g for g in wanted if g not in set(present)]
        if unknown:
            raise ValueError(f"group(s) {unknown} not in distinct[{by!r}]; available: {present}")
        present = wanted
    return present, colours, names


# ---------------------------------------------------------------- saving
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def _default_directory() -> Path:
    """``$CPPCC_FIGURES`` if set, else ``figures/`` in the working directory (never the checkout's)."""
    env = os.environ.get("CPPCC_FIGURES")
    return Path(env) if env else Path.cwd() / "figures"


def save(fig: Figure, name: str, directory: str | os.PathLike | None = None) -> tuple[Path, Path]:
    """Write ``<directory>/<name>.png`` (200 dpi) and ``<name>.svg`` with deterministic metadata.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write.
    name : str
        File stem: letters, digits, ``_``, ``-`` and ``.``, starting with a letter or digit, no
        extension (``"02_mechanism_heatmap"``). Stable names keep the report's links stable.
    directory : path, optional
        Output directory (created if needed). Default: the folder named by the environment variable
        ``CPPCC_FIGURES`` if set, else ``figures/`` in the current working directory (a script run
        from another folder writes there, never into the cppcc checkout).

    Returns
    -------
    tuple of Path
        The PNG and SVG paths.

    Notes
    -----
    No timestamps or version strings are written (PNG ``Software`` and SVG ``Date`` are removed and
    SVG ids are salted with a constant), so re-rendering the same figure on the same machine gives
    byte-identical files.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig = plt.figure()
    >>> png, svg = save(fig, "example", tempfile.mkdtemp())
    >>> png.name, svg.name
    ('example.png', 'example.svg')
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"save expects a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(name, str) or not _NAME.match(name) or name.lower().endswith((".png", ".svg")):
        raise ValueError(
            f"invalid figure name {name!r}: use letters, digits, '_', '-', '.', no extension "
            "and no directory (e.g. '02_mechanism_heatmap')"
        )
    out = Path(directory) if directory is not None else _default_directory()
    out.mkdir(parents=True, exist_ok=True)
    png, svg = out / f"{name}.png", out / f"{name}.svg"
    with plot_context():
        fig.savefig(png, format="png", dpi=200, metadata={"Software": None})
        # the PNG's draw has laid the figure out (constrained layout): the SVG keeps that layout
        # instead of computing it once more, the engine is put back for the next draw
        engine = fig.get_layout_engine()
        if engine is not None:
            fig.set_layout_engine("none")
        try:
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            if engine is not None:
                fig.set_layout_engine(engine)
    return png, svg
