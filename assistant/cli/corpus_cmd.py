"""`assistant corpus`: parse the lists, print record counts per file, optionally dump JSONL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant import paths
from assistant.corpus.manifest import ManifestError
from assistant.corpus.records import RECORD_TYPES

_STRICT_SEVERITIES = ("error", "warning")


def add_parser(sub) -> None:
    p = sub.add_parser("corpus", help="parse the lists and print record counts per file")
    p.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ./corpus or $ASSISTANT_CORPUS_DIR)")
    p.add_argument("--dump", type=Path, metavar="FILE", help="write every record as JSONL to FILE")
    p.add_argument("--strict", action="store_true", help="exit non-zero if any file has an error or warning")
    p.set_defaults(run=run)


def run(args) -> int:
    from assistant.corpus.load import load_corpus

    corpus_dir = args.corpus or paths.corpus_dir()
    try:
        corpus = load_corpus(corpus_dir)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    kinds = list(RECORD_TYPES)
    print("\t".join(["file", "bureau", *kinds]))
    for pl in corpus.lists:
        counts = pl.counts()
        print("\t".join([pl.bureau.file, pl.bureau.short_name, *(str(counts[k]) for k in kinds)]))
    for problem in corpus.all_problems:
        print(problem, file=sys.stderr)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for record in corpus.records:
                fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        print(f"wrote {len(corpus.records)} records to {args.dump}", file=sys.stderr)
    if args.strict and any(p.severity in _STRICT_SEVERITIES for p in corpus.all_problems):
        return 1
    return 0
