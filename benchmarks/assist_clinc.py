"""Agent assist's engine on CLINC150 (real customer requests, 150 intents and an out-of-scope set).

    python benchmarks/assist_clinc.py

The same evaluation `frontline assist evaluate --format clinc` prints, for the default engine (lexical
measure plus what it learns from the training labels) and for the lexical measure alone. Needs
../shared/data/clinc150 (see its SOURCE.md); skipped, with a message, where it is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import ROOT, emit, machine_facts
from frontline.cbr.evaluation import evaluate, read_examples

DATA = ROOT.parent / "shared" / "data" / "clinc150" / "data_full.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--semantic-model", help="Also evaluate with the optional semantic measure (a model directory)."
    )
    arguments = parser.parse_args()
    if not arguments.data.exists():
        print(f"skipped: {arguments.data} is absent", file=sys.stderr)
        return
    train = read_examples(arguments.data, format="clinc", splits="train")
    test = read_examples(arguments.data, format="clinc", splits="test,oos_test")
    calibration = read_examples(arguments.data, format="clinc", splits="val")
    learned = evaluate(train, test, calibration=calibration)
    lexical = evaluate(train, test, learning=False)
    semantic = None
    if arguments.semantic_model:
        semantic = evaluate(train, test, calibration=calibration, semantic_model=arguments.semantic_model)
    emit(
        {
            "benchmark": "assist_clinc",
            "with_semantic_measure": semantic,
            "data": "CLINC150 data_full.json: train 15,000; test 4,500 in scope + 1,000 out of scope; val 3,000",
            "default_engine": learned,
            "lexical_only": lexical,
            "targets": {
                "top1_accuracy": "at least 0.88 (plain TF-IDF 1-NN 0.815, linear SVM 0.925, BERT 0.969)",
                "weighted_vote_accuracy": "at least 0.90",
                "out_of_scope_recall": "at least 0.60 with in-scope accuracy down by at most 2 points",
            },
            "machine": machine_facts(),
        }
    )


if __name__ == "__main__":
    main()
