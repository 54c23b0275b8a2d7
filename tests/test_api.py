"""The HTTP API through real HTTP on loopback: `assistant serve` runs in a subprocess on a free
port, against an index in a tmp folder (a copy of the repo's index when it is current, else
built there by `serve` itself), so nothing is written into the repo. No mocks.

`shared_server` is also used by tests/test_browser.py: one server per test session.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOES = "在商场买的皮鞋掉底了找谁？"
SHOES_SOURCE = "002_0b6741967b43ba95.txt"
START_TIMEOUT = 300  # seconds; building an index from scratch takes ~40 s on 2 cores
CONTRACT_KEYS = {"id", "question", "answer", "refused", "citations", "retrieved", "latency_ms"}
TRACE_MARKERS = ("Traceback", 'File "', "pydantic", "Exception")


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path
    index_dir: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def log_tail(self, n: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-n:]


_SERVER: dict[str, Server] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_index(target: Path) -> None:
    """Copy the repo's index into `target` when it is current; otherwise `serve` builds it there."""
    from assistant.corpus.load import load_corpus
    from assistant.search.index import IndexProblem, check_index

    try:
        check_index(ROOT / "index", load_corpus(ROOT / "corpus").digest)
    except IndexProblem:
        return
    shutil.copytree(ROOT / "index", target)


def start_server(workdir: Path) -> Server:
    index_dir = workdir / "index"
    prepare_index(index_dir)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), ASSISTANT_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    env.setdefault("ASSISTANT_EMBEDDER", "use-multilingual")
    env.pop("ASSISTANT_CORPUS_DIR", None)
    log = workdir / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)],
                                cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log, index_dir)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`assistant serve` exited with code {proc.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=5).status_code in (200, 503):
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    server.stop()
    pytest.fail(f"`assistant serve` did not answer within {START_TIMEOUT} s:\n{server.log_tail()}")


def shared_server(tmp_path_factory, request) -> Server:
    """One server for the whole session (API and browser tests); stopped at the session's end."""
    if "server" not in _SERVER:
        _SERVER["server"] = start_server(tmp_path_factory.mktemp("serve"))
        request.addfinalizer(lambda: _SERVER.pop("server").stop())
    return _SERVER["server"]


@pytest.fixture(scope="session")
def server(tmp_path_factory, request) -> Server:
    return shared_server(tmp_path_factory, request)


def ask(server: Server, payload=None, **kw) -> httpx.Response:
    if payload is not None:
        kw["json"] = payload
    return httpx.post(f"{server.url}/api/ask", timeout=60, **kw)


def test_ask_leather_shoes(server):
    r = ask(server, {"question": SHOES})
    assert r.status_code == 200, r.text
    body = r.json()
    assert CONTRACT_KEYS <= set(body), body.keys()
    assert body["question"] == SHOES and body["refused"] is False
    assert "工商" in body["answer"]
    assert body["citations"], body
    assert {c["source"] for c in body["citations"]} == {SHOES_SOURCE}
    for c in body["citations"]:
        assert set(c) == {"source", "start_line", "end_line", "bureau", "section", "quote", "locator"}
        assert 1 <= c["start_line"] <= c["end_line"]
    assert len(body["retrieved"]) <= 10


def test_ask_matches_the_cli(server):
    """POST /api/ask returns the same object as `assistant ask --json` (apart from latency)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), ASSISTANT_INDEX_DIR=str(server.index_dir))
    cli = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "--no-build", SHOES],
                         env=env, capture_output=True, text=True, timeout=300, check=True)
    expected, got = json.loads(cli.stdout), ask(server, {"question": SHOES}).json()
    expected.pop("latency_ms"), got.pop("latency_ms")
    assert len(got.pop("index_digest")) == 16
    assert got == expected


def test_bureau_and_history(server):
    r = ask(server, {"question": "文安县特种设备作业人员培训和发证的电话是多少？", "bureau": "文安县", "id": "q1"})
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["id"] == "q1" and first["citations"]
    assert all(c["source"].startswith("001_") for c in first["citations"])
    history = [{"role": "user", "content": SHOES}, {"role": "assistant", "content": "流通领域产品质量问题应向工商部门投诉。"}]
    r = ask(server, {"question": "那如果问题出在鞋厂的生产环节呢？", "history": history})
    assert r.status_code == 200, r.text
    assert r.json()["answer"]


def test_health(server):
    from assistant.corpus.load import load_corpus

    r = httpx.get(f"{server.url}/api/health", timeout=30)
    assert r.status_code == 200, r.text
    h = r.json()
    assert h["status"] == "ok" and h["message"] is None
    assert h["corpus_digest"] == load_corpus(ROOT / "corpus").digest == h["index_corpus_digest"]
    assert h["embedder"] and h["n_chunks"] > 0 and h["answerer_loaded"] is True
    assert h["serving"]["corpus_digest"] == h["corpus_digest"]


def test_docs_and_page(server):
    docs = httpx.get(f"{server.url}/docs", timeout=30)
    assert docs.status_code == 200 and "/docs-static/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    assert httpx.get(f"{server.url}/docs-static/swagger-ui-bundle.js", timeout=30).status_code == 200  # served offline
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert "/api/ask" in spec["paths"] and "/api/health" in spec["paths"]
    assert "422" in spec["paths"]["/api/ask"]["post"]["responses"]
    # the bureau field names the manifest's bureaus, not a list written into the code
    bureau_doc = spec["components"]["schemas"]["AskRequest"]["properties"]["bureau"]["description"]
    assert all(name in bureau_doc for name in ("常德市", "文安县", "定安县", "博山区", "衡水市"))
    page = httpx.get(f"{server.url}/", timeout=30)
    assert page.status_code == 200 and "<html" in page.text.lower()


BAD_REQUESTS = {
    "missing question": ({"json": {"bureau": "文安县"}}, "question"),
    "empty question": ({"json": {"question": ""}}, "empty"),
    "blank question": ({"json": {"question": "   \n"}}, "empty"),
    "1,001 characters": ({"json": {"question": "皮" * 1001}}, "1000"),
    "symbols only": ({"json": {"question": "？？！！"}}, "punctuation"),
    "question is a number": ({"json": {"question": 123}}, "question"),
    "question is null": ({"json": {"question": None}}, "question"),
    "history is a string": ({"json": {"question": SHOES, "history": "x"}}, "history"),
    "history item malformed": ({"json": {"question": SHOES, "history": [{"role": "bot"}]}}, "history"),
    "bureau is a number": ({"json": {"question": SHOES, "bureau": 5}}, "bureau"),
    "unknown bureau": ({"json": {"question": SHOES, "bureau": "北京市"}}, "bureau"),
    "invalid JSON": ({"content": b'{"question": ', "headers": {"content-type": "application/json"}}, "JSON"),
    "body is a list": ({"json": [SHOES]}, "JSON object"),
    "no body": ({}, "body"),
    "not JSON content": ({"content": SHOES.encode(), "headers": {"content-type": "text/plain"}}, "JSON"),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_bad_requests(server, case):
    kwargs, expected = BAD_REQUESTS[case]
    r = ask(server, **kwargs)
    assert r.status_code == 422, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"error"} and isinstance(body["error"], str)
    assert expected in body["error"], body["error"]
    assert len(body["error"]) < 300
    assert not any(m in r.text for m in TRACE_MARKERS), r.text


def test_unknown_route_and_method(server):
    r = httpx.get(f"{server.url}/api/ask", timeout=30)
    assert r.status_code == 405 and "POST" in r.json()["error"]
    r = httpx.get(f"{server.url}/api/nothing", timeout=30)
    assert r.status_code == 404 and "error" in r.json()


def test_concurrent_requests(server):
    questions = [SHOES, "没资格承揽设备监理业务罚多少？", "定安县标准日活动打什么电话？", "博山区质监局办行政许可时擅自收费，会怎么处理？"] * 4
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda q: ask(server, {"question": q}), questions))
    assert [r.status_code for r in responses] == [200] * len(questions)
    assert [r.json()["question"] for r in responses] == questions
    assert responses[0].json()["answer"] == responses[4].json()["answer"]


# --- rendering for the page: corpus text is text, never HTML ---------------------------------

def test_render_escapes_corpus_html():
    from assistant.web import render

    cite = {"source": "003_96b6d37a1365f6e3.txt", "start_line": 32, "end_line": 32, "bureau": "博山区", "section": "a > b",
            "lines": [(32, "<p>组织产品质量监督检查工作</p> <script>alert(1)</script> ${x} {{y}}")]}
    html = render.sources_html([{"question": "<b>问</b>", "answer": "", "refused": False, "citations": [cite]}])
    assert "&lt;p&gt;组织产品质量监督检查工作&lt;/p&gt;" in html
    assert "<p>组织" not in html and "<script>" not in html and "<b>问" not in html
    assert "${" not in html and "{{" not in html
    md = render.chat_answer({"answer": "见 <p>原文</p>", "refused": True, "citations": [cite]})
    assert "&lt;p&gt;原文&lt;/p&gt;" in md and render.REFUSED_MARK in md and "<p>" not in md
    md = render.chat_answer({"answer": "找县工商局：受理投诉[1]\n（定安县的清单）", "refused": False, "citations": []})
    assert md.split("\n")[0] == "**找县工商局：受理投诉[1]**" and "（定安县的清单）" in md  # the answer stands out


def test_chat_answer_folds_all_but_the_first_line():
    from assistant.web import render

    cite = {"source": "002_0b6741967b43ba95.txt", "start_line": 329, "end_line": 329, "bureau": "定安县", "section": "申诉处理",
            "locator": "第329行"}
    answer = ("找县工商局：受理投诉[1]\n（定安县的清单）\n\n案例：*皮鞋* [退货](http://example.org) <b>未果</b>[1]\n"
              "</div></details><img src=x>\n   \n注（非清单内容）：12365并入12315。")
    md = render.chat_answer({"answer": answer, "refused": False, "citations": [cite]})
    first, _, rest = md.partition("\n\n")
    assert first == "**找县工商局：受理投诉[1]**"
    fold, _, after = rest.partition("</details>")
    assert fold.startswith('<details class="answer-more"><summary>依据与详情</summary><div class="answer-rest">（定安县的清单）\n案例：')
    assert fold.endswith("注（非清单内容）：12365并入12315。</div>")
    # no blank line inside: Markdown reads the fold as one raw HTML block and its text as text
    assert "\n\n" not in fold and "\n \n" not in fold
    assert "&lt;b&gt;未果&lt;/b&gt;" in fold and "&lt;/div&gt;&lt;/details&gt;&lt;img src=x&gt;" in fold
    assert "<b>" not in md and "<img" not in md and md.count("</details>") == 1
    # the citations stay in view, after the fold
    assert after.startswith("\n\n**引用**") and "[1] 定安县 › 申诉处理 — 002_0b6741967b43ba95.txt 第329行" in after
    # one line has nothing to fold; a refusal is shown whole, every line in the warning quote
    assert "<details" not in render.chat_answer({"answer": "只有一行[1]", "refused": False, "citations": [cite]})
    refused = render.chat_answer({"answer": "清单中没有这方面的内容。\n可拨打12345。", "refused": True, "citations": []})
    assert refused == f"> **{render.REFUSED_MARK}**\n>\n> 清单中没有这方面的内容。\n> 可拨打12345。"


# --- `assistant serve` options ---------------------------------------------------------------

def test_serve_defaults_to_loopback():
    from assistant.cli import build_parser
    from assistant.cli.serve_cmd import is_loopback

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 7860)
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.org"))


def test_serve_warns_beyond_loopback_and_refuses_missing_index(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), ASSISTANT_INDEX_DIR=str(tmp_path / "no-index"))
    r = subprocess.run([sys.executable, "-m", "assistant", "serve", "--host", "0.0.0.0", "--port", str(free_port()),
                        "--no-build"],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 3, r.stderr
    assert "warning" in r.stderr and "0.0.0.0" in r.stderr
    assert "no index" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "no-index").exists()
