"""cppcc.plots.intervals: dot-and-whisker figures draw exactly the estimates and intervals given."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cppcc import plots


def _coded() -> pd.DataFrame:
    df = pd.DataFrame({"level": ["county", "county", "province", "province"],
                       "category": ["a", "b", "a", "b"], "label_en": ["A", "B", "A", "B"],
                       "rate": [10.0, 2.0, 5.0, 0.0], "rate_low": [6.0, 0.5, 4.0, np.nan],
                       "rate_high": [14.0, 3.5, 6.5, np.nan]})
    df.attrs.update({"function": "code_mechanisms", "by": ["level"], "ci": 0.9})
    return df


def _segments(ax) -> list[tuple[float, float]]:
    """The whiskers: horizontal two-point lines (not the reference lines drawn with axvline)."""
    return sorted((float(min(ln.get_xdata())), float(max(ln.get_xdata()))) for ln in ax.lines
                  if len(ln.get_xdata()) == 2 and list(ln.get_ydata()) != [0, 1])


def test_rate_intervals_draws_the_given_intervals_and_reads_attrs():
    fig = plots.rate_intervals(_coded())
    ax = fig.axes[0]
    # one whisker per finite interval (province b has none: an open dot only)
    assert _segments(ax) == [(0.5, 3.5), (4.0, 6.5), (6.0, 14.0)]
    assert ax.get_xlabel() == "每千词 per 1,000 words (90% interval)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["县级 county", "省级 province"]
    plt.close(fig)


def test_contrast_intervals_fills_only_differences_that_exclude_zero():
    d = pd.DataFrame({"level": ["county", "county"], "other": ["rest", "rest"], "category": ["a", "b"],
                      "label_en": ["A", "B"], "diff": [3.0, -1.0], "diff_low": [1.0, -2.5],
                      "diff_high": [5.0, 0.5], "excludes_zero": [True, False]})
    d.attrs.update({"by": ["level"], "ci": 0.95})
    fig = plots.contrast_intervals(d)
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert [ln.get_markerfacecolor() == "white" for ln in dots] == [False, True]
    assert _segments(ax)[:2] == [(-2.5, 0.5), (1.0, 5.0)] and ax.get_title() == "county − rest"
    plt.close(fig)


def test_coding_scores_and_sample_strata():
    s = pd.DataFrame({"category": ["a", "b"], "label_en": ["A", "B"], "precision": [0.9, 0.5],
                      "precision_low": [0.7, 0.3], "precision_high": [0.97, 0.7], "recall": [0.6, np.nan],
                      "recall_low": [0.4, np.nan], "recall_high": [0.8, np.nan]})
    fig = plots.coding_scores(s, s.assign(precision=[0.95, 0.6]), names=("v1", "v2"))
    assert _segments(fig.axes[0]) == [(0.3, 0.7), (0.3, 0.7), (0.7, 0.97), (0.7, 0.97)]
    assert len(_segments(fig.axes[1])) == 2  # b has no recall: nothing drawn
    plt.close(fig)
    sheet = pd.DataFrame({"item": [1]})
    sheet.attrs.update({"strata": {"a": [10, 2], "unmatched": [40, 5]}, "labels": {"a": "A"}})
    fig = plots.sample_strata(sheet)
    assert [p.get_width() for p in fig.axes[0].patches] == [10, 40, 2, 5]
    plt.close(fig)
    with pytest.raises(ValueError, match="strata"):
        plots.sample_strata(pd.DataFrame())
