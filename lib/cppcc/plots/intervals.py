"""Figures of estimates with their intervals (dot and whisker): mechanism rates, differences between
groups, and the codebook's precision and recall against people's codes.

Every function draws what it is given and computes nothing: the rates and intervals come from
:func:`cppcc.code_mechanisms`, the differences from :func:`cppcc.mechanism_contrast`, the scores from
:func:`cppcc.score_coding`; the interval level and the grouping are read from their ``attrs``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import GREY, LEVEL_LABELS, NEUTRAL, OKABE_ITO, TOL_MUTED, _empty, level_palette, require, styled

__all__ = ["rate_intervals", "contrast_intervals", "coding_scores", "sample_strata"]


def _level_text(frame: pd.DataFrame) -> str:
    """"95%" from ``attrs["ci"]`` (empty when the frame does not say)."""
    ci = frame.attrs.get("ci")
    return f"{float(ci):.0%}" if isinstance(ci, (int, float)) else ""


def _group_colours(groups: Sequence[str], by: str) -> dict[str, str]:
    """Levels in their own ramp, other groups in the colour-blind-safe palette (grey beyond it)."""
    if by == "level":
        pal = level_palette()
        return {g: pal.get(g, GREY) for g in groups}
    colours = [*OKABE_ITO, *TOL_MUTED]
    return {g: colours[i] if i < len(colours) else GREY for i, g in enumerate(groups)}


def _category_labels(frame: pd.DataFrame) -> list[str]:
    """Category labels in order of appearance: ``label_zh label_en`` when both are given."""
    rows = frame.drop_duplicates("category")
    if {"label_zh", "label_en"} <= set(frame.columns):
        return [f"{z} {e}" for z, e in zip(rows["label_zh"], rows["label_en"])]
    if "label_en" in frame.columns:
        return rows["label_en"].astype(str).tolist()
    return rows["category"].astype(str).tolist()


def _whisker(ax, x, y, low, high, colour: str, filled: bool = True, label: str | None = None) -> None:
    """One dot with its horizontal whisker (no whisker where the interval is missing)."""
    if np.isfinite(low) and np.isfinite(high):
        ax.plot([low, high], [y, y], color=colour, lw=1.6, solid_capstyle="butt", zorder=2)
    ax.plot([x], [y], "o", ms=5.5, color=colour, mfc=colour if filled else "white", mew=1.4, zorder=3,
            label=label)


@styled
def rate_intervals(coded: pd.DataFrame, by: str | None = None, groups: Sequence[str] | None = None,
                   labels: Mapping[str, str] | None = None, title: str | None = None) -> Figure:
    """Mechanism rates with their intervals: one row per category, one dot and whisker per group.

    Parameters
    ----------
    coded : DataFrame
        :func:`cppcc.code_mechanisms` with intervals: ``category``, ``rate``, ``rate_low``,
        ``rate_high`` and the group column (``attrs["by"]``).
    by : str, optional
        The group column; default the last column of ``attrs["by"]`` (``doc_id`` when absent).
    groups : sequence of str, optional
        The groups to show, in this order (default: all, in order of appearance).
    labels : mapping, optional
        Display names of the groups (e.g. speech labels for ``doc_id``).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        An open dot is a group whose interval could not be computed (one sentence, nothing to
        resample).

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> fig = rate_intervals(cppcc.code_mechanisms(toks, by="level", n_boot=200))
    >>> fig.axes[0].get_xlabel()
    '每千词 per 1,000 words (95% interval)'
    """
    require(coded, ["category", "rate", "rate_low", "rate_high"], "coded", "rate_intervals")
    recorded = coded.attrs.get("by") or ["doc_id"]
    recorded = [recorded] if isinstance(recorded, str) else list(recorded)
    by = by or recorded[-1]
    require(coded, [by], "coded", "rate_intervals")
    shown = list(dict.fromkeys(coded[by].astype(str))) if groups is None else [str(g) for g in groups]
    names = {g: (labels or {}).get(g, LEVEL_LABELS.get(g, g) if by == "level" else g) for g in shown}
    cats = list(dict.fromkeys(coded["category"]))
    ylabels = _category_labels(coded)
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(cats) * max(1, min(len(shown), 4) / 2) + 1.6))
    if coded.empty or not shown:
        return _empty(fig, ax, title or "Mechanism rates")
    colours = _group_colours(shown, by)
    k = len(shown)
    offsets = (np.arange(k) - (k - 1) / 2) * (0.7 / max(k, 1))
    frame = coded.assign(_g=coded[by].astype(str))
    for j, g in enumerate(shown):
        sub = frame[frame["_g"] == g].set_index("category")
        for i, c in enumerate(cats):
            if c not in sub.index:
                continue
            r = sub.loc[c]
            _whisker(ax, float(r["rate"]), i + offsets[j], float(r["rate_low"]), float(r["rate_high"]),
                     colours[g], filled=np.isfinite(float(r["rate_low"])),
                     label=names[g] if i == 0 else None)
    ax.set_yticks(range(len(cats)), ylabels)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="#E5E5E5", lw=0.8)
    ax.set_axisbelow(True)
    level = _level_text(coded)
    ax.set_xlabel("每千词 per 1,000 words" + (f" ({level} interval)" if level else ""))
    ax.set_title(title or "机制频率及其区间 Mechanism rates with their intervals")
    if k > 1:
        ax.legend(loc="lower right", frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


@styled
def contrast_intervals(contrast: pd.DataFrame, title: str | None = None) -> Figure:
    """Differences between groups' rates with their intervals; a filled dot excludes zero.

    Parameters
    ----------
    contrast : DataFrame
        :func:`cppcc.mechanism_contrast` (or :func:`cppcc.rate_contrast` with a ``category`` key):
        ``category``, ``diff``, ``diff_low``, ``diff_high``, ``excludes_zero``, ``other`` and the
        group column(s) of ``attrs["by"]``.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One row per category and one dot per contrasted group; the vertical line is zero. Only a
        filled dot (its interval excludes zero) is a difference a sentence may state.

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> d = cppcc.mechanism_contrast(toks, "level", group="county", other="province", n_boot=200)
    >>> fig = contrast_intervals(d)
    >>> fig.axes[0].get_title()
    'county − province'
    """
    require(contrast, ["category", "diff", "diff_low", "diff_high", "excludes_zero", "other"], "contrast",
            "contrast_intervals")
    by = contrast.attrs.get("by") or []
    by = [by] if isinstance(by, str) else list(by)
    require(contrast, by, "contrast", "contrast_intervals")
    cats = list(dict.fromkeys(contrast["category"]))
    key = contrast[by].astype(str).agg(" · ".join, axis=1) if by else pd.Series("group", index=contrast.index)
    shown = list(dict.fromkeys(key))
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(cats) * max(1, min(len(shown), 4) / 2) + 1.6))
    if contrast.empty:
        return _empty(fig, ax, title or "Differences")
    others = list(dict.fromkeys(contrast["other"].astype(str)))
    colours = _group_colours(shown, by[0] if len(by) == 1 else "")
    k = len(shown)
    offsets = (np.arange(k) - (k - 1) / 2) * (0.7 / max(k, 1))
    frame = contrast.assign(_g=key)
    for j, g in enumerate(shown):
        sub = frame[frame["_g"] == g].set_index("category")
        for i, c in enumerate(cats):
            if c not in sub.index:
                continue
            r = sub.loc[c]
            _whisker(ax, float(r["diff"]), i + offsets[j], float(r["diff_low"]), float(r["diff_high"]),
                     colours[g], filled=bool(r["excludes_zero"]), label=g if i == 0 else None)
    ax.axvline(0, color=NEUTRAL, lw=0.9, zorder=1)
    ax.set_yticks(range(len(cats)), _category_labels(contrast))
    ax.invert_yaxis()
    ax.grid(axis="x", color="#E5E5E5", lw=0.8)
    ax.set_axisbelow(True)
    level = _level_text(contrast)
    ax.set_xlabel("差值，每千词 difference per 1,000 words" + (f" ({level} interval)" if level else ""))
    other = others[0] if len(others) == 1 else "other"
    ax.set_title(title or (f"{shown[0]} − {other}" if k == 1 else f"each group − {other}"))
    handles = [Line2D([], [], marker="o", ls="", color=NEUTRAL, mfc=NEUTRAL, label="interval excludes 0"),
               Line2D([], [], marker="o", ls="", color=NEUTRAL, mfc="white", label="interval holds 0")]
    if k > 1:
        handles += [Line2D([], [], marker="o", ls="", color=colours[g], label=g) for g in shown]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


@styled
def coding_scores(scores: pd.DataFrame, compare: pd.DataFrame | None = None,
                  names: Sequence[str] = ("codebook", "compared"), title: str | None = None) -> Figure:
    """Precision and recall of each codebook category against people's codes, with intervals.

    Parameters
    ----------
    scores : DataFrame
        :func:`cppcc.score_coding`: ``category``, ``label_en``, ``precision``, ``precision_low``,
        ``precision_high``, ``recall``, ``recall_low``, ``recall_high``.
    compare : DataFrame, optional
        A second scoring of the same categories (e.g. a revised codebook on the same sample), drawn
        below the first in another colour.
    names : the legend's names of ``scores`` and ``compare``.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Two panels (precision, recall) with the 0.8 line, a common bar for "good".

    Examples
    --------
    >>> s = pd.DataFrame({"category": ["a"], "label_en": ["A"], "precision": [0.8], "precision_low": [0.6],
    ...                   "precision_high": [0.9], "recall": [0.5], "recall_low": [0.3],
    ...                   "recall_high": [0.7]})
    >>> [ax.get_title() for ax in coding_scores(s).axes]
    ['精确率 precision', '召回率 recall']
    """
    cols = ["category", "precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high"]
    require(scores, cols, "scores", "coding_scores")
    frames = [scores] + ([require(compare, cols, "compare", "coding_scores")] if compare is not None else [])
    cats = list(dict.fromkeys(scores["category"]))
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 0.5 * len(cats) + 1.8), sharey=True)
    if scores.empty:
        return _empty(fig, axes[0], title or "Precision and recall")
    colours = (OKABE_ITO[0], OKABE_ITO[1])
    offsets = (0.0,) if len(frames) == 1 else (-0.17, 0.17)
    for ax, what, zh in zip(axes, ("precision", "recall"), ("精确率", "召回率")):
        for j, frame in enumerate(frames):
            sub = frame.set_index("category")
            for i, c in enumerate(cats):
                if c not in sub.index or not np.isfinite(float(sub.loc[c, what])):
                    continue
                r = sub.loc[c]
                lo, hi = float(r[f"{what}_low"]), float(r[f"{what}_high"])
                name = names[j] if i == 0 and len(frames) > 1 else None
                _whisker(ax, float(r[what]), i + offsets[j], lo, hi, colours[j], label=name)
        ax.axvline(0.8, color=GREY, lw=0.9, ls="--", zorder=1)
        ax.set_xlim(0, 1.02)
        ax.grid(axis="x", color="#E5E5E5", lw=0.8)
        ax.set_axisbelow(True)
        ax.set_title(f"{zh} {what}")
    level = _level_text(scores)
    axes[0].set_yticks(range(len(cats)), _category_labels(scores))
    axes[0].invert_yaxis()
    fig.supxlabel("share of sentences" + (f" ({level} interval; dashed: 0.8)" if level else " (dashed: 0.8)"),
                  fontsize="small")
    if len(frames) > 1:
        axes[1].legend(loc="lower left", frameon=False, fontsize="small")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@styled
def sample_strata(sheet: pd.DataFrame, title: str | None = None) -> Figure:
    """How a coding sheet was drawn: each stratum's sentences in the corpus and in the sample.

    Parameters
    ----------
    sheet : DataFrame
        :func:`cppcc.coding_sheet` (reads ``attrs["strata"]``: stratum -> [N_h, n_h], and
        ``attrs["labels"]``).
    title : str, optional

    Examples
    --------
    >>> import cppcc
    >>> sheet = cppcc.coding_sheet(cppcc.tokens(cppcc.load_speeches()), n_per_category=5, n_unmatched=10)
    >>> sample_strata(sheet).axes[0].get_xlabel()
    '句子数 sentences'
    """
    strata = sheet.attrs.get("strata")
    if not isinstance(strata, Mapping):
        raise ValueError("cppcc.plots.sample_strata: `sheet` has no attrs['strata'] (use cppcc.coding_sheet)")
    labels = sheet.attrs.get("labels", {})
    names = [labels.get(h, h) for h in strata]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(strata) + 1.5))
    if not strata:
        return _empty(fig, ax, title or "Coding sample")
    y = np.arange(len(strata))
    sizes = np.array([v[0] for v in strata.values()], dtype=float)
    drawn = np.array([v[1] for v in strata.values()], dtype=float)
    ax.barh(y, sizes, color="#D9D9D9", label="in the corpus")
    ax.barh(y, drawn, color=OKABE_ITO[0], height=0.45, label="in the sample")
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel("句子数 sentences")
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    ax.set_title(title or "编码样本 Sentences drawn for coding, by stratum")
    fig.tight_layout()
    return fig
