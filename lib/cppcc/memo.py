"""An explicit, bounded in-memory memo for results keyed by content (used by :func:`cppcc.tokens`).

A repeat call of :func:`cppcc.tokens` on the same texts with the same settings in the same Python
session is answered from memory, without ``cache=``: the memo holds the assembled token columns of
recent calls, keyed by a hash of the texts and of the settings, least recently used first out, up
to a total size (``$CPPCC_MEMO_MB``, default 512 MiB; ``0`` switches it off). Nothing is hidden:
:data:`TOKENS` is the memo, ``TOKENS.clear()`` empties it and ``TOKENS.stats()`` says what it holds.

Examples
--------
>>> m = Memo(max_bytes=100)
>>> m.put("a", "value", nbytes=60); m.put("b", "other", nbytes=60)  # "a" is evicted: 120 > 100
>>> m.get("a") is None, m.get("b")
(True, 'other')
>>> m.stats()
{'entries': 1, 'bytes': 60, 'max_bytes': 100, 'hits': 1, 'misses': 1}
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Memo", "TOKENS", "nbytes_of", "call_key", "get_columns", "put_columns"]


class Memo:
    """A least-recently-used map ``key -> value`` bounded by the values' total size in bytes.

    Parameters
    ----------
    max_bytes : int
        Largest total size kept; a value larger than this is not kept at all.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._hits = self._misses = 0
        self._lock = threading.Lock()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Keep nothing new while the block runs (what is held stays; ``get`` still answers), e.g. in
        a worker whose results are written to disk and never asked for again.

        Examples
        --------
        >>> m = Memo(max_bytes=100)
        >>> with m.paused():
        ...     m.put("a", "value", nbytes=10)
        >>> m.get("a") is None, m.max_bytes
        (True, 100)
        """
        with self._lock:
            kept, self.max_bytes = self.max_bytes, 0
        try:
            yield
        finally:
            with self._lock:
                self.max_bytes = kept

    def get(self, key: str) -> Any | None:
        """The value stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self._misses += 1
                return None
            self._items.move_to_end(key)
            self._hits += 1
            return item[0]

    def put(self, key: str, value: Any, nbytes: int) -> None:
        """Keep ``value`` under ``key``, evicting the least recently used values beyond ``max_bytes``."""
        if nbytes > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, int(nbytes))
            self._bytes += int(nbytes)
            while self._bytes > self.max_bytes and self._items:
                _, (_, size) = self._items.popitem(last=False)
                self._bytes -= size

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def stats(self) -> dict[str, int]:
        """Entries, bytes held, the bound, hits and misses so far."""
        return {"entries": len(self._items), "bytes": self._bytes, "max_bytes": self.max_bytes,
                "hits": self._hits, "misses": self._misses}


def nbytes_of(columns: dict) -> int:
    """Approximate size of a dict of numpy arrays (object arrays: 64 bytes per element)."""
    total = 0
    for arr in columns.values():
        is_array = getattr(arr, "dtype", None) is not None and arr.dtype != object
        total += arr.nbytes if is_array else 64 * len(arr)
    return total


def call_key(settings: str, keys: list[str]) -> str:
    """The memo key of one call: the settings digest and the content keys of its texts, in order."""
    import hashlib

    return settings + ":" + hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()


def get_columns(memo: Memo, key: str) -> dict | None:
    """A copy of the column arrays stored under ``key`` (a caller may modify what it gets), or None."""
    cols = memo.get(key)
    return None if cols is None else {k: v.copy() for k, v in cols.items()}


def put_columns(memo: Memo, key: str, cols: dict) -> None:
    """Keep a copy of the column arrays ``cols`` under ``key``."""
    if memo.max_bytes > 0:
        memo.put(key, {k: v.copy() for k, v in cols.items()}, nbytes_of(cols))


def _limit() -> int:
    try:
        return int(float(os.environ.get("CPPCC_MEMO_MB", "512")) * 2**20)
    except ValueError:
        return 512 * 2**20


#: the memo of :func:`cppcc.tokens` (assembled token columns of recent calls)
TOKENS = Memo(_limit())
