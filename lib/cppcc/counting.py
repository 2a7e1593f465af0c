"""The one counting seam: what counts as a word, and how tokens become counts by group.

Every analysis that counts (:func:`cppcc.term_frequencies`, :func:`cppcc.distinctive_terms`,
:func:`cppcc.reference_keyness`, the denominators of :func:`cppcc.code_mechanisms`, ``cppcc export
--what counts``) is written once against what this module gives, whatever holds the tokens:

* **The word rule** (:func:`nonword_terms`, :func:`stopped_terms`, :func:`word_masks`). A token is a
  *word* unless it is punctuation: flagged ``is_punct`` by :func:`cppcc.tokens`, made only of
  punctuation or symbols (the punctuation rule of :mod:`cppcc.text`), blank or missing. Rates are per
  1,000 words (stop words included). The *counted terms* are the words that the ``stop`` spec of
  :func:`cppcc.text.resolve_stop` leaves, plus punctuation with ``punct=True``. Changing either rule
  is one edit here (the punctuation pattern and the stop lists themselves live in :mod:`cppcc.text`).

* **The count table** (:class:`TermCounts`): every token counted by group, term and punctuation
  flag, with where it first occurs, before any rule is applied. The rule is applied to this table in
  Python (:meth:`TermCounts.counted`), the same for every source, so a store needs no SQL copy of it.

* **Sources** (:func:`source_of`). ``source_of(data)`` answers these questions about tokens held
  anywhere: :meth:`~FrameSource.term_counts` (the count table by any columns),
  :meth:`~FrameSource.group_metadata` (columns constant within each group),
  :meth:`~FrameSource.token_batches` (token rows of whole documents, in text order) and
  :meth:`~FrameSource.document_batches` / :meth:`~FrameSource.documents` (documents with their
  text). A DataFrame (tokens, a count table or documents) is a :class:`FrameSource`;
  :mod:`cppcc.store` registers its own source with ``source_of.register`` (one registration), so
  no analysis module names the store.

**Per-document counts** (for document bootstraps, dispersion and document frequencies): put
``doc_id`` in the grouping. ``source_of(x).term_counts(["level", "doc_id"]).counted(stop, punct)``
gives one row per document and term (``terms``) and every document's word total (``groups``), from a
token frame or a store alike; summing them over the documents of a group gives the group's counts,
and resampling the documents resamples those sums.

Examples
--------
>>> import cppcc
>>> toks = cppcc.tokens(cppcc.load_speeches())
>>> per_doc = source_of(toks).term_counts(["level", "doc_id"]).counted()
>>> per_doc.groups[["level", "n_tokens"]].head(2).values.tolist()
[['prefecture', 535], ['province', 544]]
>>> int(per_doc.terms["count"].sum()) == int((~toks["is_punct"] & ~toks["is_stop"]).sum())
True
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .common import as_list, require_columns, stamp
from .text.stoplists import resolve_stop
from .text.table import _PUNCT

__all__ = [
    "nonword_terms", "stopped_terms", "word_masks", "TermCounts", "Counted", "source_of", "FrameSource",
    "term_counts", "codes", "per_type", "unit_codes", "first_rows", "none_for_missing", "TOKEN_LEVEL",
    "documents_of",
]

#: columns of a token frame that vary within a document (never group metadata)
TOKEN_LEVEL = frozenset(
    {"sentence", "position", "token", "pos", "is_stop", "is_punct", "text", "text_original"}
)


# --------------------------------------------------------------------------- per distinct value
def codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and unique values (categoricals use their codes directly; NaN -> -1)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64), pd.Index(values.cat.categories, dtype=object)
    raw = values.to_numpy(dtype=object) if values.dtype != object else values.to_numpy()
    codes_, uniq = pd.factorize(raw)
    return codes_.astype(np.int64), pd.Index(uniq, dtype=object)


def per_type(values: pd.Series, op) -> np.ndarray:
    """Apply a vectorised string test ``op(Series[str]) -> bool Series`` once per distinct value."""
    codes_, uniq = codes(values)
    if len(uniq) == 0:
        return np.zeros(len(values), dtype=bool)
    res = np.asarray(op(pd.Series(uniq, dtype=object).astype(str)).fillna(False), dtype=bool)
    out = np.zeros(len(values), dtype=bool)
    ok = codes_ >= 0
    out[ok] = res[codes_[ok]]
    return out


def first_rows(codes_: np.ndarray) -> np.ndarray:
    """The row where each code first occurs, for codes numbered in order of first appearance (as
    :func:`pandas.factorize` and :func:`unit_codes` number them): code ``k`` first occurs at
    ``first_rows(codes)[k]``.

    Examples
    --------
    >>> first_rows(np.array([0, 0, 1, 0, 2, 1])).tolist()
    [0, 2, 4]
    """
    if len(codes_) == 0:
        return np.zeros(0, dtype=np.int64)
    before = np.maximum.accumulate(np.concatenate([[-1], codes_[:-1]]))
    return np.flatnonzero(codes_ > before)


def unit_codes(frame: pd.DataFrame, cols: Sequence[str] = ("doc_id", "sentence")) -> np.ndarray:
    """One integer per distinct combination of ``cols``, in order of first appearance (missing values
    form their own combination)."""
    key = np.zeros(len(frame), dtype=np.int64)
    for c in cols:
        codes_, uniq = codes(frame[c])
        key = key * (len(uniq) + 1) + (codes_ + 1)
    return pd.factorize(key)[0]


def none_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose object columns hold None, not NaN, for missing values."""
    frame = frame.copy()
    for c in frame.columns:
        if frame[c].dtype == object:
            frame[c] = frame[c].where(frame[c].notna(), None)
    return frame


# --------------------------------------------------------------------------- the word rule
def nonword_terms(terms: pd.Series) -> np.ndarray:
    """True for the terms that are not words: punctuation or symbols only, blank, or missing.

    The punctuation rule is :mod:`cppcc.text`'s (the one that sets ``is_punct`` in
    :func:`cppcc.tokens`); a token frame's own ``is_punct`` flags are added to it by the sources.

    Examples
    --------
    >>> nonword_terms(pd.Series(["政协", "，", " ", None, "2020", "……"])).tolist()
    [False, True, True, True, False, True]
    """
    rule = per_type(terms, lambda u: u.str.fullmatch(_PUNCT.pattern) | u.str.strip().eq(""))
    return rule | terms.isna().to_numpy()


def stopped_terms(terms: pd.Series, stop=True) -> np.ndarray:
    """True for the terms that the ``stop`` spec (:func:`cppcc.text.resolve_stop`) leaves out.

    Examples
    --------
    >>> stopped_terms(pd.Series(["的", "政协", "工作"]), stop=["general", "工作"]).tolist()
    [True, False, True]
    """
    words = resolve_stop(stop)
    if not words:
        return np.zeros(len(terms), dtype=bool)
    return per_type(terms, lambda u: u.isin(words))


def word_masks(tokens: pd.DataFrame, stop=True, punct: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per token row: (counted term, word). For the analyses that need token sequences (windows,
    sentences, documents as lists of words); every other analysis counts through :class:`TermCounts`.

    Examples
    --------
    >>> t = pd.DataFrame({"token": ["政协", "的", "。"], "is_punct": [False, False, True]})
    >>> [m.tolist() for m in word_masks(t)]
    [[True, False, False], [True, True, False]]
    """
    nonword = nonword_terms(tokens["token"])
    if "is_punct" in tokens.columns:
        nonword |= tokens["is_punct"].fillna(False).to_numpy(dtype=bool)
    keep = ~stopped_terms(tokens["token"], stop)
    if not punct:
        keep &= ~nonword
    return keep, ~nonword


# --------------------------------------------------------------------------- the count table
@dataclass(frozen=True)
class Counted:
    """The count table with the word rule applied (:meth:`TermCounts.counted`).

    ``terms``: ``[by..., term, count, _first, _group]`` one row per group and counted term, in order
    of first occurrence (``_group`` indexes ``groups``). ``groups``: ``[by..., n_tokens, _first,
    _first_counted]`` one row per group in order of first appearance, ``n_tokens`` its words (the
    rates' denominator), ``_first_counted`` where its first counted term occurs (-1: none).
    """

    terms: pd.DataFrame
    groups: pd.DataFrame
    by: list[str]


@dataclass(frozen=True)
class TermCounts:
    """Every token of a source counted by group and term, before any rule: the one count table.

    ``table``: ``[by..., term, count, _flagged, _first]`` (plus ``n_tokens`` when the source is a
    count table that gives its groups' totals), one row per group, term and ``is_punct`` flag, sorted
    by ``_first`` (the place of the first occurrence in corpus order, or the row of a count table), so
    groups and terms appear in the order of the corpus. ``input`` is ``"tokens"`` or ``"counts"``.
    """

    table: pd.DataFrame
    by: list[str]
    input: str = "tokens"

    def nonword(self) -> np.ndarray:
        """Per row: not a word (:func:`nonword_terms`, or flagged ``is_punct``)."""
        return nonword_terms(self.table["term"]) | self.table["_flagged"].to_numpy(dtype=bool)

    def kept(self, stop=True, punct: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Per row: (counted term, word) under the ``stop``/``punct`` settings."""
        nonword = self.nonword()
        keep = ~stopped_terms(self.table["term"], stop) & (self.table["count"].to_numpy() > 0)
        if not punct:
            keep &= ~nonword
        return keep, ~nonword

    def counted(self, stop=True, punct: bool = False) -> Counted:
        """The counted terms of every group and every group's words (:class:`Counted`)."""
        t = self.table
        keep, word = self.kept(stop, punct)
        gcode = unit_codes(t, self.by)
        G = int(gcode.max()) + 1 if len(gcode) else 0
        head = first_rows(gcode)  # a group's first row is its first occurrence
        groups = t.iloc[head][self.by].reset_index(drop=True)
        cnt = t["count"].to_numpy(dtype=np.int64)
        if "n_tokens" in t.columns:  # a count table's own totals (the largest a group states)
            n_of = pd.Series(pd.to_numeric(t["n_tokens"], errors="coerce").to_numpy()).groupby(gcode).max()
            groups["n_tokens"] = n_of.reindex(range(G)).fillna(0).to_numpy(dtype=np.int64)
        else:
            groups["n_tokens"] = np.bincount(gcode[word], weights=cnt[word], minlength=G).astype(np.int64)
        first = t["_first"].to_numpy(dtype=np.int64)
        groups["_first"] = first[head]
        kept_rows = np.flatnonzero(keep)
        kept_head = np.full(G, -1, dtype=np.int64)
        g_kept = gcode[kept_rows]
        kept_groups = pd.factorize(g_kept)[0]
        at = first_rows(kept_groups)
        kept_head[g_kept[at]] = first[kept_rows[at]]
        groups["_first_counted"] = kept_head
        # a term flagged in some rows and not in others (punct=True) is one counted term
        sub = t.iloc[kept_rows]
        tcode = codes(sub["term"])[0]
        pair = pd.factorize(g_kept * (int(tcode.max()) + 2 if len(tcode) else 1) + tcode + 1)[0]
        once = first_rows(pair)
        terms = sub.iloc[once][[*self.by, "term"]].reset_index(drop=True)
        terms["term"] = terms["term"].astype(object)
        terms["count"] = np.bincount(pair, weights=cnt[kept_rows], minlength=len(once)).astype(np.int64)
        terms["_first"] = first[kept_rows][once]
        terms["_group"] = g_kept[once]
        return Counted(terms, groups, list(self.by))


def term_counts(source, by=None, stop=True, punct: bool = False) -> pd.DataFrame:
    """The tidy count table ``[by..., term, count]`` of any source (tokens or a store): how often each
    counted term occurs in each group (groups in order of first appearance, then count descending,
    term ascending).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "token": ["协商", "。", "协商", "民主"],
    ...                   "is_punct": [False, True, False, False]})
    >>> term_counts(t, by="doc_id").values.tolist()
    [['a', '协商', 2], ['b', '民主', 1]]
    """
    from .compare.frequencies import term_frequencies

    by_cols = as_list(by)
    table = term_frequencies(source, by_cols, stop, punct)[[*by_cols, "term", "count"]]
    return stamp(table, "term_counts", by=by_cols, stop=stop, punct=punct)


# --------------------------------------------------------------------------- sources
@functools.singledispatch
def source_of(data):
    """What an analysis counts from: a :class:`FrameSource` for a DataFrame, or the source another
    module registers for its type (``source_of.register(Store)(StoreSource)``)."""
    raise TypeError(
        f"cppcc: expected a DataFrame (tokens, a count table, documents) or a cppcc.Store, "
        f"got {type(data).__name__}"
    )


class FrameSource:
    """Tokens, a count table or documents held in a DataFrame.

    A *token frame* has ``token`` (and ``is_punct``; :func:`cppcc.tokens`); a *count table* has
    ``term`` and ``count`` and no ``token`` (one row per group and term, duplicates add up, an
    optional ``n_tokens`` column giving each group's words); *documents* have ``doc_id`` and text.
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    @property
    def is_count_table(self) -> bool:
        f = self.frame
        return "token" not in f.columns and {"term", "count"} <= set(f.columns)

    def require(self, columns: Sequence[str], func: str) -> None:
        """The column check of :func:`cppcc.common.require_columns` (``tokens`` named in the message)."""
        require_columns(self.frame, list(columns), func, "tokens")

    def term_counts(self, by: Sequence[str], func: str = "term_frequencies") -> TermCounts:
        by = list(by)
        f = self.frame
        if self.is_count_table:
            require_columns(f, [*by, "term", "count"], func, "counts")
            cnt = pd.to_numeric(f["count"], errors="coerce").to_numpy(dtype=float)
            if np.isnan(cnt).any() or (cnt < 0).any():
                raise ValueError(f"cppcc.{func}: `counts` has missing or negative values in column 'count'")
            table = f[[*by, "term"]].reset_index(drop=True)
            table["count"] = cnt
            table["_flagged"] = False
            table["_first"] = np.arange(len(f), dtype=np.int64)
            if "n_tokens" in f.columns:
                table["n_tokens"] = f["n_tokens"].to_numpy()
            return TermCounts(table, by, "counts")
        require_columns(f, ["token", "is_punct", *by], func, "tokens")
        flagged = f["is_punct"].fillna(False).to_numpy(dtype=bool)
        gcode = unit_codes(f, by)
        tcode, tuniq = codes(f["token"])
        key = (gcode.astype(np.int64) * (len(tuniq) + 1) + tcode + 1) * 2 + flagged
        row_key, _ = pd.factorize(key)
        head = first_rows(row_key)  # ascending: rows in corpus order
        table = f.iloc[head][by].reset_index(drop=True)
        at = tcode[head]
        term = np.empty(len(head), dtype=object)
        term[:] = None
        term[at >= 0] = tuniq.to_numpy(dtype=object)[at[at >= 0]]
        table["term"] = pd.Series(term, dtype=object).where(at >= 0, np.nan)
        table["count"] = np.bincount(row_key, minlength=len(head)).astype(np.int64)
        table["_flagged"] = flagged[head]
        table["_first"] = head.astype(np.int64)
        return TermCounts(table, by, "tokens")

    def group_metadata(self, by: Sequence[str]) -> pd.DataFrame:
        """One row per group (order of first appearance): the ``by`` columns and the other columns
        constant within every group (speaker, region, level... for documents)."""
        by = list(by)
        f = self.frame
        gcode = unit_codes(f, by)
        first = first_rows(gcode)
        cand = [c for c in f.columns if c not in TOKEN_LEVEL and c not in by]
        const = []
        if cand:
            nun = f[cand].groupby(gcode, sort=True).nunique(dropna=False)
            const = [c for c in cand if (nun[c] <= 1).all()]
        return none_for_missing(f.iloc[first][by + const].reset_index(drop=True))

    def token_batches(self, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
        """The token rows, whole documents at a time, in text order (here: the frame itself)."""
        yield self.frame

    def document_batches(self) -> Iterator[pd.DataFrame]:
        """The documents, a batch at a time (here: the frame itself)."""
        yield self.frame

    def documents(self) -> pd.DataFrame:
        """All documents in one frame (here: the frame itself)."""
        return self.frame


source_of.register(pd.DataFrame)(FrameSource)


def documents_of(data, func: str, columns: Sequence[str] = ("doc_id",), name: str = "docs") -> pd.DataFrame:
    """The documents of ``data`` (a frame, or a store's documents: :meth:`FrameSource.documents`) in one
    frame, checked for ``columns`` and for unique ``doc_id`` (one-line errors naming ``func`` and ``name``).

    Examples
    --------
    >>> documents_of(pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", "y"]}), "f", ["doc_id", "text"]).shape
    (2, 2)
    >>> try:
    ...     documents_of(pd.DataFrame({"doc_id": ["a", "a"]}), "f")
    ... except ValueError as e:
    ...     print(e)
    cppcc.f: `docs` has duplicate doc_id(s) ['a']
    """
    docs = source_of(data).documents()
    require_columns(docs, list(columns), func, name)
    dup = docs["doc_id"][docs["doc_id"].duplicated()]
    if len(dup):
        raise ValueError(f"cppcc.{func}: `{name}` has duplicate doc_id(s) "
                         f"{dup.astype(str).unique()[:5].tolist()}")
    return docs
