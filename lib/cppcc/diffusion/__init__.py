"""Change over time and the spread of brands and formulas: trends, first mentions, adoption, who
followed whom, and a simulated archive to check the methods on.

Small modules by job, data flowing one way, each step a function on tidy frames:

- :mod:`~cppcc.diffusion.terms` — which terms to follow (the corpus' quoted brands and numbered
  formulas) and which documents hold them;
- :mod:`~cppcc.diffusion.first` — :func:`first_mentions`: each unit's first dated document holding a
  term, flagged ``censored`` when the unit's pages begin with it (left-censored: not an adoption date);
- :mod:`~cppcc.diffusion.adoption` — :func:`adoption_curves` (cumulative share of units known to use a
  term) and :func:`time_to_adoption` (Kaplan–Meier with delayed entry; left-censored units excluded and
  counted);
- :mod:`~cppcc.diffusion.network` — :func:`diffusion_edges` and :func:`diffusion_graph`: reused
  passages (:func:`cppcc.text_reuse`) oriented from the earlier unit to the later one and joined with
  first mentions;
- :mod:`~cppcc.diffusion.trends` — :func:`trends`: rates per period with document-bootstrap intervals;
- :mod:`~cppcc.diffusion.simulate` — :func:`simulate_archive`: a planted archive for method checks,
  labelled simulated wherever it appears.

Every function leaves out documents without a date (or a unit) with a
:class:`DiffusionWarning` and counts them in the result's ``attrs``; nothing is dropped silently.
Dates are the documents' ``date`` column: the date of the speech or meeting where the loader finds it.
"""
from __future__ import annotations

from ._frames import DiffusionWarning
from .adoption import adoption_curves, adoption_times, time_to_adoption
from .first import first_mentions
from .network import diffusion_edges, diffusion_graph
from .simulate import SimulatedArchive, simulate_archive
from .terms import corpus_terms
from .trends import periods, trends

__all__ = [
    "DiffusionWarning", "corpus_terms", "first_mentions", "adoption_curves", "adoption_times",
    "time_to_adoption", "diffusion_edges", "diffusion_graph", "trends", "periods", "simulate_archive",
    "SimulatedArchive",
]
