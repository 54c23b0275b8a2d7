"""Query understanding: which bureau a question is about, which place it names that no list
covers, what it asks for, and the lists' own words for its colloquial ones.

The vocabulary and the intent words live in prompts/vocabulary.toml (editable text).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.answer.phones import asks_who_runs_hotline
from assistant.corpus.manifest import Bureau
from assistant.corpus.places import Match, place_tree
from assistant.policy import QueryPolicy
from assistant.text import CJK, CJK_CLASS, normalize, simplified

INTENTS = ("contact", "penalty", "duty", "routing", "regime")  # tried in this order
_PROVINCE_SUFFIX = re.compile(r"(省|市|县|区)$")
_AGENCY = "市场监|质监|质量技术监督|工商局|市监局"  # words that name a place's bureau
_AGENCY_AFTER = re.compile(f"(?:省|市|县|区)?(?:{_AGENCY})")
_AGENCY_PLACE = re.compile(f"([\u4e00-\u9fff]{{2,3}}?)(?:省|市|县|区)?(?={_AGENCY})")


@dataclass(frozen=True)
class Vocabulary:
    domain_words: tuple[str, ...]
    expand: dict[str, tuple[str, ...]]
    intent_words: dict[str, tuple[str, ...]]
    unanswerable_requests: tuple[str, ...] = ()  # opinions, statistics, requests to write something
    not_intent: tuple[str, ...] = ()  # names holding an intent word (市场监督管理局 holds 监督) that ask for nothing
    regime_first: tuple[str, ...] = ()  # a time limit asked for: a regime question even when it names 举报 or a unit
    topics: tuple[str, ...] = ()  # subjects a list covers or not (直销, 化妆品): a list never naming one says nothing on it
    subjects: tuple[str, ...] = ()  # things asked about (电梯, 加油机): a follow-up naming a new one changes the topic
    steps: tuple[str, ...] = ()  # steps of handling a case (责令改正): a follow-up naming one changes the topic too
    patterns: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = ()  # phrasings (没有…许可证) → official terms
    choices: tuple[re.Pattern, ...] = ()  # a choice between two departments (质监罚还是公安罚): a routing question
    unanswerable_patterns: tuple[re.Pattern, ...] = ()  # phrasings of what no list holds (哪个局执法最好)
    spelling: dict[str, str] = field(default_factory=dict)  # words typed for others that sound alike (电化 → 电话)
    routing_first: tuple[str, ...] = ()  # whom a case is handed to: a routing question even when it names 吊销
    handling: tuple[str, ...] = ()  # "怎么处理": a sanction or a procedure's next step; a regime's when no clause fines it
    fine_amounts: tuple[re.Pattern, ...] = ()  # a fine named by its amount ("罚三千以下"): a penalty question


@lru_cache(maxsize=4)
def load_vocabulary(path: Path) -> Vocabulary:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the query vocabulary: {exc}") from exc
    expand_words = [k for k in data.get("expand", {}) if len(k) > 1 and re.fullmatch(f"[{CJK_CLASS}]+", k)]
    return Vocabulary(
        # the colloquial words are words too: "那台塔吊装得歪" is cut 塔吊/装, not 塔/吊装
        tuple(dict.fromkeys([*data.get("domain_words", ()), *expand_words])),
        {k: tuple(v) for k, v in data.get("expand", {}).items()},
        {k: tuple(data.get("intent", {}).get(k, ())) for k in INTENTS},
        # questions are matched as the lists write them ("要不要" → "是否要"): so are these words
        tuple(dict.fromkeys(as_listed(w) for w in data.get("scope", {}).get("unanswerable_requests", ()))),
        tuple(sorted(data.get("intent", {}).get("not_intent", ()), key=len, reverse=True)),
        tuple(data.get("intent", {}).get("regime_first", ())),
        tuple(data.get("topics", ())),
        tuple(data.get("subjects", ())),
        tuple(data.get("steps", ())),
        tuple((_compiled(p, path, "expand_patterns"), tuple(terms)) for p, terms in data.get("expand_patterns", {}).items()),
        tuple(_compiled(p, path, "intent.routing_choices") for p in data.get("intent", {}).get("routing_choices", ())),
        tuple(_compiled(p, path, "scope.unanswerable_patterns") for p in data.get("scope", {}).get("unanswerable_patterns", ())),
        {str(k): str(v) for k, v in data.get("spelling", {}).items()},
        routing_first=tuple(data.get("intent", {}).get("routing_first", ())),
        handling=tuple(data.get("intent", {}).get("handling", ())),
        fine_amounts=tuple(_compiled(p, path, "intent.penalty_patterns") for p in data.get("intent", {}).get("penalty_patterns", ())),
    )


def respelled(text: str, vocab: Vocabulary) -> str:
    """The question with the words typed for others that sound alike (电化 for 电话, 电子称 for 电子秤) as meant."""
    for wrong, right in vocab.spelling.items():
        text = text.replace(wrong, right)
    return text


def as_read(text: str, vocab: Vocabulary) -> str:
    """The text every later stage analyses (and the reach model is trained on): normalised,
    in simplified characters, with mistyped look-alike words as meant, and a space typed between two
    Chinese characters read as the comma it stands for ("商场买的皮鞋穿几天就掉底 商场不给退 找质监有用没")."""
    return _SPACED.sub(",", respelled(simplified(normalize(text)), vocab))


_SPACED = re.compile(f"(?<=[{CJK_CLASS}]) (?=[{CJK_CLASS}])")


def _compiled(pattern: str, path: Path, key: str) -> re.Pattern:
    """A regular expression of the vocabulary file; a ValueError naming the file and key when it is none."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{path}: {key}: {pattern!r} is no regular expression: {exc}") from exc


def asking_clause(part: str, question_words: tuple[str, ...]) -> str:
    """The clause of a question that holds its question word ("质监部门多少天内要组织复查" of
    "…提了复查申请，质监部门多少天内要组织复查"): the fact asked for is there. "" when the part
    is one clause, or none holds a question word."""
    # a space or a full stop parts clauses as a comma does; questions asked one after another stay together
    units = [c for c in re.split(r"[，,。；;！!\s]", part) if c.strip()]
    if len(units) < 2:
        return ""
    return next((c for c in reversed(units) if any(word in c for word in question_words)), "")


@dataclass
class Query:
    text: str  # the question as asked (normalised)
    search_text: str  # with official terms appended
    bureaus: list[str] = field(default_factory=list)  # file names the question is limited to
    unknown_places: list[str] = field(default_factory=list)  # places named that no list covers
    intent: str = ""  # contact | penalty | routing | regime | duty | "" (unknown)
    focus: str = ""  # this turn's own words, expanded (search_text also carries earlier turns)
    words: str = ""  # the words as asked, earlier turns of a follow-up included, not expanded
    # a comparison's earlier rule (the conduct its clause fines, or its answer's first line): of clauses alike,
    # the one worded like it answers
    like: str = ""

    @property
    def focus_text(self) -> str:
        return self.focus or self.search_text


def asks_uncovered_bureau(text: str, match: Match) -> bool:
    """"廊坊市质监局": the text asks about the bureau of a place whose own bureau has no list (its
    lists are those of places below it), not about something there."""
    return (not match.file and not match.place.covered
            and bool(_AGENCY_AFTER.match(text, match.start + len(match.name))))


def place_matches(text: str, bureaus: list[Bureau]) -> list[Match]:
    """The places and bureaus the text names that have lists (see corpus.places)."""
    return [m for m in place_tree(bureaus).match(text) if not asks_uncovered_bureau(text, m)]


def _known_place_words(text: str, bureaus: list[Bureau]) -> frozenset[str]:
    """Every place and bureau name of the lists, except a place whose own bureau the text asks
    about when that bureau has no list."""
    tree = place_tree(bureaus)
    asked = {n for m in tree.match(text) if asks_uncovered_bureau(text, m) for n in m.place.names}
    return tree.known_words - asked if asked else tree.known_words


def find_bureaus(text: str, bureaus: list[Bureau]) -> tuple[list[str], list[str]]:
    """(file names, matched words): the lists under the places the text names (a province, a
    city, a county) or of the bureaus it names."""
    matches = place_matches(text, bureaus)
    return place_tree(bureaus).files_of(matches), [m.name for m in matches]


def find_unknown_places(text: str, bureaus: list[Bureau], policy: QueryPolicy) -> list[str]:
    """Place names (jieba's ns tag, or a word before 市场监管/质监/工商局) that no list covers."""
    import jieba.posseg

    from assistant.search.lexical import add_words

    add_words(())  # jieba initialised quietly
    known = _known_place_words(text, bureaus)
    candidates, pos, tags = [], 0, {}
    for w, flag in jieba.posseg.cut(text):
        start, pos = pos, pos + len(w)
        tags[(start, pos)] = flag
        if flag == "ns" and (_PLACE_SUFFIX.search(w) or _placed(text, start, pos, policy)):
            candidates.append(w)
    # "常德质监局" names a place; "找公安还是质监" does not: the word must start where places stand,
    # and be no word of another kind ("听说质监局", "昨天质监局")
    candidates += [m.group(1) for m in _AGENCY_PLACE.finditer(text)
                   if (m.start(1) == 0 or not CJK.match(text[m.start(1) - 1]) or text[:m.start(1)].endswith(policy.before_place))
                   and not tags.get(m.span(1), "").startswith(policy.not_place_tags)]
    out = []
    for w in candidates:
        bare = _PROVINCE_SUFFIX.sub("", w) or w
        if len(bare) < 2 or w in policy.national_words or bare in policy.national_words:
            continue
        if w in known or bare in known or any(bare in k for k in known):
            continue
        if w not in out:
            out.append(w)
    return [w for w in out if not any(w != o and w in o for o in out)]  # 海口 inside 海口市


_PLACE_SUFFIX = re.compile(r"(省|市|县|区|州|盟|旗|镇|乡)$")


def _placed(text: str, start: int, end: int, policy: QueryPolicy) -> bool:
    """A word jieba tags as a place without a 省/市/县 suffix (北京, 郑州; but also 上岗) counts
    as one only where places stand: at the start, after 在/到/去…, or before 的/这边/市场监管…"""
    return start == 0 or text[:start].endswith(policy.before_place) or text[end:].startswith(policy.after_place)


def asks_list_compiler(text: str, policy: QueryPolicy) -> bool:
    """"这份清单的联系人是谁？", "登记表是谁填报的？留的电话？": the name and phone of whoever compiled
    the list (personal data), not a service's phone ("投诉电话清单上有吗？")."""
    return any(w in text for w in policy.list_words) and any(w in text for w in policy.asks_list_contact)


def _without_bureau_names(text: str, vocab: Vocabulary) -> str:
    for name in vocab.not_intent:
        text = text.replace(name, " ")
    return text


def intent_words_in(text: str, intent: str, vocab: Vocabulary, bare: str | None = None) -> list[str]:
    """The words of `intent` the text holds, bureau names that hold one ("市场监督管理局" holds 监督) left
    out; a word naming the bureau itself ("质监局管吗") is looked for in the text as written. `bare` is
    the text without bureau names, when the caller has it."""
    bare = _without_bureau_names(text, vocab) if bare is None else bare
    return [w for w in vocab.intent_words.get(intent, ()) if w in (text if any(n in w for n in vocab.not_intent) else bare)]


def detect_intent(text: str, vocab: Vocabulary, policy: QueryPolicy | None = None) -> str:
    """The first intent, in INTENTS order, with a word in the text; "" if none. Bureau names
    that hold an intent word ("市场监督管理局" holds 监督) are left out first."""
    # "还会不会来查" reads "还是否会来查" as the lists write it: its 还是 is no choice between departments
    text = text.replace("还是否", "还 是否")
    bare = _without_bureau_names(text, vocab)
    for intent in INTENTS:
        if intent == "penalty" and any(w in bare for w in vocab.regime_first):
            # "收到举报后多少天内要决定是否立案": a time limit, not who handles 举报; "三年内被罚几次算情节恶劣",
            # "作出较大数额罚款的决定要几名委员参加": a count, not a fine
            return "regime"
        found = intent_words_in(text, intent, vocab, bare)
        if intent == "penalty" and found and any(w in bare for w in vocab.routing_first):
            return "routing"  # "发现企业该吊销营业执照了…交给谁": whom the case goes to, not the sanction
        if intent == "duty":
            # "按职责边界应该转给谁": 职责 inside a routing word ("职责边界", "职责分工") asks no duty
            routing = intent_words_in(text, "routing", vocab, bare)
            found = [w for w in found if not any(w != r and w in r for r in routing)]
        if intent == "routing" and not found:
            found = [m.group(0) for p in vocab.choices if (m := p.search(text))]  # "归质监局还是农业局"
        if intent == "penalty" and not found:
            found = [m.group(0) for p in vocab.fine_amounts if (m := p.search(bare))]  # "是不是也就罚三千以下？"
        if found:
            if intent == "contact" and policy is not None and asks_who_runs_hotline(text, policy):
                return "duty"  # who runs the hotline it names
            if intent == "duty" and all(any(n in w for n in vocab.not_intent) for w in found):
                rest = text
                for w in found:
                    rest = rest.replace(w, " ")
                if any(w in rest for w in vocab.intent_words.get("routing", ())):
                    return "routing"  # "该去哪个部门投诉？质监局管不管？": which department, the bureau or another
            return intent
    return ""


# "立不立案": a yes-or-no question on a two-character verb, which the lists word as "是否立案"
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])不\1(?=[\u4e00-\u9fff])")


def as_listed(text: str) -> str:
    """The question with "立不立案" written as the lists write it ("是否立案"); "管不管" stays."""
    return _A_NOT_A.sub(lambda m: f"是否{m.group(1)}", text)


def new_subjects(text: str, context: str, vocab: Vocabulary) -> list[str]:
    """The subjects (topics and things asked about) a follow-up names, in its words or the
    vocabulary's, that the earlier turn does not: "那要是买的鞭炮质量不行呢？" after a question on shoes."""
    own, before = expand(text, vocab), expand(context, vocab)
    return [w for w in (*vocab.topics, *vocab.subjects, *vocab.steps) if w in own and w not in before]


# "多久搞一次": how often, asked in words around the verb; borrowed whole (多久 alone asks a time limit)
_HOW_OFTEN = re.compile(f"(?:多久|多长时间|隔多久|几年|几个月)[{CJK_CLASS}]{{0,6}}?一次")


def asking_words(text: str, vocab: Vocabulary) -> list[str]:
    """The words of a question that ask (找哪个部门, 投诉, 电话多少, 怎么罚), longest first and none
    inside another: what "那烟花呢？" borrows of the question before it."""
    found: list[str] = [m.group(0) for m in _HOW_OFTEN.finditer(text)]
    for word in sorted({w for words in vocab.intent_words.values() for w in words}, key=len, reverse=True):
        if word in text and not any(word in f for f in found):
            found.append(word)
    return found


def expand(text: str, vocab: Vocabulary) -> str:
    extra: list[str] = []
    for word, terms in vocab.expand.items():
        if word in text.lower():
            extra += [t for t in terms if t not in extra]
    for pattern, terms in vocab.patterns:
        if pattern.search(text):
            extra += [t for t in terms if t not in extra]
    return f"{text} {' '.join(extra)}".strip()
