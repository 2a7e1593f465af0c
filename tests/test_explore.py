"""Tests for cppcc.explore (term_report, term_figure).

Seed values were hand-checked on the normalised text written out per speech
(``grep -o 委员之家 norm_NN.txt | wc -l`` → 1, 2, 0, 1, 0; sentences split on 。！？；!?;… and line
breaks: 157 non-empty, 4 holding 委员之家, 4 holding 委员工作室, 3 of them with 委员之家).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import cppcc  # noqa: E402
from cppcc.explore import COOC_COLUMNS, term_figure, term_report  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "explore" / "two_regions_traditional.txt"


@pytest.fixture(scope="module")
def seed():
    s = cppcc.load_speeches()
    return s, cppcc.tokens(s)


@pytest.fixture(scope="module")
def page():
    s = cppcc.load_speeches(FIX)
    return s, cppcc.tokens(s)


def g2_by_hand(a, b, c, d):
    """Dunning's G² of [[a, b], [c, d]] written out cell by cell (signed by a vs its expectation)."""
    n = a + b + c + d
    cells = [
        (a, (a + b) * (a + c) / n),
        (b, (a + b) * (b + d) / n),
        (c, (c + d) * (a + c) / n),
        (d, (c + d) * (b + d) / n),
    ]
    g = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
    return g if a >= cells[0][1] else -g


def test_seed_frequency_by_region(seed):
    s, t = seed
    rep = term_report("委员之家", s, t)
    f = rep["frequency"]
    assert f["region"].tolist() == ["云南省临沧市", "河南省", "陕西省", "安徽省蚌埠市蚌山区", "吉林省"]
    assert f["matches"].tolist() == [1, 2, 0, 1, 0]
    # denominators: the same non-punctuation token counts as the mechanism coding uses
    per_doc = cppcc.code_mechanisms(t).groupby("doc_id", sort=False, observed=True)["tokens"].first().tolist()
    assert f["tokens"].tolist() == per_doc == [535, 544, 622, 545, 632]
    assert f["rate"].round(3).tolist() == [1.869, 3.676, 0.0, 1.835, 0.0]
    assert rep["summary"].iloc[0][["matches", "documents", "sentences", "corpus_sentences"]].tolist() == [
        4,
        3,
        4,
        157,
    ]


def test_seed_kwic_lines_and_original_script(seed):
    s, t = seed
    kw = term_report("委员之家", s, t)["kwic"]
    assert kw["speaker"].tolist() == ["李银峰", "刘伟", "刘伟", "石艳"]
    assert kw["left"].iloc[3] == "委员工作室”，推进各乡（街）“"
    assert kw["right"].iloc[0] == "”、“村级便民服务站”为议事场"
    assert kw["passage_original"].iloc[0] == "委員和相關人員為成員,以“鄉鎮委員之家”、“村級便民服務站”為議事場"


def test_traditional_query_equals_simplified(seed):
    s, t = seed
    a, b = term_report("委員之家", s, t), term_report("委员之家", s, t)
    for key in ("kwic", "frequency", "cooccurring"):
        pd.testing.assert_frame_equal(a[key], b[key])
    assert a["summary"].iloc[0]["query"] == "委員之家" and a["summary"].iloc[0]["term"] == "委员之家"


def test_seed_cooccurring_hand_checked(seed):
    s, t = seed
    co = term_report("委员之家", s, t, top=None)["cooccurring"]
    assert list(co.columns) == COOC_COLUMNS
    row = co.set_index("word").loc["委员工作室"]
    assert (row["count"], row["sentences"]) == (3, 4)
    assert row["expected"] == pytest.approx(4 * 4 / 157)
    assert row["pmi"] == pytest.approx(math.log(3 * 157 / (4 * 4)))
    assert row["g2"] == pytest.approx(g2_by_hand(3, 1, 1, 152))
    assert co["word"].iloc[0] == "委员工作室"  # the strongest neighbour
    assert "委员之家" not in set(co["word"])  # the match itself is not its own neighbour
    assert "十二" not in set(co["word"])  # bare numerals (十二项制度措施) are not words
    assert "召集人" in set(co["word"])
    assert co["g2"].is_monotonic_decreasing


def test_seed_other_grouping_and_phrase_counts(seed):
    s, t = seed
    rep = term_report("两个薄弱", s, t, by="level")
    f = rep["frequency"].set_index("level")
    assert f.loc["province", ["speeches", "matches", "tokens"]].tolist() == [3, 3, 544 + 622 + 632]
    assert f.loc["province", "rate"] == pytest.approx(1000 * 3 / 1798)
    assert f.loc["county", "matches"] == 0


def test_unknown_term_gives_empty_frames(seed):
    s, t = seed
    rep = term_report("不存在的词语", s, t)
    assert rep["kwic"].empty and rep["frequency"].empty and rep["cooccurring"].empty
    assert list(rep["frequency"].columns) == ["region", "speeches", "matches", "tokens", "rate"]
    assert rep["summary"].iloc[0][["matches", "documents", "sentences"]].tolist() == [0, 0, 0]
    fig = term_figure(rep, speeches=s)  # a "no match" figure, no exception
    assert fig.texts or any(ax.texts for ax in fig.axes)


def test_errors_name_the_problem(seed):
    s, t = seed
    with pytest.raises(ValueError, match="empty"):
        term_report("  ", s, t)
    with pytest.raises(ValueError, match="province_en"):
        term_report("协商", s, t, by="province_en")
    with pytest.raises(ValueError, match="is_punct"):
        term_report("协商", s, t.drop(columns="is_punct"))
    # the stop words come from the `stop` spec: the frame's flags are not needed
    plain = term_report("协商", s, t)
    assert term_report("协商", s, t.drop(columns="is_stop"))["cooccurring"].equals(plain["cooccurring"])
    assert plain["cooccurring"].attrs["stop"] == "general"
    assert plain["frequency"].attrs["by"] == ["region"]


def test_own_traditional_page(page):
    s, t = page
    rep = term_report("委員之家", s, t)
    f = rep["frequency"]
    assert f["region"].tolist() == ["四川省凉山彝族自治州", "浙江省湖州市"]
    assert f["matches"].tolist() == [4, 0]
    assert f["tokens"].tolist() == [41, 23]
    # two matches in one sentence (近年来…建立委员之家，委员之家成为…) count once as a sentence
    assert rep["summary"].iloc[0][["matches", "sentences", "corpus_sentences"]].tolist() == [4, 3, 10]
    co = rep["cooccurring"].set_index("word")
    assert co.loc["群众", ["count", "sentences"]].tolist() == [2, 3]
    assert co.loc["群众", "g2"] == pytest.approx(g2_by_hand(2, 1, 1, 6))
    assert co.loc["乡镇", ["count", "sentences"]].tolist() == [2, 2]
    assert (
        rep["kwic"]["passage_original"].iloc[0]
        == "近年來,州政協在鄉鎮建立委員之家,委員之家成為聯繫群眾的橋樑。"
    )


def test_multi_token_term_and_substring_counts(page):
    s, t = page
    # 接待群众 is two tokens (接待 + 群众): found, and neither token is its own neighbour
    rep = term_report("接待群眾", s, t, top=None)
    assert rep["frequency"]["matches"].tolist() == [1, 0]
    assert set(rep["cooccurring"]["word"]) == {"每个", "乡镇", "建成", "委员之家", "委员", "定期"}
    # 协商 is counted inside the longer token 协商议事 too (substring counting, like KWIC)
    f = term_report("协商", s, t)["frequency"]
    assert f["matches"].tolist() == [2, 1]


def test_tokens_optional_and_speaker_grouping(page):
    s, _ = page
    rep = term_report("委员之家", s, by=["region", "speaker"])
    assert rep["frequency"][["speaker", "matches"]].values.tolist() == [["阿木", 4], ["周平", 0]]


def test_term_figure_labels(seed):
    s, t = seed
    rep = term_report("委员之家", s, t)
    fig = term_figure(rep, speeches=s, top=5, glossary=cppcc.glossary())
    ax1, ax2 = fig.axes[:2]
    assert [tl.get_text() for tl in ax1.get_yticklabels()] == rep["frequency"]["region"].tolist()
    labels = [tl.get_text() for tl in ax2.get_yticklabels()]
    assert len(labels) == 5 and labels[0].startswith("委员工作室")
    assert "委员之家" in fig._suptitle.get_text()


def test_term_figure_colours_mean_one_thing(seed):
    """Bars by unit take the unit's colour, by level the level's, otherwise the neutral colour of
    whole-corpus counts; positive associations are neutral too, never a unit's colour."""
    from matplotlib.colors import to_hex

    from cppcc.plots import _style

    s, t = seed
    units = set(cppcc.plots.region_palette(s).values())
    by_region = term_figure(term_report("协商", s, t), speeches=s, top=5)
    pal = cppcc.plots.region_palette(s)
    rep = term_report("协商", s, t)
    assert [to_hex(b.get_facecolor()) for b in by_region.axes[0].patches] == [
        pal[r].lower() for r in rep["frequency"]["region"]]
    by_level = term_figure(term_report("协商", s, t, by="level"), speeches=s, top=5)
    levels = term_report("协商", s, t, by="level")["frequency"]["level"]
    assert [to_hex(b.get_facecolor()) for b in by_level.axes[0].patches] == [
        cppcc.plots.level_palette()[v].lower() for v in levels]
    by_speaker = term_figure(term_report("协商", s, t, by="speaker"), speeches=s, top=5)
    assert {to_hex(b.get_facecolor()) for b in by_speaker.axes[0].patches} == {_style.NEUTRAL.lower()}
    g2 = {to_hex(b.get_facecolor()) for b in by_region.axes[1].patches}
    assert g2 <= {_style.NEUTRAL.lower(), _style.NEGATIVE.lower()} and not g2 & {u.lower() for u in units}
    import matplotlib.pyplot as plt

    for fig in (by_region, by_level, by_speaker):
        plt.close(fig)
    palettes = {*units, *cppcc.plots.level_palette().values(), *cppcc.plots.community_palette(10),
                _style.GREY}
    assert not {_style.NEUTRAL, _style.NEGATIVE} & palettes
