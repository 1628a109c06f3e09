"""The prompt-comparison and calibration harnesses: smoke runs in the default tier, real comparisons in the slow one."""

from __future__ import annotations

import pytest

from bench import calibration, prompts
from core.text import normalise
from meddata.boundary import evaluation_questions
from meddata.mcq import format_mcq
from meddata.practice import practice_bank


def test_questions_are_a_fixed_practice_subset_never_an_evaluation_split(settings_data_dir):
    first, second = prompts.subset(settings_data_dir, 10), prompts.subset(settings_data_dir, 10)
    assert [i.id for i in first] == [i.id for i in second]
    assert sum(i.id.startswith("mmlu") for i in first) == 5 and sum(i.id.startswith("pubmedqa") for i in first) == 5
    bank_ids = {i.id for i in practice_bank(settings_data_dir)}
    held_out = evaluation_questions(settings_data_dir)
    assert all(i.id in bank_ids and normalise(i.question) not in held_out for i in first)


def test_calibration_questions_are_practice_items_too(settings_data_dir):
    items = calibration.subset(settings_data_dir, 300)
    assert len(items) == 300 == len({i.id for i in items})
    assert {i.id for i in items} <= {i.id for i in practice_bank(settings_data_dir)}


def test_every_prompt_carries_the_same_question(settings_data_dir):
    item = prompts.subset(settings_data_dir, 2)[0]
    generic = prompts.messages_for("generic", item, "instruct")
    assert generic == [
        prompts.ChatMessage("system", prompts.GENERIC_SYSTEM),
        prompts.ChatMessage("user", format_mcq(item)),
    ]
    for prompt in ("template", "template_v1"):
        messages = prompts.messages_for(prompt, item, "instruct")
        assert item.options[0][1] in messages[-1].content and messages[0].content != prompts.GENERIC_SYSTEM
    assert "## Answer" in prompts.messages_for("template", item, "instruct")[-1].content


def test_the_template_request_is_the_services_and_the_others_are_plain(settings_data_dir):
    item = prompts.subset(settings_data_dir, 2)[0]
    options = (("repeat_penalty", 1.1),)
    template = prompts.params_for("template", item, "instruct", 768, options)
    assert template.max_tokens <= 768 and template.stop and template.temperature == 0.0
    assert dict(template.server_options)["grammar"].startswith("root ::=")
    assert dict(template.server_options)["repeat_penalty"] == 1.1
    generic = prompts.params_for("generic", item, "instruct", 768, options)
    assert generic.max_tokens == 768 and not generic.stop and dict(generic.server_options) == {"repeat_penalty": 1.1}


def test_server_options_parse_numbers_and_strings():
    assert prompts.parse_server_options(["repeat_penalty=1.1", "repeat_last_n=64", "x=y"]) == (
        ("repeat_penalty", 1.1),
        ("repeat_last_n", 64),
        ("x", "y"),
    )
    with pytest.raises(SystemExit):
        prompts.parse_server_options(["novalue"])


def test_thresholds_are_read_off_the_data():
    # 20 answers at 0.95 (18 right), 20 at 0.6 (12 right), 20 at 0.3 (6 right): high from 0.95, low below 0.6.
    conf = [0.95] * 20 + [0.6] * 20 + [0.3] * 20
    right = [True] * 18 + [False] * 2 + [True] * 12 + [False] * 8 + [True] * 6 + [False] * 14
    chosen = calibration.choose_thresholds(conf, right)
    assert chosen["high_at_or_above"] == 0.95 and chosen["low_below"] == 0.6
    assert chosen["bands"]["high"] == {"n": 20, "accuracy": 0.9}
    assert chosen["bands"]["low"] == {"n": 20, "accuracy": 0.3}


def test_metrics_of_a_perfectly_separating_confidence():
    m = calibration.metrics([0.9, 0.9, 0.1, 0.1], [True, True, False, False])
    assert m["auroc"] == 1.0 and m["ece_10"] == pytest.approx(0.1) and m["brier"] == pytest.approx(0.01)


def test_smoke_run_measures_both_prompts(harness_args, tmp_path):
    report = prompts.main(harness_args(prompts, smoke=True))
    assert set(report["summary"]) == {"template", "generic"}
    for summary in report["summary"].values():
        assert summary["n"] == 2 and summary["output_tokens_mean"] > 0
        assert summary["latency_p95_s"] >= summary["latency_p50_s"] >= summary["ttft_p50_s"] > 0
    # every question asked with both prompts, the order rotating
    assert [a["prompt"] for a in report["answers"]] == ["template", "generic", "generic", "template"]
    # the template's answer line is forced, so its letter is always extractable
    assert all(a["choice"] is not None for a in report["answers"] if a["prompt"] == "template")
    assert (tmp_path / "prompts.json").is_file()


def test_a_remote_server_takes_the_same_run(harness_args, llama_server):
    """--url: the remote engine (huggingface_hub's client on the Messages API) against a real llama.cpp server."""
    report = prompts.main(harness_args(prompts, smoke=True, url=llama_server.url, style="instruct"))
    assert report["model"] == llama_server.url and len(report["answers"]) == 4
    assert all(a["output_tokens"] > 0 and a["latency_s"] > 0 for a in report["answers"])


def test_calibration_scores_a_question_with_a_letter_probability(llama_server, settings_data_dir):
    from backend.engines.remote import RemoteEngine

    engine = RemoteEngine(llama_server.url, timeout_s=120, retries=0)
    item = calibration.subset(settings_data_dir, 1)[0]
    scored = calibration.score(engine, item, k=2)
    assert scored.greedy in item.letters and 0.0 < scored.letter_probability <= 1.0
    assert len(scored.samples) == 2 and scored.agreement in (0.0, 0.5, 1.0)


@pytest.mark.slow
def test_prompt_comparison(harness_args, capsys):
    with capsys.disabled():
        report = prompts.main(harness_args(prompts, model="qwen2.5-0.5b-instruct", n=6, max_tokens=384, threads=2))
    assert all(s["n"] == 6 for s in report["summary"].values())


class _Scripted:
    """An engine that replays fixed outputs and records what it was asked (no model)."""

    def __init__(self, *outputs: str) -> None:
        self.outputs, self.requests = list(outputs), []

    def stream(self, messages, params):
        from backend.types import Delta, TokenUsage

        self.requests.append((messages, params))
        text = self.outputs.pop(0)
        yield Delta(content=text)
        yield Delta(finish_reason="stop", usage=TokenUsage(10, len(text.split())))


def test_a_template_answer_without_a_letter_gets_the_constrained_second_phase(settings_data_dir):
    item = prompts.subset(settings_data_dir, 2)[0]
    engine = _Scripted("I think about it but never say.", f"Answer: {item.answer}")
    answer = prompts.ask(engine, "template", item, "r1", 768)
    assert answer.phases == 2 and answer.correct and answer.output_tokens == 7 + 2
    second_messages, second_params = engine.requests[1]
    assert second_messages[-2].role == "assistant" and second_params.max_tokens == 4
    assert dict(second_params.server_options)["grammar"].startswith('root ::= "Answer: " letter')


def test_the_generic_prompt_never_gets_a_second_phase(settings_data_dir):
    item = prompts.subset(settings_data_dir, 2)[0]
    answer = prompts.ask(_Scripted("No idea."), "generic", item, "instruct", 768)
    assert answer.phases == 1 and answer.choice is None and not answer.correct
