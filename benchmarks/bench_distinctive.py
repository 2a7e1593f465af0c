"""Benchmark: cppcc.distinctive_terms on one million tokens, against a pandas baseline.

Builds a synthetic token frame (1,000,000 tokens, Zipf-distributed vocabulary of 30,000 terms,
200 documents, 5 speakers, 3 levels), then times

* the baseline: a plain ``groupby([group, token]).size()`` count of the same tokens, and
* ``distinctive_terms`` (log_odds and g2) by ``doc_id`` and by ``level``,
* for information: ``term_frequencies``, ``cooccurrence`` (sentence windows) and ``code_mechanisms``
  (a codebook of 300 terms, a third of them two-token sequences) on the same tokens,

and prints each time and its ratio to the baseline. Target: a few seconds in all, i.e. a small
multiple of the baseline (the work is vectorised with scipy.sparse / numpy, no loop per term).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from cppcc.compare import cooccurrence, distinctive_terms, term_frequencies  # noqa: E402
from cppcc.mechanisms import code_mechanisms, load_codebook  # noqa: E402

N_TOKENS, VOCAB, N_DOCS = 1_000_000, 30_000, 200


def build(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCAB + 1)
    p = 1.0 / ranks
    p /= p.sum()
    vocab = np.array([f"词{i:05d}" for i in range(VOCAB)], dtype=object)
    tok = vocab[rng.choice(VOCAB, size=N_TOKENS, p=p)]
    doc = np.sort(rng.integers(0, N_DOCS, size=N_TOKENS))
    doc_ids = np.array([f"bench-{i:03d}" for i in range(N_DOCS)], dtype=object)
    level = np.array(["province", "prefecture", "county"], dtype=object)[doc % 3]
    is_punct = rng.random(N_TOKENS) < 0.12
    tok = np.where(is_punct, "，", tok)
    return pd.DataFrame({
        "doc_id": doc_ids[doc], "sentence": np.arange(N_TOKENS) // 25, "position": np.arange(N_TOKENS),
        "token": tok, "pos": "n", "is_stop": pd.Series(tok).isin(vocab[:20]).to_numpy(), "is_punct": is_punct,
        "level": level,
    })


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    t0 = time.perf_counter()
    toks = build()
    print(f"built {len(toks):,} tokens, {toks['token'].nunique():,} types, {toks['doc_id'].nunique()} docs "
          f"in {time.perf_counter() - t0:.2f} s")
    base = timed(lambda: toks.groupby(["doc_id", "token"], sort=False).size())
    print(f"baseline  groupby(doc_id, token).size(): {base:.3f} s")
    total = 0.0
    for by in ("doc_id", "level"):
        for method in ("log_odds", "g2"):
            t = timed(lambda by=by, method=method: distinctive_terms(toks, by=by, method=method), repeat=2)
            total += t
            print(f"distinctive_terms(by={by!r:9}, method={method!r:10}): {t:.3f} s"
                  f"  = {t / base:5.2f} x baseline")
    out = distinctive_terms(toks, by="level")
    print(f"rows by level: {len(out):,}; total time of the four runs {total:.2f} s")
    others = {
        "term_frequencies(by='doc_id')": lambda: term_frequencies(toks, by="doc_id"),
        "cooccurrence(window='sentence', min_count=5)": lambda: cooccurrence(toks, min_count=5),
        "code_mechanisms(300 terms)": lambda: code_mechanisms(toks, codebook=codebook),
    }
    vocab = toks.loc[~toks["is_punct"], "token"].value_counts().index
    codebook = pd.DataFrame({"category": [f"c{i % 9}" for i in range(300)],
                             "term": [vocab[i] if i % 3 else vocab[i] + vocab[i + 1] for i in range(300)]})
    codebook = codebook.drop_duplicates("term")
    for name, fn in others.items():
        t = timed(fn, repeat=1)
        print(f"{name:45}: {t:.3f} s  = {t / base:5.2f} x baseline")
    assert len(load_codebook()) > 0
    if total > 20:
        print("FAIL: distinctive_terms is too slow (target: a few seconds per run)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
