"""The index folder as one unit: locked while built, written whole elsewhere, swapped in at once.

A build holds an exclusive lock (`.<name>.lock` next to the folder, so it survives the swap); a
second build waits for it, saying so. The new index is written into a fresh sibling folder
(`.<name>.new-<pid>`), flushed to disk, and exchanged with the old folder in one atomic step
(Linux renameat2 RENAME_EXCHANGE; elsewhere two renames, undone on failure). A reader therefore
finds the old index or the new one, never a mix; a build killed at any point leaves the old
index in place and a leftover that the next build removes. Files in the folder that are not part
of the index (a README) are carried over. A write error (read-only folder, full disk) becomes an
IndexWriteError that says what failed, and leaves the previous index as it was.

The folder's path stays what `ASSISTANT_INDEX_DIR` names; loading needs nothing from here.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from assistant.search.index import IndexProblem

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class IndexWriteError(IndexProblem):
    hint = "check that the folder is writable and the disk has room; the previous index is unchanged"


def lock_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.lock"


def _leftovers(index_dir: Path) -> list[Path]:
    parent = index_dir.parent
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.glob(f".{index_dir.name}.*") if p.is_dir() and (".new-" in p.name or ".old-" in p.name))


@contextmanager
def build_lock(index_dir: Path, notify=None):
    """Hold the folder's build lock; `notify(message)` is called when another build holds it."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(index_dir)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            (notify or _stderr)(f"another build of {index_dir} is running (pid {holder}); waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock; a killed build releases it too


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def clean_leftovers(index_dir: Path) -> None:
    """Remove what killed builds left behind (call only while holding the build lock). If a build
    died between the two renames of the fallback swap, the old index is put back first."""
    for path in _leftovers(index_dir):
        if ".old-" in path.name and not index_dir.exists():
            os.rename(path, index_dir)
            continue
        shutil.rmtree(path, ignore_errors=True)
    if index_dir.is_dir():
        for tmp in index_dir.glob(".*.tmp-*"):
            tmp.unlink(missing_ok=True)


def _fsync_tree(folder: Path) -> None:
    for p in folder.iterdir():
        if p.is_file():
            with open(p, "rb") as fh:
                os.fsync(fh.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, index_dir: Path) -> None:
    """Make `staging` the index folder; the old folder is removed afterwards."""
    if not index_dir.exists():
        os.rename(staging, index_dir)
        return
    for extra in index_dir.iterdir():  # keep files that are not the index's own (a README)
        if extra.is_file() and not extra.name.startswith(".") and not (staging / extra.name).exists():
            shutil.copy2(extra, staging / extra.name)
    if _exchange(staging, index_dir):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old index
        return
    old = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}"
    os.rename(index_dir, old)
    try:
        os.rename(staging, index_dir)
    except OSError:
        os.rename(old, index_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _describe(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return str(exc).strip()


def _is_write_error(exc: Exception) -> bool:
    """OSError, or faiss's RuntimeError for a file it could not write ("Error in … fopen …")."""
    if isinstance(exc, OSError):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and "Error in" in text and ("fopen" in text or "write" in text)


@contextmanager
def write_errors(where: Path):
    """A write error (read-only folder, full disk) → IndexWriteError; anything else passes."""
    try:
        yield
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, IndexProblem) or not _is_write_error(exc):
            raise
        raise IndexWriteError(f"cannot write the index to {where} ({_describe(exc)})") from exc


@contextmanager
def writing(index_dir: Path, notify=None):
    """Hold the build lock and yield a fresh folder to build a complete index into; on normal
    exit it replaces `index_dir` as a whole, on any exception it is removed and `index_dir` is
    left as it was. Failing to lock, stage or swap raises IndexWriteError."""
    index_dir = Path(index_dir)
    try:
        lock = build_lock(index_dir, notify)
        lock.__enter__()
    except OSError as exc:
        raise IndexWriteError(f"cannot write the index to {index_dir} ({_describe(exc)})") from exc
    staging = index_dir.parent / f".{index_dir.name}.new-{os.getpid()}"
    try:
        with write_errors(index_dir):
            clean_leftovers(index_dir)
            staging.mkdir()
        yield staging
        with write_errors(index_dir):
            _fsync_tree(staging)
            swap_in(staging, index_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        lock.__exit__(None, None, None)
