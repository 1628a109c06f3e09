"""The free-text parser of vitals and labs: names, canonical units, conversions, spans, and what it must skip."""

from __future__ import annotations

import pytest

from calculators.measurements import CANONICAL_UNITS, NAMES, Measurement, extract_measurements


def _by_name(text: str) -> dict[str, Measurement]:
    found: dict[str, Measurement] = {}
    for measurement in extract_measurements(text):
        found.setdefault(measurement.name, measurement)
    return found


def test_structured_vitals_line_gives_each_vital_with_its_canonical_unit() -> None:
    found = _by_name("BP 150/90, HR 110, RR 22, T 38.2, SpO2 95%")
    assert (found["sbp"].value, found["dbp"].value, found["sbp"].unit) == (150, 90, "mmHg")
    assert (found["heart_rate"].value, found["heart_rate"].unit) == (110, "bpm")
    assert (found["resp_rate"].value, found["temperature"].value, found["spo2"].value) == (22, 38.2, 95)
    assert found["temperature"].unit == "°C"


def test_spans_point_at_the_raw_text() -> None:
    text = "On arrival her blood pressure was 150 over 90 mmHg and pulse 110."
    for measurement in extract_measurements(text):
        assert text[measurement.span[0] : measurement.span[1]] == measurement.raw
    found = _by_name(text)
    assert (found["sbp"].value, found["dbp"].value, found["heart_rate"].value) == (150, 90, 110)


def test_fahrenheit_is_converted_and_the_original_is_kept() -> None:
    found = _by_name("temp 101.3F")["temperature"]
    assert found.value == pytest.approx((101.3 - 32) * 5 / 9)  # 38.5 °C
    assert (found.unit, found.original, found.unit_assumed) == ("°C", "101.3 °F", False)


def test_bare_temperature_above_fifty_is_read_as_fahrenheit_and_flagged_assumed() -> None:
    found = _by_name("Tmax 102.2")["temperature"]
    assert found.value == pytest.approx(39.0)
    assert found.unit_assumed


def test_febrile_to_and_single_letter_pulse_label() -> None:
    found = _by_name("She was febrile to 39 with P 88.")
    assert found["temperature"].value == 39
    assert found["heart_rate"].value == 88


def test_spo2_reports_room_air_or_supplemental_oxygen() -> None:
    first, second, third = extract_measurements("sats 88% on RA; SpO2 92% on 2L nasal cannula; O2 sat 97%")
    assert (first.value, first.qualifier) == (88, "room air")
    assert (second.value, second.qualifier) == (92, "supplemental oxygen")
    assert (third.value, third.qualifier) == (97, "")


def test_creatinine_in_umol_per_litre_is_divided_by_88_4() -> None:
    found = _by_name("Cr 124 umol/L")["creatinine"]
    assert found.value == pytest.approx(124 / 88.4)
    assert (found.unit, found.original) == ("mg/dL", "124 µmol/L")


def test_creatinine_written_in_mmol_per_litre_is_converted_not_dropped() -> None:
    # 1.4 mmol/L = 1400 µmol/L = 15.8 mg/dL: reported as such; the calculators judge plausibility
    found = _by_name("creatinine 1.4 mmol/L")["creatinine"]
    assert found.value == pytest.approx(1400 / 88.4)
    assert found.original == "1.4 mmol/L"


def test_abbreviated_labs_without_units_are_read_with_the_unit_assumed() -> None:
    found = _by_name("K+ 5.9, Na 128 mEq/L, creat 1.4")
    assert (found["potassium"].value, found["potassium"].unit_assumed) == (5.9, True)
    assert (found["sodium"].value, found["sodium"].unit_assumed) == (128, False)
    assert (found["creatinine"].value, found["creatinine"].unit) == (1.4, "mg/dL")


def test_large_bare_creatinine_is_assumed_micromolar() -> None:
    found = _by_name("creatinine 186")["creatinine"]
    assert found.value == pytest.approx(186 / 88.4)
    assert found.unit_assumed


def test_a_basic_metabolic_panel_and_si_units() -> None:
    found = _by_name(
        "Na 138, K 4.2, Cl 100, HCO3 24, BUN 20, Cr 1.1, glucose 7 mmol/L, albumin 32 g/L, Ca 2.3 mmol/L, "
        "bilirubin 34 umol/L, INR 1.5, platelets 150,000/µL, AST 40, ALT 55, Hb 120 g/L, WBC 12.3 x10^9/L"
    )
    expected = {
        "sodium": 138, "potassium": 4.2, "chloride": 100, "bicarbonate": 24, "bun": 20, "creatinine": 1.1,
        "glucose": 7 * 18.016, "albumin": 3.2, "calcium": 2.3 * 4.008, "bilirubin": 34 / 17.1, "inr": 1.5,
        "platelets": 150, "ast": 40, "alt": 55, "hemoglobin": 12.0, "wbc": 12.3,
    }  # fmt: skip
    assert {name: pytest.approx(found[name].value) for name in expected} == expected


def test_lipids_and_other_labs() -> None:
    found = _by_name(
        "Total cholesterol 5.2 mmol/L, HDL 1.2 mmol/L, triglycerides 1.8 mmol/L, fasting insulin 12 µU/mL, "
        "QTc 480 ms, QT 0.44 s, pH 7.21, PaO2 8 kPa, FiO2 40%, hematocrit 42%, lactate 4.1, "
        "urine sodium 20 mmol/L, urine creatinine 80 mg/dL"
    )
    assert found["cholesterol"].value == pytest.approx(5.2 * 38.67)
    assert found["triglycerides"].value == pytest.approx(1.8 * 88.57)
    assert (found["insulin"].value, found["qtc"].value, found["qt"].value) == (12, 480, pytest.approx(440))
    assert found["po2"].value == pytest.approx(8 * 7.50062)
    assert (found["ph"].value, found["fio2"].value, found["hematocrit"].value) == (7.21, pytest.approx(0.4), 42)
    assert (found["urine_sodium"].value, found["urine_creatinine"].value) == (20, 80)
    assert "sodium" not in found and "creatinine" not in found  # urine values are not serum values


def test_weight_height_and_age_conversions() -> None:
    found = _by_name("A 65-year-old man weighing 154 lb, 5'10\" tall, BMI 22.")
    assert found["age"].value == 65
    assert found["weight"].value == pytest.approx(154 * 0.45359237)
    assert found["height"].value == pytest.approx(70 * 2.54)
    assert found["bmi"].value == 22


@pytest.mark.parametrize(
    ("text", "pounds", "raw"),
    [
        ("He weighs 9 stone.", 9 * 14, "9 stone"),  # read as 9 kg before this round
        ("Wt 10 st. on admission", 10 * 14, "10 st."),
        ("Weight 11 st 4 lb, BP 130/80", 11 * 14 + 4, "11 st 4 lb"),  # read as 11 kg and 1.8 kg before
        ("She is 11st 4lb and 5 ft 4 in", 11 * 14 + 4, "11st 4lb"),
        ("weight: 12 stone 3, HR 80", 12 * 14 + 3, "12 stone 3"),
        ("weighs 12 stone 3 days after the operation", 12 * 14, "12 stone"),  # "3 days" is not 3 lb
        ("He is 13 stone and 6 lbs", 13 * 14 + 6, "13 stone and 6 lbs"),
        ("weight 9st7lb on the ward scales", 9 * 14 + 7, "9st7lb"),
        ("He has lost about 5 stone; now 12 stone.", 12 * 14, "12 stone"),
    ],
)
def test_weights_in_stones_and_pounds_are_one_weight(text, pounds, raw) -> None:
    # UK Weights and Measures Act 1985, Schedule 1: 1 stone = 14 lb; 1 lb = 0.45359237 kg.
    weights = [m for m in extract_measurements(text) if m.name == "weight"]
    assert len(weights) == 1, weights
    assert weights[0].value == pytest.approx(pounds * 0.45359237) and weights[0].raw == raw


@pytest.mark.parametrize(
    "text",
    [
        "He lost 5 stone in a year.",
        "He has lost about 5 stone over the winter.",
        "dropped 6 stone this year",
        "2 stones in the CBD",
        "a 6 stone in the gallbladder",
        "passed 4 stone fragments",
        "on the 21st 4 May",
        "on the 21 st of May he fell",
        "ECG: V1-4 ST elevation",
        "BP 120/80, 6 ST changes",
        "Admitted to ward 5 St Mary's",
        "lives at 14 St Andrews Road",
    ],
)
def test_stones_that_are_not_a_weight_are_not_read(text) -> None:
    assert "weight" not in _by_name(text)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [("ECG: HR 130 ST depression", "heart_rate", 130), ("K 6.5 ST changes", "potassium", 6.5)],
)
def test_a_reading_before_st_changes_is_still_read(text, name, value) -> None:
    assert _by_name(text)[name].value == value


def test_ages_in_months_weeks_days_become_years_with_the_written_unit_kept() -> None:
    ages = [
        m for m in extract_measurements("a 3-month-old, a 6 week old, a 10 day old, aged 45, 70 yo") if m.name == "age"
    ]
    assert [round(m.value, 4) for m in ages] == [0.25, round(42 / 365.25, 4), round(10 / 365.25, 4), 45, 70]
    assert [m.qualifier for m in ages] == ["months", "weeks", "days", "years", "years"]


def test_gcs_number_and_components() -> None:
    values = [m.value for m in extract_measurements("GCS 14 on arrival; later GCS E2V3M5") if m.name == "gcs"]
    assert values == [14, 10]


def test_ranges_keep_the_upper_end_in_value2() -> None:
    found = _by_name("heart rate 100-120 bpm")["heart_rate"]
    assert (found.value, found.value2) == (100, 120)


def test_values_in_parentheses_are_read() -> None:
    assert _by_name("hyperkalaemia (potassium (5.9 mEq/L))")["potassium"].value == 5.9


def test_doses_dates_times_and_unrelated_numbers_are_not_labs() -> None:
    text = (
        "Seen on 5/12/2020 at 10:30; vitamin K 10 mg given; glucose 5 mg; p < 0.05; T12 fracture; "
        "10 units of insulin; lost 5 kg"
    )
    assert extract_measurements(text) == []


def test_impossible_heart_rate_is_not_reported_as_a_heart_rate() -> None:
    assert _by_name("heart rate 900") == {}


def test_creatinine_clearance_is_not_creatinine() -> None:
    found = _by_name("creatinine clearance 45 mL/min, CrCl 40")
    assert "creatinine" not in found


def test_every_canonical_name_has_a_unit_entry() -> None:
    assert set(NAMES) == set(CANONICAL_UNITS)
    assert {"sbp", "dbp", "heart_rate", "temperature", "spo2", "creatinine", "age"} <= set(NAMES)


def test_subscripts_read_as_digits_and_raw_keeps_the_original_text() -> None:
    found = _by_name("SpO₂ 95%, HCO₃⁻ 14, PaO₂ 60")
    assert (found["spo2"].value, found["bicarbonate"].value, found["po2"].value) == (95, 14, 60)
    assert found["spo2"].raw == "SpO₂ 95%"


def test_gcs_out_of_fifteen() -> None:
    assert _by_name("GCS 14/15")["gcs"].value == 14


def test_unlabelled_centimetres_are_a_height_only_from_100_cm() -> None:
    found = [m for m in extract_measurements("180 cm, 95 kg; a 12 cm mass; a 150 cm x 3 cm scar") if m.name == "height"]
    assert [m.value for m in found] == [180]


def test_from_to_keeps_both_values() -> None:
    found = _by_name("creatinine rose from 1.1 to 2.3 mg/dL")["creatinine"]
    assert (found.value, found.value2) == (1.1, 2.3)


@pytest.mark.parametrize(
    "text",
    [
        "His height and weight are below the 5th percentile.",  # read as 5 kg before this round
        "Her weight is at the 25th percentile and her height at the 50th centile.",
        "Weight is 10% below her usual.",
    ],
)
def test_growth_percentiles_and_percentages_are_not_weights_or_heights(text) -> None:
    found = _by_name(text)
    assert "weight" not in found and "height" not in found, found


def test_a_weight_with_its_percentile_beside_it_is_still_read() -> None:
    found = _by_name("Weight 70 kg (50th percentile), haematocrit 45%")
    assert (found["weight"].value, found["hematocrit"].value) == (70, 45)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("creatinine rose 50% to 2.1 mg/dL", "creatinine", 2.1),
        ("Hb fell 20% to 8.1 g/dL", "hemoglobin", 8.1),
        ("sodium fell 5% to 128", "sodium", 128),
    ],
)
def test_the_value_after_a_percentage_change_is_read_with_its_label(text, name, value) -> None:
    found = _by_name(text)
    assert found[name].value == value and found[name].raw == text
