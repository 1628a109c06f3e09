"""The calculator development cases file is well formed: schema, ids, answer types and coverage of every calculator.

These cases are written independently of `calculators/` (which this test must not import): the file is the yardstick,
so the test checks only its shape, never recomputes an answer.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

CASES_FILE = Path(__file__).resolve().parents[2] / "bench" / "cases" / "calculators_dev.jsonl"

# The calculator ids the brief asks for, each with at least two cases.
REQUIRED_CALCULATORS = frozenset(
    """crcl_cg ckd_epi_2021 mdrd bmi bsa ibw abw map anion_gap anion_gap_albumin delta_gap delta_ratio
    corrected_calcium sodium_correction serum_osmolality free_water_deficit fena ldl homa_ir qtc_bazett qtc_fridericia
    qtc_framingham qtc_hodges qtc_rautaharju cha2ds2_vasc has_bled heart wells_pe wells_dvt perc curb65 psi qsofa sirs
    sofa apache2 gcs centor feverpain child_pugh meld_na fib4 caprini rcri charlson glasgow_blatchford news2 due_date
    gestational_age conception_date steroid_conversion mme maintenance_fluids""".split()
)
COMMON_KEYS = {"id", "calculator", "note", "question", "answer", "answer_type", "explanation", "source_of_formula"}
MIN_WORDS, MAX_WORDS = 120, 400
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _load() -> list[dict]:
    lines = CASES_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return _load()


def test_every_line_is_a_json_object_with_exactly_the_schema_keys(cases):
    assert cases, "no cases"
    for case in cases:
        expected = COMMON_KEYS | ({"tolerance"} if case.get("answer_type") == "decimal" else set())
        assert set(case) == expected, case.get("id")
        for key in COMMON_KEYS - {"answer"}:
            assert isinstance(case[key], str) and case[key].strip(), (case["id"], key)


def test_ids_are_unique_and_prefixed_by_their_calculator(cases):
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for case in cases:
        assert case["id"].startswith(case["calculator"] + "_"), case["id"]


def test_every_required_calculator_has_at_least_two_cases_and_no_unknown_ids(cases):
    counts = Counter(c["calculator"] for c in cases)
    assert {k for k in REQUIRED_CALCULATORS if counts[k] < 2} == set()
    assert set(counts) <= REQUIRED_CALCULATORS


def test_decimal_answers_are_finite_numbers_with_a_five_percent_tolerance(cases):
    for case in (c for c in cases if c["answer_type"] == "decimal"):
        answer = case["answer"]
        assert isinstance(answer, int | float) and not isinstance(answer, bool), case["id"]
        assert math.isfinite(answer) and case["tolerance"] == 0.05, case["id"]


def test_integer_answers_are_json_integers(cases):
    for case in (c for c in cases if c["answer_type"] == "integer"):
        assert isinstance(case["answer"], int) and not isinstance(case["answer"], bool), case["id"]


def test_date_answers_are_iso_calendar_dates(cases):
    for case in (c for c in cases if c["answer_type"] == "date"):
        assert isinstance(case["answer"], str) and ISO_DATE.fullmatch(case["answer"]), case["id"]
        date.fromisoformat(case["answer"])  # a real calendar day, not 2027-02-30


def test_answer_types_are_the_three_allowed(cases):
    assert {c["answer_type"] for c in cases} <= {"decimal", "integer", "date"}


def test_notes_are_case_report_length_and_questions_are_questions(cases):
    for case in cases:
        words = len(case["note"].split())
        assert MIN_WORDS <= words <= MAX_WORDS, (case["id"], words)
        assert case["question"].rstrip().endswith("?"), case["id"]


def test_each_explanation_ends_with_the_answer_it_justifies(cases):
    for case in cases:
        assert case["explanation"].rstrip().endswith(f"Answer: {case['answer']}."), case["id"]
