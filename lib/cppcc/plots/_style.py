"""Fonts, palettes, the shared figure style and :func:`save` for :mod:`cppcc.plots`."""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Callable

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from ..common import project_root, require_columns

__all__ = [
    "FontNotFoundError", "setup_fonts", "session_rc", "font_family", "style", "plot_context",
    "region_palette", "level_palette", "community_palette", "LEVEL_LABELS", "speech_labels", "save",
]

#: CJK families tried on the system, best first (single-face OTF/TTF preferred over TTC).
SYSTEM_FONT_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "Noto Sans CJK JP", "Source Han Sans", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "Microsoft YaHei", "SimHei", "DengXian", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "Droid Sans Fallback", "AR PL UMing CN", "Arial Unicode MS",
)
#: Well-known file locations, for systems whose font cache missed them.
SYSTEM_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    r"C:\Windows\Fonts\msyh.ttc",
    r"C:\Windows\Fonts\simhei.ttf",
    r"C:\Windows\Fonts\Deng.ttf",
)
_HELP = (
    "No font with Chinese glyphs was found for matplotlib and wordcloud. Install one of: "
    "`pip install mplfonts` (ships Noto Sans CJK SC; a declared dependency of cppcc), "
    "`apt install fonts-noto-cjk` (Debian/Ubuntu), `brew install --cask font-noto-sans-cjk` (macOS); "
    "or set the environment variable CPPCC_FONT to the path of a .otf/.ttf/.ttc font file with CJK glyphs."
)


class FontNotFoundError(RuntimeError):
    """Raised when no CJK font can be found; the message says what to install."""


def _mplfonts_font() -> str | None:
    # locate the package without importing it: importing mplfonts is harmless, but its helpers
    # rewrite the user's matplotlibrc, which we never want to trigger
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        p = Path(root) / "fonts" / "NotoSansCJKsc-Regular.otf"
        if p.is_file():
            return str(p)
    return None


def _system_font() -> str | None:
    """The first installed CJK font by family preference (single-face files before TTC), with CJK glyphs."""
    entries = font_manager.fontManager.ttflist
    for family in SYSTEM_FONT_FAMILIES:
        hits = sorted({e.fname for e in entries if e.name == family},
                      key=lambda f: (f.lower().endswith(".ttc"), "bold" in f.lower(), f))
        for f in hits:
            if _has_cjk(f):
                return f
    for f in SYSTEM_FONT_FILES:
        if os.path.isfile(f) and _has_cjk(f):
            return f
    return None


def _has_cjk(path: str) -> bool:
    try:
        cmap = font_manager.get_font(path).get_charmap()
    except Exception:  # unreadable or not a font
        return False
    return all(ord(c) in cmap for c in "政协协商")


@functools.cache
def _register(path: str) -> str:
    """Register one font file with matplotlib (the one unavoidable global step); return its family."""
    if not os.path.isfile(path):
        raise FontNotFoundError(f"CPPCC_FONT points to {path!r}, which is not a file. " + _HELP)
    if not _has_cjk(path):
        raise FontNotFoundError(f"The font {path!r} has no Chinese glyphs (checked 政协协商). " + _HELP)
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


@functools.lru_cache(maxsize=1)
def _default_font() -> str:
    for finder in (_mplfonts_font, _system_font):
        path = finder()
        if path and _has_cjk(path):
            return path
    raise FontNotFoundError(_HELP)


def _font_path() -> str:
    """Find and register the CJK font (no rcParams change); the library's figures use this."""
    env = os.environ.get("CPPCC_FONT")
    path = str(Path(env).expanduser().resolve()) if env else _default_font()
    _register(path)
    return path


def session_rc() -> dict[str, Any]:
    """The rcParams :func:`setup_fonts` makes the session's defaults: the CJK stack and the minus sign.

    ``font.family`` becomes the generic ``sans-serif`` and ``font.sans-serif`` starts with the CJK
    family, then DejaVu Sans, then the families it held before; matplotlib (≥ 3.6) takes each glyph
    from the first family that has it. A style that sets ``font.family: sans-serif`` keeps CJK.

    Examples
    --------
    >>> rc = session_rc()
    >>> rc["font.family"], rc["font.sans-serif"][:2], rc["axes.unicode_minus"]
    (['sans-serif'], ['Noto Sans CJK SC', 'DejaVu Sans'], True)
    """
    stack = font_family()
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f not in stack]
    return {"font.family": ["sans-serif"], "font.sans-serif": stack + rest, "axes.unicode_minus": True}


def setup_fonts(session: bool = True) -> str:
    """Find a CJK font, register it, make it matplotlib's default for the session; return its path.

    The font is chosen in this order: the file named by the environment variable ``CPPCC_FONT``;
    Noto Sans CJK SC shipped by the ``mplfonts`` package (a declared dependency; located without
    running its global set-up); a CJK font installed on the system (Noto Sans CJK, Source Han Sans,
    PingFang, Hiragino, Microsoft YaHei, SimHei, WenQuanYi …). The font is registered with
    ``matplotlib.font_manager.fontManager.addfont``.

    With ``session=True`` (the default) the session's matplotlib defaults (``rcParams``) are also
    switched to the CJK font stack with per-glyph fallback and a working minus sign
    (:func:`session_rc`), so that your own next ``plt.bar(["河南省", "陕西省"], [1, 2])`` or
    ``df.plot.bar()`` draws Chinese without a "Glyph … missing" warning. This is the one call that
    changes global settings, and only when you make it: the library's own figures never call it;
    they find the font themselves and draw inside their local style context (:func:`plot_context`),
    whatever the session's defaults. Undo with ``matplotlib.rcdefaults()``, or call it inside
    ``with matplotlib.rc_context():`` to keep the change local.

    Parameters
    ----------
    session : bool, default True
        Also apply :func:`session_rc` to ``matplotlib.rcParams``; ``False`` only finds and registers
        the font (for wordcloud's ``font_path``, say).

    Returns
    -------
    str
        Absolute path of the font file.

    Raises
    ------
    FontNotFoundError
        When no font with Chinese glyphs is found; the message says what to install.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():  # keep the doctest from changing this session
    ...     path = setup_fonts()
    ...     matplotlib.rcParams["font.sans-serif"][0]
    'Noto Sans CJK SC'
    >>> font_family()[0]
    'Noto Sans CJK SC'
    """
    path = _font_path()
    if session:
        matplotlib.rcParams.update(session_rc())
    return path


def font_family() -> list[str]:
    """The per-glyph fallback list used by every figure: the CJK family, then DejaVu Sans.

    matplotlib (≥ 3.6) takes each glyph from the first family that has it, so Latin letters,
    digits and the minus sign (U+2212) render even with a CJK font lacking them.

    Examples
    --------
    >>> font_family()[-1]
    'DejaVu Sans'
    """
    return [_register(_font_path()), "DejaVu Sans"]


def style() -> dict[str, Any]:
    """The rcParams shared by every figure (fonts, sizes, deterministic SVG ids).

    Examples
    --------
    >>> style()["svg.hashsalt"]
    'cppcc'
    """
    return {
        "font.family": font_family(),
        "axes.unicode_minus": True,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "figure.titlesize": 13,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "svg.fonttype": "path",
        "svg.hashsalt": "cppcc",
        "image.interpolation": "nearest",
    }


@contextlib.contextmanager
def plot_context():
    """Context manager applying :func:`style` with ``matplotlib.rc_context`` (fonts registered first).

    Use it for a figure of your own in the project's style; global rcParams are restored on exit.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with plot_context():
    ...     fig, ax = plt.subplots()
    ...     _ = ax.set_title("政协委员")
    >>> ax.title.get_fontfamily()[0]
    'Noto Sans CJK SC'
    """
    with matplotlib.rc_context(style()):
        yield


F = TypeVar("F", bound=Callable[..., Figure])


def styled(func: F) -> F:
    """Decorator: run a plot function inside :func:`plot_context`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with plot_context():
            return func(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


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
#: Communities of a network (groups of words, not places): a family of their own, the ten colours of
#: middle lightness and chroma farthest (CIELAB) from every unit, level, grey and fill colour and from
#: each other (``_farthest(10, _RESERVED)``): each is at least 28 units from all of them.
COMMUNITY = (
    "#78D868", "#9088F8", "#B82028", "#F85098", "#D0B8F8", "#F890F8", "#98C888", "#705898", "#509000",
    "#F88060",
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

    :data:`COMMUNITY` (ten colours picked far from every unit and level colour), then spare colours
    that no unit ever takes: a community is never drawn in a region's or a level's colour, whatever the
    numbers of regions and communities.

    Examples
    --------
    >>> community_palette(3)
    ['#78D868', '#9088F8', '#B82028']
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


# ---------------------------------------------------------------- saving
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def _default_directory() -> Path:
    env = os.environ.get("CPPCC_FIGURES")
    if env:
        return Path(env)
    root = project_root()
    return (root if root is not None else Path.cwd()) / "figures"


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
        Output directory (created if needed). Default: ``$CPPCC_FIGURES`` if set, else the project's
        ``figures/`` directory (for an editable install), else ``./figures``.

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
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png, svg
