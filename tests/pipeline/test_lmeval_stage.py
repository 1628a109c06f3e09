"""The lmeval stage for real: lm-eval's hf backend on the packaged SmolLM2-135M over 3 items per benchmark of a small
data folder (tests/pipeline/lmeval_fixture.py), the evaluate stage's items; skipped when done; no models, no work;
and the report's section beside the evaluate stage run on the same items."""

from __future__ import annotations

import json
import re
from importlib import metadata

import pytest

pytest.importorskip("torch")
pytest.importorskip("lm_eval")

from core.types import SEED
from meddata.boundary import fixed_subset
from pipeline import evaluate, lmeval, lmeval_report, report
from pipeline.config import (
    EvaluateConfig,
    JudgeConfig,
    LmEvalConfig,
    LmEvalModel,
    ModelEntry,
    ReportConfig,
)
from pipeline.lmeval_report import TASKS_FOLDER, TITLE
from tests.pipeline.lmeval_fixture import write_data

MODEL = "packaged:smollm2-135m-instruct"
BENCHMARKS = {"mmlu_medical": 3, "medqa": 3}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("wd")


def _config() -> LmEvalConfig:
    return LmEvalConfig(models=[LmEvalModel("smollm2", MODEL)], benchmarks=dict(BENCHMARKS), threads=1)


@pytest.fixture(scope="module")
def first_run(data_dir, workdir):
    return lmeval.run(_config(), data_dir, workdir / "lmeval", SEED)


def test_lm_eval_scores_the_evaluate_stage_items(first_run, data_dir, workdir):
    results = json.loads((workdir / "lmeval" / "results.json").read_text(encoding="utf-8"))
    figures = results["models"]["smollm2"]["benchmarks"]
    assert {b: f["n"] for b, f in figures.items()} == BENCHMARKS
    assert all(0 <= f[m] <= 1 for f in figures.values() for m in ("acc", "acc_norm"))
    scored = json.loads((workdir / "lmeval" / "results" / "smollm2.json").read_text(encoding="utf-8"))
    for benchmark, n in BENCHMARKS.items():
        items = scored["benchmarks"][benchmark]["items"]
        assert [i["id"] for i in items] == [item.id for item in fixed_subset(benchmark, data_dir, n, SEED)]
        assert scored["benchmarks"][benchmark]["correct"] == sum(i["chosen"] == i["gold"] for i in items)
    assert first_run["lm_eval"] == metadata.version("lm_eval") == results["lm_eval"]
    assert first_run["models"]["smollm2"]["path"] == MODEL and first_run["machine"]["cpus"]


def test_a_finished_run_is_skipped_and_a_scored_model_is_not_rescored(first_run, data_dir, workdir):
    out = workdir / "lmeval"
    assert lmeval.run(_config(), data_dir, out, SEED)["started"] == first_run["started"]
    scored = out / "results" / "smollm2.json"
    before = scored.stat().st_mtime_ns
    (out / "manifest.json").unlink()  # the stage did not record its end: it runs again, the model is not rescored
    again = lmeval.run(_config(), data_dir, out, SEED)
    assert scored.stat().st_mtime_ns == before and again["models"] == first_run["models"]


def test_no_models_is_a_recorded_no_op(data_dir, tmp_path):
    manifest = lmeval.run(LmEvalConfig(), data_dir, tmp_path / "lmeval", SEED)
    assert manifest["stage"] == "lmeval" and manifest["models"] == {}
    assert not (tmp_path / "lmeval" / "results.json").exists()


def test_report_puts_lm_eval_beside_our_evaluator_on_the_same_items(first_run, data_dir, workdir):
    entry = ModelEntry("smollm2 hf", "hf", MODEL)
    judge = JudgeConfig(enabled=False)
    cfg = EvaluateConfig(models=[entry], benchmarks=dict(BENCHMARKS), completeness_items=0, judge=judge)
    evaluate.run(cfg, data_dir, workdir / "evaluate")
    report.run(ReportConfig(), workdir, workdir / "report")
    markdown = (workdir / "report" / "report.md").read_text(encoding="utf-8")
    assert f"## {TITLE}" in markdown and "echo" in markdown
    for benchmark in BENCHMARKS:
        row = next(line for line in markdown.splitlines() if line.startswith(f"| **smollm2** | {benchmark} | 3 |"))
        assert "smollm2 hf (hf)" in row and "on these items (all 3:" in row
        both, ours, theirs, neither = map(int, re.search(r"\| (\d+) / (\d+) / (\d+) / (\d+) \|", row).groups())
        assert both + ours + theirs + neither == 3
    copied = workdir / "report" / TASKS_FOLDER
    assert (copied / "medassist_mmlu_medical.yaml").is_file() and (copied / "lmeval_docs.py").is_file()
    samples = json.loads((copied / "samples.json").read_text(encoding="utf-8"))
    assert sum(len(indices) for indices in samples.values()) == sum(BENCHMARKS.values())


def test_lm_eval_on_a_subset_of_our_items_pairs_on_that_subset_only():
    ours = {"answers": [{"id": i, "chosen": c, "gold": "A"} for i, c in (("a", "A"), ("b", "B"), ("c", "A"))]}
    theirs = {"items": [{"id": "a", "acc": 1}, {"id": "b", "acc": 1}]}
    table = lmeval_report._pairing(theirs, ours)
    assert (table.both, table.only_base, table.only_candidate, table.neither) == (1, 0, 1, 0)
    assert lmeval_report._pairing({"items": [{"id": "z", "acc": 1}]}, ours) is None  # an item ours did not score
