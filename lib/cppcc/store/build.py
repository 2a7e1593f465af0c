"""Building a store: pages read, cleaned and tokenised in batches (worker processes or a Dask
cluster), written as Parquet files, then gathered in corpus order (:func:`build_store`)."""
from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import numpy as np
import pandas as pd

from ..common import check_option
from .reader import (
    AUDIT_FILE,
    DOCS_FILE,
    META_FILE,
    PAGES_FILE,
    STORE_VERSION,
    TOKEN_FILE_COLUMNS,
    WARN_FILE,
    Store,
    StoreError,
    duck,
    sql_path,
)
from .sources import Page, digest, pages_of, settings_key

__all__ = ["build_store"]

_BATCH_PAGES = 200
_BATCH_BYTES = 4_000_000


def _read_warc_record(path: str, offset: int) -> bytes:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        rec = next(iter(ArchiveIterator(fh)))
        return rec.content_stream().read()


def _load_batch(
    pages: list[Page], errors: str, tmp: Path
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list]:
    """The load_speeches, load_pages and cleaning_audit rows of a batch of pages (each page read
    once, with its manifest unit, by :func:`cppcc.corpus.load.read_page`), and each page's warnings.

    A WARC record is written to ``tmp`` first; every page keeps the name and stem it has in the whole
    corpus, and messages name the page as the corpus does.
    """
    from ..corpus import CorpusError
    from ..corpus.load import page_tables, read_page

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
    from ..memo import TOKENS
    from ..text.table import tokens

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


def _page_index(frame: pd.DataFrame, pages: list[Page]) -> list[str]:
    """The page name of every document row (documents of a page share its source_file)."""
    if not len(frame):
        return []
    if pages and pages[0].kind == "frame":
        return [p.name for p in pages]
    return frame["source_file"].tolist()


def _batches(pages: list[Page], sizes: list[int], max_pages: int, max_bytes: int) -> Iterator[list[Page]]:
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


def _valid_parts(out: Path, pages: list[Page]) -> dict[str, list[str]]:
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


def _jobs(source, kind: str, todo: list[Page], out: Path, errors: str, batch_pages: int) -> Iterator[dict]:
    for batch in _batches(todo, [p.size for p in todo], batch_pages, _BATCH_BYTES):
        job = {"out": str(out), "pages": batch, "part": digest(*(p.key for p in batch)), "errors": errors}
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
        from ..text.analyse import segment
        from ..text.analyse import _mp_context

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


def _empty_types() -> dict:
    import pyarrow as pa

    ints = {c: pa.int64() for c in ("speech", "line", "n_speeches", "n_lines", "repairs")}
    return {**ints, "truncated": pa.bool_()}


def _finalize(out: Path, pages: list[Page], kind: str, settings: str) -> dict:
    """Gather the batches' documents, audit rows and warnings into single files, in corpus order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..corpus import AUDIT_COLUMNS, PAGE_COLUMNS, SPEECH_COLUMNS

    order = pd.DataFrame({"_name": [p.name for p in pages], "_ord": np.arange(len(pages), dtype=np.int64)})
    con = duck(out)
    try:
        con.register("page_order", order)
        for sub, target, cols in (
            ("documents", DOCS_FILE, SPEECH_COLUMNS),
            ("audit", AUDIT_FILE, AUDIT_COLUMNS),
            ("pages", PAGES_FILE, PAGE_COLUMNS),
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
            listing = ", ".join(f"'{sql_path(f)}'" for f in files)
            tmp = dest.with_name(dest.name + ".tmp")
            con.execute(
                f"COPY (SELECT d.*{drop} FROM read_parquet([{listing}], union_by_name = true, "
                f"file_row_number = true) d JOIN page_order o ON d.{key} = o._name "
                f"ORDER BY o._ord, d.file_row_number) TO '{sql_path(tmp)}' "
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
        out / WARN_FILE,
    )
    meta = {
        "store_version": STORE_VERSION,
        "settings": settings,
        "source": kind,
        "pages": len(pages),
        "page_sha256": pages[0].sha256 if len(pages) == 1 else None,  # a one-page store: its bytes' hash
        "documents": pq.ParquetFile(out / DOCS_FILE).metadata.num_rows,
        "tokens": sum(pq.ParquetFile(f).metadata.num_rows for f in (out / "tokens").glob("*.parquet")),
        "warnings": len(warn),
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


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
    settings = settings_key()
    kind, pages = pages_of(source, settings)
    names = pd.Series([p.name for p in pages])
    if names.duplicated().any():
        raise StoreError(f"build_store: two pages are both named {names[names.duplicated()].iloc[0]!r}")
    meta_file = out / META_FILE
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
        from ..corpus import CorpusWarning

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
