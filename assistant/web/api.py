"""The JSON API: `POST /api/ask`, `GET /api/health`.

Every bad request — missing field, wrong type, invalid JSON, empty / over-long / symbols-only
question, unknown bureau, malformed history — gets **422** with a body `{"error": "<message>"}`;
never a stack trace. An unexpected failure gets 500 `{"error": ...}` (details go to the server
log only).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer.chat import HistoryError
from assistant.answer.pipeline import InputError
from assistant.web.health import index_health

BAD_REQUEST = 422
log = logging.getLogger("assistant.web")


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "在商场买的皮鞋掉底了找谁？"}]})

    question: StrictStr = Field(description="the question, in Chinese (1–2000 characters)")
    history: list[Any] | None = Field(None, description='earlier turns: [{"role": "user"|"assistant", "content": "…"}]')
    bureau: StrictStr | None = Field(None, description="全部 (default) or one of 常德市, 文安县, 定安县, 博山区, 衡水市")
    id: StrictStr | StrictInt | None = Field(None, description="echoed back as `id`")


class Citation(BaseModel):
    source: str
    start_line: int
    end_line: int
    bureau: str
    section: str
    quote: str = ""
    locator: str = ""


class AskResponse(BaseModel):
    """The same object `assistant ask --json` prints."""

    id: str | int | None
    question: str
    answer: str
    refused: bool
    bureau: str | None = Field(None, description="present when the answer comes from one or more bureaus")
    citations: list[Citation]
    retrieved: list[dict]
    latency_ms: float


class ErrorBody(BaseModel):
    error: str


ERRORS = {BAD_REQUEST: {"model": ErrorBody, "description": "bad request: the message says what is wrong"},
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


def make_router(engine) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])

    @router.post("/ask", response_model=AskResponse, responses=ERRORS, summary="Answer one question with citations")
    def ask(req: AskRequest):
        """Runs in the threadpool; the engine serialises answering. 422 for any bad request."""
        try:
            result = engine.ask(req.question, req.history, req.bureau, req.id)
        except (InputError, HistoryError) as exc:
            return error(BAD_REQUEST, str(exc))
        return JSONResponse(result.to_dict())

    @router.get("/health", summary="Index status: ok / missing / stale / corrupt",
                responses={503: {"description": "the index is not usable for the corpus on disk"}})
    def health():
        report = index_health(engine)
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    allowed = {"ask": "POST", "health": "GET"}

    @router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def elsewhere(rest: str, request: Request):
        """Anything else under /api/ gets a JSON 404/405 instead of falling through to the page."""
        if rest.strip("/") in allowed:
            method = allowed[rest.strip("/")]
            return JSONResponse({"error": f"use {method} for /api/{rest.strip('/')}"}, 405, headers={"Allow": method})
        return error(404, f"no such endpoint: {request.method} /api/{rest} (see /docs)")

    return router
