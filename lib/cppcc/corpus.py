"""(placeholder: being written)"""
from __future__ import annotations

def load_speeches(*args, **kwargs):
    raise NotImplementedError("cppcc.load_speeches is not implemented yet")


def load_pages(*args, **kwargs):
    raise NotImplementedError("cppcc.load_pages is not implemented yet")


def cleaning_audit(*args, **kwargs):
    raise NotImplementedError("cppcc.cleaning_audit is not implemented yet")


class CorpusError(Exception):
    """A corpus file could not be read; the message names the file and the problem."""
