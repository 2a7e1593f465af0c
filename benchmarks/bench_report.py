"""Benchmark: the whole HTML report for the project corpus (target < 30 s on 2 cores).

Prints the wall time and the CPU time (this process and every process it waited for: the workers and
their kernels) of `cppcc.report.build` (all notebooks plus one region profile per document, its default
number of workers: the CPU cores + 1), the load average before and after (the machine may be shared:
on a loaded machine the wall time says little, the CPU time still does), and a baseline measured in the
same run: executing an empty notebook once per page with papermill, a new kernel each time (what every
page cost before the kernels were shared).

    .venv/bin/python benchmarks/bench_report.py [--no-baseline]
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from cppcc import load_speeches, report

TARGET = 30.0


def _empty(path: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report.execute(Path(path), Path(tmp) / "out.ipynb")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-baseline", action="store_true", help="skip the empty-notebook baseline")
    args = ap.parse_args()
    n_pages = len(list(report.NOTEBOOKS.glob("*.ipynb"))) - 1 + len(load_speeches())
    jobs = report.default_jobs()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        baseline = None
        if not args.no_baseline:
            empty = Path(tmp) / "empty.ipynb"
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nbformat.write(nb, empty)
            start = time.perf_counter()
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(_empty, [str(empty)] * n_pages))
            baseline = time.perf_counter() - start

        cpu, start = _cpu(), time.perf_counter()
        results = report.build(Path(tmp) / "site", figures_dir=Path(tmp) / "figures", quiet=True)
        total, cpu = time.perf_counter() - start, _cpu() - cpu
    load_after = os.getloadavg()
    print(f"pages: {n_pages} (notebooks and profiles), {jobs} workers on {os.cpu_count()} CPU cores")
    print(f"load average (1, 5, 15 min): before {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after {', '.join(f'{x:.2f}' for x in load_after)}")
    if baseline is not None:
        print(f"baseline  {n_pages} empty notebooks, a kernel each: {baseline:6.1f} s wall")
    print(f"report    cppcc.report.build:   {total:6.1f} s wall, {cpu:6.1f} s CPU "
          f"(CPU / cores = {cpu / (os.cpu_count() or 1):5.1f} s: the wall time on an idle machine)"
          f"   (target < {TARGET:.0f} s)")
    for r in sorted(results, key=lambda r: -r.seconds):
        print(f"  {r.name:<36} {r.seconds:5.1f} s")
    print("target met" if total < TARGET else
          "TARGET MISSED" + (" (the machine is loaded: see the CPU time)" if load_before[0] > 2 else ""))


if __name__ == "__main__":
    main()
