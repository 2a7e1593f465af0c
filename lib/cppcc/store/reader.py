"""A store folder, read: :class:`Store` (documents, tokens, pages, audit, warnings; DuckDB views),
:func:`open_store` and :func:`is_store`."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..common import metadata_names
from ..text.table import TOKEN_COLUMNS as TOKEN_FILE_COLUMNS  # the token files hold cppcc.tokens' columns

#: DuckDB connections a forked process inherited from its parent (see :meth:`Store.close`)
_INHERITED: list = []

__all__ = ["Store", "StoreError", "open_store", "is_store", "STORE_VERSION", "TOKEN_FILE_COLUMNS"]

#: bump when the layout of a store changes (part of every content key)
STORE_VERSION = "4"
DOCS_FILE, AUDIT_FILE, PAGES_FILE, WARN_FILE, META_FILE = (
    "documents.parquet",
    "audit.parquet",
    "pages.parquet",
    "warnings.parquet",
    "store.json",
)
TABLES = {"documents": DOCS_FILE, "audit": AUDIT_FILE, "pages": PAGES_FILE, "warnings": WARN_FILE}
#: position < 2**32: ``_d * ORDER + position`` sorts token rows in corpus order as one integer
ORDER = 4294967296
VERIFY = ("changed", "all", "none")


class StoreError(Exception):
    """A store folder is missing, incomplete, damaged or was built by an incompatible version."""


def open_store(path: str | os.PathLike, verify: str = "changed") -> Store:
    """Open a store folder written by :func:`build_store`.

    Parameters
    ----------
    path : path
        The store folder.
    verify : {"changed", "all", "none"}, default "changed"
        How the store's files are checked against the sizes and SHA-256 digests ``store.json``
        records: ``"changed"`` checks that every file is there with its size, and reads the
        digest of a file whose modification time differs from the recorded one; ``"all"`` reads
        the digest of every file; ``"none"`` checks nothing.

    Raises
    ------
    StoreError
        The folder has no complete store (``store.json`` is written last by a finished build),
        ``store.json`` is damaged, or a file of the store is missing or damaged (the message
        names it; :func:`build_store` on the same source repairs the store).

    Examples
    --------
    >>> try:
    ...     open_store("no/such/folder")
    ... except StoreError as exc:
    ...     print(exc)
    no/such/folder: not a cppcc store (no store.json; build one with cppcc.build_store)
    """
    return Store(path, verify=verify)


def is_store(path: str | os.PathLike | None) -> bool:
    """True if ``path`` is a complete store folder (what :func:`open_store` opens), e.g. to let a
    notebook or the report take either a corpus folder or a store.

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> is_store(corpus_dir()), is_store(None)
    (False, False)
    """
    return path is not None and (Path(path) / META_FILE).is_file()


def read_meta(path: Path) -> dict:
    """The contents of ``<path>/store.json``; StoreError naming the file if it is missing or damaged."""
    meta = path / META_FILE
    if not meta.is_file():
        raise StoreError(f"{path}: not a cppcc store (no store.json; build one with cppcc.build_store)")
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{meta}: damaged store.json ({exc}); run cppcc.build_store again to repair "
                         "the store") from None
    if not isinstance(info, dict):
        raise StoreError(f"{meta}: damaged store.json (not a JSON object); run cppcc.build_store again "
                         "to repair the store")
    if info.get("store_version") != STORE_VERSION:
        raise StoreError(
            f"{path}: store version {info.get('store_version')!r}, this cppcc reads "
            f"{STORE_VERSION!r}; rebuild it with cppcc.build_store"
        )
    if not isinstance(info.get("files"), dict) or not isinstance(info.get("tables"), dict) or any(
            t not in info["tables"] for t in TABLES) or not isinstance(info.get("token_files"), list):
        raise StoreError(f"{meta}: damaged store.json (no list of the store's files); run "
                         "cppcc.build_store again to repair the store")
    return info


def file_record(path: Path, rows: int) -> dict:
    """What a store records of one of its files: rows, bytes, modification time, SHA-256."""
    import hashlib

    st = path.stat()
    with open(path, "rb") as fh:
        sha = hashlib.file_digest(fh, "sha256").hexdigest()
    return {"rows": int(rows), "bytes": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}


def file_problem(path: Path, rec: dict, verify: str = "changed") -> str | None:
    """What is wrong with a store file against its record (None: nothing found)."""
    import hashlib

    if verify == "none":
        return None
    try:
        st = path.stat()
    except OSError:
        return "missing"
    if st.st_size != rec.get("bytes"):
        return f"damaged (size {st.st_size:,} bytes, recorded {rec.get('bytes'):,})"
    if verify == "all" or st.st_mtime_ns != rec.get("mtime_ns"):
        try:
            with open(path, "rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as exc:
            return f"unreadable ({exc.strerror})"
        if sha != rec.get("sha256"):
            return "damaged (its SHA-256 digest differs from the one recorded at build)"
    return None



class Store:
    """A store folder: documents, tokens and audit rows in Parquet, queried with DuckDB.

    Open one with :func:`open_store` (or get it from :func:`build_store`). Every method reads
    only what it needs from the Parquet files; DuckDB keeps to ``memory_limit`` (default 1 GB)
    and spills to a folder of its own under ``<store>/.duckdb_tmp`` beyond it.

    A store is the version ``store.json`` named when it was opened: its files are listed there
    (a rebuild writes a new generation and switches ``store.json`` at once, keeping the files of
    the version before it), so a store opened before or during a rebuild reads the old version
    whole, never a mix.

    The token rows are those of ``cppcc.tokens(store.documents())`` (``stop=("general",)``):
    :meth:`tokens` joins them with the documents' metadata the same way, and the analysis
    methods give the numbers the in-memory functions give on that frame.
    """

    def __init__(self, path: str | os.PathLike, memory_limit: str = "1GB", verify: str = "changed"):
        from ..common import check_option

        check_option(verify, VERIFY, "verify", "open_store")
        self.path = Path(path)
        self.info: dict = read_meta(self.path)
        bad = [(rel, why) for rel, rec in self.info["files"].items()
               if (why := file_problem(self.path / rel, rec, verify))]
        if bad:
            more = f" (and {len(bad) - 1} more file(s))" if len(bad) > 1 else ""
            raise StoreError(f"{self.path / bad[0][0]}: {bad[0][1]}{more}; run cppcc.build_store on the "
                             "same source to repair the store")
        self.memory_limit = memory_limit
        self.last_build: dict | None = None  # set by build_store: pages processed and reused
        self.last_timings: dict | None = None  # set by build_store: seconds per phase
        self._con = None
        self._tmp: Path | None = None

    def table_file(self, table: str) -> Path:
        """The Parquet file of one of the store's tables (``documents``, ``audit``, ``pages``,
        ``warnings``) in the version this store opened."""
        return self.path / self.info["tables"][table]

    @property
    def token_files(self) -> list[Path]:
        """The store's token files (one per batch), in the version this store opened."""
        return [self.path / f for f in self.info["token_files"]]

    def __repr__(self) -> str:
        i = self.info
        return (
            f"Store({str(self.path)!r}: {i['pages']} pages, {i['documents']} documents, {i['tokens']} tokens)"
        )

    # -------------------------------------------------------------------------- DuckDB
    def connect(self):
        """A DuckDB connection with the views ``documents`` (plus ``_d``, the document's place in
        corpus order), ``token_rows`` (the token files) and ``tokens`` (token rows joined with the
        documents' metadata, named as :func:`cppcc.tokens` names them, plus ``_d``)."""
        if self._con is None:
            con, self._tmp = duck(self.path, self.memory_limit)
            docs = sql_path(self.table_file("documents"))
            con.execute(
                f"CREATE VIEW documents AS SELECT * EXCLUDE (file_row_number), file_row_number AS _d "
                f"FROM read_parquet(['{docs}'], file_row_number = true)"
            )
            if self.token_files:  # an explicit list: no glob, whatever characters the path holds
                files = file_list(self.token_files)
                con.execute(f"CREATE VIEW token_rows AS SELECT * FROM read_parquet({files})")
            else:
                con.execute(
                    "CREATE VIEW token_rows AS SELECT NULL::VARCHAR AS doc_id, NULL::INTEGER AS sentence, "
                    "NULL::INTEGER AS position, NULL::VARCHAR AS token, NULL::VARCHAR AS pos, "
                    "NULL::BOOLEAN AS is_stop, NULL::BOOLEAN AS is_punct WHERE false"
                )
            con.execute(f"CREATE VIEW tokens AS {self._tokens_sql('token_rows')}")
            self._con, self._con_pid = con, os.getpid()
        return self._con

    def _tokens_sql(self, rows: str) -> str:
        """SELECT of token rows (a view or a ``read_parquet(...)``) joined with document metadata."""
        meta = ", ".join(f"d.{quote(c)} AS {quote(n)}" for c, n in self._meta_names().items())
        return (
            f"SELECT t.*, {meta + ', ' if meta else ''}d._d FROM {rows} t "
            "JOIN documents d ON t.doc_id = d.doc_id"
        )

    def close(self) -> None:
        """Close the DuckDB connection (reopened on the next query).

        In a process forked after the connection was opened (a build's worker), the connection and its
        spill folder belong to the parent: they are left alone, never closed or freed in the child
        (DuckDB's state copied by ``fork`` crashes when torn down there)."""
        if self._con is not None and getattr(self, "_con_pid", os.getpid()) != os.getpid():
            _INHERITED.append(self._con)  # kept referenced for the child's life: never torn down here
            self._con, self._tmp = None, None
            return
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def _doc_columns(self) -> list[str]:
        import pyarrow.parquet as pq

        return list(pq.read_schema(self.table_file("documents")).names)

    def _meta_names(self) -> dict[str, str]:
        """Document column -> its name in the token view (:func:`cppcc.common.metadata_names`)."""
        return {c: n for c, n in metadata_names(self._doc_columns()).items() if c != "doc_id"}

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return to_pandas(self.connect().sql(sql, params=list(params) or None).to_arrow_table())

    # -------------------------------------------------------------------------- tables
    def documents(
        self, columns: Sequence[str] | None = None, where: str | Mapping | None = None
    ) -> pd.DataFrame:
        """The documents (the :func:`cppcc.load_speeches` columns), in corpus order.

        ``columns`` picks columns; ``where`` filters rows: a mapping ``{column: value or list}`` or
        a DuckDB SQL condition such as ``"province = '云南省'"``.
        """
        cols = self._doc_columns()
        return self._frame(
            f"SELECT {_select(columns, cols)} FROM documents {_where(where, ['_d', *cols])[0]} ORDER BY _d",
            _where(where, ["_d", *cols])[1],
        )

    def iter_documents(
        self, batch_rows: int = 2000, columns: Sequence[str] | None = None
    ) -> Iterator[pd.DataFrame]:
        """The documents in corpus order, ``batch_rows`` at a time (bounded memory)."""
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(self.table_file("documents"))
        for batch in pf.iter_batches(batch_size=batch_rows, columns=list(columns) if columns else None):
            yield to_pandas(batch)

    def tokens(
        self, columns: Sequence[str] | None = None, where: str | Mapping | None = None
    ) -> pd.DataFrame:
        """Token rows as :func:`cppcc.tokens` gives them (``token``/``pos`` categorical), for the
        slice asked for: ``columns`` (token and metadata columns; default all) and ``where`` (as in
        :meth:`documents`). In corpus order, then position."""
        avail = [*TOKEN_FILE_COLUMNS, *self._meta_names().values()]
        clause, params = _where(where, avail)
        df = self._frame(
            f"SELECT {_select(columns, avail)} FROM tokens {clause} ORDER BY _d, position", params
        )
        for c in ("token", "pos"):
            if c in df.columns:
                df[c] = df[c].astype("category")
        for c in ("sentence", "position"):
            if c in df.columns:
                df[c] = df[c].astype(np.int32)
        return df

    def audit(self) -> pd.DataFrame:
        """The :func:`cppcc.cleaning_audit` rows of every page, in corpus order."""
        import pyarrow.parquet as pq

        return to_pandas(pq.read_table(self.table_file("audit")))

    def pages(self) -> pd.DataFrame:
        """The :func:`cppcc.load_pages` rows of every page, in corpus order (none for a frame source)."""
        import pyarrow.parquet as pq

        df = to_pandas(pq.read_table(self.table_file("pages")))
        df["truncated"] = df["truncated"].astype(bool)
        return df

    def warnings(self) -> pd.DataFrame:
        """Every loader warning of the build: ``file``, ``message``."""
        import pyarrow.parquet as pq

        return to_pandas(pq.read_table(self.table_file("warnings")))

    # -------------------------------------------------------------------------- analysis
    # The analyses take a store as they take tokens (cppcc.counting); these methods are shortcuts.
    def counts(self, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
        """The tidy count table ``[by..., term, count]`` (:func:`cppcc.counting.term_counts`): how
        often each counted term occurs in each group (``stop``/``punct`` as in
        :func:`cppcc.term_frequencies`; groups in order of first appearance, then count descending,
        term ascending). DuckDB counts over the Parquet files."""
        from ..counting import term_counts

        return term_counts(self, by, stop, punct)

    def term_frequencies(self, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
        """:func:`cppcc.term_frequencies` on the store's tokens (same rows and numbers)."""
        from ..compare.frequencies import term_frequencies

        return term_frequencies(self, by, stop, punct)

    def distinctive_terms(self, by: str = "doc_id", method: str = "log_odds", prior=None,
                          prior_scale: float | None = None, stop=True, punct: bool = False,
                          min_count: int = 1, include_zero: bool = False, dropna: bool = True,
                          williams: bool = False) -> pd.DataFrame:
        """:func:`cppcc.distinctive_terms` on the store (same numbers): DuckDB counts every term of
        every group, and the count table is scored as the in-memory function scores one."""
        from ..compare.keyness import distinctive_terms

        return distinctive_terms(self, by, method, prior, prior_scale, stop, punct, min_count, include_zero,
                                 dropna, williams)

    def code_mechanisms(self, codebook=None, by="doc_id") -> pd.DataFrame:
        """:func:`cppcc.code_mechanisms` on the store's tokens, one token file at a time."""
        from ..mechanisms import code_mechanisms

        return code_mechanisms(self, codebook, by)

    def kwic(
        self, pattern: str, window: int = 15, regex: bool = False, text_column: str = "text",
        limit: int | None = None, batch_rows: int = 2000,
    ) -> pd.DataFrame:
        """:func:`cppcc.kwic` on the store's documents, one batch of documents at a time.

        The same columns as :func:`cppcc.kwic`: the speaker's position is ``doc_position``, and until
        0.4 also ``position`` (a deprecated copy, listed in ``attrs["deprecated_columns"]``).

        ``limit`` stops at that many lines (the first in corpus order): documents are read
        ``batch_rows`` at a time and reading stops at the batch that reaches the limit, so a search
        over a million pages for a common word returns at once. Without a limit, every line.

        Examples
        --------
        >>> import tempfile, pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["委员之家在基层。", "建立委员之家。"]})
        >>> with tempfile.TemporaryDirectory() as out:
        ...     from cppcc.store import build_store
        ...     build_store(docs, out, progress=False, n_jobs=1).kwic("委员之家", window=2, limit=1)[
        ...         ["doc_id", "match", "right"]].values.tolist()
        [['a', '委员之家', '在基']]
        """
        from ..common import option_error, stamp
        from ..compare.kwic import kwic, mark_aliases

        if limit is None:
            return kwic(self, pattern, window, regex, text_column)
        if not isinstance(limit, (int, np.integer)) or isinstance(limit, bool) or limit < 0:
            raise option_error("Store.kwic", "limit", "an int >= 0 or None", limit)
        parts, n = [], 0
        for batch in self.iter_documents(batch_rows=batch_rows):
            got = kwic(batch, pattern, window, regex, text_column)
            if not parts or len(got):
                parts.append(got)
            n += len(got)
            if n >= limit:
                break
        if not parts:  # a store without documents
            parts.append(kwic(self.documents(where="false"), pattern, window, regex, text_column))
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        out = out.head(int(limit)).reset_index(drop=True)
        return mark_aliases(stamp(out, "kwic", pattern=pattern, window=int(window), regex=bool(regex),
                                  text_column=text_column, limit=int(limit)))


def to_pandas(table) -> pd.DataFrame:
    """Arrow -> pandas as the loader builds frames: object columns with None, int64 when complete."""
    df = table.to_pandas()
    for name, typ in zip(table.schema.names, table.schema.types):
        s = df[name]
        if str(typ).startswith(("int", "uint")) and s.dtype.kind == "f":  # nulls made it float
            df[name] = pd.Series(
                [None if v != v else int(v) for v in s.tolist()], index=df.index, dtype=object
            )
        elif s.dtype == object:
            df[name] = s.where(s.notna(), None)
    return df


def _select(columns: Sequence[str] | None, available: Sequence[str]) -> str:
    if columns is None:
        return ", ".join(f'"{c}"' for c in available)
    cols = [columns] if isinstance(columns, str) else list(columns)
    bad = [c for c in cols if c not in available]
    if bad:
        raise ValueError(f"Store: unknown column(s) {bad}; available: {list(available)}")
    return ", ".join(f'"{c}"' for c in cols)


def _where(where: str | Mapping | None, available: Sequence[str]) -> tuple[str, list]:
    if where is None:
        return "", []
    if isinstance(where, str):
        return f"WHERE ({where})", []
    if not isinstance(where, Mapping):
        raise TypeError(f"Store: where must be a SQL condition or a mapping, got {type(where).__name__}")
    parts, params = [], []
    for col, val in where.items():
        if col not in available:
            raise ValueError(f"Store: unknown column {col!r} in where; available: {list(available)}")
        vals = list(val) if isinstance(val, (list, tuple, set, frozenset)) else [val]
        conds = []
        if any(v is None for v in vals):
            conds.append(f'"{col}" IS NULL')
        vals = [v for v in vals if v is not None]
        if vals:
            conds.append(f'"{col}" IN ({", ".join("?" * len(vals))})')
            params += vals
        parts.append("(" + " OR ".join(conds or ["false"]) + ")")
    return "WHERE " + " AND ".join(parts), params


def duck(out: Path | None = None, memory: str = "1GB"):
    """A DuckDB connection and its spill folder (one of its own: ``<out>/.duckdb_tmp/<pid>-<random>``,
    never shared with another process; remove it when the connection is closed)."""
    import uuid

    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute("SET preserve_insertion_order = true")
    tmp = None
    if out is not None:
        # DuckDB creates the spill folder itself when a query first spills, but not its parents: a
        # store without ``.duckdb_tmp`` failed every query that spilled. A store folder that cannot
        # be written (a read-only share) spills under the system's temporary folder instead.
        name = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            (out / ".duckdb_tmp").mkdir(parents=True, exist_ok=True)
            tmp = out / ".duckdb_tmp" / name
        except OSError:
            tmp = Path(tempfile.gettempdir()) / f"cppcc-duckdb-{name}"
        con.execute(f"SET temp_directory = '{sql_path(tmp)}'")
    return con, tmp


def sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def file_list(files: Sequence[Path]) -> str:
    """A DuckDB list of existing files. DuckDB reads a name that is an existing file as that file,
    whatever characters it holds, where a glob (``tokens/*.parquet``) under a folder named with
    ``[`` or ``]`` matches nothing: a store lists its files, never globs them."""
    return "[" + ", ".join(f"'{sql_path(f)}'" for f in files) + "]"


def quote(col: str) -> str:
    """A column name as a DuckDB identifier."""
    return '"' + col.replace('"', '""') + '"'
