"""Figures of the corpus itself: its documents' structure and length."""
from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ._style import (
    GREY, LEVEL_LABELS, _count_axis, _empty, _labels_for, _sorted_speeches, level_palette, require, styled,
)

__all__ = ["corpus_structure"]


@styled
def corpus_structure(speeches: pd.DataFrame, sections: pd.DataFrame | None = None,
                     measures: pd.DataFrame | None = None, *, stats: pd.DataFrame | None = None) -> Figure:
    """Sections, measures and text length of each speech, coloured by administrative level.

    The figure draws the counts it is given and computes none: pass ``stats``.

    Parameters
    ----------
    speeches : DataFrame
        From :func:`cppcc.load_speeches` (``doc_id``; ``speaker``, ``level`` and the unit columns are
        used for labels and colours when present).
    sections, measures : DataFrame, optional
        From :func:`cppcc.sections` / :func:`cppcc.measures` (``doc_id`` needed), e.g. filtered;
        by default the ``sections`` and ``measures`` columns of ``stats``.
    stats : DataFrame
        From :func:`cppcc.speech_stats` (``doc_id``, ``characters``, ``sections``, ``measures``), which
        defines the length (characters of the normalised text without whitespace). Omitting it is
        deprecated (a DeprecationWarning; the figure then calls :func:`cppcc.speech_stats` itself).

    Returns
    -------
    matplotlib.figure.Figure
        Three bar panels sharing one row per speech (page order, top to bottom).

    Examples
    --------
    >>> import cppcc
    >>> s = cppcc.load_speeches()
    >>> fig = corpus_structure(s, stats=cppcc.speech_stats(s))
    >>> len(fig.axes) > 0
    True
    >>> plt.close(fig)
    """
    require(speeches, ["doc_id"], "speeches", "corpus_structure")
    sp = _sorted_speeches(speeches)
    docs = sp["doc_id"].tolist()
    if stats is None:
        warnings.warn("corpus_structure without stats= is deprecated: pass "
                      "stats=cppcc.speech_stats(speeches)", DeprecationWarning, stacklevel=3)
        require(speeches, ["text"], "speeches", "corpus_structure")
        from ..structure import speech_stats

        stats = speech_stats(sp)
    require(stats, ["doc_id", "characters", "sections", "measures"], "stats", "corpus_structure")
    stats = stats.assign(doc_id=stats["doc_id"].astype(str)).drop_duplicates("doc_id").set_index("doc_id")
    lost = [d for d in docs if d not in stats.index]
    if lost:
        raise ValueError(f"corpus_structure: doc_id(s) {lost[:5]} of speeches are not in stats")
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
    colours = [lp.get(str(lv), GREY) for lv in levels]
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
            ax.text(v, yi, f" {int(v):,}", va="center", ha="left", fontsize=8)
        _count_axis(ax.xaxis)  # counts: 5, 10, 1,000, never 5.0
        ax.set_title(name)
        ax.margins(x=0.18)
        ax.grid(axis="x", color="0.9")
        ax.set_axisbelow(True)
    axes[0].set_yticks(y, [labels[d] for d in docs])
    axes[0].invert_yaxis()
    present = [lv for lv in ("province", "prefecture", "county") if lv in levels]
    handles = [Patch(color=lp[lv], label=f"{LEVEL_LABELS[lv]} (n={levels.count(lv)})") for lv in present]
    if any(str(lv) not in lp for lv in levels):
        handles.append(Patch(color=GREY, label="未知 unknown"))
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
    fig.suptitle(title)
    return fig
