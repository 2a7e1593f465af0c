"""Archives at scale: an embedded, out-of-core store of documents and tokens (Parquet + DuckDB).

:func:`build_store` reads a corpus folder, WARC files or a frame of documents in batches, cleans
and tokenises every batch in a worker process (or on a Dask cluster) and writes Parquet files;
:func:`open_store` opens the result. Nothing holds the whole corpus in memory: DuckDB computes
counts over the Parquet files and spills to disk when memory runs out.

Layout of a store folder::

    documents.parquet        the load_speeches columns, one row per document, in corpus order
    pages.parquet            the load_pages rows of every page
    audit.parquet            the cleaning_audit rows of every page
    warnings.parquet         every loader warning (file, message)
    tokens/part-<id>.parquet the token columns of cppcc.tokens (doc_id, sentence, position, token,
                             pos, is_stop, is_punct), one file per batch, dictionary-encoded
    parts/<id>.parquet       the manifest of each batch: its pages and their content keys
    store.json               settings digest and totals

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

import hashlib
import json
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .common import check_option

__all__ = ["build_store", "open_store", "is_store", "Store", "StoreError", "STORE_VERSION"]

#: bump when the layout of a store changes (part of every content key)
STORE_VERSION = "2"
TOKEN_FILE_COLUMNS = ("doc_id", "sentence", "position", "token", "pos", "is_stop", "is_punct")
_BATCH_PAGES = 200
_BATCH_BYTES = 4_000_000
_DOCS_FILE, _AUDIT_FILE, _PAGES_FILE, _WARN_FILE, _META_FILE = (
    "documents.parquet",
    "audit.parquet",
    "pages.parquet",
    "warnings.parquet",
    "store.json",
)
# modules and data that decide documents and tokens (a change invalidates a store's parts)
_ANALYSIS_ONLY = {
    "compare.py",
    "mechanisms.py",
    "explore.py",
    "language.py",
    "structure.py",
    "report.py",
    "store.py",
    "memo.py",
    "notebook.py",
    "cache.py",
    "__init__.py",
}


class StoreError(Exception):
    """A store folder is missing, incomplete or was built by an incompatible version."""


# ------------------------------------------------------------------------------------ sources
@dataclass(frozen=True)
class _Page:
    """One page of the source: where it is, what it is called, and its content key."""

    name: str  # source_file of its documents: path relative to the root, or a WARC's URI
    kind: str  # "file", "warc" or "frame"
    where: str  # absolute path of the file or of the WARC
    offset: int  # WARC record offset (0 for files)
    stem: str  # file stem used in doc_id
    key: str  # content key
    size: int  # bytes (for batching)
    unit: str | None = None  # the manifest's unit of the page (sources.csv), as load_speeches reads it
    sha256: str | None = None  # SHA-256 of the page's bytes (cppcc.notebook.is_seed_corpus on a store)


def _digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def _settings_key() -> str:
    """A digest of everything that decides a store's documents and tokens."""
    from ._version import __version__
    from .text import _available_backend, _settings_digest, resolve_stop

    here = Path(__file__).resolve().parent
    stop = ",".join(sorted(resolve_stop(True)))  # the token rows' is_stop flags
    parts = [STORE_VERSION, __version__, _settings_digest(_available_backend(), False), stop]
    for path in sorted(here.rglob("*")):
        rel = path.relative_to(here).as_posix()
        if (
            path.is_file()
            and rel.split("/")[0] != "plots"
            and rel not in _ANALYSIS_ONLY
            and path.suffix in (".py", ".txt", ".csv", ".yaml", ".json", ".tsv")
        ):
            parts += [rel, hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()]
    return _digest(*parts)


def _folder_pages(root: Path | None, settings: str) -> list[_Page]:
    from .corpus import CorpusError
    from .corpus.files import find_files, relative  # the loader's rule: which files, their names
    from .corpus.load import read_manifest

    try:
        root, files = find_files(root)
        units = read_manifest(root)
    except CorpusError as exc:
        raise StoreError(str(exc)) from None
    rels = [relative(p, root) for p in files]
    stems = pd.Series([p.stem for p in files])
    dup = stems.duplicated(keep=False).to_numpy()
    pages = []
    for p, rel, is_dup in zip(files, rels, dup):
        stem = re.sub(r"[/.\\]", "_", rel) if is_dup else p.stem  # as load_speeches names them
        raw, unit = p.read_bytes(), units.get(rel)
        key = _digest(settings, "file", rel, stem, unit or "", raw)
        sha = hashlib.sha256(raw).hexdigest() if len(files) == 1 else None  # only a one-page store records it
        pages.append(_Page(rel, "file", str(p.resolve()), 0, stem, key, len(raw), unit, sha))
    return pages


def _warc_pages(paths: Sequence[str | os.PathLike], settings: str) -> list[_Page]:
    from warcio.archiveiterator import ArchiveIterator

    pages = []
    for path in map(Path, paths):
        if not path.is_file():
            raise StoreError(f"{path}: no such WARC file")
        base = re.sub(r"\.warc(\.gz)?$", "", path.name, flags=re.I)
        base = re.sub(r"[^\w-]", "_", base)
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            k = n_records = 0
            try:
                for rec in it:
                    n_records += 1
                    if rec.format != "warc":  # warcio reads any text as an old-style ARC record
                        raise ValueError(f"record {n_records} is not a WARC record")
                    if not _is_html_response(rec):
                        continue
                    uri = (
                        rec.rec_headers.get_header("WARC-Target-URI")
                        or f"{path.name}#{it.get_record_offset()}"
                    )
                    body = rec.content_stream().read()
                    k += 1
                    stem = f"{base}_{k:06d}"
                    pages.append(
                        _Page(
                            uri,
                            "warc",
                            str(path.resolve()),
                            it.get_record_offset(),
                            stem,
                            _digest(settings, "warc", uri, stem, body),
                            len(body),
                        )
                    )
            except Exception as exc:  # warcio raises ArchiveLoadFailed and plain errors
                raise StoreError(f"{path}: not a readable WARC file ({exc})") from None
        if not n_records:
            raise StoreError(f"{path}: not a readable WARC file (no WARC records found)")
    if not pages:
        raise StoreError(f"{', '.join(map(str, paths))}: no HTML response records in the WARC file(s)")
    return pages


def _is_html_response(rec) -> bool:
    if rec.rec_type != "response" or rec.http_headers is None:
        return False
    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
    return "html" in ctype or ctype.startswith("text/plain")


def _frame_pages(frame: pd.DataFrame, settings: str) -> list[_Page]:
    from .common import require_columns

    require_columns(frame, ["doc_id", "text"], "build_store", "source")
    ids = frame["doc_id"].astype(str)
    if ids.duplicated().any():
        raise StoreError(
            f"build_store: doc_id values are not unique (e.g. {ids[ids.duplicated()].iloc[0]!r})"
        )
    cols = list(frame.columns)
    at, tx = cols.index("doc_id"), cols.index("text")
    pages = []
    for i, rec in enumerate(frame.itertuples(index=False, name=None)):
        key = _digest(settings, "frame", *cols, *(repr(v) for v in rec))
        text = rec[tx] if isinstance(rec[tx], str) else ""
        pages.append(_Page(str(rec[at]), "frame", "", i, str(rec[at]), key, len(text) * 3))
    return pages


def _pages_of(source, settings: str) -> tuple[str, list[_Page]]:
    if isinstance(source, pd.DataFrame):
        return "frame", _frame_pages(source, settings)
    if source is None:  # as load_speeches: the project's corpus/
        return "folder", _folder_pages(None, settings)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        if path.is_file() and re.search(r"\.warc(\.gz)?$", path.name, re.I):
            return "warc", _warc_pages([path], settings)
        return "folder", _folder_pages(path, settings)
    if isinstance(source, Iterable):
        paths = [Path(p) for p in source]
        if not paths:
            raise StoreError("build_store: the list of WARC files is empty")
        bad = [p for p in paths if not re.search(r"\.warc(\.gz)?$", p.name, re.I)]
        if bad:
            raise StoreError(f"{bad[0]}: a list source must hold .warc or .warc.gz files")
        return "warc", _warc_pages(paths, settings)
    raise TypeError(
        f"build_store: source must be a folder, WARC files or a DataFrame, got {type(source).__name__}"
    )


# ------------------------------------------------------------------------------------ batches
def _read_warc_record(path: str, offset: int) -> bytes:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        rec = next(iter(ArchiveIterator(fh)))
        return rec.content_stream().read()


def _load_batch(
    pages: list[_Page], errors: str, tmp: Path
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list]:
    """The load_speeches, load_pages and cleaning_audit rows of a batch of pages (each page read
    once, with its manifest unit, by :func:`cppcc.corpus.load.read_page`), and each page's warnings.

    A WARC record is written to ``tmp`` first; every page keeps the name and stem it has in the whole
    corpus, and messages name the page as the corpus does.
    """
    from .corpus import CorpusError
    from .corpus.load import page_tables, read_page

    read, msgs = [], [[] for _ in pages]
    for i, page in enumerate(pages):
        if page.kind == "file":
            path = Path(page.where)
        else:
            path = tmp / f"{page.stem}.html"
            path.write_bytes(_read_warc_record(page.where, page.offset))

        def rename(msg: str, path=path, page=page) -> str:
            return msg.replace(str(path), page.name)

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                got = read_page(path, path.parent, page.unit)
        except CorpusError as exc:
            if errors == "raise":
                raise CorpusError(rename(str(exc))) from None
            msgs[i].append(f"skipped: {rename(str(exc))}")
            continue
        for w in caught:
            if issubclass(w.category, UserWarning) and rename(str(w.message)) not in msgs[i]:
                msgs[i].append(rename(str(w.message)))
        msgs[i] += [f"{page.name}: {w}" for w in got.warnings if f"{page.name}: {w}" not in msgs[i]]
        got.file, got.stem = page.name, page.stem
        read.append(got)
    sp, pg, au = page_tables(read)
    return sp, pg, au, msgs


def _arrow(frame: pd.DataFrame):
    """An Arrow table with plain types: strings for text, int64 for integers (None kept), categoricals
    dictionary-encoded; a column with no value at all is left untyped (DuckDB unifies it with the
    other batches' type)."""
    import pyarrow as pa

    arrays = []
    for col in frame.columns:
        s = frame[col]
        if s.isna().all() and (s.dtype == object or isinstance(s.dtype, pd.CategoricalDtype)):
            arrays.append(pa.nulls(len(s)))
            continue
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.cat.rename_categories([str(c) for c in s.cat.categories]) if not all(
                isinstance(c, str) for c in s.cat.categories) else s
            arrays.append(pa.array(s))
            continue
        try:
            arr = pa.array(s, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            arr = None
        if arr is None or not (pa.types.is_string(arr.type) or pa.types.is_integer(arr.type)
                               or pa.types.is_floating(arr.type) or pa.types.is_boolean(arr.type)):
            vals = s.where(s.notna(), None).tolist()
            arr = pa.array([None if v is None else str(v) for v in vals], type=pa.string())
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns])


def _write(table, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _run_batch(job: dict) -> dict:
    """Read, clean and tokenise one batch of pages and write its Parquet files (the per-batch task).

    Runs in a worker process or on a Dask worker; returns a small summary.
    """
    from .memo import TOKENS
    from .text import tokens

    out, pages, part = Path(job["out"]), job["pages"], job["part"]
    tables: dict[str, pd.DataFrame] = {}
    if job.get("frame") is not None:
        frame, msgs = job["frame"].reset_index(drop=True), [[] for _ in pages]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            frame, tables["pages"], tables["audit"], msgs = _load_batch(pages, job["errors"], Path(tmp))
    frame.insert(0, "_page", _page_index(frame, pages))
    toks = None
    if len(frame):
        with TOKENS.paused():  # a batch's tokens are written, never asked for again: keep no copy in memory
            toks = tokens(frame.drop(columns="_page"), cache=False, n_jobs=1, progress=False)
    if toks is not None:
        _write(_arrow(toks[list(TOKEN_FILE_COLUMNS)]), out / "tokens" / f"part-{part}.parquet")
    if len(frame):
        _write(_arrow(frame), out / "parts" / "documents" / f"{part}.parquet")
    for sub, table in tables.items():
        if len(table):
            _write(_arrow(table), out / "parts" / sub / f"{part}.parquet")
    manifest = pd.DataFrame(
        {
            "name": [p.name for p in pages],
            "key": [p.key for p in pages],
            "warnings": [json.dumps(m, ensure_ascii=False) for m in msgs],
        }
    )
    _write(_arrow(manifest), out / "parts" / f"{part}.parquet")  # last: the batch is complete
    return {
        "part": part,
        "pages": len(pages),
        "documents": len(frame),
        "tokens": 0 if toks is None else len(toks),
        "warnings": sum(map(len, msgs)),
    }


def _page_index(frame: pd.DataFrame, pages: list[_Page]) -> list[str]:
    """The page name of every document row (documents of a page share its source_file)."""
    if not len(frame):
        return []
    if pages and pages[0].kind == "frame":
        return [p.name for p in pages]
    return frame["source_file"].tolist()


def _batches(pages: list[_Page], sizes: list[int], max_pages: int, max_bytes: int) -> Iterator[list[_Page]]:
    cur, size = [], 0
    for page, n in zip(pages, sizes):
        cur.append(page)
        size += n
        if len(cur) >= max_pages or size >= max_bytes:
            yield cur
            cur, size = [], 0
    if cur:
        yield cur


def _part_files(out: Path, part: str) -> list[Path]:
    return [
        out / "tokens" / f"part-{part}.parquet",
        out / "parts" / "documents" / f"{part}.parquet",
        out / "parts" / "audit" / f"{part}.parquet",
        out / "parts" / "pages" / f"{part}.parquet",
        out / "parts" / f"{part}.parquet",
    ]


def _valid_parts(out: Path, pages: list[_Page]) -> dict[str, list[str]]:
    """The batches already in ``out`` whose pages are all unchanged (part -> page names); every other
    batch's files (changed, removed or half-written batches) are deleted."""
    import pyarrow.parquet as pq

    current = {p.name: p.key for p in pages}
    valid: dict[str, list[str]] = {}
    for man in sorted((out / "parts").glob("*.parquet")):
        try:
            tab = pq.read_table(man, columns=["name", "key"]).to_pydict()
        except Exception:  # an unreadable manifest: the batch is redone
            tab = {"name": [None], "key": [None]}
        if all(current.get(n) == k for n, k in zip(tab["name"], tab["key"])):
            valid[man.stem] = tab["name"]
        else:
            for f in _part_files(out, man.stem):
                f.unlink(missing_ok=True)
    for folder, prefix in (
        (out / "tokens", "part-"),
        (out / "parts" / "documents", ""),
        (out / "parts" / "audit", ""),
        (out / "parts" / "pages", ""),
    ):
        for f in folder.glob("*"):  # files of batches that never finished (no manifest)
            if f.name.removeprefix(prefix).split(".")[0] not in valid:
                f.unlink()
    return valid


def _jobs(source, kind: str, todo: list[_Page], out: Path, errors: str, batch_pages: int) -> Iterator[dict]:
    for batch in _batches(todo, [p.size for p in todo], batch_pages, _BATCH_BYTES):
        job = {"out": str(out), "pages": batch, "part": _digest(*(p.key for p in batch)), "errors": errors}
        if kind == "frame":
            sub = source.iloc[[p.offset for p in batch]].reset_index(drop=True)
            job["frame"] = sub.assign(doc_id=sub["doc_id"].astype(str))  # stored as text
        yield job


def _run_jobs(jobs: Iterator[dict], n_pages: int, client, n_jobs: int | None, progress: bool | None) -> dict:
    """Run the per-batch task over ``jobs`` (a few in flight at a time): inline, in a process pool
    or on a Dask cluster. Returns the summed summaries."""
    from tqdm.auto import tqdm

    total = {"pages": 0, "documents": 0, "tokens": 0, "warnings": 0, "batches": 0}
    show = (n_pages > 200) if progress is None else bool(progress)
    bar = tqdm(total=n_pages, desc="store", unit="page", disable=not show)

    def add(res: dict) -> None:
        for k in ("pages", "documents", "tokens", "warnings"):
            total[k] += res[k]
        total["batches"] += 1
        bar.update(res["pages"])

    try:
        if client is not None:
            _run_dask(jobs, client, add)
            return total
        n_jobs = (os.cpu_count() or 1) if n_jobs is None else max(1, int(n_jobs))
        if n_jobs == 1:
            for job in jobs:
                add(_run_batch(job))
            return total
        from . import segment
        from .text import _mp_context

        segment("政协")  # load the lexicon once, before forking: the workers inherit it
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context()) as pool:
            _window(
                jobs,
                lambda job: pool.submit(_run_batch, job),
                lambda fs: wait(fs, return_when=FIRST_COMPLETED),
                add,
                2 * n_jobs,
            )
        return total
    finally:
        bar.close()


def _window(jobs: Iterator[dict], submit: Callable, wait_some: Callable, add: Callable, size: int) -> None:
    """Keep at most ``size`` tasks in flight (bounded memory whatever the number of batches)."""
    pending: set = set()
    for job in jobs:
        pending.add(submit(job))
        if len(pending) >= size:
            done, pending = wait_some(pending)
            for f in done:
                add(f.result())
    while pending:
        done, pending = wait_some(pending)
        for f in done:
            add(f.result())


def _run_dask(jobs: Iterator[dict], client, add: Callable) -> None:
    from distributed import wait as dwait

    n = max(1, len(client.scheduler_info().get("workers", {})))

    def submit(job):
        return client.submit(_run_batch, job, key=f"cppcc-store-{job['part']}", pure=False)

    def wait_some(fs):
        res = dwait(list(fs), return_when="FIRST_COMPLETED")
        return set(res.done), set(res.not_done)

    _window(jobs, submit, wait_some, add, 2 * n)


def _duck(out: Path | None = None, memory: str = "1GB"):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute("SET preserve_insertion_order = true")
    if out is not None:
        tmp = out / ".duckdb_tmp"
        con.execute(f"SET temp_directory = '{_sql_path(tmp)}'")
    return con


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _empty_types() -> dict:
    import pyarrow as pa

    ints = {c: pa.int64() for c in ("speech", "line", "n_speeches", "n_lines", "repairs")}
    return {**ints, "truncated": pa.bool_()}


def _finalize(out: Path, pages: list[_Page], kind: str, settings: str) -> dict:
    """Gather the batches' documents, audit rows and warnings into single files, in corpus order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .corpus import AUDIT_COLUMNS, PAGE_COLUMNS, SPEECH_COLUMNS

    order = pd.DataFrame({"_name": [p.name for p in pages], "_ord": np.arange(len(pages), dtype=np.int64)})
    con = _duck(out)
    try:
        con.register("page_order", order)
        for sub, target, cols in (
            ("documents", _DOCS_FILE, SPEECH_COLUMNS),
            ("audit", _AUDIT_FILE, AUDIT_COLUMNS),
            ("pages", _PAGES_FILE, PAGE_COLUMNS),
        ):
            files = sorted((out / "parts" / sub).glob("*.parquet"))
            dest = out / target
            if not files:
                empty = cols if kind != "frame" or sub != "documents" else ["doc_id", "text"]
                types = _empty_types()
                _write(pa.table({c: pa.array([], type=types.get(c, pa.string())) for c in empty}), dest)
                continue
            key = "_page" if sub == "documents" else "file"
            drop = " EXCLUDE (_page, file_row_number)" if sub == "documents" else " EXCLUDE (file_row_number)"
            listing = ", ".join(f"'{_sql_path(f)}'" for f in files)
            tmp = dest.with_name(dest.name + ".tmp")
            con.execute(
                f"COPY (SELECT d.*{drop} FROM read_parquet([{listing}], union_by_name = true, "
                f"file_row_number = true) d JOIN page_order o ON d.{key} = o._name "
                f"ORDER BY o._ord, d.file_row_number) TO '{_sql_path(tmp)}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            os.replace(tmp, dest)
    finally:
        con.close()
    names, messages = [], []
    for man in sorted((out / "parts").glob("*.parquet")):
        tab = pq.read_table(man, columns=["name", "warnings"]).to_pydict()
        for n, w in zip(tab["name"], tab["warnings"]):
            for m in json.loads(w):
                names.append(n)
                messages.append(m)
    rank = dict(zip(order["_name"], order["_ord"]))
    warn = pd.DataFrame({"file": names, "message": messages})
    warn = warn.iloc[np.argsort([rank.get(n, -1) for n in names], kind="stable")].reset_index(drop=True)
    _write(
        pa.Table.from_pandas(
            warn.astype(object),
            preserve_index=False,
            schema=pa.schema([("file", pa.string()), ("message", pa.string())]),
        ),
        out / _WARN_FILE,
    )
    meta = {
        "store_version": STORE_VERSION,
        "settings": settings,
        "source": kind,
        "pages": len(pages),
        "page_sha256": pages[0].sha256 if len(pages) == 1 else None,  # a one-page store: its bytes' hash
        "documents": pq.ParquetFile(out / _DOCS_FILE).metadata.num_rows,
        "tokens": sum(pq.ParquetFile(f).metadata.num_rows for f in (out / "tokens").glob("*.parquet")),
        "warnings": len(warn),
    }
    (out / _META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


# ------------------------------------------------------------------------------------ public API
def build_store(
    source,
    out: str | os.PathLike,
    *,
    client=None,
    progress: bool | None = None,
    n_jobs: int | None = None,
    errors: str = "raise",
    batch_pages: int = _BATCH_PAGES,
) -> Store:
    """Read, clean and tokenise a corpus in batches into a Parquet store folder.

    Parameters
    ----------
    source : path, list of paths, DataFrame or None
        A corpus folder or page file (read as :func:`cppcc.load_speeches` reads it; None: the
        project's ``corpus/``); a ``.warc`` /
        ``.warc.gz`` file or a list of them (every HTML response record is a page, its target URI
        the ``source_file``); or a DataFrame with ``doc_id`` (unique; stored as text) and ``text``,
        its other columns kept as document metadata.
    out : path
        The store folder (created if missing). An existing store there is brought up to date:
        only batches with new, changed or removed pages are processed again (content keys).
    client : dask.distributed.Client, optional
        Run the per-batch task on a Dask cluster (one task per batch; the workers write the
        Parquet files, so ``out`` and the source must be on a filesystem they share). Default:
        a local process pool.
    progress : bool, optional
        tqdm progress bar over pages. Default: on for more than 200 pages.
    n_jobs : int, optional
        Worker processes of the local pool (default: one per CPU core; 1 runs in this process).
    errors : {"raise", "warn"}
        As in :func:`cppcc.load_speeches`: an unreadable page stops the build, or is skipped with a
        warning (listed by :meth:`Store.warnings`).
    batch_pages : int, default 200
        Pages per batch (a batch also closes at about 4 MB of source).

    Returns
    -------
    Store

    Raises
    ------
    StoreError
        A missing source, a folder without pages, a WARC that cannot be read, duplicate doc_id.

    Examples
    --------
    >>> import tempfile
    >>> from cppcc.corpus import corpus_dir
    >>> with tempfile.TemporaryDirectory() as out:
    ...     st = build_store(corpus_dir(), out, progress=False, n_jobs=1)
    ...     st.info["documents"], st.info["pages"]
    (5, 1)
    """
    check_option(errors, ("raise", "warn"), "errors", "build_store")
    out = Path(out).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    (out / "parts").mkdir(exist_ok=True)
    t0 = time.perf_counter()
    settings = _settings_key()
    kind, pages = _pages_of(source, settings)
    names = pd.Series([p.name for p in pages])
    if names.duplicated().any():
        raise StoreError(f"build_store: two pages are both named {names[names.duplicated()].iloc[0]!r}")
    meta_file = out / _META_FILE
    if meta_file.exists():
        meta_file.unlink()  # the store is incomplete until _finalize writes it again
    have = {n for names_ in _valid_parts(out, pages).values() for n in names_}
    todo = [p for p in pages if p.name not in have]
    t1 = time.perf_counter()
    total = _run_jobs(
        _jobs(source, kind, todo, out, errors, max(1, int(batch_pages))), len(todo), client, n_jobs, progress
    )
    t2 = time.perf_counter()
    info = _finalize(out, pages, kind, settings)
    t3 = time.perf_counter()
    if info["warnings"]:
        from .corpus import CorpusWarning

        warnings.warn(
            f"{out}: {info['warnings']} loader warning(s) on the pages; Store.warnings() lists them",
            CorpusWarning,
            stacklevel=2,
        )
    store = Store(out)
    store.last_build = {
        "processed_pages": total["pages"],
        "batches": total["batches"],
        "reused_pages": len(pages) - len(todo),
    }
    store.last_timings = {"scan_s": t1 - t0, "batches_s": t2 - t1, "finalize_s": t3 - t2}
    return store


def open_store(path: str | os.PathLike) -> Store:
    """Open a store folder written by :func:`build_store`.

    Raises
    ------
    StoreError
        The folder has no complete store (``store.json`` is written last by a finished build).

    Examples
    --------
    >>> open_store("no/such/folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cppcc.store.StoreError: no/such/folder: not a cppcc store (no store.json; ...)
    """
    return Store(path)


def is_store(path: str | os.PathLike | None) -> bool:
    """True if ``path`` is a complete store folder (what :func:`open_store` opens), e.g. to let a
    notebook or the report take either a corpus folder or a store.

    Examples
    --------
    >>> from cppcc.corpus import corpus_dir
    >>> is_store(corpus_dir()), is_store(None)
    (False, False)
    """
    return path is not None and (Path(path) / _META_FILE).is_file()


_STOP_MARK = 4294967296  # position < 2**32: (document order, position) as one sortable integer


class Store:
    """A store folder: documents, tokens and audit rows in Parquet, queried with DuckDB.

    Open one with :func:`open_store` (or get it from :func:`build_store`). Every method reads
    only what it needs from the Parquet files; DuckDB keeps to ``memory_limit`` (default 1 GB)
    and spills to ``<store>/.duckdb_tmp`` beyond it.

    The token rows are those of ``cppcc.tokens(store.documents())`` (``stop=("general",)``):
    :meth:`tokens` joins them with the documents' metadata the same way, and the analysis
    methods give the numbers the in-memory functions give on that frame.
    """

    #: marks a store for the analysis functions of cppcc (they dispatch to the Store's methods)
    _cppcc_store = True

    def __init__(self, path: str | os.PathLike, memory_limit: str = "1GB"):
        self.path = Path(path)
        meta = self.path / _META_FILE
        if not meta.is_file():
            raise StoreError(f"{path}: not a cppcc store (no store.json; build one with cppcc.build_store)")
        self.info: dict = json.loads(meta.read_text(encoding="utf-8"))
        if self.info.get("store_version") != STORE_VERSION:
            raise StoreError(
                f"{path}: store version {self.info.get('store_version')!r}, this cppcc reads "
                f"{STORE_VERSION!r}; rebuild it with cppcc.build_store"
            )
        self.memory_limit = memory_limit
        self.last_build: dict | None = None  # set by build_store: pages processed and reused
        self.last_timings: dict | None = None  # set by build_store: seconds per phase
        self._con = None

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
            con = _duck(self.path, self.memory_limit)
            docs = _sql_path(self.path / _DOCS_FILE)
            con.execute(
                f"CREATE VIEW documents AS SELECT * EXCLUDE (file_row_number), file_row_number AS _d "
                f"FROM read_parquet('{docs}', file_row_number = true)"
            )
            tok_glob = _sql_path(self.path / "tokens" / "*.parquet")
            if any((self.path / "tokens").glob("*.parquet")):
                con.execute(f"CREATE VIEW token_rows AS SELECT * FROM read_parquet('{tok_glob}')")
            else:
                con.execute(
                    "CREATE VIEW token_rows AS SELECT NULL::VARCHAR AS doc_id, NULL::INTEGER AS sentence, "
                    "NULL::INTEGER AS position, NULL::VARCHAR AS token, NULL::VARCHAR AS pos, "
                    "NULL::BOOLEAN AS is_stop, NULL::BOOLEAN AS is_punct WHERE false"
                )
            con.execute(f"CREATE VIEW tokens AS {self._tokens_sql('token_rows')}")
            self._con = con
        return self._con

    def _tokens_sql(self, rows: str) -> str:
        """SELECT of token rows (a view or a ``read_parquet(...)``) joined with document metadata."""
        meta = ", ".join(f"d.{_quote(c)} AS {_quote(n)}" for c, n in self._meta_names().items())
        return (
            f"SELECT t.*, {meta + ', ' if meta else ''}d._d FROM {rows} t "
            "JOIN documents d ON t.doc_id = d.doc_id"
        )

    def close(self) -> None:
        """Close the DuckDB connection (reopened on the next query)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def _doc_columns(self) -> list[str]:
        import pyarrow.parquet as pq

        return list(pq.read_schema(self.path / _DOCS_FILE).names)

    def _meta_names(self) -> dict[str, str]:
        """Document column -> its name in the token view (as cppcc.tokens renames clashes)."""
        out = {}
        for c in self._doc_columns():
            if c in ("doc_id", "text", "text_original"):
                continue
            out[c] = f"doc_{c}" if c in TOKEN_FILE_COLUMNS else c
        return out

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return _to_pandas(self.connect().sql(sql, params=list(params) or None).to_arrow_table())

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

        pf = pq.ParquetFile(self.path / _DOCS_FILE)
        for batch in pf.iter_batches(batch_size=batch_rows, columns=list(columns) if columns else None):
            yield _to_pandas(batch)

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

        return _to_pandas(pq.read_table(self.path / _AUDIT_FILE))

    def pages(self) -> pd.DataFrame:
        """The :func:`cppcc.load_pages` rows of every page, in corpus order (none for a frame source)."""
        import pyarrow.parquet as pq

        df = _to_pandas(pq.read_table(self.path / _PAGES_FILE))
        df["truncated"] = df["truncated"].astype(bool)
        return df

    def warnings(self) -> pd.DataFrame:
        """Every loader warning of the build: ``file``, ``message``."""
        import pyarrow.parquet as pq

        return _to_pandas(pq.read_table(self.path / _WARN_FILE))

    # -------------------------------------------------------------------------- analysis
    def counts(self, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
        """The tidy count table ``[by..., term, count]``: how often each counted term occurs in each
        group (``stop``/``punct`` as in :func:`cppcc.term_frequencies`; groups in order of first
        appearance, then count descending, term ascending). Computed by DuckDB over the Parquet files.
        """
        return store_counts(self, by, stop, punct)

    def term_frequencies(self, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
        """:func:`cppcc.term_frequencies` on the store's tokens (same rows and numbers)."""
        return store_term_frequencies(self, by, stop, punct)

    def distinctive_terms(self, by: str = "doc_id", method: str = "log_odds", prior=None,
                          prior_scale: float | None = None, stop=True, punct: bool = False,
                          min_count: int = 1, include_zero: bool = False, dropna: bool = True,
                          williams: bool = False) -> pd.DataFrame:
        """:func:`cppcc.distinctive_terms` on the store: DuckDB counts every term of every group
        (with the groups' token totals), and the count table is scored as the in-memory function
        scores one (same numbers)."""
        from .compare import distinctive_terms

        if by is None or not isinstance(by, str):
            raise ValueError(f"cppcc.distinctive_terms: `by` must be one column name, got {by!r}")
        table = store_term_frequencies(self, by, stop=False, punct=True).drop(columns="rate")
        return distinctive_terms(table, by=by, method=method, prior=prior, prior_scale=prior_scale, stop=stop,
                                 punct=punct, min_count=min_count, include_zero=include_zero, dropna=dropna,
                                 williams=williams)

    def code_mechanisms(self, codebook=None, by="doc_id") -> pd.DataFrame:
        """:func:`cppcc.code_mechanisms` on the store's tokens, one batch of documents at a time."""
        return store_code_mechanisms(self, codebook, by)

    def kwic(
        self, pattern: str, window: int = 15, regex: bool = False, text_column: str = "text"
    ) -> pd.DataFrame:
        """:func:`cppcc.kwic` on the store's documents, one batch of documents at a time."""
        return store_kwic(self, pattern, window, regex, text_column)


def _to_pandas(table) -> pd.DataFrame:
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


# ------------------------------------------------------------------------------------ analysis on a store
def _by_list(by) -> list[str]:
    from .common import as_list

    return as_list(by)


def _quote(col: str) -> str:
    return '"' + col.replace('"', '""') + '"'


def _masks_sql(con, stop, punct: bool) -> tuple[str, str]:
    """SQL conditions (counted term, denominator token) for the ``stop``/``punct`` settings of
    :mod:`cppcc.compare`: punctuation, blank and missing tokens are not words; ``stop`` is the one
    stop-word spec (:func:`cppcc.text.resolve_stop`): the tokens' text decides."""
    from .text import resolve_stop

    not_punct = "NOT (coalesce(is_punct, false) OR token IS NULL OR trim(token) = '')"
    words = resolve_stop(stop)
    keep = "true"
    if words:
        _register_words(con, "_stop_words", words)
        keep = "token NOT IN (SELECT w FROM _stop_words)"
    if not punct:
        keep = f"({keep}) AND {not_punct}"
    return f"coalesce({keep}, true)", not_punct


def _register_words(con, name: str, words) -> None:
    con.register(name, pd.DataFrame({"w": pd.Series(sorted(words), dtype=object)}))


def _group_sql(by_cols: list[str]) -> tuple[str, str]:
    """(select list, null-safe join condition between aliases a and b) for the group columns."""
    sel = ", ".join(_quote(c) for c in by_cols)
    on = " AND ".join(f"a.{_quote(c)} IS NOT DISTINCT FROM b.{_quote(c)}" for c in by_cols) or "true"
    return sel, on


def _store_counts(store: Store, by=None, stop=True, punct: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counts, groups): ``[by..., term, count]`` of the counted terms in the order of
    :func:`cppcc.term_frequencies`, and ``[by..., n_tokens, _g]`` (non-punctuation tokens of every
    group that has a counted term, ``_g`` its order of first appearance)."""
    by_cols = _by_list(by)
    con = store.connect()
    avail = [*TOKEN_FILE_COLUMNS, *store._meta_names().values()]
    bad = [c for c in by_cols if c not in avail]
    if bad:
        raise ValueError(f"Store: unknown column(s) {bad} in by; available: {avail}")
    keep, denom = _masks_sql(con, stop, punct)
    sel, on = _group_sql(by_cols)
    gsel = sel + ", " if sel else ""
    order = f"_d * {_STOP_MARK} + position"
    # one pass over the token rows: per group and token, the counted and the denominator tokens and
    # where they first occur; everything else is computed on this (much smaller) table
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _agg AS SELECT {gsel}token, count(*) FILTER (WHERE {keep}) AS c, "
        f"count(*) FILTER (WHERE {denom}) AS n, min({order}) FILTER (WHERE {keep}) AS kf, min({order}) AS f "
        f"FROM tokens GROUP BY {gsel}token"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _groups AS SELECT {gsel}sum(n) AS _n, min(f) AS _first, "
        f"min(kf) AS _kfirst FROM _agg {'GROUP BY ' + sel if sel else ''}"
    )
    a_sel = ", ".join("a." + _quote(c) for c in by_cols)
    counts = store._frame(
        f"SELECT {a_sel + ', ' if a_sel else ''}a.token AS term, a.c AS count, b._n AS n_tokens, b._kfirst "
        f"FROM _agg a JOIN _groups b ON {on} WHERE a.c > 0 ORDER BY b._kfirst, a.c DESC, a.token"
    )
    groups = store._frame(f"SELECT {gsel}_n AS n_tokens, _first FROM _groups ORDER BY _first")
    return counts, groups


def store_counts(store: Store, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
    """The tidy count table ``[by..., term, count]`` of a store (see :meth:`Store.counts`)."""
    counts, _ = _store_counts(store, by, stop, punct)
    return counts.drop(columns=["n_tokens", "_kfirst"])


def store_term_frequencies(store: Store, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
    """:func:`cppcc.term_frequencies` computed on a store (same rows, same numbers)."""
    from .common import stamp

    by_cols = _by_list(by)
    counts, _ = _store_counts(store, by_cols, stop, punct)
    cols = [*by_cols, "term", "count", "n_tokens", "rate"]
    if counts.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object if c in (*by_cols, "term") else float) for c in cols})
        return stamp(out, "term_frequencies", by=by_cols, stop=stop, punct=punct)
    counts["count"] = counts["count"].astype("int64")
    counts["n_tokens"] = counts["n_tokens"].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["rate"] = np.where(
            counts["n_tokens"] > 0, 1000.0 * counts["count"] / counts["n_tokens"], np.nan
        )
    return stamp(counts[cols].reset_index(drop=True), "term_frequencies", by=by_cols, stop=stop, punct=punct)


def store_kwic(
    store: Store, pattern: str, window: int = 15, regex: bool = False, text_column: str = "text"
) -> pd.DataFrame:
    """:func:`cppcc.kwic` over a store's documents, read in batches (same rows)."""
    from .common import stamp
    from .compare import kwic

    parts = [
        kwic(batch, pattern, window=window, regex=regex, text_column=text_column)
        for batch in store.iter_documents()
    ]
    parts = [p for p in parts if len(p)] or parts[:1]
    if not parts:
        return kwic(
            store.documents(where="false"), pattern, window=window, regex=regex, text_column=text_column
        )
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    settings = {k: v for k, v in parts[0].attrs.items() if k != "function"}  # pd.concat may drop attrs
    return stamp(out, "kwic", **settings)


def store_code_mechanisms(store: Store, codebook=None, by="doc_id") -> pd.DataFrame:
    """:func:`cppcc.code_mechanisms` on a store: codebook matches found one token file at a time
    (matches never cross a sentence, so never a document), groups and totals counted by DuckDB."""
    from .mechanisms import _as_codebook, _stamped, match_terms

    by_cols = _by_list(by)
    cb = _as_codebook(codebook)
    cats = cb.drop_duplicates("category")[["category", "label_zh", "label_en"]].reset_index(drop=True)
    meta_cols = [c for c in store._meta_names().values()]
    avail = [*TOKEN_FILE_COLUMNS, *meta_cols]
    bad = [c for c in by_cols if c not in avail]
    if bad:
        raise ValueError(f"cppcc.code_mechanisms: tokens are missing column(s) {bad}; it has {avail}")
    groups = _mechanism_groups(store, by_cols, ["doc_id", *meta_cols])
    if groups.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in by_cols}).merge(cats, how="cross")
        for c, dt in (("matches", "int64"), ("tokens", "int64"), ("rate", float)):
            empty[c] = pd.Series(dtype=dt)
        return _stamped(empty, by_cols, codebook)
    counts = np.zeros((len(groups), len(cats)), dtype=np.int64)
    keys = groups[by_cols].assign(_g=np.arange(len(groups)))
    cidx_of = pd.Index(cats["category"])
    con = store.connect()
    need = ", ".join(_quote(c) for c in dict.fromkeys(["doc_id", "sentence", "token", *by_cols]))
    for f in sorted((store.path / "tokens").glob("*.parquet")):
        rows = store._tokens_sql(f"read_parquet('{_sql_path(f)}')")
        part = _to_pandas(con.sql(f"SELECT {need} FROM ({rows}) ORDER BY _d, position").to_arrow_table())
        m = match_terms(part, cb)
        if m.empty:
            continue
        hit = part[by_cols].iloc[m["row"].to_numpy()].reset_index(drop=True)
        g = hit.merge(keys, on=by_cols, how="left")["_g"].to_numpy()
        np.add.at(counts, (g, cidx_of.get_indexer(m["category"])), 1)
    meta = groups.drop(columns=["_ntok"])
    grid = meta.merge(cats, how="cross")
    grid["matches"] = counts.ravel()
    grid["tokens"] = np.repeat(groups["_ntok"].to_numpy(), len(cats)).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        grid["rate"] = np.where(grid["tokens"] > 0, 1000.0 * grid["matches"] / grid["tokens"], np.nan)
    return _stamped(grid.reset_index(drop=True), by_cols, codebook)


def _mechanism_groups(store: Store, by_cols: list[str], candidates: list[str]) -> pd.DataFrame:
    """One row per group in order of first appearance: the ``by`` columns, the columns constant
    within every group (as :func:`cppcc.code_mechanisms` reports them) and ``_ntok``."""
    cand = [c for c in candidates if c not in by_cols]
    sel, _ = _group_sql(by_cols)
    order = f"_d * {_STOP_MARK} + position"
    nun = ", ".join(
        f"count(DISTINCT {_quote(c)}) + max(CASE WHEN {_quote(c)} IS NULL THEN 1 ELSE 0 END) "
        f"AS {_quote('_n_' + c)}"
        for c in cand
    )
    first = ", ".join(f"arg_min({_quote(c)}, {order}) AS {_quote(c)}" for c in cand)
    punct = "NOT (coalesce(is_punct, false) OR token IS NULL OR trim(token) = '')"
    df = store._frame(
        f"SELECT {sel}, {first + ', ' if first else ''}{nun + ', ' if nun else ''}"
        f"sum(CASE WHEN {punct} THEN 1 ELSE 0 END) AS _ntok, min({order}) AS _first "
        f"FROM tokens GROUP BY {sel} ORDER BY _first"
    )
    const = [c for c in cand if (df[f"_n_{c}"] <= 1).all()]
    out = df[[*by_cols, *const]].copy()
    out["_ntok"] = df["_ntok"].astype("int64")
    return out.reset_index(drop=True)
