"""The report builder: every notebook executes without error, missing glyph or missing figure; the
site is complete; corpus text is escaped; code can be hidden.

These tests execute the notebooks (this is how `make test` checks them).
"""
from __future__ import annotations

import html
import json
import re
import shutil
import warnings
from pathlib import Path

import nbformat
import pytest
from fontTools.ttLib import TTFont

import cppcc
from cppcc import plots, report

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != report.PROFILE)


def test_every_notebook_has_title_question_and_parameters():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title, question = report.render.notebook_meta(nb)
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
                               text="UserWarning: Glyph 25919 (\\N{CJK UNIFIED IDEOGRAPH-653F}) "
                                    "missing from font(s) DejaVu Sans."),
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
        page = out / "regions" / f"{report.builder._safe(doc_id)}.html"
        assert page.exists(), doc_id
        assert f"regions/{report.builder._safe(doc_id)}.html" in index
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


OWN = ROOT / "tests" / "fixtures" / "report" / "own_corpus"  # pages written for these tests (UTF-8, GB18030)


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    """The full report, profiles included, built on a corpus of other units, speakers and dates."""
    out = tmp_path_factory.mktemp("own_site")
    results = report.build(out, jobs=2, corpus=OWN, quiet=True)
    return out, results


def _site_pages(out: Path) -> list[Path]:
    return [out / "index.html", *sorted(p for p in out.glob("*.html") if p.name != "index.html"),
            *sorted((out / "regions").glob("*.html"))]


def _visible_text(page: Path) -> str:
    """The page's text with HTML entities and JSON \\uXXXX escapes (itables' data) decoded."""
    text = html.unescape(page.read_text(encoding="utf-8"))
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def _absent_from(corpus: Path, seed_vocab: dict[str, set[str]]) -> dict[str, set[str]]:
    sp, pages = cppcc.load_speeches(corpus), cppcc.load_pages(corpus)
    cols = ["text", "headline", "summary", "speaker", "region", "province", "prefecture", "county"]
    here = " ".join(sp[cols].fillna("").to_numpy().ravel())
    here += " ".join(pages["title"].fillna("")) + " ".join(pages["date"].fillna(""))
    return {kind: {w for w in words if w not in here} for kind, words in seed_vocab.items()}


def test_explorer_on_another_corpus_names_nothing_of_the_seed(own_site, seed_vocab):
    out, _ = own_site
    text = _visible_text(out / "06_explorer.html")
    absent = _absent_from(OWN, seed_vocab)
    assert not [w for words in absent.values() for w in words if w in text]


def test_report_on_another_corpus_names_nothing_of_the_seed(own_site, seed_vocab):
    out, results = own_site
    sp = cppcc.load_speeches(OWN)
    absent = _absent_from(OWN, seed_vocab)
    # the check has teeth: the seed's speakers, units, date and formulas are not in this corpus
    assert {"李银峰", "江泽林"} <= absent["speaker"] and {"临沧", "Jilin"} <= absent["unit"]
    assert "2020-08-24" in absent["date"] and {"两个薄弱", "不建机构建机制"} <= absent["phrase"]
    site = _site_pages(out)
    assert len(site) == 1 + len(NOTEBOOK_NAMES) + len(sp)
    for page in site:
        text = _visible_text(page)
        assert "Reading of the 2020-08-24 digest" not in text, page.name
        for kind, words in absent.items():
            named = sorted(w for w in words if w in text)
            assert not named, f"{page.name} names the seed's {kind} {named}, absent from this corpus"
    assert all(not r.problems for r in results)


def test_seed_readings_are_shown_on_the_seed(site):
    out, _ = site
    for name in ("01_corpus_overview", "03_regional_comparison"):
        assert "Reading of the 2020-08-24 digest" in (out / f"{name}.html").read_text(encoding="utf-8")


def test_site_is_offline_navigable_and_hides_code(own_site):
    out, _ = own_site
    remote = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.I)
    font = out / report.WEBFONT_PATH  # the CJK subset for readers without a CJK font (tests/test_webfont.py)
    cmap = {chr(c) for c in TTFont(font).getBestCmap()}
    source = {chr(c) for c in report.webfont._open_font(plots.setup_fonts(session=False)).getBestCmap()}
    for page in _site_pages(out):
        text = page.read_text(encoding="utf-8")
        assert not remote.search(text), f"{page.name} loads {remote.search(text).group(0)}"
        assert "Noto Sans CJK SC" in text, f"{page.name} names no CJK font"
        url = re.search(r'@font-face \{[^}]*url\("([^"]+)"\)', text).group(1)
        assert not url.startswith(("/", "http")) and (page.parent / url).resolve() == font.resolve()
        missing = (set(re.findall(r"[\u3400-\u9fff]", _visible_text(page))) & source) - cmap
        assert not missing, f"{page.name}: the subset lacks {sorted(missing)[:10]}"
        if page.name == "index.html":
            continue
        back = "index.html" if page.parent == out else "../index.html"
        assert f'href="{back}"' in text, f"{page.name} has no link back to the index"
        assert 'id="cppcc-toggle-code"' in text
        assert "cppcc-hide-code" in re.search(r"<body[^>]*>", text).group(0), "code is not hidden by default"
        assert "<summary>Contents</summary>" in text, f"{page.name} has no table of contents"
    first, second = (out / f"{n}.html" for n in NOTEBOOK_NAMES[:2])
    assert f'href="{second.name}"' in first.read_text(encoding="utf-8")
    assert f'href="{first.name}"' in second.read_text(encoding="utf-8")


def test_profile_pages_are_titled_and_show_their_parameters_once(own_site):
    out, _ = own_site
    for _, row in cppcc.load_speeches(OWN).iterrows():
        page = (out / "regions" / f"{report.builder._safe(row['doc_id'])}.html").read_text(encoding="utf-8")
        title = f"Region profile: {row['speaker']} · {row['region']}"
        assert f"<title>{title}</title>" in page
        assert re.search(rf"<h1[^>]*>{re.escape(title)}", re.sub(r'</?span( lang="zh")?>', "", page))
        code = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert code.count("FIGURES_DIR = ") == 1, "the parameters cell is shown twice"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<td>chair</td>" in index and "主席" not in index


def test_tables_and_english_of_the_report(own_site):
    out, _ = own_site
    for page in _site_pages(out):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<td>\s*(NaN|None|nan)\s*</td>", text), f"{page.name} shows NaN/None"
        markdown = re.compile(r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>(.*?)</div>',
                              re.S)
        prose = " ".join(markdown.findall(text))
        prose = html.unescape(re.sub(r"<[^>]+>", "", prose))
        assert not re.search(r"\w\((?:es|s)\)", prose), f"{page.name}: {re.search(r'.{30}[(]e?s[)]', prose)}"
        assert not re.search(r"[A-Za-z)]、|、[A-Za-z(]", prose), f"{page.name}: 、 in an English sentence"


def test_cli_names_an_unreadable_page_in_one_line(tmp_path):
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    shutil.copytree(OWN, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    args = [sys.executable, "-m", "cppcc.report", "--corpus", str(corpus), "--out", str(tmp_path / "site"),
            "--no-profiles", "--notebook", "01_corpus_overview"]
    bad = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert "empty.txt" in bad.stderr and "--skip-bad" in bad.stderr
    ok = subprocess.run(args + ["--skip-bad"], capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "empty.txt" in ok.stderr  # the skipped file is named in a warning
    assert (tmp_path / "site" / "01_corpus_overview.html").exists()


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


def test_docs_are_rendered_as_pages_of_the_site(tmp_path):
    """docs/*.md become offline pages (the notebooks' nbconvert machinery, HTML sanitised), linked
    from the index and to each other."""
    from cppcc.report.render import add_navigation, index_page

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "methods.md").write_text(
        "# Methods\n\n## Keyness\n\nSee the [API guide](api.md#top), `a<b>` and 政协.\n\n"
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n", encoding="utf-8")
    (docs / "api.md").write_text("# API guide\n\nNo heading link here.\n", encoding="utf-8")
    out = tmp_path / "site"
    pages = report.write_docs(out, docs)
    assert [(p.title, p.html.name) for p in pages] == [("API guide", "api.html"), ("Methods", "methods.html")]
    page = (out / "docs" / "methods.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img" not in page  # our own files, still escaped
    assert 'href="api.html#top"' in page and "a&lt;b&gt;" in page and "政协" in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', page)  # nothing from the network
    nav = add_navigation(page, "../index.html", code=False)
    assert 'href="../index.html"' in nav and "cppcc-toggle-code" not in nav and 'href="#Keyness"' in nav
    index = index_page([], [], "the project corpus (corpus/)", pages)
    assert '<a href="docs/api.html">API guide</a>' in index
    assert '<a href="docs/methods.html">Methods</a>' in index
    assert report.write_docs(out, tmp_path / "no-docs") == [] and report.write_docs(out, None) == []


def test_docs_of_a_sub_folder_are_pages_linked_both_ways(tmp_path):
    docs = tmp_path / "docs"
    (docs / "benchmarks").mkdir(parents=True)
    (docs / "benchmarks.md").write_text("# Benchmarks\n\nSee [the store](benchmarks/store.md).\n",
                                        encoding="utf-8")
    (docs / "benchmarks" / "store.md").write_text("# Store\n\nBack to [all](../benchmarks.md#top).\n",
                                                  encoding="utf-8")
    out = tmp_path / "site"
    pages = report.write_docs(out, docs)
    assert [p.html.name for p in pages] == ["benchmarks.html"]  # the index lists the folder's own pages
    top = (out / "docs" / "benchmarks.html").read_text(encoding="utf-8")
    sub = (out / "docs" / "benchmarks" / "store.html").read_text(encoding="utf-8")
    assert 'href="benchmarks/store.html"' in top and 'href="../benchmarks.html#top"' in sub
