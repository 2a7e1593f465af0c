"""(placeholder: being written)"""
from __future__ import annotations

def segment(*args, **kwargs):
    raise NotImplementedError("cppcc.segment is not implemented yet")


def tokens(*args, **kwargs):
    raise NotImplementedError("cppcc.tokens is not implemented yet")


def stopwords(*args, **kwargs):
    raise NotImplementedError("cppcc.stopwords is not implemented yet")


