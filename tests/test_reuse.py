"""Text reuse: planted copies are found, unrelated pages are not paired, offsets slice back, stock
formulas are flagged; exact values on the seed; the summary and the figures."""
from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import cppcc
from cppcc import plots
from cppcc.common import ColumnError
from cppcc.reuse import REUSE_COLUMNS

matplotlib.use("Agg")

FIX = Path(__file__).resolve().parent / "fixtures" / "reuse"
STOCK = "坚持以人民为中心的发展思想，不断增强人民群众的获得感、幸福感、安全感。"


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    meta = pd.read_csv(FIX / "docs.csv")
    return meta.assign(text=[(FIX / f).read_text(encoding="utf-8") for f in meta["file"]])


@pytest.fixture(scope="module")
def reuse(docs) -> pd.DataFrame:
    return cppcc.text_reuse(docs)


def _planted_spans(docs: pd.DataFrame) -> list[tuple[str, str, int, int]]:
    """(source doc, copying doc, start, end) of each planted paragraph in the copying doc's normalised
    text."""
    out = []
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for row in pd.read_csv(FIX / "planted.csv").itertuples():
        text = cppcc.normalize_text(texts[row.doc_id])
        lines = text.split("\n")
        start = sum(len(line) + 1 for line in lines[:row.line])
        out.append((row.source_doc_id, row.doc_id, start, start + len(lines[row.line])))
    return out


def test_planted_copies_are_recalled(docs, reuse):
    planted = _planted_spans(docs)
    assert len(planted) == 2
    hit = total = 0
    for src, dst, start, end in planted:
        rows = reuse[(reuse["doc_a"] == src) & (reuse["doc_b"] == dst) & ~reuse["stock"]]
        covered = {i for r in rows.itertuples() for i in range(max(start, r.start_b), min(end, r.end_b))}
        hit, total = hit + len(covered), total + end - start
        assert covered, f"planted copy in {dst} line not found"
    assert hit / total >= 0.95
    # one passage per copied paragraph (the copies are separate paragraphs, not one passage)
    assert len(reuse[(reuse["doc_a"] == "huzhou") & (reuse["doc_b"] == "yudu") & ~reuse["stock"]]) == 2


def test_edits_are_tolerated(reuse):
    pair = reuse[(reuse["doc_a"] == "huzhou") & (reuse["doc_b"] == "yudu") & ~reuse["stock"]]
    first, second = pair.iloc[0], pair.iloc[1]
    assert "并邀请县直部门全程参与" in first["text_b"] and "并邀请县直部门全程参与" not in first["text_a"]
    assert "吴兴区" in first["text_a"] and "贡江镇" in first["text_b"]
    assert "值班记录统一录入" in second["text_a"] and "值班记录统一录入" not in second["text_b"]
    assert "于都县" in second["text_b"]  # the Traditional copy, aligned after normalisation
    assert 0.8 < first["identity"] < 1 and 0.8 < second["identity"] < 1


def test_no_pair_between_unrelated_pages(reuse):
    others = reuse[~((reuse["doc_a"] == "huzhou") & (reuse["doc_b"] == "yudu"))]
    assert len(others) > 0 and others["stock"].all()  # only the stock phrase links them
    assert (others["text_a"] == STOCK).all()


def test_offsets_slice_back_to_the_passages(docs, reuse):
    texts = {d: cppcc.normalize_text(t) for d, t in zip(docs["doc_id"], docs["text"])}
    for r in reuse.itertuples():
        assert texts[r.doc_a][r.start_a:r.end_a] == r.text_a
        assert texts[r.doc_b][r.start_b:r.end_b] == r.text_b
        assert r.chars <= min(len(r.text_a), len(r.text_b))
        assert r.identity == pytest.approx(2 * r.chars / (len(r.text_a) + len(r.text_b)))
    # the Traditional copy: one character for one, so the offsets slice the original text too
    yudu = docs.set_index("doc_id").loc["yudu", "text"]
    assert len(yudu) == len(texts["yudu"])
    trad = reuse[(reuse["doc_b"] == "yudu") & reuse["text_b"].str.startswith("为了让")].iloc[0]
    original = yudu[trad["start_b"]:trad["end_b"]]
    assert original.startswith("爲了讓協商") and cppcc.normalize_text(original) == trad["text_b"]


def test_stock_formula_is_flagged(docs, reuse):
    stock = reuse[reuse["stock"]]
    in_docs = int(docs["text"].str.contains(STOCK, regex=False).sum())
    assert in_docs == 5
    assert (stock["text_a"] == STOCK).all() and (stock["passage_docs"] == in_docs).all()
    assert len(stock) == in_docs * (in_docs - 1) // 2  # every pair of the five pages
    # with a threshold above 5/6 of the documents, the phrase is no longer stock
    assert not cppcc.text_reuse(docs, stock_share=0.9)["stock"].any()


def test_exact_values_on_the_seed():
    speeches = cppcc.load_speeches()
    r = cppcc.text_reuse(speeches)
    # checked by reading: Henan (02) and Jilin (05) both open by citing Xi Jinping's speech at the
    # central CPPCC work conference; Jilin adds the title of the central document in between
    cols = ["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "chars", "passage_docs", "stock"]
    assert r[cols].values.tolist() == [
        ["000_311b16853e29c05d-02", "000_311b16853e29c05d-05", 0, 37, 0, 43, 35, 2, False]]
    xi = "习近平总书记在中央政协工作会议上的重要讲话"
    assert r["text_a"].iloc[0] == xi + "，为新时代加强和改进人民政协工作"
    assert r["text_b"].iloc[0] == xi + "和《中共中央关于新时代加强和改进人民政协工作"
    assert r["identity"].iloc[0] == pytest.approx(70 / 80)
    # shorter shared phrases: the formula 新时代加强和改进人民政协工作 is in three of the five speeches
    short = cppcc.text_reuse(speeches, min_chars=12)
    formula = short[short["text_a"].str.fullmatch("新时代加强和改进人民政协工作的?")]
    assert sum("新时代加强和改进人民政协工作" in t for t in speeches["text"]) == 3
    assert len(formula) >= 2 and formula["stock"].all() and (formula["passage_docs"] == 3).all()


def test_reference_texts(docs):
    local, central = docs[docs["doc_id"] != "huzhou"], docs[docs["doc_id"] == "huzhou"]
    r = cppcc.text_reuse(local, reference=central)
    assert set(r["doc_b"]) == {"huzhou"} and "huzhou" not in set(r["doc_a"])
    assert len(r[(r["doc_a"] == "yudu") & ~r["stock"]]) == 2
    with pytest.raises(ValueError, match="both"):
        cppcc.text_reuse(docs, reference=central)


def test_a_store_and_small_corpora(docs, tmp_path):
    store = cppcc.build_store(docs[["doc_id", "text"]], tmp_path / "store", progress=False, n_jobs=1)
    pd.testing.assert_frame_equal(cppcc.text_reuse(store), cppcc.text_reuse(docs))
    with pytest.raises(TypeError, match="expected a DataFrame"):
        cppcc.text_reuse(docs.to_dict("records"))
    one = cppcc.text_reuse(docs.head(1))
    assert one.empty and list(one.columns) == REUSE_COLUMNS
    assert cppcc.text_reuse(docs.head(0)).empty
    missing = docs.head(2).assign(text=[None, "短"])
    assert cppcc.text_reuse(missing).empty


def test_errors(docs):
    with pytest.raises(ColumnError, match="text_reuse"):
        cppcc.text_reuse(docs[["doc_id"]])
    with pytest.raises(ValueError, match="duplicate doc_id"):
        cppcc.text_reuse(pd.concat([docs, docs]))
    with pytest.raises(ColumnError, match="reuse_summary"):
        cppcc.reuse_summary(pd.DataFrame({"doc_a": []}), docs)


def test_reuse_summary(docs, reuse):
    s = cppcc.reuse_summary(reuse, docs)
    top = s.iloc[0]
    assert (top["unit_a"], top["unit_b"]) == ("浙江省湖州市", "江西省赣州市于都县")
    pair = reuse[(reuse["doc_a"] == "huzhou") & (reuse["doc_b"] == "yudu") & ~reuse["stock"]]
    assert top["passages"] == 2 and top["stock_passages"] == 1
    assert top["chars"] == pair["chars"].sum()
    assert top["chars_b"] == (pair["end_b"] - pair["start_b"]).sum()
    yudu = cppcc.normalize_text(docs.set_index("doc_id").loc["yudu", "text"])
    assert top["share_b"] == pytest.approx(top["chars_b"] / len(yudu))
    assert top["date_a"] == pd.Timestamp("2021-03-01") and top["date_b"] == pd.Timestamp("2022-06-10")
    # the other pairs share only the stock phrase
    assert (s.iloc[1:]["passages"] == 0).all() and (s.iloc[1:]["stock_passages"] == 1).all()
    with_stock = cppcc.reuse_summary(reuse, docs, include_stock=True)
    assert with_stock.iloc[0]["passages"] == 3
    by_doc = cppcc.reuse_summary(reuse, docs[["doc_id", "text"]])
    assert by_doc.iloc[0]["unit_a"] == "huzhou"


def test_reuse_network_and_alignment_figures(docs, reuse):
    s = cppcc.reuse_summary(reuse, docs)
    g = plots.reuse_graph(s, units=list(docs["region"]))
    assert g.number_of_nodes() == 6 and list(g.edges) == [("浙江省湖州市", "江西省赣州市于都县")]
    assert g.edges["浙江省湖州市", "江西省赣州市于都县"]["directed"]
    fig = plots.reuse_network(s, units=list(docs["region"]))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("湖州" in t for t in texts)
    row = reuse[~reuse["stock"]].iloc[1]
    fig = plots.reuse_alignment(row, labels={"huzhou": "湖州", "yudu": "于都"})
    assert [ax.get_title() for ax in fig.axes] == ["湖州", "于都"]
    drawn = "".join(t.get_text() for t in fig.axes[1].texts)
    assert drawn == row["text_b"].replace(" ", "")
    for f in (fig, plots.reuse_network(s, units=list(docs["region"]))):
        f.canvas.draw()  # glyphs are looked up when drawing: a missing one warns, and warnings fail here
    assert fig.axes[0].texts[0].get_fontfamily()[0] == plots.font_family()[0]
    empty = plots.reuse_network(cppcc.reuse_summary(reuse.head(0), docs), units=["甲县"])
    assert any("stock" in t.get_text() for t in empty.axes[0].texts)
    with pytest.raises(ValueError, match="row lacks"):
        plots.reuse_alignment({"doc_a": "a"})


def test_a_store_gives_the_same_result(docs, reuse, tmp_path):
    store = cppcc.build_store(docs[["doc_id", "region", "date", "text"]], tmp_path / "store", n_jobs=1)
    assert cppcc.text_reuse(store).equals(reuse)
    assert cppcc.reuse_summary(reuse, store).equals(cppcc.reuse_summary(reuse, docs))
