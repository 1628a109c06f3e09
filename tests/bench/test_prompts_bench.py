"""The prompt-comparison harness: a smoke run in the default tier, a real comparison in the slow tier."""

from __future__ import annotations

import pytest

from backend.practice import _normalise, evaluation_questions, practice_bank
from bench import prompts


def test_questions_are_a_fixed_practice_subset_never_an_evaluation_split(settings_data_dir):
    first, second = prompts.subset(settings_data_dir, 10), prompts.subset(settings_data_dir, 10)
    assert [i.id for i in first] == [i.id for i in second]
    assert sum(i.id.startswith("mmlu") for i in first) == 5 and sum(i.id.startswith("pubmedqa") for i in first) == 5
    bank_ids = {i.id for i in practice_bank(settings_data_dir)}
    held_out = evaluation_questions(settings_data_dir)
    assert all(i.id in bank_ids and _normalise(i.question) not in held_out for i in first)


def test_both_prompts_carry_the_same_question(settings_data_dir):
    item = prompts.subset(settings_data_dir, 2)[0]
    template = prompts.messages_for("template", item, "instruct")
    generic = prompts.messages_for("generic", item, "instruct")
    assert generic == [
        prompts.ChatMessage("system", prompts.GENERIC_SYSTEM),
        prompts.ChatMessage("user", item.as_prompt()),
    ]
    assert item.options[0][1] in template[-1].content and "## Reasoning" in template[-1].content
    assert template[0].content != prompts.GENERIC_SYSTEM


def test_smoke_run_measures_both_prompts(harness_args, tmp_path):
    report = prompts.main(harness_args(prompts, smoke=True))
    assert set(report["summary"]) == {"template", "generic"}
    for summary in report["summary"].values():
        assert summary["n"] == 2 and summary["output_tokens_mean"] > 0
        assert summary["latency_p95_s"] >= summary["latency_p50_s"] >= summary["ttft_p50_s"] > 0
    # every question asked with both prompts, the order alternating
    assert [a["prompt"] for a in report["answers"]] == ["template", "generic", "generic", "template"]
    assert (tmp_path / "prompts.json").is_file()


def test_a_remote_server_takes_the_same_run(harness_args, llama_server):
    """--url: the remote engine (huggingface_hub's client on the Messages API) against a real llama.cpp server."""
    report = prompts.main(harness_args(prompts, smoke=True, url=llama_server.url, style="instruct"))
    assert report["model"] == llama_server.url and len(report["answers"]) == 4
    assert all(a["output_tokens"] > 0 and a["latency_s"] > 0 for a in report["answers"])


@pytest.mark.slow
def test_prompt_comparison(harness_args, capsys):
    with capsys.disabled():
        report = prompts.main(harness_args(prompts, model="qwen2.5-0.5b-instruct", n=6, max_tokens=384, threads=2))
    assert all(s["n"] == 6 for s in report["summary"].values())
