"""Benchmark: the whole HTML report for the project corpus (target < 60 s on 2 cores).

Prints the wall time of `cppcc.report.build` (all notebooks plus one region profile per speech, its
default number of workers: the CPU cores + 1) against a baseline measured in the same run: executing
an empty notebook once per page with the same machinery and as many workers (kernel start-up is the
floor no notebook can go below).

    .venv/bin/python benchmarks/bench_report.py
"""
from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from cppcc import load_speeches, report


def _empty(path: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report.execute(Path(path), Path(tmp) / "out.ipynb")


def main() -> None:
    n_pages = len(list(report.NOTEBOOKS.glob("*.ipynb"))) - 1 + len(load_speeches())
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, empty)
        start = time.perf_counter()
        jobs = report.default_jobs()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(_empty, [str(empty)] * n_pages))
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        results = report.build(Path(tmp) / "site", figures_dir=Path(tmp) / "figures", quiet=True)
        total = time.perf_counter() - start
    print(f"pages: {n_pages} (notebooks and region profiles), {jobs} workers on {os.cpu_count()} CPU cores; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"baseline  {n_pages} empty notebooks:      {baseline:6.1f} s")
    print(f"report    cppcc.report.build:        {total:6.1f} s  = {total / baseline:4.1f} x baseline"
          f"   (target < 60 s)")
    for r in sorted(results, key=lambda r: -r.seconds):
        print(f"  {r.name:<36} {r.seconds:5.1f} s")
    print("target met" if total < 60 else "TARGET MISSED")


if __name__ == "__main__":
    main()
