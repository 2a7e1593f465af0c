"""Issue 25, point 9: one name for each document column in every result, and the loader's ``unit``.

- The speaker's position is ``doc_position`` wherever a token or a match sits next to it (tokens, KWIC
  lines in memory and from a store); the old KWIC name ``position`` stays one release as a deprecated copy.
- :func:`cppcc.load_speeches` has the resolved ``unit`` (the rule of :func:`cppcc.divisions.canonical_unit`,
  also :func:`cppcc.units.regional_units`'), and a store gives the same column.

Expected values were checked by hand against the pages (the seed's five headers name 临沧市, 河南省, 陕西省,
蚌山区 and 吉林省; the fixtures' units are in their headers) and the division table's names.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc.compare.kwic import ALIASES_REMOVED_IN
from cppcc.corpus import SPEECH_COLUMNS
from cppcc.divisions import canonical_unit
from cppcc.text.table import TOKEN_COLUMNS
from cppcc.units import NATIONAL, regional_units

ROOT = Path(__file__).resolve().parents[1]
#: the columns of load_speeches before 0.3, in their order (a contract: unchanged)
OLD_COLUMNS = [
    "doc_id", "source_file", "speech", "page_title", "date", "date_source", "page_date", "speaker",
    "position", "officials", "region", "province", "prefecture", "county", "level", "adcode", "doc_type",
    "session", "meta_source", "headline", "summary", "text", "text_original",
]


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cppcc.CorpusWarning)
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return cppcc.load_speeches()


# ------------------------------------------------------------------------- the speaker's position
def test_kwic_names_the_speakers_position_as_tokens_do(seed):
    kw = cppcc.kwic(seed, "委员之家")
    toks = cppcc.tokens(seed)
    assert "doc_position" in kw.columns and "doc_position" in toks.columns
    assert kw[["doc_id", "speaker", "doc_position", "start"]].values.tolist() == [
        ["000_311b16853e29c05d-01", "李银峰", "主席", 259],
        ["000_311b16853e29c05d-02", "刘伟", "主席", 349],
        ["000_311b16853e29c05d-02", "刘伟", "主席", 828],
        ["000_311b16853e29c05d-04", "石艳", "主席", 1023],
    ]
    # every document column a token row carries has the same name on a KWIC line
    doc_cols = [c for c in toks.columns if c not in TOKEN_COLUMNS]
    assert [c for c in doc_cols if c not in kw.columns] == []
    assert kw.columns[: kw.columns.get_loc("doc_position") + 1].tolist()[-2:] == ["speaker", "doc_position"]


def test_the_old_name_is_a_deprecated_copy_until_0_4(seed):
    for kw in (cppcc.kwic(seed, "委员之家"), cppcc.kwic(seed, "没有这个词")):  # lines, and none
        assert kw.columns[-1] == "position"  # the copy is last: dropping it in 0.4 moves no other column
        assert kw["position"].equals(kw["doc_position"])
        assert kw.attrs["deprecated_columns"] == {"position": "doc_position"}
        assert kw.attrs["deprecated_removed_in"] == ALIASES_REMOVED_IN == "0.4"
    assert cppcc.kwic(seed, "委员之家")["position"].tolist() == ["主席"] * 4
    # code written for 0.2 still runs: filter and group by the old name
    assert cppcc.kwic(seed, "委员之家").groupby("position").size().to_dict() == {"主席": 4}


def test_no_copy_and_no_attrs_without_a_position_column():
    docs = pd.DataFrame({"doc_id": ["a"], "speaker": ["王明"], "text": ["建立委员之家。"]})
    kw = cppcc.kwic(docs, "委员之家")
    assert kw.columns.tolist()[-1] == "speaker" and "position" not in kw and "doc_position" not in kw
    assert "deprecated_columns" not in kw.attrs


def test_document_columns_named_like_kwic_columns_no_longer_overwrite_them():
    # before 0.3 a document column `start` overwrote the match's offset (and `sentence` kept its name)
    docs = pd.DataFrame({"doc_id": ["a"], "start": ["2020-01-01"], "sentence": [7], "position": ["主席"],
                         "text": ["我们建立委员之家。"]})
    kw = cppcc.kwic(docs, "委员之家")
    assert kw[["start", "end", "doc_start", "doc_sentence", "doc_position"]].values.tolist() == [
        [4, 8, "2020-01-01", 7, "主席"]]
    assert kw.attrs["deprecated_columns"] == {"sentence": "doc_sentence", "position": "doc_position"}
    assert kw["sentence"].tolist() == [7] and kw.columns.tolist()[-2:] == ["sentence", "position"]


def test_store_kwic_has_both_names_with_and_without_a_limit(tmp_path):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "position": ["主席", "副主席"],
                         "text": ["委员之家在基层。", "建立委员之家。"]})
    st = cppcc.build_store(docs, tmp_path / "store", progress=False, n_jobs=1)
    whole, first = st.kwic("委员之家"), st.kwic("委员之家", limit=1, batch_rows=1)
    assert whole[["doc_id", "doc_position", "position"]].values.tolist() == [
        ["a", "主席", "主席"], ["b", "副主席", "副主席"]]
    assert first[["doc_id", "doc_position", "position"]].values.tolist() == [["a", "主席", "主席"]]
    for kw in (whole, first, cppcc.kwic(st, "没有这个词")):
        assert kw.attrs["deprecated_columns"] == {"position": "doc_position"}
    toks = st.tokens()  # the token's own position keeps its name; the speaker's is doc_position
    assert toks[["doc_position", "position"]].values.tolist()[:2] == [["主席", 1], ["主席", 2]]


# ------------------------------------------------------------------------- the loader's unit
def test_load_speeches_has_the_resolved_unit_last(seed):
    assert seed.columns.tolist() == [*OLD_COLUMNS, "unit"]
    assert seed["unit"].tolist() == ["云南省临沧市", "河南省", "陕西省", "安徽省蚌埠市蚌山区", "吉林省"]
    assert SPEECH_COLUMNS == [*OLD_COLUMNS, "unit"]


def test_unit_on_ambiguous_municipal_and_unresolved_units():
    sp = _quiet(cppcc.load_speeches, ROOT / "tests" / "fixtures" / "corpus", errors="warn")
    got = dict(zip(sp["doc_id"], sp["unit"]))
    assert got["regions_simplified-05"] == "北京市朝阳区"  # a municipality's district: 北京市 once
    assert got["regions_simplified-06"] is None  # 朝阳区 alone: ambiguous, no adcode, no unit
    assert got["regions_simplified-03"] == "吉林省延边朝鲜族自治州"
    assert got["no_header-01"] is None  # no unit named
    kinds = _quiet(cppcc.load_speeches, ROOT / "tests" / "fixtures" / "corpus_kinds", errors="warn")
    got = dict(zip(kinds["doc_id"], kinds["unit"]))
    assert got["digest_ambiguous-01"] == "江苏省南京市鼓楼区"  # resolved from the page's 南京市
    assert got["digest_ambiguous-02"] is None and got["work_report_utf16-01"] == "福建省福州市鼓楼区"
    for frame in (sp, kinds):  # one rule: the loader's unit is regional_units'
        assert frame["unit"].tolist() == regional_units(frame)["unit"].tolist()


def test_national_documents_have_the_unit_quanguo(tmp_path):
    # a page written for this test: the national committee's vice-chair speaks
    (tmp_path / "national.txt").write_text(
        "全国政协召开座谈会\n2021-03-02\n全国政协副主席张立新：\n近年来，我们围绕基层协商开展工作。\n",
        encoding="utf-8")
    sp = cppcc.load_speeches(tmp_path)
    assert sp[["region", "level", "adcode", "unit"]].values.tolist() == [["全国", "national", None, "全国"]]
    assert canonical_unit({"level": "national"}) == NATIONAL == "全国"


def test_canonical_unit_rule():
    row = {"level": "county", "adcode": "340303", "province": "安徽省", "prefecture": "蚌埠市",
           "county": "蚌山区"}
    assert canonical_unit(row) == "安徽省蚌埠市蚌山区"
    assert canonical_unit({**row, "county": None, "level": "prefecture"}) == "安徽省蚌埠市"
    assert canonical_unit({**row, "province": None, "prefecture": None, "county": None}) == "340303"
    assert canonical_unit({**row, "adcode": None}) is None
    assert canonical_unit({"level": "county", "adcode": float("nan")}) is None


def test_tokens_and_a_store_carry_the_same_unit(seed, tmp_path):
    toks = cppcc.tokens(seed)
    per_doc = toks.groupby("doc_id", observed=True, sort=False)["unit"].first()
    assert per_doc.astype(object).tolist() == seed["unit"].tolist()
    fixture = ROOT / "tests" / "fixtures" / "corpus"
    st = _quiet(cppcc.build_store, fixture, tmp_path / "store", progress=False, n_jobs=1, errors="warn")
    folder, stored = _quiet(cppcc.open_corpus, fixture, errors="warn"), cppcc.open_corpus(store=st)
    pd.testing.assert_frame_equal(stored.speeches, folder.speeches)
    unresolved = st.documents(columns=["doc_id", "unit"], where={"doc_id": "regions_simplified-06"})
    assert unresolved.values.tolist() == [["regions_simplified-06", None]]


def test_first_mentions_by_unit_use_the_loaders_unit(seed):
    first = cppcc.first_mentions(seed, "委员之家")
    assert sorted(first["unit"]) == ["云南省临沧市", "安徽省蚌埠市蚌山区", "河南省"]
