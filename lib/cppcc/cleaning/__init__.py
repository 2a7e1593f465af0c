"""Cleaning of captured pages, line by line: converter artefacts, mojibake, spam, chrome, TOC, paywalls.

Every function here is pure: it takes a line (or a list of lines, or raw bytes) and returns a plain
value, so the loader's classify phase can call it and record the reason in the audit. Lines may be
Traditional or Simplified, with half- or full-width punctuation: the rules match on a Simplified copy
(:func:`cppcc.normalize.to_simplified`), and repairs are made on the line as given. One module per
job: :mod:`.pinyin`, :mod:`.mojibake`, :mod:`.spam`, :mod:`.chrome`, :mod:`.toc`, :mod:`.fields`,
:mod:`.wraps`, :mod:`.encoding`.

=========================  ==================================================================
function                   what it answers
=========================  ==================================================================
:func:`strip_pinyin`       bracketed pinyin after a character (政協(xié)) and converter residue
                           (日?qǐng)?bào)) removed, with a count
:func:`mojibake`           descriptions of mojibake in a text (锟斤拷, Latin-1 read as UTF-8, U+FFFD)
:func:`replace_kunjinkao`  each run of 锟斤拷 as one U+FFFD (the loader's repair)
:func:`spam_reason`        the line without injected gambling/porn/SEO phrases or a content farm's
                           source suffix (文章源自…-https://…), and what was removed
:func:`chrome_reason`      why a line is page chrome (photo caption, reporter line, font-size
                           switcher, content-farm header…), or None
:func:`strip_marks`        continuation marks glued to a paragraph ((上接第一版)…) removed
:func:`toc_block`          indices of a table of contents (目录/提纲) before the text
:func:`paywall_reason`     why a line marks a truncated page (……省略N字), or None
:func:`cut_paywall`        a line's text before a paywall mark, and the mark
:func:`field_value`        a metadata field's value after its label, never the next field's label
:func:`hard_wraps`         which lines continue the line before them (text hard-wrapped mid-sentence)
:func:`looks_utf16`        "utf-16-le"/"utf-16-be" for UTF-16 bytes without a BOM, else None
=========================  ==================================================================

The spam word lists are data files in ``cppcc/data/cleaning/`` (see the README there).
"""
from __future__ import annotations

from .chrome import chrome_reason, strip_marks
from .encoding import looks_utf16
from .fields import field_value
from .mojibake import mojibake, replace_kunjinkao
from .pinyin import strip_pinyin
from .spam import spam_reason, spam_words
from .toc import cut_paywall, paywall_reason, toc_block
from .wraps import hard_wraps

__all__ = ["strip_pinyin", "mojibake", "replace_kunjinkao", "spam_reason", "chrome_reason", "strip_marks",
           "toc_block", "paywall_reason", "cut_paywall", "field_value", "looks_utf16", "spam_words",
           "hard_wraps"]
