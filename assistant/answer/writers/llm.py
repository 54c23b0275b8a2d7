"""The LLM writer: the records behind the top hits, as numbered passages, to a chat model that
speaks the OpenAI chat-completions API (vLLM, Ollama, Xinference, llama.cpp server, hosted
Qwen/DeepSeek), through LangChain's `ChatOpenAI`.

The model only rewords: the pipeline calls it for answers the template writer gives, and runs
the honesty checks on its reply; any failure here raises `WriterFailed`, so the template answer
is shown with the reason.

Configuration (read when the writer is created; the client is made on first use):
  ASSISTANT_LLM_BASE_URL  e.g. http://127.0.0.1:8000/v1   (required)
  ASSISTANT_LLM_MODEL     e.g. Qwen2.5-7B-Instruct        (required)
  ASSISTANT_LLM_API_KEY   optional; local servers ignore it
  ASSISTANT_LLM_TIMEOUT   seconds, default 30; no retries, so a failure falls back fast
  ASSISTANT_LLM_MAX_CALLS model calls at once from this process, default 4; more wait their turn

The pipeline calls the writer after the template answer is written (`Answerer.finish`), so a
server holds no lock while the model writes; `max_calls` bounds how many replies it waits for.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from assistant import paths
from assistant.answer.checks import MARKER
from assistant.answer.context import WriteRequest
from assistant.answer.types import Answer, Citation
from assistant.answer.writers import WriterError, WriterFailed
from assistant.kinds import answers_intent

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_CALLS = 4
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key; the client insists on one
MAX_PASSAGES = 8  # a routing answer cites one span per department
MAX_PASSAGE_CHARS = 600
PROMPT_FILE = "llm_answer.md"
_USER_SPLIT = re.compile(r"^=== user ===\s*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_THINKING = re.compile(r"<think>.*?(?:</think>|$)\s*", re.DOTALL)  # reasoning models (Qwen3, DeepSeek-R1)
_WIDE_MARKER = re.compile(r"[【［]\s*(\d{1,3})\s*[】］]")  # 【1】 and ［1］, as Chinese models often write them


@dataclass
class Passage:
    citation: Citation
    text: str  # the cited lines, verbatim (a long span is cut at a line or punctuation mark)


def bounded(lines: list[str], limit: int) -> str:
    """The lines up to `limit` characters; a first line longer than that is cut at a
    punctuation mark, so that no number is cut in two."""
    out, size = [], 0
    for line in lines:
        if size + len(line) > limit:
            if not out:
                cut = max(line.rfind(p, 0, limit) for p in "。；;，,）) ")
                out.append(line[: cut + 1] if cut > 0 else line[:limit])
            out.append("……")
            break
        out.append(line)
        size += len(line)
    return "\n".join(out)


def _passage(ctx, citation: Citation, max_chars: int) -> Passage | None:
    lines = [line.strip() for line in ctx.cited_text(citation.source, citation.start_line, citation.end_line).split("\n")]
    lines = [line for line in lines if line]
    return Passage(citation, bounded(lines, max_chars)) if lines else None


def passages(request: WriteRequest, citations: list[Citation] | None = None, limit: int = MAX_PASSAGES,
             max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """Numbered passages: the spans the template answer cites, in its order, when given (the
    template has already chosen which service, clause or department answers the question);
    else the top hits, those of a kind that answers the question's intent first (then by rank).
    A span already covered by an earlier passage is left out."""
    if citations is None:
        hits = sorted(request.hits, key=lambda h: not answers_intent(h.chunk.kind, request.query.intent))
        citations = [Citation(h.chunk.source, h.chunk.start_line, h.chunk.end_line, h.chunk.bureau, h.chunk.section)
                     for h in hits]
    out: list[Passage] = []
    for c in citations:
        if any(p.citation.source == c.source and p.citation.start_line <= c.start_line and c.end_line <= p.citation.end_line
               for p in out):
            continue
        passage = _passage(request.ctx, c, max_chars)
        if passage:
            out.append(passage)
        if len(out) >= limit:
            break
    return out


def format_passages(items: list[Passage]) -> str:
    return "\n\n".join(f"[{i}] {p.citation.bureau} › {p.citation.section}\n{p.text}" for i, p in enumerate(items, 1))


def load_prompt(path=None) -> tuple[str, str]:
    """(system message, user message template) from prompts/llm_answer.md."""
    path = path or paths.prompts_dir() / PROMPT_FILE
    text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    parts = _USER_SPLIT.split(text, maxsplit=1)
    if len(parts) != 2:
        raise WriterError(f"{path}: no '=== user ===' line between the system and the user message")
    return parts[0].strip(), parts[1].strip()


def config_from_env() -> dict:
    """The model settings from the environment; a clear error when one is missing or wrong."""
    base_url = os.environ.get("ASSISTANT_LLM_BASE_URL", "").strip()
    model = os.environ.get("ASSISTANT_LLM_MODEL", "").strip()
    missing = [n for n, v in (("ASSISTANT_LLM_BASE_URL", base_url), ("ASSISTANT_LLM_MODEL", model)) if not v]
    if missing:
        raise WriterError(f"the llm writer needs {' and '.join(missing)} (an OpenAI-compatible server, e.g. "
                          "ASSISTANT_LLM_BASE_URL=http://127.0.0.1:8000/v1 ASSISTANT_LLM_MODEL=Qwen2.5-7B-Instruct)")
    if not base_url.startswith(("http://", "https://")):
        raise WriterError(f"ASSISTANT_LLM_BASE_URL must be an http(s) URL ending in /v1, not {base_url!r}")
    raw = os.environ.get("ASSISTANT_LLM_TIMEOUT", "").strip()
    try:
        timeout = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        timeout = -1.0
    if not timeout > 0:
        raise WriterError(f"ASSISTANT_LLM_TIMEOUT must be a number of seconds above 0, not {raw!r}")
    return {"base_url": base_url.rstrip("/"), "model": model, "timeout": timeout,
            "api_key": os.environ.get("ASSISTANT_LLM_API_KEY", "").strip() or PLACEHOLDER_KEY,
            "max_calls": max_calls_from_env()}


def max_calls_from_env() -> int:
    raw = os.environ.get("ASSISTANT_LLM_MAX_CALLS", "").strip()
    if not raw:
        return DEFAULT_MAX_CALLS
    if not raw.isdigit() or int(raw) < 1:
        raise WriterError(f"ASSISTANT_LLM_MAX_CALLS must be a whole number of at least 1, not {raw!r}")
    return int(raw)


class LlmWriter:
    """Rewords the answer from numbered passages with a chat model; `[n]` in its reply cites
    passage n. `model=` takes any LangChain chat model (tests pass a fake one); without it the
    settings come from the environment and a `ChatOpenAI` client is made on first use. At most
    `max_calls` model calls run at once (write and stream alike); further callers wait."""

    name = "llm"

    def __init__(self, model=None, prompt_path=None, follow_template: bool = True, max_calls: int | None = None):
        self._model = model
        self.follow_template = follow_template
        self.config = None if model is not None else config_from_env()
        self.timeout = self.config["timeout"] if self.config else DEFAULT_TIMEOUT
        self.max_calls = max_calls or (self.config["max_calls"] if self.config else DEFAULT_MAX_CALLS)
        self._calls = threading.BoundedSemaphore(self.max_calls)
        self.system, self.user = load_prompt(prompt_path)

    @property
    def model(self):
        if self._model is None:
            from langchain_openai import ChatOpenAI

            c = self.config
            self._model = ChatOpenAI(model=c["model"], base_url=c["base_url"], api_key=c["api_key"],
                                     timeout=c["timeout"], max_retries=0, temperature=0)
        return self._model

    def passages(self, request: WriteRequest) -> list[Passage]:
        """The passages the model writes from: those the template answer cites (so the model
        rewords the chosen service, clause or departments, not a neighbouring one), else the
        top hits."""
        citations = None
        if self.follow_template:
            template = request.template
            if template is None:
                from assistant.answer.writers.template import TemplateWriter

                template = TemplateWriter().write(request)
            citations = template.citations or None
        return passages(request, citations)

    def messages(self, request: WriteRequest, items: list[Passage]) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        user = self.user.replace("{passages}", format_passages(items)).replace("{question}", request.query.text)
        return [SystemMessage(self.system), HumanMessage(user)]

    def write(self, request: WriteRequest) -> Answer:
        items = self.passages(request)
        if not items:
            raise WriterFailed("no passages to write from")
        try:
            with self._calls:
                reply = self.model.invoke(self.messages(request, items))
        except Exception as exc:  # any failure of the model call falls back to the template answer
            raise WriterFailed(self.reason(exc)) from exc
        return self.answer_from(_text_of(reply.content), items)

    def stream(self, request: WriteRequest) -> Iterator[str]:
        """The reply's text pieces as the model writes them, for a page to show while waiting.
        What the page keeps is the checked answer (`answer_from` on the joined pieces, then the
        checks), never the raw stream."""
        items = self.passages(request)
        if not items:
            raise WriterFailed("no passages to write from")
        try:
            with self._calls:  # held until the reply ends or the reader closes the stream
                for chunk in self.model.stream(self.messages(request, items)):
                    piece = _text_of(chunk.content)
                    if piece:
                        yield piece
        except Exception as exc:
            raise WriterFailed(self.reason(exc)) from exc

    def answer_from(self, text: str, items: list[Passage]) -> Answer:
        """The reply as an Answer whose citations are the passages, so `[n]` cites passage n."""
        text = _WIDE_MARKER.sub(r"[\1]", _THINKING.sub("", text))
        body = "\n".join(line.rstrip() for line in text.strip().split("\n") if line.strip())
        if not body:
            raise WriterFailed("empty reply")
        if not MARKER.search(body):
            raise WriterFailed("no citation markers")
        return Answer(body=body, citations=[p.citation for p in items], writer=self.name)

    def reason(self, exc: Exception) -> str:
        """A short reason for the fallback, from the client's exception."""
        import openai

        if isinstance(exc, openai.APITimeoutError):
            return f"timeout after {self.timeout:g} s"
        if isinstance(exc, openai.APIStatusError):
            return f"HTTP {exc.status_code}"
        if isinstance(exc, openai.APIConnectionError):
            return f"cannot connect to {self.config['base_url'] if self.config else 'the model'}"
        if isinstance(exc, (ValueError, openai.APIResponseValidationError)):
            return f"bad reply: {type(exc).__name__}"
        return f"{type(exc).__name__}: {str(exc)[:120]}"


def _text_of(content) -> str:
    """A message's text (a string, or a list of content blocks)."""
    if isinstance(content, str):
        return content
    return "".join(b if isinstance(b, str) else b.get("text", "") for b in content or [] if isinstance(b, (str, dict)))
