"""Baselines run side by side with the assistant on the same gold set.

* naive RAG — what most Chinese RAG projects ship: LangChain's RecursiveCharacterTextSplitter
  (chunk 500, overlap 50, Chinese separators) over each whole file, the same embedder, top-k by
  cosine; its "answer" is the top chunks' text and it never refuses.
* BM25 only / dense only — our pipeline with one retrieval signal switched off.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from assistant.corpus.load import Corpus
from assistant.search.embed import Embedder

SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", " ", ""]


@dataclass
class NaiveChunk:
    source: str
    bureau: str
    start_line: int
    end_line: int
    text: str


class NaiveRag:
    def __init__(self, corpus: Corpus, embedder: Embedder, chunk_size: int = 500, overlap: int = 50, top_k: int = 10):
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap, separators=SEPARATORS,
                                                  add_start_index=True, keep_separator=True)
        self.chunks: list[NaiveChunk] = []
        for pl in corpus.lists:
            if pl.source is None:
                continue
            text = "\n".join(pl.source.lines)
            line_starts = [0]
            for line in pl.source.lines[:-1]:
                line_starts.append(line_starts[-1] + len(line) + 1)
            for doc in splitter.create_documents([text]):
                start = doc.metadata["start_index"]
                end = start + max(len(doc.page_content) - 1, 0)
                self.chunks.append(NaiveChunk(pl.bureau.file, pl.bureau.bureau, bisect_right(line_starts, start),
                                              bisect_right(line_starts, end), doc.page_content))
        self.embedder = embedder
        self.top_k = top_k
        self.vectors = embedder.embed([c.text for c in self.chunks])

    def answer(self, item: dict) -> dict:
        t0 = time.perf_counter()
        question = " ".join([*(m["content"] for m in item.get("history") or [] if m["role"] == "user"), item["question"]])
        sims = self.vectors @ self.embedder.embed([question])[0]
        order = np.argsort(-sims)[: self.top_k]
        spans = [{"source": self.chunks[i].source, "start_line": self.chunks[i].start_line,
                  "end_line": self.chunks[i].end_line, "bureau": self.chunks[i].bureau, "section": ""} for i in order]
        return {"id": item.get("id"), "question": item["question"],
                "answer": "\n".join(self.chunks[i].text for i in order[:3]), "refused": False,
                "citations": spans[:3], "retrieved": spans, "latency_ms": (time.perf_counter() - t0) * 1000}
