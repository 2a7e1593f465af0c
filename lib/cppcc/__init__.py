"""cppcc: load, clean and analyse speeches of China's local CPPCCs (政协).

The public API is flat: ``import cppcc`` and call ``cppcc.load_speeches()``,
``cppcc.tokens(...)``, ``cppcc.distinctive_terms(...)``. Every function takes and returns
tidy pandas DataFrames (one row per speech, section, measure or token) that keep
``doc_id`` so results join back to speaker and region metadata.

Plotting lives in :mod:`cppcc.plots` and the report builder in :mod:`cppcc.report`; both are
imported on first use so that ``import cppcc`` stays light.
"""
from __future__ import annotations

import importlib

from .normalize import normalize_text, to_simplified
from .corpus import CorpusError, CorpusWarning, cleaning_audit, load_pages, load_speeches
from .structure import measures, paragraphs, sections, speech_stats
from .text.analyse import segment
from .text.stoplists import resolve_stop, stopwords
from .text.table import tokens
from .language.claims import numeric_claims
from .language.formulas import numbered_formulas
from .language.measures import classify_measures
from .language.quotes import quoted_forms, quoted_terms
from .compare import cooccurrence, distinctive_terms, kwic, reference_keyness, similarity, term_frequencies
from .mechanisms import code_mechanisms, evidence, glossary, load_codebook, mechanism_contrast
from .uncertainty import bootstrap_rates, rate_contrast
from .validation import coding_sheet, krippendorff_alpha, score_coding
from .explore import term_report
from .reuse import reuse_summary, text_reuse
from .store import Store, build_store, open_store
from .source import open_corpus
from .topic_model import TopicsError, topics, topics_search
from .diffusion import (
    adoption_curves, adoption_times, diffusion_edges, diffusion_graph, first_mentions, simulate_archive,
    time_to_adoption, trends,
)

from ._version import __version__ as __version__

__all__ = [
    "CorpusError", "CorpusWarning", "load_speeches", "load_pages", "cleaning_audit",
    "paragraphs", "sections", "measures", "speech_stats",
    "normalize_text", "to_simplified", "segment", "tokens", "stopwords", "resolve_stop",
    "quoted_terms", "quoted_forms", "numbered_formulas", "numeric_claims", "classify_measures",
    "term_frequencies", "distinctive_terms", "reference_keyness", "kwic", "cooccurrence", "similarity",
    "load_codebook", "code_mechanisms", "mechanism_contrast", "evidence", "glossary",
    "bootstrap_rates", "rate_contrast", "coding_sheet", "score_coding", "krippendorff_alpha",
    "term_report",
    "text_reuse", "reuse_summary",
    "build_store", "open_store", "Store", "open_corpus",
    "topics", "topics_search", "TopicsError",
    "trends", "first_mentions", "adoption_curves", "adoption_times", "time_to_adoption", "diffusion_edges",
    "diffusion_graph",
    "simulate_archive",
    "plots", "report",
]

_LAZY = {"plots", "report"}


def __getattr__(name: str):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'cppcc' has no attribute {name!r}")
