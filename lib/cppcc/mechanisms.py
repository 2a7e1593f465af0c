"""(placeholder: being written)"""
from __future__ import annotations

def load_codebook(*args, **kwargs):
    raise NotImplementedError("cppcc.load_codebook is not implemented yet")


def code_mechanisms(*args, **kwargs):
    raise NotImplementedError("cppcc.code_mechanisms is not implemented yet")


def evidence(*args, **kwargs):
    raise NotImplementedError("cppcc.evidence is not implemented yet")


def glossary(*args, **kwargs):
    raise NotImplementedError("cppcc.glossary is not implemented yet")


