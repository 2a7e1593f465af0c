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
           "index_page", "Page", "sanitize_html"]


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
# Markdown (cells, and the finding sentences notebooks display) is rendered and then sanitised
# (:func:`sanitize_html`): corpus text cannot make a link, an image or a script. HTML outputs (pandas and
# itables tables, which escape their cells) are kept as they are, so that the interactive tables work.
# Figures get the alt text :func:`cppcc.report.finish.add_alt_text` put in their metadata.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{% block markdowncell scoped %}
<div {{ cell_id_anchor(cell) }} class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-Cell-inputWrapper">
<div class="jp-Collapser jp-InputCollapser jp-Cell-inputCollapser">
</div>
<div class="jp-InputArea jp-Cell-inputArea">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput {{ celltags(cell) }}"
 data-mime-type="text/markdown">
{{ cell.source | markdown2html | strip_files_prefix | cppcc_sanitize }}
</div>
</div>
</div>
</div>
{%- endblock markdowncell %}
{% block data_markdown scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output {{ extra_class }}"
 data-mime-type="text/markdown">
{{ output.data['text/markdown'] | markdown2html | cppcc_sanitize }}
</div>
{%- endblock data_markdown %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- set alt=output | get_metadata('alt', 'image/png') %}
 alt="{{ (alt or 'A figure of this page') | escape_html }}"
{%- set width=output | get_metadata('width', 'image/png') -%}
{%- if width is not none %} width={{ width | escape_html }}{%- endif %}
{%- set height=output | get_metadata('height', 'image/png') -%}
{%- if height is not none %} height={{ height | escape_html }}{%- endif %}>
</div>
{%- endblock data_png %}
"""

#: the HTML that rendered Markdown may hold (everything else is escaped): text structure, tables,
#: links and images (whose URLs :func:`cppcc.report.finish.scrub_html` checks again)
_ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
                 "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
                 "s",
                 "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
                 "thead", "tr", "u", "ul"}
_ALLOWED_ATTRIBUTES = {"*": ["class", "id", "lang", "title"], "a": ["href", "title", "class"],
                       "img": ["src", "alt", "width", "height"], "td": ["align", "colspan", "rowspan"],
                       "th": ["align", "colspan", "rowspan"], "ol": ["start"]}


_NOT_EMBEDDED = re.compile(r'<img\b(?![^>]*\bsrc="data:image/)[^>]*>')


def sanitize_html(fragment: str) -> str:
    """Sanitise rendered Markdown: tags and attributes outside a short list are escaped, and only
    ``http``, ``https``, ``mailto`` and relative links are kept; an image only when it is embedded
    (a ``data:image/…`` URL, as nbconvert embeds a notebook's images), so that nothing is fetched.

    Examples
    --------
    >>> sanitize_html('<p>a <a href="javascript:alert(1)">看</a><script>x()</script></p>')
    '<p>a <a>看</a>&lt;script&gt;x()&lt;/script&gt;</p>'
    >>> sanitize_html('<p><img src="x" onerror="alert(2)"><img src="http://x.org/a.png"></p>')
    '<p></p>'
    >>> sanitize_html('<h2 id="M">M<a class="anchor-link" href="#M">¶</a></h2>')
    '<h2 id="M">M<a class="anchor-link" href="#M">¶</a></h2>'
    """
    import bleach

    def attribute(tag: str, name: str, value: str) -> bool:
        if name in _ALLOWED_ATTRIBUTES.get("*", []) or name in _ALLOWED_ATTRIBUTES.get(tag, []):
            if name == "src":
                return value.startswith("data:image/") or not re.match(r"^\s*[\w+.-]*:|^\s*//", value)
            return True
        return False

    clean = bleach.clean(str(fragment), tags=_ALLOWED_TAGS, attributes=attribute,
                         protocols={"http", "https", "mailto", "data"})
    return _NOT_EMBEDDED.sub("", clean)  # an image is embedded (data:) or not shown

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
                            template_file="cppcc_offline.html.j2", embed_images=True, sanitize_html=sanitize,
                            filters={"cppcc_sanitize": sanitize_html})
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
    if title:  # a title holds corpus text (names, units): literal Markdown
        from ..prose import escape_markdown

        for cell in nb.cells:
            if cell.cell_type == "markdown" and re.search(r"^# ", cell.source, re.M):
                cell.source = re.sub(r"^# .*$", lambda _: f"# {escape_markdown(title)}", cell.source, count=1,
                                     flags=re.M)
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
    for name in links:  # links between the documents (relative paths), as pages of the site
        stem = name[:-3] if name.endswith(".md") else name
        page = re.sub(rf'href="(\./)?{re.escape(stem)}\.md(#[^"]*)?"',
                      lambda m, stem=stem: f'href="{stem}.html{m.group(2) or ""}"', page)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(page, encoding="utf-8")
    return Page(html=dest, title=title)


def _notes_table(notes: list[dict]) -> str:
    esc = html.escape
    if not notes:
        return ("<h2 id=\"notes\">Notes on the pages</h2><p>No warning: every page was read and every "
                "notebook ran without a note.</p>")
    seen, rows = set(), []
    for n in notes:  # one row per distinct note (every notebook reads the same pages)
        key = (n.get("file"), n.get("line"), n.get("note"))
        pages = [m["page"] for m in notes if (m.get("file"), m.get("line"), m.get("note")) == key]
        if key in seen:
            continue
        seen.add(key)
        where = "all pages" if "all pages" in pages else ", ".join(dict.fromkeys(pages))
        line = "" if n.get("line") is None else n["line"]
        rows.append(f"<tr><td>{esc(str(n.get('file') or ''))}</td><td>{line}"
                    f"</td><td>{esc(str(n.get('note') or ''))}</td><td>{esc(where)}</td></tr>")
    return ("<h2 id=\"notes\">Notes on the pages</h2><p>What the loader and the notebooks warned about while "
            "building this site, and what was done; no page shows a warning itself.</p>"
            "<table><tr><th>File</th><th>Line</th><th>What was done</th><th>Seen by</th></tr>"
            f"{''.join(rows)}</table>")


def index_page(results: list, profiles: list[tuple[dict, object]], corpus_label: str,
               docs: Iterable[Page] = (), notes: list[dict] | None = None, bib: str = "",
               kinds: dict[str, int] | None = None) -> str:
    """The site's index: a card per notebook, the documentation pages, a row per document profile,
    the notes on the pages (warnings, :func:`cppcc.report.finish.take_notes`) and the BibTeX entry.

    ``kinds`` (documents per ``doc_type``) words the page: "speeches" only when every document is one.
    """
    from ..kinds import KIND_EN, documents_phrase
    from ..prose import position_en

    esc = html.escape
    kinds = kinds or {"speech": len(profiles)}
    cards = []
    for r in results:
        img = (f'<img alt="thumbnail of {esc(r.title)}" src="data:image/png;base64,{r.thumbnail}">'
               if r.thumbnail else "")
        cards.append(f'<div class="card"><a href="{esc(r.html.name)}">{img}<h2>{esc(r.title)}</h2></a>'
                     f"<p>{esc(r.question)}</p></div>")
    docs_items = "".join(f'<li><a href="docs/{esc(d.html.name)}">{esc(d.title)}</a></li>' for d in docs)
    rows = []
    for meta, r in profiles:
        pos = meta.get("position")
        unit = meta.get("unit") or (f"{meta['region']} (not resolved to one unit)"
                                    if meta.get("region") else "")
        cells = [meta.get("speaker"), position_en(pos) if isinstance(pos, str) and pos.strip() else "",
                 unit, meta.get("level"), KIND_EN.get(str(meta.get("doc_type")), ("",))[0]]
        headline = meta.get("headline")
        if not (isinstance(headline, str) and headline.strip()):
            headline = "(no headline: open the profile)"
        rows.append("<tr>" + "".join(f"<td>{esc(_text(v))}</td>" for v in cells)
                    + f'<td><a href="regions/{esc(r.html.name)}">{esc(headline)}</a></td></tr>')
    speeches_only = set(kinds) <= {"speech"}
    unit = "speech" if speeches_only else "document"
    body = (
        "<h1>How China's local CPPCCs describe their governance work</h1>"
        f'<p class="lead">Notebooks executed on {esc(corpus_label)}: {esc(documents_phrase(kinds))}. '
        "Each card answers one research question; "
        f"the profiles below give one page per {unit}.</p>"
        f'<div class="gallery">{"".join(cards)}</div>'
        + (f"<h2>Documentation</h2><ul>{docs_items}</ul>" if docs_items else "")
        + f"<h2>Profiles: one page per {unit}</h2><table><tr><th>Speaker</th><th>Position</th><th>Unit</th>"
        f"<th>Level</th><th>Kind</th><th>Headline</th></tr>{''.join(rows)}</table>"
        + _notes_table(notes or [])
        + (f'<h2 id="bibtex">Cite</h2><p>BibTeX (also as <a href="cppcc.bib" download>cppcc.bib</a>); the '
           "version, build date and corpus fingerprint are at the foot of every page.</p>"
           f"<pre>{esc(bib)}</pre>"
           if bib else "")
    )
    return _PAGE.format(title="cppcc report", body=body, fonts=FONT_STACK, mono=MONO_STACK)


def _text(value) -> str:
    """A cell's text: empty for a missing value (None, NaN), never "nan"."""
    from ..common import is_missing

    return "" if is_missing(value) else str(value)
