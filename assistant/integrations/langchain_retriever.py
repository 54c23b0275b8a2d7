"""Our retriever as a LangChain `BaseRetriever`, for use inside LCEL chains.

It runs the same query builder as `assistant ask` (bureau, follow-ups through `history`,
vocabulary) and the same hybrid search; each Document carries the chunk text and its
provenance in metadata.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class ListRetriever(BaseRetriever):
    """`answerer` is an `assistant.answer.pipeline.Answerer`; `bureau` optionally limits the
    search (an unknown bureau raises InputError, as `assistant ask` does); `history` holds the
    conversation's earlier turns ({"role", "content"}) for follow-up questions."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    answerer: Any
    k: int = 10
    bureau: str | None = None
    history: list[dict] = []

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        from assistant.answer.chat import validate_history
        from assistant.answer.inputs import validate_question
        from assistant.text import normalize, simplified

        answerer = self.answerer
        chosen = answerer.resolve_bureau(self.bureau)
        asked, history = answerer.analysed(simplified(normalize(validate_question(query))), validate_history(self.history))
        _, q = answerer.understand(asked.text, history, chosen)
        return [
            Document(
                page_content=h.chunk.text,
                metadata={"source": h.chunk.source, "start_line": h.chunk.start_line, "end_line": h.chunk.end_line,
                          "bureau": h.chunk.bureau, "section": h.chunk.section, "kind": h.chunk.kind,
                          "score": h.score, "rank": h.rank, "chunk_id": h.chunk.id},
            )
            for h in answerer.res.retriever.search(q, self.k)
        ]
