"""Building the report site: every notebook executed headless with papermill (the region profile once
per speech), rendered to HTML with the documentation pages, linked, and given the CJK web font
(:func:`build`, ``python -m cppcc.report``)."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..common import check_option, project_root
from ..export import safe_file_name
from .cite import bibtex, citation, citation_html
from .finish import add_alt_text, finish_page, notes_from_text, take_notes
from .kernel import execute_shared
from .render import (
    Page,
    add_navigation,
    index_page,
    notebook_html,
    notebook_meta,
    prepare_notebook,
    render_markdown,
)
from .seed import is_seed_corpus
from .webfont import embed_webfont

__all__ = ["build", "main", "execute", "check_notebook", "strip_outputs", "ReportError", "Result", "PROFILE",
           "NOTEBOOKS", "DOCS", "GALLERY", "write_gallery", "default_jobs", "write_docs"]

ROOT = project_root()
NOTEBOOKS = ROOT / "notebooks" if ROOT is not None else Path("notebooks")
#: the Markdown documents rendered as pages of the site (None when the package is installed)
DOCS = ROOT / "docs" if ROOT is not None else None
PROFILE = "region_profile"
GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from (current )?font|missing from font", re.I)


# The README's gallery: key figures of the project corpus, copied small into figures/gallery/ by
# every full `make report` (these PNGs are committed; the full-size figures are build outputs).
GALLERY = (
    "01_corpus_structure", "02_mechanism_heatmap", "03_distinctive_scatter", "03_speaker_map",
    "03_similarity", "04_formulas_brands", "04_numeric_claims", "05_comparison_cloud_officialese",
    "06_explorer_default_query", "06_cooccurrence_network", "07_reuse_network", "09_topic_prevalence_level",
)


def write_gallery(figures: Path, width: int = 1200) -> list[Path]:
    """Copy the :data:`GALLERY` figures, scaled to ``width`` pixels, into ``figures/gallery/``.

    Missing figures are skipped (a notebook may have been renamed); returns the files written.
    """
    from PIL import Image

    dest = figures / "gallery"
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in GALLERY:
        src = figures / f"{name}.png"
        if not src.exists():
            continue
        with Image.open(src) as im:
            im = im.convert("RGB")
            if im.width > width:
                im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
            im.save(dest / f"{name}.png", optimize=True)
        written.append(dest / f"{name}.png")
    return written


class ReportError(RuntimeError):
    """A notebook failed, warned about missing glyphs, or produced no figure."""


@dataclass
class Result:
    """What one notebook execution produced."""

    name: str
    html: Path
    title: str
    question: str
    thumbnail: str | None = None  # base64 PNG
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    #: the warnings its cells printed, taken out of the page (:func:`cppcc.report.finish.take_notes`)
    notes: list[dict] = field(default_factory=list)



def check_notebook(nb) -> tuple[list[str], list[str]]:
    """Return (problems, figures) of an executed notebook.

    ``problems`` lists errors and missing-glyph warnings; ``figures`` the base64 PNGs shown.
    """
    problems, figures = [], []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if GLYPH_WARNING.search(text):
                problems.append(f"cell {i}: missing glyph: {text.strip()[:200]}")
            data = out.get("data", {})
            if "image/png" in data:
                figures.append(data["image/png"])
    return problems, figures


def execute(src: Path, dest: Path, parameters: dict | None = None, timeout: int = 600):
    """Run one notebook with papermill into ``dest`` (working directory: the notebook's folder)."""
    import papermill as pm

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env_backend = os.environ.pop("MPLBACKEND", None)  # papermill captures no figures under Agg
    try:
        return pm.execute_notebook(
            str(src), str(dest), parameters=parameters or {}, kernel_name="python3",
            cwd=str(src.parent), progress_bar=False, log_output=False, execution_timeout=timeout,
            # the kernel's own log (start-up notices, shutdown interrupts) is noise in a build log;
            # errors in cells still reach the notebook and fail the build
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend



def _safe(doc_id) -> str:
    """A doc_id's profile page name: safe, and distinct for distinct doc_ids
    (:func:`cppcc.export.safe_file_name`)."""
    return safe_file_name(doc_id)


def _run_one(src: str, out_dir: str, name: str, parameters: dict, show_seed: bool,
             title: str | None = None) -> Result:
    import nbformat

    start = time.perf_counter()
    src_p, out_p = Path(src), Path(out_dir)
    executed = out_p / "executed" / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    html_path = out_p / f"{name}.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        execute_shared(src_p, executed, parameters)
    except Exception as exc:  # a cell raised (CellError) or the kernel failed; keep the partial notebook
        if hasattr(exc, "ename"):  # a cell raised: name the cell and the error, not papermill's banner
            problems.append(f"cell [{exc.exec_count}] raised {exc.ename}: {str(exc.evalue).strip()[:500]}")
        else:
            problems.append(f"execution failed: {type(exc).__name__}: {str(exc).strip()[:500]}")
    nb = nbformat.read(executed, as_version=4) if executed.exists() else nbformat.read(src_p, as_version=4)
    found, figures = check_notebook(nb)
    problems += [p for p in found if p not in problems]
    if not figures:
        problems.append("the notebook shows no figure")
    notes = take_notes(nb, name)  # warnings go to the site's notes table, never into the page
    prepare_notebook(nb, show_seed, title)
    add_alt_text(nb)
    meta_title, question = notebook_meta(nb)
    title = title or meta_title or name
    html_path.write_text(notebook_html(nb, title), encoding="utf-8")
    return Result(name=name, html=html_path, title=title, question=question,
                  thumbnail=figures[0] if figures else None,
                  seconds=time.perf_counter() - start, problems=problems, notes=notes)



def _profile_title(meta: dict) -> str:
    """A profile page's title from what the document states: speaker and unit, else its headline or
    its page's title (with its kind), the doc_id only when it states none of these."""
    from ..common import is_missing

    def given(key: str) -> str:
        value = meta.get(key)
        return "" if is_missing(value) or not str(value).strip() else str(value).strip()

    who = " · ".join(given(k) for k in ("speaker", "region") if given(k))
    if who:
        return f"Region profile: {who}"
    kinds = {"report": "work report", "news": "news report", "other": "document"}
    kind = kinds.get(given("doc_type"), "speech")
    named = given("headline") or given("page_title")
    return f"Profile of a {kind}: {named}" if named else f"Profile of a {kind}: {meta['doc_id']}"


Job = tuple[str, Path, dict, "str | None"]


def _declared(src: Path, params: dict) -> dict:
    """The parameters the notebook's ``parameters`` cell declares (CORPUS and FIGURES_DIR always)."""
    import nbformat

    nb = nbformat.read(src, as_version=4)
    cell = next((c.source for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), "")
    return {k: v for k, v in params.items()
            if k in {"CORPUS", "FIGURES_DIR"} or re.search(rf"^{k}\s*=", cell, re.M)}


def _jobs(names: list[str], params: dict, speeches_meta: list[dict]) -> list[Job]:
    jobs: list[Job] = []
    for name in names:
        src = NOTEBOOKS / f"{name}.ipynb"
        if not src.exists():
            raise FileNotFoundError(f"no notebook {src}")
        jobs.append((name, src, _declared(src, params), None))
    profile = NOTEBOOKS / f"{PROFILE}.ipynb"
    for meta in speeches_meta:
        jobs.append((f"regions/{_safe(meta['doc_id'])}", profile,
                     {**_declared(profile, params), "DOC_ID": meta["doc_id"]}, _profile_title(meta)))
    return jobs


def _link_pages(out: Path, pages: list, index: str, hide_code: bool, code: bool = True) -> None:
    """Write navigation (index, previous, next, contents, code toggle) into each page of a sequence."""
    for i, r in enumerate(pages):
        here = r.html.parent

        def rel(other: Result, here=here) -> str:
            return os.path.relpath(other.html, here).replace(os.sep, "/")

        prev = (rel(pages[i - 1]), pages[i - 1].title) if i > 0 else None
        nxt = (rel(pages[i + 1]), pages[i + 1].title) if i + 1 < len(pages) else None
        idx = os.path.relpath(out / index, here).replace(os.sep, "/")
        text = r.html.read_text(encoding="utf-8")
        r.html.write_text(add_navigation(text, idx, prev, nxt, hide_code, code), encoding="utf-8")


def write_docs(out: Path, docs: str | Path | None = DOCS, nested: bool = False) -> list[Page]:
    """Render every ``*.md`` of the ``docs`` folder and its sub-folders (none when it does not exist)
    as a page of the site, ``<out>/docs/<path>.html``; links between the documents (``methods.md``,
    ``benchmarks/store.md``, ``../scale.md``) point to their pages. Returns the pages of the folder
    itself, in the order of their names (the index lists those; a sub-folder's pages are reached from
    the documents that link them); ``nested=True``: every page written, sub-folders' too."""
    if docs is None or not Path(docs).is_dir():
        return []
    docs = Path(docs)
    sources = sorted(docs.rglob("*.md"), key=lambda p: p.relative_to(docs).as_posix())
    pages = []
    for p in sources:
        links = [os.path.relpath(q, p.parent).replace(os.sep, "/") for q in sources]
        page = render_markdown(p, (out / "docs" / p.relative_to(docs)).with_suffix(".html"), links=links)
        if nested or p.parent == docs:
            pages.append(page)
    return pages


def build(out: str | Path = "reports", code: str = "hide", jobs: int | None = None,
          corpus: str | Path | None = None, notebooks: list[str] | None = None,
          figures_dir: str | Path | None = None,
          profiles: bool = True, quiet: bool = False, errors: str = "raise",
          store: str | Path | None = None, docs: str | Path | None = DOCS,
          command: str | None = None) -> list[Result]:
    """Execute the notebooks and write the HTML site into ``out``.

    Parameters
    ----------
    out : directory of the site (created).
    code : ``"hide"`` (default) or ``"show"`` the code cells at first; every page has a button that
        toggles them.
    jobs : notebooks executed in parallel; default: one more than the CPU cores (a notebook's kernel
        waits for part of its run, at start-up and between messages, and another one can use the core
        meanwhile; ``benchmarks/bench_report.py`` measures it).
    corpus : corpus path passed to every notebook (``CORPUS`` parameter); None = the repo's corpus.
    notebooks : names (without ``.ipynb``) to run; None = all in ``notebooks/``.
    figures_dir : where notebooks save figures (``FIGURES_DIR`` parameter); None = the repo's ``figures/``
        for the project corpus, ``<out>/figures`` for any other corpus (so the committed figures stay
        those of the project corpus).
    profiles : also run ``region_profile`` once per speech.
    store : a store folder written by :func:`cppcc.build_store` (``STORE`` parameter): the notebooks
        read their tables from it instead of a corpus (not both); figures then go to ``<out>/figures``.
    errors : ``"raise"`` (default): an unreadable page stops the build with a
        :class:`cppcc.CorpusError` naming it, before any notebook runs; ``"warn"``: such pages are
        skipped with a warning (the notebooks get ``ERRORS="warn"``).
    docs : a folder of Markdown documents (default: the project's ``docs/``, when it exists), each
        rendered as a page of the site (``<out>/docs/<name>.html``, :func:`write_docs`) and linked
        from the index; None: no documentation pages.
    command : the command that builds the site, named in every page's citation block (default:
        the Python call, ``cppcc.report.build(...)``; the command lines pass their own).

    The notebooks' readings of the seed page (cells tagged ``seed-reading``) are kept only when
    the corpus is the seed page (:func:`cppcc.report.seed.is_seed_corpus`, decided from its bytes).
    Last, the figures' CJK font is cut to the characters of all pages and linked from each
    (:func:`embed_webfont`), so that readers without a CJK font see no boxes.

    Raises
    ------
    ReportError
        If any notebook failed, warned about a missing glyph or showed no figure
        (the site is still written, so the failing page can be inspected).
    cppcc.CorpusError
        If the corpus cannot be read (a missing path, no pages, or an unreadable page under
        ``errors="raise"``).
    """
    check_option(code, ("show", "hide"), "code", "report.build")
    check_option(errors, ("raise", "warn"), "errors", "report.build")
    if corpus is not None and store is not None:
        raise ValueError("cppcc.report.build: pass a corpus or a store, not both")
    out = Path(out).resolve()
    default_figures = figures_dir is None
    if (corpus is not None or store is not None) and figures_dir is None:
        figures_dir = out / "figures"
    if figures_dir is None:  # the project corpus: the repo's figures/ (plots.save's default is the cwd's)
        figures_dir = ROOT / "figures" if ROOT is not None else out / "figures"
    from ..corpus import CorpusError
    from ..source import open_corpus

    with warnings.catch_warnings(record=True) as caught:  # the loader's warnings: to the notes table
        warnings.simplefilter("always")
        opened = open_corpus(corpus, store, errors)  # reads every page first: a bad file stops here
        opened.pages  # noqa: B018  (read now, for the fingerprint and the notes)
    loader_notes = [n for w in caught for n in notes_from_text(
        f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}\n", "all pages")]
    if opened.speeches.empty:  # every page bad: one line, before any notebook runs
        where = store if store is not None else (corpus or "corpus/")
        skipped = [Path(n["file"]).name for n in loader_notes
                   if n["note"].startswith("CorpusWarning: skipped")]
        named = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
        raise CorpusError(f"{where}: no readable document, nothing to report"
                          + (f" (skipped: {named})" if skipped else ""))
    for w in caught:  # shown as usual too (the command line names the skipped pages on stderr)
        warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    cite = citation(opened, command or _python_call(corpus, store, out, errors))
    if store is None:  # the corpus prepared once: its tokens segmented into the cache the notebooks read
        opened.tokens()
    speeches_meta = _documents_meta(opened.speeches)
    show_seed = is_seed_corpus(store if store is not None else corpus)
    out.mkdir(parents=True, exist_ok=True)
    params = {"CORPUS": str(Path(corpus).resolve()) if corpus else None,
              "FIGURES_DIR": str(Path(figures_dir).resolve()) if figures_dir else None, "ERRORS": errors,
              "STORE": str(Path(store).resolve()) if store is not None else None}
    names = notebooks or sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if p.stem != PROFILE)
    if not (profiles and (NOTEBOOKS / f"{PROFILE}.ipynb").exists()):
        speeches_meta = []
    jobs_list = _jobs(names, params, speeches_meta)
    jobs = default_jobs() if jobs is None else int(jobs)
    results: dict[str, Result] = {}
    if not quiet:
        print(f"Executing {len(jobs_list)} notebooks with {jobs} worker(s) into {out}", flush=True)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_run_one, str(src), str(out), name, p, show_seed, title): name
                   for name, src, p, title in jobs_list}
        # the documentation pages need no notebook: rendered while the workers run, not after them
        all_docs = write_docs(out, docs, nested=True)  # a sub-folder's pages too: each is finished below
        for done, fut in enumerate(as_completed(futures), 1):
            r = fut.result()
            results[r.name] = r
            if not quiet:
                status = "ok" if not r.problems else "FAILED: " + "; ".join(r.problems)[:300]
                print(f"[{done}/{len(jobs_list)}] {r.name:<32} {r.seconds:6.1f}s  {status}", flush=True)
    main_results = [results[n] for n in names]
    profile_results = [(m, results[f"regions/{_safe(m['doc_id'])}"]) for m in speeches_meta]
    _link_pages(out, main_results, "index.html", code == "hide")
    _link_pages(out, [r for _, r in profile_results], "index.html", code == "hide")
    doc_pages = [d for d in all_docs if d.html.parent == out / "docs"]  # the index lists these
    _link_pages(out, all_docs, "index.html", False, code=False)
    (out / "cppcc.bib").write_text(bibtex(cite) + "\n", encoding="utf-8")
    notes = loader_notes + [n for r in [*main_results, *(r for _, r in profile_results)] for n in r.notes]
    (out / "index.html").write_text(index_page(main_results, profile_results, opened.label, doc_pages,
                                               notes=notes, bib=bibtex(cite), kinds=_kinds(opened.speeches)),
                                    encoding="utf-8")
    pages = [out / "index.html", *(r.html for r in main_results), *(r.html for _, r in profile_results),
             *(d.html for d in all_docs)]
    for page in pages:  # CSP, no script URL, Chinese marked, the citation block
        bib = os.path.relpath(out / "cppcc.bib", page.parent).replace(os.sep, "/")
        page.write_text(finish_page(page.read_text(encoding="utf-8"), citation_html(cite, bib)),
                        encoding="utf-8")
    embed_webfont(out, pages, quiet=quiet)
    failed = [r for r in results.values() if r.problems]
    default_site = corpus is None and store is None and default_figures and notebooks is None
    if not failed and default_site and ROOT is not None:
        write_gallery(ROOT / "figures")
    if failed:
        raise ReportError("; ".join(f"{r.name}: {' | '.join(r.problems)}" for r in failed))
    return main_results + [r for _, r in profile_results]


def _documents_meta(speeches) -> list[dict]:
    """Per document, what the index and a profile's title say: the unit and level as resolved once
    (:func:`cppcc.units.regional_units`, as notebooks 01, 02, 03 and the profiles use them: an
    ambiguous district has no level anywhere), its speaker, position, headline and kind."""
    from ..units import regional_units

    cols = ["doc_id", "speaker", "position", "region", "headline", "doc_type", "page_title"]
    meta = speeches[[c for c in cols if c in speeches.columns]].reset_index(drop=True)
    units = regional_units(speeches).reset_index(drop=True)
    meta = meta.assign(unit=units["unit"].to_numpy(), level=units["level"].to_numpy())
    return meta.astype(object).where(meta.notna(), None).to_dict("records")


def _command(prog: str, argv: list[str]) -> str:
    """The command line as typed, for the citation block; ``make report (…)`` when the Makefile's report
    target ran it (it sets ``CPPCC_MAKE_TARGET``; ``MAKELEVEL`` would also mark every command a test run
    by ``make test`` starts).

    Examples
    --------
    >>> _command("cppcc report", ["--corpus", "my pages"])  # doctest: +SKIP
    "cppcc report --corpus 'my pages'"
    """
    import shlex

    line = " ".join([prog, shlex.join(argv)]).strip()
    target = os.environ.get("CPPCC_MAKE_TARGET")
    return f"make {target} ({line})" if target else line


def _python_call(corpus, store, out, errors) -> str:
    args = [f"out={str(out)!r}"]
    args += [f"corpus={str(corpus)!r}"] if corpus is not None else []
    args += [f"store={str(store)!r}"] if store is not None else []
    args += [f"errors={errors!r}"] if errors != "raise" else []
    return f"cppcc.report.build({', '.join(args)})"


def _kinds(speeches) -> dict[str, int]:
    """Documents per kind (``doc_type``), commonest first."""
    if "doc_type" not in speeches.columns:
        return {"speech": len(speeches)}
    return {str(k): int(v) for k, v in speeches["doc_type"].fillna("other").value_counts().items()}


def default_jobs() -> int:
    """The number of notebooks :func:`build` runs at once by default: the CPU cores plus one."""
    return (os.cpu_count() or 1) + 1


def strip_outputs(directory: str | Path = NOTEBOOKS) -> list[Path]:
    """Remove outputs and execution counts from every notebook in ``directory`` (returns the changed ones)."""
    changed = []
    for path in sorted(Path(directory).glob("*.ipynb")):
        data = json.loads(path.read_text(encoding="utf-8"))
        before = json.dumps(data, sort_keys=True)
        for cell in data.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
            cell.get("metadata", {}).pop("execution", None)
        data.get("metadata", {}).pop("widgets", None)
        if json.dumps(data, sort_keys=True) != before:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str] | None = None, prog: str = "python -m cppcc.report",
         command: str | None = None) -> int:
    """Run the report's command line (``prog``: its name in messages; ``command``: how it was called,
    named in the pages' citation, default ``prog`` and ``argv``)."""
    from ..corpus import CorpusError
    from ..store import StoreError

    ap = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="reports")
    ap.add_argument("--code", choices=["show", "hide"], default="hide",
                    help="code cells shown or hidden at first (default: hide; each page has a toggle)")
    ap.add_argument("--jobs", type=int, default=None,
                    help="notebooks executed in parallel (default: the CPU cores + 1)")
    ap.add_argument("--corpus", default=None, help="corpus file or folder (default: corpus/)")
    ap.add_argument("--store", default=None, metavar="DIR",
                    help="a store folder written by cppcc.build_store (an archive), read instead of a corpus")
    ap.add_argument("--skip-bad", action="store_true",
                    help="skip unreadable or empty pages with a warning (loader errors='warn') "
                         "instead of stopping")
    ap.add_argument("--notebook", action="append", help="run only this notebook (repeatable)")
    ap.add_argument("--figures-dir", default=None,
                    help="where notebooks save figures (default: figures/; another folder for other corpora)")
    ap.add_argument("--no-profiles", action="store_true", help="skip the per-speech region profiles")
    ap.add_argument("--strip", metavar="DIR", help="strip outputs from the notebooks in DIR and exit")
    args = ap.parse_args(argv)
    if args.strip:
        for p in strip_outputs(args.strip):
            print(f"stripped {p}")
        return 0
    start = time.perf_counter()
    try:
        build(args.out, code=args.code, jobs=args.jobs, corpus=args.corpus, notebooks=args.notebook,
              figures_dir=args.figures_dir, profiles=not args.no_profiles,
              errors="warn" if args.skip_bad else "raise", store=args.store,
              command=command or _command(prog, sys.argv[1:] if argv is None else argv))
    except StoreError as exc:
        print(f"report: store error: {exc}", file=sys.stderr)
        return 2
    except CorpusError as exc:
        hint = "" if args.skip_bad else " (use --skip-bad to skip unreadable pages)"
        print(f"report: corpus error: {exc}{hint}", file=sys.stderr)
        return 2
    except ReportError as exc:
        print(f"report FAILED: {exc}", file=sys.stderr)
        return 1
    took = time.perf_counter() - start
    print(f"Report written to {Path(args.out).resolve() / 'index.html'} in {took:.1f}s")
    return 0
