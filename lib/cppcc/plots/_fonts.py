"""The CJK font of :mod:`cppcc.plots`: finding and registering it, the shared rcParams, ``styled``."""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Callable

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

__all__ = ["FontNotFoundError", "setup_fonts", "session_rc", "font_family", "style", "plot_context", "styled"]

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
