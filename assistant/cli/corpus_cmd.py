"""`assistant corpus`: parse the lists, print record counts and coverage per file and section,
optionally dump JSONL or print everything as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant import paths
from assistant.corpus.manifest import ManifestError
from assistant.corpus.records import RECORD_TYPES

_STRICT_SEVERITIES = ("error", "warning")


def add_parser(sub) -> None:
    p = sub.add_parser("corpus", help="parse the lists and print record counts and coverage per file")
    p.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ./corpus or $ASSISTANT_CORPUS_DIR)")
    p.add_argument("--dump", type=Path, metavar="FILE", help="write every record as JSONL to FILE (with its locator)")
    p.add_argument("--json", action="store_true", help="print counts, coverage and problems as one JSON object")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero if any file has an error or warning, or any cell or line was not read")
    p.set_defaults(run=run)


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "–"


def print_coverage(pl, out=None) -> None:
    """The coverage report of one list: per section, the share of its non-empty cells/lines that
    went into typed records, into generic records, and into nothing."""
    out = out or sys.stdout
    cov = pl.coverage
    if cov is None:
        print(f"{pl.bureau.file}: not read", file=out)
        return
    print(f"{pl.bureau.file} ({cov.unit})\tsection\ttyped\tgeneric\tdropped\ttotal", file=out)
    for sec in [*cov.sections, cov.totals()]:
        print("\t".join(["", sec.section, _pct(sec.typed, sec.total), _pct(sec.generic, sec.total),
                         _pct(sec.dropped, sec.total), str(sec.total)]), file=out)
        if sec.dropped_at and sec.kind != "all":
            more = f" … (+{len(sec.dropped_at) - 5})" if len(sec.dropped_at) > 5 else ""
            print(f"\t\tnot read: {', '.join(sec.dropped_at[:5])}{more}", file=out)


def report(corpus) -> dict:
    return {
        "digest": corpus.digest,
        "lists": [{
            "file": pl.bureau.file, "bureau": pl.bureau.bureau, "counts": pl.counts(),
            "coverage": pl.coverage.to_dict() if pl.coverage else None,
            "problems": [p.to_dict() for p in pl.problems],
        } for pl in corpus.lists],
        "problems": [p.to_dict() for p in corpus.problems],
    }


def strict_failure(corpus) -> bool:
    if any(p.severity in _STRICT_SEVERITIES for p in corpus.all_problems):
        return True
    return any(pl.coverage is None or pl.coverage.totals().dropped for pl in corpus.lists)


def run(args) -> int:
    from assistant.corpus.load import load_corpus

    corpus_dir = args.corpus or paths.corpus_dir()
    try:
        corpus = load_corpus(corpus_dir)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report(corpus), ensure_ascii=False, indent=2))
    else:
        kinds = list(RECORD_TYPES)
        print("\t".join(["file", "bureau", *kinds]))
        for pl in corpus.lists:
            counts = pl.counts()
            print("\t".join([pl.bureau.file, pl.bureau.short_name, *(str(counts[k]) for k in kinds)]))
        print()
        print("coverage: share of non-empty cells/lines read into typed records, generic records, or nothing")
        for pl in corpus.lists:
            print_coverage(pl)
    for problem in corpus.all_problems:
        print(problem, file=sys.stderr)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for pl in corpus.lists:
                for record in pl.records:
                    d = record.to_dict()
                    d["locator"] = pl.source.locate(record.start_line, record.end_line) if pl.source else ""
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"wrote {len(corpus.records)} records to {args.dump}", file=sys.stderr)
    if args.strict and strict_failure(corpus):
        return 1
    return 0
