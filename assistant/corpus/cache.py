"""Parsed lists kept on disk between runs, so that starting with many lists does not parse them all
again (at 1,000 lists parsing is most of a cold start).

One file per list, named by a key over everything its records depend on: the list file's bytes,
its manifest entry, and the parser itself (the source of `assistant/corpus`, the text normaliser,
the record kinds and `prompts/headers.toml`). A change to any of them is a different key, so an
entry is never stale; it is only unused. Entries are written whole (temporary file, then rename);
one that cannot be read is parsed again and rewritten. A folder that cannot be written only makes
loading slower.

The folder sits next to the index folder (`.<index name>.parsed`, or `ASSISTANT_CACHE_DIR`) and is
read with pickle: like the index, it must be writable only by the account that runs the assistant.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from functools import lru_cache
from pathlib import Path

from assistant import paths
from assistant.corpus.manifest import Bureau

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent.parent
_FORMAT = b"parsed-list 1"
# unused entries beyond this many per list are removed, least recently used first
_KEEP_FACTOR = 2


@lru_cache(maxsize=4)
def parser_digest(prompts_dir: Path) -> str:
    """sha256 over the code and the word lists that turn a file into records."""
    hasher = hashlib.sha256(_FORMAT)
    files = [*sorted((_PACKAGE / "corpus").rglob("*.py")), _PACKAGE / "text.py", _PACKAGE / "kinds.py",
             prompts_dir / "headers.toml"]
    for path in files:
        hasher.update(str(path.relative_to(path.parent.parent)).encode() + b"\0")
        try:
            hasher.update(path.read_bytes())
        except OSError:
            hasher.update(b"missing")
    return hasher.hexdigest()


def default_folder(index_dir: Path | None = None) -> Path:
    override = os.environ.get("ASSISTANT_CACHE_DIR")
    if override:
        return Path(override).expanduser().resolve()
    index_dir = index_dir or paths.index_dir()
    return index_dir.parent / f".{index_dir.name}.parsed"


class ParseCache:
    """Parsed lists by key; `get` and `put` never raise for a problem of the folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._parser = parser_digest(paths.prompts_dir())
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()

    def key(self, path: Path, bureau: Bureau) -> str:
        hasher = hashlib.sha256(self._parser.encode())
        hasher.update(json.dumps(bureau.to_dict(), ensure_ascii=False, sort_keys=True).encode())
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                hasher.update(block)
        return hasher.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str, expected: type):
        """The entry of `key` if there is one and it holds an `expected`, else None."""
        path = self._path(key)
        self._used.add(path.name)
        try:
            with open(path, "rb") as fh:
                parsed = pickle.load(fh)
            os.utime(path)  # recently used: kept when the folder is pruned
        except OSError as exc:  # not there yet, or the folder cannot be read
            log.debug("parse cache: %s: %s", path, exc)
            self.misses += 1
            return None
        except Exception as exc:  # a damaged entry of any kind: parse again  # noqa: BLE001
            parsed = exc
        if not isinstance(parsed, expected):
            log.warning("parse cache: cannot read %s (%s); parsing the list again", path.name,
                        parsed if isinstance(parsed, Exception) else f"holds {type(parsed).__name__}")
            self.misses += 1
            return None
        self.hits += 1
        return parsed

    def put(self, key: str, parsed) -> None:
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                pickle.dump(parsed, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as exc:
            log.debug("parse cache: cannot write %s: %s", path, exc)
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def prune(self, n_lists: int) -> int:
        """Remove the least recently used entries beyond twice the lists in use; returns how many."""
        try:
            entries = [p for p in self.folder.glob("*.pickle") if p.name not in self._used]
            excess = len(entries) - _KEEP_FACTOR * max(n_lists, 1)
            if excess <= 0:
                return 0
            entries.sort(key=lambda p: p.stat().st_mtime)
            for p in entries[:excess]:
                p.unlink(missing_ok=True)
            return excess
        except OSError:
            return 0
