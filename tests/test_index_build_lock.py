"""Index builds as a careless operator runs them: two at once, killed at random points, into a
folder the build cannot write. Real `assistant build` subprocesses on the real corpus (and a copy
changed by one line, so the old and the new index can be told apart)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus
from assistant.search.index import check_index, load_index, read_params
from assistant.search.index_folder import IndexWriteError, lock_path, write_errors, writing
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow


def build_cmd(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "assistant", "build", "--corpus", str(corpus), "--index", str(index),
            "--embedder", "use-multilingual"]


def env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")


def changed_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus-new"
    shutil.copytree(CORPUS, target)
    with open(target / "003_96b6d37a1365f6e3.txt", "a", encoding="utf-8") as fh:
        fh.write("\n")
    return target


def whole(index_dir: Path, digests: set[str]) -> str:
    """The corpus digest of the index in the folder, after checking it is one complete index."""
    params = read_params(index_dir)
    assert params["corpus_digest"] in digests, params["corpus_digest"]
    check_index(index_dir, params["corpus_digest"])  # every file matches params.json: no mix
    index = load_index(index_dir, params["corpus_digest"])
    assert len(index.chunks) == params["n_chunks"]
    return params["corpus_digest"]


def leftovers(index_dir: Path) -> list[str]:
    # the parse cache (.index.parsed) lives beside the folder by design; anything else is left over
    names = [p.name for p in index_dir.parent.iterdir()
             if p.name.startswith(f".{index_dir.name}.") and p.is_dir() and p.name != f".{index_dir.name}.parsed"]
    return names + [p.name for p in index_dir.iterdir() if ".tmp-" in p.name]


def test_builds_killed_at_random_points_leave_the_old_or_the_new_index(built_index, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(built_index, index_dir)
    (index_dir / "README.md").write_text("kept across builds\n", encoding="utf-8")
    corpora = {load_corpus(CORPUS).digest: CORPUS}
    new_corpus = changed_corpus(tmp_path)
    corpora[load_corpus(new_corpus).digest] = new_corpus
    assert len(corpora) == 2
    t0 = time.monotonic()
    r = subprocess.run(build_cmd(new_corpus, index_dir), env=env(), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    full = time.monotonic() - t0
    current = whole(index_dir, set(corpora))
    rnd = random.Random(int(time.time()))
    outcomes = []
    for _ in range(3):  # each killed build targets the other corpus, at a random point of its run
        other = next(d for d in corpora if d != current)
        delay = rnd.uniform(0.3 * full, 1.1 * full)
        proc = subprocess.Popen(build_cmd(corpora[other], index_dir), env=env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            proc.wait(delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        after = whole(index_dir, {current, other})
        outcomes.append((round(delay, 1), "new" if after == other else "old"))
        current = after
    r = subprocess.run(build_cmd(CORPUS, index_dir), env=env(), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert whole(index_dir, set(corpora)) == load_corpus(CORPUS).digest
    assert leftovers(index_dir) == [], leftovers(index_dir)
    assert (index_dir / "README.md").read_text(encoding="utf-8") == "kept across builds\n"
    print(f"full build {full:.1f} s; killed at (s, what loaded after): {outcomes}")


def test_a_second_build_waits_for_the_first(built_index, tmp_path):
    index_dir = tmp_path / "index"
    first = subprocess.Popen(build_cmd(CORPUS, index_dir), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock_path(index_dir).exists() and lock_path(index_dir).read_text()):
        time.sleep(0.1)
    second = subprocess.run(build_cmd(CORPUS, index_dir), env=env(), capture_output=True, text=True, timeout=300)
    first_err = first.communicate(timeout=300)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second.stderr
    assert f"another build of {index_dir} is running" in second.stderr and "waiting" in second.stderr
    assert whole(index_dir, {load_corpus(CORPUS).digest})
    assert leftovers(index_dir) == []


def test_a_failed_write_leaves_the_previous_index(built_index, tmp_path):
    """A full disk half way through: build_index writes inside exactly this pair of contexts."""
    index_dir = tmp_path / "index"
    shutil.copytree(built_index, index_dir)
    before = read_params(index_dir)
    with pytest.raises(IndexWriteError, match="cannot write the index"):
        with writing(index_dir) as folder, write_errors(index_dir):
            (folder / "vectors.faiss").write_bytes(b"partial")
            raise OSError(28, "No space left on device", str(folder / "chunks.jsonl"))
    assert read_params(index_dir) == before
    assert whole(index_dir, {load_corpus(CORPUS).digest})
    assert leftovers(index_dir) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run the build as another user")
def test_a_read_only_folder_gives_a_clear_message_and_exit_3(built_index, tmp_path):
    """Root ignores file modes, so the build runs as `nobody` against a folder it cannot write."""
    tmp_path.chmod(0o755)
    parent = tmp_path / "ro"
    index_dir = parent / "index"
    shutil.copytree(built_index, index_dir)
    parent.chmod(0o555)
    index_dir.chmod(0o555)
    before = read_params(index_dir)
    run_env = dict(env(), HOME=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *build_cmd(CORPUS, index_dir)],
                       env=run_env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    parent.chmod(0o755)
    assert r.returncode == 3, r.stderr[-2000:]
    assert f"cannot write the index to {index_dir}" in r.stderr and "Permission denied" in r.stderr
    assert "previous index is unchanged" in r.stderr and "Traceback" not in r.stderr
    assert read_params(index_dir) == before
