"""benchmarks/eval_real_pages.py: the scoring on a hand-written gold and hand-built library answers
(exact numbers checked by hand), and one run of the script on pages written for the test."""
from __future__ import annotations

import doctest
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "eval_real_pages"


@pytest.fixture(scope="module")
def ev():
    path = ROOT / "benchmarks" / "eval_real_pages.py"
    spec = importlib.util.spec_from_file_location("eval_real_pages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _doc(doc_type, speaker, position, unit, level, adcode, date, session):
    return dict(doc_type=doc_type, speaker=speaker, position=position, unit=unit, level=level, adcode=adcode,
                date=date, session=session)


GOLD = [
    {"file": "a.txt", "page_date": "2021-03-10",
     "documents": [_doc("news", ["王明", "李华"], ["主席", "副主席"], "临沧市", "prefecture", "530900",
                        "2021-03-09", "五届四次")],
     "claims": [{"value": 486, "unit": "件"}, {"value": 30, "unit": "场"}]},
    {"file": "b.txt", "page_date": None,
     "documents": [_doc("report", "张三", "党组书记、主席", "全国", "national", None, "2020-01-14", None)]},
    {"file": "c.txt", "page_date": None,
     "documents": [_doc("speech", "赵四", "委员", "临沧市", "prefecture", "530900", None, "五届四次"),
                   _doc("speech", "钱五", None, "临沧市", "prefecture", "530900", None, "五届四次")]},
]
COLUMNS = ["doc_type", "speaker", "position", "region", "adcode", "level", "date", "date_source", "session",
           "page_date"]


def _frame(*rows):
    return pd.DataFrame([dict(zip(COLUMNS, r)) for r in rows], columns=COLUMNS, dtype=object)


LIBRARY = {
    # the second official of the list, spaced out; the page's date said to be the page's: no event date
    "a.txt": _frame(("news", "李 华", "副主席", "云南省临沧市", "530900", "prefecture", "2021-03-10", "page",
                     "五届四次", "2021-03-10")),
    # wrong type; Traditional name; position parts in another order; national by level; a session invented
    "b.txt": _frame(("speech", "張三", "主席，党组书记", None, None, "national", "2020-01-14", "dateline",
                     "十三届一次", None)),
    # a fragment taken for the second speaker, and a third document the gold does not have
    "c.txt": _frame(("speech", "赵四", "委员", "临沧市", "530900", "prefecture", "2021-01-10", "page",
                     "五届四次", None),
                    ("speech", "发言", None, "临沧市", "530900", "prefecture", None, None, "五届四次", None),
                    ("speech", "孙六", "主席", None, None, None, None, None, None, None)),
}


def _counts(result, field):
    t = result["fields"][field]
    return t["stated"], t["given"], t["right"], t["found"]


def test_fields_counted_by_hand(ev):
    result = ev.score_documents(GOLD, LIBRARY, {"a.txt": "2021-03-10", "b.txt": None, "c.txt": None})
    assert _counts(result, "doc_type") == (4, 5, 3, 3)
    assert _counts(result, "speaker") == (4, 5, 3, 3)
    assert _counts(result, "position") == (3, 4, 3, 3)
    assert _counts(result, "unit") == (4, 4, 4, 4)
    assert _counts(result, "level") == (4, 4, 4, 4)
    assert _counts(result, "adcode") == (3, 3, 3, 3)
    assert _counts(result, "date") == (2, 1, 1, 1)
    assert _counts(result, "page_date") == (1, 1, 1, 1)
    assert _counts(result, "session") == (3, 4, 3, 3)
    s = ev.summary(result)
    assert s["doc_type_accuracy"] == 0.75 and s["documents"] == 4
    assert s["fields"]["speaker"]["recall"] == 0.75 and s["fields"]["speaker"]["precision"] == 0.6
    assert s["fields"]["position"]["precision"] == 0.75 and s["fields"]["date"]["recall"] == 0.5
    assert {(d["gold"], d["library"]): d["n"] for d in s["confusion"]} == {
        ("news", "news"): 1, ("report", "speech"): 1, ("speech", "speech"): 2, ("(none)", "speech"): 1}
    text = ev.format_table(s)
    assert "accuracy 3/4 = 0.75" in text and "speaker       3/4      0.75      3/5      0.60" in text


def test_position_of_a_wrong_speaker_is_not_right(ev):
    gold = [{"file": "x.txt", "page_date": None,
             "documents": [_doc("news", "王明", "主席", None, None, None, None, None)]}]
    lib = {"x.txt": _frame(("news", "座谈会", "主席", None, None, None, None, None, None, None))}
    result = ev.score_documents(gold, lib, {})
    assert _counts(result, "speaker") == (1, 1, 0, 0)
    assert _counts(result, "position") == (1, 1, 0, 0)


def test_date_without_date_source(ev):
    """A library without date_source: its fall-back to the page's date is no event date where the page
    states none, and a wrong event date where the page states one."""
    gold = [{"file": "x.txt", "page_date": "2019-02-27",
             "documents": [_doc("news", None, None, None, None, None, None, None)]},
            {"file": "y.txt", "page_date": "2019-02-27",
             "documents": [_doc("news", None, None, None, None, None, "2019-02-25", None)]}]
    cols = ["doc_type", "date"]
    lib = {f: pd.DataFrame([["news", "2019-02-27"]], columns=cols) for f in ("x.txt", "y.txt")}
    result = ev.score_documents(gold, lib, {"x.txt": "2019-02-27", "y.txt": "2019-02-27"})
    assert _counts(result, "date") == (1, 1, 0, 0)
    assert _counts(result, "page_date") == (2, 2, 2, 2)  # no page_date column: the page's date found


def test_missing_library_document_and_empty_page(ev):
    result = ev.score_documents(GOLD[2:], {"c.txt": pd.DataFrame()}, {})
    assert _counts(result, "speaker") == (2, 0, 0, 0)
    assert _counts(result, "doc_type") == (2, 0, 0, 0)
    assert ev.summary(result)["confusion"] == [{"gold": "speech", "library": "(none)", "n": 2}]


def test_numeric_claims_each_gold_claim_used_once(ev):
    claims = {"a.txt": pd.DataFrame({"value": [486.0, 5.0, 30.0, 30.0], "unit": ["件", "年", "场", "场"]})}
    out = ev.score_claims(GOLD, claims)
    assert (out["pages"], out["stated"], out["found"], out["right"]) == (1, 2, 4, 2)
    assert out["precision"] == 0.5 and out["recall"] == 1.0
    assert [(w["value"], w["unit"]) for w in out["wrong"]] == [(5.0, "年"), (30.0, "场")]


def test_normalisation_doctests(ev):
    assert doctest.testmod(ev).failed == 0


def test_script_runs_on_pages_written_for_the_test(ev, tmp_path, capsys):
    out = tmp_path / "numbers.json"
    assert ev.main([str(FIXTURES), "--gold", str(FIXTURES / "gold.json"), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "could not read: missing_page.txt" in printed  # reported, and the other pages still scored
    s = json.loads(out.read_text(encoding="utf-8"))
    stated = {f: t["stated"] for f, t in s["fields"].items()}
    assert stated == {"doc_type": 3, "speaker": 2, "position": 1, "unit": 2, "level": 2, "adcode": 2,
                      "date": 2, "page_date": 1, "session": 1}
    for t in s["fields"].values():
        assert t["found"] <= t["stated"] and t["right"] <= t["given"]
        assert all(x is None or 0 <= x <= 1 for x in (t["recall"], t["precision"]))
    assert s["numeric_claims"]["pages"] == 2 and s["numeric_claims"]["stated"] == 2
    assert s["meta"]["pages"] == 3 and len(s["meta"]["failures"]) == 1
