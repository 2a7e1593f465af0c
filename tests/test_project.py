"""Checks of the project's own conventions: dependency declarations agree, notebooks are stored
without outputs, build outputs are ignored, the entry points exist."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name_spec(req: str) -> tuple[str, str]:
    name = re.split(r"[<>=!~ ;\[]", req, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name.lower()), req[len(name):].replace(" ", "")


def _pyproject_deps() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = meta["dependencies"] + meta["optional-dependencies"]["test"]
    return dict(_name_spec(r) for r in reqs)


def _environment_deps() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            out.update(_name_spec(r) for r in item["pip"])
        elif not item.startswith(("python=", "pip")) or item.startswith("pip-"):
            out.update([_name_spec(item)])
    return out


def test_environment_yml_mirrors_pyproject():
    assert _environment_deps() == _pyproject_deps()


def test_every_dependency_is_pinned_in_constraints():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name.lower())] = version
    missing = sorted(set(_pyproject_deps()) - set(pins))
    assert not missing, f"constraints.txt has no pin for {missing}"


def test_dependencies_are_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    undocumented = [n for n in _pyproject_deps() if n not in readme]
    assert not undocumented, f"README's dependency table does not mention {undocumented}"


@pytest.mark.parametrize("nb", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_stored_without_outputs(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(data["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{nb.name}: cells {dirty} have outputs; run `make strip`"


def test_build_outputs_are_ignored():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for entry in (".venv/", "reports/", ".cache/"):
        assert entry in ignored


def test_entry_points():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("install:", "report:", "test:", "lab:"):
        assert re.search(rf"^{target}", makefile, re.M), target
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def test_seed_page_is_unchanged():
    """corpus/'s seed page is byte for byte the capture the project received: its SHA-256 is the one
    recorded in cppcc.report.seed.SEED_SHA256, and, where the shared seeds folder is at hand (beside the
    checkout, above it, or named by CPPCC_SEEDS), it equals the file there."""
    import hashlib
    import os

    from cppcc.report.seed import SEED_SHA256

    name = "000_311b16853e29c05d.txt"
    mine = (ROOT / "corpus" / name).read_bytes()
    assert hashlib.sha256(mine).hexdigest() == SEED_SHA256
    places = [Path(os.environ["CPPCC_SEEDS"])] if os.environ.get("CPPCC_SEEDS") else []
    places += [p / "shared" / "seeds" for p in ROOT.parents]
    for folder in places:
        if (folder / name).exists():
            assert (folder / name).read_bytes() == mine
