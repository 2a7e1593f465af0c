"""The political language of the speeches: quotations, numbered formulas, numeric claims, measures.

Chinese official speech has a vocabulary of its own that general text tools do not see:

* quoted policy brands and slogans (“有事好商量”, “吉思广益”) and cited documents (《…》);
* numbered political formulas (“两个薄弱”, “三个重要”, “三好三单”, “双反馈一验证”);
* numeric claims written with Arabic or Chinese numerals, magnitudes and approximations
  (“十二项”, “65万”, “4000余名”, “30多场次”, “分别不低于25个、20个、15个”);
* enumerated measures (一是/二是…) that open with a verb of action (建立, 完善, 开展, 明确…).

Every public function takes the speeches frame (``doc_id`` and ``text``; ``headline`` and
``summary`` are read too when present) and returns a tidy frame with one row per item that keeps
``doc_id``. Each field is passed through :func:`cppcc.normalize_text` first, so the functions work
on raw Traditional text with half-width punctuation as well as on the loader's normalised text;
``position`` is the character offset in the *normalised* field.

The rules (what counts as a formula or a claim) are documented on each function and kept as data
at the top of this module so that they can be read and audited.
"""

from __future__ import annotations

import functools
import re
import warnings
from pathlib import Path
from collections.abc import Iterator

import pandas as pd

from .common import is_missing, require_columns, sentence_around
from .normalize import normalize_text
from .text import jieba_tokenizer

__all__ = [
    "quoted_terms",
    "numbered_formulas",
    "numeric_claims",
    "classify_measures",
    "measure_verbs",
    "cn_number",
    "FIELDS",
]

#: Text fields read, in this order, when present in the speeches frame.
FIELDS: tuple[str, ...] = ("headline", "summary", "text")

# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------


def _iter_fields(speeches: pd.DataFrame) -> Iterator[tuple[object, str, str]]:
    """Yield (doc_id, field, normalised text) for every non-empty field of every speech."""
    fields = [f for f in FIELDS if f in speeches.columns]
    for row in speeches[["doc_id", *fields]].itertuples(index=False, name=None):
        doc_id, values = row[0], row[1:]
        for field, value in zip(fields, values):
            if is_missing(value):
                continue
            text = normalize_text(str(value))
            if text.strip():
                yield doc_id, field, text


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``: the one rule, :func:`cppcc.common.sentence_around`
    (the token sentence of :func:`cppcc.tokens`; a match that crosses a sentence end gets both)."""
    return sentence_around(text, start, end)


def _frame(
    rows: list[dict],
    columns: list[str],
    dtypes: dict[str, str] | None = None,
    like: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rows as a frame: the given dtypes, ``doc_id`` with the input's dtype, other columns object."""
    out = pd.DataFrame(rows, columns=columns)
    for col, dtype in (dtypes or {}).items():
        out[col] = out[col].astype(dtype)
    obj = [c for c in columns if c not in (dtypes or {}) and c != "doc_id"]
    out[obj] = out[obj].astype(object)
    if like is not None:
        try:
            out["doc_id"] = out["doc_id"].astype(like["doc_id"].dtype)
        except (TypeError, ValueError):  # e.g. an empty result from an exotic dtype
            out["doc_id"] = out["doc_id"].astype(object)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# quotations
# --------------------------------------------------------------------------------------------

#: Opening mark -> (closing mark, kind). ``"`` is a straight double quote (toggles).
QUOTE_MARKS: dict[str, tuple[str, str]] = {
    "“": ("”", "quote"),
    "「": ("」", "quote"),
    "『": ("』", "quote"),
    "‘": ("’", "quote"),
    "«": ("»", "quote"),
    "〝": ("〞", "quote"),
    "《": ("》", "title"),
    "〈": ("〉", "title"),
    '"': ('"', "quote"),
    "＂": ("＂", "quote"),
}
_TOGGLES = frozenset({'"', "＂"})
_CLOSE_TO_OPEN = {close: open_ for open_, (close, _) in QUOTE_MARKS.items()} | {"〟": "〝"}
_WS = re.compile(r"\s+")
_WS_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _term(inner: str) -> str:
    """A quotation's text as a term: spaces next to Chinese dropped, others collapsed (Yes we can)."""
    return _WS.sub(" ", _WS_CJK.sub("", inner)).strip()


def _scan_quotes(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, inner, opening mark) of every balanced quotation, in order of opening.

    A stack per paragraph: nested quotations give one row each; an unmatched opening mark is
    dropped at the end of its paragraph; a closing mark without an opening one is ignored; a
    closing mark that skips over other open marks closes its own pair and drops those.
    """
    found: list[tuple[int, int, str, str]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            continue
        if ch in _TOGGLES and not any(m == ch for m, _ in stack):
            stack.append((ch, i))  # a straight quote opens unless one of its kind is open
            continue
        if ch in QUOTE_MARKS and ch not in _TOGGLES:
            stack.append((ch, i))
            continue
        opener = _CLOSE_TO_OPEN.get(ch)
        if opener is not None:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    start = stack[k][1]
                    del stack[k:]
                    found.append((start, i + 1, text[start + 1 : i], opener))
                    break
    found.sort()
    return found


def quoted_terms(speeches: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation or book title in the speeches.

    Quotation marks read: “…”, 「…」, 『…』, ‘…’, «…», 〝…〞 (or 〝…〟), straight ``"…"`` and
    full-width ``＂…＂``; book titles 《…》 and 〈…〉 give ``kind="title"``. Quotations listed
    with 、 (“乡镇委员之家”、“村级便民服务站”) are separate rows; nested quotations give a row
    each (outer and inner); unbalanced marks never raise (an opening mark without its closing one
    in the same paragraph is not reported). Empty quotations (“”) are skipped.

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id`` and ``text``; ``headline`` and ``summary`` are read too when present.

    Returns
    -------
    DataFrame
        ``doc_id``, ``term`` (normalised: Simplified script, inner whitespace removed), ``kind``
        (``"quote"`` or ``"title"``), ``sentence`` (the sentence the quotation occurs in),
        ``field`` (headline/summary/text), ``position`` (offset of the opening mark in the
        normalised field) and ``mark`` (the opening mark: “ 「 『 ‘ 《 〈 after normalisation).

    Examples
    --------
    >>> import pandas as pd
    >>> text = "以“乡镇委员之家”、「村級便民服務站」为场所，学习《条例》。"
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    >>> quoted_terms(df)[["term", "kind", "mark"]].values.tolist()
    [['乡镇委员之家', 'quote', '“'], ['村级便民服务站', 'quote', '「'], ['条例', 'title', '《']]
    """
    require_columns(speeches, ["doc_id", "text"], "quoted_terms", "speeches")
    rows: list[dict] = []
    for doc_id, field, text in _iter_fields(speeches):
        for start, end, inner, mark in _scan_quotes(text):
            term = _term(inner)
            if not term:
                continue
            rows.append(
                {
                    "doc_id": doc_id,
                    "term": term,
                    "kind": QUOTE_MARKS[mark][1],
                    "sentence": _sentence(text, start, end),
                    "field": field,
                    "position": start,
                    "mark": mark,
                }
            )
    return _frame(
        rows,
        ["doc_id", "term", "kind", "sentence", "field", "position", "mark"],
        {"position": "int64"},
        like=speeches,
    )


# --------------------------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------------------------

_CN_DIGITS = "零〇一二三四五六七八九"
_CN_NUM = _CN_DIGITS + "十百千万亿两"


def _cn2an(text: str) -> float:
    import cn2an  # imported lazily (it loads its own tables)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cn2an.cn2an(text, "smart"))


@functools.lru_cache(maxsize=4096)
def cn_number(text: str) -> float | None:
    """Value of a number written in Arabic or Chinese numerals, with 万/亿, or None.

    Conversion by cn2an (``smart`` mode, so mixed forms such as ``65万`` work); ``双`` reads 2;
    thousands separators are accepted.

    >>> cn_number("十二"), cn_number("65万"), cn_number("1,200"), cn_number("两千"), cn_number("双")
    (12.0, 650000.0, 1200.0, 2000.0, 2.0)
    >>> cn_number("十三五") is None
    True
    """
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text == "双":
        return 2.0
    try:
        return _cn2an(text)
    except Exception:  # cn2an raises ValueError and others on malformed input
        return None


def _first_number(term: str) -> float | None:
    """Value of the first numeral of a formula: the longest convertible prefix of its numeral run."""
    m = re.match(rf"\d+|[{_CN_NUM}双]+", term)
    if not m:
        return None
    run = m.group(0)
    if run[0].isdigit():
        return float(run)
    for k in range(len(run), 0, -1):
        value = cn_number(run[:k])
        if value is not None:
            return value
    return None


# --------------------------------------------------------------------------------------------
# numbered formulas
# --------------------------------------------------------------------------------------------

#: Well-known national formulas, recognised even when they are not quoted.
KNOWN_FORMULAS: tuple[str, ...] = (
    "两个薄弱",
    "两个维护",
    "两个确立",
    "两个大局",
    "两个一百年",
    "两个毫不动摇",
    "四个全面",
    "四个意识",
    "四个自信",
    "五位一体",
    "三个代表",
    "一带一路",
    "一国两制",
    "三严三实",
    "两学一做",
    "三去一降一补",
    "六稳",
    "六保",
    "三农",
    "八项规定",
)
#: Generic nouns that a formula of the shape 数字+个+core typically modifies (两个薄弱问题).
FORMULA_HEADS: tuple[str, ...] = (
    "问题",
    "作用",
    "要求",
    "内涵",
    "方针",
    "原则",
    "精神",
    "理念",
    "工程",
    "行动",
    "机制",
    "目标",
    "任务",
    "标准",
    "导向",
    "格局",
    "战略",
    "布局",
    "思想",
    "意识",
    "要义",
)
#: Cores that make 数字+个+core an ordinary count, never a formula.
COUNTED_CORES: frozenset[str] = frozenset(
    "方面 部分 阶段 层次 层级 类型 环节 领域 地区 县区 乡镇 街道 社区 单位 部门 委员 小组 "
    "项目 课题 专题 批次 重点 问题 方式 渠道 平台 载体 月份 年度 季度 百分".split()
)
#: Characters that cannot be the core of a parallel formula (times and measure words).
_NOT_CORE = "年月日天周季届次个名项级位期批种类条家人元万亿百千中是第"
_NUM1 = "一二三四五六七八九十两双"

_FORMULA_START = re.compile(rf"^(?:[{_NUM1}]|百(?=[{_NUM1}千万])|\d)")
_DATE_TERM = re.compile(rf"^(?:\d{{2,4}}|[{_CN_DIGITS}]{{2,4}})年|^[\d{_CN_DIGITS}十]{{1,3}}[月日号]")
_DIGIT_CODE = re.compile(r"^\d{2,4}$")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")


def _core(k: int) -> str:
    return rf"(?:(?![{_NUM1}{_NOT_CORE}])[\u4e00-\u9fff]){{{k}}}"


# parallel shape: (numeral + core of k characters) repeated 2-4 times, e.g. 三好三单, 双反馈一验证
_PARALLEL = [
    re.compile(rf"(?<![{_CN_NUM}第\d])(?:[{_NUM1}]{_core(k)}){{2,4}}(?![{_CN_NUM}])") for k in (2, 1)
]
# numeral + 个 + two-character core + a generic head noun, e.g. 两个薄弱问题
_GE_CORE = re.compile(
    rf"(?<![{_CN_NUM}第\d])([{_NUM1}]个([\u4e00-\u9fff]{{2}}))(?={'|'.join(FORMULA_HEADS)})"
)


@functools.lru_cache(maxsize=1)
def _pos_tagger():
    """A private jieba POS tagger on jieba's own dictionary (:func:`cppcc.text.jieba_tokenizer`)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(jieba_tokenizer())


def _is_idiom(word: str) -> bool:
    """True for a set phrase that jieba's dictionary tags as idiom/numeral phrase (一心一意, 七上八下)."""
    return _pos_tagger().word_tag_tab.get(word) in {"i", "m", "nz"}


_NUM_RUN = re.compile(rf"[{_NUM1}]+")
_LEXICAL_FLAGS = frozenset({"n", "b", "l", "a", "v", "vn", "d", "ad"})
_CLASSIFIERS = frozenset("个 项 大 条 类 种 点 件 次 支 批 名 位 类".split())


def _ends_at_word_boundary(text: str, start: int, end: int) -> bool:
    """True if jieba's segmentation of the clause from ``start`` has a word boundary at ``end``.

    Rejects a parallel shape that cuts a word: 一季一协|商 (the formula would be 一季一协商).
    """
    clause = re.match(r"[\u4e00-\u9fff]*", text[start : start + 24]).group(0)
    if end - start >= len(clause):
        return True
    offset = 0
    for word in _pos_tagger().tokenizer.cut(clause, HMM=False):
        offset += len(word)
        if offset >= end - start:
            return offset == end - start
    return True


def _quoted_formula(term: str) -> bool:
    if len(term) > 12 or not _FORMULA_START.match(term) or _DATE_TERM.match(term):
        return False
    if _DIGIT_CODE.match(term):
        return True
    if not _HAS_CJK.search(term):
        return False  # “5G”, “1+N”: codes with Latin letters and symbols are not counted
    if len(_NUM_RUN.findall(term)) == 1:
        # a single numeral that begins an ordinary word (双向反馈, 一站式服务, 三级联动, 一线工作法);
        # numeral + classifier (三个, 四项) and all-numeral words (十四五) stay formulas
        first = next(iter(_pos_tagger().cut(term, HMM=False))).word
        flag = _pos_tagger().word_tag_tab.get(first)
        rest = first.lstrip(_CN_NUM + "双")
        if (
            len(first) > 1
            and first[0] in _NUM1
            and rest
            and rest not in _CLASSIFIERS
            and flag in _LEXICAL_FLAGS | {"m"}
        ):
            return False
    return True


def _formula_spans(
    text: str, quotes: list[tuple[int, int, str, str]], known_rx: re.Pattern | None
) -> list[tuple[int, int, str, bool, str]]:
    """(start, end, formula, quoted, rule) of the formulas of one field, in text order."""
    spans: list[tuple[int, int, str, bool, str]] = []
    quoted_ranges: list[tuple[int, int]] = []
    for start, end, inner, mark in quotes:
        if QUOTE_MARKS[mark][1] != "quote":
            continue
        term = _term(inner)
        if _quoted_formula(term):
            spans.append((start, end, term, True, "quoted"))
        quoted_ranges.append((start, end))

    taken = [(s, e) for s, e, *_ in spans] + quoted_ranges

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    candidates: list[tuple[int, int, str, str]] = []
    if known_rx is not None:
        for m in known_rx.finditer(text):
            candidates.append((m.start(), m.end(), m.group(0), "known"))
    for rx in _PARALLEL:
        for m in rx.finditer(text):
            if not _is_idiom(m.group(0)) and _ends_at_word_boundary(text, m.start(), m.end()):
                candidates.append((m.start(), m.end(), m.group(0), "parallel"))
    for m in _GE_CORE.finditer(text):
        if m.group(2) not in COUNTED_CORES:
            candidates.append((m.start(1), m.end(1), m.group(1), "numeral_ge_core"))
    # earliest first, then longest
    for s, e, word, rule in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if free(s, e):
            spans.append((s, e, word, False, rule))
            taken.append((s, e))
    spans.sort()
    return spans


def numbered_formulas(speeches: pd.DataFrame, context: str = "document") -> pd.DataFrame:
    """Numbered political formulas, quoted or not.

    A formula is a numeral (一…十, 两, 双 or digits) with an optional classifier and a short core:
    “两个薄弱”, “三个重要”, “四个一线”, “三好三单”, “双反馈一验证”, “三要”, “463”. Rules, in order:

    1. ``quoted``: a quotation (“…”, 「…」, 『…』, ‘…’, "…") of at most 12 characters that starts
       with a numeral and contains Chinese characters, or is a 2-4 digit code (“463”). Not
       formulas: dates (“2020年…”), codes without Chinese (“5G”, “1+N”), a single numeral that
       begins an ordinary word in jieba's dictionary (“双向反馈”, “一站式服务”, “三级联动”), and
       quoted brands without a leading numeral (“有事好商量”, “吉思广益”).
    2. ``known``: outside quotations, a formula quoted elsewhere in the same speech (with
       ``context="corpus"``: anywhere in the frame passed in) or one of :data:`KNOWN_FORMULAS`.
    3. ``parallel``: outside quotations, two to four repetitions of numeral + core of equal length
       (两学一做, 一岗双责, 双反馈一验证), where the core is not a time or measure word (so 一年一度
       and 十九届四中 are not matched) and the whole is not an idiom in jieba's dictionary
       (一心一意, 七上八下).
    4. ``numeral_ge_core``: outside quotations, numeral + 个 + two-character core followed by a
       generic head noun from :data:`FORMULA_HEADS` (两个薄弱问题, 三个重要作用), unless the core
       is an ordinary counted noun (:data:`COUNTED_CORES`: 三个方面, 两个县区).

    Anything else with a numeral is a quantity (see :func:`numeric_claims`), not a formula:
    4000余名委员, 连续三年, 三级政协, 三个方面.

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id`` and ``text``; ``headline`` and ``summary`` are read too when present.
    context : {"document", "corpus"}, default "document"
        Where rule 2 learns quoted formulas: each speech on its own (its rows do not depend on
        the other rows passed), or the whole frame.

    Returns
    -------
    DataFrame
        ``doc_id``, ``formula``, ``number`` (float, the value of its first numeral: 双反馈一验证
        -> 2; a digit code counts digit by digit, “463” -> 4), ``quoted`` (bool), ``sentence``,
        ``field``, ``position`` (offset in the normalised field, at the opening quotation mark
        for a quoted formula) and ``rule`` (which rule above found it).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["解决“两个薄弱”问题，坚持一事一议，有3个县。"]})
    >>> numbered_formulas(df)[["formula", "number", "quoted", "rule"]].values.tolist()
    [['两个薄弱', 2.0, True, 'quoted'], ['一事一议', 1.0, False, 'parallel']]
    """
    require_columns(speeches, ["doc_id", "text"], "numbered_formulas", "speeches")
    rows = []
    for doc_id, field, text, start, end, formula, quoted, rule in _formulas_in_context(
        list(_iter_fields(speeches)), context, "numbered_formulas"
    ):
        if _DIGIT_CODE.match(formula):
            number = float(formula[0])
        else:
            number = _first_number(formula)
        rows.append(
            {
                "doc_id": doc_id,
                "formula": formula,
                "number": number,
                "quoted": quoted,
                "sentence": _sentence(text, start, end),
                "field": field,
                "position": start,
                "rule": rule,
            }
        )
    return _frame(
        rows,
        ["doc_id", "formula", "number", "quoted", "sentence", "field", "position", "rule"],
        {"number": "float64", "quoted": "bool", "position": "int64"},
        like=speeches,
    )


def _all_formulas(fields: list[tuple[object, str, str]]):
    """Formulas of all (doc_id, field, normalised text) triples; quoted ones are known corpus-wide."""
    scanned = [(d, f, t, _scan_quotes(t)) for d, f, t in fields]
    known = set(KNOWN_FORMULAS)
    for _, _, _, quotes in scanned:
        for _, _, inner, mark in quotes:
            term = _term(inner)
            # corpus-derived formulas of two characters (三要, 六事) are too short to match unquoted
            if (
                QUOTE_MARKS[mark][1] == "quote"
                and _quoted_formula(term)
                and len(term) >= 3
                and _HAS_CJK.search(term)
            ):
                known.add(term)
    # one alternation, longest first, not glued to a preceding numeral or 第
    known_rx = re.compile(rf"(?<![{_CN_NUM}第])(?:{_alt(known)})") if known else None
    for doc_id, field, text, quotes in scanned:
        for start, end, formula, quoted, rule in _formula_spans(text, quotes, known_rx):
            yield doc_id, field, text, start, end, formula, quoted, rule


# --------------------------------------------------------------------------------------------
# numeric claims
# --------------------------------------------------------------------------------------------


def _alt(items) -> str:
    """A regex alternation of literal strings, longest first."""
    return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))


#: Measure words (units) of a claim, longest first when matched.
UNITS: tuple[str, ...] = (
    "个百分点",
    "平方公里",
    "平方米",
    "立方米",
    "个月",
    "场次",
    "人次",
    "件次",
    "户次",
    "个次",
    "公里",
    "千米",
    "公顷",
    "小时",
    "千瓦",
    "美元",
    "万元",
    "亿元",
    "元",
    "个",
    "名",
    "次",
    "项",
    "场",
    "条",
    "家",
    "人",
    "件",
    "篇",
    "份",
    "批",
    "期",
    "所",
    "座",
    "户",
    "亩",
    "吨",
    "类",
    "种",
    "支",
    "位",
    "轮",
    "章",
    "部",
    "套",
    "台",
    "辆",
    "处",
    "间",
    "张",
    "本",
    "册",
    "门",
    "年",
    "天",
    "周",
    "倍",
    "岁",
    "米",
    "点",
    "大",
    "方面",
    "幅",
    "枚",
    "栋",
    "幢",
    "棵",
    "株",
    "块",
    "段",
    "首",
    "页",
    "卷",
    "艘",
    "架",
    "盏",
    "%",
    "％",
)
#: A unit followed by these characters starts a word instead (14亿人民, 3项目 are not 人/项).
_UNIT_BLOCK: dict[str, str] = {
    "人": "民员才口大类",
    "名": "单额称义",
    "期": "间待望",
    "所": "有以在谓属",
    "场": "所地景合",
    "家": "庭长乡园",
    "条": "件例款",
    "次": "要序",
    "类": "似",
    "种": "植子类",
    "位": "置于",
    "点": "赞评",
    "部": "门分署",
    "处": "理置于",
    "门": "户槛",
    "本": "地级身职",
    "年": "度代龄轻级",
    "周": "边年末",
    "大": "会学家型力多量",
    "间": "隔",
    "批": "准示复评",
    "台": "阶湾",
    "张": "力",
    "件": "事",
    "首": "先次届位批要",
    "段": "落",
    "页": "面",
    "块": "钱",
    "架": "构势子",
    "株": "洲",
}
#: Prefix markers: approximate, at least, at most.
_PRE_APPROX = ("大约", "将近", "接近", "大概", "近", "约", "上", "数", "几")
_TIME_UNITS = frozenset({"年", "个月", "天", "周", "小时"})
_EVENT_UNITS = frozenset({"次", "场", "场次", "期", "轮"})
#: 上/数/几 mark an approximate round number only before 十/百/千/万 (上百个, 数十名, 几千人).
_ROUND_ONLY = ("上", "数", "几")
_PRE_LEAST = ("不低于", "不少于", "不小于", "至少", "超过", "多于", "高于", "逾", "超")
_PRE_MOST = ("不超过", "不高于", "不多于", "不到", "不足", "至多", "最多", "少于", "低于")
# a bound marker may govern a number a few characters later, within the clause:
# 每年至少开展2次, 至少安排4次, 每年至少接待群众12次
_PRE_BOUND_NEAR = re.compile(
    rf"({_alt([m for m in _PRE_LEAST + _PRE_MOST if len(m) > 1])})[\u4e00-\u9fff]{{1,6}}$"
)
_POST_APPROX = ("左右", "上下")
_POST_LEAST = ("以上",)
_POST_MOST = ("以下", "以内", "之内")

_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CNRUN = rf"(?:[{_CN_DIGITS}十两]|(?<=[上数几])[百千万])[{_CN_NUM}]*"
_NUMBER = rf"(?:{_DIGITS}|{_CNRUN})"
_MAG = r"(?:万亿|千万|百万|亿|万|千|百)"


def _amount_rx(p: str) -> str:
    return rf"(?P<{p}num>{_NUMBER})(?P<{p}a1>多|余)?(?P<{p}mag>{_MAG})?(?P<{p}a2>多|余)?"


_SESSION_BODIES = "政协|人大|委员会|常委会|常务委员会|全国委员会|党代会|省委|市委|县委|区委"
_CLAIM = re.compile(
    rf"(?P<pre>{_alt(_PRE_APPROX + _PRE_LEAST + _PRE_MOST)})?"
    rf"(?P<pct>百分之)?"
    rf"(?<![\d.{_CN_NUM}第])"
    + _amount_rx("")
    + rf"(?:(?P<lunit>%|％|{_alt(UNITS)})?(?P<sep>至|到|~|～|-|—|－){_amount_rx('r')})?"
    rf"(?P<unit>{_alt(UNITS)})?"
    rf"(?P<post>{_alt(_POST_APPROX + _POST_LEAST + _POST_MOST)})?"
)
# spans that are never claims: dates, clock times, ordinals, tiers and plenums
_NOT_CLAIM = re.compile(
    # a year: four digits (or two before a month: 21年3月); 60年, 25年来 are durations
    rf"(?:\d{{4}}|\d{{2}}(?=年[\d{_CN_DIGITS}十]{{1,3}}月)|[{_CN_DIGITS}]{{2,4}})年"
    rf"(?:[\d{_CN_DIGITS}十]{{1,3}}月(?:[\d{_CN_DIGITS}十]{{1,3}}[日号])?)?"
    # sessions and plenums: 七届四次会议, 十二届十一次全会, 六届四十七次主席会议, 九届人大三次会议
    rf"|(?:第?[\d{_CN_NUM}]+|[×XＸ*＊]{{1,3}})届(?:{_SESSION_BODIES})?第?[\d{_CN_NUM}]+次"
    rf"|(?<!个)[\d{_CN_DIGITS}十]{{1,3}}月(?:[\d{_CN_DIGITS}十]{{1,3}}[日号])?"
    rf"|\d{{1,2}}[日号]"
    rf"|\d{{4}}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?"
    rf"|\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?|\d{{1,2}}[点时]\d{{1,2}}分"
    rf"|第[\d{_CN_NUM}]+"
    rf"|[{_CN_NUM}]+届(?:[{_CN_NUM}]+中全会)?|[{_CN_NUM}]中全会"
    rf"|(?<![\d{_CN_NUM}])(?:十[五六七八九]|二十[一二三四]?)大"  # party congresses: 十九大, 二十大
    rf"|[\d{_CN_NUM}]+级"
    rf"|(?<![{_CN_NUM}])[{_CN_NUM}][是则]"
    rf"|^\s*[{_CN_NUM}]+、|[(（][{_CN_NUM}\d]+[)）]",
    re.M,
)
_OBJ_TAIL = re.compile(r"[\u4e00-\u9fff]{1,16}")
_OBJ_STOP_FLAGS = ("p", "c", "u", "d", "r", "m", "x", "eng", "y", "e", "o", "q")
_OBJ_STOP_START = "与和及在对向为从由以到将把被进给并或等之"
_OBJ_PREDICATES = frozenset("试点 培训 参训 参与 参加 走访 座谈 报名 受益 签约".split())
_OBJ_STOP_WORDS = frozenset("全部 全都 都 均 已 已经 共 共计 累计 分别 各 全面 正在 先后".split())
_OBJ_VERB_OK = frozenset(
    "履职 联系 协商 议事 服务 监督 调研 培训 学习 交流 管理 发展 建设 治理 扶贫 集中 要求 规划 宣传 视察 "
    "评议 考核 帮扶 救助 保障 统筹 观摩 活动 工作 提案".split()
)


def _object(text: str, pos: int, after_unit: bool) -> str | None:
    """The noun phrase right after a claim (what is counted), or None."""
    if after_unit and text.startswith("的", pos):
        pos += 1
    m = _OBJ_TAIL.match(text, pos)
    if not m:
        return None
    tagger = _pos_tagger()
    tags = tagger.word_tag_tab
    words = list(tagger.cut(m.group(0), HMM=False))
    clause_end = m.end() == len(text) or not _OBJ_TAIL.match(text, m.end())
    out: list[str] = []
    for i, w in enumerate(words):
        flag = w.flag
        if i > 0 and (flag.startswith(_OBJ_STOP_FLAGS) or w.word[0] in _OBJ_STOP_START):
            break
        if i == 0 and (w.word[0] in _OBJ_STOP_START or flag.startswith(_OBJ_STOP_FLAGS)):
            break
        if flag == "v" and w.word not in _OBJ_VERB_OK or w.word in _OBJ_STOP_WORDS:
            break
        tail = w.word[-2:]
        if len(w.word) >= 4 and tags.get(tail) == "v" and tail not in _OBJ_VERB_OK:
            out.append(w.word[:-2])  # a dictionary compound ending in a verb: 标准|配备
            break
        if sum(map(len, out)) + len(w.word) > 12:
            break
        if (
            clause_end
            and i == len(words) - 1
            and w.word in _OBJ_PREDICATES
            and out
            and words[i - 1].flag.startswith("n")
        ):
            break  # 10个边境乡镇试点。: the last word is what the counted people or places do
        out.append(w.word)
    return "".join(out) or None


def _amount(
    num: str, a1: str | None, mag: str | None, a2: str | None, frequency: bool = False
) -> float | None:
    if num == "一" and not mag and not frequency:
        return None  # 一批, 一个时期, 一系列: the indefinite article, not a count
    value = cn_number("一" + num if num[0] in "百千万亿" else num)
    if value is None:
        for k in range(1, len(num)):  # a numeral run glued to a preceding word (统一三个…)
            value = cn_number(num[k:])
            if value is not None:
                break
    if value is None:
        return None
    if mag:
        mult = cn_number("一" + mag if mag in ("万", "亿", "千", "百") else mag)
        if mult is None:
            return None
        value *= mult
    return value


def _unit_ok(text: str, end: int, unit: str) -> bool:
    nxt = text[end : end + 1]
    return not (nxt and nxt in _UNIT_BLOCK.get(unit, ""))


def numeric_claims(speeches: pd.DataFrame, context: str = "document") -> pd.DataFrame:
    """Every quantity stated in the speeches.

    A claim is a number (Arabic or Chinese numerals, optionally with 万/亿 and 多/余) followed by
    a measure word from :data:`UNITS` (10个边境乡镇, 4000余名委员, 十二项制度措施, 27次, 300公里,
    95%); a bare number counts only with a magnitude (65万以上的大县, 14亿人民).

    What is **not** a claim: dates and clock times (2020年08月24日, 9月21日, 22:16), ordinals (一是, 第一,
    一、, （二）), plenums, sessions and tiers (十九届四中全会, 七届四次会议, 十二届十一次全会,
    六届四十七次主席会议, 第九届委员会第四次会议: the 次 after a 届 is an ordinal; 三级政协, 两级: a tier
    label, not a count), numbered formulas (see :func:`numbered_formulas`: 两个薄弱, 四个一线), and the
    bare numeral 一 before a measure word (一批, 一个时期, 一系列: the indefinite article), except in a
    frequency of events (每月开展一次协商, 至少一次: 1, unit 次). Durations are no claims (连续三年, 近60年,
    25年来, 为期十二天, 会期两天: units 年, 个月, 天, 周, 小时); a four-digit year (or two digits before a
    month, 21年3月) is a date. Nor are stock numbered phrases and counts of the text's own parts (两大主题,
    三大职能, 三项职能, 三点意见, 四个方面, 两个加快: units 大 and 点, objects 方面/部分/层面 and 职能/主题,
    个 in Chinese numerals without a counted object), and a number inside a short quoted brand
    (“聆诵四种精神”). Approximation markers: 多/余 after the number, 近/约/大约/将近 before it, 左右/上下
    after the unit, and 上/数/几 before a round 十/百/千/万 (上百个, 数十名). Bound markers: 以上 (at least),
    以下/以内 (at most) after the number, and 至少/不低于/不少于/超过 (at least) or 不超过/最多/ 不足 (at
    most) before it, also a few characters earlier in the clause (每年至少开展2次).

    ``object`` is a heuristic: the words right after the unit, read with jieba's part-of-speech
    tags and cut at the first verb, preposition, conjunction, particle, number or punctuation
    (10个边境乡镇 -> 边境乡镇; 3个县与缅甸 -> 县). When the counted noun comes before the number
    (开展协商议事活动30多场次) it is None: read ``sentence``.

    Ranges (20万至65万, 3到5个, 1%-2%) and neighbouring numerals (三四十名 -> 30 and 40, 两三个, 十五六个)
    give two rows, the lower with ``bound="at least"`` and the upper with ``bound="at most"``, both
    approximate (``approx`` their own marker, else ``"range"``); the lower end takes the upper end's
    magnitude and unit when it has none (20至65万 -> 200000 and 650000). A prefix marker applies to a list
    joined by 、/和/及 (分别不低于25个、20个、15个 -> three claims bounded "at least").

    Parameters
    ----------
    speeches : DataFrame
        ``doc_id`` and ``text``; ``headline`` and ``summary`` are read too when present.
    context : {"document", "corpus"}, default "document"
        Where the numbered formulas that are masked come from. ``"document"``: each speech's own
        quotations and :data:`KNOWN_FORMULAS`, so a speech gets the same rows whatever other rows
        are passed with it. ``"corpus"``: a formula quoted in any speech of the frame is masked in
        all of them (坚持四个一线 is then not a claim next to a speech quoting “四个一线”).

    Returns
    -------
    DataFrame
        ``doc_id``, ``value`` (float), ``unit`` (measure word or None), ``object`` (the noun phrase
        after the unit, what is counted, or None), ``approx`` (多/余/近/约/左右… or None),
        ``bound`` ("at least"/"at most"/None), ``sentence``, ``field``, ``position`` (offset in
        the normalised field) and ``match`` (the matched text).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["组织4000余名委员干部培训，在10个边境乡镇试点。"]})
    >>> numeric_claims(df)[["value", "unit", "object", "approx"]].values.tolist()
    [[4000.0, '名', '委员干部', '余'], [10.0, '个', '边境乡镇', None]]
    """
    require_columns(speeches, ["doc_id", "text"], "numeric_claims", "speeches")
    fields = list(_iter_fields(speeches))
    formula_spans: dict[tuple, list[tuple[int, int]]] = {}
    for doc_id, field, _text, start, end, *_ in _formulas_in_context(fields, context, "numeric_claims"):
        formula_spans.setdefault((doc_id, field), []).append((start, end))
    rows: list[dict] = []
    for doc_id, field, text in fields:
        for claim in _claims_in(text, formula_spans.get((doc_id, field), [])):
            rows.append({"doc_id": doc_id, **claim, "field": field})
    return _frame(
        rows,
        ["doc_id", "value", "unit", "object", "approx", "bound", "sentence", "field", "position", "match"],
        {"value": "float64", "position": "int64"},
        like=speeches,
    )


def _formulas_in_context(fields: list[tuple[object, str, str]], context: str, func: str):
    """:func:`_all_formulas` of each document alone (``"document"``) or of all together (``"corpus"``)."""
    if context == "corpus":
        yield from _all_formulas(fields)
        return
    if context != "document":
        raise ValueError(f"cppcc.{func}: context must be 'document' or 'corpus', got {context!r}")
    by_doc: dict[object, list[tuple[object, str, str]]] = {}
    for item in fields:
        by_doc.setdefault(item[0], []).append(item)
    for doc_fields in by_doc.values():
        yield from _all_formulas(doc_fields)


_DURATIONS = frozenset({"年", "个月", "天", "周", "小时"})  # 五年来, 为期十二天, 会期两天: spans of time
_OWN_PARTS = re.compile(r"(?:方面|部分|层面|环节|要点)")  # 四个方面, 三大部分: the text's own parts
_STOCK_OBJECTS = re.compile(r"(?:职能|主题)")  # 三项职能, 两大主题: what every CPPCC text says it has


def _stock(text: str, start: int, end: int, unit: str | None, obj: str | None, value: float) -> bool:
    """Whether a matched number is no quantity claim but a duration, a stock numbered phrase or a count
    of the text's own parts (see :func:`numeric_claims`)."""
    if unit in _DURATIONS or unit in ("大", "点"):  # 两大主题, 三大职能; 三点意见, 九点钟
        return True
    if obj and (_OWN_PARTS.match(obj) or _STOCK_OBJECTS.fullmatch(obj)):
        return True
    if unit == "个" and obj is None and value <= 10 and not re.search(r"\d", text[start:end]):
        return True  # 两个加快, 四个一线: a numbered formula without a counted object
    opened, closed = text.rfind("“", 0, start), text.rfind("”", 0, start)
    shut = text.find("”", end)
    return opened > closed and 0 <= shut - opened <= 13  # “聆诵四种精神”: part of a quoted brand


def _claims_in(text: str, formula_spans: list[tuple[int, int]]) -> Iterator[dict]:
    """The claims of one normalised field (``formula_spans`` are masked first), in text order."""
    blocked = formula_spans + [m.span() for m in _NOT_CLAIM.finditer(text)]
    mask = list(text)
    for s, e in blocked:
        mask[s:e] = "#" * (e - s)
    masked = "".join(mask).replace("○", "〇")  # 一千○四十九: a converter's circle for the zero
    prev_end, prev_pre = -10, None
    for m in _CLAIM.finditer(masked):
        claim = _read_claim(m, text, masked, prev_end, prev_pre)
        if claim is None:
            continue
        start, end, pre, unit, obj, values = claim
        if _stock(text, start, end, unit, obj, values[0][0]):
            prev_end, prev_pre = end, pre
            continue
        for value, bound, approx in values:
            yield {
                "value": float(value),
                "unit": unit,
                "object": obj,
                "approx": approx,
                "bound": bound,
                "sentence": _sentence(text, start, end),
                "position": start,
                "match": text[start:end],
            }
        prev_end, prev_pre = end, pre


_ADJACENT = re.compile(r"([一二三四五六七八九两])([二三四五六七八九])([十百千万亿]*)")
_ADJACENT_TEEN = re.compile(r"([一二三四五六七八九]?十)([一二三四五六七八])([二三四五六七八九])")


def _adjacent_range(num: str, mag: str | None) -> tuple[float, float] | None:
    """Neighbouring digits as an approximate range: 三四十 -> (30, 40), 两三 -> (2, 3), 十五六 -> (15, 16)."""
    mult = cn_number("一" + mag) if mag else 1.0
    m = _ADJACENT.fullmatch(num)
    if m:
        a, b = cn_number(m.group(1)), cn_number(m.group(2))
        scale = cn_number("一" + m.group(3)) if m.group(3) else 1.0
        if a is not None and b == a + 1 and scale and mult:
            return a * scale * mult, b * scale * mult
    m = _ADJACENT_TEEN.fullmatch(num)
    if m:
        base, a, b = cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3))
        if base is not None and b == a + 1 and mult:
            return (base + a) * mult, (base + b) * mult
    return None


def _read_claim(m: re.Match, text: str, masked: str, prev_end: int, prev_pre: str | None):
    """(start, end, prefix marker, unit, object, [(value, bound, approx)...]) of one match, or None."""
    g = m.groupdict()
    unit, post, end = g["unit"], g["post"], m.end()
    if unit and not _unit_ok(masked, m.end("unit"), unit):
        unit, post, end = None, None, m.start("unit")  # 14亿人民: 人 starts a word
    unit = unit or g["lunit"]  # 1%-2%: the unit of both ends
    if unit == "％" or g["pct"]:
        unit = "%"
    has_mag = bool(g["mag"] or (g["sep"] and g["rmag"]) or re.search("[万亿]", g["num"]))
    if not unit and not has_mag:
        return None  # a bare number (300以上, 12345) is too ambiguous to report
    pre = g["pre"]
    num_start = m.start("num")
    if pre in _ROUND_ONLY and g["num"][0] not in "十百千万":
        pre = None  # 线上3个: 上 is not a marker here
    elif g["pre"] is None and g["num"][0] in "百千万":
        return None
    joined = masked[prev_end:num_start] if prev_end >= 0 else None
    if pre is None and joined in ("、", "和", "及", "或") and prev_pre is not None:
        pre = prev_pre  # 分别不低于25个、20个: the marker governs the list
    if pre is None:
        near = _PRE_BOUND_NEAR.search(masked, max(0, num_start - 9), num_start)
        pre = near.group(1) if near else None
    # 一 counts in a frequency (每月开展一次, 至少一次): events per period, or a bounded once
    frequency = unit in _EVENT_UNITS and (
        pre in _PRE_LEAST + _PRE_MOST or "每" in masked[max(0, num_start - 6) : num_start]
    )
    adjacent = None if g["sep"] else _adjacent_range(g["num"], g["mag"])
    low = _amount(
        g["num"], g["a1"], g["mag"] or (g["rmag"] if g["sep"] and not g["mag"] else None), g["a2"], frequency
    )
    if low is None and adjacent is None:
        return None
    if g["sep"]:
        high = _amount(g["rnum"], g["ra1"], g["rmag"], g["ra2"])
        if high is None:
            return None
        values = [
            (low, "at least", g["a1"] or g["a2"] or "range"),
            (high, "at most", g["ra1"] or g["ra2"] or "range"),
        ]
    elif adjacent is not None:  # 三四十名: thirty to forty
        values = [(adjacent[0], "at least", "range"), (adjacent[1], "at most", "range")]
    else:
        approx, bound = _markers(pre, post, unit, g["a1"] or g["a2"], text.startswith("来", end))
        values = [(low, bound, approx)]
    obj = _object(text, end, after_unit=bool(unit))
    if post and not unit:
        obj = None  # 65万以上的大县: the county is not what 65万 counts
    start = m.start() if pre == g["pre"] else num_start
    return start, end, pre, unit, obj, values


def _markers(
    pre: str | None, post: str | None, unit: str | None, approx: str | None, then_lai: bool
) -> tuple[str | None, str | None]:
    """(approx, bound) of a single number from its prefix and suffix markers."""
    bound = None
    if pre == "近" and unit in _TIME_UNITS and then_lai:
        pass  # 近五年来: "over the last five years", a duration, not an approximation
    elif pre in _PRE_APPROX:
        approx = approx or pre
    elif pre in _PRE_LEAST:
        bound = "at least"
    elif pre in _PRE_MOST:
        bound = "at most"
    if post in _POST_APPROX:
        approx = approx or post
    elif post in _POST_LEAST:
        bound = "at least"
    elif post in _POST_MOST:
        bound = "at most"
    return approx, bound


# --------------------------------------------------------------------------------------------
# measures
# --------------------------------------------------------------------------------------------


_VERBS_CSV = Path(__file__).resolve().parent / "data" / "measure_verbs.csv"
#: Adverbs that may precede the leading verb of a measure (及时“交”, 大力推进).
_LEAD_ADVERBS = (
    "进一步",
    "及时",
    "适时",
    "跟进",
    "全面",
    "大力",
    "积极",
    "切实",
    "着力",
    "持续",
    "不断",
    "深入",
    "认真",
    "扎实",
    "具体",
    "主动",
)
#: Prepositions that open a frame before the verb (按照…标准配备…, 围绕…开展…).
_LEAD_PREPS = (
    "按照",
    "根据",
    "依托",
    "围绕",
    "通过",
    "依据",
    "对照",
    "针对",
    "结合",
    "立足",
    "以",
    "在",
    "对",
    "从",
)
_LEAD_MARKER = re.compile(
    rf"^\s*(?:[{_CN_NUM}]+是|第[{_CN_NUM}]+[，、,]?|[（(][{_CN_NUM}\d]+[)）]|\d+[.、．])\s*"
)
_CLAUSE_END = re.compile(r"[。；;，,：:！？!?\n]")
_BA = re.compile(r"^[把将](?![准握关近])")


def measure_verbs() -> pd.DataFrame:
    """The verb -> category table of :func:`classify_measures` (``lib/cppcc/data/measure_verbs.csv``).

    Columns ``verb``, ``category`` and ``gloss`` (English). Categories: ``platform`` (build a
    body or platform), ``rules`` (make or improve rules), ``clarify`` (define responsibilities or
    content), ``activity`` (hold meetings and activities), ``focus`` (take hold of a task),
    ``strengthen``, ``innovate``, ``expand``, ``coordinate``, ``promote``, ``staffing`` (posts and
    people), ``supervise`` (inspection and assessment), ``follow_up`` (assign, supervise and answer
    the results of consultation), ``training``, ``incentive`` (publicity, commendation),
    ``service``.

    Examples
    --------
    >>> table = measure_verbs()
    >>> table.set_index("verb").loc["设立", "category"]
    'platform'
    """
    return _measure_verbs().copy()


@functools.lru_cache(maxsize=1)
def _measure_verbs() -> pd.DataFrame:
    try:
        table = pd.read_csv(_VERBS_CSV, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:  # a broken install
        raise FileNotFoundError(f"measure verb table missing: {_VERBS_CSV}") from exc
    bad = table[(table.verb == "") | (table.category == "")]
    if not bad.empty or table.verb.duplicated().any():
        raise ValueError(f"{_VERBS_CSV}: empty or duplicated verbs in rows {bad.index.tolist()}")
    return table


@functools.lru_cache(maxsize=1)
def _verb_index() -> tuple[list[str], dict[str, str]]:
    table = _measure_verbs()
    cats = dict(zip(table.verb, table.category))
    return sorted(cats, key=len, reverse=True), cats


_OPENERS, _CLOSERS_Q = "“「『‘", "”」』’"


def _clean_object(obj: str) -> str | None:
    """The object after a verb: a closing mark of a quoted verb (及时“交”) dropped, None if empty."""
    obj = obj.strip()
    if obj and obj[0] in _CLOSERS_Q + '"':
        obj = obj[1:].strip()
    return obj or None


def _classify_lead(lead: str) -> tuple[str | None, str | None, str, str]:
    """(verb, object, category, pattern) of a measure's leading clause."""
    verbs, cats = _verb_index()
    clause = _CLAUSE_END.split(_LEAD_MARKER.sub("", lead), 1)[0].strip()
    if not clause:
        return None, None, "other", "none"
    rest = clause
    for adverb in _LEAD_ADVERBS:
        if rest.startswith(adverb) and len(rest) > len(adverb):
            rest = rest[len(adverb) :]
            break
    unquoted = rest.lstrip('“「『‘"')
    for verb in verbs:
        if unquoted.startswith(verb):
            return verb, _clean_object(unquoted[len(verb) :]), cats[verb], "verb"
    if _BA.match(rest):  # 把班子配强: 把 + object + verb (a listed verb, else the final resultative)
        body = rest[1:]
        for i in range(1, len(body)):
            for verb in verbs:
                if len(verb) > 1 and body.startswith(verb, i):
                    return verb, body[:i], cats[verb], "ba"
        if len(body) >= 3:
            verb = body[-2:]
            return verb, body[:-2], cats.get(verb, "other"), "ba"
    # a listed verb after a prepositional frame (按照…标准配备…) or after an adverb (党组具体推动落实)
    for i in range(1, len(rest)):
        for verb in verbs:
            if (
                len(verb) > 1
                and rest.startswith(verb, i)
                and (rest.startswith(_LEAD_PREPS) or rest[:i].endswith(_LEAD_ADVERBS))
            ):
                return verb, _clean_object(rest[i + len(verb) :]), cats[verb], "inner"
    return None, None, "other", "none"


def classify_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """Classify enumerated measures (一是…二是…) by their leading verb.

    The leading clause of each measure (its ``title`` when the frame has one, else its text up to
    the first 。；，：) is matched, after an ordinal marker (一是, （一）, 1.) and one adverb (及时,
    大力, 进一步…) are removed, against the verb table :func:`measure_verbs` (data in
    ``lib/cppcc/data/measure_verbs.csv``), longest verb first:

    * ``verb``: the clause starts with a listed verb (设立协商议事会议 -> 设立 / 协商议事会议);
    * ``ba``: a 把/将 construction, object before the verb (把班子配强 -> 配强 / 班子);
    * ``inner``: a listed verb of two or more characters later in the clause, after a prepositional
      frame (按照…标准配备…编制) or an adverb (省政协党组具体推动落实);
    * ``none``: no listed verb (在疫情防控中为国分忧): category ``"other"``.

    Parameters
    ----------
    measures : DataFrame
        The frame of :func:`cppcc.measures`: ``doc_id``, ``section``, ``ordinal`` and ``text``.

    Returns
    -------
    DataFrame
        ``doc_id``, ``section``, ``ordinal``, ``verb`` (None when not found), ``object`` (the rest
        of the clause, or None), ``category`` and ``pattern`` (verb/ba/inner/none); one row per
        measure, in input order.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "a"], "section": [1, 1], "ordinal": [1, 2],
    ...                   "text": ["设立协商议事会议。依托……", "把班子配强。市级政协……"]})
    >>> classify_measures(m)[["verb", "object", "category"]].values.tolist()
    [['设立', '协商议事会议', 'platform'], ['配强', '班子', 'staffing']]
    """
    require_columns(measures, ["doc_id", "section", "ordinal", "text"], "classify_measures", "measures")
    leads = measures["title"] if "title" in measures.columns else measures["text"]
    rows = []
    for doc_id, section, ordinal, text, lead in zip(
        measures["doc_id"], measures["section"], measures["ordinal"], measures["text"], leads
    ):
        if is_missing(lead) or not str(lead).strip():
            lead = "" if is_missing(text) else text
        verb, obj, category, pattern = _classify_lead(normalize_text(str(lead)))
        rows.append(
            {
                "doc_id": doc_id,
                "section": section,
                "ordinal": ordinal,
                "verb": verb,
                "object": obj,
                "category": category,
                "pattern": pattern,
            }
        )
    out = pd.DataFrame(
        rows, columns=["doc_id", "section", "ordinal", "verb", "object", "category", "pattern"]
    )
    for col in ("verb", "object", "category", "pattern"):
        out[col] = out[col].astype(object)
    for col in ("doc_id", "section", "ordinal"):
        try:
            out[col] = out[col].astype(measures[col].dtype)
        except (TypeError, ValueError):
            pass  # keep what pandas inferred
    return out
