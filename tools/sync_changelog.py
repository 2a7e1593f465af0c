"""Write CHANGELOG.md from the README's ``## Changelog`` section (the one place entries are written).

tests/test_citation.py checks that the two agree.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Changelog\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    if not section:
        raise SystemExit("README.md has no '## Changelog' section")
    (ROOT / "CHANGELOG.md").write_text("# Changelog\n" + section.group(1).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
