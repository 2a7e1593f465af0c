"""Text reuse: passages that documents share with each other or with reference texts.

:func:`text_reuse` finds aligned pairs of passages in three steps, each linear or close to linear
in the size of the corpus:

1. **Fingerprints.** Every text is normalised (:func:`cppcc.normalize_text`: Simplified script,
   full-width punctuation), so that a Traditional copy of a Simplified page aligns character for
   character. Its character n-grams (``ngram`` characters, none crossing a line break) are hashed
   with numpy and *winnowed* (Schleimer, Wilkerson & Aiken 2003, the method of MOSS): in every window
   of ``window`` consecutive n-grams the smallest hash is kept. Any exact run of
   ``window + ngram - 1`` characters shared by two texts is then guaranteed to share a fingerprint.
2. **Candidates** from an inverted index of the fingerprints (sorted numpy arrays): two documents
   become a candidate pair only where they share a fingerprint that occurs in at most ``max_df``
   documents. Shared fingerprints of one pair are chained along the alignment diagonal, tolerating
   gaps and shifts of up to ``max_gap`` characters (a swapped place name, an inserted clause, a dropped
   sentence). No pair of documents is compared unless it shares a fingerprint, so the work grows with
   the amount of shared text, not with the square of the number of documents.
3. **Alignment.** Each chain's two regions are aligned with rapidfuzz's longest-common-subsequence
   opcodes (:func:`rapidfuzz.distance.Indel.opcodes`, a maintained bit-parallel aligner); the passage
   runs from the first to the last matching block of at least ``min_block`` characters, split where
   more than ``max_gap`` characters in a row fail to match.

A passage is flagged ``stock`` — shared officialese rather than borrowing — when its fingerprints
occur (median over the passage) in at least ``stock_min_docs`` documents and in more than
``stock_share`` of all documents. Fingerprints in more than ``max_df`` documents are too common to
pair documents on (they would make pairs grow with the square of their frequency); a passage made only
of them is not reported pairwise, but it still counts towards the ``stock`` flag of passages that
contain it.

Offsets are into the normalised text. The loader's ``text`` column is already normalised; its
``text_original`` (the script as received) has the same length whenever the conversion was one
character for one character (true of OpenCC's ``t2s`` and of the punctuation rule; check
``len(text) == len(text_original)``), and then the offsets slice the original too. Where the lengths
differ, map offsets with ``rapidfuzz.distance.Indel.opcodes(text, text_original)``.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel
from tqdm.auto import tqdm

from .common import is_missing, require_columns, stamp
from .counting import documents_of
from .normalize import normalize_text

__all__ = ["text_reuse", "reuse_summary", "REUSE_COLUMNS"]

#: the columns of :func:`text_reuse`, in order
REUSE_COLUMNS = ["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "text_a", "text_b",
                 "chars", "identity", "passage_docs", "stock"]

_MAX = np.uint64(2**64 - 1)
_BATCH_CHARS = 2_000_000


# --------------------------------------------------------------------------- input
def _frame(docs, name: str, func: str) -> pd.DataFrame:
    """``docs`` as a frame with ``doc_id`` and ``text`` (a store gives its documents: cppcc.counting)."""
    return documents_of(docs, func, ["doc_id", "text"], name)


def _texts(frame: pd.DataFrame) -> list[str]:
    return [normalize_text(None if is_missing(t) else str(t)) for t in frame["text"]]


# --------------------------------------------------------------------------- 1. fingerprints
def _hashes(codes: np.ndarray, ngram: int) -> np.ndarray:
    """Mixed 64-bit hashes of every n-gram of ``codes``; n-grams over a separator get the maximum."""
    n = len(codes) - ngram + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(ngram):
            h = h * np.uint64(1_000_003) + codes[k:k + n]
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(29)
    bad = np.concatenate([[0], np.cumsum((codes == 0) | (codes == 10))])
    h[(bad[ngram:ngram + n] - bad[:n]) > 0] = _MAX
    return h


def _winnow(texts: Sequence[str], first: int, ngram: int, window: int) -> tuple[np.ndarray, ...]:
    """Winnowed fingerprints (hash, document number, offset) of one batch of texts."""
    joined = "\x00".join(texts) + "\x00" * ngram
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = np.concatenate([_hashes(codes, ngram), np.full(window, _MAX, dtype=np.uint64)])
    view = np.lib.stride_tricks.sliding_window_view(h, window)
    chosen = np.zeros(len(h), dtype=bool)
    chosen[view.argmin(axis=1) + np.arange(len(view))] = True
    keep = np.flatnonzero(chosen & (h != _MAX))
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    doc = np.searchsorted(starts, keep, side="right") - 1
    return h[keep], (doc + first).astype(np.int32), (keep - starts[doc]).astype(np.int32)


def _fingerprints(texts: Sequence[str], ngram: int, window: int, progress: bool) -> tuple[np.ndarray, ...]:
    """Fingerprints of all texts, in batches of about two million characters."""
    parts, batch, size, first = [], [], 0, 0
    bar = tqdm(total=len(texts), desc="fingerprints", unit="doc", disable=not progress)
    for i, t in enumerate(texts):
        batch.append(t)
        size += len(t) + 1
        if size >= _BATCH_CHARS or i == len(texts) - 1:
            parts.append(_winnow(batch, first, ngram, window))
            bar.update(len(batch))
            first, batch, size = i + 1, [], 0
    bar.close()
    if not parts:
        return np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32)
    return tuple(np.concatenate(p) for p in zip(*parts))  # type: ignore[return-value]


# --------------------------------------------------------------------------- 2. candidates
def _doc_freq(h: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, ...]:
    """Postings sorted by (hash, doc): the order, and per sorted posting its group's end, document
    frequency and number of postings."""
    order = np.lexsort((doc, h))
    hs, ds = h[order], doc[order]
    new_hash = np.concatenate([[True], hs[1:] != hs[:-1]])
    new_doc = new_hash | np.concatenate([[True], ds[1:] != ds[:-1]])
    group = np.cumsum(new_hash) - 1
    df = np.bincount(group, weights=new_doc).astype(np.int64)[group]
    end = np.append(np.flatnonzero(new_hash)[1:], len(h))[group]
    size = end - np.flatnonzero(new_hash)[group]
    return order, end, df, size


def _seeds(h, doc, pos, is_ref: np.ndarray | None, max_df: int,
           min_seeds: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of postings that share a fingerprint (seeds) and the document frequency of every posting."""
    if len(h) == 0:
        return np.zeros((0, 4), np.int64), np.zeros(0, np.int64)
    order, end, df_sorted, size = _doc_freq(h, doc)
    df = np.empty_like(df_sorted)
    df[order] = df_sorted
    usable = np.flatnonzero((df_sorted >= 2) & (df_sorted <= max_df) & (size <= 4 * max_df))
    out, k = [], 1
    while len(usable):
        usable = usable[usable + k < end[usable]]
        i, j = order[usable], order[usable + k]
        ok = doc[i] != doc[j]
        if is_ref is not None:
            ok &= is_ref[doc[i]] != is_ref[doc[j]]
        i, j = i[ok], j[ok]
        swap = (doc[i] > doc[j]) if is_ref is None else is_ref[doc[i]]
        a, b = np.where(swap, j, i), np.where(swap, i, j)
        out.append(np.stack([doc[a], doc[b], pos[a], pos[b]], axis=1).astype(np.int64))
        k += 1
    seeds = np.concatenate(out) if out else np.zeros((0, 4), np.int64)
    if len(seeds) == 0:
        return seeds, df
    seeds = seeds[np.lexsort((seeds[:, 2], seeds[:, 1], seeds[:, 0]))]
    new_pair = np.concatenate([[True], (seeds[1:, 0] != seeds[:-1, 0]) | (seeds[1:, 1] != seeds[:-1, 1])])
    pair = np.cumsum(new_pair) - 1
    return seeds[np.bincount(pair)[pair] >= min_seeds], df  # a pair needs min_seeds shared fingerprints


def _chain_pair(pa: list[int], pb: list[int], max_gap: int, ngram: int, min_seeds: int) -> list[tuple]:
    """Chain the seeds of one document pair (sorted by offset in a) along near diagonals."""
    open_: list[list[int]] = []  # [last_a, diagonal, a0, a1, b0, b1, seeds]
    done: list[list[int]] = []
    for x, y in zip(pa, pb):
        d = y - x
        still = []
        for c in open_:
            (still if x - c[0] <= max_gap else done).append(c)
        open_ = still
        best = min((c for c in open_ if abs(d - c[1]) <= max_gap), key=lambda c: abs(d - c[1]), default=None)
        if best is None:
            open_.append([x, d, x, x + ngram, y, y + ngram, 1])
        else:
            best[0], best[1], best[6] = x, d, best[6] + 1
            best[3], best[4], best[5] = max(best[3], x + ngram), min(best[4], y), max(best[5], y + ngram)
    return [tuple(c[2:6]) for c in done + open_ if c[6] >= min_seeds]


def _chains(seeds: np.ndarray, max_gap: int, ngram: int, min_seeds: int, progress: bool) -> list[tuple]:
    """(doc_a, doc_b, a0, a1, b0, b1) of every chain of seeds."""
    if len(seeds) == 0:
        return []
    cut = np.flatnonzero((seeds[1:, 0] != seeds[:-1, 0]) | (seeds[1:, 1] != seeds[:-1, 1])) + 1
    bounds = np.concatenate([[0], cut, [len(seeds)]])
    out = []
    for s, e in tqdm(zip(bounds[:-1], bounds[1:]), total=len(bounds) - 1, desc="chains", unit="pair",
                     disable=not progress):
        if e - s < min_seeds:
            continue
        a, b = int(seeds[s, 0]), int(seeds[s, 1])
        for c in _chain_pair(seeds[s:e, 2].tolist(), seeds[s:e, 3].tolist(), max_gap, ngram, min_seeds):
            out.append((a, b, *c))
    return out


# --------------------------------------------------------------------------- 3. alignment
def _segments(blocks: list[tuple[int, int, int, int]], ta: str, tb: str, max_gap: int, min_block: int,
              penalty: float) -> list[tuple[int, int, int, int, int]]:
    """Best-scoring runs of matching blocks: +1 per matching character, ``-penalty`` per character of the
    longer side of each gap. A run starts and ends on a block of ``min_block`` characters; it breaks at
    a gap longer than ``max_gap``, where its score falls to zero, and where a line break lies between
    its last long block and the next block (blocks are split at line breaks: a passage stays within one
    line, i.e. one paragraph, of each text)."""
    out, cur = [], None  # cur: start_a, start_b, last end a, b, score, matches, best, last long end a, b
    for s_a, e_a, s_b, e_b in blocks:
        n, long_ = e_a - s_a, e_a - s_a >= min_block
        if cur is not None:
            gap = max(s_a - cur[2], s_b - cur[3])
            cur[4] -= penalty * gap
            if gap > max_gap or cur[4] <= 0 or "\n" in ta[cur[7]:s_a] or "\n" in tb[cur[8]:s_b]:
                out.append(_trim(ta, tb, cur[0], cur[6][0], cur[1], cur[6][1], cur[6][2]))
                cur = None
        if cur is None:
            if not long_:
                continue
            cur = [s_a, s_b, e_a, e_b, 0.0, 0, None, e_a, e_b]
        cur[2], cur[3], cur[4], cur[5] = e_a, e_b, cur[4] + n, cur[5] + n
        if long_:
            cur[7], cur[8] = e_a, e_b
            if cur[6] is None or cur[4] > cur[6][3]:
                cur[6] = (e_a, e_b, cur[5], cur[4])
    if cur is not None:
        out.append(_trim(ta, tb, cur[0], cur[6][0], cur[1], cur[6][1], cur[6][2]))
    return out


def _trim(ta: str, tb: str, s_a: int, e_a: int, s_b: int, e_b: int,
          chars: int) -> tuple[int, int, int, int, int]:
    """Extend a passage over identical characters at both ends (the aligner may pair a repeated mark
    elsewhere), then drop whitespace at both ends (its ends are matching blocks: the same on both sides)."""
    while s_a > 0 and s_b > 0 and ta[s_a - 1] == tb[s_b - 1] != "\n":
        s_a, s_b, chars = s_a - 1, s_b - 1, chars + 1
    while e_a < len(ta) and e_b < len(tb) and ta[e_a] == tb[e_b] != "\n":
        e_a, e_b, chars = e_a + 1, e_b + 1, chars + 1
    lead = len(ta[s_a:e_a]) - len(ta[s_a:e_a].lstrip())
    s_a, s_b, chars = s_a + lead, s_b + lead, chars - lead
    tail = len(ta[s_a:e_a]) - len(ta[s_a:e_a].rstrip())
    return s_a, e_a - tail, s_b, e_b - tail, chars - tail


def _align(ta: str, tb: str, a0: int, a1: int, b0: int, b1: int, pad: int, max_gap: int,
           min_block: int, penalty: float) -> list[tuple[int, int, int, int, int]]:
    """Local passages (start_a, end_a, start_b, end_b, matched characters) of one chain's regions."""
    oa, ob = max(0, a0 - pad), max(0, b0 - pad)
    blocks = []
    for o in Indel.opcodes(ta[oa:a1 + pad], tb[ob:b1 + pad]):
        if o.tag != "equal":
            continue
        s_a, s_b = o.src_start + oa, o.dest_start + ob
        for piece in ta[s_a:o.src_end + oa].split("\n"):  # the line break itself stays in the gap
            if piece:
                blocks.append((s_a, s_a + len(piece), s_b, s_b + len(piece)))
            s_a, s_b = s_a + len(piece) + 1, s_b + len(piece) + 1
    return _segments(blocks, ta, tb, max_gap, min_block, penalty)


def _passages(chains, texts, ngram, window, max_gap, min_block, penalty, min_chars, progress) -> list[tuple]:
    """Aligned passages of every chain, overlapping duplicates of one pair removed (longest kept)."""
    found = []
    for a, b, a0, a1, b0, b1 in tqdm(chains, desc="alignment", unit="chain", disable=not progress):
        for p in _align(texts[a], texts[b], a0, a1, b0, b1, max(max_gap, window + ngram), max_gap, min_block,
                          penalty):
            if p[4] >= min_chars:
                found.append((a, b, *p))
    found.sort(key=lambda r: (r[0], r[1], -r[6], r[2]))
    kept: list[tuple] = []
    for r in found:
        if not any(k[:2] == r[:2] and k[2] < r[3] and r[2] < k[3] and k[4] < r[5] and r[4] < k[5]
                   for k in kept[-50:]):
            kept.append(r)
    return kept


def _passage_docs(rows, doc, pos, df) -> list[int]:
    """Median document frequency of the shared fingerprints inside each passage of document a."""
    key = doc.astype(np.int64) << 32 | pos.astype(np.int64)
    order = np.argsort(key, kind="stable")
    key, df = key[order], df[order]
    out = []
    for r in rows:
        lo, hi = np.searchsorted(key, [r[0] << 32 | r[1], r[0] << 32 | r[2]])
        shared = df[lo:hi][df[lo:hi] >= 2]  # fingerprints of a changed place name are in one text only
        out.append(int(np.median(shared)) if len(shared) else 2)
    return out


# --------------------------------------------------------------------------- public API
def _empty() -> pd.DataFrame:
    types = {"start_a": "int64", "end_a": "int64", "start_b": "int64", "end_b": "int64", "chars": "int64",
             "identity": "float64", "passage_docs": "int64", "stock": "bool"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, "object")) for c in REUSE_COLUMNS})


def text_reuse(docs, *, reference=None, min_chars: int = 20, ngram: int = 8, window: int = 12,
               max_gap: int = 80, min_block: int = 4, gap_penalty: float = 0.7, min_identity: float = 0.5,
               max_df: int = 100,
               stock_share: float = 0.25, stock_min_docs: int = 3,
               progress: bool | None = None) -> pd.DataFrame:
    """Aligned pairs of passages that documents share (or that echo reference texts).

    See the module docstring for the method (winnowed character n-grams, an inverted index,
    chaining, rapidfuzz alignment) and for mapping offsets back to ``text_original``.

    Parameters
    ----------
    docs : DataFrame or store
        Documents with ``doc_id`` (unique) and ``text`` (speeches, paragraphs, a user's pages), or a
        :class:`cppcc.Store` (its documents). Texts are normalised with :func:`cppcc.normalize_text`
        (idempotent on the loader's ``text``).
    reference : DataFrame or store, optional
        Reference texts (``doc_id``, ``text``; e.g. central documents). When given, only pairs of a
        document of ``docs`` (``doc_a``) and a reference text (``doc_b``) are returned; doc_ids must
        differ from those of ``docs``.
    min_chars : int, default 20
        Minimum number of matching characters of a passage.
    ngram, window : int, default 8 and 12
        n-gram length and winnowing window: every exact shared run of ``window + ngram - 1``
        characters (19 by default) is seen; a pair of documents needs two shared fingerprints.
    max_gap : int, default 80
        Largest run of unmatched characters (an inserted or dropped clause) inside one passage.
    min_block : int, default 4
        A passage starts and ends with a matching run of at least this many characters.
    gap_penalty : float, default 0.7
        A passage is the best-scoring run of matching characters (+1 each) and gaps (``-gap_penalty``
        per character of the longer side of a gap): it ends where what follows matches less than it
        differs.
    min_identity : float, default 0.5
        Passages with a lower ``identity`` are dropped.
    max_df : int, default 100
        Fingerprints in more documents than this do not pair documents (see the module docstring).
    stock_share, stock_min_docs : float and int, default 0.25 and 3
        A passage is ``stock`` when its fingerprints occur (median) in at least ``stock_min_docs``
        texts and in more than ``stock_share`` of all texts (``docs`` and ``reference`` together).
    progress : bool, optional
        tqdm progress bars; default: on for more than 2,000 texts.

    Returns
    -------
    DataFrame
        One row per aligned pair of passages, sorted by ``doc_a``, ``doc_b``, ``start_a``:
        ``doc_a``, ``doc_b``; ``start_a``, ``end_a``, ``start_b``, ``end_b`` (offsets into the normalised
        texts: ``normalize_text(text)[start_a:end_a] == text_a``); ``text_a``, ``text_b``; ``chars``
        (matching characters); ``identity`` (``2 * chars / (len(text_a) + len(text_b))``, the share of
        the passages' characters that match); ``passage_docs`` (in how many texts the passage occurs,
        estimated from its fingerprints); ``stock`` (a shared formula rather than borrowing).
        Within a pair, ``doc_a`` comes first in ``docs``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
    ...     "今年我们在全县推开了村级协商议事会，每个村每年至少开展两次协商活动。",
    ...     "去年以来，我市在各区推开了村級協商議事會，每個村每年至少開展兩次協商活動。",
    ...     "河流治理需要长期投入。"]})
    >>> r = text_reuse(docs)
    >>> r[["doc_a", "doc_b", "chars"]].values.tolist()
    [['a', 'b', 27]]
    >>> print(r["text_a"].iloc[0]); print(r["text_b"].iloc[0])
    推开了村级协商议事会，每个村每年至少开展两次协商活动。
    推开了村级协商议事会，每个村每年至少开展两次协商活动。
    >>> float(r["identity"].iloc[0]), bool(r["stock"].iloc[0])
    (1.0, False)
    """
    settings = dict(reference=reference is not None, min_chars=min_chars, ngram=ngram, window=window,
                    max_gap=max_gap, min_block=min_block, gap_penalty=gap_penalty, min_identity=min_identity,
                    max_df=max_df, stock_share=stock_share, stock_min_docs=stock_min_docs)
    frame = _frame(docs, "docs", "text_reuse")
    ids, texts = frame["doc_id"].tolist(), _texts(frame)
    is_ref = None
    if reference is not None:
        ref = _frame(reference, "reference", "text_reuse")
        clash = sorted(set(map(str, ids)) & set(map(str, ref["doc_id"])))
        if clash:
            raise ValueError(f"cppcc.text_reuse: doc_id(s) {clash[:5]} are in both `docs` and `reference`")
        is_ref = np.array([False] * len(ids) + [True] * len(ref))
        ids, texts = ids + ref["doc_id"].tolist(), texts + _texts(ref)
    progress = len(texts) > 2000 if progress is None else progress
    h, doc, pos = _fingerprints(texts, ngram, window, progress)
    seeds, df = _seeds(h, doc, pos, is_ref, max_df)
    chains = _chains(seeds, max_gap, ngram, 2, progress)
    del seeds
    rows = _passages(chains, texts, ngram, window, max_gap, min_block, gap_penalty, min_chars, progress)
    if not rows:
        return stamp(_empty(), "text_reuse", **settings)
    out = pd.DataFrame(rows, columns=["a", "b", "start_a", "end_a", "start_b", "end_b", "chars"])
    out["passage_docs"] = _passage_docs(out[["a", "start_a", "end_a"]].to_numpy(), doc, pos, df)
    out["doc_a"] = [ids[i] for i in out["a"]]
    out["doc_b"] = [ids[i] for i in out["b"]]
    out["text_a"] = [texts[a][s:e] for a, s, e in zip(out["a"], out["start_a"], out["end_a"])]
    out["text_b"] = [texts[b][s:e] for b, s, e in zip(out["b"], out["start_b"], out["end_b"])]
    out["identity"] = 2 * out["chars"] / (out["text_a"].str.len() + out["text_b"].str.len())
    out["stock"] = (out["passage_docs"] >= stock_min_docs) & (out["passage_docs"] > stock_share * len(texts))
    out = out[out["identity"] >= min_identity].sort_values(["a", "b", "start_a", "start_b"], kind="stable")
    return stamp(out[REUSE_COLUMNS].reset_index(drop=True), "text_reuse", **settings)


def _covered(spans: pd.DataFrame, doc: str, start: str, end: str) -> pd.Series:
    """Characters of each document covered by the union of its spans (overlaps counted once)."""
    out: dict = {}
    for d, g in spans.sort_values([doc, start]).groupby(doc, sort=False):
        total, reach = 0, -1
        for s, e in zip(g[start], g[end]):
            if e > reach:
                total += e - max(s, reach)
                reach = e
        out[d] = total
    return pd.Series(out, dtype="int64")


def reuse_summary(reuse: pd.DataFrame, docs, *, reference=None, by: str | None = None,
                  include_stock: bool = False) -> pd.DataFrame:
    """Shared characters per pair of units (regions, units or documents).

    Parameters
    ----------
    reuse : DataFrame
        The result of :func:`text_reuse`.
    docs : DataFrame or store
        The documents that ``reuse`` was computed on: ``doc_id``, ``text`` and the ``by`` column; a
        ``date`` column, when present, gives each unit's earliest date.
    reference : DataFrame or store, optional
        The reference texts, when ``reuse`` came from ``text_reuse(docs, reference=reference)``: pass
        them here as they were passed there (no need to concatenate them with ``docs``). A reference
        text without a value in the ``by`` column counts under its ``doc_id``.
    by : str, optional
        The unit column; default ``unit`` if ``docs`` has it, else ``region``, else ``doc_id``.
        Documents with a missing unit count under their ``doc_id``.
    include_stock : bool, default False
        Count passages flagged ``stock`` too (by default they are only counted in ``stock_passages``).

    Returns
    -------
    DataFrame
        One row per pair of units with shared passages, most shared characters first: ``unit_a``,
        ``unit_b``, ``passages``, ``stock_passages``, ``chars`` (matching characters), ``chars_a`` and
        ``chars_b`` (characters of each unit's texts inside the passages, overlaps counted once),
        ``share_a`` and ``share_b`` (those as a share of all the unit's normalised text), ``date_a``
        and ``date_b`` (each unit's earliest date, when ``docs`` has dates).

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "region": ["甲县", "乙县"], "text": [
    ...     "我们推开了村级协商议事会，每个村每年至少开展两次协商活动。其他内容。",
    ...     "推开了村级协商议事会，每个村每年至少开展两次协商活动。"]})
    >>> s = reuse_summary(text_reuse(docs), docs)
    >>> s[["unit_a", "unit_b", "passages", "chars", "share_a", "share_b"]].values.tolist()
    [['甲县', '乙县', 1, 27, 0.7941176470588235, 1.0]]

    With reference texts, pass them as ``reference``, as to :func:`text_reuse`:

    >>> central = pd.DataFrame({"doc_id": ["central"],
    ...                         "text": ["党中央要求推开村级协商议事会，每个村每年至少开展两次协商活动。"]})
    >>> echoes = text_reuse(docs, reference=central)
    >>> s = reuse_summary(echoes, docs, reference=central, include_stock=True)
    >>> s[["unit_a", "unit_b", "passages", "chars"]].values.tolist()
    [['乙县', 'central', 1, 24], ['甲县', 'central', 1, 24]]
    """
    require_columns(reuse, REUSE_COLUMNS, "reuse_summary", "reuse",
                    hint="build it with cppcc.text_reuse(docs)")
    frame = _frame(docs, "docs", "reuse_summary")
    by = by or next((c for c in ("unit", "region") if c in frame.columns), "doc_id")
    require_columns(frame, [by], "reuse_summary", "docs")
    if reference is not None:  # the reference texts join the documents (their unit: their own, if any)
        ref = _frame(reference, "reference", "reuse_summary")
        ref = ref.assign(**{by: ref[by] if by in ref.columns else None})
        frame = pd.concat([frame, ref[[c for c in ref.columns if c in frame.columns or c == by]]],
                          ignore_index=True)
        dup = frame["doc_id"][frame["doc_id"].duplicated()]
        if len(dup):
            raise ValueError(f"cppcc.reuse_summary: doc_id(s) {dup.astype(str).unique()[:5].tolist()} are "
                             "in both `docs` and `reference`")
    unit = {d: (d if is_missing(u) else u) for d, u in zip(frame["doc_id"], frame[by])}
    lost = sorted(set(reuse["doc_a"]).union(reuse["doc_b"]) - set(unit), key=str)
    if lost:
        hint = ("" if reference is not None
                else " (reference texts? pass them as reference=, as to text_reuse)")
        raise ValueError(f"cppcc.reuse_summary: doc_id(s) {lost[:5]} of `reuse` are not in `docs`{hint}")
    length = pd.Series([len(t) for t in _texts(frame)], index=frame["doc_id"].map(unit))
    length = length.groupby(level=0).sum()
    r = reuse.assign(unit_a=reuse["doc_a"].map(unit), unit_b=reuse["doc_b"].map(unit))
    stock = r[r["stock"]].groupby(["unit_a", "unit_b"]).size().rename("stock_passages")
    used = r if include_stock else r[~r["stock"]]
    rows = []
    for (ua, ub), g in used.groupby(["unit_a", "unit_b"], sort=False):
        ca = _covered(g, "doc_a", "start_a", "end_a").sum()
        cb = _covered(g, "doc_b", "start_b", "end_b").sum()
        rows.append({"unit_a": ua, "unit_b": ub, "passages": len(g), "chars": int(g["chars"].sum()),
                     "chars_a": int(ca), "chars_b": int(cb),
                     "share_a": ca / length[ua] if length[ua] else 0.0,
                     "share_b": cb / length[ub] if length[ub] else 0.0})
    cols = ["unit_a", "unit_b", "passages", "stock_passages", "chars", "chars_a", "chars_b",
            "share_a", "share_b"]
    out = pd.DataFrame(rows, columns=[c for c in cols if c != "stock_passages"])
    out = out.merge(stock.reset_index(), on=["unit_a", "unit_b"], how="outer")
    out = out.infer_objects().fillna({c: 0 for c in cols[2:]}).astype({c: "int64" for c in cols[2:7]})[cols]
    if "date" in frame.columns:
        dates = pd.to_datetime(frame["date"], errors="coerce").values
        first = pd.Series(dates, index=frame["doc_id"].map(unit))
        first = first.groupby(level=0).min()
        out["date_a"], out["date_b"] = out["unit_a"].map(first), out["unit_b"].map(first)
    out = out.sort_values(["chars", "stock_passages"], ascending=False, kind="stable").reset_index(drop=True)
    return stamp(out, "reuse_summary", by=by, include_stock=bool(include_stock))
