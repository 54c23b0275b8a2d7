"""`assistant serve`: the HTTP API and the chat page in one process.

  assistant serve [--host 127.0.0.1] [--port 7860] [--no-build] [--writer template|llm]

Builds the index first (with a progress bar) when it is missing or stale. Listens on loopback
unless another host is given explicitly; a non-loopback host prints a warning (no auth).
"""

from __future__ import annotations

import ipaddress
import sys

from assistant.cli.ask_cmd import add_writer_option
from assistant.corpus.manifest import ManifestError
from assistant.search.embed import EmbedderError
from assistant.search.index import IndexProblem

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the chat page and the HTTP API (default http://127.0.0.1:7860)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default 127.0.0.1; anything else exposes the server to the network)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 7860)")
    p.add_argument("--no-build", action="store_true", help="fail instead of building a missing or stale index")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    add_writer_option(p)
    p.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(args) -> int:
    from assistant.cli.ask_cmd import check_writer, load_answerer

    if not 0 < args.port < 65536:
        print(f"error: --port must be between 1 and 65535, not {args.port}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(f"warning: listening on {args.host}, not loopback: anyone who can reach this machine can use the "
              "assistant (there is no authentication)", file=sys.stderr)
    code = check_writer(args.writer)
    if code:
        return code
    try:
        answerer = load_answerer(not args.no_build, args.writer)
    except (IndexProblem, EmbedderError, ManifestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3

    import uvicorn

    from assistant.web.app import create_app
    from assistant.web.shared_answerer import SharedAnswerer

    engine = SharedAnswerer(answerer=answerer)
    engine.warm_up()
    app = create_app(engine)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"serving on http://{shown}:{args.port}/  (chat page; API: POST /api/ask, GET /api/health; docs: /docs)",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0
