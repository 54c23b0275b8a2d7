"""The retriever inside a small LCEL chain (no language model: a formatting step)."""

from __future__ import annotations

import pytest
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant.integrations.langchain_retriever import ListRetriever

pytestmark = pytest.mark.slow


def test_retriever_in_an_lcel_chain(resources):
    retriever = ListRetriever(resources=resources, k=5)
    docs = retriever.invoke("定安县商品条码服务的电话")
    assert len(docs) == 5 and docs[0].metadata["source"] == "002_0b6741967b43ba95.txt"
    assert {"start_line", "end_line", "bureau", "section"} <= set(docs[0].metadata)

    def cite(docs):
        return "\n".join(f"{d.metadata['source']}:{d.metadata['start_line']}-{d.metadata['end_line']}" for d in docs)

    chain = {"context": retriever | RunnableLambda(cite), "question": RunnablePassthrough()} | RunnableLambda(
        lambda x: f"Q: {x['question']}\n{x['context']}")
    out = chain.invoke("没资格承揽设备监理业务罚多少？")
    assert out.startswith("Q: 没资格") and "004_4709594b1805b681.txt:32-32" in out
