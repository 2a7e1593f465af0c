"""Exports under hostile input (issue 26, items 3, 5, 8, 10): formulas written as text, atomic files,
control characters and non-UTF-8 file names, file names distinct for distinct texts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cppcc.export import clean_cell, safe_file_name, write_table

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_311b16853e29c05d.txt"
RISKY = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cppcc.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_csv_text_cells_that_start_like_a_formula_get_an_apostrophe(tmp_path):
    df = pd.DataFrame({"text": RISKY + ["政协"], "n": range(7)})
    out = write_table(df, tmp_path / "t.csv")
    back = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert back["text"].tolist() == ["'" + s if s != "\rx" else "'\rx" for s in RISKY] + ["政协"]
    assert back["n"].tolist() == list(range(7))  # numbers are no text cells: untouched


def test_xlsx_text_cells_are_strings_never_formulas(tmp_path):
    import openpyxl

    df = pd.DataFrame({"text": RISKY + ["政协"]})
    wb = openpyxl.load_workbook(write_table(df, tmp_path / "t.xlsx"))
    cells = [row[0] for row in wb.active.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * 7
    assert [c.value for c in cells] == RISKY + ["政协"]


def test_control_characters_do_not_break_the_workbook(tmp_path):
    df = pd.DataFrame({"text_original": ["委员\x01发言\x1f。", "正常"]})
    back = pd.read_excel(write_table(df, tmp_path / "t.xlsx"), dtype=str)
    assert back["text_original"].tolist() == ["委员发言。", "正常"]


class _Boom:
    def __str__(self):
        raise _Failed("cannot write this cell")

    __repr__ = __str__


class _Failed(RuntimeError):
    pass


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet"])
def test_a_failed_export_leaves_no_file_and_keeps_an_old_one(tmp_path, suffix):
    bad = pd.DataFrame({"a": ["x", _Boom()]})
    with pytest.raises((_Failed, TypeError)):
        write_table(bad, tmp_path / f"new.{suffix}")
    assert os.listdir(tmp_path) == []
    old = tmp_path / f"old.{suffix}"
    write_table(pd.DataFrame({"a": ["kept"]}), old)
    before = old.read_bytes()
    with pytest.raises((_Failed, TypeError)):
        write_table(bad, old)
    assert old.read_bytes() == before and sorted(os.listdir(tmp_path)) == [f"old.{suffix}"]


def test_cli_export_of_a_hostile_page_writes_text_not_formulas(tmp_path):
    import openpyxl

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = "=委员会议标题\n\n=1+1 委员们围绕民生议题开展协商\x01，提出建议。\n"
    (corpus / "p.txt").write_text(page, encoding="utf-8")
    out = tmp_path / "sp.xlsx"
    run = _cli("export", str(corpus), "--what", "speeches", "--out", str(out))
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(out)
    values = [c for row in wb.active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert values and not [c for c in values if c.data_type == "f"]
    assert any(str(c.value).startswith("=1+1") for c in values)
    run = _cli("export", str(corpus), "--what", "speeches", "--out", str(tmp_path / "sp.csv"))
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "sp.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and ",=" not in text and "\n=" not in text


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes as a name")
@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet"])
def test_cli_export_handles_a_file_name_that_is_not_utf8(tmp_path, suffix):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / os.fsdecode(b"p\xff.txt")).write_bytes(SEED.read_bytes())
    out = tmp_path / f"sp.{suffix}"
    run = _cli("export", str(corpus), "--what", "speeches", "--out", str(out))
    assert run.returncode == 0, run.stderr
    back = {"csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"), "xlsx": pd.read_excel,
            "parquet": pd.read_parquet}[suffix](out)
    assert set(back["source_file"]) == {"p\\xff.txt"} and len(back) == 5


def test_clean_cell_escapes_surrogates_and_keeps_other_values():
    assert clean_cell(os.fsdecode(b"\xfe\xff.txt")) == "\\xfe\\xff.txt"
    assert clean_cell(3) == 3 and clean_cell(None) is None


def test_safe_file_names_are_distinct_for_distinct_texts():
    texts = ["a b-01", "a_b-01", "a/b-01", "a.b-01", "A_b-01", "a~20~b-01", "临沧 市-01", "", "~~"]
    names = [safe_file_name(t) for t in texts]
    assert len({n.casefold() for n in names}) == len(texts)
    assert all(n and "/" not in n and not n.startswith(".") for n in names)
    long = ["长" * 300 + "1", "长" * 300 + "2"]
    assert len({safe_file_name(t) for t in long}) == 2 and all(len(safe_file_name(t)) <= 120 for t in long)


def test_the_report_names_profile_pages_with_the_safe_names():
    from cppcc.report.builder import _safe

    assert _safe("a b-01") != _safe("a_b-01") and _safe("a b-01") == safe_file_name("a b-01")
