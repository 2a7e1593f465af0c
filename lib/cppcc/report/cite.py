"""How to cite a report: the cppcc version, the build date, the command that built it, a fingerprint of
the corpus, the project's ``CITATION.cff`` and its BibTeX (:func:`citation`, :func:`citation_html`)."""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from ..common import project_root

__all__ = ["Citation", "citation", "corpus_fingerprint", "citation_html", "bibtex", "CITATION_FILE"]

_ROOT = project_root()
#: the project's citation metadata (None when the package is installed without its checkout)
CITATION_FILE = _ROOT / "CITATION.cff" if _ROOT is not None else None


@dataclass(frozen=True)
class Citation:
    """What a page of the report says about how it was made and how to cite it."""

    version: str
    date: str
    command: str
    fingerprint: str
    pages: int
    documents: int
    cff: str

    @property
    def corpus(self) -> str:
        return (f"sha256:{self.fingerprint[:16]} ({self.pages} page{'s' if self.pages != 1 else ''}, "
                f"{self.documents} document{'s' if self.documents != 1 else ''})")


def corpus_fingerprint(opened) -> str:
    """A SHA-256 digest of a corpus: of each page file's name and bytes, in name order.

    ``opened`` is a :class:`cppcc.source.Corpus`; for a store (whose pages are not at hand) the digest
    is of each document's ``doc_id`` and original text. Any changed, added or removed byte of a
    page changes the digest; so does renaming a page.

    Examples
    --------
    >>> from cppcc.source import open_corpus
    >>> fp = corpus_fingerprint(open_corpus())
    >>> len(fp), fp == corpus_fingerprint(open_corpus())
    (64, True)
    """
    digest = hashlib.sha256()
    if opened.store is None:
        from ..corpus.files import corpus_dir

        root = opened.path if opened.path is not None else corpus_dir()
        root = Path(root)
        base = root if root.is_dir() else root.parent
        for name in sorted(str(f) for f in opened.pages["file"]):
            path = base / name if not Path(name).is_absolute() else Path(name)
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:  # the page cannot be read again: its name alone counts
                digest.update(b"?")
    else:
        docs = opened.speeches.sort_values("doc_id")
        for doc_id, text in zip(docs["doc_id"], docs.get("text_original", docs["text"])):
            digest.update(str(doc_id).encode("utf-8") + b"\0" + str(text).encode("utf-8") + b"\0")
    return digest.hexdigest()


def citation(opened, command: str, when: dt.date | None = None) -> Citation:
    """The :class:`Citation` of a report built by ``command`` on the corpus ``opened``."""
    cff = CITATION_FILE.read_text(encoding="utf-8") if CITATION_FILE and CITATION_FILE.exists() else ""
    return Citation(version=__version__, date=(when or dt.date.today()).isoformat(), command=command,
                    fingerprint=corpus_fingerprint(opened), pages=len(opened.pages),
                    documents=len(opened.speeches), cff=cff)


def _cff_field(cff: str, key: str) -> str:
    m = re.search(rf'^{key}:\s*"?([^"\n]*)"?\s*$', cff, re.M)
    return m.group(1).strip() if m else ""


def bibtex(cite: Citation) -> str:
    """The BibTeX entry of the software, from ``CITATION.cff`` and the version that built the report.

    Examples
    --------
    >>> c = Citation("0.1.0", "2026-12-07", "make report", "ab" * 32, 1, 5,
    ...              'title: "cppcc: notebooks"\\nauthors:\\n  - name: "The cppcc developers"\\n')
    >>> print(bibtex(c))
    @software{cppcc,
      title = {cppcc: notebooks},
      author = {{The cppcc developers}},
      version = {0.1.0},
      year = {2026},
      note = {Report built 2026-12-07 on a corpus with fingerprint
              sha256:abababababababab (1 page, 5 documents)}
    }
    """
    title = _cff_field(cite.cff, "title") or "cppcc"
    authors = re.findall(r'^\s*-\s*name:\s*"?([^"\n]+)"?', cite.cff, re.M)
    names = " and ".join("{" + a.strip() + "}" for a in authors) or "{The cppcc developers}"
    return ("@software{cppcc,\n"
            f"  title = {{{title}}},\n"
            f"  author = {{{names}}},\n"
            f"  version = {{{cite.version}}},\n"
            f"  year = {{{cite.date[:4]}}},\n"
            f"  note = {{Report built {cite.date} on a corpus with fingerprint\n"
            f"          {cite.corpus}}}\n"
            "}")


def citation_html(cite: Citation, bib_href: str | None = None) -> str:
    """The citation block at the foot of every page: version, build date, command, corpus fingerprint,
    the ``CITATION.cff`` text (and a link to the BibTeX file, ``bib_href``).

    Examples
    --------
    >>> c = Citation("0.1.0", "2026-12-07", "cppcc report --out site", "ab" * 32, 1, 5,
    ...              "cff-version: 1.2.0\\n")
    >>> block = citation_html(c, "cppcc.bib")
    >>> all(s in block for s in ("cppcc 0.1.0", "2026-12-07", "cppcc report --out site", "sha256:",
    ...                          "cff-version"))
    True
    """
    esc = html.escape
    bib = f' · <a href="{esc(bib_href)}" download>BibTeX</a>' if bib_href else ""
    cff = f"<details><summary>CITATION.cff</summary><pre>{esc(cite.cff)}</pre></details>" if cite.cff else ""
    return (
        '<footer class="cppcc-cite" id="cite"><h2>How to cite</h2>'
        f"<p>Built with cppcc {esc(cite.version)} on {esc(cite.date)} by <code>{esc(cite.command)}</code>. "
        f"Corpus fingerprint: <code>sha256:{esc(cite.fingerprint)}</code> "
        f"({cite.pages} page{'s' if cite.pages != 1 else ''}, {cite.documents} "
        f"document{'s' if cite.documents != 1 else ''}; a digest of the corpus files: the same files give "
        f"the same fingerprint). Cite the software as its <code>CITATION.cff</code> says{bib}; "
        "name the version, the build date and the fingerprint, so that readers can rebuild these pages. "
        "Corpus text is shown escaped.</p>"
        f"{cff}</footer>"
    )
