"""cppcc.notebook: the notebook helpers, and the notebooks' prose checked against the seed's vocabulary.

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
from cppcc import notebook as nbh
from cppcc import report

ROOT = Path(__file__).resolve().parents[1]
MINE = ["01_corpus_overview", "02_governance_mechanisms", "03_regional_comparison", "04_political_language",
        "05_word_clouds", "region_profile"]


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
        if nbh.SEED_TAG in tags:
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
    assert [nbh.plural(n, "speech") for n in (0, 1, 2)] == ["0 speeches", "1 speech", "2 speeches"]
    assert nbh.plural(1, "match") == "1 match" and nbh.plural(21, "match") == "21 matches"
    assert nbh.plural(2, "speech names", "speeches name") == "2 speeches name"
    assert nbh.join(["a", "b", "c"]) == "a, b and c"
    assert "、" not in nbh.sentence("{x}", x=["政协", "协商"])


def test_position_en_translates_chair():
    assert nbh.position_en("主席") == "chair"
    assert nbh.position_en(float("nan")) == "speaker"
    assert nbh.position_en("秘书长X") == "秘书长X"  # not in the glossary: kept


def test_say_is_still_importable_from_report():
    assert report.say is nbh.say and report.sentence is nbh.sentence


def test_tidy_table_shows_no_none_nan_or_line_breaks():
    df = pd.DataFrame({"n": [2.0, np.nan, 3.0], "z": [1.23456, np.nan, 2.0], "who": ["甲\n乙", None, "丙"],
                       "flag": [True, False, True]})
    out = nbh.tidy_table(df)
    assert out["n"].tolist() == [2, "", 3]
    assert out["z"].tolist() == [1.23, "", 2.0]
    assert out["who"].tolist() == ["甲 乙", "", "丙"]
    assert out["flag"].tolist() == [True, False, True]
    html = out.to_html()
    assert "NaN" not in html and "None" not in html and "2.0<" not in html.split("<td>1.23")[0]
    assert df["n"].isna().sum() == 1  # the input is not changed


def test_is_seed_corpus_is_decided_by_the_bytes(tmp_path):
    assert nbh.is_seed_corpus() is True
    seed = ROOT / "corpus" / "000_311b16853e29c05d.txt"
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seed, one / "renamed.txt")
    assert nbh.is_seed_corpus(one) is True  # the same bytes under another name
    (one / "more.txt").write_text("政协\n", encoding="utf-8")
    assert nbh.is_seed_corpus(one) is False  # the seed plus another page is not the seed
    edited = tmp_path / "edited.txt"
    edited.write_bytes(seed.read_bytes() + b"\n")
    assert nbh.is_seed_corpus(edited) is False


def test_method_agreement_hand_checked():
    lo = pd.DataFrame({"region": ["A"] * 4 + ["B"] * 2, "term": ["w", "x", "y", "z", "w", "x"],
                       "score": [3.0, 2.5, 0.5, -1.0, 1.0, 1.0]})
    g2 = lo.assign(score=[10.0, 2.0, 5.0, -3.0, 4.0, 0.0])
    out = method_agreement = nbh.method_agreement(lo, g2, "region", top=2)
    a = out.set_index("region").loc["A"]
    assert a["terms"] == 4 and a["shared_top"] == 1  # top-2: {w, x} vs {w, y}
    assert a["sig_log_odds"] == 2 and a["sig_g2"] == 2  # z > 1.96: w, x; G² > 3.84: w, y
    assert a["top_both"] == "w" and a["only_log_odds"] == "x" and a["only_g2"] == "y"
    assert a["spearman"] == pytest.approx(0.8)  # ranks 4,3,2,1 vs 4,2,3,1
    assert np.isnan(method_agreement.set_index("region").loc["B", "spearman"])  # constant log-odds: undefined


def test_evidence_drivers_and_strongest_cells_on_the_seed():
    sp = cppcc.load_speeches()
    toks = cppcc.tokens(sp, cache=True)
    coded = cppcc.code_mechanisms(toks)
    top = nbh.strongest_cells(coded)
    assert set(top["doc_id"]) == set(sp["doc_id"])
    for doc, grp in top.groupby("doc_id", observed=True):
        assert grp["rate"].iloc[0] == coded.loc[coded["doc_id"] == doc, "rate"].max()
    ev = cppcc.evidence(toks)
    cells = top.assign(speech=top["doc_id"].astype(str))
    drivers = nbh.evidence_drivers(ev, cells)
    merged = drivers.merge(cells[["speech", "category", "matches"]].astype({"category": str}),
                           on=["speech", "category"], suffixes=("", "_coded"))
    assert (merged["matches"] == merged["matches_coded"]).all()  # the evidence accounts for every match


def test_quoted_forms_rules():
    q = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "a"],
                      "kind": ["quote", "quote", "quote", "title", "quote"],
                      "term": ["谁来议", "甲、乙", "谁来议", "某书", "好办法"]})
    out = nbh.quoted_forms(q, pd.DataFrame({"formula": []}))
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
    terms = nbh.explorer_terms(cppcc.tokens(sp), sp)
    text = "".join(sp["text"])
    assert terms and len(set(terms)) == len(terms)
    assert all(cppcc.normalize_text(t) in cppcc.normalize_text(text) for t in terms), terms
    assert not set(terms) & seed_vocab["phrase"] - {t for t in seed_vocab["phrase"] if t in text}
    seed = cppcc.load_speeches()
    seed_terms = nbh.explorer_terms(cppcc.tokens(seed), seed)
    # hand-checked on the seed: 协商平台 is in 3 of the 5 speeches (5 times), ahead of 平台 (same, shorter)
    assert seed_terms[:2] == ["协商平台", "平台"] and seed_terms != terms
