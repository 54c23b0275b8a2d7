"""`assistant` command line: one small module per command."""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "corpus": "assistant.cli.corpus_cmd",
    "build": "assistant.cli.build_cmd",
    "ask": "assistant.cli.ask_cmd",
    "eval": "assistant.cli.eval_cmd",
    "bench": "assistant.cli.bench_cmd",
    "serve": "assistant.cli.serve_cmd",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="清单问答: cited answers over 责任清单 lists")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        importlib.import_module(module).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
