"""Former home of the charts, kept so that ``from cppcc.plots.charts import X`` keeps working.

The figures now live in one module per family: :mod:`~cppcc.plots.corpus`,
:mod:`~cppcc.plots.mechanisms`, :mod:`~cppcc.plots.keyness`, :mod:`~cppcc.plots.similarity`,
:mod:`~cppcc.plots.network` and :mod:`~cppcc.plots.language`.
"""
from __future__ import annotations

from .corpus import corpus_structure
from .keyness import distinctive_bars, distinctive_scatter
from .language import formula_dotplot, numeric_claims_chart
from .mechanisms import mechanism_heatmap
from .network import cooccurrence_network
from .similarity import similarity_heatmap

__all__ = [
    "corpus_structure", "mechanism_heatmap", "distinctive_scatter", "distinctive_bars",
    "similarity_heatmap", "cooccurrence_network", "formula_dotplot", "numeric_claims_chart",
]
