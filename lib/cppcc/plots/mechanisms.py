"""Figures of governance mechanisms: the rate heatmap by group and category."""
from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import (
    GREY, _empty, _group_styles, _group_values, _with_meta, _wrap, region_palette, require, styled,
)

__all__ = ["mechanism_heatmap"]


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
        by default the labels in ``coded`` (:func:`cppcc.code_mechanisms` gives them). A ``coded`` without
        labels and no ``codebook`` is deprecated (the package codebook is loaded, with a DeprecationWarning).
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
    ...                       "tokens": [100, 400], "compare": ["其他 rest", "本篇 this"],
    ...                       "label_zh": "平台", "label_en": "platforms"})
    >>> fig = mechanism_heatmap(coded, by="compare", order=["本篇 this", "其他 rest"], vmax=50)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], fig.axes[0].images[0].get_clim()
    (['本篇 this', '其他 rest'], (0.0, 50.0))
    """
    require(coded, ["doc_id", "category", "matches", "tokens"], "coded")
    df = _with_meta(coded, speeches, [by], "coded")
    if codebook is None and not {"label_zh", "label_en"} & set(df.columns):
        warnings.warn("mechanism_heatmap: coded without label_zh/label_en and no codebook= is deprecated; "
                      "pass codebook=cppcc.load_codebook() (cppcc.code_mechanisms gives the labels)",
                      DeprecationWarning, stacklevel=3)
        from ..mechanisms.codebook import load_codebook

        codebook = load_codebook()
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
        t.set_color(label_colours.get(g, GREY))
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
