"""cppcc.validation: Krippendorff's alpha, the blind coding sheet, its files, the coder and the scores."""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import cppcc
from cppcc.validation import (
    coder_widget,
    coding_sheet,
    krippendorff_alpha,
    read_codes,
    read_coding_sheet,
    score_coding,
    sentence_matches,
    wilson_interval,
    write_coding_sheet,
)
from cppcc.validation.sample import UNMATCHED

N = None
#: Krippendorff's worked example ("Computing Krippendorff's Alpha-Reliability", 2011): 4 observers
#: (rows) × 12 units (columns), values 1–5, missing values as None
WORKED_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


# --------------------------------------------------------------------------- alpha
@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                              ("ratio", 0.797)])
def test_alpha_equals_krippendorffs_worked_example(level, published):
    assert round(krippendorff_alpha(WORKED_EXAMPLE, level=level), 3) == published


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_equals_the_reference_package(level):
    krippendorff = pytest.importorskip("krippendorff")  # GPL: a test-only reference, never imported by cppcc
    rng = np.random.default_rng(4)
    for trial in range(20):
        coders, units = int(rng.integers(2, 6)), int(rng.integers(5, 40))
        data = rng.integers(1, 6, size=(coders, units)).astype(float)
        agree = rng.random(units) < 0.6  # make coders agree on part of the units
        data[:, agree] = data[0, agree]
        data[rng.random(data.shape) < 0.15] = np.nan
        ref = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(data, level=level) == pytest.approx(ref, abs=1e-10), trial
    worked = np.array([[np.nan if x is None else x for x in row] for row in WORKED_EXAMPLE], dtype=float)
    assert krippendorff_alpha(worked, level) == pytest.approx(
        krippendorff.alpha(reliability_data=worked, level_of_measurement=level), abs=1e-12)


def test_alpha_by_hand_and_edge_cases():
    # two coders, four units: (1,1), (1,0), (1,1), (0,0). Coincidences: o_11 = 4, o_00 = 2,
    # o_01 = o_10 = 1; n_1 = 5, n_0 = 3, n = 8; α = 1 − (n − 1)·Σ o δ / Σ n_c n_k δ = 1 − 7·2 / (2·5·3)
    assert krippendorff_alpha([[1, 1, 1, 0], [1, 0, 1, 0]]) == pytest.approx(1 - 14 / 30)
    assert krippendorff_alpha([["是", "否"], ["是", "否"]]) == 1.0
    assert krippendorff_alpha(pd.DataFrame([[1, 2, np.nan], [1, 2, 2]])) == 1.0
    assert np.isnan(krippendorff_alpha([[1, 1], [1, 1]]))  # no variation: undefined
    assert np.isnan(krippendorff_alpha([[1, None], [None, 2]]))  # no unit with two values
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(WORKED_EXAMPLE, level="circular")
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], level="interval")
    with pytest.raises(ValueError, match="two-dimensional"):
        krippendorff_alpha([1, 2, 3])


# --------------------------------------------------------------------------- sampling
@pytest.fixture(scope="module")
def seed_tokens() -> pd.DataFrame:
    return cppcc.tokens(cppcc.load_speeches())


def test_sentence_matches_count_what_code_mechanisms_counts(seed_tokens):
    s = sentence_matches(seed_tokens)
    per_sentence = cppcc.code_mechanisms(seed_tokens, by=["doc_id", "sentence"])
    assert len(s) == seed_tokens.groupby(["doc_id", "sentence"], observed=True).ngroups == 157
    # codebook version 2: 491 matches of version 1, less 规范 (4), 不建机构建机制 (3), 工作机制 (3) and the
    # lone 乡/街/村/居 (25), plus the level phrases 乡（街） (7), 村（居） (2), 乡、村, （乡）街, 个村 (1
    # each)
    assert s["n_matches"].sum() == cppcc.code_mechanisms(seed_tokens)["matches"].sum() == 468
    hit = per_sentence[per_sentence["matches"] > 0]
    hits = hit.groupby(["doc_id", "sentence"], observed=True)["category"]
    want = {k: tuple(v) for k, v in hits.agg(list).items()}
    got = {(d, n): c for d, n, c in zip(s["doc_id"], s["sentence"], s["categories"]) if c}
    assert got == want
    assert (s["categories"].map(len) == 0).sum() == 28  # without any match (27 with codebook version 1)


def test_coding_sheet_strata_weights_and_order(seed_tokens):
    sheet = coding_sheet(seed_tokens, n_per_category=5, n_unmatched=10, seed=3)
    s = sentence_matches(seed_tokens)
    cats = sheet.attrs["categories"]
    matched_in = {c: int(s["categories"].map(lambda cs, c=c: c in cs).sum()) for c in cats}
    strata = sheet.attrs["strata"]
    assert sum(N_h for N_h, _ in strata.values()) == 157 and strata[UNMATCHED] == [28, 10]
    for h, (N_h, n_h) in strata.items():
        assert n_h == min(10 if h == UNMATCHED else 5, N_h)
        rows = sheet[sheet["stratum"] == h]
        assert len(rows) == n_h
        assert (rows["weight"] == N_h / n_h).all() and (rows["pi"] == n_h / N_h).all()
    for stratum, cs in zip(sheet["stratum"], sheet["categories"]):
        if stratum == UNMATCHED:
            assert cs == ()
        else:  # the rarest of the sentence's categories (fewest matched sentences in the corpus)
            assert stratum in cs and matched_in[stratum] == min(matched_in[c] for c in cs)
    assert sheet["item"].tolist() == list(range(1, len(sheet) + 1))
    assert sheet["stratum"].tolist() != sorted(sheet["stratum"].tolist())  # shuffled, not by stratum
    again = coding_sheet(seed_tokens, n_per_category=5, n_unmatched=10, seed=3)
    pd.testing.assert_frame_equal(sheet, again)
    other = coding_sheet(seed_tokens, n_per_category=5, n_unmatched=10, seed=4)
    assert other["text"].tolist() != sheet["text"].tolist()
    assert sheet.attrs["function"] == "coding_sheet" and sheet.attrs["seed"] == 3


def _sheet_of_our_own() -> pd.DataFrame:
    """Sentences written for this test (our own words), some starting with characters a spreadsheet
    reads as a formula."""
    docs = pd.DataFrame({"doc_id": ["t1", "t2"], "text": [
        "=HYPERLINK(\"http://example.invalid\")委员之家今年接待群众三百人次。天气晴朗。",
        "-3度也要开协商会。@所有人请到委员之家。+1同意。各位委员：大家好。"]})
    codebook = {"platforms": ["委员之家"], "procedures": ["协商会"], "members": ["委员"]}
    return coding_sheet(docs, codebook=codebook, n_per_category=5, n_unmatched=5, seed=0)


def test_sheet_files_are_blind_and_never_hold_formulas(tmp_path):
    sheet = _sheet_of_our_own()
    paths = write_coding_sheet(sheet, tmp_path / "sample.xlsx")
    assert {k: p.name for k, p in paths.items()} == {"xlsx": "sample.xlsx", "csv": "sample.csv",
                                                   "key": "sample.key.csv"}
    machine = {"stratum", "stratum_size", "stratum_sample", "pi", "weight", "categories", "terms"}
    wb = openpyxl.load_workbook(paths["xlsx"])
    header = [c.value for c in wb["coding"][1]]
    assert header == ["item", "doc_id", "sentence", "before", "text", "after", "platforms", "procedures",
                      "members", "none", "note"]
    csv = pd.read_csv(paths["csv"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert not machine & set(header) and not machine & set(csv.columns)
    assert wb.sheetnames == ["coding", "codebook", "instructions"]
    assert [c.value for c in wb["codebook"][1]] == ["category", "label_en", "label_zh", "definition"]
    # no formula anywhere: every text cell is a string cell, and no sheet XML holds an <f> element
    with zipfile.ZipFile(paths["xlsx"]) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    texts = [c.value for c in wb["coding"]["E"][1:]]
    assert any(t.startswith("=HYPERLINK") for t in texts)
    assert all(c.data_type == "s" for c in wb["coding"]["E"][1:])
    # the CSV guards risky starts with an apostrophe; the key reads back the original text
    risky = csv["text"][csv["text"].str.startswith("'")]
    assert sorted(t[1] for t in risky) == ["+", "-", "=", "@"]
    back = read_coding_sheet(tmp_path / "sample")
    assert back["text"].tolist() == sheet["text"].tolist()
    assert back["categories"].tolist() == sheet["categories"].tolist()
    assert back["weight"].tolist() == sheet["weight"].tolist()


def test_read_codes_from_filled_csv_and_xlsx(tmp_path):
    sheet = _sheet_of_our_own()
    paths = write_coding_sheet(sheet, tmp_path / "s")
    csv = pd.read_csv(paths["csv"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    csv.loc[0, "platforms"], csv.loc[0, "members"] = "1", "x"
    csv.loc[1, "none"] = "1"
    csv.to_csv(tmp_path / "ann.csv", index=False, encoding="utf-8-sig")
    codes = read_codes(tmp_path / "ann.csv")
    first, second = int(csv.loc[0, "item"]), int(csv.loc[1, "item"])
    assert codes.columns.tolist() == ["coder", "item", "category", "value"]
    assert codes["coder"].unique().tolist() == ["ann"]
    assert codes[codes["item"] == first].set_index("category")["value"].to_dict() == {
        "platforms": 1, "procedures": 0, "members": 1}
    assert codes[codes["item"] == second]["value"].tolist() == [0, 0, 0]
    assert codes.attrs["uncoded"] == [int(i) for i in csv["item"][2:]]
    wb = openpyxl.load_workbook(paths["xlsx"])
    ws = wb["coding"]
    ws["H2"], ws["J3"] = 1, "是"  # procedures of the first row; none of the second... but also a category:
    ws["G3"] = "1"
    wb.save(tmp_path / "bo.xlsx")
    with pytest.raises(ValueError, match="'none' is marked together"):
        read_codes(tmp_path / "bo.xlsx")
    ws["G3"] = None
    ws["I4"] = "maybe"
    wb.save(tmp_path / "bo.xlsx")
    with pytest.raises(ValueError, match="cannot read the mark 'maybe'"):
        read_codes(tmp_path / "bo.xlsx")
    ws["I4"] = None
    wb.save(tmp_path / "bo.xlsx")
    bo = read_codes(tmp_path / "bo.xlsx", coder="bo")
    assert bo[bo["value"] == 1][["coder", "category"]].values.tolist() == [["bo", "procedures"]]


def test_coder_widget_saves_every_answer_and_resumes(tmp_path):
    pytest.importorskip("ipywidgets")
    sheet = _sheet_of_our_own()
    path = tmp_path / "codes.parquet"
    app = coder_widget(sheet, path, "ann")
    assert list(app.items.columns) == ["item", "before", "text", "after"]  # nothing of the machine's
    assert not app.answer() and not path.exists()  # nothing ticked: not an answer
    app.boxes["platforms"].value = True
    app.boxes["none"].value = True  # 'none' clears the categories
    assert not app.boxes["platforms"].value
    assert app.answer()
    assert app.answer(["platforms", "members"])
    saved = pd.read_parquet(path)
    assert saved.columns.tolist() == ["coder", "item", "category", "value", "coded_at"]
    assert saved.groupby("item")["value"].sum().tolist() == [0, 2]
    # a new session on the same file starts at the first sentence not coded, and keeps the answers
    again = coder_widget(sheet, path, "ann")
    assert again.pos == 2 and len(again.codes) == 2
    again.go(1)
    assert again.boxes["platforms"].value and again.boxes["members"].value and not again.boxes["none"].value
    # another coder in the same file keeps ann's rows
    bo = coder_widget(sheet, path, "bo")
    assert bo.pos == 0 and bo.answer([])
    both = read_codes(path)
    assert sorted(both["coder"].unique()) == ["ann", "bo"] and len(both) == 3 * 3
    with pytest.raises(ValueError, match="unknown categories"):
        bo.answer(["nope"])


# --------------------------------------------------------------------------- scoring
def _hand_sheet() -> pd.DataFrame:
    """Eleven sampled sentences, two categories a and b, three strata:

    stratum a: N = 8 sentences in the corpus, 4 sampled -> weight 2 (items 1-4)
    stratum b: N = 3, all 3 sampled -> weight 1 (items 5-7)
    unmatched: N = 40, 4 sampled -> weight 10 (items 8-11)
    """
    return pd.DataFrame({
        "item": range(1, 12),
        "stratum": ["a"] * 4 + ["b"] * 3 + ["unmatched"] * 4,
        "stratum_size": [8] * 4 + [3] * 3 + [40] * 4,
        "categories": [("a",), ("a",), ("a", "b"), ("a",), ("b",), ("b",), ("b",), (), (), (), ()],
    })


def _codes(coder: str, a: list[int], b: list[int], items=range(1, 12)) -> pd.DataFrame:
    items = list(items)
    return pd.DataFrame({"coder": coder, "item": items * 2,
                         "category": ["a"] * len(items) + ["b"] * len(items), "value": a + b})


ANN = _codes("ann", a=[1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0], b=[0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0])


def test_score_coding_equals_the_hand_computation():
    s = score_coding(_hand_sheet(), ANN, codebook={"a": ["甲"], "b": ["乙"]}).set_index("category")
    # a: matched items 1-4 (weight 2): Σwm = 8, Σwmy = 2+2+2+0 = 6 -> precision 6/8
    #    marked items 1, 2, 3 (w 2), 7 (w 1), 9 (w 10): Σwy = 17 -> recall 6/17; F1 = 2·6/(8+17)
    # b: matched items 3 (w 2), 5, 6, 7 (w 1): Σwm = 5, Σwmy = 2+1+0+1 = 4 -> precision 4/5
    #    marked items 3 (w 2), 5, 7 (w 1): Σwy = 4 -> recall 4/4; F1 = 2·4/(5+4)
    assert s.loc["a", ["precision", "recall", "f1"]].tolist() == pytest.approx([6 / 8, 6 / 17, 12 / 25])
    assert s.loc["b", ["precision", "recall", "f1"]].tolist() == pytest.approx([4 / 5, 1.0, 8 / 9])
    assert s.loc["a", ["est_matched", "est_marked"]].tolist() == [8.0, 17.0]
    assert s.loc["a", ["n_coded", "n_matched", "n_marked"]].tolist() == [11, 4, 5]
    assert s.loc["b", ["n_matched", "n_marked"]].tolist() == [4, 3]

    # Wilson intervals with Kish's effective n = (Σv)²/Σv²:
    #   precision a: v = 2,2,2,2 -> n = 64/16 = 4;  precision b: v = 2,1,1,1 -> n = 25/7
    #   recall a: v = w·y = 2,2,2,1,10 -> n = 17²/113 = 289/113;  recall b: v = 2,1,1 -> n = 16/6
    def wilson(p, n, z=1.959963984540054):
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        return [max(0.0, centre - half), min(1.0, centre + half)]

    assert s.loc["a", ["precision_low", "precision_high"]].tolist() == pytest.approx(wilson(0.75, 4))
    # by hand: z² = 3.8415; centre = (0.75 + 0.4802)/(1 + 0.9604) = 0.6275; half = 0.9998·√(0.046875 +
    # 0.060023) = 0.3269 -> [0.3006, 0.9544]
    assert [round(float(x), 4) for x in s.loc["a", ["precision_low", "precision_high"]]] == [0.3006, 0.9544]
    assert s.loc["b", ["precision_low", "precision_high"]].tolist() == pytest.approx(wilson(0.8, 25 / 7))
    assert s.loc["a", ["recall_low", "recall_high"]].tolist() == pytest.approx(wilson(6 / 17, 289 / 113))
    assert s.loc["b", ["recall_low", "recall_high"]].tolist() == pytest.approx(wilson(1.0, 16 / 6))
    # F1: a stratified bootstrap; its interval holds the estimate and stays in [0, 1]
    assert (s["f1_low"] <= s["f1"]).all() and (s["f1"] <= s["f1_high"]).all()
    assert s["f1_low"].ge(0).all() and s["f1_high"].le(1).all()
    assert s["n_coders"].eq(1).all() and s["alpha"].isna().all()
    assert s.attrs["function"] == "score_coding" and s.attrs["uncoded"] == []
    assert s.attrs["interval"]["f1"].startswith("bootstrap")


def test_uncoded_sentences_leave_their_stratum_and_raise_the_others_weight():
    codes = ANN[ANN["item"] != 11]
    s = score_coding(_hand_sheet(), codes, codebook={"a": ["甲"], "b": ["乙"]}).set_index("category")
    # unmatched: 3 coded of 40 -> weight 40/3; recall a = 6 / (6 + 1 + 40/3)
    assert s.loc["a", "recall"] == pytest.approx(6 / (7 + 40 / 3))
    assert s.attrs["uncoded"] == [11]


def test_two_coders_mean_codes_and_alpha_per_category():
    bo = _codes("bo", a=[1, 0, 1, 0], b=[0, 0, 1, 0], items=range(1, 5))
    s = score_coding(_hand_sheet(), [ANN, bo], codebook={"a": ["甲"], "b": ["乙"]}).set_index("category")
    # item 2: ann 1, bo 0 -> y = 0.5. precision a = (2 + 1 + 2 + 0)/8; recall a = 5 / (5 + 1 + 10)
    assert s.loc["a", ["precision", "recall"]].tolist() == pytest.approx([5 / 8, 5 / 16])
    # alpha on a over items 1-4 (ann 1,1,1,0; bo 1,0,1,0): 1 − 7·2/(2·5·3), as in the hand example;
    # on b the two agree on every item: 1
    assert s.loc["a", "alpha"] == pytest.approx(1 - 14 / 30) and s.loc["b", "alpha"] == 1.0
    assert s["n_alpha"].tolist() == [4, 4] and s["n_coders"].tolist() == [2, 2]
    only_bo = score_coding(_hand_sheet(), [ANN, bo], codebook={"a": ["甲"], "b": ["乙"]}, gold="bo")
    # bo coded items 1-4 only (stratum a, weight 8/4 = 2): a precision (2+0+2+0)/8, recall 4/4
    assert only_bo.set_index("category").loc["a", ["precision", "recall"]].tolist() == [0.5, 1.0]
    with pytest.raises(ValueError, match="`gold`"):
        score_coding(_hand_sheet(), ANN, codebook={"a": ["甲"], "b": ["乙"]}, gold="cy")
    with pytest.raises(ValueError, match="not in the codebook"):
        score_coding(_hand_sheet(), ANN, codebook={"a": ["甲"]})


def test_wilson_interval_is_never_degenerate_at_the_edges():
    lo, hi = wilson_interval([0.0, 1.0], [20, 20])
    assert lo[0] == 0.0 and 0.1 < hi[0] < 0.2 and 0.8 < lo[1] < 0.9 and hi[1] == 1.0
    assert np.isnan(wilson_interval(0.5, 0)[0])


def test_the_whole_loop_on_the_seed(seed_tokens, tmp_path):
    sheet = coding_sheet(seed_tokens, n_per_category=3, n_unmatched=4, seed=1, path=tmp_path / "seed")
    back = read_coding_sheet(tmp_path / "seed")
    book = pd.read_excel(tmp_path / "seed.xlsx", sheet_name="codebook")
    cb = cppcc.load_codebook().drop_duplicates("category")
    assert book[["category", "label_en", "label_zh"]].values.tolist() == \
        cb[["category", "label_en", "label_zh"]].values.tolist()
    assert book["definition"].str.len().gt(10).all()
    # a coder who agrees with the machine everywhere: precision and recall 1 for every category
    codes = pd.DataFrame([("robot", i, c, int(c in cs)) for i, cs in zip(back["item"], back["categories"])
                          for c in sheet.attrs["categories"]], columns=["coder", "item", "category", "value"])
    s = score_coding(back, codes)
    assert np.allclose(s[["precision", "recall", "f1"]], 1.0)
    assert s["category"].tolist() == sheet.attrs["categories"]


def test_every_stratum_is_sampled():
    t = pd.DataFrame({"doc_id": "d", "sentence": [1, 2], "token": ["委员之家", "天气"]})
    with pytest.raises(ValueError, match="`n_unmatched` must be an integer of at least 1"):
        coding_sheet(t, {"platforms": ["委员之家"]}, n_unmatched=0)


# --------------------------------------------------------------------------- the project's coded seed sample
DATA = Path(cppcc.__file__).parent / "data" / "validation"


def _seed_coding():
    sheet = read_coding_sheet(DATA / "seed_sample")
    codes = [read_codes(DATA / f"seed_codes_coder{k}.csv", coder=f"coder{k}") for k in (1, 2)]
    return sheet, codes


def test_revised_codebook_on_the_coded_seed_sample(seed_tokens):
    from cppcc.validation import recode_sheet

    sheet, codes = _seed_coding()
    assert len(sheet) == 150 and all(c["item"].nunique() == 150 for c in codes)
    before = score_coding(sheet, codes).set_index("category")
    new = recode_sheet(sheet, seed_tokens)
    after = score_coding(new, codes).set_index("category")
    # rules lose the sentences matched only by the dropped terms: 37 matched sentences become 28
    lost = sheet["categories"].map(lambda c: "rules" in c) & ~new["categories"].map(lambda c: "rules" in c)
    assert (before.loc["rules", "n_matched"], after.loc["rules", "n_matched"], int(lost.sum())) == (37, 28, 9)
    # by hand: precision = Σ w·m·y / Σ w·m over the sentences matched; drop the lost ones from both sums
    y = pd.concat(codes).query("category == 'rules'").groupby("item")["value"].mean()
    w = sheet["stratum_size"] / sheet["stratum"].map(sheet["stratum"].value_counts())
    m = sheet["categories"].map(lambda c: "rules" in c)
    yy = y.reindex(sheet["item"]).to_numpy()
    s_my, s_m = float((w * m * yy).sum()), float((w * m).sum())
    assert before.loc["rules", "precision"] == pytest.approx(s_my / s_m)
    assert after.loc["rules", "precision"] == pytest.approx(
        (s_my - float((w * lost * yy).sum())) / (s_m - float((w * lost).sum())))
    assert round(before.loc["rules", "precision"], 2) == 0.58
    assert round(after.loc["rules", "precision"], 2) == 0.74
    # agreement between the coders does not depend on the codebook
    assert before["alpha"].tolist() == after["alpha"].tolist() and before["alpha"].min() >= 0.85


def test_term_agreement_flags_the_terms_the_coders_rejected():
    from cppcc.validation import term_agreement

    sheet, codes = _seed_coding()
    t = term_agreement(sheet, codes, codebook=DATA / "codebook_v1.yaml")  # the key's terms: version 1
    flagged = t[t["revise"]].set_index("term")
    assert flagged.index.tolist() == ["规范", "不建机构建机制", "工作机制"]
    assert flagged["sentences"].tolist() == [4, 3, 3]
    assert flagged["accepted"].round(3).tolist() == [0.0, 0.0, 0.167]
    # every flagged term is gone from the packaged codebook's counted terms
    cb = cppcc.load_codebook()
    assert not set(flagged.index) & set(cb["term"]) and "工作机制" in cb.attrs["never_count"]
