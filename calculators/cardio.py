"""Cardiovascular: MAP, QTc (five corrections), CHA₂DS₂-VASc, HAS-BLED, HEART, RCRI, Wells PE/DVT, PERC."""

from __future__ import annotations

from collections.abc import Callable

from calculators.inputs import STANDARD, flag, pick, standard
from calculators.spec import Band, Calculator, CalculatorSpec, Computation, fmt, points_sum

__all__ = ["CALCULATORS"]

_AGE = STANDARD["age"]


def mean_arterial_pressure(sbp: float, dbp: float) -> Computation:
    value = (2 * dbp + sbp) / 3
    return Computation(value, f"MAP = (2 × {fmt(dbp)} + {fmt(sbp)}) / 3 = {fmt(value, 1)} mmHg")


# QTc: QT in ms, RR interval in seconds = 60 / heart rate.
_QTC: dict[str, tuple[str, str, str, Callable[[float, float, float], float]]] = {
    "bazett": ("Bazett", "Bazett HC. Heart 1920;7:353-370", "QTc = QT / √RR", lambda qt, rr, hr: qt / rr**0.5),
    "fridericia": (
        "Fridericia",
        "Fridericia LS. Acta Med Scand 1920;53:469-486",
        "QTc = QT / RR^(1/3)",
        lambda qt, rr, hr: qt / rr ** (1 / 3),
    ),
    "framingham": (
        "Framingham",
        "Sagie A et al. Am J Cardiol 1992;70:797-801",
        "QTc = QT + 154 × (1 − RR)",
        lambda qt, rr, hr: qt + 154 * (1 - rr),
    ),
    "hodges": (
        "Hodges",
        "Hodges M et al. J Am Coll Cardiol 1983;1:694",
        "QTc = QT + 1.75 × (HR − 60)",
        lambda qt, rr, hr: qt + 1.75 * (hr - 60),
    ),
    "rautaharju": (
        "Rautaharju",
        "Rautaharju PM et al. Can J Cardiol 1993;9:127-132",
        "QTc = QT × (120 + HR) / 180",
        lambda qt, rr, hr: qt * (120 + hr) / 180,
    ),
}
_QTC_BANDS = (
    Band(None, 450, "Normal", "QTc < 450 ms (AHA/ACCF/HRS 2009: prolonged ≥ 450 ms men, ≥ 460 ms women)"),
    Band(450, 500, "Prolonged", "QTc 450–499 ms"),
    Band(500, None, "Markedly prolonged", "QTc ≥ 500 ms: high risk of torsades de pointes"),
)


def _qtc_function(method: str) -> Callable[..., Computation]:
    name, _, formula, correct = _QTC[method]

    def qtc(qt: float, heart_rate: float) -> Computation:
        rr = 60 / heart_rate
        value = correct(qt, rr, heart_rate)
        return Computation(
            value,
            f"{name}: {formula}; QT {fmt(qt)} ms, HR {fmt(heart_rate)} (RR {fmt(rr, 3)} s) → QTc = {fmt(value, 1)} ms",
        )

    qtc.__name__ = f"qtc_{method}"
    return qtc


def cha2ds2_vasc(
    age: float, sex: str, chf: bool, hypertension: bool, stroke_tia: bool, vascular_disease: bool, diabetes: bool
) -> Computation:
    age_points = 2 if age >= 75 else 1 if age >= 65 else 0
    return points_sum(
        [
            ("CHF", chf),
            ("hypertension", hypertension),
            (f"age {fmt(age)}", age_points),
            ("diabetes", diabetes),
            ("stroke/TIA/thromboembolism", 2 * stroke_tia),
            ("vascular disease", vascular_disease),
            ("female", sex == "female"),
        ]
    )


def has_bled(
    age: float,
    hypertension: bool,
    renal_disease: bool,
    liver_disease: bool,
    stroke: bool,
    bleeding: bool,
    labile_inr: bool,
    drugs: bool,
    alcohol: bool,
) -> Computation:
    return points_sum(
        [
            ("hypertension", hypertension),
            ("abnormal renal function", renal_disease),
            ("abnormal liver function", liver_disease),
            ("stroke", stroke),
            ("bleeding", bleeding),
            ("labile INR", labile_inr),
            (f"age {fmt(age)} > 65", age > 65),
            ("antiplatelet/NSAID", drugs),
            ("alcohol", alcohol),
        ]
    )


_HISTORY = ("slightly suspicious", "moderately suspicious", "highly suspicious")
_ECG = ("normal", "non-specific repolarization disturbance", "significant st deviation")
_RISK_FACTORS = ("none", "1-2 risk factors", "≥3 risk factors or atherosclerotic disease")
_TROPONIN = ("≤ normal limit", "1-3× normal limit", "> 3× normal limit")


def heart_score(history: str, ecg: str, age: float, risk_factors: str, troponin: str) -> Computation:
    age_points = 2 if age >= 65 else 1 if age >= 45 else 0
    return points_sum(
        [
            ("history", _HISTORY.index(history)),
            ("ECG", _ECG.index(ecg)),
            (f"age {fmt(age)}", age_points),
            ("risk factors", _RISK_FACTORS.index(risk_factors)),
            ("troponin", _TROPONIN.index(troponin)),
        ]
    )


def rcri(
    high_risk_surgery: bool,
    ischemic_heart_disease: bool,
    chf: bool,
    cerebrovascular_disease: bool,
    insulin: bool,
    creatinine: float,
) -> Computation:
    return points_sum(
        [
            ("high-risk surgery", high_risk_surgery),
            ("ischaemic heart disease", ischemic_heart_disease),
            ("CHF", chf),
            ("cerebrovascular disease", cerebrovascular_disease),
            ("insulin", insulin),
            (f"creatinine {fmt(creatinine)} > 2 mg/dL", creatinine > 2),
        ]
    )


def wells_pe(
    dvt_signs: bool,
    pe_most_likely: bool,
    heart_rate: float,
    immobilization_surgery: bool,
    previous_vte: bool,
    hemoptysis: bool,
    malignancy: bool,
) -> Computation:
    return points_sum(
        [
            ("signs of DVT", 3 * dvt_signs),
            ("PE most likely diagnosis", 3 * pe_most_likely),
            (f"HR {fmt(heart_rate)} > 100", 1.5 * (heart_rate > 100)),
            ("immobilisation/surgery", 1.5 * immobilization_surgery),
            ("previous PE/DVT", 1.5 * previous_vte),
            ("haemoptysis", hemoptysis),
            ("malignancy", malignancy),
        ]
    )


def wells_dvt(
    active_cancer: bool,
    bedridden_surgery: bool,
    calf_swelling: bool,
    collateral_veins: bool,
    leg_swollen: bool,
    deep_vein_tenderness: bool,
    pitting_edema: bool,
    paralysis_cast: bool,
    previous_dvt: bool,
    alternative_likely: bool,
) -> Computation:
    return points_sum(
        [
            ("active cancer", active_cancer),
            ("bedridden/surgery", bedridden_surgery),
            ("calf swelling > 3 cm", calf_swelling),
            ("collateral superficial veins", collateral_veins),
            ("entire leg swollen", leg_swollen),
            ("deep vein tenderness", deep_vein_tenderness),
            ("pitting oedema", pitting_edema),
            ("paralysis/paresis/cast", paralysis_cast),
            ("previous DVT", previous_dvt),
            ("alternative diagnosis as likely", -2 * alternative_likely),
        ]
    )


def perc(
    age: float,
    heart_rate: float,
    spo2: float,
    leg_swelling: bool,
    hemoptysis: bool,
    recent_surgery: bool,
    previous_vte: bool,
    hormone_use: bool,
) -> Computation:
    return points_sum(
        [
            (f"age {fmt(age)} ≥ 50", age >= 50),
            (f"HR {fmt(heart_rate)} ≥ 100", heart_rate >= 100),
            (f"SpO₂ {fmt(spo2)}% < 95", spo2 < 95),
            ("unilateral leg swelling", leg_swelling),
            ("haemoptysis", hemoptysis),
            ("recent surgery/trauma", recent_surgery),
            ("prior PE/DVT", previous_vte),
            ("hormone use", hormone_use),
        ],
        "criteria",
    )


def _qtc_calculator(method: str) -> Calculator:
    name, reference, formula, _ = _QTC[method]
    spec = CalculatorSpec(
        f"qtc_{method}",
        f"QTc ({name})",
        "cardiology",
        standard("qt", "heart_rate"),
        "ms",
        f"{reference}; bands Rautaharju PM et al. AHA/ACCF/HRS recommendations, Circulation 2009;119:e241-e250",
        f"{formula}, RR = 60 / HR (s)",
        _QTC_BANDS,
        (f"qtc {method}", f"{method} qtc", f"{method} formula", method, "corrected qt", "qtc", "qt interval"),
    )
    return Calculator(spec, _qtc_function(method))


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "map",
            "Mean arterial pressure (MAP)",
            "cardiology",
            standard("sbp", "dbp"),
            "mmHg",
            "Standard physiology estimate (e.g. Guyton & Hall, Textbook of Medical Physiology, 13th ed. 2016)",
            "MAP = (2 × DBP + SBP) / 3",
            (
                Band(None, 65, "Low", "MAP < 65 mmHg: organ hypoperfusion risk (SSC 2021)"),
                Band(65, None, "Adequate", "MAP ≥ 65 mmHg"),
            ),
            ("map", "mean arterial pressure", "mean blood pressure"),
        ),
        mean_arterial_pressure,
    ),
    *(_qtc_calculator(method) for method in _QTC),
    Calculator(
        CalculatorSpec(
            "cha2ds2_vasc",
            "CHA₂DS₂-VASc score",
            "cardiology",
            (
                *standard("age", "sex"),
                flag("chf", "Congestive heart failure"),
                flag("hypertension", "Hypertension"),
                flag("stroke_tia", "Prior stroke, TIA or thromboembolism"),
                flag("vascular_disease", "Vascular disease (prior MI, PAD, aortic plaque)"),
                flag("diabetes", "Diabetes"),
            ),
            "points",
            "Lip GYH et al. Refining clinical risk stratification for predicting stroke and thromboembolism "
            "in atrial fibrillation. Chest 2010;137:263-272",
            "C 1, H 1, A₂ (≥ 75) 2, D 1, S₂ 2, V 1, A (65–74) 1, Sc (female) 1",
            (
                Band(0, 1, "Low", "0: no antithrombotic therapy"),
                Band(1, 2, "Low–moderate", "1: consider anticoagulation"),
                Band(2, None, "Moderate–high", "≥ 2: oral anticoagulation recommended"),
            ),
            (
                "cha2ds2-vasc",
                "chads-vasc",
                "cha2ds2vasc",
                "chads2-vasc",
                "atrial fibrillation stroke risk",
                "stroke risk af",
            ),
        ),
        cha2ds2_vasc,
    ),
    Calculator(
        CalculatorSpec(
            "has_bled",
            "HAS-BLED score",
            "cardiology",
            (
                _AGE,
                flag("hypertension", "Uncontrolled hypertension (SBP > 160 mmHg)"),
                flag("renal_disease", "Abnormal renal function (dialysis, transplant, Cr ≥ 2.26 mg/dL)"),
                flag("liver_disease", "Abnormal liver function (cirrhosis, bilirubin > 2× ULN with AST/ALT > 3× ULN)"),
                flag("stroke", "Prior stroke"),
                flag("bleeding", "Prior major bleeding or predisposition"),
                flag("labile_inr", "Labile INR"),
                flag("drugs", "Antiplatelet or NSAID use"),
                flag("alcohol", "Alcohol ≥ 8 drinks/week"),
            ),
            "points",
            "Pisters R et al. A novel user-friendly score (HAS-BLED) to assess 1-year risk of major bleeding. "
            "Chest 2010;138:1093-1100",
            "one point each: H, A (renal), A (liver), S, B, L, E (age > 65), D (drugs), D (alcohol)",
            (
                Band(0, 1, "Low", "0: 1.13 bleeds per 100 patient-years"),
                Band(1, 3, "Moderate", "1–2"),
                Band(3, None, "High", "≥ 3: high bleeding risk; caution and regular review"),
            ),
            ("has-bled", "hasbled", "bleeding risk", "major bleeding anticoagulation"),
        ),
        has_bled,
    ),
    Calculator(
        CalculatorSpec(
            "heart_score",
            "HEART score for major cardiac events",
            "cardiology",
            (
                pick("history", "History", _HISTORY),
                pick("ecg", "ECG", _ECG),
                _AGE,
                pick(
                    "risk_factors",
                    "Risk factors (HTN, hypercholesterolaemia, DM, obesity, smoking, family history)",
                    _RISK_FACTORS,
                ),
                pick("troponin", "Initial troponin", _TROPONIN),
            ),
            "points",
            "Six AJ et al. Chest pain in the emergency room: value of the HEART score. Neth Heart J "
            "2008;16:191-196; Backus BE et al. Int J Cardiol 2013;168:2153-2158",
            "History 0–2 + ECG 0–2 + Age (< 45: 0, 45–64: 1, ≥ 65: 2) + Risk factors 0–2 + Troponin 0–2",
            (
                Band(0, 4, "Low", "0–3: MACE 0.9–1.7%"),
                Band(4, 7, "Moderate", "4–6: MACE 12–16.6%"),
                Band(7, None, "High", "7–10: MACE 50–65%"),
            ),
            ("heart score", "chest pain mace", "major adverse cardiac events"),
        ),
        heart_score,
    ),
    Calculator(
        CalculatorSpec(
            "rcri",
            "Revised Cardiac Risk Index (Lee)",
            "cardiology",
            (
                flag("high_risk_surgery", "High-risk surgery (intraperitoneal, intrathoracic, suprainguinal vascular)"),
                flag("ischemic_heart_disease", "History of ischaemic heart disease"),
                flag("chf", "History of congestive heart failure"),
                flag("cerebrovascular_disease", "History of cerebrovascular disease"),
                flag("insulin", "Pre-operative insulin treatment"),
                standard("creatinine")[0],
            ),
            "points",
            "Lee TH et al. Derivation and prospective validation of a simple index for prediction of cardiac "
            "risk of major noncardiac surgery. Circulation 1999;100:1043-1049",
            "one point each; creatinine > 2 mg/dL scores 1",
            (
                Band(0, 1, "Class I", "0: 0.4% major cardiac complications"),
                Band(1, 2, "Class II", "1: 0.9%"),
                Band(2, 3, "Class III", "2: 6.6%"),
                Band(3, None, "Class IV", "≥ 3: 11%"),
            ),
            ("rcri", "revised cardiac risk index", "lee index", "lee criteria", "preoperative cardiac risk"),
        ),
        rcri,
    ),
    Calculator(
        CalculatorSpec(
            "wells_pe",
            "Wells' criteria for pulmonary embolism",
            "pulmonary",
            (
                flag("dvt_signs", "Clinical signs and symptoms of DVT"),
                flag("pe_most_likely", "PE is the most likely diagnosis"),
                standard("heart_rate")[0],
                flag("immobilization_surgery", "Immobilisation ≥ 3 days or surgery in the previous 4 weeks"),
                flag("previous_vte", "Previously diagnosed PE or DVT"),
                flag("hemoptysis", "Haemoptysis"),
                flag("malignancy", "Malignancy (treatment within 6 months or palliative)"),
            ),
            "points",
            "Wells PS et al. Derivation of a simple clinical model to categorize patients' probability of "
            "pulmonary embolism. Thromb Haemost 2000;83:416-420",
            "DVT signs 3 + PE most likely 3 + HR > 100 1.5 + immobilisation/surgery 1.5 + previous VTE 1.5 + "
            "haemoptysis 1 + malignancy 1",
            (
                Band(None, 2, "Low", "< 2: low probability (1.3%)"),
                Band(2, 6.5, "Moderate", "2–6: moderate (16.2%)"),
                Band(6.5, None, "High", "> 6: high (40.6%)"),
            ),
            (
                "wells pe",
                "wells' criteria for pulmonary embolism",
                "wells score pe",
                "pulmonary embolism probability",
                "wells criteria pe",
                "wells pulmonary embolism",
            ),
        ),
        wells_pe,
    ),
    Calculator(
        CalculatorSpec(
            "wells_dvt",
            "Wells' criteria for DVT",
            "haematology",
            (
                flag("active_cancer", "Active cancer (treatment within 6 months or palliative)"),
                flag("bedridden_surgery", "Bedridden recently > 3 days or major surgery within 12 weeks"),
                flag("calf_swelling", "Calf swelling > 3 cm compared with the other leg"),
                flag("collateral_veins", "Collateral (non-varicose) superficial veins"),
                flag("leg_swollen", "Entire leg swollen"),
                flag("deep_vein_tenderness", "Localised tenderness along the deep venous system"),
                flag("pitting_edema", "Pitting oedema confined to the symptomatic leg"),
                flag("paralysis_cast", "Paralysis, paresis or recent plaster immobilisation of the leg"),
                flag("previous_dvt", "Previously documented DVT"),
                flag("alternative_likely", "Alternative diagnosis at least as likely as DVT"),
            ),
            "points",
            "Wells PS et al. Value of assessment of pretest probability of deep-vein thrombosis. Lancet "
            "1997;350:1795-1798; Wells PS et al. N Engl J Med 2003;349:1227-1235",
            "one point per criterion; alternative diagnosis as likely −2",
            (
                Band(None, 1, "Low", "≤ 0: low probability (5%)"),
                Band(1, 3, "Moderate", "1–2: moderate (17%)"),
                Band(3, None, "High", "≥ 3: high (53%)"),
            ),
            (
                "wells dvt",
                "wells' criteria for dvt",
                "deep vein thrombosis probability",
                "wells score dvt",
                "wells deep vein thrombosis",
            ),
        ),
        wells_dvt,
    ),
    Calculator(
        CalculatorSpec(
            "perc",
            "PERC rule for pulmonary embolism",
            "pulmonary",
            (
                *standard("age", "heart_rate", "spo2"),
                flag("leg_swelling", "Unilateral leg swelling"),
                flag("hemoptysis", "Haemoptysis"),
                flag("recent_surgery", "Surgery or trauma ≤ 4 weeks ago requiring general anaesthesia"),
                flag("previous_vte", "Prior PE or DVT"),
                flag("hormone_use", "Oral contraceptives, HRT or oestrogen"),
            ),
            "criteria",
            "Kline JA et al. Clinical criteria to prevent unnecessary diagnostic testing in emergency "
            "department patients with suspected pulmonary embolism. J Thromb Haemost 2004;2:1247-1255",
            "count of: age ≥ 50, HR ≥ 100, SaO₂ < 95%, unilateral leg swelling, haemoptysis, recent surgery/trauma, "
            "prior PE/DVT, hormone use",
            (
                Band(0, 1, "PERC negative", "0 criteria: PE can be ruled out if pretest probability is low (< 15%)"),
                Band(1, None, "PERC positive", "≥ 1 criterion: PE cannot be ruled out by PERC"),
            ),
            ("perc", "pulmonary embolism rule-out criteria", "perc rule"),
        ),
        perc,
    ),
)
