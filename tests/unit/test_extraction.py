"""backend.extraction without a model: the schema, the prompt, the checks on the model's JSON, and the engine call
through a scripted engine. Notes are excerpts in the style of bench/cases/calculators_dev.jsonl; unit factors are
the ones its README states (creatinine µmol/L ÷ 88.4, 1 lb = 0.45359 kg)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from backend.extraction import (
    build_messages,
    evidence_found,
    extract_with_model,
    input_schema,
    parse_response,
    response_format,
    response_schema,
    run_extraction,
    several_values,
    unit_in_quote,
)
from backend.types import BackendUnavailable
from calculators import REGISTRY
from tests.scripted_engine import ScriptedEngine, entry

NOTE = (
    "An 84-year-old woman was brought from her long-term care facility with two days of productive cough, fever "
    "and new confusion. There is no history of heart failure. She weighed 90.4 lb and measured 158 cm. "
    "Creatinine was 71 µmol/L six months earlier; today creatinine 97 µmol/L. She opened her eyes to voice."
)


# --- schema ------------------------------------------------------------------------------------------------------


def test_schema_makes_every_kind_nullable_and_quotes_before_the_value():
    crcl = REGISTRY["creatinine_clearance"]
    creatinine = input_schema(crcl.input("creatinine"))
    assert list(creatinine["properties"]) == ["evidence", "value", "unit"]
    assert creatinine["properties"]["value"] == {"type": ["number", "null"]}
    assert creatinine["properties"]["unit"]["enum"] == list(crcl.input("creatinine").units)
    assert creatinine["required"] == ["evidence", "value", "unit"] and creatinine["additionalProperties"] is False
    assert input_schema(REGISTRY["curb65"].input("confusion"))["properties"]["value"] == {"type": ["boolean", "null"]}
    assert input_schema(crcl.input("sex"))["properties"]["value"] == {"enum": ["male", "female", None]}
    lmp = input_schema(REGISTRY["due_date"].input("lmp"))["properties"]["value"]
    assert {"type": "null"} in lmp["anyOf"] and {"type": "string", "format": "date"} in lmp["anyOf"]


def test_single_unit_inputs_have_no_unit_field():
    assert "unit" not in input_schema(REGISTRY["meld_na"].input("inr"))["properties"]


def test_response_schema_requires_exactly_the_asked_inputs():
    spec = REGISTRY["creatinine_clearance"]
    schema = response_schema([spec.input("weight"), spec.input("height")])
    assert schema["required"] == ["weight", "height"] and schema["additionalProperties"] is False
    wrapped = response_format([spec.input("weight")])
    assert wrapped["type"] == "json_object" and wrapped["schema"]["required"] == ["weight"]


# --- prompt ------------------------------------------------------------------------------------------------------


def test_prompt_puts_the_note_first_and_describes_each_input():
    spec = REGISTRY["creatinine_clearance"]
    messages = build_messages(
        spec,
        NOTE,
        ["weight", "creatinine"],
        {"age": 84.0, "sex": "female"},
        {"creatinine": ["Creatinine was 71 µmol/L", "creatinine 97 µmol/L"]},
        "What is the creatinine clearance?",
    )
    user = messages[-1].content
    assert messages[0].role == "system" and user.startswith('Case note:\n"""\n' + NOTE)
    assert '"weight": Weight (number in kg or lb or g)' in user
    assert "several" in user and '"creatinine 97 µmol/L"' in user
    assert "Question: What is the creatinine clearance?" in user
    assert "Age 84 years; Sex female" in user


# --- evidence ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("new confusion", True),
        ("She Weighed  90.4 lb", True),  # case and spacing are not the model's choice to get right
        ("today creatinine 97 µmol/L.", True),
        ("history of … heart failure", True),  # an elision whose pieces are in order
        ("heart failure … history of", False),  # the same pieces out of order
        ("creatinine 1.1 mg/dL", False),
        ("of", False),  # too short to prove anything
        ("", False),
    ],
)
def test_evidence_must_be_the_notes_words(quote, found):
    assert evidence_found(quote, NOTE) is found


# --- validation of the model's answer ----------------------------------------------------------------------------


def test_numbers_are_converted_from_the_unit_the_model_read():
    spec = REGISTRY["creatinine_clearance"]
    raw = json.dumps(
        {
            "weight": entry("She weighed 90.4 lb", 90.4, "lb"),
            "creatinine": entry("today creatinine 97 µmol/L", 97, "µmol/L"),
        }
    )
    result = parse_response(raw, [spec.input("weight"), spec.input("creatinine")], NOTE)
    assert result.rejected == {}
    assert result.values["weight"][0] == pytest.approx(90.4 * 0.45359, rel=1e-4)
    assert result.values["creatinine"] == (pytest.approx(97 / 88.4, rel=1e-3), "today creatinine 97 µmol/L")
    assert result.units == {"weight": "lb", "creatinine": "µmol/L"}


def test_the_unit_written_in_the_quote_outranks_the_models_label():
    # Seen with Qwen2.5-Coder-1.5B on bsa_02: quote "198 lb", unit "kg".
    spec = REGISTRY["bsa"]
    note = "He weighed 198 lb and was 6 ft 3 in tall."
    result = parse_response(json.dumps({"weight": entry("198 lb", 198, "kg")}), [spec.input("weight")], note)
    assert result.values["weight"][0] == pytest.approx(198 * 0.45359, rel=1e-4) and result.units == {"weight": "lb"}
    assert unit_in_quote(spec.input("height"), "measured 158 cm", 158) == "cm"
    assert unit_in_quote(spec.input("height"), "measured 158", 158) is None


def test_unstated_unquoted_or_unsupported_values_stay_missing():
    spec = REGISTRY["creatinine_clearance"]
    raw = json.dumps(
        {
            "age": entry("", None),
            "weight": entry("She weighed 60 kg", 60, "kg"),  # not the note's words
            "height": entry("measured 158 cm", 162, "cm"),  # the number is not in its own quote
            "creatinine": entry("today creatinine 97", 97, "mg/dL"),  # 97 mg/dL is implausible
        }
    )
    inputs = [spec.input(name) for name in ("age", "weight", "height", "creatinine")]
    result = parse_response(raw, inputs, NOTE)
    assert result.values == {}
    assert result.rejected["age"] == "not stated (null)"
    assert result.rejected["weight"].startswith("quote not in the text")
    assert result.rejected["height"] == "162 is not in its quote"
    assert "implausible" in result.rejected["creatinine"]


def test_yes_no_answers_need_a_quote_either_way():
    psi = REGISTRY["psi"]
    raw = json.dumps(
        {
            "chf": entry("There is no history of heart failure", False),
            "nursing_home": entry("long-term care facility", True),
            "liver_disease": entry("", False),  # "false" with nothing to show for it is not a reading
        }
    )
    result = parse_response(raw, [psi.input(n) for n in ("chf", "nursing_home", "liver_disease")], NOTE)
    assert result.values == {
        "chf": (False, "There is no history of heart failure"),
        "nursing_home": (True, "long-term care facility"),
    }
    assert "liver_disease" in result.rejected


def test_derived_scores_may_come_from_words():
    gcs = REGISTRY["gcs"]
    result = parse_response(json.dumps({"eye": entry("She opened her eyes to voice", 3)}), [gcs.input("eye")], NOTE)
    assert result.values == {"eye": (3.0, "She opened her eyes to voice")}


def test_choices_and_dates_are_checked():
    note = "Her last menstrual period began on 03/02/2026 (US format)."
    lmp = REGISTRY["due_date"].input("lmp")
    read = parse_response(json.dumps({"lmp": entry("03/02/2026", "2026-03-02")}), [lmp], note)
    assert read.values == {"lmp": (dt.date(2026, 3, 2), "03/02/2026")}
    wrong = parse_response(json.dumps({"lmp": entry("03/02/2026", "March")}), [lmp], note)
    assert wrong.rejected["lmp"] == "not a date: 'March'"
    sex = REGISTRY["creatinine_clearance"].input("sex")
    bad_choice = parse_response(json.dumps({"sex": entry("woman", "F")}), [sex], NOTE)
    assert bad_choice.rejected["sex"] == "not one of the choices: 'F'"


@pytest.mark.parametrize("raw", ["", "{not json", "[1, 2]"])
def test_malformed_answers_leave_everything_missing(raw):
    spec = REGISTRY["curb65"]
    result = parse_response(raw, [spec.input("confusion"), spec.input("bun")], NOTE)
    assert result.values == {} and set(result.rejected) == {"confusion", "bun"}


# --- several values ----------------------------------------------------------------------------------------------


def test_differing_mentions_are_flagged_and_repeats_are_not():
    spec = REGISTRY["creatinine_clearance"]
    several = several_values(spec, NOTE + " Creatinine 97 µmol/L on repeat.")
    assert set(several) == {"creatinine"}
    values = [round(m.value, 3) for m in several["creatinine"]]
    assert values == [round(71 / 88.4, 3), round(97 / 88.4, 3), round(97 / 88.4, 3)]
    assert several_values(REGISTRY["bmi"], "Weight 70 kg. Height 170 cm. Weight 70 kg.") == {}


# --- the engine call ---------------------------------------------------------------------------------------------


def test_the_engine_is_asked_greedily_under_the_schema():
    spec = REGISTRY["curb65"]
    engine = ScriptedEngine(json.dumps({"confusion": entry("new confusion", True)}))
    result = run_extraction(engine, spec, NOTE, ["confusion"], {"age": 84.0}, question="CURB-65?")
    params = engine.requests[0][1]
    assert params.temperature == 0.0 and params.response_format == response_format([spec.input("confusion")])
    assert result.values == {"confusion": (True, "new confusion")} and result.completion_tokens == 42
    assert extract_with_model(engine, spec, NOTE, ["confusion"]) == {"confusion": (True, "new confusion")}


def test_an_engine_failure_leaves_inputs_missing_instead_of_raising():
    engine = ScriptedEngine(BackendUnavailable("server down"))
    result = run_extraction(engine, REGISTRY["curb65"], NOTE, ["confusion"])
    assert result.values == {} and result.rejected == {"confusion": "model error: server down"}


def test_nothing_missing_asks_nothing():
    engine = ScriptedEngine("{}")
    assert run_extraction(engine, REGISTRY["curb65"], NOTE, []).values == {}
    assert engine.requests == []
