"""Small text helpers shared by the parser, the retriever and the answer checks."""

from __future__ import annotations

import re
import unicodedata

# the CJK range every module matches Chinese text with (unified ideographs and extension A)
CJK_CLASS = "\u3400-\u9fff"
CJK = re.compile(f"[{CJK_CLASS}]")
_NON_CJK_RUNS = re.compile(f"[^{CJK_CLASS}]+")
_WS = re.compile(r"\s+")
_TAG = re.compile(r"</?p>")
# brackets the lists write in several ways: 〈〈X〉〉 for 《X》, [2015] for 〔2015〕
_BRACKETS = str.maketrans({"〈": "《", "〉": "》", "［": "〔", "］": "〕", "[": "〔", "]": "〕"})


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# NFKC turns the full-width punctuation of Chinese text half-width; quoting a question back, it is
# turned full-width again where it follows a Chinese character ("找谁?" → "找谁？", "3.5" stays)
_FULL = {"?": "？", "!": "！", ",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
_HALF_PUNCT = re.compile(f"(?<=[{CJK_CLASS}])([{re.escape(''.join(_FULL))}])")


def cjk_punctuation(text: str) -> str:
    """Half-width punctuation after a Chinese character made full-width, as the user typed it."""
    return _HALF_PUNCT.sub(lambda m: _FULL[m.group(1)], text)


def fold_space(text: str) -> str:
    """Every white space removed (a comparison key)."""
    return _WS.sub("", text)


def normalize(text: str) -> str:
    """The one normaliser: NFKC, U+3000 as a space, runs of white space folded to one space."""
    return _WS.sub(" ", nfkc(text).replace("\u3000", " ")).strip()


def squash(text: str) -> str:
    """A comparison key: NFKC, `<p>` tags dropped, every white space removed."""
    return fold_space(nfkc(_TAG.sub("", text)))


def cjk_runs(text: str) -> list[str]:
    """The runs of CJK characters in a text."""
    return _NON_CJK_RUNS.sub(" ", text).split()


def bigrams(text: str) -> set[str]:
    """The CJK character bigrams of a text, within each run of CJK characters."""
    return {run[i : i + 2] for run in cjk_runs(text) for i in range(len(run) - 1)}


def search_form(text: str) -> str:
    """The form used for lexical search: NFKC, unified brackets, 〈〈X〉〉 as 《X》."""
    text = normalize(text).translate(_BRACKETS)
    return text.replace("《《", "《").replace("》》", "》")


def is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch))


_LIST_MARKER = re.compile(r"^(（\d+）|\(\d+\)|（[一二三四五六七八九十]+）|\d+[、.．]|[①-⑳]|第[一二三四五六七八九十百零]+条)")


def join_cell_lines(parts: list[str]) -> str:
    """Join the physical lines of one table cell into one text.

    Lines broken inside a word ("饭店安" / "全监管") are glued without a separator; a line that
    starts a numbered list item, or follows one that ends a sentence, keeps its line break.
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not out:
            out = part
        elif _LIST_MARKER.match(part) or out[-1] in "。；;":
            out += "\n" + part
        elif is_cjk(out[-1]) or is_cjk(part[0]) or out[-1] in "、，,：:（(《" or part[0] in "）)》、，。":
            out += part
        else:
            out += " " + part
    return out


def strip_tags(text: str) -> str:
    return _TAG.sub("", text).strip()


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def chinese_number(text: str) -> float | None:
    """Parse 3万 / 三万 / 一千 / 1000 / 1.5万 / 二十 / 十 / 5 into a number; None if it is not one."""
    text = nfkc(text).replace(",", "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]*)", text)
    if m:
        value = float(m.group(1))
        for unit in m.group(2):
            value *= _UNITS[unit]
        return value
    if any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in ("万", "亿"):
            section = (section + digit) * _UNITS[ch]
            total += section
            section, digit = 0, 0
        else:
            section += (digit or 1) * _UNITS[ch]
            digit = 0
    return float(total + section + digit)


def simplified(text: str) -> str:
    """Traditional characters as simplified (文安縣 → 文安县): the lists are in simplified Chinese."""
    import zhconv

    return zhconv.convert(text, "zh-cn")


# Characters a reader does not see that still break matching: zero-width spaces and joiners,
# bidi controls, the BOM, soft hyphens, variation selectors, Hangul fillers.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_input(text: str) -> str:
    """Text typed or sent by a user, as matching should see it: lone surrogates (which cannot be
    encoded back to UTF-8), NUL and other control characters, and invisible format characters are
    dropped. Tabs and line breaks stay (normalize folds them to spaces)."""
    text = _SURROGATE.sub("", text)
    text = _CONTROL.sub("", text)
    return _INVISIBLE.sub("", text)


_POS_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._]+")  # jieba.posseg's re_han_internal
_POS_HAN = re.compile(r"[\u4E00-\u9FD5]+")  # jieba.posseg's re_han_detail


def tagging_cost(text: str) -> int:
    """The work jieba's part-of-speech tagger would do on `text`, in Viterbi steps × states.

    Runs of characters the dictionary does not know go through an HMM whose cost per character is
    the product of the tag states of neighbouring characters: a rare character has ~250 states, a
    common one a few. So 2,000 random rare characters take seconds while a normal question takes
    a millisecond; this cheap count (no tagging) lets a question be refused before it is tagged.
    It mirrors jieba.posseg's own split: dictionary route first, HMM only on unknown runs.
    """
    import jieba
    import jieba.posseg as posseg

    tokenizer = jieba.dt
    tokenizer.check_initialized()
    states, n_all = posseg.char_state_tab_P, len(posseg.trans_P)
    total = 0
    for block in _POS_BLOCK.findall(text):
        dag = tokenizer.get_DAG(block)
        route: dict = {}
        tokenizer.calc(block, dag, route)
        runs, buf, x = [], "", 0
        while x < len(block):
            y = route[x][1] + 1
            if y - x == 1:
                buf += block[x]
            else:
                runs.append(buf)
                buf = ""
            x = y
        runs.append(buf)
        for run in runs:
            if len(run) < 2 or tokenizer.FREQ.get(run):
                continue
            for han in _POS_HAN.findall(run):
                prev = 1
                for ch in han:
                    k = len(states.get(ch, ())) or n_all
                    total += k * prev
                    prev = k
    return total


def similar(a: str, b: str) -> float:
    """Jaccard similarity of the character pairs of two texts' CJK characters run together."""
    x, y = bigrams("".join(cjk_runs(a))), bigrams("".join(cjk_runs(b)))
    return len(x & y) / len(x | y) if x and y else 0.0
