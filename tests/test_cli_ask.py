"""`assistant ask` as outside checks call it: a real process, JSON on stdout, logs on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def run_ask(args, built_index, stdin=None):
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(built_index), HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "assistant", "ask", *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=300)


def test_single_question_json(built_index):
    p = run_ask(["在商场买的皮鞋掉底了找谁？", "--json"], built_index)
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout)
    assert set(result) >= {"id", "question", "answer", "refused", "citations", "retrieved", "latency_ms"}
    assert "工商" in result["answer"] and result["refused"] is False
    assert all(set(c) == {"source", "start_line", "end_line", "bureau", "section", "quote", "locator"} for c in result["citations"])
    assert len(result["retrieved"]) == 10


def test_single_question_text_and_bureau(built_index):
    p = run_ask(["质量月活动的电话是多少？", "--bureau", "定安县"], built_index)
    assert p.returncode == 0 and "63823756" in p.stdout and "引用" in p.stdout and "002_0b6741967b43ba95.txt" in p.stdout


@pytest.mark.parametrize("args", [[""], ["   "], ["？？？"], ["问" * 2001], []])
def test_bad_single_question_exits_2(built_index, args):
    p = run_ask(args, built_index)
    assert p.returncode == 2 and p.stdout == "" and "error:" in p.stderr


def test_unknown_bureau_exits_2(built_index):
    p = run_ask(["质量月活动", "--bureau", "北京"], built_index)
    assert p.returncode == 2 and "unknown bureau" in p.stderr


def test_batch_keeps_order_and_reports_bad_lines(built_index, tmp_path):
    lines = [
        {"id": "a", "question": "没资格承揽设备监理业务罚多少？"},
        "{not json",
        {"id": "c", "question": "  "},
        {"id": "d", "question": "电话是多少？", "history": [{"role": "user", "content": "文安县特种设备作业人员培训和发证找哪个股室？"}]},
        {"id": "e", "question": "质量月活动", "bureau": "北京"},
        {"id": "f", "question": "🙂🙂"},
        {"id": "g", "question": "今天天气怎么样"},
        {"id": "h", "question": "x", "history": "nope"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in lines) + "\n", encoding="utf-8")
    p = run_ask(["--batch", str(path), "--json"], built_index)
    assert p.returncode == 0, p.stderr
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d", "e", "f", "g", "h"]
    assert "1万元以上3万元以下" in out[0]["answer"]
    assert "not valid JSON" in out[1]["error"] and "empty" in out[2]["error"]
    assert "0316-5255861" in out[3]["answer"]
    assert "unknown bureau" in out[4]["error"] and "no words" in out[5]["error"]
    assert out[6]["refused"] is True and "history" in out[7]["error"]
