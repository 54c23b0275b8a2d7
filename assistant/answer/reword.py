"""The last stage: another writer (an LLM) rewords the template answer; its answer stands only if
every line passes the checks, else the template answer does, with the reason it was kept."""

from __future__ import annotations

import logging

from assistant.answer.checks import line_problems
from assistant.answer.context import AnswerContext, WriteRequest
from assistant.answer.types import Answer
from assistant.answer.writers import WriterFailed

log = logging.getLogger(__name__)


def reworded(writer, request: WriteRequest, template_answer: Answer, ctx: AnswerContext) -> Answer:
    """`writer`'s answer if it passes every check, else `template_answer` with the reason it was used."""
    try:
        answer = writer.write(request)
    except WriterFailed as exc:
        return _fell_back(template_answer, writer.name, str(exc))
    problems = line_problems(answer, ctx.cited_text, ctx.policy.checks, ctx.bureau_names)
    if problems:
        return _fell_back(template_answer, writer.name, f"check failed: {problems[0]}")
    answer.kind, answer.bureaus, answer.notes = template_answer.kind, template_answer.bureaus, template_answer.notes
    answer.writer = writer.name
    return answer


def _fell_back(answer: Answer, writer: str, reason: str) -> Answer:
    log.warning("writer %s fell back to the template answer: %s", writer, reason)
    answer.fallback = reason
    return answer
