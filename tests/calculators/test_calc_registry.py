"""The registry's contract: every spec is complete, and `compute` refuses bad input with a clear message."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from calculators import REGISTRY, CalculatorInputError, compute
from calculators.registry import CALCULATORS
from calculators.units import canonical_unit

_REQUIRED_BY_ISSUE = {
    "creatinine_clearance", "ckd_epi_2021", "mdrd", "bmi", "bsa", "ideal_body_weight", "adjusted_body_weight", "map",
    "anion_gap", "albumin_corrected_anion_gap", "delta_gap", "delta_ratio", "albumin_corrected_delta_gap",
    "albumin_corrected_delta_ratio", "corrected_calcium", "sodium_correction", "serum_osmolality",
    "free_water_deficit", "fena", "ldl_friedewald", "homa_ir", "qtc_bazett", "qtc_fridericia", "qtc_framingham",
    "qtc_hodges", "qtc_rautaharju", "cha2ds2_vasc", "has_bled", "heart_score", "wells_pe", "wells_dvt", "perc",
    "curb65", "psi", "qsofa", "sirs", "sofa", "apache_ii", "gcs", "centor", "feverpain", "child_pugh", "meld_na",
    "fib4", "caprini", "rcri", "charlson", "glasgow_blatchford", "news2", "due_date", "gestational_age",
    "conception_date", "steroid_conversion", "mme", "maintenance_fluids",
}  # fmt: skip


def test_every_calculator_the_issue_lists_is_registered() -> None:
    assert _REQUIRED_BY_ISSUE <= set(REGISTRY)
    assert len(REGISTRY) >= 45


@pytest.mark.parametrize("calc_id", sorted(REGISTRY))
def test_spec_is_complete(calc_id: str) -> None:
    spec = REGISTRY[calc_id]
    assert spec.id == calc_id and spec.name and spec.category and spec.formula and spec.keywords
    assert re.search(r"(18|19|20)\d\d", spec.reference), "the reference names its year"
    names = [item.name for item in spec.inputs]
    assert len(names) == len(set(names))
    for item in spec.inputs:
        if item.kind == "number":
            assert item.unit is not None and item.unit in item.units
            assert item.minimum is not None and item.maximum is not None and item.minimum < item.maximum
            assert all(unit == "" or canonical_unit(unit) == unit for unit in item.units)
        if item.kind == "choice":
            assert len(item.choices) >= 2
    lows = [band.low for band in spec.bands]
    assert all(a is None or (b is not None and a < b) for a, b in itertools.pairwise(lows))


@pytest.mark.parametrize("calc_id", sorted(REGISTRY))
def test_function_parameters_match_the_spec_inputs(calc_id: str) -> None:
    function = CALCULATORS[calc_id].function
    params = function.__code__.co_varnames[: function.__code__.co_argcount + function.__code__.co_kwonlyargcount]
    takes_flags = bool(function.__code__.co_flags & 0x08)  # **flags
    spec_names = {item.name for item in REGISTRY[calc_id].inputs}
    assert set(params) <= spec_names
    assert takes_flags or set(params) == spec_names


def test_missing_inputs_are_all_named_at_once() -> None:
    with pytest.raises(CalculatorInputError, match=r"missing input\(s\) sex, creatinine"):
        compute("ckd_epi_2021", {"age": 50})


def test_impossible_heart_rate_is_refused_with_the_range() -> None:
    with pytest.raises(
        CalculatorInputError, match=r"heart_rate \(Heart rate\): 900 bpm is outside the plausible range 20–300"
    ):
        compute("qtc_bazett", {"qt": 400, "heart_rate": 900})


def test_creatinine_in_mmol_per_litre_is_converted_then_flagged_implausible() -> None:
    # 1.4 mmol/L = 1400 µmol/L = 15.8 mg/dL: inside the 0.1–25 mg/dL limits, so it computes, but far off the usual
    # value; 2.5 mmol/L (28.3 mg/dL) is beyond the limits and is refused naming the conversion and the unit hint
    result = compute("ckd_epi_2021", {"age": 50, "sex": "female", "creatinine": 1.4}, {"creatinine": "mmol/L"})
    assert result.inputs_used["creatinine"] == (pytest.approx(1400 / 88.4), "mg/dL")
    with pytest.raises(CalculatorInputError, match=r"2\.5 mmol/L = 28\.281 mg/dL is outside .*check the unit"):
        compute("ckd_epi_2021", {"age": 50, "sex": "female", "creatinine": 2.5}, {"creatinine": "mmol/L"})


def test_a_unit_the_input_does_not_accept_is_refused_with_the_accepted_ones() -> None:
    with pytest.raises(CalculatorInputError, match=r"unit 'mg' is not accepted; use mg/dL, µmol/L, mmol/L"):
        compute("ckd_epi_2021", {"age": 50, "sex": "male", "creatinine": 1.0}, {"creatinine": "mg"})


def test_unit_spellings_are_normalised() -> None:
    result = compute("ckd_epi_2021", {"age": 50, "sex": "male", "creatinine": "88.4"}, {"creatinine": "umol/l"})
    assert result.inputs_used["creatinine"] == (pytest.approx(1.0), "mg/dL")


def test_wrong_kinds_are_refused() -> None:
    with pytest.raises(CalculatorInputError, match="expected a number"):
        compute("bmi", {"weight": "heavy", "height": 170})
    with pytest.raises(CalculatorInputError, match="expected one of male, female"):
        compute("ckd_epi_2021", {"age": 50, "sex": "x", "creatinine": 1.0})
    with pytest.raises(CalculatorInputError, match="expected yes/no"):
        compute("qsofa", {"resp_rate": 20, "sbp": 120, "altered_mentation": "maybe"})
    with pytest.raises(CalculatorInputError, match="expected a date YYYY-MM-DD"):
        compute("due_date", {"lmp": "last spring"})


def test_unknown_calculator_and_unknown_input() -> None:
    with pytest.raises(CalculatorInputError, match="unknown calculator 'nope'"):
        compute("nope", {})
    with pytest.raises(CalculatorInputError, match="unknown input"):
        compute("bmi", {"weight": 70, "height": 170, "waist": 90})


def test_yes_no_strings_and_iso_dates_are_accepted() -> None:
    assert compute("qsofa", {"resp_rate": 24, "sbp": 95, "altered_mentation": "yes"}).value == 3
    assert compute("due_date", {"lmp": "2024-01-01"}).value == dt.date(2024, 10, 7)


def test_result_carries_band_substitution_and_inputs_used() -> None:
    result = compute("bmi", {"weight": 154, "height": 69}, {"weight": "lb", "height": "in"})
    # 154 lb = 69.85 kg, 69 in = 175.26 cm → 22.74 kg/m² (hand-computed)
    assert result.value == pytest.approx(69.853 / 1.7526**2, rel=1e-4)
    assert result.band is not None and result.band.label == "Normal weight"
    assert "kg/m²" in result.substituted and result.unit == "kg/m²"
    assert result.inputs_used["weight"] == (pytest.approx(69.853, rel=1e-4), "kg")
