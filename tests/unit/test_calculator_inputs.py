"""backend.calculator_inputs and the tabs' "Computed by the app" panel (backend.tools): the parsers first, the model
for what they leave, through a scripted engine (the test is about our handling of the model's JSON, not about what a
model answers; the real engine runs in the calculator benchmark and the integration tests)."""

from __future__ import annotations

import json

from backend.calculator_inputs import CHUNK, deterministic, fill_inputs, inputs_for_model, missing_required
from backend.tools import computed_for_case
from calculators import REGISTRY
from tests.scripted_engine import ScriptedEngine, entry

CURB_NOTE = (
    "A 72-year-old man with pneumonia: blood urea nitrogen 24 mg/dL, respiratory rate 32/min, blood pressure "
    "86/50 mmHg. His daughter said he had been muddled since the morning."
)


def test_the_parsers_fill_what_the_text_states_and_say_so():
    filled = deterministic(REGISTRY["curb65"], CURB_NOTE)
    assert filled.values["age"] == 72.0 and filled.values["resp_rate"] == 32.0
    assert filled.sources["sbp"] == {
        "value": 86.0,
        "unit": "mmHg",
        "source": "parser",
        "quote": "blood pressure 86/50 mmHg",
    }
    assert missing_required(REGISTRY["curb65"], filled) == ["confusion"]


def test_optional_inputs_are_not_reopened_when_every_required_one_is_stated():
    spec = REGISTRY["news2"]
    note = "RR 18/min, SpO2 97% on room air, BP 128/80 mmHg, HR 76/min, alert, temperature 37.0 °C."
    filled = deterministic(spec, note)
    asked, _ = inputs_for_model(spec, note, filled)
    assert "hypercapnic_scale2" not in asked


def test_a_value_given_twice_goes_to_the_model_with_both_mentions():
    spec = REGISTRY["creatinine_clearance"]
    note = "A 70-year-old woman weighing 60 kg; creatinine 1.1 mg/dL on Monday and creatinine 1.9 mg/dL on Friday."
    asked, candidates = inputs_for_model(spec, note, deterministic(spec, note))
    assert "creatinine" in asked
    assert candidates["creatinine"] == ["creatinine 1.1 mg/dL", "creatinine 1.9 mg/dL"]


def test_the_model_fills_the_rest_with_a_quote_and_its_answer_is_checked():
    engine = ScriptedEngine(json.dumps({"confusion": entry("had been muddled since the morning", True)}))
    filled, extraction = fill_inputs(engine, REGISTRY["curb65"], CURB_NOTE)
    assert extraction is not None and filled.values["confusion"] is True
    assert filled.sources["confusion"]["source"] == "model"
    invented = ScriptedEngine(json.dumps({"confusion": entry("disoriented to place", True)}))
    filled, _ = fill_inputs(invented, REGISTRY["curb65"], CURB_NOTE)
    assert "confusion" not in filled.values  # a quote that is not in the note is rejected, never used


def test_many_criteria_are_asked_in_chunks_so_a_broken_json_loses_only_its_own_chunk():
    spec = REGISTRY["caprini"]
    note = "A 64-year-old man with varicose veins is listed for an open colectomy; he had a DVT in 2015."
    asked, _ = inputs_for_model(spec, note, deterministic(spec, note))
    assert len(asked) > CHUNK
    second = asked[CHUNK]
    answers = ['{"surgery": {"evidence": "open colectomy"', json.dumps({second: entry("open colectomy", True)})]
    engine = ScriptedEngine(answers)  # the first chunk's JSON is cut off, the second one is valid
    filled, extraction = fill_inputs(engine, spec, note)
    assert len(engine.requests) == -(-len(asked) // CHUNK)
    assert filled.values[second] is True and filled.sources[second]["source"] == "model"
    assert all(name not in filled.values for name in asked[:CHUNK])
    assert extraction is not None and "not JSON" in extraction.rejected[asked[0]]


def test_a_server_failure_stops_the_remaining_chunks():
    from backend.types import BackendUnavailable

    spec = REGISTRY["caprini"]
    note = "A 64-year-old man is listed for an open colectomy."
    _, extraction = fill_inputs(ScriptedEngine(BackendUnavailable("down")), spec, note)
    engine = ScriptedEngine(BackendUnavailable("down"))
    fill_inputs(engine, spec, note)
    assert len(engine.requests) == 1
    assert extraction is not None and all(why for why in extraction.rejected.values())


def test_without_an_engine_nothing_is_asked():
    filled, extraction = fill_inputs(None, REGISTRY["curb65"], CURB_NOTE)
    assert extraction is None and "confusion" not in filled.values


def test_the_panel_lists_a_calculator_the_parsers_left_incomplete_and_the_model_completes_it():
    text = f"{CURB_NOTE} What is his CURB-65 score?"
    parsers_only = computed_for_case(text)
    assert "CURB-65" not in {v.name.split(" ")[0] for v in parsers_only.values}
    assert any(name.startswith("CURB-65") for name, _ in parsers_only.incomplete)
    engine = ScriptedEngine(json.dumps({"confusion": entry("muddled since the morning", True)}))
    completed = computed_for_case(text, engine)
    curb = next(v for v in completed.values if v.calculator_id == "curb65")
    assert curb.value == "5"  # confusion, urea > 19 mg/dL, RR ≥ 30, SBP < 90, age ≥ 65
    confusion = next(i for i in curb.inputs if i.label.lower().startswith("confusion"))
    assert confusion.origin == "read by the model from: “muddled since the morning”"
    assert len(engine.requests) == 1  # one calculator per request is completed by the model


def test_an_engine_failure_leaves_the_panel_as_the_parsers_made_it():
    from backend.types import BackendUnavailable

    text = f"{CURB_NOTE} What is his CURB-65 score?"
    assert computed_for_case(text, ScriptedEngine(BackendUnavailable("down"))) == computed_for_case(text)


def test_the_model_is_not_asked_for_a_calculator_merely_mentioned_or_for_a_study_abstract():
    reported = f"{CURB_NOTE} CURB-65 score 2 on admission."  # reports a score, asks for nothing by name
    engine = ScriptedEngine(json.dumps({"confusion": entry("muddled since the morning", True)}))
    computed_for_case(reported, engine, named_only=True)
    assert engine.requests == []
    abstract = (  # a cohort's numbers are not a patient's, even when a calculator is named and asked about
        "In this retrospective cohort we evaluated 300 patients aged 72 admitted with pneumonia; the aim of this study "
        "was to compare CURB-65 between units. What is the CURB-65 threshold for admission to intensive care?"
    )
    computed_for_case(abstract, engine)
    assert engine.requests == []


def test_the_prompt_marks_results_whose_inputs_the_model_read():
    from backend.tools import prompt_block

    text = f"{CURB_NOTE} What is his CURB-65 score?"
    completed = computed_for_case(text, ScriptedEngine(json.dumps({"confusion": entry("muddled", True)})))
    block = prompt_block(completed)
    assert "CURB-65" in block and "inputs read by a model from the text, unverified: Confusion" in block
    assert "unverified" not in prompt_block(computed_for_case(text))


def test_the_service_shows_the_parsers_panel_first_then_the_completed_one_and_prompts_with_it():
    from backend.service import AssistantService
    from backend.types import Computed, Finished, TaskRequest

    script = [json.dumps({"confusion": entry("muddled since the morning", True)}), "Answer: pneumonia, severe."]
    engine = ScriptedEngine(script)
    service = AssistantService(engine, style="instruct", calculator_model_inputs=True)
    fields = {"age": "72", "sex": "male", "symptoms": f"{CURB_NOTE} What is his CURB-65 score?"}
    events = list(service.run(TaskRequest("symptom_analysis", fields)))
    panels = [e for e in events if isinstance(e, Computed)]
    assert len(panels) == 2 and not any(v.calculator_id == "curb65" for v in panels[0].values)
    assert any(v.calculator_id == "curb65" for v in panels[1].values)
    answer_prompt = engine.requests[-1][0][-1].content
    assert "CURB-65" in answer_prompt and "unverified: Confusion" in answer_prompt
    assert isinstance(events[-1], Finished)


def test_a_failing_model_step_keeps_the_parsers_panel_and_the_answer():
    from backend.service import AssistantService
    from backend.types import BackendUnavailable, Computed, Finished, TaskRequest

    engine = ScriptedEngine([BackendUnavailable("down"), "Answer: pneumonia."])
    service = AssistantService(engine, style="instruct", calculator_model_inputs=True)
    fields = {"age": "72", "sex": "male", "symptoms": f"{CURB_NOTE} What is his CURB-65 score?"}
    events = list(service.run(TaskRequest("symptom_analysis", fields)))
    assert len([e for e in events if isinstance(e, Computed)]) == 1 and isinstance(events[-1], Finished)


def test_a_named_calculator_that_cannot_be_completed_is_not_swapped_for_another():
    engine = ScriptedEngine("{}")
    computed_for_case("What is his CHA2DS2-VASc? 80 year old woman with AF, creatinine 1.2 mg/dL.", engine)
    assert engine.requests == []  # too much of the CHA2DS2-VASc is missing, and nothing else was asked for
