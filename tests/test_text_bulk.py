"""The bulk segmentation path of ``cppcc.tokens`` over many chunks and in two threads (issue 27).

The texts of a call are normalised and segmented a chunk of about ``analyse._CUT_CHARS``
characters at a time, joined by line breaks, and with rjieba one chunk is segmented in a second
thread while the next is normalised. The tests of ``test_text.py`` use texts that fit in one chunk:
these force many chunks and compare both ways with the reference path.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cppcc
from cppcc.memo import TOKENS
from cppcc.text import analyse, segmenter

_CHARS = st.sampled_from(list("政协委员之家蚌山區臨滄市協商，。！？；、“”（）\n 0123456789ABCabc%+-\x85"))
_TEXT = st.text(_CHARS, max_size=30)


def _bulk(monkeypatch, texts, seg) -> dict:
    """``_analyse_many`` without its fallback to the reference path (which would hide a bulk error)."""
    with monkeypatch.context() as m:
        m.setattr(analyse, "_analyse_each", lambda *a: pytest.fail("the bulk path fell back"))
        return analyse._analyse_many(texts, seg)


def _same(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for key in want:
        assert got[key].tolist() == want[key].tolist(), key
        assert got[key].dtype == want[key].dtype, key


@pytest.mark.parametrize("threaded", [True, False])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(st.none(), _TEXT), max_size=8), chunk=st.integers(1, 40),
       words=st.lists(st.sampled_from(["委员之家", "临沧", "ab1", "政协委员"]), max_size=2))
def test_many_chunks_equal_the_reference_path(monkeypatch, threaded, texts, chunk, words):
    monkeypatch.setattr(analyse, "_CUT_CHARS", chunk)
    monkeypatch.setattr(analyse, "_CUT_IN_THREAD", threaded)
    for backend in {"jieba", segmenter._available_backend()}:
        seg = segmenter._segmenter(backend, False, segmenter._extra_words(words))
        _same(_bulk(monkeypatch, texts, seg), analyse._analyse_each(texts, seg, False))


def test_chunks_and_threads_give_the_frame_of_one_chunk(monkeypatch):
    speeches = cppcc.load_speeches()
    docs = pd.concat([speeches] * 3, ignore_index=True).assign(doc_id=lambda d: [f"d{i}" for i in d.index])
    whole = cppcc.tokens(docs, cache=False)
    TOKENS.clear()
    monkeypatch.setattr(analyse, "_CUT_CHARS", 500)  # dozens of chunks
    calls = []
    real = segmenter._Segmenter.cut
    monkeypatch.setattr(segmenter._Segmenter, "cut", lambda seg, text: calls.append(text) or real(seg, text))
    for threaded in (True, False):
        monkeypatch.setattr(analyse, "_CUT_IN_THREAD", threaded)
        TOKENS.clear()
        calls.clear()
        pd.testing.assert_frame_equal(cppcc.tokens(docs, cache=False), whole)
        assert len(calls) > 10  # the chunks, each segmented in one call
        assert "".join(calls).count("\n") >= len(docs) - 1


def test_a_text_longer_than_a_chunk_is_one_chunk(monkeypatch):
    monkeypatch.setattr(analyse, "_CUT_CHARS", 3)
    seg = segmenter._segmenter(segmenter._available_backend())
    texts = ["蚌山區政協建立委員之家。臨滄市政協", "", None, "協商！"]
    _same(_bulk(monkeypatch, texts, seg), analyse._analyse_each(texts, seg, False))
