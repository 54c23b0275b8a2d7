"""`assistant` command line: one small module per command."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

COMMANDS = {
    "corpus": "assistant.cli.corpus_cmd",
    "add": "assistant.cli.add_cmd",
    "remove": "assistant.cli.remove_cmd",
    "build": "assistant.cli.build_cmd",
    "ask": "assistant.cli.ask_cmd",
    "eval": "assistant.cli.eval_cmd",
    "bench": "assistant.cli.bench_cmd",
    "serve": "assistant.cli.serve_cmd",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="清单问答: cited answers over 责任清单 lists")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        importlib.import_module(module).add_parser(sub)
    return parser


class _StderrHandler(logging.Handler):
    """Log lines to whatever sys.stderr is at the time (tests capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr)
        except Exception:  # noqa: BLE001 — logging must never break a command
            self.handleError(record)


def setup_logging(level: int = logging.INFO) -> None:
    """The product's log lines (logger "assistant") go to stderr as plain messages."""
    logger = logging.getLogger("assistant")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
