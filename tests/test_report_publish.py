"""The report as researchers publish and cite it (issue 25) and as an attacker's corpus meets it
(issue 26, point 7).

Two sites are built here, each once per run:

- ``kinds_site``: ``cppcc report --skip-bad`` on pages of other kinds (a byline speech, a news report, a work
  report, a Traditional page without a header, an ambiguous district) plus an empty file: the final
  acceptance test of issue 25 (it finishes; no page holds a traceback, an error or a warning box; every
  page is citable; documents are called by their kinds);
- ``hostile_site``: a corpus whose quoted terms, file name and manifest units hold Markdown links
  (``[看](javascript:…)``), images (``![](http://…)``) and ``<script>``: no page of the report holds a
  ``javascript:`` URL or anything that loads from the network.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import cppcc
from cppcc.report.finish import CSP, add_alt_text, finish_page, scrub_html, take_notes

ROOT = Path(__file__).resolve().parents[1]
KINDS = ROOT / "tests" / "fixtures" / "corpus_kinds"
HOSTILE = ROOT / "tests" / "fixtures" / "report" / "hostile"
NOTEBOOK_NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != "region_profile")

# the two sites are built once, on one worker (make test runs pytest with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("report_publish")


def _cli(*args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cppcc.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT / "tests")  # another folder than the checkout


def _pages(out: Path, docs: bool = True) -> list[Path]:
    """The site's pages (with the documentation pages of ``docs/`` when ``docs``)."""
    return sorted(p for p in out.rglob("*.html")
                  if docs or "docs" not in p.relative_to(out).parts[:-1])  # docs/ and its sub-folders


def _text(page: Path) -> str:
    """The text a reader sees on a page: tags, scripts and code (``<pre>``) removed, entities decoded."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", raw, flags=re.S)  # no code, no scripts
    text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return " ".join(text.split())


# --------------------------------------------------------------------------- the parts, without a build
def test_warnings_tracebacks_and_widgets_leave_the_page():
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text=(
            "/lib/cppcc/source.py:63: CorpusWarning: /c/kinds/a.txt: line 13: region '新华区' names more "
            "than one administrative division; its name fields are left empty\n"
            "  return read[table](self.path, errors=self.errors)\n"
            "/pandas/core/frame.py:10: FutureWarning: Downcasting object dtype arrays is deprecated\n")),
        nbformat.v4.new_output("display_data", data={
            "text/plain": "VBox(children=(HBox(children=(Text(value='委员之家'",
            "application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2}}),
        nbformat.v4.new_output("error", ename="ValueError", evalue="no speeches",
                               traceback=["\x1b[31mTraceback (most recent call last)", "  File x, line 1"]),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    notes = take_notes(nb, "06_explorer")
    assert [(n["file"], n["line"]) for n in notes] == [("/c/kinds/a.txt", 13), ("06_explorer (cell 0)", None)]
    assert notes[0]["note"].startswith("CorpusWarning: region '新华区'")
    assert notes[1]["note"] == "FutureWarning: Downcasting object dtype arrays is deprecated"
    kinds = [o.output_type for o in nb.cells[0].outputs]
    assert kinds == ["display_data", "error"]  # the stderr box is gone
    assert "VBox" not in str(nb.cells[0].outputs[0]) and "JupyterLab" in str(nb.cells[0].outputs[0])
    assert nb.cells[0].outputs[1]["traceback"] == ["ValueError: no speeches"]  # one line


def test_figures_are_described_by_their_captions():
    fig = nbformat.v4.new_code_cell("plot()")
    fig.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"}),
                   nbformat.v4.new_output("display_data",
                                          data={"text/markdown": "**委员之家** occurs 9 times."})]
    lone = nbformat.v4.new_code_cell("plot()")
    lone.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Where the term is used"), fig,
                                         nbformat.v4.new_markdown_cell("## Last"), lone])
    assert add_alt_text(nb) == 2
    assert fig.outputs[0].metadata["image/png"]["alt"] == "Figure: 委员之家 occurs 9 times."
    assert lone.outputs[0].metadata["image/png"]["alt"] == "Figure: Last"


def test_the_html_pass_removes_script_urls_and_remote_loads():
    page = ('<html lang="en"><head><title>t</title></head><body>'
            '<a href="javascript:alert(1)">看</a><a href=" JAVASCRIPT:alert(2)">b</a>'
            '<a href="&#106;avascript:alert(3)">c</a><img src="http://example.invalid/t.png">'
            '<img src="//example.invalid/u.png"><a href="02.html#x">ok</a>'
            '<img src="data:image/png;base64,AA">'
            "</body></html>")
    out = finish_page(page, citation="<footer>cite</footer>")
    assert "javascript" not in out.lower() and "example.invalid" not in out
    assert 'href="02.html#x"' in out and 'src="data:image/png;base64,AA"' in out
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in out
    assert "connect-src 'none'" in CSP and "http" not in CSP and "default-src 'none'" in CSP
    assert scrub_html('<a href="https://example.org/">x</a>') == '<a href="https://example.org/">x</a>'


def test_markdown_in_corpus_text_stays_text():
    from cppcc.prose import sentence
    from cppcc.report.render import prepare_notebook, sanitize_html

    said = sentence("The term {t} is quoted.", t="[看](javascript:alert(1)) ![](http://x.invalid/a.png)")
    rendered = sanitize_html(cppcc.report.render.notebook_html(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(said)]), "t"))
    assert "javascript:alert" in rendered  # shown, as text ...
    assert not re.search(r'<a[^>]+href="javascript', rendered) and "<img" not in rendered  # ... never live
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Region profile")])
    prepare_notebook(nb, show_seed=False, title="Region profile: [看](javascript:x)")
    assert nb.cells[0].source == "# Region profile: \\[看\\](javascript:x)"


def test_every_page_bad_stops_with_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    run = _cli("report", "--corpus", str(corpus), "--out", str(tmp_path / "site"), "--skip-bad", timeout=300)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "no readable document" in lines[0] and "empty.txt" in lines[0] and "binary.txt" in lines[0]
    assert not (tmp_path / "site" / "01_corpus_overview.html").exists()  # stopped before any notebook


def test_every_notebook_takes_the_errors_parameter():
    for name in [*NOTEBOOK_NAMES, "region_profile"]:
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        params = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assert re.search(r"^ERRORS = \"raise\"$", params, re.M), f"{name} has no ERRORS parameter"
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "open_corpus(CORPUS, STORE, ERRORS)" in code, f"{name} ignores ERRORS"


# --------------------------------------------------------------------------- the acceptance site
@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kinds")
    corpus = tmp / "corpus"
    shutil.copytree(KINDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp / "site"
    run = _cli("report", "--corpus", str(corpus), "--out", str(out), "--skip-bad")
    return out, run


def test_report_on_other_kinds_and_an_empty_file_finishes_clean(kinds_site):
    out, run = kinds_site
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    pages = _pages(out, docs=False)  # the documentation pages (docs/) are the project's own text
    docs = cppcc.load_speeches(KINDS)
    assert len(pages) == 1 + len(NOTEBOOK_NAMES) + len(docs)
    box = re.compile(r'data-mime-type="application/vnd\.jupyter\.(?:stderr|error)"|'
                     r'class="[^"]*OutputArea-stderr')
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        text = _text(page)
        if page.name == "index.html":  # its notes table is where the warnings go
            text = text[:text.index("Notes on the pages")] + text[text.index("BibTeX (also as"):]
        assert not box.search(raw), f"{page.name}: a stderr or error box: {box.search(raw).group(0)}"
        for word in ("Traceback", "CorpusWarning", "FutureWarning", "UserWarning", "VBox(children",
                     "warnings.warn", "site-packages", "/lib/cppcc/"):
            assert word not in text, f"{page.name} shows {word!r}"


def test_warnings_are_gathered_in_one_notes_table(kinds_site):
    out, _ = kinds_site
    index = (out / "index.html").read_text(encoding="utf-8")
    notes = index[index.index('id="notes"'):]
    assert "Notes on the pages" in index
    assert "empty.txt" in notes and "file is empty" in notes  # the skipped page
    assert "新华区" in notes and "<td>13</td>" in notes  # the ambiguous district, with its line
    assert "no speech header" in notes
    assert notes.count("file is empty") == 1  # one row per note, however many notebooks saw it


def test_every_page_is_citable(kinds_site):
    out, _ = kinds_site
    from cppcc._version import __version__

    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fingerprints = set()
    for page in _pages(out):
        raw = page.read_text(encoding="utf-8")
        assert f"Built with cppcc {__version__} on " in raw, page.name
        assert re.search(r"on \d{4}-\d{2}-\d{2} by <code>cppcc report --corpus ", raw), page.name
        assert "by <code>make report" not in raw, f"{page.name} names a command that did not build it"
        fingerprints |= set(re.findall(r"sha256:([0-9a-f]{64})", raw))
        assert "(7 pages, 11 documents;" in raw, page.name
        assert html.escape(cff.splitlines()[1]) in raw, f"{page.name} lacks the CITATION.cff text"
        assert "No description has been provided" not in raw
        for alt in re.findall(r'<img[^>]*\balt="([^"]*)"', raw):
            assert alt.strip() and alt != "A figure of this page", f"{page.name}: a figure without a caption"
        assert '<html lang="en">' in raw, page.name
        body = re.sub(r'<span lang="zh">[^<]*</span>|<(script|style|pre|code|title)\b.*?</\1>', " ", raw,
                      flags=re.S)
        unmarked = re.findall(r"[\u4e00-\u9fff]+", re.sub(r"<[^>]+>", " ", body))
        assert not unmarked, f"{page.name}: Chinese outside a lang=zh span: {unmarked[:5]}"
    assert len(fingerprints) == 1  # one corpus, one fingerprint on every page
    index = (out / "index.html").read_text(encoding="utf-8")
    bib = (out / "cppcc.bib").read_text(encoding="utf-8")
    assert bib.startswith("@software{cppcc,") and f"version = {{{__version__}}}" in bib
    assert 'href="cppcc.bib"' in index and html.escape(bib.splitlines()[0]) in index


def test_documents_are_called_by_their_kinds(kinds_site):
    out, _ = kinds_site
    index = _text(out / "index.html")
    assert "11 documents: 8 speeches, " in index
    assert all(kind in index for kind in ("1 work report", "1 news report", "1 other document"))
    assert "one page per document" in index and "one page per speech" not in index
    overview = _text(out / "01_corpus_overview.html")
    assert "The corpus holds 11 documents: 8 speeches" in overview
    assert "edited speeches" not in overview
    for page in _pages(out, docs=False):  # the seed's caveat ("edited speech digests"), not of another corpus
        assert "edited speech digest" not in _text(page).lower(), page.name
    explorer = _text(out / "06_explorer.html")
    assert "edited speech digests" not in explorer and " nan " not in f" {explorer} "
    docs = cppcc.load_speeches(KINDS)
    for page in (out / "regions").glob("*.html"):
        text = _text(page)
        for phrase in ("unknown speaker", "an unidentified unit", "edited speech digest", "nan level",
                       "unknown level"):
            assert phrase not in text, f"{page.name}: {phrase!r}"
    news = _text(out / "regions" / "news_lead-01.html")
    assert "a news report" in news
    other = _text(out / "regions" / "other_traditional_gb-01.html")
    assert "naming no speaker and no unit" in other and " speaker)" not in other
    headline_free = docs.loc[docs["headline"].isna(), "doc_id"]
    for doc_id in headline_free:
        assert f">{doc_id}</a>" not in (out / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the hostile site
@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "site"
    run = _cli("report", "--corpus", str(HOSTILE), "--out", str(out), "--skip-bad")
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def test_hostile_corpus_yields_no_script_url_and_no_remote_request(hostile_site):
    pages = _pages(hostile_site)
    assert len(pages) >= 1 + len(NOTEBOOK_NAMES) + 3
    url_attr = re.compile(r"""\s(?:href|src|action|formaction|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
                          re.I)
    loads = re.compile(r"<(?:img|script|iframe|link|source|video|audio|embed|object)\b[^>]*>", re.I)
    shown = 0
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert f'content="{CSP}"' in raw, f"{page.name} has no Content-Security-Policy"
        for value in url_attr.findall(raw):
            value = html.unescape(value.strip("\"'")).strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text/html")), (page.name, value)
        for tag in loads.findall(raw):
            for value in url_attr.findall(tag):
                value = html.unescape(value.strip("\"'")).strip().lower()
                assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", value), f"{page.name} loads {value}"
        assert not re.search(r"<script>\s*alert", raw) and not re.search(r"<img[^>]*onerror", raw, re.I)
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", raw), f"{page.name} loads a remote CSS resource"
        shown += "javascript:alert" in _text(page)
    assert shown >= 3  # the hostile text is there, shown as text


def test_hostile_file_names_and_units_get_profiles(hostile_site):
    profiles = sorted((hostile_site / "regions").glob("*.html"))
    assert len(profiles) == len(cppcc.load_speeches(HOSTILE))
    for page in profiles:
        assert "(" not in page.name and "[" not in page.name and ":" not in page.name


# --------------------------------------------------------------------------- one resolution, the library
def test_an_ambiguous_district_has_one_resolution_everywhere(kinds_site):
    """The index, notebook 01 and the profiles take unit and level from cppcc.units.regional_units, as
    02 and 03 do: 新华区 (three districts of that name) has no level anywhere, 鼓楼区 (resolved from its
    page's context to Nanjing) is the same county everywhere."""
    from cppcc.report.builder import _documents_meta
    from cppcc.units import regional_units

    docs = cppcc.load_speeches(KINDS)
    meta = {m["doc_id"]: m for m in _documents_meta(docs)}
    units = regional_units(docs).set_index("doc_id")
    for doc_id, m in meta.items():
        assert (m["unit"], m["level"]) == (units.loc[doc_id, "unit"], units.loc[doc_id, "level"]), doc_id
    assert docs.set_index("doc_id").loc["digest_ambiguous-02", "level"] == "county"  # what the loader guessed
    assert meta["digest_ambiguous-02"]["level"] is None and meta["digest_ambiguous-02"]["unit"] is None
    assert meta["digest_ambiguous-01"]["unit"] == "江苏省南京市鼓楼区"
    out, _ = kinds_site
    index = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td>李强</td>.*?</tr>", re.sub(r"</?span[^>]*>", "", index), re.S).group(0)
    assert "<td>新华区 (not resolved to one unit)</td><td></td>" in row
    overview = _text(out / "01_corpus_overview.html")
    assert "with no resolved unit" in overview and "unknown level" not in overview
    profile = _text(out / "regions" / "digest_ambiguous-02.html")
    said = "李强 (chair) of the CPPCC of 新华区 (a name that resolves to no single unit) : a speech"
    assert said in profile


def test_reuse_summary_takes_the_reference_texts_as_given():
    import pandas as pd

    docs = pd.DataFrame({"doc_id": ["a", "b"], "region": ["甲县", "乙县"], "text": [
        "我们推开了村级协商议事会，每个村每年至少开展两次协商活动。其他内容。",
        "另一段完全不同的文字，讲的是别的事情，没有共同的段落。"]})
    central = pd.DataFrame({"doc_id": ["central"],
                            "text": ["党中央要求推开村级协商议事会，每个村每年至少开展两次协商活动。"]})
    echoes = cppcc.text_reuse(docs, reference=central)
    with pytest.raises(ValueError, match="pass them as reference="):
        cppcc.reuse_summary(echoes, docs)  # the old way fails with a hint ...
    summary = cppcc.reuse_summary(echoes, docs, reference=central)  # ... the new way works
    concatenated = cppcc.reuse_summary(echoes, pd.concat([docs, central], ignore_index=True))
    assert summary[["unit_a", "unit_b", "passages", "chars"]].values.tolist() == [["甲县", "central", 1, 24]]
    pd.testing.assert_frame_equal(summary, concatenated, check_like=True)


# --------------------------------------------------------------------------- the explorer
@pytest.fixture(scope="module")
def seed_tables():
    speeches = cppcc.load_speeches()
    return speeches, cppcc.tokens(speeches, cache=True)


def test_explorer_pages_through_every_kwic_line(seed_tables):
    from cppcc.widgets import term_explorer

    speeches, toks = seed_tables
    lines = cppcc.term_report("政协", speeches, toks)["kwic"]
    assert len(lines) > 25  # more than a page
    ui = term_explorer(speeches, toks, query="政协", lookup=True, page_size=10)
    assert ui.where.value.strip("&nbsp;") == f"lines 1–10 of {len(lines)}"
    assert ui.previous.disabled and not ui.next.disabled and ui.pager.layout.display == "flex"
    seen = []
    while True:
        seen += re.findall(r"<tr><td.*?</tr>", ui.kwic.value)
        if ui.next.disabled:
            break
        ui.next.click()
    assert len(seen) == len(lines)  # every line reachable, none twice
    assert ui.where.value.strip("&nbsp;").endswith(f"of {len(lines)}") and not ui.previous.disabled
    ui.previous.click()
    assert ui.where.value.strip("&nbsp;").startswith(f"lines {(len(lines) - 1) // 10 * 10 - 9}–")


def test_explorer_never_shows_an_earlier_terms_tables(seed_tables, monkeypatch):
    """A lookup overtaken by a newer one (the grouping changed, then a term typed before the first
    answer came) writes nothing: the summary and the tables are the last term's."""
    from cppcc import widgets

    speeches, toks = seed_tables
    ui = widgets.term_explorer(speeches, toks, query="委员之家", lookup=True)
    assert "委员之家" in ui.kwic.value and ui.cooccurring.value
    real = widgets.explorer_lookup
    calls = []

    def slow_lookup(term, *args, **kw):  # the first answer arrives after the user typed a new term
        calls.append(term)
        if len(calls) == 1:
            ui.box.value = "不存在的词"  # runs the newer lookup now, inside the older one
        return real(term, *args, **kw)

    monkeypatch.setattr(widgets, "explorer_lookup", slow_lookup)
    ui.group.value = "level"  # the older lookup, of 委员之家
    assert calls == ["委员之家", "不存在的词"]
    assert ui.summary.value == "不存在的词: 0 occurrences in 0 documents."
    assert ui.kwic.value == "" and ui.cooccurring.value == "" and ui.image.layout.display == "none"


def test_static_kwic_reads_as_a_concordance(kinds_site):
    out, _ = kinds_site
    page = (out / "06_explorer.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="cppcc-kwic".*?</table>', page, re.S).group(0)
    head = re.findall(r"<th style=\"([^\"]*)\">(\w+)</th>", table)
    styles = {name: style for style, name in head}
    assert "text-align:right !important" in styles["left"] and "white-space:nowrap" in styles["match"]
    assert "text-align:left !important" in styles["right"]


def test_a_page_that_names_the_policy_still_gets_it():
    """The policy is added unless the page holds the tag itself: a page (or corpus text on it) that only
    mentions "Content-Security-Policy" by name must not switch it off."""
    from cppcc.report.finish import finish_page

    page = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"/></head>'
            "<body><p>Content-Security-Policy: none</p></body></html>")
    once = finish_page(page)
    assert f'content="{CSP}"' in once
    assert finish_page(once).count('http-equiv="Content-Security-Policy"') == 1


def test_the_citation_names_make_only_when_the_report_target_ran(monkeypatch):
    """`make test` sets MAKELEVEL for every command its tests start: that alone must not turn the
    command line into "make report (…)"; the Makefile's report target says so with CPPCC_MAKE_TARGET."""
    from cppcc.report.builder import _command

    monkeypatch.delenv("CPPCC_MAKE_TARGET", raising=False)
    monkeypatch.setenv("MAKELEVEL", "1")
    assert _command("cppcc", ["report", "--corpus", "my pages"]) == "cppcc report --corpus 'my pages'"
    monkeypatch.setenv("CPPCC_MAKE_TARGET", "report")
    assert _command("python -m cppcc.report", ["--out", "reports"]) == (
        "make report (python -m cppcc.report --out reports)")
    assert "CPPCC_MAKE_TARGET=report" in (ROOT / "Makefile").read_text(encoding="utf-8")
