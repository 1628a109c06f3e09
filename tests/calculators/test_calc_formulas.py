"""Formula calculators against worked examples. Where a reference prints no example, the expected value was
computed independently by hand (plain arithmetic written beside it), not by running the library."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import CalculatorInputError, compute


def _value(calc_id: str, values: dict[str, object], units: dict[str, str] | None = None) -> float:
    result = compute(calc_id, values, units)
    assert isinstance(result.value, float)
    return result.value


# ---- kidney ---------------------------------------------------------------------------------------------------


def test_cockcroft_gault_normal_bmi_uses_the_lesser_of_ideal_and_actual_weight() -> None:
    # Hand: 70 y man, 72 kg, 170 cm (BMI 24.9); IBW = 50 + 2.3 × (66.93 − 60) = 65.94 kg < 72;
    # CrCl = (140 − 70) × 65.94 / (72 × 1.2) = 53.4 mL/min
    result = compute("creatinine_clearance", {"age": 70, "sex": "male", "weight": 72, "height": 170, "creatinine": 1.2})
    assert result.value == pytest.approx(53.42, abs=0.01)
    assert "ideal body weight" in result.substituted


def test_cockcroft_gault_obese_uses_adjusted_weight_and_the_female_factor() -> None:
    # Hand: 60 y woman, 100 kg, 160 cm (BMI 39.1); IBW = 45.5 + 2.3 × 2.99 = 52.38; AdjBW = 52.38 + 0.4 × 47.62
    # = 71.43; CrCl = 80 × 71.43 × 0.85 / 72 = 67.46 mL/min
    result = compute(
        "creatinine_clearance", {"age": 60, "sex": "female", "weight": 100, "height": 160, "creatinine": 1.0}
    )
    assert result.value == pytest.approx(67.46, abs=0.01)
    assert "adjusted body weight" in result.substituted


def test_cockcroft_gault_underweight_uses_actual_weight_and_si_creatinine() -> None:
    # Hand: 30 y man, 50 kg, 180 cm (BMI 15.4) → actual; Cr 70.72 µmol/L = 0.8 mg/dL; 110 × 50 / (72 × 0.8) = 95.49
    values = {"age": 30, "sex": "male", "weight": 50, "height": 180, "creatinine": 70.72}
    assert _value("creatinine_clearance", values, {"creatinine": "µmol/L"}) == pytest.approx(95.49, abs=0.01)


def test_cockcroft_gault_bmi_25_boundary_switches_to_adjusted_weight() -> None:
    # 180 cm: BMI exactly 25.0 at 81 kg → adjusted (BMI ≥ 25); at 80.9 kg → ideal (75.0 kg)
    base = {"age": 40, "sex": "male", "height": 180, "creatinine": 1.0}
    assert "adjusted" in compute("creatinine_clearance", {**base, "weight": 81}).substituted
    assert "ideal" in compute("creatinine_clearance", {**base, "weight": 80.9}).substituted


def test_ckd_epi_2021() -> None:
    # Hand: woman 50 y, Cr 0.8: 142 × (0.8/0.7)^−1.2 × 0.9938^50 × 1.012 = 89.7 → G2 (just below the G1 edge of 90)
    result = compute("ckd_epi_2021", {"age": 50, "sex": "female", "creatinine": 0.8})
    assert result.value == pytest.approx(89.71, abs=0.01)
    assert result.band is not None and result.band.label == "G2"
    # Hand: man 60 y, Cr 1.2: 142 × (1.2/0.9)^−1.2 × 0.9938^60 = 69.23; woman 30 y, Cr 0.5 (below κ):
    # 142 × (0.5/0.7)^−0.241 × 0.9938^30 × 1.012 = 129.3
    assert _value("ckd_epi_2021", {"age": 60, "sex": "male", "creatinine": 1.2}) == pytest.approx(69.23, abs=0.01)
    assert _value("ckd_epi_2021", {"age": 30, "sex": "female", "creatinine": 0.5}) == pytest.approx(129.32, abs=0.01)


def test_mdrd() -> None:
    # Hand: 175 × 1.2^−1.154 × 60^−0.203 = 61.76; woman, Black: × 0.742 × 1.212 = 55.54
    assert _value("mdrd", {"age": 60, "sex": "male", "creatinine": 1.2}) == pytest.approx(61.76, abs=0.01)
    values = {"age": 60, "sex": "female", "creatinine": 1.2, "black": True}
    assert _value("mdrd", values) == pytest.approx(55.54, abs=0.01)


def test_fena_prerenal() -> None:
    # Hand: (40 × 2.0) / (130 × 80) × 100 = 0.77% → prerenal (< 1%)
    result = compute("fena", {"sodium": 130, "creatinine": 2.0, "urine_sodium": 40, "urine_creatinine": 80})
    assert result.value == pytest.approx(0.769, abs=0.001)
    assert result.band is not None and result.band.label == "Prerenal"


def test_free_water_deficit_by_age_and_sex() -> None:
    # Hand: man 40 y, 70 kg, Na 160: 0.6 × 70 × (160/140 − 1) = 6.0 L; woman 70 y, 60 kg, Na 155: 0.45 × 60 × 0.107
    assert _value("free_water_deficit", {"age": 40, "sex": "male", "weight": 70, "sodium": 160}) == pytest.approx(6.0)
    values = {"age": 70, "sex": "female", "weight": 60, "sodium": 155}
    assert _value("free_water_deficit", values) == pytest.approx(2.893, abs=0.001)


# ---- body -----------------------------------------------------------------------------------------------------


def test_bmi_and_its_band_edges() -> None:
    # Hand: 70 / 1.75² = 22.86
    assert _value("bmi", {"weight": 70, "height": 175}) == pytest.approx(22.857, abs=0.001)
    # 30.0 exactly is obesity class I (WHO: ≥ 30)
    assert compute("bmi", {"weight": 30, "height": 100}).band.label == "Obesity class I"  # type: ignore[union-attr]
    assert compute("bmi", {"weight": 29.99, "height": 100}).band.label == "Overweight"  # type: ignore[union-attr]


def test_bsa_mosteller() -> None:
    # Hand: √(175 × 70 / 3600) = 1.845 m²
    assert _value("bsa", {"weight": 70, "height": 175}) == pytest.approx(1.8447, abs=1e-4)


def test_ideal_and_adjusted_body_weight() -> None:
    # Devine 1974: a man of 5 ft 10 in (70 in) → 50 + 2.3 × 10 = 73 kg; hand: woman 165 cm → 56.91 kg
    assert _value("ideal_body_weight", {"sex": "male", "height": 70}, {"height": "in"}) == pytest.approx(73.0)
    assert _value("ideal_body_weight", {"sex": "female", "height": 165}) == pytest.approx(56.909, abs=0.001)
    # Hand: 73 + 0.4 × (100 − 73) = 83.8 kg
    values = {"sex": "male", "height": 70, "weight": 100}
    assert _value("adjusted_body_weight", values, {"height": "in"}) == pytest.approx(83.8)


def test_maintenance_fluids_4_2_1() -> None:
    # Holliday & Segar 1957 rule: 70 kg → 40 + 20 + 50 = 110 mL/h; 15 kg → 40 + 10 = 50; 8 kg → 32
    assert [_value("maintenance_fluids", {"weight": w}) for w in (70, 15, 8)] == [110, 50, 32]


# ---- chemistry ------------------------------------------------------------------------------------------------


def test_anion_gap_family() -> None:
    # Hand: Na 140, Cl 100, HCO3 14 → AG 26; albumin 2.0 → cAG = 26 + 2.5 × 2 = 31; ΔGap 14; Δratio 14/10 = 1.4;
    # cΔGap 19; cΔratio 19/10 = 1.9
    electrolytes = {"sodium": 140, "chloride": 100, "bicarbonate": 14}
    with_albumin = {**electrolytes, "albumin": 2.0}
    assert _value("anion_gap", electrolytes) == 26
    assert _value("albumin_corrected_anion_gap", with_albumin) == 31
    assert _value("delta_gap", electrolytes) == 14
    assert _value("delta_ratio", electrolytes) == pytest.approx(1.4)
    assert _value("albumin_corrected_delta_gap", with_albumin) == 19
    assert _value("albumin_corrected_delta_ratio", with_albumin) == pytest.approx(1.9)
    assert compute("delta_ratio", electrolytes).band.label == "Pure high gap"  # type: ignore[union-attr]


def test_albumin_in_g_per_litre_is_converted() -> None:
    values = {"sodium": 140, "chloride": 100, "bicarbonate": 14, "albumin": 20}
    assert _value("albumin_corrected_anion_gap", values, {"albumin": "g/L"}) == 31


def test_anion_gap_band_edges() -> None:
    # 12 is normal, 13 elevated (Kraut & Madias 2007 reference interval 3–12 as used here)
    assert compute("anion_gap", {"sodium": 136, "chloride": 100, "bicarbonate": 24}).band.label == "Normal"  # type: ignore[union-attr]
    assert compute("anion_gap", {"sodium": 137, "chloride": 100, "bicarbonate": 24}).band.label == "Elevated"  # type: ignore[union-attr]


def test_delta_ratio_without_a_fall_in_bicarbonate_is_refused() -> None:
    with pytest.raises(CalculatorInputError, match="must be below 24"):
        compute("delta_ratio", {"sodium": 140, "chloride": 100, "bicarbonate": 24})


def test_corrected_calcium() -> None:
    # Payne 1973 correction, hand: 7.6 + 0.8 × (4 − 2.5) = 8.8 mg/dL; SI input 1.9 mmol/L = 7.615 mg/dL
    assert _value("corrected_calcium", {"calcium": 7.6, "albumin": 2.5}) == pytest.approx(8.8)
    values, units = {"calcium": 1.9, "albumin": 25}, {"calcium": "mmol/L", "albumin": "g/L"}
    assert _value("corrected_calcium", values, units) == pytest.approx(1.9 * 4.008 + 1.2)


def test_sodium_correction_katz_by_default_and_hillier_on_request() -> None:
    # Hand: Katz 1973, 130 + 0.016 × (600 − 100) = 138; Hillier 1999, 130 + 0.024 × 500 = 142
    assert _value("sodium_correction", {"sodium": 130, "glucose": 600}) == pytest.approx(138)
    assert _value("sodium_correction", {"sodium": 130, "glucose": 600, "method": "hillier"}) == pytest.approx(142)


def test_serum_osmolality() -> None:
    # Hand: 2 × 140 + 28/2.8 + 180/18 = 300; urea 10 mmol/L is BUN 28.01 mg/dL
    assert _value("serum_osmolality", {"sodium": 140, "bun": 28, "glucose": 180}) == pytest.approx(300)
    result = _value(
        "serum_osmolality", {"sodium": 140, "bun": 10, "glucose": 10}, {"bun": "mmol/L", "glucose": "mmol/L"}
    )
    assert result == pytest.approx(280 + 28.01 / 2.8 + 180.16 / 18, abs=0.01)


def test_ldl_friedewald_and_its_triglyceride_limit() -> None:
    # Hand: 200 − 50 − 150/5 = 120 mg/dL
    assert _value("ldl_friedewald", {"cholesterol": 200, "hdl": 50, "triglycerides": 150}) == pytest.approx(120)
    result = compute("ldl_friedewald", {"cholesterol": 300, "hdl": 40, "triglycerides": 500})
    assert result.warnings == ("Friedewald is not valid with triglycerides > 400 mg/dL",)


def test_homa_ir_reference_subject_is_one() -> None:
    # Matthews 1985: insulin 5 µU/mL with glucose 4.5 mmol/L defines HOMA-IR = 1 (5 × 4.5 / 22.5)
    assert _value("homa_ir", {"insulin": 5, "glucose": 4.5}, {"glucose": "mmol/L"}) == pytest.approx(1.0, abs=0.002)


# ---- cardiology formulas ----------------------------------------------------------------------------------------


def test_mean_arterial_pressure() -> None:
    # Hand: (2 × 90 + 150) / 3 = 110; 84/55 → 194/3 = 64.7, below the SSC 2021 target of 65; 85/55 → 65 exactly
    assert _value("map", {"sbp": 150, "dbp": 90}) == pytest.approx(110)
    assert compute("map", {"sbp": 84, "dbp": 55}).band.label == "Low"  # type: ignore[union-attr]
    assert compute("map", {"sbp": 85, "dbp": 55}).band.label == "Adequate"  # type: ignore[union-attr]


@pytest.mark.parametrize("method", ["bazett", "fridericia", "framingham", "hodges", "rautaharju"])
def test_every_qtc_formula_equals_qt_at_sixty_beats_per_minute(method: str) -> None:
    # At HR 60 the RR interval is 1 s, where each correction is the identity (by construction of each formula)
    assert _value(f"qtc_{method}", {"qt": 400, "heart_rate": 60}) == pytest.approx(400)


def test_qtc_formulas_at_ninety_beats_per_minute() -> None:
    # Hand, QT 400 ms, HR 90 (RR 0.667 s): Bazett 400/√0.667 = 489.9; Fridericia 400/0.667^(1/3) = 457.9;
    # Framingham 400 + 154 × 0.333 = 451.3; Hodges 400 + 1.75 × 30 = 452.5; Rautaharju 400 × 210/180 = 466.7
    values = {"qt": 400, "heart_rate": 90}
    expected = {"bazett": 489.90, "fridericia": 457.89, "framingham": 451.33, "hodges": 452.5, "rautaharju": 466.67}
    assert {m: pytest.approx(_value(f"qtc_{m}", values), abs=0.01) for m in expected} == expected
    assert compute("qtc_bazett", values).band.label == "Prolonged"  # type: ignore[union-attr]


def test_qt_in_seconds_is_converted() -> None:
    assert _value("qtc_bazett", {"qt": 0.4, "heart_rate": 60}, {"qt": "s"}) == pytest.approx(400)


# ---- drugs and dates --------------------------------------------------------------------------------------------


def test_steroid_conversion_follows_the_equivalence_table() -> None:
    # Liu 2013 table: prednisone 5 = dexamethasone 0.75 = hydrocortisone 20 = methylprednisolone 4
    assert _value("steroid_conversion", {"from_drug": "prednisone", "dose": 40, "to_drug": "dexamethasone"}) == 6
    values = {"from_drug": "hydrocortisone", "dose": 100, "to_drug": "methylprednisolone"}
    assert _value("steroid_conversion", values) == pytest.approx(20)


def test_mme_sums_each_opioid() -> None:
    # CDC 2022 factors, hand: oxycodone 10 mg × 4/day × 1.5 = 60 + tramadol 50 mg × 3/day × 0.2 = 30 → 90 MME/day
    values = {"drug_1": "oxycodone", "dose_1": 10, "doses_per_day_1": 4, "drug_2": "tramadol", "dose_2": 50,
              "doses_per_day_2": 3}  # fmt: skip
    result = compute("mme", values)
    assert result.value == pytest.approx(90)
    assert result.band is not None and result.band.label == "≥ 90"
    # fentanyl patch 25 µg/h × 1 × 2.4 = 60
    assert _value("mme", {"drug_1": "fentanyl patch (µg/h)", "dose_1": 25, "doses_per_day_1": 1}) == pytest.approx(60)


def test_pregnancy_dates() -> None:
    # Naegele: LMP 2024-01-01 + 280 days = 2024-10-07; a 35-day cycle adds 7 days; conception LMP + 14 days
    assert compute("due_date", {"lmp": dt.date(2024, 1, 1)}).value == dt.date(2024, 10, 7)
    assert compute("due_date", {"lmp": dt.date(2024, 1, 1), "cycle_length": 35}).value == dt.date(2024, 10, 14)
    assert compute("conception_date", {"lmp": dt.date(2024, 1, 1)}).value == dt.date(2024, 1, 15)
    # 2024-01-01 → 2024-03-15 is 74 days = 10 weeks 4 days
    values = {"lmp": "2024-01-01", "current_date": "2024-03-15"}
    assert compute("gestational_age", values).value == "10 weeks 4 days"


def test_gestational_age_before_the_lmp_is_refused() -> None:
    with pytest.raises(CalculatorInputError, match="before lmp"):
        compute("gestational_age", {"lmp": "2024-03-01", "current_date": "2024-02-01"})
