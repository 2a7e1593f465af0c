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
from .reader import ORDER, TOKEN_FILE_COLUMNS, Store, file_list, quote, sql_path, to_pandas

__all__ = ["StoreSource"]

_FIRST = f"_d * {ORDER} + position"  # a token row's place in corpus order

# Gries' DP from the non-zero cells (as cppcc.uncertainty.term_dispersion): DP = ½ (Σ_used |v − s| + 1 −
# Σ_used s), v = the document's share of the group's uses of the term (its count over the group's, C), s =
# its share of the group's words (its words over the group's, N). C and N come from the count table by
# group; a few token files at a time are counted by document and term (a file holds whole documents), and
# their sums added up: memory holds one chunk's cells, never every document's terms.
# Each step is a table of its own: DuckDB then knows the chunk's sizes and builds its joins on the small
# side (as one statement it built a hash table of every document for each chunk: 4 s a chunk at 1M pages).
_SPREAD_CHUNK_SQL = (
    "CREATE OR REPLACE TEMP TABLE _cppcc_r AS SELECT doc_id, token AS term, "
    "coalesce(is_punct, false) AS flag, count(*) AS c FROM read_parquet({files}) GROUP BY ALL",
    "CREATE OR REPLACE TEMP TABLE _cppcc_dk AS SELECT dn.doc_id, dg.g, dn.n / dg.big_n AS share FROM "
    "(SELECT r.doc_id, sum(CASE WHEN v.word THEN r.c ELSE 0 END)::DOUBLE AS n FROM _cppcc_r r "
    "JOIN _cppcc_vocab v ON r.term = v.term AND r.flag = v.flag GROUP BY r.doc_id) dn "
    "JOIN _cppcc_docg dg ON dn.doc_id = dg.doc_id",
    "INSERT INTO _cppcc_spread SELECT dk.g, r.term, count(*) AS docs, "
    "sum(abs(r.c / t.big_c - dk.share)) AS dev, sum(dk.share) AS s "
    "FROM ({cells}) r JOIN _cppcc_dk dk ON r.doc_id = dk.doc_id "
    "JOIN _cppcc_terms t ON t.g = dk.g AND t.term = r.term GROUP BY dk.g, r.term "
    "UNION ALL SELECT g, NULL, count(*), 0.0, 0.0 FROM _cppcc_dk GROUP BY g",
)
_CELLS = ("SELECT r.doc_id, r.term, r.c::DOUBLE AS c FROM _cppcc_r r JOIN _cppcc_vocab v "
          "ON r.term = v.term AND r.flag = v.flag AND v.kept")
# a term counted both as flagged and unflagged (punct=True) is one term of the document
_CELLS_MERGED = f"SELECT doc_id, term, sum(c) AS c FROM ({_CELLS}) GROUP BY doc_id, term"
_SPREAD_FILES = 40  # token files per chunk (a file holds a batch of up to 200 pages)


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
        c = counts.counted(stop, punct)
        keep, word = counts.kept(stop, punct)
        t = counts.table
        vocab = pd.DataFrame({"term": t["term"].to_numpy(dtype=object),
                              "flag": t["_flagged"].to_numpy(dtype=bool), "kept": keep, "word": word})
        tables = {
            "_cppcc_vocab": vocab.drop_duplicates(["term", "flag"]),
            "_cppcc_groups": pd.DataFrame({"k": c.groups[by].to_numpy(dtype=object),
                                           "g": np.arange(len(c.groups)),
                                           "big_n": c.groups["n_tokens"].to_numpy(dtype=float)}),
            "_cppcc_terms": pd.DataFrame({"g": c.terms["_group"].to_numpy(dtype=np.int64),
                                          "term": c.terms["term"].to_numpy(dtype=object),
                                          "big_c": c.terms["count"].to_numpy(dtype=float)}),
        }
        col = quote(next(c for c, n in self.store._meta_names().items() if n == by))
        con = self.store.connect()
        for name, frame in tables.items():
            con.register(name, frame)
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE _cppcc_docg AS SELECT d.doc_id, g.g, g.big_n "
                        f"FROM documents d JOIN _cppcc_groups g ON d.{col} IS NOT DISTINCT FROM g.k")
            con.execute("CREATE OR REPLACE TEMP TABLE _cppcc_spread (g BIGINT, term VARCHAR, docs BIGINT, "
                        "dev DOUBLE, s DOUBLE)")
            files = self.store.token_files
            for at in range(0, len(files), _SPREAD_FILES):
                for sql in _SPREAD_CHUNK_SQL:
                    con.execute(sql.format(files=file_list(files[at:at + _SPREAD_FILES]),
                                           cells=_CELLS_MERGED if punct else _CELLS))
            df = self.store._frame("SELECT g, term, sum(docs) AS docs, sum(dev) AS dev, sum(s) AS s "
                                   "FROM _cppcc_spread GROUP BY g, term ORDER BY g, term")
        finally:
            for name in ("_cppcc_docg", "_cppcc_spread", "_cppcc_r", "_cppcc_dk"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
            for name in tables:
                con.unregister(name)
        per_group = df[df["term"].isna()]
        n_docs = np.zeros(len(c.groups), dtype=np.int64)
        n_docs[per_group["g"].to_numpy(dtype=np.int64)] = per_group["docs"].to_numpy(dtype=np.int64)
        df = df[df["term"].notna()]
        g = df["g"].to_numpy(dtype=np.int64)
        with np.errstate(invalid="ignore"):
            dev, share = df["dev"].to_numpy(dtype=float), df["s"].to_numpy(dtype=float)
            dp = np.clip(0.5 * (dev + 1.0 - share), 0.0, 1.0)
        keys = c.groups[by].reset_index(drop=True)
        cells = pd.DataFrame({by: keys.iloc[g].to_numpy(), "term": df["term"].to_numpy(dtype=object),
                              "docs": df["docs"].to_numpy(dtype=np.int64),
                              "dp": np.where(n_docs[g] > 1, dp, np.nan)})
        return cells, pd.DataFrame({by: keys, "n_docs": n_docs})

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
