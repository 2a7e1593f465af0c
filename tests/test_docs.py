"""The docstring examples of every module of the library run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cppcc

MODULES = sorted({m.name for m in pkgutil.walk_packages(cppcc.__path__, "cppcc.")} | {"cppcc"})


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False
    )
    assert result.failed == 0, (
        f"{result.failed} docstring example(s) of {name} fail; run python -m doctest -v"
    )


def test_public_functions_are_documented():
    undocumented = [
        n
        for n in cppcc.__all__
        if n not in {"plots", "report"} and not (getattr(cppcc, n).__doc__ or "").strip()
    ]
    assert not undocumented, undocumented
