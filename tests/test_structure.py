"""Tests of sections, measures and paragraphs: exact values on the seed, and small texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.structure import chinese_number, measures, sections

SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_311b16853e29c05d.txt"
STEM = "000_311b16853e29c05d"


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return cppcc.load_speeches(SEED)


def test_seed_sections_per_speech(seed):
    sec = cppcc.sections(seed)
    assert list(sec.columns) == ["doc_id", "section", "heading", "text"]
    assert sec.groupby("doc_id", sort=False).size().tolist() == [3, 4, 4, 3, 3]
    assert sec.groupby("doc_id", sort=False)["section"].apply(list).tolist() == [
        [1, 2, 3],
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3],
        [1, 2, 3],
    ]


def test_seed_section_headings(seed):
    sec = cppcc.sections(seed).set_index(["doc_id", "section"])
    assert sec.loc[(f"{STEM}-01", 1), "heading"] == "边寨“小协商”搭起边疆“大治理”议事平台"
    assert sec.loc[(f"{STEM}-02", 4), "heading"] == "完善制度机制，构建市县政协工作持续健康发展的“助推器”"
    assert (
        sec.loc[(f"{STEM}-05", 3), "heading"]
        == "坚持以“吉思广益”协商品牌为统领，以案例方式推动市县政协做好协商搭台工作"
    )
    # a section's text does not repeat its heading
    assert not sec.loc[(f"{STEM}-01", 1), "text"].startswith("一、")


def test_seed_measures_per_section(seed):
    m = cppcc.measures(seed)
    assert list(m.columns[:4]) == ["doc_id", "section", "ordinal", "text"]
    counts = {(d[-2:], s): n for (d, s), n in m.groupby(["doc_id", "section"]).size().items()}
    assert counts == {
        ("01", 1): 3,
        ("01", 2): 3,
        ("01", 3): 3,
        # 刘伟 section 1 is one paragraph without 一是…
        ("02", 2): 3,
        ("02", 3): 3,
        ("02", 4): 5,
        ("03", 1): 3,
        ("03", 2): 3,
        ("03", 3): 4,
        ("03", 4): 3,
        ("04", 1): 3,
        ("04", 2): 3,
        ("04", 3): 3,
        ("05", 1): 3,
        ("05", 2): 3,
        ("05", 3): 3,
    }
    assert len(m) == 51
    assert (
        m.groupby(["doc_id", "section"])["ordinal"]
        .apply(lambda s: list(s) == list(range(1, len(s) + 1)))
        .all()
    )


def test_seed_measure_texts(seed):
    m = cppcc.measures(seed).set_index(["doc_id", "section", "ordinal"])
    first = m.loc[(f"{STEM}-01", 1, 1)]
    assert first["marker"] == "一是"
    assert first["title"] == "设立协商议事会议"
    assert first["text"].startswith("设立协商议事会议。依托乡镇委员履职组设立乡、村协商议事会议，")
    assert first["text"].endswith("每年至少开展2次协商议事活动。")  # runs across sentences, ends before 二是
    assert m.loc[(f"{STEM}-02", 4, 5), "title"] == "完善协同调研、联动协商机制"
    assert m.loc[(f"{STEM}-03", 3, 4), "title"] == "创新联系群众的方法渠道"
    # the last measure ends with its paragraph
    assert m.loc[(f"{STEM}-02", 4, 5), "text"].endswith("更好发挥政协履职整体效能。")
    # 江泽林 section 2 has an intro paragraph before 一是: not part of any measure
    intro = "吉林省委将解决市县政协人员编制作为衡量地方党委是否真正支持政协工作的重要标志"
    assert not m["text"].str.contains(intro).any()
    assert m.loc[(f"{STEM}-05", 2, 1), "title"] == "按照大中小县三类标准配备县级政协机关编制"


def test_seed_paragraphs(seed):
    p = cppcc.paragraphs(seed)
    assert list(p.columns) == ["doc_id", "paragraph", "section", "text"]
    assert p.groupby("doc_id", sort=False).size().tolist() == [8, 9, 9, 7, 8]
    assert (p[p["paragraph"] == 1]["section"] == 0).all()  # the introduction
    assert p.groupby("doc_id")["section"].max().tolist() == [3, 4, 4, 3, 3]


def test_preamble_is_section_zero_on_request(seed):
    sec = cppcc.sections(seed, include_preamble=True)
    assert sec.groupby("doc_id").size().tolist() == [4, 5, 5, 4, 4]
    zero = sec[sec["section"] == 0]
    assert zero["heading"].isna().all()
    assert zero["text"].iloc[0].startswith("云南省临沧市地处祖国西南边疆")


def _doc(text: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["x"], "text": [text]})


def test_many_sections_and_measures():
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]
    body = "\n".join(f"{n}、第{n}项工作\n" + "".join(f"{k}是做法{k}。" for k in numerals) for n in numerals)
    sec = cppcc.sections(_doc(body))
    assert sec["section"].tolist() == list(range(1, 14))
    assert sec["heading"].iloc[11] == "第十二项工作"
    m = cppcc.measures(_doc(body))
    assert len(m) == 13 * 13
    assert m[m["section"] == 13]["ordinal"].tolist() == list(range(1, 14))
    assert m.iloc[12]["text"] == "做法十三。"


def test_out_of_sequence_numbers_are_text():
    body = "一、甲\n三、这不是标题\n一是统一是关键。二是乙。一是又一个。\n二、乙\n内容"
    sec = cppcc.sections(_doc(body))
    assert sec["heading"].tolist() == ["甲", "乙"]
    assert sec["text"].iloc[0].startswith("三、这不是标题")
    m = cppcc.measures(_doc(body))
    # 统一是 is not a marker; the restarted 一是 stays in measure 2
    assert m["text"].tolist() == ["统一是关键。", "乙。一是又一个。"]


def test_measures_across_paragraphs_and_intro():
    body = "一、做法\n本节导言。\n一是学习。\n具体安排如下。\n二是调研。\n结束语。"
    m = cppcc.measures(_doc(body))
    assert m["text"].tolist() == ["学习。\n具体安排如下。", "调研。"]


def test_heading_with_text_after_full_stop():
    sec = cppcc.sections(_doc("一、加强学习。一是读书。二是研讨。"))
    assert sec[["heading", "text"]].values.tolist() == [["加强学习", "一是读书。二是研讨。"]]


def test_bracketed_sections_when_no_plain_ones():
    sec = cppcc.sections(_doc("导言\n（一）甲\n内容\n（二）乙\n内容"))
    assert sec["heading"].tolist() == ["甲", "乙"]


def test_no_sections_and_missing_text():
    assert cppcc.sections(_doc("只有一段话。")).empty
    assert cppcc.sections(_doc("只有一段话。"), include_preamble=True)["section"].tolist() == [0]
    assert cppcc.measures(pd.DataFrame({"doc_id": ["a"], "text": [None]})).empty
    m = cppcc.measures(_doc("一是甲。二是乙。"), include_preamble=True)
    assert m[["section", "ordinal"]].values.tolist() == [[0, 1], [0, 2]]
    with pytest.raises(KeyError, match="text"):
        cppcc.sections(pd.DataFrame({"doc_id": ["a"]}))


def test_chinese_number_agrees_with_cn2an():
    import cn2an

    for n in range(1, 100):
        assert chinese_number(cn2an.an2cn(n)) == n
    assert chinese_number("零") is None and chinese_number("一十二三") is None


def test_speech_stats_on_the_seed():
    import re

    import cppcc

    sp = cppcc.load_speeches()
    stats = cppcc.speech_stats(sp)
    assert stats["doc_id"].tolist() == sp["doc_id"].tolist()
    assert stats["sections"].tolist() == [3, 4, 4, 3, 3]
    assert stats["measures"].tolist() == [9, 11, 13, 9, 9]
    # characters: t2s and the punctuation fix map one character to one, so the count must equal
    # the non-whitespace length of the source-script body, computed independently here
    expected = [len(re.sub(r"\s", "", t)) for t in sp["text_original"]]
    assert stats["characters"].tolist() == expected
    assert stats["characters"].tolist() == [1134, 1195, 1313, 1222, 1300]


def test_speech_stats_empty_and_plain():
    import pandas as pd

    import cppcc

    empty = cppcc.speech_stats(pd.DataFrame({"doc_id": [], "text": []}))
    assert empty.empty and list(empty.columns) == [
        "doc_id",
        "characters",
        "paragraphs",
        "sections",
        "measures",
    ]
    plain = cppcc.speech_stats(pd.DataFrame({"doc_id": ["x"], "text": ["没有编号的一段话。"]}))
    assert plain.iloc[0][["characters", "paragraphs", "sections", "measures"]].tolist() == [9, 1, 0, 0]


def test_measures_enumerated_with_yao_and_subsections_under_sections():
    text = (
        "一、加强学习\n（一）坚持读书。一是读原著。二是写笔记。\n（二）开展研讨。一是每月一次。二是交流。\n"
        "二、完善制度\n一要建章。二要立制。三是另一种标记，不接续一要。"
    )
    m = measures(pd.DataFrame({"doc_id": ["a"], "text": [text]}))
    assert m[["section", "subsection", "ordinal", "marker", "title"]].values.tolist() == [
        [1, 1, 1, "一是", "读原著"],
        [1, 1, 2, "二是", "写笔记"],
        [1, 2, 1, "一是", "每月一次"],  # numbering restarts under （二）: nothing is lost
        [1, 2, 2, "二是", "交流"],
        [2, 0, 1, "一要", "建章"],
        [2, 0, 2, "二要", "立制"],  # 三是 is of another kind: part of 二要
    ]
    # the sub-section headings stay in the section's text
    assert "（二）开展研讨。" in sections(pd.DataFrame({"doc_id": ["a"], "text": [text]}))["text"].iloc[0]


def test_measures_without_numbered_sections_and_bracketed_sections():
    flat = "各位委员：\n今年要做好三件事：一是抓学习；二是抓调研；三是抓落实。"
    m = measures(pd.DataFrame({"doc_id": ["b"], "text": [flat]}))
    assert m[["section", "ordinal", "title"]].values.tolist() == [
        [0, 1, "抓学习"],
        [0, 2, "抓调研"],
        [0, 3, "抓落实"],
    ]
    bracketed = "（一）加强学习\n一是读书。二是研讨。\n（二）完善制度\n一是建章。"
    m = measures(pd.DataFrame({"doc_id": ["c"], "text": [bracketed]}))
    assert m[["section", "subsection", "ordinal", "title"]].values.tolist() == [
        [1, 0, 1, "读书"],
        [1, 0, 2, "研讨"],
        [2, 0, 1, "建章"],
    ]


FIXTURE_SUBSECTIONS = Path(__file__).resolve().parent / "fixtures" / "structure"


def test_measures_in_subsections_keep_their_subsection_through_classification_and_coding():
    """A work report with （一）（二） sub-sections (a page written for this test): each 一是 is one measure,
    named by MEASURE_KEY; the catalogue joined on it has as many rows as speech_stats counts (issue 25)."""
    from cppcc.mechanisms.readings import dominant_mechanism
    from cppcc.structure import MEASURE_KEY

    sp = cppcc.load_speeches(FIXTURE_SUBSECTIONS)
    m = measures(sp)
    key = list(MEASURE_KEY)
    assert m[key[1:]].values.tolist() == [[1, 1, 1], [1, 1, 2], [1, 2, 1], [1, 2, 2], [1, 2, 3],
                                          [2, 1, 1], [2, 1, 2], [2, 2, 1], [2, 2, 2]]
    assert not m.duplicated(key).any() and m.duplicated(["doc_id", "section", "ordinal"]).sum() == 4
    assert m[["heading", "subheading"]].drop_duplicates().values.tolist() == [
        ["过去一年的主要工作", "聚焦发展大局，提高协商质量"],
        ["过去一年的主要工作", "加强委员队伍，提升履职能力"],
        ["今年的工作安排", "围绕中心工作建言献策"],
        ["今年的工作安排", "强化民主监督"],
    ]
    assert m.attrs["function"] == "measures" and m.attrs["by"] == key
    assert cppcc.speech_stats(sp)["measures"].tolist() == [9]

    kinds = cppcc.classify_measures(m)
    assert kinds.columns[:4].tolist() == key and kinds[key].equals(m[key])
    catalogue = m.merge(kinds, on=key, validate="one_to_one")
    assert len(catalogue) == 9
    # each title with its own verb: the third measure of （二） is 设立…, not another sub-section's
    third = catalogue.set_index(key[1:]).loc[(1, 2, 3)]
    assert (third["title"], third["verb"], third["object"], third["category"]) == (
        "设立委员工作室十个，畅通联系群众渠道", "设立", "委员工作室十个", "platform")
    assert catalogue.set_index(key[1:]).loc[(2, 2, 1), "verb"] == "开展"

    coded = cppcc.code_mechanisms(cppcc.tokens(m), by=key)
    assert coded.groupby(key, observed=True).ngroups == 9
    dominant = dominant_mechanism(coded)  # keys default: the MEASURE_KEY columns of coded
    assert dominant.columns.tolist() == [*key, "mechanism"] and not dominant.duplicated(key).any()
    assert len(catalogue.merge(dominant, on=key, how="left", validate="one_to_one")) == 9


def test_classify_measures_without_subsections_keeps_its_columns():
    m = pd.DataFrame({"doc_id": ["a"], "section": [1], "ordinal": [1], "text": ["设立协商议事会议。"]})
    out = cppcc.classify_measures(m)
    assert out.columns.tolist() == ["doc_id", "section", "ordinal", "verb", "object", "category", "pattern"]
    assert out.attrs["by"] == ["doc_id", "section", "ordinal"]
