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

import numpy as np
import pandas as pd

from ..common import ColumnError
from ..counting import TermCounts, none_for_missing, source_of
from .reader import ORDER, TOKEN_FILE_COLUMNS, Store, quote, sql_path, to_pandas

__all__ = ["StoreSource"]

_FIRST = f"_d * {ORDER} + position"  # a token row's place in corpus order

# Gries' DP from the non-zero cells (as cppcc.uncertainty.term_dispersion): DP = ½ (Σ_used |v − s| + 1 −
# Σ_used s), v = the document's share of the group's uses of the term, s = its share of the group's words.
# Token rows are counted by document before they meet the documents' table (a join of every token row
# with its document costs more than the count).
_SPREAD_SQL = """
WITH r AS (SELECT doc_id, token AS term, coalesce(is_punct, false) AS flag, count(*) AS c
           FROM token_rows GROUP BY ALL),
rv AS (SELECT r.doc_id, r.term, r.c, v.kept, v.word FROM r JOIN _cppcc_vocab v
       ON r.term = v.term AND r.flag = v.flag),
dk AS (SELECT n.doc_id, d.{col} AS k, n.n FROM
       (SELECT doc_id, sum(CASE WHEN word THEN c ELSE 0 END)::DOUBLE AS n FROM rv GROUP BY doc_id) n
       JOIN documents d ON n.doc_id = d.doc_id),
gs AS (SELECT k, sum(n) AS big_n, count(*) AS n_docs FROM dk GROUP BY k),
cell AS ({cells}),
ck AS (SELECT cell.term, cell.c, dk.k, dk.n FROM cell JOIN dk ON cell.doc_id = dk.doc_id),
gt AS (SELECT k, term, sum(c) AS big_c FROM ck GROUP BY k, term)
SELECT ck.k AS {by}, ck.term AS term, count(*) AS docs,
       sum(abs(ck.c / gt.big_c - ck.n / gs.big_n)) AS dev, sum(ck.n / gs.big_n) AS s,
       any_value(gs.n_docs) AS n_docs
FROM ck JOIN gs ON ck.k IS NOT DISTINCT FROM gs.k
JOIN gt ON ck.k IS NOT DISTINCT FROM gt.k AND ck.term = gt.term
GROUP BY ck.k, ck.term
"""
# a term counted both as flagged and unflagged (punct=True) is one term of the document
_CELLS_MERGED = "SELECT doc_id, term, sum(c)::DOUBLE AS c FROM rv WHERE kept GROUP BY doc_id, term"
_CELLS = "SELECT doc_id, term, c::DOUBLE AS c FROM rv WHERE kept"


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

    def term_spread(
        self, counts: TermCounts, by: str, stop, punct: bool
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Per group and counted term: the documents that use it and Gries' DP, in one DuckDB query
        (as :func:`cppcc.compare.significance.term_spread` computes them in memory from the count
        table by ``[by, "doc_id"]``, a table of every document's terms that a large store must not
        bring into memory). Which terms are counted and which are words is decided in Python on
        the vocabulary of ``counts`` (the count table by ``[by]``), as for every count."""
        self.require([by], "distinctive_terms")
        keep, word = counts.kept(stop, punct)
        t = counts.table
        vocab = pd.DataFrame({"term": t["term"].to_numpy(dtype=object),
                              "flag": t["_flagged"].to_numpy(dtype=bool), "kept": keep, "word": word})
        vocab = vocab.drop_duplicates(["term", "flag"])
        con = self.store.connect()
        con.register("_cppcc_vocab", vocab)
        try:
            col = next(c for c, n in self.store._meta_names().items() if n == by)
            df = self.store._frame(_SPREAD_SQL.format(by=quote(by), col=quote(col),
                                                      cells=_CELLS_MERGED if punct else _CELLS))
        finally:
            con.unregister("_cppcc_vocab")
        with np.errstate(invalid="ignore"):
            dev, share = df["dev"].to_numpy(dtype=float), df["s"].to_numpy(dtype=float)
            dp = np.clip(0.5 * (dev + 1.0 - share), 0.0, 1.0)
        n = df["n_docs"].to_numpy(dtype=np.int64)
        cells = pd.DataFrame({by: df[by], "term": df["term"], "docs": df["docs"].astype("int64"),
                              "dp": np.where(n > 1, dp, np.nan)})
        groups = pd.DataFrame({by: df[by], "n_docs": n}).drop_duplicates(by).reset_index(drop=True)
        return cells, groups

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
