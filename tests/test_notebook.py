"""The notebooks' helpers (prose, pages, units, readings of a coded corpus, quoted forms, the seed test)
in their homes, and the notebooks' prose checked against the seed's vocabulary.

A report built on another corpus must never state the seed's findings: every notebook cell that
names a unit, speaker, date or phrase of the seed page must be a labelled reading of the seed
(tagged ``seed-reading``), which the report builder keeps only when it runs on the seed page.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import cppcc
from cppcc.compare import method_agreement
from cppcc.explore import explorer_terms
from cppcc.forms import quoted_forms
from cppcc.mechanisms import evidence_drivers, strongest_cells
from cppcc.pages import PAGE_TABLE_COLUMNS, page_summary, page_table
from cppcc.prose import join, plural, position_en, sentence, tidy_table
from cppcc.report.seed import SEED_TAG, is_seed_corpus
from cppcc.units import UNIT_COLUMNS, left_out, regional_units, say_units, with_units
from cppcc import report
from cppcc.common import ColumnError

ROOT = Path(__file__).resolve().parents[1]
MINE = ["01_corpus_overview", "02_governance_mechanisms", "03_regional_comparison", "04_political_language",
        "05_word_clouds", "08_validation", "09_topics", "10_change_over_time", "region_profile"]


def test_seed_vocabulary_is_what_the_seed_holds(seed_vocab):
    assert seed_vocab["speaker"] == {"李银峰", "刘伟", "韩勇", "石艳", "江泽林"}
    assert {"临沧", "河南", "陕西", "吉林", "蚌山区", "Lincang", "Jilin"} <= seed_vocab["unit"]
    assert {"两个薄弱", "不建机构建机制", "有事好商量"} <= seed_vocab["phrase"]


@pytest.mark.parametrize("name", MINE)
def test_only_labelled_seed_readings_name_the_seed(name, seed_vocab):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    words = set().union(*seed_vocab.values())
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if SEED_TAG in tags:
            assert cell.source.startswith("### Reading of the 2020-08-24 digest"), f"{name} cell {i}"
            continue
        named = sorted(w for w in words if w in cell.source)
        assert not named, f"{name} cell {i} names the seed's {named} outside a seed reading"


def _plain(gloss: str) -> str:
    """A gloss without quotes, a trailing parenthetical note or a leading article, spaces collapsed."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", gloss.replace('"', "").replace("“", "").replace("”", ""))
    return re.sub(r"^(the|a|an) ", "", " ".join(text.split()).lower())


@pytest.mark.parametrize("name", MINE)
def test_prose_glosses_agree_with_the_glossary(name):
    """One gloss per term: a glossary term glossed in a notebook as ``term (*gloss*)`` uses the glossary's."""
    gloss = cppcc.glossary(as_dict=True)
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    wrong = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for term, text in re.findall(r"([\u4e00-\u9fff]{2,})”? \(\*([^*]+)\*", cell.source):
            options = {_plain(g) for g in gloss.get(term, "").split(";")}
            if term in gloss and "“" not in text and _plain(text).removesuffix("s") not in {
                    o.removesuffix("s") for o in options}:
                wrong.append((term, text, gloss[term]))
    assert not wrong, f"{name}: glosses differ from the glossary: {wrong}"


def test_plural_and_join():
    assert [plural(n, "speech") for n in (0, 1, 2)] == ["0 speeches", "1 speech", "2 speeches"]
    assert plural(1, "match") == "1 match" and plural(21, "match") == "21 matches"
    assert plural(2, "speech names", "speeches name") == "2 speeches name"
    assert join(["a", "b", "c"]) == "a, b and c"
    assert "、" not in sentence("{x}", x=["政协", "协商"])


def test_position_en_translates_chair():
    assert position_en("主席") == "chair"
    assert position_en(float("nan")) == "speaker"
    assert position_en("秘书长X") == "秘书长X"  # not in the glossary: kept


def test_tidy_table_shows_no_none_nan_or_line_breaks():
    df = pd.DataFrame({"n": [2.0, np.nan, 3.0], "z": [1.23456, np.nan, 2.0], "who": ["甲\n乙", None, "丙"],
                       "flag": [True, False, True]})
    out = tidy_table(df)
    assert out["n"].tolist() == [2, "", 3]
    assert out["z"].tolist() == [1.23, "", 2.0]
    assert out["who"].tolist() == ["甲 乙", "", "丙"]
    assert out["flag"].tolist() == [True, False, True]
    html = out.to_html()
    assert "NaN" not in html and "None" not in html and "2.0<" not in html.split("<td>1.23")[0]
    assert df["n"].isna().sum() == 1  # the input is not changed


def test_is_seed_corpus_is_decided_by_the_bytes(tmp_path):
    assert is_seed_corpus() is True
    seed = ROOT / "corpus" / "000_311b16853e29c05d.txt"
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seed, one / "renamed.txt")
    assert is_seed_corpus(one) is True  # the same bytes under another name
    (one / "more.txt").write_text("政协\n", encoding="utf-8")
    assert is_seed_corpus(one) is False  # the seed plus another page is not the seed
    edited = tmp_path / "edited.txt"
    edited.write_bytes(seed.read_bytes() + b"\n")
    assert is_seed_corpus(edited) is False


def test_method_agreement_hand_checked():
    lo = pd.DataFrame({"region": ["A"] * 4 + ["B"] * 2, "term": ["w", "x", "y", "z", "w", "x"],
                       "score": [3.0, 2.5, 0.5, -1.0, 1.0, 1.0]})
    g2 = lo.assign(score=[10.0, 2.0, 5.0, -3.0, 4.0, 0.0])
    out = agreement = method_agreement(lo, g2, "region", top=2)
    a = out.set_index("region").loc["A"]
    assert a["terms"] == 4 and a["shared_top"] == 1  # top-2: {w, x} vs {w, y}
    assert a["sig_log_odds"] == 2 and a["sig_g2"] == 2  # z > 1.96: w, x; G² > 3.84: w, y
    assert a["top_both"] == "w" and a["only_log_odds"] == "x" and a["only_g2"] == "y"
    assert a["spearman"] == pytest.approx(0.8)  # ranks 4,3,2,1 vs 4,2,3,1
    assert np.isnan(agreement.set_index("region").loc["B", "spearman"])  # constant log-odds: undefined


def test_evidence_drivers_and_strongest_cells_on_the_seed():
    sp = cppcc.load_speeches()
    toks = cppcc.tokens(sp, cache=True)
    coded = cppcc.code_mechanisms(toks)
    top = strongest_cells(coded)
    assert set(top["doc_id"]) == set(sp["doc_id"])
    for doc, grp in top.groupby("doc_id", observed=True):
        assert grp["rate"].iloc[0] == coded.loc[coded["doc_id"] == doc, "rate"].max()
    ev = cppcc.evidence(toks)
    cells = top.assign(speech=top["doc_id"].astype(str))
    drivers = evidence_drivers(ev, cells)
    merged = drivers.merge(cells[["speech", "category", "matches"]].astype({"category": str}),
                           on=["speech", "category"], suffixes=("", "_coded"))
    assert (merged["matches"] == merged["matches_coded"]).all()  # the evidence accounts for every match


def test_quoted_forms_rules():
    q = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "a"],
                      "kind": ["quote", "quote", "quote", "title", "quote"],
                      "term": ["谁来议", "甲、乙", "谁来议", "某书", "好办法"]})
    out = quoted_forms(q, pd.DataFrame({"formula": []}))
    assert out[["term", "form", "uses", "speeches"]].values.tolist() == [
        ["谁来议", "rhetorical question", 2, 2], ["甲、乙", "list or compound", 1, 1],
        ["好办法", "phrase or brand", 1, 1]]


def test_prepare_notebook_drops_seed_readings_and_the_default_parameters():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Region profile"),
                nbformat.v4.new_code_cell("CORPUS = None", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("CORPUS = 'x'", metadata={"tags": ["injected-parameters"]}),
                nbformat.v4.new_markdown_cell("### Reading of the 2020-08-24 digest",
                                              metadata={"tags": ["seed-reading"]})]
    kept = report.prepare_notebook(nbformat.from_dict(nb), show_seed=True)
    assert len(kept.cells) == 3 and kept.cells[-1].source.startswith("### Reading")
    gone = report.prepare_notebook(nbformat.from_dict(nb), show_seed=False, title="Region profile: 甲 · 乙市")
    assert [c.source for c in gone.cells] == ["# Region profile: 甲 · 乙市", "CORPUS = 'x'"]


def test_explorer_terms_come_from_the_corpus_at_hand(seed_vocab):
    """The explorer's default query and term list are chosen from the corpus, never the seed's."""
    own = ROOT / "tests" / "fixtures" / "report" / "own_corpus"
    sp = cppcc.load_speeches(own)
    terms = explorer_terms(cppcc.tokens(sp), sp)
    text = "".join(sp["text"])
    assert terms and len(set(terms)) == len(terms)
    assert all(cppcc.normalize_text(t) in cppcc.normalize_text(text) for t in terms), terms
    assert not set(terms) & seed_vocab["phrase"] - {t for t in seed_vocab["phrase"] if t in text}
    seed = cppcc.load_speeches()
    seed_terms = explorer_terms(cppcc.tokens(seed), seed)
    # hand-checked on the seed: 协商平台 is in 3 of the 5 speeches (5 times), ahead of 平台 (same, shorter)
    assert seed_terms[:2] == ["协商平台", "平台"] and seed_terms != terms


# ------------------------------------------------------------------ pages (notebook 01)
def test_page_table_hand_checked():
    docs = pd.DataFrame({"source_file": ["a.txt", "a.txt", "a.txt", "b.htm", "c.txt"],
                         "doc_type": ["speech", "news", "speech", "other", "report"],
                         "meta_source": ["header", "lead", "header", None, "dateline"],
                         "speaker": ["甲", None, "乙", None, "丙"],
                         "adcode": ["410000", None, "530900", None, None]})
    pages = pd.DataFrame({"file": ["c.txt", "a.txt", "b.htm", "d.txt"], "repairs": [2, 0, 1, 0],
                          "truncated": [True, False, False, False],
                          "mojibake": [None, None, "锟斤拷 ×1", None]})
    t = page_table(docs, pages)
    assert list(t.columns) == PAGE_TABLE_COLUMNS
    assert t.values.tolist() == [  # in the order of the pages; d.txt gave no document
        ["c.txt", 1, "report", "dateline", 1, 0, 2, True, None],
        ["a.txt", 3, "speech, news", "header, lead", 2, 2, 0, False, None],
        ["b.htm", 1, "other", None, 0, 0, 1, False, "锟斤拷 ×1"],
        ["d.txt", 0, None, None, 0, 0, 0, False, None]]
    assert page_summary(t) == {
        "pages": "4 pages",  # kinds: commonest first, then in page order
        "kinds": ["no recognised document (2 pages)", "work reports (1 page)",
                  "speeches and news reports (1 page)"],
        "no_speaker": "2 pages", "no_unit": "3 pages", "repairs": "3 repairs", "repaired": "2 pages",
        "truncated": "1 page", "mojibake": "1 page"}
    with pytest.raises(ColumnError):
        page_table(docs.drop(columns="adcode"), pages)


def test_page_table_on_the_seed_and_the_real_pages():
    seed = page_table(cppcc.load_speeches(), cppcc.load_pages())
    assert seed.values.tolist() == [["000_311b16853e29c05d.txt", 5, "speech", "header", 5, 5, 0, False, None]]
    real = ROOT / "tests" / "fixtures" / "real"
    with pytest.warns(cppcc.CorpusWarning):
        t = page_table(cppcc.load_speeches(real), cppcc.load_pages(real)).set_index("file")
    # hand-checked against tests/fixtures/real/expected.csv and test_real_pages.py's REPAIRS/TRUNCATED
    assert t["doc_type"].to_dict() == {
        "byline_speech_gb18030.txt": "speech", "digest_variants.txt": "speech",
        "docshare_toc_paywall.txt": "speech", "fuzhou_digest_mojibake.txt": "speech",
        "gulou_news_gb18030.txt": "news", "name_line_speech.html": "speech", "news_utf16le.txt": "news",
        "notice_gb2312.htm": "other", "work_report_big5.txt": "report"}
    assert t["meta_source"].to_dict() == {
        "byline_speech_gb18030.txt": "title", "digest_variants.txt": "header",
        "docshare_toc_paywall.txt": "manifest", "fuzhou_digest_mojibake.txt": "header",
        "gulou_news_gb18030.txt": "lead", "name_line_speech.html": "byline", "news_utf16le.txt": "lead",
        "notice_gb2312.htm": None, "work_report_big5.txt": "dateline"}
    assert t["documents"].sum() == 13 and t.loc["digest_variants.txt", "documents"] == 4
    # the news report's 鼓楼区 is ambiguous; the notice names no unit
    assert t.index[t["with_unit"] == 0].tolist() == ["gulou_news_gb18030.txt", "notice_gb2312.htm"]
    assert t.index[t["with_speaker"] == 0].tolist() == ["notice_gb2312.htm"]
    s = page_summary(t.reset_index())
    assert s["kinds"] == ["speeches (5 pages)", "news reports (2 pages)", "no recognised document (1 page)",
                          "work reports (1 page)"]
    assert (s["repairs"], s["repaired"], s["truncated"], s["mojibake"]) == (
        "4 repairs", "2 pages", "1 page", "1 page")


# ------------------------------------------------------------------ units (notebooks 02, 03, profile)
UNIT_DOCS = pd.DataFrame({  # two spellings of one unit, two units of one name, one unresolved, none named
    "doc_id": ["a", "b", "c", "d", "e", "f"], "speaker": ["甲", "乙", "丙", "丁", None, "戊"],
    "region": ["临沧市", "云南省临沧市", "北京市朝阳区", "长春市朝阳区", None, "朝阳区"],
    "adcode": ["530900", "530900", "110105", "220104", None, None],
    "level": ["prefecture", "prefecture", "county", "county", None, "county"],
    "province": ["云南省", "云南省", "北京市", "吉林省", None, None],
    "prefecture": ["临沧市", "临沧市", "北京市", "长春市", None, None],
    "county": [None, None, "朝阳区", "朝阳区", None, None]})


def test_regional_units_group_by_the_resolved_unit():
    units = regional_units(UNIT_DOCS)
    assert list(units.columns) == UNIT_COLUMNS
    assert units["unit"].tolist() == ["云南省临沧市", "云南省临沧市", "北京市朝阳区", "吉林省长春市朝阳区",
                                      None, None]
    # f's 朝阳区 is a county-level name, but it resolved to no unit: no level either
    assert units["level"].tolist() == ["prefecture", "prefecture", "county", "county", None, None]
    assert units["region"].tolist() == UNIT_DOCS["region"].tolist()  # the name as written is kept beside it
    toks = pd.DataFrame({"doc_id": pd.Categorical(list("aabcdeff")), "token": list("协商民主议事会议"),
                         "is_punct": False, "level": "x"})
    placed = with_units(toks, units)
    assert placed["doc_id"].astype(str).tolist() == list("aabcd")  # e and f are left out
    assert placed["unit"].tolist() == ["云南省临沧市"] * 3 + ["北京市朝阳区", "吉林省长春市朝阳区"]
    assert placed["level"].tolist() == ["prefecture"] * 3 + ["county"] * 2  # the resolved unit's level
    dt = cppcc.distinctive_terms(placed, by="unit", stop=False)
    assert list(dict.fromkeys(dt["unit"])) == ["云南省临沧市", "北京市朝阳区", "吉林省长春市朝阳区"]
    assert dt.groupby("unit", sort=False)["count"].sum().to_dict() == {
        "云南省临沧市": 3, "北京市朝阳区": 1, "吉林省长春市朝阳区": 1}
    assert left_out(units) == {"documents": 6, "missing": 2, "ids": ["e", "f"], "named": ["朝阳区"],
                                   "units": 3, "levels": 2}


def test_say_units_always_says_who_is_left_out(capsys):
    units = regional_units(UNIT_DOCS)
    said = []
    for frame, compared in [(units, "by unit and level"), (units.iloc[4:5], "by level"),
                            (units.iloc[:3], "by level"), (units.iloc[:1], "by level"),
                            (units.iloc[4:], None)]:
        say_units(frame, compared=compared)
        said.append(capsys.readouterr().out.strip())
    assert said == [
        "**2 of the 6 documents** have no resolved unit (no adcode; the name as written: 朝阳区) and are "
        "left out of the comparison by unit and level: e and f.",
        "The corpus's only document has no resolved unit (no adcode; no unit named) and is left out of the "
        "comparison by level: e.",
        "All 3 documents have a resolved unit (an adcode of the division table): none is left out of the "
        "comparison by level.",
        "The corpus's only document has a resolved unit (an adcode of the division table): none is left "
        "out of the comparison by level.",
        "**All 2 documents** have no resolved unit (no adcode; the name as written: 朝阳区); they still "
        "count among the other documents here."]


def test_regional_units_on_the_seed():
    sp = cppcc.load_speeches()
    units = regional_units(sp)
    assert units["unit"].tolist() == sp["region"].tolist()  # the seed's headers name each unit whole
    assert units["level"].tolist() == ["prefecture", "province", "province", "county", "province"]
    assert left_out(units) == {"documents": 5, "missing": 0, "ids": [], "named": [], "units": 5,
                                   "levels": 3}
