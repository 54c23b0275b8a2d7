"""`assistant ask`: one question, or a JSONL batch, answered with citations.

Contract (outside checks call it exactly like this):
  assistant ask "问题" [--place PLACE | --bureau NAME] [--json] [--writer template|llm]
  assistant ask --batch FILE --json   → one JSON line per input line, in order, nothing else on stdout

A place is a path (河北省/廊坊市/文安县) or the name of a province, city, county or bureau. When
several places' lists answer alike and none is known, the answer carries
"clarify": {"question": "…", "options": […]} (printed after the answer without --json).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.corpus.manifest import ManifestError
from assistant.search.embed import EmbedderError
from assistant.search.index import IndexProblem

HELP_NAMES = 10  # bureaus named in --help; a large corpus is summarised


def add_parser(sub) -> None:
    p = sub.add_parser("ask", help="answer a question (or a JSONL batch) with citations")
    p.add_argument("question", nargs="?", help="the question, in Chinese")
    p.add_argument("--place", help="limit the answer to the lists under a place: a path such as 河北省/廊坊市 or "
                                   f"the name of a province, city, county or bureau ({bureau_names()})")
    p.add_argument("--bureau", help="the same as --place (kept for existing callers)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--batch", type=Path, metavar="FILE", help="JSONL file of {id, question, history?, place? or bureau?}")
    p.add_argument("--no-build", action="store_true", help="fail instead of building a missing or stale index")
    add_writer_option(p)
    p.set_defaults(run=run)


def bureau_names() -> str:
    """The bureaus of the manifest, for help texts (the corpus folder may not exist yet)."""
    from assistant import paths
    from assistant.corpus.manifest import load_manifest

    try:
        bureaus = load_manifest(paths.corpus_dir())
    except (ManifestError, OSError):
        return "see the corpus manifest"
    names = "、".join(b.short_name for b in bureaus[:HELP_NAMES])
    return names + (f" … {len(bureaus)} lists" if len(bureaus) > HELP_NAMES else "")


def add_writer_option(p) -> None:
    p.add_argument("--writer", metavar="template|llm",
                   help="who words the answer: template (default) or llm (an OpenAI-compatible server set by "
                        "ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL; its answer is checked, else the template "
                        "answer is shown); default: $ASSISTANT_WRITER or template")


def check_writer(name: str | None) -> int:
    """0 when the writer can be set up; else prints why and returns the exit code (2: unknown
    name, 3: a writer that cannot be set up, such as llm without its server settings)."""
    from assistant.answer.writers import WriterError, get_writer, writer_name

    try:
        writer_name(name)
    except WriterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        get_writer(name)
    except WriterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    return 0


def load_answerer(build_if_needed: bool, writer: str | None = None):
    from assistant.answer.pipeline import Answerer
    from assistant.resources import load_resources

    return Answerer(load_resources(build_if_needed=build_if_needed), writer=writer)


def format_text(result: dict) -> str:
    from assistant.answer.types import where

    lines = [result["answer"]]
    if result["citations"]:
        lines.append("")
        lines.append("引用：")
        for i, c in enumerate(result["citations"], 1):
            lines.append(f"[{i}] {c['bureau']} › {c['section']} — {c['source']} {where(c)}")
    if result.get("clarify"):
        lines += ["", result["clarify"]["question"], "可选：" + " / ".join(result["clarify"]["options"])]
    return "\n".join(lines)


def run(args) -> int:
    from assistant.answer.chat import HistoryError
    from assistant.answer.inputs import InputError, validate_question
    from assistant.text import clean_input

    if args.question is not None:
        args.question = clean_input(args.question)  # undecodable bytes, controls and invisible marks dropped
    if args.batch is None:
        try:
            validate_question(args.question if args.question is not None else "")
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    elif args.question:
        print("error: give either a question or --batch FILE, not both", file=sys.stderr)
        return 2
    if args.place and args.bureau and args.place != args.bureau:
        print("error: give either --place or --bureau, not both", file=sys.stderr)
        return 2
    code = check_writer(args.writer)
    if code:
        return code
    try:
        answerer = load_answerer(not args.no_build, args.writer)
    except (IndexProblem, EmbedderError, ManifestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    if args.batch is not None:
        return run_batch(answerer, args.batch)
    try:
        result = answerer.ask(args.question, bureau=args.place or args.bureau).to_dict()
    except (InputError, HistoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False) if args.json else format_text(result))
    return 0


def batch_line(answerer, line: str, n: int) -> dict:
    from assistant.answer.chat import HistoryError
    from assistant.answer.inputs import InputError
    from assistant.text import clean_input

    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": n, "error": f"line {n} is not valid JSON: {exc.msg}"}
    if not isinstance(item, dict):
        return {"id": None, "line": n, "error": f"line {n} must be a JSON object"}
    question, qid = item.get("question"), item.get("id")
    question, qid = (clean_input(v) if isinstance(v, str) else v for v in (question, qid))
    place = item.get("place") if item.get("place") is not None else item.get("bureau")
    try:
        return answerer.ask(question, item.get("history"), place, qid).to_dict()
    except (InputError, HistoryError) as exc:
        return {"id": qid, "question": question, "error": str(exc)}


def run_batch(answerer, path: Path) -> int:
    try:
        handle = sys.stdin if str(path) == "-" else open(path, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            print(json.dumps(batch_line(answerer, line, n), ensure_ascii=False), flush=True)
    return 0
