"""Tests of the text pipeline: segment, tokens, stopwords, the lexicon and the token cache."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import cppcc
from cppcc import lexicon as lexmod
from cppcc import text as textmod
from cppcc.cache import BlobCache
from cppcc.text import analyse, columns, segmenter, table, words
from cppcc.text import cache as tcache

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_311b16853e29c05d.txt"


@pytest.fixture(scope="module")
def speeches():
    return cppcc.load_speeches()


@pytest.fixture(scope="module")
def seed_tokens(speeches):
    return cppcc.tokens(speeches)


def _has_seq(toks: list[str], seq: list[str]) -> bool:
    n = len(seq)
    return any(toks[i : i + n] == seq for i in range(len(toks) - n + 1))


# --- segment ---------------------------------------------------------------------------------


def test_segment_traditional_and_simplified_agree():
    trad = "臨滄市政協按照“不建機構建機制”的思路，在邊境縣開展試點"
    simp = "临沧市政协按照“不建机构建机制”的思路，在边境县开展试点"
    assert (
        cppcc.segment(trad)
        == cppcc.segment(simp)
        == [
            "临沧市",
            "政协",
            "按照",
            "“",
            "不建机构建机制",
            "”",
            "的",
            "思路",
            "，",
            "在",
            "边境县",
            "开展",
            "试点",
        ]
    )


def test_segment_issue_junk_is_gone():
    # the examples of the issue: 人/民政/協作, 臨/滄/市政/協, 蚌/山区, 委员/之/家
    assert cppcc.segment("人民政協作為專門協商機構") == ["人民政协", "作为", "专门协商机构"]
    assert cppcc.segment("臨滄市政協") == ["临沧市", "政协"]
    assert cppcc.segment("蚌埠市蚌山区政协") == ["蚌埠市", "蚌山区", "政协"]
    assert cppcc.segment("拓展基层委员之家、委员工作室凝聚共识功能") == [
        "拓展",
        "基层",
        "委员之家",
        "、",
        "委员工作室",
        "凝聚共识",
        "功能",
    ]


def test_segment_half_width_punctuation_becomes_tokens():
    assert cppcc.segment("邊境線長300公里,有3個縣") == [
        "边境线",
        "长",
        "300",
        "公里",
        "，",
        "有",
        "3",
        "个",
        "县",
    ]


@pytest.mark.parametrize("text", [None, "", "   ", "\n\n", "\x00\x07\x1b", float("nan")])
def test_segment_empty_inputs(text):
    assert cppcc.segment(text) == []


def test_segment_odd_inputs_never_raise():
    assert cppcc.segment("Hello, world") == ["Hello", ",", "world"]
    assert cppcc.segment("政协😀委员\x07") == ["政协", "😀", "委员"]
    assert cppcc.segment("broken \ud800 surrogate") == ["broken", "\ufffd", "surrogate"]
    assert cppcc.segment(12345) == ["12345"]


def test_places_not_in_the_seed_segment_whole():
    # unseen pages: prefecture, county and autonomous-area names and their short forms
    assert cppcc.segment("黔东南苗族侗族自治州政协") == ["黔东南苗族侗族自治州", "政协"]
    assert cppcc.segment("恩施州政协主席") == ["恩施州", "政协", "主席"]
    assert cppcc.segment("浙江省湖州市吴兴区政协") == ["浙江省", "湖州市", "吴兴区", "政协"]
    assert cppcc.segment("鄂尔多斯市康巴什区委员工作室") == ["鄂尔多斯市", "康巴什区", "委员工作室"]


def test_collective_forms_stay_whole():
    # issue 20: the standard keeps derivational suffixes attached (委员们), also on real pages' salutations
    assert cppcc.segment("各位委员、同志们：") == ["各位", "委员", "、", "同志们", "："]
    got = cppcc.segment("委員們和代表們、常委们纷纷表示")
    assert got == ["委员们", "和", "代表们", "、", "常委们", "纷纷表示"]


def test_party_committees_are_short_form_and_level_committee():
    # the standard (data/README.md): 中共/河南/省委, so 中共/凤庆/县委, never 凤庆县/委
    assert cppcc.segment("中共凤庆县委、中共临翔区委和中共临沧市委联合召开座谈会，蚌山区委书记出席。") == [
        "中共", "凤庆", "县委", "、", "中共", "临翔", "区委", "和", "中共", "临沧", "市委", "联合", "召开",
        "座谈会", "，", "蚌山", "区委", "书记", "出席", "。",
    ]  # fmt: skip
    assert cppcc.segment("恩施州委、乌审旗委、锡林郭勒盟委和吴兴区委宣传部也派人参加。") == [
        "恩施", "州委", "、", "乌审", "旗委", "、", "锡林郭勒", "盟委", "和", "吴兴", "区委", "宣传部", "也",
        "派人参加", "。",
    ]  # fmt: skip
    # 委员会 after a unit and a committee not after a place are untouched; the unit alone stays whole
    assert cppcc.segment("桐乡市委员会和凤庆县委员会的委员在县委党校学习。") == [
        "桐乡市", "委员会", "和", "凤庆县", "委员会", "的", "委员", "在", "县委", "党校", "学习", "。",
    ]  # fmt: skip
    assert cppcc.segment("凤庆县委托第三方评估，蚌山区域协调发展。") == [
        "凤庆县", "委托", "第三方", "评估", "，", "蚌山", "区域", "协调", "发展", "。",
    ]  # fmt: skip


def test_party_committees_of_every_unit_of_the_division_table():
    names = {cppcc.normalize_text(n) for n in cppcc.divisions.division_table()["name"].dropna()}
    lex = lexmod.load_lexicon()
    whole = set(lex.loc[lex["source"] == "institutional", "word"])
    failing, kept_whole, forms = set(), set(), 0
    for name in sorted(names):
        for form, short, committee in lexmod.committee_forms(name):
            forms += 1
            # the standard cut, or, where the short form cannot be cut off (大新, 上高, 同心: built by
            # tools/build_lexicon.py), the committee as one word; never <unit>/委 or characters
            split = form + "委" not in whole
            kept_whole |= set() if split else {form}
            for pre in ("", "中共"):
                want = [pre] * bool(pre) + ([short, committee] if split else [form + "委"])
                if cppcc.segment(pre + form + "委") != want:
                    failing.add(form)
            if cppcc.segment(form + "委托") != [form, "委托"]:
                failing.add(form)
    assert forms == 2901
    # a unit without a short form keeps its name before the committee (和县/县委), or, where 中共 would
    # lose to a neighbour (中/共和县/县委), is one word with it (中共/和县县委)
    bare = 0
    for name in sorted(names):
        committee = lexmod.LEVEL_COMMITTEES.get(name[-1])
        if lexmod.committee_forms(name) or not committee:
            continue
        bare += 1
        if name + committee in whole:
            kept_whole.add(name)
            want = ["中共", name + committee]
        else:
            want = ["中共", name, committee]
        if cppcc.segment("中共" + name + committee) != want:
            failing.add(name)
    assert bare == 297
    assert failing == set()
    assert kept_whole == {
        "上高县", "于都县", "南和区", "同心县", "大新县", "新和县", "新都区", "道里区", "和县"}


def test_user_words_are_kept_whole_by_both_backends():
    text = "縣政協副主席李紅梅帶隊，探索“請你來協商”平台建設"
    for backend in textmod.BACKENDS:
        if backend == "rjieba" and segmenter._available_backend() != "rjieba":
            continue
        plain = cppcc.segment(text, backend=backend)
        assert plain[:6] == ["县", "政协", "副主席", "李", "红梅", "带队"]
        # Traditional or Simplified spelling of the word: normalised like the text
        got = cppcc.segment(text, words=["李紅梅", "请你来协商"], backend=backend)
        assert got == [
            "县",
            "政协",
            "副主席",
            "李红梅",
            "带队",
            "，",
            "探索",
            "“",
            "请你来协商",
            "”",
            "平台",
            "建设",
        ]
    with pytest.raises(ValueError, match="whitespace"):
        cppcc.segment(text, words=["李 红梅"])
    docs = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    t = cppcc.tokens(docs, words="李红梅")
    assert "李红梅" in set(t["token"].astype(str))
    assert t.loc[t["token"] == "李红梅", "pos"].astype(str).tolist() == ["nz"]
    a = tcache._settings_digest("jieba", False, ())
    assert a != tcache._settings_digest("jieba", False, ("李红梅",))


# --- stopwords -------------------------------------------------------------------------------


def test_stopwords_kinds():
    general, official = cppcc.stopwords("general"), cppcc.stopwords("officialese")
    assert isinstance(general, frozenset) and isinstance(official, frozenset)
    assert {"的", "了", "和", "在", "我们"} <= general
    assert {"加强", "推进", "坚持", "工作", "开展", "进一步", "落实"} <= official
    # cleaned: no punctuation, digits or the source list's defects; register content words kept out
    assert not any(w in general for w in ["，", "。", "０", "他们们", "关于具体地说", "区", "临"])
    assert cppcc.stopwords() is general
    with pytest.raises(ValueError, match="officialese"):
        cppcc.stopwords("legal")


def test_officialese_entries_are_tokens_the_pipeline_produces():
    # an entry that the segmenter never outputs would silently do nothing
    for word in cppcc.stopwords("officialese"):
        assert cppcc.segment(word) == [word], word


# --- tokens ----------------------------------------------------------------------------------


def test_tokens_columns_and_values():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "section": [1, 2],
            "text": ["蚌山區政協建立委員之家。“有事好商量”！新段落", "加強工作"],
        }
    )
    t = cppcc.tokens(docs)
    assert list(t.columns) == list(textmod.TOKEN_COLUMNS) + ["section"]
    assert t["token"].astype(str).tolist() == [
        "蚌山区",
        "政协",
        "建立",
        "委员之家",
        "。",
        "“",
        "有事好商量",
        "”",
        "！",
        "新",
        "段落",
        "加强",
        "工作",
    ]
    assert t["sentence"].tolist() == [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 1, 1]
    assert t["position"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    assert t["doc_id"].astype(str).tolist() == ["a"] * 11 + ["b"] * 2
    assert t["section"].tolist() == [1] * 11 + [2] * 2
    assert t["is_punct"].tolist() == [
        False,
        False,
        False,
        False,
        True,
        True,
        False,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert not t["is_stop"].any()
    pos = dict(zip(t["token"].astype(str), t["pos"].astype(str)))
    assert pos["蚌山区"] == "ns" and pos["。"] == "x"


def test_tokens_sentences_break_on_newlines_and_keep_closing_quotes():
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["他说：“好。”然后走了\n\n第二行；第三句"]})
    t = cppcc.tokens(docs)
    got = list(zip(t["sentence"], t["token"].astype(str)))
    assert got == [
        (1, "他"),
        (1, "说"),
        (1, "："),
        (1, "“"),
        (1, "好"),
        (1, "。"),
        (1, "”"),
        (2, "然后"),
        (2, "走"),
        (2, "了"),
        (3, "第二"),
        (3, "行"),
        (3, "；"),
        (4, "第三"),
        (4, "句"),
    ]


def test_tokens_stop_flags_follow_the_chosen_lists():
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["我们要加强政协工作"]})
    plain = cppcc.tokens(docs)
    both = cppcc.tokens(docs, stop=("general", "officialese"))
    assert dict(zip(plain["token"].astype(str), plain["is_stop"])) == {
        "我们": True,
        "要": True,
        "加强": False,
        "政协": False,
        "工作": False,
    }
    assert dict(zip(both["token"].astype(str), both["is_stop"])) == {
        "我们": True,
        "要": True,
        "加强": True,
        "政协": False,
        "工作": True,
    }
    with pytest.raises(ValueError, match="stop list"):
        cppcc.tokens(docs, stop="nope")  # a single string must name a list
    # a list holds names and/or words (one spec, cppcc.text.resolve_stop); False flags nothing
    words = cppcc.tokens(docs, stop=["general", "政协"])
    assert dict(zip(words["token"].astype(str), words["is_stop"])) == {
        "我们": True,
        "要": True,
        "加强": False,
        "政协": True,
        "工作": False,
    }
    assert not cppcc.tokens(docs, stop=False)["is_stop"].any()
    with pytest.raises(TypeError, match="string"):
        cppcc.tokens(docs, stop=["general", 3])


def test_tokens_bad_inputs():
    docs = pd.DataFrame(
        {"doc_id": [1, 2, 3, 4, 5, 6], "text": [None, "", "Hello world", "😀🎉", "\x00\x1f", float("nan")]}
    )
    t = cppcc.tokens(docs)
    assert t["token"].astype(str).tolist() == ["Hello", "world", "😀", "🎉"]
    assert t["doc_id"].tolist() == [3, 3, 4, 4]
    assert t["pos"].astype(str).tolist()[:2] == ["eng", "eng"]
    assert t["is_punct"].tolist() == [False, False, True, True]


def test_tokens_passes_through_unhashable_and_datetime_columns():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ["政协", "委员"],
            "tags": [["x"], ["y", "z"]],
            "date": pd.to_datetime(["2020-08-24", "2021-01-01"]),
        }
    )
    t = cppcc.tokens(docs)
    assert t["tags"].tolist() == [["x"], ["y", "z"]]
    assert t["date"].tolist() == list(pd.to_datetime(["2020-08-24", "2021-01-01"]))


def test_tokens_empty_frame_has_the_columns():
    t = cppcc.tokens(pd.DataFrame({"doc_id": [], "text": [], "section": []}))
    assert list(t.columns) == list(textmod.TOKEN_COLUMNS) + ["section"] and len(t) == 0
    only_empty = cppcc.tokens(pd.DataFrame({"doc_id": ["a"], "text": [None], "region": ["x"]}))
    assert list(only_empty.columns) == list(textmod.TOKEN_COLUMNS) + ["region"] and len(only_empty) == 0


def test_tokens_errors_name_the_column():
    with pytest.raises(ValueError, match="'text'"):
        cppcc.tokens(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))
    with pytest.raises(ValueError, match="'doc_id'"):
        cppcc.tokens(pd.DataFrame({"id": ["a"], "text": ["x"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        cppcc.tokens(["政协"])


def test_tokens_passes_through_columns_and_renames_clashes(speeches, seed_tokens):
    t = seed_tokens
    assert list(t.columns[:7]) == list(textmod.TOKEN_COLUMNS)
    assert "text" not in t.columns and "text_original" not in t.columns
    # the speeches' own "position" (the speaker's office) cannot share the token position's name
    assert "doc_position" in t.columns and "speaker" in t.columns
    first = t[t["doc_id"] == speeches["doc_id"].iloc[0]]
    assert set(first["speaker"].astype(str)) == {"李银峰"}
    assert first["position"].tolist() == list(range(1, len(first) + 1))
    assert str(t["speaker"].dtype) == "category"


def test_seed_speeches_have_no_junk_tokens(speeches, seed_tokens):
    t = seed_tokens
    assert t["doc_id"].nunique() == 5
    vocab = set(t["token"].astype(str))
    for junk in ["民政", "协作", "市政", "协", "临", "沧", "蚌", "之", "家", "滄", "協", "政協"]:
        assert junk not in vocab, junk
    for word in [
        "人民政协",
        "临沧市",
        "蚌山区",
        "委员之家",
        "委员工作室",
        "专委会",
        "社情民意",
        "主席会议",
        "专门协商机构",
        "有事好商量",
        "两个薄弱",
        "三个重要",
        "吉思广益",
        "陕西省",
    ]:
        assert word in vocab, word
    by_doc = {d: g["token"].astype(str).tolist() for d, g in t.groupby("doc_id", observed=True)}
    ids = speeches["doc_id"].tolist()
    assert by_doc[ids[0]][:6] == ["云南省", "临沧市", "地处", "祖国", "西南", "边疆"]
    assert _has_seq(by_doc[ids[3]], ["蚌埠市", "蚌山区", "政协"])
    assert _has_seq(by_doc[ids[3]], ["助推", "蚌山", "发展"])
    assert _has_seq(by_doc[ids[4]], ["中共", "吉林", "省委", "领导"])


def test_seed_sentence_counts(seed_tokens, speeches):
    counts = seed_tokens.groupby("doc_id", observed=True)["sentence"].max()
    assert counts.loc[speeches["doc_id"]].tolist() == [27, 35, 39, 26, 30]


def test_tokens_on_traditional_original_equals_simplified(speeches):
    a = cppcc.tokens(speeches[["doc_id", "text"]])
    b = cppcc.tokens(speeches[["doc_id", "text_original"]].rename(columns={"text_original": "text"}))
    diff = (a["token"].astype(str) != b["token"].astype(str)).sum() if len(a) == len(b) else None
    assert diff == 0


# --- backends, processes, cache ----------------------------------------------------------------


def test_backends_give_identical_tokens_and_tags_on_the_corpus(speeches):
    pytest.importorskip("rjieba")
    texts = speeches["text"].tolist() + speeches["text_original"].tolist()
    texts += SEED.read_text(encoding="utf-8").splitlines()
    gold = ROOT / "tests" / "fixtures" / "text" / "gold_segmentation.tsv"
    if gold.exists():
        texts += [
            line.split("\t")[2]
            for line in gold.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
    rj, jb = segmenter._segmenter("rjieba"), segmenter._segmenter("jieba")
    for text in texts:
        assert analyse._analyse(text, rj) == analyse._analyse(text, jb), text


def test_pos_per_distinct_token_equals_the_tags_in_context(speeches):
    # tokens() with HMM off looks tags up once per distinct token; in context they are the same
    texts = speeches["text"].tolist() + speeches["text_original"].tolist()
    gold = ROOT / "tests" / "fixtures" / "text" / "gold_segmentation.tsv"
    texts += [
        line.split("\t")[2]
        for line in gold.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    docs = pd.DataFrame({"doc_id": range(len(texts)), "text": texts})
    for backend in textmod.BACKENDS:
        if backend == "rjieba" and segmenter._available_backend() != "rjieba":
            continue  # rjieba not installed
        t = cppcc.tokens(docs, backend=backend)
        seg = segmenter._segmenter(backend)
        expected = [tag for text in texts for tag in analyse._analyse(text, seg)[1]]
        assert t["pos"].astype(str).tolist() == expected, backend


def test_tag_inventory_covers_jieba():
    import jieba
    import jieba.posseg

    tags = {line.split()[2] for line in (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8")}
    tags |= {state[1] for states in jieba.posseg.char_state_tab.P.values() for state in states}
    tags |= set(lexmod.load_lexicon()["tag"])
    assert tags <= set(textmod.TAGS)


def test_pool_gives_the_same_frame_as_one_process(speeches):
    docs = pd.concat([speeches] * 3, ignore_index=True)
    docs["doc_id"] = [f"d{i}" for i in range(len(docs))]
    one = cppcc.tokens(docs, n_jobs=1)
    two = cppcc.tokens(docs, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_cache_roundtrip_in_a_temporary_folder(tmp_path, speeches):
    fresh = cppcc.tokens(speeches, cache=False)
    first = cppcc.tokens(speeches, cache=tmp_path)
    files = list(tmp_path.glob("tokens-*.sqlite"))
    assert len(files) == 1
    again = cppcc.tokens(speeches, cache=tmp_path)
    pd.testing.assert_frame_equal(fresh, first)
    pd.testing.assert_frame_equal(fresh, again)
    # a text that changes is a new key; an unchanged one is read back
    store = BlobCache(tmp_path, files[0].stem)
    keys = [tcache._text_key(t) for t in speeches["text"]]
    assert set(store.get_many(keys)) == set(keys)


def test_progress_bar_only_on_long_runs(capsys):
    small = pd.DataFrame({"doc_id": range(10), "text": ["政协"] * 10})
    cppcc.tokens(small)
    assert "tokens" not in capsys.readouterr().err
    big = pd.DataFrame({"doc_id": range(201), "text": [f"政协委员{i}" for i in range(201)]})
    cppcc.tokens(big)
    assert "tokens" in capsys.readouterr().err
    cppcc.tokens(big.assign(text=big["text"] + "。"), progress=False)
    assert "tokens" not in capsys.readouterr().err


def test_a_broken_cache_warns_and_is_bypassed(tmp_path):
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["蚌山区政协"]})
    good = cppcc.tokens(docs, cache=False)
    cppcc.tokens(docs, cache=tmp_path)
    for f in tmp_path.glob("tokens-*.sqlite"):
        f.write_bytes(b"this is not a database" * 100)
    with pytest.warns(UserWarning, match="unusable"):
        again = cppcc.tokens(docs, cache=tmp_path)
    pd.testing.assert_frame_equal(good, again)


def test_cache_key_changes_with_settings():
    a = tcache._settings_digest("jieba", False)
    assert a != tcache._settings_digest("jieba", True)
    assert a != tcache._settings_digest("rjieba", False)
    assert a == tcache._settings_digest("jieba", False)


def test_cache_key_files_are_an_explicit_list_that_covers_the_imports():
    """SEGMENTATION_FILES is a constant; every package module its files import is listed or known to
    decide nothing about the tokens (so code moved into a new module cannot silently leave the key)."""
    import ast

    lib = Path(tcache.__file__).resolve().parents[1]
    listed = set(tcache.SEGMENTATION_FILES)
    assert [p.relative_to(lib).as_posix() for p in tcache.segmentation_sources()] == list(
        tcache.SEGMENTATION_FILES
    )
    assert all((lib / name).is_file() for name in listed)
    # the sentence rule, normalisation, lexicon rules and the text modules that segment
    assert {"common.py", "normalize.py", "lexicon.py", "text/segmenter.py", "text/analyse.py"} <= listed
    # deciding nothing: the stop lists (not part of the key), the frame of tokens(), the disk store,
    # the in-memory memo and the package's __init__ files
    decide_nothing = {"text/stoplists.py", "text/table.py", "cache.py", "memo.py", "text/__init__.py"}
    assert not listed & decide_nothing
    for name in listed:
        path = lib / name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                targets = [node.module] if node.module else [a.name for a in node.names]
                for target in targets:
                    mod = base.joinpath(*target.split("."))
                    rel = (mod / "__init__.py" if mod.is_dir() else mod.with_suffix(".py")).relative_to(lib)
                    assert rel.as_posix() in listed | decide_nothing, f"{name} imports {rel}: list it"


def test_cache_key_changes_with_a_listed_file_only(tmp_path, monkeypatch, request):
    import shutil

    request.addfinalizer(tcache._settings_digest.cache_clear)
    src = tmp_path / "src"
    shutil.copytree(tcache._SOURCE_DIR, src, ignore=shutil.ignore_patterns("data", "__pycache__"))
    monkeypatch.setattr(tcache, "_SOURCE_DIR", src)
    tcache._settings_digest.cache_clear()
    before = tcache._settings_digest("jieba", False)

    def key_after_editing(name):
        path = src / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        tcache._settings_digest.cache_clear()
        try:
            return tcache._settings_digest("jieba", False)
        finally:
            path.write_bytes(original)

    for name in tcache.SEGMENTATION_FILES:
        assert key_after_editing(name) != before, name
    for name in ("text/stoplists.py", "text/table.py", "compare/keyness.py", "structure.py", "__init__.py"):
        assert key_after_editing(name) == before, name
    tcache._settings_digest.cache_clear()
    assert tcache._settings_digest("jieba", False) == before


def _count_computations(monkeypatch):
    calls = []
    real = table._compute

    def spy(texts, *args, **kwargs):
        calls.append(len(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(table, "_compute", spy)
    return calls


def test_a_changed_lexicon_rule_misses_the_cache(tmp_path, monkeypatch, request):
    import shutil

    request.addfinalizer(tcache._settings_digest.cache_clear)

    docs = pd.DataFrame({"doc_id": ["a"], "text": ["临沧市政协组织委员视察。"]})
    calls = _count_computations(monkeypatch)
    cppcc.tokens(docs, cache=tmp_path / "c")
    cppcc.tokens(docs, cache=tmp_path / "c")
    assert calls == [1]  # the second call is a hit
    # the same sources copied elsewhere: same key, still a hit
    src = tmp_path / "src"
    shutil.copytree(tcache._SOURCE_DIR, src, ignore=shutil.ignore_patterns("data", "__pycache__"))
    monkeypatch.setattr(tcache, "_SOURCE_DIR", src)
    tcache._settings_digest.cache_clear()
    cppcc.tokens(docs, cache=tmp_path / "c")
    assert calls == [1]
    # a rule of lexicon.py changed (a short form no longer generic): a new key, a miss
    lex = src / "lexicon.py"
    text = lex.read_text(encoding="utf-8")
    assert "|天等)$" in text
    lex.write_text(text.replace("|天等)$", ")$"), encoding="utf-8")
    tcache._settings_digest.cache_clear()
    cppcc.tokens(docs, cache=tmp_path / "c")
    assert calls == [1, 1]


def test_no_global_jieba_state_is_touched():
    import jieba

    cppcc.segment("委员之家")
    segmenter._segmenter("jieba")
    assert "委员之家" not in jieba.dt.FREQ
    assert "省政协" not in jieba.Force_Split_Words if hasattr(jieba, "Force_Split_Words") else True
    from jieba import posseg

    assert "委员之家" not in posseg.dt.word_tag_tab


# --- lexicon -------------------------------------------------------------------------------------


def test_lexicon_contents():
    lex = lexmod.load_lexicon()
    assert lexmod.lexicon_version() == "1.2"
    assert not lex["word"].duplicated().any()
    word = lex.set_index("word")
    for w in [
        "政协委员",
        "专委会",
        "委员之家",
        "委员工作室",
        "专门协商机构",
        "社情民意",
        "主席会议",
        "有事好商量",
    ]:
        assert word.loc[w, "freq"] > 0 and word.loc[w, "source"] in {"institutional", "policy"}, w
    assert word.loc["蚌山区", "source"] == "place" and word.loc["蚌山", "source"] == "place_short"
    assert word.loc["省政协", "freq"] == 0 and word.loc["三个", "freq"] == 0
    # every administrative division of the maintained table is in
    names = set(cppcc.divisions.division_table()["name"])
    assert names <= set(lex["word"])


def test_lexicon_data_is_up_to_date():
    res = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stdout + res.stderr


# --- properties ----------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cppcc.normalize import normalize_text  # noqa: E402

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),  # anything, control characters and emoji included
        st.sampled_from(
            list("政协委员之家蚌山區臨滄市協商，。！？；、“”（）\n 0123456789ABCabc%+-\ud800\x00")
        ),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_segment_covers_the_normalised_text_exactly(text):
    words = cppcc.segment(text)
    assert all(w and not any(c.isspace() for c in w) for w in words)
    assert "".join(words) == "".join(normalize_text(text).split())
    # and the two backends agree on arbitrary text, not only on the corpus
    assert analyse._analyse(text, segmenter._segmenter("jieba")) == analyse._analyse(
        text, segmenter._segmenter(segmenter._available_backend())
    )


def _assert_same_columns(got: dict, want: dict):
    assert got.keys() == want.keys()
    for key in want:
        assert got[key].tolist() == want[key].tolist(), key
        assert got[key].dtype == want[key].dtype, key


_WORDS = st.lists(st.sampled_from(["委员之家", "临沧", "协商。", "“有事", "ab1", "政协委员"]), max_size=3)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), _TEXT), max_size=5), _WORDS, st.booleans())
def test_bulk_analysis_equals_sentence_by_sentence(texts, words, hmm):
    # tokens() segments each text in one call and numbers sentences from token offsets; the
    # reference path segments sentence by sentence and chunk by chunk
    for backend in textmod.BACKENDS:
        if backend == "rjieba" and segmenter._available_backend() != "rjieba":
            continue
        seg = segmenter._segmenter(backend, hmm, segmenter._extra_words(words))
        _assert_same_columns(
            analyse._analyse_many(texts, seg, with_tags=hmm), analyse._analyse_each(texts, seg, hmm)
        )


@pytest.mark.parametrize("hmm", [True, False])
def test_a_dot_is_punctuation_whatever_its_neighbours(hmm):
    # found by the property above: "." was tagged eng when its whitespace chunk (reference path) or
    # its text (bulk path) also held a letter or digit, x otherwise; a tag is now the word's own
    seg = segmenter._segmenter(segmenter._available_backend(), hmm)
    for text in ["0\x85.", "ab .", "...", "v2.0 版本。"]:
        words, tags, _ = analyse._analyse(text, seg)
        got = dict(zip(words, tags))
        assert all(got[w] == "x" for w in words if set(w) <= {"."}), (text, got)
        _assert_same_columns(analyse._analyse_many([text], seg, with_tags=hmm),
                             analyse._analyse_each([text], seg, hmm))
    assert seg.tag_of(".") == "x" and seg.tag_of("v2.0") == "eng" and seg.tag_of("2.0") == "m"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=1, max_size=6), st.data())
def test_columns_taken_and_joined_equal_a_fresh_computation(texts, data):
    seg = segmenter._segmenter(segmenter._available_backend())
    order = data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=8))
    split = data.draw(st.integers(0, len(texts)))
    whole = analyse._analyse_many(texts, seg)
    joined = columns._concat_columns(
        [analyse._analyse_many(texts[:split], seg), analyse._analyse_many(texts[split:], seg)]
    )
    fresh = analyse._analyse_many([texts[i] for i in order], seg)
    _assert_same_columns(columns._take_columns(whole, order), fresh)
    _assert_same_columns(columns._take_columns(joined, order), fresh)


def test_the_cache_reuses_each_text_and_computes_only_new_ones(tmp_path, monkeypatch, speeches):
    docs = speeches[["doc_id", "text"]]
    mixed = docs.iloc[[4, 0, 4, 2, 1]].reset_index(drop=True).assign(doc_id=list("abcde"))
    want = {name: cppcc.tokens(frame, cache=False) for name, frame in
            [("first", docs.iloc[:3]), ("grown", docs), ("mixed", mixed)]}
    calls = _count_computations(monkeypatch)
    pd.testing.assert_frame_equal(cppcc.tokens(docs.iloc[:3], cache=tmp_path), want["first"])
    pd.testing.assert_frame_equal(cppcc.tokens(docs, cache=tmp_path), want["grown"])
    assert calls == [3, 2]  # the grown call computes its two new texts only
    # reordered, repeated and taken from both parts: nothing new to compute, the same frame
    pd.testing.assert_frame_equal(cppcc.tokens(mixed, cache=tmp_path), want["mixed"])
    pd.testing.assert_frame_equal(cppcc.tokens(docs, cache=tmp_path), want["grown"])
    assert calls == [3, 2]
    # the first call's texts were one part, in order: its call key names that part
    store = BlobCache(tmp_path, next(tmp_path.glob("tokens-*.sqlite")).stem)

    def call_key(frame):
        keys = [tcache._text_key(t) for t in frame["text"]]
        return "call:" + hashlib.blake2b("\n".join(keys).encode(), digest_size=16).hexdigest()

    got = store.get_many([call_key(docs.iloc[:3]), call_key(docs)])
    assert list(got) == [call_key(docs.iloc[:3])] and got[call_key(docs.iloc[:3])].startswith(b"part:")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), _TEXT), max_size=4))
def test_tokens_never_raise_and_agree_with_segment(texts):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    t = cppcc.tokens(docs)
    assert list(t.columns) == list(textmod.TOKEN_COLUMNS)
    for i, text in enumerate(texts):
        rows = t[t["doc_id"] == f"d{i}"]
        assert rows["token"].astype(str).tolist() == cppcc.segment(text)
        assert rows["position"].tolist() == list(range(1, len(rows) + 1))
        assert rows["sentence"].is_monotonic_increasing


def test_build_lexicon_suggests_quoted_terms_the_segmenter_splits():
    res = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--suggest", str(ROOT / "corpus")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr
    terms = {line.split("\t")[0] for line in res.stdout.splitlines()}
    assert {"怎么建", "谁来议", "当主角"} <= terms  # clauses and questions: split by the standard
    assert not terms & {"有事好商量", "不建机构建机制", "吉思广益", "两个薄弱"}  # kept whole by the lexicon


def test_normalised_seed_has_no_characters_outside_simplified_use(speeches):
    # OpenCC leaves some variant characters alone (陜 in the seed's 陜西省): every Chinese character of
    # the normalised speeches must occur in jieba's (Simplified) dictionary
    import jieba

    from cppcc.normalize import is_cjk

    known = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            known.update(line.split(" ", 1)[0])
    chars = {c for text in speeches["text"] for c in text if is_cjk(c)}
    assert chars - known == set()
    assert "陜" not in "".join(speeches["text"]) and "陕西省" in "".join(speeches["text"])


def test_names_and_place_brands_of_the_frame_are_kept_whole():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "speaker": ["李红梅", None],
            "text": ["县政协主席李红梅出席“湖州议事厅”揭牌。", "推广“蚌山事好商量”，湖州议事厅开门。"],
        }
    )
    assert textmod.corpus_words(docs) == ("李红梅", "湖州议事厅", "蚌山事好商量")
    got = cppcc.tokens(docs)
    assert {"李红梅", "湖州议事厅", "蚌山事好商量"} <= set(got["token"].astype(str))
    plain = cppcc.tokens(docs, keep_names=False)["token"].astype(str).tolist()
    assert "李红梅" not in plain and "湖州议事厅" not in plain  # the lexicon alone splits them


def test_place_brands_are_kept_whole_unquoted_too():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "text": [
                # a district's short form (吴兴, which jieba tags as a name: the frame names 吴兴区) and
                # one the lexicon tags as a place (蚌山), never quoted
                "湖州市吴兴区政协打造吴兴有事好商量品牌，蚌山事好商量也在推进。",
                # a full name, and a county's short form confirmed by another page (凤庆县); 比如
                # ("for example", and 比如县 of Tibet, which no page names) makes no word
                "临翔区议事厅和凤庆协商议事厅同日揭牌，比如议事厅、恳谈会等形式都可借鉴。",
                # 和县 has no short form and ends 市和县 ("city and county"): no word
                "凤庆县政协主席在市和县有事好商量协商会上讲话。",
                # a city's brand quoted once and unquoted once
                "推广“临沧有事好商量”经验，临沧有事好商量已办三期。",
            ],
        }
    )
    assert textmod.corpus_words(docs) == (
        "临沧有事好商量", "临翔区议事厅", "凤庆协商议事厅", "吴兴有事好商量", "蚌山事好商量",
    )  # fmt: skip
    got = {k: g["token"].astype(str).tolist() for k, g in cppcc.tokens(docs).groupby("doc_id", observed=True)}
    assert got == {
        "a": ["湖州市", "吴兴区", "政协", "打造", "吴兴有事好商量", "品牌", "，", "蚌山事好商量", "也", "在",
              "推进", "。"],
        "b": ["临翔区议事厅", "和", "凤庆协商议事厅", "同日", "揭牌", "，", "比如", "议事厅", "、", "恳谈会",
              "等", "形式", "都", "可", "借鉴", "。"],
        "c": ["凤庆县", "政协", "主席", "在", "市", "和县", "有事好商量", "协商", "会上", "讲话", "。"],
        "d": ["推广", "“", "临沧有事好商量", "”", "经验", "，", "临沧有事好商量", "已", "办", "三", "期",
              "。"],
    }  # fmt: skip
    # without the frame's words the lexicon splits every one of them
    assert cppcc.segment(docs["text"][0])[4:6] == ["吴兴", "有事好商量"]
    assert cppcc.segment(docs["text"][1])[:5] == ["临翔区", "议事厅", "和", "凤庆", "协商议事"]


def test_brand_suffixes_are_spelled_in_both_scripts():
    for simplified, traditional in lexmod.BRAND_SUFFIXES.items():
        assert cppcc.normalize_text(traditional) == simplified
        assert words._traditional(simplified) == traditional


def test_ambiguous_place_brands_need_the_unit_named_somewhere():
    page = "开展凤庆有事好商量活动，比如议事厅。"
    assert textmod.corpus_words(pd.DataFrame({"doc_id": ["x"], "text": [page]})) == ()
    # the unit column of a loaded page names the county; so does a quotation
    named = pd.DataFrame({"doc_id": ["x"], "county": ["凤庆县"], "text": [page]})
    assert textmod.corpus_words(named) == ("凤庆有事好商量",)
    quoted = pd.DataFrame({"doc_id": ["x"], "text": ["开展“凤庆有事好商量”活动，比如议事厅。"]})
    assert textmod.corpus_words(quoted) == ("凤庆有事好商量",)
    # a Traditional page: the brand and the confirming name in either script, the word Simplified
    trad = pd.DataFrame({"doc_id": ["t"], "text": ["鳳慶縣政協開展鳳慶有事好商量，推動臨翔議事廳建設。"]})
    assert textmod.corpus_words(trad) == ("临翔议事厅", "凤庆有事好商量")
    assert cppcc.tokens(trad)["token"].astype(str).tolist() == [
        "凤庆县", "政协", "开展", "凤庆有事好商量", "，", "推动", "临翔议事厅", "建设", "。",
    ]  # fmt: skip
    # 政协 stays a token of its own, and a brand suffix with no place before it makes nothing
    plain = pd.DataFrame({"doc_id": ["p"], "text": ["蚌山区政协议事厅里，群众有事好商量、大家事好商量。"]})
    assert textmod.corpus_words(plain) == ()
    # nor does a quoted party committee become a brand (临沧/市委 stays two tokens)
    posts = pd.DataFrame({"doc_id": ["q"], "text": ["他曾任“临沧市委书记”，后任“凤庆县委书记”。"]})
    assert textmod.corpus_words(posts) == ()


def test_speakers_of_real_pages_are_tokens_and_the_seed_is_unchanged():
    from pathlib import Path

    seed = cppcc.load_speeches()
    assert textmod.corpus_words(seed) == ()  # its names and brands are in the lexicon already
    pd.testing.assert_frame_equal(cppcc.tokens(seed), cppcc.tokens(seed, keep_names=False))
    folder = Path(__file__).parent / "fixtures" / "real"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        real = cppcc.load_speeches(folder)
    toks = cppcc.tokens(real)
    named = 0
    for doc_id, speaker, text in zip(real["doc_id"], real["speaker"], real["text"]):
        if isinstance(speaker, str) and speaker in text:
            named += 1
            assert speaker in set(toks.loc[toks["doc_id"] == doc_id, "token"].astype(str)), speaker
    assert named >= 2  # most names are in front matter, which never reaches text
    assert {"李志远", "扎西顿珠", "阿苏拉哈"} <= set(textmod.corpus_words(real))


def test_set_up_tables_kept_on_disk_equal_the_built_ones(tmp_path, monkeypatch):
    """The lexicon lists and place tables a cold call reads (cppcc.text.kept) are the ones it would build;
    an unreadable kept file is rebuilt, an unwritable folder is no error."""
    from cppcc.text import kept as keptmod

    monkeypatch.setenv("CPPCC_CACHE_DIR", str(tmp_path))
    built = words._build_brand_places()
    words._brand_places.cache_clear()
    try:
        assert words._brand_places() == built  # built and written
        files = sorted((tmp_path / "text").glob("brand_places-*.marshal"))
        assert len(files) == 1
        words._brand_places.cache_clear()
        assert words._brand_places() == built  # read back
        files[0].write_bytes(b"\x00not marshal")
        words._brand_places.cache_clear()
        assert words._brand_places() == built  # rebuilt
    finally:
        words._brand_places.cache_clear()
    lex = cppcc.lexicon.load_lexicon()
    assert segmenter._lexicon_lists() == (lex["word"].tolist(), lex["freq"].tolist(), lex["tag"].tolist())
    assert segmenter._lexicon_lists() == (lex["word"].tolist(), lex["freq"].tolist(), lex["tag"].tolist())
    # the kept value's key names what it depends on: other parts, another value
    assert keptmod.kept("other", ["x"], lambda: [1]) == [1]
    assert keptmod.kept("other", ["x"], lambda: [2]) == [1]
    assert keptmod.kept("other", ["y"], lambda: [2]) == [2]
    # an unwritable cache folder (a file where the folder should be) is no error
    monkeypatch.setenv("CPPCC_CACHE_DIR", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert keptmod.kept("other", ["z"], lambda: [3]) == [3]


def test_lexicon_digest_without_parsing_equals_the_loaded_one():
    assert lexmod.lexicon_digest() == lexmod._load(str(lexmod.LEXICON_PATH))[2]
