"""Tests of cppcc.mechanisms: codebook, dictionary coding, evidence, glossary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cppcc.mechanisms import code_mechanisms, evidence, glossary, load_codebook, match_terms
from _tokens import make_tokens

FIX = Path(__file__).parent / "fixtures" / "compare"

CATEGORIES = [
    "platforms",
    "procedures",
    "resources",
    "rules",
    "members",
    "party",
    "grassroots",
    "supervision",
    "feedback",
]




TOKS = make_tokens(
    {
        # 委员/工作室 split by the segmenter: matched once as 委员工作室 (platforms), not again as 委员
        "m-01": (
            {"speaker": "甲", "level": "county"},
            [["委员", "工作室", "和", "委员", "。"], ["民主", "监督", "，", "视察", "。"]],
        ),
        # a term never matches across a sentence boundary (民主 | 监督) nor inside a longer token (委员之家x)
        "m-02": (
            {"speaker": "乙", "level": "province"},
            [["民主", "。"], ["监督", "村", "。"], ["委员之家x", "。"]],
        ),
    }
)


# --------------------------------------------------------------------------- codebook
def test_packaged_codebook_shape_and_uniqueness():
    cb = load_codebook()
    assert cb.columns.tolist() == ["category", "label_zh", "label_en", "term", "definition", "justification"]
    assert cb["category"].drop_duplicates().tolist() == CATEGORIES
    assert not cb["term"].duplicated().any()
    assert cb.groupby("category")["label_en"].nunique().eq(1).all()
    assert cb["justification"].notna().all() and cb["definition"].str.len().gt(10).all()
    for term, cat in [
        ("委员之家", "platforms"),
        ("选题", "procedures"),
        ("编制", "resources"),
        ("考核", "rules"),
        ("履职", "members"),
        ("党组", "party"),
        ("社区", "grassroots"),
        ("民主监督", "supervision"),
        ("回音", "feedback"),
    ]:
        assert cb.set_index("term").loc[term, "category"] == cat
    # bare 协商 is deliberately not coded (see the codebook's header)
    assert "协商" not in set(cb["term"])


def test_user_codebook_traditional_terms_and_errors():
    cb = load_codebook(FIX / "codebook_traditional.yaml")
    assert cb["term"].tolist() == ["委员之家", "委员工作室", "工作室", "委员"]
    with pytest.raises(ValueError, match="调研"):
        load_codebook(FIX / "codebook_duplicate.yaml")  # 调研 and 調研 are the same term
    with pytest.raises(ValueError, match=r"label_en.*terms|terms.*label_en"):
        load_codebook(FIX / "codebook_incomplete.yaml")
    with pytest.raises(FileNotFoundError, match="nope.yaml"):
        load_codebook(FIX / "nope.yaml")


# --------------------------------------------------------------------------- matching
def test_match_terms_longest_first_within_sentences():
    m = match_terms(TOKS, load_codebook())
    assert m[["row", "n_tokens", "term", "category"]].values.tolist() == [
        [0, 2, "委员工作室", "platforms"],
        [3, 1, "委员", "members"],
        [5, 2, "民主监督", "supervision"],
        [8, 1, "视察", "supervision"],
        [12, 1, "监督", "supervision"],
    ]  # the lone 村 (row 13) no longer counts: codebook version 2, see the test below


def test_salutations_never_count_and_single_characters_only_in_level_phrases():
    toks = make_tokens({"s-01": ({"level": "county"}, [
        ["各位", "委员", "：", "委员", "积极", "履职"],  # the salutation takes its 委员; the second counts
        ["乡", "（", "街", "）", "和", "村", "（", "居", "）", "建", "委员之家"],  # one match per phrase
        ["村", "里", "乡", "音", "、", "街", "上"],  # lone characters: none counts
        ["设立", "乡", "、", "村", "议事会", "，", "40", "个", "村"],  # a list of levels, a count of villages
    ])})
    cb = load_codebook()
    assert cb.attrs["never_count"][0] == "各位委员" and "各位委员" not in set(cb["term"])
    assert "工作机制" in cb.attrs["never_count"]  # split 工作/机制: dropping the term would count 机制
    assert not {"乡", "街", "村", "居", "镇", "规范", "工作机制", "不建机构建机制"} & set(cb["term"])
    ev = evidence(toks)
    assert ev[["sentence", "match", "category"]].values.tolist() == [
        [1, "委员", "members"], [1, "履职", "members"],
        [2, "乡（街）", "grassroots"], [2, "村（居）", "grassroots"], [2, "委员之家", "platforms"],
        [4, "乡、村", "grassroots"], [4, "议事会", "platforms"], [4, "个村", "grassroots"],
    ]
    assert int(code_mechanisms(toks, ci=None)["matches"].sum()) == len(ev)
    # a codebook of one's own: no never_count unless given
    assert len(match_terms(toks, ["委员"])) == 2
    assert len(match_terms(toks, ["委员"], never=["各位委员"])) == 1


def test_code_mechanisms_counts_rates_and_zeros():
    cm = code_mechanisms(TOKS)
    assert cm.columns.tolist() == [
        "doc_id",
        "speaker",
        "level",
        "category",
        "label_zh",
        "label_en",
        "matches",
        "tokens",
        "rate",
        "rate_low",
        "rate_high",
        "n_docs",
    ]
    assert len(cm) == 2 * len(CATEGORIES)  # every category for every document
    got = cm.set_index(["doc_id", "category"])
    # m-01: 7 non-punctuation tokens (委员 工作室 和 委员 民主 监督 视察)
    assert got.loc[("m-01", "supervision"), "matches"] == 2
    assert got.loc[("m-01", "supervision"), "tokens"] == 7
    assert got.loc[("m-01", "supervision"), "rate"] == pytest.approx(1000 * 2 / 7)
    assert got.loc[("m-01", "platforms"), "matches"] == 1
    assert got.loc[("m-01", "members"), "matches"] == 1
    assert got.loc[("m-01", "party"), "matches"] == 0 and got.loc[("m-01", "party"), "rate"] == 0
    assert got.loc[("m-02", "supervision"), "matches"] == 1
    assert got.loc[("m-02", "platforms"), "matches"] == 0


def test_evidence_rows_equal_counts():
    cm = code_mechanisms(TOKS)
    ev = evidence(TOKS)
    assert len(ev) == cm["matches"].sum()
    per = ev.groupby(["doc_id", "category"]).size()
    nz = cm[cm.matches > 0].set_index(["doc_id", "category"])["matches"]
    assert per.sort_index().equals(nz.sort_index())
    sup = evidence(TOKS, "supervision", window=2)
    assert sup.columns.tolist() == [
        "doc_id",
        "category",
        "label_en",
        "term",
        "sentence",
        "left",
        "match",
        "right",
        "sentence_text",
    ]
    first = sup.iloc[0]
    assert (first["left"], first["match"], first["right"], first["sentence_text"]) == (
        "委员。",
        "民主监督",
        "，视察",
        "民主监督，视察。",
    )
    # a label works as well as a key
    assert len(evidence(TOKS, "Democratic supervision")) == 3
    with pytest.raises(ValueError, match="unknown category"):
        evidence(TOKS, "nonsense")


def test_patterns_match_one_token_exact_terms_win():
    t = make_tokens(
        {"p": ({}, [["中共河南省委", "和", "党委", "，", "各级党委", "，", "某某党委书记", "。"]])}
    )
    m = match_terms(t, load_codebook())
    assert m[["row", "term", "category"]].values.tolist() == [
        [0, "*省委", "party"],
        [2, "党委", "party"],
        [4, "各级党委", "party"],
    ]
    # first pattern in codebook order wins; a pattern never spans tokens
    m = match_terms(t, pd.DataFrame({"category": ["a", "b"], "term": ["*省委", "中共*"]}))
    assert m[["row", "term", "category"]].values.tolist() == [[0, "*省委", "a"]]
    ev = evidence(t, "party")
    assert ev["match"].tolist() == ["中共河南省委", "党委", "各级党委"] and ev["term"].iloc[0] == "*省委"


def test_custom_codebook_dict():
    cm = code_mechanisms(TOKS, codebook={"mine": ["委员", "村"]})
    assert cm["category"].unique().tolist() == ["mine"]
    assert cm.set_index("doc_id").loc["m-01", "matches"] == 2  # split 委员|工作室: 委员 matches here
    assert len(evidence(TOKS, codebook={"mine": ["委员", "村"]})) == cm["matches"].sum()


def test_empty_and_one_document():
    empty = TOKS.iloc[:0]
    cm = code_mechanisms(empty)
    assert cm.empty and "rate" in cm.columns
    assert evidence(empty).empty
    one = TOKS[TOKS.doc_id == "m-02"]
    cm1 = code_mechanisms(one)
    assert len(cm1) == len(CATEGORIES) and cm1["matches"].sum() == 1  # 监督 (a lone 村 does not count)
    assert len(evidence(one)) == 1


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="sentence"):
        code_mechanisms(TOKS.drop(columns="sentence"))
    with pytest.raises(ValueError, match="is_punct"):
        code_mechanisms(TOKS.drop(columns="is_punct"))
    with pytest.raises(ValueError, match="token"):
        evidence(pd.DataFrame({"doc_id": ["a"]}))


# --------------------------------------------------------------------------- glossary
def test_glossary_covers_codebook_and_seed_names():
    g = glossary()
    assert g.columns.tolist() == ["term", "gloss_en", "note"]
    assert not g["term"].duplicated().any() and g["gloss_en"].str.len().gt(0).all()
    cb = load_codebook()
    exact = {t for t in cb["term"] if "*" not in t}
    missing = (exact | set(cb["label_zh"])) - set(g["term"])
    assert not missing
    d = glossary(as_dict=True)
    assert d["有事好商量"] == "consultation on matters that concern us"
    assert d["两个薄弱"] == 'the "two weaknesses"'
    for name in [
        "临沧市",
        "河南省",
        "陕西省",
        "蚌山区",
        "吉林省",
        "李银峰",
        "江泽林",
        "三好三单",
        "双反馈一验证",
    ]:
        assert name in d


# --------------------------------------------------------------------------- the seed page
@pytest.fixture(scope="module")
def seed():
    import cppcc

    speeches = cppcc.load_speeches()
    return speeches, cppcc.tokens(speeches)


def test_seed_supervision_count_with_evidence(seed):
    speeches, toks = seed
    cm = code_mechanisms(toks)
    assert len(cm) == 5 * len(CATEGORIES)
    assert {"speaker", "region", "level"} <= set(cm.columns)
    han = cm[(cm.speaker == "韩勇") & (cm.category == "supervision")].iloc[0]
    # grep -o on 韩勇's normalised text: 民主监督 3, 视察 1, 同步监督 1 (and no other 监督/评议/检查)
    text = speeches.loc[speeches.speaker == "韩勇", "text"].item()
    assert (text.count("民主监督"), text.count("视察"), text.count("同步监督"), text.count("监督")) == (
        3,
        1,
        1,
        4,
    )
    assert han["matches"] == 5
    n = int(
        (~toks["is_punct"] & toks["token"].astype(str).str.strip().ne("") & (toks["speaker"] == "韩勇")).sum()
    )
    assert han["tokens"] == n and han["rate"] == pytest.approx(1000 * 5 / n)
    ev = evidence(toks, "supervision")
    ev_han = ev[ev.doc_id == han["doc_id"]]
    assert len(ev_han) == 5
    assert sorted(ev_han["match"]) == sorted(["民主监督"] * 3 + ["视察", "同步监督"])
    assert "三级联动" in ev_han["left"].iloc[3]  # 创新开展省市县政协三级联动|民主监督
    # evidence from speeches (tokenised inside) gives the same rows
    assert len(evidence(speeches, "supervision")) == len(ev)


def test_seed_every_count_has_its_evidence(seed):
    _, toks = seed
    cm = code_mechanisms(toks)
    ev = evidence(toks)
    assert len(ev) == cm["matches"].sum()
    per = ev.groupby(["doc_id", "category"]).size()
    nz = cm[cm.matches > 0].set_index(["doc_id", "category"])["matches"]
    assert per.sort_index().to_dict() == nz.sort_index().to_dict()
    # every match is in its sentence, and the matched text equals the term (or fits its pattern)
    assert all(m in s for m, s in zip(ev["match"], ev["sentence_text"]))
    exact = ~ev["term"].str.contains("*", regex=False)
    assert (ev.loc[exact, "match"] == ev.loc[exact, "term"]).all()


def test_seed_platform_terms(seed):
    speeches, toks = seed
    ev = evidence(toks, "platforms")
    # grep -o 委员之家 on the page: 4; 委员工作室: 3 (刘伟 2, 韩勇 1) + 石艳's “委员工作室” = 4
    assert (ev["match"] == "委员之家").sum() == sum(t.count("委员之家") for t in speeches["text"]) == 4
    assert (ev["match"] == "委员工作室").sum() == sum(t.count("委员工作室") for t in speeches["text"])


# --------------------------------------------------------------------------- pages of our own
# Two pages written for these tests: a Simplified UTF-8 page (四川省成都市武侯区, county; 广东省,
# province) and a Traditional page in Big5 (福建省厦门市, prefecture).
@pytest.fixture(scope="module")
def pages():
    import cppcc

    speeches = cppcc.load_speeches(FIX / "pages")
    return speeches, cppcc.tokens(speeches)


def test_pages_codes_by_hand(pages):
    speeches, toks = pages
    assert speeches["speaker"].tolist() == ["王晓明", "林小红", "陈志远"]
    cm = code_mechanisms(toks)
    wang = cm[cm.speaker == "王晓明"].set_index("category")["matches"].to_dict()
    # read off the text: 委员工作站 x3 + 工作站 + 平台 + 委员信箱 | 协商议事活动 | 联络员 | 制度, 考核办法 |
    # 委员 (轮流值班), 委员履职 | 街道, 群众 | 民主监督 | 反馈, 回音
    assert wang == {
        "platforms": 6,
        "procedures": 1,
        "resources": 1,
        "rules": 2,
        "members": 2,
        "party": 0,
        "grassroots": 2,
        "supervision": 1,
        "feedback": 2,
    }
    ev = evidence(toks, "platforms")
    assert ev[ev.doc_id == "sichuan_guangdong_simplified-01"]["match"].value_counts().to_dict() == {
        "委员工作站": 3,
        "工作站": 1,
        "平台": 1,
        "委员信箱": 1,
    }
    # the Big5 Traditional page: 委员之家 x4 (grep -o 委員之家 on the source)
    chen = cm[cm.speaker == "陈志远"].set_index("category")["matches"]
    assert chen["platforms"] == 4
    assert chen["feedback"] == 6  # 反馈 x2 (反馈机制 is split), 交办, 承办单位 (one match), 办理, 回音
    assert len(evidence(toks)) == cm["matches"].sum()
    assert set(cm["level"]) == {"county", "province", "prefecture"}


def test_pages_evidence_from_speeches_and_kwic_original(pages):
    from cppcc.compare import kwic

    speeches, toks = pages
    assert len(evidence(speeches)) == len(evidence(toks))
    k = kwic(speeches, "委员之家", window=4)
    assert len(k) == 4 and (k["match_original"] == "委員之家").all()
    k2 = kwic(speeches, "委员工作站", window=4)
    assert (k2["match_original"] == "委员工作站").all()  # Simplified source: the original is the same text


def test_seed_by_level_and_by_section(seed):
    import cppcc

    speeches, toks = seed
    by_doc = code_mechanisms(toks)
    by_level = code_mechanisms(toks, by="level")
    assert by_level["level"].drop_duplicates().tolist() == ["prefecture", "province", "county"]
    assert "speaker" not in by_level.columns  # not constant within a level (three province speakers)
    # counts add up: a level's matches are the sum over its speeches
    lv = by_doc.groupby(["level", "category"], observed=True)["matches"].sum()
    assert by_level.set_index(["level", "category"])["matches"].to_dict() == lv.to_dict()
    ev = evidence(toks, by="level")
    assert ev.columns[:2].tolist() == ["doc_id", "level"]
    assert ev.groupby(["level", "category"], observed=True).size().to_dict() == lv[lv > 0].to_dict()
    # per section of each speech (tokens of cppcc.sections): 3, 4, 4, 3, 3 sections
    sec_toks = cppcc.tokens(cppcc.sections(speeches))
    by_sec = code_mechanisms(sec_toks, by=["doc_id", "section"])
    assert by_sec.drop_duplicates(["doc_id", "section"]).groupby("doc_id", observed=True).size().tolist() == [
        3,
        4,
        4,
        3,
        3,
    ]
    assert len(evidence(sec_toks, by=["doc_id", "section"])) == by_sec["matches"].sum()
