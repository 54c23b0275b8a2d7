"""The retriever inside a small LCEL chain (no language model: a formatting step)."""

from __future__ import annotations

import pytest
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant.integrations.langchain_retriever import ListRetriever

pytestmark = pytest.mark.slow


def test_retriever_in_an_lcel_chain(answerer):
    retriever = ListRetriever(answerer=answerer, k=5)
    docs = retriever.invoke("定安县商品条码服务的电话")
    assert len(docs) == 5 and docs[0].metadata["source"] == "002_0b6741967b43ba95.txt"
    assert {"start_line", "end_line", "bureau", "section"} <= set(docs[0].metadata)

    def cite(docs):
        return "\n".join(f"{d.metadata['source']}:{d.metadata['start_line']}-{d.metadata['end_line']}" for d in docs)

    chain = {"context": retriever | RunnableLambda(cite), "question": RunnablePassthrough()} | RunnableLambda(
        lambda x: f"Q: {x['question']}\n{x['context']}")
    out = chain.invoke("没资格承揽设备监理业务罚多少？")
    assert out.startswith("Q: 没资格") and "004_4709594b1805b681.txt:32-32" in out


def test_retriever_resolves_followups_and_refuses_unknown_bureaus(answerer):
    from assistant.answer.inputs import InputError

    history = [{"role": "user", "content": "文安县特种设备作业人员培训找哪个股室"},
               {"role": "assistant", "content": "特种设备安全监察股"}]
    docs = ListRetriever(answerer=answerer, k=3, history=history).invoke("电话是多少？")
    assert docs and all(d.metadata["source"] == "001_2320c17b8dd43b94.txt" for d in docs)
    assert any(d.metadata["kind"] == "service_item" and "特种设备" in d.page_content for d in docs)
    with pytest.raises(InputError):
        ListRetriever(answerer=answerer, bureau="北京").invoke("电梯归谁管")
