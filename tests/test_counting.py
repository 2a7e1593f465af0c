"""The one counting seam (cppcc.counting): one word rule for every source, the count table by any
grouping (per-document counts included) from tokens and from a store alike, and one registration that
lets a store in; the analysis modules never name the store."""
from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cppcc
from cppcc import counting
from cppcc.counting import FrameSource, TermCounts, nonword_terms, source_of, term_counts, word_masks

LIB = Path(cppcc.__file__).resolve().parent
FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"

# A: 政协 协商 ， 2020 。   B: 协商 的 协商 ！ (one blank token, one missing token in B)
TOKS = pd.DataFrame({
    "doc_id": ["a"] * 5 + ["b"] * 6,
    "sentence": [1] * 11,
    "token": ["政协", "协商", "，", "2020", "。", "协商", "的", "协商", "！", " ", None],
    "is_punct": [False, False, True, False, True, False, False, False, True, False, False],
    "level": ["province"] * 5 + ["county"] * 6,
})


@pytest.fixture(scope="module")
def seed():
    sp = cppcc.load_speeches()
    return sp, cppcc.tokens(sp, cache=True)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return cppcc.build_store(None, tmp_path_factory.mktemp("store") / "seed", progress=False, n_jobs=1)


def test_the_word_rule_by_hand():
    # punctuation (flag or text), a blank and a missing token are not words; numbers are words
    assert nonword_terms(TOKS["token"]).tolist() == [False, False, True, False, True, False, False, False,
                                                     True, True, True]
    keep, word = word_masks(TOKS)
    assert word.sum() == 6 and keep.sum() == 5  # 的 is a general stop word
    table = TOKS.assign(is_punct=False)  # flags lost: the text still tells punctuation
    assert word_masks(table)[1].tolist() == word.tolist()


def test_the_count_table_and_its_rule_by_hand():
    counts = source_of(TOKS).term_counts(["doc_id"])
    assert isinstance(counts, TermCounts) and counts.input == "tokens"
    assert counts.table[["doc_id", "term", "count", "_first"]].values.tolist()[:3] == [
        ["a", "政协", 1, 0], ["a", "协商", 1, 1], ["a", "，", 1, 2]]
    c = counts.counted(stop=True)
    # words: 政协 协商 2020 | 协商 的 协商
    assert c.groups[["doc_id", "n_tokens"]].values.tolist() == [["a", 3], ["b", 3]]
    assert c.terms[["doc_id", "term", "count"]].values.tolist() == [
        ["a", "政协", 1], ["a", "协商", 1], ["a", "2020", 1], ["b", "协商", 2]]
    tf = cppcc.term_frequencies(TOKS, by="doc_id")
    assert tf[["doc_id", "term", "count", "n_tokens"]].values.tolist() == [
        ["a", "2020", 1, 3], ["a", "协商", 1, 3], ["a", "政协", 1, 3], ["b", "协商", 2, 3]]
    with_punct = term_counts(TOKS, by="doc_id", stop=False, punct=True)
    assert len(with_punct) == 10  # every distinct (doc, token) but the missing token, which is no term
    assert term_counts(TOKS, by="level", stop=False)["count"].sum() == 6


def test_per_document_counts_are_the_same_from_tokens_and_from_a_store(seed, seed_store):
    _, toks = seed
    for source in (toks, seed_store):
        per_doc = source_of(source).term_counts(["level", "doc_id"]).counted(stop=True)
        got = per_doc.terms[["level", "doc_id", "term", "count"]].astype(str).values.tolist()
        totals = per_doc.groups[["level", "doc_id", "n_tokens"]].astype(str).values.tolist()
        if source is toks:
            expected, expected_totals = got, totals
        else:
            assert got == expected and totals == expected_totals
    # documents add up to their level: resampling documents resamples these sums
    pooled = cppcc.term_frequencies(toks, by="level")
    summed = (per_doc.terms.groupby(["level", "term"])["count"].sum().rename("count").reset_index())
    merged = pooled.astype({"level": str}).merge(summed, on=["level", "term"], suffixes=("", "_docs"))
    assert len(merged) == len(pooled) and (merged["count"] == merged["count_docs"]).all()
    n_docs = per_doc.groups.groupby("level")["n_tokens"].sum().to_dict()
    assert dict(zip(pooled["level"].astype(str), pooled["n_tokens"])) == n_docs


def test_changing_the_rule_in_one_place_changes_every_source(seed, seed_store, monkeypatch):
    """The store has no SQL copy of the word rule: numbers made non-words here drop out of both."""
    _, toks = seed
    before = cppcc.term_frequencies(seed_store, by="level")
    rule = counting.nonword_terms
    monkeypatch.setattr(counting, "nonword_terms",
                        lambda terms: rule(terms) | terms.astype(str).str.isdigit().to_numpy())
    on_tokens = cppcc.term_frequencies(toks, by="level")
    on_store = cppcc.term_frequencies(seed_store, by="level")
    assert not on_store["term"].str.isdigit().any() and before["term"].str.isdigit().any()
    cols = ["term", "count", "n_tokens"]
    assert on_store[cols].values.tolist() == on_tokens[cols].values.tolist()
    n_before = dict(zip(before["level"], before["n_tokens"]))
    assert all(n < n_before[level] for level, n in zip(on_store["level"], on_store["n_tokens"]))  # numbers


def test_a_count_table_is_a_source_too():
    table = pd.DataFrame({"side": ["a", "a", "b", "b"], "term": ["协商", "。", "协商", "监督"],
                          "count": [3, 1, 1, 2]})
    counts = source_of(table).term_counts(["side"], "distinctive_terms")
    assert counts.input == "counts"
    tf = cppcc.term_frequencies(table, by="side")
    assert tf[["side", "term", "count", "n_tokens"]].values.tolist() == [
        ["a", "协商", 3, 3], ["b", "监督", 2, 3], ["b", "协商", 1, 3]]


def test_export_counts_words_only(seed):
    from cppcc.cli import export_table

    _, toks = seed
    counts = export_table(None, "counts")
    assert counts.columns.tolist() == ["doc_id", "term", "count"]
    assert counts["count"].sum() == int(word_masks(toks)[1].sum())


def test_an_unknown_source_is_a_clear_error():
    with pytest.raises(TypeError, match="expected a DataFrame"):
        cppcc.term_frequencies([["政协"]])
    assert isinstance(source_of(TOKS), FrameSource)


ANALYSIS = ["compare", "mechanisms", "diffusion", "topic_model", "uncertainty", "explore.py", "reuse.py",
            "counting.py", "structure.py", "units.py", "pages.py", "forms.py", "prose.py",
            "display.py", "kinds.py"]


STORE_NAMES = {"Store", "StoreSource", "open_store", "build_store", "is_store", "store"}


def _modules(names):
    for name in names:
        path = LIB / name
        yield from (sorted(path.rglob("*.py")) if path.is_dir() else [path])


def test_analysis_modules_never_mention_the_store():
    for path in _modules(ANALYSIS):
        text = path.read_text(encoding="utf-8")
        assert "_cppcc_store" not in text, path
        for node in ast.walk(ast.parse(text)):
            where = path.relative_to(LIB)
            if isinstance(node, ast.ImportFrom):
                assert "store" not in (node.module or "").split("."), f"{where} imports the store"
                assert not {a.name for a in node.names} & STORE_NAMES, f"{where} imports the store"
            if isinstance(node, ast.Import):
                assert not any(".store" in a.name for a in node.names), f"{where} imports the store"
            if isinstance(node, (ast.Name, ast.Attribute)):
                name = node.id if isinstance(node, ast.Name) else node.attr
                assert name not in STORE_NAMES, f"{where} names the store ({name}, line {node.lineno})"


def test_nothing_inside_the_package_imports_its_init():
    """A module of cppcc imports the modules it uses, never the package's __init__ (``import cppcc``,
    ``from cppcc import x`` or ``from . import x`` of a name that is no submodule)."""
    submodules = {p.stem for p in LIB.glob("*.py")}
    submodules |= {p.name for p in LIB.iterdir() if (p / "__init__.py").exists()}
    bad = []
    for path in LIB.rglob("*.py"):
        if path == LIB / "__init__.py":
            continue
        depth = len(path.relative_to(LIB).parts) - 1  # 0 for a top-level module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name == "cppcc" for a in node.names):
                bad.append(f"{path.relative_to(LIB)}: import cppcc")
            if isinstance(node, ast.ImportFrom):
                to_root = ((node.level == depth + 1 and not node.module)
                           or (node.level == 0 and node.module == "cppcc"))
                if to_root and any(a.name not in submodules for a in node.names):
                    bad.append(f"{path.relative_to(LIB)}: from {'.' * node.level}{node.module or ''} import "
                               + ", ".join(a.name for a in node.names))
    assert not bad, bad


def test_no_module_is_over_700_lines_and_no_notebook_helper_over_200():
    long = {str(p.relative_to(LIB)): n for p in LIB.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert not long, long
    helpers = {name: len((LIB / name).read_text(encoding="utf-8").splitlines())
               for name in ("prose.py", "display.py", "kinds.py", "units.py", "pages.py", "forms.py",
                            "source.py")}
    assert max(helpers.values()) <= 200, helpers


def test_open_corpus_on_a_folder(seed):
    sp, toks = seed
    corpus = cppcc.open_corpus()
    pd.testing.assert_frame_equal(corpus.speeches, sp)
    pd.testing.assert_frame_equal(corpus.pages, cppcc.load_pages())
    pd.testing.assert_frame_equal(corpus.audit, cppcc.cleaning_audit())
    pd.testing.assert_frame_equal(corpus.tokens(), toks)
    labelled = sp.assign(speech=sp["speaker"]).iloc[[2, 1]]
    pd.testing.assert_frame_equal(corpus.tokens(labelled), cppcc.tokens(labelled))
    assert corpus.label == "the project corpus (corpus/)" and corpus.store is None
    with pytest.warns(cppcc.CorpusWarning, match="no speech header"):  # open_corpus reads the speeches
        fixture = cppcc.open_corpus(FIXTURE_CORPUS, errors="warn")
    assert fixture.label == str(FIXTURE_CORPUS) and fixture.speeches["source_file"].nunique() > 3


def test_open_corpus_errors(tmp_path):
    with pytest.raises(cppcc.CorpusError, match="nope"):
        cppcc.open_corpus(tmp_path / "nope")  # read at once: the error names the path
    with pytest.raises(ValueError, match="not both"):
        cppcc.open_corpus("corpus", store=tmp_path)
    with pytest.raises(ValueError) as err:
        cppcc.open_corpus(errors="skip")
    assert str(err.value) == "cppcc.open_corpus: errors must be one of 'raise', 'warn', not 'skip'"
    from cppcc.store import StoreError

    with pytest.raises(StoreError, match="not a cppcc store"):
        cppcc.open_corpus(store=tmp_path)
    assert np.all(cppcc.open_corpus().speeches["doc_id"].notna())
