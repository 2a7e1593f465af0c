"""The store's source for :mod:`cppcc.counting`: what a store answers so that every analysis that
counts takes a store as it takes tokens.

DuckDB does only what is out of core: it counts the token rows by group, term and ``is_punct`` flag
(one pass over the Parquet files), finds the columns constant within each group, and reads token
rows and documents a batch at a time. What counts as a word and which terms are counted is decided
in Python on the count table (:class:`cppcc.counting.TermCounts`), by the same code as for tokens
in memory: the rule has no SQL copy.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import pandas as pd

from ..common import ColumnError
from ..counting import TermCounts, none_for_missing, source_of
from .reader import ORDER, TOKEN_FILE_COLUMNS, Store, quote, sql_path, to_pandas

__all__ = ["StoreSource"]

_FIRST = f"_d * {ORDER} + position"  # a token row's place in corpus order


class StoreSource:
    """A :class:`~cppcc.store.Store` as :func:`cppcc.counting.source_of` sees it."""

    def __init__(self, store: Store):
        self.store = store

    @property
    def columns(self) -> list[str]:
        return [*TOKEN_FILE_COLUMNS, *self.store._meta_names().values()]

    def require(self, columns: Sequence[str], func: str) -> None:
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ColumnError(f"cppcc.{func}: the store's tokens are missing column(s) {missing}; "
                              f"they have {self.columns}")

    def term_counts(self, by: Sequence[str], func: str = "term_frequencies") -> TermCounts:
        """Every token row counted by group, term and flag in one DuckDB pass, in corpus order."""
        by = list(by)
        self.require(by, func)
        keys = "".join(f"{quote(c)}, " for c in by)
        table = self.store._frame(
            f"SELECT {keys}token AS term, coalesce(is_punct, false) AS _flagged, count(*) AS count, "
            f"min({_FIRST}) AS _first FROM tokens GROUP BY {keys}token, _flagged ORDER BY _first"
        )
        table["count"] = table["count"].astype("int64")
        table["_first"] = table["_first"].astype("int64")
        table["_flagged"] = table["_flagged"].astype(bool)
        return TermCounts(table, by, "counts")

    def group_metadata(self, by: Sequence[str]) -> pd.DataFrame:
        """One row per group in order of first appearance: the ``by`` columns and the documents'
        columns constant within every group (as :meth:`cppcc.counting.FrameSource.group_metadata`)."""
        by = list(by)
        self.require(by, "code_mechanisms")
        cand = [c for c in ["doc_id", *self.store._meta_names().values()] if c not in by]
        keys = ", ".join(quote(c) for c in by)
        nun = "".join(
            f"count(DISTINCT {quote(c)}) + max(CASE WHEN {quote(c)} IS NULL THEN 1 ELSE 0 END) "
            f"AS {quote('_n_' + c)}, "
            for c in cand
        )
        first = "".join(f"arg_min({quote(c)}, {_FIRST}) AS {quote(c)}, " for c in cand)
        df = self.store._frame(
            f"SELECT {keys}, {first}{nun}min({_FIRST}) AS _first FROM tokens GROUP BY {keys} ORDER BY _first"
        )
        const = [c for c in cand if (df[f"_n_{c}"] <= 1).all()]
        return none_for_missing(df[[*by, *const]].reset_index(drop=True))

    def token_batches(self, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
        """The token rows of one token file at a time (a file holds whole documents), in text order."""
        con = self.store.connect()
        need = ", ".join(quote(c) for c in dict.fromkeys(columns))
        for f in sorted(self.store.token_files):
            rows = self.store._tokens_sql(f"read_parquet(['{sql_path(f)}'])")
            yield to_pandas(con.sql(f"SELECT {need} FROM ({rows}) ORDER BY _d, position").to_arrow_table())

    def document_batches(self) -> Iterator[pd.DataFrame]:
        """The documents in corpus order, a batch at a time (an empty frame for a store without any)."""
        empty = True
        for batch in self.store.iter_documents():
            empty = False
            yield batch
        if empty:
            yield self.store.documents(where="false")

    def documents(self) -> pd.DataFrame:
        """All documents in one frame, in corpus order."""
        return self.store.documents()


source_of.register(Store)(StoreSource)
