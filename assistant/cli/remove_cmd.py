"""`assistant remove NAME`: take a list out of the corpus (file, manifest entry) and take its
chunks out of the index (the other lists' chunks and vectors stay as they are).
NAME is the file name, the bureau's name or its short name."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant import paths
from assistant.corpus.manifest import ManifestError, load_manifest, remove_entry


def add_parser(sub) -> None:
    p = sub.add_parser("remove", help="take a list out of the corpus and update the index")
    p.add_argument("name", help="file name, bureau name or short name")
    p.add_argument("--corpus", type=Path, default=None)
    p.add_argument("--index", type=Path, default=None)
    p.add_argument("--keep-file", action="store_true", help="leave the file in the corpus folder (unlisted)")
    p.add_argument("--no-index", action="store_true", help="do not update the index (run `assistant build` later)")
    p.set_defaults(run=run)


def run(args) -> int:
    corpus_dir = args.corpus or paths.corpus_dir()
    try:
        bureaus = load_manifest(corpus_dir)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    match = [b for b in bureaus if args.name in (b.file, b.bureau, b.short_name)]
    if not match:
        names = ", ".join(f"{b.short_name} ({b.file})" for b in bureaus)
        print(f"error: no list named {args.name!r}; the corpus has: {names}", file=sys.stderr)
        return 2
    if len(bureaus) == 1:
        print("error: this is the last list; the corpus cannot be empty", file=sys.stderr)
        return 2
    bureau = match[0]
    from assistant.corpus.load import corpus_digest

    before_digest = corpus_digest(corpus_dir, bureaus)
    remove_entry(corpus_dir, bureau.file)
    if not args.keep_file:
        (corpus_dir / bureau.file).unlink(missing_ok=True)
    print(f"removed {bureau.file} ({bureau.bureau})")
    if args.no_index:
        return 0
    from assistant.cli.reindex import remove_from_index

    try:
        update = remove_from_index(corpus_dir, args.index or paths.index_dir(), bureau.file, bureaus, before_digest)
    except Exception as exc:  # noqa: BLE001 — the list is out; whatever failed, say how to finish
        print(f"error: the list was removed but the index could not be updated ({exc}); run `assistant build`",
              file=sys.stderr)
        return 1
    print(update.summary())
    return 0
