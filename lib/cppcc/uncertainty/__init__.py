"""Uncertainty of rates, and the dispersion and multiple testing of distinctive terms.

Every function takes tidy pandas frames and returns one with ``attrs`` (``function`` and its
settings). Small modules, one job each:

- :mod:`~cppcc.uncertainty.resample` — units of counting and bootstrap replicates (numpy);
- :mod:`~cppcc.uncertainty.bootstrap` — :func:`bootstrap_rates`: pooled rates per group with a
  percentile interval that resamples documents (a single document: its sentences);
- :mod:`~cppcc.uncertainty.contrast` — :func:`rate_contrast`: difference and ratio of two groups'
  rates (or a group and the rest), each side's documents resampled independently;
- :mod:`~cppcc.uncertainty.dispersion` — :func:`term_dispersion`: the documents that use a term
  and Gries' DP over a group's documents;
- :mod:`~cppcc.uncertainty.fdr` — :func:`p_from_z`, :func:`bh_qvalues`, :func:`add_qvalues`
  (Benjamini–Hochberg within groups) and :func:`is_distinctive`, the one rule for distinctive terms.
"""
from __future__ import annotations

from .bootstrap import bootstrap_rates
from .contrast import rate_contrast
from .dispersion import term_dispersion
from .fdr import add_qvalues, bh_qvalues, describe_rule, is_distinctive, p_from_z

__all__ = [
    "bootstrap_rates", "rate_contrast", "term_dispersion",
    "p_from_z", "bh_qvalues", "add_qvalues", "is_distinctive", "describe_rule",
]
