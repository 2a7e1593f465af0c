"""Charts of the corpus, its governance vocabulary and its political language."""
from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects, ticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

if TYPE_CHECKING:  # networkx is imported where a graph is built or drawn (0.1 s at import)
    import networkx as nx

from ._style import (
    GREY, LEVEL_LABELS, community_palette, level_palette, region_palette, require, speech_labels, styled,
)

__all__ = [
    "corpus_structure", "mechanism_heatmap", "distinctive_scatter", "distinctive_bars",
    "similarity_heatmap", "cooccurrence_network", "formula_dotplot", "numeric_claims_chart",
]

_GREY = GREY
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
_NO_DATA = "无数据 no data"
UNKNOWN = "未知 unknown"
_STATS = {"term", "score", "count", "rate", "z", "delta", "g2", "p", "p_value", "pvalue", "expected",
          "count_rest", "rate_rest", "n", "total", "log_odds", "se", "sigma"}


# ---------------------------------------------------------------- shared helpers
def _sorted_speeches(speeches: pd.DataFrame | None) -> pd.DataFrame | None:
    if speeches is None:
        return None
    require(speeches, ["doc_id"], "speeches")
    return speeches.assign(doc_id=speeches["doc_id"].astype(str)).sort_values("doc_id", kind="stable")


def _with_meta(frame: pd.DataFrame, speeches: pd.DataFrame | None, columns: Sequence[str],
               name: str) -> pd.DataFrame:
    """Add metadata columns from ``speeches`` (joined on doc_id) when ``frame`` lacks them."""
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return frame
    if speeches is None:
        raise ValueError(f"{name} lacks column(s) {missing}; pass speeches= (with doc_id and {missing}) "
                         "to join them on doc_id")
    require(speeches, ["doc_id", *missing], "speeches")
    meta = speeches[["doc_id", *missing]].drop_duplicates("doc_id")
    meta = meta.assign(doc_id=meta["doc_id"].astype(str))
    out = frame.assign(doc_id=frame["doc_id"].astype(str)).merge(meta, on="doc_id", how="left")
    lost = sorted(set(out["doc_id"]) - set(meta["doc_id"]))
    if lost:
        raise ValueError(f"{name}: doc_id(s) {lost[:5]} not found in speeches")
    return out


def _group_values(values: pd.Series) -> pd.Series:
    """Group labels as strings; missing values (a page without a speaker header) become "未知 unknown"."""
    return values.astype(object).where(values.notna(), UNKNOWN).astype(str)


def _empty(fig: Figure, ax, title: str) -> Figure:
    ax.text(0.5, 0.5, _NO_DATA, ha="center", va="center", transform=ax.transAxes, color=_GREY)
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def _doc_colours(speeches: pd.DataFrame | None, docs: Sequence[str]) -> dict[str, str]:
    """Colour of each doc: its region's colour when speeches give regions, else a palette over docs."""
    if speeches is not None and "region" in speeches:
        pal = region_palette(speeches)
        reg = dict(zip(speeches["doc_id"].astype(str), speeches["region"]))
        return {d: pal.get(str(reg.get(d)), _GREY) for d in docs}
    return region_palette(list(docs))


def _labels_for(speeches: pd.DataFrame | None, docs: Sequence[str]) -> dict[str, str]:
    labels = speech_labels(speeches) if speeches is not None else {}
    return {d: labels.get(d, d) for d in docs}


def _wrap(s: str, width: int) -> str:
    return "\n".join(textwrap.wrap(s, width)) if s else s


def _text_inches(text: str, size: float = 8.0) -> float:
    """Rough width of a label in inches (CJK characters ≈ 1 em, others ≈ 0.55 em): sizes figures."""
    em = size / 72
    return sum(em if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 0.6 * em for ch in text)


def _plain_log_ticks(axis) -> None:
    """Plain numbers (1, 10, 1,000) instead of mathtext powers on a log axis: readable, cheaper to draw."""
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1 else f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())


def _gloss_map(glossary: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str]:
    if glossary is None:
        return {}
    if isinstance(glossary, Mapping):
        return {str(k): str(v) for k, v in glossary.items()}
    require(glossary, ["term", "gloss_en"], "glossary")
    g = glossary.dropna(subset=["term", "gloss_en"]).drop_duplicates("term")
    return dict(zip(g["term"].astype(str), g["gloss_en"].astype(str)))


# ---------------------------------------------------------------- corpus structure
@styled
def corpus_structure(speeches: pd.DataFrame, sections: pd.DataFrame | None = None,
                     measures: pd.DataFrame | None = None) -> Figure:
    """Sections, measures and text length of each speech, coloured by administrative level.

    Parameters
    ----------
    speeches : DataFrame
        From :func:`cppcc.load_speeches` (``doc_id``, ``text``; ``speaker``, ``level`` and the unit
        columns are used for labels and colours when present).
    sections, measures : DataFrame, optional
        From :func:`cppcc.sections` / :func:`cppcc.measures` (``doc_id`` needed), e.g. filtered;
        by default the counts of :func:`cppcc.speech_stats`, which also defines the length
        (characters of the normalised text without whitespace).

    Returns
    -------
    matplotlib.figure.Figure
        Three bar panels sharing one row per speech (page order, top to bottom).

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> fig = corpus_structure(s)
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    require(speeches, ["doc_id", "text"], "speeches")
    from .. import structure

    sp = _sorted_speeches(speeches)
    docs = sp["doc_id"].tolist()
    stats = structure.speech_stats(sp).assign(doc_id=lambda d: d["doc_id"].astype(str)).set_index("doc_id")
    counts = {}
    for name, frame in (("sections", sections), ("measures", measures)):
        if frame is None:
            counts[name] = stats[name].reindex(docs)
        else:
            require(frame, ["doc_id"], name)
            counts[name] = frame["doc_id"].astype(str).value_counts().reindex(docs, fill_value=0)
    n_sec, n_mea, n_chr = counts["sections"], counts["measures"], stats["characters"].reindex(docs)
    levels = sp["level"].tolist() if "level" in sp else [None] * len(sp)
    lp = level_palette()
    colours = [lp.get(str(lv), _GREY) for lv in levels]
    labels = _labels_for(sp, docs)

    fig, axes = plt.subplots(1, 3, sharey=True, figsize=(11, 1.6 + 0.42 * max(len(docs), 1)),
                             layout="constrained")
    title = "语料结构 Corpus structure"
    if not docs:
        return _empty(fig, axes[0], title)
    y = np.arange(len(docs))
    panels = [(n_sec, "章节数 sections"), (n_mea, "举措数 measures (一是、二是…)"),
              (n_chr, "正文字数 characters")]
    for ax, (values, name) in zip(axes, panels):
        ax.barh(y, values.to_numpy(), color=colours, height=0.7)
        for yi, v in zip(y, values.to_numpy()):
            ax.text(v, yi, f" {v:,}", va="center", ha="left", fontsize=8)
        ax.set_title(name)
        ax.margins(x=0.18)
        ax.grid(axis="x", color="0.9")
        ax.set_axisbelow(True)
    axes[0].set_yticks(y, [labels[d] for d in docs])
    axes[0].invert_yaxis()
    present = [lv for lv in ("province", "prefecture", "county") if lv in levels]
    handles = [Patch(color=lp[lv], label=f"{LEVEL_LABELS[lv]} (n={levels.count(lv)})") for lv in present]
    if any(str(lv) not in lp for lv in levels):
        handles.append(Patch(color=_GREY, label="未知 unknown"))
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
    fig.suptitle(title)
    return fig


# ---------------------------------------------------------------- governance mechanisms
def _category_labels(
    coded: pd.DataFrame, codebook: pd.DataFrame | None, cats: Sequence[str]
) -> dict[str, str]:
    labels: dict[str, tuple[str | None, str | None]] = {}
    sources = [coded] + ([codebook] if codebook is not None else [])
    for src in sources:
        if "category" not in src:
            continue
        zh = "label_zh" if "label_zh" in src else None
        en = "label_en" if "label_en" in src else None
        if not (zh or en):
            continue
        for row in src.drop_duplicates("category").to_dict("records"):
            c = str(row["category"])
            if c not in labels:
                labels[c] = (row.get(zh) if zh else None, row.get(en) if en else None)
    out = {}
    for c in cats:
        zh, en = labels.get(c, (None, None))
        zh = zh if isinstance(zh, str) and zh else None
        en = en if isinstance(en, str) and en else None
        out[c] = "\n".join([zh or c] + ([_wrap(en, 14)] if en else []))
    return out


@styled
def mechanism_heatmap(
    coded: pd.DataFrame,
    speeches: pd.DataFrame | None = None,
    by: str = "region",
    codebook: pd.DataFrame | None = None,
    annotate: bool = True,
    order: Sequence[str] | None = None,
    vmax: float | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Heatmap of governance-mechanism rates per 1,000 tokens, group × category, counts annotated.

    Rates are pooled per group: the category's matches in the group's speeches divided by the
    group's tokens, × 1,000 (a group of several speeches is not an average of their rates).

    Parameters
    ----------
    coded : DataFrame
        From :func:`cppcc.code_mechanisms`: ``doc_id``, ``category``, ``matches``, ``tokens`` (the
        speech's token count); ``label_zh``/``label_en`` are used when present.
    speeches : DataFrame, optional
        Joined on ``doc_id`` for the ``by`` column when ``coded`` lacks it; sets the row order
        (page order) and the region colours.
    by : str, default "region"
        Grouping column (``"region"``, ``"level"``, ``"doc_id"`` …).
    codebook : DataFrame, optional
        From :func:`cppcc.load_codebook` (``category``, ``label_zh``, ``label_en``) for bilingual labels;
        by default the labels in ``coded`` or the package codebook are used.
    annotate : bool, default True
        Write the rate and, in brackets, the count into each cell.
    order : sequence of str, optional
        The rows (groups), top to bottom: pass the same list to every figure of a series (e.g. the
        region profiles' ``["本篇 this speech", "其他 rest of corpus"]``) so that rows never swap.
        Listed groups without data get an empty row ("–"); groups not listed follow in page order.
    vmax : float, optional
        Top of the colour scale (rate per 1,000 tokens; higher rates take the darkest colour).
        Default the largest rate shown; pass one value computed on the whole corpus (e.g. the
        largest rate of any speech) to give a series of figures one scale.
    colours : mapping, optional
        Group → colour of its row label (default: the group's colour of :func:`region_palette`, or
        the level palette for ``by="level"``); e.g. one fixed colour for "this speech".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> coded = pd.DataFrame({"doc_id": ["a", "b"], "category": ["x", "x"], "matches": [2, 1],
    ...                       "tokens": [100, 400], "compare": ["其他 rest", "本篇 this"]})
    >>> fig = mechanism_heatmap(coded, by="compare", order=["本篇 this", "其他 rest"], vmax=50)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], fig.axes[0].images[0].get_clim()
    (['本篇 this', '其他 rest'], (0.0, 50.0))
    """
    require(coded, ["doc_id", "category", "matches", "tokens"], "coded")
    df = _with_meta(coded, speeches, [by], "coded")
    if codebook is None and not {"label_zh", "label_en"} & set(df.columns):
        from .. import mechanisms

        codebook = mechanisms.load_codebook()
    title = "治理机制 Governance mechanisms\n每千词 rate per 1,000 tokens (次数 count)"
    if df.empty:
        fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
        return _empty(fig, ax, title)
    df = df.assign(category=df["category"].astype(str), **{by: _group_values(df[by])})
    seen = df.sort_values("doc_id", kind="stable")[by].tolist()
    if order is not None:
        wanted = [str(g) for g in order]
        seen = wanted + [g for g in seen if g not in set(wanted)]
    groups, label_colours, names = _group_styles(seen, by, speeches)
    if order is not None:
        groups = list(dict.fromkeys([str(g) for g in order] + groups))
        label_colours = {**region_palette(groups), **label_colours} if by != "level" else label_colours
    label_colours = {**label_colours, **{str(k): v for k, v in (colours or {}).items()}}
    cats = list(dict.fromkeys(df["category"]))
    if codebook is not None and "category" in codebook:
        known = [c for c in dict.fromkeys(codebook["category"].astype(str)) if c in set(cats)]
        cats = known + [c for c in cats if c not in set(known)]
    tokens = df.drop_duplicates("doc_id").groupby(by)["tokens"].sum().reindex(groups)
    counts = df.pivot_table(
        index=by, columns="category", values="matches", aggfunc="sum", fill_value=0
    ).reindex(index=groups, columns=cats, fill_value=0)
    rates = counts.div(tokens.where(tokens > 0), axis=0) * 1000
    labels = _category_labels(df, codebook, cats)
    top = (
        float(vmax)
        if vmax is not None
        else max(float(np.nanmax(rates.to_numpy(dtype=float), initial=0)), 1e-9)
    )

    fig, ax = plt.subplots(figsize=(1.6 + 1.05 * len(cats), 1.8 + 0.55 * len(groups)), layout="constrained")
    im = ax.imshow(rates.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0, vmax=top)
    ax.set_xticks(range(len(cats)), [labels[c] for c in cats], fontsize=8)
    ax.set_yticks(range(len(groups)), [names.get(g, g) for g in groups])
    for t, g in zip(ax.get_yticklabels(), groups):
        t.set_color(label_colours.get(g, _GREY))
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    if annotate:
        _annotate_cells(ax, rates, counts, top)
    cb = fig.colorbar(im, ax=ax, shrink=0.8)
    cb.set_label("每千词 per 1,000 tokens")
    ax.set_title(title)
    return fig


def _annotate_cells(ax, rates: pd.DataFrame, counts: pd.DataFrame, top: float) -> None:
    """Rate and (count) in each cell, white on dark cells."""
    for i in range(rates.shape[0]):
        for j in range(rates.shape[1]):
            r, n = rates.iat[i, j], int(counts.iat[i, j])
            txt = "–" if pd.isna(r) else f"{r:.1f}\n({n})"
            dark = top > 0 and not pd.isna(r) and r > 0.6 * top
            ax.text(j, i, txt, ha="center", va="center", fontsize=7.5, color="white" if dark else "black")


# ---------------------------------------------------------------- distinctive terms
def _attr_by(frame: pd.DataFrame) -> str | None:
    """The grouping column a result records in ``attrs["by"]`` (a name or a one-item list), if present."""
    by = frame.attrs.get("by")
    if isinstance(by, (list, tuple)) and len(by) == 1:
        by = by[0]
    return by if isinstance(by, str) and by in frame.columns else None


def _by_column(distinct: pd.DataFrame, by: str | None) -> str:
    """``by``, else the result's ``attrs["by"]``, else the first known grouping column (older results)."""
    if by is not None:
        require(distinct, [by], "distinct")
        return by
    recorded = _attr_by(distinct)
    if recorded is not None:
        return recorded
    for c in ("region", "doc_id", "level", "province", "speaker"):
        if c in distinct:
            return c
    rest = [c for c in distinct.columns if c not in _STATS]
    if not rest:
        raise ValueError(f"distinct has no grouping column besides {list(distinct.columns)}; pass by=")
    return rest[0]


def _group_styles(
    present: Sequence[str], by: str, speeches: pd.DataFrame | None
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Order, colour and display name of the groups of a ``by`` column, the same in every figure.

    Regions (and any other speech column) take :func:`region_palette` in page order; levels the level
    palette (province, prefecture, county) with bilingual names; doc_ids their speech's region
    colour and a ``speaker · unit`` label.
    """
    present = list(dict.fromkeys(str(g) for g in present))
    if by == "level":
        order = [lv for lv in ("province", "prefecture", "county") if lv in present]
        groups = order + [g for g in present if g not in order]
        lp = level_palette()
        return groups, {g: lp.get(g, _GREY) for g in groups}, {g: LEVEL_LABELS.get(g, g) for g in groups}
    if speeches is not None and by in speeches:
        pal = region_palette(speeches, by)
        groups = [g for g in pal if g in set(present)] + [g for g in present if g not in pal]
        if by == "doc_id":
            return groups, _doc_colours(speeches, groups), _labels_for(speeches, groups)
        return groups, {g: pal.get(g, _GREY) for g in groups}, {g: g for g in groups}
    return present, region_palette(present), {g: g for g in present}


def _groups_and_colours(
    distinct: pd.DataFrame, by: str, speeches: pd.DataFrame | None, groups: Iterable[str] | None
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    present, colours, names = _group_styles(distinct[by].astype(str).tolist(), by, speeches)
    if groups is not None:
        wanted = [str(g) for g in groups]
        unknown = [g for g in wanted if g not in set(present)]
        if unknown:
            raise ValueError(f"group(s) {unknown} not in distinct[{by!r}]; available: {present}")
        present = wanted
    return present, colours, names


def _score_method(distinct: pd.DataFrame) -> str:
    """``attrs["method"]`` of an analysis result, else guessed from the columns (a ``g2`` column: G²)."""
    method = distinct.attrs.get("method")
    if isinstance(method, str) and method:
        return method
    return "g2" if "g2" in distinct else "log_odds"


def _score_label(distinct: pd.DataFrame, z: float | None) -> tuple[str, float | None]:
    """Axis label of ``score`` and its significance line: z 1.96 (log-odds), signed G² 3.84 (5 %)."""
    method = _score_method(distinct)
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

    Terms with z ≥ ``z`` are coloured in the group's colour, z ≤ −``z`` dark grey, the rest light
    grey; the ``n_labels`` highest-scoring terms (with a Chinese character or a letter: numbers are
    plotted but not labelled) are labelled and moved apart with adjustText (a fixed number of
    iterations, so the result is deterministic).

    Parameters
    ----------
    distinct : DataFrame
        From :func:`cppcc.distinctive_terms`: the grouping column, ``term``, ``score`` (z), ``count``.
    by : str, optional
        Grouping column; guessed (``region``, ``doc_id``, ``level`` …) when omitted.
    groups : iterable of str, optional
        Groups to show (default all, in page order when ``speeches`` is given).
    speeches : DataFrame, optional
        For page order, region colours and speech labels (when ``by="doc_id"``).
    n_labels : int, default 8
        Labelled terms per panel.
    z : float, optional
        Significance line; default 1.96 for z-scores (two-sided 5 %) and 3.84 for signed G²
        (``method="g2"`` results, recognised by their ``g2`` column).
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
    by = _by_column(distinct, by)
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
    ylabel, z = _score_label(distinct, z)
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
        hi, lo = s >= z, s <= -z
        mid = ~(hi | lo)
        ax.scatter(x[mid], s[mid], s=6, color="0.82", lw=0, rasterized=False)
        ax.scatter(x[lo], s[lo], s=8, color="0.45", lw=0)
        ax.scatter(x[hi], s[hi], s=12, color=colours[g], lw=0)
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
    words = df[df["term"].str.contains(_WORDLIKE) & (df["term"].str.len() >= min_chars)]
    tops, passing = {}, {}
    for g in groups:
        sub = words[words[by] == g].sort_values(["score", "term"], ascending=[False, True], kind="stable")
        ok = sub[sub["score"] >= z] if z is not None else sub
        passing[g] = len(ok)
        tops[g] = ok.head(n)
    return tops, passing


def _bar_panel(ax, sub: pd.DataFrame, colour: str, gloss: dict[str, str], z: float | None, rows: int) -> None:
    y = np.arange(len(sub))
    ax.barh(y, sub["score"].to_numpy(dtype=float), color=colour, height=0.72)
    ax.set_yticks(y, [f"{t} {gloss[t]}" if t in gloss else t for t in sub["term"]], fontsize=8)
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
    min_chars: int = 2,
) -> Figure:
    """Small multiples: each group's most distinctive terms that pass a threshold, bars of their scores.

    Only terms scoring at least ``z`` are drawn (a dashed line marks ``z``), at most ``n`` per group,
    so a group with few distinctive terms shows few bars instead of being padded with chance
    differences; each panel title says how many terms pass. Single characters (出, 事, 万) and
    numbers ("20") are never drawn: they are fragments, not terms.

    Parameters
    ----------
    distinct : DataFrame
        From :func:`cppcc.distinctive_terms` or :func:`cppcc.reference_keyness` (grouping column,
        ``term``, ``score``); its ``attrs["by"]`` and ``attrs["method"]`` are used when present.
    by : str, optional
        Grouping column; default ``attrs["by"]``, else guessed from the columns.
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
        signed G² (``attrs["method"] == "g2"`` or a ``g2`` column); for other scores none.
    min_chars : int, default 2
        Shortest term drawn, in characters.

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
    >>> fig = distinctive_bars(d)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], fig.axes[0].get_title()
    (['协商', '政协'], '甲 (2 terms ≥ 1.96)')
    """
    require(distinct, ["term", "score"], "distinct", "distinctive_bars")
    by = _by_column(distinct, by)
    df = distinct.assign(**{by: distinct[by].astype(str), "term": distinct["term"].astype(str)})
    present, colours, names = _groups_and_colours(df, by, speeches, groups)
    gloss = _gloss_map(glossary)
    xlabel, z = _score_label(distinct, z)
    rule = f"{xlabel} ≥ {z:g}" if z is not None else xlabel
    title = title or f"各组最具区分性的词 Top {n} distinctive terms per group ({rule})"
    ncols = max(1, min(ncols, len(present) or 1))
    nrows = max(1, math.ceil(len(present) / ncols))
    tops, passing = _bar_terms(df, by, present, n, z, min_chars)
    heads = {
        g: f"{names[g]} ({passing[g]} term{'' if passing[g] == 1 else 's'} ≥ {z:g})"
        if z is not None
        else str(names[g])
        for g in present
    }
    longest = max(
        [_text_inches(f"{t} {gloss[t]}" if t in gloss else t) for sub in tops.values() for t in sub["term"]],
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
                f"无词达到阈值 no term reaches {z:g}",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color=_GREY,
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


# ---------------------------------------------------------------- similarity
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


# ---------------------------------------------------------------- co-occurrence network
_ASSOC = ("weight", "jaccard", "npmi", "pmi", "log_dice", "logdice", "dice", "g2", "llr", "association")


def _association_attr(g: nx.Graph, association: str | None) -> str:
    attrs: set[str] = set()
    for *_, data in g.edges(data=True):
        attrs.update(k for k, v in data.items() if isinstance(v, (int, float, np.number)))
    if association is not None:
        if g.number_of_edges() and association not in attrs:
            raise ValueError(
                f"graph edges have no numeric attribute {association!r}; they have {sorted(attrs)}"
            )
        return association
    measure = g.graph.get("measure")  # cppcc.cooccurrence records the measure copied into 'weight'
    if isinstance(measure, str) and measure in attrs:
        return measure
    for a in _ASSOC:
        if a in attrs:
            return a
    others = sorted(attrs - {"count"})
    return others[0] if others else "count"


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
        col = palette[i] if len(c) > 1 else _GREY
        for node in c:
            colour[node] = col
        if col != _GREY:
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
        ``term`` → ``gloss_en``; default the project glossary (:func:`cppcc.glossary`). The legend
        names each community bilingually by its three most frequent words, glossed where the
        glossary has them.

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
        from .. import mechanisms

        glossary = mechanisms.glossary()
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


# ---------------------------------------------------------------- political language
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
            ax.text(0.5, 0.5, _NO_DATA, ha="center", va="center", transform=ax.transAxes, color=_GREY)
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
    cols = np.array([colours.get(d, _GREY) for d in v["doc_id"]], dtype=object)
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
