"""A local stand-in for an OpenAI-compatible chat server (POST /v1/chat/completions) on
127.0.0.1, for end-to-end runs of the LLM writer through ChatOpenAI. The reply depends on
`mode`, set per test:

  pass     a line copied verbatim from passage [1] of the request, with the marker [1]
  invent   the same line with an invented fine (99999元) added
  nomarker the same line without any marker
  empty    an empty reply
  slow     sleeps `delay` seconds, then answers like `pass`
  hold     waits until `release` is set (at most a minute), then answers like `pass`
  notjson  HTTP 200 with a body that is not JSON
  error    HTTP 500

A request with "stream": true gets the reply as server-sent events, a few characters each.
`requests` counts the chat requests received; `waiting` counts those held right now.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INVENTED = "罚款99999元"
_PASSAGE_1 = re.compile(r"^\[1\] .*\n((?:.+\n?)+)", re.MULTILINE)


def first_line_of_passage_1(prompt: str) -> str:
    """The first line of passage [1] that has some words (headings and numerals alone skipped)."""
    m = _PASSAGE_1.search(prompt)
    lines = [line.strip() for line in m.group(1).split("\n")] if m else []
    return next((line for line in lines if len(re.findall(r"[\u4e00-\u9fff]", line)) >= 6 and line != "……"),
                lines[0] if lines else "")


class LlmStub:
    def __init__(self) -> None:
        self.mode = "pass"
        self.delay = 3.0
        self.requests: list[dict] = []
        self.release = threading.Event()
        self.waiting = 0
        self._count = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> LlmStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def reply_text(self, body: dict) -> str:
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "user")
        line = first_line_of_passage_1(prompt)
        if self.mode == "invent":
            return f"{line}，{INVENTED}[1]"
        if self.mode == "nomarker":
            return line
        if self.mode == "empty":
            return ""
        return f"{line}[1]"

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, b'{"error": {"message": "not found"}}')
                stub.requests.append(body)
                if stub.mode == "slow":
                    time.sleep(stub.delay)
                if stub.mode == "hold":
                    with stub._count:
                        stub.waiting += 1
                    stub.release.wait(60)
                    with stub._count:
                        stub.waiting -= 1
                if stub.mode == "error":
                    return self._send(500, b'{"error": {"message": "model crashed", "type": "server_error"}}')
                if stub.mode == "notjson":
                    return self._send(200, b"<html>upstream proxy error</html>")
                text = stub.reply_text(body)
                if body.get("stream"):
                    return self._stream(body, text)
                reply = {"id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
                         "model": body.get("model", "stub"),
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                      "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                self._send(200, json.dumps(reply, ensure_ascii=False).encode("utf-8"))

            def _stream(self, body: dict, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [text[i:i + 4] for i in range(0, len(text), 4)]
                for piece in pieces:
                    event = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": body.get("model", "stub"),
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()
                done = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
                        "model": body.get("model", "stub"), "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()
                self.close_connection = True

        return Handler
