"""Explicit, content-keyed on-disk caches under the project's gitignored ``.cache/`` folder.

:func:`cache_root` finds the folder: ``$CPPCC_CACHE_DIR`` if set, else ``<project>/.cache`` when
the package runs from its source tree (``lib/cppcc`` next to ``pyproject.toml``), else
``~/.cache/cppcc``. Nothing is written unless a caller asks for it (e.g. ``tokens(..., cache=True)``).

:class:`BlobCache` is a small SQLite key -> bytes store, safe for several processes (one writer
at a time; readers never see half-written rows). Writes are not synced to the disk: a process that
dies mid-write leaves the file whole, and only a crash of the operating system could damage it
(it then reads as an unusable cache). Keys are content hashes chosen by the caller; a change of
the settings that produced the values must change the ``namespace`` (which names the file), so
stale values are never read.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     c = BlobCache(d, "demo")
...     c.put_many({"k1": b"v1"})
...     c.get_many(["k1", "k2"])
{'k1': b'v1'}
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from .common import project_root

__all__ = ["cache_root", "BlobCache"]


def cache_root() -> Path:
    """The folder for the project's caches (not created here).

    Examples
    --------
    >>> import os
    >>> env = os.environ.get("CPPCC_CACHE_DIR")
    >>> cache_root() == Path(env) if env else cache_root().name in (".cache", "cppcc")
    True
    """
    env = os.environ.get("CPPCC_CACHE_DIR")
    if env:
        return Path(env)
    project = project_root()
    if project is not None:
        return project / ".cache"
    return Path.home() / ".cache" / "cppcc"


class BlobCache:
    """A key -> bytes store in ``<folder>/<namespace>.sqlite``.

    Parameters
    ----------
    folder : path
        Where the SQLite file lives (created if missing).
    namespace : str
        File name stem; put a digest of everything that determines the values in it.
    """

    _CHUNK = 500  # SQLite's default limit on bound parameters is 999

    def __init__(self, folder: str | os.PathLike, namespace: str):
        self.folder = Path(folder)
        self.path = self.folder / f"{namespace}.sqlite"

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=60)
        # no fsync: an application that crashes mid-write still leaves the file whole (the rollback
        # journal is kept); only a crash of the operating system could damage it, which costs a
        # cache, while waiting for the disk twice per write costs every first call its time
        con.execute("PRAGMA synchronous=OFF")
        con.execute("CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        return con

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored values of those ``keys`` that are present."""
        keys = list(dict.fromkeys(keys))
        if not keys or not self.path.exists():
            return {}
        out: dict[str, bytes] = {}
        con = self._connect()
        try:
            for i in range(0, len(keys), self._CHUNK):
                chunk = keys[i : i + self._CHUNK]
                marks = ",".join("?" * len(chunk))
                out.update(
                    con.execute(f"SELECT key, value FROM blobs WHERE key IN ({marks})", chunk).fetchall()
                )
        finally:
            con.close()
        return out

    def put_many(self, items: Mapping[str, bytes]) -> None:
        """Store ``items`` (one transaction)."""
        if not items:
            return
        con = self._connect()
        try:
            with con:
                con.executemany(
                    "INSERT OR REPLACE INTO blobs (key, value) VALUES (?, ?)", list(items.items())
                )
        finally:
            con.close()
