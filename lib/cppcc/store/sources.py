"""The pages a store is built from (a corpus folder, WARC files or a frame of documents) and their
content keys: a page is processed again only when its key changes.

The pages are held as a :class:`PageIndex`, an Arrow table of a few dozen bytes a page (no Python
object per page): a million-page folder is listed, keyed and batched in bounded memory, and
:class:`Page` objects are made only for the batch at hand.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .reader import STORE_VERSION, StoreError

__all__ = ["Page", "PageIndex", "pages_of", "settings_key", "digest"]

# the parts of the package that do not decide documents and tokens (a change of any other file
# invalidates a store's parts): modules and packages by name
_ANALYSIS_ONLY = {
    "compare", "mechanisms", "explore", "language", "structure", "report", "store", "memo", "cache",
    "__init__", "counting", "prose", "units", "pages", "forms", "source", "plots", "reuse", "widgets", "cli",
}
_CHUNK = 20_000  # pages keyed (and held as Python objects) at a time while a source is listed
_FIELDS = ("name", "where", "offset", "stem", "key", "size", "unit")


@dataclass(frozen=True)
class Page:
    """One page of the source: where it is, what it is called, and its content key."""

    name: str  # source_file of its documents: path relative to the root, or a WARC's URI
    kind: str  # "file", "warc" or "frame"
    where: str  # absolute path of the file or of the WARC
    offset: int  # WARC record offset, row of a frame (0 for files)
    stem: str  # file stem used in doc_id
    key: str  # content key
    size: int  # bytes (for batching)
    unit: str | None = None  # the manifest's unit of the page (sources.csv), as load_speeches reads it


class PageIndex:
    """The pages of a source in corpus order: an Arrow table with the :class:`Page` fields.

    ``sha256`` is the SHA-256 of the page's bytes when the source is a single page file
    (:func:`cppcc.report.seed.is_seed_corpus` on a store), else None.
    """

    def __init__(self, kind: str, table, sha256: str | None = None, root: Path | None = None):
        self.kind, self.table, self.sha256, self.root = kind, table, sha256, root

    def __len__(self) -> int:
        return self.table.num_rows

    def column(self, name: str) -> np.ndarray:
        """A numeric column as a numpy array (``size``, ``offset``)."""
        return self.table.column(name).to_numpy()

    def pages(self, rows: Sequence[int] | np.ndarray) -> list[Page]:
        """The :class:`Page` objects of the given rows (a batch)."""
        import pyarrow as pa

        d = self.table.take(pa.array(np.asarray(rows, dtype=np.int64))).to_pydict()
        kind = {"folder": "file", "warc": "warc", "frame": "frame"}[self.kind]
        if self.root is not None:  # a folder's files: their path below the root
            d["where"] = [str(self.root / w) for w in d["where"]]
        return [Page(n, kind, w, o, s, k, z, u) for n, w, o, s, k, z, u in zip(*(d[f] for f in _FIELDS))]

    def names(self, lo: int, hi: int) -> list[str]:
        """The names of the pages ``lo..hi`` (inclusive)."""
        return self.table.column("name").slice(lo, hi - lo + 1).to_pylist()


class _Rows:
    """Rows of the page index gathered a chunk at a time into Arrow record batches."""

    def __init__(self):
        self.batches, self.cur = [], {f: [] for f in _FIELDS}

    def add(self, name, where, offset, stem, key, size, unit) -> None:
        for f, v in zip(_FIELDS, (name, where, offset, stem, key, size, unit)):
            self.cur[f].append(v)
        if len(self.cur["name"]) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.cur["name"]:
            types = {"offset": pa.int64(), "size": pa.int64()}
            arrays = [pa.array(self.cur[f], type=types.get(f, pa.string())) for f in _FIELDS]
            self.batches.append(pa.RecordBatch.from_arrays(arrays, names=list(_FIELDS)))
            self.cur = {f: [] for f in _FIELDS}

    def table(self):
        import pyarrow as pa

        self.flush()
        if not self.batches:
            return pa.table({f: pa.array([], type=pa.int64() if f in ("offset", "size") else pa.string())
                             for f in _FIELDS})
        return pa.Table.from_batches(self.batches).combine_chunks()


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def settings_key() -> str:
    """A digest of everything that decides a store's documents and tokens."""
    from .._version import __version__
    from ..text.cache import _settings_digest
    from ..text.segmenter import _available_backend
    from ..text.stoplists import resolve_stop

    here = Path(__file__).resolve().parents[1]  # lib/cppcc
    stop = ",".join(sorted(resolve_stop(True)))  # the token rows' is_stop flags
    parts = [STORE_VERSION, __version__, _settings_digest(_available_backend(), False), stop]
    for path in sorted(here.rglob("*")):
        rel = path.relative_to(here).as_posix()
        if (
            path.is_file()
            and Path(rel.split("/")[0]).stem not in _ANALYSIS_ONLY
            and path.suffix in (".py", ".txt", ".csv", ".yaml", ".json", ".tsv")
        ):
            parts += [rel, hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()]
    return digest(*parts)


def _shown(root: Path, rel: str) -> str:
    """A file name that may hold bytes that are not UTF-8, printable (the bytes as \\xNN)."""
    return os.fsencode(str(root / rel)).decode("utf-8", "backslashreplace")


def _walk(root: Path) -> list:
    """The page files under ``root`` as relative names, sorted (Arrow arrays of a chunk each):
    the rule of :func:`cppcc.corpus.files.find_files` (``.txt``, ``.htm``, ``.html`` in any case,
    hidden folders skipped, sorted by relative path), without a Path object per file."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..corpus.files import SUFFIXES

    chunks, cur = [], []
    real_root = os.path.realpath(root)
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if p.is_symlink() and p.is_dir() and not any(x.startswith(".") for x in rel.parts):
            real = os.path.realpath(p)  # rglob does not enter a linked folder: one inside is walked anyway
            if os.path.commonpath([real, real_root]) != real_root:
                raise StoreError(f"{_shown(root, rel.as_posix())}: a link to the folder {real}, outside the "
                                 f"corpus {root}; copy its pages into the corpus to read them")
            continue
        if p.suffix.lower() in SUFFIXES and not any(x.startswith(".") for x in rel.parts) and p.is_file():
            name = rel.as_posix()
            real = os.path.realpath(p)
            if real != os.path.join(real_root, *rel.parts):  # a link, or a file inside a linked folder
                if os.path.commonpath([real, real_root]) != real_root:  # the loader's rule: refused
                    raise StoreError(f"{_shown(root, name)}: a link to {real}, outside the corpus {root}; "
                                     "copy the file into the corpus to read it")
                if os.path.isfile(real):  # a second name of a page of the corpus: read once, by its own
                    continue
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                raise StoreError(
                    f"{_shown(root, name)}: the file name is not valid UTF-8 (saved in another encoding, "
                    "e.g. GBK); rename the file (e.g. convmv -f gbk -t utf-8)"
                ) from None
            cur.append(name)
            if len(cur) >= _CHUNK:
                chunks.append(pa.array(cur, type=pa.string()))
                cur = []
    chunks.append(pa.array(cur, type=pa.string()))
    rels = pa.chunked_array(chunks, type=pa.string()).combine_chunks()
    return rels.take(pc.sort_indices(rels))


def _stems(rels) -> dict[int, str]:
    """The doc_id stems of the pages whose file stem is not theirs alone (row -> stem), as
    :func:`cppcc.corpus.files.page_stems` makes them for the whole corpus, computed on the few pages
    it concerns: those pages and the pages whose stem one of their names could take."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..corpus.files import page_stems

    stems = pa.array([PurePosixPath(r).stem for r in rels.to_pylist()], type=pa.string())
    counts = pc.value_counts(stems)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    if not len(repeated):
        return {}
    dup = pc.is_in(stems, value_set=repeated).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(dup)
    bases = {re.sub(r"[/.\\]", "_", rels[int(i)].as_py()) for i in rows}
    pool = {f"{b}~{k}" if k > 1 else b for b in bases for k in range(1, len(rows) + 2)}
    near = pc.is_in(stems, value_set=pa.array(sorted(pool), type=pa.string())).to_numpy(zero_copy_only=False)
    subset = np.flatnonzero(dup | near)
    got = page_stems([rels[int(i)].as_py() for i in subset])
    if any(g not in pool for g, i in zip(got, subset) if dup[i]):  # beyond the pool: the whole corpus
        got = page_stems(rels.to_pylist())
        return {i: got[i] for i in rows}
    return {int(i): g for i, g in zip(subset, got) if dup[i]}


def _folder_pages(root: Path | None, settings: str) -> PageIndex:
    import pyarrow as pa

    from ..corpus import CorpusError
    from ..corpus.files import corpus_dir, relative  # the loader's rule: which files, their names
    from ..corpus.load import read_manifest

    try:
        if root is None:
            root = corpus_dir()
        root = Path(root).expanduser()
        if not root.exists():
            raise CorpusError(f"{root}: no such file or directory")
        if root.is_file():
            root, rels = root.parent, pa.array([root.name], type=pa.string())
        else:
            rels = _walk(root)
            if not len(rels):
                raise CorpusError(f"{root}: directory contains no .txt, .htm or .html files")
        units = read_manifest(root)
    except CorpusError as exc:
        raise StoreError(str(exc)) from None
    stem_of = _stems(rels)
    rows, sha = _Rows(), None
    for lo in range(0, len(rels), _CHUNK):
        chunk = rels.slice(lo, _CHUNK).to_pylist()
        for j, rel_found in enumerate(chunk):
            p = root / rel_found
            rel = relative(p, root)
            stem = stem_of.get(lo + j) or PurePosixPath(rel_found).stem
            raw, unit = p.read_bytes(), units.get(rel)
            if len(rels) == 1:
                sha = hashlib.sha256(raw).hexdigest()  # only a one-page store records it
            key = digest(settings, "file", rel, stem, unit or "", raw)
            rows.add(rel, rel_found, 0, stem, key, len(raw), unit)
    return PageIndex("folder", rows.table(), sha, root.resolve())


def _warc_pages(paths: Sequence[str | os.PathLike], settings: str) -> PageIndex:
    from warcio.archiveiterator import ArchiveIterator

    rows = _Rows()
    for path in map(Path, paths):
        if not path.is_file():
            raise StoreError(f"{path}: no such WARC file")
        base = re.sub(r"\.warc(\.gz)?$", "", path.name, flags=re.I)
        base = re.sub(r"[^\w-]", "_", base)
        where = str(path.resolve())
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
                    key = digest(settings, "warc", uri, stem, body)
                    rows.add(uri, where, it.get_record_offset(), stem, key, len(body), None)
            except Exception as exc:  # warcio raises ArchiveLoadFailed and plain errors
                raise StoreError(f"{path}: not a readable WARC file ({exc})") from None
        if not n_records:
            raise StoreError(f"{path}: not a readable WARC file (no WARC records found)")
    table = rows.table()
    if not table.num_rows:
        raise StoreError(f"{', '.join(map(str, paths))}: no HTML response records in the WARC file(s)")
    return PageIndex("warc", table)


def _is_html_response(rec) -> bool:
    if rec.rec_type != "response" or rec.http_headers is None:
        return False
    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
    return "html" in ctype or ctype.startswith("text/plain")


def _frame_pages(frame: pd.DataFrame, settings: str) -> PageIndex:
    from ..common import require_columns

    require_columns(frame, ["doc_id", "text"], "build_store", "source")
    ids = frame["doc_id"].astype(str)
    if ids.duplicated().any():
        raise StoreError(
            f"build_store: doc_id values are not unique (e.g. {ids[ids.duplicated()].iloc[0]!r})"
        )
    cols = list(frame.columns)
    at, tx = cols.index("doc_id"), cols.index("text")
    rows = _Rows()
    for i, rec in enumerate(frame.itertuples(index=False, name=None)):
        key = digest(settings, "frame", *cols, *(repr(v) for v in rec))
        text = rec[tx] if isinstance(rec[tx], str) else ""
        rows.add(str(rec[at]), "", i, str(rec[at]), key, len(text) * 3, None)
    return PageIndex("frame", rows.table())


def duplicate_name(index: PageIndex) -> str | None:
    """A page name that two pages share, or None."""
    import pyarrow.compute as pc

    names = index.table.column("name")
    if pc.count_distinct(names).as_py() == len(names):
        return None
    counts = pc.value_counts(names)
    return counts.field("values").filter(pc.greater(counts.field("counts"), 1))[0].as_py()


def pages_of(source, settings: str) -> PageIndex:
    """The :class:`PageIndex` of a build's source (see :func:`cppcc.build_store`)."""
    if isinstance(source, pd.DataFrame):
        return _frame_pages(source, settings)
    if source is None:  # as load_speeches: the project's corpus/
        return _folder_pages(None, settings)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        if path.is_file() and re.search(r"\.warc(\.gz)?$", path.name, re.I):
            return _warc_pages([path], settings)
        return _folder_pages(path, settings)
    if isinstance(source, Iterable):
        paths = [Path(p) for p in source]
        if not paths:
            raise StoreError("build_store: the list of WARC files is empty")
        bad = [p for p in paths if not re.search(r"\.warc(\.gz)?$", p.name, re.I)]
        if bad:
            raise StoreError(f"{bad[0]}: a list source must hold .warc or .warc.gz files")
        return _warc_pages(paths, settings)
    raise TypeError(
        f"build_store: source must be a folder, WARC files or a DataFrame, got {type(source).__name__}"
    )


def iter_rows(rows: np.ndarray, sizes: np.ndarray, cuts: np.ndarray, max_pages: int,
              max_bytes: int) -> Iterator[np.ndarray]:
    """Batches of ``rows`` (in order): a batch closes at ``max_pages`` pages, ``max_bytes`` bytes, or
    where ``cuts`` (a segment number per row) changes."""
    start, size = 0, 0
    for i in range(len(rows)):
        if i > start and (cuts[i] != cuts[i - 1]):
            yield rows[start:i]
            start, size = i, 0
        size += int(sizes[i])
        if i + 1 - start >= max_pages or size >= max_bytes:
            yield rows[start:i + 1]
            start, size = i + 1, 0
    if start < len(rows):
        yield rows[start:]
