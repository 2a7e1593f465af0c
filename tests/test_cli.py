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


MANIFEST_CORPUS = ROOT / "tests" / "fixtures" / "store_manifest"  # two pages written for the store tests


def test_report_runs_on_a_tiny_corpus(tmp_path):
    out = tmp_path / "site"
    run = cppcc("report", "--corpus", str(MANIFEST_CORPUS), "--out", str(out),
                "--notebook", "01_corpus_overview", "--no-profiles", "--jobs", "1")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Report written to" in run.stdout
    page = (out / "01_corpus_overview.html").read_text(encoding="utf-8")
    assert "王立新" in page and "李明" in page and "湖南省岳阳市" in page
    assert "李银峰" not in page  # nothing of the seed in a report on another corpus
    assert 'href="01_corpus_overview.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert not list(out.glob("regions/*.html"))


def test_report_names_a_missing_store(tmp_path):
    run = cppcc("report", "--store", str(tmp_path / "nostore"), "--out", str(tmp_path / "site"))
    assert run.returncode == 2 and "not a cppcc store" in run.stderr and "Traceback" not in run.stderr


def test_export_parquet_and_xlsx_read_back(tmp_path):
    import pandas as pd

    import cppcc as lib

    speeches = lib.load_speeches(SEED)
    toks = lib.tokens(speeches)
    run = cppcc("export", str(SEED), "--what", "tokens", "--out", str(tmp_path / "tokens.parquet"))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {len(toks)} rows of tokens to {tmp_path / 'tokens.parquet'}"
    back = pd.read_parquet(tmp_path / "tokens.parquet")
    assert list(back.columns) == list(toks.columns) and len(back) == len(toks)
    assert back["token"].astype(str).tolist() == toks["token"].astype(str).tolist()

    run = cppcc("export", str(SEED), "--what", "speeches", "--format", "xlsx",
                "--out", str(tmp_path / "sp.data"))
    assert run.returncode == 0, run.stderr
    sheet = pd.read_excel(tmp_path / "sp.data", engine="openpyxl", dtype=str)
    assert list(sheet.columns) == list(speeches.columns) and len(sheet) == 5
    assert sheet["speaker"].tolist() == ["李银峰", "刘伟", "韩勇", "石艳", "江泽林"]
    assert sheet["adcode"].tolist() == speeches["adcode"].tolist()

    from cppcc.cli import export_table

    counts = export_table(SEED, "counts")
    run = cppcc("export", str(SEED), "--what", "counts", "--out", str(tmp_path / "counts.xlsx"))
    assert run.returncode == 0, run.stderr
    sheet = pd.read_excel(tmp_path / "counts.xlsx", engine="openpyxl")
    assert list(sheet.columns) == ["doc_id", "term", "count"] and len(sheet) == len(counts)
    assert sheet["count"].sum() == counts["count"].sum() == int((~toks["is_punct"]).sum())
    # one row per term a speech uses: no zero rows for the pairs that never occur
    words = toks[~toks["is_punct"]]
    assert (counts["count"] > 0).all()
    assert len(counts) == len(words[["doc_id", "token"]].astype(str).drop_duplicates())
