"""Figures of word networks: the co-occurrence network with its communities."""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

if TYPE_CHECKING:  # networkx is imported where a graph is built or drawn (0.1 s at import)
    import networkx as nx

from ._style import (
    GREY, _empty, _gloss_map, _wrap, community_palette, styled,
)

__all__ = ["cooccurrence_network"]


def _association_attr(g: nx.Graph, association: str | None) -> str:
    """``association``, else the measure :func:`cppcc.cooccurrence` records in ``graph.graph["measure"]``."""
    attrs: set[str] = set()
    for *_, data in g.edges(data=True):
        attrs.update(k for k, v in data.items() if isinstance(v, (int, float, np.number)))
    if association is None and not g.number_of_edges():
        return str(g.graph.get("measure") or "count")  # nothing to draw: no measure needed
    if association is None:
        association = g.graph.get("measure")
        if not (isinstance(association, str) and association):
            raise ValueError("cooccurrence_network: graph.graph has no 'measure' (set by cppcc.cooccurrence);"
                             f" pass association= (one of the edge attributes {sorted(attrs)})")
    if g.number_of_edges() and association not in attrs:
        raise ValueError(f"cooccurrence_network: graph edges have no numeric attribute {association!r}; "
                         f"they have {sorted(attrs)}")
    return association


def _network_subgraph(
    graph: nx.Graph, top_n: int, assoc: str, max_edges: int | None
) -> tuple[nx.Graph, list[str]]:
    """The drawn subgraph (top nodes, strongest edges, widths rescaled to (0.1, 1]) and the isolated words."""
    import networkx as nx
    nodes = sorted(graph.nodes(data="count"), key=lambda t: (-float(t[1]), str(t[0])))[:top_n]
    keep = {n for n, _ in nodes}
    edges = [
        (str(u), str(v), float(d.get(assoc, 0.0)))
        for u, v, d in graph.edges(data=True)
        if u in keep and v in keep
    ]
    edges = [(min(u, v), max(u, v), a) for u, v, a in edges]
    edges.sort(key=lambda e: (-e[2], e[0], e[1]))
    edges = sorted(edges[: (2 * top_n if max_edges is None else max_edges)], key=lambda e: (e[0], e[1]))
    vals = np.array([a for *_, a in edges])
    lo, hi = (vals.min(), vals.max()) if len(vals) else (0.0, 1.0)
    span = hi - lo if hi > lo else 1.0
    h = nx.Graph()
    linked = {u for u, v, _ in edges} | {v for u, v, _ in edges}
    h.add_nodes_from(sorted((str(n), {"count": float(c)}) for n, c in nodes if str(n) in linked))
    for u, v, a in edges:
        w = 0.1 + 0.9 * (a - lo) / span
        h.add_edge(u, v, w=w, dist=1.0 / w)
    return h, [str(n) for n, _ in nodes if str(n) not in linked]


def _communities(h: nx.Graph, gloss: Mapping[str, str]) -> tuple[dict[str, str], list[Line2D]]:
    """Node colours by community (:func:`community_palette`, grey for singletons) and legend entries."""
    import networkx as nx
    comms = nx.community.greedy_modularity_communities(h, weight="w") if h.number_of_edges() else [set(h)]
    comms = sorted(
        (sorted(c) for c in comms), key=lambda c: (-len(c), -sum(h.nodes[x]["count"] for x in c), c[0])
    )
    palette = community_palette(sum(len(c) > 1 for c in comms))  # sorted: the groups come first
    colour, legend = {}, []
    for i, c in enumerate(comms):
        col = palette[i] if len(c) > 1 else GREY
        for node in c:
            colour[node] = col
        if col != GREY:
            top3 = sorted(c, key=lambda x: (-h.nodes[x]["count"], x))[:3]
            words = "、".join(f"{t} {gloss[t]}" if t in gloss else t for t in top3)
            legend.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="",
                    color=col,
                    markersize=8,
                    label=_wrap(f"社群 community {i + 1}: {words}", 44),
                )
            )
    return colour, legend


def _draw_network(ax, h: nx.Graph, pos: dict, colour: Mapping[str, str], label_iterations: int) -> None:
    import networkx as nx
    counts = np.array([h.nodes[x]["count"] for x in h])
    cmax = counts.max()
    ew = [0.4 + 3.6 * (h.edges[e]["w"] - 0.1) / 0.9 for e in h.edges]
    nx.draw_networkx_edges(h, pos, ax=ax, width=ew, edge_color="0.55", alpha=0.45)
    nodes = nx.draw_networkx_nodes(
        h,
        pos,
        ax=ax,
        node_size=60 + 1400 * counts / cmax,
        node_color=[colour[x] for x in h],
        alpha=0.85,
        linewidths=0.5,
        edgecolors="white",
    )
    stroke = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    labels = [
        ax.text(
            pos[x][0],
            pos[x][1],
            x,
            ha="center",
            va="center",
            path_effects=stroke,
            zorder=5,
            fontsize=7.5 + 5.5 * math.sqrt(h.nodes[x]["count"] / cmax),
        )
        for x in h
    ]
    ax.margins(0.08)
    if label_iterations and len(labels) > 1:
        from adjustText import adjust_text

        # labels repel each other and the nodes; frozen layout, so that the pass is deterministic and fast
        fig = ax.figure
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
        adjust_text(
            labels,
            ax=ax,
            objects=nodes,
            iter_lim=label_iterations,
            expand=(1.15, 1.3),
            ensure_inside_axes=True,
            arrowprops=dict(arrowstyle="-", color="0.5", lw=0.4),
        )


@styled
def cooccurrence_network(
    graph: nx.Graph,
    top_n: int = 40,
    association: str | None = None,
    max_edges: int | None = None,
    seed: int = 42,
    layout: str = "kamada_kawai",
    label_iterations: int = 100,
    glossary: pd.DataFrame | Mapping[str, str] | None = None,
) -> Figure:
    """Co-occurrence network: node size by frequency, edge width by association, communities coloured.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`cppcc.cooccurrence`: node attribute ``count``; edge attribute ``count`` and an
        association measure.
    top_n : int, default 40
        The most frequent nodes to draw (ties broken by name).
    association : str, optional
        Edge attribute for the width and the layout; default the measure recorded in
        ``graph.graph["measure"]`` (by :func:`cppcc.cooccurrence`), else the first of weight, jaccard,
        npmi, pmi, log_dice, dice, g2, llr, association found on the edges, else ``count``.
    max_edges : int, optional
        Keep only the strongest edges among the drawn nodes (default ``2 * top_n``).
    seed : int, default 42
        Seed of the spring layout (nodes and edges are sorted first, so layouts are reproducible).
    layout : {"kamada_kawai", "spring"}, default "kamada_kawai"
        Kamada–Kawai (deterministic, on graph distances) or a seeded spring layout (weighted by the
        association).
    label_iterations : int, default 100
        adjustText iterations to move overlapping labels apart (0: labels stay on their nodes);
        labels are pushed off each other and off the nodes, with a thin leader line when moved.
    glossary : DataFrame or mapping, optional
        ``term`` → ``gloss_en``, e.g. :func:`cppcc.glossary` (``{}`` for none; omitting it is deprecated
        and loads the project glossary with a DeprecationWarning). The legend names each community
        bilingually by its three most frequent words, glossed where the glossary has them.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Communities are found with :func:`networkx.community.greedy_modularity_communities` on the drawn
    subgraph, weighted by the association rescaled to (0.1, 1]; the legend names each community by
    its three most frequent words (with their English glosses). Frequent words left without a drawn
    edge are listed under the network rather than dropped silently.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("协商", "政协", {"jaccard": 0.5}), ("政协", "委员", {"jaccard": 0.2})])
    >>> g.graph["measure"] = "jaccard"  # as cppcc.cooccurrence records it
    >>> nx.set_node_attributes(g, {"协商": 5, "政协": 9, "委员": 3}, "count")
    >>> fig = cooccurrence_network(g, glossary={"政协": "CPPCC"}, label_iterations=0)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['社群 community 1: 政协 CPPCC、协商、委员']
    """
    import networkx as nx
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx Graph, got {type(graph).__name__}")
    if layout not in ("kamada_kawai", "spring"):
        raise ValueError(f"layout must be 'kamada_kawai' or 'spring', got {layout!r}")
    missing = [n for n, d in graph.nodes(data=True) if "count" not in d]
    if missing:
        raise ValueError(f"graph nodes lack the 'count' attribute (e.g. {missing[:3]})")
    assoc = _association_attr(graph, association)
    if glossary is None:
        warnings.warn("cooccurrence_network without glossary= is deprecated: pass glossary=cppcc.glossary() "
                      "(or glossary={} for none)", DeprecationWarning, stacklevel=3)
        from ..mechanisms.codebook import glossary as project_glossary

        glossary = project_glossary()
    gloss = _gloss_map(glossary)
    title = "共现网络 Co-occurrence network"
    fig, ax = plt.subplots(figsize=(10.5, 8.5), layout="constrained")
    h, isolated = _network_subgraph(graph, top_n, assoc, max_edges)
    if graph.number_of_nodes() == 0 or top_n <= 0:
        return _empty(fig, ax, title)
    if h.number_of_nodes() == 0:
        _empty(fig, ax, title)
    else:
        if layout == "spring" or h.number_of_nodes() < 3:
            pos = nx.spring_layout(
                h, seed=seed, weight="w", k=2.5 / math.sqrt(h.number_of_nodes()), iterations=200
            )
        else:
            pos = nx.kamada_kawai_layout(h, weight=None)  # components side by side, by graph distance
        colour, legend = _communities(h, gloss)
        fig.suptitle(f"{title}\n节点大小 node size: 词频 frequency; 线宽 edge width: {assoc}")
        if legend:
            ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        _draw_network(ax, h, pos, colour, label_iterations)
    ax.set_axis_off()
    if isolated:
        fig.text(
            0.01,
            0.005,
            _wrap("未连线的高频词 frequent words without drawn edges: " + "、".join(isolated), 90),
            fontsize=8,
            color="0.35",
            va="bottom",
        )
    return fig
