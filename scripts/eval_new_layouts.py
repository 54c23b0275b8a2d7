"""Score the questions written on the three fixture lists in new layouts (Markdown 2019 layout,
.docx with merged cells, .xlsx with one sheet per table).

The corpus and index are copied to a work folder, the three lists are added there with
`assistant add` (the repository is never written to), and each question of
eval/new_layouts.jsonl is asked. A question is correct when the answer holds every `must`
group and cites its list among the first three citations; a `not_stated` question when the
answer is a refusal or says the list does not state it. `lead`: the first line holds every
`must` group.

    python scripts/eval_new_layouts.py [--questions FILE] [--work DIR] [--reuse] [-v]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "lists"
# the question file names each list by the text rendering the tester read
LIST_FILES = {"qinghe_2019.md": "qinghe_2019.md", "chengchuan_docx.txt": "chengchuan.docx",
              "wanglan_xlsx.txt": "wanglan.xlsx"}


def prepare(work: Path, reuse: bool) -> None:
    corpus, index = work / "corpus", work / "index"
    if reuse and all((corpus / f).is_file() for f in LIST_FILES.values()) and (index / "params.json").is_file():
        return
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(ROOT / "corpus", corpus)
    if (ROOT / "index" / "params.json").is_file():
        shutil.copytree(ROOT / "index", index)
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index), "PYTHONPATH": str(ROOT)}
    for name in LIST_FILES.values():
        subprocess.run([sys.executable, "-m", "assistant", "add", str(FIXTURES / name)], env=env, check=True,
                       stdout=subprocess.DEVNULL)


def score(rows: list[dict], verbose: bool) -> dict:
    from assistant.cli.ask_cmd import load_answerer
    from assistant.evaluation import metrics as m

    answerer = load_answerer(True)
    kinds: dict[str, dict] = {}
    for g in rows:
        r = answerer.ask(g["question"], g.get("history")).to_dict()
        if g.get("not_stated"):
            ok, lead = m.says_not_stated(r), None
        else:
            cited = any(c["source"] == LIST_FILES[g["list"]] for c in r["citations"][:3])
            ok, lead = m.answer_correct(r, g) and cited, m.lead(r, g)
        k = kinds.setdefault(g["kind"], {"n": 0, "ok": 0, "lead": 0, "lead_n": 0, "chars": []})
        k["n"] += 1
        k["ok"] += ok
        if lead is not None:
            k["lead_n"] += 1
            k["lead"] += lead
            if not r["refused"]:
                k["chars"].append(len(r["answer"]))
        if verbose or not ok:
            mark = "ok  " if ok else "FAIL"
            print(f"{mark} {g['id']} {g['kind']} lead={lead} {g['question']}\n     must={g.get('must')}\n     "
                  + r["answer"][:300].replace("\n", "\n     "))
    total = {"n": 0, "ok": 0, "lead": 0, "lead_n": 0, "chars": []}
    for v in kinds.values():
        for key in total:
            total[key] += v[key]
    kinds["all"] = total
    return kinds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "new_layouts.jsonl")
    ap.add_argument("--work", type=Path, default=Path("/tmp/assistant-new-layouts"))
    ap.add_argument("--reuse", action="store_true", help="reuse the work folder's corpus and index if they hold the lists")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every answer, not only the failures")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    prepare(args.work, args.reuse)
    os.environ["ASSISTANT_CORPUS_DIR"] = str(args.work / "corpus")
    os.environ["ASSISTANT_INDEX_DIR"] = str(args.work / "index")
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = score(rows, args.verbose)
    print(f"{'kind':10s} {'n':>3s} {'correct':>8s} {'lead':>6s} {'median chars':>12s}")
    for kind, v in kinds.items():
        lead = v["lead"] / v["lead_n"] if v["lead_n"] else float("nan")
        chars = statistics.median(v["chars"]) if v["chars"] else 0
        print(f"{kind:10s} {v['n']:3d} {v['ok']:3d}/{v['n']:<3d} {lead:6.3f} {chars:12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
