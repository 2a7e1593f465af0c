"""From a tokens frame to the units a topic model fits: words per unit, unit metadata, size checks.

A *unit* is what the model treats as one document: a document (``unit="doc_id"``) or one of its
paragraphs (``unit="paragraph"``, the usual choice for a few long speeches). The tokens frame of
:func:`cppcc.tokens` has no paragraph number when it was built from whole speeches; then
:func:`paragraph_ids` adds it, cutting each speech into paragraphs exactly as
:func:`cppcc.paragraphs` does (the non-blank lines of its ``text``) and mapping every token to its
paragraph through the sentence numbers (a sentence never crosses a line break, see
:func:`cppcc.common.sentence_spans`). A tokens frame built from :func:`cppcc.paragraphs` rows
already has a ``paragraph`` column and is used as it is.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..common import ColumnError, check_option, require_columns, sentence_spans
from .words import word_mask

__all__ = ["TopicsError", "TopicsWarning", "Units", "paragraph_ids", "sentence_paragraphs",
           "attach_paragraphs",
           "prepare", "check_size", "resolve_covariates",
           "UNITS", "MIN_UNITS", "UNITS_PER_TOPIC", "WORDS_PER_TOPIC"]

#: Columns of a tokens frame that describe a token, not its document.
TOKEN_COLUMNS = ("sentence", "position", "token", "pos", "is_stop", "is_punct")
#: The units a model can fit and the columns that identify one.
UNITS = {"doc_id": ["doc_id"], "paragraph": ["doc_id", "paragraph"]}
#: The smallest corpus a topic model is fitted on: at least MIN_UNITS units, UNITS_PER_TOPIC units
#: and WORDS_PER_TOPIC words (under the word rule) per topic.
MIN_UNITS = 10
UNITS_PER_TOPIC = 2
WORDS_PER_TOPIC = 100
MISSING = "<NA>"


class TopicsError(ValueError):
    """The corpus is too small for the topic model asked for (the message says what it has and needs).

    A notebook catches it and says so instead of drawing.
    """


class TopicsWarning(UserWarning):
    """A number of topics left out of :func:`cppcc.topics_search`: the corpus is too small for it."""


@dataclass
class Units:
    """The units of a model: ``frame`` (one row per unit with words: the unit's id columns,
    ``n_words``, ``n_tokens`` and its document columns), ``words`` (each unit's words, in order),
    ``empty`` (units whose tokens hold no word under the rule: listed, not modelled)."""

    unit: str
    keys: list[str]
    frame: pd.DataFrame
    words: list[np.ndarray]
    empty: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def n_words(self) -> int:
        return int(self.frame["n_words"].sum())

    def subset(self, rows: np.ndarray) -> Units:
        """The units at positions ``rows`` (in that order)."""
        rows = np.asarray(rows, dtype=int)
        return Units(self.unit, self.keys, self.frame.iloc[rows].reset_index(drop=True),
                     [self.words[i] for i in rows], self.empty)


def paragraph_ids(tokens: pd.DataFrame, speeches: pd.DataFrame) -> pd.DataFrame:
    """The tokens frame with a ``paragraph`` column: the paragraph of :func:`cppcc.paragraphs` each
    token belongs to.

    Each speech's ``text`` is cut into paragraphs as :func:`cppcc.paragraphs` cuts it (its non-blank
    lines, numbered from 1); the sentences of each paragraph are counted with the tokenizer's
    sentence rule on the normalised paragraph, and the tokens' ``sentence`` numbers are mapped to
    paragraphs. No segmentation is repeated, so the tokens stay exactly those of ``tokens`` (a store's
    tokens too).

    Parameters
    ----------
    tokens : DataFrame
        :func:`cppcc.tokens` of ``speeches`` (needs ``doc_id`` and ``sentence``).
    speeches : DataFrame
        The frame the tokens were built from (needs ``doc_id`` and ``text``).

    Returns
    -------
    DataFrame
        ``tokens`` with ``paragraph`` (int) after ``doc_id``.

    Raises
    ------
    ValueError
        A document's sentences do not add up to its paragraphs' (the tokens were not built from
        these texts); the message names the document.

    Examples
    --------
    >>> import cppcc
    >>> sp = pd.DataFrame({"doc_id": ["a"], "text": ["导言。\\n一、加强学习\\n一是读书。二是研讨。"]})
    >>> t = paragraph_ids(cppcc.tokens(sp), sp)
    >>> t.groupby("paragraph")["token"].apply("".join).tolist()
    ['导言。', '一、加强学习', '一是读书。二是研讨。']
    """
    require_columns(tokens, ["doc_id", "sentence"], "paragraph_ids", "tokens")
    require_columns(speeches, ["doc_id", "text"], "paragraph_ids", "speeches")
    return attach_paragraphs(tokens, sentence_paragraphs(speeches))


def sentence_paragraphs(speeches: pd.DataFrame) -> pd.DataFrame:
    """The paragraph of every sentence of ``speeches``: ``doc_id``, ``paragraph``, ``sentence`` (one row per
    sentence, numbered from 1 in each document as :func:`cppcc.tokens` numbers them).

    Examples
    --------
    >>> sp = pd.DataFrame({"doc_id": ["a"], "text": ["导言。\\n一是读书。二是研讨。"]})
    >>> sentence_paragraphs(sp).values.tolist()
    [['a', 1, 1], ['a', 2, 2], ['a', 2, 3]]
    """
    from ..normalize import normalize_text
    from ..structure import paragraphs

    paras = paragraphs(speeches)
    n_sent = np.array([sum(1 for _ in sentence_spans(normalize_text(p))) for p in paras["text"]], dtype=int)
    table = pd.DataFrame({"doc_id": np.repeat(paras["doc_id"].astype(str).to_numpy(), n_sent),
                          "paragraph": np.repeat(paras["paragraph"].to_numpy(dtype=int), n_sent)})
    table["sentence"] = table.groupby("doc_id", sort=False).cumcount() + 1
    return table


def attach_paragraphs(tokens: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with the ``paragraph`` of each token's sentence from ``table``
    (:func:`sentence_paragraphs` of the documents the tokens were built from); see :func:`paragraph_ids`."""
    doc = tokens["doc_id"].astype(str).to_numpy()
    last = pd.Series(tokens["sentence"].to_numpy()).groupby(doc, sort=False).max()
    have = table.groupby("doc_id", sort=False)["sentence"].max()
    wrong = [d for d in last.index if have.get(d) != last[d]]
    if wrong:
        raise ValueError(f"cppcc.paragraph_ids: the sentences of document {wrong[0]!r} do not match its "
                         f"text's paragraphs ({int(last[wrong[0]])} in the tokens, "
                         f"{int(have.get(wrong[0], 0))} in the text): were the tokens built from these "
                         f"speeches?")
    key = pd.MultiIndex.from_arrays([table["doc_id"].astype(str), table["sentence"].astype(int)])
    where = key.get_indexer(pd.MultiIndex.from_arrays([doc, tokens["sentence"].astype(int).to_numpy()]))
    out = tokens.copy()
    out.insert(list(out.columns).index("doc_id") + 1, "paragraph", table["paragraph"].to_numpy()[where])
    return out


def resolve_covariates(meta: pd.DataFrame, covariates,
                       func: str = "topics") -> tuple[pd.DataFrame, list[str]]:
    """Check the covariate names against the unit metadata; derive ``year`` from ``date`` when needed.

    Returns the metadata (with ``year`` added when it was derived) and the list of names.

    Examples
    --------
    >>> m = pd.DataFrame({"level": ["county"], "date": ["2020-08-24"]})
    >>> meta, names = resolve_covariates(m, ["level", "year"])
    >>> names, meta["year"].tolist()
    (['level', 'year'], ['2020'])
    """
    if covariates is None:
        return meta, []
    names = [covariates] if isinstance(covariates, str) else list(covariates)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"cppcc.{func}: covariates must be column names, got {name!r}")
    if "year" in names and "year" not in meta.columns and "date" in meta.columns:
        meta = meta.copy()
        years = pd.to_datetime(meta["date"].astype("string"), errors="coerce").dt.year
        meta["year"] = years.astype("Int64").astype("string").astype(object).where(years.notna(), None)
    missing = [n for n in names if n not in meta.columns]
    if missing:
        raise ColumnError(f"cppcc.{func}: covariate(s) {missing} are not document columns of the tokens "
                          f"frame; it has {sorted(meta.columns)}")
    return meta, names


def metadata_labels(frame: pd.DataFrame, covariates: Iterable[str]) -> list[list[str]]:
    """The DMR metadata of each unit: ``"<column>=<value>"`` per covariate (``<NA>`` when missing)."""
    cols = []
    for c in covariates:
        values = frame[c].astype(object)
        cols.append([f"{c}={MISSING if pd.isna(v) else v}" for v in values])
    return [list(x) for x in zip(*cols)] if cols else [[] for _ in range(len(frame))]


def prepare(tokens: pd.DataFrame, unit: str = "doc_id", covariates=None, func: str = "topics") -> Units:
    """The units of ``tokens`` with their words (the rule of :func:`cppcc.topic_model.words.word_mask`).

    Units keep the order of their first token; a unit's metadata is the first row's value of every
    document column. Units without a word are listed in ``Units.empty``, not dropped silently.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a", "b"], "token": ["委员", "的", "。"],
    ...                   "is_stop": [False, True, False], "is_punct": [False, False, True],
    ...                   "level": ["county", "county", "province"]})
    >>> u = prepare(t)
    >>> u.frame[["doc_id", "n_words", "n_tokens", "level"]].values.tolist(), u.empty["doc_id"].tolist()
    ([['a', 1, 2, 'county']], ['b'])
    """
    check_option(unit, UNITS, "unit", func)
    keys = UNITS[unit]
    hint = None
    if unit == "paragraph" and "paragraph" not in tokens.columns:
        hint = ("add it with cppcc.topic_model.paragraph_ids(tokens, speeches), or tokenise "
                "cppcc.paragraphs(speeches)")
    require_columns(tokens, [*keys, "token", "is_stop", "is_punct"], func, "tokens", hint=hint)
    if tokens.empty:
        raise TopicsError(f"cppcc.{func}: the tokens frame is empty: there is nothing to model")
    codes = tokens.groupby(keys, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    first = np.unique(codes, return_index=True)[1]
    meta = tokens.iloc[first][[c for c in tokens.columns if c not in TOKEN_COLUMNS]].reset_index(drop=True)
    for c in meta.columns:
        if isinstance(meta[c].dtype, pd.CategoricalDtype):
            meta[c] = meta[c].astype(object).where(meta[c].notna(), None)
    keep = word_mask(tokens)
    n_tokens = np.bincount(codes, minlength=len(first))
    n_words = np.bincount(codes[keep], minlength=len(first))
    meta, _ = resolve_covariates(meta, covariates, func)
    meta.insert(len(keys), "n_words", n_words)
    meta.insert(len(keys) + 1, "n_tokens", n_tokens)

    order = np.argsort(codes[keep], kind="stable")
    tok = tokens["token"]
    values = (np.asarray(tok.cat.categories.astype(str), dtype=object)[tok.cat.codes.to_numpy()[keep]]
              if isinstance(tok.dtype, pd.CategoricalDtype) else tok.astype(str).to_numpy(dtype=object)[keep])
    pieces = np.split(values[order], np.cumsum(n_words)[:-1])
    has = n_words > 0
    frame = meta[has].reset_index(drop=True)
    words = [p for p, h in zip(pieces, has) if h]
    return Units(unit, list(keys), frame, words, meta[~has].reset_index(drop=True))


def check_size(n_units: int, n_words: int, k: int, unit: str, func: str = "topics") -> None:
    """Raise :class:`TopicsError` (one line) when the corpus is too small for ``k`` topics.

    Examples
    --------
    >>> check_size(41, 2106, 12, "paragraph")
    >>> try:
    ...     check_size(5, 2106, 12, "doc_id")
    ... except TopicsError as e:
    ...     print(e)
    cppcc.topics: 5 documents with 2,106 words are too few for 12 topics (it needs at least 24
    documents and 1,200 words under the word rule); model paragraphs (unit='paragraph') or add pages
    """
    need_units = max(MIN_UNITS, UNITS_PER_TOPIC * k)
    need_words = WORDS_PER_TOPIC * k
    if n_units >= need_units and n_words >= need_words:
        return
    what = "paragraphs" if unit == "paragraph" else "documents"
    hint = ("; model paragraphs (unit='paragraph') or add pages" if unit == "doc_id"
            else "; add pages or fit fewer topics")
    raise TopicsError(f"cppcc.{func}: {n_units:,} {what} with {n_words:,} words are too few for {k} topics "
                      f"(it needs at least {need_units:,} {what} and {need_words:,} words under the word "
                      f"rule)"
                      + hint)
