"""Tests of cppcc.compare: frequencies, keyness (hand-computed), KWIC, co-occurrence, similarity;
property tests of the counting invariants shared with cppcc.mechanisms."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cppcc.compare import (
    cooccurrence,
    distinctive_terms,
    kwic,
    reference_frequencies,
    reference_keyness,
    similarity,
    term_frequencies,
)
from cppcc.mechanisms import code_mechanisms, evidence, match_terms
from cppcc.uncertainty import describe_rule
from _tokens import make_tokens




# A: x x y ;  B: x y y z  (no stopwords, punctuation excluded from everything)
TINY = make_tokens(
    {
        "d-01": ({"speaker": "甲", "level": "province"}, ["x x ， y 。"]),
        "d-02": ({"speaker": "乙", "level": "county"}, ["x y 。", "y z 。"]),
    }
)

TOKS = make_tokens(
    {
        "s-01": (
            {"speaker": "甲", "level": "province", "region": "河南省"},
            ["政协 协商 的 委员 。", "委员 履职 委员之家 。"],
        ),
        "s-02": (
            {"speaker": "乙", "level": "county", "region": "安徽省蚌埠市蚌山区"},
            ["基层 协商 协商 和 社区 。", "委员 协商 。"],
        ),
    }
)


# --------------------------------------------------------------------------- term_frequencies
def test_term_frequencies_overall_and_by():
    tf = term_frequencies(TOKS)
    # 14 non-punctuation tokens (stopwords 的/和 included in the denominator, excluded as terms)
    assert tf.columns.tolist() == ["term", "count", "n_tokens", "rate"]
    row = tf.set_index("term").loc["协商"]
    assert row["count"] == 4 and row["n_tokens"] == 14
    assert row["rate"] == pytest.approx(1000 * 4 / 14)
    assert "的" not in set(tf.term) and "。" not in set(tf.term)
    by = term_frequencies(TOKS, by="speaker")
    assert by.columns.tolist() == ["speaker", "term", "count", "n_tokens", "rate"]
    r = by.set_index(["speaker", "term"]).loc[("乙", "协商")]
    assert (r["count"], r["n_tokens"]) == (3, 7)
    # group order = order of appearance, then count descending
    assert by["speaker"].tolist()[0] == "甲" and by.iloc[0]["term"] == "委员"


def test_term_frequencies_stop_and_punct_options():
    keep_all = term_frequencies(TOKS, stop=False)
    assert keep_all.set_index("term").loc["的", "count"] == 1
    with_punct = term_frequencies(TOKS, punct=True, stop=False)
    assert with_punct.set_index("term").loc["。", "count"] == 4
    # denominator stays the non-punctuation tokens whatever the filters
    assert set(with_punct["n_tokens"]) == {14}
    custom = term_frequencies(TOKS, stop={"协商"})
    assert "协商" not in set(custom.term) and "的" in set(custom.term)


def test_term_frequencies_multiple_by_columns_and_missing_values():
    t = TOKS.copy()
    t.loc[t.doc_id == "s-02", "region"] = None
    tf = term_frequencies(t, by=["level", "region"])
    assert tf.columns.tolist()[:2] == ["level", "region"]
    assert tf["region"].isna().sum() > 0  # the missing group is kept, not dropped
    assert tf["count"].sum() == term_frequencies(t)["count"].sum()


# --------------------------------------------------------------------------- distinctive_terms
def test_log_odds_matches_hand_computation():
    # counts: A: x=2 y=1 (n=3); B: x=1 y=2 z=1 (n=4); corpus x=3 y=3 z=1, N=7.
    # default prior alpha_w = a0 * corpus share with a0 = N = 7 -> alpha = corpus counts (3, 3, 1), alpha0 = 7
    dt = distinctive_terms(TINY, by="doc_id")
    got = dt.set_index(["doc_id", "term"])
    yi, ni, yj, nj, a, a0 = 2, 3, 1, 4, 3, 7
    delta = math.log((yi + a) / (ni + a0 - yi - a)) - math.log((yj + a) / (nj + a0 - yj - a))
    z = delta / math.sqrt(1 / (yi + a) + 1 / (yj + a))
    assert delta == pytest.approx(math.log(7 / 4))
    assert got.loc[("d-01", "x"), "score"] == pytest.approx(z, rel=1e-12)
    assert got.loc[("d-01", "x"), "delta"] == pytest.approx(delta, rel=1e-12)
    # z for B, term z: yi=1, ni=4, yj=0, nj=3, alpha=1
    yi, ni, yj, nj, a = 1, 4, 0, 3, 1
    delta = math.log((yi + a) / (ni + a0 - yi - a)) - math.log((yj + a) / (nj + a0 - yj - a))
    z = delta / math.sqrt(1 / (yi + a) + 1 / (yj + a))
    assert got.loc[("d-02", "z"), "score"] == pytest.approx(z, rel=1e-12)
    assert (got.loc[("d-02", "z"), "count"], got.loc[("d-02", "z"), "count_rest"]) == (1, 0)
    assert got.loc[("d-02", "z"), "rate"] == pytest.approx(1000 / 4)
    # two groups: group vs rest is antisymmetric
    assert got.loc[("d-02", "x"), "score"] == pytest.approx(-got.loc[("d-01", "x"), "score"])


def test_log_odds_prior_scale_and_user_prior():
    dt = distinctive_terms(TINY, by="doc_id", prior_scale=1.0).set_index(["doc_id", "term"])
    a, a0 = 3 / 7, 1.0
    yi, ni, yj, nj = 1, 3, 2, 4  # A, term y
    delta = math.log((yi + a) / (ni + a0 - yi - a)) - math.log((yj + a) / (nj + a0 - yj - a))
    z = delta / math.sqrt(1 / (yi + a) + 1 / (yj + a))
    assert dt.loc[("d-01", "y"), "score"] == pytest.approx(z, rel=1e-12)
    # a user prior (uniform 0.5 pseudo-counts): alpha0 = 1.5
    prior = pd.Series({"x": 0.5, "y": 0.5, "z": 0.5})
    dt = distinctive_terms(TINY, by="doc_id", prior=prior).set_index(["doc_id", "term"])
    a, a0 = 0.5, 1.5
    yi, ni, yj, nj = 2, 3, 1, 4
    delta = math.log((yi + a) / (ni + a0 - yi - a)) - math.log((yj + a) / (nj + a0 - yj - a))
    assert dt.loc[("d-01", "x"), "delta"] == pytest.approx(delta, rel=1e-12)


def test_log_odds_general_prior_uses_reference_shares():
    dt = distinctive_terms(TOKS, by="doc_id", prior="general", prior_scale=10.0)
    ref = reference_frequencies(["政协", "协商", "委员", "履职", "委员之家", "基层", "社区"])
    f = dict(zip(ref.term, ref.ref_freq))
    a = 10.0 * f["协商"] / sum(f.values())
    yi, ni, yj, nj, a0 = 3, 6, 1, 6, 10.0  # s-02 协商; counted tokens (no stopwords) 6 + 6
    delta = math.log((yi + a) / (ni + a0 - yi - a)) - math.log((yj + a) / (nj + a0 - yj - a))
    got = dt.set_index(["doc_id", "term"]).loc[("s-02", "协商")]
    assert got["delta"] == pytest.approx(delta, rel=1e-9)


def test_g2_matches_hand_computation():
    dt = distinctive_terms(TINY, by="doc_id", method="g2").set_index(["doc_id", "term"])
    # A vs rest for x: 2x2 table [[2, 1], [1, 3]], N = 7
    o = [[2, 1], [1, 3]]
    n = 7
    rows, cols = [3, 4], [3, 4]
    g2 = 2 * sum(o[i][j] * math.log(o[i][j] / (rows[i] * cols[j] / n)) for i in range(2) for j in range(2))
    assert dt.loc[("d-01", "x"), "score"] == pytest.approx(g2, rel=1e-12)
    assert dt.loc[("d-02", "x"), "score"] == pytest.approx(-g2, rel=1e-12)  # under-use is negative
    # a zero cell: B vs rest for z: [[1, 3], [0, 3]] (0 ln 0 = 0)
    o = [[1, 3], [0, 3]]
    rows, cols = [4, 3], [1, 6]
    g2 = 2 * sum(
        o[i][j] * math.log(o[i][j] / (rows[i] * cols[j] / n)) for i in range(2) for j in range(2) if o[i][j]
    )
    assert dt.loc[("d-02", "z"), "score"] == pytest.approx(g2, rel=1e-12)
    assert dt.loc[("d-02", "z"), "p_value"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)), rel=1e-9)


def test_g2_williams_correction_by_hand():
    dt = distinctive_terms(TINY, by="doc_id", method="g2", williams=True).set_index(["doc_id", "term"])
    o = [[2, 1], [1, 3]]
    n = 7
    rows, cols = [3, 4], [3, 4]
    g2 = 2 * sum(o[i][j] * math.log(o[i][j] / (rows[i] * cols[j] / n)) for i in range(2) for j in range(2))
    q = 1 + (n / 3 + n / 4 - 1) * (n / 3 + n / 4 - 1) / (6 * n)
    assert dt.loc[("d-01", "x"), "score"] == pytest.approx(g2 / q, rel=1e-12)


def test_distinctive_terms_by_metadata_column_and_columns():
    dt = distinctive_terms(TOKS, by="level")
    assert dt.columns.tolist() == [
        "level",
        "term",
        "score",
        "count",
        "rate",
        "count_rest",
        "rate_rest",
        "delta",
        "se",
        "p",
        "q",
        "docs",
        "n_docs",
        "dp",
        "distinctive",
    ]
    assert dt["level"].tolist()[0] == "province"
    top_county = dt[dt.level == "county"].iloc[0]
    assert top_county["term"] == "协商" and top_county["count"] == 3
    # every row's count + count_rest is the corpus count
    corpus = term_frequencies(TOKS).set_index("term")["count"]
    assert ((dt["count"] + dt["count_rest"]).to_numpy() == corpus.reindex(dt["term"]).to_numpy()).all()


def test_distinctive_terms_include_zero_and_min_count():
    dt = distinctive_terms(TINY, by="doc_id", include_zero=True)
    assert len(dt) == 2 * 3
    z_in_a = dt.set_index(["doc_id", "term"]).loc[("d-01", "z")]
    assert z_in_a["count"] == 0 and z_in_a["score"] < 0
    assert set(distinctive_terms(TINY, by="doc_id", min_count=2)["term"]) == {"x", "y"}


def test_distinctive_terms_missing_group_values():
    t = TOKS.copy()
    t.loc[t.doc_id == "s-02", "region"] = None
    dt = distinctive_terms(t, by="region")
    assert set(dt["region"]) == {"河南省"}
    # the missing-region tokens are still the "rest"
    assert dt.set_index("term").loc["协商", "count_rest"] == 3
    dt = distinctive_terms(t, by="region", dropna=False)
    assert dt["region"].isna().any()


def test_distinctive_terms_errors():
    with pytest.raises(ValueError, match="province"):
        distinctive_terms(TOKS, by="province")
    with pytest.raises(ValueError, match="method"):
        distinctive_terms(TOKS, method="chi2")
    with pytest.raises(ValueError, match=r"is_punct"):
        distinctive_terms(TOKS.drop(columns="is_punct"))


# --------------------------------------------------------------------------- reference keyness
def test_reference_frequencies_exact_estimate_and_floor():
    from wordfreq import get_frequency_dict, word_frequency

    ref = reference_frequencies(["委员", "委员之家", "龘龘龘龘"]).set_index("term")
    assert ref.loc["委员", "ref_freq"] == get_frequency_dict("zh")["委员"]
    assert bool(ref.loc["委员", "in_reference"]) and not bool(ref.loc["委员之家", "in_reference"])
    # the estimate follows wordfreq's own rule (wordfreq rounds to 3 significant digits)
    assert ref.loc["委员之家", "ref_freq"] == pytest.approx(word_frequency("委员之家", "zh"), rel=5e-3)
    floor = min(get_frequency_dict("zh").values())
    assert ref.loc["龘龘龘龘", "ref_freq"] == pytest.approx(floor)
    fl = reference_frequencies(["委员之家"], missing="floor")
    assert fl["ref_freq"].item() == pytest.approx(floor)


def test_reference_keyness_matches_hand_computation():
    from wordfreq import get_frequency_dict

    rk = reference_keyness(TOKS).set_index("term")
    assert rk.columns.tolist() == [
        "count",
        "rate",
        "ref_freq",
        "ref_per_million",
        "in_reference",
        "log_ratio",
        "g2",
        "score",
    ]
    p = get_frequency_dict("zh")["协商"]
    y, n = 4, 14
    g2 = 2 * (y * math.log(y / (n * p)) + (n - y) * math.log((n - y) / (n * (1 - p))))
    assert rk.loc["协商", "g2"] == pytest.approx(g2, rel=1e-9)
    assert rk.loc["协商", "log_ratio"] == pytest.approx(math.log((y / n) / p), rel=1e-12)
    assert rk.loc["协商", "ref_per_million"] == pytest.approx(p * 1e6)
    assert rk.loc["协商", "score"] == rk.loc["协商", "g2"]
    assert rk["score"].is_monotonic_decreasing


def test_reference_keyness_under_use_and_by():
    # 的 is ~6 % of general Chinese; here 1 of 14 tokens -> over; make a text where 的 is rare
    t = make_tokens({"a": ({"level": "county"}, ["的 " + "协商 " * 99 + "。"])})
    rk = reference_keyness(t, stop=False).set_index("term")
    assert rk.loc["的", "g2"] < 0 and rk.loc["的", "log_ratio"] < 0
    by = reference_keyness(TOKS, by="level", measure="log_ratio")
    assert by.columns[0] == "level" and set(by["level"]) == {"province", "county"}


# --------------------------------------------------------------------------- kwic
SPEECHES = pd.DataFrame(
    {
        "doc_id": ["k-01", "k-02", "k-03"],
        "speaker": ["甲", "乙", "丙"],
        "text": ["打造委员之家。\n建设委员之家，推进协商。", "协商议事会议，每年两次。", "不对齐的委员之家"],
        "text_original": [
            "打造委員之家。\n建設委員之家,推進協商。",
            "協商議事會議,每年兩次。",
            "不對齊的的委員之家",
        ],
    }
)


def test_kwic_plain_traditional_pattern_and_original_passage():
    k = kwic(SPEECHES, "委員之家", window=3)  # a Traditional query finds the Simplified text
    assert k.columns.tolist()[:8] == [
        "doc_id",
        "left",
        "match",
        "right",
        "start",
        "end",
        "passage_original",
        "match_original",
    ]
    assert k["doc_id"].tolist() == ["k-01", "k-01", "k-03"]
    first = k.iloc[0]
    assert (first["left"], first["match"], first["right"]) == (
        "打造",
        "委员之家",
        "。 建",
    )  # newline shown as space
    assert (first["start"], first["end"]) == (2, 6)
    assert first["match_original"] == "委員之家" and first["passage_original"] == "打造委員之家。\n建"
    assert k.iloc[1]["left"] == " 建设"
    assert k.iloc[1]["passage_original"] == "\n建設委員之家,推進"
    # k-03: lengths differ (one paragraph) -> no alignment, None rather than a wrong slice
    assert k.iloc[2]["passage_original"] is None and k.iloc[2]["match_original"] is None
    assert k.iloc[0]["speaker"] == "甲"


def test_kwic_paragraph_alignment_when_total_lengths_differ():
    s = pd.DataFrame(
        {
            "doc_id": ["p"],
            "text": ["第一段多了字。\n委员之家在这里。"],
            "text_original": ["第一段。\n委員之家在這裏。"],
        }
    )
    k = kwic(s, "委员之家", window=2)
    assert k["match_original"].item() == "委員之家"
    # the left context reaches into the misaligned first paragraph -> None
    assert k["passage_original"].item() is None


def test_kwic_regex_and_empty():
    k = kwic(SPEECHES, r"[一二两三]次", regex=True, window=2)
    assert k[["doc_id", "match", "left"]].values.tolist() == [["k-02", "两次", "每年"]]
    assert k["match_original"].item() == "兩次"
    empty = kwic(SPEECHES.iloc[:0], "协商")
    assert empty.empty and empty.columns.tolist()[:4] == ["doc_id", "left", "match", "right"]
    assert kwic(SPEECHES, "不存在的词").empty
    with pytest.raises(ValueError, match="text"):
        kwic(SPEECHES.drop(columns="text"), "协商")


# --------------------------------------------------------------------------- co-occurrence
def test_cooccurrence_sentence_window_hand_values():
    G = cooccurrence(TOKS, min_count=1)
    assert isinstance(G, nx.Graph)
    # 4 sentences; 协商 in 3 of them (s-01 #1, s-02 #1, s-02 #2), 委员 in 3 (s-01 #1, s-01 #2, s-02 #2)
    e = G.edges["协商", "委员"]
    assert e["count"] == 2
    assert e["pmi"] == pytest.approx(math.log(2 * 4 / (3 * 3)))
    assert e["jaccard"] == pytest.approx(2 / (3 + 3 - 2))
    assert e["weight"] == e["jaccard"]
    assert G.nodes["协商"]["count"] == 4 and G.nodes["协商"]["sentences"] == 3
    assert "的" not in G and "。" not in G  # stopwords and punctuation are not nodes
    G2 = cooccurrence(TOKS, min_count=2)
    assert list(G2.edges) == [("协商", "委员")] or list(G2.edges) == [("委员", "协商")]


def test_cooccurrence_token_window_hand_values():
    t = make_tokens({"w": ({}, ["甲乙 丙丁 甲乙 。 戊己"])})
    G = cooccurrence(t, window=1, min_count=1)
    # pairs at distance 1 among content tokens: (甲乙,丙丁), (丙丁,甲乙) -> count 2; 戊己 is 2 positions
    # after the last 甲乙 (the full stop sits between them)
    assert G.edges["甲乙", "丙丁"]["count"] == 2
    assert not G.has_edge("甲乙", "戊己")
    # P = 2 content pairs, N = 4 content tokens, f(甲乙) = 2, f(丙丁) = 1
    assert G.edges["甲乙", "丙丁"]["pmi"] == pytest.approx(math.log(2 / (2 * 2 * 2 * 1 / 16)))
    G2 = cooccurrence(t, window=2, min_count=1)
    assert G2.edges["甲乙", "戊己"]["count"] == 1
    with pytest.raises(ValueError):
        cooccurrence(t, window=2, measure="jaccard")


# --------------------------------------------------------------------------- similarity
def test_similarity_hand_value():
    t = make_tokens({"a": ({}, ["甲 乙"]), "b": ({}, ["甲 丙"])})
    sim = similarity(t)
    # smooth idf: ln((1+n)/(1+df)) + 1 -> 甲: 1, 乙/丙: ln(3/2)+1; cosine = 1 / (1 + (1+ln 1.5)^2)
    w = 1 + math.log(1.5)
    assert sim.loc["a", "b"] == pytest.approx(1 / (1 + w * w))
    assert sim.index.name == "doc_id" and sim.loc["a", "a"] == pytest.approx(1.0)
    long = similarity(t, long=True)
    assert long.columns.tolist() == ["doc_id_1", "doc_id_2", "similarity"]
    assert len(long) == 2


def test_similarity_by_speaker_symmetric():
    sim = similarity(TOKS, by="speaker")
    assert sim.index.tolist() == ["甲", "乙"]
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T)


# --------------------------------------------------------------------------- empty / one document
EMPTY = TOKS.iloc[:0]
ONE = TOKS[TOKS.doc_id == "s-01"]


@pytest.mark.parametrize("frame", [EMPTY, ONE], ids=["empty", "one-doc"])
def test_empty_and_one_document_do_not_raise(frame):
    tf = term_frequencies(frame, by="doc_id")
    dt = distinctive_terms(frame, by="doc_id")
    dt2 = distinctive_terms(frame, by="doc_id", method="g2")
    rk = reference_keyness(frame)
    G = cooccurrence(frame, min_count=1)
    sim = similarity(frame)
    if frame.empty:
        assert tf.empty and dt.empty and dt2.empty and rk.empty and G.number_of_nodes() == 0 and sim.empty
    else:
        # one document against an empty rest: scores are 0, not errors
        assert np.allclose(dt["score"], 0.0) and np.allclose(dt2["score"], 0.0)
        assert sim.shape == (1, 1) and sim.iloc[0, 0] == pytest.approx(1.0)
        assert len(rk) > 0 and G.number_of_nodes() > 0


def test_missing_columns_are_named():
    from cppcc.common import ColumnError

    with pytest.raises(ColumnError, match="is_punct"):
        term_frequencies(TOKS.drop(columns="is_punct"))
    # the stop words come from the spec, not from the frame's flags: no is_stop needed
    assert term_frequencies(TOKS.drop(columns="is_stop")).equals(term_frequencies(TOKS))
    with pytest.raises(KeyError, match="term"):  # ColumnError is a KeyError too
        distinctive_terms(pd.DataFrame({"group": ["a"], "count": [1]}), by="group")
    with pytest.raises(ValueError, match="sentence"):
        cooccurrence(TOKS.drop(columns="sentence"))
    with pytest.raises(ValueError, match="speaker_x"):
        similarity(TOKS, by="speaker_x")
    with pytest.raises(ValueError, match="region_x"):
        reference_keyness(TOKS, by="region_x")


# --------------------------------------------------------------------------- the seed page
@pytest.fixture(scope="module")
def seed():
    import cppcc

    speeches = cppcc.load_speeches()
    return speeches, cppcc.tokens(speeches)


SPEAKERS = ["李银峰", "刘伟", "韩勇", "石艳", "江泽林"]


def test_seed_term_counts_per_speaker_match_grep(seed):
    speeches, toks = seed
    tf = term_frequencies(toks, by="speaker").set_index(["speaker", "term"])["count"]
    # `grep -o TERM` on each speech's normalised text; these terms are never part of a longer token
    expected = {
        "平台": [3, 3, 2, 4, 3],
        "经费": [0, 1, 1, 0, 1],
        "边疆": [6, 0, 0, 0, 0],
        "扶贫": [0, 0, 4, 0, 0],
        "两个薄弱": [0, 3, 0, 0, 0],
    }
    for term, counts in expected.items():
        got = [int(tf.get((sp, term), 0)) for sp in SPEAKERS]
        assert got == counts, term
        assert [t.count(term) for t in speeches["text"]] == counts
    # the whole page: grep -o 平台 -> 15
    assert term_frequencies(toks).set_index("term").loc["平台", "count"] == 15
    # denominators: every non-punctuation token of the speech
    n = term_frequencies(toks, by="doc_id").drop_duplicates("doc_id").set_index("doc_id")["n_tokens"]
    direct = (
        toks[~toks["is_punct"] & toks["token"].astype(str).str.strip().ne("")]
        .groupby("doc_id", observed=True)
        .size()
    )
    assert n.to_dict() == direct.to_dict()


def test_seed_distinctive_terms_hand_check(seed):
    _, toks = seed
    counted = toks[~toks["is_punct"] & ~toks["is_stop"] & toks["token"].astype(str).str.strip().ne("")]
    n = len(counted)
    # 平台: grep -o gives 3, 3, 2, 4, 3 per speech -> 石艳 4, the rest 11
    n_i = int((counted["speaker"] == "石艳").sum())
    n_j = n - n_i
    dt = distinctive_terms(toks, by="speaker", method="g2").set_index(["speaker", "term"])
    row = dt.loc[("石艳", "平台")]
    assert (row["count"], row["count_rest"]) == (4, 11)
    o = [[4, n_i - 4], [11, n_j - 11]]
    rows, cols = [n_i, n_j], [15, n - 15]
    g2 = 2 * sum(o[i][j] * math.log(o[i][j] / (rows[i] * cols[j] / n)) for i in range(2) for j in range(2))
    sign = 1 if 4 / n_i > 11 / n_j else -1
    assert row["score"] == pytest.approx(sign * g2, rel=1e-9)
    # 边疆: 6 times in 李银峰's speech, never elsewhere (grep -o); he is the only prefecture speaker
    n_i = int((counted["level"] == "prefecture").sum())
    n_j = n - n_i
    lo = distinctive_terms(toks, by="level").set_index(["level", "term"])
    assert (lo.loc[("prefecture", "边疆"), "count"], lo.loc[("prefecture", "边疆"), "count_rest"]) == (6, 0)
    a = 6.0  # corpus prior with a0 = N: alpha_w = corpus count of the term
    delta = math.log((6 + a) / (n_i + n - 6 - a)) - math.log((0 + a) / (n_j + n - 0 - a))
    z = delta / math.sqrt(1 / (6 + a) + 1 / (0 + a))
    assert lo.loc[("prefecture", "边疆"), "score"] == pytest.approx(z, rel=1e-9)
    # top log-odds term of each speaker is used more by that speaker than by the rest
    top = distinctive_terms(toks, by="speaker").groupby("speaker", sort=False).head(1)
    assert (top["rate"] > top["rate_rest"]).all() and top["speaker"].tolist() == SPEAKERS


def test_seed_reference_keyness(seed):
    from wordfreq import get_frequency_dict

    _, toks = seed
    rk = reference_keyness(toks)
    assert rk.iloc[0]["term"] == "政协"
    assert rk.iloc[0]["ref_freq"] == get_frequency_dict("zh")["政协"]
    assert rk.set_index("term").loc["两个薄弱", "count"] == 3
    assert not rk["term"].str.fullmatch(r"[\d.%]+").any()  # numbers are not scored


def test_seed_kwic_with_original_script(seed):
    speeches, _ = seed
    k = kwic(speeches, "委员之家")
    # grep -o 委员之家 on the page: 4 (李银峰 1, 刘伟 2, 石艳 1)
    assert k["doc_id"].str[-2:].tolist() == ["01", "02", "02", "04"]
    assert (k["match_original"] == "委員之家").all()
    first = k.iloc[0]
    assert (
        first["left"] == "委员和相关人员为成员，以“乡镇" and first["right"] == "”、“村级便民服务站”为议事场"
    )
    assert first["passage_original"] == "委員和相關人員為成員,以“鄉鎮委員之家”、“村級便民服務站”為議事場"
    assert first["speaker"] == "李银峰"
    for r in k.itertuples():
        assert speeches.set_index("doc_id").loc[r.doc_id, "text"][r.start : r.end] == "委员之家"


def test_seed_cooccurrence_and_similarity(seed):
    _, toks = seed
    G = cooccurrence(toks, min_count=3)
    assert G.number_of_edges() > 0
    # cross-check one edge against a direct count of sentences holding both words
    sents = toks.groupby(["doc_id", "sentence"], observed=True)["token"].agg(lambda s: set(s.astype(str)))
    both = sum(1 for s in sents if {"委员", "履职"} <= s)
    assert G.edges["委员", "履职"]["count"] == both
    assert all(len(n) >= 2 for n in G.nodes)
    sim = similarity(toks)
    assert sim.shape == (5, 5) and np.allclose(np.diag(sim), 1.0) and np.allclose(sim, sim.T)
    assert sim.index.tolist() == [f"000_311b16853e29c05d-0{i}" for i in range(1, 6)]


def test_kwic_invalid_regex_is_a_clear_error():
    with pytest.raises(ValueError, match="invalid regular expression"):
        kwic(SPEECHES, "委员(", regex=True)


# --------------------------------------------------------------------------- pages of our own
def test_pages_compare_by_region_and_level():
    """Simplified UTF-8 page (武侯区 county, 广东省 province) and a Traditional Big5 page (厦门市)."""
    from pathlib import Path

    import cppcc

    speeches = cppcc.load_speeches(Path(__file__).parent / "fixtures" / "compare" / "pages")
    toks = cppcc.tokens(speeches)
    tf = term_frequencies(toks, by="province").set_index(["province", "term"])["count"]
    # read off the texts: 委员之家 four times in 厦门 (Traditional source), never elsewhere
    assert tf[("福建省", "委员之家")] == 4 and ("四川省", "委员之家") not in tf.index
    dt = distinctive_terms(toks, by="level", method="g2").set_index(["level", "term"])
    assert dt.loc[("prefecture", "委员之家"), "count"] == 4
    assert dt.loc[("prefecture", "委员之家"), "count_rest"] == 0
    assert dt.loc[("prefecture", "委员之家"), "score"] > 0
    k = kwic(speeches, "委员之家")
    assert (k["match_original"] == "委員之家").all() and (k["level"] == "prefecture").all()
    sim = similarity(toks, by="level")
    assert sim.index.tolist() == ["county", "province", "prefecture"]


def test_seed_one_speech_subset_with_unused_categories(seed):
    """A subset keeps the categorical dtypes (with unused categories) of cppcc.tokens: still one group."""
    speeches, toks = seed
    one = toks[toks["speaker"] == "刘伟"]
    assert term_frequencies(one, by="speaker")["speaker"].nunique() == 1
    dt = distinctive_terms(one, by="speaker")
    assert set(dt["speaker"]) == {"刘伟"} and np.allclose(dt["score"], 0.0)
    assert similarity(one, by="speaker").shape == (1, 1)
    assert len(kwic(speeches[speeches.speaker == "刘伟"], "两个薄弱")) == 3
    cm = code_mechanisms(one)
    assert cm["doc_id"].nunique() == 1 and len(evidence(one)) == cm["matches"].sum()


# --------------------------------------------------------------------------- properties (hypothesis)
VOCAB = ["委员", "工作室", "委员工作室", "民主", "监督", "协商", "的", "，", "。", "村", "社区"]


@st.composite
def token_frames(draw):
    n_docs = draw(st.integers(0, 4))
    rows = []
    for d in range(n_docs):
        for s_no in range(1, draw(st.integers(1, 3)) + 1):
            for tok in draw(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=12)):
                rows.append(
                    {
                        "doc_id": f"d{d}",
                        "sentence": s_no,
                        "token": tok,
                        "pos": "n",
                        "is_stop": tok == "的",
                        "is_punct": tok in "，。",
                        "group": "g" + str(d % 2),
                    }
                )
    cols = ["doc_id", "sentence", "token", "pos", "is_stop", "is_punct", "group"]
    df = pd.DataFrame(rows, columns=cols)
    df["position"] = np.arange(len(df))
    return df


codebooks = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.lists(
        st.sampled_from(["委员", "工作室", "委员工作室", "民主监督", "监督", "村", "*社区", "协商"]),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    min_size=1,
    max_size=3,
)


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
    m = match_terms(
        toks, pd.DataFrame([(k, t) for k, v in cb.items() for t in v], columns=["category", "term"])
    )
    # matches never overlap and never leave their sentence
    ends = (m["row"] + m["n_tokens"]).to_numpy()
    assert (m["row"].to_numpy()[1:] >= ends[:-1]).all()
    for r in m.itertuples():
        span = toks.iloc[r.row : r.row + r.n_tokens]
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


def test_seed_stopword_settings(seed):
    import cppcc

    _, toks = seed
    general = term_frequencies(toks)  # is_stop: the general list (的, 和...)
    # one stop-word spec: names and words mix, the union is left out
    official = term_frequencies(toks, stop=["general", "officialese"])
    only_official = term_frequencies(toks, stop="officialese")
    everything = term_frequencies(toks, stop=False)
    assert "工作" in set(general.term) and "工作" not in set(official.term)
    assert "的" in set(everything.term) and "的" not in set(general.term)
    assert "的" in set(only_official.term) and "工作" not in set(only_official.term)
    assert term_frequencies(toks, stop=["officialese"]).equals(only_official)  # a list name, not a word
    mixed = term_frequencies(toks, stop=["general", "工作"])
    assert set(mixed.term) == set(general.term) - {"工作"}
    assert official.attrs["stop"] == "general+officialese" and mixed.attrs["stop"] == "general+1 word(s)"
    assert not (set(official.term) & set(cppcc.stopwords("officialese")))
    assert (general["count"] > 0).all() and (official["count"] > 0).all()
    assert len(everything) > len(general) > len(official)
    assert general["term"].dtype == object


def test_one_group_has_no_contrast():
    import pandas as pd

    import cppcc

    toks = cppcc.tokens(
        pd.DataFrame(
            {
                "doc_id": ["a", "b"],
                "region": ["甲省", "甲省"],
                "text": ["加强委员培训，搭建协商平台。", "完善考核制度，加强委员之家建设。"],
            }
        )
    )
    for method in ("log_odds", "g2"):
        dt = cppcc.distinctive_terms(toks, by="region", method=method)
        assert len(dt) > 0 and (dt["score"] == 0).all(), method


# --------------------------------------------------------------------------- count tables and attrs
def _assert_same_scores(a, b, by):
    """Same scores, p and q (a count table without doc_id knows no documents: docs, n_docs, dp and
    the rule that reads them are left out)."""
    key = [by, "term"]
    per_doc = ["docs", "n_docs", "dp", "distinctive"]
    a = a.sort_values(key).reset_index(drop=True).drop(columns=per_doc)
    b = b.sort_values(key).reset_index(drop=True).drop(columns=per_doc)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("method", ["log_odds", "g2"])
def test_seed_count_table_scores_equal_the_token_path(seed, method):
    _, toks = seed
    direct = distinctive_terms(toks, by="speaker", method=method)
    # a tidy count table with the groups' denominators (what term_frequencies gives)
    tf = term_frequencies(toks, by="speaker")
    _assert_same_scores(distinctive_terms(tf, by="speaker", method=method), direct, "speaker")
    # a raw count table of every token (stop words and punctuation included), as a store would
    # count it: the same stop / punct settings give the same scores, the denominators are derived
    raw = (
        toks.groupby(["speaker", "token"], observed=True)
        .size()
        .rename("count")
        .reset_index()
        .rename(columns={"token": "term"})
    )
    raw = raw[raw["count"] > 0]
    from_raw = distinctive_terms(raw, by="speaker", method=method)
    _assert_same_scores(from_raw, direct, "speaker")
    assert from_raw.attrs["input"] == "counts" and direct.attrs["input"] == "tokens"
    assert {k: v for k, v in from_raw.attrs.items() if k != "input"} == {
        k: v for k, v in direct.attrs.items() if k != "input"
    }


def test_seed_distinctive_terms_attrs(seed):
    _, toks = seed
    lo = distinctive_terms(toks, by="speaker")
    assert lo.attrs == {
        "function": "distinctive_terms",
        "by": "speaker",
        "method": "log_odds",
        "input": "tokens",
        "prior": "corpus",
        "prior_scale": float(lo.attrs["prior_scale"]),
        "williams": None,
        "stop": "general",
        "punct": False,
        "min_count": 1,
        "include_zero": False,
        "dropna": True,
        "q_max": 0.05,
        "min_docs": 2,
        "rule": describe_rule(0.05, 2),
        "fdr": "benjamini-hochberg within group, over every term of the vocabulary",
    }
    counted = toks[~toks["is_punct"] & ~toks["is_stop"]]
    assert lo.attrs["prior_scale"] == float(len(counted))  # a0 = n, the counted tokens
    g2 = distinctive_terms(toks, by="level", method="g2", williams=True, stop=False)
    assert (
        g2.attrs["by"],
        g2.attrs["method"],
        g2.attrs["prior"],
        g2.attrs["williams"],
        g2.attrs["stop"],
    ) == ("level", "g2", None, True, "none")
    assert term_frequencies(toks, by="region").attrs["by"] == ["region"]
    assert reference_keyness(toks).attrs["method"] == "g2"
    assert similarity(toks).attrs["method"] == "tfidf_cosine"


def test_count_table_duplicates_add_up_and_bad_counts_are_named():
    counts = pd.DataFrame(
        {
            "group": ["a", "a", "b", "b", "a"],
            "term": ["协商", "民主", "协商", "监督", "协商"],
            "count": [2, 1, 1, 4, 3],
        }
    )
    got = distinctive_terms(counts, by="group", stop=False)
    assert got.set_index(["group", "term"]).loc[("a", "协商"), "count"] == 5
    assert got.set_index(["group", "term"]).loc[("a", "协商"), "count_rest"] == 1
    with pytest.raises(ValueError, match="negative"):
        distinctive_terms(counts.assign(count=-1), by="group")
