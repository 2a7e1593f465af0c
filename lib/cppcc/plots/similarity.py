"""Figures comparing documents: the similarity heatmap with its dendrogram."""
from __future__ import annotations


import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import (
    _doc_colours, _empty, _labels_for, styled,
)

__all__ = ["similarity_heatmap"]


@styled
def similarity_heatmap(
    sim: pd.DataFrame,
    speeches: pd.DataFrame | None = None,
    method: str = "average",
    annotate: bool | None = None,
) -> Figure:
    """Document × document similarity, rows and columns in dendrogram order, dendrogram on top.

    Parameters
    ----------
    sim : DataFrame
        Square similarity matrix (index and columns the same doc_ids), e.g. :func:`cppcc.similarity`.
    speeches : DataFrame, optional
        For speech labels (``speaker · unit``) and region colours.
    method : str, default "average"
        Linkage method of :func:`scipy.cluster.hierarchy.linkage` on the distance 1 − similarity
        (with optimal leaf ordering).
    annotate : bool, optional
        Write the values in the cells (default: when there are at most 20 documents).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> toks = cppcc.tokens(s)
    >>> fig = similarity_heatmap(cppcc.similarity(toks), speeches=s)
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    from scipy.cluster.hierarchy import dendrogram, linkage
    from scipy.spatial.distance import squareform

    if not isinstance(sim, pd.DataFrame):
        raise TypeError(f"sim must be a square pandas DataFrame, got {type(sim).__name__}")
    idx = [str(i) for i in sim.index]
    if sim.shape[0] != sim.shape[1] or set(idx) != {str(c) for c in sim.columns}:
        raise ValueError(
            f"sim must be square with the same labels on index and columns; got shape {sim.shape}"
        )
    m = sim.copy()
    m.index, m.columns = idx, [str(c) for c in sim.columns]
    m = m.loc[idx, idx].astype(float)
    n = len(idx)
    title = "文本相似度 Document similarity (cosine, TF-IDF)"
    fig = plt.figure(figsize=(2.8 + 0.62 * max(n, 2), 2.6 + 0.55 * max(n, 2)), layout="constrained")
    gs = fig.add_gridspec(2, 2, height_ratios=[1, 3.2], width_ratios=[30, 1])
    ax_d, ax, cax = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[1, 0]), fig.add_subplot(gs[1, 1])
    ax_d.set_axis_off()
    if n == 0:
        cax.set_axis_off()
        return _empty(fig, ax, title)
    order = list(range(n))
    if n >= 2:
        dist = np.clip(1.0 - m.to_numpy(), 0.0, None)
        dist = (dist + dist.T) / 2
        np.fill_diagonal(dist, 0.0)
        Z = linkage(squareform(dist, checks=False), method=method, optimal_ordering=True)
        d = dendrogram(Z, ax=ax_d, no_labels=True, color_threshold=0, above_threshold_color="0.35")
        order = [int(i) for i in d["leaves"]]
        ax_d.set_xlim(0, 10 * n)
        ax_d.set_title(title)
    else:
        ax.set_title(title)
    docs = [idx[i] for i in order]
    mat = m.loc[docs, docs].to_numpy()
    im = ax.imshow(mat, cmap="YlGnBu", vmin=0, vmax=1, aspect="auto")
    labels = _labels_for(speeches, docs)
    ax.set_xticks(range(n), [labels[d] for d in docs], rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n), [labels[d] for d in docs])
    colours = _doc_colours(speeches, docs) if speeches is not None else {}
    for tl, d in zip(ax.get_yticklabels(), docs):
        tl.set_color(colours.get(d, "black"))
    for tl, d in zip(ax.get_xticklabels(), docs):
        tl.set_color(colours.get(d, "black"))
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    if annotate if annotate is not None else n <= 20:
        for i in range(n):
            for j in range(n):
                ax.text(
                    j,
                    i,
                    f"{mat[i, j]:.2f}",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if mat[i, j] > 0.6 else "black",
                )
    fig.colorbar(im, cax=cax).set_label("余弦相似度 cosine similarity")
    return fig
