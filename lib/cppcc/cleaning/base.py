"""Helpers every cleaning rule shares: a Simplified copy of a line for matching, whitespace removal."""
from __future__ import annotations

from ..normalize import _LINES, to_simplified

__all__ = ["HAN", "CN_DIGIT", "simple", "compact"]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_DIGIT = "〇零一二三四五六七八九十"


def simple(line: str) -> str:
    """A Simplified copy of ``line`` of the same length (else the line itself), for matching.

    Examples
    --------
    >>> simple("政協委員")
    '政协委员'
    """
    s = _LINES.get(line)  # the memo of converted lines (a page's lines are converted once, up front)
    if s is None:
        s = to_simplified(line)
    return s if len(s) == len(line) else line


def compact(s: str) -> str:
    """``s`` without whitespace."""
    return "".join(s.split())  # str.split and re's \s agree on what is whitespace
