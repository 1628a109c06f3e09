"""Finding calculators: search box, question matching, and deterministic extraction from a free-text case.

The case below is written for these tests (a made-up patient), not taken from any benchmark."""

from __future__ import annotations

import pytest

from calculators import REGISTRY, compute, extract_inputs, find_applicable, match_question, search
from calculators.extract import Found, as_values
from calculators.measurements import Measurement

_CASE = """A 72-year-old woman with a history of hypertension, type 2 diabetes and congestive heart failure presented
with two days of productive cough and confusion. She denies hemoptysis. Vital signs: temperature 38.9 °C, heart rate
112 beats per minute, respiratory rate 31 breaths/min, blood pressure 88/56 mmHg, SpO2 89% on room air. She weighs
154 lb and is 5'4" tall. Labs: Na 131 mEq/L, K 4.8, Cl 98, HCO3 18, BUN 32 mg/dL, creatinine 1.6 mg/dL, glucose
212 mg/dL, albumin 2.9 g/dL, WBC 15.2 x10^9/L, platelets 140,000/µL, Hct 33%. Chest X-ray: right pleural effusion."""


@pytest.mark.parametrize(
    ("question", "calc_id"),
    [
        ("What is the patient's CURB-65 score?", "curb65"),
        ("What is the patient's CHA2DS2-VASc score?", "cha2ds2_vasc"),
        ("What is the patient's CHA₂DS₂-VASc score?", "cha2ds2_vasc"),
        ("Using the Bazett formula, what is the patient's corrected QT interval in msec?", "qtc_bazett"),
        ("Using the Fridericia formula, what is the patient's corrected QT interval?", "qtc_fridericia"),
        ("What is the patient's albumin corrected anion gap in mEq/L?", "albumin_corrected_anion_gap"),
        ("What is the patient's anion gap?", "anion_gap"),
        ("What is the patient's albumin corrected delta ratio?", "albumin_corrected_delta_ratio"),
        ("What is the patient's delta ratio?", "delta_ratio"),
        ("Using the MDRD GFR equation, what is the patient's GFR?", "mdrd"),
        ("Using the 2021 CKD-EPI creatinine equation, what is the patient's GFR?", "ckd_epi_2021"),
        ("What is the patient's creatinine clearance using the Cockroft-Gault equation?", "creatinine_clearance"),
        ("What is the patient's Glasgow Coma Score?", "gcs"),
        ("What is the patient's HEART score?", "heart_score"),
        ("What are the number of SIRS criteria met?", "sirs"),
        ("What is the patient's Wells' criteria for pulmonary embolism score?", "wells_pe"),
        ("What is the patient's score of Wells' criteria for DVT?", "wells_dvt"),
        ("What is the patient's Child-Pugh score?", "child_pugh"),
        ("What is the patient's MELD Na score?", "meld_na"),
        ("What is the patient's Fibrosis-4 (FIB-4) index?", "fib4"),
        ("What is the patient's Glasgow-Blatchford Bleeding score?", "glasgow_blatchford"),
        ("What is the patient's APACHE II score?", "apache_ii"),
        ("What is the patient's qSOFA score?", "qsofa"),
        ("What is the patient's SOFA score?", "sofa"),
        ("What is the patient's body surface area in m²?", "bsa"),
        ("What is the patient's free water deficit in liters?", "free_water_deficit"),
        ("What is the patient's FENa?", "fena"),
        ("Based on the patient's last menstrual period, what is the estimated due date?", "due_date"),
        ("What is the patient's estimated date of conception?", "conception_date"),
        ("What is the patient's gestational age?", "gestational_age"),
        ("What is the patient's daily Morphine Milligram Equivalents (MME)?", "mme"),
        ("What is the equivalent dose of dexamethasone (steroid conversion)?", "steroid_conversion"),
        ("What is the patient's maintenance fluid rate in mL/hr (4-2-1 rule)?", "maintenance_fluids"),
        ("What is the patient's Charlson Comorbidity Index?", "charlson"),
        ("What is the patient's Caprini score for venous thromboembolism?", "caprini"),
        ("What is the patient's HAS-BLED score?", "has_bled"),
        ("What is the patient's Revised Cardiac Risk Index?", "rcri"),
        ("What is the patient's mean arterial pressure in mm Hg?", "map"),
        ("What is the patient's National Early Warning Score 2 (NEWS2)?", "news2"),
        ("What is the patient's Centor score?", "centor"),
    ],
)
def test_match_question(question: str, calc_id: str) -> None:
    spec = match_question(question)
    assert spec is not None and spec.id == calc_id


def test_match_question_is_none_for_an_ordinary_question() -> None:
    assert match_question("What is the most likely diagnosis for this heart rate?") is None


def test_search_finds_by_prefix_synonym_and_exact_id() -> None:
    assert search("cha2ds2")[0].id == "cha2ds2_vasc"
    assert search("meld")[0].id == "meld_na"
    assert {spec.id for spec in search("wells")} == {"wells_pe", "wells_dvt"}
    assert {spec.id for spec in search("qtc")} >= {"qtc_bazett", "qtc_hodges"}
    assert search("anion gap")[0].id == "anion_gap"
    assert search("xyzzy") == []
    assert len(search("")) == len(REGISTRY)


def test_extract_inputs_reads_numbers_sex_and_stated_findings_with_spans() -> None:
    found = extract_inputs(_CASE)
    assert isinstance(found["age"], Measurement) and found["age"].value == 72
    assert isinstance(found["sex"], Found) and found["sex"].value == "female"
    assert found["weight"].value == pytest.approx(154 * 0.45359237)
    assert (found["chf"].value, found["hypertension"].value, found["diabetes"].value) == (True, True, True)
    assert found["hemoptysis"].value is False  # "denies hemoptysis"
    assert found["confusion"].value is True
    assert found["supplemental_oxygen"].value is False and found["fio2"].value == 0.21  # "on room air"
    for item in found.values():
        assert _CASE[item.span[0] : item.span[1]] == item.raw


def test_unmentioned_findings_stay_missing_never_false() -> None:
    found = extract_inputs(_CASE)
    assert "stroke_tia" not in found and "vascular_disease" not in found and "melena" not in found


def test_find_applicable_lists_complete_calculators_first_and_names_what_is_missing() -> None:
    applicable = {spec.id: (present, missing) for spec, present, missing in find_applicable(_CASE)}
    ordered = [spec.id for spec, _, _ in find_applicable(_CASE)]
    assert applicable["curb65"][1] == [] and applicable["anion_gap"][1] == []
    assert applicable["cha2ds2_vasc"][1] == ["stroke_tia", "vascular_disease"]
    assert ordered.index("curb65") < ordered.index("cha2ds2_vasc")
    assert "fib4" in applicable and applicable["fib4"][1] == ["ast", "alt"]
    assert "child_pugh" not in applicable  # bilirubin, INR, ascites, encephalopathy unknown: too little
    # Charlson's diabetes is a choice; a yes/no "diabetes" cannot fill it
    assert "diabetes" not in applicable.get("charlson", ({}, []))[0]


def test_extracted_inputs_feed_compute() -> None:
    # CURB-65 for the case: confusion 1 + BUN 32 1 + RR 31 1 + BP 88/56 1 + age 72 1 = 5
    present = {spec.id: present for spec, present, _ in find_applicable(_CASE)}["curb65"]
    values, units = as_values(present)
    assert compute("curb65", values, units).value == 5
    # anion gap 131 − (98 + 18) = 15
    values, units = as_values({spec.id: p for spec, p, _ in find_applicable(_CASE)}["anion_gap"])
    assert compute("anion_gap", values, units).value == 15


def test_urea_in_mmol_per_litre_fills_bun() -> None:
    found = extract_inputs("urea 10 mmol/L")
    assert found["bun"].value == pytest.approx(28.01) and found["bun"].unit == "mg/dL"


def test_input_schema_covers_missing_inputs_with_nullable_types() -> None:
    from calculators.schema import input_schema

    schema = input_schema(REGISTRY["cha2ds2_vasc"], only=["stroke_tia", "sex"])
    assert schema["required"] == ["sex", "stroke_tia"]
    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert properties["stroke_tia"]["type"] == ["boolean", "null"]
    assert properties["sex"]["enum"] == ["male", "female", None]
    age = input_schema(REGISTRY["curb65"])["properties"]["age"]  # type: ignore[index]
    assert (age["minimum"], age["maximum"], "in years" in age["description"]) == (0, 125, True)


_CIRRHOSIS = """A 58-year-old man with alcoholic cirrhosis presented with melena and an episode of syncope. He denies
chest pain, dyspnea or hemoptysis. No fever but has a cough. Exam showed moderate ascites and mild encephalopathy
with asterixis. BP 96/60, HR 108. Labs: Hb 8.9 g/dL, BUN 38 mg/dL, creatinine 1.3, sodium 129, total bilirubin
3.4 mg/dL, albumin 2.6 g/dL, INR 2.1, AST 98, ALT 45, platelets 72."""


def test_negation_reaches_through_a_list_but_not_past_a_contrast() -> None:
    found = extract_inputs(_CIRRHOSIS)
    assert found["hemoptysis"].value is False  # "denies chest pain, dyspnea or hemoptysis"
    assert found["cough_absent"].value is False  # "No fever but has a cough"
    assert (found["melena"].value, found["syncope"].value, found["hepatic_disease"].value) == (True, True, True)


def test_graded_findings_fill_child_pugh() -> None:
    applicable = {spec.id: (present, missing) for spec, present, missing in find_applicable(_CIRRHOSIS)}
    present, missing = applicable["child_pugh"]
    assert missing == []
    assert (present["ascites"].value, present["encephalopathy"].value) == ("moderate", "grade 1-2")
    # Pugh 1973 points, hand: bilirubin 3.4 (3) + albumin 2.6 (3) + INR 2.1 (2) + moderate ascites (3)
    # + grade 1–2 encephalopathy (2) = 13 → class C
    result = compute("child_pugh", *as_values(present))
    assert result.value == 13 and result.band is not None and result.band.label == "Class C"
    assert applicable["meld_na"][1] == ["dialysis"]  # never assumed "no dialysis"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Words of a keyword in another order, and the calculator asked for named before another one.
        ("What is the patient's Wells score for pulmonary embolism?", "wells_pe"),
        ("What is the patient's Wells score for deep vein thrombosis?", "wells_dvt"),
        ("What is the patient's SOFA score on ICU arrival, using his last pre-sedation Glasgow Coma Scale?", "sofa"),
        ("What is the patient's corrected QT interval using the Fridericia formula?", "qtc_fridericia"),
    ],
)
def test_the_calculator_asked_for_is_the_one_matched(question, expected):
    assert match_question(question).id == expected


def test_never_had_and_has_not_had_negate_a_history_item():
    from calculators.extract import extract_inputs

    found = extract_inputs("She has never had heart failure. He has not had a stroke. History of hypertension.")
    # A negated history item is a stated "no" (False), not missing and not a "yes".
    assert found["chf"].value is False and found["stroke"].value is False and found["hypertension"].value is True
