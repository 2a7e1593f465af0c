"""Snapshot of every public function's output on the seed and the fixture corpora.

A refactor must change no number: ``tests/test_snapshot.py`` recomputes :func:`outputs` for each corpus
of :data:`CORPORA` and compares every frame exactly (values, dtypes, index, column order) with the
snapshot stored in ``tests/snapshots/``. Results may gain ``attrs`` keys; a key they had must keep its
value.

Regenerate only on purpose (a deliberate change of behaviour, listed in the changelog)::

    .venv/bin/python tools/snapshot.py            # rewrite every snapshot
    .venv/bin/python tools/snapshot.py --check    # compare, print the first difference of each output

Where a function moves to another module, change its import in :data:`CALLS` only, never a stored value.
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import pickle
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots"

#: corpus name -> folder (relative to the project root)
CORPORA = {
    "seed": "corpus",
    "fixture_corpus": "tests/fixtures/corpus",
    "corpus_kinds": "tests/fixtures/corpus_kinds",
    "real": "tests/fixtures/real",
    "language": "tests/fixtures/language",
    "compare": "tests/fixtures/compare/pages",
}

#: where each helper lives today: "module:function" (only this table changes when a function moves)
CALLS = {
    "method_agreement": "cppcc.compare.keyness:method_agreement",
    "strongest_cells": "cppcc.mechanisms.readings:strongest_cells",
    "evidence_drivers": "cppcc.mechanisms.readings:evidence_drivers",
    "quoted_forms": "cppcc.language.quotes:quoted_forms",
    "dominant_mechanism": "cppcc.mechanisms.readings:dominant_mechanism",
    "versus_rest": "cppcc.mechanisms.readings:versus_rest",
    "stoplist_effect": "cppcc.compare.frequencies:stoplist_effect",
    "explorer_terms": "cppcc.explore:explorer_terms",
    "page_table": "cppcc.pages:page_table",
    "page_summary": "cppcc.pages:page_summary",
    "regional_units": "cppcc.units:regional_units",
    "left_out": "cppcc.units:left_out",
    "tidy_table": "cppcc.prose:tidy_table",
}


def _call(name: str) -> Callable:
    module, func = CALLS[name].split(":")
    return getattr(importlib.import_module(module), func)


def _graph_frames(graph) -> dict[str, pd.DataFrame]:
    nodes = pd.DataFrame([{"node": n, **d} for n, d in sorted(graph.nodes(data=True))])
    edges = pd.DataFrame(
        [{"u": min(u, v), "v": max(u, v), **d} for u, v, d in graph.edges(data=True)]
    )
    if len(edges):
        edges = edges.sort_values(["u", "v"], kind="mergesort").reset_index(drop=True)
    nodes.attrs, edges.attrs = dict(graph.graph), dict(graph.graph)
    return {"nodes": nodes, "edges": edges}


def outputs(folder: str | Path) -> dict[str, object]:
    """Every public function's output on one corpus folder, keyed by a stable name."""
    import cppcc
    from cppcc.structure import MEASURE_KEY

    folder = ROOT / folder
    out: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sp = cppcc.load_speeches(folder, errors="warn")
        out["load_speeches"] = sp
        out["load_pages"] = cppcc.load_pages(folder, errors="warn")
        out["cleaning_audit"] = cppcc.cleaning_audit(folder, errors="warn")
    out["paragraphs"] = cppcc.paragraphs(sp)
    out["sections"] = cppcc.sections(sp)
    out["measures"] = cppcc.measures(sp)
    out["measures_preamble"] = cppcc.measures(sp, include_preamble=True)
    out["speech_stats"] = cppcc.speech_stats(sp)
    out["classify_measures"] = cppcc.classify_measures(cppcc.measures(sp))
    out["quoted_terms"] = cppcc.quoted_terms(sp)
    out["numbered_formulas"] = cppcc.numbered_formulas(sp)
    out["numbered_formulas_corpus"] = cppcc.numbered_formulas(sp, context="corpus")
    out["numeric_claims"] = cppcc.numeric_claims(sp)
    out["numeric_claims_corpus"] = cppcc.numeric_claims(sp, context="corpus")
    out["segment_first_text"] = pd.DataFrame({"token": cppcc.segment(sp["text"].iloc[0])})
    toks = cppcc.tokens(sp)
    out["tokens"] = toks
    out["tokens_jieba_hmm"] = cppcc.tokens(sp, backend="jieba", hmm=True, stop="officialese")
    for by in (None, "doc_id", "speaker", "level"):
        out[f"term_frequencies_{by}"] = cppcc.term_frequencies(toks, by=by)
    out["term_frequencies_punct_nostop"] = cppcc.term_frequencies(toks, by="doc_id", stop=False, punct=True)
    for method in ("log_odds", "g2"):
        out[f"distinctive_terms_{method}"] = cppcc.distinctive_terms(toks, by="doc_id", method=method)
    out["distinctive_terms_level_zero"] = cppcc.distinctive_terms(
        toks, by="level", include_zero=True, dropna=False, stop="officialese"
    )
    out["reference_keyness"] = cppcc.reference_keyness(toks)
    out["reference_keyness_doc"] = cppcc.reference_keyness(toks, by="doc_id", measure="log_ratio")
    out["kwic"] = cppcc.kwic(sp, "协商")
    out["kwic_regex"] = cppcc.kwic(sp, r"政协\w", regex=True, window=8)
    for name, frame in _graph_frames(cppcc.cooccurrence(toks)).items():
        out[f"cooccurrence_{name}"] = frame
    for name, frame in _graph_frames(cppcc.cooccurrence(toks, window=3, measure="pmi", top=30)).items():
        out[f"cooccurrence_window_{name}"] = frame
    out["similarity"] = cppcc.similarity(toks)
    out["similarity_long"] = cppcc.similarity(toks, long=True)
    coded = cppcc.code_mechanisms(toks)
    out["code_mechanisms"] = coded
    out["code_mechanisms_level"] = cppcc.code_mechanisms(toks, by="level")
    out["evidence"] = cppcc.evidence(toks)
    out["evidence_speeches"] = cppcc.evidence(sp, category="platforms", window=5)
    out["load_codebook"] = cppcc.load_codebook()
    out["glossary"] = cppcc.glossary()
    if len(sp):
        term = "协商"
        for name, frame in cppcc.term_report(term, sp, toks, by="doc_id").items():
            out[f"term_report_{name}"] = frame
    reuse = cppcc.text_reuse(sp, progress=False)
    out["text_reuse"] = reuse
    out["reuse_summary"] = cppcc.reuse_summary(reuse, sp)
    # notebook helpers (their home may move: CALLS)
    lo = cppcc.distinctive_terms(toks, by="doc_id")
    g2 = cppcc.distinctive_terms(toks, by="doc_id", method="g2")
    out["method_agreement"] = _call("method_agreement")(lo, g2, by="doc_id")
    cells = _call("strongest_cells")(coded)
    out["strongest_cells"] = cells
    out["evidence_drivers"] = _call("evidence_drivers")(out["evidence"], cells)
    out["quoted_forms"] = _call("quoted_forms")(out["quoted_terms"], out["numbered_formulas"])
    meas = cppcc.measures(sp)
    if len(meas):
        per_measure = cppcc.code_mechanisms(cppcc.tokens(meas), by=list(MEASURE_KEY))
        out["code_mechanisms_measures"] = per_measure
        out["dominant_mechanism"] = _call("dominant_mechanism")(per_measure)
    if len(sp):
        out["versus_rest"] = _call("versus_rest")(coded, sp["doc_id"].iloc[0])
    before = cppcc.term_frequencies(toks, by="doc_id", stop="general")
    after = cppcc.term_frequencies(toks, by="doc_id", stop="officialese")
    out["stoplist_effect"] = _call("stoplist_effect")(before, after, cppcc.stopwords("officialese"))
    out["explorer_terms"] = pd.DataFrame({"term": _call("explorer_terms")(toks, sp)})
    table = _call("page_table")(sp, out["load_pages"])
    out["page_table"] = table
    out["page_summary"] = pd.DataFrame([_call("page_summary")(table)])
    units = _call("regional_units")(sp)
    out["regional_units"] = units
    out["left_out"] = pd.DataFrame([{k: repr(v) for k, v in _call("left_out")(units).items()}])
    out["tidy_table"] = _call("tidy_table")(out["speech_stats"])
    out.update(store_outputs(folder))
    return out


def store_outputs(folder: Path) -> dict[str, object]:
    """The analyses a store answers, on a store built from ``folder`` (same numbers as from tokens)."""
    import tempfile

    import cppcc

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        st = cppcc.build_store(folder, Path(tmp) / "store", progress=False, n_jobs=1, errors="warn")
        out["store_documents"] = st.documents()
        out["store_tokens"] = st.tokens()
        out["store_counts_level"] = st.counts(by="level")
        for by in (None, "doc_id", "level"):
            out[f"store_term_frequencies_{by}"] = cppcc.term_frequencies(st, by=by)
        out["store_distinctive_terms"] = cppcc.distinctive_terms(st, by="doc_id")
        out["store_code_mechanisms"] = cppcc.code_mechanisms(st)
        out["store_kwic"] = cppcc.kwic(st, "协商")
    return out


def _path(corpus: str) -> Path:
    return SNAPSHOTS / f"{corpus}.pkl.gz"


def write(corpus: str) -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    data = outputs(CORPORA[corpus])
    with gzip.open(_path(corpus), "wb", compresslevel=9) as fh:
        pickle.dump(data, fh, protocol=4)


def read(corpus: str) -> dict[str, object]:
    with gzip.open(_path(corpus), "rb") as fh:
        return pickle.load(fh)


def compare(expected: object, got: object) -> str | None:
    """None when ``got`` equals ``expected`` (frames: values, dtypes, index, columns; attrs may gain
    keys), else the first difference in one paragraph. Every value is compared exactly except floats,
    which may differ by 1e-12 relative: numpy's logarithm gives a different last bit on CPUs with other
    SIMD instructions (seen: g2 of the reference keyness, 3.6e-15 apart on two machines)."""
    if isinstance(expected, pd.DataFrame):
        if not isinstance(got, pd.DataFrame):
            return f"expected a DataFrame, got {type(got).__name__}"
        try:
            pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=0.0,
                                          check_like=False)
        except AssertionError as exc:
            return str(exc)
        lost = {k: v for k, v in expected.attrs.items() if got.attrs.get(k, object()) != v}
        if lost:
            return f"attrs changed or lost: expected {lost}, got {got.attrs}"
        return None
    return None if expected == got else f"expected {expected!r}, got {got!r}"


def check(corpus: str) -> list[str]:
    """The differences between the stored snapshot of ``corpus`` and a fresh computation."""
    stored, fresh = read(corpus), outputs(CORPORA[corpus])
    problems = [f"{name}: missing in the fresh outputs" for name in stored if name not in fresh]
    problems += [f"{name}: not in the snapshot" for name in fresh if name not in stored]
    for name, value in stored.items():
        if name in fresh:
            diff = compare(value, fresh[name])
            if diff:
                problems.append(f"{name}: {diff}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    ap.add_argument("corpora", nargs="*", default=list(CORPORA), help="which corpora (default: all)")
    args = ap.parse_args(argv)
    bad = 0
    for corpus in args.corpora:
        if args.check:
            problems = check(corpus)
            bad += len(problems)
            print(f"{corpus}: {'same' if not problems else f'{len(problems)} differences'}")
            for p in problems:
                print("  " + p.replace("\n", "\n    ")[:2000])
        else:
            write(corpus)
            print(f"{corpus}: written to {_path(corpus).relative_to(ROOT)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
