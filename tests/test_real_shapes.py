"""Issue 20: the shapes of real pages, each written for the tests in our own words
(tests/fixtures/real_shapes: invented people and text, real units), read by evidence. Expected values in
expected.csv were checked by hand against the pages and the GB/T 2260 codes of the units."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.cleaning import chrome_reason, spam_reason, strip_pinyin
from cppcc.common import is_missing

pytestmark = pytest.mark.filterwarnings("ignore::cppcc.corpus.CorpusWarning")

SHAPES = Path(__file__).resolve().parent / "fixtures" / "real_shapes"
EXPECTED = pd.read_csv(SHAPES / "expected.csv", dtype=str, keep_default_na=False)
FIELDS = ["doc_type", "speaker", "position", "province", "level", "adcode", "session", "date", "date_source",
          "page_date"]


@pytest.fixture(scope="module")
def loaded() -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = cppcc.load_speeches(SHAPES)
    return speeches, [str(w.message) for w in caught]


def test_manifest_lists_every_page():
    manifest = pd.read_csv(SHAPES / "sources.csv", dtype=str, keep_default_na=False)
    files = sorted(p.name for p in SHAPES.iterdir() if p.suffix in (".txt", ".htm", ".html"))
    assert sorted(manifest["file"]) == files == sorted(set(EXPECTED["file"]))


@pytest.mark.parametrize("row", EXPECTED.to_dict("records"), ids=lambda r: f"{r['file']}#{r['speech']}")
def test_document_metadata(loaded, row):
    speeches, _ = loaded
    doc = speeches[(speeches["source_file"] == row["file"]) & (speeches["speech"] == int(row["speech"]))]
    assert len(doc) == 1
    doc = doc.iloc[0]
    got = {f: ("" if is_missing(doc[f]) else str(doc[f])) for f in FIELDS}
    assert got == {f: row[f] for f in FIELDS}
    region = "" if is_missing(doc["region"]) else doc["region"]
    assert region.endswith(row["unit"]) if row["unit"] else region == ""


def test_national_documents_have_their_own_level(loaded):
    speeches, _ = loaded
    national = speeches[speeches["level"] == "national"]
    assert sorted(national["source_file"]) == [
        "copyright_stamp_first.txt", "editorial_greeting_title.txt",
        "hk_report_news.txt", "lead_then_report_text.txt",
        "lead_then_transcript.txt", "national_report.txt", "trad_opening_news.txt",
        "transcript_caption_report.txt", "transcript_meeting_report.txt",
        "transcript_report_lead.txt", "transcript_tag.txt", "wire_news.txt"]
    assert set(national["region"]) == {"全国"}
    assert national[["province", "prefecture", "county", "adcode"]].isna().all(axis=None)


def test_templates_warn_and_name_nobody(loaded):
    speeches, messages = loaded
    for name in ("farm_collection_gb18030.txt", "template_placeholders.txt"):
        assert [m for m in messages if name in m and "template or collection" in m], name
        doc = speeches[speeches["source_file"] == name].iloc[0]
        assert is_missing(doc["speaker"]) and is_missing(doc["region"]) and is_missing(doc["officials"])


def test_real_site_chrome_is_removed_with_its_reason():
    au = cppcc.cleaning_audit(SHAPES)
    reason = dict(zip(au["original"], au["reason"].where(au["reason"].notna(), au["field"])))
    assert reason["字体大小:【"] == "font-size switcher"
    assert reason['<iframe src="player.html" width="600"></iframe>'] == "embedded object"
    assert reason["下载常宁政协客户端"] == "app download"
    assert reason["▶ 县政协召开主席会议"] == "news teaser"
    assert reason["栏目：讲话致辞 来源：网络 作者：佚名 时间：2020-05-06"] == "content-farm header"
    assert reason["—在3月2日政协常宁市第十一届委员会第五次会议上"] == "dateline"
    assert reason["段  鸣"] == "name"
    assert reason["（2019年1月8日）"] == "date"  # a stated date is front matter, never a time stamp
    epaper = au.loc[au["file"] == "epaper_navigation.txt"]
    assert epaper.loc[epaper["reason"] == "e-paper navigation", "original"].tolist() == [
        "国内统一刊号：CN61-0005", "按日期检索", "上一版　下一版", "第3版：要闻", "版面导航"]
    spam = au.loc[au["file"] == "farm_copy_speech.txt", "repair"].dropna().tolist()
    assert len(spam) == 2 and all(r.startswith("spam: 文章源自") for r in spam)
    assert au.loc[au["file"] == "trad_converted_residue.txt", "repair"].dropna().tolist() == ["pinyin ×3"]


def test_texts_are_clean_and_whole(loaded):
    speeches, _ = loaded
    text = speeches.set_index(speeches["source_file"] + "#" + speeches["speech"].astype(str))["text"]
    for t in text:
        lines = [ln for ln in t.split("\n") if ln.strip()]
        assert [ln for ln in lines if chrome_reason(ln)] == []
        assert [ln for ln in lines if spam_reason(ln)[1] or strip_pinyin(ln)[1]] == []
        assert "http" not in t and "?qǐng" not in t
    # the name glued to the salutation is front matter, the salutation stays
    assert text["farm_copy_speech.txt#1"].split("\n")[0] == "各位委员、同志们："
    assert text["glued_name_date.txt#1"].startswith("各位委员，同志们：中国人民政治协商会议湖北省")
    # the hard-wrapped paragraph is one paragraph again; the heading after it stays a line of its own
    wrapped = text["hard_wrapped.txt#1"].split("\n")
    assert wrapped[0] == "各位委员："
    assert wrapped[1].startswith("现在，我代表") and wrapped[1].endswith("新的成效。")
    assert wrapped[2] == "一、过去一年的主要工作"
    # the one-line digest header: its title is the speech's headline, the next speech starts at its header
    digest = speeches[speeches["source_file"] == "newspaper_digest.txt"]
    assert digest["headline"].tolist() == ["让协商成果落地见效", "把委员作用发挥在基层一线"]
    assert digest["text"].iloc[0].endswith("一百二十多场。")


def test_officials_are_listed_and_kept_whole(loaded):
    speeches, _ = loaded
    keys = speeches["source_file"] + "#" + speeches["speech"].astype(str)
    officials = dict(zip(keys, speeches["officials"]))
    assert officials["news_visit_utf16.txt#1"] == "郑文远、王海峰、李强、赵敏"
    assert officials["news_headline_unit_gb2312.htm#1"] == "高立新、陈立平"
    visit = speeches[speeches["source_file"] == "news_visit_utf16.txt"]
    tokens = set(cppcc.tokens(visit)["token"].astype(str))
    assert {"郑文远", "王海峰", "赵敏"} <= tokens  # names the segmenter would split, kept whole


def test_field_sources_name_the_line_of_each_value():
    from cppcc.corpus.sources import field_sources

    fs = field_sources(SHAPES / "stray_chrome_speech.html")
    got = {r.field: (r.value, r.source, r.line) for r in fs.itertuples()}
    assert got["speaker"] == ("段鸣", "byline", 17)
    assert got["unit"] == ("常宁市", "dateline", 14) and got["session"] == ("十一届五次", "dateline", 14)
    assert got["date"] == ("2021-03-02", "dateline", 14) and got["page_date"] == ("2021-03-08", "page", 11)
    au = cppcc.cleaning_audit(SHAPES / "stray_chrome_speech.html").set_index("line")
    assert au.loc[17, "original"] == "段  鸣" and au.loc[14, "field"] == "dateline"  # the same numbering
    fs = field_sources(SHAPES / "transcript_tag.txt")
    date = fs.loc[fs["field"] == "date", ["value", "source", "line"]].values.tolist()
    assert date == [["2013-03-12", "manifest", None]]


def test_pages_command_shows_where_each_field_came_from():
    from cppcc.cli import main
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["pages", str(SHAPES / "report_date_first_big5.txt")]) == 0
    shown = out.getvalue()
    assert "report_date_first_big5.txt" in shown and "date line" in shown
    assert "李万廷" in shown and "李 萬 廷" in shown  # the value and the line it was read from


# ------------------------------------------------------------------ the readers on their own


def test_person_names_are_validated():
    from cppcc.corpus.names import cppcc_officials, is_name, officials_in

    for name in ("李四", "欧阳明", "段鸣", "李万廷", "黎作凤", "汤会礼", "巴特尔·布和"):
        assert is_name(name), name
    for fragment in ("第一篇", "是政协工", "会是", "关键词", "相关新闻", "一是", "高度重视协商"):
        assert not is_name(fragment), fragment
    assert is_name("扎西顿珠", strict=False) and not is_name("扎西顿珠")
    assert officials_in("市政协副主席郑文远一行来我县调研") == [("副主席", "郑文远")]
    assert officials_in("县政协主席高世忠深入乡镇调研") == [("主席", "高世忠")]
    # the nearest organisation before a CPPCC title decides whose official it is
    assert cppcc_officials("县工商联主席李明出席，区政协会议上副主席张红主持。") == [("副主席", "张红")]


def test_line_readers_of_real_shapes():
    from cppcc.corpus import lead, meta

    f = meta.dateline("—在3月2日政协常宁市第十一届委员会第五次会议上")
    assert (f.date, f.md, f.unit, f.session) == (None, (3, 2), "常宁市", "十一届五次")
    assert meta.dateline("——在政协某县第八届委员会第三次会议闭幕会上的讲话").kind == "speech"
    assert meta.report_title("政协第七届磐安县委员会常务委员会工作报告").unit == "磐安县"
    assert meta.units_named("中国人民政治协商会议第十三届全国委员会") == [(2, "全国")]
    assert meta.units_named("讲话和县政协常委会工作报告") == []  # 和县 read as 和 + 县政协
    assert meta.byline_title("第一篇：在县政协全会上的讲话") is None
    assert meta.salutation_name("黎作凤各位委员、同志们：").speaker == "黎作凤"
    assert meta.session_of("为全国政协十二届五次会议作准备") is None  # prepared for, not held
    assert meta.session_of("市政协八届三次委员发言摘要") == "八届三次"
    assert lead.news_lead("政协委员是政协工作的主体，委员要履职尽责。") is None
    wire = "新华社北京3月11日电 全国政协十三届四次会议10日下午闭幕。"
    assert lead.lead_date(wire, "2021-03-11") == "2021-03-10"
    assert meta.complete_date((1, 26), "2021-08-31") is None  # a content farm's upload date tells no year


def test_units_from_the_places_a_page_names():
    from cppcc.corpus.places import inferred_unit

    county = "县政协十一届五次会议召开。委员们表示，将立足凤台实际，为凤台高质量发展建言献策。"
    assert inferred_unit(county).adcode == "340421"
    assert inferred_unit("县政协委员赴凤台县、寿县考察学习。") is None  # two counties as often
    assert inferred_unit("市政协委员为幸福安康建言。") is None  # 福安 inside 幸福安康, a short form once
    assert inferred_unit("县政协召开常委会议。文章来源：凤台发布").adcode == "340421"  # its medium: twice


def test_resolve_region_national():
    from cppcc.divisions import resolve_region

    r = resolve_region("全国")
    got = (r["region"], r["level"], r["province"], r["adcode"], r["status"])
    assert got == ("全国", "national", None, None, "ok")


def test_forum_jammer_and_site_marks_are_removed_with_their_reason():
    """A forum's anti-copy jammer goes as spam, whole lines and the runs glued before paragraphs; a site
    mark glued to every paragraph is cut from each (the text stays); an image left as markdown is chrome."""
    au = cppcc.cleaning_audit(SHAPES)
    jam = au[au["file"] == "forum_jammer.txt"]
    repairs = jam["repair"].dropna().tolist()
    assert len(repairs) == 6 and all(r.startswith("spam: jammer: ") for r in repairs)
    assert jam.loc[jam["original"] == "![]()", "reason"].tolist() == ["embedded object"]
    assert jam.loc[jam["reason"] == "spam", "line"].tolist() == [2, 6]
    body = " ".join(jam.loc[jam["field"] == "body", "original"])
    assert "2 `r f4" in body  # the audit keeps the original line; the document's text is repaired
    mark = au[au["file"] == "site_mark_suffix.txt"]
    assert mark["repair"].tolist() == ["spam: X7q汉中新闻网"] * 4
    speeches = cppcc.load_speeches(SHAPES / "forum_jammer.txt")
    assert not any(tok in speeches["text"].iloc[0] for tok in ("k3 r7", "c5 P!", "X1 R]", "![]()"))
    assert speeches["text"].iloc[0].startswith("3月8日")


def test_national_documents_are_a_group_of_their_own(loaded):
    """The regional grouping keeps the national CPPCC's documents apart (unit 全国, level national) from
    the documents whose unit was not found: say_units/left_out never count them as missing."""
    from cppcc.units import NATIONAL, left_out, regional_units

    speeches, _ = loaded
    units = regional_units(speeches)
    national = units[units["level"] == "national"]
    assert len(national) == 12 and set(national["unit"]) == {NATIONAL}
    gone = left_out(units)
    assert not set(gone["ids"]) & set(national["doc_id"])
    assert gone["missing"] == int(units["unit"].isna().sum()) == int(speeches["region"].isna().sum())
