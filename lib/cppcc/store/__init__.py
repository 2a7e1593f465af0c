"""Archives at scale: an embedded, out-of-core store of documents and tokens (Parquet + DuckDB).

:func:`build_store` reads a corpus folder, WARC files or a frame of documents in batches, cleans
and tokenises every batch in a worker process (or on a Dask cluster) and writes Parquet files;
:func:`open_store` opens the result. Nothing holds the whole corpus in memory: DuckDB computes
counts over the Parquet files and spills to disk when memory runs out.

Layout of a store folder::

    store.json                  the current version: settings digest, totals, and every file of the
                                version with its row count, size and SHA-256 digest
    gen/<generation>/           the gathered tables of a version, in corpus order:
        documents.parquet       the load_speeches columns, one row per document
        pages.parquet           the load_pages rows of every page
        audit.parquet           the cleaning_audit rows of every page
        warnings.parquet        every loader warning (file, message)
    tokens/part-<id>.parquet    the token columns of cppcc.tokens (doc_id, sentence, position, token,
                                pos, is_stop, is_punct), one file per batch, dictionary-encoded
    parts/<id>.parquet          the manifest of each batch: its pages, their content keys, warnings,
                                and the batch's files with their digests (written last)
    parts/<table>/<id>.parquet  each batch's documents, pages and audit rows
    .lock                       held by the build writing the folder (one at a time)

A build writes a new generation and then replaces ``store.json`` at once: a store opened before or
during a rebuild reads the version it opened, whole (the files of the version before the newest are
kept until the next build). :func:`open_store` checks the files against ``store.json`` (a missing or
damaged file is named); :func:`build_store` redoes the batches whose files are missing or damaged.

The package: :mod:`~cppcc.store.sources` (the pages of a folder, WARC files or a frame, and
their content keys, as an Arrow index), :mod:`~cppcc.store.run` (the folder's lock; batches inline,
in worker processes or on Dask), :mod:`~cppcc.store.build` (the batches' Parquet files, gathered
into a generation), :mod:`~cppcc.store.reader` (:class:`Store`: the tables, DuckDB) and
:mod:`~cppcc.store.counts` (the store's source for :mod:`cppcc.counting`: every analysis that counts
takes a store as it takes tokens).

A page's *content key* is a hash of its bytes, its name, its unit in ``sources.csv`` and the
settings that decide the tokens (library version, lexicon, stop lists, the pipeline's source):
re-running :func:`build_store` on a grown or edited folder processes only the batches whose
pages are new or changed.

Examples
--------
>>> import tempfile, pandas as pd
>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
...                      "text": ["臨滄市政協建立委員之家。", "委員之家在基層。"]})
>>> with tempfile.TemporaryDirectory() as out:
...     st = build_store(docs, out, progress=False)
...     st.counts("group").values.tolist()[:3]
[['x', '临沧市', 1], ['x', '委员之家', 1], ['x', '建立', 1]]
"""
from __future__ import annotations

from . import counts as _counts  # noqa: F401  (registers the store's source with cppcc.counting)
from .build import build_store
from .reader import STORE_VERSION, TOKEN_FILE_COLUMNS, Store, StoreError, is_store, open_store

__all__ = ["build_store", "open_store", "is_store", "Store", "StoreError", "STORE_VERSION",
           "TOKEN_FILE_COLUMNS"]
