"""Finishing the report's pages: what an executed notebook shows besides its cells' results, and the
last pass over every HTML page of the site.

Before rendering (on the executed notebook, :func:`take_notes`, :func:`add_alt_text`):

- warnings printed by a cell (a ``CorpusWarning``, a pandas ``FutureWarning``…) are taken out of the
  page and become rows of the site's one "Notes on the pages" table (file, line, what was done);
- a failed cell keeps one line (``ValueError: …``), never a traceback;
- a widget shows a sentence saying where it works, never its ``VBox(children=(…`` repr;
- every figure gets an ``alt`` text from its caption (the text that follows it on the page).

After rendering (:func:`finish_page`): a Content-Security-Policy that allows no network request, no
``javascript:`` URL and no remote image or script, Chinese runs marked ``lang="zh"``, and the page's
citation block.
"""
from __future__ import annotations

import html
import re

__all__ = ["take_notes", "add_alt_text", "finish_page", "scrub_html", "mark_chinese", "CSP",
           "WIDGET_NOTE"]

#: The pages' Content-Security-Policy: scripts and styles of the page itself only (itables loads its
#: bundle from a ``blob:`` URL made in the page and evaluates its column renderers, hence ``'unsafe-eval'``),
#: images from ``data:`` URLs, the CJK web font from the site; no connection, frame, form or plugin: a page
#: makes no network request, whatever its text holds.
CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; style-src 'unsafe-inline'; "
       "img-src data: blob:; font-src 'self' data:; connect-src 'none'; frame-src 'none'; "
       "object-src 'none'; base-uri 'none'; form-action 'none'")

#: What a page shows in place of a widget (the static page has no kernel to run it).
WIDGET_NOTE = ("*The interactive control runs in JupyterLab (run this notebook there); this static page "
               "shows its default results above.*")

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# "<path>:<line>: <Category>: <message>" as the warnings module prints it, then the source line
_WARNING = re.compile(r"^(?P<path>[^\n]*?):(?P<lineno>\d+): (?P<category>\w*(?:Warning|Error)\w*): "
                      r"(?P<message>.*?)(?=^\S[^\n]*?:\d+: \w*(?:Warning|Error)\w*: |\Z)", re.S | re.M)
# a corpus warning names the page and, when it has one, the line: "<file>: line <n>: <what>"
_CORPUS_NOTE = re.compile(r"^(?:skipped: )?(?P<file>[^\n]+?): (?:line (?P<line>\d+): )?(?P<what>.+)$", re.S)


def _note(page: str, cell: int, category: str, message: str) -> dict:
    message = " ".join(message.split())
    m = _CORPUS_NOTE.match(message) if category == "CorpusWarning" else None
    if m and ("/" in m["file"] or "." in m["file"]):
        what = ("skipped: " if message.startswith("skipped: ") else "") + m["what"]
        return {"page": page, "file": m["file"], "line": int(m["line"]) if m["line"] else None,
                "note": f"{category}: {what}"}
    return {"page": page, "file": f"{page} (cell {cell})", "line": None, "note": f"{category}: {message}"}


def notes_from_text(text: str, page: str, cell: int = 0) -> list[dict]:
    """The warnings printed in ``text`` (a cell's stderr), one note each.

    Examples
    --------
    >>> err = ("/x/lib/cppcc/source.py:5: CorpusWarning: /c/a.txt: line 3: region '鼓楼区' is ambiguous\\n"
    ...        "  warnings.warn(msg)\\n/x/pandas/core.py:10: FutureWarning: the default will change\\n")
    >>> for n in notes_from_text(err, "01"):
    ...     print(n["file"], n["line"], n["note"])
    /c/a.txt 3 CorpusWarning: region '鼓楼区' is ambiguous
    01 (cell 0) None FutureWarning: the default will change
    """
    notes = []
    for m in _WARNING.finditer(text):
        lines = [ln for ln in m["message"].splitlines() if ln.strip()]
        # the warnings module prints the source line under the message, indented: not part of it
        while len(lines) > 1 and lines[-1].startswith(" "):
            lines.pop()
        notes.append(_note(page, cell, m["category"], "\n".join(lines)))
    if not notes and text.strip():
        notes.append({"page": page, "file": f"{page} (cell {cell})", "line": None,
                      "note": " ".join(text.split())[:500]})
    return notes


def take_notes(nb, page: str) -> list[dict]:
    """Take warnings, tracebacks and widget reprs out of an executed notebook (in place).

    Returns the notes (``page``, ``file``, ``line``, ``note``): one per warning printed on stderr.
    Error outputs keep one line (``ename: evalue``) and no traceback; widget outputs become
    :data:`WIDGET_NOTE`.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("x")
    >>> cell.outputs = [nbformat.v4.new_output("stream", name="stderr",
    ...                 text="/p/cppcc/x.py:9: CorpusWarning: b.txt: line 2: no speech header found\\n"),
    ...                 nbformat.v4.new_output("error", ename="KeyError", evalue="'x'",
    ...                                        traceback=["Traceback (most recent call last)", "..."])]
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> take_notes(nb, "01")
    [{'page': '01', 'file': 'b.txt', 'line': 2, 'note': 'CorpusWarning: no speech header found'}]
    >>> [(o.output_type, o.get("traceback")) for o in nb.cells[0].outputs]
    [('error', ["KeyError: 'x'"])]
    """
    import nbformat

    notes: list[dict] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream" and out.get("name") == "stderr":
                notes += notes_from_text(out.get("text", ""), page, i)
                continue
            if kind == "error":  # one line, never the traceback (the build fails and names the cell)
                evalue = " ".join(str(out.get("evalue", "")).split())[:300]
                out["traceback"] = [f"{out.get('ename')}: {evalue}"]
            elif kind in ("display_data", "execute_result") and _WIDGET_MIME in out.get("data", {}):
                out = nbformat.v4.new_output("display_data", data={"text/markdown": WIDGET_NOTE})
            kept.append(out)
        cell.outputs = kept
    return notes


def _plain(markdown: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # links and images: their text
    text = re.sub(r"<[^>]+>|[*_`#>]|\\(?=\S)", "", text)
    return html.unescape(" ".join(text.split()))


def _caption(cells, i: int, j: int) -> str:
    """The text that follows output ``j`` of cell ``i``: the next Markdown output or cell."""
    for k in range(i, len(cells)):
        cell = cells[k]
        if cell.cell_type == "markdown":
            text = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith("#"))
            if text.strip():
                return _plain(text)
            continue
        for out in cell.get("outputs", [])[(j + 1 if k == i else 0):]:
            md = out.get("data", {}).get("text/markdown")
            if md:
                return _plain(md)
    return ""


def _heading(cells, i: int) -> str:
    for k in range(i, -1, -1):
        if cells[k].cell_type == "markdown":
            m = re.findall(r"^#+\s+(.+)$", cells[k].source, re.M)
            if m:
                return _plain(m[-1])
    return ""


def add_alt_text(nb, limit: int = 300) -> int:
    """Give every PNG figure of ``nb`` an ``alt`` text from its caption (in place; returns how many).

    The caption is the text that follows the figure on the page (the paragraph or finding sentence
    right after it), cut to ``limit`` characters at a sentence end when it can be; a figure followed
    by no text is described by the heading of its section.

    Examples
    --------
    >>> import nbformat
    >>> fig = nbformat.v4.new_code_cell("plot()")
    >>> fig.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})]
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## Rates"), fig,
    ...     nbformat.v4.new_markdown_cell("Left: the **rate** per region. Right: its neighbours.")])
    >>> add_alt_text(nb), nb.cells[1].outputs[0].metadata["image/png"]["alt"]
    (1, 'Figure: Left: the rate per region. Right: its neighbours.')
    """
    done = 0
    for i, cell in enumerate(nb.cells):
        for j, out in enumerate(cell.get("outputs", [])):
            if "image/png" not in out.get("data", {}):
                continue
            text = _caption(nb.cells, i, j) or _heading(nb.cells, i) or "a figure of this notebook"
            if len(text) > limit:
                cut = text[:limit]
                end = max(cut.rfind(". "), cut.rfind("。"))
                text = cut[:end + 1] if end > limit // 3 else cut.rstrip() + "…"
            meta = out.setdefault("metadata", {})
            meta.setdefault("image/png", {})["alt"] = f"Figure: {text}"
            done += 1
    return done


# --------------------------------------------------------------------------- the HTML pass
_URL_ATTR = re.compile(r"""(\s(?:href|src|action|formaction|poster|data|xlink:href)\s*=\s*)"""
                       r"""("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_BAD_URL = re.compile(r"^\s*(?:javascript|vbscript|data:text/html|file)\s*:", re.I)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_LOADING_TAG = re.compile(r"<(img|script|iframe|link|source|video|audio|embed|object|input)\b[^>]*>", re.I)


def _url_value(raw: str) -> str:
    value = raw[1:-1] if raw[:1] in "\"'" else raw
    value = html.unescape(value)
    return re.sub(r"[\x00-\x20]", "", value)


def scrub_html(page: str) -> str:
    """Remove every ``javascript:``/``vbscript:`` URL, and every URL an element would load from
    another host (``<img src="http://…">``), from an HTML page; links to other sites stay.

    Examples
    --------
    >>> scrub_html('<a href="javascript:alert(1)">看</a><img src="http://x.org/t.png">'
    ...            '<a href="a.html">ok</a>')
    '<a href="#">看</a><img src=""><a href="a.html">ok</a>'
    >>> scrub_html('<a href="JaVa&#115;cript:x">a</a><a href="https://example.org">b</a>')
    '<a href="#">a</a><a href="https://example.org">b</a>'
    """
    def attr(m: re.Match) -> str:
        value = _url_value(m.group(2))
        if _BAD_URL.match(value):
            return f'{m.group(1)}"#"'
        return m.group(0)

    def tag(m: re.Match) -> str:
        def remote(a: re.Match) -> str:
            if a.group(1).strip().lower().startswith(("src", "href", "data", "poster")) \
                    and _REMOTE.match(_url_value(a.group(2))):
                return f'{a.group(1)}""'
            return a.group(0)
        return _URL_ATTR.sub(remote, m.group(0))

    page = _URL_ATTR.sub(attr, page)
    return _LOADING_TAG.sub(tag, page)


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ZH_PUNCT = r"\u3000-\u303f\uff01-\uff5e“”‘’…"
_ZH_RUN = re.compile(rf"[{_HAN}](?:[{_HAN}{_ZH_PUNCT}·—\d]*[{_HAN}{_ZH_PUNCT}])?")
_SKIP = re.compile(r"<(script|style|title|textarea|code|pre)\b.*?</\1\s*>", re.S | re.I)


def mark_chinese(body: str) -> str:
    """Wrap each run of Chinese text in ``<span lang="zh">`` (outside tags, scripts, styles and code),
    so that screen readers and fonts treat it as Chinese on an English page.

    Examples
    --------
    >>> mark_chinese('<p>The term 委员之家 (<i>members’ home</i>) occurs.</p><script>"政协"</script>')
    '<p>The term <span lang="zh">委员之家</span> (<i>members’ home</i>) occurs.</p><script>"政协"</script>'
    """
    out, pos = [], 0
    for m in _SKIP.finditer(body):
        out.append(_mark_text(body[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_mark_text(body[pos:]))
    return "".join(out)


def _mark_text(chunk: str) -> str:
    parts = re.split(r"(<[^>]*>)", chunk)
    def span(m: re.Match) -> str:
        return f'<span lang="zh">{m.group(0)}</span>'

    return "".join(p if p.startswith("<") else _ZH_RUN.sub(span, p) for p in parts)


def finish_page(page: str, citation: str = "", lang: str = "en") -> str:
    """The last pass over a page of the site: CSP, scrubbed URLs, ``lang``, Chinese runs marked, the
    citation block (HTML) before ``</body>``.

    Examples
    --------
    >>> out = finish_page('<html lang="en"><head></head><body><p>政协 <a href="javascript:x">a</a></p>'
    ...                   '</body></html>', citation='<footer>cite</footer>')
    >>> 'Content-Security-Policy' in out, 'javascript:' in out, '<span lang="zh">政协</span>' in out
    (True, False, True)
    >>> out.index("<footer>cite</footer>") < out.index("</body>")
    True
    """
    page = scrub_html(page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    # the tag itself, never the words: a page (or corpus text on it) may mention the policy by name
    if not re.search(r'<meta\s+http-equiv="Content-Security-Policy"', page, re.I):
        page = re.sub(r"<head([^>]*)>", lambda m: f"<head{m.group(1)}>{meta}", page, count=1)
    page = re.sub(r"<html\b[^>]*>", f'<html lang="{lang}">', page, count=1)
    m = re.search(r"<body[^>]*>", page)
    if m:
        end = page.rfind("</body>")
        end = end if end > m.end() else len(page)
        page = page[:m.end()] + mark_chinese(page[m.end():end]) + citation + page[end:]
    return page
