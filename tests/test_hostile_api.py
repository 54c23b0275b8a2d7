"""The HTTP API as a hostile client and a careless operator see it, through real HTTP on
loopback against the session's `assistant serve` (tests/test_api.py): body limit, text cleaning,
browser protections, request log, served index digest, a property test over the request body,
and a port already in use."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_api import ROOT, SHOES, TRACE_MARKERS, ask, free_port, shared_server


@pytest.fixture(scope="session")
def server(tmp_path_factory, request):
    return shared_server(tmp_path_factory, request)


def assert_error(r: httpx.Response, status: int, words: str) -> None:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and words in body["error"], body
    assert not any(m in r.text for m in TRACE_MARKERS), r.text


def test_oversized_bodies_are_refused_before_parsing(server):
    huge = json.dumps({"question": "那罚款呢？", "history": [{"role": "user", "content": "皮" * 2_000_000}]}).encode()
    assert len(huge) > 6_000_000
    assert_error(ask(server, content=huge, headers={"content-type": "application/json"}), 413, "larger than 65536")
    chunked = iter([b'{"question": "' + b"x" * 65536] * 3)  # no Content-Length: counted while read
    try:
        r = ask(server, content=chunked, headers={"content-type": "application/json"})
        assert_error(r, 413, "larger than 65536")
    except httpx.WriteError:
        pass  # the server answered 413 and closed before the client finished sending
    assert ask(server, {"question": SHOES}).status_code == 200


def test_a_burst_of_large_requests_leaves_health_responsive(server):
    """45 large requests at once, then a health probe. The clients are made before the clock
    starts: each new httpx client loads its certificates (~75 ms of this process's CPU), and 46
    of them at once would time this process rather than the server."""
    body = json.dumps({"question": "那罚款呢？", "history": [{"role": "user", "content": "皮" * 10_000}]}).encode()
    with httpx.Client(timeout=60, limits=httpx.Limits(max_connections=45)) as burst, \
            httpx.Client(timeout=30) as probe:

        def one(_):
            return burst.post(f"{server.url}/api/ask", content=body,
                              headers={"content-type": "application/json"}).status_code

        with ThreadPoolExecutor(45) as pool:
            futures = [pool.submit(one, i) for i in range(45)]
            t0 = time.perf_counter()
            health = probe.get(f"{server.url}/api/health")
            health_s = time.perf_counter() - t0
            codes = [f.result() for f in futures]
    assert set(codes) == {422}
    assert health.status_code == 200 and health_s < 1.0, health_s


def test_lone_surrogates_controls_and_invisible_characters(server):
    raw = (b'{"question": "\\ud800\\u76ae\\u978b\\u6389\\u5e95\\u627e\\u8c01\\u0000", "id": "q\\udfff", '
           b'"history": [{"role": "user", "content": "\\udc00\\u9ad8\\u6863"}]}')
    r = ask(server, content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["question"] == "皮鞋掉底找谁" and body["id"] == "q"
    plain = ask(server, {"question": "皮鞋掉底找谁"}).json()
    hidden = ask(server, {"question": "皮\u200b鞋\u202e掉\u2066底找\ufeff谁\x07"}).json()
    assert hidden["question"] == "皮鞋掉底找谁"
    assert hidden["answer"] == plain["answer"] and hidden["citations"] == plain["citations"]
    assert not plain["refused"]
    only_invisible = json.dumps({"question": "\ud800\x00\u200b"}).encode()  # ensure_ascii keeps \ud800 as an escape
    assert_error(ask(server, content=only_invisible, headers={"content-type": "application/json"}), 422, "empty")


def test_security_headers_host_origin_uploads_and_cors(server):
    r = httpx.get(f"{server.url}/", timeout=30)
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    api = httpx.get(f"{server.url}/api/health", timeout=30)
    assert api.headers["content-security-policy"].startswith("default-src 'none'") and api.headers["x-frame-options"] == "DENY"
    assert_error(httpx.get(f"{server.url}/api/health", headers={"host": "evil.example"}, timeout=30), 400, "Host")
    assert_error(httpx.get(f"{server.url}/", headers={"host": "evil.example:7860"}, timeout=30), 400, "Host")
    assert httpx.get(f"{server.url}/api/health", headers={"host": "localhost"}, timeout=30).status_code == 200
    for origin in ("http://evil.example", "http://localhost:3000", "null"):
        assert_error(ask(server, {"question": SHOES}, headers={"origin": origin}), 403, "cross-origin")
    assert ask(server, {"question": SHOES}, headers={"origin": server.url}).status_code == 200
    r = httpx.post(f"{server.url}/gradio_api/upload", files={"files": ("a.txt", b"0" * 1000)}, timeout=30)
    assert_error(r, 403, "uploads are disabled")
    for method, path in (("OPTIONS", "/api/ask"), ("GET", "/"), ("GET", "/gradio_api/info"), ("GET", "/config")):
        r = httpx.request(method, f"{server.url}{path}", timeout=30,
                          headers={"origin": "http://localhost:3000", "access-control-request-method": "POST"})
        assert not [k for k in r.headers if k.lower().startswith("access-control-allow")], (path, r.headers)


def test_answers_carry_the_served_index_digest(server):
    health = httpx.get(f"{server.url}/api/health", timeout=30).json()
    assert health["status"] == "ok"
    digest = health["index_digest"]
    assert len(digest) == 16 and health["serving"]["index_digest"] == digest
    assert ask(server, {"question": SHOES}).json()["index_digest"] == digest


def log_lines(server) -> list[dict]:
    out = []
    for line in server.log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


def test_one_structured_log_line_per_request(server):
    r = ask(server, {"question": "文安县质量月活动的联系电话是多少？", "id": "log-probe"})
    bad = ask(server, {"question": ""})
    rid = r.headers["x-request-id"]
    assert len(rid) == 16 and rid != bad.headers["x-request-id"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = {line.get("request_id"): line for line in log_lines(server)}
        if rid in lines and bad.headers["x-request-id"] in lines:
            break
        time.sleep(0.2)
    line = lines[rid]
    assert line["route"] == "/api/ask" and line["status"] == 200 and line["method"] == "POST"
    assert line["latency_ms"] > 0 and line["index_digest"] == r.json()["index_digest"]
    assert line["refused"] is False and "文安县" in line["bureau"] and line["writer"]
    assert "question" not in line  # only with --log-questions
    assert lines[bad.headers["x-request-id"]]["status"] == 422
    assert "文安县质量月活动" not in server.log.read_text(encoding="utf-8", errors="replace")


def test_reload_is_loopback_only_and_reports_the_digest(server):
    r = httpx.post(f"{server.url}/api/reload", timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error"] is None and body["index_digest"] == httpx.get(f"{server.url}/api/health").json()["index_digest"]


# any code point (lone surrogates included) mixed with question words and the troublesome marks
question_text = st.text(st.one_of(st.characters(exclude_categories=[]),
                                  st.sampled_from(list("皮鞋掉底找谁电话罚款文安县呢？\u200b\u202e\ufeff\x00\x1b\ud800\udfff"))),
                        max_size=60)
message = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "bot"]), "content": question_text})
bodies = st.one_of(
    st.fixed_dictionaries({"question": question_text},
                          optional={"history": st.one_of(st.none(), st.lists(message, max_size=4), st.text(max_size=5)),
                                    "bureau": st.one_of(st.none(), st.sampled_from(["文安县", "全部", "北京市"]), st.integers()),
                                    "id": st.one_of(st.none(), st.integers(), question_text)}),
    st.recursive(st.none() | st.booleans() | st.integers() | question_text,
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                 max_leaves=8),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies)
def test_property_any_json_body_gets_a_json_answer_never_5xx(server, body):
    raw = json.dumps(body, ensure_ascii=True).encode()  # \ud800-style escapes reach the server as written
    r = ask(server, content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (200, 413, 422), (r.status_code, r.text[:300], body)
    data = r.json()
    if r.status_code == 200:
        assert {"answer", "citations", "index_digest"} <= set(data)
        assert "\x00" not in r.text and "\\u0000" not in r.text
    else:
        assert set(data) == {"error"}


def test_port_in_use_is_reported_before_serving(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(ROOT), ASSISTANT_INDEX_DIR=str(tmp_path / "no-index"))
        t0 = time.monotonic()
        r = subprocess.run([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--no-build"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 4, r.stderr
    assert f"port {port}" in r.stderr and "in use" in r.stderr and "serving on" not in r.stderr
    assert "Traceback" not in r.stderr and time.monotonic() - t0 < 30
    assert not (tmp_path / "no-index").exists()
    assert free_port()  # the machine still hands out ports
