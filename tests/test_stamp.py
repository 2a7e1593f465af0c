"""One result stamp and one option check (cppcc.common.stamp, cppcc.common.check_option).

Every public analysis result records ``attrs["function"]`` (its public name) and its settings, on a
token frame and on a store alike, so that plots read what a table is instead of guessing; every bad
option raises one message form, ``cppcc.<func>: <name> must be ..., not <value>``.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import cppcc
import cppcc.counting
from cppcc.common import check_option, option_error, stamp


@pytest.fixture(scope="module")
def seed():
    sp = cppcc.load_speeches()
    return sp, cppcc.tokens(sp, cache=True)


def _results(sp, toks):
    """(public name, result) of every analysis function this package stamps, on the seed."""
    rep = cppcc.term_report("协商", sp, toks, by="doc_id")
    reuse = cppcc.text_reuse(sp, progress=False)
    return [
        ("term_frequencies", cppcc.term_frequencies(toks, by="level")),
        ("distinctive_terms", cppcc.distinctive_terms(toks, by="doc_id")),
        ("distinctive_terms", cppcc.distinctive_terms(cppcc.term_frequencies(toks, by="level", stop=False,
                                                                             punct=True), by="level")),
        ("reference_keyness", cppcc.reference_keyness(toks)),
        ("kwic", cppcc.kwic(sp, "协商")),
        ("kwic", cppcc.kwic(sp, "没有这个词")),
        ("cooccurrence", cppcc.cooccurrence(toks)),
        ("similarity", cppcc.similarity(toks)),
        ("similarity", cppcc.similarity(toks, long=True)),
        ("code_mechanisms", cppcc.code_mechanisms(toks, by="level")),
        ("code_mechanisms", cppcc.code_mechanisms(toks.iloc[:0])),
        ("evidence", cppcc.evidence(toks)),
        ("evidence", cppcc.evidence(toks.iloc[:0])),
        ("speech_stats", cppcc.speech_stats(sp)),
        *[("term_report", frame) for frame in rep.values()],
        ("term_counts", cppcc.counting.term_counts(toks, by="doc_id")),
        ("reference_frequencies", cppcc.compare.reference_frequencies(["政协", "委员之家"])),
        ("text_reuse", reuse),
        ("reuse_summary", cppcc.reuse_summary(reuse, sp)),
        ("quoted_terms", cppcc.quoted_terms(sp)),
        ("numbered_formulas", cppcc.numbered_formulas(sp)),
        ("numeric_claims", cppcc.numeric_claims(sp, context="corpus")),
        ("classify_measures", cppcc.classify_measures(cppcc.measures(sp))),
        ("quoted_forms", cppcc.quoted_forms(cppcc.quoted_terms(sp), cppcc.numbered_formulas(sp))),
    ]


def _meta(result) -> dict:
    return result.graph if isinstance(result, nx.Graph) else result.attrs


def test_every_public_analysis_result_names_its_function(seed):
    sp, toks = seed
    for name, result in _results(sp, toks):
        meta = _meta(result)
        assert meta.get("function") == name, (name, meta)
        assert len(meta) > 1, f"{name}: no settings recorded"


def test_the_stamp_records_settings_and_grouping(seed):
    sp, toks = seed
    tf = cppcc.term_frequencies(toks, by="speaker", stop=["general", "工作"])
    assert tf.attrs == {"function": "term_frequencies", "by": ["speaker"], "stop": "general+1 word(s)",
                        "punct": False}
    kw = cppcc.kwic(sp, "委員之家", window=6)
    assert kw.attrs == {"function": "kwic", "pattern": "委員之家", "window": 6, "regex": False,
                        "text_column": "text", "deprecated_columns": {"position": "doc_position"},
                        "deprecated_removed_in": "0.4"}
    ev = cppcc.evidence(toks, "platforms", window=4)
    assert (ev.attrs["by"], ev.attrs["category"], ev.attrs["window"]) == (["doc_id"], "platforms", 4)
    g = cppcc.cooccurrence(toks, window=3, measure="count", min_count=3)
    assert {k: g.graph[k] for k in ("function", "window", "measure", "stop", "min_count")} == {
        "function": "cooccurrence", "window": 3, "measure": "count", "stop": "general", "min_count": 3}
    rep = cppcc.term_report("委員之家", sp, toks, by="level")
    assert {k: f.attrs["part"] for k, f in rep.items()} == {k: k for k in rep}
    assert all(f.attrs["term"] == "委员之家" and f.attrs["by"] == ["level"] for f in rep.values())
    assert rep["cooccurring"].attrs["method"] == "g2"


def test_a_store_stamps_as_tokens_do(tmp_path, seed):
    sp, toks = seed
    st = cppcc.build_store(None, tmp_path / "store", progress=False, n_jobs=1)
    for name, on_store, in_memory in [
        ("term_frequencies", cppcc.term_frequencies(st, by="level"),
         cppcc.term_frequencies(toks, by="level")),
        ("distinctive_terms", cppcc.distinctive_terms(st), None),
        ("code_mechanisms", cppcc.code_mechanisms(st), cppcc.code_mechanisms(toks)),
        ("kwic", cppcc.kwic(st, "协商"), cppcc.kwic(sp, "协商")),
    ]:
        assert on_store.attrs["function"] == name
        if in_memory is not None:
            assert on_store.attrs == in_memory.attrs, name


def test_stamp_on_frames_graphs_and_reports():
    df = stamp(pd.DataFrame({"x": [1]}), "f", by="level", stop=False, punct=1, top=None)
    assert df.attrs == {"function": "f", "by": "level", "stop": "none", "punct": True, "top": None}
    g = stamp(nx.Graph(units=3), "cooccurrence", window="sentence")
    assert g.graph == {"units": 3, "function": "cooccurrence", "window": "sentence"}
    parts = stamp({"a": pd.DataFrame(), "b": pd.DataFrame()}, "term_report", by=["region"])
    assert [p.attrs for p in parts.values()] == [{"function": "term_report", "by": ["region"]}] * 2
    parts["a"].attrs["by"].append("x")  # each frame holds its own list
    assert parts["b"].attrs["by"] == ["region"]
    with pytest.raises(TypeError, match="cannot record"):
        stamp([1, 2], "f")


def test_check_option_has_one_message_form():
    assert check_option("g2", ("log_odds", "g2"), "method", "distinctive_terms") == "g2"
    with pytest.raises(ValueError) as err:
        check_option("chi2", ("log_odds", "g2"), "method", "distinctive_terms")
    assert str(err.value) == "cppcc.distinctive_terms: method must be one of 'log_odds', 'g2', not 'chi2'"
    with pytest.raises(ValueError, match="not True"):
        check_option(True, (1, 2), "n", "f")  # a bool is not the number 1
    with pytest.raises(ValueError, match="not \\['g2'\\]"):
        check_option(["g2"], ("g2",), "method", "f")
    message = str(option_error("kwic", "window", "an int >= 0", -1))
    assert message == "cppcc.kwic: window must be an int >= 0, not -1"


@pytest.mark.parametrize("call, message", [
    (lambda sp, t: cppcc.distinctive_terms(t, method="chi2"),
     "cppcc.distinctive_terms: method must be one of 'log_odds', 'g2', not 'chi2'"),
    (lambda sp, t: cppcc.distinctive_terms(t, by=["level"]),
     "cppcc.distinctive_terms: by must be one column name, not ['level']"),
    (lambda sp, t: cppcc.distinctive_terms(t, prior="wiki"),
     "cppcc.distinctive_terms: prior must be None, 'general' or a Series, not 'wiki'"),
    (lambda sp, t: cppcc.reference_keyness(t, measure="pmi"),
     "cppcc.reference_keyness: measure must be one of 'g2', 'log_ratio', not 'pmi'"),
    (lambda sp, t: cppcc.compare.reference_frequencies(["政协"], missing="zero"),
     "cppcc.reference_frequencies: missing must be one of 'estimate', 'floor', not 'zero'"),
    (lambda sp, t: cppcc.kwic(sp, ""), "cppcc.kwic: pattern must be a non-empty string, not ''"),
    (lambda sp, t: cppcc.kwic(sp, "协商", window=-1), "cppcc.kwic: window must be an int >= 0, not -1"),
    (lambda sp, t: cppcc.cooccurrence(t, window=0),
     "cppcc.cooccurrence: window must be 'sentence' or a positive int, not 0"),
    (lambda sp, t: cppcc.cooccurrence(t, window=2, measure="jaccard"),
     "cppcc.cooccurrence: measure must be one of 'pmi', 'count', not 'jaccard'"),
    (lambda sp, t: cppcc.term_report("  ", sp, t),
     "cppcc.term_report: term must be a non-empty string, not '  '"),
])
def test_option_errors_of_the_analyses(seed, call, message):
    sp, toks = seed
    with pytest.raises(ValueError) as err:
        call(sp, toks)
    assert str(err.value) == message


def test_political_language_results_record_their_settings(seed):
    sp, _ = seed
    assert cppcc.numeric_claims(sp, context="corpus").attrs == {
        "function": "numeric_claims", "by": "doc_id", "context": "corpus"}
    assert cppcc.numbered_formulas(sp).attrs == {"function": "numbered_formulas", "by": "doc_id",
                                                 "context": "document"}
    assert cppcc.quoted_terms(sp.iloc[:0]).attrs == {"function": "quoted_terms", "by": "doc_id"}
    by = cppcc.classify_measures(cppcc.measures(sp)).attrs["by"]
    assert by == ["doc_id", "section", "subsection", "ordinal"]
    for func in (cppcc.numbered_formulas, cppcc.numeric_claims):
        with pytest.raises(ValueError, match=rf"cppcc.{func.__name__}: context must be one of 'document', "
                                             r"'corpus', not 'page'"):
            func(sp, context="page")
