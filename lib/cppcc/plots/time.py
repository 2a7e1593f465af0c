"""Figures of change over time: trend lines with intervals, adoption curves, Kaplan–Meier curves and the
diffusion network. They draw the frames of :mod:`cppcc.diffusion` as given and compute nothing; a
frame (or graph) marked simulated (``attrs["simulated"]``) gets a title that begins “模拟数据
SIMULATED”, in red.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import GREY, LEVEL_LABELS, community_palette, level_palette, region_palette, require, styled

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["trend_lines", "adoption_chart", "km_chart", "diffusion_network", "SIMULATED_LABEL"]

#: the stamp of every panel drawn from a simulated archive
SIMULATED_LABEL = "模拟数据 SIMULATED"
_LEVEL_ORDER = ("province", "prefecture", "county")
_RED = "#B22222"


def _stamp(fig: Figure, simulated: bool) -> None:
    """Prefix the figure's title (or each panel's) with :data:`SIMULATED_LABEL`, in red."""
    if not simulated:
        return
    sup = fig._suptitle  # matplotlib keeps the suptitle here (no public getter)
    if sup is not None and sup.get_text():
        sup.set_text(f"{SIMULATED_LABEL} · {sup.get_text()}")
        sup.set_color(_RED)
        return
    for ax in fig.axes:
        old = ax.get_title()
        ax.set_title(f"{SIMULATED_LABEL} · {old}" if old else SIMULATED_LABEL, color=_RED)


def _colours(values: list, column: str | None) -> dict:
    """Levels in the level palette, other groups (units, provinces) in the region palette, terms and
    categories in the palette of word groups."""
    if column == "level":
        lv = level_palette()
        return {v: lv.get(str(v), GREY) for v in values}
    if column in (None, "term", "category"):
        return dict(zip(values, community_palette(len(values))))
    return region_palette([str(v) for v in values])


def _label(value, column: str | None) -> str:
    return LEVEL_LABELS.get(str(value), str(value)) if column == "level" else str(value)


def _group(frame: pd.DataFrame) -> str | None:
    """The first grouping column of ``attrs["by"]`` present in ``frame`` (None: no groups)."""
    return next((g for g in frame.attrs.get("by", []) if g in frame.columns), None)


def _one_term(frame: pd.DataFrame, term: str | None) -> tuple:
    """The figure of one term: (figure, axes, the term drawn (default the first), its rows, the group
    column, the groups in order, their colours)."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    name = term if term is not None else (frame["term"].iloc[0] if len(frame) else None)
    part = frame[frame["term"] == name]
    group = _group(frame)
    hues = _ordered(list(pd.unique(part[group])), group) if group else [None]
    colours = _colours(hues, group) if group else {None: "#0072B2"}
    return fig, ax, name, part, group, hues, colours


def _empty(ax, text: str = "无数据 no data") -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color=GREY)
    ax.set_xticks([])
    ax.set_yticks([])


def _panels(n: int, ncols: int, width: float = 4.2, height: float = 3.0):
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols + 0.6, height * nrows + 0.9),
                             squeeze=False, layout="constrained")
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    return fig, axes.ravel()[:n]


@styled
def trend_lines(trend: pd.DataFrame, *, max_panels: int = 9, ncols: int = 3, max_lines: int = 4,
                title: str | None = None) -> Figure:
    """Rates per 1,000 tokens over time with their intervals (a band between periods, a bar at each).

    Parameters
    ----------
    trend : DataFrame
        :func:`cppcc.trends` (``period``, ``period_start``, ``rate``, ``rate_low``, ``rate_high``,
        ``term`` and/or ``category``, the ``by`` columns of ``attrs["by"]``).
    max_panels : int, default 9
        Most panels drawn, in the order of the frame (the title says when some are left out).
    ncols : int, default 3
        Panels per row.
    max_lines : int, default 4
        Without groups, up to this many terms or categories share one panel (a line each); more get a
        panel each. With groups (``by``), each term or category has a panel with a line per group.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["品牌"] * 3, "period": ["2019", "2020", "2021"],
    ...                   "period_start": pd.to_datetime(["2019-01-01", "2020-01-01", "2021-01-01"]),
    ...                   "rate": [0.0, 2.0, 3.0], "rate_low": [0.0, 1.0, 1.5], "rate_high": [0.0, 3.5, 4.0]})
    >>> fig = trend_lines(t)
    >>> len(fig.axes), fig.axes[0].get_ylabel(), [x.get_text() for x in fig.axes[0].get_xticklabels()]
    (1, 'per 1,000 tokens', ['2019', '2020', '2021'])
    """
    require(trend, ["period_start", "rate", "rate_low", "rate_high"], "trend")
    key = next((k for k in ("term", "category") if k in trend.columns and trend[k].notna().any()), None)
    group = _group(trend)
    names = list(pd.unique(trend[key])) if key else [None]
    if group is not None:
        panels, hue = [(n, trend[trend[key] == n] if key else trend) for n in names], group
    elif key is not None and len(names) > max_lines:
        panels, hue = [(n, trend[trend[key] == n]) for n in names], None
    else:
        panels, hue = [(None, trend)], key
    shown, panels = len(panels), panels[:max_panels]
    hues = list(pd.unique(trend[hue])) if hue else [None]
    colours = _colours(hues, hue) if hue else _colours(names, key)
    many = len(panels) > 1
    fig, axes = _panels(len(panels), ncols if many else 1, width=4.2 if many else 7.5)
    ticks = trend.drop_duplicates("period_start").sort_values("period_start")
    for ax, (name, part) in zip(axes, panels):
        if part.empty:
            _empty(ax)
            continue
        for h in hues:
            line = (part[part[hue] == h] if hue else part).sort_values("period_start")
            if line.empty:
                continue
            c = colours.get(h if hue else name, "#0072B2")
            x, y = line["period_start"], line["rate"]
            ax.fill_between(x, line["rate_low"], line["rate_high"], color=c, alpha=0.15, lw=0)
            ax.vlines(x, line["rate_low"], line["rate_high"], color=c, lw=1.2, alpha=0.8)
            ax.plot(x, y, marker="o", ms=3.5, color=c, lw=1.6, label=_label(h, hue) if hue else None)
        ax.set_ylabel("per 1,000 tokens")
        ax.set_ylim(bottom=0)
        if name is not None:
            ax.set_title(str(name))
        if "period" in ticks.columns and len(ticks) <= 12:
            ax.set_xticks(ticks["period_start"], ticks["period"].astype(str))
    if hue:
        handles, labels = axes[0].get_legend_handles_labels()
        if handles:
            fig.legend(handles, labels, loc="outside lower center", ncol=min(5, len(handles)), frameon=False)
    ci = trend.attrs.get("ci")
    band = f"{ci:.0%} interval, documents resampled" if ci else "interval"
    cut = f"; {len(panels)} of {shown} shown" if shown > len(panels) else ""
    fig.suptitle(title or f"趋势 Rate per period (band and bars: {band}{cut})")
    _stamp(fig, bool(trend.attrs.get("simulated")))
    return fig


@styled
def adoption_chart(curves: pd.DataFrame, *, term: str | None = None, title: str | None = None) -> Figure:
    """Cumulative share of units known to use a term, by date (a step line per group).

    A hollow marker is a date when a left-censored unit is first seen (its first page already uses the
    term: it adopted then or earlier).

    Parameters
    ----------
    curves : DataFrame
        :func:`cppcc.adoption_curves` (``term``, ``date``, ``share``, ``left_censored``, ``units``;
        the groups of ``attrs["by"]``).
    term : str, optional
        The term to draw; default the first in the frame.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> c = pd.DataFrame({"term": "品牌", "level": ["county", "county"],
    ...     "date": pd.to_datetime(["2019-01-01", "2019-06-01"]), "new": [1, 1], "adopted": [1, 2],
    ...     "left_censored": [0, 1], "units": [2, 2], "share": [0.5, 1.0]})
    >>> c.attrs["by"] = ["level"]
    >>> fig = adoption_chart(c)
    >>> fig.axes[0].get_ylabel()
    'share of units using it'
    """
    require(curves, ["term", "date", "share", "left_censored", "units"], "curves")
    fig, ax, name, part, group, hues, colours = _one_term(curves, term)
    if part.empty:
        _empty(ax)
    else:
        end = part["date"].max()
        for h in hues:
            line = (part[part[group] == h] if group else part).sort_values("date")
            c = colours.get(h, GREY)
            xs = [*line["date"], end]
            ys = [*line["share"], line["share"].iloc[-1]]
            label = f"{_label(h, group)} (n={int(line['units'].iloc[0])})" if group else \
                f"all units (n={int(line['units'].iloc[0])})"
            ax.step(xs, ys, where="post", color=c, lw=1.8, label=label)
            cens = line["left_censored"].diff().fillna(line["left_censored"]).gt(0).to_numpy()
            ax.scatter(line["date"][~cens], line["share"][~cens], color=c, s=22, zorder=3)
            ax.scatter(line["date"][cens], line["share"][cens], facecolor="white", edgecolor=c, s=34,
                       zorder=3, lw=1.4)
        ax.set_ylim(0, 1.05)
        handles, labels = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], marker="o", ls="", mfc="white", mec="#555555",
                              label="first seen on a left-censored first page"))
        fig.legend(handles=handles, loc="outside lower center", ncol=min(4, len(handles)), frameon=False,
                   fontsize=8)
    ax.set_ylabel("share of units using it")
    ax.set_title(title or f"采用曲线 Cumulative adoption: {name}")
    _stamp(fig, bool(curves.attrs.get("simulated")))
    return fig


def _ordered(values: list, column: str | None) -> list:
    if column == "level":
        return sorted(values, key=lambda v: _LEVEL_ORDER.index(v) if v in _LEVEL_ORDER else len(_LEVEL_ORDER))
    return values


@styled
def km_chart(km: pd.DataFrame, *, term: str | None = None, title: str | None = None) -> Figure:
    """Kaplan–Meier estimate of the share adopted (``1 − S(t)``) against years since the origin, by group.

    The band is the pointwise interval; the legend gives each group's units at risk and the
    left-censored units left out.

    Parameters
    ----------
    km : DataFrame
        :func:`cppcc.time_to_adoption` (``term``, ``years``, ``adopted``, ``surv_low``,
        ``surv_high``, ``units``, ``left_censored``; the groups of ``attrs["by"]``).
    term : str, optional
        The term to draw; default the first in the frame.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> k = pd.DataFrame({"term": "品牌", "years": [0.0, 1.0, 2.0], "adopted": [0.0, 0.5, 0.75],
    ...                   "surv_low": [1.0, 0.1, 0.05], "surv_high": [1.0, 0.9, 0.6], "units": 4,
    ...                   "left_censored": 1})
    >>> fig = km_chart(k)
    >>> fig.axes[0].get_xlabel()
    'years since the first use in the archive'
    """
    require(km, ["term", "years", "adopted", "surv_low", "surv_high", "units", "left_censored"], "km")
    fig, ax, name, part, group, hues, colours = _one_term(km, term)
    if part["adopted"].notna().sum() == 0:
        _empty(ax, "no unit observed at risk")
    else:
        for h in hues:
            line = (part[part[group] == h] if group else part).sort_values("years")
            c = colours.get(h, GREY)
            n, lc = int(line["units"].iloc[0]), int(line["left_censored"].iloc[0])
            label = (f"{_label(h, group)}: " if group else "") + f"{n} at risk, {lc} left-censored left out"
            if line["adopted"].notna().any():
                ax.step(line["years"], line["adopted"], where="post", color=c, lw=1.8, label=label)
                ax.fill_between(line["years"], 1 - line["surv_high"], 1 - line["surv_low"], step="post",
                                color=c, alpha=0.15, lw=0)
            else:
                ax.plot([], [], color=c, label=label)
        ax.set_ylim(0, 1.05)
        fig.legend(loc="outside lower center", ncol=1, frameon=False, fontsize=8)
    origin = km.attrs.get("origin", "first_use")
    ax.set_xlabel("years since the first use in the archive" if origin == "first_use"
                  else f"years since {origin}")
    ax.set_ylabel("share adopted (1 − Kaplan–Meier)")
    ax.set_title(title or f"采用时间 Time to adoption: {name}")
    _stamp(fig, bool(km.attrs.get("simulated")))
    return fig


@styled
def diffusion_network(graph: nx.DiGraph, *, title: str | None = None) -> Figure:
    """The diffusion network: units placed by the date of their first use (x) and level (rows), arrows
    from the earlier to the later unit along reused passages.

    Units without a first-use date (``first`` NaT) sit at the right edge; a left-censored first use is a
    hollow node.

    Parameters
    ----------
    graph : networkx.DiGraph
        :func:`cppcc.diffusion_graph` (node attributes ``first``, ``censored``, ``level``; edge
        attribute ``passages``).
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph(term="品牌")
    >>> g.add_node("甲", first=pd.Timestamp("2019-01-01"), censored=False, level="province")
    >>> g.add_node("乙", first=pd.Timestamp("2020-01-01"), censored=True, level="county")
    >>> g.add_edge("甲", "乙", passages=2)
    >>> fig = diffusion_network(g)
    >>> len(fig.axes)
    1
    """
    import matplotlib.dates as mdates
    import networkx as nx

    fig, ax = plt.subplots(figsize=(8.5, 4.8), layout="constrained")
    term = graph.graph.get("term")
    ax.set_title(title or (f"扩散网络 Who followed whom: {term}" if term else "扩散网络 Who followed whom"))
    if graph.number_of_nodes() == 0:
        _empty(ax)
        _stamp(fig, bool(graph.graph.get("simulated")))
        return fig
    nodes = list(graph.nodes)
    first = {n: graph.nodes[n].get("first") for n in nodes}
    dated = [d for d in first.values() if d is not None and pd.notna(d)]
    right = (max(dated) + pd.Timedelta(days=365)) if dated else pd.Timestamp("2000-01-01")
    x = {n: mdates.date2num(first[n] if first[n] is not None and pd.notna(first[n]) else right)
         for n in nodes}
    levels = [graph.nodes[n].get("level") for n in nodes]
    rows = _ordered(list(dict.fromkeys(v for v in levels if v is not None)), "level") or [None]
    if any(v is None for v in levels) and None not in rows:
        rows.append(None)
    pos, used = {}, {}
    for n in sorted(nodes, key=lambda n: x[n]):  # within a row, neighbours in time alternate up and down
        r = rows.index(graph.nodes[n].get("level"))
        k = used[r] = used.get(r, -1) + 1
        pos[n] = (x[n], -r + 0.28 * ((k % 3) - 1))
    colours = level_palette()
    for n in nodes:
        c = colours.get(str(graph.nodes[n].get("level")), GREY)
        hollow = bool(graph.nodes[n].get("censored"))
        ax.scatter(*pos[n], s=160, facecolor="white" if hollow else c, edgecolor=c, lw=2, zorder=3)
        ax.annotate(str(n), pos[n], xytext=(0, 9), textcoords="offset points", ha="center", fontsize=8)
    if graph.number_of_edges():
        top = max(d.get("passages", 1) for *_, d in graph.edges(data=True))
        widths = [0.8 + 2.5 * d.get("passages", 1) / top for *_, d in graph.edges(data=True)]
        nx.draw_networkx_edges(graph, pos, ax=ax, arrows=True, arrowstyle="-|>", arrowsize=12,
                               edge_color=GREY, node_size=160, connectionstyle="arc3,rad=0.12", width=widths)
    ax.set_yticks([-i for i in range(len(rows))],
                  [_label(r, "level") if r else "level unknown" for r in rows])
    ax.set_ylim(-len(rows) + 0.4, 0.6)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.tick_params(axis="both", which="both", labelbottom=True, labelleft=True, bottom=True)
    pad = (max(x.values()) - min(x.values())) * 0.06 or 30
    ax.set_xlim(min(x.values()) - pad, max(x.values()) + pad)
    ax.set_xlabel("first use of the term in the archive (hollow: left-censored, may be earlier)")
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _stamp(fig, bool(graph.graph.get("simulated")))
    return fig
