"""Shared fixtures.

- ``seed_vocab``: the seed page's vocabulary (units, speakers, date, phrases), collected with the
  library, so tests can assert that a report on another corpus names none of it;
- ``project_site``: the report site of the project corpus, built once per test run. Building the site
  executes every notebook (about a minute), so the report tests and the browser tests share one
  build. Under pytest-xdist each worker is its own process: the first worker to ask builds the site
  into a folder beside the workers' temporary folders, under a file lock, and the others reuse it
  (the recipe in pytest-xdist's documentation, with ``fcntl`` for the lock).
- every test ends with its matplotlib figures closed (``_close_figures``), so that no test's figures
  count towards matplotlib's "more than 20 figures" warning in another (warnings are errors there).
"""
from __future__ import annotations

import fcntl
import pickle
import re
import sys
from pathlib import Path

import pytest

import cppcc


def seed_vocabulary() -> dict[str, set[str]]:
    """The seed's units (full and short forms, English names), speakers, date and phrases (quoted
    terms of three or more characters and numbered formulas), collected with the library."""
    sp = cppcc.load_speeches()
    quotes, formulas = cppcc.quoted_terms(sp), cppcc.numbered_formulas(sp)
    gloss = cppcc.glossary(as_dict=True)
    units: set[str] = set()
    for col in ("region", "province", "prefecture", "county"):
        for v in sp[col].dropna():
            units.add(v)
            short = re.sub(r"(省|市|区|县)$", "", v)
            if len(short) >= 2:
                units.add(short)
            if v in gloss:
                units.add(re.split(r"[\s,;(]", gloss[v])[0])
    phrases = set(quotes.loc[(quotes["kind"] == "quote") & (quotes["term"].str.len() >= 3), "term"])
    phrases |= set(formulas["formula"])
    phrases = {p for p in phrases if not p.isdigit()}
    return {"unit": units, "speaker": set(sp["speaker"].dropna()), "date": {"2020-08-24"}, "phrase": phrases}


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test left open (pyplot keeps every figure until it is closed)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(scope="session")
def seed_vocab() -> dict[str, set[str]]:
    return seed_vocabulary()


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
