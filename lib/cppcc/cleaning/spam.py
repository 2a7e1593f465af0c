"""Spam: injected gambling, porn and SEO phrases (word lists in ``cppcc/data/cleaning/``), and a
content farm's source suffix repeated on every line (文章源自…-https://…)."""
from __future__ import annotations

import re
from functools import cache
from collections.abc import Sequence
from importlib import resources

from ..normalize import is_cjk
from .base import simple as _simple

__all__ = ["no_spam_phrases", "spam_words", "spam_reason", "repeated_suffix"]

@cache
def _word_list(name: str) -> tuple[str, ...]:
    text = resources.files("cppcc").joinpath("data", "cleaning", f"{name}.txt").read_text(encoding="utf-8")
    words = (ln.split("#", 1)[0].strip().lower() for ln in text.splitlines())
    return tuple(sorted({w for w in words if w}, key=lambda w: (-len(w), w)))


def spam_words(kind: str) -> list[str]:
    """One of the spam word lists: ``"phrases"``, ``"hints"`` or ``"glue"`` (longest first).

    Examples
    --------
    >>> "百家乐" in spam_words("phrases"), "精品" in spam_words("hints"), "在线" in spam_words("glue")
    (True, True, True)
    """
    if kind not in ("phrases", "hints", "glue"):
        raise ValueError(f"spam_words: kind must be 'phrases', 'hints' or 'glue', not {kind!r}")
    return list(_word_list(f"spam_{kind}"))


def _word_pattern(words: tuple[str, ...]) -> re.Pattern:
    alts = [rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w) for w in words]
    return re.compile("|".join(alts), re.I)


@cache
def _spam_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    return tuple(_word_pattern(_word_list(f"spam_{k}")) for k in ("phrases", "hints", "glue"))


@cache
def _spam_guards() -> tuple[tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None], ...]:
    """For each word list, what :func:`_found` needs to say whether its pattern matches, fast.

    The pattern of a list (:func:`_spam_patterns`) is one alternation under ``re.I``, some of it behind a
    look-behind: the regex engine then tries every word at every position of a text. Its words that
    begin with an uncased character (Chinese) form a second alternation whose first characters the engine
    skips to; the other words (Latin) keep their own pattern, tried only when a text holds one of their
    first characters (a character class under ``re.I``, which folds case as the words do)."""
    out = []
    for k in ("phrases", "hints", "glue"):
        words = _word_list(f"spam_{k}")
        plain = tuple(w for w in words if not w.isascii() and w[0].lower() == w[0].upper())
        rest = tuple(w for w in words if w not in plain)
        out.append((re.compile("|".join(map(re.escape, plain)), re.I) if plain else None,
                    re.compile("[" + "".join(sorted({re.escape(w[0]) for w in rest})) + "]", re.I) if rest
                    else None,
                    _word_pattern(rest) if rest else None))
    return tuple(out)


@cache
def _either_guard() -> tuple[re.Pattern, re.Pattern | None]:
    """The Chinese words of the phrases and the hints in one alternation, and the Latin ones' first
    characters: :func:`_found_either` looks for both lists in one pass over a text (most hold neither)."""
    (p0, f0, _), (p1, f1, _) = _spam_guards()[:2]
    plain = re.compile("|".join(p.pattern for p in (p0, p1) if p is not None), re.I)
    firsts = "".join(f.pattern[1:-1] for f in (f0, f1) if f is not None)
    return plain, re.compile(f"[{firsts}]", re.I) if firsts else None


def _found_either(text: str) -> bool:
    """``_found(0, text) or _found(1, text)`` (a phrase or a hint), in one pass when neither occurs."""
    plain, first = _either_guard()
    if plain.search(text):
        return True
    if first is None or not first.search(text):
        return False
    return _found(0, text) or _found(1, text)


def _found(kind: int, text: str) -> bool:
    """``_spam_patterns()[kind].search(text) is not None``, without trying every word at every position."""
    plain, first, rest = _spam_guards()[kind]
    return bool((plain is not None and plain.search(text))
                or (first is not None and first.search(text) and rest.search(text)))


_SOURCE_SUFFIX = re.compile(r"\s*(?:[-—–_|]\s*)?(?:文章源自|文章来自|文章来源于|本文来自|本文来源于|"
                            r"来源于|转载自|原文链接|本文链接|"
                            r"文章链接|原文地址)[^。！？]{0,40}?[-—–_:：\s]*https?://\S+\s*$", re.I)
# random Latin tokens a spinner injects between Chinese characters (决策机9L3K，重要平台hK33)
_INJECTED = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*[a-z0-9])[A-Za-z0-9]{4}"
                       r"(?=[\u4e00-\u9fff，。、])")
_LATIN = re.compile(r"[A-Za-z]")
# a forum's anti-copy jammer: random one- or two-character ASCII tokens at a line's start, the last one
# glued to the text (" g5 d8 b5 l' |' n5 P# `: K* … q4月20日"): five different tokens or more, two with
# punctuation
_JAMMER = re.compile(r"^\s*(?P<run>(?:[!-~]{1,2}[ \t]+){4,}"
                     r"(?:[!-~]{1,2}$|[A-Za-z][!-/:-@\[-`{-~]?(?=[0-9\u4e00-\u9fff])"
                     r"|[!-~]{1,2}(?=!?\[\]\(\)))?)")
_JAMMER_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_SEGMENT = re.compile(r"[^,，、。；;：:|｜_\s\-—–【】\[\]()（）《》<>!！?？]+")
_SEPARATORS = ",，、。；;：:|｜_-—–/ \t"


def _spam_spans(seg: str) -> list[tuple[int, int]]:
    """Spans of spam words and glue in a segment if it is spam, else []."""
    phrases, hints, glue = _spam_patterns()
    strong = [m.span() for m in phrases.finditer(seg)]
    weak = [m.span() for m in hints.finditer(seg)]
    if not strong and len(weak) < 3:
        return []
    spans = strong + weak + [m.span() for m in glue.finditer(seg)]
    covered = [False] * len(seg)
    for a, b in spans:
        covered[a:b] = [True] * (b - a)
    rest = "".join(ch for ch, c in zip(seg, covered) if not c)
    if sum(map(is_cjk, rest)) < 4:  # what is left is no real text: the whole segment goes
        return [(0, len(seg))]
    return spans


def no_spam_phrases(lines: Sequence[str]) -> bool:
    """True when no line holds a spam phrase or three spam hints: :func:`spam_reason` then changes only
    lines with a Latin letter (injected tokens, a source suffix), and a page's other lines need no call.

    Examples
    --------
    >>> no_spam_phrases(["委员们积极建言。", "政协9L3K不是权力机关"])
    True
    >>> no_spam_phrases(["市政協召開常委會議", "澳門新葡京娛樂城官網"])
    False
    """
    return _no_spam_in("\n".join(_simple(line) for line in lines))  # as spam_reason reads each line


def _no_spam_in(simple: str) -> bool:
    """:func:`no_spam_phrases` of lines already joined in their Simplified form (as :func:`_simple` gives)."""
    if not _found_either(simple):  # the common case: neither a phrase nor a hint
        return True
    if _found(0, simple):
        return False
    return not _found(1, simple) or len(_spam_patterns()[1].findall(simple)) < 3


def spam_reason(line: str) -> tuple[str, list[str]]:
    """Remove injected gambling, porn and SEO phrases from a line, keeping its real text; also a content
    farm's source suffix at the end of a line (文章源自<site>-https://…, 原文链接：https://…) and the random
    four-character Latin tokens a spinner injects between Chinese characters (two or more in a line).

    The line is cut into segments at punctuation, separators (``_``, ``|``, ``-``) and brackets. A
    segment is spam if it holds a phrase of ``spam_phrases.txt`` or three words of ``spam_hints.txt``;
    in a spam segment those words and the filler of ``spam_glue.txt`` are removed, and the whole
    segment goes if fewer than four Chinese characters remain. A line that is all spam comes back
    as ``""`` (removed whole); separators left dangling are tidied.

    Returns
    -------
    tuple of (str, list of str)
        The cleaned line (unchanged when there is no spam) and the removed phrases, in order.

    Examples
    --------
    >>> spam_reason("美女粉嫩极品国产在线2020,亚洲国产中文欧美国产综合在线,一本一道中文字幕无码东京热")
    ('', ['美女粉嫩极品国产在线2020', '亚洲国产中文欧美国产综合在线', '一本一道中文字幕无码东京热'])
    >>> spam_reason("市政協召開常委會議_澳門新葡京娛樂城官網_百家樂")
    ('市政協召開常委會議', ['澳門新葡京娛樂城官網', '百家樂'])
    >>> spam_reason("打造精品工程，推动国产化，亚洲与欧美国家")
    ('打造精品工程，推动国产化，亚洲与欧美国家', [])
    >>> spam_reason("委员们积极建言。文章源自某某范文网-https://www.example.com/12.html")
    ('委员们积极建言。', ['文章源自某某范文网-https://www.example.com/12.html'])
    >>> spam_reason("5 `6 a8 D- W- {% K; h9 _$ q+ q4月20日，县政协会议开幕。")
    ('4月20日，县政协会议开幕。', ['jammer: 5 `6 a8 D- W- {% K; h9 _$ q+ q'])
    >>> spam_reason("政协不是权力机关，而是重要平9L3K台，发挥作用不是靠强制qGjT约束力。")
    ('政协不是权力机关，而是重要平台，发挥作用不是靠强制约束力。', ['9L3K', 'qGjT'])
    """
    jam = _JAMMER.match(line) if " " in line[:8] else None
    if jam and len([tok for tok in jam.group("run").split() if _JAMMER_PUNCT.search(tok)]) >= 2 \
            and len(set(jam.group("run").split())) >= 5:  # not a rule of dashes (- - - -)
        rest = re.sub(r"^!?\[\]\(\)", "", line[jam.end():])
        rest, found = spam_reason(rest) if sum(map(is_cjk, rest)) else ("", [])
        return rest, ["jammer: " + jam.group("run").strip()] + found
    injected = _INJECTED.findall(line) if _LATIN.search(line) else ()
    if len(injected) >= 2:  # one token may be a word; two or more in a line are a spinner's
        rest, found = spam_reason(_INJECTED.sub("", line))
        return rest, injected + found
    if "http" in line:
        m = _SOURCE_SUFFIX.search(line)
        if m:
            rest, found = spam_reason(line[:m.start()])
            return rest, found + [m.group(0).strip(" -—–_|")]
    simple = _simple(line)
    hints = _spam_patterns()[1]
    if not _found_either(simple) or (not _found(0, simple)
                                     and (not _found(1, simple) or len(hints.findall(simple)) < 3)):
        return line, []  # the common case: no segment can be spam
    drop = [False] * len(line)
    for m in _SEGMENT.finditer(simple):
        for a, b in _spam_spans(m.group(0)):
            drop[m.start() + a:m.start() + b] = [True] * (b - a)
    if not any(drop):
        return line, []
    removed, run, kept = [], [], []
    for i, ch in enumerate(line):
        if drop[i] or (run and ch in _SEPARATORS and i + 1 < len(line) and drop[i + 1]):
            run.append(ch)
            continue
        if run:
            removed.append("".join(run))
            run = []
        kept.append(ch)
    if run:
        removed.append("".join(run))
    out = re.sub(r"[【\[(（《<]\s*[】\])）》>]", "", "".join(kept))  # brackets emptied by the removal
    out = re.sub(r"([_|｜\-—–/,，、])\s*(?:[_|｜\-—–/,，、]\s*)+", r"\1", out)
    out = out.strip(_SEPARATORS + "　")
    out = out if sum(map(is_cjk, out)) else ""
    pieces = (p for r in removed for p in re.split(f"[{re.escape(_SEPARATORS)}]+", r))
    return out, [p for p in pieces if p]


def repeated_suffix(lines: list[str], least: int = 3) -> str | None:
    """A mark a site glues to the end of every paragraph (a site name with a code: ``R8c某某新闻网``):
    the longest ending of 4–20 characters, holding a Latin letter or a digit, shared by ``least`` lines
    or more and by at least half of the page's lines of ten characters or more; None if there is none.

    Examples
    --------
    >>> repeated_suffix(["委员们积极建言献策。K9x某某网", "会议听取了报告，审议了决议。K9x某某网",
    ...                  "K9x某某网", "大会选举产生了新一届常务委员会。K9x某某网"])
    'K9x某某网'
    >>> repeated_suffix(["委员们积极建言献策。", "会议听取了报告。"]) is None
    True
    """
    long = [s.rstrip() for s in lines if len(s.strip()) >= 10]
    if len(long) < least:
        return None
    best = None
    for n in range(4, 21):
        ends = {}
        for s in long:
            if len(s) > n:
                ends[s[-n:]] = ends.get(s[-n:], 0) + 1
        if not ends:
            break
        end, count = max(ends.items(), key=lambda kv: kv[1])
        if count < least or 2 * count < len(long):
            break  # a longer ending is shared by no more lines than a shorter one: none can qualify
        if re.search(r"[A-Za-z0-9]", end) \
                and not re.match(r"[\s。，！？”）)]", end):
            best = end
        elif best is not None:
            break
    return best
