"""The report builder: every notebook executes without error, missing glyph or missing figure; the
site is complete; corpus text is escaped; code can be hidden.

These tests execute the notebooks (this is how `make test` checks them).
"""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import nbformat
import pytest

import cppcc
from cppcc import report

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != report.PROFILE)


def test_every_notebook_has_title_question_and_parameters():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title, question = report._markdown_meta(nb)
        assert title, f"{path.name}: first markdown cell needs a '# ' title"
        assert question, f"{path.name}: needs a '**Question:**' line"
        tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: exactly one cell tagged 'parameters'"
        assert "CORPUS" in tagged[0].source and "FIGURES_DIR" in tagged[0].source


def test_check_notebook_flags_errors_glyphs_and_figures():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr",
                               text="UserWarning: Glyph 25919 (\\N{CJK UNIFIED IDEOGRAPH-653F}) missing from font(s) DejaVu Sans."),
        nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[]),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
    ]
    nb.cells = [cell]
    problems, figures = report.check_notebook(nb)
    assert len(problems) == 2 and any("glyph" in p for p in problems) and any("boom" in p for p in problems)
    assert figures == ["iVBORw0KGgo="]


@pytest.fixture(scope="module")
def site(project_site):
    return project_site  # built once per run, shared with tests/test_browser.py (tests/conftest.py)


def test_report_builds_every_page(site):
    out, results = site
    assert (out / "index.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOK_NAMES:
        page = out / f"{name}.html"
        assert page.exists(), name
        assert "data:image/png;base64" in page.read_text(encoding="utf-8"), f"{name} shows no figure"
        assert f'href="{name}.html"' in index
    speeches = cppcc.load_speeches()
    for doc_id in speeches["doc_id"]:
        page = out / "regions" / f"{report._safe(doc_id)}.html"
        assert page.exists(), doc_id
        assert f"regions/{report._safe(doc_id)}.html" in index
    # every speaker is named in the index (escaped text)
    for speaker in speeches["speaker"]:
        assert speaker in index
    assert all(not r.problems for r in results)


EVIL_PAGE = """首页 > 委员声音

地方政协工作交流(测试页)

2021年03月05日 10:00 | 来源:测试网

广东省广州市政协主席测试员:

“<script>alert('pwned')</script>”专题协商

提要:这是一段<img src=x onerror=alert(1)>摘要。

测试员

一、 搭建平台<script>alert(2)</script>

一是建立“<b>委员之家</b>”。二是开展协商活动,每年至少3次<img src=x onerror=alert(3)>。

二、 完善机制

一是完善考核制度。二是加强委员培训。

编辑:某某
"""


def test_corpus_text_is_escaped_in_reports(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(EVIL_PAGE, encoding="utf-8")
    out = tmp_path / "site"
    report.build(out, jobs=2, corpus=corpus, notebooks=["01_corpus_overview"],
                 figures_dir=tmp_path / "figures", quiet=True)
    pages = [out / "index.html", out / "01_corpus_overview.html", *sorted((out / "regions").glob("*.html"))]
    assert len(pages) == 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script>\s*alert", text, re.I), page.name
        assert not re.search(r"<img[^>]*onerror", text, re.I), page.name
        assert not re.search(r"<b>委员之家", text), page.name
    profile = pages[-1].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in profile or "\\u003cscript\\u003ealert" in profile


def test_notebooks_run_on_another_corpus(tmp_path):
    """Users run the notebooks on their own pages: every notebook must execute and show a figure on a
    corpus of fixture pages (Simplified and Traditional, HTML, a page without speech headers, many
    regions and levels)."""
    import shutil

    corpus = tmp_path / "corpus"
    for folder in ("corpus", "language"):
        shutil.copytree(ROOT / "tests" / "fixtures" / folder, corpus / folder)
    with warnings.catch_warnings():  # the fixtures include header-less pages and ambiguous units on purpose
        warnings.simplefilter("ignore", cppcc.CorpusWarning)
        assert len(cppcc.load_speeches(corpus)) >= 5
    report.build(tmp_path / "site", jobs=2, corpus=corpus, profiles=False, quiet=True)
    for name in NOTEBOOK_NAMES:
        assert "data:image/png;base64" in (tmp_path / "site" / f"{name}.html").read_text(encoding="utf-8")
    assert any((tmp_path / "site" / "figures").glob("*.png"))  # not into the project's figures/


def test_code_cells_can_be_hidden(tmp_path):
    out = tmp_path / "site"
    report.build(out, code="hide", notebooks=["01_corpus_overview"], profiles=False,
                 figures_dir=tmp_path / "figures", quiet=True)
    page = (out / "01_corpus_overview.html").read_text(encoding="utf-8")
    assert "init_notebook_mode(" not in page  # a call that appears only in code cells
    assert "data:image/png;base64" in page


def test_strip_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=3)]
    nb.cells = [cell]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert report.strip_outputs(tmp_path) == [path]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["cells"][0]["outputs"] == [] and data["cells"][0]["execution_count"] is None
    assert report.strip_outputs(tmp_path) == []


def test_gallery_is_written_by_notebooks_and_shown_in_readme():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "notebooks").glob("*.ipynb"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in report.GALLERY:
        assert f'\\"{name}\\"' in sources, f"no notebook saves figure {name}"
        assert f"figures/gallery/{name}.png" in readme, f"README gallery lacks {name}"
        assert (ROOT / "figures" / "gallery" / f"{name}.png").exists(), f"run `make report` to create {name}"
