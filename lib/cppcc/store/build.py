"""Building a store: pages read, cleaned and tokenised in batches (worker processes or a Dask
cluster), written as Parquet files, then gathered in corpus order into a new generation that
``store.json`` switches to at once (:func:`build_store`).

A build holds the store folder's lock (``.lock``); its temporary files are in a folder of its own
(``.build-<pid>-<random>``); it gathers only the batches of its own pages, streaming them one
batch (or one small group of interleaved batches) at a time; every file it writes is recorded in
``store.json`` with its row count, size and SHA-256 digest, and a batch whose files are missing
or damaged is processed again.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..common import check_option
from .reader import (
    META_FILE,
    STORE_VERSION,
    TABLES,
    TOKEN_FILE_COLUMNS,
    Store,
    StoreError,
    duck,
    file_problem,
    file_record,
    read_meta,
    sql_path,
)
from .run import BuildLock, local_pool, run_jobs
from .sources import Page, PageIndex, digest, duplicate_name, iter_rows, pages_of, settings_key

__all__ = ["build_store"]

_BATCH_PAGES = 200
_BATCH_BYTES = 4_000_000
_SUBS = ("documents", "audit", "pages")  # a batch's tables besides its tokens (parts/<sub>/<part>)
_GROUP_ROWS, _GROUP_BYTES = 20_000, 64 << 20  # a gathered file's row groups (bounded memory)


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
    dictionary-encoded; a column with no value at all is left untyped (the gathering step unifies it
    with the other batches' type)."""
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


def _write(table, path: Path, tmp_dir: Path, metadata: dict | None = None) -> dict:
    """Write ``table`` to ``path`` through a temporary file of this build (``tmp_dir``), atomically;
    returns its record (rows, bytes, mtime, SHA-256)."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{uuid.uuid4().hex}.parquet"
    if metadata is not None:
        table = table.replace_schema_metadata({b"cppcc": json.dumps(metadata).encode()})
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return file_record(path, table.num_rows)


def _run_batch(job: dict) -> dict:
    """Read, clean and tokenise one batch of pages and write its Parquet files (the per-batch task).

    Runs in a worker process or on a Dask worker; returns a small summary.
    """
    import tempfile

    from ..memo import TOKENS
    from ..text.table import tokens

    out, pages, part, tmp_dir = Path(job["out"]), job["pages"], job["part"], Path(job["tmp"])
    tables: dict[str, pd.DataFrame] = {}
    if job.get("frame") is not None:
        frame, msgs = job["frame"].reset_index(drop=True), [[] for _ in pages]
    else:
        with tempfile.TemporaryDirectory(dir=tmp_dir if tmp_dir.is_dir() else None) as tmp:
            frame, tables["pages"], tables["audit"], msgs = _load_batch(pages, job["errors"], Path(tmp))
    frame.insert(0, "_page", _page_index(frame, pages))
    toks = None
    if len(frame):
        with TOKENS.paused():  # a batch's tokens are written, never asked for again: keep no copy in memory
            toks = tokens(frame.drop(columns="_page"), cache=False, n_jobs=1, progress=False)
    files: dict[str, dict] = {}
    if toks is not None:
        rel = f"tokens/part-{part}.parquet"
        files[rel] = _write(_arrow(toks[list(TOKEN_FILE_COLUMNS)]), out / rel, tmp_dir)
    tables["documents"] = frame
    for sub, table in tables.items():
        if len(table):
            rel = f"parts/{sub}/{part}.parquet"
            files[rel] = _write(_arrow(table), out / rel, tmp_dir)
    manifest = pd.DataFrame(
        {
            "name": [p.name for p in pages],
            "key": [p.key for p in pages],
            "warnings": [json.dumps(m, ensure_ascii=False) for m in msgs],
        }
    )
    # last: the batch is complete; it lists the batch's files with their digests
    _write(_arrow(manifest), out / "parts" / f"{part}.parquet", tmp_dir, {"files": files})
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


def _manifest(path: Path, arrow: bool = False) -> tuple | None:
    """A batch manifest's columns (a dict, or the Arrow table) and its files (None: unreadable)."""
    import pyarrow.parquet as pq

    try:
        tab = pq.read_table(path)
        meta = json.loads((tab.schema.metadata or {}).get(b"cppcc", b"{}"))
        return (tab if arrow else tab.to_pydict()), meta.get("files", {})
    except Exception:  # an unreadable or damaged manifest: the batch is redone
        return None


def _valid_parts(out: Path, index: PageIndex, keep: set[str]) -> tuple[dict, np.ndarray]:
    """The batches already in ``out`` whose pages are all unchanged and whose files are intact:
    ``({part: (first row, last row)}, done)`` with ``done`` True for the index rows they hold. The
    files of every other batch (changed, removed, damaged or half-written) are deleted, except
    those in ``keep`` (the version ``store.json`` names, which readers may have open)."""
    import pyarrow as pa

    import pyarrow.compute as pc

    parts, tables = [], []
    for man in sorted((out / "parts").glob("*.parquet")):
        got = _manifest(man, arrow=True)
        if got is not None and all(Path(rel).stem.removeprefix("part-") == man.stem  # its own files
                                   and file_problem(out / rel, rec) is None for rel, rec in got[1].items()):
            tables.append(got[0].select(["name", "key"]).append_column(
                "part", pa.array(np.full(got[0].num_rows, len(parts), dtype=np.int64))))
            parts.append(man.stem)
        else:
            _remove_part(out, man.stem, keep)
    done = np.zeros(len(index), dtype=bool)
    valid: dict[str, tuple[int, int]] = {}
    if parts:  # every kept page against the index (Arrow join: no Python object per page)
        have = pa.concat_tables(tables)
        del tables
        cur = index.table.select(["name", "key"]).rename_columns(["name", "cur"]).append_column(
            "row", pa.array(np.arange(len(index), dtype=np.int64)))
        joined = have.join(cur, "name", join_type="left outer")
        ok = pc.fill_null(pc.and_(pc.equal(joined.column("key"), joined.column("cur")),
                                  pc.is_valid(joined.column("row"))), False)
        joined = pa.table({"part": joined.column("part"), "row": joined.column("row"), "ok": ok}).to_pandas()
        by = joined.groupby("part").agg(ok=("ok", "all"), lo=("row", "min"), hi=("row", "max"))
        for i, (good, lo, hi) in zip(by.index, zip(by["ok"], by["lo"], by["hi"])):
            if good:
                valid[parts[i]] = (int(lo), int(hi))
            else:
                _remove_part(out, parts[i], keep)
        kept = joined[joined["part"].isin([i for i in by.index[by["ok"]]])].sort_values(["part", "row"])
        twice = kept.loc[kept["row"].duplicated(), "part"].unique()  # a page in two batches: redo one
        for i in twice:
            valid.pop(parts[i], None)
            _remove_part(out, parts[i], keep)
        kept = kept[~kept["part"].isin(twice)]
        done[kept["row"].astype(np.int64).to_numpy()] = True
    # files of batches that never finished (no manifest) or were removed above
    for sub, prefix in (("tokens", "part-"), *((f"parts/{s}", "") for s in _SUBS)):
        for f in (out / sub).glob("*"):
            if f.name.removeprefix(prefix).split(".")[0] not in valid and f"{sub}/{f.name}" not in keep:
                f.unlink(missing_ok=True)
    return valid, done


def _remove_part(out: Path, part: str, keep: set[str]) -> None:
    for rel in (f"tokens/part-{part}.parquet", *(f"parts/{s}/{part}.parquet" for s in _SUBS),
                f"parts/{part}.parquet"):
        if rel not in keep:
            (out / rel).unlink(missing_ok=True)


def _jobs(source, index: PageIndex, todo: np.ndarray, cuts: np.ndarray, out: Path, tmp: Path,
          errors: str, batch_pages: int, spans: dict):
    """The per-batch jobs (a batch never spans the boundary of a batch kept from an earlier build,
    so gathering needs to interleave only small groups); ``spans`` collects part -> rows."""
    sizes = index.column("size")[todo]
    for rows in iter_rows(todo, sizes, cuts, batch_pages, _BATCH_BYTES):
        pages = index.pages(rows)
        part = digest(*(p.key for p in pages))
        spans[part] = (int(rows[0]), int(rows[-1]))
        job = {"out": str(out), "tmp": str(tmp), "pages": pages, "part": part, "errors": errors}
        if index.kind == "frame":
            sub = source.iloc[[p.offset for p in pages]].reset_index(drop=True)
            job["frame"] = sub.assign(doc_id=sub["doc_id"].astype(str))  # stored as text
        yield job


def _empty_types() -> dict:
    import pyarrow as pa

    ints = {c: pa.int64() for c in ("speech", "line", "n_speeches", "n_lines", "repairs")}
    return {**ints, "truncated": pa.bool_()}


def _groups(spans: dict[str, tuple[int, int]]) -> list[list[str]]:
    """The batches in corpus order, batches whose rows interleave grouped together."""
    groups, hi = [], -1
    for part, (lo, top) in sorted(spans.items(), key=lambda kv: kv[1]):
        if groups and lo <= hi:
            groups[-1].append(part)
        else:
            groups.append([part])
        hi = max(hi, top)
    return groups


class _Gather:
    """One table of a generation written a batch at a time, in corpus order (bounded memory: batches
    are buffered up to ``_GROUP_ROWS`` rows or ``_GROUP_BYTES`` bytes, one Parquet row group)."""

    def __init__(self, out: Path, files: list[Path], dest: Path, drop: tuple = ()):
        import pyarrow as pa
        import pyarrow.parquet as pq

        schemas, seen = [], set()
        for f in files:
            s = pq.read_schema(f).remove_metadata()
            if s not in seen:
                seen.add(s)
                schemas.append(s)
        self.schema = pa.unify_schemas(schemas, promote_options="permissive") if schemas else None
        if self.schema is not None:
            for c in drop:
                if c in self.schema.names:
                    self.schema = self.schema.remove(self.schema.get_field_index(c))
        self.dest, self.writer, self.rows, self.buffer, self.buffered = dest, None, 0, [], 0

    def add(self, table) -> None:
        import pyarrow as pa

        cols = [table.column(f.name).cast(f.type) if f.name in table.column_names
                else pa.nulls(table.num_rows, f.type) for f in self.schema]
        table = pa.Table.from_arrays(cols, schema=self.schema)
        self.buffer.append(table)
        self.buffered += table.nbytes
        self.rows += table.num_rows
        if sum(t.num_rows for t in self.buffer) >= _GROUP_ROWS or self.buffered >= _GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.buffer:
            return
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.dest, self.schema, compression="zstd")
        table = pa.concat_tables(self.buffer)
        self.writer.write_table(table, row_group_size=max(1, table.num_rows))
        self.buffer, self.buffered = [], 0

    def close(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()


def _finalize(out: Path, index: PageIndex, spans: dict, gen: Path, tmp: Path) -> dict:
    """Gather the batches' documents, audit rows, pages and warnings into the generation folder
    ``gen``, in corpus order, one batch (or one group of interleaved batches) at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..corpus import AUDIT_COLUMNS, PAGE_COLUMNS, SPEECH_COLUMNS

    gen.mkdir(parents=True, exist_ok=True)
    groups = _groups(spans)
    files: dict[str, dict] = {}
    token_files, n_tokens = [], 0
    manifests = {}
    for part in spans:
        got = _manifest(out / "parts" / f"{part}.parquet")
        if got is None:
            raise StoreError(f"{out / 'parts' / part}.parquet: a batch manifest vanished during the build")
        manifests[part] = got[1]
        rel = f"tokens/part-{part}.parquet"
        if rel in got[1]:
            token_files.append(rel)
            files[rel] = got[1][rel]
            n_tokens += got[1][rel]["rows"]
    tables = {}
    for sub, cols in (("documents", SPEECH_COLUMNS), ("audit", AUDIT_COLUMNS), ("pages", PAGE_COLUMNS)):
        def files_of(parts, sub=sub):
            rels = (f"parts/{sub}/{p}.parquet" for p in parts)
            return [out / rel for p, rel in zip(parts, rels) if rel in manifests[p]]

        have = files_of(spans)
        dest = gen / TABLES[sub]
        if not have:
            empty = cols if index.kind != "frame" or sub != "documents" else ["doc_id", "text"]
            types = _empty_types()
            files[_rel(out, dest)] = _write(
                pa.table({c: pa.array([], type=types.get(c, pa.string())) for c in empty}), dest, tmp)
            continue
        key = "_page" if sub == "documents" else "file"
        g = _Gather(out, have, dest, drop=("_page",) if sub == "documents" else ())
        for group in groups:
            parts = files_of(group)
            if len(parts) == 1:
                g.add(pq.read_table(parts[0]))
            elif parts:
                lo, hi = min(spans[p][0] for p in group), max(spans[p][1] for p in group)
                rank = {n: i for i, n in enumerate(index.names(lo, hi))}
                t = pa.concat_tables([pq.read_table(f) for f in parts], promote_options="permissive")
                ranks = [rank.get(n, -1) for n in t.column(key).to_pylist()]
                order = np.lexsort((np.arange(t.num_rows), ranks))
                g.add(t.take(pa.array(order)))
        g.close()
        files[_rel(out, dest)] = file_record(dest, g.rows)
        tables[sub] = g.rows
    # warnings: page by page in corpus order
    wdest = gen / TABLES["warnings"]
    schema = pa.schema([("file", pa.string()), ("message", pa.string())])
    n_warn = 0
    with pq.ParquetWriter(wdest, schema, compression="zstd") as w:
        for group in groups:
            names, msgs = [], []
            for part in group:
                man = out / "parts" / f"{part}.parquet"
                tab = pq.read_table(man, columns=["name", "warnings"]).to_pydict()
                for n, m in zip(tab["name"], tab["warnings"]):
                    for msg in json.loads(m):
                        names.append(n)
                        msgs.append(msg)
            if len(group) > 1 and names:
                lo, hi = min(spans[p][0] for p in group), max(spans[p][1] for p in group)
                rank = {n: i for i, n in enumerate(index.names(lo, hi))}
                order = np.argsort([rank.get(n, -1) for n in names], kind="stable")
                names, msgs = [names[i] for i in order], [msgs[i] for i in order]
            if names:
                w.write_table(pa.table({"file": names, "message": msgs}, schema=schema))
                n_warn += len(names)
    files[_rel(out, wdest)] = file_record(wdest, n_warn)
    return {
        "store_version": STORE_VERSION,
        "pages": len(index),
        "page_sha256": index.sha256,  # a one-page store: its bytes' hash
        "documents": tables.get("documents", 0),
        "tokens": n_tokens,
        "warnings": n_warn,
        "generation": gen.name,
        "tables": {t: _rel(out, gen / f) for t, f in TABLES.items()},
        "token_files": token_files,
        "files": files,
    }


def _rel(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _check_doc_ids(out: Path, meta: dict) -> None:
    """StoreError naming both pages if two documents share a doc_id."""
    import pyarrow.parquet as pq

    docs = out / meta["tables"]["documents"]
    if "source_file" not in pq.read_schema(docs).names:
        return  # a frame's doc_ids are checked when it is read
    con, tmp = duck(out, "256MB")  # a hash of the doc_ids, spilled beyond that
    try:
        row = con.execute(
            "SELECT doc_id, list(DISTINCT source_file ORDER BY source_file) "
            f"FROM read_parquet(['{sql_path(docs)}']) GROUP BY doc_id HAVING count(*) > 1 "
            "ORDER BY doc_id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if row is not None:
        pages = " and ".join(repr(s) for s in row[1])
        raise StoreError(f"build_store: doc_id {row[0]!r} is given to documents of {pages}; rename one of "
                         "the files")


def _switch(out: Path, meta: dict, tmp: Path, old: dict | None) -> None:
    """Make ``meta`` the store's version at once (``store.json`` replaced atomically), then delete the
    files that neither it nor the version before it names."""
    dest = tmp / META_FILE
    dest.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(dest, out / META_FILE)
    keep = set(meta["files"]) | set((old or {}).get("files", {}))
    gens = {meta["generation"], (old or {}).get("generation")}
    for f in (out / "tokens").glob("*"):
        if f"tokens/{f.name}" not in keep:
            f.unlink(missing_ok=True)
    for g in (out / "gen").glob("*"):
        if g.name not in gens:
            shutil.rmtree(g, ignore_errors=True)


def _old_meta(out: Path) -> dict | None:
    try:
        return read_meta(out)
    except StoreError:  # none, damaged or of another version: nothing to keep for readers
        return None


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
        only batches with new, changed or removed pages, or with missing or damaged files, are
        processed again (content keys, file digests). A store opened before the build keeps
        reading the version it opened; ``store.json`` switches to the new version at the end.
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
        A missing source, a folder without pages, a WARC that cannot be read, a file name that is
        not UTF-8, two documents with one doc_id, or another build writing into ``out`` (a build
        holds the folder's lock; a second one fails at once).

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
    with BuildLock(out):
        for stale in out.glob(".build-*"):  # temporary files of builds that were killed
            shutil.rmtree(stale, ignore_errors=True)
        tmp = out / f".build-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            with local_pool(n_jobs, client) as pool:
                store, total, n_todo, info, times = _build(source, out, tmp, client, progress, pool, errors,
                                                           batch_pages)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if info["warnings"]:
        from ..corpus import CorpusWarning

        warnings.warn(
            f"{out}: {info['warnings']} loader warning(s) on the pages; Store.warnings() lists them",
            CorpusWarning,
            stacklevel=2,
        )
    store.last_build = {
        "processed_pages": total["pages"],
        "batches": total["batches"],
        "reused_pages": info["pages"] - n_todo,
    }
    store.last_timings = times
    return store


def _build(source, out: Path, tmp: Path, client, progress, pool, errors, batch_pages):
    t0 = time.perf_counter()
    settings = settings_key()
    index = pages_of(source, settings)
    dup = duplicate_name(index)
    if dup is not None:
        raise StoreError(f"build_store: two pages are both named {dup!r}")
    _check_stems(index)
    (out / "parts").mkdir(exist_ok=True)
    old = _old_meta(out)
    keep = set((old or {}).get("files", {}))
    valid, done = _valid_parts(out, index, keep)
    todo = np.flatnonzero(~done)
    bounds = np.sort(np.array([x for span in valid.values() for x in span], dtype=np.int64))
    cuts = np.searchsorted(bounds, todo)
    spans = dict(valid)
    t1 = time.perf_counter()
    total = run_jobs(_jobs(source, index, todo, cuts, out, tmp, errors, max(1, int(batch_pages)), spans),
                     _run_batch, len(todo), client, pool, progress)
    t2 = time.perf_counter()
    batches = digest(*sorted(spans))  # the batches of this version
    if (old is not None and not len(todo) and old.get("batches") == batches and old.get("pages") == len(index)
            and old.get("settings") == settings
            and all(file_problem(out / rel, rec) is None for rel, rec in old["files"].items())):
        meta = old  # nothing changed: the version there stays, gathered files and all
    else:
        gen = out / "gen" / f"{int(time.time())}-{uuid.uuid4().hex[:8]}"
        meta = {"settings": settings, "source": index.kind, "batches": batches,
                **_finalize(out, index, spans, gen, tmp)}
        _check_doc_ids(out, meta)
        _switch(out, meta, tmp, old)
    t3 = time.perf_counter()
    store = Store(out, verify="none")  # every file was just recorded
    return store, total, len(todo), meta, {"scan_s": t1 - t0, "batches_s": t2 - t1, "finalize_s": t3 - t2}


def _check_stems(index: PageIndex) -> None:
    """StoreError naming two pages whose documents would get the same doc_ids (the same stem)."""
    import pyarrow.compute as pc

    stems = index.table.column("stem")
    if pc.count_distinct(stems).as_py() == len(stems):
        return
    counts = pc.value_counts(stems)
    stem = counts.field("values").filter(pc.greater(counts.field("counts"), 1))[0].as_py()
    names = index.table.filter(pc.equal(stems, stem)).column("name").to_pylist()[:2]
    raise StoreError(f"build_store: the pages {names[0]!r} and {names[1]!r} would both give doc_ids "
                     f"{stem}-NN (the same stem {stem!r}); rename one of the files")
