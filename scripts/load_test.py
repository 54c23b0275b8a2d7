"""Load test for `POST /api/ask` (not a pytest test).

N concurrent clients post the gold questions (eval/gold.jsonl, with their history/bureau) in a
loop for a fixed time, then print requests/s, client-side latency percentiles and errors. It
stops by itself: clients stop starting requests at the deadline, and every request has a timeout.

  python scripts/load_test.py                       # against a running `assistant serve` on :7860
  python scripts/load_test.py --spawn               # start a server on a free loopback port first
  python scripts/load_test.py --clients 20 --duration 30 --url http://127.0.0.1:7860
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def load_questions(path: Path) -> list[dict]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append({k: row[k] for k in ("question", "history", "bureau") if row.get(k) is not None})
    return items


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def client(url: str, questions: list[dict], start: int, deadline: float, timeout: float, out: dict, lock) -> None:
    latencies, server_ms, errors = [], [], Counter()
    i = start
    with httpx.Client(timeout=timeout) as http:
        while time.monotonic() < deadline:
            payload = questions[i % len(questions)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = http.post(f"{url}/api/ask", json=payload)
                elapsed = (time.perf_counter() - t0) * 1000
                if r.status_code == 200:
                    latencies.append(elapsed)
                    server_ms.append(r.json().get("latency_ms", 0.0))
                else:
                    errors[f"HTTP {r.status_code}"] += 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] += 1
    with lock:
        out["latencies"] += latencies
        out["server_ms"] += server_ms
        out["errors"].update(errors)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn_server(startup_timeout: float = 300) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            httpx.get(f"{url}/api/health", timeout=5)
            return url, proc
        except httpx.TransportError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"the server did not start (exit code {proc.poll()})")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:7860")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--duration", type=float, default=30.0, help="seconds (default 30)")
    p.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    p.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    p.add_argument("--spawn", action="store_true", help="start `assistant serve` on a free loopback port first")
    args = p.parse_args(argv)

    questions = load_questions(args.gold)
    proc = None
    url = args.url.rstrip("/")
    if args.spawn:
        url, proc = spawn_server()
    try:
        try:
            health = httpx.get(f"{url}/api/health", timeout=30).json()
        except httpx.HTTPError as exc:
            print(f"error: no server at {url} ({exc}); start `assistant serve` or use --spawn", file=sys.stderr)
            return 2
        print(f"server {url}: index {health.get('status')}, {health.get('embedder')}, {health.get('n_chunks')} chunks")
        print(f"{args.clients} clients × {args.duration:.0f} s, {len(questions)} gold questions in rotation …", flush=True)
        out, lock = {"latencies": [], "server_ms": [], "errors": Counter()}, threading.Lock()
        t0 = time.monotonic()
        deadline = t0 + args.duration
        threads = [threading.Thread(target=client, args=(url, questions, i * 7, deadline, args.timeout, out, lock), daemon=True)
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.duration + args.timeout + 10)
        wall = time.monotonic() - t0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(15)

    lat, errors = out["latencies"], out["errors"]
    total = len(lat) + sum(errors.values())
    print(f"requests: {total} in {wall:.1f} s → {len(lat) / wall:.1f} successful requests/s")
    print(f"latency (client, ms): p50 {percentile(lat, 50):.0f}  p95 {percentile(lat, 95):.0f}  "
          f"p99 {percentile(lat, 99):.0f}  max {max(lat, default=float('nan')):.0f}")
    if out["server_ms"]:
        print(f"answering time (server latency_ms): median {statistics.median(out['server_ms']):.1f} ms")
    print(f"errors: {sum(errors.values())}" + (f" ({', '.join(f'{k}: {v}' for k, v in errors.items())})" if errors else ""))
    return 1 if errors or not lat else 0


if __name__ == "__main__":
    sys.exit(main())
