"""Units from wherever the tokens are: a tokens frame, or a store's token files streamed batch by batch,
all documents or a stated random sample of them.

:func:`units_of` reads tokens through the counting seam (:func:`cppcc.counting.source_of`): a frame is
one batch; a store (or any source registered there) gives its token rows a batch of whole documents
at a time (:meth:`~cppcc.counting.FrameSource.token_batches`), and each batch is reduced at once to its
units' words (:func:`cppcc.topic_model.prepare.prepare`), so the whole token table is never in memory:
only the words the model sees, which the model holds anyway. Units keep corpus order, so the units of
a store equal the units of the same tokens in one frame.

A store's token files hold whole documents but need not come in corpus order: one pass over the
source's documents (a batch at a time) gives their order, and the units of each token batch are put
back in it. ``unit="paragraph"`` on a source without a ``paragraph`` column (a store's tokens) keeps
from that pass the paragraph of every sentence (small integers, not the texts) and numbers each
batch's tokens as :func:`cppcc.topic_model.paragraph_ids` does.

``sample`` draws documents, not tokens: ``sample`` documents (an int) or that share of them (a float
below 1), chosen with ``numpy.random.default_rng(seed)`` among the documents in corpus order, and
modelled in corpus order. The draw is recorded (:func:`sample_attrs`) in every result's ``attrs``.
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..common import check_option
from ..counting import FrameSource, source_of
from .prepare import UNITS, TopicsError, Units, attach_paragraphs, prepare, sentence_paragraphs

__all__ = ["units_of", "document_ids", "draw_sample", "sample_attrs"]


def document_ids(source, documents: _Documents | None = None) -> pd.Index:
    """The ``doc_id`` of every document with tokens, in corpus order.

    A frame: the order of first appearance. Another source: the order of its documents
    (:meth:`~cppcc.counting.FrameSource.document_batches`), kept where the token batches hold tokens
    of the document (a store's token files hold whole documents, not necessarily in corpus order).
    """
    if isinstance(source, FrameSource):
        return pd.Index(pd.unique(source.frame["doc_id"].astype(object)), dtype=object)
    have: set = set()
    for batch in source.token_batches(["doc_id"]):
        have.update(pd.unique(batch["doc_id"].astype(object)))
    order = (documents or _Documents(source, paragraphs=False)).order
    return order[order.isin(have)]


def _check_sample(sample, func: str) -> None:
    if sample is None:
        return
    if isinstance(sample, bool) or not isinstance(sample, numbers.Real):
        raise ValueError(f"cppcc.{func}: sample must be a number of documents (int) or a share (float "
                         f"between 0 and 1), got {sample!r}")
    if isinstance(sample, numbers.Integral):
        if sample < 1:
            raise ValueError(f"cppcc.{func}: sample must be at least 1 document, got {sample!r}")
    elif not 0 < sample < 1:
        raise ValueError(f"cppcc.{func}: a sample share must be between 0 and 1, got {sample!r}")


def draw_sample(ids: pd.Index, sample, seed: int) -> pd.Index:
    """The sampled ``doc_id`` (corpus order): ``sample`` of them (int) or that share (float), drawn
    without replacement by ``numpy.random.default_rng(seed)``; all of them when ``sample`` is at
    least their number.

    Examples
    --------
    >>> ids = pd.Index([f"d{i}" for i in range(10)])
    >>> draw_sample(ids, 3, 0).tolist(), len(draw_sample(ids, 0.5, 0)), len(draw_sample(ids, 20, 0))
    (['d5', 'd6', 'd9'], 5, 10)
    """
    n = len(ids)
    size = int(sample) if isinstance(sample, numbers.Integral) else int(round(float(sample) * n))
    size = min(max(size, 1), n)
    rows = np.sort(np.random.default_rng(seed).choice(n, size, replace=False)) if size < n else np.arange(n)
    return ids[rows]


def sample_attrs(sample, seed: int, chosen: int, total: int | None) -> dict:
    """What a result records about the documents it modelled: ``sample`` (as asked, None for all),
    ``sample_seed``, ``sample_documents`` (documents drawn) and ``documents_total`` (documents with tokens;
    None when not counted, i.e. without a sample)."""
    if sample is None:
        return {"sample": None}
    return {"sample": sample, "sample_seed": seed, "sample_documents": chosen, "documents_total": total,
            "sample_method": "documents drawn without replacement by numpy.random.default_rng(sample_seed), "
                             "modelled in corpus order"}


class _Documents:
    """One pass over a source's documents (a batch at a time): their order and, for paragraph units,
    the paragraph of each sentence (:func:`cppcc.topic_model.prepare.sentence_paragraphs`), so that
    token batches in any order can be numbered and put back in corpus order without the texts."""

    def __init__(self, source, paragraphs: bool):
        ids, self._para = [], {}
        for batch in source.document_batches():
            ids.extend(batch["doc_id"].astype(object).tolist())
            if paragraphs:
                if "text" not in batch.columns:
                    raise ValueError("cppcc.topics: unit='paragraph' needs the documents' text, and the "
                                     "source's documents have no `text` column")
                table = sentence_paragraphs(batch[["doc_id", "text"]])
                for d, g in table.groupby("doc_id", sort=False):
                    self._para[d] = g["paragraph"].to_numpy(dtype=np.int64)
        self.order = pd.Index(ids, dtype=object)

    def paragraphs(self, ids) -> pd.DataFrame:
        """:func:`~cppcc.topic_model.prepare.sentence_paragraphs` of the documents ``ids``."""
        ids = [d for d in pd.unique(pd.Series(ids).astype(object)) if d in self._para]
        para = [self._para[d] for d in ids]
        n = [len(p) for p in para]
        return pd.DataFrame({
            "doc_id": np.repeat(np.asarray(ids, dtype=object), n),
            "paragraph": np.concatenate(para) if para else np.zeros(0, dtype=np.int64),
            "sentence": np.concatenate([np.arange(1, k + 1) for k in n]) if n else np.zeros(0, dtype=int),
        })


def units_of(data, unit: str = "doc_id", covariates=None, sample=None, seed: int = 0,
             func: str = "topics") -> tuple[Units, dict]:
    """The units of ``data`` (a tokens frame or a store) and what the result records about how they were
    read (``sample_attrs`` plus ``batches``, the number of token batches read).

    Examples
    --------
    >>> import cppcc
    >>> toks = cppcc.tokens(cppcc.load_speeches())
    >>> u, info = units_of(toks, sample=2, seed=0)
    >>> u.frame["speaker"].tolist(), info["sample_documents"], info["documents_total"], info["batches"]
    (['石艳', '江泽林'], 2, 5, 1)
    """
    check_option(unit, UNITS, "unit", func)
    _check_sample(sample, func)
    source = source_of(data)
    frame = isinstance(source, FrameSource)  # one batch, in corpus order
    docs = None if frame else _Documents(source, unit == "paragraph" and "paragraph" not in source.columns)
    chosen, total = None, None
    if sample is not None:
        source.require(["doc_id"], func)
        ids = document_ids(source, docs)
        total = len(ids)
        if total == 0:
            raise TopicsError(f"cppcc.{func}: the tokens frame is empty: there is nothing to model")
        chosen = draw_sample(ids, sample, seed)
    columns = [c for c in source.columns if c not in ("text", "text_original")]
    parts, batches = [], 0
    for batch in source.token_batches(columns):
        batches += 1
        if chosen is not None:
            batch = batch[batch["doc_id"].astype(object).isin(chosen)]
        if batch.empty:
            continue
        if docs is not None and unit == "paragraph" and "paragraph" not in batch.columns:
            batch = attach_paragraphs(batch, docs.paragraphs(batch["doc_id"]))
        parts.append(prepare(batch, unit, covariates, func))
    if not parts:
        if frame:
            return prepare(source.frame, unit, covariates, func), {}  # raises the one-line error
        raise TopicsError(f"cppcc.{func}: the source holds no tokens: there is nothing to model")
    if docs is not None:  # token batches hold whole documents, maybe not in corpus order
        first = [docs.order.get_indexer(p.frame["doc_id"].iloc[:1].astype(object))[0] if len(p.frame)
                 else docs.order.get_indexer(p.empty["doc_id"].iloc[:1].astype(object))[0] for p in parts]
        parts = [parts[i] for i in np.argsort(first, kind="stable")]
    units = parts[0] if len(parts) == 1 else Units(
        parts[0].unit, parts[0].keys, pd.concat([p.frame for p in parts], ignore_index=True),
        [w for p in parts for w in p.words], pd.concat([p.empty for p in parts], ignore_index=True))
    info = sample_attrs(sample, seed, 0 if chosen is None else len(chosen), total)
    info["batches"] = batches
    return units, info
