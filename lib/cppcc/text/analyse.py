"""Segmentation of texts: normalise, cut into sentences and words, and gather the token columns.

:func:`segment` cuts one text; :func:`_compute` the texts of a :func:`cppcc.tokens` call (in bulk, in
worker processes for large inputs), returning :mod:`cppcc.text.columns`.
"""

from __future__ import annotations

import itertools
import os
import re
from array import array
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd

from ..common import CLOSERS, SENTENCE, SENTENCE_END, sentence_spans
from ..normalize import normalize_lines, normalize_text
from .columns import _SEP, _TAG_CODE, TAGS, _concat_columns, _pack_columns, _unpack_columns
from .segmenter import _available_backend, _clean, _extra_words, _fix_tag, _Segmenter, _segmenter

__all__ = ["segment", "SENTENCE_END"]

_PROGRESS_MIN_DOCS = 200
_POOL_MIN_CHARS = 2_000_000


_FIXABLE = frozenset({"eng", "m", "x"})
_HAS_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def _tagged(text: str, seg: _Segmenter) -> tuple[tuple[str, ...], list[str]]:
    """The words of ``text`` and their tags, ASCII runs tagged m / eng (:func:`_fix_tag`)."""
    pairs = seg.tag(text) if text else []
    if not pairs:
        return (), []
    words, tags = zip(*pairs)
    if _HAS_ASCII_ALNUM.search(text):
        return words, [_fix_tag(w, t) if t in _FIXABLE else t for w, t in pairs]
    return words, list(tags)


def _analyse(text: str, seg: _Segmenter, with_tags: bool = True) -> tuple[list[str], list[str] | None, array]:
    """Normalise and segment one text: tokens, tags and 1-based sentence numbers.

    The text is cut into sentences first by the one sentence rule,
    :func:`cppcc.common.sentence_spans` (a sentence ends after a mark of :data:`SENTENCE_END`,
    with any closing quotes or brackets right after it, or at a line break), and each sentence is
    segmented on its own, whitespace-separated chunk by chunk. This is the reference path of
    :func:`segment` and of the tests; :func:`tokens` takes the bulk path, :func:`_analyse_many`,
    which gives the same tokens, tags and sentences (tests/test_text.py checks it).

    ``with_tags=False`` returns ``None`` for the tags: with HMM off they are looked up per distinct
    token afterwards (:meth:`_Segmenter.tag_of`).
    """
    norm = normalize_text(_clean(text))
    words: list[str] = []
    tags: list[str] = []
    sents = array("i")
    number = 0
    for a, b in sentence_spans(norm):
        start = len(words)
        for chunk in norm[a:b].split():
            if not with_tags:
                words.extend(seg.cut(chunk))
                continue
            w, t = _tagged(chunk, seg)
            words.extend(w)
            tags.extend(t)
        if len(words) > start:
            number += 1
            sents.extend(array("i", [number]) * (len(words) - start))
    return words, (tags if with_tags else None), sents


def _record(result: tuple[list[str], list[str], array]) -> tuple:
    """One text's analysis in the form :func:`_columns` reads: (tokens, tag codes, sentences, n)."""
    toks, tags, sents = result
    tag_blob: bytes | str | None = None
    if tags is not None:
        try:
            tag_blob = bytes(map(_TAG_CODE.__getitem__, tags))
        except KeyError:  # a tag outside TAGS: keep the strings
            tag_blob = _SEP.join(tags)
    return toks, tag_blob, sents, len(toks)


def _worker_columns(args) -> bytes:
    texts, backend, hmm, extra = args
    return _pack_columns(_analyse_many(texts, _segmenter(backend, hmm, extra), with_tags=hmm))


def segment(text: str | None, *, words=None, backend: str | None = None, hmm: bool = False) -> list[str]:
    """The words of one text, normalised to Simplified, punctuation as separate tokens.

    Parameters
    ----------
    text : str or None
        Traditional or Simplified Chinese (any mix with Latin text, digits, emoji...). ``None``
        or an empty string gives ``[]``.
    words : str or iterable of str, optional
        Extra words to keep whole (names, new brands: ``["李红梅", "请你来协商"]``), on top of the
        domain lexicon: every occurrence is a token (leftmost, longest first), tagged ``nz``.
    backend : {"rjieba", "jieba"}, optional
        Default: rjieba if installed, else jieba (same tokens).
    hmm : bool, default False
        jieba's HMM guessing of unknown words (off: it invents words; see data/README.md).

    Returns
    -------
    list of str
        Whitespace is dropped; every other character belongs to exactly one token.

    Examples
    --------
    >>> segment("臨滄市政協按照“不建機構建機制”的思路")
    ['临沧市', '政协', '按照', '“', '不建机构建机制', '”', '的', '思路']
    >>> segment(None)
    []
    >>> segment("副主席李红梅"), segment("副主席李红梅", words=["李红梅"])
    (['副主席', '李', '红梅'], ['副主席', '李红梅'])
    """
    seg = _segmenter(backend or _available_backend(), bool(hmm), _extra_words(words))
    return _analyse(text, seg)[0]




def _compute(
    texts: list[str],
    backend: str,
    hmm: bool,
    extra: tuple[str, ...],
    n_jobs: int | None,
    progress: bool | None,
) -> list[tuple]:
    total_chars = sum(map(len, texts))
    if n_jobs is None:
        n_jobs = (os.cpu_count() or 1) if total_chars > _POOL_MIN_CHARS else 1
    n_jobs = max(1, min(int(n_jobs), len(texts)))
    show = (len(texts) > _PROGRESS_MIN_DOCS) if progress is None else bool(progress)
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc="tokens", unit="doc")
    try:
        seg = _segmenter(backend, hmm, extra)  # before forking: the workers inherit the loaded lexicon
        if n_jobs == 1:
            return _analyse_many(texts, seg, with_tags=hmm, bar=bar)
        # batches of about 50,000 characters, so that workers stay busy and the bar moves
        batches, cur, size = [], [], 0
        for t in texts:
            cur.append(t)
            size += len(t)
            if size >= 50_000:
                batches.append(cur)
                cur, size = [], 0
        if cur:
            batches.append(cur)
        out = []
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context()) as pool:
            jobs = [(b, backend, hmm, extra) for b in batches]
            for batch, res in zip(batches, pool.map(_worker_columns, jobs)):
                out.append(_unpack_columns(res))
                if bar is not None:
                    bar.update(len(batch))
        return _concat_columns(out)
    finally:
        if bar is not None:
            bar.close()


def _mp_context():
    import multiprocessing as mp

    # fork shares the loaded lexicon and tokenizer with the workers (Linux); elsewhere spawn
    linux = os.name == "posix" and os.uname().sysname == "Linux"
    return mp.get_context("fork" if linux and "fork" in mp.get_all_start_methods() else "spawn")


def _columns(keys: list[str], records: dict[str, tuple], seg: _Segmenter) -> dict:
    """Concatenate the per-text records of ``keys`` (in order) into column arrays."""
    rows = [records[k] for k in keys]
    counts = np.fromiter((r[3] for r in rows), dtype=np.int64, count=len(rows))
    nonempty = [r for r in rows if r[3]]
    if not nonempty:
        return {"counts": counts}
    toks = np.array(list(itertools.chain.from_iterable(r[0] for r in nonempty)), dtype=object)
    tok_codes, tok_cats = pd.factorize(toks)
    if all(r[1] is None for r in nonempty):  # HMM off: one tag per distinct token
        code_of, pos_cats = pd.factorize(np.array([seg.tag_of(t) for t in tok_cats], dtype=object))
        pos_codes = code_of[tok_codes]
    elif all(isinstance(r[1], bytes) for r in nonempty):
        pos_codes = np.frombuffer(b"".join([r[1] for r in nonempty]), dtype=np.uint8)
        pos_cats = np.array(TAGS, dtype=object)
    else:  # pragma: no cover - a tag outside TAGS
        tags = [
            t
            for r in nonempty
            for t in (r[1].split(_SEP) if isinstance(r[1], str) else [TAGS[c] for c in r[1]])
        ]
        pos_codes, pos_cats = pd.factorize(np.array(tags, dtype=object))
    return {
        "counts": counts,
        "tok_codes": tok_codes.astype(np.int32),
        "tok_cats": np.asarray(tok_cats, dtype=object),
        "pos_codes": pos_codes.astype(np.uint8) if len(pos_cats) < 256 else pos_codes.astype(np.int32),
        "pos_cats": np.asarray(pos_cats, dtype=object),
        "sentence": np.frombuffer(b"".join([r[2] for r in nonempty]), dtype=np.int32),
    }


#: characters that can end a sentence span (:data:`SENTENCE_END` and the closers after it): an
#: extra word holding one could run across two sentences, which the bulk path does not allow
_SPAN_EDGE = SENTENCE_END | CLOSERS


#: characters of text segmented per backend call on the bulk path (:func:`_cut_coded`): large
#: enough that a call's overhead does not count, small enough that the words of one call (Python
#: strings) are freed before the next call reuses their memory
_CUT_CHARS = 64_000
#: segment in a second thread while normalising the next chunk (with rjieba; off: one thread)
_CUT_IN_THREAD = True


def _cut_coded(texts: list[str], seg: _Segmenter, bar=None) -> tuple[list[str], np.ndarray, list[str]]:
    """The normalised ``texts`` and the words of ``"\\n".join(normalised)`` as codes into their
    distinct words (in order of first occurrence), with HMM off.

    The texts are normalised and segmented a chunk of about :data:`_CUT_CHARS` characters at a
    time, joined by line breaks (each chunk ends with the line break that joins it to the next);
    each chunk's words are coded at once and dropped, so that no list of every word of the corpus
    is ever built. Segmenting texts joined by line breaks gives the words of each text plus a
    line-break word between them: jieba never joins characters across whitespace. With rjieba,
    which segments without holding Python's lock, a second thread segments one chunk while this
    one normalises the next (the two share the work of a cold call on two cores; the CPU time is
    the same).
    """
    n = len(texts)
    bounds, i = [], 0
    while i < n:
        j, size = i, 0
        while j < n and (size < _CUT_CHARS or j == i):
            size += len(texts[j]) + 1
            j += 1
        bounds.append((i, j))
        i = j
    index: dict[str, int] = {}
    get = index.__getitem__

    def coded(norms: list[str], last: bool) -> np.ndarray:
        text = "\n".join(norms) + ("" if last else "\n")
        words = seg.cut(text) if text else []
        new = [w for w in dict.fromkeys(words) if w not in index]
        if new:
            index.update(zip(new, range(len(index), len(index) + len(new))))
        if bar is not None:
            bar.update(len(norms))
        return np.fromiter(map(get, words), dtype=np.int32, count=len(words))

    norms: list[str] = []
    if _CUT_IN_THREAD and seg.backend == "rjieba" and len(bounds) > 1:
        with ThreadPoolExecutor(max_workers=1) as pool:  # one worker: the chunks in order
            futures = []
            for i, j in bounds:
                chunk = normalize_lines(texts[i:j])
                norms.extend(chunk)
                futures.append(pool.submit(coded, chunk, j == n))
            parts = [f.result() for f in futures]
    else:
        parts = []
        for i, j in bounds:
            chunk = normalize_lines(texts[i:j])
            norms.extend(chunk)
            parts.append(coded(chunk, j == n))
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    return norms, codes, list(index)


def _analyse_many(texts: list[str], seg: _Segmenter, with_tags: bool = False, bar=None) -> dict:
    """The token columns of ``texts`` (one entry per text, in order): what :func:`_columns` makes
    of their :func:`_analyse` records, computed in bulk.

    The texts are normalised together (:func:`cppcc.normalize.normalize_lines`) and segmented
    joined by line breaks, whitespace tokens included (:func:`_cut_coded`; with HMM on, each text in
    one call), so the tokens cover the joined text exactly and their character offsets are the
    running sum of their lengths. The offsets give each token its text and its sentence (the one
    sentence rule, :data:`cppcc.common.SENTENCE`, in one scan over the joined text); whitespace
    tokens are dropped and the sentences that keep a token are numbered 1, 2, ... within their
    text. This equals segmenting sentence by sentence, chunk by chunk (:func:`_analyse`): jieba
    never joins characters across whitespace or punctuation, and a sentence ends only after
    punctuation or at a line break. An extra word that holds a sentence-ending mark or closer
    could run across two sentences; with such words, and for tags outside :data:`TAGS`, the texts
    go through :func:`_analyse` one by one.
    """
    n = len(texts)
    if seg.extra and _SPAN_EDGE.intersection("".join(seg.extra)):
        return _analyse_each(texts, seg, with_tags)
    if with_tags:
        norms = normalize_lines([_clean(t) for t in texts])
    else:
        norms, codes, cat_list = _cut_coded([_clean(t) for t in texts], seg, bar)
    # the texts joined by line breaks, which end every sentence: one scan finds all sentence
    # starts (spans of whitespace only among them; no token but whitespace starts in those)
    joined = "\n".join(norms)
    tags: list[str] = []
    if with_tags:
        words: list[str] = []
        n_raw = np.zeros(n, dtype=np.int64)
        for i, norm in enumerate(norms):
            w, t = _tagged(norm, seg)
            words.extend(w)
            tags.extend(t)
            n_raw[i] = len(w)
            if bar is not None:
                bar.update(1)
        if not words:
            return {"counts": np.zeros(n, dtype=np.int64)}
        codes, cats = pd.factorize(np.array(words, dtype=object))
        del words
        cats = np.asarray(cats, dtype=object)
        raw_doc = np.repeat(np.arange(n), n_raw)
        covered = len(joined) - max(n - 1, 0)  # the texts without the line breaks joining them
    else:
        if not len(codes):
            return {"counts": np.zeros(n, dtype=np.int64)}
        cats = np.empty(len(cat_list), dtype=object)
        cats[:] = cat_list
        covered = len(joined)
    cat_len = np.fromiter(map(len, cats), dtype=np.int64, count=len(cats))
    lengths = cat_len[codes]
    ends = np.cumsum(lengths)
    if int(ends[-1]) != covered:  # pragma: no cover - a backend that drops or adds characters
        return _analyse_each(texts, seg, with_tags)
    space_of = np.fromiter((c.isspace() for c in cats), dtype=bool, count=len(cats))
    keep = ~space_of[codes]
    if with_tags:  # offsets in the joined text: one line break per text before the token's
        doc_of = raw_doc[keep]
        starts = (ends - lengths)[keep] + doc_of
    else:
        starts = (ends - lengths)[keep]
        text_starts = np.zeros(n, dtype=np.int64)  # each text's offset in the joined text
        np.cumsum(np.fromiter(map(len, norms), dtype=np.int64, count=n)[:-1] + 1, out=text_starts[1:])
        doc_of = np.searchsorted(text_starts, starts, side="right") - 1
    counts = np.bincount(doc_of, minlength=n).astype(np.int64)
    if not keep.any():
        return {"counts": counts}
    # the sentence each kept token starts in, then the sentences that keep a token numbered
    # 1, 2, ... within their text
    sent_starts = np.fromiter((m.start() for m in SENTENCE.finditer(joined)), dtype=np.int64)
    span = np.searchsorted(sent_starts, starts, side="right")
    new = np.empty(len(span), dtype=bool)
    new[0] = True
    np.not_equal(span[1:], span[:-1], out=new[1:])
    rank = np.cumsum(new)
    first = (np.cumsum(counts) - counts)[doc_of]  # index of the first token of each token's text
    sentence = (rank - rank[first] + 1).astype(np.int32)
    # the categories of the kept tokens, in order of first occurrence
    remap = np.cumsum(~space_of) - 1
    tok_codes = remap[codes[keep]].astype(np.int32)
    tok_cats = cats[~space_of]
    if with_tags:
        try:
            pos_codes = np.frombuffer(bytes(map(_TAG_CODE.__getitem__, tags)), dtype=np.uint8)[keep]
        except KeyError:  # pragma: no cover - a tag outside TAGS: the per-text path keeps strings
            return _analyse_each(texts, seg, with_tags)
        pos_cats = np.array(TAGS, dtype=object)
    else:
        code_of, pos_cats = pd.factorize(np.array([seg.tag_of(t) for t in tok_cats], dtype=object))
        pos_codes = code_of[tok_codes]
    return {
        "counts": counts,
        "tok_codes": tok_codes,
        "tok_cats": tok_cats,
        "pos_codes": pos_codes.astype(np.uint8) if len(pos_cats) < 256 else pos_codes.astype(np.int32),
        "pos_cats": np.asarray(pos_cats, dtype=object),
        "sentence": sentence,
    }


def _analyse_each(texts: list[str], seg: _Segmenter, with_tags: bool) -> dict:
    """:func:`_analyse_many` text by text (the reference path)."""
    records = {str(i): _record(_analyse(t, seg, with_tags=with_tags)) for i, t in enumerate(texts)}
    return _columns(list(records), records, seg)

