"""Benchmark: the cluster bootstrap of cppcc.uncertainty (1,000 replicates) on the seed and on
thousands of synthetic documents, and term_dispersion on a large count table.

* seed: ``code_mechanisms(tokens, by=["doc_id", "sentence"])`` (the sentence-level counts the
  bootstrap needs), then ``bootstrap_rates`` by level, by document and for the corpus, and
  ``rate_contrast`` of every level against the rest — nine categories, 1,000 replicates each;
* synthetic: 5,000 documents in 3 levels × 9 categories, counted per document (the shape of
  ``code_mechanisms(by="doc_id")``): ``bootstrap_rates`` by level and ``rate_contrast`` against the
  rest; the same documents counted per sentence (40 sentences each, 1.8 M rows);
* ``term_dispersion`` of a 200-document × 30,000-term table (one million tokens).

Target: 1,000 replicates over thousands of documents well under a second (doc-level counts).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
import cppcc  # noqa: E402
from cppcc.uncertainty import bootstrap_rates, rate_contrast, term_dispersion  # noqa: E402

N_DOCS, N_CATS, N_SENT = 5_000, 9, 40


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def synthetic(seed: int = 0, sentences: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    level = np.array(["province", "prefecture", "county"])[np.arange(N_DOCS) % 3]
    if sentences:
        doc = np.repeat(np.arange(N_DOCS), N_SENT)
        sent = np.tile(np.arange(N_SENT), N_DOCS)
        tokens = rng.integers(5, 60, len(doc))
        units = pd.DataFrame({"level": level[doc], "doc_id": doc, "sentence": sent, "tokens": tokens})
    else:
        units = pd.DataFrame({"level": level, "doc_id": np.arange(N_DOCS),
                              "tokens": rng.integers(300, 5000, N_DOCS)})
    frame = units.loc[units.index.repeat(N_CATS)].reset_index(drop=True)
    frame["category"] = np.tile([f"c{i}" for i in range(N_CATS)], len(units))
    rate = rng.gamma(4.0, 0.005, len(frame))
    frame["matches"] = rng.poisson(frame["tokens"].to_numpy() * rate)
    return frame


def main() -> int:
    print(f"{os.cpu_count()} CPU cores; load average {os.getloadavg()[0]:.2f} at the start")
    toks = cppcc.tokens(cppcc.load_speeches())
    t0 = time.perf_counter()
    seed = cppcc.code_mechanisms(toks, by=["doc_id", "sentence"])
    print(f"seed: {toks['doc_id'].nunique()} documents, {len(seed) // N_CATS} sentences; sentence counts "
          f"(code_mechanisms by doc_id, sentence) {time.perf_counter() - t0:.3f} s")
    for by in ("level", "doc_id", None):
        t = timed(lambda by=by: bootstrap_rates(seed, by=by, key="category", n_boot=1000, seed=0))
        print(f"seed: bootstrap_rates(by={by!r}, 9 categories, 1,000 replicates): {t:.3f} s")
    t = timed(lambda: rate_contrast(seed, by="level", key="category", n_boot=1000, seed=0))
    print(f"seed: rate_contrast(by='level', every level vs the rest, 1,000 replicates): {t:.3f} s")

    docs = synthetic()
    t_docs = timed(lambda: bootstrap_rates(docs, by="level", key="category", n_boot=1000, seed=0))
    print(f"synthetic: {N_DOCS:,} documents x {N_CATS} categories ({len(docs):,} rows): bootstrap_rates "
          f"by level, 1,000 replicates: {t_docs:.3f} s (target < 1 s)")
    t = timed(lambda: rate_contrast(docs, by="level", key="category", n_boot=1000, seed=0))
    print(f"synthetic: rate_contrast by level vs the rest: {t:.3f} s")
    sent = synthetic(sentences=True)
    t = timed(lambda: bootstrap_rates(sent, by="level", key="category", n_boot=1000, seed=0), repeat=1)
    print(f"synthetic: the same documents as {len(sent):,} sentence rows: bootstrap_rates by level: "
          f"{t:.3f} s")

    rng = np.random.default_rng(1)
    ranks = np.arange(1, 30_001)
    p = 1.0 / ranks / (1.0 / ranks).sum()
    doc = rng.integers(0, 200, 1_000_000)
    term = rng.choice(30_000, size=1_000_000, p=p)
    counts = pd.DataFrame({"doc_id": doc, "term": term}).value_counts().rename("count").reset_index()
    counts["level"] = counts["doc_id"] % 3
    t = timed(lambda: term_dispersion(counts, by="level"), repeat=2)
    print(f"term_dispersion: {len(counts):,} (document, term) rows, 200 documents, 3 groups: {t:.3f} s")
    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    met = t_docs < 1.0
    print("target met" if met else "target NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
