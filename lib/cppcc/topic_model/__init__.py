"""Topic models seeded by the codebook, with covariates: what the speeches talk about beyond the
dictionary, and how it differs by level, unit and year.

Small modules, data flowing one way, each taking and returning tidy frames:

1. :mod:`~cppcc.topic_model.words` — the word rule (:func:`word_mask`: no punctuation, no stop words, no
   single characters, no bare numbers), the one place that decides what a model sees;
2. :mod:`~cppcc.topic_model.prepare` — a tokens frame to units (documents or paragraphs) with their words
   and metadata (:func:`prepare`, :func:`paragraph_ids`); :class:`TopicsError` when the corpus is too
   small;
   :mod:`~cppcc.topic_model.stream` — :func:`units_of`: the same units from a store, streamed a batch of
   documents at a time through :func:`cppcc.counting.source_of`, or from a random sample of documents;
3. :mod:`~cppcc.topic_model.seeds` — seed words from a dict or the codebook, matched to the vocabulary;
4. :mod:`~cppcc.topic_model.fit` — :func:`topics`: tomotopy's Dirichlet-multinomial regression, seeded;
5. :mod:`~cppcc.topic_model.result` / :mod:`~cppcc.topic_model.terms` / :mod:`~cppcc.topic_model.effects` —
   :class:`TopicsResult`: terms with FREX, document shares, prevalence by covariate with intervals;
6. :mod:`~cppcc.topic_model.search` — :func:`topics_search`: held-out likelihood and coherence for several k;
7. :mod:`~cppcc.topic_model.intrusion` — word- and topic-intrusion tasks for people, a coding sheet, and
   their scores (model precision, topic log odds) as the oolong package computes them.

``cppcc.topics`` is the function :func:`topics` (the package has another name: nothing shadows it); import
the helpers from this package: ``from cppcc.topic_model import paragraph_ids, word_intrusion``.
"""
from __future__ import annotations

from .words import WORD_RULE, word_mask
from .prepare import TopicsError, TopicsWarning, Units, paragraph_ids, prepare
from .stream import draw_sample, units_of
from .terms import coherence, exclusivity, frex, term_table
from .result import TopicsResult
from .fit import topics
from .search import topics_search
from .intrusion import (
    read_coding_sheet, score_intrusion, topic_intrusion, word_intrusion, write_coding_sheet,
)

__all__ = [
    "topics", "topics_search", "TopicsResult", "TopicsError", "TopicsWarning", "paragraph_ids", "prepare",
    "Units", "units_of", "draw_sample",
    "word_mask", "WORD_RULE", "frex", "term_table", "coherence", "exclusivity",
    "word_intrusion", "topic_intrusion", "write_coding_sheet", "read_coding_sheet", "score_intrusion",
]
