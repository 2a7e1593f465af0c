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

# expected warnings (an ambiguous region, a page without headers) are asserted where they matter
pytestmark = pytest.mark.filterwarnings("ignore::cppcc.corpus.CorpusWarning")


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
    assert s[2] == ("对标对表落实中央政协工作会议部署要求，在强化委员责任担当上著力探索、创新举措，"
                    "推动广大委员在改革发展中担大任、在政协工作中挑大梁，展现了新时代政协委员的新形象。")
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
        assert "陜" not in text  # a variant OpenCC leaves alone
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
        "repairs": 0, "truncated": False, "mojibake": None,
    }


def test_sources_manifest_matches_loader():
    manifest = pd.read_csv(REPO / "corpus" / "sources.csv", dtype=str)
    pages = cppcc.load_pages().set_index("file")
    required = ["file", "title", "date", "publisher", "script", "provenance"]
    assert [c for c in manifest.columns if c != "unit"] == required  # `unit` is optional
    assert manifest["provenance"].notna().all()
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
    assert counts == {"body": 41, "header": 5, "headline": 7, "summary": 5, "name": 5, "page_title": 1,
                      "date": 1}
    # 江泽林: header, headline, name, then the summary
    assert au.loc[[118, 120, 122, 124], "field"].tolist() == ["header", "headline", "name", "summary"]
    # the body lines of a speech go to that speech
    assert au.loc[20, "doc_id"] == f"{STEM}-01" and au.loc[140, "doc_id"] == f"{STEM}-05"


def test_seed_loads_fast_in_a_fresh_process():
    import subprocess
    import sys

    code = ("import time, cppcc; t = time.perf_counter(); cppcc.load_speeches(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip().splitlines()[-1]) < 1.0  # after import, division table included


def test_seed_loads_fast():
    cppcc.load_speeches(SEED)  # warm: division table and OpenCC dictionaries
    t = time.perf_counter()
    cppcc.load_speeches(SEED)
    assert time.perf_counter() - t < 0.5


# ------------------------------------------------------------------ pages written for the tests

FIX = Path(__file__).resolve().parent / "fixtures" / "corpus"
REGIONS = FIX / "regions_simplified.txt"
HTML = FIX / "speeches_page.html"
TRAD = FIX / "traditional_source.txt"
NOHEAD = FIX / "no_header.txt"
META_COLS = ["speaker", "position", "region", "province", "prefecture", "county", "level"]


def _load(path, **kw) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = cppcc.load_speeches(path, **kw)
    return df, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def test_regions_of_every_level_and_positions():
    sp, warned = _load(REGIONS)
    assert sp[META_COLS].values.tolist() == [
        ["黄志强", "副主席", "广西壮族自治区", "广西壮族自治区", None, None, "province"],  # autonomous region
        ["魏小东", "党组书记、主席", "北京市", "北京市", None, None, "province"],  # municipality
        # autonomous prefecture
        ["金成哲", "秘书长", "延边朝鲜族自治州", "吉林省", "延边朝鲜族自治州", None, "prefecture"],
        ["王丽", "主席", "浙江省杭州市淳安县", "浙江省", "杭州市", "淳安县", "county"],  # county
        # district, its parent resolves it
        ["李明", "常务副主席", "北京市朝阳区", "北京市", "北京市", "朝阳区", "county"],
        # 朝阳区 alone is in 北京市 and in 长春市: names left empty (the level is certain), and a warning
        ["张伟", "主席", "朝阳区", None, None, None, "county"],
    ]
    assert len(warned) == 1 and "朝阳区" in warned[0] and "line 83" in warned[0]
    assert sp["doc_id"].tolist() == [f"regions_simplified-0{k}" for k in range(1, 7)]


def test_regions_headline_summary_variants():
    sp, _ = _load(REGIONS)
    assert sp["summary"].tolist() == [
        "坚持把协商民主贯穿履职全过程，打造“桂在商量”品牌。",
        "聚焦“七有”“五性”，以协商促进民生改善。",  # after the name line
        "这是一段没有提要标签、但写在姓名行之前的摘要，概括了全文。",  # unlabelled, before the name line
        None,  # no name line: an unlabelled paragraph is body, not summary
        "把协商平台建到社区，推动基层治理。",
        None,
    ]
    assert sp["text"].iloc[3].startswith("淳安县政协围绕生态保护开展协商")
    assert sp["headline"].iloc[3] == "千岛湖畔的协商实践"


def test_regions_structure_counts():
    sp, _ = _load(REGIONS)
    assert cppcc.sections(sp).groupby("doc_id").size().tolist() == [2, 1, 1, 1, 2, 1]
    m = cppcc.measures(sp)
    assert m[m["doc_id"] == "regions_simplified-04"]["ordinal"].tolist() == list(range(1, 13))
    assert m[m["doc_id"] == "regions_simplified-04"]["title"].iloc[-1] == "形成制度"
    # 李明 section 2 opens with an intro sentence before 一是
    got = m[(m["doc_id"] == "regions_simplified-05") & (m["section"] == 2)]["text"].tolist()
    assert got == ["上门走访。", "解决难题。"]


def test_regions_page_and_audit():
    pg = cppcc.load_pages(REGIONS).iloc[0]
    assert (pg["title"], pg["date"], pg["publisher"], pg["editor"], pg["keywords"], pg["script"]) == (
        "地方政协履职经验交流（测试页）", "2023-05-16", "测试政协报", "测试编辑", "协商、民族、社区",
        "simplified")
    au = cppcc.cleaning_audit(REGIONS).set_index("line")
    assert au.loc[1, "reason"] == "navigation" and au.loc[3, "reason"] == "breadcrumb"
    assert au.loc[[99, 101, 103], "reason"].tolist() == ["related-news"] * 3
    assert au.loc[105, "reason"] == "footer"
    sp, _ = _load(REGIONS)
    assert not sp["text"].str.contains("相关|版权|ICP|编辑").any()


def test_page_without_headers_is_one_document():
    sp, warned = _load(NOHEAD)
    assert len(sp) == 1 and sp["doc_id"].item() == "no_header-01"
    assert sp[META_COLS + ["headline", "summary"]].isna().all(axis=None)
    assert sp["text"].item() == ("人民政协是具有中国特色的制度安排，是社会主义协商民主的重要渠道和"
                                 "专门协商机构。\n一、坚持党的领导\n一是加强思想政治引领。二是广泛凝聚共识。")
    assert sp["page_title"].item() == "发挥政协专门协商机构作用（评论员文章）"
    assert sp["date"].item() == "2021-03-02"
    assert any("no speech header" in w for w in warned)
    assert cppcc.sections(sp)["heading"].tolist() == ["坚持党的领导"]


def test_html_page():
    sp, warned = _load(HTML)
    assert warned == []
    assert sp[META_COLS].values.tolist() == [
        ["刘华", "副主席", "四川省成都市", "四川省", "成都市", None, "prefecture"],
        ["巴特尔", "主席", "内蒙古自治区阿拉善盟", "内蒙古自治区", "阿拉善盟", None, "prefecture"],  # a 盟
    ]
    # <br> splits a headline
    assert sp["headline"].tolist() == ["以协商助推 公园城市建设", "加强盟市政协建设"]
    assert sp["summary"].iloc[0] == "围绕公园城市建设开展协商，提出了一批管用的建议。"
    # inline <b> kept in its line
    assert sp["text"].iloc[0].split("\n")[0] == "成都市政协把公园城市建设作为协商重点，持续发力。"
    assert sp["page_title"].iloc[0] == "市县政协工作交流发言选登"
    assert sp["date"].iloc[0] == "2022-11-08"
    for bad in ("脚本", "console", "font-family", "首页", "相关新闻", "某市政协", "热门排行", "版权所有",
                "分享", "王五"):
        assert not sp["text"].str.contains(bad).any(), bad
    assert cppcc.sections(sp).groupby("doc_id").size().tolist() == [2, 1]


def test_html_audit_records_stripped_elements():
    au = cppcc.cleaning_audit(HTML)
    assert (au["field"].isna() != au["reason"].isna()).all()
    removed = au[au["line"].isna()].groupby("reason")["original"].apply(list).to_dict()
    assert removed["script"] == ['var 广告 = "不该出现的脚本文字"; document.write("脚本");',
                                 'console.log("正文中的脚本");']
    assert removed["style"] == [".nav { color: red; } body { font-family: 宋体; }"]
    assert removed["navigation"] == ["首页", "协商", "委员"]
    assert removed["related-news"] == ["相关新闻", "某市政协召开主席会议", "某县政协开展协商"]
    assert removed["footer"] == ["版权所有 测试政协网", "联系我们"]
    assert set(removed) == {"script", "style", "navigation", "related-news", "footer", "html head",
                            "page header", "breadcrumb", "share bar", "sidebar"}
    # every text line extracted from the DOM is there exactly once
    kept = au[au["line"].notna()]
    assert kept["line"].is_unique
    assert kept.loc[kept["reason"].notna(), "reason"].tolist() == ["editor line"]


def test_traditional_page():
    sp, warned = _load(TRAD)
    assert warned == []
    assert sp[META_COLS].values.tolist() == [
        ["陈明", "主席", "福建省厦门市思明区", "福建省", "厦门市", "思明区", "county"],
        ["马丽", "主席", "甘肃省临夏回族自治州", "甘肃省", "临夏回族自治州", None, "prefecture"],
    ]
    assert sp["text"].iloc[0].startswith("近年来，我们围绕社区治理开展协商")
    assert sp["text_original"].iloc[0].startswith("近年來，我們圍繞社區治理開展協商")
    assert cppcc.load_pages(TRAD)["script"].item() == "traditional"


def test_variant_characters_do_not_leak_into_names(tmp_path):
    # 陜 is a variant OpenCC leaves alone; 乾 must stay 乾 in 乾县 (OpenCC may turn it into 干)
    page = "陜西省咸陽市乾縣政協主席趙剛:\n\n標題\n\n趙剛\n\n乾縣政協積極履職。\n"
    f = tmp_path / "variant.txt"
    f.write_text(page, encoding="utf-8")
    sp, _ = _load(f)
    assert sp[["region", "province", "prefecture", "county", "level"]].values.tolist() == [
        ["陕西省咸阳市乾县", "陕西省", "咸阳市", "乾县", "county"]]
    for col in ("region", "province", "prefecture", "county"):
        assert "陜" not in sp[col].item()


def test_unknown_region_keeps_header_but_warns(tmp_path):
    f = tmp_path / "unknown.txt"
    f.write_text("新疆生产建设兵团政协主席张三：\n\n一个标题\n\n张三\n\n正文一段。\n", encoding="utf-8")
    sp, warned = _load(f)
    got = sp[["speaker", "region", "province", "level", "adcode"]].values.tolist()
    assert got == [["张三", "新疆生产建设兵团", None, None, None]]
    assert any("not a known administrative division" in w for w in warned)
    assert sp["text"].item() == "正文一段。"


# ------------------------------------------------------------------ encodings and line ends

def _same_speeches(a: pd.DataFrame, b: pd.DataFrame) -> None:
    cols = ["speaker", "position", "region", "province", "prefecture", "county", "level", "adcode",
            "headline", "summary", "text", "text_original", "page_title", "date"]
    pd.testing.assert_frame_equal(a[cols].reset_index(drop=True), b[cols].reset_index(drop=True))


@pytest.mark.parametrize("codec, expected", [
    ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", None), ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_simplified_encodings(tmp_path, codec, expected):
    text = REGIONS.read_text(encoding="utf-8")
    raw = text.encode(codec)
    if codec == "utf-16-be":  # with an explicit big-endian BOM
        raw = b"\xfe\xff" + raw
        expected = "utf-16"
    f = tmp_path / "page.txt"
    f.write_bytes(raw)
    _same_speeches(_load(f)[0], _load(REGIONS)[0])
    assert cppcc.load_pages(f)["encoding"].item() == expected


def test_big5_traditional(tmp_path):
    f = tmp_path / "page.txt"
    f.write_bytes(TRAD.read_text(encoding="utf-8").encode("big5"))
    assert cppcc.load_pages(f)["encoding"].item() == "big5"
    _same_speeches(_load(f)[0], _load(TRAD)[0])


def test_crlf_line_ends(tmp_path):
    f = tmp_path / "page.txt"
    f.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    _same_speeches(_load(f)[0], _load(SEED)[0])
    au = cppcc.cleaning_audit(f)
    assert not au["original"].str.contains("\r").any()
    assert len(au) == len(cppcc.cleaning_audit(SEED))


@pytest.mark.parametrize("declared, codec, source", [
    ("gb2312", "gbk", HTML), ("GBK", "gb18030", HTML), ("big5", "big5", None),
])
def test_html_meta_charset_is_honoured(tmp_path, declared, codec, source):
    html = HTML.read_text(encoding="utf-8")
    if source is None:  # a Traditional HTML page in Big5
        from cppcc.normalize import _converter
        html = _converter("s2tw").convert(html)
    html = html.replace("charset=utf-8", f"charset={declared}")
    f = tmp_path / "page.html"
    f.write_bytes(html.encode(codec))
    sp, warned = _load(f)
    assert warned == []
    assert cppcc.load_pages(f)["encoding"].item() in {"gb18030", "big5hkscs"}
    assert sp["speaker"].tolist() == ["刘华", "巴特尔"]
    assert sp["text"].iloc[1] == _load(HTML)[0]["text"].iloc[1]


def test_wrong_meta_charset_falls_back_to_detection(tmp_path):
    html = HTML.read_text(encoding="utf-8")  # declares utf-8 ...
    f = tmp_path / "page.htm"
    f.write_bytes(html.encode("gb18030"))  # ... but is GB18030
    sp, warned = _load(f)
    assert sp["speaker"].tolist() == ["刘华", "巴特尔"]
    assert any("declared charset 'utf-8'" in w for w in warned)


def test_html_content_in_a_txt_file_is_parsed_as_html(tmp_path):
    f = tmp_path / "saved.txt"
    f.write_text(HTML.read_text(encoding="utf-8"), encoding="utf-8")
    assert cppcc.load_pages(f)["format"].item() == "html"
    assert _load(f)[0]["speaker"].tolist() == ["刘华", "巴特尔"]


# ------------------------------------------------------------------ directories and bad input

def test_directory_recursive_sorted_relative(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / "b" / "x.txt").write_bytes(REGIONS.read_bytes())
    (tmp_path / "a" / "x.html").write_bytes(HTML.read_bytes())
    (tmp_path / "a" / "notes.md").write_text("not a page", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints" / "x.txt").write_bytes(REGIONS.read_bytes())
    (tmp_path / "z.TXT").write_bytes(SEED.read_bytes())
    sp = cppcc.load_speeches(tmp_path)
    assert sp["source_file"].drop_duplicates().tolist() == ["a/x.html", "b/x.txt", "z.TXT"]
    assert sp["doc_id"].is_unique  # two files with stem "x": their relative paths are used
    assert sp["doc_id"].iloc[0] == "a_x_html-01" and sp["doc_id"].iloc[-1] == "z-05"
    assert len(sp) == 2 + 6 + 5
    _same_speeches(cppcc.load_speeches(tmp_path), sp)  # deterministic


def test_missing_path_raises():
    with pytest.raises(CorpusError, match="no_such_dir"):
        cppcc.load_speeches(FIX / "no_such_dir")
    with pytest.raises(CorpusError, match="no_such_file.txt"):
        cppcc.load_pages(FIX / "no_such_file.txt", errors="warn")


def test_directory_without_pages_raises(tmp_path):
    (tmp_path / "readme.md").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="no .txt, .htm or .html files"):
        cppcc.load_speeches(tmp_path)


BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b" \r\n\n\t\n",
    "image.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    "random.txt": bytes(range(128, 256)) * 3,
    "english.txt": b"Just an English note, no Chinese at all.\n",
    "bom_only.txt": b"\xef\xbb\xbf",
    "bad_utf16.txt": b"\xff\xfe\x00\xd8",  # a UTF-16 BOM then a lone surrogate
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_raises_naming_it(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(BAD_FILES[name])
    with pytest.raises(CorpusError) as err:
        cppcc.load_speeches(f)
    assert str(f) in str(err.value)


def test_errors_warn_skips_bad_files_and_loads_the_rest(tmp_path):
    for name, raw in BAD_FILES.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "good.txt").write_bytes(REGIONS.read_bytes())
    with pytest.raises(CorpusError):
        cppcc.load_speeches(tmp_path)
    sp, warned = _load(tmp_path, errors="warn")
    assert sp["source_file"].unique().tolist() == ["good.txt"]
    skipped = [w for w in warned if w.startswith("skipped")]
    assert len(skipped) == len(BAD_FILES)
    for name in BAD_FILES:
        assert any(name in w for w in skipped)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert cppcc.load_pages(tmp_path, errors="warn")["file"].tolist() == ["good.txt"]
        assert set(cppcc.cleaning_audit(tmp_path, errors="warn")["file"]) == {"good.txt"}


def test_bad_errors_argument():
    with pytest.raises(ValueError, match="errors"):
        cppcc.load_speeches(SEED, errors="ignore")


def test_empty_result_has_columns(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sp = cppcc.load_speeches(tmp_path, errors="warn")
        au = cppcc.cleaning_audit(tmp_path, errors="warn")
    assert sp.empty and list(sp.columns) == SPEECH_COLUMNS
    assert au.empty and list(au.columns) == AUDIT_COLUMNS
    assert cppcc.sections(sp).empty and cppcc.measures(sp).empty


def test_header_shapes(tmp_path):
    page = ("湖南省长沙市岳麓区政协党组副书记 周  敏（书面发言）：\n\n一个标题\n\n周  敏\n\n正文第一段。\n\n"
            "各级政协主席会议：\n\n会后继续正文。\n\n"
            "宁夏回族自治区政协副秘书长马•明:\n\n第二个标题\n\n马·明\n\n第二篇正文。\n")
    f = tmp_path / "shapes.txt"
    f.write_text(page, encoding="utf-8")
    sp, warned = _load(f)
    assert warned == []
    assert sp[["speaker", "position", "region", "county", "level"]].values.tolist() == [
        ["周敏", "党组副书记", "湖南省长沙市岳麓区", "岳麓区", "county"],
        ["马·明", "副秘书长", "宁夏回族自治区", None, "province"],
    ]
    # "各级政协主席会议：" has the shape of a header but 各级 is no administrative unit: body text
    assert sp["text"].iloc[0] == "正文第一段。\n各级政协主席会议：\n会后继续正文。"
    au = cppcc.cleaning_audit(f)
    assert au[au["field"] == "name"]["line"].tolist() == [5, 17]


def test_invisible_lines_are_audited(tmp_path):
    f = tmp_path / "zw.txt"
    f.write_text("河南省政协主席刘伟:\n\u200b\u200b\n标题\n\n刘伟\n\n正文。\n", encoding="utf-8")
    au = cppcc.cleaning_audit(f).set_index("line")
    assert au.loc[2, "reason"] == "invisible characters only"
    assert au.index.tolist() == [1, 2, 3, 5, 7]


def test_html_title_fallback_and_comments(tmp_path):
    html = ("<html><head><meta charset='utf-8'><title>某市政协发言</title></head><body>"
            "<!-- 注释里的文字 --><div id='main-nav'>首页 协商</div>"
            "<p>江西省政协主席姚增科：</p><p>标题一行</p><p>姚增科</p><p>正文一段。</p></body></html>")
    f = tmp_path / "t.html"
    f.write_text(html, encoding="utf-8")
    sp, _ = _load(f)
    assert sp["page_title"].item() == "某市政协发言"
    assert sp["text"].item() == "正文一段。"
    au = cppcc.cleaning_audit(f)
    assert au.loc[au["original"] == "某市政协发言", "field"].item() == "page_title"
    assert au.loc[au["original"] == "注释里的文字", "reason"].item() == "html comment"
    assert au.loc[au["original"] == "首页 协商", "reason"].item() == "navigation"


@pytest.mark.parametrize("name", ["files", "decode", "lines", "classify", "documents", "load"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"cppcc.corpus.{name}"))
    assert result.failed == 0 and result.attempted > 0


def test_site_date_source_line_and_share_bar_in_body(tmp_path):
    page = ("今天是2026年11月27日 星期五\n\n某地政协工作交流\n\n发布时间：2021-06-30\n来源：测试政协报\n\n"
            "山东省政协主席葛慧君：\n\n标题\n\n葛慧君\n\n第一段。\n\n分享到：\n\n第二段。\n\n上一篇：某文章\n\n"
            "下一篇：另一文章\n")
    f = tmp_path / "p.txt"
    f.write_text(page, encoding="utf-8")
    pg = cppcc.load_pages(f).iloc[0]
    assert (pg["title"], pg["date"], pg["publisher"]) == ("某地政协工作交流", "2021-06-30", "测试政协报")
    sp, _ = _load(f)
    assert sp["text"].item() == "第一段。\n第二段。"
    au = cppcc.cleaning_audit(f).set_index("line")
    assert au.loc[1, "reason"] == "page chrome"  # the site's date of today, not the article's
    assert au.loc[5, "field"] == "date" and au.loc[6, "field"] == "publisher"
    assert au.loc[16, "reason"] == "share bar"
    assert au.loc[[20, 22], "reason"].tolist() == ["footer", "footer"]


def test_page_without_headers_keeps_dated_paragraphs(tmp_path):
    page = ("政协委员座谈会综述\n\n2021年5月1日 来源：测试报\n\n"
            "会议于2021年4月28日召开，与会委员围绕基层协商深入交流，提出了许多建议，会议时间两小时。\n\n"
            "时间：2021年4月28日\n\n会议认为，要进一步加强协商。\n")
    f = tmp_path / "p.txt"
    f.write_text(page, encoding="utf-8")
    sp, _ = _load(f)
    assert sp["date"].item() == "2021-05-01" and sp["page_title"].item() == "政协委员座谈会综述"
    assert sp["text"].item().split("\n") == [
        "会议于2021年4月28日召开，与会委员围绕基层协商深入交流，提出了许多建议，会议时间两小时。",
        "会议认为，要进一步加强协商。"]
    # a line that is only a labelled date is a time stamp (issue 10), audited as such
    au = cppcc.cleaning_audit(f)
    assert au.loc[au["original"] == "时间：2021年4月28日", "reason"].item() == "time stamp"


def test_bare_paragraphs_load_as_one_document(tmp_path):
    f = tmp_path / "bare.txt"
    text = "人民政协为人民，协商民主是我国社会主义民主政治的特有形式和独特优势。\n第二段话。"
    f.write_text(text + "\n", encoding="utf-8")
    sp, warned = _load(f)
    assert sp["page_title"].item() is None and sp["date"].item() is None
    assert sp["text"].item() == text
    assert any("no speech header" in w for w in warned)


def test_speech_without_headline_or_name(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text("海南省政协主席李军：\n\n尊敬的各位领导：\n\n一、坚持协商\n\n一是建平台。\n",
                 encoding="utf-8")
    sp, _ = _load(f)
    assert sp[["headline", "summary"]].values.tolist() == [[None, None]]
    assert sp["text"].item() == "尊敬的各位领导：\n一、坚持协商\n一是建平台。"


def test_html_class_hint_never_drops_the_article(tmp_path):
    html = ("<html><body><div class='hot-news-content'><h1>标题页</h1>"
            "<p>2024年1月5日 来源：测试</p><p>四川省政协主席田向利：</p><p>一个标题</p><p>田向利</p>"
            "<p>正文。</p></div><div class='border-bottom nav'>首页 关于</div></body></html>")
    f = tmp_path / "h.html"
    f.write_text(html, encoding="utf-8")
    sp, _ = _load(f)
    assert sp[["speaker", "page_title", "text"]].values.tolist() == [["田向利", "标题页", "正文。"]]
    au = cppcc.cleaning_audit(f)
    assert au.loc[au["original"] == "首页 关于", "reason"].item() == "navigation"


def test_ambiguous_region_keeps_shared_parent():
    from cppcc.corpus import resolve_region

    r = resolve_region("江苏省鼓楼区")  # 南京市鼓楼区 and 徐州市鼓楼区
    assert (r["status"], r["province"], r["prefecture"], r["county"], r["level"]) == (
        "ambiguous", "江苏省", None, None, "county")
    r = resolve_region("江苏省南京市鼓楼区")
    assert (r["status"], r["prefecture"], r["county"]) == ("ok", "南京市", "鼓楼区")
    assert resolve_region("广西")["province"] == "广西壮族自治区"  # a common short form
    assert resolve_region("延边州")["prefecture"] == "延边朝鲜族自治州"
    assert resolve_region("不存在的地方")["status"] == "unknown"


# ------------------------------------------------------------------ adcode and the division table

def test_seed_adcodes(seed):
    # GB/T 2260 codes: 临沧市, 河南省, 陕西省, 蚌埠市蚌山区, 吉林省
    assert seed["adcode"].tolist() == ["530900", "410000", "610000", "340303", "220000"]
    assert list(seed.columns).index("adcode") == list(seed.columns).index("level") + 1


def test_fixture_adcodes():
    assert _load(REGIONS)[0]["adcode"].tolist() == [
        "450000", "110000", "222400", "330127", "110105", None]  # 朝阳区 alone: unresolved
    assert _load(HTML)[0]["adcode"].tolist() == ["510100", "152900"]
    assert _load(TRAD)[0]["adcode"].tolist() == ["350203", "622900"]
    assert _load(NOHEAD)[0]["adcode"].tolist() == [None]


def test_division_table_is_a_copy():
    from cppcc.divisions import division_table

    t = division_table()
    t.loc[:, "name"] = "changed"
    t.drop(t.index[:10], inplace=True)
    fresh = division_table()
    assert "changed" not in set(fresh["name"]) and len(fresh) == len(t) + 10
    assert cppcc.load_speeches(SEED)["county"].tolist()[3] == "蚌山区"  # the loader is unaffected


def test_resolve_region_lives_in_divisions():
    from cppcc import corpus, divisions

    assert corpus.resolve_region is divisions.resolve_region
    r = divisions.resolve_region("鼓楼区")
    assert r["status"] == "ambiguous" and r["adcode"] is None
    assert r["candidates"] == ["江苏省南京市鼓楼区", "江苏省徐州市鼓楼区", "福建省福州市鼓楼区",
                               "河南省开封市鼓楼区"]
    assert divisions.resolve_region("不存在的地方")["candidates"] == []


# ------------------------------------------------------------------ each phase on its own

def test_phase_decode():
    from cppcc.corpus.decode import decode

    text = "政协委员围绕民生开展协商，形成一批建议。"
    assert decode(text.encode("gb18030"), "p.txt") == (text, "gb18030")
    assert decode(b"\xff\xfe" + text.encode("utf-16-le"), "p.txt") == (text, "utf-16")
    html = f"<html><head><meta charset='big5'></head><body>{text}</body></html>"
    got, enc = decode(to_big5(html), "p.html", html_hint=True)
    assert enc == "big5hkscs" and "協商" in got
    with pytest.raises(CorpusError, match="p.txt: file is empty"):
        decode(b"  \n", "p.txt")


def to_big5(s: str) -> bytes:
    from cppcc.normalize import _converter

    return _converter("s2tw").convert(s).encode("big5")


def test_phase_lines():
    from cppcc.corpus.lines import page_lines

    lines = page_lines("河南省政協主席劉偉:\r\n\r\n正文,一段。")
    assert (lines.format, lines.original, lines.norm) == (
        "text", ["河南省政協主席劉偉:", "", "正文,一段。"], ["河南省政协主席刘伟：", "", "正文，一段。"])
    html = page_lines("<html><body><div class='breadcrumb'>首页 > 协商</div><p>一段</p><p>二段</p>"
                      "</body></html>")
    assert html.format == "html" and [s for s in html.original if s] == ["一段", "二段"]
    assert html.removed == [("首页 > 协商", "breadcrumb")]


def test_phase_classify():
    from cppcc.corpus.classify import classify_lines

    norm = ["首页 政协动态 协商建言 委员声音", "交流发言摘登", "2021-03-02 来源：测试报", "",
            "河南省政协主席刘伟：", "标题", "正文。", "吉林省政协主席江泽林：", "正文二。"]
    lay = classify_lines(norm, norm)
    assert (lay.title, lay.date, lay.publisher) == ("交流发言摘登", "2021-03-02", "测试报")
    assert [(b.start, b.end, b.header.speaker) for b in lay.blocks] == [(4, 7, "刘伟"), (7, 9, "江泽林")]
    assert {i: f.field or f.reason for i, f in lay.fate.items()} == {
        0: "navigation", 1: "page_title", 2: "date"}
    assert all(b.front == () for b in lay.blocks)
    page = ["标题", "一段很长的正文，讲的是政协委员如何围绕中心工作建言资政。"]
    lay = classify_lines(page, page)
    assert [tuple(b) for b in lay.blocks] == [(0, 2, None, None, ((0, "title"),))]


def test_phase_documents():
    from cppcc.corpus.classify import classify_lines
    from cppcc.corpus.documents import build_documents, front_matter, split_footer

    assert front_matter(["标题一", "标题二", "提要：要点。", "王五", "正文。"], "王五") == (
        ["headline", "headline", "summary", "name"], ["标题一", "标题二"], ["要点。"])
    assert front_matter(["一、坚持协商", "正文。"], "王五") == ([], [], [])  # a numbered heading is body
    assert front_matter(["标题", "正文。"], None) == ([], [], [])
    norm = ["正文。", "图为委员在调研。", "关键词：政协 协商", "附件", "版权所有"]
    foot = split_footer([0, 1, 2, 3, 4], norm)
    assert (foot.kept, foot.keywords) == ([0], "政协、协商")
    assert foot.dropped == {1: "photo caption", 2: "keywords line", 3: "footer", 4: "footer"}
    norm = ["河南省政协主席刘伟：", "标题", "刘伟", "正文。", "责任编辑：某某"]
    docs = build_documents(norm, classify_lines(norm, norm))
    assert [(s.headline, s.body) for s in docs.speeches] == [(["标题"], [3])]
    assert docs.editor == "某某" and docs.warnings == []


def test_audit_has_one_row_per_line_in_order(tmp_path):
    from cppcc.corpus.documents import audit_rows
    from cppcc.corpus.classify import Fate

    rows = audit_rows(["a", " ", "\u200b", "b"], ["a", "", "", "b"], {0: Fate("body", None, 0)})
    assert [(r["line"], r["field"], r["reason"]) for r in rows] == [
        (1, "body", None), (3, None, "unclassified"), (4, None, "unclassified")]


# ------------------------------------------------------------------ issue 10: decoding and page fields

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, codec):
    f = tmp_path / "page.txt"
    f.write_bytes(REGIONS.read_text(encoding="utf-8").encode(codec))
    assert cppcc.load_pages(f)["encoding"].item() == codec
    _same_speeches(_load(f)[0], _load(REGIONS)[0])


def test_binary_with_nul_bytes_is_not_utf16(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CorpusError, match="not UTF-16 text"):
        cppcc.load_speeches(f)


def test_publisher_and_editor_never_take_the_next_label(tmp_path):
    page = ("某地政协工作交流\n\n发布时间：2021-06-30 来源：【测试政协报】作者：王五\n\n"
            "山东省政协主席葛慧君：\n\n标题\n\n葛慧君\n\n第一段。\n\n（责任编辑：李六 审核：赵七）\n")
    f = tmp_path / "p.txt"
    f.write_text(page, encoding="utf-8")
    pg = cppcc.load_pages(f).iloc[0]
    assert (pg["publisher"], pg["editor"]) == ("测试政协报", "李六")
