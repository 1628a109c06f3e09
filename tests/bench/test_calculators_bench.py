"""The calculator benchmark: answer parsing and MedCalc-Bench scoring (pure), the tools arm through a scripted engine
on real development cases, and a smoke run on the real 0.5B model (default tier, under a minute)."""

from __future__ import annotations

import json
import time

import pytest

from backend.types import Delta
from bench import calculators as bench
from calculators import REGISTRY


def case(**overrides) -> bench.Case:
    values = {
        "id": "x_01",
        "calculator": "map",
        "note": "note",
        "question": "What is the patient's mean arterial pressure in mmHg?",
        "answer": 80.0,
        "answer_type": "decimal",
        "tolerance": 0.05,
    }
    return bench.Case(**(values | overrides))


@pytest.mark.parametrize(
    ("text", "answer_type", "expected"),
    [
        ("MAP = (2 × 80 + 120) / 3 = 93.3\nAnswer: 93.33 mmHg", "decimal", 93.33),
        ("The score is 4 points. Answer: 3 (after re-checking)", "integer", 3.0),  # the last Answer: wins
        ("CrCl = 1,250 / 50 = 25", "decimal", 25.0),  # no Answer: line → the last number
        ("LMP 03/02/2026 plus 280 days.\nAnswer: 2026-12-07", "date", "2026-12-07"),
        ("Due date: December 7th, 2026.", "date", "2026-12-07"),
        ("Conceived around 16 March 2026", "date", "2026-03-16"),
        ("Answer: 11/03/2026", "date", "2026-11-03"),  # the cases write US dates as MM/DD/YYYY
        ("I cannot compute this.", "decimal", None),
    ],
)
def test_parse_answer(text, answer_type, expected):
    assert bench.parse_answer(text, answer_type) == expected


def test_result_answers_are_comparable():
    import datetime as dt

    assert bench.result_answer(dt.date(2027, 5, 10)) == "2027-05-10"
    assert bench.result_answer("11 weeks 4 days") == 11.0  # gestational age in completed weeks
    assert bench.result_answer(24.7) == 24.7


def test_scoring_follows_medcalc_bench():
    decimal = case(answer=24.7, tolerance=0.05)
    assert bench.is_correct(24.7 * 1.049, decimal) and not bench.is_correct(24.7 * 1.051, decimal)
    integer = case(answer=4, answer_type="integer")
    assert bench.is_correct(4.0, integer) and not bench.is_correct(4.5, integer) and not bench.is_correct(5, integer)
    date = case(answer="2027-05-10", answer_type="date")
    assert bench.is_correct("2027-05-10", date) and not bench.is_correct("2027-05-11", date)
    assert not bench.is_correct(None, decimal) and not bench.is_correct("2027-05-10", decimal)


def test_every_case_names_a_calculator_of_the_library():
    cases = bench.load_cases()
    assert len(cases) >= 100
    assert {c.calculator_id for c in cases} <= set(REGISTRY)


def test_cases_about_one_note_run_together():
    ordered = bench.by_note(bench.load_cases())
    seen: list[str] = []
    for item in ordered:
        if not seen or seen[-1] != item.note:
            assert item.note not in seen, f"{item.id}: its note's cases are split"
            seen.append(item.note)


class AnsweringEngine:
    """Answers the extraction request with fixed readings (only for the inputs the request asks for)."""

    name = model_name = "scripted"

    def __init__(self, readings: dict[str, dict]) -> None:
        self.readings = readings
        self.asked: list[list[str]] = []

    def stream(self, messages, params):
        asked = params.response_format["schema"]["required"]
        self.asked.append(asked)
        answer = {name: self.readings.get(name, {"evidence": "", "value": None}) for name in asked}
        yield Delta(content=json.dumps(answer), finish_reason="stop")


BMI_NOTE = "A 40-year-old man. A year ago he weighed 80 kg; today his weight is 70 kg. He is 170 cm tall."


def test_tools_arm_asks_the_model_which_of_several_values_and_computes():
    # Two weights: the parsers' first mention (80 kg) is last year's; the model reads today's (70 kg).
    bmi = case(calculator="bmi", note=BMI_NOTE, question="What is the patient's BMI?", answer=round(70 / 1.7**2, 2))
    engine = AnsweringEngine({"weight": {"evidence": "today his weight is 70 kg", "value": 70, "unit": "kg"}})
    outcome = bench.run_tools_arm(engine, bmi)
    assert engine.asked == [["weight"]]
    assert outcome.inputs["weight"]["source"] == "model" and outcome.inputs["height"]["source"] == "parser"
    assert outcome.reason == "correct" and outcome.got == pytest.approx(24.22, abs=0.01)


def test_tools_arm_names_why_it_failed():
    no_height = case(calculator="bmi", note="A 40-year-old man weighing 70 kg.", question="What is his BMI?")
    outcome = bench.run_tools_arm(AnsweringEngine({}), no_height)
    assert outcome.reason == "input missing" and outcome.detail == "height"
    unmatched = case(question="What is the patient's favourite colour?")
    assert bench.run_tools_arm(AnsweringEngine({}), unmatched).reason == "no calculator matched"


def test_unmentioned_criteria_count_as_absent_and_are_recorded():
    chads = case(
        calculator="cha2ds2_vasc",
        note="A 70-year-old woman with hypertension is seen for palpitations.",
        question="What is the patient's CHA2DS2-VASc score?",
        answer=3,
        answer_type="integer",
    )
    outcome = bench.run_tools_arm(AnsweringEngine({}), chads)
    assert set(outcome.assumed_absent) == {"chf", "stroke_tia", "vascular_disease", "diabetes"}
    assert outcome.inputs["diabetes"]["source"] == "assumed absent (not mentioned)"
    assert outcome.got == 3.0 and outcome.reason == "correct"  # age 65–74 + female + hypertension


def test_a_date_read_by_the_model_is_recorded_as_json():
    due = case(
        calculator="due_date",
        note="Her last menstrual period started on 2026-08-03; her cycles are regular, every 28 days.",
        question="What is her estimated due date?",
        answer="2027-05-10",
        answer_type="date",
    )
    engine = AnsweringEngine({"lmp": {"evidence": "started on 2026-08-03", "value": "2026-08-03"}})
    outcome = bench.run_tools_arm(engine, due)
    assert outcome.inputs["lmp"]["value"] == "2026-08-03"
    json.dumps(bench.asdict(outcome))  # the cache and the report write each outcome as JSON
    assert outcome.got == "2027-05-10" and outcome.correct


def test_summary_gives_wilson_intervals_and_failure_reasons():
    outcomes = [
        bench.Outcome("a", "tools", "map", "cardiology", True, 80.0, 80.0, 1.0, "correct"),
        bench.Outcome("b", "tools", "map", "cardiology", False, None, 80.0, 3.0, "input missing"),
    ]
    summary = bench.summarise_arm(outcomes)
    assert summary["overall"]["accuracy"] == 0.5 and summary["overall"]["ci95"][0] < 0.5 < summary["overall"]["ci95"][1]
    assert summary["per_calculator"]["map"]["n"] == 2 and summary["latency_mean_s"] == 2.0
    assert summary["reasons"] == {"correct": 1, "input missing": 1}


def test_model_arm_scores_the_answer_line():
    class Answering:
        name = model_name = "scripted"

        def stream(self, messages, params):
            assert params.temperature == 0.0 and params.max_tokens == 64
            yield Delta(content="MAP = 60 + (120 − 60) / 3 = 80.\nAnswer: 80 mmHg", finish_reason="stop")

    outcome = bench.run_model_arm(Answering(), case(), max_tokens=64)
    assert outcome.correct and outcome.got == 80.0 and outcome.arm == "model"


def test_smoke_run_scores_the_tools_arm_on_a_real_model(harness_args):
    started = time.monotonic()
    report = bench.main(harness_args(bench, smoke=True))
    elapsed = time.monotonic() - started
    assert set(report["summary"]) == {"tools"}
    assert {c["case"] for c in report["cases"]} == set(bench.SMOKE_CASES)
    assert all(c["reason"] is not None for c in report["cases"])
    assert all(c["output"] for c in report["cases"]), "each smoke case asks the model for its dates"
    assert elapsed < 300  # ~40 s on 2 idle cores; far more means the harness waits on something
