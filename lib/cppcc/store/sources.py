"""The pages a store is built from (a corpus folder, WARC files or a frame of documents) and their
content keys: a page is processed again only when its key changes."""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .reader import STORE_VERSION, StoreError

__all__ = ["Page", "pages_of", "settings_key", "digest"]

# the parts of the package that do not decide documents and tokens (a change of any other file
# invalidates a store's parts): modules and packages by name
_ANALYSIS_ONLY = {
    "compare", "mechanisms", "explore", "language", "structure", "report", "store", "memo", "cache",
    "__init__", "counting", "prose", "units", "pages", "forms", "source", "plots", "reuse", "widgets", "cli",
}


@dataclass(frozen=True)
class Page:
    """One page of the source: where it is, what it is called, and its content key."""

    name: str  # source_file of its documents: path relative to the root, or a WARC's URI
    kind: str  # "file", "warc" or "frame"
    where: str  # absolute path of the file or of the WARC
    offset: int  # WARC record offset (0 for files)
    stem: str  # file stem used in doc_id
    key: str  # content key
    size: int  # bytes (for batching)
    unit: str | None = None  # the manifest's unit of the page (sources.csv), as load_speeches reads it
    sha256: str | None = None  # SHA-256 of the page's bytes (cppcc.report.seed.is_seed_corpus on a store)


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


def _folder_pages(root: Path | None, settings: str) -> list[Page]:
    from ..corpus import CorpusError
    from ..corpus.files import find_files, relative  # the loader's rule: which files, their names
    from ..corpus.load import read_manifest

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
        key = digest(settings, "file", rel, stem, unit or "", raw)
        sha = hashlib.sha256(raw).hexdigest() if len(files) == 1 else None  # only a one-page store records it
        pages.append(Page(rel, "file", str(p.resolve()), 0, stem, key, len(raw), unit, sha))
    return pages


def _warc_pages(paths: Sequence[str | os.PathLike], settings: str) -> list[Page]:
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
                        Page(
                            uri,
                            "warc",
                            str(path.resolve()),
                            it.get_record_offset(),
                            stem,
                            digest(settings, "warc", uri, stem, body),
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


def _frame_pages(frame: pd.DataFrame, settings: str) -> list[Page]:
    from ..common import require_columns

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
        key = digest(settings, "frame", *cols, *(repr(v) for v in rec))
        text = rec[tx] if isinstance(rec[tx], str) else ""
        pages.append(Page(str(rec[at]), "frame", "", i, str(rec[at]), key, len(text) * 3))
    return pages


def pages_of(source, settings: str) -> tuple[str, list[Page]]:
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
