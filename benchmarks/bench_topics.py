#!/usr/bin/env python
"""Topic models at scale: cppcc.topics on 100k synthetic documents, 2 worker threads.

Documents are drawn with a fixed seed from the seed page's own paragraphs: each synthetic document
takes its 5 sentences from two paragraphs of the seed (so words co-occur as they do in the speeches,
and a topic model has structure to find); its level and province are drawn
at random. The tokens of every seed sentence come from ``cppcc.tokens`` of the seed's paragraphs
(:func:`cppcc.topic_model.paragraph_ids`), so the synthetic frame has the columns of ``cppcc.tokens``.

The synthetic documents are written as texts (each sentence's tokens joined, with a full stop) and
stored with :func:`cppcc.build_store` (``--store DIR`` keeps the store and reuses it on the next run).
Each fit is then measured in a fresh Python process, so that its peak resident memory is its own:

- ``memory``: the store's token frame read whole (``Store.tokens``, as the notebooks did before the store
  could be streamed), :func:`cppcc.topic_model.prepare`, then the codebook-seeded model with covariates
  level and province (tomotopy's ``DMRModel``), ``k`` topics, ``--iterations`` Gibbs sweeps on
  ``--workers`` threads; and, in the same process, tomotopy's plain ``LDAModel`` (no seeds, no
  covariates) with the same k, iterations, threads and words as the baseline;
- ``stream``: what ``cppcc.topics(store, ...)`` does, timed in its two steps: the token files streamed
  into the model's units one at a time (:func:`cppcc.topic_model.stream.units_of`), never the whole
  token table, then the same fit;
- ``sample``: ``cppcc.topics(store, ..., sample=--sample)``: a random sample of documents, streamed;
- for each: prevalence by level with ``--draws`` bootstrap draws, semantic (UMass) coherence of the
  topics (10 most probable words, on the model's units) and the peak resident memory of the process.

With more than one worker thread tomotopy's sampler is not reproducible, so the streamed and the
in-memory fits agree in their words and units, not to the last digit of their coherence
(``tests/test_topics_store.py`` checks equality with one worker).

    .venv/bin/python benchmarks/bench_topics.py [--docs 100000] [--k 20] [--iterations 100] [--workers 2]
        [--sample 10000] [--store DIR] [--modes memory stream sample]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import cppcc  # noqa: E402
from cppcc.store import is_store  # noqa: E402
from cppcc.topic_model import paragraph_ids, prepare  # noqa: E402
from cppcc.topic_model.fit import fit_units  # noqa: E402
from cppcc.topic_model.stream import units_of  # noqa: E402
from cppcc.topic_model.terms import coherence, doc_term_matrix  # noqa: E402

LEVELS = ("province", "prefecture", "county")
PROVINCES = ("河南省", "陕西省", "吉林省", "云南省", "安徽省", "浙江省", "广东省", "四川省")
SENTENCES = 5  # sentences per synthetic document (about 50 words under the word rule)


def peak_mib() -> float:
    """Peak resident memory of this process (MiB): ``VmHWM`` of ``/proc/self/status`` where there is one.

    ``ru_maxrss`` is not used on Linux: a process started by ``subprocess`` inherits there the peak of
    the parent it was forked from, so every fit would report the parent's memory.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
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


def synthetic_documents(n_docs: int, seed: int = 20200824) -> pd.DataFrame:
    """The documents of :func:`synthetic_tokens` as texts (each sentence's tokens joined, with a full stop),
    with their level and province, for a store."""
    frame = synthetic_tokens(n_docs, seed)
    doc = frame["doc_id"].cat.codes.to_numpy()
    cut = np.flatnonzero(np.diff(doc)) + 1
    words = np.split(frame["token"].astype(str).to_numpy(), cut)
    texts = ["".join(w) + "。" for w in words]
    first = np.concatenate([[0], cut])
    return pd.DataFrame({"doc_id": frame["doc_id"].cat.categories[doc[first]].astype(str), "text": texts,
                         "level": frame["level"].astype(str).to_numpy()[first],
                         "province": frame["province"].astype(str).to_numpy()[first]})


def fit_row(mode: str, store_path: str, args) -> dict:
    """One measured fit in this (fresh) process: ``memory`` (the store's token frame read whole, then
    fitted), ``stream`` (cppcc.topics on the store: streamed) or ``sample`` (a random sample of
    ``--sample`` documents, streamed)."""
    import tomotopy as tp

    st = cppcc.open_store(store_path)
    cov = ["level", "province"]
    row = {"mode": mode}
    t0 = time.perf_counter()
    if mode == "memory":
        frame = st.tokens(columns=["doc_id", "token", "is_stop", "is_punct", *cov])
        row["read_s"] = time.perf_counter() - t0
        row["tokens"] = len(frame)
        t1 = time.perf_counter()
        units = prepare(frame, "doc_id", cov)
        row["prepare_s"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        r = fit_units(units, args.k, "codebook", cov, 0, args.iterations, args.workers)
        row["fit_s"] = time.perf_counter() - t1
    else:  # what cppcc.topics(st, ...) does, timed in its two steps
        units, read = units_of(st, "doc_id", cov, args.sample if mode == "sample" else None, 0)
        row["read_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        r = fit_units(units, args.k, "codebook", cov, 0, args.iterations, args.workers)
        r.attrs.update(read)
        row["fit_s"] = time.perf_counter() - t1
    row["total_s"] = time.perf_counter() - t0
    row["peak_mib"] = peak_mib()
    row["units"], row["words"] = r.attrs["units"], r.attrs["words"]
    row["batches"] = r.attrs.get("batches", 1)
    if mode == "sample":
        row.update({k: r.attrs[k] for k in ("sample", "sample_seed", "sample_documents", "documents_total")})
    dtm = doc_term_matrix(r.word_ids, len(r.vocab))
    ours = coherence(r.phi, dtm, 10)
    row["coherence"] = float(ours.mean())
    t0 = time.perf_counter()
    e = r.effects("level", draws=args.draws)
    row["effects_s"] = time.perf_counter() - t0
    row["effects_rows"] = len(e)
    if mode == "memory":
        t0 = time.perf_counter()
        lda = tp.LDAModel(k=args.k, alpha=0.1, eta=0.01, seed=0)
        for w in units.words:
            lda.add_doc(w.tolist())
        lda.train(args.iterations, workers=args.workers)
        row["lda_s"] = time.perf_counter() - t0
        index = {w: i for i, w in enumerate(r.vocab)}
        lda_phi = np.zeros((args.k, len(r.vocab)))
        for t in range(args.k):
            for w, p in zip(lda.used_vocabs, lda.get_topic_word_dist(t)):
                lda_phi[t, index[w]] = p
        row["lda_coherence"] = float(coherence(lda_phi, dtm, 10).mean())
    row["load_end"] = load()
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--draws", type=int, default=100)
    ap.add_argument("--sample", type=int, default=10_000, help="documents of the sampled fit")
    ap.add_argument("--store", help="keep the synthetic store in this folder (reused when complete)")
    ap.add_argument("--modes", nargs="+", default=["memory", "stream", "sample"],
                    choices=["memory", "stream", "sample"])
    ap.add_argument("--one", choices=["memory", "stream", "sample"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:  # a child process: one fit, its row as JSON on the last line
        print(json.dumps(fit_row(args.one, args.store, args), ensure_ascii=False))
        return 0
    import tomotopy as tp

    print(f"tomotopy {tp.__version__} ({tp.isa}); {os.cpu_count()} CPU cores; workers {args.workers}; "
          f"load average {load()} at the start")
    tmp = None
    if args.store is None:
        tmp = tempfile.mkdtemp(prefix="bench_topics_")
        args.store = str(Path(tmp) / "store")
    try:
        if is_store(args.store) and cppcc.open_store(args.store).info["documents"] == args.docs:
            st = cppcc.open_store(args.store)
            print(f"store     reused {args.store}: {st.info['documents']:,} documents, {st.info['tokens']:,} "
                  f"tokens")
        else:
            t0 = time.perf_counter()
            docs = synthetic_documents(args.docs)
            took = time.perf_counter() - t0
            t0 = time.perf_counter()
            st = cppcc.build_store(docs, args.store, progress=False, n_jobs=args.workers)
            print(f"store     {args.docs:,} synthetic documents ({took:.1f} s to draw from the seed's "
                  f"sentences), "
                  f"{st.info['tokens']:,} tokens: build_store {time.perf_counter() - t0:.1f} s, "
                  f"{len(list((st.path / 'tokens').glob('*.parquet')))} token files")
            del docs
        rows = []
        for mode in args.modes:
            cmd = [sys.executable, __file__, "--one", mode, "--store", args.store, "--k", str(args.k),
                   "--iterations", str(args.iterations), "--workers", str(args.workers),
                   "--draws", str(args.draws), "--sample", str(args.sample)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            rows.append(row)
            print_row(row, args)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    table = pd.DataFrame(rows)[["mode", "units", "words", "batches", "read_s", "fit_s", "total_s", "peak_mib",
                                "coherence", "effects_s"]]
    print()
    print(table.to_string(index=False, float_format=lambda x: f"{x:,.2f}"))
    print(f"load average {load()} at the end")
    return 0


def print_row(row: dict, args) -> None:
    what = {"memory": "in memory: the store's token frame read whole (Store.tokens), then fitted",
            "stream": "streamed:  cppcc.topics(store), a token file at a time",
            "sample": f"sample:    cppcc.topics(store, sample={args.sample:,}), streamed"}[row["mode"]]
    print(f"{what}")
    extra = ""
    if row["mode"] == "memory":
        extra = (f"; read {row['read_s']:.1f} s ({row['tokens']:,} token rows), "
                 f"prepare {row['prepare_s']:.1f} s, fit {row['fit_s']:.1f} s")
    if row["mode"] != "memory":
        extra = f"; streamed into units {row['read_s']:.1f} s, fit {row['fit_s']:.1f} s"
    if row["mode"] == "sample":
        extra += (f"; {row['sample_documents']:,} of {row['documents_total']:,} documents drawn with seed "
                  f"{row['sample_seed']}")
    print(f"          {row['units']:,} units, {row['words']:,} words, {row['batches']} token batch(es): "
          f"{row['total_s']:.1f} s{extra}; peak RSS {row['peak_mib']:,.0f} MiB; UMass coherence "
          f"{row['coherence']:.2f}; effects by level ({args.draws} draws) {row['effects_s']:.1f} s; "
          f"load {row['load_end']}")
    if "lda_s" in row:
        print(f"baseline  tomotopy LDAModel, same k, iterations, threads and words: {row['lda_s']:.1f} s "
              f"-> cppcc.topics fit takes {row['fit_s'] / row['lda_s']:.2f}x; "
              f"LDA coherence {row['lda_coherence']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
