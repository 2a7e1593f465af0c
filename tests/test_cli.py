"""The ``cppcc`` console script: every command runs (subprocess), --help, exit codes, one-line errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_311b16853e29c05d.txt"


def cppcc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cppcc.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


@pytest.mark.parametrize("command", ["report", "pages", "audit", "export"])
def test_help_on_every_command(command):
    run = cppcc(command, "--help")
    assert run.returncode == 0 and f"usage: cppcc {command}" in run.stdout


def test_pages_and_audit_show_the_seed():
    pages = cppcc("pages", str(SEED))
    assert pages.returncode == 0, pages.stderr
    assert "000_311b16853e29c05d.txt" in pages.stdout and "n_speeches" in pages.stdout
    audit = cppcc("audit", str(SEED))
    assert audit.returncode == 0, audit.stderr
    assert "reason" in audit.stdout and "spam" in audit.stdout


def test_export_csv_has_a_bom_and_every_speech(tmp_path):
    out = tmp_path / "speeches.csv"
    run = cppcc("export", str(SEED), "--what", "speeches", "--out", str(out))
    assert run.returncode == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    import pandas as pd

    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 5


def test_errors_are_one_line_naming_the_file(tmp_path):
    missing = tmp_path / "nope"
    run = cppcc("pages", str(missing))
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and str(missing) in run.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run = cppcc("pages", str(empty))
    assert run.returncode == 2 and "empty.txt" in run.stderr and "Traceback" not in run.stderr
