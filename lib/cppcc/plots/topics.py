"""Figures of topic models: choosing k, and topic prevalence by a covariate with intervals.

Both draw the frames they are given (:func:`cppcc.topics_search`, ``TopicsResult.effects``) and
compute nothing.
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import GREY, LEVEL_LABELS, NEUTRAL, level_palette, region_palette, require, styled

__all__ = ["topics_search_chart", "topic_prevalence_chart"]

_PANELS = (("heldout_ll", "留出对数似然 Held-out log-likelihood\nper word (higher is better)"),
           ("coherence", "语义连贯性 Semantic coherence\n(UMass, higher is better)"),
           ("exclusivity", "排他性 Exclusivity\n(higher is better)"))


@styled
def topics_search_chart(search: pd.DataFrame, *, chosen: int | None = None,
                        title: str | None = None) -> Figure:
    """Held-out log-likelihood, coherence and exclusivity against the number of topics.

    Parameters
    ----------
    search : DataFrame
        :func:`cppcc.topics_search` (``k``, ``heldout_ll``, ``coherence``, ``exclusivity``).
    chosen : int, optional
        A k to mark (the one the analysis uses).
    title : str, optional

    Examples
    --------
    >>> s = pd.DataFrame({"k": [9, 10, 12], "heldout_ll": [-6.0, -5.9, -6.1],
    ...                   "coherence": [-30.0, -32.0, -31.0], "exclusivity": [0.9, 0.92, 0.88]})
    >>> fig = topics_search_chart(s, chosen=10)
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['主题数 k (topics)', '主题数 k (topics)', '主题数 k (topics)']
    """
    require(search, ["k", *(c for c, _ in _PANELS)], "search", "topics_search_chart")
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), layout="constrained")
    fig.suptitle(title or "选择主题数 Choosing the number of topics")
    ks = search["k"].to_numpy()
    for ax, (col, label) in zip(axes, _PANELS):
        ax.plot(ks, search[col].to_numpy(dtype=float), marker="o", color=NEUTRAL)
        if chosen is not None and chosen in set(ks):
            y = float(search.loc[search["k"] == chosen, col].iloc[0])
            ax.plot([chosen], [y], marker="o", markersize=11, markerfacecolor="none", color="#D55E00",
                    linestyle="none")
        ax.set_xticks(ks)
        ax.set_xlabel("主题数 k (topics)")
        ax.set_title(label, fontsize=10)
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
    if chosen is not None:
        fig.legend(handles=[Line2D([], [], marker="o", markersize=9, markerfacecolor="none", color="#D55E00",
                                   linestyle="none", label=f"k = {chosen} (used)")],
                   loc="outside lower center", frameon=False, fontsize=8)
    return fig


def _value_colours(values: list[str]) -> dict[str, str]:
    if values and set(values) <= set(level_palette()) | {"<NA>"}:
        return {v: level_palette().get(v, GREY) for v in values}
    return region_palette(values)


@styled
def topic_prevalence_chart(effects: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                           title: str | None = None) -> Figure:
    """Each topic's prevalence at each value of a covariate: a dot and its interval.

    Parameters
    ----------
    effects : DataFrame
        ``TopicsResult.effects(covariate)`` (``topic``, ``value``, ``estimate``, ``low``, ``high``),
        filtered to the topics to show; topics are drawn top to bottom in the frame's order.
    labels : mapping, optional
        Topic name -> label for the axis (e.g. ``TopicsResult.labels``).
    title : str, optional

    Examples
    --------
    >>> e = pd.DataFrame({"topic": ["a", "a", "b", "b"], "value": ["county", "province"] * 2,
    ...                   "estimate": [0.5, 0.1, 0.2, 0.4], "low": [0.4, 0.05, 0.1, 0.3],
    ...                   "high": [0.6, 0.15, 0.3, 0.5]})
    >>> fig = topic_prevalence_chart(e, labels={"a": "grassroots"})
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['grassroots', 'b']
    """
    require(effects, ["topic", "value", "estimate", "low", "high"], "effects", "topic_prevalence_chart")
    topics = list(dict.fromkeys(effects["topic"].astype(str)))
    values = list(dict.fromkeys(effects["value"].astype(str)))
    if set(values) <= set(LEVEL_LABELS) | {"<NA>"}:
        values = [v for v in (*LEVEL_LABELS, "<NA>") if v in values]
    colours = _value_colours(values)
    names = dict(labels or {})
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.42 * len(topics) * max(1, len(values)) ** 0.5),
                           layout="constrained")
    ax.set_title(title or f"主题比重 Topic prevalence by {effects.attrs.get('covariate', 'value')}"
                 f" ({effects.attrs.get('level', 0.95):.0%} intervals)")
    if effects.empty:
        ax.text(0.5, 0.5, "无数据 no data", ha="center", va="center", transform=ax.transAxes, color=GREY)
        return fig
    step = 0.7 / max(len(values), 1)
    for j, v in enumerate(values):
        rows = effects[effects["value"].astype(str) == v].set_index(effects["topic"].astype(str)
                                                                    [effects["value"].astype(str) == v])
        rows = rows.reindex(topics)
        y = np.arange(len(topics)) + (j - (len(values) - 1) / 2) * step
        err = [rows["estimate"] - rows["low"], rows["high"] - rows["estimate"]]
        ax.errorbar(rows["estimate"], y, xerr=err,
                    fmt="o", color=colours[v], ecolor=colours[v], elinewidth=1.4, capsize=2, markersize=5,
                    label=LEVEL_LABELS.get(v, v))
    ax.set_yticks(np.arange(len(topics)), [names.get(t, t) for t in topics])
    ax.invert_yaxis()
    ax.set_xlabel("比重 share of the words (prevalence)")
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=min(len(values), 6),
               frameon=False, fontsize=8)
    return fig
