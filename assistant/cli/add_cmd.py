"""`assistant add FILE`: copy a list into the corpus folder, write its manifest entry, parse it,
print its coverage report and bring the index up to date."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

from assistant import paths
from assistant.corpus.manifest import Bureau, ManifestError, append_entry, load_manifest

_BUREAU = re.compile(r"([\u3400-\u9fff]{2,20}?(?:市场监督管理局|质量技术监督局|市场监管局|质监局|监督管理局))")
_SUFFIXES = ("市场监督管理局", "质量技术监督局", "市场监管局", "质监局", "监督管理局")
LEVELS = ("省", "市", "县", "区")


def add_parser(sub) -> None:
    p = sub.add_parser("add", help="add a list (.txt .md .docx .xlsx .html .pdf .csv) to the corpus and update the index")
    p.add_argument("file", type=Path)
    p.add_argument("--bureau", help="the bureau's full name (default: read from the document's title)")
    p.add_argument("--short-name", help="the short name people type, e.g. 青禾县 (default: the bureau's place name)")
    p.add_argument("--province", default="")
    p.add_argument("--city", default="")
    p.add_argument("--county", default="")
    p.add_argument("--level", choices=LEVELS, default=None)
    p.add_argument("--date", default="", help="the date the list gives, as written")
    p.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ./corpus or $ASSISTANT_CORPUS_DIR)")
    p.add_argument("--index", type=Path, default=None, help="index folder (default: ./index or $ASSISTANT_INDEX_DIR)")
    p.add_argument("--no-index", action="store_true", help="do not update the index (run `assistant build` later)")
    p.add_argument("--strict", action="store_true", help="refuse the list if any cell or line could not be read")
    p.set_defaults(run=run)


def bureau_from_title(lines: list[str]) -> str:
    """The first bureau name written in the document's opening lines."""
    for line in lines[:15]:
        m = _BUREAU.search(line.replace(" ", "").replace("\u3000", ""))
        if m:
            return m.group(1)
    return ""


def place_of(bureau: str) -> str:
    for suffix in _SUFFIXES:
        if bureau.endswith(suffix) and len(bureau) > len(suffix):
            return bureau[: -len(suffix)]
    return bureau


def _level(place: str) -> str:
    return next((lv for lv in ("区", "县", "市", "省") if place.endswith(lv)), "")


def run(args) -> int:
    from assistant.cli.corpus_cmd import print_coverage
    from assistant.corpus.formats import LEGACY, SUPPORTED
    from assistant.corpus.load import corpus_digest, parse_cached, parse_file
    from assistant.resources import parse_cache

    src: Path = args.file
    corpus_dir = args.corpus or paths.corpus_dir()
    if not src.is_file():
        print(f"error: {src}: no such file", file=sys.stderr)
        return 2
    suffix = src.suffix.lower()
    if suffix in LEGACY:
        print(f"error: {src.name}: cannot read {suffix}: {LEGACY[suffix]}", file=sys.stderr)
        return 2
    if suffix not in SUPPORTED:
        print(f"error: {src.name}: unsupported file type “{suffix}”; supported: {', '.join(SUPPORTED)}", file=sys.stderr)
        return 2
    try:
        existing = load_manifest(corpus_dir)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if any(b.file == src.name for b in existing) or (corpus_dir / src.name).exists():
        print(f"error: {src.name}: a list with this file name is already in {corpus_dir}; rename the file "
              f"or `assistant remove {src.name}` first", file=sys.stderr)
        return 2

    probe = parse_file(src, Bureau(file=src.name, bureau=args.bureau or "（待定）", short_name="（待定）"))
    if probe.source is None:
        for problem in probe.problems:
            print(problem, file=sys.stderr)
        print(f"error: {src.name} was not added: it could not be read", file=sys.stderr)
        return 2
    name = args.bureau or bureau_from_title(probe.source.lines)
    if not name:
        print(f"error: {src.name}: no bureau name (…局) in the document's title; give it with --bureau", file=sys.stderr)
        return 2
    clash = next((b for b in existing if name in (b.bureau, b.short_name)), None)
    if clash:
        print(f"error: {name} is already in the corpus as {clash.file}; `assistant remove {clash.file}` first "
              "to replace it", file=sys.stderr)
        return 2
    place = place_of(name)
    short = args.short_name or place
    aliases = tuple(dict.fromkeys(a for a in (short, place, place[:-1] if len(place) > 2 and _level(place) else "",
                                              name) if a))
    bureau = Bureau(file=src.name, bureau=name, short_name=short, aliases=aliases, province=args.province,
                    city=args.city or (place if _level(place) == "市" else ""),
                    county=args.county or (place if _level(place) in ("县", "区") else ""), level=args.level or _level(place),
                    date=args.date, predates_2018_merger="质量技术监督" in name or "质监" in name)
    if args.strict and probe.coverage and probe.coverage.totals().dropped:
        print_coverage(probe, out=sys.stderr)
        print(f"error: {src.name} was not added (--strict): some cells or lines could not be read", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    before_digest = corpus_digest(corpus_dir, existing)
    target = corpus_dir / src.name
    tmp = corpus_dir / f".{src.name}.adding"
    shutil.copyfile(src, tmp)
    tmp.replace(target)
    append_entry(corpus_dir, bureau)
    # only the new list is parsed (the others are in the index), and kept for the next start
    added = parse_cached(target, bureau, parse_cache(args.index or paths.index_dir()))
    counts = {k: v for k, v in added.counts().items() if v}
    print(f"added {src.name} as {name} ({short}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print_coverage(added)
    for problem in added.problems:
        print(problem, file=sys.stderr)
    if args.no_index:
        print("index not updated (--no-index); run `assistant build`", file=sys.stderr)
        return 0
    from assistant.cli.reindex import add_to_index

    try:
        update = add_to_index(corpus_dir, args.index or paths.index_dir(), added, existing, before_digest)
    except Exception as exc:  # noqa: BLE001 — the list is in; whatever failed, say how to finish
        print(f"error: the list was added but the index could not be updated ({exc}); run `assistant build`", file=sys.stderr)
        return 1
    print(f"{update.summary()}; added in {time.perf_counter() - t0:.1f} s in all")
    return 0
