"""The LLM writer's model call runs outside the answer lock and the answer gate: while a reply
is held back by the local chat-completions stub, a question the template answers alone and
`/api/health` are answered; at most `ASSISTANT_LLM_MAX_CALLS` model calls run at once. The
stub holds its reply until the test releases it, so what is asserted is the order of events,
never a duration."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from langchain_core.messages import AIMessage

from assistant.answer.writers.llm import LlmWriter
from tests.llm_stub import LlmStub
from tests.test_llm_writer import CONTACT, LLM_ENV, tiny_request

OUT_OF_SCOPE = "今天天气怎么样？"  # refused after retrieval and the scope check: never a model call
SHOES = "在商场买的皮鞋掉底了找谁？"


def wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Poll until `condition()` holds; a test that never gets there fails instead of hanging."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.01)


class HeldModel:
    """A chat model whose replies wait for `go`; it counts the calls inside it at once."""

    def __init__(self, reply: str):
        self.reply, self.go = reply, threading.Event()
        self.inside = self.most = 0
        self.lock = threading.Lock()

    def invoke(self, messages):
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        self.go.wait(60)
        with self.lock:
            self.inside -= 1
        return AIMessage(self.reply)


def test_at_most_max_calls_model_calls_run_at_once():
    model = HeldModel("资格认定由常德市质监局特安科承办[1]。")
    writer = LlmWriter(follow_template=False, model=model, max_calls=2)
    threads = [threading.Thread(target=writer.write, args=(tiny_request(),)) for _ in range(3)]
    for t in threads:
        t.start()
    wait_for(lambda: model.inside == 2, "two calls inside the model")
    threads[-1].join(0.5)  # time for a third call to get in, if nothing stopped it
    assert model.inside == 2 and sum(t.is_alive() for t in threads) == 3
    model.go.set()
    for t in threads:
        t.join(30)
    assert model.most == 2 and not any(t.is_alive() for t in threads)


def test_max_calls_comes_from_the_environment(monkeypatch):
    from assistant.answer.writers import WriterError, get_writer

    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen")
    assert get_writer("llm").max_calls == 4
    monkeypatch.setenv("ASSISTANT_LLM_MAX_CALLS", "1")
    assert get_writer("llm").max_calls == 1
    for bad in ("0", "two", "-3"):
        monkeypatch.setenv("ASSISTANT_LLM_MAX_CALLS", bad)
        with pytest.raises(WriterError, match="ASSISTANT_LLM_MAX_CALLS must be a whole number"):
            get_writer("llm")


@pytest.fixture
def held_stub(monkeypatch):
    s = LlmStub().start()
    s.mode = "hold"
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", s.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "stub-model")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "60")
    monkeypatch.setenv("ASSISTANT_LLM_MAX_CALLS", "1")
    yield s
    s.release.set()
    s.stop()


@pytest.mark.slow
def test_a_held_model_call_blocks_neither_a_template_answer_nor_health(resources, held_stub):
    from fastapi.testclient import TestClient

    from assistant.answer.pipeline import Answerer
    from assistant.web.app import create_app
    from assistant.web.shared_answerer import SharedAnswerer

    stub = held_stub
    engine = SharedAnswerer(answerer=Answerer(resources, writer="llm"))
    app = create_app(engine, page=False)
    with TestClient(app, base_url="http://127.0.0.1") as client, ThreadPoolExecutor(4) as pool:
        first = pool.submit(client.post, "/api/ask", json={"question": CONTACT})
        wait_for(lambda: stub.waiting == 1, "the first model call reaching the stub")
        second = pool.submit(client.post, "/api/ask", json={"question": SHOES})  # needs the one model slot

        # while the model holds its reply: the answer lock is free, and so are the gate and the threads
        refused = client.post("/api/ask", json={"question": OUT_OF_SCOPE})
        health = client.get("/api/health")
        assert refused.status_code == 200, refused.text
        body = refused.json()
        assert body["refused"] and body["writer"] == "template" and "fallback" not in body
        assert health.status_code in (200, 503) and "status" in health.json()
        with engine._ask_lock:  # taken at once: no request holds it while the model writes
            pass
        assert not first.done() and not second.done()
        assert stub.waiting == 1 and len(stub.requests) == 1  # ASSISTANT_LLM_MAX_CALLS=1: the second waits its turn

        stub.release.set()
        answers = [f.result(60) for f in (first, second)]
    assert [r.status_code for r in answers] == [200, 200]
    for r in answers:
        d = r.json()
        assert d["writer"] == "llm" and "fallback" not in d and d["index_digest"] == engine.digest
    assert len(stub.requests) == 2
