"""The loader under hostile input (issue 26): names, encodings, damaged bytes, manifests, symlinks, and
time linear in a line's length and the HTML's depth."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from cppcc.corpus import CorpusError, CorpusWarning, load_speeches

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_311b16853e29c05d.txt"
PAGE = "市政协召开常委会议\n\n河南省政协主席刘伟：\n\n委员们围绕乡村振兴开展协商，提出了十二项建议。\n"


def _quiet(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_speeches(*args, **kw)


def test_doc_ids_are_unique_whatever_the_file_names(tmp_path):
    for name in ("a/b.txt", "b.txt", "a_b_txt.txt", "a b.txt", "a_b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(SEED.read_bytes())
    sp = _quiet(tmp_path)
    assert len(sp) == 25 and sp["doc_id"].is_unique
    assert set(sp["doc_id"].str.rsplit("-", n=1).str[0]) == {"a_b_txt~2", "b_txt", "a_b_txt", "a b",
                                                             "a_b"}
