"""The interactive term explorer of notebook 06 (ipywidgets), and its rendering path.

In JupyterLab a figure created inside a widget callback is also picked up by matplotlib's inline
backend, so a figure shown in an ``Output`` widget can reach the browser twice, once half drawn.
The explorer therefore never displays a matplotlib figure: :func:`figure_png` renders it to PNG
bytes on an opaque background and closes it, and the bytes go into one ``ipywidgets.Image`` that
each lookup replaces. Tables go into an ``Output`` widget below it.
"""
from __future__ import annotations

import io
from typing import Any

import pandas as pd

__all__ = ["figure_png", "explorer_lookup", "term_explorer", "kwic_html", "KWIC_PAGE"]


def figure_png(fig: Any, dpi: int = 100) -> bytes:
    """Render a matplotlib figure to PNG bytes (white background) and close it.

    Closing the figure keeps the inline backend from sending it a second time.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int, default 100

    Returns
    -------
    bytes
        A complete PNG image.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> png = figure_png(fig)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", plt.fignum_exists(fig.number)
    (True, False)
    """
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white", transparent=False)
    finally:
        plt.close(fig)
    return buf.getvalue()


def explorer_lookup(term: str, speeches: pd.DataFrame, tokens: pd.DataFrame, by: str = "region",
                    glossary: dict[str, str] | None = None
                    ) -> tuple[str, bytes | None, dict[str, pd.DataFrame]]:
    """One lookup of the explorer: a summary line, the figure as PNG bytes (None if no match), the report.

    Parameters
    ----------
    term : str
        The query (Simplified or Traditional); surrounding whitespace is ignored.
    speeches, tokens : DataFrame
        From :func:`cppcc.load_speeches` and :func:`cppcc.tokens`.
    by : str, default "region"
        Grouping of the rate panel.
    glossary : mapping, optional
        ``term`` → English gloss, for bilingual labels.

    Returns
    -------
    tuple
        ``(summary, png, report)``; ``report`` is :func:`cppcc.term_report`'s dict (empty for an empty query).

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> toks = cppcc.tokens(s, cache=True)
    >>> line, png, rep = explorer_lookup("委員之家", s, toks)
    >>> line.startswith("委员之家: ") and png[:4] == b"\\x89PNG"
    True
    >>> explorer_lookup("  ", s, toks)[:2]
    ('Type a term, e.g. 委员之家 or 有事好商量.', None)
    """
    from .explore import term_figure, term_report

    term = term.strip()
    if not term:
        return "Type a term, e.g. 委员之家 or 有事好商量.", None, {}
    rep = term_report(term, speeches, tokens, by=by)
    s = rep["summary"].iloc[0]
    n, d = int(s["matches"]), int(s["documents"])
    line = (f"{s['term']}: {n} occurrence{'s' if n != 1 else ''} in {d} "
            f"document{'s' if d != 1 else ''}.")
    if n == 0:
        return line, None, rep
    return line, figure_png(term_figure(rep, speeches=speeches, glossary=glossary)), rep


KWIC_PAGE = 20  # KWIC lines per page of the explorer

# inline styles (they hold in JupyterLab and in the site, whose stylesheet left-aligns table cells)
_CELL = "padding:0.15em 0.5em;vertical-align:top;border-bottom:1px solid #eee;"
_KWIC_STYLE = {"left": "text-align:right !important;white-space:nowrap;",
               "match": "text-align:center !important;white-space:nowrap;font-weight:bold;",
               "right": "text-align:left !important;white-space:nowrap;"}


def kwic_html(kwic: pd.DataFrame, start: int = 0, size: int | None = None,
              columns: tuple[str, ...] = ("speaker", "region", "left", "match", "right")) -> str:
    """KWIC lines as an HTML table that reads as a concordance: the left context right-aligned against
    the keyword, the keyword on one line (never wrapped), the right context left-aligned.

    Parameters
    ----------
    kwic : DataFrame
        :func:`cppcc.kwic` (or ``term_report(...)["kwic"]``).
    start, size : int
        The lines shown: ``kwic.iloc[start:start + size]`` (all lines when ``size`` is None).
    columns : the columns shown, those ``kwic`` has, in this order.

    Every value is HTML-escaped; a missing one shows as an empty cell.

    Examples
    --------
    >>> kw = pd.DataFrame({"speaker": ["甲", None], "left": ["以<b>乡镇", "拓展"],
    ...                    "match": ["协商平台", "协商平台"], "right": ["为依托", "建设"]})
    >>> out = kwic_html(kw, size=1)
    >>> "text-align:right" in out and "white-space:nowrap" in out, "&lt;b&gt;" in out, "拓展" in out
    (True, True, False)
    """
    import html

    from .common import is_missing

    cols = [c for c in columns if c in kwic.columns]
    rows = kwic.iloc[start:] if size is None else kwic.iloc[start:start + size]
    head = "".join(f'<th style="{_CELL}{_KWIC_STYLE.get(c, "")}">{html.escape(c)}</th>' for c in cols)
    body = []
    for rec in rows[cols].itertuples(index=False):
        cells = "".join(f'<td style="{_CELL}{_KWIC_STYLE.get(c, "")}">'
                        f'{"" if is_missing(v) else html.escape(str(v))}</td>' for c, v in zip(cols, rec))
        body.append(f"<tr>{cells}</tr>")
    return (f'<table class="cppcc-kwic" style="border-collapse:collapse"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def term_explorer(speeches: pd.DataFrame, tokens: pd.DataFrame, query: str = "委员之家",
                  glossary: dict[str, str] | None = None, lookup: bool = False, page_size: int = KWIC_PAGE):
    """The explorer widget: a term box (Enter looks it up), a grouping menu, a button, and the panel.

    The panel holds the summary line, one image (the figure as PNG, replaced on each lookup), the
    KWIC lines a page at a time (*previous* / *next*, "lines 1–20 of 90") and the co-occurring words.
    Each lookup replaces the panel's contents whole (HTML values set at once, no captured output), and a
    lookup overtaken by a newer one (a new grouping, then a new term) writes nothing: the summary and
    the tables always belong to the last term asked for.

    Parameters
    ----------
    speeches, tokens : DataFrame
        From :func:`cppcc.load_speeches` and :func:`cppcc.tokens`.
    query : str, default "委员之家"
        The term in the box at start.
    glossary : mapping, optional
        ``term`` → English gloss.
    lookup : bool, default False
        Look ``query`` up at once (otherwise the panel fills on Enter, a new grouping or the button).
    page_size : int, default :data:`KWIC_PAGE`
        KWIC lines per page.

    Returns
    -------
    ipywidgets.VBox
        With attributes ``box``, ``group``, ``button``, ``image``, ``summary``, ``kwic``, ``pager``
        (``previous``, ``next``, ``where``), ``cooccurring`` and ``refresh`` (the callback) for tests and
        scripting; ``state`` holds the current report and page.

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> ui = term_explorer(s, cppcc.tokens(s, cache=True), query="不存在的词", lookup=True)
    >>> ui.image.layout.display, ui.summary.value, ui.kwic.value
    ('none', '不存在的词: 0 occurrences in 0 documents.', '')
    """
    import html

    import ipywidgets as widgets

    box = widgets.Text(value=query, description="词语 term", continuous_update=False)
    group = widgets.Dropdown(options=["region", "speaker", "level"], value="region", description="按 by")
    button = widgets.Button(description="显示 show", tooltip="show the results for the term in the box")
    summary = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(display="none", max_width="100%"))
    kwic = widgets.HTML()
    previous = widgets.Button(description="◀ previous", layout=widgets.Layout(width="auto"))
    following = widgets.Button(description="next ▶", layout=widgets.Layout(width="auto"))
    where = widgets.HTML()
    pager = widgets.HBox([previous, where, following], layout=widgets.Layout(display="none"))
    cooccurring = widgets.HTML()
    state: dict[str, Any] = {"asked": 0, "report": {}, "start": 0}

    def show_page() -> None:
        lines = state["report"].get("kwic")
        if lines is None or lines.empty:
            kwic.value, where.value, pager.layout.display = "", "", "none"
            return
        n, start = len(lines), state["start"]
        kwic.value = kwic_html(lines, start, page_size)
        where.value = f"&nbsp;lines {start + 1}–{min(start + page_size, n)} of {n}&nbsp;"
        previous.disabled, following.disabled = start == 0, start + page_size >= n
        pager.layout.display = "flex" if n > page_size else "none"

    def turn(step: int) -> None:
        n = len(state["report"].get("kwic", ()))
        state["start"] = min(max(0, state["start"] + step * page_size), max(0, n - 1))
        show_page()

    def refresh(_: Any = None) -> None:
        state["asked"] += 1
        asked = state["asked"]
        line, png, rep = explorer_lookup(box.value, speeches, tokens, by=group.value, glossary=glossary)
        if asked != state["asked"]:  # a newer lookup started meanwhile: it writes the panel
            return
        state["report"], state["start"] = rep, 0
        summary.value = html.escape(line)
        image.value = png or b""
        image.layout.display = "none" if png is None else "block"
        show_page()
        co = rep.get("cooccurring")
        table = "" if png is None or co is None or co.empty else co.round(2).to_html(index=False, escape=True)
        cooccurring.value = f"<b>共现词 Co-occurring words</b>{table}" if table else ""

    box.observe(refresh, names="value")
    group.observe(refresh, names="value")
    button.on_click(refresh)
    previous.on_click(lambda _: turn(-1))
    following.on_click(lambda _: turn(1))
    ui = widgets.VBox([widgets.HBox([box, group, button]), summary, image, kwic, pager, cooccurring])
    ui.add_class("cppcc-explorer")
    ui.box, ui.group, ui.button, ui.image, ui.summary = box, group, button, image, summary
    ui.kwic, ui.pager, ui.previous, ui.next = kwic, pager, previous, following
    ui.where, ui.cooccurring = where, cooccurring
    ui.refresh, ui.state = refresh, state
    if lookup:
        refresh()
    return ui
