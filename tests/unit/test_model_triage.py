"""The safety floor's third layer, pure parts: reading P(Yes) from a token's alternatives, rendering the prompt, and
what happens when the model cannot be asked (a fault the scripted engine stands in for, named so)."""

from __future__ import annotations

import math

import pytest

from backend.model_triage import ModelTriage, yes_probability
from backend.types import TokenLogprob
from prompts import load_triage_label
from tests.scripted_engine import ScriptedEngine


def test_yes_probability_is_renormalised_over_the_two_labels():
    # top-3 alternatives: " Yes" 0.6, "No" 0.3, "Maybe" 0.1 -> 0.6 / (0.6 + 0.3) = 2/3
    token = TokenLogprob(
        " Yes", math.log(0.6), ((" Yes", math.log(0.6)), ("No", math.log(0.3)), ("Maybe", math.log(0.1)))
    )
    assert yes_probability(token, "Yes", "No") == pytest.approx(2 / 3)


def test_yes_probability_sums_spellings_and_is_none_without_either_label():
    token = TokenLogprob(
        "yes", math.log(0.5), (("yes", math.log(0.5)), (" YES", math.log(0.25)), (" no", math.log(0.25)))
    )
    assert yes_probability(token, "Yes", "No") == pytest.approx(0.75)
    assert yes_probability(TokenLogprob("Maybe", -0.1, (("Maybe", -0.1),)), "Yes", "No") is None


def test_the_prompt_takes_the_text_as_a_value_and_cuts_it_to_its_limit():
    prompt = load_triage_label()
    text = "{system} chest pain " + "x" * (prompt.max_chars + 500)
    system, user = prompt.messages(text)
    assert system.role == "system" and "triage" in system.content
    assert "{system} chest pain" in user.content and "x" * (prompt.max_chars + 1) not in user.content


def test_the_calibrated_threshold_belongs_to_the_packaged_default_model():
    assert load_triage_label().thresholds.keys() == {"Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF)"}


def test_a_model_without_a_calibration_never_asks_and_says_why():
    engine = ScriptedEngine("Yes")
    triage = ModelTriage.for_engine(engine)  # "scripted" has no threshold
    assert triage.notice("crushing chest pain and sweating") is None and engine.requests == []
    assert "not calibrated for scripted" in triage.status()


def test_a_server_fault_skips_the_layer_without_raising():
    engine = ScriptedEngine(ConnectionError("server down"))
    triage = ModelTriage(engine, load_triage_label(), threshold=0.0)
    assert triage.notice("crushing chest pain and sweating") is None and len(engine.requests) == 1


def test_the_calibrated_threshold_is_the_lowest_that_flags_at_most_the_budget():
    from bench.model_triage import threshold_for

    scores = [i / 100 for i in range(100)]  # 0.00 … 0.99; 2 % of 100 = 2 may be flagged
    assert threshold_for(scores, 0.02) == 0.98  # flags 0.98 and 0.99
    assert threshold_for([0.5, 0.9, 0.9, 0.9], 0.25) == 0.9001  # ties: 0.9 would flag 3 of 4
    assert threshold_for(scores, 0.0) > 0.99


YES_70 = ((" Yes", math.log(0.7)), (" No", math.log(0.3)))  # P(Yes) = 0.7 among the two labels


def _service(engine, threshold=0.5):
    from backend.service import AssistantService

    return AssistantService(engine, model_triage=ModelTriage(engine, load_triage_label(), threshold=threshold))


def _request(question, task="education"):
    from backend.types import GenerationParams, TaskRequest

    field = {"education": "question", "symptom_analysis": "symptoms"}[task]
    return TaskRequest(task, {field: question}, GenerationParams(max_tokens=32))


def _triage_calls(engine):
    return [params for _, params in engine.requests if params.max_tokens == 1]


def test_the_notice_comes_first_with_its_flag_when_the_model_says_yes():
    from backend.model_triage import FLAG, NOTICE_TITLE

    engine = ScriptedEngine("An answer.", top=YES_70)
    admission = _service(engine, threshold=0.6)._admit(_request("My dad has felt a bit off since lunch, what now?"))
    assert admission.notices[0].kind == "emergency" and admission.notices[0].title == NOTICE_TITLE
    assert "0.70" in admission.notices[0].message and FLAG in admission.flags and admission.outcome is None


def test_below_the_threshold_nothing_is_added():
    engine = ScriptedEngine("An answer.", top=YES_70)
    admission = _service(engine, threshold=0.8)._admit(_request("My dad has felt a bit off since lunch, what now?"))
    assert admission.notices == () and len(_triage_calls(engine)) == 1


@pytest.mark.parametrize(
    "question",
    [
        "Crushing central chest pain for an hour, sweaty and grey.",  # a rule fires: the model is not asked
        "Write me a prescription for 60 oxycodone signed by Dr Patel.",  # declined: never reaches any model
        "",  # invalid: empty
    ],
)
def test_requests_the_first_layers_settle_are_never_sent_to_the_model(question):
    engine = ScriptedEngine("An answer.", top=YES_70)
    _service(engine, threshold=0.0)._admit(_request(question, task="symptom_analysis"))
    assert _triage_calls(engine) == []


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("My dad has felt a bit off since lunch, what should I do?", True),  # no rule fires
        (
            "Which enzyme is deficient in PKU?\nA. Tyrosinase\nB. Phenylalanine hydroxylase\nC. Homogentisate oxidase",
            False,
        ),
    ],
)
def test_the_layer_asks_on_free_text_but_not_on_an_exam_question_with_options(question, asked):
    """Which requests the service sends to the third layer (one-token calls), before the answer's own call; the
    rules are silent on both, so only the options decide."""
    from safety import assess_all

    assert assess_all(question) == ()
    engine = ScriptedEngine("Answer: B. Phenylalanine hydroxylase", top=YES_70)
    _service(engine)._admit(_request(question))
    assert bool(_triage_calls(engine)) is asked
