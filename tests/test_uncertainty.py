"""cppcc.uncertainty: cluster-bootstrap rates and contrasts, dispersion of terms, q-values.

Exact checks use groups of two documents: a replicate draws both documents from {a, b}, so its
pooled rate is the rate of a alone (probability 1/4), of b alone (1/4) or of both pooled (1/2).
With 4,000 replicates the 2.5% and 97.5% percentiles fall inside the outer atoms (each holds ~25%
of the replicates), so the interval is exactly [min(r_a, r_b), max(r_a, r_b)].
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

import cppcc
from cppcc.common import ColumnError
from cppcc.uncertainty import (
    add_qvalues,
    bh_qvalues,
    bootstrap_rates,
    describe_rule,
    is_distinctive,
    p_from_z,
    rate_contrast,
    term_dispersion,
)


def _two_groups() -> pd.DataFrame:
    # group x: a 4/1000, b 12/2000 (6.0 per 1,000); group y: c 1/500 (2.0), d 9/1500 (6.0)
    return pd.DataFrame({"g": ["x", "x", "y", "y"], "doc_id": ["a", "b", "c", "d"],
                         "matches": [4, 12, 1, 9], "tokens": [1000, 2000, 500, 1500]})


# --------------------------------------------------------------------------- bootstrap_rates
def test_pooled_rates_and_exact_intervals_of_two_document_groups():
    r = bootstrap_rates(_two_groups(), by="g", n_boot=4000, seed=3)
    assert r.columns.tolist() == ["g", "matches", "tokens", "rate", "rate_low", "rate_high", "n_docs",
                                  "resampled", "n_resampled"]
    # pooled: x 16/3000 = 5.333..., y 10/2000 = 5.0
    assert r["rate"].tolist() == pytest.approx([1000 * 16 / 3000, 1000 * 10 / 2000])
    assert r["matches"].tolist() == [16, 10] and r["tokens"].tolist() == [3000, 2000]
    # intervals: [r_a, r_b] = [4, 6] for x and [r_c, r_d] = [2, 6] for y
    assert r[["rate_low", "rate_high"]].to_numpy().tolist() == [[4.0, 6.0], [2.0, 6.0]]
    assert r["resampled"].tolist() == ["doc_id", "doc_id"] and r["n_docs"].tolist() == [2, 2]
    assert r.attrs == {"function": "bootstrap_rates", "by": ["g"], "key": [], "count": "matches",
                       "total": "tokens", "doc": "doc_id", "sentence": None, "per": 1000.0, "ci": 0.95,
                       "n_boot": 4000, "seed": 3, "interval": "percentile", "resampled": "doc_id"}


def test_same_seed_same_interval_and_a_group_does_not_depend_on_the_others():
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"g": np.repeat(["p", "q", "r"], 12), "doc_id": np.arange(36),
                       "matches": rng.poisson(8, 36), "tokens": rng.integers(400, 2000, 36)})
    a, b = bootstrap_rates(df, by="g", seed=7), bootstrap_rates(df, by="g", seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = bootstrap_rates(df, by="g", seed=8)
    assert not np.allclose(a["rate_low"], c["rate_low"])
    alone = bootstrap_rates(df[df["g"] == "q"], by="g", seed=7)
    pd.testing.assert_frame_equal(alone.reset_index(drop=True), a[a["g"] == "q"].reset_index(drop=True))


def test_single_document_groups_resample_sentences_and_say_so():
    df = pd.DataFrame({"g": ["solo"] * 2 + ["x"] * 4, "doc_id": ["s", "s", "a", "a", "b", "b"],
                       "sentence": [1, 2, 1, 2, 1, 2], "matches": [0, 3, 1, 1, 2, 2],
                       "tokens": [10, 20, 10, 10, 20, 20]})
    r = bootstrap_rates(df, by="g", n_boot=4000, seed=0)
    solo, x = r.iloc[0], r.iloc[1]
    # solo: sentences 0/10 and 3/20 -> interval [0, 150] per 1,000 (the two outer atoms)
    assert (solo["resampled"], solo["n_resampled"], solo["n_docs"]) == ("sentence", 2, 1)
    assert [solo["rate_low"], solo["rate_high"]] == [0.0, 150.0]
    # x: documents a (2/20) and b (4/40) are resampled whole, not their sentences: both 100 per 1,000
    assert (x["resampled"], x["n_resampled"]) == ("doc_id", 2)
    assert [x["rate"], x["rate_low"], x["rate_high"]] == [100.0, 100.0, 100.0]
    assert r.attrs["resampled"] == "doc_id; sentence for single-document groups"
    assert r.attrs["sentence"] == "sentence"


def test_a_single_document_counted_whole_has_no_interval():
    df = pd.DataFrame({"g": ["solo", "x", "x"], "doc_id": ["s", "a", "b"], "matches": [3, 1, 2],
                       "tokens": [100, 100, 100]})
    r = bootstrap_rates(df, by="g", n_boot=100)
    assert r.loc[0, "resampled"] is None and np.isnan(r.loc[0, "rate_low"]) and r.loc[0, "rate"] == 30.0
    assert r.loc[1, "resampled"] == "doc_id"


def test_sentence_rows_of_multi_document_groups_equal_document_rows():
    rng = np.random.default_rng(1)
    sent = pd.DataFrame({"g": np.repeat(["x", "y"], 30), "doc_id": np.repeat(np.arange(10), 6),
                         "sentence": np.tile(np.arange(6), 10), "matches": rng.poisson(1, 60),
                         "tokens": rng.integers(5, 40, 60)})
    docs = sent.groupby(["g", "doc_id"], as_index=False)[["matches", "tokens"]].sum()
    a = bootstrap_rates(sent, by="g", seed=2)
    b = bootstrap_rates(docs, by="g", seed=2)
    pd.testing.assert_frame_equal(a, b)


def test_keys_share_the_resampled_documents():
    base = _two_groups()
    df = pd.concat([base.assign(category="c1"), base.assign(category="c2")], ignore_index=True)
    r = bootstrap_rates(df, by="g", key="category", n_boot=500, seed=4)
    assert r[["g", "category"]].values.tolist() == [["x", "c1"], ["x", "c2"], ["y", "c1"], ["y", "c2"]]
    # equal counts under both keys: the same replicates give the same interval
    assert r["rate_low"].tolist()[0] == r["rate_low"].tolist()[1]
    assert r["tokens"].tolist() == [3000, 3000, 2000, 2000]
    # a (unit, key) pair without a row counts zero
    r2 = bootstrap_rates(df.drop(index=[5]), by="g", key="category", n_boot=500, seed=4)
    assert r2.loc[1, "matches"] == 4


def test_bad_input_gives_one_clear_error():
    df = _two_groups()
    with pytest.raises(ColumnError, match="missing column"):
        bootstrap_rates(df.drop(columns="tokens"), by="g")
    with pytest.raises(ValueError, match="`ci` must be"):
        bootstrap_rates(df, by="g", ci=95)
    with pytest.raises(ValueError, match="`n_boot` must be"):
        bootstrap_rates(df, by="g", n_boot=1)
    with pytest.raises(ValueError, match="non-negative numbers"):
        bootstrap_rates(df.assign(matches=[1, -1, 0, 0]), by="g")
    keyed = pd.concat([df.assign(category="c1"), df.assign(category="c2", tokens=df["tokens"] + 1)])
    with pytest.raises(ValueError, match="differs between rows of the same document"):
        bootstrap_rates(keyed, by="g", key="category")


def _simulated_corpora(kind: str, n_corpora: int = 400, n_docs: int = 40,
                       seed: int = 20261207) -> pd.DataFrame:
    """Corpora whose documents differ: each document has its own rate around the true 20 per 1,000
    (gamma with shape 4, or beta with mean 0.02 and precision 200: coefficient of variation ~0.5)
    and a length drawn from a log-normal (median 1,000 tokens, at least 50)."""
    rng = np.random.default_rng(seed)
    corpus = np.repeat(np.arange(n_corpora), n_docs)
    n = np.maximum(50, rng.lognormal(np.log(1000), 0.8, len(corpus)).round()).astype(int)
    if kind == "gamma":
        y = rng.poisson(n * rng.gamma(4.0, 0.02 / 4.0, len(corpus)))
    else:
        y = rng.binomial(n, rng.beta(0.02 * 200, 0.98 * 200, len(corpus)))
    return pd.DataFrame({"corpus": corpus, "doc_id": np.arange(len(corpus)), "matches": y, "tokens": n})


@pytest.mark.parametrize("kind", ["gamma", "beta"])
def test_document_bootstrap_covers_the_true_rate_and_a_token_interval_does_not(kind):
    truth = 20.0
    r = bootstrap_rates(_simulated_corpora(kind), by="corpus", ci=0.95, n_boot=1000, seed=0)
    boot = float(((r["rate_low"] <= truth) & (truth <= r["rate_high"])).mean())
    # the token-level binomial (Wilson) interval of the same pooled counts
    z, k, N = norm.ppf(0.975), r["matches"].to_numpy(float), r["tokens"].to_numpy(float)
    p = k / N
    centre, half = (p + z * z / (2 * N)) / (1 + z * z / N), z / (1 + z * z / N) * np.sqrt(
        p * (1 - p) / N + z * z / (4 * N * N))
    binom = float((((centre - half) * 1000 <= truth) & (truth <= (centre + half) * 1000)).mean())
    message = (f"{kind}: 95% intervals holding the true rate in {len(r)} corpora of 40 documents: "
               f"document bootstrap {boot:.3f}, token binomial (Wilson) {binom:.3f}")
    print(message)
    assert boot >= 0.90, message
    assert binom <= 0.60, message


def test_seed_rates_by_level_equal_code_mechanisms_and_carry_intervals():
    toks = cppcc.tokens(cppcc.load_speeches())
    per_sentence = cppcc.code_mechanisms(toks, by=["doc_id", "sentence"])
    r = bootstrap_rates(per_sentence, by="level", key="category", n_boot=1000, seed=0)
    cm = cppcc.code_mechanisms(toks, by="level")
    assert r[["level", "category", "matches", "tokens"]].values.tolist() == \
        cm[["level", "category", "matches", "tokens"]].values.tolist()
    assert np.allclose(r["rate"], cm["rate"])
    # 3 provinces (documents resampled); one prefecture and one county speech (sentences resampled)
    per_level = r.drop_duplicates("level").set_index("level")
    assert per_level["n_docs"].to_dict() == {"prefecture": 1, "province": 3, "county": 1}
    assert per_level["resampled"].to_dict() == {"prefecture": "sentence", "province": "doc_id",
                                                "county": "sentence"}
    assert ((r["rate_low"] <= r["rate"]) & (r["rate"] <= r["rate_high"])).all()
    # county grassroots reach: 88.1 per 1,000 in the issue (48 matches in 545 words), 66.1 with codebook
    # version 2 (36: the lone 乡/街/村/居 no longer count, 乡（街） counts once), now with an interval
    county = r[(r["level"] == "county") & (r["category"] == "grassroots")].iloc[0]
    assert (county["matches"], county["tokens"]) == (36, 545) and round(county["rate"], 1) == 66.1
    assert county["rate_low"] < 66.1 - 10 and county["rate_high"] > 66.1 + 10


# --------------------------------------------------------------------------- rate_contrast
def test_contrast_of_two_groups_has_the_exact_interval_of_its_outer_atoms():
    d = rate_contrast(_two_groups(), by="g", group="x", other="y", n_boot=8000, seed=1)
    row = d.iloc[0]
    assert (row["g"], row["other"]) == ("x", "y")
    assert row["rate"] == pytest.approx(16 / 3) and row["rate_other"] == pytest.approx(5.0)
    assert row["diff"] == pytest.approx(16 / 3 - 5.0)
    assert row["ratio"] == pytest.approx((16 / 3) / 5.0)
    # each side's outer atoms hold 1/4 of its replicates, so the lowest difference (r_a − r_d =
    # 4 − 6 = −2) and the highest (r_b − r_c = 6 − 2 = 4) each have probability 1/16 > 2.5%
    assert [row["diff_low"], row["diff_high"]] == [-2.0, 4.0]
    assert [row["ratio_low"], row["ratio_high"]] == pytest.approx([4 / 6, 3.0])
    assert not row["excludes_zero"]
    assert d.attrs["function"] == "rate_contrast" and d.attrs["other"] == "y"


def test_contrast_with_the_rest_and_every_group():
    d = rate_contrast(_two_groups(), by="g", n_boot=1000, seed=1)
    assert d[["g", "other"]].values.tolist() == [["x", "rest"], ["y", "rest"]]
    assert d["rate_other"].tolist() == pytest.approx([5.0, 16 / 3])
    assert d["diff"].tolist() == pytest.approx([16 / 3 - 5, 5 - 16 / 3])
    with pytest.raises(ValueError, match="is not a group"):
        rate_contrast(_two_groups(), by="g", group="nope")


def test_a_clear_difference_excludes_zero():
    rng = np.random.default_rng(9)
    n = rng.integers(500, 1500, 60)
    y = np.r_[rng.poisson(n[:30] * 0.03), rng.poisson(n[30:] * 0.01)]
    df = pd.DataFrame({"g": np.repeat(["hi", "lo"], 30), "doc_id": np.arange(60), "matches": y, "tokens": n})
    d = rate_contrast(df, by="g", group="hi", other="lo")
    assert bool(d.loc[0, "excludes_zero"]) and d.loc[0, "diff_low"] > 0
    assert d.loc[0, "rate"] == bootstrap_rates(df, by="g").loc[0, "rate"]


# --------------------------------------------------------------------------- dispersion
def _dp_by_hand(counts: pd.DataFrame, size: dict) -> dict:
    """Gries' DP straight from its definition: ½ Σ_d |v_d − s_d| over every document of the group."""
    docs = sorted(size)
    s = np.array([size[d] for d in docs], float) / sum(size.values())
    out = {}
    for term, sub in counts.groupby("term"):
        c = sub.groupby("doc_id")["count"].sum().reindex(docs, fill_value=0).to_numpy(float)
        out[term] = 0.5 * np.abs(c / c.sum() - s).sum()
    return out


def test_dispersion_equals_the_definition_on_random_tables():
    rng = np.random.default_rng(11)
    size = {f"d{i}": int(rng.integers(50, 500)) for i in range(8)}
    rows = [(d, f"t{j}", int(rng.poisson(2))) for d in size for j in range(15)]
    counts = pd.DataFrame(rows, columns=["doc_id", "term", "count"])
    got = term_dispersion(counts, size=size).set_index("term")
    want = _dp_by_hand(counts[counts["count"] > 0], size)
    for term, dp in want.items():
        assert got.loc[term, "dp"] == pytest.approx(dp, abs=1e-12)
        assert got.loc[term, "docs"] == (counts[(counts["term"] == term)]["count"] > 0).sum()
    assert got["n_docs"].eq(8).all()
    smallest = min(size.values()) / sum(size.values())
    assert np.allclose(got["dp_norm"], got["dp"] / (1 - smallest))


def test_dispersion_by_group_with_sizes_from_a_column_and_from_the_counts():
    # group y: documents c (200 tokens) and e (100): shares 2/3 and 1/3.
    t = pd.DataFrame({"lv": ["x", "x", "y", "y", "y"], "doc_id": ["a", "b", "c", "e", "c"],
                      "term": ["协商", "协商", "协商", "专题", "专题"], "count": [2, 2, 4, 5, 0],
                      "n_tokens": [100, 100, 200, 100, 200]})
    d = term_dispersion(t, by="lv", size="n_tokens")
    assert d[["lv", "term", "count", "docs", "n_docs"]].values.tolist() == [
        ["x", "协商", 4, 2, 2], ["y", "协商", 4, 1, 2], ["y", "专题", 5, 1, 2]]
    # 协商 in y: all in c: ½(|1 − 2/3| + |0 − 1/3|) = 1/3; maximum 1 − 1/3, so dp_norm = 1/2
    # 专题 in y: all in e: ½(|0 − 2/3| + |1 − 1/3|) = 2/3 = the maximum, dp_norm = 1
    assert d["dp"].tolist() == pytest.approx([0.0, 1 / 3, 2 / 3])
    assert d["dp_norm"].tolist() == pytest.approx([0.0, 0.5, 1.0])
    # without sizes, a document's size is its counts in the table: c 4, e 5 (shares 4/9, 5/9)
    d2 = term_dispersion(t, by="lv")
    assert d2["dp"].tolist() == pytest.approx([0.0, 5 / 9, 4 / 9])
    one = term_dispersion(t[t["doc_id"] == "a"])
    assert np.isnan(one.loc[0, "dp"]) and one.loc[0, "n_docs"] == 1


# --------------------------------------------------------------------------- p, q and the rule
def test_qvalues_and_the_rule():
    # sorted p 0.001, 0.01, 0.02, 0.04 (m = 4): p·m/rank = 0.004, 0.02, 0.0267, 0.04 (already monotone)
    assert bh_qvalues([0.04, 0.001, 0.02, 0.01]).tolist() == pytest.approx([0.04, 0.004, 0.08 / 3, 0.02])
    assert p_from_z([0.0]).tolist() == [1.0]
    f = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 2, "score": [4.0, 2.2, -3.0, 2.0, 5.0],
                      "docs": [3, 1, 2, 1, 1], "n_docs": [4, 4, 4, 1, 1]})
    f["p"] = p_from_z(f["score"])
    f = add_qvalues(f, by="g")
    # group b is one document: docs ≥ min(2, 1) holds for both of its terms
    rule = is_distinctive(f)
    assert rule.tolist() == [True, False, False, True, True]
    assert rule.attrs["rule"] == describe_rule(0.05, 2)
    with pytest.raises(ValueError, match="min_docs"):
        is_distinctive(f, min_docs=0)


# --------------------------------------------------------------------------- the public functions
def _simulated_token_corpora(n_corpora: int = 200, n_docs: int = 60, truth: float = 50.0, median: int = 200,
                             seed: int = 20261208) -> pd.DataFrame:
    """Token frames of corpora whose documents differ: each document has its own rate of the codebook
    term 甲 (gamma with shape 4 around ``truth`` per 1,000 words: coefficient of variation 0.5) and
    a log-normal length (median ``median`` words, at least 20), in sentences of 10 tokens."""
    rng = np.random.default_rng(seed)
    n_all = n_corpora * n_docs
    n = np.maximum(20, rng.lognormal(np.log(median), 0.8, n_all).round()).astype(int)
    p = np.minimum(rng.gamma(4.0, truth / 1000 / 4.0, n_all), 1.0)
    doc = np.repeat(np.arange(n_all), n)
    hit = rng.random(len(doc)) < p[doc]
    pos = np.arange(len(doc)) - np.repeat(np.cumsum(n) - n, n)
    return pd.DataFrame({"corpus": doc // n_docs, "doc_id": doc, "sentence": pos // 10,
                         "token": np.where(hit, "甲", "乙"), "is_punct": False})


def test_code_mechanisms_intervals_cover_the_true_pooled_rate():
    toks = _simulated_token_corpora()
    cm = cppcc.code_mechanisms(toks, codebook={"x": ["甲"]}, by="corpus", ci=0.95, n_boot=1000, seed=0)
    assert len(cm) == 200 and (cm["n_docs"] == 60).all()
    assert cm.attrs["resampled"] == "doc_id" and cm.attrs["ci"] == 0.95
    cover = float(((cm["rate_low"] <= 50.0) & (50.0 <= cm["rate_high"])).mean())
    print(f"code_mechanisms: 95% intervals hold the true rate in {cover:.3f} of 200 corpora")
    assert cover >= 0.90


def test_code_mechanisms_intervals_are_bootstrap_rates_of_its_sentences():
    toks = cppcc.tokens(cppcc.load_speeches())
    cm = cppcc.code_mechanisms(toks, by="level", n_boot=500, seed=3)
    per_sentence = cppcc.code_mechanisms(toks, by=["doc_id", "sentence", "level"], ci=None)
    assert "rate_low" not in per_sentence.columns and per_sentence.attrs["ci"] is None
    r = bootstrap_rates(per_sentence, by="level", key="category", n_boot=500, seed=3)
    assert r[["level", "category"]].values.tolist() == cm[["level", "category"]].values.tolist()
    assert np.allclose(r["rate_low"], cm["rate_low"]) and np.allclose(r["rate_high"], cm["rate_high"])
    assert cm.drop_duplicates("level")["n_docs"].tolist() == [1, 3, 1]
    with pytest.raises(ValueError, match="`ci` must be a level"):
        cppcc.code_mechanisms(toks, ci=1.5)


def test_mechanism_contrast_is_rate_contrast_of_the_sentences():
    toks = cppcc.tokens(cppcc.load_speeches())
    d = cppcc.mechanism_contrast(toks, "level", group="county", other="province", n_boot=500, seed=3)
    per_sentence = cppcc.code_mechanisms(toks, by=["doc_id", "sentence", "level"], ci=None)
    ref = rate_contrast(per_sentence, by="level", group="county", other="province", key="category",
                        n_boot=500, seed=3)
    assert d["category"].tolist() == cppcc.load_codebook()["category"].unique().tolist()
    for c in ("rate", "rate_other", "diff", "diff_low", "diff_high"):
        assert np.allclose(d[c], ref[c]), c
    assert d.attrs["function"] == "mechanism_contrast" and d.attrs["other"] == "province"
    # county grassroots reach is above the provinces' with an interval that excludes zero
    g = d.set_index("category").loc["grassroots"]
    assert bool(g["excludes_zero"]) and g["diff_low"] > 0


# --------------------------------------------------------------------------- distinctive_terms
def _keyness_tokens() -> pd.DataFrame:
    """Group A: three documents that all use 甲 often, and 乙 heaped in one of them; group B: two
    documents of filler words. Every document also has 40 filler tokens of ten kinds."""
    rng = np.random.default_rng(5)
    rows = []
    spec = {("A", "a1"): {"甲": 30, "乙": 40}, ("A", "a2"): {"甲": 30}, ("A", "a3"): {"甲": 30},
            ("B", "b1"): {"丙": 5}, ("B", "b2"): {"丙": 5}}
    filler = [f"词{i}" for i in range(10)]
    for (g, d), terms in spec.items():
        words = [t for t, k in terms.items() for _ in range(k)] + list(rng.choice(filler, 400))
        rng.shuffle(words)
        rows += [{"g": g, "doc_id": d, "sentence": i // 20, "token": w, "is_punct": False}
                 for i, w in enumerate(words)]
    return pd.DataFrame(rows)


def test_distinctive_terms_report_documents_dispersion_and_family_qvalues():
    toks = _keyness_tokens()
    dt = cppcc.distinctive_terms(toks, by="g", stop=False)
    a = dt[dt["g"] == "A"].set_index("term")
    assert (a.loc["甲", "docs"], a.loc["乙", "docs"], a.loc["甲", "n_docs"]) == (3, 1, 3)
    # DP by hand for 乙: all 40 in a1, whose share of A's words is (30 + 40 + 400) / (3·430 + 40)
    s_a1 = 470 / (470 + 430 + 430)
    assert a.loc["乙", "dp"] == pytest.approx(0.5 * ((1 - s_a1) + (430 / 1330) * 2))
    # q: Benjamini–Hochberg over every term of the vocabulary, also those A never uses (丙)
    full = cppcc.distinctive_terms(toks, by="g", stop=False, include_zero=True)
    fa = full[full["g"] == "A"]
    assert len(fa) == 13 and "丙" in set(fa["term"]) and "丙" not in set(a.index)
    assert np.allclose(fa["q"], bh_qvalues(2 * norm.sf(np.abs(fa["score"]))))
    assert np.allclose(a["q"], fa.set_index("term").loc[a.index, "q"])
    assert np.allclose(a["p"], 2 * norm.sf(np.abs(a["score"])))
    # the one rule: 甲 (3 of 3 documents) is distinctive, 乙 (1 of 3) is not however high its score
    assert a.loc["乙", "score"] > 1.96 and a.loc["乙", "q"] <= 0.05
    assert bool(a.loc["甲", "distinctive"]) and not bool(a.loc["乙", "distinctive"])
    assert dt["distinctive"].tolist() == is_distinctive(dt).tolist()
    assert dt.attrs["rule"] == describe_rule(0.05, 2) and dt.attrs["min_docs"] == 2
    assert cppcc.distinctive_terms(toks, by="g", stop=False, min_docs=1).set_index(
        ["g", "term"]).loc[("A", "乙"), "distinctive"]


def test_distinctive_terms_without_documents_judge_by_score_and_q():
    toks = _keyness_tokens()
    counts = cppcc.term_frequencies(toks, by="g", stop=False)[["g", "term", "count"]]
    dt = cppcc.distinctive_terms(counts, by="g", stop=False)
    assert dt["docs"].isna().all() and dt["dp"].isna().all()
    ref = cppcc.distinctive_terms(toks, by="g", stop=False)
    assert np.allclose(dt["q"], ref["q"])
    assert set(dt.loc[dt["distinctive"], "term"]) == {"甲", "乙"}
    g2 = cppcc.distinctive_terms(toks, by="g", stop=False, method="g2")
    assert np.allclose(g2["p"], g2["p_value"])
