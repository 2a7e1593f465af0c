"""Property-based tests: the loader accepts any input and either returns tidy frames or raises
CorpusError; the audit invariant and the structure rules hold on arbitrary page-like text."""
from __future__ import annotations

import os
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cppcc
from cppcc.corpus import AUDIT_COLUMNS, SPEECH_COLUMNS, CorpusError

pytestmark = pytest.mark.filterwarnings("ignore::cppcc.corpus.CorpusWarning")

# bounded so the suite stays fast; raise CPPCC_HYPOTHESIS_EXAMPLES for a deeper search
SETTINGS = settings(max_examples=int(os.environ.get("CPPCC_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# pieces of real pages, so that generated text reaches the header/summary/section/measure paths
PIECES = ["云南省临沧市政协主席李银峰:", "河南省政协主席劉偉：", "朝阳区政协副主席张伟:",
          "某某省政协主席王五:", "提要:", "一、", "二、", "三、", "一是", "二是", "三是", "十二是",
          "编辑：付振强", "关键词:政协 协商", "相关新闻", "首 頁 政協動態 協商建言 委員聲音",
          "首页>协商>委员",
          "2020年08月24日 22:16 | 来源:人民政协网", "分享到:", "李银峰", "劉偉", "协商", "。", ",", "“", "”",
          " ", "\u3000", "\n", "\n\n", "\r\n", "<p>", "</p>", "<script>", "</script>", "<html>", "<br>",
          # issue 10's page kinds
          "张三：在全市政协工作会议上的讲话", "——2021年1月10日在政协临沧市第五届委员会第四次会议上",
          "（2021年3月9日）", "各位委员：", "3月9日，临沧市政协召开常委会议。市政协主席李四出席并讲话。",
          "——云南省政协副主席王五", "政协临沧市第五届委员会常务委员会工作报告", "鼓楼区政协主席 赵六",
          "林 晓 峰"]
page_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)


def _try_all(path):
    """Run the three loaders; return their frames, or None if the file was rejected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            sp = cppcc.load_speeches(path)
        except CorpusError as exc:
            assert str(path) in str(exc)
            with pytest.raises(CorpusError):
                cppcc.load_pages(path)
            return None
        return sp, cppcc.load_pages(path), cppcc.cleaning_audit(path)


def _check_frames(sp: pd.DataFrame, pages: pd.DataFrame, audit: pd.DataFrame) -> None:
    assert list(sp.columns) == SPEECH_COLUMNS and list(audit.columns) == AUDIT_COLUMNS
    assert len(sp) >= 1 and sp["doc_id"].is_unique
    assert pages["n_speeches"].sum() == len(sp)
    assert (audit["field"].isna() != audit["reason"].isna()).all()
    assert not (audit["reason"] == "unclassified").any()
    assert set(sp["doc_type"]) <= {"speech", "report", "news", "other"}
    assert set(sp["meta_source"].dropna()) <= {"header", "title", "byline", "dateline", "lead", "manifest"}
    assert sp["adcode"].dropna().str.fullmatch(r"\d{6}").all()
    assert sp.loc[sp["doc_type"] == "other", ["speaker", "meta_source"]].isna().all(axis=None)
    assert sp.loc[sp["meta_source"].isna(), "speaker"].isna().all()
    for col in ("text", "text_original"):
        assert sp[col].map(lambda s: isinstance(s, str)).all()
    assert (sp["text"].str.count("\n") == sp["text_original"].str.count("\n")).all()
    cppcc.sections(sp)
    cppcc.measures(sp, include_preamble=True)


@SETTINGS
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".html"]))
def test_arbitrary_bytes(tmp_path, raw, suffix):
    f = tmp_path / f"page{suffix}"
    f.write_bytes(raw)
    out = _try_all(f)
    if out is not None:
        _check_frames(*out)


@SETTINGS
@given(text=st.text(max_size=300), codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_arbitrary_text(tmp_path, text, codec):
    try:
        raw = text.encode(codec)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    f = tmp_path / "page.txt"
    f.write_bytes(raw)
    out = _try_all(f)
    if out is not None:
        _check_frames(*out)


@SETTINGS
@given(text=page_text)
def test_page_like_text_audit_invariant(tmp_path, text):
    f = tmp_path / "page.txt"
    f.write_bytes(text.encode("utf-8"))
    out = _try_all(f)
    if out is None:
        return
    sp, pages, audit = out
    _check_frames(sp, pages, audit)
    if pages["format"].item() == "text":
        import re

        lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
        nonblank = [k + 1 for k, s in enumerate(lines) if s.strip()]
        assert sorted(audit["line"].tolist()) == nonblank
        # body lines are exactly the lines of the speeches' original text
        body = audit[audit["field"] == "body"]
        assert len(body) == sum(len(t.split("\n")) for t in sp["text_original"] if t)


@SETTINGS
@given(text=page_text)
def test_structure_on_arbitrary_text(text):
    df = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    sec = cppcc.sections(df)
    assert sec["section"].tolist() == list(range(1, len(sec) + 1))
    m = cppcc.measures(df, include_preamble=True)
    for _, grp in m.groupby("section"):
        assert grp["ordinal"].tolist() == list(range(1, len(grp) + 1))
    p = cppcc.paragraphs(df)
    assert p["section"].is_monotonic_increasing
    assert (p["section"].max() if len(p) else 0) == (sec["section"].max() if len(sec) else 0)
