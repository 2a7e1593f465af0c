"""Governance mechanisms: a codebook as data, dictionary coding with rates, and the evidence behind
every count; plus the bilingual glossary used to label charts.

One module per job: :mod:`~cppcc.mechanisms.codebook` (:func:`load_codebook`, :func:`glossary`),
:mod:`~cppcc.mechanisms.matching` (:func:`match_terms`), :mod:`~cppcc.mechanisms.coding`
(:func:`code_mechanisms`, :func:`evidence`), :mod:`~cppcc.mechanisms.intervals` (the sentences a
bootstrap resamples, :func:`mechanism_contrast`) and :mod:`~cppcc.mechanisms.readings` (the notebooks'
readings of a coded corpus: :func:`strongest_cells`, :func:`evidence_drivers`,
:func:`dominant_mechanism`, :func:`versus_rest`).

The codebook (``data/codebook.yaml``) groups terms into categories — platforms, procedures,
staffing and resources, rules and evaluation, members' duties, party leadership, grassroots reach,
democratic supervision, follow-up and feedback — each with a Chinese and English label, a one-line
definition and a justification. :func:`code_mechanisms` counts matches per document and category
(rate per 1,000 non-punctuation tokens) and :func:`evidence` lists every matched passage, so that
``len(evidence(toks))`` equals ``code_mechanisms(toks)["matches"].sum()``.

Matching (one implementation, :func:`match_terms`, serves both):

* a term matches a run of consecutive tokens *within one sentence* whose concatenation equals the
  term exactly — so terms the segmenter splits still match, and a term never matches part of a
  longer token (工作室 does not match inside the token 委员工作室);
* overlaps are resolved leftmost-longest: a token belongs to at most one match;
* a term with a leading/trailing ``*`` (``"*党委"``) is a pattern matching one whole token (any
  token ending in 党委); an exact term wins over a pattern, and among patterns the first in
  codebook order wins;
* rows of ``tokens`` must be in text order within each sentence (as :func:`cppcc.tokens` returns them).
"""
from __future__ import annotations

from .codebook import CODEBOOK_PATH, GLOSSARY_PATH, glossary, load_codebook
from .coding import code_mechanisms, evidence
from .intervals import mechanism_contrast
from .matching import match_terms
from .readings import REST, THIS, dominant_mechanism, evidence_drivers, strongest_cells, versus_rest

__all__ = ["load_codebook", "code_mechanisms", "mechanism_contrast", "evidence",
           "glossary", "match_terms", "CODEBOOK_PATH",
           "GLOSSARY_PATH", "strongest_cells", "evidence_drivers", "dominant_mechanism", "versus_rest",
           "THIS", "REST"]
