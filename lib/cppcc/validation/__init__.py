"""Validating the codebook by people: a blind, stratified coding sample, its scores, and agreement.

Small modules, one job each, data flowing one way:

- :mod:`~cppcc.validation.sample` — :func:`sentence_matches` (every sentence and the categories the
  dictionary finds in it) and :func:`coding_sheet` (a stratified random sample with weights);
- :mod:`~cppcc.validation.sheet_io` — :func:`write_coding_sheet` (the coders' ``.xlsx`` and
  ``.csv``, never showing the machine's categories, and the scorer's key), :func:`read_coding_sheet`
  and :func:`read_codes` (filled sheets back as tidy codes);
- :mod:`~cppcc.validation.coder` — :func:`coder_widget`, a small ipywidgets coder for JupyterLab that
  saves to Parquet after every answer and resumes where the coder stopped;
- :mod:`~cppcc.validation.score` — :func:`score_coding`: precision, recall and F1 per category with
  intervals, and alpha between coders;
- :mod:`~cppcc.validation.alpha` — :func:`krippendorff_alpha` (nominal, ordinal, interval, ratio).

The workflow: ``sheet = coding_sheet(tokens, path="validation/sample")``; each coder fills
``sample.xlsx`` (or codes in ``coder_widget(sheet, "codes_ann.parquet", coder="ann")``);
``score_coding(read_coding_sheet("validation/sample"), [read_codes(f) for f in files])``.
"""
from __future__ import annotations

from .alpha import krippendorff_alpha
from .coder import coder_widget
from .sample import coding_sheet, recode_sheet, sentence_matches
from .score import score_coding, term_agreement, wilson_interval
from .sheet_io import read_codes, read_coding_sheet, write_coding_sheet

__all__ = [
    "krippendorff_alpha", "sentence_matches", "coding_sheet", "recode_sheet", "write_coding_sheet",
    "read_coding_sheet", "read_codes", "coder_widget", "score_coding", "term_agreement", "wilson_interval",
]
