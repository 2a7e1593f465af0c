"""Quoted forms (kept for ``from cppcc.forms import quoted_forms``): the function lives in
:mod:`cppcc.language.quotes` and is also ``cppcc.quoted_forms``."""
from __future__ import annotations

from .language.quotes import quoted_forms

__all__ = ["quoted_forms"]
