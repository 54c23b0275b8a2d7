"""The JSON API: `POST /api/ask`, `GET /api/health`, `POST /api/reload` (loopback only).

A body over 64 KB gets 413 before it is parsed (see limits); every bad request — missing field,
wrong type, invalid JSON, empty / over-long / symbols-only question, unknown place or bureau, malformed
or over-long history — gets **422** with a body `{"error": "<message>"}`; never a stack trace. More
waiting requests than the queue holds get 429 (retry shortly). An unexpected failure gets 500
`{"error": ...}` (details go to the server log only).

`/api/ask` checks and cleans a request before it queues for the answerer (see gate), and every
answer carries `index_digest`, the fingerprint of the index it was answered from.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer.chat import HistoryError
from assistant.answer.inputs import InputError
from assistant.web.gate import AnswerGate, Busy
from assistant.web.health import index_health

BAD_REQUEST = 422
log = logging.getLogger("assistant.web")


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "在商场买的皮鞋掉底了找谁？"}]})

    question: StrictStr = Field(description="the question, in Chinese (1–1000 characters; a story over 120 is "
                                "answered from its asking sentence and what fits before it)")
    history: list[Any] | None = Field(None, description='earlier turns, at most 20: '
                                       '[{"role": "user"|"assistant", "content": "…"}]; '
                                       'a user turn at most 1000 characters, an answer at most 4000')
    place: StrictStr | None = Field(None, description="全部 (default), a place path such as 河北省/廊坊市/文安县, or the "
                                     "name of a province, city, county or bureau: only the lists under it answer")
    bureau: StrictStr | None = Field(None, description="全部 (default) or one of the manifest's bureaus (listed in /docs); "
                                      "the same as `place`, kept for existing callers")
    id: StrictStr | StrictInt | None = Field(None, description="echoed back as `id`")


class Citation(BaseModel):
    source: str
    start_line: int
    end_line: int
    bureau: str
    section: str
    quote: str = ""
    locator: str = ""


class Clarify(BaseModel):
    question: str = Field(description="which place the caller is in, e.g. 您在哪个市/县？")
    options: list[str] = Field(description="the candidate places; send one back as the next question (with the history)")


class AskResponse(BaseModel):
    """The same object `assistant ask --json` prints."""

    id: str | int | None
    question: str
    answer: str
    refused: bool
    writer: str = Field("template", description="the writer whose text this is (template or llm)")
    fallback: str | None = Field(None, description="why the requested writer's text was not used, when it was not")
    bureau: str | None = Field(None, description="present when the answer comes from one or more bureaus")
    citations: list[Citation]
    retrieved: list[dict]
    latency_ms: float
    index_digest: str = Field(description="fingerprint of the index this answer came from (as in /api/health)")
    clarify: Clarify | None = Field(None, description="present only when several places' lists answer alike and no "
                                    "place is known: the answer is from the best-matching list, which it names")


class ErrorBody(BaseModel):
    error: str


ERRORS = {BAD_REQUEST: {"model": ErrorBody, "description": "bad request: the message says what is wrong"},
          413: {"model": ErrorBody, "description": "the request body is larger than 64 KB"},
          429: {"model": ErrorBody, "description": "too many requests are waiting; retry in a moment"},
          500: {"model": ErrorBody, "description": "unexpected server error (details in the server log)"}}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def describe_validation(errors: list[dict]) -> str:
    """A short message for pydantic/FastAPI validation errors (no input echo, no internals)."""
    parts = []
    for e in errors[:3]:
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        kind = e.get("type", "")
        if kind == "json_invalid":
            return f"the request body is not valid JSON ({(e.get('ctx') or {}).get('error', 'cannot parse it')})"
        if not loc:
            if kind == "missing":
                return 'the request body is missing; send JSON like {"question": "…"}'
            if isinstance(e.get("input"), bytes):
                return 'the request body must be JSON sent as Content-Type: application/json, like {"question": "…"}'
            return 'the request body must be a JSON object like {"question": "…"}'
        field = ".".join(loc)
        if kind == "missing":
            parts.append(f"{field}: this field is required")
        elif kind in ("string_type", "list_type", "int_type", "dict_type"):
            wanted = {"string_type": "a string", "list_type": "a list", "int_type": "an integer", "dict_type": "an object"}[kind]
            parts.append(f"{field}: must be {wanted}")
        else:
            parts.append(f"{field}: {e.get('msg', 'invalid value')}")
    return "; ".join(dict.fromkeys(parts)) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):
        return error(BAD_REQUEST, describe_validation(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error(500, "internal error while answering; the server log has the details")


def is_loopback_client(request: Request) -> bool:
    try:
        return request.client is not None and ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


def make_router(engine, gate: AnswerGate | None = None) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])
    gate = gate or AnswerGate()
    writer_slots: list[anyio.CapacityLimiter] = []  # made on first use, inside the event loop

    @router.post("/ask", response_model=AskResponse, responses=ERRORS, summary="Answer one question with citations")
    async def ask(req: AskRequest, request: Request):
        """Checked in a worker thread, queued in the gate (small requests first), drafted in a
        worker thread under the answerer's lock, then reworded by the writer (the LLM writer's
        model call) after the gate and the lock are released. 422 for any bad request."""
        note = getattr(request.state, "log", {})
        note["question"] = req.question
        if req.place is not None and req.bureau is not None and req.place != req.bureau:
            return error(BAD_REQUEST, "give either place or bureau, not both")
        place = req.place if req.place is not None else req.bureau
        try:
            prepared = await anyio.to_thread.run_sync(engine.prepare, req.question, req.history, place, req.id)
        except (InputError, HistoryError) as exc:
            note["error"] = str(exc)
            return error(BAD_REQUEST, str(exc))
        try:
            await gate.acquire(prepared.cost)
        except Busy as exc:
            return JSONResponse({"error": str(exc)}, 429, headers={"Retry-After": "1"})
        try:
            drafted = await anyio.to_thread.run_sync(engine.draft, prepared)
        finally:
            gate.release()
        if drafted.needs_writer:  # waits for a writer slot as a parked coroutine, not a thread
            if not writer_slots:
                writer_slots.append(anyio.CapacityLimiter(engine.writer_calls))
            result, digest = await anyio.to_thread.run_sync(engine.finish, drafted, limiter=writer_slots[0])
        else:
            result, digest = engine.finish(drafted)
        body = result.to_dict()
        body["index_digest"] = digest
        note.update(bureau=body.get("bureau", ""), refused=body["refused"], index_digest=digest,
                    writer=body.get("writer", "template"))
        return JSONResponse(body)

    @router.get("/health", summary="Index status: ok / missing / stale / corrupt / reload_needed",
                responses={503: {"description": "the index is not usable, or differs from the one being served"}})
    def health():
        report = index_health(engine)
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    @router.post("/reload", summary="Serve the index on disk from the next request on (loopback clients only)",
                 responses={403: {"model": ErrorBody, "description": "not called from this machine"}})
    async def reload(request: Request):
        if not is_loopback_client(request):
            return error(403, "reload is allowed only from this machine (loopback)")
        before = engine.digest
        ok = await anyio.to_thread.run_sync(engine.reload)
        body = {"reloaded": ok or engine.digest != before, "index_digest": engine.digest,
                "previous_index_digest": before, "error": engine.reload_error}
        return JSONResponse(body, status_code=200 if engine.reload_error is None else 503)

    allowed = {"ask": "POST", "health": "GET", "reload": "POST"}

    @router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def elsewhere(rest: str, request: Request):
        """Anything else under /api/ gets a JSON 404/405 instead of falling through to the page."""
        if rest.strip("/") in allowed:
            method = allowed[rest.strip("/")]
            return JSONResponse({"error": f"use {method} for /api/{rest.strip('/')}"}, 405, headers={"Allow": method})
        return error(404, f"no such endpoint: {request.method} /api/{rest} (see /docs)")

    return router
