"""Our retriever as a LangChain `BaseRetriever`, for use inside LCEL chains.

It wraps the same query understanding and hybrid search as `assistant ask`; each Document
carries the chunk text and its provenance in metadata.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.answer.query import understand


class ListRetriever(BaseRetriever):
    """`resources` is an `assistant.resources.Resources`; `bureau` optionally limits the search."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    resources: Any
    k: int = 10
    bureau: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        res = self.resources
        q = understand(query, [pl.bureau for pl in res.corpus.lists], res.vocab, self.bureau)
        return [
            Document(
                page_content=h.chunk.text,
                metadata={"source": h.chunk.source, "start_line": h.chunk.start_line, "end_line": h.chunk.end_line,
                          "bureau": h.chunk.bureau, "section": h.chunk.section, "kind": h.chunk.kind,
                          "score": h.score, "rank": h.rank, "chunk_id": h.chunk.id},
            )
            for h in res.retriever.search(q, self.k)
        ]
