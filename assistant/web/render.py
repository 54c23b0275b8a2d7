"""Text for the chat page. Corpus text is always shown as text: every string that goes into
Markdown or HTML passes through `esc` (003 contains literal `<p>` tags that must stay visible).
"""

from __future__ import annotations

import html
import re

from assistant.answer.types import where

REFUSED_MARK = "⚠ 无法回答"
DETAILS_LABEL = "依据与详情"


def esc(text) -> str:
    """HTML-escape, and neutralise template characters ($ { }) so nothing is interpreted."""
    out = html.escape(str(text), quote=True)
    return out.replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;")


def section_path(section: str) -> str:
    return section.replace(" > ", " › ")


def citation_label(i: int, c: dict) -> str:
    return f"[{i}] {c['bureau']} › {section_path(c['section'])} — {c['source']} {where(c)}"


def chat_answer(result: dict) -> str:
    """The assistant's chat message (Markdown). The first line is the answer and stands out; the
    rest (the list it comes from, quotes, notes) is folded under “依据与详情”; the citations stay
    in view, so the answer's [n] markers can be read at a glance. A refusal is shown whole, in a
    warning look."""
    body = esc(result["answer"]).replace("\r", "")
    if result["refused"]:
        lines = [f"**{REFUSED_MARK}**", "", *body.split("\n")]
        text = "\n".join(f"> {line}" if line else ">" for line in lines)
    else:
        first, _, rest = body.partition("\n")
        text = f"**{first}**" + more_details(rest)
    if result["citations"]:
        cites = "\n".join(esc(citation_label(i, c)) for i, c in enumerate(result["citations"], 1))
        text += f"\n\n**引用**（在下方“引用原文”中展开查看原文）\n{cites}"
    return text


def more_details(rest: str) -> str:
    """The answer's lines after the first, folded in a <details> (closed until clicked). With no
    blank line inside, the block is raw HTML to Markdown: its (escaped) lines are shown as text,
    never read as Markdown; `white-space: pre-line` (PAGE_CSS) keeps them on their own lines."""
    lines = [line for line in rest.split("\n") if line.strip()]
    if not lines:
        return ""
    inner = "\n".join(lines)
    return (f'\n\n<details class="answer-more"><summary>{DETAILS_LABEL}</summary>'
            f'<div class="answer-rest">{inner}</div></details>')


_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def chat_question(question: str) -> str:
    """The user's own text for the chat bubble, shown exactly as typed: every ASCII punctuation
    mark is backslash-escaped, so Markdown makes no image, link, emphasis or HTML of it, and no
    address in it becomes an auto-link (nothing is ever fetched from an address a user typed)."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", question.replace("\r", ""))


def _lines_html(lines: list[tuple[int, str]]) -> str:
    if not lines:
        return '<p class="src-missing">（找不到这段原文）</p>'
    rows = "".join(f'<li><span class="ln">{n}</span><span class="tx">{esc(t) if t.strip() else "&nbsp;"}</span></li>'
                   for n, t in lines)
    return f'<ol class="src-lines">{rows}</ol>'


def _citation_html(i: int, c: dict) -> str:
    meta = (f'<div class="src-meta">{esc(c["bureau"])} · {esc(section_path(c["section"]))} · '
            f'{esc(c["source"])} {esc(where(c))}</div>')
    return (f'<details class="cite"><summary>{esc(citation_label(i, c))}</summary>'
            f'{meta}{_lines_html(c.get("lines", []))}</details>')


def sources_html(turns: list[dict]) -> str:
    """The “引用原文” panel: every answer's citations, newest first, each a collapsed <details>."""
    if not turns:
        return '<div class="sources"><p class="hint">提问后，这里会列出每个回答引用的清单原文（点击展开）。</p></div>'
    parts = []
    for n, turn in reversed(list(enumerate(turns, 1))):
        cites = turn.get("citations", [])
        items = "".join(_citation_html(i, c) for i, c in enumerate(cites, 1)) or '<p class="hint">（此回答没有引用）</p>'
        parts.append(f'<div class="turn"><div class="turn-q">第{n}问：{esc(turn["question"])}</div>{items}</div>')
    return f'<div class="sources">{"".join(parts)}</div>'


def error_message(exc: Exception, question: str = "") -> str:
    """A short Chinese message for an input problem (InputError / HistoryError / other)."""
    from assistant.answer.inputs import MAX_STORY_CHARS
    from assistant.text import clean_input

    code = getattr(exc, "code", "")
    if code in ("empty", "not_text"):
        return "⚠ 问题为空，请先输入问题。"
    if code == "too_long":
        stripped = clean_input(question).strip() if isinstance(question, str) else ""
        return f"⚠ 问题过长（{len(stripped)} 字），请精简到 {MAX_STORY_CHARS} 字以内。"
    return _MESSAGES.get(code) or f"⚠ 无法处理这个问题：{exc}"


_MESSAGES = {
    "no_words": "⚠ 问题中没有文字，请用中文描述您的问题。",
    "rare_characters": "⚠ 问题中无法识别的字过多，请用常用字词重新描述。",
    "history": "⚠ 对话过长，请点“清空对话”后重新提问。",
    "unknown_bureau": "⚠ 未知地区，请在“地区”中选择清单覆盖的地区。",
}


def status_markdown(message: str) -> str:
    return f'<div class="status-error">{esc(message)}</div>' if message else ""
