"""cppcc.topics on a store: streamed a batch of documents at a time, the same result as the same tokens in
one frame; a stated random sample of documents.

The planted corpus of tests/test_topics.py is written out as documents (its words separated by spaces),
stored with several documents per token file, and fitted from the store and from ``cppcc.tokens`` of the
same documents.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cppcc
from cppcc.store.reader import Store
from cppcc.topic_model import paragraph_ids
from cppcc.topic_model.stream import document_ids, draw_sample, units_of
from cppcc.counting import source_of

from test_topics import SEEDS, THEMES, planted

K, ITER = 4, 150
# attrs that say how the tokens were read, not what was fitted
READ = ("batches",)


def _documents(n_docs: int = 120) -> pd.DataFrame:
    t = planted(n_docs)
    def text(s):  # paragraphs of 20 words, each of two sentences of 10
        w = s.astype(str).tolist()
        return "\n".join(" ".join(w[i:i + 10]) + "。" + " ".join(w[i + 10:i + 20]) + "。"
                         for i in range(0, len(w), 20))

    words = t.groupby("doc_id", sort=False, observed=True)["token"].apply(text)
    meta = t.drop_duplicates("doc_id").set_index("doc_id")
    return pd.DataFrame({"doc_id": words.index.astype(str),
                         "level": meta.loc[words.index, "level"].to_numpy(),
                         "date": meta.loc[words.index, "date"].to_numpy(), "text": words.to_numpy()})


@pytest.fixture(scope="module")
def docs():
    return _documents()


@pytest.fixture(scope="module")
def store(docs, tmp_path_factory):
    return cppcc.build_store(docs, tmp_path_factory.mktemp("topics_store"), progress=False, n_jobs=1,
                             batch_pages=25)


@pytest.fixture(scope="module")
def toks(docs):
    return cppcc.tokens(docs)


def fit(data, seed=0, **kw):
    return cppcc.topics(data, K, seeds=SEEDS, covariates="level", seed=seed, iterations=ITER, **kw)


def same(a, b):
    """Two results are equal: terms, document shares, units and attrs (but how they were read)."""
    pd.testing.assert_frame_equal(a.terms, b.terms)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    pd.testing.assert_frame_equal(a.units, b.units)
    np.testing.assert_array_equal(a.counts, b.counts)
    drop = {k: v for k, v in a.attrs.items() if k not in READ}
    assert drop == {k: v for k, v in b.attrs.items() if k not in READ}


def test_the_store_holds_the_documents_in_several_token_files(store, docs):
    assert len(list((store.path / "tokens").glob("*.parquet"))) >= 4
    assert len(document_ids(source_of(store))) == len(docs) == 120


def test_topics_from_a_store_equal_topics_from_the_same_tokens(store, toks):
    a, b = fit(store), fit(toks)
    same(a, b)
    assert a.attrs["batches"] >= 4 and b.attrs["batches"] == 1
    assert a.attrs["sample"] is None and a.attrs["units"] == 120
    # and the planted theme is still found from the store
    top = set(a.terms.query("topic == 'grassroots' and rank <= 8")["term"])
    assert len(top & set(THEMES["grassroots"])) >= 6


def test_the_store_is_streamed_never_read_whole(store, toks, monkeypatch):
    def whole(*_a, **_k):
        raise AssertionError("the whole token table or document table was read")

    monkeypatch.setattr(Store, "tokens", whole)
    monkeypatch.setattr(Store, "documents", whole)
    u, info = units_of(store, "doc_id", ["level"])
    assert info["batches"] >= 4 and len(u.frame) == 120
    ref, _ = units_of(toks, "doc_id", ["level"])
    pd.testing.assert_frame_equal(u.frame, ref.frame)
    assert all((x == y).all() for x, y in zip(u.words, ref.words))


def test_a_sample_of_documents_is_drawn_stated_and_the_same_from_a_store(store, toks):
    a = fit(toks, sample=60)
    ids = draw_sample(pd.Index(pd.unique(toks["doc_id"].astype(str)), dtype=object), 60, 0)
    assert a.attrs["sample"] == 60 and a.attrs["sample_seed"] == 0
    assert a.attrs["sample_documents"] == 60 and a.attrs["documents_total"] == 120
    assert a.units["doc_id"].tolist() == list(ids)  # corpus order
    # the same as a fit on exactly those documents' tokens
    only = toks[toks["doc_id"].astype(str).isin(ids)]
    b = fit(only)
    pd.testing.assert_frame_equal(a.terms, b.terms)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    same(a, fit(store, sample=60))
    # another seed draws other documents; a share of 0.25 draws 30
    other = fit(toks, sample=0.25, seed=1)
    assert other.attrs["sample_documents"] == 30 and other.units["doc_id"].tolist() != list(ids)[:30]


def test_bad_samples_raise_one_line(toks):
    for bad in (0, -3, 1.5, 0.0, True, "10"):
        with pytest.raises(ValueError, match="cppcc.topics: .*sample"):
            fit(toks, sample=bad)


def test_paragraphs_from_a_store_equal_paragraph_ids_on_the_tokens(tmp_path):
    sp = cppcc.load_speeches()
    st = cppcc.build_store(None, tmp_path / "seed", progress=False, n_jobs=1, batch_pages=1)
    toks = paragraph_ids(cppcc.open_corpus(store=st).tokens(), sp)
    u, info = units_of(st, "paragraph", ["level"])
    ref, _ = units_of(toks, "paragraph", ["level"])
    pd.testing.assert_frame_equal(u.frame, ref.frame)
    assert all((x == y).all() for x, y in zip(u.words, ref.words))
    assert len(u.frame) == 41
    a = cppcc.topics(st, 12, seeds="codebook", unit="paragraph", covariates="level", iterations=60)
    b = cppcc.topics(toks, 12, seeds="codebook", unit="paragraph", covariates="level", iterations=60)
    same(a, b)


def test_paragraphs_streamed_across_token_files(store, docs, toks):
    u, info = units_of(store, "paragraph", ["level"])
    ref, _ = units_of(paragraph_ids(toks, docs), "paragraph", ["level"])
    assert info["batches"] >= 4 and len(u.frame) == 120 * 3
    pd.testing.assert_frame_equal(u.frame, ref.frame)
    assert all((x == y).all() for x, y in zip(u.words, ref.words))


def test_topics_search_on_a_store_equals_on_tokens(store, toks):
    a = cppcc.topics_search(store, [2, 4], seeds=SEEDS, covariates="level", iterations=60)
    b = cppcc.topics_search(toks, [2, 4], seeds=SEEDS, covariates="level", iterations=60)
    pd.testing.assert_frame_equal(a, b, check_like=False)
    assert a.attrs["batches"] >= 4 and a.attrs["function"] == "topics_search"
