"""Numbered political formulas (两个薄弱, 三个重要, 双反馈一验证), quoted or not."""

from __future__ import annotations

import functools
import re

import pandas as pd

from ..common import check_option, require_columns, stamp
from ..text.segmenter import jieba_tokenizer
from .fields import _alt, _frame, _iter_fields, _sentence
from .numerals import _CN_DIGITS, _CN_NUM, _first_number
from .quotes import QUOTE_MARKS, _scan_quotes, _term

__all__ = ["numbered_formulas", "KNOWN_FORMULAS", "FORMULA_HEADS", "COUNTED_CORES"]

#: where rule 2 of :func:`numbered_formulas` (and the masking of :func:`numeric_claims`) learns formulas
_CONTEXTS = ("document", "corpus")


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
    check_option(context, _CONTEXTS, "context", "numbered_formulas")
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
    out = _frame(
        rows,
        ["doc_id", "formula", "number", "quoted", "sentence", "field", "position", "rule"],
        {"number": "float64", "quoted": "bool", "position": "int64"},
        like=speeches,
    )
    return stamp(out, "numbered_formulas", by="doc_id", context=context)


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



def _formulas_in_context(fields: list[tuple[object, str, str]], context: str, func: str):
    """:func:`_all_formulas` of each document alone (``"document"``) or of all together (``"corpus"``)."""
    check_option(context, _CONTEXTS, "context", func)
    if context == "corpus":
        yield from _all_formulas(fields)
        return
    by_doc: dict[object, list[tuple[object, str, str]]] = {}
    for item in fields:
        by_doc.setdefault(item[0], []).append(item)
    for doc_fields in by_doc.values():
        yield from _all_formulas(doc_fields)


