"""Point scores against their published criteria tables. Each expected total is the sum of the reference's
points written out by hand beside it (none of these papers prints a single worked patient), plus band edges."""

from __future__ import annotations

import pytest

from calculators import CalculatorInputError, compute

_NO = False


def _score(calc_id: str, values: dict[str, object]) -> tuple[float, str]:
    result = compute(calc_id, values)
    assert isinstance(result.value, float) and result.band is not None
    return result.value, result.band.label


def test_cha2ds2_vasc() -> None:
    # Lip 2010 table: woman 76 y with hypertension and diabetes: A₂ 2 + Sc 1 + H 1 + D 1 = 5
    base = {"chf": _NO, "hypertension": True, "stroke_tia": _NO, "vascular_disease": _NO, "diabetes": True}
    assert _score("cha2ds2_vasc", {**base, "age": 76, "sex": "female"}) == (5, "Moderate–high")
    none = {name: False for name in base}
    assert _score("cha2ds2_vasc", {**none, "age": 64, "sex": "male"}) == (0, "Low")
    assert _score("cha2ds2_vasc", {**none, "age": 65, "sex": "male"}) == (1, "Low–moderate")
    # woman 74 y with a prior stroke: A 1 + Sc 1 + S₂ 2 = 4
    assert _score("cha2ds2_vasc", {**none, "stroke_tia": True, "age": 74, "sex": "female"})[0] == 4


def test_has_bled() -> None:
    # Pisters 2010: one point each; 70 y (E) + hypertension + antiplatelet = 3 → high; age exactly 65 scores 0
    names = ("hypertension", "renal_disease", "liver_disease", "stroke", "bleeding", "labile_inr", "drugs", "alcohol")
    none = dict.fromkeys(names, False)
    assert _score("has_bled", {**none, "age": 70, "hypertension": True, "drugs": True}) == (3, "High")
    assert _score("has_bled", {**none, "age": 65}) == (0, "Low")


def test_heart_score() -> None:
    # Six 2008: moderately suspicious 1 + normal ECG 0 + age 50 1 + 1–2 risk factors 1 + normal troponin 0 = 3
    low = {"history": "moderately suspicious", "ecg": "normal", "age": 50, "risk_factors": "1-2 risk factors",
           "troponin": "≤ normal limit"}  # fmt: skip
    assert _score("heart_score", low) == (3, "Low")
    # highly 2 + non-specific 1 + age 65 2 + ≥ 3 risk factors 2 + troponin 1–3× 1 = 8
    high = {"history": "highly suspicious", "ecg": "non-specific repolarization disturbance", "age": 65,
            "risk_factors": "≥3 risk factors or atherosclerotic disease", "troponin": "1-3× normal limit"}  # fmt: skip
    assert _score("heart_score", high) == (8, "High")


def test_rcri() -> None:
    # Lee 1999: high-risk surgery + ischaemic heart disease + creatinine 2.1 (> 2) = 3 → class IV; 2.0 scores 0
    base = {"high_risk_surgery": True, "ischemic_heart_disease": True, "chf": _NO, "cerebrovascular_disease": _NO,
            "insulin": _NO}  # fmt: skip
    assert _score("rcri", {**base, "creatinine": 2.1}) == (3, "Class IV")
    assert _score("rcri", {**base, "creatinine": 2.0}) == (2, "Class III")


def test_wells_pe() -> None:
    # Wells 2000: DVT signs 3 + HR 110 1.5 + malignancy 1 = 5.5 → moderate; HR exactly 100 scores 0
    none = dict.fromkeys(("dvt_signs", "pe_most_likely", "immobilization_surgery", "previous_vte", "hemoptysis",
                          "malignancy"), False)  # fmt: skip
    assert _score("wells_pe", {**none, "dvt_signs": True, "malignancy": True, "heart_rate": 110}) == (5.5, "Moderate")
    # 3 + 3 = 6 is still moderate (high is > 6); + HR 101 → 7.5 high
    both = {**none, "dvt_signs": True, "pe_most_likely": True}
    assert _score("wells_pe", {**both, "heart_rate": 100}) == (6, "Moderate")
    assert _score("wells_pe", {**both, "heart_rate": 101}) == (7.5, "High")
    assert _score("wells_pe", {**none, "heart_rate": 80}) == (0, "Low")


def test_wells_dvt() -> None:
    # Wells 1997/2003: cancer 1 + calf swelling 1 + pitting oedema 1 − alternative diagnosis 2 = 1 → moderate
    names = ("active_cancer", "bedridden_surgery", "calf_swelling", "collateral_veins", "leg_swollen",
             "deep_vein_tenderness", "pitting_edema", "paralysis_cast", "previous_dvt",
             "alternative_likely")  # fmt: skip
    none = dict.fromkeys(names, False)
    values = {**none, "active_cancer": True, "calf_swelling": True, "pitting_edema": True, "alternative_likely": True}
    assert _score("wells_dvt", values) == (1, "Moderate")
    assert _score("wells_dvt", {**none, "alternative_likely": True}) == (-2, "Low")
    assert _score("wells_dvt", {**none, "active_cancer": True, "leg_swollen": True, "previous_dvt": True}) == (
        3,
        "High",
    )


def test_perc() -> None:
    # Kline 2004: age 49, HR 99, SpO₂ 95 meet no criterion → PERC negative; age 50 meets one
    none = dict.fromkeys(("leg_swelling", "hemoptysis", "recent_surgery", "previous_vte", "hormone_use"), False)
    assert _score("perc", {**none, "age": 49, "heart_rate": 99, "spo2": 95}) == (0, "PERC negative")
    assert _score("perc", {**none, "age": 50, "heart_rate": 99, "spo2": 95}) == (1, "PERC positive")


def test_curb65() -> None:
    # Lim 2003: 70 y with BUN 20 (> 19), RR 24, BP 120/80, no confusion → age 1 + urea 1 = 2
    values = {"confusion": False, "bun": 20, "resp_rate": 24, "sbp": 120, "dbp": 80, "age": 70}
    assert _score("curb65", values) == (2, "Moderate")
    # every criterion: confusion, BUN 25, RR 32, BP 85/50, age 70 → 5; DBP exactly 60 scores; BUN exactly 19 does not
    assert _score("curb65", {"confusion": True, "bun": 25, "resp_rate": 32, "sbp": 85, "dbp": 50, "age": 70})[0] == 5
    assert _score("curb65", {**values, "bun": 19, "dbp": 60, "age": 40}) == (1, "Low")


def test_curb65_accepts_urea_in_mmol_per_litre() -> None:
    # urea 8 mmol/L = BUN 22.4 mg/dL (> 19) → scores
    values = {"confusion": False, "bun": 8, "resp_rate": 20, "sbp": 120, "dbp": 80, "age": 40}
    assert compute("curb65", values, {"bun": "mmol/L"}).value == 1


def test_psi_with_all_findings() -> None:
    # Fine 1997 points, hand: woman 70 (60) + nursing home 10 + CHF 10 + RR 32 (20) + HR 130 (10) + BUN 35 (20)
    # + pH 7.30 (30) + PaO₂ 55 (10) = 170 → class V
    flags = dict.fromkeys(("nursing_home", "neoplastic_disease", "liver_disease", "chf", "cerebrovascular_disease",
                           "renal_disease", "altered_mental_status", "pleural_effusion"), False)  # fmt: skip
    values = {**flags, "nursing_home": True, "chf": True, "age": 70, "sex": "female", "resp_rate": 32, "sbp": 120,
              "temperature": 38, "heart_rate": 130, "bun": 35, "sodium": 132, "ph": 7.30, "glucose": 180,
              "hematocrit": 35, "po2": 55}  # fmt: skip
    result = compute("psi", values)
    assert (result.value, result.warnings) == (170, ())
    assert result.band is not None and result.band.label == "Class V"


def test_psi_counts_unmeasured_labs_as_normal_and_says_so() -> None:
    flags = dict.fromkeys(("nursing_home", "neoplastic_disease", "liver_disease", "chf", "cerebrovascular_disease",
                           "renal_disease", "altered_mental_status", "pleural_effusion"), False)  # fmt: skip
    values = {**flags, "age": 40, "sex": "male", "resp_rate": 16, "sbp": 120, "temperature": 37, "heart_rate": 80,
              "bun": 10, "sodium": 140}  # fmt: skip
    result = compute("psi", values)
    assert result.value == 40
    assert result.warnings == ("not measured, counted as normal (Fine 1997): pH, glucose, haematocrit, PaO₂/SpO₂",)


def test_centor_mcisaac() -> None:
    # McIsaac 1998: age 10 (+1) + T 38.5 + no cough + nodes + exudate = 5; age 45 (−1) with nothing else = −1
    all_signs = {"cough_absent": True, "tender_nodes": True, "tonsillar_exudate": True}
    assert _score("centor", {**all_signs, "age": 10, "temperature": 38.5}) == (5, "High")
    none = dict.fromkeys(all_signs, False)
    assert _score("centor", {**none, "age": 45, "temperature": 37}) == (-1, "Very low")
    assert _score("centor", {**none, "age": 15, "temperature": 38.0}) == (0, "Very low")  # 38.0 is not > 38


def test_feverpain() -> None:
    # Little 2013: fever + purulence + no cough/coryza = 3
    values = {"fever": True, "purulence": True, "attend_rapidly": False, "inflamed_tonsils": False,
              "no_cough_coryza": True}  # fmt: skip
    assert _score("feverpain", values) == (3, "Moderate")


def test_caprini() -> None:
    from calculators.scores import _CAPRINI_FLAGS

    none = {name: False for name, _, _ in _CAPRINI_FLAGS}
    # Caprini 2005: age 65 (2) + major surgery (2) + malignancy (2) + history of VTE (3) = 9 → high
    values = {**none, "age": 65, "surgery": "major > 45 min, laparoscopic > 45 min or arthroscopic",
              "malignancy": True, "history_vte": True}  # fmt: skip
    assert _score("caprini", values) == (9, "High")
    assert _score("caprini", {**none, "age": 40, "surgery": "none"}) == (0, "Very low")
    assert _score("caprini", {**none, "age": 41, "surgery": "none"}) == (1, "Low")


def test_charlson() -> None:
    from calculators.scores import _CHARLSON_FLAGS

    none = {name: False for name, _, _ in _CHARLSON_FLAGS}
    # Charlson 1987/1994: age 65 (2) + uncomplicated diabetes (1) + CHF (1) + localised tumour (2) = 6
    values = {**none, "age": 65, "liver_disease": "none", "diabetes": "uncomplicated", "solid_tumor": "localised",
              "chf": True}  # fmt: skip
    assert _score("charlson", values)[0] == 6
    result = compute("charlson", {**none, "age": 45, "liver_disease": "none", "diabetes": "none or diet-controlled",
                                  "solid_tumor": "none"})  # fmt: skip
    # 10-year survival 0.983^(e^0) = 98.3%
    assert result.value == 0 and "98.3%" in result.substituted


def test_child_pugh_and_its_edges() -> None:
    # Pugh 1973: bilirubin 2.5 (2) + albumin 3.0 (2) + INR 1.5 (1) + slight ascites (2) + no encephalopathy (1) = 8
    values = {"bilirubin": 2.5, "albumin": 3.0, "inr": 1.5, "ascites": "slight", "encephalopathy": "none"}
    assert _score("child_pugh", values) == (8, "Class B")
    # bilirubin 3.0 is still 2 points, 3.1 is 3; albumin 3.5 is 2 points, 3.6 is 1; INR 2.3 is 2 points
    assert compute("child_pugh", {**values, "bilirubin": 3.0}).value == 8
    assert compute("child_pugh", {**values, "bilirubin": 3.1}).value == 9
    assert compute("child_pugh", {**values, "albumin": 3.5}).value == 8
    assert compute("child_pugh", {**values, "albumin": 3.6}).value == 7
    assert compute("child_pugh", {**values, "inr": 2.3}).value == 9
    best = {"bilirubin": 1, "albumin": 4, "inr": 1, "ascites": "absent", "encephalopathy": "none"}
    assert _score("child_pugh", best) == (5, "Class A")


def test_meld_na() -> None:
    # UNOS 2016, hand: MELD(i) = 0.957 ln 2 + 0.378 ln 3 + 1.120 ln 1.8 + 0.643 = 2.380 → 2.4 → MELD 24;
    # MELD-Na = 24 + 1.32 × 7 − 0.033 × 24 × 7 = 27.70 → 28
    values = {"creatinine": 2.0, "bilirubin": 3.0, "inr": 1.8, "sodium": 130, "dialysis": False}
    assert _score("meld_na", values) == (28, "20–29")
    # labs below 1 count as 1 and sodium is capped at 137: MELD(i) = 0.643 → 6, no sodium term (MELD ≤ 11)
    assert (
        compute("meld_na", {"creatinine": 0.5, "bilirubin": 0.5, "inr": 0.9, "sodium": 140, "dialysis": False}).value
        == 6
    )


def test_meld_na_dialysis_sets_creatinine_to_four() -> None:
    # hand: 0.957 ln 4 + 0.378 ln 3 + 1.120 ln 1.8 + 0.643 = 3.043 → 3.0 → MELD 30; + 1.32 × 7 − 0.033 × 30 × 7
    # = 30 + 9.24 − 6.93 = 32.31 → 32
    values = {"creatinine": 1.0, "bilirubin": 3.0, "inr": 1.8, "sodium": 130, "dialysis": True}
    assert compute("meld_na", values).value == 32


def test_fib4() -> None:
    # Sterling 2006 formula, hand: 55 × 80 / (150 × √64) = 3.67 → high (> 3.25)
    assert _score("fib4", {"age": 55, "ast": 80, "alt": 64, "platelets": 150}) == (
        pytest.approx(3.667, abs=1e-3),
        "High",
    )
    # platelets as 150,000/µL are the same
    assert compute("fib4", {"age": 55, "ast": 80, "alt": 64, "platelets": 150000}, {"platelets": "/µL"}).value == (
        pytest.approx(3.667, abs=1e-3)
    )


def test_glasgow_blatchford() -> None:
    # Blatchford 2000: man, BUN 30 (4) + Hb 11 (3) + SBP 95 (2) + HR 105 (1) + melaena (1) + syncope (2) = 13
    values = {"bun": 30, "hemoglobin": 11, "sex": "male", "sbp": 95, "heart_rate": 105, "melena": True,
              "syncope": True, "hepatic_disease": False, "cardiac_failure": False}  # fmt: skip
    assert _score("glasgow_blatchford", values) == (13, "Higher risk")
    assert compute("glasgow_blatchford", {**values, "sex": "female"}).value == 11  # Hb 11 is 1 point in women
    normal = {**values, "bun": 15, "hemoglobin": 14, "sbp": 120, "heart_rate": 80, "melena": False, "syncope": False}
    assert _score("glasgow_blatchford", normal) == (0, "Low risk")


def test_qsofa_and_sirs_edges() -> None:
    # Seymour 2016: RR 22 and SBP 100 both score (≥ 22, ≤ 100); RR 21, SBP 101 do not
    assert _score("qsofa", {"resp_rate": 22, "sbp": 100, "altered_mentation": False}) == (2, "High risk")
    assert _score("qsofa", {"resp_rate": 21, "sbp": 101, "altered_mentation": False}) == (0, "Low risk")
    # Bone 1992: T 38.5, HR 95, WBC 13 → 3 criteria; T exactly 38.0 does not count; PaCO₂ 30 counts for breathing
    assert _score("sirs", {"temperature": 38.5, "heart_rate": 95, "resp_rate": 18, "wbc": 13}) == (3, "SIRS")
    values = {"temperature": 38.0, "heart_rate": 80, "resp_rate": 18, "wbc": 8}
    assert _score("sirs", values) == (0, "SIRS negative")
    assert compute("sirs", {**values, "pco2": 30}).value == 1


_SOFA = {"po2": 80, "fio2": 0.5, "mechanical_ventilation": True, "platelets": 80, "gcs": 13, "bilirubin": 2.5,
         "sbp": 90, "dbp": 50, "vasopressors": "none", "creatinine": 1.5}  # fmt: skip


def test_sofa() -> None:
    # Vincent 1996 table, hand: P/F 160 ventilated 3 + platelets 80 2 + GCS 13 1 + bilirubin 2.5 2
    # + MAP 63.3 1 + creatinine 1.5 1 = 10
    assert _score("sofa", _SOFA) == (10, "Organ dysfunction")
    assert compute("sofa", {**_SOFA, "mechanical_ventilation": False}).value == 9  # 3–4 need respiratory support
    pressor = "dopamine > 5, epinephrine ≤ 0.1 or norepinephrine ≤ 0.1"
    assert compute("sofa", {**_SOFA, "vasopressors": pressor}).value == 12
    assert compute("sofa", {**_SOFA, "urine_output": 150}).value == 13  # < 200 mL/day: renal 4


_APACHE = {"age": 70, "temperature": 39.5, "sbp": 90, "dbp": 50, "heart_rate": 120, "resp_rate": 30, "fio2": 0.4,
           "po2": 65, "ph": 7.30, "sodium": 150, "potassium": 3.2, "creatinine": 2.5, "acute_renal_failure": False,
           "hematocrit": 28, "wbc": 18, "gcs": 12, "chronic_health": "none"}  # fmt: skip


def test_apache_ii() -> None:
    # Knaus 1985 table, hand: age 70 5 + T 39.5 3 + MAP 63.3 2 + HR 120 2 + RR 30 1 + PaO₂ 65 1 + pH 7.30 2
    # + Na 150 1 + K 3.2 1 + Cr 2.5 3 + Hct 28 2 + WBC 18 1 + GCS 12 → 3 + chronic 0 = 27
    assert _score("apache_ii", _APACHE) == (27, "25–29")
    assert compute("apache_ii", {**_APACHE, "acute_renal_failure": True}).value == 30  # creatinine points doubled
    assert compute("apache_ii", {**_APACHE, "chronic_health": "nonoperative or emergency postoperative"}).value == 32


def test_apache_ii_uses_the_a_a_gradient_at_high_fio2() -> None:
    # A–a = 0.6 × 713 − 40/0.8 − 100 = 277.8 → 2 points instead of PaO₂'s 1 → 28
    values = {**_APACHE, "fio2": 0.6, "po2": 100, "pco2": 40}
    assert compute("apache_ii", values).value == 28
    with pytest.raises(CalculatorInputError, match="pco2"):
        compute("apache_ii", {**_APACHE, "fio2": 0.6})


def test_gcs_and_its_bands() -> None:
    # Teasdale & Jennett 1974: E4 V5 M6 = 15, E1 V1 M1 = 3
    assert _score("gcs", {"eye": 4, "verbal": 5, "motor": 6}) == (15, "Mild")
    assert _score("gcs", {"eye": 1, "verbal": 1, "motor": 1}) == (3, "Severe")
    assert _score("gcs", {"eye": 2, "verbal": 2, "motor": 4}) == (8, "Severe")
    assert _score("gcs", {"eye": 2, "verbal": 2, "motor": 5}) == (9, "Moderate")
    with pytest.raises(CalculatorInputError, match="eye"):
        compute("gcs", {"eye": 5, "verbal": 5, "motor": 6})


_NEWS_NORMAL = {"resp_rate": 16, "spo2": 97, "supplemental_oxygen": False, "sbp": 120, "heart_rate": 70,
                "consciousness": "alert", "temperature": 37}  # fmt: skip


def test_news2() -> None:
    # RCP 2017 chart: all parameters in the white band → 0
    assert _score("news2", _NEWS_NORMAL) == (0, "Low")
    # RR 25 (3) + SpO₂ 93 (2) + oxygen (2) + SBP 95 (2) + HR 115 (2) + T 38.5 (1) = 12
    sick = {**_NEWS_NORMAL, "resp_rate": 25, "spo2": 93, "supplemental_oxygen": True, "sbp": 95, "heart_rate": 115,
            "temperature": 38.5}  # fmt: skip
    assert _score("news2", sick) == (12, "High")
    # edges: RR 24 → 2; T 39.0 → 1 and 39.1 → 2; new confusion → 3
    assert compute("news2", {**_NEWS_NORMAL, "resp_rate": 24}).value == 2
    assert compute("news2", {**_NEWS_NORMAL, "temperature": 39.0}).value == 1
    assert compute("news2", {**_NEWS_NORMAL, "temperature": 39.1}).value == 2
    confused = "new confusion, or responds only to voice or pain, or unresponsive"
    assert compute("news2", {**_NEWS_NORMAL, "consciousness": confused}).value == 3


def test_news2_scale_2_for_hypercapnic_patients() -> None:
    # RCP 2017 scale 2: SpO₂ 89% on air scores 0; 97% on oxygen scores 3 (+ 2 for oxygen)
    assert compute("news2", {**_NEWS_NORMAL, "spo2": 89, "hypercapnic_scale2": True}).value == 0
    values = {**_NEWS_NORMAL, "spo2": 97, "supplemental_oxygen": True, "hypercapnic_scale2": True}
    assert compute("news2", values).value == 5
