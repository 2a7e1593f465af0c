"""cppcc.topics: seeded topic models with covariates, on a planted corpus and on hand-made matrices.

The planted corpus has four themes, each with its own vocabulary, and a few words common to all;
the grassroots theme takes half of a county document's theme words on average and a tenth of a
province document's. A seeded model must recover the theme in its seeded topic, and the intervals
of that topic's prevalence must separate the two levels.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import tomotopy

import cppcc
from cppcc.common import ColumnError
from cppcc.topic_model import (
    TopicsError, TopicsWarning, coherence, exclusivity, frex, paragraph_ids, read_coding_sheet,
    score_intrusion, term_table, topic_intrusion, word_intrusion, word_mask, write_coding_sheet,
)
from cppcc.topic_model import effects as eff
from cppcc.plots.topics import topic_prevalence_chart, topics_search_chart

THEMES = {
    "grassroots": "乡镇 社区 村民 街道 网格 院落 楼栋 村委 居委 邻里 村务 民情 基层 驻村 村级 小区".split(),
    "legislation": "立法 条例 法规 审议 草案 法治 司法 执法 普法 规章 备案 法律 律师 修订 立项 听证".split(),
    "economy": "产业 投资 企业 园区 项目 招商 融资 市场 消费 出口 制造 物流 税收 营商 民营 金融".split(),
    "ecology": "生态 环保 河长 污染 治理 绿色 水源 湿地 森林 排放 垃圾 秸秆 空气 土壤 湖泊 植树".split(),
}
COMMON = "工作 加强 推进 开展 落实 提高 完善 组织 坚持 发挥".split()
SEEDS = {"grassroots": ["乡镇", "社区", "村民"]}
SHARE = {"county": 0.5, "province": 0.1}  # the grassroots theme's mean share of a document's theme words


def planted(n_docs: int = 120, words: int = 60, seed: int = 0) -> pd.DataFrame:
    """A tokens frame (the columns of cppcc.tokens) of documents drawn from the four themes."""
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    rows = []
    for d in range(n_docs):
        level = "county" if d % 2 == 0 else "province"
        g = SHARE[level]
        theta = rng.dirichlet(np.array([g] + [(1 - g) / 3] * 3) * 2)
        for p in range(words):
            if rng.random() < 0.15:
                w = COMMON[rng.integers(len(COMMON))]
            else:
                vocab = THEMES[names[rng.choice(4, p=theta)]]
                w = vocab[min(int(rng.geometric(0.2)) - 1, len(vocab) - 1)]
            rows.append((f"doc{d:03d}", p // 10 + 1, p + 1, w, level, f"{2019 + d % 3}-06-01"))
    t = pd.DataFrame(rows, columns=["doc_id", "sentence", "position", "token", "level", "date"])
    t["is_stop"] = False
    t["is_punct"] = False
    t["token"] = t["token"].astype("category")
    return t


def fit(tokens, seed=0, **kw):
    return cppcc.topics(tokens, 4, seeds=SEEDS, covariates="level", seed=seed, iterations=150, **kw)


@pytest.fixture(scope="module")
def toks():
    return planted()


@pytest.fixture(scope="module")
def model(toks):
    return fit(toks)


# --------------------------------------------------------------------------- the planted corpus
def test_seeded_topic_recovers_its_theme(model):
    assert model.names == ["grassroots", "topic_1", "topic_2", "topic_3"]
    t = model.terms
    by_prob = t[(t["topic"] == "grassroots") & (t["rank"] <= 10)]["term"].tolist()
    by_frex = t[(t["topic"] == "grassroots") & (t["frex_rank"] <= 10)]["term"].tolist()
    theme = set(THEMES["grassroots"])
    assert set(by_prob[:5]) <= theme
    assert len(set(by_prob) & theme) >= 8
    assert set(by_frex) <= theme  # FREX leaves out the words common to all themes
    # every free topic is one of the other themes (its five most probable words from one vocabulary)
    for name in model.names[1:]:
        top = set(t[(t["topic"] == name) & (t["rank"] <= 5)]["term"])
        assert any(len(top & set(v)) >= 4 for k, v in THEMES.items() if k != "grassroots"), (name, top)


def test_prevalence_intervals_separate_the_planted_levels(model, toks):
    e = model.effects("level", draws=300)
    g = e[e["topic"] == "grassroots"].set_index("value")
    assert list(g.index) == ["county", "province"]
    assert g.loc["county", "low"] > g.loc["province", "high"]
    assert (g["low"] <= g["estimate"]).all() and (g["estimate"] <= g["high"]).all()
    # each interval covers the share of the group's theme words drawn from the grassroots vocabulary
    # (the words common to all themes left out: the model spreads them over the topics)
    drawn = toks[~toks["token"].isin(COMMON)]
    truth = drawn.assign(theme=drawn["token"].isin(THEMES["grassroots"])).groupby("level")["theme"].mean()
    for level in ("county", "province"):
        assert g.loc[level, "low"] <= truth[level] <= g.loc[level, "high"], (level, truth[level])
    assert g["documents"].tolist() == [60, 60] and g["words"].tolist() == [3600, 3600]
    c = model.contrast("level", "county", "province", draws=300)
    row = c[c["topic"] == "grassroots"].iloc[0]
    assert row["low"] > 0 and row["estimate"] == pytest.approx(g.loc["county", "estimate"]
                                                               - g.loc["province", "estimate"])


def test_same_seed_same_result(model, toks):
    again = fit(toks, seed=0)
    assert again.terms.equals(model.terms)
    assert again.documents.equals(model.documents)
    assert again.effects("level", draws=50).equals(model.effects("level", draws=50))
    other = fit(toks, seed=1)
    assert not other.documents.equals(model.documents)  # the seed matters, so the check above can fail


def test_result_frames_and_attrs(model):
    assert list(model.terms.columns[:5]) == ["topic", "term", "prob", "frex", "rank"]
    assert list(model.documents.columns) == ["doc_id", "topic", "share"]
    shares = model.documents.groupby("doc_id", observed=True)["share"].sum()
    assert len(shares) == 120 and np.allclose(shares, 1.0)
    assert np.allclose(model.terms.groupby("topic", observed=True)["prob"].sum(), 1.0)
    a = model.attrs
    assert a["isa"] == tomotopy.isa and a["tomotopy"] == tomotopy.__version__
    assert (a["k"], a["unit"], a["seed"], a["iterations"], a["workers"], a["covariates"]) == (
        4, "doc_id", 0, 150, 1, ["level"])
    assert model.terms.attrs["function"] == "TopicsResult.terms" and model.terms.attrs["isa"] == tomotopy.isa
    assert model.seeds[["topic", "seed", "term", "status"]].values.tolist() == [
        ["grassroots", w, w, "seeded"] for w in SEEDS["grassroots"]]
    s = model.summary(5)
    assert s["topic"].tolist() == model.names and s["seeded"].tolist() == [True, False, False, False]
    assert s.loc[0, "seeds_found"] == "3/3" and np.isclose(s["prevalence"].sum(), 1.0)


def test_year_is_taken_from_the_date(toks):
    r = cppcc.topics(toks, 4, covariates=["year"], iterations=20)
    assert sorted(r.units["year"].unique()) == ["2019", "2020", "2021"]
    assert sorted(r.model.multi_metadata_dict) == ["year=2019", "year=2020", "year=2021"]
    e = r.effects("year", draws=20)
    assert e["value"].unique().tolist() == ["2019", "2020", "2021"]


def test_too_small_a_corpus_raises_one_line(toks):
    small = toks[toks["doc_id"].isin(["doc000", "doc001", "doc002"])]
    with pytest.raises(TopicsError) as err:
        cppcc.topics(small, 4)
    msg = str(err.value)
    assert "\n" not in msg and "3 documents with 180 words are too few for 4 topics" in msg
    assert isinstance(err.value, ValueError)
    with pytest.raises(TopicsError, match="too few"):
        cppcc.topics_search(small, [2, 3])
    with pytest.warns(TopicsWarning, match="k=50 left out"):
        s = cppcc.topics_search(toks, [2, 50], iterations=20)
    assert s["k"].tolist() == [2] and s.attrs["left_out"] == [50]


def test_bad_arguments(toks):
    with pytest.raises(ColumnError, match="paragraph_ids"):
        cppcc.topics(toks, 4, unit="paragraph")
    with pytest.raises(ValueError, match="unit must be one of"):
        cppcc.topics(toks, 4, unit="sentence")
    with pytest.raises(ValueError, match="k=2 is smaller than the 9 seeded topics"):
        cppcc.topics(toks, 2, seeds="codebook")
    with pytest.raises(ColumnError, match="covariate"):
        cppcc.topics(toks, 4, covariates="province")
    with pytest.raises(ValueError, match="k must be a positive integer"):
        cppcc.topics(toks, 0)


# --------------------------------------------------------------------------- words and paragraphs
def test_word_rule():
    t = pd.DataFrame({"token": ["政协", "的", "，", "协商", "2020", "乡", "委员之家", "G20", "30%"],
                      "is_stop": [False, True, False, False, False, False, False, False, False],
                      "is_punct": [False, False, True, False, False, False, False, False, False]})
    assert t["token"][word_mask(t)].tolist() == ["政协", "协商", "委员之家", "G20"]
    assert word_mask(t.astype({"token": "category"})).tolist() == word_mask(t).tolist()


def test_paragraph_ids_on_the_seed_equal_the_tokens_of_its_paragraphs():
    sp = cppcc.load_speeches()
    toks = paragraph_ids(cppcc.tokens(sp), sp)
    assert toks.groupby("doc_id", observed=True)["paragraph"].nunique().tolist() == [8, 9, 9, 7, 8]
    paras = cppcc.paragraphs(sp).merge(sp.drop(columns=["text", "text_original"]), on="doc_id")
    direct = cppcc.tokens(paras)
    key = ["doc_id", "paragraph"]
    ours = toks.groupby(key, observed=True, sort=False)["token"].apply("|".join)
    theirs = direct.groupby(key, observed=True, sort=False)["token"].apply("|".join)
    assert ours.equals(theirs)
    with pytest.raises(ValueError, match="do not match"):
        paragraph_ids(cppcc.tokens(sp), sp.assign(text=sp["text"].str.replace("\n", "")))


def test_codebook_seeds_on_the_seed_paragraphs():
    sp = cppcc.load_speeches()
    toks = paragraph_ids(cppcc.tokens(sp), sp)
    r = cppcc.topics(toks, 10, seeds="codebook", covariates="level", unit="paragraph", iterations=30)
    keys = cppcc.load_codebook()["category"].unique().tolist()
    assert r.names == [*keys, "topic_1"]
    assert r.labels["platforms"] == "Platforms and venues"
    assert r.attrs["units"] == 41 and r.attrs["words"] == 2085
    assert list(r.documents.columns) == ["doc_id", "paragraph", "topic", "share"]
    assert set(r.seeds["status"]) == {"seeded", "not in vocabulary"}
    assert r.seeds.loc[r.seeds["seed"] == "委员之家", "status"].tolist() == ["seeded"]


# --------------------------------------------------------------------------- FREX and quality, exact
PHI = np.array([[0.5, 0.25, 0.15, 0.10],
                [0.6, 0.05, 0.05, 0.30]])


def test_frex_by_hand():
    # topic 0: frequency ECDF [1, .75, .5, .25], exclusivity (.4545, .8333, .75, .25) ECDF [.5, 1, .75, .25];
    # topic 1: frequency ECDF [1, .375, .375, .75] (a tie: average ranks), exclusivity ECDF [.75, .25, .5, 1];
    # FREX = 1 / (.5 / excl + .5 / freq)
    expected = [[1 / (0.5 / 0.5 + 0.5 / 1), 1 / (0.5 / 1 + 0.5 / 0.75), 1 / (0.5 / 0.75 + 0.5 / 0.5), 0.25],
                [1 / (0.5 / 0.75 + 0.5 / 1), 1 / (0.5 / 0.25 + 0.5 / 0.375), 1 / (0.5 / 0.5 + 0.5 / 0.375),
                 1 / (0.5 / 1 + 0.5 / 0.75)]]
    assert np.allclose(frex(PHI), expected, atol=1e-12)
    assert np.round(frex(PHI), 4).tolist() == [[0.6667, 0.8571, 0.6, 0.25], [0.8571, 0.3, 0.4286, 0.8571]]
    # all weight on frequency: the frequency ECDF itself
    assert np.allclose(frex(PHI, w=0.0), [[1, 0.75, 0.5, 0.25], [1, 0.375, 0.375, 0.75]])


def test_term_table_ranks():
    t = term_table(PHI, ["甲", "乙", "丙", "丁"], ["a", "b"])
    a = t[t["topic"] == "a"].set_index("term")
    assert a["rank"].to_dict() == {"甲": 1, "乙": 2, "丙": 3, "丁": 4}
    assert a["frex_rank"].to_dict() == {"乙": 1, "甲": 2, "丙": 3, "丁": 4}
    b = t[t["topic"] == "b"].set_index("term")
    assert b["frex_rank"].to_dict() == {"甲": 1, "丁": 2, "丙": 3, "乙": 4}  # 甲 and 丁 tie: vocabulary order
    assert b.loc["乙", "rank"] in (3, 4) and b.loc["丙", "rank"] in (3, 4)


def test_coherence_and_exclusivity_by_hand():
    from scipy import sparse

    dtm = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [1, 1, 1], [0, 1, 0]]))
    phi = np.array([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
    # topic 0, words 0, 1, 2: log((2+1)/3) + log((2+1)/3) + log((1+1)/3)
    # topic 1, words 2, 1, 0: log((1+1)/2) + log((2+1)/2) + log((2+1)/3)
    assert np.allclose(coherence(phi, dtm, n=3), [np.log(2 / 3), np.log(3 / 2)])
    assert np.allclose(exclusivity(phi, n=2), [(5 / 7 + 1 / 2) / 2, (5 / 7 + 1 / 2) / 2])


# --------------------------------------------------------------------------- effects, exact
def test_effects_resample_documents_and_their_paragraphs():
    units = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "d"], "n_words": 10,
                          "level": ["county", "county", "province", "province", "prefecture"]})
    counts = np.array([[10, 0], [0, 10], [10, 0], [0, 10], [5, 5]], dtype=float)
    prior = np.full_like(counts, 1e-9)
    e = eff.effects(counts, prior, units, ["x", "y"], "level", draws=400, posterior=False)
    x = e[e["topic"] == "x"].set_index("value")
    assert list(x.index) == ["county", "prefecture", "province"]
    # one county document of two opposite paragraphs: its paragraphs are resampled
    assert x.loc["county", "estimate"] == pytest.approx(0.5)
    assert x.loc["county", ["low", "high"]].tolist() == pytest.approx([0.0, 1.0], abs=1e-9)
    # two opposite province documents: the documents are resampled, so the interval is as wide
    assert x.loc["province", ["low", "high"]].tolist() == pytest.approx([0.0, 1.0], abs=1e-9)
    # one document of one unit: nothing to resample
    assert x.loc["prefecture", ["estimate", "low", "high"]].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert x[["documents", "units"]].values.tolist() == [[1, 2], [1, 1], [2, 2]]
    assert e.attrs["posterior"] is False and "documents with replacement" in e.attrs["method"]


def test_effects_weights_and_missing_values():
    units = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_words": [30, 10, 10],
                          "level": ["county", "county", None]})
    counts = np.array([[30, 0], [0, 10], [5, 5]], dtype=float)
    prior = np.full_like(counts, 1e-9)
    by_words = eff.effects(counts, prior, units, ["x", "y"], "level", draws=10, posterior=False)
    by_units = eff.effects(counts, prior, units, ["x", "y"], "level", draws=10, posterior=False,
                           weight="units")
    assert by_words.loc[0, "estimate"] == pytest.approx(0.75)
    assert by_units.loc[0, "estimate"] == pytest.approx(0.5)
    assert by_words["value"].unique().tolist() == ["county", "<NA>"]


# --------------------------------------------------------------------------- choosing k
def test_topics_search(toks):
    s = cppcc.topics_search(toks, [2, 4], covariates="level", iterations=100)
    assert s.columns.tolist() == [
        "k", "seeded", "free", "heldout_ll", "perplexity", "coherence", "exclusivity", "ll_per_word",
        "units_train", "units_heldout", "words_heldout"]
    assert s[["k", "units_train", "units_heldout"]].values.tolist() == [[2, 96, 24], [4, 96, 24]]
    assert s.loc[1, "heldout_ll"] > s.loc[0, "heldout_ll"]  # four topics (as planted) predict better
    assert np.allclose(s["perplexity"], np.exp(-s["heldout_ll"]))
    assert s.attrs["function"] == "topics_search" and s.attrs["isa"] == tomotopy.isa
    again = cppcc.topics_search(toks, [2, 4], covariates="level", iterations=100)
    assert again.equals(s)
    fig = topics_search_chart(s, chosen=4)
    assert len(fig.axes) == 3 and [len(ax.lines) for ax in fig.axes] == [2, 2, 2]


# --------------------------------------------------------------------------- intrusion tasks
def test_word_intrusion_items(model):
    w = word_intrusion(model, seed=3)
    assert len(w) == 4 and w["topic"].tolist() == model.names
    top5 = {n: set(g.nsmallest(5, "rank")["term"]) for n, g in model.terms.groupby("topic", observed=True)}
    for _, row in w.iterrows():
        shown = [row[f"word_{j}"] for j in range(1, 7)]
        assert shown[row["intruder_position"] - 1] == row["intruder"]
        assert set(shown) - {row["intruder"]} == top5[row["topic"]]
        assert row["intruder"] not in top5[row["topic"]]
        assert any(row["intruder"] in top5[o] for o in top5 if o != row["topic"])
    assert word_intrusion(model, seed=3).equals(w)


def test_coding_sheet_round_trip_and_scores(model, tmp_path):
    w = word_intrusion(model)
    texts = model.units[["doc_id"]].assign(text=lambda d: "文本" + d["doc_id"])
    t = topic_intrusion(model, texts, n=5, n_topics=3)
    assert len(t) == 5 and t["text"].str.startswith("文本doc").all()
    for suffix in (".csv", ".xlsx"):
        path = write_coding_sheet(tmp_path / f"coder_a{suffix}", w, t)
        sheet = read_coding_sheet(path)
        assert sheet.columns.tolist() == ["task", "item", "text", "option_1", "option_2", "option_3",
                                          "option_4", "option_5", "option_6", "answer", "coder"]
        assert "intruder" not in sheet.columns and (sheet["coder"] == "coder_a").all()
        assert sheet.groupby("task").size().to_dict() == {"topic": 5, "word": 4}
    # a coder who finds every intruder; one who always picks the first option
    good = w[["item", "intruder_position"]].rename(columns={"intruder_position": "answer"})
    good = good.assign(coder="good")
    first = w[["item"]].assign(answer=1, coder="first")
    scores = score_intrusion(w, pd.concat([good, first])).set_index("coder")
    assert scores.loc["good", "model_precision"] == 1.0
    assert scores.loc["good", "p_value"] == pytest.approx((1 / 6) ** 4)
    assert scores.loc["first", "model_precision"] == (w["intruder_position"] == 1).mean()
    with pytest.raises(ValueError, match="not an option number"):
        score_intrusion(w, pd.DataFrame({"item": [1], "answer": [9]}))


def test_topic_log_odds_by_hand():
    tasks = pd.DataFrame({"item": [1, 2], "doc_id": ["a", "b"], "text": ["甲", "乙"],
                          **{f"option_{j}": [f"t{j}", f"t{j}"] for j in range(1, 5)},
                          **{f"topic_{j}": [f"t{j}", f"t{j}"] for j in range(1, 5)},
                          "share_1": [0.5, 0.4], "share_2": [0.3, 0.3], "share_3": [0.15, 0.2],
                          "share_4": [0.05, 0.1], "intruder": ["t4", "t4"], "intruder_position": [4, 4]})
    tasks.attrs["task"] = "topic"
    coded = pd.DataFrame({"item": [1, 2], "answer": [4, 1], "task": "topic"})
    per_item = score_intrusion(tasks, coded, per_item=True)
    assert per_item["tlo"].tolist() == pytest.approx([0.0, np.log(0.1) - np.log(0.4)])
    s = score_intrusion(tasks, coded).iloc[0]
    assert s["tlo_mean"] == pytest.approx(np.log(0.25) / 2) and s["correct"] == 1 and s["chance"] == 0.25


def test_prevalence_chart_draws_what_it_is_given(model):
    e = model.effects("level", draws=50)
    fig = topic_prevalence_chart(e, labels=model.labels)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == model.names
    assert len(ax.containers) == 2  # one errorbar series per level
