#!/usr/bin/env python
"""Topic models at scale: cppcc.topics on 100k synthetic documents, 2 worker threads.

Documents are drawn with a fixed seed from the seed page's own paragraphs: each synthetic document
takes its 5 sentences from two paragraphs of the seed (so words co-occur as they do in the speeches,
and a topic model has structure to find); its level and province are drawn
at random. The tokens of every seed sentence come from ``cppcc.tokens`` of the seed's paragraphs
(:func:`cppcc.topic_model.paragraph_ids`), so the synthetic frame has the columns of ``cppcc.tokens``.

Measured in this run (tomotopy's SIMD build and the load average are printed):

- ``prepare``: :func:`cppcc.topic_model.prepare` (the word rule, units and metadata) on the tokens frame;
- ``cppcc.topics``: the codebook-seeded model with covariates level and province (tomotopy's
  ``DMRModel``), ``k`` topics, ``--iterations`` Gibbs sweeps on ``--workers`` threads;
- ``baseline``: tomotopy's plain ``LDAModel`` (no seeds, no covariates) with the same k, iterations,
  threads and words, added and trained directly;
- ``effects``: prevalence by level with ``--draws`` bootstrap draws;
- semantic (UMass) coherence of each model's topics (10 most probable words, the same units) and
  the peak resident memory of the process.

    .venv/bin/python benchmarks/bench_topics.py [--docs 100000] [--k 20] [--iterations 100] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import cppcc  # noqa: E402
from cppcc.topic_model import paragraph_ids, prepare  # noqa: E402
from cppcc.topic_model.fit import fit_units  # noqa: E402
from cppcc.topic_model.terms import coherence, doc_term_matrix  # noqa: E402

LEVELS = ("province", "prefecture", "county")
PROVINCES = ("河南省", "陕西省", "吉林省", "云南省", "安徽省", "浙江省", "广东省", "四川省")
SENTENCES = 5  # sentences per synthetic document (about 50 words under the word rule)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def synthetic_tokens(n_docs: int, seed: int = 20200824) -> pd.DataFrame:
    """A tokens frame of ``n_docs`` documents drawn from the seed's paragraphs' sentences."""
    sp = cppcc.load_speeches()
    toks = paragraph_ids(cppcc.tokens(sp), sp)
    toks = toks[~toks["is_punct"]]
    groups = toks.groupby(["doc_id", "paragraph", "sentence"], observed=True, sort=False)
    sentences = [((d, p), g["token"].astype(str).to_numpy(), g["is_stop"].to_numpy())
                 for (d, p, _s), g in groups]
    by_para: dict = {}
    for i, (p_key, *_rest) in enumerate(sentences):
        by_para.setdefault(p_key, []).append(i)
    paras = list(by_para.values())
    rng = np.random.default_rng(seed)
    doc_sent = []
    for _ in range(n_docs):
        a, b = rng.choice(len(paras), 2, replace=False)
        pool = paras[a] + paras[b]
        doc_sent.append(rng.choice(pool, SENTENCES))
    lengths = np.array([sum(len(sentences[s][1]) for s in ds) for ds in doc_sent])
    words = np.concatenate([sentences[s][1] for ds in doc_sent for s in ds])
    stop = np.concatenate([sentences[s][2] for ds in doc_sent for s in ds])
    doc = np.repeat(np.arange(n_docs), lengths)
    frame = pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(doc, [f"syn{i:06d}" for i in range(n_docs)]),
        "sentence": 1, "position": 1, "token": pd.Categorical(words), "is_stop": stop, "is_punct": False,
        "level": pd.Categorical.from_codes(rng.integers(0, 3, n_docs)[doc], LEVELS),
        "province": pd.Categorical.from_codes(rng.integers(0, len(PROVINCES), n_docs)[doc], PROVINCES),
    })
    return frame


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--draws", type=int, default=100)
    args = ap.parse_args()
    import tomotopy as tp

    print(f"tomotopy {tp.__version__} ({tp.isa}); {os.cpu_count()} CPU cores; workers {args.workers}; "
          f"load average {load()} at the start")
    t0 = time.perf_counter()
    frame = synthetic_tokens(args.docs)
    took = time.perf_counter() - t0
    print(f"corpus    {args.docs:,} synthetic documents, {len(frame):,} tokens ({took:.1f} s to draw from "
          f"the seed's sentences); peak RSS {peak_mib():,.0f} MiB")

    t0 = time.perf_counter()
    units = prepare(frame, "doc_id", ["level", "province"])
    t_prep = time.perf_counter() - t0
    print(f"prepare   {len(units.frame):,} units, {units.n_words:,} words: {t_prep:.1f} s")

    t0 = time.perf_counter()
    r = fit_units(units, args.k, "codebook", ["level", "province"], 0, args.iterations, args.workers)
    t_fit = time.perf_counter() - t0
    rss_fit = peak_mib()
    print(f"topics    codebook-seeded DMR, k={args.k}, {args.iterations} iterations: {t_fit:.1f} s "
          f"({units.n_words * args.iterations / t_fit / 1e6:.1f} M word-samples/s); "
          f"peak RSS {rss_fit:,.0f} MiB")

    t0 = time.perf_counter()
    lda = tp.LDAModel(k=args.k, alpha=0.1, eta=0.01, seed=0)
    for w in units.words:
        lda.add_doc(w.tolist())
    lda.train(args.iterations, workers=args.workers)
    t_lda = time.perf_counter() - t0
    print(f"baseline  tomotopy LDAModel, same k, iterations, threads and words: {t_lda:.1f} s "
          f"-> cppcc.topics takes {t_fit / t_lda:.2f}x the baseline's time")

    t0 = time.perf_counter()
    e = r.effects("level", draws=args.draws)
    t_eff = time.perf_counter() - t0
    print(f"effects   prevalence by level, {args.draws} draws: {t_eff:.1f} s ({len(e)} rows)")

    dtm = doc_term_matrix(r.word_ids, len(r.vocab))
    ours = coherence(r.phi, dtm, 10)
    index = {w: i for i, w in enumerate(r.vocab)}
    lda_phi = np.zeros((args.k, len(r.vocab)))
    for t in range(args.k):
        for w, p in zip(lda.used_vocabs, lda.get_topic_word_dist(t)):
            lda_phi[t, index[w]] = p
    theirs = coherence(lda_phi, dtm, 10)
    n_seeded = r.attrs["seeded_topics"]
    print(f"coherence UMass, top 10 words, mean over topics: cppcc.topics {ours.mean():.2f} "
          f"(seeded {ours[:n_seeded].mean():.2f}, free {ours[n_seeded:].mean():.2f}); "
          f"baseline LDA {theirs.mean():.2f}")
    print(f"memory    peak RSS {peak_mib():,.0f} MiB; load average {load()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
