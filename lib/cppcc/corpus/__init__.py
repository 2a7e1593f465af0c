"""Load captured web pages of CPPCC speeches into tidy tables.

A *page* is one captured web page (a ``.txt`` dump or an ``.htm``/``.html`` file) that holds one
or more speeches. The loader reads each page in four phases, one module each, every phase a
function with a plain input and output:

1. :mod:`~cppcc.corpus.decode` — bytes to text (byte-order marks, an HTML ``<meta charset>``,
   UTF-8, then ``charset-normalizer``): :func:`~cppcc.corpus.decode.decode`;
2. :mod:`~cppcc.corpus.lines` — text to lines (HTML through BeautifulSoup, page chrome removed
   from the DOM with its reason): :func:`~cppcc.corpus.lines.page_lines`;
3. :mod:`~cppcc.corpus.classify` — page chrome (SEO spam, navigation, breadcrumb, share bar,
   footer; the line predicates of :mod:`~cppcc.corpus.linekind`), page metadata (title, date/source
   line) and the speech headers (``<region>政协<position><name>:``):
   :func:`~cppcc.corpus.classify.classify_lines`;
   the head of a page without headers is read by evidence (:mod:`~cppcc.corpus.front`): every line
   before the body says what it is and what it names, as :class:`~cppcc.corpus.front.Cue` evidence;
4. :mod:`~cppcc.corpus.documents` — each speech's footer, headline, summary (提要), the
   speaker's name line and body: :func:`~cppcc.corpus.documents.build_documents`, with each
   document's metadata (:mod:`~cppcc.corpus.attribute`: doc_type, speaker, unit, session,
   date and where each came from) chosen from the cues of its header, title, byline, dateline,
   date line, lead (:mod:`~cppcc.corpus.lead`) or the places it names (:mod:`~cppcc.corpus.places`),
   read by the line readers of :mod:`~cppcc.corpus.meta`, :mod:`~cppcc.corpus.dates` and
   :mod:`~cppcc.corpus.names` (person names against a list of surnames).

The kinds of page: digests of several speeches, each after a header (the seed); single speeches
with a byline title or a name line under the title; standing-committee work reports with their
dateline; news reports of meetings, whose lead sentence names the unit and the official; articles,
templates and collections, and anything else, load as one document of ``doc_type`` ``"other"`` with a
warning. :func:`~cppcc.corpus.sources.field_sources` says where each field came from.

:func:`cleaning_audit` shows the fate of every line, so nothing is dropped silently.

Speech headers are recognised by their shape, not by the seed: the region before ``政协`` is
resolved against China's administrative divisions (:func:`cppcc.divisions.resolve_region`), so
provinces, autonomous regions, municipalities, prefecture-level units (cities, 自治州, 地区, 盟) and
county-level units (counties, districts, county-level cities, 旗, 自治县) all work, with the
canonical Simplified names and the six-digit ``adcode`` taken from the table.

Public functions
----------------
:func:`load_speeches`  one row per speech
:func:`load_pages`     one row per page
:func:`cleaning_audit` one row per non-blank source line
"""
from __future__ import annotations

from ..divisions import resolve_region
from .files import CorpusError, CorpusWarning, corpus_dir
from .load import AUDIT_COLUMNS, PAGE_COLUMNS, SPEECH_COLUMNS, cleaning_audit, load_pages, load_speeches

__all__ = [
    "CorpusError", "CorpusWarning", "load_speeches", "load_pages", "cleaning_audit",
    "SPEECH_COLUMNS", "PAGE_COLUMNS", "AUDIT_COLUMNS", "corpus_dir", "resolve_region",
]
