"""The evaluation report: a Markdown table per system and kind, a PNG chart, the failures."""

from __future__ import annotations

import math
import subprocess
import time
from pathlib import Path

COLUMNS = [
    ("recall@1", "R@1"), ("recall@5", "R@5"), ("recall@10", "R@10"), ("mrr@10", "MRR@10"),
    ("citation_hit@3", "cite hit@3"), ("answer_accuracy", "answer acc"), ("grounded_accuracy", "grounded acc"),
    ("lead", "lead"), ("refusal_accuracy", "refusal acc"), ("false_refusals", "false refusals"),
    ("not_stated_accuracy", "not-stated acc"), ("median_cited_lines", "median cited lines"),
    ("median_answer_chars", "median chars"), ("max_answer_chars", "max chars"),
    ("latency_p50_ms", "p50 ms"), ("latency_p95_ms", "p95 ms"),
]


def _fmt(value) -> str:
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def commit_id() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True,
                              cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def table(scores: dict[str, dict[str, dict]], rows: str = "kind") -> str:
    """`scores[system][kind]` → one Markdown table: overall per system, then per kind."""
    head = "| system | kind | n | " + " | ".join(label for _, label in COLUMNS) + " |"
    sep = "|" + "---|" * (len(COLUMNS) + 3)
    lines = [head, sep]
    for system, by_kind in scores.items():
        for kind, s in by_kind.items():
            if rows == "overall" and kind != "all":
                continue
            lines.append(f"| {system} | {kind} | {s['n']} | " + " | ".join(_fmt(s[key]) for key, _ in COLUMNS) + " |")
    return "\n".join(lines)


def chart(scores: dict[str, dict[str, dict]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(scores)
    kinds = [k for k in next(iter(scores.values())) if k != "all"]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(systems)
    for i, system in enumerate(systems):
        values = []
        for k in kinds:
            s = scores[system].get(k, {})
            v = s.get("refusal_accuracy") if k == "refusal" else s.get("grounded_accuracy")
            values.append(0.0 if v is None or math.isnan(v) else v)
        ax.bar([x + i * width for x in range(len(kinds))], values, width, label=system)
    ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(kinds))], kinds)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("grounded accuracy (refusal: refusal accuracy)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("accuracy per kind of question")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(scores: dict[str, dict[str, dict]], fails: list[dict], out_dir: Path, gold_path: Path, split: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    chart(scores, out_dir / "accuracy_by_kind.png")
    lines = [
        "# Evaluation report",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on commit {commit_id()}, gold `{gold_path.name}` (split: {split}).",
        "",
        "## Overall",
        "",
        table(scores, rows="overall"),
        "",
        "## Per kind",
        "",
        table(scores),
        "",
        "![accuracy per kind](accuracy_by_kind.png)",
        "",
        f"## Failing questions of the assistant ({len(fails)})",
        "",
    ]
    for f in fails:
        lines.append(f"- **{f['id']}** ({f['kind']}) {f['question']} — refused={f['refused']}; must={f['must']}; "
                     f"gold={[(g['source'][:3], *g['lines']) for g in f['gold']]}; cited={f['cited']}; "
                     f"answer: {f['answer'][:120].replace(chr(10), ' ')}")
    path = out_dir / "latest.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
