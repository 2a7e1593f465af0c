"""The Parquet/DuckDB store gives what the in-memory functions give, incrementally, also on Dask."""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc import store as storemod
from cppcc.corpus.files import find_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
WARC_PAGES = ROOT / "tests" / "fixtures" / "store"
MANIFEST_CORPUS = ROOT / "tests" / "fixtures" / "store_manifest"  # sources.csv with a unit column
N_FIXTURE_PAGES = len(find_files(FIXTURE_CORPUS)[1])


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as objects, missing values as None: the two paths' frames then compare exactly."""
    df = df.copy()
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(object)
        if df[c].dtype == object:
            df[c] = df[c].where(df[c].notna(), None)
    return df


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_plain(a), _plain(b), check_dtype=False)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cppcc.CorpusWarning)
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return cppcc.build_store(ROOT / "corpus", tmp_path_factory.mktemp("seed"), progress=False, n_jobs=1)


@pytest.fixture(scope="module")
def seed():
    sp = cppcc.load_speeches()
    return sp, cppcc.tokens(sp)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    # one page per batch and two worker processes: several token files, built out of order
    return _quiet(
        cppcc.build_store,
        FIXTURE_CORPUS,
        tmp_path_factory.mktemp("fix"),
        progress=False,
        n_jobs=2,
        batch_pages=1,
    )


@pytest.fixture(scope="module")
def fixture():
    sp = _quiet(cppcc.load_speeches, FIXTURE_CORPUS)
    return sp, cppcc.tokens(sp)


# ------------------------------------------------------------------------- the tables
def test_seed_store_holds_the_loader_tables(seed_store, seed):
    sp, toks = seed
    assert seed_store.info["pages"] == 1 and seed_store.info["documents"] == 5
    assert seed_store.info["tokens"] == len(toks)
    pd.testing.assert_frame_equal(seed_store.documents(), sp)
    pd.testing.assert_frame_equal(seed_store.audit(), cppcc.cleaning_audit())
    pd.testing.assert_frame_equal(seed_store.pages(), cppcc.load_pages())
    _same(seed_store.tokens(), toks)
    assert isinstance(seed_store.tokens()["token"].dtype, pd.CategoricalDtype)


def test_store_files_are_parquet_with_dictionary_encoded_tokens(seed_store):
    import pyarrow.parquet as pq

    files = seed_store.token_files
    assert len(files) == 1 and files[0].parent.name == "tokens" and files[0].name.startswith("part-")
    schema = pq.read_schema(files[0])
    assert schema.names == list(storemod.TOKEN_FILE_COLUMNS)
    col = pq.ParquetFile(files[0]).metadata.row_group(0).column(schema.names.index("token"))
    assert any("DICT" in e for e in map(str, col.encodings))
    assert seed_store.table_file("documents").is_file() and seed_store.table_file("audit").is_file()


def test_fixture_store_equals_in_memory_tables(fixture_store, fixture):
    sp, toks = fixture
    n = N_FIXTURE_PAGES
    assert fixture_store.last_build == {"processed_pages": n, "batches": n, "reused_pages": 0}
    pd.testing.assert_frame_equal(fixture_store.documents(), sp)
    pd.testing.assert_frame_equal(fixture_store.audit(), _quiet(cppcc.cleaning_audit, FIXTURE_CORPUS))
    pd.testing.assert_frame_equal(fixture_store.pages(), _quiet(cppcc.load_pages, FIXTURE_CORPUS))
    _same(fixture_store.tokens(), toks)
    # the loader's two warnings are kept, with the page they belong to
    w = fixture_store.warnings()
    assert {"no_header.txt", "regions_simplified.txt"} <= set(w["file"])
    assert w["message"][w["file"] == "regions_simplified.txt"].str.contains("朝阳区").any()


def test_each_page_is_read_once_per_batch(tmp_path, monkeypatch):
    from cppcc.corpus import load

    calls = []
    real = load.read_page
    monkeypatch.setattr(load, "read_page", lambda *a, **k: calls.append(a[0].name) or real(*a, **k))
    st = _quiet(cppcc.build_store, FIXTURE_CORPUS, tmp_path / "s", progress=False, n_jobs=1)
    assert sorted(calls) == sorted(p.name for p in find_files(FIXTURE_CORPUS)[1])
    assert st.info["pages"] == N_FIXTURE_PAGES


def test_manifest_unit_is_kept_in_the_store(tmp_path):
    # two pages that say only 市政协 / 县政协, one in a subfolder: their unit comes from sources.csv
    st = cppcc.build_store(MANIFEST_CORPUS, tmp_path / "s", progress=False, n_jobs=1, batch_pages=1)
    docs = st.documents()
    pd.testing.assert_frame_equal(docs, cppcc.load_speeches(MANIFEST_CORPUS))
    pd.testing.assert_frame_equal(st.audit(), cppcc.cleaning_audit(MANIFEST_CORPUS))
    assert docs[["source_file", "region", "county", "level", "adcode", "meta_source"]].values.tolist() == [
        ["city_page.txt", "湖南省岳阳市", None, "prefecture", "430600", "manifest"],
        ["site/county_page.txt", "浙江省丽水市青田县", "青田县", "county", "331121", "manifest"],
    ]
    assert st.counts("adcode")["adcode"].drop_duplicates().tolist() == ["430600", "331121"]
    # the manifest's unit is part of a page's content key: editing it redoes that page only
    src = tmp_path / "src"
    shutil.copytree(MANIFEST_CORPUS, src)
    cppcc.build_store(src, tmp_path / "t", progress=False, n_jobs=1, batch_pages=1)
    manifest = (src / "sources.csv").read_text(encoding="utf-8")
    (src / "sources.csv").write_text(manifest.replace("湖南省岳阳市", "湖南省常德市"), encoding="utf-8")
    st = cppcc.build_store(src, tmp_path / "t", progress=False, n_jobs=1, batch_pages=1)
    assert st.last_build == {"processed_pages": 1, "batches": 1, "reused_pages": 1}
    assert st.documents()["adcode"].tolist() == ["430700", "331121"]


def test_tokens_slice_and_documents_filter(seed_store, seed):
    sp, toks = seed
    got = seed_store.tokens(columns=["doc_id", "token", "province"], where={"province": "云南省"})
    want = toks.loc[toks["province"] == "云南省", ["doc_id", "token", "province"]].reset_index(drop=True)
    _same(got, want)
    assert (
        seed_store.documents(columns=["speaker"], where="level = 'province'")["speaker"].tolist()
        == ["刘伟", "韩勇", "江泽林"]
        == sp.loc[sp["level"] == "province", "speaker"].tolist()
    )
    with pytest.raises(ValueError, match="unknown column"):
        seed_store.tokens(columns=["nope"])


# ------------------------------------------------------------------------- analysis: same numbers
def test_counts_by_province_on_the_seed(seed_store):
    c = seed_store.counts("province")
    assert list(c.columns) == ["province", "term", "count"]
    # 李银峰's speech (云南省临沧市): 协商 is the most frequent counted word, 22 times
    assert c.iloc[0].tolist() == ["云南省", "协商", 22]
    assert c["province"].drop_duplicates().tolist() == ["云南省", "河南省", "陕西省", "安徽省", "吉林省"]


@pytest.mark.parametrize("by", [None, "doc_id", "province", ["level", "province"], "pos"])
@pytest.mark.parametrize("stop", [True, False, "officialese", {"政协", "的"}])
def test_term_frequencies_equal_on_seed(seed_store, seed, by, stop):
    got = seed_store.term_frequencies(by=by, stop=stop)
    _same(got, cppcc.term_frequencies(seed[1], by=by, stop=stop))
    _same(
        seed_store.counts(by, stop=stop),
        cppcc.term_frequencies(seed[1], by=by, stop=stop).drop(columns=["n_tokens", "rate"]),
    )


@pytest.mark.parametrize("by", ["doc_id", "province", "level"])
def test_term_frequencies_and_mechanisms_equal_on_fixture(fixture_store, fixture, by):
    toks = fixture[1]
    _same(fixture_store.term_frequencies(by=by, punct=True), cppcc.term_frequencies(toks, by=by, punct=True))
    _same(fixture_store.code_mechanisms(by=by), cppcc.code_mechanisms(toks, by=by))


@pytest.mark.parametrize("by", ["doc_id", "province", ["level", "province"], "speaker"])
def test_code_mechanisms_equal_on_seed(seed_store, seed, by):
    got = seed_store.code_mechanisms(by=by)
    _same(got, cppcc.code_mechanisms(seed[1], by=by))
    assert got["matches"].sum() > 0


@pytest.mark.parametrize(
    "pattern, regex",
    [("委员", False), ("協商", False), (r"[一二三四五六七八九十两]个\w{2}", True), ("没有这个词", False)],
)
def test_kwic_equal(seed_store, seed, fixture_store, fixture, pattern, regex):
    pd.testing.assert_frame_equal(
        seed_store.kwic(pattern, regex=regex), cppcc.kwic(seed[0], pattern, regex=regex)
    )
    pd.testing.assert_frame_equal(
        fixture_store.kwic(pattern, regex=regex), cppcc.kwic(fixture[0], pattern, regex=regex)
    )


# ------------------------------------------------------------------------- incremental, resumable
def test_incremental_rebuild_processes_only_changed_pages(tmp_path):
    src = tmp_path / "pages"
    shutil.copytree(FIXTURE_CORPUS, src)
    out = tmp_path / "store"
    first = _quiet(cppcc.build_store, src, out, progress=False, n_jobs=1, batch_pages=1)
    n = N_FIXTURE_PAGES
    assert first.last_build["processed_pages"] == n
    again = _quiet(cppcc.build_store, src, out, progress=False, n_jobs=1, batch_pages=1)
    assert again.last_build == {"processed_pages": 0, "batches": 0, "reused_pages": n}
    # grow the folder and edit one page: only those two are read again
    (src / "sub").mkdir()
    shutil.copy(WARC_PAGES / "gansu_archive_page.html", src / "sub" / "gansu.html")
    page = src / "traditional_source.txt"
    page.write_bytes(page.read_bytes().replace("協商".encode(), "商量".encode(), 1))
    grown = _quiet(cppcc.build_store, src, out, progress=False, n_jobs=1, batch_pages=1)
    assert grown.last_build == {"processed_pages": 2, "batches": 2, "reused_pages": n - 1}
    sp = _quiet(cppcc.load_speeches, src)
    pd.testing.assert_frame_equal(grown.documents(), sp)
    _same(grown.tokens(), cppcc.tokens(sp))
    # a removed page leaves the store
    (src / "no_header.txt").unlink()
    shrunk = _quiet(cppcc.build_store, src, out, progress=False, n_jobs=1, batch_pages=1)
    assert shrunk.last_build["processed_pages"] == 0
    assert "no_header.txt" not in set(shrunk.documents()["source_file"])
    assert len(shrunk.token_files) == n
    # the files of the version before are kept for readers that opened it; the next build removes them
    assert len(list((out / "tokens").glob("*.parquet"))) == n + 1
    again = _quiet(cppcc.build_store, src, out, progress=False, n_jobs=1, batch_pages=1)
    assert again.last_build["processed_pages"] == 0
    assert len(list((out / "tokens").glob("*.parquet"))) == n


def test_interrupted_build_resumes(tmp_path):
    out = tmp_path / "store"
    _quiet(cppcc.build_store, FIXTURE_CORPUS, out, progress=False, n_jobs=1, batch_pages=1)
    # a crash after two batches: their manifests are there, the others' files half written
    manifests = sorted((out / "parts").glob("*.parquet"))
    for m in manifests[2:]:
        m.unlink()
    (out / "store.json").unlink()
    with pytest.raises(storemod.StoreError, match="not a cppcc store"):
        cppcc.open_store(out)
    resumed = _quiet(cppcc.build_store, FIXTURE_CORPUS, out, progress=False, n_jobs=1, batch_pages=1)
    assert resumed.last_build == {"processed_pages": N_FIXTURE_PAGES - 2, "batches": N_FIXTURE_PAGES - 2,
                                  "reused_pages": 2}
    pd.testing.assert_frame_equal(
        cppcc.open_store(out).documents(), _quiet(cppcc.load_speeches, FIXTURE_CORPUS)
    )


# ------------------------------------------------------------------------- other sources
def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for name, ctype in (
            ("hainan_archive_page.html", "text/html; charset=gb2312"),
            ("gansu_archive_page.html", "text/html"),
        ):
            body = (WARC_PAGES / name).read_bytes()
            uri = f"http://archive.example.org/{name}"
            w.write_record(
                w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                "http://archive.example.org/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n"),
                http_headers=png,
            )
        )


def test_warc_source(tmp_path):
    warc = tmp_path / "crawl-2024.warc.gz"
    _write_warc(warc)
    st = cppcc.build_store([warc], tmp_path / "store", progress=False, n_jobs=1)
    docs = st.documents()
    assert docs["doc_id"].tolist() == ["crawl-2024_000001-01", "crawl-2024_000002-01"]
    assert docs["source_file"].tolist() == [
        "http://archive.example.org/hainan_archive_page.html",
        "http://archive.example.org/gansu_archive_page.html",
    ]
    assert docs["speaker"].tolist() == ["陈海涛", "马建国"]
    assert docs["province"].tolist() == ["海南省", "甘肃省"]
    # the same text as the loader gives for the pages themselves
    direct = cppcc.load_speeches(WARC_PAGES)
    assert sorted(docs["text"]) == sorted(direct["text"])
    _same(st.tokens(), cppcc.tokens(docs))
    assert set(st.audit()["file"]) == set(docs["source_file"])


def test_frame_source_keeps_metadata(tmp_path):
    frame = pd.DataFrame(
        {
            "doc_id": ["n1", "n2", "n3"],
            "outlet": ["日报", "晚报", "日报"],
            "text": ["政協委員深入基層調研。", None, "委員之家開展協商。"],
        }
    )
    st = cppcc.build_store(frame, tmp_path / "store", progress=False, n_jobs=1, batch_pages=2)
    _same(st.documents(), frame)
    _same(st.tokens(), cppcc.tokens(frame))
    _same(st.term_frequencies(by="outlet"), cppcc.term_frequencies(cppcc.tokens(frame), by="outlet"))
    with pytest.raises(storemod.StoreError, match="not unique"):
        cppcc.build_store(pd.concat([frame, frame]), tmp_path / "dup", progress=False)


def test_errors_name_the_problem(tmp_path):
    with pytest.raises(storemod.StoreError, match="no such file or directory"):
        cppcc.build_store(tmp_path / "missing", tmp_path / "s")
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"this is not a WARC file at all")
    with pytest.raises(storemod.StoreError, match="broken.warc.gz: not a readable WARC"):
        cppcc.build_store([bad], tmp_path / "s")
    with pytest.raises(storemod.StoreError, match="no store.json"):
        cppcc.open_store(tmp_path)
    with pytest.raises(TypeError, match="source must be"):
        cppcc.build_store(42, tmp_path / "s")


# ------------------------------------------------------------------------- Dask
def test_dask_local_cluster_builds_the_same_store(tmp_path, fixture_store):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        st = _quiet(
            cppcc.build_store, FIXTURE_CORPUS, tmp_path / "dask", client=client, progress=False, batch_pages=1
        )
    assert st.last_build["batches"] == N_FIXTURE_PAGES
    pd.testing.assert_frame_equal(st.documents(), fixture_store.documents())
    pd.testing.assert_frame_equal(st.tokens(), fixture_store.tokens())
    pd.testing.assert_frame_equal(st.audit(), fixture_store.audit())
    assert sorted(p.name for p in (tmp_path / "dask" / "tokens").iterdir()) == sorted(
        p.name for p in (fixture_store.path / "tokens").iterdir()
    )


# ------------------------------------------------------------------------- the in-memory memo of tokens
def test_memo_is_bounded_and_hands_out_copies():
    import numpy as np

    from cppcc import memo

    m = memo.Memo(max_bytes=1000)
    cols = {"a": np.arange(100, dtype=np.int32)}  # 400 bytes
    memo.put_columns(m, "k1", cols)
    memo.put_columns(m, "k2", {"a": np.arange(100, dtype=np.int32)})
    got = memo.get_columns(m, "k1")
    got["a"][0] = 99  # a caller's change does not reach the memo
    assert memo.get_columns(m, "k1")["a"][0] == 0
    memo.put_columns(m, "k3", {"a": np.arange(100, dtype=np.int32)})  # 1200 > 1000: k2 (least recent) goes
    assert memo.get_columns(m, "k2") is None and memo.get_columns(m, "k1") is not None
    assert m.stats()["bytes"] == 800
    memo.put_columns(m, "big", {"a": np.arange(1000, dtype=np.int32)})  # larger than the bound: not kept
    assert m.get("big") is None
    m.clear()
    assert m.stats()["entries"] == 0


def test_tokens_repeat_call_is_answered_from_the_memo():
    from cppcc import memo

    docs = pd.DataFrame({"doc_id": ["m1", "m2"], "text": ["蚌山區政協建立委員之家。", "委員之家在社區。"]})
    first = cppcc.tokens(docs)
    hits = memo.TOKENS.stats()["hits"]
    first.loc[0, "is_stop"] = True  # a caller's change of a result does not reach the memo
    again = cppcc.tokens(docs)
    assert memo.TOKENS.stats()["hits"] == hits + 1
    assert not again.loc[0, "is_stop"]
    memo.TOKENS.clear()
    pd.testing.assert_frame_equal(cppcc.tokens(docs), again)  # recomputed: the same frame


# ------------------------------------------------------------------------- distinctive terms, dispatch
@pytest.mark.parametrize("by", ["doc_id", "province", "level"])
@pytest.mark.parametrize("kw", [{}, {"method": "g2"}, {"method": "g2", "williams": True}, {"stop": False},
                                {"prior": "general"}, {"min_count": 3, "include_zero": True},
                                {"dropna": False}])
def test_distinctive_terms_equal(seed_store, seed, fixture_store, fixture, by, kw):
    got = seed_store.distinctive_terms(by=by, **kw)
    want = cppcc.distinctive_terms(seed[1], by=by, **kw)
    _same(got, want)
    assert len(got) > 0
    _same(fixture_store.distinctive_terms(by=by, **kw), cppcc.distinctive_terms(fixture[1], by=by, **kw))


def test_analysis_functions_accept_a_store(seed_store, seed):
    sp, toks = seed
    _same(cppcc.term_frequencies(seed_store, by="level"), cppcc.term_frequencies(toks, by="level"))
    _same(cppcc.distinctive_terms(seed_store, by="province", method="g2"),
          cppcc.distinctive_terms(toks, by="province", method="g2"))
    _same(cppcc.code_mechanisms(seed_store, by="level"), cppcc.code_mechanisms(toks, by="level"))
    pd.testing.assert_frame_equal(cppcc.kwic(seed_store, "委员之家"), cppcc.kwic(sp, "委员之家"))
    assert cppcc.term_frequencies(seed_store, by="level").attrs["by"] == ["level"]


# ------------------------------------------------------------------------- notebooks and report on a store
def test_open_corpus_from_a_store_equals_the_pages(seed_store, seed, fixture_store):
    from cppcc.report.seed import is_seed_corpus

    sp, toks = seed
    archived = cppcc.open_corpus(store=seed_store)
    pd.testing.assert_frame_equal(archived.speeches, sp)
    pd.testing.assert_frame_equal(cppcc.open_corpus(store=seed_store.path).pages, cppcc.load_pages())
    pd.testing.assert_frame_equal(archived.audit, cppcc.cleaning_audit())
    pd.testing.assert_frame_equal(archived.tokens(), toks)  # dtypes and categories too
    labelled = sp.assign(speech=sp["speaker"] + "·" + sp["region"]).iloc[[3, 0]]  # a column added, a subset
    pd.testing.assert_frame_equal(cppcc.open_corpus(store=seed_store.path).tokens(labelled),
                                  cppcc.tokens(labelled))
    fix = _quiet(cppcc.load_speeches, FIXTURE_CORPUS, errors="warn")
    pd.testing.assert_frame_equal(cppcc.open_corpus(store=fixture_store).tokens(fix), cppcc.tokens(fix))
    assert archived.label == f"the store {seed_store.path}" and archived.store is seed_store
    assert is_seed_corpus(seed_store.path)
    assert not is_seed_corpus(fixture_store.path)


def _prose(page: Path) -> list[str]:
    """The findings of a report page: the text of its Markdown outputs and cells."""
    import html
    import re

    text = page.read_text(encoding="utf-8")
    markdown = r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>(.*?)</div>'
    blocks = re.findall(markdown, text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", b)).strip() for b in blocks]


def test_report_on_a_store_of_the_seed_equals_the_folder_report(project_site, seed_store, tmp_path):
    import subprocess
    import sys

    folder_site, _ = project_site
    out = tmp_path / "site"
    args = [sys.executable, "-m", "cppcc.report", "--store", str(seed_store.path), "--out", str(out)]
    run = subprocess.run(args, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "the store" in index and str(seed_store.path) in index
    pages = sorted(p.relative_to(folder_site) for p in folder_site.rglob("*.html") if p.name != "index.html")
    pages = [p for p in pages if p.parts[0] != "docs"]  # the documentation pages are the same files
    notebooks = [p for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != "region_profile"]
    assert len(pages) == len(notebooks) + 5  # every notebook and 5 region profiles
    for rel in pages:
        assert (out / rel).is_file(), rel
        # the same findings, sentence for sentence (numbers, top terms, the seed's readings); only the
        # sentence that says where a topic model's tokens come from (09: streamed from the store) differs
        from_store = [s for s in _prose(out / rel) if not s.startswith("The tokens come from the store ")]
        assert from_store == _prose(folder_site / rel), rel
    overview = " ".join(_prose(out / "01_corpus_overview.html"))
    assert "5" in overview and "李银峰" in (out / "01_corpus_overview.html").read_text(encoding="utf-8")


def test_kwic_streams_and_stops_at_the_limit(fixture_store, fixture, monkeypatch):
    docs = fixture[0]
    full = cppcc.kwic(docs, "协商")
    assert len(full) > 5
    for limit in (0, 1, 5, len(full), len(full) + 10):
        got = fixture_store.kwic("协商", limit=limit, batch_rows=1)
        pd.testing.assert_frame_equal(got, full.head(limit).reset_index(drop=True), check_dtype=False)
        assert got.attrs["limit"] == limit
    read = []
    real = type(fixture_store).iter_documents

    def counted(self, *a, **k):
        for batch in real(self, *a, **k):
            read.append(len(batch))
            yield batch

    monkeypatch.setattr(type(fixture_store), "iter_documents", counted)
    first = int(docs.index[docs["text"].str.contains("协商")][0])
    fixture_store.kwic("协商", limit=1, batch_rows=1)
    assert len(read) == first + 1 < len(docs)  # the documents after the first match were never read
    with pytest.raises(ValueError, match="limit must be"):
        fixture_store.kwic("协商", limit=-1)


def test_distinctive_terms_on_a_store_never_brings_every_documents_terms_into_memory(seed_store, seed,
                                                                                       monkeypatch):
    """docs and dp need each document's terms: on a store they are counted in DuckDB (one row per
    group and term comes back), never as a count table by [by, doc_id] (28 M rows at 100k pages)."""
    from cppcc.store.counts import StoreSource

    counted = StoreSource.term_counts

    def no_per_document_table(self, by, func="term_frequencies"):
        assert "doc_id" not in by, f"{func} asked the store for a count table by {by}"
        return counted(self, by, func)

    monkeypatch.setattr(StoreSource, "term_counts", no_per_document_table)
    for kw in ({}, {"punct": True, "stop": False}):
        want = cppcc.distinctive_terms(seed[1], by="level", **kw)
        _same(seed_store.distinctive_terms(by="level", **kw), want)
