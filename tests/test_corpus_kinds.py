"""Issue 10's page kinds: digest header variants, single speeches with a byline, work reports,
news reports, other pages, and the manifest's unit — on pages written for the tests (several
encodings, HTML and text, Traditional and Simplified). Expected values were checked by hand against
the pages and the GB/T 2260 codes of the units."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.corpus import CorpusError, CorpusWarning

pytestmark = pytest.mark.filterwarnings("ignore::cppcc.corpus.CorpusWarning")

# beside tests/fixtures/corpus (whose four pages other tests load as one corpus)
FIX = Path(__file__).resolve().parent / "fixtures"
KINDS = FIX / "corpus_kinds"
MANIFEST = FIX / "corpus_manifest"
COLS = [
    "doc_type",
    "speaker",
    "position",
    "region",
    "province",
    "prefecture",
    "county",
    "level",
    "adcode",
    "session",
    "meta_source",
    "date",
]


def _load(path) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = cppcc.load_speeches(path)
    return df, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


EXPECTED = {
    "digest_variants.txt": [
        # a space instead of the colon
        [
            "speech",
            "沈建国",
            "主席",
            "浙江省湖州市",
            "浙江省",
            "湖州市",
            None,
            "prefecture",
            "330500",
            None,
            "header",
            "2022-09-15",
        ],
        # a dashed byline under its headline; a banner (旗)
        [
            "speech",
            "巴图",
            "副主席",
            "内蒙古自治区鄂尔多斯市伊金霍洛旗",
            "内蒙古自治区",
            "鄂尔多斯市",
            "伊金霍洛旗",
            "county",
            "150627",
            None,
            "header",
            "2022-09-15",
        ],
        # a compound position; an autonomous prefecture
        [
            "speech",
            "吉克阿洛",
            "党组书记、副主席",
            "四川省凉山彝族自治州",
            "四川省",
            "凉山彝族自治州",
            None,
            "prefecture",
            "513400",
            None,
            "header",
            "2022-09-15",
        ],
        # 主席、党组书记 without a colon; a municipality's district
        [
            "speech",
            "孙立平",
            "主席、党组书记",
            "天津市和平区",
            "天津市",
            "天津市",
            "和平区",
            "county",
            "120101",
            None,
            "header",
            "2022-09-15",
        ],
    ],
    "digest_ambiguous.txt": [
        # 鼓楼区 is in 南京, 徐州, 福州 and 开封: the page title names 南京市
        [
            "speech",
            "王明",
            "主席",
            "鼓楼区",
            "江苏省",
            "南京市",
            "鼓楼区",
            "county",
            "320106",
            None,
            "header",
            "2023-04-11",
        ],
        # 新华区 is in 石家庄, 沧州 and 平顶山, none in 南京市: left unresolved
        ["speech", "李强", "主席", "新华区", None, None, None, "county", None, None, "header", "2023-04-11"],
    ],
    "single_byline.html": [  # GB2312-declared HTML; the speech's date in brackets
        [
            "speech",
            "赵海涛",
            None,
            "湖南省岳阳市",
            "湖南省",
            "岳阳市",
            None,
            "prefecture",
            "430600",
            "八届三次",
            "title",
            "2023-01-12",
        ]
    ],
    "single_nameline_big5.txt": [  # Big5, Traditional; the unit named in the body
        [
            "speech",
            "郭明辉",
            None,
            "汕头市",
            "广东省",
            "汕头市",
            None,
            "prefecture",
            "440500",
            None,
            "byline",
            "2021-03-09",
        ]
    ],
    "work_report_utf16.txt": [  # UTF-16; a dateline in Chinese numerals
        [
            "report",
            "林晓峰",
            None,
            "福州市鼓楼区",
            "福建省",
            "福州市",
            "鼓楼区",
            "county",
            "350102",
            "十届二次",
            "dateline",
            "2022-01-06",
        ]
    ],
    "news_lead.html": [  # a standing-committee meeting (常委会议) is no plenary session
        [
            "news",
            "王红",
            "主席",
            "贵州省遵义市",
            "贵州省",
            "遵义市",
            None,
            "prefecture",
            "520300",
            None,
            "lead",
            "2024-05-20",
        ]
    ],
    "other_traditional_gb.txt": [
        ["other", None, None, None, None, None, None, None, None, None, None, "2021-06-02"]
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_kinds(name):
    sp, _ = _load(KINDS / name)
    assert sp[COLS].values.tolist() == EXPECTED[name]


def test_kinds_directory_in_one_call():
    sp, _ = _load(KINDS)
    got = {f: g[COLS].values.tolist() for f, g in sp.groupby("source_file", sort=False)}
    assert got == EXPECTED
    assert set(sp["doc_type"]) == {"speech", "report", "news", "other"}


def test_warnings_name_the_candidates_and_the_other_page():
    _, warned = _load(KINDS / "digest_ambiguous.txt")
    assert len(warned) == 1
    assert "新华区" in warned[0] and "line 13" in warned[0]
    for candidate in ("河北省石家庄市新华区", "河北省沧州市新华区", "河南省平顶山市新华区"):
        assert candidate in warned[0]
    _, warned = _load(KINDS / "other_traditional_gb.txt")
    assert len(warned) == 1 and "no speech header" in warned[0]
    for name in (
        "digest_variants.txt",
        "single_byline.html",
        "single_nameline_big5.txt",
        "work_report_utf16.txt",
        "news_lead.html",
    ):
        assert _load(KINDS / name)[1] == [], name


def _audit(name) -> dict[str, str]:
    au = cppcc.cleaning_audit(KINDS / name)
    return {row.original: row.field or row.reason for row in au.itertuples()}


def test_front_matter_is_audited_and_kept_out_of_text():
    au = _audit("single_nameline_big5.txt")
    assert (au["在全市政協工作會議上的講話"], au["郭 明 輝"], au["（2021年3月9日）"], au["同志們："]) == (
        "page_title",
        "name",
        "date",
        "body",
    )
    au = _audit("work_report_utf16.txt")
    assert (
        au["——二〇二二年一月六日在政协福州市鼓楼区第十届委员会第二次会议上"],
        au["林　晓　峰"],
        au["各位委员："],
    ) == ("dateline", "name", "body")
    assert _audit("single_byline.html")["（2023年1月12日）"] == "date"
    assert _audit("digest_variants.txt")["以“草原议事”凝聚发展共识"] == "headline"  # above its dashed byline
    texts = _load(KINDS)[0].set_index("source_file")["text"]
    for name, salutation in [
        ("single_nameline_big5.txt", "同志们："),
        ("work_report_utf16.txt", "各位委员："),
        ("single_byline.html", "各位委员，同志们："),
    ]:
        assert texts[name].split("\n")[0] == salutation  # the salutation is spoken text
    for front in (
        "郭明辉",
        "郭 明 辉",
        "2021年3月9日",
        "林　晓　峰",
        "二〇二二年一月六日",
        "2023年1月12日",
        "闭幕会上的讲话",
        "工作会议上的讲话",
        "常务委员会工作报告",
    ):
        assert not texts.str.contains(front, regex=False).any(), front
    # the headline set above a dashed byline is that speech's, not the body of the speech before
    sp = _load(KINDS / "digest_variants.txt")[0]
    assert sp["headline"].tolist()[1] == "以“草原议事”凝聚发展共识"
    assert sp["text"].iloc[0].endswith("二是开通线上议事厅。")


def test_every_line_audited_once():
    for f in sorted(KINDS.iterdir()):
        au = cppcc.cleaning_audit(f)
        assert (au["field"].isna() != au["reason"].isna()).all()
        assert not (au["reason"] == "unclassified").any()
        kept = au[au["line"].notna()]
        assert kept["line"].is_unique


@pytest.mark.parametrize(
    "name, codec",
    [
        ("single_byline.html", "big5"),  # the same speech as a Traditional page in Big5
        ("news_lead.html", "utf-16"),
        ("work_report_utf16.txt", "gb18030"),
        ("single_nameline_big5.txt", "utf-8-sig"),
    ],
)
def test_kinds_in_other_scripts_and_encodings(tmp_path, name, codec):
    from cppcc.normalize import _converter, to_simplified

    src = KINDS / name
    text = cppcc.corpus.decode.decode(src.read_bytes(), str(src), src.suffix == ".html")[0]
    text = _converter("s2tw").convert(text) if codec == "big5" else to_simplified(text)
    text = text.replace('charset="gb2312"', f'charset="{codec}"')
    f = tmp_path / name
    f.write_bytes(text.encode(codec))
    assert _load(f)[0][COLS].values.tolist() == EXPECTED[name]


# ------------------------------------------------------------------ the manifest's unit


def test_manifest_unit_for_a_page_that_says_only_shi_zhengxie():
    sp, warned = _load(MANIFEST)
    assert sp[COLS].values.tolist() == [
        [
            "speech",
            "周华",
            None,
            "江西省赣州市",
            "江西省",
            "赣州市",
            None,
            "prefecture",
            "360700",
            "十届三次",
            "manifest",
            "2020-01-08",
        ]
    ]
    assert warned == []
    sp, _ = _load(MANIFEST / "city_site.txt")  # one file: the manifest beside it is read too
    assert sp["adcode"].item() == "360700"


def test_page_without_manifest_has_no_unit(tmp_path):
    (tmp_path / "p.txt").write_bytes((MANIFEST / "city_site.txt").read_bytes())
    sp, warned = _load(tmp_path)
    assert sp[["doc_type", "speaker", "region", "adcode", "meta_source"]].values.tolist() == [
        ["speech", "周华", None, None, "title"]
    ]
    assert any("no unit" in w for w in warned)


def test_manifest_unit_resolves_an_ambiguous_header(tmp_path):
    (tmp_path / "p.txt").write_text("鼓楼区政协主席王明：\n\n标题\n\n王明\n\n正文。\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,unit\np.txt,福州市\n", encoding="utf-8")
    sp, warned = _load(tmp_path)
    assert sp[["prefecture", "adcode", "meta_source"]].values.tolist() == [["福州市", "350102", "header"]]
    assert warned == []


def test_bad_manifest_is_named(tmp_path):
    (tmp_path / "p.txt").write_text("河南省政协主席刘伟：\n\n正文。\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("name,unit\np.txt,福州市\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="sources.csv.*file"):
        cppcc.load_speeches(tmp_path)


# ------------------------------------------------------------------ the line readers on their own


def test_meta_readers():
    from cppcc.corpus import lead, meta

    assert meta.session_of("政协某县第十二届委员会第一次会议") == "十二届一次"
    assert meta.session_of("七届四次会议开幕") == "七届四次"
    for no in ("十二届十一次全会", "六届四十七次主席会议", "第十次常委会议", "三次会议"):
        assert meta.session_of(no) is None, no
    assert meta.dateline("——2021年1月10日在全市政协工作会议上").unit is None
    # a dateline without a date still names the unit and the session (issue 20; it was None)
    f = meta.dateline("——在政协临沧市第五届委员会第四次会议上")
    assert (f.date, f.unit, f.session) == (None, "临沧市", "五届四次")
    assert meta.bracket_date("（2021年13月9日）") is None
    assert meta.name_line("一是") is None and meta.name_line("相关新闻") is None
    assert meta.name_line("巴特尔·布和").speaker == "巴特尔·布和"  # longer names with a middle dot
    assert lead.news_lead("会议认为，要进一步加强协商。") is None  # the lead reader moved to corpus.lead
    f = lead.news_lead("近日，天津市和平区政协召开主席会议。区政协副主席张明主持。", "2022-06-01")
    assert (f.unit, f.speaker, f.position, f.date) == ("天津市和平区", "张明", "副主席", None)


# ------------------------------------------------------------------ more shapes, written inline

VARIANTS = {
    # the full name of the CPPCC, a bracketed dateline, a reporter line with a header's shape
    "report_full_name.txt": (
        "中国人民政治协商会议云南省临沧市第五届委员会常务委员会工作报告\n"
        "（2021年1月10日在中国人民政治协商会议临沧市第五届委员会第四次会议上）\n"
        "临沧市政协主席 李银峰\n各位委员：\n"
        "现在，我代表政协临沧市第五届委员会常务委员会，向大会报告工作，请予审议，并请列席的同志提出意见。\n",
        ["report", "李银峰", "主席", "临沧市", "云南省", "临沧市", None, "prefecture", "530900", "五届四次",
         "header", "2021-01-10"]),
    # a reporter's credit before the lead; a province-level CPPCC
    "news_credit.txt": (
        "陕西省政协召开十二届三次常委会议\n发布时间：2023-06-02\n"
        "本报讯（记者 测试）6月1日，陕西省政协召开十二届三次常委会议，围绕秦岭生态保护协商议政。"
        "省政协党组书记、主席徐新荣主持会议并讲话。\n会议听取了有关情况通报。\n",
        ["news", "徐新荣", "党组书记、主席", "陕西省", "陕西省", None, None, "province", "610000", None,
         "lead", "2023-06-01"]),
    # the title names the unit and the session, the name on its own line under it (spaced)
    "speech_title_unit.txt": (
        "在政协宁夏回族自治区第十二届委员会第二次会议闭幕会上的讲话\n崔 波\n（2024年1月20日）\n"
        "各位委员、同志们：\n"
        "自治区政协十二届二次会议，在中共宁夏回族自治区委员会的坚强领导下，圆满完成了各项议程。\n",
        ["speech", "崔波", None, "宁夏回族自治区", "宁夏回族自治区", None, None, "province", "640000",
         "十二届二次", "byline", "2024-01-20"]),
    # a byline title and a plain date line: the page's date is the speech's
    "speech_plain_date.txt": (
        "刘华：在全省政协系统工作交流会上的讲话\n2022年8月3日\n同志们：\n"
        "今天我们召开四川省政协系统工作交流会，主要是交流经验、分析形势、部署工作，推动全省政协工作再上新台阶。\n",
        ["speech", "刘华", None, "四川省", "四川省", None, None, "province", "510000", None, "title",
         "2022-08-03"]),
    # an ambiguous district in a news lead, its city named in the title
    "news_context.txt": (
        "福州市鼓楼区政协开展民主监督活动\n2023-03-02 来源：测试\n"
        "3月1日，鼓楼区政协组织委员开展民主监督活动，区政协主席陈平带队。\n委员们实地察看了项目进展。\n",
        ["news", "陈平", "主席", "鼓楼区", "福建省", "福州市", "鼓楼区", "county", "350102", None, "lead",
         "2023-03-01"]),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_more_shapes(tmp_path, name):
    page, expected = VARIANTS[name]
    f = tmp_path / name
    f.write_text(page, encoding="utf-8")
    sp, warned = _load(f)
    assert sp[COLS].values.tolist() == [expected]
    assert warned == []
    au = cppcc.cleaning_audit(f)
    assert au.loc[au["line"] == 1, "field"].item() == "page_title"
    assert not sp["text"].item().startswith(au.loc[au["line"] == 1, "original"].item())


# ------------------------------------------------------------------ repairs in the audit, mojibake

def test_repairs_are_listed_in_the_audit_and_counted(tmp_path):
    page = ("政協(xié)常委會工作報告_澳門新葡京娛樂城官網\n\n河南省政協主席劉偉：\n\n標題\n\n劉偉\n\n"
            "委(wei)員們圍繞民生開展協商。\n\n全文共分三部分……（未完，全文共3200字）\n")
    f = tmp_path / "p.txt"
    f.write_text(page, encoding="utf-8")
    au = cppcc.cleaning_audit(f).set_index("line")
    assert au.loc[1, ["field", "repair"]].tolist() == ["page_title", "pinyin ×1; spam: 澳門新葡京娛樂城官網"]
    assert au.loc[1, "original"] == page.split("\n")[0]  # the audit keeps the line as received
    assert au.loc[9, "repair"] == "pinyin ×1" and au.loc[11, "repair"] == "paywall: ……（未完，全文共3200字）"
    assert au["repair"].notna().sum() == 3
    pg = cppcc.load_pages(f).iloc[0]
    assert (pg["title"], pg["repairs"], pg["truncated"]) == ("政协常委会工作报告", 2, True)
    sp, _ = _load(f)
    assert sp["text"].item() == "委员们围绕民生开展协商。\n全文共分三部分"
    assert sp["text_original"].item() == "委員們圍繞民生開展協商。\n全文共分三部分"


def test_mojibake_is_reported_with_a_warning(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text("河南省政协主席刘伟：\n\n标题\n\n刘伟\n\n委员锟斤拷锟斤拷开展协商。\n", encoding="utf-8")
    sp, warned = _load(f)
    found = cppcc.load_pages(f)["mojibake"].item()
    assert found.startswith("锟斤拷")
    assert [w for w in warned if "mojibake" in w] == [f"{f}: mojibake: {found}"]
    # the run stands for lost text: one replacement character (a symbol, never a term), noted in the audit
    assert sp["text"].item().endswith("委员\ufffd开展协商。")
    toks = cppcc.tokens(sp)
    assert not toks["token"].astype(str).str.contains("锟|斤|拷").any()
    assert toks.loc[toks["token"] == "\ufffd", "is_punct"].tolist() == [True]
    audit = cppcc.cleaning_audit(f)
    assert audit.loc[audit["original"].str.contains("锟斤拷"), "repair"].tolist() == ["mojibake ×1 -> U+FFFD"]
