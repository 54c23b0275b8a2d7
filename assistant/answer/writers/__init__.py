"""Answer writers: an understood question and its ranked hits in, an `Answer` with `[n]`
markers and citations out. Every writer's answer goes through `assistant.answer.checks`.

A writer is one module with a class that has a `name` and a `write(request) -> Answer`; it is
registered here by one line. Modules are imported only when their writer is chosen.
"""

from __future__ import annotations

import importlib
import os
from typing import Protocol

from assistant.answer.context import WriteRequest
from assistant.answer.types import Answer

DEFAULT_WRITER = "template"
WRITERS = {
    "template": "assistant.answer.writers.template:TemplateWriter",
    "llm": "assistant.answer.writers.llm:LlmWriter",
}


class Writer(Protocol):
    name: str

    def write(self, request: WriteRequest) -> Answer: ...


class WriterFailed(RuntimeError):
    """A writer could not produce an answer this time (timeout, connection, bad reply); the
    pipeline then uses the template answer and reports the reason."""


class WriterError(ValueError):
    """An unknown writer name, or a writer that cannot be set up (the message says why)."""


def writer_name(name: str | None = None) -> str:
    name = name or os.environ.get("ASSISTANT_WRITER") or DEFAULT_WRITER
    if name not in WRITERS:
        raise WriterError(f"unknown writer {name!r}; choose one of: {', '.join(WRITERS)}")
    return name


def get_writer(name: str | None = None) -> Writer:
    module, cls = WRITERS[writer_name(name)].split(":")
    return getattr(importlib.import_module(module), cls)()
