"""Execute the notebooks and render the HTML report site.

``python -m cppcc.report`` (what ``make report`` runs) executes every notebook in
``notebooks/`` headless with papermill (``python3`` kernel, working directory set to the
notebooks folder, inline backend; each worker process keeps one kernel for its notebooks,
:mod:`~cppcc.report.kernel`), then the parameterised ``region_profile`` notebook once per
document, and writes::

    reports/index.html              gallery: title, question and thumbnail per notebook; the notes on
                                    the pages (every warning of the build); the BibTeX entry
    reports/cppcc.bib               the BibTeX entry
    reports/<notebook>.html         each notebook, images embedded
    reports/regions/<doc_id>.html   one profile per document
    reports/docs/<name>.html        each Markdown document of docs/ (methods, API guide...)
    reports/assets/cjk-subset.woff2 the CJK font cut to the site's characters (:func:`embed_webfont`)
    reports/executed/…              the executed notebooks (for debugging)

The build fails (non-zero exit, :class:`ReportError`) when a notebook raises, prints
matplotlib's "Glyph … missing from font" warning, or shows no figure.

Every page ends with a citation block (cppcc version, build date, the command, the corpus fingerprint,
``CITATION.cff``; :mod:`~cppcc.report.cite`); warnings, tracebacks and widget reprs never reach a page
(:func:`~cppcc.report.finish.take_notes`); every figure has alt text from its caption.

The package: :mod:`~cppcc.report.builder` (executing, :func:`build`, the command line),
:mod:`~cppcc.report.kernel` (one kernel per worker), :mod:`~cppcc.report.render` (pages to HTML,
navigation, the index), :mod:`~cppcc.report.finish` (notes, alt text, the last pass over every page),
:mod:`~cppcc.report.cite` (how to cite), :mod:`~cppcc.report.webfont` (the CJK web font) and
:mod:`~cppcc.report.seed` (whether the corpus is the seed page).

Corpus text is untrusted: the notebooks show it through pandas/itables (which escape HTML) and through
finding sentences escaped as HTML and as Markdown (:func:`cppcc.prose.escape_markdown`); rendered
Markdown is sanitised (:func:`~cppcc.report.render.sanitize_html`), a last pass removes any
``javascript:`` URL or remote load (:func:`~cppcc.report.finish.scrub_html`), and every page carries a
Content-Security-Policy that allows no network request (:data:`~cppcc.report.finish.CSP`).
"""
from __future__ import annotations

from .builder import (
    GALLERY,
    NOTEBOOKS,
    PROFILE,
    ReportError,
    Result,
    build,
    check_notebook,
    default_jobs,
    execute,
    main,
    strip_outputs,
    write_docs,
    write_gallery,
)
from .render import add_navigation, prepare_notebook, render_markdown
from .seed import SEED_TAG, is_seed_corpus
from .webfont import (
    FONT_STACK,
    MONO_STACK,
    WEBFONT_FAMILY,
    WEBFONT_PATH,
    WebFont,
    embed_webfont,
    page_characters,
    subset_font,
)

__all__ = ["build", "execute", "check_notebook", "strip_outputs", "ReportError", "Result", "PROFILE",
           "NOTEBOOKS", "GALLERY", "prepare_notebook", "add_navigation", "render_markdown", "write_docs",
           "write_gallery",
           "embed_webfont", "page_characters", "subset_font", "WebFont", "WEBFONT_FAMILY", "WEBFONT_PATH",
           "FONT_STACK", "MONO_STACK", "SEED_TAG", "is_seed_corpus", "default_jobs", "main"]
