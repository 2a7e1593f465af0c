"""Property tests (hypothesis) of the counting invariants of cppcc.compare and cppcc.mechanisms."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cppcc.compare import distinctive_terms, term_frequencies
from cppcc.mechanisms import code_mechanisms, evidence, match_terms

VOCAB = ["委员", "工作室", "委员工作室", "民主", "监督", "协商", "的", "，", "。", "村", "社区"]


@st.composite
def token_frames(draw):
    n_docs = draw(st.integers(0, 4))
    rows = []
    for d in range(n_docs):
        for s_no in range(1, draw(st.integers(1, 3)) + 1):
            for tok in draw(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=12)):
                rows.append({"doc_id": f"d{d}", "sentence": s_no, "token": tok, "pos": "n",
                             "is_stop": tok == "的", "is_punct": tok in "，。", "group": "g" + str(d % 2)})
    cols = ["doc_id", "sentence", "token", "pos", "is_stop", "is_punct", "group"]
    df = pd.DataFrame(rows, columns=cols)
    df["position"] = np.arange(len(df))
    return df


codebooks = st.dictionaries(st.sampled_from(["a", "b", "c"]),
                            st.lists(st.sampled_from(["委员", "工作室", "委员工作室", "民主监督", "监督", "村", "*社区",
                                                      "协商"]), min_size=1, max_size=4, unique=True),
                            min_size=1, max_size=3)


def _dedupe(cb: dict) -> dict:
    seen, out = set(), {}
    for k, terms in cb.items():
        keep = [t for t in terms if t not in seen]
        seen.update(keep)
        if keep:
            out[k] = keep
    return out


@settings(max_examples=60, deadline=None)
@given(token_frames(), codebooks)
def test_evidence_rows_equal_code_counts(toks, cb):
    cb = _dedupe(cb)
    cm = code_mechanisms(toks, codebook=cb)
    ev = evidence(toks, codebook=cb)
    assert len(ev) == cm["matches"].sum()
    m = match_terms(toks, pd.DataFrame([(k, t) for k, v in cb.items() for t in v], columns=["category", "term"]))
    # matches never overlap and never leave their sentence
    ends = (m["row"] + m["n_tokens"]).to_numpy()
    assert (m["row"].to_numpy()[1:] >= ends[:-1]).all()
    for r in m.itertuples():
        span = toks.iloc[r.row:r.row + r.n_tokens]
        assert span["doc_id"].nunique() == 1 and span["sentence"].nunique() == 1
        if "*" not in r.term:
            assert "".join(span["token"]) == r.term


@settings(max_examples=60, deadline=None)
@given(token_frames())
def test_distinctive_terms_invariants(toks):
    tf = term_frequencies(toks)
    for method in ("log_odds", "g2"):
        dt = distinctive_terms(toks, by="group", method=method)
        assert np.isfinite(dt["score"]).all()
        if dt.empty:
            continue
        corpus = tf.set_index("term")["count"]
        assert ((dt["count"] + dt["count_rest"]).to_numpy() == corpus.reindex(dt["term"]).to_numpy()).all()
        if method == "g2":
            assert (dt["g2"] >= 0).all()
        # with two groups, "group vs rest" is antisymmetric
        if dt["group"].nunique() == 2:
            full = distinctive_terms(toks, by="group", method=method, include_zero=True)
            piv = full.pivot(index="term", columns="group", values="score")
            assert np.allclose(piv.iloc[:, 0], -piv.iloc[:, 1])
