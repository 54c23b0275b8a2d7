"""Browser-facing protections for the whole server (API, docs and chat page).

- Host check: only the names the server was started for (127.0.0.1, localhost, ::1 and the
  `--host` / `--allowed-host` values) are served, so a DNS-rebinding page cannot talk to it.
- Same-origin writes: a POST/PUT/PATCH/DELETE carrying an Origin header must come from the
  page's own origin; browsers send Origin on cross-site requests, so foreign pages get 403.
- Uploads are switched off: the chat page has no file input, so Gradio's upload route answers 403.
- No CORS: Access-Control-Allow-* headers added downstream (Gradio reflects localhost origins
  with credentials) are removed, so other origins can never read a response.
- Security headers on every response: a CSP that allows nothing off the server (no image from an
  address in user text can be fetched even if it reached the page; JSON answers allow nothing),
  frame-ancestors none / X-Frame-Options DENY, nosniff and no referrer.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from assistant.web.limits import send_json

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
UPLOAD_PATHS = ("/gradio_api/upload", "/upload")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Gradio's page needs its inline bootstrap script, inline styles and 'unsafe-eval' (gr.HTML
# evaluates its templates with `new Function`); every source stays 'self', so nothing is loaded
# from another address. JSON answers get a policy that allows nothing at all.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
       "worker-src 'self' blob:; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
COMMON_HEADERS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
                  (b"referrer-policy", b"no-referrer")]


def host_name(host: str) -> str:
    """'127.0.0.1:7860' → '127.0.0.1'; '[::1]:7860' → '::1'; lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def trusted_hosts(*extra: str) -> frozenset[str]:
    return frozenset({*LOOPBACK_NAMES, *(host_name(h) for h in extra if h)})


class Guard:
    def __init__(self, app, allowed_hosts=LOOPBACK_NAMES):
        self.app = app
        self.allowed = trusted_hosts(*allowed_hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if host_name(host) not in self.allowed:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await send_json(send, 400, {"error": "untrusted Host header; this server answers only to "
                                                        + ", ".join(sorted(self.allowed))})
        origin = headers.get("origin")
        if origin is not None and scope.get("method", "GET") in UNSAFE_METHODS:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
                return await send_json(send, 403, {"error": "cross-origin requests are not allowed"})
        if scope["type"] == "http" and scope["path"].rstrip("/") in UPLOAD_PATHS:
            return await send_json(send, 403, {"error": "uploads are disabled on this server"})

        csp = (API_CSP if scope["path"].startswith("/api/") else CSP).encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if not k.lower().startswith(b"access-control-allow-")
                        and k.lower() not in (b"x-frame-options", b"content-security-policy")]
                message = {**message, "headers": [*kept, (b"content-security-policy", csp), *COMMON_HEADERS]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)
