"""The paired evaluation on a tiny real run: the packaged 0.5B served by the app's engine (llama-server) without and
with a real distilled adapter (`lora`), the same items for both, scored item by item through a resumable JSONL cache,
and a report with the paired test, the share of generations with no extractable answer and mean output tokens."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("peft")

from core.io import atomic_write_text, read_jsonl
from pipeline import evaluate, report
from pipeline.config import JudgeConfig, PairConfig
from tests.pipeline.adapter_fixture import build_test_adapter

BASE, TUNED = "0.5B served", "0.5B + adapter served"


@pytest.fixture(scope="module")
def cfg(settings_data_dir):
    path, _ = build_test_adapter(settings_data_dir)
    return evaluate.EvaluateConfig(
        models=[
            evaluate.ModelEntry(BASE, "gguf", "packaged:qwen2.5-0.5b-instruct"),
            evaluate.ModelEntry(TUNED, "gguf", "packaged:qwen2.5-0.5b-instruct", lora=str(path)),
        ],
        # 5 items: even 5 discordant answers of 5 give p = 0.0625, so the verdict below is fixed whatever the models do.
        benchmarks={"medqa": 3, "mmlu_medical": 2},
        completeness_items=2,
        completeness_max_new_tokens=48,
        judge=JudgeConfig(enabled=False),
        threads=1,
    )


@pytest.fixture(scope="module")
def evaluated(cfg, settings_data_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("paired") / "evaluate"
    return evaluate.run(cfg, settings_data_dir, out), out


def _result(out, name):
    return json.loads((out / "results" / f"{name}.json").read_text(encoding="utf-8"))


def test_both_rows_score_the_same_items_and_measure_the_generations(evaluated):
    manifest, out = evaluated
    assert manifest["models"] == [BASE, TUNED]
    base, tuned = _result(out, BASE), _result(out, TUNED)
    for benchmark, n in (("medqa", 3), ("mmlu_medical", 2)):
        ids = [a["id"] for a in base["accuracy"][benchmark]["answers"]]
        assert ids == [a["id"] for a in tuned["accuracy"][benchmark]["answers"]] and len(ids) == n
    assert tuned["entry"]["lora"] and tuned["latency"]["engine"] == "llama.cpp server + LoRA"
    assert tuned["memory_bytes"] > base["memory_bytes"]  # the adapter's bytes on top of the same base file
    for result in (base, tuned):
        c = result["completeness"]
        assert c["k"] == 2 and c["judged"] == 0 and c["mean"] is None  # judge off: no grades, generations still run
        assert c["no_answer_share"] == sum(g["chosen"] is None for g in c["generations"]) / 2
        assert c["mean_output_tokens"] == sum(g["new_tokens"] for g in c["generations"]) / 2 > 10
    # Served at the same scale-1 weights the app uses, the adapter changes at least one generated text.
    assert [g["text"] for g in base["completeness"]["generations"]] != [
        g["text"] for g in tuned["completeness"]["generations"]
    ]


def test_an_interrupted_configuration_resumes_from_its_item_cache(evaluated, cfg, settings_data_dir):
    _, out = evaluated
    (cache,) = out.glob(f"cache/{TUNED}-*.jsonl")
    rows = read_jsonl(cache)
    assert len(rows) == 3 + 2 + 2  # one row per scored item, generations included
    # As if the run died while writing the third row: two finished rows, a torn line, no result file.
    marked = {**rows[0], "marker": "scored before the interruption"}
    torn = json.dumps(rows[2])[:25]
    atomic_write_text(cache, json.dumps(marked) + "\n" + json.dumps(rows[1]) + "\n" + torn)
    (out / "results" / f"{TUNED}.json").unlink()
    (out / "manifest.json").unlink()  # the stage records itself only when every configuration is done
    again = evaluate.run(cfg, settings_data_dir, out, force=False)
    assert again["models"] == [BASE, TUNED]
    resumed = read_jsonl(cache)
    assert resumed[0] == marked and resumed[1] == rows[1]  # kept as they were: not scored again
    assert [r["id"] for r in resumed] == [r["id"] for r in rows]  # the rest scored again, in order
    # Greedy letters and text do not depend on the interruption.
    assert [r.get("chosen") for r in resumed] == [r.get("chosen") for r in rows]


def test_a_finished_run_on_other_items_is_not_taken_for_this_one(evaluated, cfg, settings_data_dir):
    """A manifest and results recorded for the same config but other items (fixed_subset drew differently before
    8.0.0) are scored again, not returned: the items are part of the identity."""
    _, out = evaluated
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stale = {**manifest, "subsets": {b: ["someone-else's-item"] for b in manifest["subsets"]}}
    atomic_write_text(out / "manifest.json", json.dumps(stale))
    for name in (BASE, TUNED):  # results stored under a key that did not include the items
        path = out / "results" / f"{name}.json"
        atomic_write_text(path, json.dumps({**_result(out, name), "key": "an older key"}))
    again = evaluate.run(cfg, settings_data_dir, out)
    assert again["subsets"] == manifest["subsets"] and again["started"] != stale["started"]
    assert _result(out, BASE)["key"] != "an older key"  # scored again (its item cache made it quick)


def test_report_has_the_paired_test_and_template_compliance(evaluated, tmp_path):
    _, out = evaluated
    workdir = out.parent
    report.run(report.ReportConfig(title="paired", pairs=[PairConfig(BASE, TUNED)]), workdir, tmp_path)
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    tables = report.compare(_result(out, BASE), _result(out, TUNED))
    assert list(tables) == ["medqa", "mmlu_medical", "all", "generated"] and tables["all"].n == 5
    assert f"### {TUNED} vs {BASE}" in markdown
    overall = tables["all"]
    assert f"| all | 5 | {overall.base_accuracy:.1%} | {overall.candidate_accuracy:.1%} |" in markdown
    assert f"exact McNemar p = {overall.p_value:.3g}" in markdown
    # Five items cannot show a difference: the report says the adapter does not win and the base stays.
    assert "**no significant difference**" in markdown and f"{TUNED} does not win; keep {BASE}." in markdown
    assert "no extractable answer in" in markdown and "output tokens on average" in markdown
