"""(placeholder: being written)"""
from __future__ import annotations

def quoted_terms(*args, **kwargs):
    raise NotImplementedError("cppcc.quoted_terms is not implemented yet")


def numbered_formulas(*args, **kwargs):
    raise NotImplementedError("cppcc.numbered_formulas is not implemented yet")


def numeric_claims(*args, **kwargs):
    raise NotImplementedError("cppcc.numeric_claims is not implemented yet")


def classify_measures(*args, **kwargs):
    raise NotImplementedError("cppcc.classify_measures is not implemented yet")


