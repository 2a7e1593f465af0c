#!/usr/bin/env python
"""Archives at scale: cppcc.build_store on synthetic archives of 10k and 100k pages.

Pages: text files shaped like the seed (title, date line, a speech header "<region>政协<position>
<name>:", headline, body), their speakers, regions and body sentences drawn with a fixed seed
from the seed's and the fixture pages' own speeches, half of the pages in the source's
Traditional script, ~3 KB each (100k pages ~ 0.3 GB).

Measured for each size, in this run:

- ``build``: build_store(folder) with a local process pool: pages/s, peak resident memory of the
  whole process tree (psutil, sampled every 0.2 s), store size on disk; the smallest size is built
  twice from scratch and the faster build counts (it divides the growth ratio, so this can only
  make the ratio larger);
- ``rebuild``: the same call again on the unchanged folder (content keys: nothing is redone);
- ``analysis``: counts by province and distinctive_terms by province on the store (DuckDB), and a
  kwic over all documents that stops at 100 lines (``Store.kwic(..., limit=100)``);
- ``in memory``: load_speeches + tokens + term_frequencies + distinctive_terms at the smallest size,
  for the ratio (the in-memory path needs ~10x the text in memory: it does not fit at 1M pages), in
  a fresh process (peak RSS from its own accounting) so that its heap never slows the builds after it.

Each size is measured in a fresh Python process (``--one-size``, which prints its row as JSON):
a process that has already built a store, or generated pages, carries that heap into the pool
workers it forks for the next build, and the later, larger build pays for it (an earlier version
of this script, measuring every size in one process, saw the growth ratio drift above its target
while the rate per page of each build, timed on its own, stayed flat).

Targets (2-core machine): 100k pages -> store in < 4 min with peak RSS < 2 GB; counts by province
and distinctive_terms on the store < 30 s each; cost growth 10k -> 100k <= 11x; memory flat: the
peak RSS of the whole process tree at N pages <= 1.2x the peak at N/10 (``--pages N`` runs N/10 and
N in the same invocation and prints the ratio). A projection for 1M pages on one machine and on N
workers is printed from the measured per-core rate. At 1,000,000 pages (``--pages 1000000``): the
build <= 40 min with peak RSS <= 2 GB, and peak RSS <= 1.2x the peak at 100k.

    .venv/bin/python benchmarks/bench_store.py --pages 100000 [--jobs 2] [--keep DIR]
    .venv/bin/python benchmarks/bench_store.py --pages 1000000 --no-in-memory --keep /big/disk/dir
    .venv/bin/python benchmarks/bench_store.py [--sizes 10000 100000] [--jobs 2] [--keep DIR]

Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import pandas as pd  # noqa: E402

import cppcc  # noqa: E402

FIXTURE_DIRS = [
    "tests/fixtures/corpus",
    "tests/fixtures/compare/pages",
    "tests/fixtures/language",
    "tests/fixtures/explore",
    "tests/fixtures/store",
]


def material() -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    """(speakers as (region, position, name), Traditional sentences, Simplified sentences)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frames = [cppcc.load_speeches()] + [
            cppcc.load_speeches(ROOT / d) for d in FIXTURE_DIRS if (ROOT / d).is_dir()
        ]
    sp = pd.concat(frames, ignore_index=True)
    heads = sp.dropna(subset=["region", "speaker"])
    speakers = sorted(
        {(r, p or "主席", s) for r, p, s in zip(heads["region"], heads["position"], heads["speaker"])}
    )
    split = re.compile(r"(?<=[。！？；!?;])")
    trad, simp = [], []
    for orig, text in zip(sp["text_original"], sp["text"]):
        for s in split.split(orig or ""):
            s = s.strip()
            if len(s) >= 8:
                (trad if cppcc.to_simplified(s) != s else simp).append(s)
        simp += [s.strip() for s in split.split(text or "") if len(s.strip()) >= 8]
    return speakers, trad, simp


def write_archive(folder: Path, n_pages: int, seed: int = 20200824) -> int:
    speakers, trad, simp = material()
    rng = random.Random(seed)
    total = 0
    for i in range(n_pages):
        region, position, name = rng.choice(speakers)
        traditional = i % 2 == 0 and trad
        pool = trad if traditional else simp
        body, size = [], 0
        while size < 950:
            para = "".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
            body.append(para)
            size += len(para)
        y, m, d = 2015 + i % 9, 1 + i % 12, 1 + i % 28
        head = f"{region}政协{position}{name}:"
        lines = [
            f"地方政协工作交流（第{i + 1}期）",
            "",
            f"{y}年{m:02d}月{d:02d}日 10:{i % 60:02d}  |  来源：测试政协网",
            "",
            head,
            "",
            rng.choice(pool)[:20],
            "",
            name,
            "",
            *body,
        ]
        text = "\n".join(lines) + "\n"
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        raw = text.encode("utf-8")
        (sub / f"page_{i:07d}.txt").write_bytes(raw)
        total += len(raw)
    return total


class PeakRSS:
    """Peak resident memory of this process and all its children, sampled in a thread."""

    def __init__(self, every: float = 0.2):
        import psutil

        self.proc, self.every, self.peak, self._stop = psutil.Process(), every, 0, threading.Event()
        self.loads: list[float] = []

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                rss = self.proc.memory_info().rss
                for c in self.proc.children(recursive=True):
                    try:
                        rss += c.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, rss)
                self.loads.append(os.getloadavg()[0])
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    def __enter__(self):
        self._t = threading.Thread(target=self._sample, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def uptime() -> str:
    """What ``uptime`` prints (the machine's load: other work slows every number here)."""
    import subprocess

    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run_size(n: int, base: Path, jobs: int, in_memory: bool, keep: bool = False, builds: int = 1) -> dict:
    src, out = base / f"pages-{n}", base / f"store-{n}"
    t_gen, nbytes = timed(lambda: write_archive(src, n))
    print(f"[{n:,} pages] written in {t_gen:.0f} s: {nbytes / 1e6:.0f} MB of text files", flush=True)
    times, peaks, st = [], [], None
    for _ in range(builds):  # from scratch each time; the fastest counts (the least disturbed)
        if st is not None:
            st.close()
            shutil.rmtree(out)
        with PeakRSS() as rss, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_build, st = timed(lambda: cppcc.build_store(src, out, n_jobs=jobs, progress=False))
        times.append(t_build)
        peaks.append(rss.peak)
    if builds > 1:
        print(f"[{n:,} pages] {builds} builds from scratch: {', '.join(f'{t:.1f}' for t in times)} s",
              flush=True)
    t_build, peak = min(times), max(peaks)
    print(f"[{n:,} pages] build {t_build:.1f} s ({n / t_build:.0f} pages/s), peak RSS {peak / 2**20:.0f} MiB,"
          f" store {du(out) / 1e6:.0f} MB; build phases: scan {st.last_timings['scan_s']:.1f} s, batches"
          f" {st.last_timings['batches_s']:.1f} s, finalize {st.last_timings['finalize_s']:.1f} s;"
          f" mean load average {sum(rss.loads) / max(1, len(rss.loads)):.1f} (the analysis follows)",
          flush=True)
    with warnings.catch_warnings():  # the same summary of the pages' loader warnings again
        warnings.simplefilter("ignore")
        t_rebuild, st2 = timed(lambda: cppcc.build_store(src, out, n_jobs=jobs, progress=False))
    assert st2.last_build["processed_pages"] == 0
    t_counts, counts = timed(lambda: st.counts("province"))
    dist = getattr(st, "distinctive_terms", None)
    t_dist = timed(lambda: dist(by="province"))[0] if dist else float("nan")
    t_kwic, lines = timed(lambda: st.kwic("协商", limit=100))
    row = {
        "pages": n,
        "text_MB": nbytes / 1e6,
        "documents": st.info["documents"],
        "tokens": st.info["tokens"],
        "build_s": t_build,
        "pages_per_s": n / t_build,
        "peak_rss_MB": peak / 2**20,
        "store_MB": du(out) / 1e6,
        "rebuild_s": t_rebuild,
        "counts_s": t_counts,
        "distinctive_s": t_dist,
        "kwic_100_s": t_kwic,
        "groups": counts["province"].nunique(dropna=False),
        "load": sum(rss.loads) / max(1, len(rss.loads)),
        **st.last_timings,
    }
    print(
        f"[{n:,} pages] build {t_build:.1f} s ({n / t_build:.0f} pages/s), peak RSS"
        f" {peak / 2**20:.0f} MiB, "
        f"store {row['store_MB']:.0f} MB; rebuild {t_rebuild:.1f} s; counts by province {t_counts:.2f} s; "
        f"distinctive_terms {t_dist:.2f} s; kwic of 协商 with limit=100 {t_kwic:.2f} s ({len(lines)} lines); "
        f"build phases: scan {row['scan_s']:.1f} s, batches "
        f"{row['batches_s']:.1f} s, finalize {row['finalize_s']:.1f} s; mean load average {row['load']:.1f}",
        flush=True,
    )
    if in_memory:
        row.update(in_memory_path(src))
    st.close()
    if not keep:
        shutil.rmtree(src)
    return row


def in_memory_path(src: Path) -> dict:
    """The in-memory path on the pages of ``src``, in a fresh Python process: its frames take ~10x
    the text in memory, and a parent left with that heap would make every later store build pay for
    it (the workers are forked from the parent and copy its pages as they write to them)."""
    import json
    import subprocess

    res = subprocess.run([sys.executable, __file__, "--in-memory-only", str(src)],
                         capture_output=True, text=True, check=True)
    row = json.loads(res.stdout.strip().splitlines()[-1])
    print(
        f"  in memory (a fresh process): load_speeches + tokens {row['mem_tokens_s']:.1f} s,"
        f" term_frequencies + distinctive_terms {row['mem_analysis_s']:.2f} s, "
        f"peak RSS {row['mem_peak_rss_MB']:.0f} MiB",
        flush=True,
    )
    return row


def _in_memory_only(src: Path) -> int:
    import json
    import resource

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        sp = cppcc.load_speeches(src)
        toks = cppcc.tokens(sp, progress=False)
        t_tok = time.perf_counter() - t0
        t_an, _ = timed(
            lambda: (
                cppcc.term_frequencies(toks, by="province"),
                cppcc.distinctive_terms(toks, by="province"),
            )
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"mem_tokens_s": t_tok, "mem_analysis_s": t_an, "mem_peak_rss_MB": peak}))
    return 0


def size_in_fresh_process(n: int, base: Path, jobs: int, in_memory: bool, keep: bool, builds: int) -> dict:
    """``run_size`` in a new Python process (its lines are passed through; its last line is the row)."""
    import json
    import subprocess

    cmd = [sys.executable, __file__, "--one-size", str(n), "--base", str(base), "--jobs", str(jobs),
           "--builds", str(builds)]
    cmd += ["--in-memory"] * in_memory + ["--keep", str(base)] * keep
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    last = ""
    for line in proc.stdout:
        if line.startswith("{"):
            last = line
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0 or not last:
        raise SystemExit(f"bench_store: the {n:,}-page run failed (exit status {proc.returncode})")
    return json.loads(last)


def _one_size(args) -> int:
    import json

    row = run_size(args.one_size, args.base, args.jobs, in_memory=args.in_memory, keep=bool(args.keep),
                   builds=args.builds)
    print(json.dumps({k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}), flush=True)
    return 0


def analysis_only(path: Path) -> int:
    """The analysis on a kept store (``--analysis-only STORE``), as each size's run times it."""
    import resource

    print(f"uptime at the start: {uptime()}", flush=True)
    st = cppcc.open_store(path)
    t_counts, _ = timed(lambda: st.counts("province"))
    print(f"{st}: counts by province {t_counts:.2f} s", flush=True)
    t_kwic, lines = timed(lambda: st.kwic("协商", limit=100))
    print(f"  kwic of 协商 with limit=100 {t_kwic:.2f} s ({len(lines)} lines)", flush=True)
    t_dist, _ = timed(lambda: st.distinctive_terms(by="province"))
    print(f"  distinctive_terms by province {t_dist:.2f} s", flush=True)
    t_tf, _ = timed(lambda: st.term_frequencies(by="province"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  term_frequencies by province {t_tf:.2f} s; peak RSS of this process {peak:,.0f} MiB"
          f" (DuckDB's memory limit {st.memory_limit})", flush=True)
    print(f"uptime at the end: {uptime()}")
    ok = t_counts < 30 and t_dist < 30
    print("targets met (counts and distinctive_terms < 30 s)" if ok else "TARGET MISSED")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--pages", type=int, metavar="N",
                    help="run N/10 and N pages (overrides --sizes) and print the ratios of N to N/10")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", type=Path, help="work folder, kept (default: a temporary one, removed)")
    ap.add_argument("--analysis-only", type=Path, metavar="STORE",
                    help="only time the analysis on this store")
    ap.add_argument("--in-memory-only", type=Path, metavar="PAGES", help=argparse.SUPPRESS)
    ap.add_argument("--one-size", type=int, metavar="N", help=argparse.SUPPRESS)
    ap.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--builds", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--in-memory", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-in-memory", action="store_true",
                    help="skip the in-memory comparison at the smallest size (at 100k pages it needs ~10 GB)")
    args = ap.parse_args(argv)
    if args.in_memory_only:
        return _in_memory_only(args.in_memory_only)
    if args.analysis_only:
        return analysis_only(args.analysis_only)
    if args.one_size:
        return _one_size(args)
    if args.pages:
        args.sizes = [max(1, args.pages // 10), args.pages]
    print(f"uptime at the start: {uptime()}", flush=True)
    base = args.keep or Path(tempfile.mkdtemp(prefix="cppcc-bench-store-"))
    print(
        f"{os.cpu_count()} CPU cores, {args.jobs} worker processes; load average {os.getloadavg()[0]:.1f} "
        "(other work on the machine slows every number here)",
        flush=True,
    )
    try:
        # the smallest size is built twice (the fastest counts): it is the growth ratio's divisor,
        # and a short build is the one a passing disturbance moves most
        rows = [
            size_in_fresh_process(n, base, args.jobs, in_memory=(i == 0 and not args.no_in_memory),
                                  keep=bool(args.keep), builds=1 + (i == 0))
            for i, n in enumerate(sorted(args.sizes))
        ]
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return report(rows, args.jobs)


def report(rows: list[dict], jobs: int) -> int:
    df = pd.DataFrame(rows)
    cols = [
        "pages",
        "text_MB",
        "documents",
        "tokens",
        "build_s",
        "pages_per_s",
        "peak_rss_MB",
        "store_MB",
        "rebuild_s",
        "counts_s",
        "distinctive_s",
        "kwic_100_s",
    ]
    print(df[cols].to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    small, big = df.iloc[0], df.iloc[-1]
    ok = True
    if len(df) > 1:
        mem = big["peak_rss_MB"] / small["peak_rss_MB"]
        print(
            f"{big['pages']:,.0f} pages against {small['pages']:,.0f} in this run: time x"
            f"{big['build_s'] / small['build_s']:.2f}, peak RSS of the process tree "
            f"{big['peak_rss_MB']:,.0f} / {small['peak_rss_MB']:,.0f} MiB = x{mem:.2f}"
            " (target <= 1.2: memory flat)"
        )
        ok &= mem <= 1.2
    if len(df) > 1:
        growth = (big["build_s"] / small["build_s"]) / (big["pages"] / small["pages"]) * 10
        print(
            f"growth {small['pages']:,.0f} -> {big['pages']:,.0f} pages: build time"
            f" x{big['build_s'] / small['build_s']:.1f}"
            f" for x{big['pages'] / small['pages']:.0f} pages (target <= 11 for x10; normalised {growth:.1f})"
        )
        ok &= big["build_s"] / small["build_s"] <= 11 * big["pages"] / small["pages"] / 10
    if "mem_tokens_s" in small:
        print(
            f"in memory at {small['pages']:,.0f} pages: tokens {small['mem_tokens_s']:.1f} s, analysis "
            f"{small['mem_analysis_s']:.2f} s, peak RSS {small['mem_peak_rss_MB']:.0f} MiB -> "
            f"{small['mem_peak_rss_MB'] / small['peak_rss_MB']:.1f}x the store build's peak; analysis"
            f" on the store "
            f"{small['counts_s'] + small['distinctive_s']:.2f} s"
        )
    rate = big["pages_per_s"] / jobs
    print(
        f"projection for 1,000,000 pages from {rate:.0f} pages/s per worker process: one machine with {jobs} "
        f"cores {1e6 / (rate * jobs) / 60:.0f} min; a cluster of N workers ~{1e6 / rate / 60:.0f}/N min "
        f"(e.g. 16 workers: {1e6 / (rate * 16) / 60:.0f} min), store"
        f" ~{big['store_MB'] * 1e6 / big['pages'] / 1e3:.1f} GB"
    )
    if big["pages"] >= 1_000_000:  # one machine, a million pages: <= 40 min, <= 2 GB
        print(f"{big['pages']:,.0f} pages: build {big['build_s'] / 60:.1f} min (target <= 40), peak RSS"
              f" {big['peak_rss_MB']:,.0f} MiB (target <= 2048)")
        ok &= big["build_s"] <= 40 * 60 and big["peak_rss_MB"] <= 2048
    elif big["pages"] >= 100_000:
        ok &= big["build_s"] < 240 and big["peak_rss_MB"] < 2048
        ok &= big["counts_s"] < 30 and (pd.isna(big["distinctive_s"]) or big["distinctive_s"] < 30)
    print(f"uptime at the end: {uptime()}")
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
