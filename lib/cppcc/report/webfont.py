"""The report's CJK web font: the figures' CJK font cut to the characters of the site's pages and
linked from each page (:func:`embed_webfont`), so a reader without a CJK font sees no boxes and
nothing is fetched from the network."""
from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["embed_webfont", "page_characters", "subset_font", "WebFont", "WEBFONT_FAMILY", "WEBFONT_PATH",
           "LOCAL_FACES", "FONT_STACK", "MONO_STACK", "CJK_RANGES"]

#: reader's own CJK font (``local()``: Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft
#: YaHei, Hiragino Sans GB) and else the embedded subset, for the characters of the site only
#: (``unicode-range``), so Latin text keeps the system's UI font.
WEBFONT_FAMILY = "cppcc CJK"
#: full and PostScript names of common CJK fonts, the ``local()`` sources tried before the subset
LOCAL_FACES = ("Noto Sans CJK SC", "Noto Sans CJK SC Regular", "NotoSansCJKsc-Regular", "Source Han Sans SC",
               "Source Han Sans SC Regular", "SourceHanSansSC-Regular", "PingFang SC", "PingFangSC-Regular",
               "Microsoft YaHei", "MicrosoftYaHei", "Hiragino Sans GB W3", "HiraginoSansGB-W3")
#: the CJK families named by the stacks, for a site built without a subset
LOCAL_CJK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
             '"Microsoft YaHei", "WenQuanYi Micro Hei"')
#: The site's font stacks. The subset's family comes first: on a system without any CJK font, Chromium
#: drew the Chinese characters as boxes in the first installed family of the list (system-ui, DejaVu
#: Sans Mono) instead of reaching a web font named after it (tests/test_webfont.py);
#: ``unicode-range`` keeps the family to the Chinese characters.
FONT_STACK = f'"{WEBFONT_FAMILY}", -apple-system, "Segoe UI", system-ui, {LOCAL_CJK}, sans-serif'
MONO_STACK = f'"{WEBFONT_FAMILY}", menlo, consolas, "DejaVu Sans Mono", {LOCAL_CJK}, monospace'
#: where :func:`embed_webfont` writes the subset, relative to the site's folder
WEBFONT_PATH = "assets/cjk-subset.woff2"

_U_ESCAPE = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})", re.I)


def _unescape_json(text: str) -> str:
    def one(m: re.Match) -> str:
        if m.group(3):
            return chr(int(m.group(3), 16))
        hi, lo = int(m.group(1), 16), int(m.group(2), 16)
        return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    return _U_ESCAPE.sub(one, text)


#: Unicode blocks of Chinese text that a reader's Latin fonts lack: CJK radicals, punctuation, kana and
#: bopomofo, enclosed and compatibility CJK, the unified ideographs (with extensions), compatibility
#: ideographs and forms, full-width forms, and the enclosed numbers (①) of Chinese lists
CJK_RANGES = ((0x2460, 0x24FF), (0x2E80, 0x2FFF), (0x3000, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))


def _is_cjk(c: str) -> bool:
    return any(a <= ord(c) <= b for a, b in CJK_RANGES)


def page_characters(pages: Iterable[str]) -> set[str]:
    """The CJK characters of HTML pages (blocks :data:`CJK_RANGES`), the ones a web font must cover.

    Characters count as written, as HTML entities (``&#21327;``) and as JSON escapes (``\\u59d4``,
    the form of itables' table data), in text, attributes and scripts alike; Latin letters and
    punctuation (é, “ ”, —) are left to the reader's own fonts.

    Examples
    --------
    >>> pages = ['<p>政&#21327;“café”：</p>', '<script>{"t": "\\u59d4\\u5458"}</script>']
    >>> "".join(sorted(page_characters(pages)))
    '协员委政：'
    """
    chars: set[str] = set()
    for page in pages:
        chars |= set(_unescape_json(html.unescape(page)))
    return {c for c in chars if _is_cjk(c)}


@dataclass
class WebFont:
    """The CJK subset written by :func:`embed_webfont`."""

    path: Path
    source: str  # the font file it was cut from
    characters: int  # characters it covers
    missing: str  # characters of the pages the source font lacks (shown by the reader's fallback)
    size: int  # bytes

    def __str__(self) -> str:
        lost = f"; {len(self.missing)} not in the font" if self.missing else ""
        return (f"CJK web font: {self.characters:,} characters of {Path(self.source).name} -> "
                f"{self.path} ({self.size / 1024:,.0f} KB){lost}")


def _cjk_font() -> str | None:
    """The CJK font file the figures use (:func:`cppcc.plots.setup_fonts`), None when there is none."""
    from ..plots import FontNotFoundError, setup_fonts

    try:
        return setup_fonts(session=False)
    except FontNotFoundError:
        return None


def _open_font(source: str | Path):
    """A ``TTFont`` of ``source``; of a collection (.ttc), its Simplified Chinese face or first CJK one."""
    from fontTools.ttLib import TTCollection, TTFont

    if str(source).lower().endswith((".ttc", ".otc")):
        faces = TTCollection(str(source)).fonts
        cjk = [i for i, f in enumerate(faces) if ord("政") in f.getBestCmap()]
        sc = [i for i in cjk if re.search(r"\bSC\b|\bCN\b|GB", faces[i]["name"].getDebugName(1) or "")]
        index = (sc or cjk or [0])[0]
        return TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    return TTFont(str(source), recalcTimestamp=False)


def subset_font(chars: Iterable[str], source: str | Path, dest: str | Path) -> tuple[set[str], str]:
    """Write the glyphs of ``chars`` from the font ``source`` to ``dest`` as WOFF2.

    Only the glyphs of the characters are kept (no OpenType layout features, no hinting), with the
    font's copyright and licence names; the file is the same on every run (no timestamp).
    Returns the characters covered and those the font lacks.
    """
    from fontTools import subset

    font = _open_font(source)
    cmap = font.getBestCmap()
    wanted = sorted(set(chars))
    covered = {c for c in wanted if ord(c) in cmap}
    options = subset.Options(layout_features=[], hinting=False, desubroutinize=True,
                             name_IDs=[0, 1, 2, 3, 4, 5, 6, 13, 14], flavor="woff2")
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in covered))
    subsetter.subset(font)
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(str(dest))
    return covered, "".join(c for c in wanted if c not in covered)


def _unicode_range(chars: Iterable[str]) -> str:
    """CSS ``unicode-range`` of a set of characters, runs merged.

    >>> _unicode_range("政协商会")
    'U+4F1A,U+534F,U+5546,U+653F'
    >>> _unicode_range("一丁七")
    'U+4E00-4E01,U+4E03'
    """
    points = sorted({ord(c) for c in chars})
    runs: list[list[int]] = []
    for p in points:
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in runs)


def _font_face(url: str, chars: Iterable[str]) -> str:
    local = ", ".join(f'local("{n}")' for n in LOCAL_FACES)
    return (f'<style id="cppcc-webfont">@font-face {{ font-family: "{WEBFONT_FAMILY}"; '
            f'src: {local}, url("{html.escape(url)}") format("woff2"); '
            f"unicode-range: {_unicode_range(chars)}; font-display: swap; }}</style>\n")


def embed_webfont(out: str | Path, pages: Iterable[str | Path], font: str | Path | None = None,
                  quiet: bool = False) -> WebFont | None:
    """Subset a CJK font to the characters of ``pages`` and link it from each page, relatively.

    The subset goes to ``<out>/assets/cjk-subset.woff2`` (:data:`WEBFONT_PATH`); every page gets an
    ``@font-face`` for the family :data:`WEBFONT_FAMILY` (the reader's own CJK font first,
    :data:`LOCAL_FACES`, then the subset, by a relative URL) limited by ``unicode-range`` to the
    characters subset, so a reader whose system has no CJK font still sees the Chinese text, one with
    a CJK font downloads nothing, and nothing is fetched from the network. ``font`` defaults to the
    font the figures use (:func:`cppcc.plots.setup_fonts`); when there is none, the pages keep only
    the named font stack and one line on stderr says so.

    Returns
    -------
    WebFont or None
        What was written (``str()`` gives a one-line summary with its size); None without a font or
        without a CJK character to cover.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "regions").mkdir(), (out / "regions" / "a.html").write_text(
    ...     "<html><head></head><body>政协委员 (CPPCC members)</body></html>", encoding="utf-8")
    >>> wf = embed_webfont(out, [out / "regions" / "a.html"], quiet=True)
    >>> wf.characters, wf.path.relative_to(out).as_posix()
    (4, 'assets/cjk-subset.woff2')
    >>> 'url("../assets/cjk-subset.woff2")' in (out / "regions" / "a.html").read_text(encoding="utf-8")
    True
    """
    out = Path(out)
    pages = [Path(p) for p in pages]
    texts = [p.read_text(encoding="utf-8") for p in pages]
    chars = page_characters(texts)
    if not chars:
        return None
    source = str(font) if font is not None else _cjk_font()
    if source is None:
        print("report: no CJK font found, so none is embedded: pages name a CJK font stack only "
              "(readers without a CJK font see boxes; set CPPCC_FONT or `pip install mplfonts`)",
              file=sys.stderr)
        return None
    dest = out / WEBFONT_PATH
    covered, missing = subset_font(chars, source, dest)
    for page, text in zip(pages, texts):
        url = os.path.relpath(dest, page.parent).replace(os.sep, "/")
        text = re.sub(r'<style id="cppcc-webfont">.*?</style>\n', "", text, flags=re.S)
        page.write_text(text.replace("</head>", _font_face(url, covered) + "</head>", 1), encoding="utf-8")
    result = WebFont(path=dest, source=source, characters=len(covered), missing=missing,
                     size=dest.stat().st_size)
    if not quiet:
        print(result, flush=True)
    return result
