"""Chinese numerals: the value of a number written in Arabic or Chinese numerals."""

from __future__ import annotations

import functools
import re
import warnings



__all__ = ["cn_number"]

_CN_DIGITS = "零〇一二三四五六七八九"
_CN_NUM = _CN_DIGITS + "十百千万亿两"


def _cn2an(text: str) -> float:
    import cn2an  # imported lazily (it loads its own tables)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cn2an.cn2an(text, "smart"))


@functools.lru_cache(maxsize=4096)
def cn_number(text: str) -> float | None:
    """Value of a number written in Arabic or Chinese numerals, with 万/亿, or None.

    Conversion by cn2an (``smart`` mode, so mixed forms such as ``65万`` work); ``双`` reads 2;
    thousands separators are accepted.

    >>> cn_number("十二"), cn_number("65万"), cn_number("1,200"), cn_number("两千"), cn_number("双")
    (12.0, 650000.0, 1200.0, 2000.0, 2.0)
    >>> cn_number("十三五") is None
    True
    """
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text == "双":
        return 2.0
    try:
        return _cn2an(text)
    except Exception:  # cn2an raises ValueError and others on malformed input
        return None


def _first_number(term: str) -> float | None:
    """Value of the first numeral of a formula: the longest convertible prefix of its numeral run."""
    m = re.match(rf"\d+|[{_CN_NUM}双]+", term)
    if not m:
        return None
    run = m.group(0)
    if run[0].isdigit():
        return float(run)
    for k in range(len(run), 0, -1):
        value = cn_number(run[:k])
        if value is not None:
            return value
    return None

