"""Hostile-client benchmark for `assistant serve` (loopback only; not a pytest test).

Starts a server on a free 127.0.0.1 port (or uses --url), then measures:

1. worst lock hold: the slowest answer among the largest requests the limits allow (questions of
   the maximum length cut from the lists themselves, rare characters just under the tagging budget,
   repeated words, follow-ups with a full history). Answering holds the lock for the answer's own
   `latency_ms`, so the worst of those is the worst hold; each request runs 3 times and its best
   time is its cost (the single worst observation, which includes other processes' load, is
   reported too).
2. the hostile set: oversized bodies (7 MB with a 2-million-character history turn, 300 KB,
   45 concurrent 30 KB), lone surrogates, NUL and control characters, invisible characters, an
   upload, a foreign Origin, a foreign Host. Counts 5xx answers and whether the server survived.
3. fairness: a normal question's latency alone (just before and just after), and during a
   burst of the largest allowed requests from several client processes (refused ones, 429, are counted and not retried
   sooner); `--repeats N` measures alone-then-burst N times and reports each run's ratio, the
   median and the load average, since the figure moves with whatever else the machine runs.
4. the server's peak RSS, sampled every 50 ms throughout.

  python scripts/hostile_bench.py [--index DIR] [--clients 8] [--seconds 10] [--repeats 1] [--json]
"""

from __future__ import annotations

import argparse
import glob
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NORMAL = "在商场买的皮鞋掉底了找谁？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(index_dir: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    if index_dir:
        env["ASSISTANT_INDEX_DIR"] = index_dir
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code in (200, 503):
                return proc, url
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start")


class RssSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                self.peak = max(self.peak, self.proc.memory_info().rss)
            except Exception:  # noqa: BLE001 — the process may be gone; the report says so
                return
            time.sleep(0.05)


def largest_requests(n: int, seed: int = 0) -> list[dict]:
    """Requests at the limits: maximal questions cut from the lists, rare characters under the
    tagging budget, repeated words, full-history follow-ups."""
    from assistant.answer.chat import MAX_ASSISTANT_CHARS, MAX_HISTORY_MESSAGES
    from assistant.answer.inputs import MAX_STORY_CHARS, InputError, validate_question

    rnd = random.Random(seed)
    text = "".join(Path(p).read_text(encoding="utf-8").replace("\n", "").replace(" ", "")
                   for p in sorted(glob.glob(str(ROOT / "corpus" / "*.txt"))))
    limit = MAX_STORY_CHARS  # the longest story sent (at most MAX_QUESTION_CHARS of it are analysed)
    out = []
    for _ in range(n):
        s = rnd.randrange(0, len(text) - limit)
        out.append({"question": text[s:s + limit]})
    for _ in range(5):  # rare characters added one by one while the tagging budget allows (bounded)
        s = rnd.randrange(0, len(text) - limit)
        chars = list(text[s:s + limit])
        for pos in rnd.sample(range(limit), limit):
            keep = chars[pos]
            chars[pos] = chr(rnd.randrange(0x4E00, 0x9FA5))
            try:
                validate_question("".join(chars))
            except InputError:
                chars[pos] = keep
        out.append({"question": "".join(chars)})
    for word in ("皮鞋掉底找谁", "质量监督", "罚款", "文安县", "电话"):
        out.append({"question": (word * limit)[:limit]})
    history = []
    for _ in range(MAX_HISTORY_MESSAGES // 2):
        s = rnd.randrange(0, len(text) - MAX_ASSISTANT_CHARS)
        history += [{"role": "user", "content": text[s:s + limit]},
                    {"role": "assistant", "content": text[s:s + MAX_ASSISTANT_CHARS]}]
    out.append({"question": "那罚款呢？", "history": history})
    s = rnd.randrange(0, len(text) - limit)
    out.append({"question": text[s:s + limit - 1] + "呢", "history": history})
    return out


def post(client: httpx.Client, url: str, **kw) -> httpx.Response:
    return client.post(url + "/api/ask", timeout=120, **kw)


def hostile_set(url: str) -> dict:
    """Each probe's status codes; `crashed` when the server stopped answering."""
    huge_turn = "皮" * 2_000_000
    probes = {
        "7 MB body, 2M-char history turn": dict(content=json.dumps(
            {"question": "那罚款呢？", "history": [{"role": "user", "content": huge_turn}]}).encode()[:7_000_000],
            headers={"content-type": "application/json"}),
        "300 KB body": dict(json={"question": "那罚款呢？", "history": [{"role": "user", "content": "皮" * 100_000}]}),
        "lone surrogate in question": dict(content=b'{"question": "\\ud800\\u76ae\\u978b\\u6389\\u5e95\\u627e\\u8c01"}',
                                           headers={"content-type": "application/json"}),
        "lone surrogate in history and id": dict(content=b'{"question": "\\u90a3\\u7f5a\\u6b3e\\u5462", "id": "\\udfff", '
                                                         b'"history": [{"role": "user", "content": "\\udc00x"}]}',
                                                 headers={"content-type": "application/json"}),
        "NUL and controls": dict(json={"question": "皮鞋\x00掉底\x07找谁\x1b"}),
        "zero-width and bidi": dict(json={"question": "皮\u200b鞋\u202e掉\u2066底找\ufeff谁"}),
        "2000 rare characters": dict(json={"question": "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000))}),
        "chunked 1 MB": dict(content=iter([b"x" * 65536] * 16), headers={"content-type": "application/json"}),
    }
    results: dict = {}
    with httpx.Client() as client:
        for name, kw in probes.items():
            try:
                r = post(client, url, **kw)
                results[name] = r.status_code
            except httpx.HTTPError as exc:
                results[name] = f"transport error: {type(exc).__name__}"
        results["upload"] = client.post(url + "/gradio_api/upload", files={"files": ("a.bin", b"0" * 100_000)}).status_code
        results["foreign Origin"] = post(client, url, json={"question": NORMAL},
                                         headers={"origin": "http://evil.example"}).status_code
        results["foreign Host"] = client.get(url + "/api/health", headers={"host": "evil.example"}).status_code
    body = json.dumps({"question": "那罚款呢？", "history": [{"role": "user", "content": "皮" * 10_000}]}).encode()

    def one(_):
        with httpx.Client() as c:
            return post(c, url, content=body, headers={"content-type": "application/json"}).status_code

    with ThreadPoolExecutor(45) as pool:
        t0 = time.perf_counter()
        health = []
        futures = [pool.submit(one, i) for i in range(45)]
        with httpx.Client() as c:
            health_t0 = time.perf_counter()
            health.append(c.get(url + "/api/health", timeout=60).status_code)
            health_ms = (time.perf_counter() - health_t0) * 1000
        codes = [f.result() for f in futures]
    results["45 concurrent 30 KB"] = sorted(set(codes))
    results["health during those (ms)"] = round(health_ms, 1)
    results["45 concurrent total (ms)"] = round((time.perf_counter() - t0) * 1000, 1)
    try:
        results["alive afterwards"] = httpx.get(url + "/api/health", timeout=10).status_code == 200
    except httpx.HTTPError:
        results["alive afterwards"] = False
    return results


def normal_latencies(url: str, n: int, stop: threading.Event | None = None) -> list[float]:
    out = []
    with httpx.Client() as client:
        for _ in range(n):
            if stop is not None and stop.is_set():
                break
            t0 = time.perf_counter()
            r = post(client, url, json={"question": NORMAL})
            assert r.status_code == 200, r.text
            out.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.05)
    return out


def burst(url: str, bodies: list[bytes], start: int, stop, errors, sent, busy) -> None:
    """One burst client: the given (largest allowed) bodies in turn until told to stop."""
    k = start
    with httpx.Client() as client:
        while not stop.is_set():
            r = client.post(url + "/api/ask", content=bodies[k % len(bodies)], timeout=120,
                            headers={"content-type": "application/json"})
            for counter, hit in ((sent, True), (errors, r.status_code >= 500), (busy, r.status_code == 429)):
                if hit:
                    with counter.get_lock():
                        counter.value += 1
            if r.status_code == 429:
                time.sleep(float(r.headers.get("retry-after", "1")))
            k += 1


def burst_run(url: str, heavy: list[bytes], clients: int, seconds: float) -> dict:
    """A normal question's latency during a burst of the given bodies, and alone just before and
    just after it (so that a change in the machine's other load moves both alike)."""
    alone = normal_latencies(url, 20)
    stop = multiprocessing.Event()
    errors, sent, busy = (multiprocessing.Value("i", 0) for _ in range(3))
    # burst clients in other processes, bodies encoded once: the probe's own latency must not
    # include queueing for this process's GIL behind the burst clients
    workers = [multiprocessing.Process(target=burst, args=(url, heavy, i, stop, errors, sent, busy), daemon=True)
               for i in range(clients)]
    for w in workers:
        w.start()
    time.sleep(1.0)
    during: list[float] = []
    refused = 0
    t_end = time.monotonic() + seconds
    with httpx.Client() as client:
        while time.monotonic() < t_end:
            t0 = time.perf_counter()
            r = post(client, url, json={"question": NORMAL})
            during.append((time.perf_counter() - t0) * 1000)
            refused += r.status_code != 200
            time.sleep(0.05)
    load = os.getloadavg()[0]
    stop.set()
    for w in workers:
        w.join(30)
    alone += normal_latencies(url, 20)
    return {"alone": alone, "during": during, "sent": sent.value, "5xx": errors.value, "429": busy.value,
            "normal refused": refused,
            "ratio": statistics.median(during) / statistics.median(alone), "load": load}


def p50_p95(values: list[float]) -> list[float]:
    return [round(statistics.median(values), 1), round(sorted(values)[max(0, int(len(values) * 0.95) - 1)], 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running server on loopback (default: start one)")
    ap.add_argument("--index", help="ASSISTANT_INDEX_DIR for the spawned server")
    ap.add_argument("--clients", type=int, default=8, help="burst clients sending the largest requests")
    ap.add_argument("--seconds", type=float, default=10, help="burst duration")
    ap.add_argument("--candidates", type=int, default=80, help="maximal questions cut from the lists")
    ap.add_argument("--repeats", type=int, default=1, help="alone-then-burst measurements (the ratio is noisy)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("this benchmark only targets loopback")
    proc = None
    if args.url:
        url = args.url
        import psutil

        port = int(url.rsplit(":", 1)[1].split("/")[0])
        pid = next(c.pid for c in psutil.net_connections() if c.laddr and c.laddr.port == port and c.status == "LISTEN")
    else:
        proc, url = spawn(args.index)
        pid = proc.pid
    rss = RssSampler(pid)
    rss.start()
    report: dict = {}
    try:
        requests = largest_requests(args.candidates)
        times: list[list[float]] = [[] for _ in requests]
        with httpx.Client() as client:
            # best of 3: what the request itself costs, not what other processes on the machine add; in three
            # passes over all requests, so no send of a request follows its own (the retriever keeps the last
            # question's vector)
            for _ in range(3):
                for req, took in zip(requests, times, strict=True):
                    r = post(client, url, json=req)
                    took.append(r.json()["latency_ms"] if r.status_code == 200 else 0.0)
        observed = max(t for took in times for t in took)
        holds = [(min(took), req) for req, took in zip(requests, times, strict=True)]
        holds.sort(key=lambda h: h[0])
        worst = holds[-1]
        report["worst lock hold, best of 3 per request (ms)"] = worst[0]
        report["worst lock hold observed once (ms)"] = observed
        report["worst request"] = {"question": worst[1]["question"][:40] + "…", "history": len(worst[1].get("history") or [])}
        report["lock hold p50 over largest requests (ms)"] = statistics.median(h[0] for h in holds)
        report["hostile"] = hostile_set(url)

        heavy = [json.dumps(h[1], ensure_ascii=False).encode() for h in holds[-10:]]
        runs = [burst_run(url, heavy, args.clients, args.seconds) for _ in range(args.repeats)]
        mid = sorted(runs, key=lambda r: r["ratio"])[len(runs) // 2]
        report["burst requests sent"] = mid["sent"]
        report["burst requests refused with 429"] = mid["429"]
        report["normal questions not answered (non-200) during bursts"] = sum(r["normal refused"] for r in runs)
        report["normal latency alone p50/p95 (ms)"] = p50_p95(mid["alone"])
        report["normal latency during burst p50/p95 (ms)"] = p50_p95(mid["during"])
        report["burst ratio p50"] = round(mid["ratio"], 2)
        if len(runs) > 1:
            report["burst ratio p50, each run"] = [round(r["ratio"], 2) for r in runs]
            report["burst ratio p50, median and spread"] = [round(statistics.median(r["ratio"] for r in runs), 2),
                                                           round(min(r["ratio"] for r in runs), 2),
                                                           round(max(r["ratio"] for r in runs), 2)]
        report["load average (1 min) at the end of each burst"] = [round(r["load"], 2) for r in runs]
        report["burst 5xx"] = sum(r["5xx"] for r in runs)
    finally:
        rss.running = False
        rss.join(2)
        report["server peak RSS (MB)"] = round(rss.peak / 2**20)
        if proc is not None:
            proc.terminate()
            proc.wait(15)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for k, v in report.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
