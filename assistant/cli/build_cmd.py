"""`assistant build`: parse the corpus, embed every chunk, write index/ atomically."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from assistant.corpus.manifest import ManifestError
from assistant.search.embed import DEFAULT_EMBEDDER, EMBEDDERS, EmbedderError
from assistant.search.index import IndexProblem


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="build the retrieval index in ./index (or $ASSISTANT_INDEX_DIR)")
    p.add_argument("--embedder", choices=sorted(EMBEDDERS), default=None,
                   help=f"dense embedder (default: $ASSISTANT_EMBEDDER or {DEFAULT_EMBEDDER})")
    p.add_argument("--corpus", type=Path, default=None)
    p.add_argument("--index", type=Path, default=None)
    p.set_defaults(run=run)


def run(args) -> int:
    from assistant.resources import build

    t0 = time.perf_counter()
    try:
        corpus, index, embedder = build(args.corpus, args.index, args.embedder)
    except (EmbedderError, ManifestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IndexProblem as exc:  # cannot write the folder (read-only, disk full): the old index is intact
        print(f"error: {exc}", file=sys.stderr)
        return 3
    for problem in corpus.all_problems:
        print(problem, file=sys.stderr)
    print(f"indexed {len(index.chunks)} chunks from {len(corpus.lists)} lists with {embedder.name} "
          f"({index.params['dimension']} dims) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0
