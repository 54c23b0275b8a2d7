"""docs/scaling.png from docs/scaling.jsonl (one `assistant bench --lists N --json` line per N)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main(source: Path = DOCS / "scaling.jsonl", target: Path = DOCS / "scaling.png") -> None:
    rows = sorted((json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()),
                  key=lambda r: r["lists"])
    n = [r["lists"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    ax = axes[0]
    ax.plot(n, [r["p50_ms"] for r in rows], "o-", label="answer p50")
    ax.plot(n, [r["p95_ms"] for r in rows], "s-", label="answer p95")
    ax.plot(n, [r["retrieval_p50_ms"] for r in rows], "^--", label="retrieval p50")
    ax.axhline(50, color="grey", lw=0.8, ls=":")
    ax.axhline(150, color="grey", lw=0.8, ls=":")
    ax.set(title="warm latency (bureau named)", xlabel="lists", ylabel="ms", xscale="log")
    ax.legend(fontsize=8)
    ax = axes[1]
    ax.plot(n, [r["build_s"] for r in rows], "o-", label="build")
    ax.plot(n, [r["cold_s"] for r in rows], "s-", label="cold start (one ask)")
    ax.axhline(900, color="grey", lw=0.8, ls=":")
    ax.axhline(10, color="grey", lw=0.8, ls=":")
    ax.set(title="build and cold start", xlabel="lists", ylabel="s", xscale="log", yscale="log")
    ax.legend(fontsize=8)
    ax = axes[2]
    ax.plot(n, [r["rss_mb"] for r in rows], "o-", label="ask process peak RSS")
    ax.plot(n, [r["build_rss_mb"] for r in rows], "s-", label="build peak RSS")
    ax.plot(n, [r["disk_mb"] for r in rows], "^--", label="index on disk")
    ax.axhline(3072, color="grey", lw=0.8, ls=":")
    ax.set(title="memory and disk", xlabel="lists", ylabel="MB", xscale="log", yscale="log")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:]))
