"""`assistant serve`: the HTTP API and the chat page in one process.

  assistant serve [--host 127.0.0.1] [--port 7860] [--no-build] [--allowed-host NAME]
                  [--log-file PATH] [--log-questions] [--no-watch] [--writer template|llm]

The port is claimed first, so a port in use is reported (exit 4) before anything is loaded or
claims to be serving. Then the index is built when missing or stale (unless --no-build), loaded,
and served. Listens on loopback unless another host is given explicitly; a non-loopback host
prints a warning (no auth). One JSON line per request goes to stderr (or --log-file, rotated);
question text only with --log-questions. A rebuilt index is picked up within seconds (unless
--no-watch; then POST /api/reload from this machine).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys

from assistant.cli.ask_cmd import add_writer_option
from assistant.corpus.manifest import ManifestError
from assistant.search.embed import EmbedderError
from assistant.search.index import IndexProblem

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
EXIT_CANNOT_LISTEN = 4
LOG_FILE_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the chat page and the HTTP API (default http://127.0.0.1:7860)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default 127.0.0.1; anything else exposes the server to the network)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 7860)")
    p.add_argument("--no-build", action="store_true", help="fail instead of building a missing or stale index")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a host name clients may use besides loopback and --host (repeatable; e.g. the machine's "
                        "DNS name when listening on 0.0.0.0)")
    p.add_argument("--log-file", metavar="PATH", help="write the request log here (rotated at 10 MB, 5 kept) "
                                                      "instead of stderr")
    p.add_argument("--log-questions", action="store_true",
                   help="include the question text in the request log (it can hold personal data)")
    p.add_argument("--no-watch", action="store_true",
                   help="do not reload a rebuilt index by itself (use POST /api/reload)")
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


def claim_port(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; OSError when it cannot be had (in use, no such address)."""
    family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a recent restart's TIME_WAIT is fine
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def setup_logging(log_file: str | None, level: str) -> None:
    """The request log and the server's own events as plain lines (each a JSON object)."""
    from logging.handlers import RotatingFileHandler

    handler: logging.Handler
    if log_file:
        handler = RotatingFileHandler(log_file, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8",
                                      errors="backslashreplace")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("assistant.requests", "assistant.web"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if level in ("info", "debug") else level.upper())
        logger.propagate = False


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
        sock = claim_port(args.host, args.port)
    except OSError as exc:
        print(f"error: cannot listen on {args.host} port {args.port}: {exc.strerror or exc} "
              "(is another server running? choose another --port)", file=sys.stderr)
        return EXIT_CANNOT_LISTEN
    try:
        setup_logging(args.log_file, args.log_level)
    except OSError as exc:
        print(f"error: cannot open the log file {args.log_file}: {exc.strerror or exc}", file=sys.stderr)
        sock.close()
        return 2
    try:
        answerer = load_answerer(not args.no_build, args.writer)
    except (IndexProblem, EmbedderError, ManifestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sock.close()
        return 3

    import uvicorn

    from assistant.web.app import create_app
    from assistant.web.reloader import IndexWatcher
    from assistant.web.shared_answerer import SharedAnswerer

    for problem in answerer.res.corpus.all_problems:  # a damaged list is served only with a warning
        if problem.severity in ("error", "warning"):
            print(f"corpus: {problem}", file=sys.stderr)
    engine = SharedAnswerer(loader=lambda: load_answerer(False, args.writer), answerer=answerer)
    engine.warm_up()
    extra_hosts = [*args.allowed_host, *([] if args.host in ("0.0.0.0", "::") else [args.host])]
    app = create_app(engine, allowed_hosts=extra_hosts, log_questions=args.log_questions)
    watcher = None if args.no_watch else IndexWatcher(engine)
    if watcher:
        watcher.start()
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"serving on http://{shown}:{args.port}/  (chat page; API: POST /api/ask, GET /api/health; docs: /docs; "
          f"index {engine.digest})", file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level=args.log_level, access_log=False))
    server.run(sockets=[sock])
    if watcher:
        watcher.stop()
    return 0
