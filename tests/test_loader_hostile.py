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


def _warned(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, [str(w.message) for w in got if issubclass(w.category, CorpusWarning)]


def test_manifest_rows_are_matched_by_their_path_and_every_odd_row_reported(tmp_path):
    for name in ("x.txt", "y.txt", "sub/z.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(PAGE.replace("河南省", "").replace("刘伟", "王明"), encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,unit\n"
        "./x.txt,临沧市\n"                       # line 2: ./ read as x.txt
        f"{tmp_path / 'y.txt'},河南省\n"          # line 3: absolute path inside the corpus
        "y.txt,云南省\n"                          # line 4: y.txt again: line 3 used
        "missing.txt,云南省\n"                    # line 5: no such page
        "/etc/passwd,云南省\n"                    # line 6: outside the corpus
        "sub\\z.txt,临沧市\n",                    # line 7: a Windows separator
        encoding="utf-8")
    sp, msgs = _warned(load_speeches, tmp_path)
    assert dict(zip(sp["source_file"], sp["region"])) == {"x.txt": "临沧市", "y.txt": "河南省",
                                                          "sub/z.txt": "临沧市"}
    manifest = str(tmp_path / "sources.csv")
    expected = {2: "'./x.txt' read as 'x.txt'", 3: "is an absolute path; read as 'y.txt'",
                4: "y.txt is named again (first on line 3); line 3 used",
                5: "no page missing.txt in the corpus",
                6: "'/etc/passwd' is a path outside the corpus", 7: "read as 'sub/z.txt'"}
    for line, text in expected.items():
        hits = [m for m in msgs if m.startswith(f"{manifest}, line {line}: ") and text in m]
        assert len(hits) == 1 and "\n" not in hits[0], (line, msgs)


def test_a_symlinked_file_gives_one_page_and_a_symlinked_folder_is_followed(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "real").mkdir(parents=True)
    (corpus / "real" / "a.txt").write_bytes(SEED.read_bytes())
    (corpus / "b.txt").symlink_to(corpus / "real" / "a.txt")     # a second name for a page
    (corpus / "c.txt").write_bytes(SEED.read_bytes())
    (corpus / "more").symlink_to(corpus / "real", target_is_directory=True)  # a folder link inside
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)           # a loop of links
    sp = _quiet(corpus)
    assert sorted(set(sp["source_file"])) == ["c.txt", "real/a.txt"] and sp["doc_id"].is_unique
    # a folder whose only way in is a link inside the corpus (its own name is hidden) is read through it
    (corpus / ".archive").mkdir()
    (corpus / ".archive" / "d.txt").write_bytes(SEED.read_bytes())
    (corpus / "pages").symlink_to(corpus / ".archive", target_is_directory=True)
    assert sorted(set(_quiet(corpus)["source_file"])) == ["c.txt", "pages/d.txt", "real/a.txt"]


def test_links_out_of_the_corpus_are_refused_or_warned_about(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "secret.txt").write_bytes(SEED.read_bytes())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "c.txt").write_bytes(SEED.read_bytes())
    (corpus / "s.txt").symlink_to(private / "secret.txt")
    with pytest.raises(CorpusError) as exc:
        load_speeches(corpus)
    msg = str(exc.value)
    assert "\n" not in msg and str(corpus / "s.txt") in msg and str(private / "secret.txt") in msg
    sp, msgs = _warned(load_speeches, corpus, errors="warn")  # skipped, with a warning naming both
    assert set(sp["source_file"]) == {"c.txt"} and any("skipped" in m and "secret.txt" in m for m in msgs)
    sp, msgs = _warned(load_speeches, corpus, links="warn")   # read, with a warning
    assert set(sp["source_file"]) == {"c.txt", "s.txt"} and any("outside the corpus" in m for m in msgs)
    (corpus / "s.txt").unlink()
    (corpus / "dir").symlink_to(private, target_is_directory=True)  # a folder link out: refused too
    with pytest.raises(CorpusError, match="outside the corpus"):
        load_speeches(corpus)


# one or two lines, Simplified and Traditional, in the encodings Chinese sites serve
SHORT_PAGES = [
    "市政协召开常委会议",
    "委员们围绕乡村振兴开展协商",
    "政协主席：\n推动协商民主广泛多层制度化发展",
    "会议听取了关于提案办理情况的报告",
    "县政协组织委员视察农村饮水安全工程",
    "加强和改进人民政协工作",
    "委员建言献策助力发展",
    "民主监督",
]


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "big5"])
def test_short_pages_in_chinese_encodings_are_read_right(tmp_path, codec):
    from cppcc.corpus.decode import decode_page
    from cppcc.normalize import _converter

    wrong = []
    for i, text in enumerate(SHORT_PAGES):
        if codec == "big5":
            text = _converter("s2t").convert(text)
        got = decode_page(text.encode(codec), f"p{i}.txt")
        if got.text != text:
            wrong.append((text, got.encoding, got.text))
    assert wrong == []


def test_plain_gb18030_with_four_byte_characters_is_read(tmp_path):
    from cppcc.corpus.decode import decode_page

    text = "政协委员𠀾调研少数民族地区，听取群众意见。"  # U+2003E needs GB18030's four-byte form
    got = decode_page(text.encode("gb18030"), "p.txt")
    assert (got.text, got.encoding) == (text, "gb18030")


def test_an_unsure_encoding_is_warned_about(tmp_path):
    f = tmp_path / "p.txt"
    f.write_bytes("议政".encode("gb18030") + b"\n")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        from cppcc.corpus import load_pages

        pg = load_pages(f)
    assert pg["encoding"].item() == "gb18030"
    assert any("encoding guessed as gb18030" in str(w.message) for w in got)


@pytest.mark.parametrize("damage, line", [
    (lambda raw: raw[:200] + b"\xff" + raw[200:], None),          # one invalid byte
    (lambda raw: raw[:300] + b"\x00" + raw[300:], None),          # a NUL
    (lambda raw: raw + "尾".encode()[:2], "last"),                  # a cut-off last character
])
def test_a_damaged_page_is_read_and_the_damage_located(tmp_path, damage, line):
    from cppcc.corpus import cleaning_audit

    raw = SEED.read_bytes()
    f = tmp_path / "p.txt"
    f.write_bytes(damage(raw))
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        sp = load_speeches(f)
    assert len(sp) == 5
    msgs = [str(w.message) for w in got if "U+FFFD" in str(w.message)]  # one warning, not also mojibake
    assert len(msgs) == 1 and "\n" not in msgs[0]
    au = cleaning_audit(f)
    noted = au[au["repair"].fillna("").str.contains("undecodable")]
    assert len(noted) == 1 and "\ufffd" in noted["original"].item()
    n_lines = damage(raw).decode("utf-8", "replace").count("\n") + 1
    if line == "last":
        assert noted["line"].item() == n_lines - (1 if damage(raw).endswith(b"\n") else 0)
    expected_byte = {"last": len(raw)}.get(line)
    if expected_byte is not None:
        assert f"byte {expected_byte}" in noted["repair"].item()


def _best_time(path, rounds=3):
    import time

    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        _quiet(path)
        best = min(best, time.perf_counter() - t0)
    return best


def test_loading_time_is_linear_in_the_depth_of_the_html(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_hostile import nested

    for chrome in (False, True):
        times = []
        for depth in (600, 2400):
            f = tmp_path / f"deep{depth}.html"
            f.write_text(nested(depth, chrome), encoding="utf-8")
            times.append(_best_time(f))
        assert times[1] / times[0] < 6, (chrome, times)  # a square law (a walk per element) gives 16


def test_loading_time_is_linear_in_the_length_of_a_line(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_hostile import NO_STOPS, SENTENCE, one_line

    for unit in (SENTENCE, NO_STOPS):
        times = []
        for chars in (20_000, 80_000):
            f = tmp_path / f"line{chars}.txt"
            f.write_text(one_line(chars, unit), encoding="utf-8")
            times.append(_best_time(f))
        assert times[1] / times[0] < 6, (unit, times)


def test_copies_of_a_page_are_read_once_and_named_each(tmp_path):
    for name in ("a.txt", "b/a.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(SEED.read_bytes())
    (tmp_path / "sources.csv").write_text("file,unit\nc.txt,云南省\n", encoding="utf-8")
    sp = _quiet(tmp_path)
    one = _quiet(SEED)
    cols = [c for c in one.columns if c not in ("doc_id", "source_file")]
    for name in ("a.txt", "b/a.txt", "c.txt"):
        got = sp[sp["source_file"] == name].reset_index(drop=True)
        assert got[cols].equals(one[cols]), name  # the manifest's unit is only a fallback here
    assert sp["doc_id"].is_unique and set(sp["source_file"]) == {"a.txt", "b/a.txt", "c.txt"}
