"""Rendering the report's pages: an executed notebook or a Markdown document to offline HTML (the
same nbconvert template for both), the site's navigation and style, and the index page."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .seed import SEED_TAG
from .webfont import FONT_STACK, MONO_STACK

__all__ = ["prepare_notebook", "add_navigation", "notebook_html", "render_markdown", "notebook_meta",
           "index_page", "Page"]


@dataclass
class Page:
    """A page of the site that is not a notebook (a document of ``docs/``)."""

    html: Path
    title: str


def notebook_meta(nb) -> tuple[str, str]:
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



# nbconvert's lab template loads require.js and MathJax from public CDNs (and a widget manager when
# a notebook has widget state): the report is read offline, so those blocks are emptied.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""

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



def notebook_html(nb, title: str, sanitize: bool = False) -> str:
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_loaders=[jinja2.DictLoader({"cppcc_offline.html.j2": _OFFLINE_TEMPLATE})],
                            template_file="cppcc_offline.html.j2", embed_images=True, sanitize_html=sanitize)
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    body, _ = exporter.from_notebook_node(nb)
    return body


def prepare_notebook(nb, show_seed: bool, title: str | None = None):
    """Make an executed notebook ready to render (in place; returns ``nb``).

    - cells tagged :data:`cppcc.report.seed.SEED_TAG` (the readings of the seed page) are dropped
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
                   next_: tuple[str, str] | None = None, hide_code: bool = True, code: bool = True) -> str:
    """Insert the site's style, a navigation bar and the code toggle into a rendered page.

    The bar links back to ``index`` and to the previous and next pages (``(href, title)``), holds
    a table of contents of the page's ``##``/``###`` headings and a button that shows or hides
    the code cells (hidden at first when ``hide_code``; no button on a page without code,
    ``code=False``).

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
    button = (f'<button id="cppcc-toggle-code" type="button">{"Show" if hide_code else "Hide"} code</button>'
              if code else "")
    nav = f'<nav class="cppcc-nav">{"".join(links)}{button}{_toc(page)}</nav>'
    hide_code = hide_code and code
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
    return page.replace("</body>", _TOGGLE_JS + "</body>", 1) if code else page



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


def render_markdown(source: str | Path, dest: str | Path, links: Iterable[str] = ()) -> Page:
    """Render a Markdown document (``docs/*.md``) to an offline HTML page of the site.

    The document becomes one Markdown cell rendered by the notebooks' own machinery (nbconvert, the
    offline template), with nbconvert's HTML sanitiser on: raw HTML in the document is escaped or
    stripped, never run. Links to the other documents of ``links`` (``methods.md``) point to their
    pages (``methods.html``). The title is the document's first ``# `` heading (else its name).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "api.md").write_text("# API guide\\n\\nSee [methods](methods.md). <script>x()</script>",
    ...                                    encoding="utf-8")
    >>> page = render_markdown(folder / "api.md", folder / "api.html", links=["methods.md"])
    >>> page.title, "<script>x()" in page.html.read_text(encoding="utf-8")
    ('API guide', False)
    >>> 'href="methods.html"' in page.html.read_text(encoding="utf-8")
    True
    """
    import nbformat

    source, dest = Path(source), Path(dest)
    text = source.read_text(encoding="utf-8")
    m = re.search(r"^# (.+)$", text, re.M)
    title = m.group(1).strip() if m else source.stem
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text)]
    page = notebook_html(nb, title, sanitize=True)
    for name in links:  # links between the documents, as pages of the site
        stem = Path(name).stem
        page = re.sub(rf'href="(\./)?{re.escape(stem)}\.md(#[^"]*)?"',
                      lambda m, stem=stem: f'href="{stem}.html{m.group(2) or ""}"', page)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(page, encoding="utf-8")
    return Page(html=dest, title=title)


def index_page(results: list, profiles: list[tuple[dict, object]], corpus_label: str,
               docs: Iterable[Page] = ()) -> str:
    """The site's index: a card per notebook, the documentation pages, a row per region profile."""
    from ..prose import plural, position_en

    esc = html.escape
    cards = []
    for r in results:
        img = (f'<img alt="thumbnail of {esc(r.title)}" src="data:image/png;base64,{r.thumbnail}">'
               if r.thumbnail else "")
        cards.append(f'<div class="card"><a href="{esc(r.html.name)}">{img}<h2>{esc(r.title)}</h2></a>'
                     f"<p>{esc(r.question)}</p></div>")
    docs_items = "".join(f'<li><a href="docs/{esc(d.html.name)}">{esc(d.title)}</a></li>' for d in docs)
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
        + (f"<h2>Documentation</h2><ul>{docs_items}</ul>" if docs_items else "")
        +
        "<h2>Region profiles</h2><table><tr><th>Speaker</th><th>Position</th><th>Unit</th><th>Level</th>"
        f"<th>Headline</th></tr>{''.join(rows)}</table>"
        "<footer>Built by <code>make report</code> (cppcc). Corpus text is shown escaped.</footer>"
    )
    return _PAGE.format(title="cppcc report", body=body, fonts=FONT_STACK, mono=MONO_STACK)
