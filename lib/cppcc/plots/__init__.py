"""Figures for the CPPCC corpus: reliable Chinese fonts, charts, word clouds and a map.

Every plot function takes the library's DataFrames (or a networkx graph) and returns a
:class:`matplotlib.figure.Figure`; it registers a CJK font first and draws inside a local style
context, so global rcParams stay untouched. :func:`setup_fonts`, called by you, also makes the CJK
font stack the session's default, so that your own ``plt.bar(["河南省", "陕西省"], [1, 2])`` draws
Chinese. Colours: one palette for regions
(:func:`region_palette`, page order, colour-blind safe), one for administrative levels
(:func:`level_palette`) and one for the communities of a network (:func:`community_palette`); no
colour is in two of them. Write figures with :func:`save` (``figures/<name>.png`` at 200 dpi and
``.svg``, byte-identical on re-render).

Examples
--------
>>> import cppcc
>>> from cppcc import plots
>>> s = cppcc.load_speeches()
>>> fig = plots.corpus_structure(s, stats=cppcc.speech_stats(s))
>>> import tempfile
>>> png, svg = plots.save(fig, "01_corpus_structure", directory=tempfile.mkdtemp())
>>> png.name, svg.name
('01_corpus_structure.png', '01_corpus_structure.svg')
"""
from __future__ import annotations

from ._style import (
    FontNotFoundError, LEVEL_LABELS, community_palette, font_family, level_palette, plot_context,
    region_palette, save, session_rc, setup_fonts, speech_labels, style,
)
from .charts import (
    corpus_structure, cooccurrence_network, distinctive_bars, distinctive_scatter, formula_dotplot,
    mechanism_heatmap, numeric_claims_chart, similarity_heatmap,
)
from .clouds import cloud_frequencies, comparison_cloud, make_wordcloud, region_wordclouds, wordcloud_figure
from .intervals import coding_scores, contrast_intervals, rate_intervals, sample_strata
from .maps import PROVINCE_NAMES_EN, locate_units, speaker_map
from .reuse import reuse_alignment, reuse_graph, reuse_network
from .time import adoption_chart, diffusion_network, km_chart, trend_lines

__all__ = [
    "FontNotFoundError", "setup_fonts", "session_rc", "font_family", "style", "plot_context",
    "region_palette", "level_palette", "community_palette", "LEVEL_LABELS", "speech_labels", "save",
    "corpus_structure", "mechanism_heatmap", "distinctive_scatter", "distinctive_bars",
    "similarity_heatmap", "cooccurrence_network", "formula_dotplot", "numeric_claims_chart",
    "cloud_frequencies", "make_wordcloud", "wordcloud_figure", "region_wordclouds", "comparison_cloud",
    "speaker_map", "locate_units", "PROVINCE_NAMES_EN",
    "reuse_network", "reuse_alignment", "reuse_graph",
    "trend_lines", "adoption_chart", "km_chart", "diffusion_network",
    "rate_intervals", "contrast_intervals", "coding_scores", "sample_strata",
]
