"""Comparing speeches, regions and levels: frequencies, keyness, contexts, networks, similarity.

One module per job: :mod:`~cppcc.compare.frequencies` (:func:`term_frequencies`),
:mod:`~cppcc.compare.keyness` (:func:`distinctive_terms`, :func:`g2_2x2`, :func:`method_agreement`),
:mod:`~cppcc.compare.reference` (:func:`reference_keyness` against general Chinese),
:mod:`~cppcc.compare.kwic` (:func:`kwic`), :mod:`~cppcc.compare.cooccurrence` (:func:`cooccurrence`)
and :mod:`~cppcc.compare.similarity` (:func:`similarity`).

Every function takes the tidy token frame of :func:`cppcc.tokens` (one row per token, columns
``doc_id, sentence, position, token, pos, is_stop, is_punct`` plus the speech metadata passed
through: speaker, region, level, ...) or, for :func:`kwic`, the speech frame of
:func:`cppcc.load_speeches`. The counting functions (:func:`term_frequencies`,
:func:`distinctive_terms`, :func:`reference_keyness`) and :func:`kwic` also take a
:class:`cppcc.Store`: they count through :mod:`cppcc.counting`, the one definition of a word.

Conventions shared by all functions
-----------------------------------
* **Denominator of rates.** A rate is *per 1,000 tokens*, where the tokens counted are **all
  words** of the group (:mod:`cppcc.counting`: every token but punctuation, symbols, blank and
  missing ones; stopwords included). Rates are therefore comparable whatever ``stop`` filter is chosen.
* **Stopwords.** ``stop`` is the stop-word spec of :func:`cppcc.text.resolve_stop`, the same in
  every function: ``True`` (default) drops the general list, ``False``/``None`` keeps every word,
  a list name (``"general"``, ``"officialese"``) drops that list, a list of names and/or words
  drops their union (``stop=["general", "officialese"]``, ``stop=["general", "工作"]``). The
  tokens' text decides, not their ``is_stop`` flags. Punctuation is dropped unless ``punct=True``.
* **Logs** are natural logs throughout.
* **Result metadata.** Every frame returned records how it was made in ``DataFrame.attrs``
  (:func:`cppcc.common.stamp`; plot functions read these instead of guessing from column names):
  ``function`` (its name), ``by`` (the grouping column, or the list of them for
  :func:`term_frequencies`/:func:`reference_keyness`), ``stop`` (:func:`cppcc.text.stop_label` of
  the spec) and ``punct``; plus ``method`` (log_odds, g2, log_ratio, tfidf_cosine) and the other
  settings (for :func:`distinctive_terms` ``input``, ``prior``, ``prior_scale``, ``williams``...;
  for :func:`kwic` ``pattern``, ``window``, ``regex``). :func:`cooccurrence` records ``function``,
  ``window``, ``measure``, ``stop``, ``min_count``, ``min_chars``, ``top`` and ``units`` in ``G.graph``.
* Missing columns raise :class:`ValueError` naming them; an empty corpus or a corpus of one
  document returns an empty / trivial result, never an error.
"""
from __future__ import annotations

from .cooccurrence import cooccurrence
from .frequencies import stoplist_effect, term_frequencies
from .keyness import distinctive_terms, g2_2x2, method_agreement
from .kwic import kwic
from .reference import reference_frequencies, reference_keyness
from .similarity import similarity

__all__ = [
    "term_frequencies",
    "distinctive_terms",
    "reference_keyness",
    "kwic",
    "cooccurrence",
    "similarity",
    "reference_frequencies",
    "g2_2x2",
    "method_agreement",
    "stoplist_effect",
]
