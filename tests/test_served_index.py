"""Served = reported: after a rebuild the server answers from the index /api/health names, never
silently from another; a damaged corpus is loud. A real `assistant serve` subprocess over a copy
of the real corpus, rebuilt for real with a changed phone number."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from test_api import free_port

from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow

QUESTION = "博山区质量月活动的电话是多少？"
OLD_PHONE, NEW_PHONE = "0533-4189440", "0533-4189441"
BOSHAN = "003_96b6d37a1365f6e3.txt"


def env_for(corpus: Path, index: Path) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(index),
                HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
                ASSISTANT_EMBEDDER="use-multilingual")


def change_phone(corpus: Path) -> None:
    path = corpus / BOSHAN
    text = path.read_text(encoding="utf-8")
    assert OLD_PHONE in text
    path.write_text(text.replace(OLD_PHONE, NEW_PHONE), encoding="utf-8")


@pytest.fixture
def copies(built_index, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built_index, index)
    return corpus, index


def test_rebuild_is_reported_until_reloaded_and_answers_carry_their_index(copies, tmp_path):
    corpus, index = copies
    env = env_for(corpus, index)
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--no-build",
                             "--no-watch"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(url + "/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.3)
        health = httpx.get(url + "/api/health", timeout=30).json()
        old = health["index_digest"]
        first = httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).json()
        assert OLD_PHONE in first["answer"] and first["index_digest"] == old

        change_phone(corpus)
        r = subprocess.run([sys.executable, "-m", "assistant", "build"], env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        r = httpx.get(url + "/api/health", timeout=30)
        health = r.json()
        assert r.status_code == 503 and health["status"] == "reload_needed", health
        new = health["index_digest"]
        assert new != old and health["serving"]["index_digest"] == old and "reload needed" in health["message"]
        during = httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).json()
        assert OLD_PHONE in during["answer"] and during["index_digest"] == old  # old answer, reported as old

        r = httpx.post(url + "/api/reload", timeout=120)
        assert r.status_code == 200 and r.json()["index_digest"] == new, r.text
        r = httpx.get(url + "/api/health", timeout=30)
        assert r.status_code == 200 and r.json()["serving"]["index_digest"] == new
        after = httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).json()
        assert NEW_PHONE in after["answer"] and OLD_PHONE not in after["answer"] and after["index_digest"] == new

        # a list file cut short: the rebuild prints its errors, health shows them after the reload
        path = corpus / "001_2320c17b8dd43b94.txt"
        path.write_bytes(path.read_bytes()[:30000])
        r = subprocess.run([sys.executable, "-m", "assistant", "build"], env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0 and "001_2320c17b8dd43b94.txt" in r.stderr and "error" in r.stderr, r.stderr
        assert httpx.post(url + "/api/reload", timeout=120).status_code == 200
        r = httpx.get(url + "/api/health", timeout=30)
        health = r.json()
        assert r.status_code == 503 and health["status"] == "corpus_errors", health
        assert any("001_2320c17b8dd43b94.txt" in p for p in health["corpus_problems"])
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()


def test_the_watcher_swaps_in_a_rebuilt_index(copies, monkeypatch):
    from assistant.cli.ask_cmd import load_answerer
    from assistant.resources import build
    from assistant.web.health import index_health
    from assistant.web.reloader import IndexWatcher
    from assistant.web.shared_answerer import SharedAnswerer

    corpus, index = copies
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    engine = SharedAnswerer(loader=lambda: load_answerer(False))
    old = engine.served().digest
    watcher = IndexWatcher(engine)
    assert watcher.check_once() is False
    change_phone(corpus)
    build(corpus, index, "use-multilingual", progress=False)
    assert index_health(engine)["status"] == "reload_needed"
    assert watcher.check_once() is True
    assert engine.digest != old and index_health(engine)["status"] == "ok"
    result, digest = engine.answer(engine.prepare(QUESTION))
    assert NEW_PHONE in result.answer.text and digest == engine.digest


def test_ask_rebuild_over_a_damaged_list_is_loud(copies, monkeypatch, capsys):
    from assistant.cli import main

    corpus, index = copies
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index))
    path = corpus / "001_2320c17b8dd43b94.txt"
    path.write_bytes(path.read_bytes()[:30000])
    assert main(["ask", QUESTION, "--json"]) == 0
    out, err = capsys.readouterr()
    assert "building it now" in err
    assert "corpus: 001_2320c17b8dd43b94.txt" in err and "error" in err and "will not be answered from" in err
    assert OLD_PHONE in json.loads(out)["answer"]
