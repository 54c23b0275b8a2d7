"""One JSON line per HTTP request on the `assistant.requests` logger.

Fields: time, request_id (also sent back as the X-Request-ID header), method, route, status,
latency_ms, and for answers bureau, refused, writer, index_digest. The question text is logged
only when the server was started with `--log-questions` (questions can hold personal data).
Handlers add fields through `request.state.log` (a dict this middleware puts in the scope).
"""

from __future__ import annotations

import json
import logging
import time
import uuid

log = logging.getLogger("assistant.requests")
ANSWER_FIELDS = ("bureau", "refused", "writer", "index_digest", "error")


def log_line(fields: dict, log_questions: bool) -> None:
    if not log_questions:
        fields.pop("question", None)
    log.info(json.dumps(fields, ensure_ascii=False, default=str))


class RequestLog:
    def __init__(self, app, log_questions: bool = False):
        self.app = app
        self.log_questions = log_questions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = uuid.uuid4().hex[:16]
        extra: dict = {}
        scope.setdefault("state", {})
        scope["state"]["log"] = extra
        scope["state"]["request_id"] = request_id
        t0 = time.perf_counter()
        status = 500

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            fields = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "request_id": request_id,
                      "method": scope["method"], "route": scope["path"], "status": status,
                      "latency_ms": round((time.perf_counter() - t0) * 1000, 1)}
            fields.update({k: extra[k] for k in (*ANSWER_FIELDS, "question") if k in extra})
            log_line(fields, self.log_questions)
