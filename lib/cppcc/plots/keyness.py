"""Figures of distinctive terms (keyness): the Fightin'-Words scatter and the bar chart."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import (
    GREY, _WORDLIKE, _by_column, _content_terms, _empty, _gloss_map, _groups_and_colours, _plain_log_ticks,
    _text_inches, require, styled,
)

__all__ = ["distinctive_scatter", "distinctive_bars"]


def _score_label(distinct: pd.DataFrame, z: float | None, func: str) -> tuple[str, float | None]:
    """Axis label of ``score`` and its threshold, from ``attrs["method"]``: z 1.96, signed G² 3.84 (5 %).

    A result without ``attrs["method"]`` needs an explicit ``z`` (its score is then labelled "score").
    """
    method = distinct.attrs.get("method")
    if not (isinstance(method, str) and method):
        if z is None:
            raise ValueError(f"{func}: distinct has no attrs['method'] (results of cppcc.distinctive_terms "
                             "and cppcc.reference_keyness record it); pass z= for the threshold")
        return "得分 score", z
    if method == "g2":
        return "G²（带符号 signed）", 3.84 if z is None else z
    if method in ("log_odds", "z"):
        return "z 值 z-score", 1.96 if z is None else z
    return f"得分 score ({method})", z


@styled
def distinctive_scatter(
    distinct: pd.DataFrame,
    by: str | None = None,
    groups: Iterable[str] | None = None,
    speeches: pd.DataFrame | None = None,
    n_labels: int = 8,
    z: float | None = None,
    ncols: int = 3,
    label_iterations: int = 250,
) -> Figure:
    """Fightin'-Words plot: each term's z-score against its frequency, one panel per group.

    Terms distinctive of the group are coloured in the group's colour — by the one rule of
    :func:`cppcc.distinctive_terms` (its ``distinctive`` column, stated in ``attrs["rule"]``), or
    z ≥ ``z`` (a dashed line) for a frame without that column — z ≤ −``z`` dark grey, the rest light
    grey; the ``n_labels`` highest-scoring terms (with a Chinese character or a letter: numbers are
    plotted but not labelled) are labelled and moved apart with adjustText (a fixed number of
    iterations, so the result is deterministic).

    Parameters
    ----------
    distinct : DataFrame
        From :func:`cppcc.distinctive_terms`: the grouping column, ``term``, ``score`` (z), ``count``.
    by : str, optional
        Grouping column; default the result's ``attrs["by"]`` (a ValueError when neither is given).
    groups : iterable of str, optional
        Groups to show (default all, in page order when ``speeches`` is given).
    speeches : DataFrame, optional
        For page order, region colours and speech labels (when ``by="doc_id"``).
    n_labels : int, default 8
        Labelled terms per panel.
    z : float, optional
        Significance line; default 1.96 for z-scores (two-sided 5 %) and 3.84 for signed G²
        (``attrs["method"]`` ``"g2"``); required when the result has no ``attrs["method"]``.
    ncols : int, default 3
        Panels per row.
    label_iterations : int, default 250
        adjustText iterations.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    The x axis is the term's frequency in the whole corpus (``count + count_rest``, or the counts
    summed over groups when every group lists every term), otherwise its count in the group; it is
    log-scaled (symlog when a count is 0).

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> toks = cppcc.tokens(s)
    >>> fig = distinctive_scatter(cppcc.distinctive_terms(toks, by="region"), speeches=s)
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    from adjustText import adjust_text

    require(distinct, ["term", "score", "count"], "distinct")
    by = _by_column(distinct, by, "distinctive_scatter")
    df = distinct.assign(**{by: distinct[by].astype(str), "term": distinct["term"].astype(str)})
    present, colours, names = _groups_and_colours(df, by, speeches, groups)
    title = "区分性词语 Distinctive terms: 得分与词频 score against frequency"
    ncols = max(1, min(ncols, len(present) or 1))
    nrows = max(1, math.ceil(len(present) / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols, 3.6 * nrows), squeeze=False, layout="constrained", sharey=True
    )
    if not present:
        return _empty(fig, axes[0, 0], title)
    ylabel, z = _score_label(distinct, z, "distinctive_scatter")
    z = 1.96 if z is None else z
    if "count_rest" in df:
        df = df.assign(_x=df["count"] + df["count_rest"])
        xlabel = "全语料词频 corpus frequency"
    elif len({frozenset(g["term"]) for _, g in df.groupby(by, sort=False)}) == 1:
        df = df.assign(_x=df["term"].map(df.groupby("term")["count"].sum()))
        xlabel = "全语料词频 corpus frequency"
    else:
        df = df.assign(_x=df["count"])
        xlabel = "组内词频 frequency in group"
    pending = []
    for k, g in enumerate(present):
        ax = axes.flat[k]
        sub = df[df[by] == g].sort_values(["score", "term"], ascending=[False, True], kind="stable")
        x = sub["_x"].to_numpy(dtype=float)
        s = sub["score"].to_numpy(dtype=float)
        ruled = "distinctive" in sub  # the one rule of cppcc.distinctive_terms decides the colour
        hi = sub["distinctive"].to_numpy(dtype=bool) if ruled else s >= z
        lo = s <= -z
        mid = ~(hi | lo)
        ax.scatter(x[mid], s[mid], s=6, color="0.82", lw=0, rasterized=False)
        ax.scatter(x[lo], s[lo], s=8, color="0.45", lw=0)
        ax.scatter(x[hi], s[hi], s=12, color=colours[g], lw=0)
        if not ruled:
            ax.axhline(z, color="0.6", lw=0.6, ls="--")
        ax.axhline(-z, color="0.6", lw=0.6, ls="--")
        if (x > 0).all():
            ax.set_xscale("log")
            ax.set_xlim(0.7, max(x.max(), 1) * 1.6)
        else:
            ax.set_xscale("symlog", linthresh=1)
        _plain_log_ticks(ax.xaxis)
        ax.set_title(names[g], color=colours[g])
        ax.set_xlabel(xlabel)
        top = [(t, xi, si) for t, xi, si in zip(sub["term"], x, s) if si > 0 and _WORDLIKE.search(t)]
        texts = [ax.text(xi, si, t, fontsize=8, color=colours[g]) for t, xi, si in top[:n_labels]]
        pending.append((ax, texts, x[hi | lo][:300], s[hi | lo][:300]))
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    for ax in axes.flat[len(present) :]:
        ax.set_axis_off()
    fig.suptitle(title)
    if label_iterations and any(t for _, t, _, _ in pending):
        # lay the figure out once and freeze it: adjustText redraws the figure for every panel, and a
        # constrained-layout pass per redraw would dominate the time; the other panels are hidden
        # while one is adjusted (its labels' extents depend on its own frozen transforms only), so
        # each redraw draws one panel instead of all of them
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
        shown = [a for a in fig.axes if a.get_visible()]
        for ax, texts, px, py in pending:
            if not texts:
                continue
            for other in shown:
                other.set_visible(other is ax)
            try:
                adjust_text(
                    texts,
                    x=px,
                    y=py,
                    ax=ax,
                    iter_lim=label_iterations,
                    arrowprops=dict(arrowstyle="-", color="0.55", lw=0.5),
                )
            finally:
                for other in shown:
                    other.set_visible(True)
    return fig


def _bar_terms(
    df: pd.DataFrame, by: str, groups: Sequence[str], n: int, z: float | None, min_chars: int
) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """Per group: the top ``n`` words (≥ ``min_chars``, with a letter) and how many of them pass ``z``."""
    words = df[_content_terms(df["term"], min_chars)]
    tops, passing = {}, {}
    for g in groups:
        sub = words[words[by] == g].sort_values(["score", "term"], ascending=[False, True], kind="stable")
        ok = sub[sub["score"] >= z] if z is not None else sub
        passing[g] = len(ok)
        tops[g] = ok.head(n)
    return tops, passing


def _rule_terms(df: pd.DataFrame, by: str, groups: Sequence[str], n: int, min_chars: int
                ) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """Per group: the top ``n`` terms by score (≥ ``min_chars``) and how many of the group's terms the
    rule calls distinctive (all of them, whatever ``min_chars``: the count a sentence states)."""
    words = df[_content_terms(df["term"], min_chars)] if min_chars > 1 else df
    tops, passing = {}, {}
    for g in groups:
        passing[g] = int(df.loc[df[by] == g, "distinctive"].astype(bool).sum())
        sub = words[words[by] == g].sort_values(["score", "term"], ascending=[False, True], kind="stable")
        tops[g] = sub[sub["score"] > 0].head(n)
    return tops, passing


def _bar_label(row, gloss: dict[str, str]) -> str:
    """``term gloss`` and, when the frame has them, the documents behind it: ``(2/3 docs)``."""
    text = f"{row.term} {gloss[row.term]}" if row.term in gloss else str(row.term)
    docs, n_docs = getattr(row, "docs", None), getattr(row, "n_docs", None)
    if docs is not None and n_docs is not None and pd.notna(docs) and pd.notna(n_docs):
        text += f" ({int(docs)}/{int(n_docs)} docs)"
    return text


def _bar_panel(ax, sub: pd.DataFrame, colour: str, gloss: dict[str, str], z: float | None, rows: int) -> None:
    y = np.arange(len(sub))
    ruled = "distinctive" in sub
    fill = [colour if d else "0.8" for d in sub["distinctive"].astype(bool)] if ruled else colour
    ax.barh(y, sub["score"].to_numpy(dtype=float), color=fill, height=0.72)
    ax.set_yticks(y, [_bar_label(r, gloss) for r in sub.itertuples(index=False)], fontsize=8)
    ax.set_ylim(rows - 0.5, -0.5)  # one bar thickness in every panel
    ax.axvline(0, color="0.3", lw=0.6)
    if z is not None:
        ax.axvline(z, color="0.25", lw=0.8, ls="--", zorder=3)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.xaxis.set_tick_params(labelbottom=True)  # every panel keeps its scale, shared or not


@styled
def distinctive_bars(
    distinct: pd.DataFrame,
    by: str | None = None,
    n: int = 10,
    groups: Iterable[str] | None = None,
    speeches: pd.DataFrame | None = None,
    glossary: pd.DataFrame | Mapping[str, str] | None = None,
    ncols: int = 3,
    title: str | None = None,
    z: float | None = None,
    min_chars: int | None = None,
) -> Figure:
    """Small multiples: each group's most distinctive terms, bars of their scores.

    A result of :func:`cppcc.distinctive_terms` carries the one rule of distinctive terms (its
    ``distinctive`` column, ``attrs["rule"]``): each panel then shows the group's ``n`` highest
    positive scores, coloured when the rule calls the term distinctive and grey when not, each
    labelled with the documents that use it (``2/3 docs``), and its title counts the group's
    distinctive terms — the number a sentence about the group states. Otherwise (a frame without
    that column):

    Only terms scoring at least ``z`` are drawn (a dashed line marks ``z``), at most ``n`` per group,
    so a group with few distinctive terms shows few bars instead of being padded with chance
    differences; each panel title says how many terms pass. Single characters (出, 事, 万) and
    numbers ("20") are never drawn: they are fragments, not terms.

    Parameters
    ----------
    distinct : DataFrame
        From :func:`cppcc.distinctive_terms` or :func:`cppcc.reference_keyness` (grouping column,
        ``term``, ``score``); its ``attrs["by"]`` and ``attrs["method"]`` (set by
        :func:`cppcc.common.stamp`) give the grouping and the threshold.
    by : str, optional
        Grouping column; default ``attrs["by"]`` (a ValueError when neither is given).
    n : int, default 10
        Most terms per group (highest score first).
    groups : iterable of str, optional
        Groups to show.
    speeches : DataFrame, optional
        For page order, region colours and speech labels.
    glossary : DataFrame or mapping, optional
        ``term`` → ``gloss_en`` (e.g. :func:`cppcc.glossary`); glossed terms are labelled bilingually.
    ncols : int, default 3
        Panels per row.
    title : str, optional
        Figure title (default: "各组最具区分性的词 Top n distinctive terms per group", with the threshold).
    z : float, optional
        Threshold on ``score``: default 1.96 for log-odds z-scores (two-sided 5 %) and 3.84 for
        signed G² (``attrs["method"] == "g2"``); for other methods none; required when the result
        has no ``attrs["method"]``.
    min_chars : int, optional
        Shortest term drawn, in characters: default 1 with the rule (the rule judges every term),
        2 without.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Panel widths follow the longest (bilingual) label, so one wide panel needs no resizing. Every
    panel has its own x tick labels and axis label.

    Examples
    --------
    >>> d = pd.DataFrame({"region": ["甲"] * 4, "term": ["协商", "政协", "出", "履职"],
    ...                   "score": [4.0, 2.5, 3.0, 1.0]})
    >>> d.attrs.update(by="region", method="log_odds")  # as cppcc.distinctive_terms records them
    >>> fig = distinctive_bars(d)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], fig.axes[0].get_title()
    (['协商', '政协'], '甲 (2 terms ≥ 1.96)')
    """
    require(distinct, ["term", "score"], "distinct", "distinctive_bars")
    by = _by_column(distinct, by, "distinctive_bars")
    df = distinct.assign(**{by: distinct[by].astype(str), "term": distinct["term"].astype(str)})
    present, colours, names = _groups_and_colours(df, by, speeches, groups)
    gloss = _gloss_map(glossary)
    xlabel, z = _score_label(distinct, z, "distinctive_bars")
    rule = f"{xlabel} ≥ {z:g}" if z is not None else xlabel
    given = title
    title = title or f"各组最具区分性的词 Top {n} distinctive terms per group ({rule})"
    ncols = max(1, min(ncols, len(present) or 1))
    nrows = max(1, math.ceil(len(present) / ncols))
    ruled = "distinctive" in df  # the one rule of cppcc.distinctive_terms
    if ruled:
        z = None
        title = given or (f"各组得分最高的词 Top {n} terms by score per group "
                          "(coloured: distinctive by the rule; grey: not)")
        tops, passing = _rule_terms(df, by, present, n, 1 if min_chars is None else min_chars)
        heads = {g: f"{names[g]} ({passing[g]} distinctive)" for g in present}
    else:
        tops, passing = _bar_terms(df, by, present, n, z, 2 if min_chars is None else min_chars)
        heads = {
            g: f"{names[g]} ({passing[g]} term{'' if passing[g] == 1 else 's'} ≥ {z:g})"
            if z is not None
            else str(names[g])
            for g in present
        }
    longest = max(
        [_text_inches(_bar_label(r, gloss)) for sub in tops.values() for r in sub.itertuples(index=False)],
        default=1.0,
    )
    title_w = max([_text_inches(h, 11) for h in heads.values()], default=0.0)
    panel_w = min(max(3.9, longest + 2.6, title_w + 0.4), 10.0)  # room for bilingual labels, bars and title
    rows = max([len(t) for t in tops.values()], default=1) or 1
    width = max(panel_w * ncols, _text_inches(title, 13) + 0.6)  # the figure title fits too
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(width, 0.9 + (0.26 * rows + 0.9) * nrows),
        squeeze=False,
        layout="constrained",
        sharex=True,
    )
    if not present:
        return _empty(fig, axes[0, 0], title)
    for ax, g in zip(axes.flat, present):
        _bar_panel(ax, tops[g], colours[g], gloss, z, rows)
        if tops[g].empty:
            ax.text(
                0.5,
                0.5,
                f"无词达到阈值 no term reaches {z:g}" if z is not None else "无 none",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color=GREY,
                fontsize=8,
            )
        # a long title (e.g. a reference corpus) is right-aligned so that it may extend over the labels
        wide = _text_inches(heads[g], 11) > panel_w - longest - 0.5
        ax.set_title(heads[g], color=colours[g], loc="right" if wide else "center")
        ax.set_xlabel(xlabel)
    for ax in axes.flat[len(present) :]:
        ax.set_axis_off()
    fig.suptitle(title)
    return fig
