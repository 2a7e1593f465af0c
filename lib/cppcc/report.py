"""Execute the notebooks and render the HTML report site.

``python -m cppcc.report`` (what ``make report`` runs) executes every notebook in
``notebooks/`` headless with papermill (``python3`` kernel, working directory set to the
notebooks folder, inline backend), then the parameterised ``region_profile`` notebook once per
speech, and writes::

    reports/index.html              gallery: title, question and thumbnail per notebook
    reports/<notebook>.html         each notebook, images embedded
    reports/regions/<doc_id>.html   one profile per speech
    reports/assets/cjk-subset.woff2 the CJK font cut to the site's characters (:func:`embed_webfont`)
    reports/executed/…              the executed notebooks (for debugging)

The build fails (non-zero exit, :class:`ReportError`) when a notebook raises, prints
matplotlib's "Glyph … missing from font" warning, or shows no figure.

Corpus text is untrusted: the notebooks show it through pandas/itables (which escape HTML), and
everything this module writes into the index is escaped with :func:`html.escape`.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .common import project_root
from .notebook import SEED_TAG, is_seed_corpus, say, sentence  # say/sentence: kept importable from here

__all__ = ["build", "execute", "check_notebook", "strip_outputs", "say", "sentence", "ReportError", "PROFILE",
           "prepare_notebook", "add_navigation", "embed_webfont", "page_characters", "subset_font",
           "WebFont"]

ROOT = project_root()
NOTEBOOKS = ROOT / "notebooks" if ROOT is not None else Path("notebooks")
PROFILE = "region_profile"
GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from (current )?font|missing from font", re.I)


# The README's gallery: key figures of the project corpus, copied small into figures/gallery/ by
# every full `make report` (these PNGs are committed; the full-size figures are build outputs).
GALLERY = (
    "01_corpus_structure", "02_mechanism_heatmap", "03_distinctive_scatter", "03_speaker_map",
    "03_similarity", "04_formulas_brands", "04_numeric_claims", "05_comparison_cloud_officialese",
    "06_explorer_default_query", "06_cooccurrence_network", "07_reuse_network", "09_topic_prevalence_level",
)


def write_gallery(figures: Path, width: int = 1200) -> list[Path]:
    """Copy the :data:`GALLERY` figures, scaled to ``width`` pixels, into ``figures/gallery/``.

    Missing figures are skipped (a notebook may have been renamed); returns the files written.
    """
    from PIL import Image

    dest = figures / "gallery"
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in GALLERY:
        src = figures / f"{name}.png"
        if not src.exists():
            continue
        with Image.open(src) as im:
            im = im.convert("RGB")
            if im.width > width:
                im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
            im.save(dest / f"{name}.png", optimize=True)
        written.append(dest / f"{name}.png")
    return written


class ReportError(RuntimeError):
    """A notebook failed, warned about missing glyphs, or produced no figure."""


@dataclass
class Result:
    """What one notebook execution produced."""

    name: str
    html: Path
    title: str
    question: str
    thumbnail: str | None = None  # base64 PNG
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _markdown_meta(nb) -> tuple[str, str]:
    """Title (first ``# `` heading) and question (the paragraph starting with ``**Question``)."""
    title, question = "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            s = line.strip()
            if not title and s.startswith("# "):
                title = s[2:].strip()
            if not question and s.lower().startswith("**question"):
                para = [s]
                for more in lines[i + 1:]:
                    if not more.strip() or more.lstrip().startswith("#"):
                        break
                    para.append(more.strip())
                question = re.sub(r"^\*\*question:?\*\*:?\s*", "", " ".join(para), flags=re.I)
        if title and question:
            break
    return title, question


def check_notebook(nb) -> tuple[list[str], list[str]]:
    """Return (problems, figures) of an executed notebook.

    ``problems`` lists errors and missing-glyph warnings; ``figures`` the base64 PNGs shown.
    """
    problems, figures = [], []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if GLYPH_WARNING.search(text):
                problems.append(f"cell {i}: missing glyph: {text.strip()[:200]}")
            data = out.get("data", {})
            if "image/png" in data:
                figures.append(data["image/png"])
    return problems, figures


def execute(src: Path, dest: Path, parameters: dict | None = None, timeout: int = 600):
    """Run one notebook with papermill into ``dest`` (working directory: the notebook's folder)."""
    import papermill as pm

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env_backend = os.environ.pop("MPLBACKEND", None)  # papermill captures no figures under Agg
    try:
        return pm.execute_notebook(
            str(src), str(dest), parameters=parameters or {}, kernel_name="python3",
            cwd=str(src.parent), progress_bar=False, log_output=False, execution_timeout=timeout,
            # the kernel's own log (start-up notices, shutdown interrupts) is noise in a build log;
            # errors in cells still reach the notebook and fail the build
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend


# nbconvert's lab template loads require.js and MathJax from public CDNs (and a widget manager when
# a notebook has widget state): the report is read offline, so those blocks are emptied.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""

#: The family of the site's Chinese characters (:func:`embed_webfont`): its ``@font-face`` takes the
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

_SITE_CSS = """<style id="cppcc-site">
:root {{ --jp-ui-font-family: {fonts}; --jp-content-font-family: {fonts}; --jp-code-font-family: {mono}; }}
body, .jp-RenderedHTMLCommon, .jp-RenderedMarkdown {{ font-family: {fonts}; }}
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, table.dataTable td, table.dataTable th {{
  text-align: left !important; vertical-align: top; }}
body.cppcc-hide-code .jp-CodeCell .jp-Cell-inputWrapper {{ display: none; }}
nav.cppcc-nav {{ font-family: {fonts}; max-width: 1100px; margin: 0.6em auto; padding: 0.5em 1em;
  border-bottom: 1px solid #ddd; font-size: 0.95em; }}
nav.cppcc-nav a {{ margin-right: 1.2em; }} nav.cppcc-nav button {{ float: right; }}
nav.cppcc-nav details {{ margin-top: 0.4em; }} nav.cppcc-nav ol {{ margin: 0.3em 0; }}
</style>
"""

_TOGGLE_JS = """<script>
(function () {
  var b = document.getElementById("cppcc-toggle-code");
  function label() {
    b.textContent = document.body.classList.contains("cppcc-hide-code") ? "Show code" : "Hide code";
  }
  b.addEventListener("click", function () { document.body.classList.toggle("cppcc-hide-code"); label(); });
  label();
})();
</script>
"""


def _to_html(nb, title: str) -> str:
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_loaders=[jinja2.DictLoader({"cppcc_offline.html.j2": _OFFLINE_TEMPLATE})],
                            template_file="cppcc_offline.html.j2", embed_images=True)
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    body, _ = exporter.from_notebook_node(nb)
    return body


def prepare_notebook(nb, show_seed: bool, title: str | None = None):
    """Make an executed notebook ready to render (in place; returns ``nb``).

    - cells tagged :data:`cppcc.notebook.SEED_TAG` (the readings of the seed page) are dropped
      unless ``show_seed``;
    - the notebook's default ``parameters`` cell is dropped when papermill injected the values
      used (so a page shows its parameters once);
    - ``title`` (if given) replaces the first ``# `` heading (profile pages name speaker and unit).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# Region profile\\n\\ntext"),
    ...             nbformat.v4.new_code_cell("X = None", metadata={"tags": ["parameters"]}),
    ...             nbformat.v4.new_code_cell("X = 1", metadata={"tags": ["injected-parameters"]}),
    ...             nbformat.v4.new_markdown_cell("### Reading", metadata={"tags": ["seed-reading"]})]
    >>> [c.source for c in prepare_notebook(nb, show_seed=False, title="Profile: A · B").cells]
    ['# Profile: A · B\\n\\ntext', 'X = 1']
    """
    def tags(cell):
        return cell.get("metadata", {}).get("tags", [])

    injected = any("injected-parameters" in tags(c) for c in nb.cells)
    nb.cells = [c for c in nb.cells
                if (show_seed or SEED_TAG not in tags(c)) and not (injected and "parameters" in tags(c))]
    if title:
        for cell in nb.cells:
            if cell.cell_type == "markdown" and re.search(r"^# ", cell.source, re.M):
                cell.source = re.sub(r"^# .*$", lambda _: f"# {title}", cell.source, count=1, flags=re.M)
                break
    return nb


def _toc(page: str) -> str:
    items = []
    heading = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)<a class="anchor-link"', re.S)
    for level, anchor, text in heading.findall(page):
        label = re.sub(r"<[^>]+>", "", text).strip()
        indent = ' style="margin-left:1.2em"' if level == "3" else ""
        items.append(f'<li{indent}><a href="#{html.escape(anchor)}">{label}</a></li>')
    if not items:
        return ""
    return f'<details><summary>Contents</summary><ol>{"".join(items)}</ol></details>'


def add_navigation(page: str, index: str, prev: tuple[str, str] | None = None,
                   next_: tuple[str, str] | None = None, hide_code: bool = True) -> str:
    """Insert the site's style, a navigation bar and the code toggle into a rendered page.

    The bar links back to ``index`` and to the previous and next pages (``(href, title)``), holds
    a table of contents of the page's ``##``/``###`` headings and a button that shows or hides
    the code cells (hidden at first when ``hide_code``).

    Examples
    --------
    >>> page = ('<html><head></head><body class="jp-Notebook"><h2 id="Method">Method'
    ...         '<a class="anchor-link" href="#Method">¶</a></h2></body></html>')
    >>> out = add_navigation(page, "index.html", next_=("02.html", "Mechanisms"))
    >>> 'href="index.html"' in out and 'href="02.html"' in out and 'href="#Method"' in out
    True
    >>> 'class="jp-Notebook cppcc-hide-code"' in out
    True
    """
    esc = html.escape
    links = [f'<a href="{esc(index)}">&larr; Index</a>']
    if prev:
        links.append(f'<a href="{esc(prev[0])}">&lsaquo; Previous: {esc(prev[1])}</a>')
    if next_:
        links.append(f'<a href="{esc(next_[0])}">Next: {esc(next_[1])} &rsaquo;</a>')
    nav = (f'<nav class="cppcc-nav">{"".join(links)}<button id="cppcc-toggle-code" type="button">'
           f'{"Show" if hide_code else "Hide"} code</button>{_toc(page)}</nav>')
    page = page.replace("</head>", _SITE_CSS.format(fonts=FONT_STACK, mono=MONO_STACK) + "</head>", 1)
    m = re.search(r"<body([^>]*)>", page)
    if m is None:
        return page
    attrs = m.group(1)
    if hide_code and 'class="' in attrs:
        attrs = re.sub(r'class="([^"]*)"', r'class="\1 cppcc-hide-code"', attrs, count=1)
    elif hide_code:
        attrs += ' class="cppcc-hide-code"'
    page = page[:m.start()] + f"<body{attrs}>" + nav + page[m.end():]
    return page.replace("</body>", _TOGGLE_JS + "</body>", 1)


# ---------------------------------------------------------------- the CJK web font
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
    from .plots import FontNotFoundError, setup_fonts

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


def _safe(doc_id) -> str:
    """A file-name-safe form of a doc_id."""
    return re.sub(r"[^\w.-]+", "_", str(doc_id))


def _run_one(src: str, out_dir: str, name: str, parameters: dict, show_seed: bool,
             title: str | None = None) -> Result:
    import nbformat

    start = time.perf_counter()
    src_p, out_p = Path(src), Path(out_dir)
    executed = out_p / "executed" / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    html_path = out_p / f"{name}.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        execute(src_p, executed, parameters)
    except Exception as exc:  # papermill raises PapermillExecutionError; keep the partial notebook
        if hasattr(exc, "ename"):  # a cell raised: name the cell and the error, not papermill's banner
            problems.append(f"cell [{exc.exec_count}] raised {exc.ename}: {str(exc.evalue).strip()[:500]}")
        else:
            problems.append(f"execution failed: {type(exc).__name__}: {str(exc).strip()[:500]}")
    nb = nbformat.read(executed, as_version=4) if executed.exists() else nbformat.read(src_p, as_version=4)
    found, figures = check_notebook(nb)
    problems += [p for p in found if p not in problems]
    if not figures:
        problems.append("the notebook shows no figure")
    prepare_notebook(nb, show_seed, title)
    meta_title, question = _markdown_meta(nb)
    title = title or meta_title or name
    html_path.write_text(_to_html(nb, title), encoding="utf-8")
    return Result(name=name, html=html_path, title=title, question=question,
                  thumbnail=figures[0] if figures else None,
                  seconds=time.perf_counter() - start, problems=problems)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: {fonts}; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
code, pre {{ font-family: {mono}; }}
h1 {{ font-size: 1.7em; }} .lead {{ color: #555; }}
.gallery {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1.2em; }}
.card {{ border: 1px solid #ddd; border-radius: 8px; padding: 0.8em; }}
.card img {{ width: 100%; height: 190px; object-fit: contain; background: #fafafa; }}
.card h2 {{ font-size: 1.05em; margin: 0.5em 0 0.3em; }}
.card p {{ margin: 0; color: #444; font-size: 0.92em; }}
table {{ border-collapse: collapse; margin-top: 0.5em; }}
td, th {{ padding: 0.3em 0.8em; border-bottom: 1px solid #eee; text-align: left; }}
footer {{ margin-top: 3em; color: #777; font-size: 0.85em; }}
</style></head><body>
{body}
</body></html>
"""


def _index(results: list[Result], profiles: list[tuple[dict, Result]], corpus_label: str) -> str:
    from .notebook import plural, position_en

    esc = html.escape
    cards = []
    for r in results:
        img = (f'<img alt="thumbnail of {esc(r.title)}" src="data:image/png;base64,{r.thumbnail}">'
               if r.thumbnail else "")
        cards.append(f'<div class="card"><a href="{esc(r.html.name)}">{img}<h2>{esc(r.title)}</h2></a>'
                     f"<p>{esc(r.question)}</p></div>")
    rows = []
    for meta, r in profiles:
        cells = [meta.get("speaker"), position_en(meta.get("position")), meta.get("region"),
                 meta.get("level")]
        rows.append("<tr>" + "".join(f"<td>{esc(str(v or ''))}</td>" for v in cells)
                    + f'<td><a href="regions/{esc(r.html.name)}">'
                    f'{esc(str(meta.get("headline") or meta["doc_id"]))}</a></td></tr>')
    body = (
        "<h1>How China's local CPPCCs describe their governance work</h1>"
        f'<p class="lead">Notebooks executed on {esc(corpus_label)}. '
        "Each card answers one research question; "
        f"the region profiles below give one page per speech ({esc(plural(len(profiles), 'speech'))}).</p>"
        f'<div class="gallery">{"".join(cards)}</div>'
        "<h2>Region profiles</h2><table><tr><th>Speaker</th><th>Position</th><th>Unit</th><th>Level</th>"
        f"<th>Headline</th></tr>{''.join(rows)}</table>"
        "<footer>Built by <code>make report</code> (cppcc). Corpus text is shown escaped.</footer>"
    )
    return _PAGE.format(title="cppcc report", body=body, fonts=FONT_STACK, mono=MONO_STACK)


def _profile_title(meta: dict) -> str:
    who = " · ".join(str(meta[k]) for k in ("speaker", "region") if meta.get(k))
    return f"Region profile: {who or meta['doc_id']}"


Job = tuple[str, Path, dict, "str | None"]


def _declared(src: Path, params: dict) -> dict:
    """The parameters the notebook's ``parameters`` cell declares (CORPUS and FIGURES_DIR always)."""
    import nbformat

    nb = nbformat.read(src, as_version=4)
    cell = next((c.source for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), "")
    return {k: v for k, v in params.items()
            if k in {"CORPUS", "FIGURES_DIR"} or re.search(rf"^{k}\s*=", cell, re.M)}


def _jobs(names: list[str], params: dict, speeches_meta: list[dict]) -> list[Job]:
    jobs: list[Job] = []
    for name in names:
        src = NOTEBOOKS / f"{name}.ipynb"
        if not src.exists():
            raise FileNotFoundError(f"no notebook {src}")
        jobs.append((name, src, _declared(src, params), None))
    profile = NOTEBOOKS / f"{PROFILE}.ipynb"
    for meta in speeches_meta:
        jobs.append((f"regions/{_safe(meta['doc_id'])}", profile,
                     {**_declared(profile, params), "DOC_ID": meta["doc_id"]}, _profile_title(meta)))
    return jobs


def _link_pages(out: Path, pages: list[Result], index: str, hide_code: bool) -> None:
    """Write navigation (index, previous, next, contents, code toggle) into each page of a sequence."""
    for i, r in enumerate(pages):
        here = r.html.parent

        def rel(other: Result, here=here) -> str:
            return os.path.relpath(other.html, here).replace(os.sep, "/")

        prev = (rel(pages[i - 1]), pages[i - 1].title) if i > 0 else None
        nxt = (rel(pages[i + 1]), pages[i + 1].title) if i + 1 < len(pages) else None
        idx = os.path.relpath(out / index, here).replace(os.sep, "/")
        text = r.html.read_text(encoding="utf-8")
        r.html.write_text(add_navigation(text, idx, prev, nxt, hide_code), encoding="utf-8")


def _speeches_meta(corpus, errors: str, store=None) -> list[dict]:
    from .notebook import load_corpus

    sp = load_corpus(corpus, store, errors)
    cols = ["doc_id", "speaker", "position", "region", "level", "headline"]
    return sp[[c for c in cols if c in sp.columns]].to_dict("records")


def build(out: str | Path = "reports", code: str = "hide", jobs: int | None = None,
          corpus: str | Path | None = None, notebooks: list[str] | None = None,
          figures_dir: str | Path | None = None,
          profiles: bool = True, quiet: bool = False, errors: str = "raise",
          store: str | Path | None = None) -> list[Result]:
    """Execute the notebooks and write the HTML site into ``out``.

    Parameters
    ----------
    out : directory of the site (created).
    code : ``"hide"`` (default) or ``"show"`` the code cells at first; every page has a button that
        toggles them.
    jobs : notebooks executed in parallel; default: one more than the CPU cores (a notebook's kernel
        waits for part of its run, at start-up and between messages, and another one can use the core
        meanwhile; ``benchmarks/bench_report.py`` measures it).
    corpus : corpus path passed to every notebook (``CORPUS`` parameter); None = the repo's corpus.
    notebooks : names (without ``.ipynb``) to run; None = all in ``notebooks/``.
    figures_dir : where notebooks save figures (``FIGURES_DIR`` parameter); None = the repo's ``figures/``
        for the project corpus, ``<out>/figures`` for any other corpus (so the committed figures stay
        those of the project corpus).
    profiles : also run ``region_profile`` once per speech.
    store : a store folder written by :func:`cppcc.build_store` (``STORE`` parameter): the notebooks
        read their tables from it instead of a corpus (not both); figures then go to ``<out>/figures``.
    errors : ``"raise"`` (default): an unreadable page stops the build with a
        :class:`cppcc.CorpusError` naming it, before any notebook runs; ``"warn"``: such pages are
        skipped with a warning (the notebooks get ``ERRORS="warn"``).

    The notebooks' readings of the seed page (cells tagged ``seed-reading``) are kept only when
    the corpus is the seed page (:func:`cppcc.notebook.is_seed_corpus`, decided from its bytes).
    Last, the figures' CJK font is cut to the characters of all pages and linked from each
    (:func:`embed_webfont`), so that readers without a CJK font see no boxes.

    Raises
    ------
    ReportError
        If any notebook failed, warned about a missing glyph or showed no figure
        (the site is still written, so the failing page can be inspected).
    cppcc.CorpusError
        If the corpus cannot be read (a missing path, no pages, or an unreadable page under
        ``errors="raise"``).
    """
    if code not in {"show", "hide"}:
        raise ValueError(f"code must be 'show' or 'hide', not {code!r}")
    if errors not in {"raise", "warn"}:
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    if corpus is not None and store is not None:
        raise ValueError("report: pass a corpus or a store, not both")
    out = Path(out).resolve()
    if (corpus is not None or store is not None) and figures_dir is None:
        figures_dir = out / "figures"
    speeches_meta = _speeches_meta(corpus, errors, store)  # reads every page first: a bad file stops here
    show_seed = is_seed_corpus(store if store is not None else corpus)
    out.mkdir(parents=True, exist_ok=True)
    params = {"CORPUS": str(Path(corpus).resolve()) if corpus else None,
              "FIGURES_DIR": str(Path(figures_dir).resolve()) if figures_dir else None, "ERRORS": errors,
              "STORE": str(Path(store).resolve()) if store is not None else None}
    names = notebooks or sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if p.stem != PROFILE)
    if not (profiles and (NOTEBOOKS / f"{PROFILE}.ipynb").exists()):
        speeches_meta = []
    jobs_list = _jobs(names, params, speeches_meta)
    jobs = default_jobs() if jobs is None else int(jobs)
    results: dict[str, Result] = {}
    if not quiet:
        print(f"Executing {len(jobs_list)} notebooks with {jobs} worker(s) into {out}", flush=True)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_run_one, str(src), str(out), name, p, show_seed, title): name
                   for name, src, p, title in jobs_list}
        for done, fut in enumerate(as_completed(futures), 1):
            r = fut.result()
            results[r.name] = r
            if not quiet:
                status = "ok" if not r.problems else "FAILED: " + "; ".join(r.problems)[:300]
                print(f"[{done}/{len(jobs_list)}] {r.name:<32} {r.seconds:6.1f}s  {status}", flush=True)
    main_results = [results[n] for n in names]
    profile_results = [(m, results[f"regions/{_safe(m['doc_id'])}"]) for m in speeches_meta]
    _link_pages(out, main_results, "index.html", code == "hide")
    _link_pages(out, [r for _, r in profile_results], "index.html", code == "hide")
    label = str(corpus) if corpus else "the project corpus (corpus/)"
    label = f"the store {store}" if store is not None else label
    (out / "index.html").write_text(_index(main_results, profile_results, label), encoding="utf-8")
    pages = [out / "index.html", *(r.html for r in main_results), *(r.html for _, r in profile_results)]
    embed_webfont(out, pages, quiet=quiet)
    failed = [r for r in results.values() if r.problems]
    default_site = corpus is None and store is None and figures_dir is None and notebooks is None
    if not failed and default_site and ROOT is not None:
        write_gallery(ROOT / "figures")
    if failed:
        raise ReportError("; ".join(f"{r.name}: {' | '.join(r.problems)}" for r in failed))
    return main_results + [r for _, r in profile_results]


def default_jobs() -> int:
    """The number of notebooks :func:`build` runs at once by default: the CPU cores plus one."""
    return (os.cpu_count() or 1) + 1


def strip_outputs(directory: str | Path = NOTEBOOKS) -> list[Path]:
    """Remove outputs and execution counts from every notebook in ``directory`` (returns the changed ones)."""
    changed = []
    for path in sorted(Path(directory).glob("*.ipynb")):
        data = json.loads(path.read_text(encoding="utf-8"))
        before = json.dumps(data, sort_keys=True)
        for cell in data.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
            cell.get("metadata", {}).pop("execution", None)
        data.get("metadata", {}).pop("widgets", None)
        if json.dumps(data, sort_keys=True) != before:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    from .corpus import CorpusError
    from .store import StoreError

    ap = argparse.ArgumentParser(prog="python -m cppcc.report", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="reports")
    ap.add_argument("--code", choices=["show", "hide"], default="hide",
                    help="code cells shown or hidden at first (default: hide; each page has a toggle)")
    ap.add_argument("--jobs", type=int, default=None,
                    help="notebooks executed in parallel (default: the CPU cores + 1)")
    ap.add_argument("--corpus", default=None, help="corpus file or folder (default: corpus/)")
    ap.add_argument("--store", default=None, metavar="DIR",
                    help="a store folder written by cppcc.build_store (an archive), read instead of a corpus")
    ap.add_argument("--skip-bad", action="store_true",
                    help="skip unreadable or empty pages with a warning (loader errors='warn') "
                         "instead of stopping")
    ap.add_argument("--notebook", action="append", help="run only this notebook (repeatable)")
    ap.add_argument("--figures-dir", default=None,
                    help="where notebooks save figures (default: figures/; another folder for other corpora)")
    ap.add_argument("--no-profiles", action="store_true", help="skip the per-speech region profiles")
    ap.add_argument("--strip", metavar="DIR", help="strip outputs from the notebooks in DIR and exit")
    args = ap.parse_args(argv)
    if args.strip:
        for p in strip_outputs(args.strip):
            print(f"stripped {p}")
        return 0
    start = time.perf_counter()
    try:
        build(args.out, code=args.code, jobs=args.jobs, corpus=args.corpus, notebooks=args.notebook,
              figures_dir=args.figures_dir, profiles=not args.no_profiles,
              errors="warn" if args.skip_bad else "raise", store=args.store)
    except StoreError as exc:
        print(f"report: store error: {exc}", file=sys.stderr)
        return 2
    except CorpusError as exc:
        hint = "" if args.skip_bad else " (use --skip-bad to skip unreadable pages)"
        print(f"report: corpus error: {exc}{hint}", file=sys.stderr)
        return 2
    except ReportError as exc:
        print(f"report FAILED: {exc}", file=sys.stderr)
        return 1
    took = time.perf_counter() - start
    print(f"Report written to {Path(args.out).resolve() / 'index.html'} in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
