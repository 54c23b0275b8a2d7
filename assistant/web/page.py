"""The chat page (Gradio Blocks, in Chinese): conversation with follow-ups, a place picker
(province → city → county, each a filterable dropdown, so it stays usable with a thousand lists),
the candidate places as buttons when an answer asks which place the caller is in, example
questions per kind of user. Each answer's first line stands out, the rest (source, quotes, notes)
opens from “依据与详情”, its citations are listed under it and their original lines are in an
expandable “引用原文” panel. All text shown passes through `render.esc`; the user's own text is
shown as plain text (`render.chat_question`), never as Markdown.
"""

from __future__ import annotations

import logging
import time

import gradio as gr

from assistant.answer.chat import MAX_ASSISTANT_CHARS, MAX_HISTORY_MESSAGES, HistoryError
from assistant.answer.inputs import InputError
from assistant.corpus.places import place_tree
from assistant.web import render

log = logging.getLogger("assistant.web")
ALL = "全部"
INTRO_NAMES = 8  # the intro names every list up to this many; beyond it, a count

EXAMPLES = {
    "市民": ["在商场买的皮鞋掉底了找谁？", "家用汽车“三包”规定的贯彻落实，博山区质监局管吗？",
             "文安县加油站的加油机少给油，想举报，打什么电话？"],
    "热线接线员": ["文安县特种设备作业人员培训和发证的电话是多少？", "定安县标准日活动打什么电话？",
                 "博山区的“12365”质监热线由谁承担管理？"],
    "机关工作人员": ["没资格承揽设备监理业务罚多少？", "博山区计量监督人员违法失职，情节轻微和情节严重分别怎么追责？",
                  "常德市危险化学品的公路、水路运输单位和运输车船的安全归哪个部门管？"],
}

PAGE_CSS = """
#chat details.answer-more { margin: 8px 0 0; }
#chat details.answer-more > summary { cursor: pointer; color: var(--body-text-color); font-weight: 500; }
#chat .answer-rest { white-space: pre-line; margin-top: 4px; }
.status-error { color: #b45309; background: #fffbeb; border: 1px solid #f59e0b; border-radius: 6px; padding: 6px 10px; }
.sources .turn { margin-bottom: 12px; }
.sources .turn-q { font-weight: 600; margin: 6px 0; }
.sources details.cite { border: 1px solid var(--border-color-primary); border-radius: 6px; margin: 4px 0; padding: 4px 8px; }
.sources details.cite summary { cursor: pointer; }
.sources .src-meta { color: var(--body-text-color-subdued); font-size: 0.9em; margin: 4px 0; }
.sources ol.src-lines { list-style: none; padding: 0; margin: 0; font-family: var(--font-mono); font-size: 0.9em; }
.sources ol.src-lines li { display: flex; gap: 10px; white-space: pre-wrap; word-break: break-all; }
.sources .ln { color: var(--body-text-color-subdued); min-width: 3.5em; text-align: right; user-select: none; }
.sources .hint { color: var(--body-text-color-subdued); }
"""

def intro(bureaus: list) -> str:
    """The page's opening lines, naming the lists of the manifest being served (a count and the
    provinces when there are many)."""
    if len(bureaus) <= INTRO_NAMES:
        names = "、".join(b.short_name for b in bureaus)
    else:
        names = f"分属{len(place_tree(bureaus).provinces())}个省，可在下方按省、市、县选择"
    return ("# 清单问答\n"
            f"根据{len(bureaus)}份质量技术监督 / 市场监督管理**责任清单**（{names}）回答问题，"
            f"每个回答都注明出处。可以接着追问，例如“那罚款呢？”、“{bureaus[0].short_name if bureaus else '某县'}呢？”。"
            "回答只反映清单内容。接口文档见 [/docs](/docs)。")


def history_of(turns: list[dict]) -> list[dict]:
    """Earlier turns as the pipeline's history: plain question and answer text, only the turns
    within the history cap (a long conversation keeps working; older turns are not read)."""
    out = []
    for t in turns[-(MAX_HISTORY_MESSAGES // 2):]:
        out += [{"role": "user", "content": t["question"]},
                {"role": "assistant", "content": t["answer"][:MAX_ASSISTANT_CHARS]}]
    return out


def chat_of(turns: list[dict]) -> list[dict]:
    out = []
    for t in turns:
        answer = render.chat_answer(t)
        if t.get("clarify"):
            answer += f"\n\n**{render.esc(t['clarify']['question'])}**"
        out += [{"role": "user", "content": render.chat_question(t["question"])},
                {"role": "assistant", "content": answer}]
    return out


def make_turn(engine, result: dict) -> dict:
    cites = [dict(c, lines=engine.source_lines(c["source"], c["start_line"], c["end_line"])) for c in result["citations"]]
    return {"question": result["question"], "answer": result["answer"], "refused": result["refused"], "citations": cites,
            "clarify": result.get("clarify")}


def place_options(bureaus: list, key: str | None) -> list[tuple[str, str]]:
    """The picker's choices under a place (its path; None or "" for the provinces): 全部, then
    each place below it by name, its path as the value."""
    tree = place_tree(bureaus)
    parent = tree.by_key(key) if key else tree.root
    children = parent.children if parent is not None else []
    return [(ALL, "")] + [(c.name, c.key) for c in children]


def chosen_place(province: str | None, city: str | None, county: str | None) -> str | None:
    """The picker's place: the deepest level chosen, as a path; None for 全部."""
    return county or city or province or None


def clarify_buttons(result: dict | None, n: int) -> list:
    options = ((result or {}).get("clarify") or {}).get("options", [])
    return [gr.update(value=options[i], visible=True) if i < len(options) else gr.update(visible=False) for i in range(n)]


def log_answer(result: dict, digest: str, t0: float, log_questions: bool) -> None:
    """The page's answers in the request log (Gradio's own HTTP requests do not carry them)."""
    from assistant.web.request_log import log_line

    log_line({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "request_id": None, "method": "PAGE", "route": "page",
              "status": 200, "latency_ms": round((time.perf_counter() - t0) * 1000, 1),
              "bureau": result.get("bureau", ""), "refused": result["refused"], "writer": result.get("writer", "template"),
              "index_digest": digest, "question": result["question"]}, log_questions)


def make_respond(engine, log_questions: bool = False, n_buttons: int = 0):
    def respond(question, province, city, county, turns):
        turns = list(turns or [])
        t0 = time.perf_counter()
        unchanged = [gr.update()] * n_buttons
        try:
            prepared = engine.prepare(question, history_of(turns), chosen_place(province, city, county))
            answer, digest = engine.answer(prepared)
            result = answer.to_dict()
        except (InputError, HistoryError) as exc:
            return gr.update(), gr.update(), turns, gr.update(), render.status_markdown(render.error_message(exc, question)), *unchanged
        except Exception:
            log.exception("answering failed for %r", question)
            return (gr.update(), gr.update(), turns, gr.update(),
                    render.status_markdown("⚠ 出错了：服务器内部错误，请换个问法或稍后再试。"), *unchanged)
        log_answer(result, digest, t0, log_questions)
        turns.append(make_turn(engine, result))
        return "", chat_of(turns), turns, render.sources_html(turns), "", *clarify_buttons(result, n_buttons)

    return respond


def make_clear(n_buttons: int = 0):
    def clear():
        return "", [], [], render.sources_html([]), "", *clarify_buttons(None, n_buttons)

    return clear


def make_pick(engine):
    """A level of the picker changed: the next level's choices are the places under it."""
    def pick(key):
        return gr.update(choices=place_options(engine.bureaus(), key) if key else [(ALL, "")], value="")

    return pick


def build_page(engine, log_questions: bool = False) -> gr.Blocks:
    from assistant.policy import default_policy

    n_buttons = default_policy().places.max_options
    with gr.Blocks(title="清单问答", analytics_enabled=False) as page:
        gr.Markdown(intro(engine.bureaus()))
        with gr.Row(elem_id="place"):
            province = gr.Dropdown(choices=place_options(engine.bureaus(), None), value="", label="省（只在所选地区的清单里找答案）",
                                   elem_id="province", filterable=True)
            city = gr.Dropdown(choices=[(ALL, "")], value="", label="市（或省直辖县）", elem_id="city", filterable=True)
            county = gr.Dropdown(choices=[(ALL, "")], value="", label="县/区", elem_id="county", filterable=True)
        chat = gr.Chatbot(label="对话", elem_id="chat", height=460, buttons=["copy", "copy_all"], latex_delimiters=[],
                          feedback_options=None, placeholder="请在下方输入问题，或点击示例问题。")
        with gr.Row():
            box = gr.Textbox(show_label=False, placeholder="输入问题，按回车或点“提问”", elem_id="question", scale=6, lines=1)
            send = gr.Button("提问", variant="primary", elem_id="send", scale=1, min_width=80)
            reset = gr.Button("清空对话", elem_id="clear", scale=1, min_width=80)
        with gr.Row(elem_id="clarify"):
            buttons = [gr.Button("", visible=False, size="sm", scale=0, min_width=96, elem_id=f"clarify-{i}",
                                 elem_classes=["clarify-option"])
                       for i in range(n_buttons)]
        status = gr.HTML("", elem_id="status")
        gr.Markdown("### 引用原文")
        sources = gr.HTML(render.sources_html([]), elem_id="sources")
        turns = gr.State([])
        gr.Markdown("### 示例问题")
        with gr.Row():
            for who, questions in EXAMPLES.items():
                with gr.Column(min_width=220):
                    gr.Examples([[q] for q in questions], inputs=[box], label=who)
        respond = make_respond(engine, log_questions, n_buttons)
        outputs = [box, chat, turns, sources, status, *buttons]
        inputs = [province, city, county, turns]
        box.submit(respond, [box, *inputs], outputs)
        send.click(respond, [box, *inputs], outputs)
        for b in buttons:  # an option is sent as the next question: it names the place
            b.click(respond, [b, *inputs], outputs)
        reset.click(make_clear(n_buttons), None, outputs)
        pick = make_pick(engine)
        province.change(pick, province, city).then(lambda: gr.update(choices=[(ALL, "")], value=""), None, county)
        city.change(pick, city, county)
    return page
