"""Execute the notebooks and render the HTML report site.

``python -m cppcc.report`` (what ``make report`` runs) executes every notebook in
``notebooks/`` headless with papermill (``python3`` kernel, working directory set to the
notebooks folder, inline backend), then the parameterised ``region_profile`` notebook once per
speech, and writes::

    reports/index.html              gallery: title, question and thumbnail per notebook
    reports/<notebook>.html         each notebook, images embedded
    reports/regions/<doc_id>.html   one profile per speech
    reports/executed/…              the executed notebooks (for debugging)

The build fails (non-zero exit, :class:`ReportError`) when a notebook raises, prints
matplotlib's "Glyph … missing from font" warning, or shows no figure.

Corpus text is untrusted: the notebooks show it through pandas/itables (which escape HTML), and
everything this module writes into the index is escaped with :func:`html.escape`.
"""
from __future__ import annotations

import argparse
import base64
import html
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["build", "execute", "check_notebook", "strip_outputs", "say", "sentence", "ReportError", "PROFILE"]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PROFILE = "region_profile"
GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from (current )?font|missing from font", re.I)


def sentence(template: str, /, **values) -> str:
    """Format a sentence of findings with its values HTML-escaped (for Markdown output).

    Notebooks state findings with :func:`say` so that every number in the prose is computed and
    corpus text (speaker names, terms) is escaped before it reaches Markdown. Lists are joined
    with 、.

    Examples
    --------
    >>> sentence("The corpus holds {n} speeches; {who} speaks first.", n=5, who="<李银峰>")
    'The corpus holds 5 speeches; &lt;李银峰&gt; speaks first.'
    >>> sentence("Terms: {t}", t=["委员之家", "有事好商量"])
    'Terms: 委员之家、有事好商量'
    """
    def clean(v):
        if isinstance(v, str):
            return html.escape(v, quote=False).replace("*", "\\*").replace("_", "\\_")
        if isinstance(v, (list, tuple)):
            return "、".join(clean(x) for x in v)
        return v

    return template.format(**{k: clean(v) for k, v in values.items()})


def say(template: str, /, **values) -> None:
    """Display :func:`sentence` as Markdown in a notebook (print it elsewhere)."""
    text = sentence(template, **values)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display

        if get_ipython() is not None:
            display(Markdown(text))
            return
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        pass
    print(text)


# The README's gallery: key figures of the project corpus, copied small into figures/gallery/ by
# every full `make report` (these PNGs are committed; the full-size figures are build outputs).
GALLERY = (
    "01_corpus_structure", "02_mechanism_heatmap", "03_distinctive_scatter", "03_speaker_map",
    "03_similarity", "04_formulas_brands", "04_numeric_claims", "05_comparison_cloud_officialese",
    "06_explorer_default_query", "06_cooccurrence_network",
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


def _markdown_meta(nb) -> tuple[str, str]:
    """Title (first ``# `` heading) and question (the paragraph starting with ``**Question``)."""
    title, question = "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            s = line.strip()
            if not title and s.startswith("# "):
                title = s[2:].strip()
            if not question and s.lower().startswith("**question"):
                para = [s]
                for more in lines[i + 1:]:
                    if not more.strip() or more.lstrip().startswith("#"):
                        break
                    para.append(more.strip())
                question = re.sub(r"^\*\*question:?\*\*:?\s*", "", " ".join(para), flags=re.I)
        if title and question:
            break
    return title, question


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


def _to_html(nb, title: str, hide_code: bool) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", embed_images=True, exclude_input=hide_code,
                            exclude_input_prompt=hide_code, exclude_output_prompt=hide_code)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


def _safe(doc_id) -> str:
    """A file-name-safe form of a doc_id."""
    return re.sub(r"[^\w.-]+", "_", str(doc_id))


def _run_one(src: str, out_dir: str, name: str, parameters: dict, hide_code: bool) -> Result:
    import nbformat

    start = time.perf_counter()
    src_p, out_p = Path(src), Path(out_dir)
    executed = out_p / "executed" / f"{name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    html_path = out_p / f"{name}.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        execute(src_p, executed, parameters)
    except Exception as exc:  # papermill raises PapermillExecutionError; keep the partial notebook
        if hasattr(exc, "ename"):  # a cell raised: name the cell and the error, not papermill's banner
            problems.append(f"cell [{exc.exec_count}] raised {exc.ename}: {str(exc.evalue).strip()[:500]}")
        else:
            problems.append(f"execution failed: {type(exc).__name__}: {str(exc).strip()[:500]}")
    nb = nbformat.read(executed, as_version=4) if executed.exists() else nbformat.read(src_p, as_version=4)
    found, figures = check_notebook(nb)
    problems += [p for p in found if p not in problems]
    if not figures:
        problems.append("the notebook shows no figure")
    title, question = _markdown_meta(nb)
    title = title or name
    html_path.write_text(_to_html(nb, title, hide_code), encoding="utf-8")
    return Result(name=name, html=html_path, title=title, question=question,
                  thumbnail=figures[0] if figures else None,
                  seconds=time.perf_counter() - start, problems=problems)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC",
       "Microsoft YaHei", sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ font-size: 1.7em; }} .lead {{ color: #555; }}
.gallery {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1.2em; }}
.card {{ border: 1px solid #ddd; border-radius: 8px; padding: 0.8em; }}
.card img {{ width: 100%; height: 190px; object-fit: contain; background: #fafafa; }}
.card h2 {{ font-size: 1.05em; margin: 0.5em 0 0.3em; }} .card p {{ margin: 0; color: #444; font-size: 0.92em; }}
table {{ border-collapse: collapse; margin-top: 0.5em; }} td, th {{ padding: 0.3em 0.8em; border-bottom: 1px solid #eee; text-align: left; }}
footer {{ margin-top: 3em; color: #777; font-size: 0.85em; }}
</style></head><body>
{body}
</body></html>
"""


def _index(results: list[Result], profiles: list[tuple[dict, Result]], corpus_label: str) -> str:
    esc = html.escape
    cards = []
    for r in results:
        img = (f'<img alt="thumbnail of {esc(r.title)}" src="data:image/png;base64,{r.thumbnail}">'
               if r.thumbnail else "")
        cards.append(f'<div class="card"><a href="{esc(r.html.name)}">{img}<h2>{esc(r.title)}</h2></a>'
                     f"<p>{esc(r.question)}</p></div>")
    rows = []
    for meta, r in profiles:
        link = f"regions/{esc(r.html.name)}"
        rows.append("<tr>" + "".join(f"<td>{esc(str(meta.get(k) or ''))}</td>"
                                     for k in ("speaker", "position", "region", "level"))
                    + f'<td><a href="{link}">{esc(str(meta.get("headline") or meta["doc_id"]))}</a></td></tr>')
    body = (
        "<h1>How China's local CPPCCs describe their governance work</h1>"
        f'<p class="lead">Notebooks executed on {esc(corpus_label)}. Each card answers one research question; '
        "the region profiles below give one page per speech.</p>"
        f'<div class="gallery">{"".join(cards)}</div>'
        "<h2>Region profiles</h2><table><tr><th>Speaker</th><th>Position</th><th>Unit</th><th>Level</th>"
        f"<th>Headline</th></tr>{''.join(rows)}</table>"
        "<footer>Built by <code>make report</code> (cppcc). Corpus text is shown escaped.</footer>"
    )
    return _PAGE.format(title="cppcc report", body=body)


def build(out: str | Path = "reports", code: str = "show", jobs: int = 2, corpus: str | Path | None = None,
          notebooks: list[str] | None = None, figures_dir: str | Path | None = None,
          profiles: bool = True, quiet: bool = False) -> list[Result]:
    """Execute the notebooks and write the HTML site into ``out``.

    Parameters
    ----------
    out : directory of the site (created).
    code : ``"show"`` (default) or ``"hide"`` the code cells.
    jobs : notebooks executed in parallel.
    corpus : corpus path passed to every notebook (``CORPUS`` parameter); None = the repo's corpus.
    notebooks : names (without ``.ipynb``) to run; None = all in ``notebooks/``.
    figures_dir : where notebooks save figures (``FIGURES_DIR`` parameter); None = the repo's ``figures/``
        for the project corpus, ``<out>/figures`` for any other corpus (so the committed figures stay
        those of the project corpus).
    profiles : also run ``region_profile`` once per speech.

    Raises
    ------
    ReportError
        If any notebook failed, warned about a missing glyph or showed no figure
        (the site is still written, so the failing page can be inspected).
    """
    if code not in {"show", "hide"}:
        raise ValueError(f"code must be 'show' or 'hide', not {code!r}")
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if corpus is not None and figures_dir is None:
        figures_dir = out / "figures"
    params = {"CORPUS": str(Path(corpus).resolve()) if corpus else None,
              "FIGURES_DIR": str(Path(figures_dir).resolve()) if figures_dir else None}
    names = notebooks or sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if p.stem != PROFILE)
    jobs_list: list[tuple[str, str, str, dict]] = []
    for name in names:
        src = NOTEBOOKS / f"{name}.ipynb"
        if not src.exists():
            raise FileNotFoundError(f"no notebook {src}")
        jobs_list.append((name, str(src), str(out), params))
    speeches_meta: list[dict] = []
    if profiles and (NOTEBOOKS / f"{PROFILE}.ipynb").exists():
        from . import load_speeches

        sp = load_speeches(corpus)
        cols = ["doc_id", "speaker", "position", "region", "level", "headline"]
        speeches_meta = sp[[c for c in cols if c in sp.columns]].to_dict("records")
        for meta in speeches_meta:
            jobs_list.append((f"regions/{_safe(meta['doc_id'])}", str(NOTEBOOKS / f"{PROFILE}.ipynb"), str(out),
                              {**params, "DOC_ID": meta["doc_id"]}))
    hide = code == "hide"
    results: dict[str, Result] = {}
    total = len(jobs_list)
    if not quiet:
        print(f"Executing {total} notebooks with {jobs} worker(s) into {out}", flush=True)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_run_one, src, o, name, p, hide): name for name, src, o, p in jobs_list}
        for done, fut in enumerate(as_completed(futures), 1):
            r = fut.result()
            results[r.name] = r
            if not quiet:
                status = "ok" if not r.problems else "FAILED: " + "; ".join(r.problems)[:300]
                print(f"[{done}/{total}] {r.name:<32} {r.seconds:6.1f}s  {status}", flush=True)
    main_results = [results[n] for n in names]
    profile_results = [(m, results[f"regions/{_safe(m['doc_id'])}"]) for m in speeches_meta]
    label = str(corpus) if corpus else "the project corpus (corpus/)"
    (out / "index.html").write_text(_index(main_results, profile_results, label), encoding="utf-8")
    failed = [r for r in results.values() if r.problems]
    if not failed and corpus is None and figures_dir is None and notebooks is None:
        write_gallery(ROOT / "figures")
    if failed:
        raise ReportError("; ".join(f"{r.name}: {' | '.join(r.problems)}" for r in failed))
    return main_results + [r for _, r in profile_results]


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cppcc.report", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="reports")
    ap.add_argument("--code", choices=["show", "hide"], default="show")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--corpus", default=None, help="corpus file or folder (default: corpus/)")
    ap.add_argument("--notebook", action="append", help="run only this notebook (repeatable)")
    ap.add_argument("--figures-dir", default=None,
                    help="where notebooks save figures (default: figures/; use another folder for other corpora)")
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
              figures_dir=args.figures_dir, profiles=not args.no_profiles)
    except ReportError as exc:
        print(f"report FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"Report written to {Path(args.out).resolve() / 'index.html'} in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
