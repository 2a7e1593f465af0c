"""The report's CJK web font: a WOFF2 subset of the figures' font, linked relatively from every page.

Fast: a three-page site written here (index, a notebook page, a profile one folder down), never the
notebooks themselves; tests/test_report.py checks the same on a built site.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from cppcc import report

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")

# pages in our own words: Chinese as text, as entities (&#21327; 协, &#x4F1A; 会), as itables-style JSON
# escapes (\u59d4\u5458 委员) and one character beyond the BMP as a surrogate pair (\ud842\udfb7 𠮷)
PAGES = {
    "index.html": "<html><head><title>目录</title></head><body><h1>政&#21327;报告</h1>"
                  "<p>Index — 索引</p></body></html>",
    "01_overview.html": '<html><head></head><body><p>地方政协的协商&#x4F1A;议。</p><script>'
                        'var data = [["\\u59d4\\u5458", "\\ud842\\udfb7"]];</script></body></html>',
    "regions/p-01.html": "<html><head></head><body><table><tr><td>县级</td><td>“有事好商量”</td></tr>"
                         "</table><img alt=\"图一\" src=\"data:image/png;base64,AAAA\"></body></html>",
}


def _site(root: Path) -> list[Path]:
    pages = []
    for name, text in PAGES.items():
        page = root / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
        pages.append(page)
    return pages


def _text(page: Path) -> str:
    """Visible text of a page, entities and JSON escapes decoded (surrogate pairs joined)."""
    raw = html.unescape(page.read_text(encoding="utf-8"))
    raw = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw)
    return raw.encode("utf-16", "surrogatepass").decode("utf-16")


def test_page_characters_reads_text_entities_and_json_escapes():
    chars = report.page_characters(PAGES.values())
    assert {"协", "会", "委", "员", "𠮷", "。"} <= chars  # entity, JSON and astral forms
    assert "".join(sorted(chars)) == "".join(sorted("目录政协报告索引地方的商会议。委员𠮷县级有事好量图一"))
    assert not {"“", "”", "—"} & chars  # Latin punctuation is left to the reader's fonts


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pages = _site(out)
    font = report.embed_webfont(out, pages, quiet=True)
    return out, pages, font


def test_subset_covers_every_cjk_character_of_the_pages(site):
    out, pages, font = site
    assert font is not None and font.path == out / "assets" / "cjk-subset.woff2"
    with open(font.path, "rb") as fh:
        assert fh.read(4) == b"wOF2"
    cmap = {chr(c) for c in TTFont(font.path).getBestCmap()}
    cjk = {c for p in pages for c in CJK.findall(_text(p))}
    assert len(cjk) == 26 and "𠮷" in cjk
    assert cjk <= cmap, sorted(cjk - cmap)
    # exactly the pages' characters: not the 30,000 of the source font
    assert cmap == report.page_characters(p.read_text(encoding="utf-8") for p in pages) - set(font.missing)
    assert font.characters == len(cmap) and font.size == font.path.stat().st_size < 20_000
    print(font)


def test_every_page_links_the_subset_relatively_and_nothing_remote(site):
    out, pages, font = site
    cmap = {chr(c) for c in TTFont(font.path).getBestCmap()}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        faces = re.findall(r"@font-face \{[^}]*\}", text)
        assert len(faces) == 1, page
        face = faces[0]
        assert f'font-family: "{report.WEBFONT_FAMILY}"' in face
        url = re.search(r'url\("([^"]+)"\) format\("woff2"\)', face).group(1)
        assert url == ("../assets/cjk-subset.woff2" if page.parent != out else "assets/cjk-subset.woff2")
        assert (page.parent / url).resolve() == font.path.resolve()
        assert face.index('local("Noto Sans CJK SC")') < face.index("url(")  # the reader's own font first
        assert not re.search(r"https?:|//", face) and "http" not in text, page
        ranges = re.search(r"unicode-range: ([^;]+);", face).group(1).split(",")
        covered = set()
        for r in ranges:
            a, _, b = r.removeprefix("U+").partition("-")
            covered |= {chr(i) for i in range(int(a, 16), int(b or a, 16) + 1)}
        assert covered == cmap
    # the family leads both stacks (Chromium never reaches a web font named after an installed font)
    assert report.FONT_STACK.startswith(f'"{report.WEBFONT_FAMILY}", ')
    assert report.MONO_STACK.startswith(f'"{report.WEBFONT_FAMILY}", ')


def test_embedding_again_replaces_the_rule_and_the_subset_is_reproducible(site, tmp_path):
    out, pages, font = site
    first = hashlib.sha256(font.path.read_bytes()).hexdigest()
    again = report.embed_webfont(out, pages, quiet=True)
    assert hashlib.sha256(again.path.read_bytes()).hexdigest() == first  # no timestamp in the file
    assert all(p.read_text(encoding="utf-8").count("@font-face") == 1 for p in pages)
    other = report.embed_webfont(tmp_path, _site(tmp_path), quiet=True)
    assert other.path.read_bytes() == font.path.read_bytes()


def test_without_a_cjk_font_the_site_is_built_without_one_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(report.webfont, "_cjk_font", lambda: None)
    pages = _site(tmp_path)
    assert report.embed_webfont(tmp_path, pages) is None
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no CJK font" in err
    assert not (tmp_path / "assets").exists()
    assert [p.read_text(encoding="utf-8") for p in pages] == list(PAGES.values())


def test_pages_without_chinese_need_no_font(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><head></head><body>plain English</body></html>", encoding="utf-8")
    assert report.embed_webfont(tmp_path, [page], quiet=True) is None
    assert "@font-face" not in page.read_text(encoding="utf-8")


TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Debian's fonts-noto-cjk (make browser)


@pytest.mark.skipif(not os.path.isfile(TTC), reason="needs Debian's fonts-noto-cjk (make browser)")
def test_a_font_collection_gives_its_simplified_chinese_face(tmp_path):
    pages = _site(tmp_path)
    font = report.embed_webfont(tmp_path, pages, font=TTC, quiet=True)
    sub = TTFont(font.path)
    assert sub["name"].getDebugName(1) == "Noto Sans CJK SC"
    assert {c for p in pages for c in CJK.findall(_text(p))} <= {chr(c) for c in sub.getBestCmap()}


# ---------------------------------------------------------------- in a browser without a CJK font
CHROMIUM = Path(os.environ.get("CPPCC_CHROMIUM", "/usr/bin/chromium"))
_FONTCONFIG = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{dir}</dir><cachedir>{cache}</cachedir></fontconfig>
"""
# elements drawn on screen with Chinese text of their own, marked, with the number of characters beyond
# ASCII of their text (Chromium's DevTools protocol then tells the fonts that drew them)
_CJK_NODES = r"""Array.from(document.querySelectorAll('body *'))
  .filter(e => e.checkVisibility() && Array.from(e.childNodes).some(
    n => n.nodeType === 3 && /[\u4e00-\u9fff]/.test(n.textContent)))
  .map((e, i) => {
    e.setAttribute('data-cjk', i);
    return [i, [...e.textContent].filter(c => /[\u3000-\u9fff\uff00-\uffef]/.test(c)).length];
  })"""


def _notebook_page(title: str) -> str:
    """A page rendered as the report renders a notebook (nbconvert, offline template, site style)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output("stream", name="stdout", text="委员人数：12\n")
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\n## 协商平台\n\n各地政协搭建**议事平台**。"),
                nbformat.v4.new_code_cell("print('委员人数：12')", outputs=[out], execution_count=1)]
    return report.add_navigation(report.render.notebook_html(nb, title), "../index.html")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium (make browser installs Debian's)")
def test_a_reader_without_cjk_fonts_sees_chinese_not_boxes(tmp_path):
    """Chromium with matplotlib's DejaVu fonts only: every Chinese text is drawn with the subset."""
    import functools
    import http.server
    import threading

    import matplotlib
    from playwright.sync_api import sync_playwright

    site = tmp_path / "site"
    (site / "regions").mkdir(parents=True)
    rendered = _notebook_page("地区概况：测试县")
    pages = {"regions/p-01.html": rendered, "bare.html": rendered}
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    assert report.embed_webfont(site, [site / "regions" / "p-01.html"], quiet=True) is not None
    conf = tmp_path / "fonts.conf"  # a reader's system with no CJK font
    conf.write_text(_FONTCONFIG.format(dir=Path(matplotlib.get_data_path()) / "fonts" / "ttf",
                                       cache=tmp_path / "fc-cache"), encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    drawn, requests, failure = {}, [], []

    def drive() -> None:  # in a thread of its own: another test's Playwright may hold this thread's loop
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                            args=["--no-sandbox", "--disable-gpu"],
                                            env={**os.environ, "FONTCONFIG_FILE": str(conf)})
                page = browser.new_page()
                page.on("request", lambda r: requests.append(r.url))
                cdp = page.context.new_cdp_session(page)
                for name in pages:
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{name}", wait_until="load")
                    page.evaluate("document.fonts.ready")
                    marks = page.evaluate(_CJK_NODES)
                    cdp.send("DOM.enable")
                    cdp.send("CSS.enable")
                    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
                    fonts = []  # (characters beyond ASCII, glyphs drawn from the subset) per element
                    for i, wide in marks:
                        query = {"nodeId": root, "selector": f'[data-cjk="{i}"]'}
                        node = cdp.send("DOM.querySelector", query)
                        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
                        fonts.append((wide, sum(f["glyphCount"] for f in used if f["isCustomFont"])))
                    drawn[name] = (len(marks), fonts)
                browser.close()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            failure.append(exc)

    try:
        worker = threading.Thread(target=drive)
        worker.start()
        worker.join()
    finally:
        server.shutdown()
    if failure:
        raise failure[0]
    count, glyphs = drawn["regions/p-01.html"]
    assert count >= 4  # heading, prose, bold, the printed output (code and contents are folded)
    assert all(wide == subset for wide, subset in glyphs), f"drawn with a system font (boxes): {glyphs}"
    # the test has teeth: the same page without the subset draws no glyph from it
    assert drawn["bare.html"][0] >= 4 and not any(subset for _, subset in drawn["bare.html"][1])
    assert all(u.startswith("http://127.0.0.1:") for u in requests)
    assert any(u.endswith("/assets/cjk-subset.woff2") for u in requests)
