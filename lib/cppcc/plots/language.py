"""Figures of political language: numbered formulas and brands, numeric claims."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import (
    GREY, _NO_DATA, _doc_colours, _empty, _gloss_map, _labels_for, _plain_log_ticks, _sorted_speeches,
    _text_inches, require, styled,
)

__all__ = ["formula_dotplot", "numeric_claims_chart"]


def _term_matrix(
    frame: pd.DataFrame, term_col: str, docs: list[str], max_terms: int
) -> tuple[pd.DataFrame, int]:
    f = frame.assign(doc_id=frame["doc_id"].astype(str), _t=frame[term_col].astype(str))
    f = f.assign(_d=f["doc_id"].map({d: i for i, d in enumerate(docs)}))
    counts = f.pivot_table(index="_t", columns="doc_id", values="_d", aggfunc="size", fill_value=0)
    counts = counts.reindex(columns=docs, fill_value=0)
    first = f.reset_index(drop=True).reset_index().groupby("_t").agg(d=("_d", "min"), i=("index", "min"))
    total = counts.sum(axis=1)
    n_all = len(counts)
    chosen = sorted(counts.index, key=lambda t: (-total[t], first.at[t, "d"], first.at[t, "i"]))[:max_terms]
    chosen = sorted(chosen, key=lambda t: (first.at[t, "d"], first.at[t, "i"]))
    return counts.loc[chosen], n_all


def _dot_panel(ax, mat: pd.DataFrame, colours: Sequence[str], title: str) -> None:
    rows, cols = mat.shape
    yy, xx = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    v = mat.to_numpy()
    on = v > 0
    cc = np.array(colours, dtype=object)[xx[on]]
    ax.scatter(xx[on], yy[on], s=45 + 40 * (v[on] - 1), c=list(cc), lw=0, zorder=3)
    for y, x, n in zip(yy[on], xx[on], v[on]):
        if n > 1:
            ax.text(x, y, str(n), ha="center", va="center", fontsize=7, color="white", zorder=4)
    ax.set_yticks(range(rows), mat.index)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlim(-0.6, cols - 0.4)
    ax.grid(color="0.92", zorder=0)
    ax.tick_params(length=0)
    ax.set_title(title, loc="left")


@styled
def formula_dotplot(
    formulas: pd.DataFrame,
    quoted: pd.DataFrame | None = None,
    speeches: pd.DataFrame | None = None,
    max_terms: int = 25,
    include_titles: bool = False,
    min_chars: int = 2,
    glossary: pd.DataFrame | Mapping[str, str] | None = None,
) -> Figure:
    """Table-like dot plot: numbered formulas and quoted brands (rows) by speech (columns).

    A dot marks a term used in a speech (number = times, when more than once), coloured by the
    speech's region. Terms are listed in order of first use; when there are more than
    ``max_terms``, the most frequent are kept and the title says how many are shown.

    Parameters
    ----------
    formulas : DataFrame
        From :func:`cppcc.numbered_formulas` (``doc_id``, ``formula``).
    quoted : DataFrame, optional
        From :func:`cppcc.quoted_terms` (``doc_id``, ``term``, ``kind``): quotations that are not
        already numbered formulas are shown as "brands".
    speeches : DataFrame, optional
        Page order, speech labels and region colours.
    max_terms : int, default 25
        Rows per panel.
    include_titles : bool, default False
        Also show book titles (``kind == "title"``, 《…》) among the quotations.
    min_chars : int, default 2
        Shortest quotation counted as a term or brand (quoted single characters such as “交”, “督”
        are emphasis, not brands); the panel title gives the number shown and the number counted.
    glossary : DataFrame or mapping, optional
        ``term`` → ``gloss_en`` (e.g. :func:`cppcc.glossary`): glossed rows are labelled bilingually.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> fig = formula_dotplot(cppcc.numbered_formulas(s), cppcc.quoted_terms(s), speeches=s)
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    require(formulas, ["doc_id", "formula"], "formulas")
    panels = [(formulas, "formula", "编号提法 Numbered formulas")]
    if quoted is not None:
        require(quoted, ["doc_id", "term"], "quoted")
        q = quoted
        if not include_titles and "kind" in q:
            q = q[q["kind"].astype(str) != "title"]
        q = q[
            ~q["term"].astype(str).isin(set(formulas["formula"].astype(str)))
            & (q["term"].astype(str).str.len() >= min_chars)
        ]
        panels.append((q, "term", "引号中的提法与品牌 Quoted terms and brands"))
    gloss = _gloss_map(glossary)
    sp = _sorted_speeches(speeches)
    docs = (
        sp["doc_id"].tolist()
        if sp is not None
        else sorted(set().union(*[set(f["doc_id"].astype(str)) for f, *_ in panels]))
    )
    mats = []
    for frame, col, name in panels:
        mat, n_all = _term_matrix(frame, col, docs, max_terms)
        shown = f" ({len(mat)} / {n_all})" if n_all > len(mat) else f" ({n_all})"
        mats.append((mat, name + shown))
    heights = [max(len(m), 1) for m, _ in mats]
    longest = max(
        [_text_inches(f"{t} {gloss[t]}" if t in gloss else t) for m, _ in mats for t in m.index], default=1.0
    )
    fig, axes = plt.subplots(
        len(mats),
        1,
        sharex=True,
        squeeze=False,
        layout="constrained",
        figsize=(1.0 + longest + 1.1 * max(len(docs), 2), 1.6 + 0.24 * sum(heights)),
        gridspec_kw={"height_ratios": heights},
    )
    colours = _doc_colours(sp, docs)
    labels = _labels_for(sp, docs)
    for ax, (mat, name) in zip(axes[:, 0], mats):
        if mat.empty:
            ax.text(0.5, 0.5, _NO_DATA, ha="center", va="center", transform=ax.transAxes, color=GREY)
            ax.set_yticks([])
            ax.set_title(name, loc="left")
            continue
        _dot_panel(ax, mat, [colours[d] for d in docs], name)
        if gloss:
            ax.set_yticks(range(len(mat)), [f"{t} {gloss[t]}" if t in gloss else t for t in mat.index])
    last = axes[-1, 0]
    last.set_xticks(
        range(len(docs)), [labels[d] for d in docs], rotation=30, ha="right", rotation_mode="anchor"
    )
    for tl, d in zip(last.get_xticklabels(), docs):
        tl.set_color(colours[d])
    fig.suptitle("政治语言 Political language by speech")
    return fig


_BOUND_MARKERS = {
    "": ("o", "确数 exact"),
    "at least": (">", "至少 at least"),
    "at most": ("<", "至多 at most"),
}


def _claim_styles(v: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    approx = (
        v["approx"].map(lambda a: (isinstance(a, str) and a != "") or a is True).to_numpy(dtype=bool)
        if "approx" in v
        else np.zeros(len(v), dtype=bool)
    )
    bound = (
        v["bound"].astype(object).where(v["bound"].notna(), "").astype(str)
        if "bound" in v
        else pd.Series("", index=v.index)
    )
    return approx, bound


def _values_panel(ax, c: pd.DataFrame, units: Sequence[str], colours: Mapping[str, str]) -> None:
    """Stated values on a log axis, each marker on its unit's row; a legend names every shape drawn."""
    ui = {u: i for i, u in enumerate(units)}
    v = c.dropna(subset=["value"]).reset_index(drop=True)
    n_missing = len(c) - len(v)
    approx, bound = _claim_styles(v)
    yy = v["unit"].map(ui).to_numpy(dtype=float)
    cols = np.array([colours.get(d, GREY) for d in v["doc_id"]], dtype=object)
    xv = v["value"].to_numpy(dtype=float)
    kinds = ["", "at least", "at most"] + sorted(set(bound) - set(_BOUND_MARKERS))
    markers = {
        **{k: m for k, (m, _) in _BOUND_MARKERS.items()},
        **{k: m for k, m in zip(kinds[3:], "sDpPX*hv^")},
    }
    handles = []
    for b_name in kinds:
        on_b = (bound == b_name).to_numpy()
        for hollow in (False, True):
            sel = on_b & (approx == hollow)
            if not sel.any():
                continue
            face = "none" if hollow else list(cols[sel])
            ax.scatter(
                xv[sel],
                yy[sel],
                s=30,
                marker=markers[b_name],
                facecolors=face,
                edgecolors=list(cols[sel]),
                lw=1,
                zorder=3,
            )
            name = _BOUND_MARKERS.get(b_name, (None, b_name))[1]
            label = (
                name if not hollow else "约数 approximate" if b_name == "" else f"{name}, 约数 approximate"
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker=markers[b_name],
                    color="0.3",
                    markersize=6,
                    markerfacecolor="none" if hollow else "0.3",
                    label=label,
                )
            )
    ax.set_xscale("log" if (v["value"] > 0).all() else "symlog")
    _plain_log_ticks(ax.xaxis)
    ax.yaxis.set_tick_params(labelleft=True)  # the rows are named on this panel too
    ax.set_yticks(range(len(units)), list(units))
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_title(
        "数值 stated values" + (f" ({n_missing} 条无数值 without a value)" if n_missing else ""),
        loc="left",
        fontsize=9,
    )
    ax.set_xlabel("数值 value (对数 log scale)")
    ax.grid(color="0.92")
    ax.tick_params(length=0)
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize=8,
            title="标记 markers",
            title_fontsize=8,
        )


@styled
def numeric_claims_chart(
    claims: pd.DataFrame, speeches: pd.DataFrame | None = None, top_units: int = 12
) -> Figure:
    """Numeric claims by unit and speech: a count matrix and the stated values on a log axis.

    Parameters
    ----------
    claims : DataFrame
        From :func:`cppcc.numeric_claims` (``doc_id``, ``value``, ``unit``; ``approx`` marks
        approximate claims with hollow markers, ``bound`` lower/upper bounds with ▷/◁).
    speeches : DataFrame, optional
        Page order, speech labels and region colours.
    top_units : int, default 12
        Units shown separately; rarer units are pooled as "其他 other".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> fig = numeric_claims_chart(cppcc.numeric_claims(s), speeches=s)
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    require(claims, ["doc_id", "value", "unit"], "claims")
    sp = _sorted_speeches(speeches)
    c = claims.assign(
        doc_id=claims["doc_id"].astype(str),
        unit=claims["unit"].map(lambda u: str(u) if isinstance(u, str) and u else "（无单位）"),
        value=pd.to_numeric(claims["value"], errors="coerce"),
    )
    docs = sp["doc_id"].tolist() if sp is not None else sorted(set(c["doc_id"]))
    freq = c["unit"].value_counts()
    units = sorted(freq.index, key=lambda u: (-freq[u], u))
    if len(units) > top_units:
        units, rest = units[: top_units - 1], set(units[top_units - 1 :])
        c = c.assign(unit=c["unit"].where(~c["unit"].isin(rest), "其他 other"))
        units.append("其他 other")
    title = "数字表述 Numeric claims by unit and speech"
    fig, (ax1, ax2) = plt.subplots(
        1,
        2,
        sharey=True,
        layout="constrained",
        figsize=(4 + 1.0 * max(len(docs), 2) + 7, 1.8 + 0.34 * max(len(units), 2)),
        gridspec_kw={"width_ratios": [max(len(docs), 2), 5]},
    )
    if c.empty:
        ax2.set_axis_off()
        return _empty(fig, ax1, title)
    colours = _doc_colours(sp, docs)
    labels = _labels_for(sp, docs)
    mat = c.pivot_table(index="unit", columns="doc_id", values="value", aggfunc="size", fill_value=0).reindex(
        index=units, columns=docs, fill_value=0
    )
    _dot_panel(ax1, mat, [colours[d] for d in docs], "次数 number of claims")
    ax1.set_xticks(
        range(len(docs)), [labels[d] for d in docs], rotation=30, ha="right", rotation_mode="anchor"
    )
    for tl, d in zip(ax1.get_xticklabels(), docs):
        tl.set_color(colours[d])
    _values_panel(ax2, c, units, colours)
    fig.suptitle(title)
    return fig
