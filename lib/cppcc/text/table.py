"""The ``tokens`` API: a frame of documents -> the tidy token table (one row per token)."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .. import memo as _memo
from ..cache import BlobCache, cache_root
from ..common import require_columns
from .analyse import _compute
from .cache import _cache_read, _cache_write, _settings_digest, _text_key
from .columns import _take_columns, _concat_columns
from .segmenter import BACKENDS, _available_backend, _clean, _extra_words
from .stoplists import resolve_stop
from .words import corpus_words

__all__ = ["tokens", "TOKEN_COLUMNS"]

#: columns of :func:`tokens`, in order (the passed-through columns of ``docs`` follow them)
TOKEN_COLUMNS = ("doc_id", "sentence", "position", "token", "pos", "is_stop", "is_punct")
_PUNCT = re.compile(r"[\W_]+")  # tokens made only of punctuation, symbols (incl. emoji)


def _empty_frame(meta: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=meta["doc_id"].dtype if "doc_id" in meta else object),
            "sentence": pd.Series([], dtype=np.int32),
            "position": pd.Series([], dtype=np.int32),
            "token": pd.Series([], dtype="category"),
            "pos": pd.Series([], dtype="category"),
            "is_stop": pd.Series([], dtype=bool),
            "is_punct": pd.Series([], dtype=bool),
        }
    )
    for col in meta.columns:
        if col != "doc_id":
            out[col] = pd.Series([], dtype=meta[col].dtype)
    return out


def tokens(
    docs: pd.DataFrame,
    *,
    cache: bool | str | os.PathLike = False,
    n_jobs: int | None = None,
    progress: bool | None = None,
    stop=True,
    words=None,
    backend: str | None = None,
    hmm: bool = False,
    keep_names: bool = True,
) -> pd.DataFrame:
    """One row per token of every document: the tidy token table.

    Parameters
    ----------
    docs : DataFrame
        Any frame with ``doc_id`` and ``text`` columns: speeches, sections, measures, paragraphs
        or a user's own documents. ``text`` may be Traditional or Simplified; None/NaN and empty
        strings give no tokens.
    cache : bool or path, default False
        Reuse and store results on disk, keyed by a hash of each text and of the settings
        (lexicon, stop lists, library, backend). ``True``: ``<project>/.cache/tokens/``
        (``$CPPCC_CACHE_DIR/tokens`` if set); a path: that folder; ``False``: no disk access.
        Without a cache, a repeat call in the same session is answered from memory (:mod:`cppcc.memo`).
    n_jobs : int, optional
        Worker processes for the uncached texts. Default: one per CPU core when the uncached
        texts hold more than 2,000,000 characters, else 1 (below that, starting the pool costs
        about what it saves on two cores, and more on a busy machine).
    progress : bool, optional
        tqdm progress bar. Default: on for more than 200 uncached documents.
    stop : bool, str or iterable of str, default True
        Which words ``is_stop`` flags: the stop-word spec of :func:`resolve_stop` (``True``: the
        general list; a list name, names and/or words; ``False``: none). It does not change the
        tokens (and is not part of the cache key).
    words : str or iterable of str, optional
        Extra words to keep whole (names, new brands), on top of the domain lexicon; see
        :func:`segment`. Part of the cache key.
    backend : {"rjieba", "jieba"}, optional
        Default: rjieba if installed, else jieba (same tokens; see the module docstring).
    hmm : bool, default False
        jieba's HMM for unknown words (off by default; see data/README.md for the measurement).
    keep_names : bool, default True
        Also keep whole the words of :func:`corpus_words`: the names in the frame's metadata
        columns (``speaker``, ``officials``) and its quoted place brands (“<place>议事厅”) that the
        lexicon would split. These are words of the frame, so with it a document's tokens can
        depend on the other rows passed (``False``: they never do).

    Returns
    -------
    DataFrame
        ``doc_id``; ``sentence`` (1-based index of the sentence within the document row: sentences
        end at 。！？；!?;… or a line break, closing quotes stay with their sentence);
        ``position`` (1-based index of the token within the document row, running across
        sentences); ``token`` (Simplified; category); ``pos`` (jieba/ICTCLAS tag: n, v, ns,
        nz, m, x for punctuation, eng for Latin...; category); ``is_stop``; ``is_punct``
        (the token is only punctuation or symbols, emoji included). Then every other column of
        ``docs`` except ``text`` and ``text_original`` (object columns as categoricals; a
        column whose name clashes with a token column, e.g. the speeches' ``position``, is
        renamed ``doc_<name>``). Rows keep the order of ``docs`` and of the text; whitespace is
        not a token.

    Raises
    ------
    TypeError
        ``docs`` is not a DataFrame.
    ValueError
        ``docs`` has no ``doc_id`` or no ``text`` column; unknown ``stop`` kind or ``backend``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "section": [1], "text": ["蚌山區政協建立委員之家。"]})
    >>> t = tokens(docs)
    >>> cols = ["sentence", "position", "token", "is_punct", "section"]
    >>> t[cols].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1, 1, '蚌山区', False, 1], [1, 2, '政协', False, 1], [1, 3, '建立', False, 1],
     [1, 4, '委员之家', False, 1], [1, 5, '。', True, 1]]
    """
    require_columns(docs, ["doc_id", "text"], "tokens", "docs")
    stopset = resolve_stop(stop)
    backend = backend or _available_backend()
    if backend not in BACKENDS:
        raise ValueError(f"tokens(): unknown backend {backend!r}; choose one of {BACKENDS}")
    hmm = bool(hmm)
    extra = _extra_words([*_extra_words(words), *(corpus_words(docs, backend) if keep_names else ())])

    meta = docs.drop(columns=[c for c in ("text", "text_original") if c in docs.columns]).reset_index(
        drop=True
    )
    meta = meta.rename(columns={c: f"doc_{c}" for c in meta.columns if c in TOKEN_COLUMNS and c != "doc_id"})
    for col in meta.columns:
        if meta[col].dtype == object:
            try:
                meta[col] = meta[col].astype("category")
            except TypeError:  # unhashable values (lists, dicts): passed through as they are
                pass
    if len(docs) == 0:
        return _empty_frame(meta)

    texts = [_clean(t) for t in docs["text"].tolist()]
    keys = [_text_key(t) for t in texts]
    # a repeat call in this session without cache= is answered from memory (cppcc.memo, store helper)
    memo_key = None if cache else _memo.call_key(_settings_digest(backend, hmm, extra), keys)
    if memo_key and (memoed := _memo.get_columns(_memo.TOKENS, memo_key)) is not None:
        return _frame(meta, memoed, stopset)

    store = call_key = None
    if cache is not False and cache is not None:
        folder = (cache_root() / "tokens") if cache is True else Path(cache)
        store = BlobCache(folder, f"tokens-{_settings_digest(backend, hmm, extra)}")
        call_key = "call:" + hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()

    unique = dict(zip(keys, texts))  # key -> text, first occurrence order
    parts: list[tuple[dict, list[str]]] = []  # columns of some texts, and their keys in order
    if store is not None:
        try:
            parts = _cache_read(store, call_key, list(unique))
        except (sqlite3.Error, OSError, ValueError, EOFError, TypeError, KeyError, IndexError) as exc:
            warnings.warn(
                f"token cache {store.path} is unusable ({exc}); tokenising without it", stacklevel=2
            )
            store, parts = None, []
    found = {k for _, part_keys in parts for k in part_keys}
    todo = [k for k in unique if k not in found]
    if todo:
        parts.append((_compute([unique[k] for k in todo], backend, hmm, extra, n_jobs, progress), todo))
    if len(parts) == 1 and parts[0][1] == keys:  # every text once, in order: the columns as they are
        cols = parts[0][0]
    else:
        where = {k: i for i, k in enumerate(k for _, part_keys in parts for k in part_keys)}
        cols = _take_columns(_concat_columns([c for c, _ in parts]), np.array([where[k] for k in keys]))
    if store is not None and todo:
        try:
            _cache_write(store, call_key, parts[-1][0], todo, whole=len(parts) == 1 and todo == keys)
        except (sqlite3.Error, OSError) as exc:
            warnings.warn(
                f"could not write the token cache {store.path} ({exc}); results are not cached", stacklevel=2
            )
    if memo_key:
        _memo.put_columns(_memo.TOKENS, memo_key, cols)
    return _frame(meta, cols, stopset)



def _frame(meta: pd.DataFrame, cols: dict, stop: frozenset[str]) -> pd.DataFrame:
    counts = cols["counts"]
    n = int(counts.sum())
    if n == 0:
        return _empty_frame(meta)
    tok_cats = cols["tok_cats"]
    # flags per distinct token, then spread by the codes
    stop_of = np.fromiter((t in stop for t in tok_cats), dtype=bool, count=len(tok_cats))
    punct_of = np.fromiter(
        (_PUNCT.fullmatch(t) is not None for t in tok_cats), dtype=bool, count=len(tok_cats)
    )
    tok_codes = cols["tok_codes"]
    token = pd.Categorical.from_codes(tok_codes, categories=pd.Index(tok_cats, dtype=object), validate=False)
    # the tags that occur, in their order (remove_unused_categories would sort every code)
    pos_cats = cols["pos_cats"]
    used = np.bincount(cols["pos_codes"], minlength=len(pos_cats)) > 0
    pos = pd.Categorical.from_codes(
        (np.cumsum(used) - 1)[cols["pos_codes"]].astype(np.int16),
        categories=pd.Index(pos_cats[used], dtype=object),
        validate=False,
    )
    row = np.repeat(np.arange(len(counts)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    position = (np.arange(n, dtype=np.int64) - starts + 1).astype(np.int32)
    taken = meta.take(row).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "doc_id": taken["doc_id"],
            "sentence": np.array(cols["sentence"]),
            "position": position,
            "token": token,
            "pos": pos,
            "is_stop": stop_of[tok_codes],
            "is_punct": punct_of[tok_codes],
        }
    )
    for col in taken.columns:
        if col != "doc_id":
            out[col] = taken[col]
    return out
