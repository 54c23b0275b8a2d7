"""A penalty clause's sentence read in parts: where its condition (the conduct) ends and its
measures start, the conducts it lists or joins, the items of an inline list, and whether it
disciplines only officials. The penalty answer (penalty.py) quotes from these parts."""

from __future__ import annotations

import re

from assistant.answer.writers.conduct import GRADES, INLINE_ITEM
from assistant.corpus.records import PenaltyClause
from assistant.policy import AnswerPolicy

CONDITION_END = re.compile(r"的[，,]")
# where the measures start when no "…的，" closes the condition: a clause opening with a sanction
_SANCTION_CLAUSE = re.compile(r"[，,](?=(?:由[^，,；;]{0,24}?)?"
                              r"(?:予以|处以|并处|处[一二三四五六七八九十百千万\d]|责令|没收|吊销|给予|撤销|暂停))")
_SANCTION_WORD = re.compile(r"予以|处以|并处|处[一二三四五六七八九十百千万\d]|责令|没收|吊销|给予|撤销|暂停|警告|罚款|通报|追究|取消")
_PIECE = re.compile(r"[^；;]+")
# conducts listed after a clause's first one close with these ("…，指派…工作等行为的机构")
_CLOSES_CONDUCTS = re.compile(r"等(?:违法)?(?:行为|情形)")


def imposes(sentence: str) -> bool:
    """Does a sentence impose a measure (罚款, 吊销, 责令, 取消…), or only set a step of a procedure?"""
    return bool(_SANCTION_WORD.search(sentence))


# who does the conduct: the words before its first act
_ACTOR = re.compile(r"^\s*([^，,。；]{2,24}?)(?:违反|有|在|未|不|擅自|[，,])")
_LEAD_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零]+条\s*")


def on_officials_only(p: PenaltyClause, policy: AnswerPolicy) -> bool:
    """A clause that disciplines officials or authorities (行政处分, 责令改正 by a 监察机关) and
    sanctions no business, or whose actor is an authority ("产品质量监督部门或者其他国家机关违反…的，
    由其上级机关…予以没收": the income confiscated is the authority's)."""
    imposed = measures_part(p.sentence, whole_below=len(p.sentence))  # "…而不吊销其许可证" is conduct, not a measure
    actor = _ACTOR.match(_LEAD_ARTICLE.sub("", p.violation or p.sentence, count=1))
    return (any(w in p.sentence for w in policy.sanctions_on_officials)
            and (not any(w in imposed for w in policy.sanctions_on_businesses)
                 or bool(actor and any(w in actor.group(1) for w in policy.authority_actors))))


def measures_part(sentence: str, asked: str = "", relevance=None, whole_below: int = 0) -> str:
    """What a penalty sentence imposes, word for word: the measures after its condition, all of
    them when they are shorter than `whole_below`; else, of the further "…的，" pieces
    (逾期不改正的，… 情节严重的，…), those whose condition the question names, and the first that
    sets a fine when the first measures set none."""
    text = sentence.strip().rstrip("。；;：:")  # "…移交司法机关处理：" goes on with the cases it covers
    ends = list(CONDITION_END.finditer(text))
    s = _SANCTION_CLAUSE.search(text)
    if not ends and s is None:
        return text
    if s is not None and (not ends or s.start() < ends[0].start()):
        start = s.end()  # "对于有下列行为之一的机构，予以警告，并处…罚款；情节严重的，吊销…": the measures start at 予以
    else:
        # a condition may list several conducts ("…的，…的，…的，责令…"): the measures start after the
        # first "…的，" that a sanction follows before the next one
        follows = [text[a.end(): b.start() if b else len(text)] for a, b in zip(ends, [*ends[1:], None], strict=True)]
        start = next((a.end() for a, f in zip(ends, follows, strict=True) if _SANCTION_WORD.search(f)), ends[0].end())
    rest = text[start:]
    item = INLINE_ITEM.search(rest)
    if item:  # "…依法给予处分:(二)…(三)…": the listed conduct is not a measure
        rest = rest[: item.start()].rstrip("：:，, ")
    pieces = [p.strip() for p in _PIECE.findall(rest) if p.strip()]
    if not pieces:
        return text

    def condition(piece: str) -> str:
        c = CONDITION_END.search(piece)
        return piece[: c.start()] if c else ""

    def joined(kept: list[int]) -> str:
        shown = list(pieces)
        lead = text[:start].rstrip("，,")
        lead = lead[max(lead.rfind("，"), lead.rfind(",")) + 1:]
        if (ends and kept[0] == 0 and lead.startswith(GRADES)
                and any(condition(pieces[i]) for i in kept[1:])):
            # "构成犯罪的，依法追究刑事责任；未构成…的，处…罚款": each measure with its condition, the first too
            shown[0] = f"{lead}，{pieces[0]}"
        return "；".join(shown[i] for i in kept)

    # a piece on another party's conduct ("…；对获得“C”标志的…企业，违反…要求的，…吊销…") that the question matches
    # less well than the sentence's own first conduct is no measure for the conduct asked; a grade of it
    # ("逾期不改正的") opens with no 对
    own = relevance(asked, text[:start]) if asked and relevance is not None else 0.0
    other_parties = {i for i, p in enumerate(pieces) if i and condition(p).startswith("对") and asked
                     and relevance is not None and relevance(asked, condition(p)) < own}
    if len(rest) <= whole_below:
        return joined([i for i in range(len(pieces)) if i not in other_parties])

    # a sentence joining several statutes: the piece whose condition the question names stands
    # for the sentence when it matches better than the sentence's own first condition
    first = 0
    if asked and relevance is not None:
        named = [(relevance(asked, condition(p)), i) for i, p in enumerate(pieces) if condition(p)]
        if named and max(named)[0] > own:
            first = max(named, key=lambda si: (si[0], -si[1]))[1]
    keep = [first]
    for i in range(first + 1, len(pieces)):
        cond = condition(pieces[i])
        if not cond:
            if keep[-1] == i - 1:
                keep.append(i)  # "…；对直接负责的主管人员…依法给予处分": the measures go on
        elif asked and relevance is not None and relevance(asked, cond) >= 0.5 and i not in other_parties:
            keep.append(i)
    if (first == 0 or "罚" in asked) and not any("罚款" in pieces[i] for i in keep):
        # the fine, when no kept piece sets one: the sentence's own, or asked for beside a named condition
        # ("罚款上限是多少？情节严重会怎样？")
        first_fine = next((i for i, p in enumerate(pieces) if "罚款" in p), None)
        if first_fine is not None:
            keep.append(first_fine)
    return joined(sorted(set(keep)))


def quoted_part(sentence: str, measures: str, score, limit: int) -> str:
    """What to quote of a clause: a short one whole; a long article listing conduct inline, its
    head and the items that match the question; a long sentence joining several statutes, the
    pieces that hold the measures of the first line."""
    if len(sentence) <= limit:
        return sentence
    if len(INLINE_ITEM.findall(sentence)) >= 3:
        return focus_listed(sentence, score)
    pieces = [p for p in _PIECE.findall(sentence) if p.strip()]
    held = [i for i, p in enumerate(pieces) if any(m and m in p for m in measures.split("；"))]
    if not held or (held[0] == 0 and held[-1] == len(pieces) - 1):
        return sentence
    text = "；".join(pieces[held[0]: held[-1] + 1])
    return ("……" if held[0] > 0 and not text.startswith("…") else "") + text + ("……" if held[-1] < len(pieces) - 1 else "")


def inline_items(sentence: str) -> tuple[str, list[str]]:
    """An article listing conduct inline ("有下列行为之一的…:(一)…(二)…"): its head and its items,
    each with its mark; ("", []) when it lists fewer than two."""
    marks = list(INLINE_ITEM.finditer(sentence))
    if len(marks) < 2:
        return "", []
    return sentence[: marks[0].start()], [sentence[a.start(): (b.start() if b else len(sentence))]
                                          for a, b in zip(marks, [*marks[1:], None], strict=True)]


def conduct_and_measures(item: str) -> tuple[str, str]:
    """"（一）未经批准，擅自开办农药生产企业的，…，责令停止生产，…": the item's conduct, before its measures,
    and the item without its mark when it sets measures of its own ("" when the head's stand for all)."""
    item = INLINE_ITEM.sub("", item, count=1)
    s = _SANCTION_CLAUSE.search(item)
    return (item[: s.start()], item) if s else (item, "")


def joined_conducts(sentence: str) -> list[str]:
    """A sentence joining several statutes ("…的，由…予以处罚；…生产、销售拼装的机动车…的，由…"):
    the conduct of each piece after the first, the conditions grading a measure (情节严重的) aside."""
    out = []
    for piece in _PIECE.findall(sentence)[1:]:
        c = CONDITION_END.search(piece)
        cond = piece[: c.start()].strip(" …") if c else ""
        if cond and not cond.startswith(GRADES) and not _SANCTION_WORD.search(cond):
            out.append(cond)
    return out


def coordinated_conducts(sentence: str, violation: str) -> list[str]:
    """"对于存在A的，B，C等行为的机构，予以警告": B and C, named after the violation and closed by 等行为, are
    conducts of the clause as much as A (a question on C is answered by it)."""
    if not violation or violation not in sentence:
        return []
    rest = sentence[sentence.index(violation) + len(violation):]
    s = _SANCTION_CLAUSE.search(rest)
    span = rest[: s.start()].strip("，, ") if s else ""
    if not _CLOSES_CONDUCTS.search(span):
        return []
    return [c for c in re.split(r"[，,]", span) if c and not c.startswith(GRADES)]


def focus_listed(sentence: str, score) -> str:
    """An article listing conduct inline ("有下列行为之一的…:(二)…(三)…") cut to its head and
    the items that match the question best."""
    head, items = inline_items(sentence)
    scores = [score(t) for t in items]
    best = max(scores)
    if best <= 0:
        return sentence
    kept = [t for t, s in zip(items, scores, strict=True) if s >= best]
    return head + "……".join(kept).rstrip("；;，, ") + "……"
