"""Where a corpus's tables come from: its pages or a store built from them, opened by one call
(:func:`open_corpus`), the same tables either way.

The notebooks open their corpus with ``corpus = cppcc.open_corpus(CORPUS, STORE, ERRORS)`` and read
``corpus.speeches``, ``corpus.pages``, ``corpus.audit`` and ``corpus.tokens()``: a store built by
:func:`cppcc.build_store` answers from its Parquet files (nothing is parsed or segmented again).
"""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .common import check_option, metadata_names

__all__ = ["open_corpus", "Corpus"]


class Corpus:
    """A corpus opened by :func:`open_corpus`: its tables, read once each when first asked for.

    Attributes
    ----------
    speeches : DataFrame
        :func:`cppcc.load_speeches` (or :meth:`cppcc.Store.documents`).
    pages : DataFrame
        :func:`cppcc.load_pages` (or :meth:`cppcc.Store.pages`).
    audit : DataFrame
        :func:`cppcc.cleaning_audit` (or :meth:`cppcc.Store.audit`).
    store : cppcc.Store or None
        The store the tables come from, if any.
    path : Path or None
        The corpus file or folder (None for the project's ``corpus/`` or a store).
    label : str
        What the corpus is, for a sentence: ``"the project corpus (corpus/)"``, its path, or
        ``"the store <path>"``.
    """

    def __init__(self, corpus: str | os.PathLike | None = None, store=None, errors: str = "raise"):
        from .store.reader import Store, open_store

        self.errors = errors
        self.path = Path(corpus) if corpus is not None else None
        self.store = (store if isinstance(store, Store) else open_store(store)) if store is not None else None
        if self.store is not None:
            self.label = f"the store {store.path if isinstance(store, Store) else store}"
        else:
            self.label = str(corpus) if corpus else "the project corpus (corpus/)"

    def __repr__(self) -> str:
        return f"Corpus({self.label})"

    def _read(self, table: str) -> pd.DataFrame:
        if self.store is not None:
            read = {"speeches": self.store.documents, "pages": self.store.pages, "audit": self.store.audit}
            return read[table]()
        from . import corpus as loader

        read = {"speeches": loader.load_speeches, "pages": loader.load_pages, "audit": loader.cleaning_audit}
        return read[table](self.path, errors=self.errors)

    @cached_property
    def speeches(self) -> pd.DataFrame:
        return self._read("speeches")

    @cached_property
    def pages(self) -> pd.DataFrame:
        return self._read("pages")

    @cached_property
    def audit(self) -> pd.DataFrame:
        return self._read("audit")

    def tokens(self, speeches: pd.DataFrame | None = None) -> pd.DataFrame:
        """The token frame of ``speeches`` (default: :attr:`speeches`), as :func:`cppcc.tokens` gives it.

        From pages: ``cppcc.tokens(speeches, cache=True)``. From a store: the same frame read from the
        store's token files (no segmentation): the token rows of the ``speeches``' documents, in
        their order, with their columns as metadata, so a column added to ``speeches`` is there too
        (the speeches' texts must be the store's).
        """
        from .text.table import TOKEN_COLUMNS, tokens

        speeches = self.speeches if speeches is None else speeches
        if self.store is None:
            return tokens(speeches, cache=True)
        rows = self.store.tokens(columns=list(TOKEN_COLUMNS))
        names = metadata_names(speeches.columns)
        meta = speeches[list(names)].rename(columns=names).reset_index(drop=True)
        for col in meta.columns:  # as cppcc.tokens makes them
            if meta[col].dtype == object:
                try:
                    meta[col] = meta[col].astype("category")
                except TypeError:
                    pass
        at = pd.Index(meta["doc_id"].astype(object)).get_indexer(rows["doc_id"].astype(object))
        keep = np.flatnonzero(at >= 0)
        keep = keep[np.argsort(at[keep], kind="stable")]
        rows, taken = rows.iloc[keep].reset_index(drop=True), meta.take(at[keep]).reset_index(drop=True)
        rows["doc_id"] = taken["doc_id"]
        for col in ("token", "pos"):  # categories in order of first appearance, as cppcc.tokens gives them
            values = rows[col].astype(object)
            rows[col] = pd.Categorical(values, categories=pd.unique(values.dropna()))
        for col in taken.columns:
            if col != "doc_id":
                rows[col] = taken[col]
        return rows


def open_corpus(corpus: str | os.PathLike | None = None, store=None, errors: str = "raise") -> Corpus:
    """Open a corpus from its pages or from a store: one object with ``.speeches``, ``.pages``,
    ``.audit`` and ``.tokens()``.

    Parameters
    ----------
    corpus : path, optional
        A corpus file or folder (None: the project's ``corpus/``); used when ``store`` is None.
    store : path or cppcc.Store, optional
        A store folder written by :func:`cppcc.build_store`: the tables are read from its Parquet
        files instead (pass a corpus or a store, not both).
    errors : {"raise", "warn"}
        As in :func:`cppcc.load_speeches` (a store's build decided it already).

    Returns
    -------
    Corpus
        Its speeches are read at once (so a missing or unreadable corpus fails here, naming the file);
        pages, audit and tokens when first asked for.

    Raises
    ------
    cppcc.CorpusError
        The corpus cannot be read (no such path, no pages, an unreadable page under ``errors="raise"``).
    cppcc.store.StoreError
        ``store`` is not a complete store.

    Examples
    --------
    >>> import tempfile, cppcc
    >>> corpus = open_corpus()
    >>> corpus.speeches["speaker"].tolist()
    ['李银峰', '刘伟', '韩勇', '石艳', '江泽林']
    >>> corpus.audit.equals(cppcc.cleaning_audit()), len(corpus.pages)
    (True, 1)
    >>> with tempfile.TemporaryDirectory() as out:
    ...     archived = open_corpus(store=cppcc.build_store(None, out, progress=False, n_jobs=1))
    ...     same = archived.tokens().equals(corpus.tokens()) and archived.pages.equals(corpus.pages)
    >>> same
    True
    """
    check_option(errors, ("raise", "warn"), "errors", "open_corpus")
    if corpus is not None and store is not None:
        raise ValueError("cppcc.open_corpus: pass a corpus or a store, not both")
    opened = Corpus(corpus, store, errors)
    opened.speeches  # noqa: B018  (read now: a corpus that cannot be read fails here)
    return opened
