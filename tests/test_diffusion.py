"""cppcc.diffusion: first mentions with censoring, adoption curves, Kaplan–Meier with delayed entry,
who followed whom, trends with document-bootstrap intervals, and the simulated archive they are checked
on (a brand planted in a known order, one unit whose pages begin after it adopted)."""
from __future__ import annotations

import math
import tempfile

import numpy as np
import pandas as pd
import pytest

import cppcc
from cppcc import plots
from cppcc.common import sentence_spans
from cppcc.diffusion import DiffusionWarning, corpus_terms
from cppcc.diffusion.trends import _bootstrap_rates, periods

BRAND = "模拟品牌"
DAY0 = pd.Timestamp("2020-01-01")


@pytest.fixture(scope="module")
def sim():
    """The default planted archive: 3 invented provinces x 3 levels, 2015-2022, seed sentences."""
    return cppcc.simulate_archive()


@pytest.fixture(scope="module")
def sim_tokens(sim):
    return cppcc.tokens(sim.docs)


# ------------------------------------------------------------------ the simulated archive
def test_simulated_archive_is_labelled_everywhere(sim):
    docs, planted = sim
    for frame in (docs, planted):
        assert frame.attrs["simulated"] is True and frame.attrs["function"] == "simulate_archive"
        assert frame["simulated"].all()
    assert docs["doc_id"].str.startswith("sim-").all()
    assert not docs["unit"].isin(cppcc.load_speeches()["region"]).any()
    # derived results and the figures drawn from them say so too
    first = cppcc.first_mentions(docs, BRAND)
    assert first.attrs["simulated"] and cppcc.adoption_curves(first, docs).attrs["simulated"]
    fig = plots.adoption_chart(cppcc.adoption_curves(first, docs))
    assert fig.axes[0].get_title().startswith(plots.time.SIMULATED_LABEL)


def test_simulated_archive_plants_what_it_says(sim):
    docs, planted = sim
    assert len(planted) == 9 and planted["level"].value_counts().to_dict() == \
        {"province": 3, "prefecture": 3, "county": 3}
    order = planted.dropna(subset=["order"]).sort_values("order")
    # top-down by default: provinces, then prefectures, then counties; one county never adopts
    assert order["level"].tolist() == ["province"] * 3 + ["prefecture"] * 3 + ["county"] * 2
    never = planted[planted["order"].isna()]
    assert len(never) == 1 and never["level"].item() == "county"
    late = planted[planted["late_start"]]
    assert len(late) == 1 and (late["first_page"] > late["adopted"]).all()
    # sentences come from the source corpus, one brand sentence per planted mention
    assert docs["text"].str.count(BRAND).tolist() == docs["planted_mentions"].tolist()
    sentences = {t[a:b].strip() for t in docs["text"] for a, b in sentence_spans(t)}
    seed = {t[a:b].strip() for t in cppcc.load_speeches()["text"] for a, b in sentence_spans(t)}
    assert sentences - seed == {f"推行“{BRAND}”。"}
    again = cppcc.simulate_archive()
    assert again.docs.equals(docs) and again.planted.equals(planted)


def test_simulate_archive_on_own_sentences_and_errors():
    own = ["县政协每季度召开一次协商会。", "委员联系群众制度写入章程。", "议事结果向群众公开。",
           "镇里设了委员工作站。"]
    sim = cppcc.simulate_archive(own, provinces=2, years=(2010, 2016),
                                 adoption={"甲省": 2011, "乙省一市": 2013}, late_start=0, brand="議事廳")
    assert sim.docs.attrs["brand"] == "议事厅"  # normalised like the texts
    adopted = sim.planted.set_index("unit")["adopted"].dt.year.dropna().astype(int).to_dict()
    assert adopted == {"甲省": 2011, "乙省一市": 2013}
    with pytest.raises(ValueError, match="unknown unit"):
        cppcc.simulate_archive(own, adoption={"丁省": 2016})
    with pytest.raises(ValueError, match="at least 3"):
        cppcc.simulate_archive(["太短。"])


# ------------------------------------------------------------------ first mentions
def test_first_mentions_come_out_as_planted(sim):
    docs, planted = sim
    first = cppcc.first_mentions(docs, BRAND)
    truth = planted.set_index("unit")
    adopters = truth[truth["order"].notna()]
    assert sorted(first["unit"]) == sorted(adopters.index)  # the unit that never adopts has no row
    for row in first.itertuples():
        t = truth.loc[row.unit]
        if t["late_start"]:
            # its pages begin after it adopted: reported at its first page, left-censored
            assert row.censored and row.first_date == t["first_page"] > t["adopted"]
        else:
            assert not row.censored and row.first_date == t["adopted"]
        assert docs.set_index("doc_id").loc[row.doc_id, "date"] == row.first_date.date().isoformat()
    assert first["first_date"].is_monotonic_increasing
    assert first.attrs["units"] == 9 and first.attrs["undated"] == 0


def test_first_mentions_on_the_seed_are_all_left_censored():
    """Hand-checked on the seed: 不建机构建机制 is quoted by speeches 1, 4 and 5; one page, one date."""
    sp = cppcc.load_speeches()
    first = cppcc.first_mentions(sp)
    assert first["censored"].all()
    assert first.attrs["archive_start"] == first.attrs["archive_end"] == "2020-08-24"
    rows = first[first["term"] == "不建机构建机制"]
    assert rows["unit"].tolist() == ["云南省临沧市", "安徽省蚌埠市蚌山区", "吉林省"]
    assert rows["doc_id"].str[-2:].tolist() == ["01", "04", "05"]
    assert rows["level"].tolist() == ["prefecture", "county", "province"]
    assert first.loc[first["term"] == "两个薄弱", "unit"].tolist() == ["河南省"]
    # terms=None: the extractors' brands and formulas, single quoted characters (“交”) left out
    terms = corpus_terms(sp)
    assert {"两个薄弱", "有事好商量", "吉思广益", "三个重要"} <= set(terms["term"])
    assert "交" not in set(terms["term"])
    assert terms.loc[terms["term"] == "两个薄弱", "kind"].item() == "formula"


def test_first_mentions_leave_out_undated_and_unitless_documents_loudly():
    docs = pd.DataFrame({"doc_id": list("abcd"), "unit": ["甲", "甲", None, "乙"],
                         "date": ["2019-01-01", None, "2019-02-01", "not a date"],
                         "text": ["無", "品牌", "品牌", "品牌"]})
    with pytest.warns(DiffusionWarning) as caught:
        first = cppcc.first_mentions(docs, "品牌")
    assert [str(w.message).split(": ", 1)[1] for w in caught] == [
        "2 of 4 document(s) have no date (or an unreadable one) and are left out "
        "(counted in the result's attrs)",
        "1 of 4 document(s) have no unit and are left out (counted in the result's attrs)"]
    assert first.empty and first.attrs["undated"] == 2 and first.attrs["no_unit"] == 1
    assert list(first.columns[:4]) == ["term", "first_date", "doc_id", "censored"]
    with pytest.raises(ValueError, match="no `unit` column"):
        cppcc.first_mentions(docs.drop(columns="unit"), "品牌")
    # by any document column; a Traditional term matches Simplified text
    by_doc = cppcc.first_mentions(docs.assign(date="2019-01-01"), "品牌", by="doc_id")
    assert by_doc["doc_id"].tolist() == ["b", "c", "d"] and by_doc["censored"].all()


# ------------------------------------------------------------------ adoption and Kaplan–Meier
def _km_docs() -> pd.DataFrame:
    """Six units around day 0 = 2020-01-01 (entry, event or censoring days in the comments)."""
    rows = [("A", -10, "无"), ("A", 0, "品牌"),      # entry -10, adopts day 0
            ("B", -5, "无"), ("B", 10, "品牌"),       # entry -5, adopts day 10
            ("C", 5, "无"), ("C", 20, "品牌"),        # entry 5 (delayed), adopts day 20
            ("D", -5, "无"), ("D", 30, "无"),         # never: right-censored at day 30
            ("E", 15, "品牌"),                        # first page already uses it: left-censored
            ("F", -5, "无"), ("F", 12, "无")]         # never: right-censored at day 12
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))], "unit": [r[0] for r in rows],
                         "level": ["county" if r[0] in "ABC" else "prefecture" for r in rows],
                         "date": [(DAY0 + pd.Timedelta(days=r[1])).date().isoformat() for r in rows],
                         "text": [r[2] for r in rows]})


def test_kaplan_meier_with_delayed_entry_equals_hand_values():
    docs = _km_docs()
    first = cppcc.first_mentions(docs, "品牌")
    times = cppcc.adoption_times(first, docs)
    assert times.set_index("unit")[["entry", "time", "event", "status"]].to_dict("index") == {
        "A": {"entry": -10, "time": 0, "event": 1, "status": "adopted"},
        "B": {"entry": -5, "time": 10, "event": 1, "status": "adopted"},
        "C": {"entry": 5, "time": 20, "event": 1, "status": "adopted"},
        "D": {"entry": -5, "time": 30, "event": 0, "status": "never"},
        "E": {"entry": 15, "time": 15, "event": 1, "status": "left_censored"},
        "F": {"entry": -5, "time": 12, "event": 0, "status": "never"}}
    km = cppcc.time_to_adoption(first, docs)
    # risk sets (entry < t <= time): t=0 {A,B,D,F}: 1 of 4; t=10 {B,C,D,F}: 1 of 4; t=20 {C,D}: 1 of 2
    assert km["time"].tolist() == [0.0, 10.0, 20.0]
    assert km["at_risk"].tolist() == [4.0, 4.0, 2.0] and km["events"].tolist() == [1.0, 1.0, 1.0]
    assert km["survival"].tolist() == pytest.approx([3 / 4, 9 / 16, 9 / 32], abs=1e-12)
    assert km[["units", "left_censored", "not_at_risk"]].iloc[0].tolist() == [5, 1, 0]
    # Greenwood: var S(20) = S(20)^2 (1/12 + 1/12 + 1/2); log(-log) interval
    s, se = 9 / 32, 9 / 32 * math.sqrt(2 / 3)
    theta = se / (s * abs(math.log(s)))
    assert km["surv_low"].iloc[2] == pytest.approx(s ** math.exp(1.959963984540054 * theta), rel=1e-9)
    assert km["surv_high"].iloc[2] == pytest.approx(s ** math.exp(-1.959963984540054 * theta), rel=1e-9)
    assert km["adopted"].iloc[2] == pytest.approx(23 / 32)
    assert km.attrs["left"] == "excluded" and km.attrs["function"] == "time_to_adoption"


def test_kaplan_meier_by_level_and_adoption_curves():
    docs = _km_docs()
    first = cppcc.first_mentions(docs, "品牌")
    km = cppcc.time_to_adoption(first, docs, by="level")
    county = km[km["level"] == "county"]
    # A, B, C alone: t=0 {A,B}: 1/2; t=10 {B,C}: 1/2; t=20 {C}: 1/1
    assert county["survival"].tolist() == pytest.approx([0.5, 0.25, 0.0])
    pref = km[km["level"] == "prefecture"]  # D and F never; E left out: no event, the time-0 row only
    assert pref["survival"].tolist() == [1.0] and pref[["units", "left_censored"]].iloc[0].tolist() == [2, 1]
    curves = cppcc.adoption_curves(first, docs, by="level")
    assert curves[["level", "adopted", "left_censored", "units"]].values.tolist() == [
        ["county", 1, 0, 3], ["county", 2, 0, 3], ["county", 3, 0, 3], ["prefecture", 1, 1, 3]]
    assert curves["share"].tolist() == pytest.approx([1 / 3, 2 / 3, 1.0, 1 / 3])


def test_kaplan_meier_on_the_planted_archive(sim):
    docs, planted = sim
    first = cppcc.first_mentions(docs, BRAND)
    km = cppcc.time_to_adoption(first, docs, by="level")
    counts = km.groupby("level")[["units", "left_censored"]].first()
    late_level = planted.loc[planted["late_start"], "level"].item()
    assert counts.loc[late_level, "left_censored"] == 1 and counts["left_censored"].sum() == 1
    assert counts["units"].sum() == 8  # nine units, the late one left out
    # every planted adopter observed before it adopted is an event at its planted date
    events = km[km["events"] > 0]
    origin = first["first_date"].min()
    observed = planted[planted["order"].notna() & ~planted["late_start"]]
    assert sorted(events["time"]) == sorted(float((d - origin).days) for d in observed["adopted"])


# ------------------------------------------------------------------ who followed whom
def test_diffusion_network_recovers_the_planted_leaders(sim):
    docs, planted = sim
    first = cppcc.first_mentions(docs, BRAND)
    edges = cppcc.diffusion_edges(first, cppcc.text_reuse(docs), docs)
    assert (edges["date_source"] < edges["date_target"]).all()
    found = set(map(tuple, edges.loc[edges["followed"] & edges["at_first_use"], ["source", "target"]].values))
    t = planted.set_index("unit")
    # a unit copies its leader's passage where it adopts; visible when the leader's pages with the
    # passage begin before that and the follower's adoption is not left-censored
    expected = {(u.leader, u.Index) for u in t.itertuples() if isinstance(u.leader, str) and not u.late_start
                and max(t.loc[u.leader, "adopted"], t.loc[u.leader, "first_page"]) < u.adopted}
    assert found == expected and len(expected) >= 4
    g = cppcc.diffusion_graph(edges, first, term=BRAND, followed=True, at_first_use=True)
    assert set(g.edges) == expected and g.graph["simulated"]
    assert set(g.nodes) == set(first["unit"]) and sum(nx_c for _, nx_c in g.nodes(data="censored")) == 1


def test_diffusion_edges_orient_and_count_what_they_leave_out():
    text = "我们推开了“有事好商量”协商议事会，每个村每年至少开展两次协商活动。"
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "unit": ["甲", "乙", "乙", "丙"],
                         "date": ["2021-01-01", "2019-01-01", "2019-01-01", None],
                         "text": [text, "引用：" + text, "另外：" + text, "又及：" + text]})
    with pytest.warns(DiffusionWarning):
        first = cppcc.first_mentions(docs, "有事好商量")
        edges = cppcc.diffusion_edges(first, cppcc.text_reuse(docs, stock_min_docs=5), docs)
    assert edges[["source", "target", "doc_source", "doc_target"]].values.tolist() == [
        ["乙", "甲", "b", "a"], ["乙", "甲", "c", "a"]]
    assert not edges["followed"].any()  # 甲's first mention is its first page: left-censored
    assert edges.attrs["same_unit"] == 1 and edges.attrs["undated"] == 3


# ------------------------------------------------------------------ trends
def test_bootstrap_interval_equals_hand_values():
    d = pd.DataFrame({"doc_id": ["a", "b", "c", "z"], "period": ["2020", "2020", "2020", "2021"],
                      "term": "x", "count": [0, 2, 4, 5], "tokens": [100, 100, 100, 50]})
    r = _bootstrap_rates(d, ["period"], 0.95, 2000, 0)
    # all three draws of the first (or last) document: probability 1/27 > 2.5% -> interval 0 to 40
    first = r[["count", "tokens", "docs", "rate", "rate_low", "rate_high"]].iloc[0].tolist()
    assert first == [6, 300, 3, 20.0, 0.0, 40.0]
    assert r["rate"].iloc[1] == 100.0 and np.isnan(r["rate_low"].iloc[1])  # one document: nothing to resample
    again = _bootstrap_rates(d[d["period"] == "2020"], ["period"], 0.95, 2000, 0)
    assert again.equals(r.iloc[:1])  # a group's interval does not depend on the other groups


def test_bootstrap_intervals_hold_the_planted_rate():
    """Documents whose rates differ (gamma-distributed around a planted pooled rate of 20 per 1,000):
    the 95% document-bootstrap interval holds the planted rate in at least 90% of 200 periods."""
    rng = np.random.default_rng(7)
    rows = []
    for p in range(200):
        tokens = rng.integers(200, 1200, size=25)
        lam = rng.gamma(shape=1.5, scale=20 / 1.5, size=25)  # per 1,000 tokens, mean 20
        counts = rng.poisson(lam * tokens / 1000)
        rows += [{"doc_id": f"{p}-{i}", "period": p, "term": "x", "count": c, "tokens": t}
                 for i, (c, t) in enumerate(zip(counts, tokens))]
    r = _bootstrap_rates(pd.DataFrame(rows), ["period"], 0.95, 400, 0)
    cover = ((r["rate_low"] <= 20) & (20 <= r["rate_high"])).mean()
    assert cover >= 0.9, cover


def test_trends_come_out_as_planted(sim, sim_tokens):
    docs, planted = sim
    t = cppcc.trends(sim_tokens, terms=BRAND, n_boot=500)
    per_year = docs.groupby(docs["date"].str[:4])["planted_mentions"].sum()
    assert t["period"].tolist() == per_year.index.tolist()
    assert t["count"].tolist() == per_year.tolist()
    assert t["docs"].tolist() == docs.groupby(docs["date"].str[:4]).size().tolist()
    before = t["period"].astype(int) < planted["adopted"].min().year  # whole years before the first adoption
    assert before.sum() >= 1
    assert (t.loc[before, ["rate", "rate_low", "rate_high"]] == 0).all().all()
    after = t[~before]
    assert ((after["rate_low"] <= after["rate"]) & (after["rate"] <= after["rate_high"])).all()
    assert (after["rate_high"] > after["rate_low"]).all()
    assert t.attrs["simulated"] and t.attrs["function"] == "trends" and t.attrs["source"] == "tokens"


def test_trends_from_a_store_equal_trends_from_tokens(sim, sim_tokens):
    with tempfile.TemporaryDirectory() as out:
        st = cppcc.build_store(sim.docs, out, progress=False, n_jobs=1)
        for kwargs in ({"terms": BRAND},
                       {"categories": ["platforms", "members"], "by": "level", "freq": "quarter"}):
            a, b = cppcc.trends(st, n_boot=200, **kwargs), cppcc.trends(sim_tokens, n_boot=200, **kwargs)
            pd.testing.assert_frame_equal(a, b)
            assert a.attrs["source"] == "store" and b.attrs["source"] == "tokens"
        pd.testing.assert_frame_equal(cppcc.first_mentions(st, BRAND), cppcc.first_mentions(sim.docs, BRAND))


def test_trends_periods_groups_and_undated_documents():
    docs = pd.DataFrame({"doc_id": list("abcde"),
                         "level": ["county", "county", "province", "county", "county"],
                         "date": ["2020-02-01", "2020-05-01", "2020-05-03", "2020-11-30", None],
                         "text": ["委员之家。", "委员之家，委员之家。", "协商。", "协商。", "委员之家。"]})
    with pytest.warns(DiffusionWarning, match="1 of 5"):
        t = cppcc.trends(cppcc.tokens(docs), terms=["委员之家"], by="level", freq="quarter")
    assert t[["level", "period", "count", "docs"]].values.tolist() == [
        ["county", "2020Q1", 1, 1], ["county", "2020Q2", 2, 1], ["province", "2020Q2", 0, 1],
        ["county", "2020Q4", 0, 1]]
    assert t.attrs["undated"] == 1 and t.attrs["periods"] == 3
    labels, starts = periods(pd.Series(["2020-08-24", "2021-12-31"]), "month")
    assert labels.tolist() == ["2020-08", "2021-12"] and starts.dt.day.tolist() == [1, 1]
    with pytest.raises(ValueError, match="freq"):
        cppcc.trends(cppcc.tokens(docs.dropna()), freq="week")
    with pytest.raises(ValueError, match="date"):
        cppcc.trends(cppcc.tokens(docs.drop(columns="date")))
    default = cppcc.trends(cppcc.tokens(docs.dropna()))  # no terms: the codebook's categories
    assert set(default["category"]) == set(cppcc.load_codebook()["category"])


def test_trends_on_the_seed_have_one_period():
    t = cppcc.trends(cppcc.tokens(cppcc.load_speeches()), terms=["两个薄弱", "有事好商量"], n_boot=200)
    # hand-counted in the seed's token rows: 两个薄弱 three times and 有事好商量 twice, both in speech 2
    assert t[["period", "term", "count", "tokens", "docs"]].values.tolist() == [
        ["2020", "两个薄弱", 3, 2878, 5], ["2020", "有事好商量", 2, 2878, 5]]
    assert t.attrs["periods"] == 1


# ------------------------------------------------------------------ figures
def _render(fig) -> None:
    """Draw to PNG with every warning an error ("Glyph … missing from font(s)" among them)."""
    import io
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png", dpi=50)


def test_figures_draw_what_they_are_given(sim, sim_tokens):
    docs, _ = sim
    first = cppcc.first_mentions(docs, BRAND)
    t = cppcc.trends(sim_tokens, terms=BRAND, n_boot=100)
    fig = plots.trend_lines(t)
    assert len(fig.axes) == 1 and fig._suptitle.get_text().startswith(plots.time.SIMULATED_LABEL)
    by = cppcc.trends(sim_tokens, categories=["platforms", "party"], by="level", n_boot=100)
    assert len(plots.trend_lines(by).axes) == 2
    km = plots.km_chart(cppcc.time_to_adoption(first, docs, by="level"))
    assert len(km.axes[0].get_lines()) == 3
    g = cppcc.diffusion_graph(cppcc.diffusion_edges(first, cppcc.text_reuse(docs), docs), first, term=BRAND)
    net = plots.diffusion_network(g)
    rows = [t.get_text() for t in net.axes[0].get_yticklabels()]
    assert rows == ["省级 province", "地级 prefecture", "县级 county"]
    empty = plots.km_chart(cppcc.time_to_adoption(first.iloc[:0], docs))
    assert empty.axes[0].texts  # "no unit observed at risk", not an empty frame
    curves = plots.adoption_chart(cppcc.adoption_curves(first, docs, by="level"))
    for f in (fig, km, net, empty, curves):
        _render(f)
