"""Tests of the corpus loader on the seed page (exact, hand-checked values) and on small pages
written for the tests (other regions, scripts, encodings, HTML, bad input)."""
from __future__ import annotations

import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.corpus import AUDIT_COLUMNS, PAGE_COLUMNS, SPEECH_COLUMNS, CorpusError, CorpusWarning

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "000_311b16853e29c05d.txt"
STEM = "000_311b16853e29c05d"


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return cppcc.load_speeches(SEED)


# ------------------------------------------------------------------ seed: speeches and metadata

def test_seed_speakers_regions_levels(seed):
    got = seed[["speaker", "position", "province", "prefecture", "county", "level"]].values.tolist()
    assert got == [
        ["李银峰", "主席", "云南省", "临沧市", None, "prefecture"],
        ["刘伟", "主席", "河南省", None, None, "province"],
        ["韩勇", "主席", "陕西省", None, None, "province"],
        ["石艳", "主席", "安徽省", "蚌埠市", "蚌山区", "county"],
        ["江泽林", "主席", "吉林省", None, None, "province"],
    ]
    assert seed["region"].tolist() == ["云南省临沧市", "河南省", "陕西省", "安徽省蚌埠市蚌山区", "吉林省"]


def test_seed_ids_and_page_fields(seed):
    assert list(seed.columns[: len(SPEECH_COLUMNS)]) == SPEECH_COLUMNS
    assert seed["doc_id"].tolist() == [f"{STEM}-0{k}" for k in range(1, 6)]
    assert set(seed["source_file"]) == {SEED.name}
    assert set(seed["page_title"]) == {"全国地方政协工作经验交流会发言摘登（二）"}
    assert set(seed["date"]) == {"2020-08-24"}


def test_default_path_is_repo_corpus():
    sp = cppcc.load_speeches()
    assert sp["doc_id"].str.startswith(STEM).sum() == 5
    assert sp.loc[sp["doc_id"].str.startswith(STEM), "source_file"].eq(SEED.name).all()


def test_seed_headlines(seed):
    assert seed["headline"].tolist() == [
        "政协边寨“小协商” 助推边疆“大治理”",
        "著力解决“两个薄弱”问题 扎实做好市县政协工作",  # two lines joined
        "强化责任担当 彰显委员形象",
        "开拓履职尽责新路子 干出基层政协新样子",  # two lines, the first with a trailing space
        "在党委领导下合力加强市县政协工作",
    ]


def test_seed_summaries(seed):
    s = seed["summary"].tolist()
    assert all(x and not x.startswith("提要") for x in s)
    assert s[0].startswith("按照“不建机构建机制”的思路，打造“协商在基层”品牌")
    # 韩勇: no 提要 label
    assert s[2] == ("对标对表落实中央政协工作会议部署要求，在强化委员责任担当上著力探索、创新举措，推动广大委员"
                    "在改革发展中担大任、在政协工作中挑大梁，展现了新时代政协委员的新形象。")
    # 江泽林: name line before the (indented) summary
    assert s[4] == ("充分发挥各级党委统筹作用，有力有序推进解决市县政协基础工作薄弱、人员力量薄弱问题，"
                    "以品牌为统领，以案例方式推动市县政协做好协商搭台工作。")


def test_seed_text_is_clean_body(seed):
    first = seed["text"].str.split("\n").str[0].tolist()
    assert first[0].startswith("云南省临沧市地处祖国西南边疆，边境线长300公里，")
    assert first[4].startswith("习近平总书记在中央政协工作会议上的重要讲话和《中共中央关于新时代")
    for text in seed["text"]:
        for chrome in ("提要", "编辑：", "关键词", "相关新闻", "客户端下载", "分享到", "首页", "东京热"):
            assert chrome not in text
        assert "," not in text and ":" not in text  # half-width punctuation made full-width
    # the body ends before the editor line
    assert seed["text"].iloc[4].endswith("实现省市县三级政协工作联网和协同履职。")
    assert seed["text"].iloc[0].endswith("有效管用、能解决问题。")


def test_seed_text_original_keeps_source_script(seed):
    orig = seed["text_original"].tolist()
    assert orig[0].startswith("云南省臨滄市地處祖國西南邊疆,邊境線長300公里,")
    assert [len(o.split("\n")) for o in orig] == [len(t.split("\n")) for t in seed["text"]]
    assert [len(t.split("\n")) for t in seed["text"]] == [8, 9, 9, 7, 8]
    src = SEED.read_text(encoding="utf-8")
    for o in orig:
        for para in o.split("\n"):
            assert para in src


def test_seed_pages():
    pg = cppcc.load_pages(SEED)
    assert list(pg.columns) == PAGE_COLUMNS
    assert pg.drop(columns=["n_lines"]).iloc[0].to_dict() == {
        "file": SEED.name, "format": "text", "encoding": "utf-8", "script": "traditional",
        "title": "全国地方政协工作经验交流会发言摘登（二）", "date": "2020-08-24", "publisher": "人民政协网",
        "editor": "付振强", "keywords": "政协、协商、委员、工作、市县", "n_speeches": 5,
    }


def test_sources_manifest_matches_loader():
    manifest = pd.read_csv(REPO / "corpus" / "sources.csv", dtype=str)
    pages = cppcc.load_pages().set_index("file")
    assert set(manifest["file"]) == set(pages.index)
    for row in manifest.itertuples():
        assert pages.loc[row.file, "title"] == row.title
        assert pages.loc[row.file, "date"] == row.date
        assert pages.loc[row.file, "publisher"] == row.publisher
        assert pages.loc[row.file, "script"] == row.script


# ------------------------------------------------------------------ seed: the cleaning audit

def test_seed_audit_every_line_once():
    au = cppcc.cleaning_audit(SEED)
    assert list(au.columns) == AUDIT_COLUMNS
    lines = SEED.read_text(encoding="utf-8").split("\n")
    nonblank = [k + 1 for k, s in enumerate(lines) if s.strip()]
    assert sorted(au["line"].tolist()) == nonblank  # every non-blank line exactly once
    assert (au["field"].isna() != au["reason"].isna()).all()  # kept in a field xor removed with a reason
    for row in au.itertuples():
        assert row.original == lines[row.line - 1].strip()


def test_seed_audit_reasons():
    au = cppcc.cleaning_audit(SEED).set_index("line")
    assert au.loc[1, "reason"] == "spam"
    assert au.loc[3, "reason"] == "navigation"
    assert au.loc[5, "reason"] == "breadcrumb"
    assert au.loc[7, "field"] == "page_title"
    assert au.loc[9, "field"] == "date"
    assert au.loc[10, "reason"] == "share bar"
    assert au.loc[142, "reason"] == "editor line"
    assert au.loc[144, "reason"] == "keywords line"
    assert au.loc[147, "reason"] == "footer"
    assert au.loc[149, "reason"] == "related-news"
    assert au["reason"].notna().sum() == 8
    counts = au["field"].value_counts().to_dict()
    assert counts == {"body": 41, "header": 5, "headline": 7, "summary": 5, "name": 5, "page_title": 1, "date": 1}
    # 江泽林: header, headline, name, then the summary
    assert au.loc[[118, 120, 122, 124], "field"].tolist() == ["header", "headline", "name", "summary"]
    # the body lines of a speech go to that speech
    assert au.loc[20, "doc_id"] == f"{STEM}-01" and au.loc[140, "doc_id"] == f"{STEM}-05"


def test_seed_loads_fast():
    cppcc.load_speeches(SEED)  # warm: division table and OpenCC dictionaries
    t = time.perf_counter()
    cppcc.load_speeches(SEED)
    assert time.perf_counter() - t < 0.5
