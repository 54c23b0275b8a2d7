"""Train the reach model (assistant/answer/reach.py) on the gold questions' dev halves and write
prompts/reach_model.json. First prints a cross-validated estimate: each gold file's questions
scored by a model trained without that file, at the threshold of prompts/policy.toml.

    python scripts/train_reach.py            # estimate, then train on all dev halves and write
    python scripts/train_reach.py --dry-run  # the estimate only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import paths
from assistant.answer.query import as_read, load_vocabulary
from assistant.corpus.cache import ParseCache, default_folder
from assistant.corpus.load import load_corpus
from assistant.corpus.places import place_names
from assistant.evaluation.train_reach import cross_validated, list_questions, train, training_examples
from assistant.policy import default_policy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # of 5, 10 and 20, 20 refused the most held-out refusals and the fewest answerable questions (150 sets)
    parser.add_argument("--c", type=float, default=20.0, help="inverse regularisation strength (default 20)")
    parser.add_argument("--min-df", type=int, default=2, help="n-grams in fewer questions are left out (default 2)")
    parser.add_argument("--out", type=Path, default=paths.prompts_dir() / "reach_model.json")
    parser.add_argument("--dry-run", action="store_true", help="print the estimate, write nothing")
    args = parser.parse_args()

    vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
    corpus = load_corpus(paths.corpus_dir(), ParseCache(default_folder(paths.index_dir())))
    names = place_names([pl.bureau for pl in corpus.lists])
    examples = training_examples(paths.eval_dir(), lambda q: as_read(q, vocab))
    from_lists = list_questions(corpus.records, {pl.bureau.file: pl.bureau.short_name for pl in corpus.lists})
    bar = default_policy().scope.max_out_of_reach
    held_out = cross_validated(examples, names, args.c, args.min_df, always=from_lists)
    refusals = [p for p, e in zip(held_out, examples, strict=True) if e.out_of_reach]
    answerable = [(p, e) for p, e in zip(held_out, examples, strict=True) if not e.out_of_reach]
    print(f"{len(examples)} dev questions ({len(refusals)} refusals) from {len({e.group for e in examples})} gold files, "
          f"and {len(from_lists)} answerable questions made from the lists' records")
    for at in sorted({bar, 0.5, 0.6, 0.7, 0.8, 0.9}):
        print(f"held-out estimate at {at}{' (the policy)' if at == bar else ''}: "
              f"{sum(p >= at for p in refusals)} of {len(refusals)} refusals refused, "
              f"{sum(p >= at for p, _ in answerable)} of {len(answerable)} answerable questions refused")
    for p, e in sorted(answerable, key=lambda x: -x[0])[:5]:
        print(f"  answerable, highest: {p:.2f} {e.id} {e.text}")
    if args.dry_run:
        return 0
    model = train(examples + from_lists, names, args.c, args.min_df)
    args.out.write_text(json.dumps(model.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out} ({len(model.idf)} n-grams, {model.trained_on} questions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
