"""The segmentation cache: its key and how the token columns of a call are stored and read.

The key (:func:`_settings_digest`) is the pipeline version, the lexicon's digest, the hashes of the
files listed in :data:`SEGMENTATION_FILES` (an explicit list: the code that decides the tokens),
the settings of the call (backend, HMM, extra words) and the versions of the segmenter and of OpenCC.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np

from ..cache import BlobCache
from ..lexicon import lexicon_digest
from .columns import _pack_columns, _take_columns, _unpack_columns

__all__ = ["PIPELINE_VERSION", "SEGMENTATION_FILES", "segmentation_sources"]

# bump when the segmentation or sentence logic changes in a way the files below do not show
PIPELINE_VERSION = "4"

#: the files (relative to ``lib/cppcc``) whose code decides the tokens, hence the cache key:
#: segmentation (segmenter, analyse), the cached form (columns, this module), the words kept whole
#: (words), the normalisation, the lexicon's rules and the sentence rule. Not listed: the stop lists
#: (not part of the key) and the token table (it only spreads the cached columns into a frame).
#: tests/test_text.py checks that every module these import is listed or named as deciding nothing.
SEGMENTATION_FILES: tuple[str, ...] = (
    "text/segmenter.py",
    "text/analyse.py",
    "text/columns.py",
    "text/words.py",
    "text/cache.py",
    "text/kept.py",
    "normalize.py",
    "lexicon.py",
    "common.py",
)

#: the folder :data:`SEGMENTATION_FILES` are relative to (a test points it at a copy)
_SOURCE_DIR = Path(__file__).resolve().parents[1]


def segmentation_sources(root: Path | None = None) -> list[Path]:
    """The source files whose code decides the tokens: :data:`SEGMENTATION_FILES` under ``root``
    (default: the installed package). Their hashes are part of the token cache key.

    Examples
    --------
    >>> [p.name for p in segmentation_sources()][-3:]
    ['normalize.py', 'lexicon.py', 'common.py']
    """
    root = Path(root or _SOURCE_DIR)
    return [root / name for name in SEGMENTATION_FILES]


def _code_digest() -> str:
    """The pipeline version, the lexicon's digest and the hashes of :data:`SEGMENTATION_FILES`: what
    decides the tokens apart from the call's settings (also the key of the set-up tables that
    :mod:`cppcc.text.kept` keeps on disk)."""
    parts = [PIPELINE_VERSION, lexicon_digest()]
    for name, path in zip(SEGMENTATION_FILES, segmentation_sources()):
        parts.append(name + ":" + hashlib.sha256(path.read_bytes()).hexdigest()[:16])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


@functools.lru_cache(maxsize=16)
def _settings_digest(backend: str, hmm: bool, extra: tuple[str, ...] = ()) -> str:
    """The segmentation cache key of a backend, HMM setting and extra words.

    The pipeline version, the lexicon's digest, the hash of every file of
    :data:`SEGMENTATION_FILES` (so that a development checkout never reads stale tokens), the
    settings, and the versions of the segmenter and of OpenCC (whose dictionaries decide the
    normalised text). Nothing else: a change elsewhere in the package keeps the cached tokens.
    """
    from importlib.metadata import PackageNotFoundError, version

    parts = [_code_digest(), backend, str(hmm), "\x1f".join(extra)]
    for package in ("rjieba" if backend == "rjieba" else "jieba", "opencc"):
        try:
            parts.append(version(package))
        except PackageNotFoundError:  # pragma: no cover - an unusual install
            parts.append(package + "?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _cache_read(store: BlobCache, call_key: str, keys: list[str]) -> list[tuple[dict, list[str]]]:
    """The cached columns of those of ``keys`` (distinct text keys) that the cache holds.

    The cache holds *parts*: the columns of the texts one call tokenised (``part:<hash>``), a
    reference ``<part> <index>`` under each text's key, and under the key of a call whose texts
    were exactly one part, in order, that part's key (a repeat call reads one part and no
    references). Returns ``(columns, keys)`` pairs, one per part read.
    """
    hit = store.get_many([call_key])
    if hit:
        part = hit[call_key].decode()
        blob = store.get_many([part]).get(part)
        if blob is not None:
            return [(_unpack_columns(blob), keys)]
    wanted: dict[str, list[tuple[str, int]]] = {}
    for key, ref in store.get_many(keys).items():
        part, index = ref.decode().split(" ")
        wanted.setdefault(part, []).append((key, int(index)))
    blobs = store.get_many(wanted)
    out = []
    for part, items in wanted.items():
        if part in blobs:
            cols = _unpack_columns(blobs[part])
            out.append((_take_columns(cols, np.array([i for _, i in items])), [k for k, _ in items]))
    return out


def _cache_write(store: BlobCache, call_key: str, cols: dict, keys: list[str], whole: bool) -> None:
    """Store the columns of the freshly tokenised texts ``keys`` as one part (see :func:`_cache_read`);
    ``whole``: they are the call's texts, in order, so the call's key names the part."""
    part = "part:" + hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()
    items = {part: _pack_columns(cols)}
    items.update((k, f"{part} {i}".encode()) for i, k in enumerate(keys))
    if whole:
        items[call_key] = part.encode()
    store.put_many(items)

