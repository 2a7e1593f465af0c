"""Figures of text reuse: a network of units that share passages, and one aligned pair of passages."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from rapidfuzz.distance import Indel

if TYPE_CHECKING:  # networkx is imported where a graph is built or drawn (0.1 s at import)
    import networkx as nx

from ._style import DIFF_FILLS, GREY, region_palette, require, styled

__all__ = ["reuse_network", "reuse_alignment", "reuse_graph"]

_GREY = GREY
#: one colour per kind of difference (Okabe–Ito vermilion and blue, as light fills)
_ONLY_A, _ONLY_B = DIFF_FILLS


def reuse_graph(summary: pd.DataFrame, units: list[str] | None = None) -> nx.DiGraph:
    """The reuse network as a graph: units as nodes, one edge per pair sharing non-stock characters.

    An edge runs from the unit with the earlier date to the later one (``directed=True``) when
    ``summary`` has ``date_a``/``date_b`` and they differ; otherwise it runs from ``unit_a`` to
    ``unit_b`` with ``directed=False``. Edge attributes: ``chars``, ``passages``, ``directed``.

    Examples
    --------
    >>> s = pd.DataFrame({"unit_a": ["甲县"], "unit_b": ["乙市"], "chars": [120], "passages": [2],
    ...                   "date_a": pd.to_datetime(["2022-01-01"]), "date_b": pd.to_datetime(["2021-01-01"])})
    >>> g = reuse_graph(s)
    >>> list(g.edges(data=True))
    [('乙市', '甲县', {'chars': 120, 'passages': 2, 'directed': True})]
    """
    import networkx as nx
    require(summary, ["unit_a", "unit_b", "chars", "passages"], "summary")
    g = nx.DiGraph()
    g.add_nodes_from(units if units is not None else pd.unique(summary[["unit_a", "unit_b"]].values.ravel()))
    for row in summary[summary["chars"] > 0].to_dict("records"):
        a, b = row["unit_a"], row["unit_b"]
        da, db = row.get("date_a"), row.get("date_b")
        directed = bool(pd.notna(da) and pd.notna(db) and da != db)
        if directed and db < da:
            a, b = b, a
        g.add_edge(a, b, chars=int(row["chars"]), passages=int(row["passages"]), directed=directed)
    return g


@styled
def reuse_network(summary: pd.DataFrame, units: list[str] | None = None, *, seed: int = 0,
                  title: str | None = None) -> Figure:
    """Units as nodes, shared characters as edges (width), arrows from the earlier to the later text.

    Parameters
    ----------
    summary : DataFrame
        :func:`cppcc.reuse_summary` (``unit_a``, ``unit_b``, ``chars``, ``passages``; ``date_a`` and
        ``date_b`` give the direction where they differ).
    units : list of str, optional
        All units to show (also those sharing nothing), in the order that sets their colours
        (:func:`region_palette`); default: the units of ``summary``.
    seed : int, default 0
        Seed of the spring layout used for more than 30 units (up to 30 sit on a circle); fixed, so
        the figure is the same on every run.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> s = pd.DataFrame({"unit_a": ["甲县"], "unit_b": ["乙市"], "chars": [120], "passages": [2]})
    >>> fig = reuse_network(s, units=["甲县", "乙市", "丙省"])
    >>> len(fig.axes)
    1
    """
    import networkx as nx
    g = reuse_graph(summary, units)
    fig, ax = plt.subplots(figsize=(7.5, 6))
    ax.set_axis_off()
    ax.set_title(title or "文本复用网络 Text reuse: shared characters between units")
    if g.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "无数据 no data", ha="center", va="center", transform=ax.transAxes, color=_GREY)
        return fig
    # units on a circle (readable up to a few dozen); a seeded spring layout beyond that
    small = g.number_of_nodes() <= 30
    pos = nx.circular_layout(g) if small else nx.spring_layout(g, seed=seed, weight="chars")
    ax.margins(0.18)
    colours = region_palette(list(g.nodes))
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=[colours[n] for n in g.nodes], node_size=500, alpha=0.9)
    nx.draw_networkx_labels(g, pos, ax=ax, font_family=plt.rcParams["font.family"], font_size=9,
                            verticalalignment="bottom", labels={n: f"{n}\n" for n in g.nodes})
    if g.number_of_edges():
        top = max(d["chars"] for *_, d in g.edges(data=True))
        for directed in (True, False):
            edges = [(a, b) for a, b, d in g.edges(data=True) if d["directed"] == directed]
            if not edges:
                continue
            nx.draw_networkx_edges(g, pos, ax=ax, edgelist=edges, arrows=True,
                                   arrowstyle="-|>" if directed else "-", arrowsize=14,
                                   edge_color=_GREY, node_size=500,
                                   width=[0.8 + 5 * g.edges[e]["chars"] / top for e in edges])
        edge_labels = {(a, b): f"{d['chars']:,}" for a, b, d in g.edges(data=True)}
        nx.draw_networkx_edge_labels(g, pos, ax=ax, font_size=8, font_family=plt.rcParams["font.family"],
                                     edge_labels=edge_labels)
        note = "edge: matching characters of non-stock passages; arrow: from the earlier to the later text"
    else:
        note = "no passages shared beyond stock formulas"
    ax.text(0.5, -0.02, note, ha="center", va="top", transform=ax.transAxes, fontsize=8, color="#555555")
    return fig


def _grid(ax, text: str, marks: list[bool], colour: str, width: int) -> None:
    """Draw ``text`` one character per cell, ``width`` cells a row, marked cells filled."""
    for i, (ch, marked) in enumerate(zip(text, marks)):
        x, y = i % width, -(i // width)
        if marked:
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, color=colour, lw=0))
        if ch not in " \n":
            ax.text(x, y, ch, ha="center", va="center", fontsize=10)
    rows = max(1, -(-len(text) // width))
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-rows + 0.4, 0.6)
    ax.set_axis_off()


@styled
def reuse_alignment(row: Mapping[str, Any] | pd.Series, *, labels: Mapping[str, str] | None = None,
                    width: int = 22, max_chars: int = 440, title: str | None = None) -> Figure:
    """Two aligned passages side by side, the characters that differ highlighted.

    Parameters
    ----------
    row : mapping or Series
        One row of :func:`cppcc.text_reuse` (``doc_a``, ``doc_b``, ``text_a``, ``text_b``, ``chars``,
        ``identity``).
    labels : mapping, optional
        doc_id → label for the panel titles (e.g. :func:`speech_labels`); default: the doc_ids.
    width : int, default 22
        Characters per row.
    max_chars : int, default 440
        Longer passages are cut (the title says so).
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> row = {"doc_a": "a", "doc_b": "b", "text_a": "每年开展两次协商", "text_b": "每年开展三次协商",
    ...        "chars": 7, "identity": 0.875}
    >>> fig = reuse_alignment(row)
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    """
    missing = [c for c in ("doc_a", "doc_b", "text_a", "text_b", "chars", "identity") if c not in row]
    if missing:
        raise ValueError(f"row lacks {missing}; pass one row of cppcc.text_reuse(...)")
    a, b = str(row["text_a"]), str(row["text_b"])
    only_a, only_b = [True] * len(a), [True] * len(b)
    for o in Indel.opcodes(a, b):
        if o.tag == "equal":
            only_a[o.src_start:o.src_end] = [False] * (o.src_end - o.src_start)
            only_b[o.dest_start:o.dest_end] = [False] * (o.dest_end - o.dest_start)
    cut = max(len(a), len(b)) > max_chars
    a, b, only_a, only_b = a[:max_chars], b[:max_chars], only_a[:max_chars], only_b[:max_chars]
    rows = max(1, -(-max(len(a), len(b)) // width))
    fig, axes = plt.subplots(1, 2, figsize=(2 * (0.26 * width + 0.4), 0.3 * rows + 1.5))
    names = labels or {}
    for ax, text, marks, colour, doc in ((axes[0], a, only_a, _ONLY_A, row["doc_a"]),
                                         (axes[1], b, only_b, _ONLY_B, row["doc_b"])):
        _grid(ax, text, marks, colour, width)
        ax.set_title(str(names.get(doc, doc)), fontsize=10)
        ax.set_ylim(-rows + 0.4, 0.6)
    default = (f"对齐段落 Aligned passages: {int(row['chars'])} matching characters, "
               f"identity {float(row['identity']):.2f}" + (f" (first {max_chars} characters)" if cut else ""))
    fig.suptitle(title or default, fontsize=11)
    fig.legend(handles=[Patch(color=_ONLY_A, label="only in the left passage"),
                        Patch(color=_ONLY_B, label="only in the right passage")],
               loc="lower center", ncol=2, frameon=False, fontsize=8)
    height = fig.get_figheight()  # room in inches for the title, the panel titles and the legend
    fig.subplots_adjust(left=0.02, right=0.98, top=1 - 0.85 / height, bottom=0.4 / height, wspace=0.08)
    return fig
