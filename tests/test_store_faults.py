"""The store under faults: concurrent and killed builds, missing and damaged files, readers during a
rebuild, duplicate doc_ids, hostile file names and store paths (issue 26, the store's part)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.store import STORE_VERSION, StoreError

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEED_PAGE = ROOT / "corpus" / "000_311b16853e29c05d.txt"


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cppcc.CorpusWarning)
        return fn(*args, **kwargs)


def _build(src, out, **kw):
    kw = {"progress": False, "n_jobs": 1, "batch_pages": 1, **kw}
    return _quiet(cppcc.build_store, src, out, **kw)


def _flip_byte(path: Path) -> None:
    """Change one byte in the middle of a file, keeping its size (as a disk error would)."""
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x55
    path.write_bytes(bytes(raw))


@pytest.fixture()
def fixture_copy(tmp_path):
    src = tmp_path / "pages"
    shutil.copytree(FIXTURE_CORPUS, src)
    return src


# ------------------------------------------------------------------------- one build at a time; killed builds
def _children_alive(pids: list[int]) -> list[int]:
    import psutil

    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def test_second_build_fails_at_once_and_a_killed_build_leaves_no_process(tmp_path):
    psutil = pytest.importorskip("psutil")
    src, out = tmp_path / "pages", tmp_path / "store"
    src.mkdir()
    for i in range(120):  # a build of a few minutes on two workers, killed long before its end
        shutil.copy(SEED_PAGE, src / f"seed_{i:03d}.txt")
    code = ("import warnings, cppcc; warnings.simplefilter('ignore');"
            f"cppcc.build_store({str(src)!r}, {str(out)!r}, n_jobs=2, batch_pages=1, progress=False)")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        deadline = time.time() + 120
        workers: list = []
        while time.time() < deadline and len(workers) < 2:
            assert proc.poll() is None, "the build ended before it could be killed"
            workers = psutil.Process(proc.pid).children(recursive=True)
            time.sleep(0.2)
        assert len(workers) >= 2
        # a second build into the same folder fails at once, with one line naming the folder
        t0 = time.perf_counter()
        with pytest.raises(StoreError, match="another build_store is writing this store") as exc:
            _build(src, out)
        assert time.perf_counter() - t0 < 10
        assert "\n" not in str(exc.value) and str(out) in str(exc.value)
        assert f"pid {proc.pid}" in str(exc.value)
    finally:
        proc.kill()
        proc.wait()
    pids = [w.pid for w in workers]
    deadline = time.time() + 15
    while _children_alive(pids) and time.time() < deadline:
        time.sleep(0.2)
    assert _children_alive(pids) == []
    # the lock went with the killed build: the next build runs, resumes, and gives the clean store
    st = _build(src, out, n_jobs=2)
    assert st.info["pages"] == 120
    pd.testing.assert_frame_equal(st.documents(), cppcc.load_speeches(src))


def test_build_gathers_only_its_own_batches(fixture_copy, tmp_path, monkeypatch):
    from cppcc.store import build as buildmod

    out, other, solo = tmp_path / "store", tmp_path / "other", tmp_path / "solo"
    solo.mkdir()
    shutil.copy(SEED_PAGE, solo / "stray.txt")
    _build(solo, other)
    real = buildmod._run_batch

    def run_batch_and_meddle(job):  # while the build runs, another build's batch lands in the folder
        got = real(job)
        for f in other.rglob("*.parquet"):
            rel = f.relative_to(other)
            if rel.parts[0] in ("parts", "tokens"):
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, out / rel)
        return got

    monkeypatch.setattr(buildmod, "_run_batch", run_batch_and_meddle)
    st = _build(fixture_copy, out)
    pd.testing.assert_frame_equal(st.documents(), _quiet(cppcc.load_speeches, fixture_copy))
    assert st.documents()["doc_id"].is_unique
    assert st.info["tokens"] == len(st.tokens()) == len(cppcc.tokens(st.documents()))


# ------------------------------------------------------------------------- a store checks itself
@pytest.mark.parametrize("damage", ["delete token file", "flip token byte", "flip documents byte",
                                    "delete batch documents"])
def test_missing_or_damaged_file_is_named_and_repaired(fixture_copy, tmp_path, damage):
    out = tmp_path / "store"
    clean = _build(fixture_copy, out)
    docs, toks = clean.documents(), clean.tokens()
    tok_file = sorted((out / "tokens").glob("*.parquet"))[1]
    if damage == "delete token file":
        tok_file.unlink()
        named = tok_file
    elif damage == "flip token byte":
        _flip_byte(tok_file)
        named = tok_file
    elif damage == "flip documents byte":
        named = next(out.rglob("documents.parquet"))
        _flip_byte(named)
    else:  # a batch's documents, which the next build gathers
        named = next((out / "parts" / "documents").glob("*.parquet"))
        named.unlink()
    if damage != "delete batch documents":
        with pytest.raises(StoreError, match="repair") as exc:
            cppcc.open_store(out)
        assert str(exc.value).startswith(f"{named}: ") and "\n" not in str(exc.value)
        assert ("missing" if damage.startswith("delete") else "damaged") in str(exc.value)
    repaired = _build(fixture_copy, out)
    assert repaired.last_build["processed_pages"] == (0 if damage == "flip documents byte" else 1)
    again = cppcc.open_store(out, verify="all")
    pd.testing.assert_frame_equal(again.documents(), docs)
    pd.testing.assert_frame_equal(again.tokens(), toks)


def test_store_json_records_rows_and_digests(fixture_copy, tmp_path):
    import hashlib

    import pyarrow.parquet as pq

    st = _build(fixture_copy, tmp_path / "store")
    meta = json.loads((st.path / "store.json").read_text(encoding="utf-8"))
    assert set(meta["files"]) == {*meta["token_files"], *meta["tables"].values()}
    for rel, rec in meta["files"].items():
        path = st.path / rel
        assert rec["rows"] == pq.ParquetFile(path).metadata.num_rows
        assert rec["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert rec["bytes"] == path.stat().st_size
    assert sum(meta["files"][f]["rows"] for f in meta["token_files"]) == meta["tokens"] == len(st.tokens())


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2]", f'{{"store_version": "{STORE_VERSION}"}}',
                                  "\udcff"])
def test_damaged_store_json_is_a_store_error(fixture_copy, tmp_path, text):
    out = tmp_path / "store"
    _build(fixture_copy, out)
    (out / "store.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(StoreError, match=r"store\.json: damaged store\.json") as exc:
        cppcc.open_store(out)
    assert str(exc.value).startswith(str(out / "store.json")) and "\n" not in str(exc.value)
    repaired = _build(fixture_copy, out)
    assert repaired.last_build["processed_pages"] == 0  # the batches were intact: only gathered again
    want = _quiet(cppcc.load_speeches, fixture_copy)
    pd.testing.assert_frame_equal(cppcc.open_store(out).documents(), want)


# ------------------------------------------------------------------------- readers during a rebuild
def test_readers_see_the_old_or_the_new_version_never_a_mix(fixture_copy, tmp_path, monkeypatch):
    from cppcc.store import build as buildmod

    out = tmp_path / "store"
    old = _build(fixture_copy, out)
    old_docs, old_toks, old_counts = old.documents(), old.tokens(), old.counts("province")
    # an incremental rebuild: one page edited, one removed, one added
    page = fixture_copy / "traditional_source.txt"
    page.write_bytes(page.read_bytes().replace("協商".encode(), "商量".encode(), 1))
    (fixture_copy / "no_header.txt").unlink()
    shutil.copy(SEED_PAGE, fixture_copy / "seed.txt")
    seen = {}
    real = buildmod._finalize

    def finalize_watched(*args, **kwargs):  # a reader that opens the store while the build runs
        during = cppcc.open_store(out)
        seen["docs"], seen["toks"] = during.documents(), during.tokens()
        during.close()
        got = real(*args, **kwargs)
        seen["after_finalize"] = cppcc.open_store(out).tokens()  # gathered, not switched yet
        return got

    monkeypatch.setattr(buildmod, "_finalize", finalize_watched)
    new = _build(fixture_copy, out)
    pd.testing.assert_frame_equal(seen["docs"], old_docs)
    pd.testing.assert_frame_equal(seen["toks"], old_toks)
    pd.testing.assert_frame_equal(seen["after_finalize"], old_toks)
    # the store opened before the rebuild still reads the old version, whole
    pd.testing.assert_frame_equal(old.documents(), old_docs)
    pd.testing.assert_frame_equal(old.tokens(), old_toks)
    pd.testing.assert_frame_equal(old.counts("province"), old_counts)
    # a store opened now reads the new one
    want = _quiet(cppcc.load_speeches, fixture_copy)
    pd.testing.assert_frame_equal(new.documents(), want)
    pd.testing.assert_frame_equal(cppcc.open_store(out).documents(), want)
    assert len(cppcc.open_store(out).tokens()) == new.info["tokens"] != old.info["tokens"]


# ------------------------------------------------------------------------- doc_ids, names, paths
def test_doc_ids_are_distinct_and_those_of_the_loader(tmp_path):
    from cppcc.store.build import _check_doc_ids

    src = tmp_path / "pages"
    (src / "a").mkdir(parents=True)
    for rel in ("b.txt", "a/b.txt", "a_b_txt.txt", "a_b_txt~2.txt"):  # a/b.txt and a_b_txt.txt: a_b_txt
        shutil.copy(SEED_PAGE, src / rel)
    st = _build(src, tmp_path / "store")
    docs = st.documents()
    assert docs["doc_id"].is_unique
    pd.testing.assert_frame_equal(docs, cppcc.load_speeches(src))  # the loader's names (page_stems)
    assert len(st.tokens()) == 4 * len(cppcc.tokens(cppcc.load_speeches()))
    # the check on the gathered documents names both pages when two documents share a doc_id
    meta = dict(st.info)
    twice = tmp_path / "twice.parquet"
    pd.concat([docs, docs.iloc[[0]].assign(source_file="other.txt")]).to_parquet(twice)
    meta["tables"] = {**meta["tables"], "documents": "../twice.parquet"}
    first = docs.iloc[0]  # a/b.txt's: a_b_txt~3-01 (a_b_txt and a_b_txt~2 are taken by other pages)
    assert (first["source_file"], first["doc_id"]) == ("a/b.txt", "a_b_txt~3-01")
    with pytest.raises(StoreError, match=r"doc_id 'a_b_txt~3-01' is given to documents of 'a/b.txt' and "
                                         r"'other.txt'"):
        _check_doc_ids(st.path, meta)


def test_file_name_that_is_not_utf8_is_named(fixture_copy, tmp_path):
    bad = os.fsencode(str(fixture_copy)) + b"/\xb2\xe2\xca\xd4.txt"  # 测试 in GBK
    try:
        with open(bad, "wb") as fh:
            fh.write(SEED_PAGE.read_bytes())
    except OSError:
        pytest.skip("this file system takes only UTF-8 file names")
    with pytest.raises(StoreError, match=r"\\xb2\\xe2\\xca\\xd4\.txt: the file name is not valid UTF-8") as e:
        _build(fixture_copy, tmp_path / "store")
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("name", ["store[1]", "a]b[c", "x[ab*]?"])
def test_store_path_with_glob_characters_can_be_queried(fixture_copy, tmp_path, name):
    st = _build(fixture_copy, tmp_path / name, batch_pages=2)
    toks = cppcc.tokens(_quiet(cppcc.load_speeches, fixture_copy))
    again = cppcc.open_store(tmp_path / name)
    assert len(again.tokens()) == len(toks) == st.info["tokens"]
    want = cppcc.term_frequencies(toks, by="province")["count"].sum()
    assert again.counts("province")["count"].sum() == want
    assert len(again.code_mechanisms(by="province"))


def test_links_out_of_the_corpus_are_refused_and_a_second_name_is_read_once(tmp_path):
    """Issue 26 item 9, as the loader does: a link (to a file or a folder) that leads outside the
    corpus is refused, naming the link; a link to a page of the corpus gives no second page."""
    src, outside = tmp_path / "pages", tmp_path / "private"
    src.mkdir()
    outside.mkdir()
    shutil.copy(SEED_PAGE, src / "seed.txt")
    (outside / "secret.txt").write_bytes(SEED_PAGE.read_bytes())
    try:
        (src / "alias.txt").symlink_to(src / "seed.txt")
    except OSError:
        pytest.skip("no symbolic links on this file system")
    st = _build(src, tmp_path / "store")
    assert st.documents()["source_file"].unique().tolist() == ["seed.txt"]
    (src / "leak.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(StoreError, match=r"leak\.txt: a link to .*secret\.txt, outside the corpus"):
        _build(src, tmp_path / "store2")
    (src / "leak.txt").unlink()
    (src / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match=r"linked: a link to the folder .*private, outside the corpus"):
        _build(src, tmp_path / "store3")


# ------------------------------------------------------------------------- listing and gathering at scale
def test_page_listing_follows_the_loader_rule(tmp_path):
    from cppcc.corpus.files import find_files
    from cppcc.store.sources import pages_of

    src = tmp_path / "pages"
    for rel in ("b.TXT", "a/z.html", "a/y.Htm", ".hidden/x.txt", "a/.h/w.txt", "c.md", "a b/c.txt",
                "a-b.txt", "a/b/c.txt", "中文/页.txt"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(SEED_PAGE.read_bytes())
    index = pages_of(src, "s")
    root, files = find_files(src)
    assert index.table.column("name").to_pylist() == [f.relative_to(root).as_posix() for f in files]
    pages = index.pages(range(len(index)))
    assert [p.where for p in pages] == [str(f.resolve()) for f in files]
    assert [p.size for p in pages] == [f.stat().st_size for f in files]


def test_pages_added_between_kept_batches_are_gathered_in_corpus_order(tmp_path):
    src = tmp_path / "pages"
    src.mkdir()
    pages = sorted(FIXTURE_CORPUS.iterdir()) + [SEED_PAGE]
    for i, page in enumerate(pages):  # every other page first, in batches of two
        if i % 2 == 0:
            shutil.copy(page, src / f"p{i}{page.suffix}")
    out = tmp_path / "store"
    _build(src, out, batch_pages=2)
    for i, page in enumerate(pages):  # then the pages between them: their batches interleave
        shutil.copy(page, src / f"p{i}{page.suffix}")
    st = _build(src, out, batch_pages=2)
    assert st.last_build["reused_pages"] == len(range(0, len(pages), 2))
    want = _quiet(cppcc.load_speeches, src)
    pd.testing.assert_frame_equal(st.documents(), want)
    pd.testing.assert_frame_equal(st.audit(), _quiet(cppcc.cleaning_audit, src))
    pd.testing.assert_frame_equal(st.pages(), _quiet(cppcc.load_pages, src))
    warned = st.warnings()["file"].tolist()
    assert warned == sorted(warned, key=lambda f: int(f[1:].split(".")[0]))
    toks = st.tokens()
    pd.testing.assert_frame_equal(toks, cppcc.tokens(want), check_dtype=False, check_categorical=False)


def test_unchanged_rebuild_keeps_the_version(fixture_copy, tmp_path):
    out = tmp_path / "store"
    first = _build(fixture_copy, out)
    again = _build(fixture_copy, out)
    assert again.info["generation"] == first.info["generation"]
    assert again.last_build == {"processed_pages": 0, "batches": 0, "reused_pages": first.info["pages"]}
    assert [g.name for g in (out / "gen").iterdir()] == [first.info["generation"]]
    (fixture_copy / "no_header.txt").unlink()
    shrunk = _build(fixture_copy, out)
    assert shrunk.info["generation"] != first.info["generation"]
    assert sorted(g.name for g in (out / "gen").iterdir()) == sorted(
        [first.info["generation"], shrunk.info["generation"]])


def test_a_manifest_copied_under_another_name_is_not_a_batch(fixture_copy, tmp_path):
    out = tmp_path / "store"
    first = _build(fixture_copy, out)
    man = sorted((out / "parts").glob("*.parquet"))[0]
    shutil.copy(man, out / "parts" / ("0" * 32 + ".parquet"))  # its files are another batch's
    again = _build(fixture_copy, out)
    assert again.last_build["processed_pages"] == 0
    pd.testing.assert_frame_equal(again.documents(), first.documents())
    assert not (out / "parts" / ("0" * 32 + ".parquet")).exists()


@pytest.mark.parametrize("names", [
    ["x.txt", "a/b.txt", "b.html", "a_b_txt.txt"],
    ["b.txt", "a/b.txt", "a_b_txt.txt", "a_b_txt~2.txt", "c/a_b_txt.txt"],
    ["a/b.txt", "b.txt", "c/b.txt", "a_b_txt~2.txt", "a_b_txt~3.txt", "a_b_txt.txt", "z.txt"],
    ["one.txt", "two.txt"],
])
def test_stems_of_a_listing_are_the_loaders(names):
    import pyarrow as pa

    from cppcc.corpus.files import page_stems
    from cppcc.store.sources import _stems

    names = sorted(names)
    got = _stems(pa.array(names, type=pa.string()))
    want = page_stems(names)
    assert [got.get(i, Path(n).stem) for i, n in enumerate(names)] == want


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_forked_process_never_tears_down_its_parents_store(fixture_copy, tmp_path):
    """A build's workers are forked from a process that may hold open stores: when such a store is
    garbage-collected in the child, its DuckDB connection (the parent's) is left alone. Closing it there
    crashed the worker (a segmentation fault, seen as BrokenProcessPool in a build)."""
    import gc

    st = _build(fixture_copy, tmp_path / "store")
    st.counts("province")  # opens the DuckDB connection
    pid = os.fork()
    if pid == 0:  # the child: drop the parent's store, then exit
        code = 0
        try:
            del st
            gc.collect()
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert not os.WIFSIGNALED(status), f"the child died of signal {os.WTERMSIG(status)}"
    assert os.WEXITSTATUS(status) == 0
    assert st.counts("province")["count"].sum() > 0  # the parent's connection still works


# ------------------------------------------------------------------------- queries that spill to disk
_SPILL = "SELECT sum(x) FROM (SELECT hash(i) % 1000 AS x FROM range(3000000) t(i) ORDER BY hash(i) DESC)"


def test_a_query_that_spills_works_in_a_store_without_a_spill_folder(fixture_copy, tmp_path):
    """A query beyond the memory limit spills to ``<store>/.duckdb_tmp/<pid>-…``. DuckDB creates that
    folder but not its parent: on a fresh store (no ``.duckdb_tmp``) every spilling query failed with
    "Failed to create directory" (seen as distinctive_terms by province on a 100k-page store)."""
    st = _build(fixture_copy, tmp_path / "store")
    shutil.rmtree(tmp_path / "store" / ".duckdb_tmp", ignore_errors=True)  # a store copied without it
    st.memory_limit = "30MB"
    con = st.connect()
    con.execute("SET threads = 1")
    assert con.execute(_SPILL).fetchone()[0] > 0
    spill = st._tmp
    st.close()
    assert not spill.exists()  # the connection's own spill folder is removed when it closes


def test_a_store_folder_that_cannot_be_written_spills_under_the_temporary_folder(
    fixture_copy, tmp_path, monkeypatch
):
    st = _build(fixture_copy, tmp_path / "store")
    shutil.rmtree(tmp_path / "store" / ".duckdb_tmp", ignore_errors=True)
    mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):  # a read-only share: nothing can be created in the store
        if self.name == ".duckdb_tmp":
            raise PermissionError(13, "Permission denied", str(self))
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    st.memory_limit = "30MB"
    con = st.connect()
    con.execute("SET threads = 1")
    assert con.execute(_SPILL).fetchone()[0] > 0
    assert st._tmp.name.startswith("cppcc-duckdb-") and tmp_path not in st._tmp.parents
    assert not (tmp_path / "store" / ".duckdb_tmp").exists()
    st.close()
