"""Evaluation without a database: reading CSV, JSON Lines and CLINC150, refusing bad data plainly, and the
figures on CLINC150 that the engine must reach (skipped where ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.cbr.evaluation import DataError, Example, evaluate, read_examples
from tests.cbr.test_learning import texts

CLINC = Path(__file__).resolve().parents[3] / "shared" / "data" / "clinc150" / "data_full.json"


def test_csv_and_json_lines_read_the_named_columns(tmp_path: Path) -> None:
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text('id,request,kind\n1,router is down,outage\n2,"bill, too high",billing\n', encoding="utf-8")
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text('{"request": "router is down", "kind": "outage"}\n\n{"request": "bill", "kind": 7}\n')

    from_csv = read_examples(csv_file, format="csv", text_column="request", label_column="kind")
    from_jsonl = read_examples(jsonl, format="jsonl", text_column="request", label_column="kind")

    assert from_csv == [Example("router is down", "outage"), Example("bill, too high", "billing")]
    assert from_jsonl == [Example("router is down", "outage"), Example("bill", "7")]


def test_clinc_reads_the_named_splits(tmp_path: Path) -> None:
    data = tmp_path / "data_full.json"
    data.write_text(json.dumps({"train": [["a", "x"]], "oos_test": [["b", "oos"]], "test": [["c", "x"]]}))

    assert read_examples(data, format="clinc", splits="test, oos_test") == [Example("c", "x"), Example("b", "oos")]
    with pytest.raises(DataError, match="no split 'val'; it has oos_test, test, train"):
        read_examples(data, format="clinc", splits="val")


@pytest.mark.parametrize(
    ("content", "format", "message"),
    [
        ("request,kind\nrouter,\n", "csv", "record 1: needs text in 'text'"),
        ('{"text": "a", "label": "x"}\nnot json\n', "jsonl", "line 2: not JSON"),
        ('["a", "x"]\n', "jsonl", "record 1: expected an object"),
        ("{", "clinc", "not JSON"),
    ],
)
def test_bad_data_is_refused_with_where_and_why(tmp_path: Path, content: str, format: str, message: str) -> None:
    path = tmp_path / "data"
    path.write_text(content)

    with pytest.raises(DataError, match=message):
        read_examples(path, format=format, splits="train")  # type: ignore[arg-type]


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="No such file"):
        read_examples(tmp_path / "absent.csv", format="csv")


def test_evaluate_reports_accuracy_vote_hits_out_of_scope_and_latency() -> None:
    train = [Example(t, k) for t, k in texts(1, 500)]
    test = [Example(t, k) for t, k in texts(2, 100)] + [Example("recipe for lemon cake", "oos")] * 5

    figures = evaluate(train, test, calibration=[Example(t, k) for t, k in texts(3, 150)], max_drop=0.02)

    assert figures["in_scope_queries"] == 100
    assert figures["top1_accuracy"] >= 0.95
    assert figures["weighted_vote_top5_accuracy"] >= 0.95
    assert figures["hit_at_10"] >= figures["top1_accuracy"]
    assert figures["out_of_scope_recall"] == 1.0
    assert figures["in_scope_accuracy_drop"] <= 0.05
    assert figures["latency_ms"]["p50"] > 0
    assert figures["learning"]["held_out_accuracy_after"] >= figures["learning"]["held_out_accuracy_before"]


@pytest.mark.skipif(not CLINC.exists(), reason="needs ../shared/data/clinc150 (absent: a user's checkout)")
def test_clinc150_reaches_its_figures_on_forty_intents() -> None:
    """Forty of the 150 intents, to keep the suite quick; `frontline assist evaluate` runs all 150."""

    def load(splits: str, keep: set[str] | None = None) -> list[Example]:
        examples = read_examples(CLINC, format="clinc", splits=splits)
        return [e for e in examples if keep is None or e.label in keep or e.label == "oos"]

    intents = set(sorted({e.label for e in load("train")})[:40])
    figures = evaluate(load("train", intents), load("test,oos_test", intents), calibration=load("val", intents))

    assert figures["top1_accuracy"] >= 0.88
    assert figures["weighted_vote_top5_accuracy"] >= 0.90
    assert figures["out_of_scope_recall"] >= 0.60
    assert figures["in_scope_accuracy_drop"] <= 0.02
