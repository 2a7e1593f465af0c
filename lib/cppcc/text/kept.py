"""Set-up tables kept on disk: what a cold first call of :func:`cppcc.tokens` would rebuild every time.

The domain lexicon as plain lists (for the segmenter's dictionary) and the place tables of
:func:`cppcc.text.corpus_words` take a noticeable share of a cold first call to build, and depend
only on the lexicon file and the code of :data:`cppcc.text.cache.SEGMENTATION_FILES`. :func:`kept`
stores such a value (anything :mod:`marshal` writes) under ``cache_root()/text``, keyed by a digest of
what it depends on, the way :func:`cppcc.text.jieba_tokenizer` keeps jieba's prefix dictionary; a
missing, stale or unreadable file only costs the rebuild, and an unwritable folder is no error.

Examples
--------
>>> kept("demo", ["a", "b"], lambda: {"x": [1, 2]})
{'x': [1, 2]}
"""
from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..cache import cache_root

__all__ = ["kept"]

T = TypeVar("T")
#: bump when the form of a kept value changes
_FORMAT = "1"


def kept(name: str, parts: Iterable[str], build: Callable[[], T]) -> T:
    """``build()``, read from ``cache_root()/text/<name>-<digest of parts>.marshal`` when it is there."""
    key = hashlib.blake2b("\x1f".join([_FORMAT, name, *parts]).encode(), digest_size=12).hexdigest()
    path = cache_root() / "text" / f"{name}-{key}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
    except (OSError, ValueError):  # an unwritable folder, or a value marshal cannot write
        pass
    return value
