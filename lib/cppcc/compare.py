"""(placeholder: being written)"""
from __future__ import annotations

def term_frequencies(*args, **kwargs):
    raise NotImplementedError("cppcc.term_frequencies is not implemented yet")


def distinctive_terms(*args, **kwargs):
    raise NotImplementedError("cppcc.distinctive_terms is not implemented yet")


def reference_keyness(*args, **kwargs):
    raise NotImplementedError("cppcc.reference_keyness is not implemented yet")


def kwic(*args, **kwargs):
    raise NotImplementedError("cppcc.kwic is not implemented yet")


def cooccurrence(*args, **kwargs):
    raise NotImplementedError("cppcc.cooccurrence is not implemented yet")


def similarity(*args, **kwargs):
    raise NotImplementedError("cppcc.similarity is not implemented yet")


