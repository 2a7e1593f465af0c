"""(placeholder: being written)"""
from __future__ import annotations

def paragraphs(*args, **kwargs):
    raise NotImplementedError("cppcc.paragraphs is not implemented yet")


def sections(*args, **kwargs):
    raise NotImplementedError("cppcc.sections is not implemented yet")


def measures(*args, **kwargs):
    raise NotImplementedError("cppcc.measures is not implemented yet")


