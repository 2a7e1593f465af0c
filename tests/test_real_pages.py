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
    speeches, _, messages = loaded
    assert [m for m in messages if "fuzhou_digest_mojibake.txt" in m and "锟斤拷" in m]
    assert not [m for m in messages if "锟斤拷" in m and "fuzhou_digest_mojibake.txt" not in m]
    # in the texts each run is one replacement character, so no token holds a piece of it
    page = speeches[speeches["source_file"] == "fuzhou_digest_mojibake.txt"]
    assert page["text"].str.contains("\ufffd").any() and not page["text"].str.contains("锟|斤拷").any()
    assert not cppcc.tokens(page)["token"].astype(str).str.contains("锟|斤拷").any()


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


# ------------------------------------------------------------------ chrome removal through the loader
HELDOUT = Path(__file__).resolve().parent / "fixtures" / "cleaning_heldout"
CHROME_LABELS = {"photo caption", "photographer line", "reporter line", "editor line", "time stamp",
                 "continuation mark", "end mark", "source line", "separator"}


def _heldout_through_loader(tmp_path: Path, patterns: tuple[str, ...]) -> dict:
    """Write each held-out TSV page as a text page, load the folder, and score every labelled line by
    whether it reaches a document's ``text_original`` (a whole line of it) and by its audit row."""
    rows = []
    for pattern in patterns:
        for tsv in sorted(HELDOUT.glob(pattern)):
            page = pd.read_csv(tsv, sep="\t", dtype=str, keep_default_na=False).assign(file=tsv.stem + ".txt")
            (tmp_path / f"{tsv.stem}.txt").write_text("\n".join(page["line"]) + "\n", encoding="utf-8")
            rows.append(page)
    lines = pd.concat(rows, ignore_index=True)
    with warnings.catch_warnings():  # pages without speaker or unit warn, as they should
        warnings.simplefilter("ignore", cppcc.CorpusWarning)
        docs, audit = cppcc.load_speeches(tmp_path), cppcc.cleaning_audit(tmp_path)
    in_text = {(f, ln.strip()) for f, t in zip(docs["source_file"], docs["text_original"])
               for ln in t.split("\n")}
    lines["reaches_text"] = [(f, ln.strip()) in in_text for f, ln in zip(lines["file"], lines["line"])]
    fate = audit.assign(fate=audit["reason"].fillna("field " + audit["field"].fillna("")))
    fate = dict(zip(zip(fate["file"], fate["original"]), fate["fate"]))
    lines["fate"] = [fate.get((f, ln.strip())) for f, ln in zip(lines["file"], lines["line"])]
    chrome, article = lines[lines["label"].isin(CHROME_LABELS)], lines[lines["label"] == "article"]
    removed = int((~chrome["reaches_text"]).sum())
    lost = int((~article["reaches_text"]).sum())
    how = chrome.loc[~chrome["reaches_text"]].apply(
        lambda r: "own reason" if r["fate"] == r["label"] else
        "page metadata" if str(r["fate"]).startswith("field ") else r["fate"], axis=1)
    return {"pages": lines["file"].nunique(), "chrome": len(chrome), "removed": removed,
            "recall": removed / len(chrome), "article": len(article), "kept": len(article) - lost,
            "precision": removed / (removed + lost) if removed + lost else 1.0,
            "front_in_text": int(lines.loc[lines["label"] == "front", "reaches_text"].sum()),
            "how": how.value_counts().to_dict(), "unaudited": int(lines["fate"].isna().sum())}


def test_loader_removes_heldout_chrome(tmp_path):
    """Chrome recall measured through ``load_speeches`` (not line by line with ``chrome_reason``): on the
    four final held-out pages every chrome line is kept out of the documents' text and every article
    line reaches it. Hand-checked: 31 chrome lines; 21 are removed with their own chrome reason, 5 become
    page metadata (3 time stamps the page's date, 2 来源 lines its publisher) and 5 go with the footer
    after the article's last line (among them 图片：区政协办公室, the photo credit that ``chrome_reason``
    alone misses: 30/31 line by line in tests/test_cleaning.py)."""
    s = _heldout_through_loader(tmp_path, ("final_*.tsv",))
    print(f"held-out chrome through the loader: {s['removed']}/{s['chrome']} removed "
          f"(recall {s['recall']:.3f}), "
          f"{s['kept']}/{s['article']} article lines kept (precision {s['precision']:.3f})")
    assert (s["pages"], s["chrome"], s["removed"], s["article"], s["kept"]) == (4, 31, 31, 16, 16)
    assert s["recall"] == 1.0 and s["precision"] == 1.0
    assert s["how"] == {"own reason": 21, "page metadata": 5, "footer": 5}
    assert s["front_in_text"] == 0 and s["unaudited"] == 0


def test_loader_removes_development_chrome(tmp_path):
    """The same measure on the twelve development pages (the rules were generalised from their misses):
    84 chrome lines, all kept out of the text, and all 56 article lines kept."""
    s = _heldout_through_loader(tmp_path, ("page*.tsv", "round*.tsv"))
    assert (s["pages"], s["chrome"], s["removed"], s["article"], s["kept"]) == (12, 84, 84, 56, 56)
    # 2 reporter lines go as navigation and a time stamp with page tools as a share bar
    assert s["how"] == {"own reason": 61, "page metadata": 12, "footer": 8, "navigation": 2, "share bar": 1}
    assert s["front_in_text"] == 0 and s["unaudited"] == 0
