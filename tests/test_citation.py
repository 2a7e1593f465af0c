"""Citation, licence and Binder files agree with pyproject.toml and with each other."""
from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
META = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Citation File Format 1.2.0: the keys a valid file must have, and the type of each key used here
CFF_REQUIRED = {"cff-version": str, "message": str, "title": str, "authors": list}
CFF_TYPES = {"version": str, "date-released": str, "license": str, "type": str, "abstract": str,
             "keywords": list}


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_licence_is_the_one_pyproject_declares():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert META["license"] == "MIT"
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_citation_cff_is_valid_and_matches_pyproject():
    cff = _cff()
    for key, kind in CFF_REQUIRED.items():
        assert isinstance(cff.get(key), kind), f"CITATION.cff: `{key}` missing or not a {kind.__name__}"
    for key, kind in CFF_TYPES.items():
        assert key not in cff or isinstance(cff[key], kind), f"CITATION.cff: `{key}` is not a {kind.__name__}"
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] in {"software", "dataset"}
    assert cff["authors"] and all(isinstance(a, dict) and ("name" in a or "family-names" in a)
                                  for a in cff["authors"])
    assert cff["version"] == META["version"]
    from cppcc._version import __version__
    assert __version__ == META["version"], "lib/cppcc/_version.py and pyproject.toml disagree"
    assert re.search(rf"^## {re.escape(META['version'])} \({re.escape(cff['date-released'])}\)$",
                     (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8"), re.M), (
        "CITATION.cff date-released is not the date of the version's changelog section")
    assert cff["license"] == META["license"]
    unknown = set(cff) - set(CFF_REQUIRED) - set(CFF_TYPES)
    assert not unknown, f"CITATION.cff: keys this test does not check {unknown}"


def test_zenodo_metadata_matches_the_citation():
    zen = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    cff = _cff()
    assert zen["upload_type"] == "software"
    assert zen["title"] == cff["title"]
    assert zen["version"] == cff["version"] and zen["license"] == cff["license"]
    assert [c["name"] for c in zen["creators"]] == [a["name"] for a in cff["authors"]]
    assert zen["keywords"] == cff["keywords"]


def test_readme_says_how_to_cite():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## How to cite\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README.md has no '## How to cite' section"
    assert "CITATION.cff" in section.group(1) and _cff()["version"] in section.group(1)


def test_binder_environment_is_generated_from_pyproject():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import sync_environment
    finally:
        sys.path.pop(0)
    on_disk = (ROOT / "binder" / "environment.yml").read_text(encoding="utf-8")
    expected = sync_environment.render(("test", "lab"), header=tuple(
        line for line in on_disk.splitlines() if line.startswith("#")))
    assert on_disk == expected, "binder/environment.yml is stale: run python tools/sync_environment.py"
    deps = yaml.safe_load(on_disk)["dependencies"]
    assert any(str(d).startswith("jupyterlab") for d in deps)


def test_binder_post_build_installs_the_package():
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    text = post.read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in text and "ipykernel install" in text


def test_changelog_has_a_dated_section_for_the_version():
    """docs/changelog.md is the one changelog: it has a section for the released version with its date
    (for example ``## 0.2.0 (2026-12-07)``), and the README links it."""
    changelog = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    version = META["version"]
    assert re.search(rf"^## {re.escape(version)} \(\d{{4}}-\d{{2}}-\d{{2}}\)$", changelog, re.M), (
        f"docs/changelog.md has no dated section '## {version} (YYYY-MM-DD)'")
    assert "docs/changelog.md" in (ROOT / "README.md").read_text(encoding="utf-8")
