"""Places through real HTTP: `/api/ask` takes a place (a path or a name) as well as `bureau`, and
carries `clarify` only when it asks which place the caller is in. Uses the shared `assistant
serve` subprocess of tests/test_api.py."""

from __future__ import annotations

import httpx
import pytest
from test_api import ask, shared_server

pytestmark = pytest.mark.slow
MONTH = "质量月活动是每年几月份？"


@pytest.fixture(scope="session")
def server(tmp_path_factory, request):
    return shared_server(tmp_path_factory, request)


def test_a_place_path_limits_the_answer_and_asks_nothing_back(server):
    for payload in ({"place": "河北省/廊坊市/文安县"}, {"place": "文安"}, {"bureau": "河北省/廊坊市/文安县"}):
        r = ask(server, {"question": MONTH, **payload})
        assert r.status_code == 200, r.text
        body = r.json()
        assert {c["source"][:4] for c in body["citations"]} == {"001_"} and "clarify" not in body, payload


def test_clarify_and_its_options_sent_back(server):
    first = ask(server, {"question": MONTH}).json()
    clarify = first["clarify"]
    assert set(clarify) == {"question", "options"} and clarify["question"].endswith("您在哪个市/县？")
    assert {"文安县", "定安县"} <= set(clarify["options"]) and len(clarify["options"]) <= 6
    history = [{"role": "user", "content": MONTH}, {"role": "assistant", "content": first["answer"]}]
    r = ask(server, {"question": "文安县", "history": history})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body["refused"] and {c["source"][:4] for c in body["citations"]} == {"001_"} and "clarify" not in body
    # 定安's row names the activity but no month: the answer says so, citing 定安's row and no other list's month
    body = ask(server, {"question": "定安县", "history": history}).json()
    assert body["answer"].startswith("定安县质量技术监督局的清单没有写明月份") and "9月" not in body["answer"]
    assert {c["source"][:4] for c in body["citations"]} == {"002_"} and "clarify" not in body


def test_bad_places_are_422(server):
    for payload, words in (({"question": MONTH, "place": "北京市"}, "unknown bureau"),
                           ({"question": MONTH, "place": "河北省/长沙市"}, "unknown bureau"),
                           ({"question": MONTH, "place": "文安县", "bureau": "衡水市"}, "either place or bureau"),
                           ({"question": MONTH, "place": 3}, "place")):
        r = ask(server, payload)
        assert r.status_code == 422 and words in r.json()["error"], (payload, r.text)


def test_the_schema_documents_place_and_clarify(server):
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    schemas = spec["components"]["schemas"]
    assert "河北省/廊坊市/文安县" in schemas["AskRequest"]["properties"]["place"]["description"]
    assert "clarify" in schemas["AskResponse"]["properties"] and set(schemas["Clarify"]["properties"]) == {"question", "options"}
