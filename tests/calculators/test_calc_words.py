"""Inputs read from words rather than numbers: the Glasgow Coma Scale from described responses, medication regimens
for the dose-equivalence calculators, the delivered oxygen fraction, baseline values set aside, and stated history.

Expected GCS points are the scale's own descriptors (Teasdale G, Jennett B. Lancet 1974;2:81-84; Teasdale G et al.
Lancet Neurol 2014;13:844-854). MME factors are CDC 2022's (MMWR Recomm Rep 2022;71(RR-3)): oxycodone 1.5,
hydrocodone 1, tapentadol 0.4, fentanyl patch 2.4 per µg/h. Steroid equivalents are Liu D et al. 2013's
(hydrocortisone 20 mg = prednisone 5 mg = dexamethasone 0.75 mg)."""

from __future__ import annotations

import pytest

from calculators import compute
from calculators.extract import current_measurements, extract_inputs
from calculators.gcs_words import read_gcs
from calculators.regimens import FENTANYL_PATCH, read_regimens, steroid_request

# --- GCS from described responses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He opened his eyes only to a painful stimulus, produced inappropriate words, and localised to a sternal "
            "rub.",
            (2, 3, 5),
        ),
        ("She opened her eyes to voice, was confused in conversation and obeyed commands.", (3, 4, 6)),
        ("Eyes open spontaneously, he was oriented to time and place and follows commands.", (4, 5, 6)),
        ("No eye opening, no verbal response and extensor posturing to pain.", (1, 1, 2)),
        (
            "He made incomprehensible sounds and withdrew his arm from a painful stimulus; eyes opened to pain.",
            (None, 2, 4),
        ),
    ],
)
def test_described_responses_score_as_the_scale_defines_them(text, expected):
    exam = read_gcs(text)
    assert exam is not None
    assert (exam.eye, exam.verbal, exam.motor) == expected


def test_the_most_complete_examination_is_used_and_the_question_breaks_ties():
    note = (
        "At the scene he was moaning and opened his eyes to voice. On arrival in the emergency department he opened "
        "his eyes only to a painful stimulus, made incomprehensible sounds, and withdrew his limbs from pain."
    )
    exam = read_gcs(note)
    assert exam is not None and exam.total == 2 + 2 + 4
    two = (
        "At the scene: eyes opened to voice, confused, obeyed commands. In the ED: eyes opened to pain, moaning, "
        "localised to pain."
    )
    assert read_gcs(two, "GCS at the scene").total == 3 + 4 + 6
    assert read_gcs(two, "GCS in the ED on arrival").total == 2 + 2 + 5


def test_words_that_only_look_like_gcs_descriptors_are_not_read():
    assert read_gcs("Abdominal pain localised to the right iliac fossa; he withdrew consent for surgery.") is None
    assert read_gcs("She was disoriented to time.").verbal == 4  # disorientation is "confused", never "oriented"


def test_a_described_gcs_fills_the_scores_that_need_the_total_and_news2s_consciousness():
    inputs = extract_inputs("She opened her eyes to voice, was confused in conversation and obeyed commands.")
    assert inputs["gcs"].value == 13.0
    assert inputs["consciousness"].value.startswith("new confusion")
    stated = extract_inputs("GCS 9 on arrival. She opened her eyes to voice, was confused and obeyed commands.")
    assert stated["gcs"].value == 9.0  # a GCS written as a number wins over one summed from words


# --- regimens ----------------------------------------------------------------------------------------------------


def test_opioid_regimens_give_mme_slots_and_past_ones_are_left_out():
    note = (
        "He uses a transdermal fentanyl patch 25 µg/hour changed every 72 hours and takes oxycodone immediate-release "
        "10 mg by mouth every 6 hours around the clock. A year ago he briefly used codeine 30 mg as needed, which he "
        "no longer takes."
    )
    regimens = read_regimens(note)
    assert [(r.drug, r.dose, r.per_day, r.current) for r in regimens] == [
        (FENTANYL_PATCH, 25.0, 1.0, True),
        ("oxycodone", 10.0, 4.0, True),
        ("codeine", 30.0, None, False),
    ]
    inputs = extract_inputs(note)
    values = {name: inputs[name].value for name in ("drug_1", "dose_1", "doses_per_day_1", "drug_2", "dose_2")}
    assert "drug_3" not in inputs
    result = compute("mme", {**values, "doses_per_day_2": inputs["doses_per_day_2"].value})
    assert result.value == pytest.approx(25 * 2.4 + 10 * 4 * 1.5)  # 60 + 60 = 120 MME/day


def test_combination_tablets_count_the_opioid_and_the_tablets_per_dose():
    regimens = read_regimens(
        "Hydrocodone-acetaminophen 10/325 mg, two tablets every 6 hours, and tapentadol extended-release 50 mg "
        "twice daily."
    )
    assert [(r.drug, r.dose, r.per_day) for r in regimens] == [("hydrocodone", 20.0, 4.0), ("tapentadol", 50.0, 2.0)]


@pytest.mark.parametrize(
    ("text", "per_day"),
    [
        ("morphine 10 mg q4h", 6.0),
        ("morphine 10 mg qds", 4.0),
        ("prednisolone 40 mg once daily", 1.0),
        ("oxycodone 5 mg three times a day", 3.0),
        ("methadone 30 mg each morning", 1.0),
        ("morphine 10 mg as needed", None),
        ("morphine 10 mg every 4 hours as needed", None),  # not a regular dose, whatever its maximum
        ("Morphine 10 mg b.i.d.", 2.0),
        ("Oxycodone 5 mg t.i.d. and", 3.0),
    ],
)
def test_frequencies_are_read_only_from_explicit_wording(text, per_day):
    assert read_regimens(text)[0].per_day == per_day


def test_a_steroid_conversion_takes_its_drugs_from_the_question_and_the_daily_dose_from_the_note():
    note = (
        "He completed a five-day course of prednisolone 30 mg daily in the spring. He was prescribed hydrocortisone "
        "100 mg intravenously every 6 hours."
    )
    question = "What was the total daily intravenous hydrocortisone dose expressed in prednisone-equivalent mg?"
    assert steroid_request(question) == ("hydrocortisone", "prednisone")
    inputs = extract_inputs(note, question)
    assert (inputs["from_drug"].value, inputs["dose"].value, inputs["to_drug"].value) == (
        "hydrocortisone",
        400.0,
        "prednisone",
    )
    values = {name: inputs[name].value for name in ("from_drug", "dose", "to_drug")}
    assert compute("steroid_conversion", values).value == pytest.approx(100.0)  # 400 / 20 × 5


# --- oxygen, baselines and stated history ---------------------------------------------------------------------


def test_delivered_oxygen_percent_is_fio2_but_a_saturation_is_not():
    assert extract_inputs("on 40% oxygen by Venturi mask, PaO2 92 mmHg")["fio2"].value == pytest.approx(0.40)
    assert "fio2" not in extract_inputs("oxygen saturation 94% on 15 L/min oxygen by non-rebreather mask")


def test_a_baseline_value_gives_way_to_the_current_one():
    note = "Her baseline creatinine was 0.8 mg/dL. Today creatinine 2.6 mg/dL."
    assert extract_inputs(note)["creatinine"].value == pytest.approx(2.6)
    assert [m.value for m in current_measurements(note) if m.name == "creatinine"] == [pytest.approx(2.6)]
    only_baseline = "Her baseline creatinine was 0.8 mg/dL."
    assert extract_inputs(only_baseline)["creatinine"].value == pytest.approx(0.8)  # the only value stays usable


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("History of myocardial infarction with a stent in 2019.", "ischemic_heart_disease", True),
        ("Prior MI; no diabetes.", "vascular_disease", True),
        ("She takes basal insulin glargine.", "insulin", True),
        ("Metformin only (no insulin).", "insulin", False),
        ("Varicose veins of both legs.", "varicose_veins", True),
        ("Admitted with a left hip fracture after a fall.", "fracture", True),
        ("She takes aspirin 75 mg daily.", "drugs", True),
        ("Metastatic breast cancer on chemotherapy.", "malignancy", True),
        ("No history of cancer.", "malignancy", False),
    ],
)
def test_stated_history_fills_score_criteria_with_negation(text, name, value):
    assert extract_inputs(text)[name].value is value


def test_a_cancer_placed_years_in_the_past_is_left_for_the_reader():
    assert "active_cancer" not in extract_inputs("Breast cancer treated 12 years ago, in remission.")


def test_a_fasting_insulin_level_stays_homa_irs_number():
    assert extract_inputs("Fasting insulin 12 µU/mL, glucose 100 mg/dL.")["insulin"].value == pytest.approx(12.0)


def test_an_opioid_named_without_a_regular_frequency_keeps_the_mme_incomplete():
    from calculators import CalculatorInputError

    inputs = extract_inputs("Oxycodone 10 mg every 6 hours and morphine 10 mg as needed.")
    assert inputs["drug_2"].value == "morphine" and "doses_per_day_2" not in inputs
    values = {name: found.value for name, found in inputs.items() if name[-2:] in ("_1", "_2")}
    with pytest.raises(CalculatorInputError, match="opioid 2"):
        compute("mme", values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dexamethasone 0.5 mg daily was stopped last month.", ("dexamethasone", 0.5, 1.0, False)),
        ("Hydromorphone 1.5 mg every 4 hours, discontinued on Monday.", ("hydromorphone", 1.5, 6.0, False)),
        ("Started on oxycodone 10 mg every 6 hours two weeks ago.", ("oxycodone", 10.0, 4.0, True)),
        ("During his last admission he was on morphine 10 mg every 4 hours.", ("morphine", 10.0, 6.0, False)),
        ("Acetaminophen-hydrocodone 325/10 mg every 6 hours.", ("hydrocodone", 10.0, 4.0, True)),
        ("Oxycodone 5 mg, two tablets daily.", ("oxycodone", 10.0, 1.0, True)),
    ],
)
def test_decimals_start_words_partner_first_combinations_and_tablet_counts(text, expected):
    regimen = read_regimens(text)[0]
    assert (regimen.drug, regimen.dose, regimen.per_day, regimen.current) == expected


def test_a_dose_is_never_taken_from_another_medicine():
    assert read_regimens("Prednisolone eye drops, amlodipine 10 mg daily.") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She uses a heating pad at night.", "vascular_disease"),
        ("Her mother died of breast cancer.", "active_cancer"),
        ("Referred for colon cancer screening.", "malignancy"),
        ("A sepsis alert was raised. Drowsy, responds only to voice.", "consciousness"),
        ("A&O x2.", "consciousness"),
        ("Less alert than usual.", "consciousness"),
        ("HR 110, BP 90/60, O2 92%.", "fio2"),
    ],
)
def test_words_that_only_look_like_a_finding_fill_nothing(text, name):
    assert name not in extract_inputs(text)


def test_a_first_reading_is_not_historical_because_of_year_old_nor_a_value_with_an_older_one_in_brackets():
    assert (
        extract_inputs("A 72-year-old woman, heart rate 130/min; on review heart rate 96/min")["heart_rate"].value
        == 130
    )
    assert extract_inputs("creatinine 2.6 mg/dL (3 mg/dL two weeks ago)")["creatinine"].value == pytest.approx(2.6)


def test_whole_numbers_keep_their_zeros_when_shown_without_decimals():
    from calculators.spec import fmt

    # found in the SOFA substitution "PaO₂/FiO₂ 23" for a ratio of 230 (92 mmHg on FiO₂ 0.40)
    assert (fmt(230.0, 0), fmt(100.0, 0), fmt(1.50), fmt(2.0), fmt(-0.001, 1)) == ("230", "100", "1.5", "2", "0")


def test_more_current_opioids_than_the_mme_has_slots_fills_none_of_them():
    note = "Morphine 10 mg q4h, oxycodone 5 mg q6h, hydromorphone 2 mg q4h and tapentadol 50 mg bd."
    assert len(read_regimens(note)) == 4
    assert "drug_1" not in extract_inputs(note)
