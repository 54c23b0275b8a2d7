"""The LLM writer: unit tests with LangChain's fake chat models on a tiny hand-made list, and
end-to-end runs through ChatOpenAI against a local OpenAI-compatible stub with the real index
(a reply that passes the checks is shown; an invented number, a timeout, a body that is not
JSON, a server error or a reply without markers fall back to the template answer; a refusal
never calls the model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import openai
import pytest
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage

from assistant.answer.checks import line_problems
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.query import Query
from assistant.answer.types import Citation
from assistant.answer.writers import WriterError, WriterFailed, get_writer
from assistant.answer.writers.llm import LlmWriter, bounded, config_from_env, passages
from assistant.corpus.parse.source import SourceText
from assistant.policy import default_policy
from assistant.search.chunk import Chunk
from assistant.search.retrieve import Hit
from tests.conftest import ROOT
from tests.llm_stub import INVENTED, LlmStub

LLM_ENV = ("ASSISTANT_LLM_BASE_URL", "ASSISTANT_LLM_MODEL", "ASSISTANT_LLM_API_KEY", "ASSISTANT_LLM_TIMEOUT",
           "ASSISTANT_WRITER")
FILE = "900_test.txt"
LINES = [
    "一、公共服务事项",                                    # 1
    "特种设备作业人员资格认定",                            # 2
    "承办机构：常德市质监局特安科",                        # 3
    "联系电话：0736-2691625",                              # 4
    "二、处罚",                                            # 5
    "销售不合格产品的，处3000元以上3万元以下罚款。",       # 6
    "情节严重的，吊销营业执照。",                          # 7
]


def chunk(kind: str, start: int, end: int, section: list[str]) -> Chunk:
    return Chunk(record_id=f"r{start}", kind=kind, source=FILE, start_line=start, end_line=end,
                 bureau="常德市质量技术监督局", bureau_short="常德市", section_path=section,
                 text="\n".join(LINES[start - 1:end]))


def tiny_request(intent: str = "contact", text: str = "特种设备作业人员资格认定电话多少？") -> WriteRequest:
    ctx = AnswerContext(records={}, sources={FILE: SourceText(FILE, LINES)}, bureaus={}, templates=None,
                        bm25=None, policy=default_policy())
    hits = [
        Hit(chunk("penalty_clause", 6, 6, ["处罚"]), 0.9, 1),
        Hit(chunk("service_item", 2, 4, ["公共服务事项", "特种设备作业人员资格认定"]), 0.8, 2),
        Hit(chunk("service_item", 3, 4, ["公共服务事项"]), 0.7, 3),  # inside the span above
        Hit(chunk("regime_section", 6, 7, ["处罚"]), 0.6, 4),
    ]
    return WriteRequest(Query(text=text, search_text=text, intent=intent), hits, ctx)


def problems(answer, request):
    ctx = request.ctx
    return line_problems(answer, ctx.cited_text, ctx.policy.checks, ("常德市质量技术监督局", "常德市"))


# ---------------------------------------------------------------- unit: passages and the reply


def test_passages_put_the_intents_kind_first_and_skip_covered_spans():
    items = passages(tiny_request())
    assert [(p.citation.start_line, p.citation.end_line) for p in items] == [(2, 4), (6, 6), (6, 7)]
    assert items[0].citation == Citation(FILE, 2, 4, "常德市质量技术监督局", "公共服务事项 > 特种设备作业人员资格认定")
    assert items[0].text == "\n".join(LINES[1:4])
    assert len(passages(tiny_request(), limit=1)) == 1


def test_passages_follow_the_citations_given_in_their_order():
    cites = [Citation(FILE, 6, 7, "常德市质量技术监督局", "处罚"), Citation(FILE, 6, 6, "常德市质量技术监督局", "处罚"),
             Citation(FILE, 3, 3, "常德市质量技术监督局", "服务")]
    items = passages(tiny_request(), cites)
    assert [p.citation for p in items] == [cites[0], cites[2]] and items[1].text == LINES[2]


def test_a_long_passage_is_cut_at_a_line_or_a_punctuation_mark():
    assert bounded(["一二三", "四五六", "七八九"], 7) == "一二三\n四五六\n……"
    assert bounded(["处3000元以上，3万元以下罚款"], 10) == "处3000元以上，\n……"


def test_the_prompt_numbers_the_passages_and_carries_the_question():
    request = tiny_request()
    writer = LlmWriter(follow_template=False, model=FakeListChatModel(responses=["x"]))
    system, user = writer.messages(request, passages(request))
    assert "[1]" in system.content and "照抄" in system.content and "<!--" not in system.content
    assert "[1] 常德市质量技术监督局 › 公共服务事项 > 特种设备作业人员资格认定\n特种设备作业人员资格认定" in user.content
    assert "[2] 常德市质量技术监督局 › 处罚\n销售不合格产品的" in user.content
    assert user.content.rstrip().endswith("请按规则回答，每句话后标注段落编号 [n]。")
    assert "问题：特种设备作业人员资格认定电话多少？" in user.content


def test_a_faithful_reply_carries_the_passages_as_citations_and_passes_the_checks():
    request = tiny_request()
    reply = "特种设备作业人员资格认定由常德市质监局特安科承办，联系电话0736-2691625。[1]\n\n超出部分按规定处3000元以上3万元以下罚款。[2]"
    answer = LlmWriter(follow_template=False, model=FakeListChatModel(responses=[reply])).write(request)
    assert answer.writer == "llm" and answer.body == reply.replace("\n\n", "\n")
    assert [c.start_line for c in answer.citations] == [2, 6, 6]
    assert problems(answer, request) == []


def test_wide_markers_and_a_thinking_block_are_read_as_the_model_meant():
    reply = "<think>电话是0736-1234567吗？</think>\n资格认定由常德市质监局特安科承办【1】，电话0736-2691625［1］。"
    answer = LlmWriter(follow_template=False, model=FakeListChatModel(responses=[reply])).write(tiny_request())
    assert answer.body == "资格认定由常德市质监局特安科承办[1]，电话0736-2691625[1]。"


@pytest.mark.parametrize("reply, check", [
    ("资格认定由常德市质监局特安科承办，电话0736-2691626。[1]", "number"),  # a wrong digit
    ("罚款为5000元。[2]", "number"),
    ("资格认定由常德市公安局承办。[1]", "unit"),
    ("资格认定由特安科承办。[7]", "marker"),
])
def test_an_unfaithful_reply_fails_the_checks(reply, check):
    request = tiny_request()
    answer = LlmWriter(follow_template=False, model=FakeListChatModel(responses=[reply])).write(request)
    assert check in {p.check for p in problems(answer, request)}


@pytest.mark.parametrize("reply, reason", [("", "empty reply"), ("   \n ", "empty reply"),
                                           ("清单中没有找到这个问题的答案。", "no citation markers")])
def test_an_empty_or_unmarked_reply_raises_writer_failed(reply, reason):
    with pytest.raises(WriterFailed, match=reason):
        LlmWriter(follow_template=False, model=FakeListChatModel(responses=[reply])).write(tiny_request())


class RaisingModel:
    def __init__(self, exc: Exception):
        self.exc = exc

    def invoke(self, messages):
        raise self.exc

    def stream(self, messages):
        raise self.exc


REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


@pytest.mark.parametrize("exc, reason", [
    (openai.APITimeoutError(request=REQUEST), "timeout after 30 s"),
    (openai.InternalServerError("boom", response=httpx.Response(500, request=REQUEST), body=None), "HTTP 500"),
    (openai.APIConnectionError(request=REQUEST), "cannot connect"),
    (json.JSONDecodeError("Expecting value", "<html>", 0), "bad reply: JSONDecodeError"),
])
def test_a_failed_call_raises_writer_failed_with_a_short_reason(exc, reason):
    with pytest.raises(WriterFailed, match=reason):
        LlmWriter(follow_template=False, model=RaisingModel(exc)).write(tiny_request())
    with pytest.raises(WriterFailed, match=reason):
        list(LlmWriter(follow_template=False, model=RaisingModel(exc)).stream(tiny_request()))


def test_stream_yields_the_reply_in_pieces():
    reply = "特种设备作业人员资格认定 由常德市质监局特安科承办。 [1]"  # the fake model splits at spaces
    writer = LlmWriter(follow_template=False, model=GenericFakeChatModel(messages=iter([AIMessage(reply)])))
    request = tiny_request()
    pieces = list(writer.stream(request))
    assert len(pieces) > 1 and "".join(pieces) == reply
    assert problems(writer.answer_from("".join(pieces), passages(request)), request) == []


# ---------------------------------------------------------------- unit: configuration


@pytest.fixture
def llm_env(monkeypatch):
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_missing_settings_give_a_clear_error(llm_env):
    with pytest.raises(WriterError, match="ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL"):
        get_writer("llm")
    llm_env.setenv("ASSISTANT_WRITER", "llm")
    llm_env.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    with pytest.raises(WriterError, match="needs ASSISTANT_LLM_MODEL"):
        get_writer()


@pytest.mark.parametrize("name, value, message", [
    ("ASSISTANT_LLM_TIMEOUT", "soon", "ASSISTANT_LLM_TIMEOUT must be a number"),
    ("ASSISTANT_LLM_TIMEOUT", "0", "ASSISTANT_LLM_TIMEOUT must be a number"),
    ("ASSISTANT_LLM_BASE_URL", "127.0.0.1:8000", "must be an http"),
])
def test_bad_settings_give_a_clear_error(llm_env, name, value, message):
    llm_env.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    llm_env.setenv("ASSISTANT_LLM_MODEL", "qwen")
    llm_env.setenv(name, value)
    with pytest.raises(WriterError, match=message):
        get_writer("llm")


def test_settings_default_and_the_client_is_made_on_first_use(llm_env):
    llm_env.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1/")
    llm_env.setenv("ASSISTANT_LLM_MODEL", "qwen")
    assert config_from_env() == {"base_url": "http://127.0.0.1:9/v1", "model": "qwen", "timeout": 30.0,
                                 "api_key": "not-needed", "max_calls": 4}
    writer = get_writer("llm")
    assert writer.name == "llm" and writer._model is None  # nothing contacted yet
    assert writer.model.max_retries == 0 and writer.model.request_timeout == 30.0


def test_unknown_writer_name_is_a_clear_error(llm_env):
    with pytest.raises(WriterError, match="unknown writer 'gpt'; choose one of: template, llm"):
        get_writer("gpt")


def run_cli(args, env_extra, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
    env.update(PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", **env_extra)
    return subprocess.run([sys.executable, "-m", "assistant", *args], check=False, capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.mark.parametrize("command", ["ask", "serve"])
def test_cli_rejects_an_unknown_writer_and_an_unconfigured_llm(command, tmp_path):
    question = ["皮鞋掉底找谁？"] if command == "ask" else ["--port", "1"]
    index = {"ASSISTANT_INDEX_DIR": str(tmp_path / "none")}
    p = run_cli([command, *question, "--writer", "gpt", "--no-build"], index)
    assert p.returncode == 2 and "unknown writer 'gpt'" in p.stderr and not p.stdout
    p = run_cli([command, *question, "--writer", "llm", "--no-build"], index)
    assert p.returncode == 3 and "needs ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL" in p.stderr
    p = run_cli([command, *question, "--no-build"], {**index, "ASSISTANT_WRITER": "llm"})
    assert p.returncode == 3 and "ASSISTANT_LLM_BASE_URL" in p.stderr


# ---------------------------------------------------------------- end to end: ChatOpenAI against a local stub

CONTACT = "常德特种设备作业人员资格认定找哪个单位，电话多少？"


@pytest.fixture
def stub():
    s = LlmStub().start()
    yield s
    s.stop()


@pytest.fixture
def llm_answerer(resources, stub, llm_env):
    from assistant.answer.pipeline import Answerer

    llm_env.setenv("ASSISTANT_LLM_BASE_URL", stub.base_url)
    llm_env.setenv("ASSISTANT_LLM_MODEL", "stub-model")
    llm_env.setenv("ASSISTANT_LLM_TIMEOUT", "1")
    return Answerer(resources, writer="llm")


@pytest.mark.slow
def test_a_reply_that_passes_the_checks_is_shown(llm_answerer, stub, answerer):
    r = llm_answerer.ask(CONTACT)
    d = r.to_dict()
    assert len(stub.requests) == 1 and stub.requests[0]["model"] == "stub-model"
    template = answerer.ask(CONTACT).answer
    assert r.answer.citations[0] == template.citations[0]  # passage [1] is what the template answer cites first
    assert d["writer"] == "llm" and "fallback" not in d and not d["refused"]
    line = r.answer.body
    assert line.endswith("[1]") and len(line) > 10
    first = r.answer.citations[0]
    assert line[:-3] in llm_answerer.ctx.cited_text(first.source, first.start_line, first.end_line)
    assert r.answer.body != answerer.ask(CONTACT).answer.body  # not the template's words


@pytest.mark.slow
def test_an_invented_number_falls_back_to_the_template_answer(llm_answerer, stub, answerer):
    stub.mode = "invent"
    d = llm_answerer.ask(CONTACT).to_dict()
    assert len(stub.requests) == 1
    assert d["writer"] == "template" and d["fallback"].startswith("check failed: line 1: number '99999'")
    assert "99999" not in d["answer"] and INVENTED not in d["answer"]
    assert d["answer"] == answerer.ask(CONTACT).answer.text and "0736-2691625" in d["answer"]


@pytest.mark.slow
@pytest.mark.parametrize("mode, reason", [("slow", "timeout after 1 s"), ("notjson", "bad reply: JSONDecodeError"),
                                          ("error", "HTTP 500"), ("nomarker", "no citation markers"),
                                          ("empty", "empty reply")])
def test_a_failed_reply_falls_back_with_its_reason(llm_answerer, stub, mode, reason):
    stub.mode = mode
    t0 = time.monotonic()
    d = llm_answerer.ask(CONTACT).to_dict()
    assert time.monotonic() - t0 < 2.5  # the 1 s timeout, no retries (the stub sleeps 3 s)
    assert d["writer"] == "template" and d["fallback"] == reason and "0736-2691625" in d["answer"]


@pytest.mark.slow
@pytest.mark.parametrize("question", ["今天天气怎么样？", "Who do I call?", "北京市的皮鞋掉底了找谁？"])
def test_a_refusal_never_calls_the_model(llm_answerer, stub, question):
    d = llm_answerer.ask(question).to_dict()
    assert d["refused"] and d["writer"] == "template" and "fallback" not in d
    assert stub.requests == []


@pytest.mark.slow
def test_stream_through_chatopenai_gives_the_checked_reply(llm_answerer, stub):
    a = llm_answerer
    _, query = a.understand(CONTACT, [], [])
    request = WriteRequest(query, a.res.retriever.search(query, 10), a.ctx)
    pieces = list(a.writer.stream(request))
    assert len(pieces) > 1 and stub.requests[0]["stream"] is True
    answer = a.writer.answer_from("".join(pieces), a.writer.passages(request))
    assert line_problems(answer, a.ctx.cited_text, a.policy.checks, a.ctx.bureau_names) == []
    stub.mode = "error"
    with pytest.raises(WriterFailed, match="HTTP 500"):
        list(a.writer.stream(request))


@pytest.mark.slow
def test_api_ask_reports_the_writer_and_the_fallback(llm_answerer, stub):
    from fastapi.testclient import TestClient

    from assistant.web.app import create_app
    from assistant.web.shared_answerer import SharedAnswerer

    # the server accepts loopback host names only
    client = TestClient(create_app(SharedAnswerer(answerer=llm_answerer), page=False), base_url="http://127.0.0.1")
    d = client.post("/api/ask", json={"question": CONTACT}).json()
    assert d["writer"] == "llm" and "fallback" not in d
    stub.mode = "invent"
    d = client.post("/api/ask", json={"question": CONTACT}).json()
    assert d["writer"] == "template" and d["fallback"].startswith("check failed") and "99999" not in d["answer"]


@pytest.mark.slow
def test_ask_json_with_the_llm_writer(built_index, stub):
    env = {"ASSISTANT_INDEX_DIR": str(built_index), "ASSISTANT_LLM_BASE_URL": stub.base_url,
           "ASSISTANT_LLM_MODEL": "stub-model", "ASSISTANT_LLM_TIMEOUT": "5"}
    p = run_cli(["ask", CONTACT, "--json", "--writer", "llm", "--no-build"], env, timeout=300)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["writer"] == "llm" and "fallback" not in d and d["answer"].split("\n")[0].endswith("[1]")
    stub.mode = "invent"
    p = run_cli(["ask", CONTACT, "--json", "--no-build"], {**env, "ASSISTANT_WRITER": "llm"}, timeout=300)
    d = json.loads(p.stdout)
    assert d["writer"] == "template" and d["fallback"].startswith("check failed") and "99999" not in d["answer"]
