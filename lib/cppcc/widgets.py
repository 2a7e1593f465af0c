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

__all__ = ["figure_png", "explorer_lookup", "term_explorer"]


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
            f"speech{'es' if d != 1 else ''}.")
    if n == 0:
        return line, None, rep
    return line, figure_png(term_figure(rep, speeches=speeches, glossary=glossary)), rep


def term_explorer(speeches: pd.DataFrame, tokens: pd.DataFrame, query: str = "委员之家",
                  glossary: dict[str, str] | None = None, lookup: bool = False):
    """The explorer widget: a term box (Enter looks it up), a grouping menu, a button, and the panel.

    The panel holds the summary line, one image (the figure as PNG, replaced on each lookup) and the
    KWIC and co-occurrence tables.

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

    Returns
    -------
    ipywidgets.VBox
        With attributes ``box``, ``group``, ``button``, ``image``, ``summary``, ``tables`` and
        ``refresh`` (the callback) for tests and scripting.

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> ui = term_explorer(s, cppcc.tokens(s, cache=True), query="不存在的词", lookup=True)
    >>> ui.image.layout.display, ui.summary.value
    ('none', '不存在的词: 0 occurrences in 0 speeches.')
    """
    import html

    import ipywidgets as widgets
    from IPython.display import display

    box = widgets.Text(value=query, description="词语 term", continuous_update=False)
    group = widgets.Dropdown(options=["region", "speaker", "level"], value="region", description="按 by")
    button = widgets.Button(description="显示 show", tooltip="show the results for the term in the box")
    summary = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(display="none", max_width="100%"))
    tables = widgets.Output()

    def refresh(_: Any = None) -> None:
        line, png, rep = explorer_lookup(box.value, speeches, tokens, by=group.value, glossary=glossary)
        summary.value = html.escape(line)
        if png is None:
            image.layout.display = "none"
            image.value = b""
        else:
            image.value = png
            image.layout.display = "block"
        tables.outputs = ()  # cleared at once (clear_output(wait=True) would wait for the next output)
        if png is None:
            return
        with tables:
            cols = [c for c in ("speaker", "region", "left", "match", "right") if c in rep["kwic"].columns]
            display(rep["kwic"][cols])
            display(rep["cooccurring"].round(2))

    box.observe(refresh, names="value")
    group.observe(refresh, names="value")
    button.on_click(refresh)
    ui = widgets.VBox([widgets.HBox([box, group, button]), summary, image, tables])
    ui.add_class("cppcc-explorer")
    ui.box, ui.group, ui.button, ui.image, ui.summary, ui.tables, ui.refresh = (
        box, group, button, image, summary, tables, refresh)
    if lookup:
        refresh()
    return ui
