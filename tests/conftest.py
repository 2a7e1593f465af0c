"""Shared fixtures: the report site of the project corpus, built once per test run.

Building the site executes every notebook (about a minute), so the report tests and the browser tests
share one build. Under pytest-xdist each worker is its own process: the first worker to ask builds
the site into a folder beside the workers' temporary folders, under a file lock, and the others
reuse it (the recipe in pytest-xdist's documentation, with ``fcntl`` for the lock).
"""
from __future__ import annotations

import fcntl
import pickle
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def project_site(tmp_path_factory, worker_id) -> tuple[Path, list]:
    """``(out, results)`` of ``cppcc.report.build`` on the project corpus (figures in ``out/figures``)."""
    from cppcc import report

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # shared by the workers of this run
    out, done = root / "project_site", root / "project_site.pickle"
    with open(root / "project_site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            results = pickle.loads(done.read_bytes())
            if isinstance(results, Exception):
                raise results
            return out, results
        try:
            results = report.build(out, jobs=2, figures_dir=out / "figures", quiet=True)
        except Exception as exc:
            done.write_bytes(pickle.dumps(exc))
            raise
        done.write_bytes(pickle.dumps(results))
        return out, results
