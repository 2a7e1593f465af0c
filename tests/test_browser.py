"""The report site and the explorer as readers meet them: in a real browser (headless Chromium).

Playwright drives the distribution's Chromium (``/usr/bin/chromium``; ``make test`` installs it when it
is missing, see ``Makefile``); it never downloads a browser of its own. One browser serves every test.
The sites are served on 127.0.0.1; every request to another host is aborted and fails the test, so a
page that needs the network fails here.

- every page of the project report loads with no console error and no request leaving the machine,
  every image decodes, and a screenshot of each page goes to ``reports/screenshots/``;
- an interactive table (itables) sorts and filters;
- corpus text holding ``<script>`` and ``<img onerror=…>`` is shown as text and runs nothing;
- a JupyterLab server started here opens notebook 06, runs it, and each term typed into the explorer
  followed by Enter shows one complete figure (non-blank pixels in both panels, top and bottom).
"""
from __future__ import annotations

import functools
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CPPCC_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK_NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != "region_profile")

# browser tests share one worker (one browser, one build): make test runs pytest with --dist loadgroup
pytestmark = pytest.mark.xdist_group("browser")


# --------------------------------------------------------------------------- serving and the browser
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test log clean
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a folder on 127.0.0.1 (a random free port); returns its base URL."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Chromium for the whole run, the system's, with a fresh profile."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium (or set CPPCC_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


class Watched:
    """A page whose console errors, uncaught errors, dialogs and off-machine requests are recorded."""

    def __init__(self, context, allowed_hosts=("127.0.0.1", "localhost")) -> None:
        self.page = context.new_page()
        self.console_errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        self.page.on("dialog", self._dialog)
        self.allowed = set(allowed_hosts)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        scheme = urlsplit(url).scheme
        if scheme in {"data", "blob"} or urlsplit(url).hostname in self.allowed:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def watched(browser):
    pages: list[Watched] = []

    def make(**kw) -> Watched:
        pages.append(Watched(browser, **kw))
        return pages[-1]

    yield make
    for w in pages:
        w.close()


def _images(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.images).map(i => ({
        src: (i.currentSrc || i.src).slice(0, 80), complete: i.complete, width: i.naturalWidth}))""")


def _open(w: Watched, url: str) -> None:
    w.page.goto(url, wait_until="load")
    try:
        w.page.wait_for_load_state("networkidle", timeout=10_000)
    except Exception:  # pragma: no cover - a page that keeps polling; the checks below still apply
        pass
    w.page.wait_for_timeout(300)  # scripts that run after load (itables, MathJax) report their errors


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '__')}.png"), full_page=True)


# --------------------------------------------------------------------------- the project report
@pytest.fixture(scope="session")
def project_url(project_site, serve):
    return serve(project_site[0])


def _site_pages(out: Path) -> list[str]:
    return ["index.html", *(f"{n}.html" for n in NOTEBOOK_NAMES),
            *(f"regions/{p.name}" for p in sorted((out / "regions").glob("*.html")))]


@pytest.mark.parametrize("group", ["index", *NOTEBOOK_NAMES, "regions"])
def test_report_pages_load_offline_with_every_image(group, project_site, project_url, watched):
    out = project_site[0]
    names = [p for p in _site_pages(out) if p.removesuffix(".html") == group or
             (group == "regions" and p.startswith("regions/"))]
    assert names, f"no page for {group}"
    problems = []
    for name in names:
        w = watched()
        _open(w, f"{project_url}/{name}")
        images = _images(w.page)
        broken = [i["src"] for i in images if not (i["complete"] and i["width"] > 0)]
        _screenshot(w.page, name.removesuffix(".html"))
        if w.external:
            problems.append(f"{name}: requests leaving the machine: {sorted(set(w.external))}")
        if w.console_errors:
            problems.append(f"{name}: console errors: {w.console_errors[:5]}")
        if broken:
            problems.append(f"{name}: images that do not decode: {broken}")
        if name != "index.html" and not images:
            problems.append(f"{name}: shows no image")
        w.close()
    assert not problems, "\n".join(problems)


def _itables_page(out: Path) -> str:
    for name in _site_pages(out):
        if "itables" in (out / name).read_text(encoding="utf-8"):
            return name
    pytest.fail("no report page holds an interactive (itables) table")


def test_interactive_table_sorts_and_filters(project_site, project_url, watched):
    out = project_site[0]
    name = _itables_page(out)
    w = watched()
    _open(w, f"{project_url}/{name}")
    page = w.page
    page.wait_for_selector(".dt-container table tbody tr", timeout=15_000)
    table = page.locator(".dt-container").first
    rows = table.locator("table tbody tr")
    cells = table.locator("table tbody tr td:first-child")
    before = cells.all_inner_texts()
    assert len(before) >= 2, f"{name}: the interactive table has fewer than two rows"
    # filter: type a word of the second row's first cell; every row left shows it, and fewer rows remain
    probe = next((t.strip() for t in before[1:] if t.strip() and t.strip() != before[0].strip()), None)
    assert probe, f"{name}: no distinct cell to filter on"
    total_before = page.evaluate("(t) => t.querySelectorAll('tbody tr').length", table.element_handle())
    table.locator(".dt-search input").fill(probe)
    page.wait_for_timeout(400)
    kept = rows.all_inner_texts()
    assert kept and all(probe in r for r in kept), f"{name}: filter on {probe!r} kept {kept[:3]}"
    info = table.locator(".dt-info").inner_text() if table.locator(".dt-info").count() else ""
    assert len(kept) < total_before or "filtered" in info, f"{name}: filtering removed no row ({info})"
    table.locator(".dt-search input").fill("")
    page.wait_for_timeout(300)
    # sort: on the column with the most distinct values shown, one click on the header's sort control
    # (itables makes the arrow, a role=button span, the control) orders it one way, a second click the
    # other way; the header says which (aria-sort)
    ncols = table.locator("thead th").count()
    columns = [table.locator(f"table tbody tr td:nth-child({k + 1})").all_inner_texts() for k in range(ncols)]
    k = max(range(ncols), key=lambda c: len(set(columns[c])))
    assert len(set(columns[k])) >= 2, f"{name}: no column with two distinct values"
    header = table.locator("thead th").nth(k)
    control = header.get_by_role("button")
    col = table.locator(f"table tbody tr td:nth-child({k + 1})")
    firsts, states = [], []
    for _ in range(2):
        control.click()
        page.wait_for_timeout(400)
        firsts.append(col.first.inner_text())
        states.append(header.get_attribute("aria-sort"))
    assert set(states) == {"ascending", "descending"}, f"{name}: header sort states {states}"
    assert firsts[0] != firsts[1], f"{name}: the two sort directions start with the same value {firsts}"
    assert not w.console_errors and not w.external, (w.console_errors, w.external)


# --------------------------------------------------------------------------- untrusted corpus text
# Our own test page: a speech whose text holds markup that must reach the reader as text.
HOSTILE_PAGE = """地方政协工作交流(浏览器测试页)

2022年05月06日 09:30 | 来源:测试站

江苏省政协主席测试者:

“<script>window.__cppcc_xss='script'</script>”议事平台

测试者

一、 建设议事平台<img src=x onerror="window.__cppcc_xss='img'">

一是建设“<b>协商之窗</b>”。二是每季度开展一次协商<img src=y onerror=alert('cppcc')>活动。

二、 健全工作制度

一是健全委员履职档案。二是加强专题调研。
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE_PAGE, encoding="utf-8")
    out = tmp / "site"
    cmd = [sys.executable, "-m", "cppcc.report", "--corpus", str(corpus), "--out", str(out),
           "--notebook", "01_corpus_overview", "--figures-dir", str(tmp / "figures")]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return out


def test_hostile_corpus_text_is_shown_as_text_and_runs_nothing(hostile_site, serve, watched):
    url = serve(hostile_site)
    pages = ["index.html", "01_corpus_overview.html",
             *(f"regions/{p.name}" for p in sorted((hostile_site / "regions").glob("*.html")))]
    assert len(pages) == 3, pages
    shown = ""
    for name in pages:
        w = watched()
        _open(w, f"{url}/{name}")
        _screenshot(w.page, f"hostile__{name.removesuffix('.html')}")
        assert w.page.evaluate("() => window.__cppcc_xss === undefined"), f"{name}: corpus markup ran"
        assert not w.dialogs, f"{name}: corpus markup opened a dialog: {w.dialogs}"
        injected = w.page.evaluate("""() => [
            document.querySelectorAll('img[onerror], b').length,
            Array.from(document.scripts).filter(s => s.textContent.includes('__cppcc_xss')).length]""")
        assert injected == [0, 0], f"{name}: corpus markup became elements: {injected}"
        shown += w.page.inner_text("body")
        w.close()
    assert "<script>" in shown and "onerror" in shown and "<b>" in shown, "the markup is not shown as text"


# --------------------------------------------------------------------------- the explorer in JupyterLab
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with its own config, data and runtime folders and a random token.

    Its root holds a copy of notebook 06 whose figures go to a temporary folder.
    """
    import nbformat

    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "root"
    root.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "06_explorer.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source += f"\nFIGURES_DIR = {str(tmp / 'figures')!r}\n"
    nbformat.write(nb, root / "06_explorer.ipynb")
    token, port = uuid.uuid4().hex, _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "ws"),
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    env.pop("MPLBACKEND", None)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.port_retries=0", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate"]
    log = open(tmp / "server.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                json.load(r)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"JupyterLab did not start: {(tmp / 'server.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    shutil.rmtree(root / ".ipynb_checkpoints", ignore_errors=True)


def _figure_is_complete(png: bytes) -> tuple[bool, str]:
    """Non-blank pixels in the left and right panels, in the top and the bottom half."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        a = np.asarray(im.convert("RGB")).astype(int)
    ink = (np.abs(a - 255).sum(axis=2) > 60)  # not white, not transparent-on-white
    h, w = ink.shape
    parts = {"left": ink[:, : w // 2], "right": ink[:, w // 2:],
             "top": ink[: h // 2], "bottom": ink[h // 2:]}
    shares = {k: float(v.mean()) for k, v in parts.items()}
    return all(s > 0.01 for s in shares.values()), f"{w}×{h}px, ink share {shares}"


_STARTED = """() => Array.from(document.querySelectorAll('.jp-InputArea-prompt'))
                       .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""


def _run_all_cells(page, attempts: int = 3) -> None:
    """Run > Run All Cells, until a cell shows that it is queued or ran ([*] or [1]); on a loaded
    machine the first request can be lost while the kernel connects (every prompt stays [ ])."""
    for _ in range(attempts):
        page.locator(".jp-Notebook").first.click()
        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        try:
            page.wait_for_function(_STARTED, timeout=60_000)
            return
        except Exception:  # playwright's TimeoutError: ask again
            _screenshot(page, "jupyterlab_run_all_lost")
    pytest.fail(f"Run All Cells started no cell in {attempts} attempts (screenshot in {SCREENSHOTS})")


def _wait_for_explorer(page, explorer, base: str, timeout: float) -> None:
    """Wait until the explorer widget shows; fail early on an error output, and say what the
    notebook showed (prompts, the last outputs, a screenshot) when it does not come."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if explorer.count() and explorer.first.is_visible():
            return
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
        if errors.count():
            pytest.fail(f"notebook 06 raised in JupyterLab: {errors.first.inner_text()[:1500]}")
        page.wait_for_timeout(2000)
    _screenshot(page, "jupyterlab_explorer_timeout")
    prompts = page.locator(".jp-InputArea-prompt").all_inner_texts()
    outputs = [t[:200] for t in page.locator(".jp-OutputArea-output").all_inner_texts()[-3:]]
    status = page.locator(".jp-Notebook-ExecutionIndicator").first.get_attribute("data-status")
    pytest.fail(f"the explorer widget did not show within {timeout:.0f} s (kernel {status}); "
                f"prompts {prompts}; last outputs {outputs}; screenshot in {SCREENSHOTS}")


def test_explorer_in_jupyterlab_shows_one_complete_figure_per_lookup(jupyterlab, watched):
    base, token = jupyterlab
    w = watched()
    page = w.page
    page.set_default_timeout(120_000)
    page.goto(f"{base}/lab/tree/06_explorer.ipynb?token={token}", wait_until="load")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    # the kernel has started and is idle (a run queued before that may be lost on a loaded machine)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=240_000)
    _run_all_cells(page)
    explorer = page.locator(".cppcc-explorer")
    _wait_for_explorer(page, explorer, base, timeout=420)
    box = explorer.locator("input[type='text']").first
    output_area = page.locator(".jp-Cell", has=explorer).locator(".jp-OutputArea").first
    for term, shown in (("有事好商量", "有事好商量"), ("協商", "协商"), ("委员之家", "委员之家")):
        box.fill(term)
        box.press("Enter")
        page.wait_for_function("""([sel, t]) => {
              const e = document.querySelector(sel);
              const img = e && e.querySelector('img');
              return e && e.innerText.includes(t + ':') && img && img.complete && img.naturalWidth > 0
                     && img.offsetHeight > 0; }""", arg=[".cppcc-explorer", shown], timeout=120_000)
        page.wait_for_timeout(1500)  # a second image, if the kernel sent one, arrives now
        images = output_area.locator("img")
        assert images.count() == 1, f"{term}: {images.count()} images in the explorer's output"
        png = images.first.screenshot()
        _screenshot(page, f"jupyterlab_explorer_{shown}")
        ok, detail = _figure_is_complete(png)
        assert ok, f"{term}: the figure is blank or half drawn ({detail})"
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not tracebacks, tracebacks[:2]
    assert not w.external, f"JupyterLab requests leaving the machine: {sorted(set(w.external))}"
