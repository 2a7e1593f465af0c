"""Same numbers: every public function's output on the seed and the fixture corpora equals the snapshot.

The snapshot (``tests/snapshots/``) was taken before the engine was restructured (issue 21); see
``tools/snapshot.py`` for what it holds and how to regenerate it after a deliberate change.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("cppcc_snapshot", ROOT / "tools" / "snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)


@pytest.mark.parametrize("corpus", sorted(snapshot.CORPORA))
def test_outputs_equal_the_snapshot(corpus):
    problems = snapshot.check(corpus)
    assert not problems, f"{corpus}: {len(problems)} outputs differ from tests/snapshots:\n" + "\n".join(
        p[:1500] for p in problems
    )


def test_the_comparison_sees_a_changed_value():
    import pandas as pd

    a = pd.DataFrame({"x": [1.0, 2.0]})
    a.attrs["function"] = "f"
    b = a.copy()
    b.loc[1, "x"] = 2.0000000001
    assert snapshot.compare(a, b) is not None
    c = a.copy()
    c.attrs = {"function": "f", "new": 1}
    assert snapshot.compare(a, c) is None  # attrs may gain keys
    c.attrs = {}
    assert "attrs" in snapshot.compare(a, c)
