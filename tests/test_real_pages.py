"""The issue-10 fixture corpus (tests/fixtures/real): pages of every kind CPPCC researchers collect,
written for the tests, load with the hand-checked metadata of expected.csv, and no document's text
holds pinyin residue, spam, chrome, a table of contents or a paywall line.

The cleaning rules of ``cppcc.cleaning`` are the oracle for the text checks, together with explicit
strings of each page that must not survive."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.cleaning import chrome_reason, paywall_reason, spam_reason, strip_pinyin, toc_block
from cppcc.common import is_missing

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
EXPECTED = pd.read_csv(REAL / "expected.csv", dtype=str, keep_default_na=False)
FIELDS = ["doc_type", "speaker", "position", "province", "level", "adcode", "session", "date"]

# strings of the pages' chrome, spam, front matter, TOC and paywall lines (hand-listed from the pages)
MUST_NOT_SURVIVE = [
    "上接第一版", "下转第二版", "下轉第二版", "新葡京", "百家乐", "娱乐城", "(xie)", "(wei)", "(jing)",
    "(xié)", "（xié）", "图为", "▲", "李明远", "吉木子洛", "巴图", "萨仁", "薩仁", "责任编辑", "責任編輯",
    "编辑：", "編輯：", "责编", "摄影：", "来源：", "來源：", "发布时间", "发布日期", "浏览次数", "目  录",
    "…………", "未完",
    "全文共", "积分", "（完）", "分享到", "版权所有", "上一篇", "（2021年3月25日）", "（2022年1月6日）",
    "（2023年1月12日）", "——2023年1月10日", "——内蒙古", "首页", "文档分享网",
]
# the salutation is spoken text: it stays, as the first line of the text
SALUTATION = {
    "byline_speech_gb18030.txt": "各位委员，同志们：",
    "name_line_speech.html": "各位委员、同志们：",
    "work_report_big5.txt": "各位委员：",
    "docshare_toc_paywall.txt": "同志们：",
}
REPAIRS = {"work_report_big5.txt": 3, "news_utf16le.txt": 1}  # 協(xie) 委(wei) 經(jing); 協(xié)
TRUNCATED = {"docshare_toc_paywall.txt"}


@pytest.fixture(scope="module")
def loaded() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = cppcc.load_speeches(REAL)
        pages = cppcc.load_pages(REAL)
    return speeches, pages, [str(w.message) for w in caught]


def test_manifest_lists_every_page():
    manifest = pd.read_csv(REAL / "sources.csv", dtype=str, keep_default_na=False)
    files = sorted(p.name for p in REAL.iterdir() if p.suffix in (".txt", ".htm", ".html"))
    assert sorted(manifest["file"]) == files == sorted(set(EXPECTED["file"]))
    assert set(manifest["script"]) == {"traditional", "simplified"}


def test_documents_per_page(loaded):
    speeches, _, _ = loaded
    got = speeches.groupby("source_file").size().to_dict()
    assert got == EXPECTED.groupby("file").size().to_dict()


@pytest.mark.parametrize("row", EXPECTED.to_dict("records"), ids=lambda r: f"{r['file']}#{r['speech']}")
def test_document_metadata(loaded, row):
    speeches, _, _ = loaded
    doc = speeches[(speeches["source_file"] == row["file"]) & (speeches["speech"] == int(row["speech"]))]
    assert len(doc) == 1
    doc = doc.iloc[0]
    got = {f: ("" if is_missing(doc[f]) else str(doc[f])) for f in FIELDS}
    assert got == {f: row[f] for f in FIELDS}
    region = "" if is_missing(doc["region"]) else doc["region"]
    assert region.endswith(row["unit"]) if row["unit"] else region == ""


def test_ambiguous_district_warns_with_candidates(loaded):
    _, _, messages = loaded
    gulou = [m for m in messages if "gulou_news_gb18030.txt" in m and "鼓楼区" in m]
    assert gulou and all(c in gulou[0] for c in ("南京市", "徐州市", "福州市", "开封市"))
    assert not [m for m in messages if "name_line_speech.html" in m and "朝阳区" in m]
    # 福州市 in the title resolves the header's 鼓楼区
    assert not [m for m in messages if "fuzhou_digest_mojibake.txt" in m and "鼓楼区" in m]


def test_mojibake_is_reported(loaded):
    _, _, messages = loaded
    assert [m for m in messages if "fuzhou_digest_mojibake.txt" in m and "锟斤拷" in m]
    assert not [m for m in messages if "锟斤拷" in m and "fuzhou_digest_mojibake.txt" not in m]


def test_pages_repairs_truncation_and_titles(loaded):
    _, pages, _ = loaded
    pages = pages.set_index("file")
    assert pages["repairs"].to_dict() == {f: REPAIRS.get(f, 0) for f in pages.index}
    assert set(pages.index[pages["truncated"].astype(bool)]) == TRUNCATED
    assert pages.loc["work_report_big5.txt", "title"] == "政协甘孜藏族自治州第十二届委员会常务委员会工作报告"
    assert pages.loc["news_utf16le.txt", "encoding"] == "utf-16-le"


@pytest.mark.parametrize("file", sorted(set(EXPECTED["file"])))
def test_text_is_clean(loaded, file):
    speeches, _, _ = loaded
    docs = speeches[speeches["source_file"] == file]
    for _, doc in docs.iterrows():
        lines = [ln for ln in doc["text"].split("\n") if ln.strip()]
        assert lines, f"{file}: empty text"
        assert [ln for ln in lines if strip_pinyin(ln)[1]] == []
        assert [ln for ln in lines if spam_reason(ln)[1]] == []
        assert [(ln, chrome_reason(ln)) for ln in lines if chrome_reason(ln)] == []
        assert [ln for ln in lines if paywall_reason(ln)] == []
        assert toc_block(lines) == []
        assert [s for s in MUST_NOT_SURVIVE if s in doc["text"]] == []
        front = {x for x in (doc["page_title"], doc["speaker"]) if not is_missing(x)}
        assert [ln for ln in lines if ln.strip() in front] == [], "front matter in the text"
        if file in SALUTATION:
            assert lines[0].strip() == SALUTATION[file]


def test_article_lines_that_mention_chrome_words_stay(loaded):
    speeches, _, _ = loaded
    text = "\n".join(speeches["text"])
    for kept in ("记者从会上了解到，这一做法已在全州17个县市推广。", "为进一步拓宽提案线索来源，提高提案质量",
                 "一要抓好专题协商，二要抓好民主监督", "三、扎实做好今年各项工作"):
        assert kept in text
