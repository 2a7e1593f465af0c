#!/usr/bin/env python
"""Speed, memory and recall of cppcc.text_reuse on synthetic corpora with planted reuse.

Corpus (fixed seeds): the sentences of the seed page and of the reuse fixture pages
(``tests/fixtures/reuse/``), segmented with ``cppcc.segment``; every background sentence is 8-16
words drawn at random from all their words (so by their frequencies): the characters and words
are those of real CPPCC text, but unrelated documents share no long passages (shuffling whole
sentences would repeat short sentences verbatim thousands of times in 100,000 documents).
Documents hold 3-6 paragraphs of 3-5 sentences (about 420 characters). One document in five gets
a *planted copy* of a paragraph of an earlier document, edited: a place name swapped, a clause
inserted, a sentence dropped (each with probability 1/2), and in Traditional script (OpenCC ``s2t``)
one time in three.

Measured for each size, in a fresh child process (so that peak memory is that size's alone):

- time of ``cppcc.text_reuse(docs)`` (normalisation included), and as a baseline in the same process
  the time of ``cppcc.normalize_text`` over the same texts, the one step any method must take;
- peak resident set size of the process (``ru_maxrss``; the corpus itself included);
- recall: the share of planted characters (the copied paragraphs as they stand in the receiving
  document) inside a reported passage of the right pair of documents; and the number of non-stock
  passages between pairs without a planted copy.

The growth ratio is time(largest) / time(smallest) against the ratio of sizes (linear growth: equal).
Targets on the 2-core machine: 100,000 documents in under 300 s, peak RSS under 3 GB, recall >= 0.95.

    .venv/bin/python benchmarks/bench_reuse.py [--sizes 20000 100000]

Exit status 1 if a target is missed.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import pandas as pd  # noqa: E402

import cppcc  # noqa: E402

PLACES = ["湖州市", "于都县", "岳阳市", "绵阳市", "江门市", "鹤岗市", "临沧市", "蚌山区", "延边州", "北川县"]


def _words() -> list[str]:
    texts = list(cppcc.load_speeches()["text"])
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/reuse").glob("*.txt"))]
    out = []
    for t in texts:
        t = cppcc.normalize_text(t)
        for a, b in cppcc.common.sentence_spans(t):
            out += [w for w in cppcc.segment(t[a:b].strip()) if w.strip() and w not in "。；！？\n"]
    return out


def _paragraph(rng: random.Random, pool: list[str]) -> list[str]:
    return ["".join(rng.choices(pool, k=rng.randint(8, 16))) + "。" for _ in range(rng.randint(3, 5))]


def _copy(rng: random.Random, sentences: list[str], pool: list[str], s2t) -> str:
    sents = list(sentences)
    if len(sents) > 3 and rng.random() < 0.5:
        del sents[rng.randrange(1, len(sents) - 1)]  # a sentence dropped
    text = "".join(sents)
    if rng.random() < 0.5:  # a place name swapped in (a few characters replaced)
        i = rng.randrange(0, max(1, len(text) - 3))
        text = text[:i] + rng.choice(PLACES) + text[i + 3:]
    if rng.random() < 0.5:  # a clause inserted
        i = rng.randrange(0, len(text))
        text = text[:i] + "".join(rng.choices(pool, k=4)) + "，" + text[i:]
    return s2t(text) if rng.random() < 1 / 3 else text


def build_corpus(n: int, seed: int = 12) -> tuple[pd.DataFrame, list[tuple[int, int, str]]]:
    """``n`` documents and the planted copies (source index, receiver index, copied paragraph)."""
    import opencc

    s2t = opencc.OpenCC("s2t").convert
    rng, pool = random.Random(seed), _words()
    paras: list[list[list[str]]] = []
    texts, planted = [], []
    for i in range(n):
        doc = [_paragraph(rng, pool) for _ in range(rng.randint(3, 6))]
        paras.append(doc)
        lines = ["".join(p) for p in doc]
        if i > 10 and rng.random() < 0.2:
            src = rng.randrange(0, i)
            copied = _copy(rng, rng.choice(paras[src]), pool, s2t)
            lines.insert(rng.randrange(0, len(lines) + 1), copied)
            planted.append((src, i, copied))
        texts.append("\n".join(lines))
    docs = pd.DataFrame({"doc_id": [f"bench-{i:06d}" for i in range(n)], "text": texts})
    return docs, planted


def _recall(docs: pd.DataFrame, reuse: pd.DataFrame, planted) -> tuple[float, int]:
    ids = docs["doc_id"].tolist()
    rows = {}
    for r in reuse.itertuples():
        rows.setdefault((r.doc_a, r.doc_b), []).append(r)
    hit = total = 0
    for src, rec, copied in planted:
        text = cppcc.normalize_text(docs["text"].iat[rec])
        start = text.index(cppcc.normalize_text(copied))
        end = start + len(cppcc.normalize_text(copied))
        covered = set()
        for r in rows.get((ids[src], ids[rec]), []):
            covered.update(range(max(start, r.start_b), min(end, r.end_b)))
        hit, total = hit + len(covered), total + end - start
    pairs = {(ids[s], ids[r]) for s, r, _ in planted}
    by_source: dict = {}
    for s, r, _ in planted:  # two copies of one paragraph share it too
        by_source.setdefault(s, []).append(r)
    pairs |= {(ids[a], ids[b]) for rs in by_source.values() for a in rs for b in rs if a < b}
    spurious = sum(len(v) for k, v in rows.items() if k not in pairs and not all(x.stock for x in v))
    return hit / total if total else 1.0, spurious


def run(n: int, queue) -> None:
    docs, planted = build_corpus(n)
    chars = int(docs["text"].str.len().sum())
    t0 = time.perf_counter()
    for t in docs["text"]:
        cppcc.normalize_text(t)
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    reuse = cppcc.text_reuse(docs, progress=False)
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    recall, spurious = _recall(docs, reuse, planted)
    queue.put({"docs": n, "chars": chars, "planted": len(planted), "seconds": seconds, "normalise": base,
               "rss_mib": rss, "recall": recall, "rows": len(reuse), "stock": int(reuse["stock"].sum()),
               "spurious": spurious})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    args = ap.parse_args(argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    ctx = mp.get_context("spawn")
    results = []
    for n in args.sizes:
        q = ctx.Queue()
        p = ctx.Process(target=run, args=(n, q))
        p.start()
        while True:
            try:
                results.append(q.get(timeout=5))
                break
            except queue.Empty:
                if not p.is_alive():
                    raise RuntimeError(f"the child for {n} documents died (exit {p.exitcode})") from None
        p.join()
    print("| documents | characters | planted copies | text_reuse | × normalisation alone | peak RSS "
          "| recall | passages (stock) | non-stock passages outside planted pairs |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['docs']:,} | {r['chars'] / 1e6:.1f} M | {r['planted']:,} | {r['seconds']:.1f} s "
              f"| {r['seconds'] / r['normalise']:.1f}× | {r['rss_mib']:,.0f} MiB | {r['recall']:.3f} "
              f"| {r['rows']:,} ({r['stock']:,}) | {r['spurious']:,} |")
    ok = all(r["recall"] >= 0.95 and r["rss_mib"] < 3 * 1024 for r in results)
    if len(results) > 1:
        lo, hi = results[0], results[-1]
        growth = (hi["seconds"] / lo["seconds"]) / (hi["docs"] / lo["docs"])
        print(f"growth: {hi['docs'] / lo['docs']:.1f}× the documents took "
              f"{hi['seconds'] / lo['seconds']:.2f}× the time ({growth:.2f} of linear)")
    big = [r for r in results if r["docs"] >= 100000]
    ok &= all(r["seconds"] < 300 for r in big)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
