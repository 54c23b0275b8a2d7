"""The honesty checks, for an answer from any writer. They read the answer's `[n]` markers and
compare each line with the lines its markers cite:

- every number (phone, amount, multiple, percentage, time limit) stands, as a whole number, in
  the cited lines (3 is not in 3000);
- every department or unit the line names stands in a cited line (bureau names from the
  manifest excepted: they say whose list it is);
- every marker points at a citation;
- no phone that the cited lines do not hold.

A line without a marker is checked against all of the answer's citations. Answer-level checks
(does the answer contain what the question is about; does it name the departments the question
names) are here too, so a writer can be judged by one module.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.answer.query import Vocabulary
from assistant.answer.scope import content_words, weight, without_names
from assistant.answer.types import Answer
from assistant.corpus.records import BoundaryMatter
from assistant.policy import ChecksPolicy, ScopePolicy
from assistant.search.lexical import BM25, segmenter
from assistant.text import CJK, CJK_CLASS, fold_space, nfkc

log = logging.getLogger(__name__)

MARKER = re.compile(r"\[(\d{1,3})\]")
_ARABIC = re.compile(r"\d+(?:[.\-]\d+)*")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE = re.compile(rf"[{_CN_DIGITS}]*[十百千万亿][{_CN_DIGITS}]*(?=元|倍|日|天|年|个月|个工作日|家|次|人|%)")
_PHONE = re.compile(r"(?<![\d.])\d[\d\-]{3,}\d(?![\d])")

# `cited_text(source, start_line, end_line)` returns the cited lines of a list file
CitedText = Callable[[str, int, int], str]


@dataclass
class Problem:
    line: int  # 0-based line of the answer body
    check: str  # number | unit | marker | phone
    detail: str

    def __str__(self) -> str:
        return f"line {self.line + 1}: {self.check} {self.detail!r} not in its cited lines"


def numbers_in(text: str) -> list[str]:
    text = nfkc(text)
    return _ARABIC.findall(text) + [m for m in _CHINESE.findall(text) if m]


def unsupported_numbers(line: str, cited_text: str) -> list[str]:
    """Numbers of `line` that do not stand in `cited_text` as whole numbers (3 is not in 3000)."""
    # white space stays as a boundary: two numbers on consecutive lines do not run together
    haystack = re.sub(r"\s+", " ", nfkc(cited_text))
    out = []
    for n in numbers_in(line):
        digits = n[0].isdigit()
        before, after = (r"(?<![\d.])", r"(?![\d])") if digits else (rf"(?<![{_CN_DIGITS}])", rf"(?![{_CN_DIGITS}])")
        if not re.search(before + re.escape(fold_space(n)) + after, haystack):
            out.append(n)
    return out


def markers(line: str) -> list[int]:
    return [int(n) for n in MARKER.findall(line)]


def strip_markers(line: str) -> str:
    return MARKER.sub("", line)


def units_in(text: str, policy: ChecksPolicy) -> list[str]:
    """Names of particular departments and units in a text, as the segmenter (with the domain
    words) cuts them."""
    words: list[str] = []
    for w in segmenter().lcut(text):
        if w in policy.unit_endings and words and CJK.match(words[-1]):
            words[-1] += w  # the segmenter cuts 计量股 as 计量 / 股
        else:
            words.append(w)
    # a bare ending (科室, 中心) or a generic prefix (各局, 该局) names no particular unit
    return [w for w in words if CJK.match(w) and not w.startswith(policy.generic_unit_prefixes)
            and any(w.endswith(e) and len(w) > len(e) for e in policy.unit_endings)]


def _unit_supported(unit: str, cited: str, allowed: tuple[str, ...]) -> bool:
    if unit in cited or any(unit in a or a in unit for a in allowed):
        return True
    # "县工商局" / "工商局" / "市工商局": the unit without its level prefix
    bare = re.sub(r"^[省市县区]", "", unit)
    return len(bare) >= 2 and bare in cited


def line_problems(answer: Answer, cited_text: CitedText, policy: ChecksPolicy,
                  allowed_names: tuple[str, ...] = ()) -> list[Problem]:
    """Every line whose numbers, units, markers or phones are not backed by its cited lines."""
    problems: list[Problem] = []
    n_cites = len(answer.citations)
    # a phone must stand somewhere in the cited lines, whichever marker its line carries
    all_cited = fold_space(nfkc("\n".join(cited_text(c.source, c.start_line, c.end_line) for c in answer.citations)))
    for i, line in enumerate(answer.body.split("\n")):
        cited_numbers = markers(line)
        bad = [n for n in cited_numbers if not 1 <= n <= n_cites]
        problems += [Problem(i, "marker", f"[{n}]") for n in bad]
        plain = strip_markers(line)
        if not plain.strip():
            continue
        use = [n for n in cited_numbers if n not in bad] or range(1, n_cites + 1)
        cited = "\n".join(cited_text(c.source, c.start_line, c.end_line) for c in (answer.citations[n - 1] for n in use))
        problems += [Problem(i, "number", n) for n in unsupported_numbers(plain, cited)]
        squashed = fold_space(nfkc(cited))
        problems += [Problem(i, "unit", u) for u in units_in(plain, policy) if not _unit_supported(u, squashed, allowed_names)]
        problems += [Problem(i, "phone", p) for p in _PHONE.findall(nfkc(plain)) if fold_space(p) not in all_cited]
    return problems


def drop_unsupported_lines(answer: Answer, cited_text: CitedText, policy: ChecksPolicy,
                           allowed_names: tuple[str, ...] = ()) -> Answer:
    """The answer without the lines that fail a check (what the template writer does with a
    line it cannot back); each dropped line is logged."""
    problems = line_problems(answer, cited_text, policy, allowed_names)
    if not problems:
        return answer
    bad = {p.line for p in problems}
    for p in problems:
        log.warning("answer check: dropped %s", p)
    answer.body = "\n".join(line for i, line in enumerate(answer.body.split("\n")) if i not in bad)
    return answer


def holds_phone(line: str) -> bool:
    """Whether a line of an answer gives a phone number (its citation markers aside)."""
    return bool(_PHONE.search(nfkc(strip_markers(line))))


def has_phone(answer: Answer) -> bool:
    """Does any line of the answer give a phone number?"""
    return any(holds_phone(line) for line in answer.body.split("\n"))


def support(text: str, answer_body: str, bm25: BM25, vocab: Vocabulary, policy: ScopePolicy,
            names: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> float:
    """IDF-weighted share of the question's content words that the composed answer contains,
    directly or through one of the vocabulary's official terms for it. Words in `ignore` (what
    the question asks for, such as 电话) do not count."""
    words = [w for w in content_words(text, policy, names) if not any(i in w for i in ignore)]
    # a subject named in a form no word of it shows ("3·15" for 3、15) counts as its official term
    words += [t for t in named_topics(text, vocab) if not any(t in w or w in t for w in words)]
    if not words:
        return 1.0
    body = answer_body.lower()
    # the words of a phrasing the vocabulary gives official terms for ("挡在门外" → 拒绝接受), when the answer holds one
    phrased = phrasings_held(text, body, vocab)

    def found(w: str) -> bool:
        if any(w in span for span in phrased):
            return True
        if w in body:
            return True
        if len(w) >= 4 and all(w[i:i + 2] in body for i in range(0, len(w) - 1, 2)):
            return True  # a compound written with a word inside it: 责令改正 in "责令限期改正"
        return any(t in body for c, terms in vocab.expand.items() if w in c or c in w for t in terms)

    total = sum(weight(bm25, w, policy) for w in words)
    return sum(weight(bm25, w, policy) for w in words if found(w)) / total


def unmentioned(text: str, list_text: str, vocab: Vocabulary, asks_wording: bool = False) -> list[str]:
    """The subjects the question names (the vocabulary's topics: 直销, 化妆品, 气瓶 …) that the named
    list never names, anywhere in its text: that list says nothing on them, whatever else its
    lines share with the question. A word the vocabulary gives one official term for (烟花 → 烟花爆竹)
    names that term; one it gives several related terms for (缺斤短两 → 计量, 商品量, 定量包装商品) does not.
    So is an article of a law ("第二十条") the list never quotes: it holds no text of that article."""
    return [w for w in named_topics(text, vocab) if w not in list_text] + unquoted_articles(text, [list_text], asks_wording)


def unquoted_articles(text: str, list_texts: Iterable[str], asks_wording: bool = False) -> list[str]:
    """The articles of a law the question names ("第八十四条") that none of `list_texts` quotes:
    those lists hold no text of them. The lists are read only when the question names an article.
    When the question asks for an article's wording ("原文是什么"), one the lists only refer to
    ("按照…第四十九条、第五十条规定处理") is unquoted too: its number is there, its text is not."""
    articles = list(dict.fromkeys(_ARTICLE.findall(text)))
    if not articles:
        return []
    flats = ["".join(t.split()) for t in list_texts]
    if asks_wording:
        return [a for a in articles if not any(_quoted(a, f) for f in flats)]
    return [a for a in articles if not any(a in f for f in flats)]


_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
# what follows an article's number where a list refers to it and quotes nothing ("第四十九条、第五十条规定处理",
# "第十条的规定", "第五条（一）项", "第三条至第五条"); anything else (a colon, the article's first words) is its text
_REFERENCE_AFTER = re.compile(r"[、，,；;。.（(）)》〉第和及与或至等之的]|规定(?![：:])|$")


def _quoted(article: str, flat: str) -> bool:
    """The list, whitespace removed, has the article's text after its number somewhere."""
    return any(not _REFERENCE_AFTER.match(flat, m.end()) for m in re.finditer(re.escape(article), flat))


def named_topics(text: str, vocab: Vocabulary) -> list[str]:
    """The vocabulary's topics a question names, in the lists' words or in a word the vocabulary
    gives that one term for ("3·15" → 3、15, 烟花 → 烟花爆竹)."""
    named = " ".join([text, *(terms[0] for word, terms in vocab.expand.items() if len(terms) == 1 and word in text),
                      *(terms[0] for pattern, terms in vocab.patterns if len(terms) == 1 and pattern.search(text))])
    return [w for w in vocab.topics if w in named and not _only_inside_other(w, text, vocab)]


def _only_inside_other(topic: str, text: str, vocab: Vocabulary) -> bool:
    """The topic stands in the text only inside a longer word the vocabulary reads as another thing first:
    "农药残留" is a matter of 食用农产品, whose residues a list may speak of without naming 农药 itself."""
    if topic not in text:
        return False
    for word, terms in vocab.expand.items():
        if topic in word and word != topic and word in text and terms[:1] != (topic,):
            text = text.replace(word, " ")
    return topic not in text


def phrasings_held(text: str, held: str, vocab: Vocabulary) -> list[str]:
    """The spans of the text in a phrasing the vocabulary gives official terms for ("挡在门外" → 拒绝接受), where
    `held` holds one of those terms."""
    return [m.group(0) for pattern, terms in vocab.patterns if any(t in held for t in terms)
            for m in pattern.finditer(text)]


def off_subject(text: str, regime_text: str, vocab: Vocabulary) -> list[str]:
    """The things the question asks about (the vocabulary's subjects: 电梯, 气瓶 …) that the regime
    answering it never names, neither in the word asked nor in its official terms (电梯 → 特种设备):
    "小区电梯多久检验一次" is not answered by a regime on 检验机构 that shares 检验 and 一次."""
    flat = "".join(regime_text.split())
    named = [w for w in (*vocab.subjects, *vocab.topics) if w in text]
    named = [w for w in named if not any(w != o and w in o for o in named)]  # 计量器具 inside 强制检定计量器具
    # a subject inside a phrasing the vocabulary gives official terms for, which the regime holds, is that
    # phrasing's ("冒牌的名牌运动鞋" is a counterfeit, 假冒 of a 商标, not the 名牌 programme)
    phrased = phrasings_held(text, flat, vocab)
    return [w for w in dict.fromkeys(named) if not any(f in flat for f in (w, *vocab.expand.get(w, ())))
            and not any(w in phrase for phrase in phrased)]


_DEPARTMENT = re.compile(f"^[{CJK_CLASS}]{{1,8}}(?:局|委员会|委|厅)$")
_NAMES_BODY = re.compile(f"[{CJK_CLASS}]*(?:局|部门|委|厅|机关|单位)$")


def unassigned(text: str, matter: BoundaryMatter, like: list[BoundaryMatter], bm25: BM25, vocab: Vocabulary,
               frame: frozenset[str], min_rarity: float, term_rarity: float) -> list[str]:
    """The rare words of the question (毒性鉴定, 燃放) that the matter's duties never name, in the word or
    in the vocabulary's terms for it, while another list's like matter gives them to a department: this
    list does not say who does that ("定安危险化学品的毒性鉴定归哪个部门" — 常德's 卫计委 does it, 定安's
    table names only 质监 and 安监)."""
    own = "".join(f"{matter.matter}{''.join(e.duty for e in matter.entries)}".split())
    others = ["".join("".join(e.duty for e in m.entries).split()) for m in like]
    out: list[str] = []

    def rare_terms(word: str) -> list[str]:
        # a word no list uses stands for the lists' rare term for it ("快递" → 寄递), which another list may name
        if bm25.df(word):
            return []
        return [t for t in vocab.expand.get(word, ()) if bm25.df(t) and bm25.rarity(t) >= term_rarity]

    joined = False  # the word before was one too: "毒性" "鉴定" are said as 毒性鉴定
    for word in segmenter().lcut(text):
        lacking = not (len(word) < 2 or word in frame or word in own or _NAMES_BODY.match(word)
                       or bm25.rarity(word) < min_rarity or any(t in own for t in vocab.expand.get(word, ()))
                       or not any(t in duties for t in (word, *rare_terms(word)) for duties in others))
        if lacking and joined:
            out[-1] += word
        elif lacking and word not in out:
            out.append(word)
        else:
            lacking = False  # a word said twice joins nothing after it
        joined = lacking
    return out


def missing_departments(text: str, answer_body: str, policy: ScopePolicy, names: tuple[str, ...] = (),
                        merged: tuple[str, ...] = ()) -> list[str]:
    """Departments the question names (公安局, 教育局, 工商局 …) that the answer never mentions:
    the answer then speaks of something else, whatever its words share with the question. The
    `merged` units (工商, 质监 for a list written after the 2018 merger) are the bureau itself."""
    missing = []
    for word in segmenter().lcut(without_names(text, names)):
        if not _DEPARTMENT.match(word):
            continue
        # "落在局下属哪个单位": a verb or preposition cut with 局 names the bureau itself, no department
        dept = re.sub(r"^(?:[市县区省]|[落放设]?[在到去回进给向找归由])", "", word)
        if len(dept) < 2 or any(dept.endswith(o) or o.endswith(dept) for o in policy.own_departments):
            continue
        if any(dept.startswith(m) for m in merged):
            continue
        if dept not in answer_body:
            missing.append(dept)
    return missing
