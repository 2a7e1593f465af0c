"""The seed page: the report shows the notebooks' readings of the project's seed page (cells tagged
:data:`SEED_TAG`) only when the corpus is exactly that page, decided from its bytes
(:func:`is_seed_corpus`)."""
from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["SEED_SHA256", "SEED_DATE", "SEED_TAG", "is_seed_corpus"]

#: SHA-256 of the seed page ``corpus/000_311b16853e29c05d.txt`` as received (kept byte for byte)
SEED_SHA256 = "5f3fc20892e163b7aec7f97639118bc8efb1f6268260274b8e31e226c6ecad0b"
#: the seed page's date, as the readings' label states it
SEED_DATE = "2020-08-24"
#: the cell tag of a notebook's interpretation of the seed page
SEED_TAG = "seed-reading"


def is_seed_corpus(path: str | Path | None = None) -> bool:
    """True when the corpus at ``path`` (a corpus folder or file, or a store folder built from one)
    is exactly the project's seed page, byte for byte.

    Decided from the data: the corpus must hold one page file whose SHA-256 is
    :data:`SEED_SHA256`. The notebooks' interpretations of the seed (cells tagged
    :data:`SEED_TAG`, headed "Reading of the 2020-08-24 digest") are shown only then.

    Examples
    --------
    >>> is_seed_corpus()  # the project's corpus/ holds the seed page only
    True
    """
    from ..corpus.files import find_files
    from ..store.reader import is_store, open_store

    if is_store(path):  # a store built from one page records the SHA-256 of its bytes
        return open_store(path).info.get("page_sha256") == SEED_SHA256
    _, files = find_files(path)
    if len(files) != 1:
        return False
    return hashlib.sha256(files[0].read_bytes()).hexdigest() == SEED_SHA256
