#!/usr/bin/env python
"""Speed of the loader against segmentation on the same pages, measured in one run.

Corpora (written to a temporary folder, fixed seed):

- ``synthetic``: pages of :func:`bench_store.write_archive` (the store benchmark's generator: a
  title, a date line, a speech header, a headline, a name line and ~1,000 characters of body drawn
  from the seed's and the fixtures' sentences; every other page Traditional);
- ``seed x N``: N copies of the seed page (``corpus/000_311b16853e29c05d.txt``, Traditional,
  five speeches), the issue's measurement; every copy is read and classified anew, but its lines
  repeat, so per-line memos help here more than on real archives.

Measured, each the best of ``--rounds`` (the machine may be shared; every time is printed), as the
CPU time of this process (``time.process_time``: both sides run in it, one core each; a shared
machine's other work then weighs far less than on wall-clock time, which is printed too):

- ``load``: ``cppcc.load_speeches(folder)`` (decode, lines, classify, documents, the frame);
- ``tokens``: ``cppcc.tokens(speeches, cache=False, n_jobs=1)`` on the frame it returned, the
  in-memory memo emptied before every call (segmentation is not answered from memory).

Both sides are set up before timing (OpenCC, rjieba and the lexicon loaded by a first call on the
seed); the loader's per-line memo (:func:`cppcc.normalize.to_simplified`) is emptied before every
timed load. Target (issue 27): ``load / tokens <= 2`` on both corpora.

    .venv/bin/python benchmarks/bench_loader.py [--pages 300] [--copies 200] [--rounds 3]

Exit status 1 if a target is missed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cppcc  # noqa: E402
from cppcc.memo import TOKENS  # noqa: E402
try:
    from cppcc.normalize import clear_memo  # noqa: E402
except ImportError:  # a cppcc before the memo of lines could be emptied (to measure it for comparison)
    from cppcc.normalize import _to_simplified_line  # noqa: E402

    clear_memo = _to_simplified_line.cache_clear

TARGET = 2.0


def seed_copies(folder: Path, n: int) -> None:
    raw = (ROOT / "corpus" / "000_311b16853e29c05d.txt").read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"seed_{i:04d}.txt").write_bytes(raw)


def measure(folder: Path, rounds: int) -> dict:
    loads, toks, wall = [], [], {"load": [], "tokens": []}
    sp = None
    for _ in range(rounds):
        clear_memo()
        w0, t0 = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sp = cppcc.load_speeches(folder)
        loads.append(time.process_time() - t0)
        wall["load"].append(time.perf_counter() - w0)
        TOKENS.clear()
        w0, t0 = time.perf_counter(), time.process_time()
        cppcc.tokens(sp, cache=False, n_jobs=1, progress=False)
        toks.append(time.process_time() - t0)
        wall["tokens"].append(time.perf_counter() - w0)
    chars = int(sp["text"].str.len().sum())
    return {"docs": len(sp), "chars": chars, "load": min(loads), "tokens": min(toks),
            "ratio": min(loads) / min(toks), "all_load": loads, "all_tokens": toks,
            "wall_ratio": min(wall["load"]) / min(wall["tokens"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300, help="synthetic pages (default 300)")
    ap.add_argument("--copies", type=int, default=200, help="copies of the seed page (default 200)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)

    from bench_store import write_archive

    tmp = Path(tempfile.mkdtemp(prefix="bench_loader_"))
    try:
        write_archive(tmp / "synthetic", args.pages)
        seed_copies(tmp / "seed", args.copies)
        cppcc.tokens(cppcc.load_speeches(), cache=False, progress=False)  # set-up: OpenCC, rjieba, lexicon
        print(f"cppcc {cppcc.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"{'corpus':<22}{'docs':>6}{'chars':>11}{'load s':>9}{'tokens s':>10}{'ratio':>7}  target"
              "   (CPU seconds; wall-clock ratio last)")
        ok = True
        for name, folder in ((f"synthetic {args.pages} pages", tmp / "synthetic"),
                             (f"seed x {args.copies}", tmp / "seed")):
            r = measure(folder, args.rounds)
            met = r["ratio"] <= TARGET
            ok &= met
            print(f"{name:<22}{r['docs']:>6}{r['chars']:>11,}{r['load']:>9.2f}{r['tokens']:>10.2f}"
                  f"{r['ratio']:>7.2f}  <= {TARGET:g} {'met' if met else 'MISSED'}"
                  f"   wall {r['wall_ratio']:.2f}")
            print(f"{'':<22}all load: {', '.join(f'{t:.2f}' for t in r['all_load'])}; "
                  f"all tokens: {', '.join(f'{t:.2f}' for t in r['all_tokens'])}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
