"""Clinical scores from criteria: CURB-65, PSI/PORT, Centor (McIsaac), FeverPAIN, Caprini, Charlson."""

from __future__ import annotations

import math
from dataclasses import replace

from calculators.critical import from_lower_bounds
from calculators.inputs import STANDARD, flag, pick, standard
from calculators.spec import Band, Calculator, CalculatorSpec, Computation, InputSpec, fmt, points_sum

__all__ = ["CALCULATORS"]

_INF = math.inf


def curb65(confusion: bool, bun: float, resp_rate: float, sbp: float, dbp: float, age: float) -> Computation:
    return points_sum(
        [
            ("confusion", confusion),
            (f"BUN {fmt(bun)} > 19 mg/dL", bun > 19),
            (f"RR {fmt(resp_rate)} ≥ 30", resp_rate >= 30),
            (f"BP {fmt(sbp)}/{fmt(dbp)} (SBP < 90 or DBP ≤ 60)", sbp < 90 or dbp <= 60),
            (f"age {fmt(age)} ≥ 65", age >= 65),
        ]
    )


# PSI: missing optional labs count as normal, as in the derivation (Fine 1997: "missing values were assumed normal").
_PSI_FLAGS: tuple[tuple[str, str, int], ...] = (
    ("nursing_home", "Nursing home resident", 10),
    ("neoplastic_disease", "Neoplastic disease", 30),
    ("liver_disease", "Liver disease", 20),
    ("chf", "Congestive heart failure", 10),
    ("cerebrovascular_disease", "Cerebrovascular disease", 10),
    ("renal_disease", "Renal disease", 10),
    ("altered_mental_status", "Altered mental status", 20),
    ("pleural_effusion", "Pleural effusion on imaging", 10),
)


def psi(
    age: float,
    sex: str,
    resp_rate: float,
    sbp: float,
    temperature: float,
    heart_rate: float,
    bun: float,
    sodium: float,
    ph: float | None = None,
    glucose: float | None = None,
    hematocrit: float | None = None,
    po2: float | None = None,
    spo2: float | None = None,
    **flags: bool,
) -> Computation:
    parts: list[tuple[str, float]] = [
        (f"age {fmt(age)}{' − 10 (female)' if sex == 'female' else ''}", age - 10 if sex == "female" else age)
    ]
    parts += [(label, points * flags[name]) for name, label, points in _PSI_FLAGS]
    parts += [
        (f"RR {fmt(resp_rate)} ≥ 30", 20 * (resp_rate >= 30)),
        (f"SBP {fmt(sbp)} < 90", 20 * (sbp < 90)),
        (f"T {fmt(temperature)}", 15 * (temperature < 35 or temperature >= 40)),
        (f"pulse {fmt(heart_rate)} ≥ 125", 10 * (heart_rate >= 125)),
        (f"BUN {fmt(bun)} ≥ 30", 20 * (bun >= 30)),
        (f"Na {fmt(sodium)} < 130", 20 * (sodium < 130)),
    ]
    missing = [name for name, value in (("pH", ph), ("glucose", glucose), ("haematocrit", hematocrit)) if value is None]
    parts += [
        ("pH < 7.35", 30 * (ph is not None and ph < 7.35)),
        ("glucose ≥ 250", 10 * (glucose is not None and glucose >= 250)),
        ("haematocrit < 30%", 10 * (hematocrit is not None and hematocrit < 30)),
    ]
    hypoxaemia = (po2 is not None and po2 < 60) or (spo2 is not None and spo2 < 90)
    if po2 is None and spo2 is None:
        missing.append("PaO₂/SpO₂")
    parts.append(("PaO₂ < 60 or SpO₂ < 90", 10 * hypoxaemia))
    result = points_sum(parts)
    warnings = (f"not measured, counted as normal (Fine 1997): {', '.join(missing)}",) if missing else ()
    return Computation(result.value, result.substituted, warnings)


def centor_mcisaac(
    age: float, temperature: float, cough_absent: bool, tender_nodes: bool, tonsillar_exudate: bool
) -> Computation:
    age_points = 1 if 3 <= age < 15 else -1 if age >= 45 else 0
    return points_sum(
        [
            (f"age {fmt(age)}", age_points),
            (f"T {fmt(temperature)} > 38", temperature > 38),
            ("cough absent", cough_absent),
            ("tender/swollen anterior cervical nodes", tender_nodes),
            ("tonsillar swelling or exudate", tonsillar_exudate),
        ]
    )


def feverpain(
    fever: bool, purulence: bool, attend_rapidly: bool, inflamed_tonsils: bool, no_cough_coryza: bool
) -> Computation:
    return points_sum(
        [
            ("fever in past 24 h", fever),
            ("purulence", purulence),
            ("attended within 3 days", attend_rapidly),
            ("severely inflamed tonsils", inflamed_tonsils),
            ("no cough or coryza", no_cough_coryza),
        ]
    )


_SURGERY = (
    "none",
    "minor",
    "major > 45 min, laparoscopic > 45 min or arthroscopic",
    "elective major lower-extremity arthroplasty",
)
_CAPRINI_FLAGS: tuple[tuple[str, str, int], ...] = (
    ("bmi_over_25", "BMI > 25 kg/m²", 1),
    ("swollen_legs", "Swollen legs (current)", 1),
    ("varicose_veins", "Varicose veins", 1),
    ("pregnant_postpartum", "Pregnant or postpartum", 1),
    ("pregnancy_loss", "History of unexplained or recurrent spontaneous abortion", 1),
    ("hormones", "Oral contraceptives or hormone replacement", 1),
    ("sepsis", "Sepsis (< 1 month)", 1),
    ("lung_disease", "Serious lung disease incl. pneumonia (< 1 month) or abnormal PFTs", 1),
    ("acute_mi", "Acute myocardial infarction", 1),
    ("chf", "Congestive heart failure (< 1 month)", 1),
    ("ibd", "History of inflammatory bowel disease", 1),
    ("bed_rest", "Medical patient currently at bed rest", 1),
    ("malignancy", "Malignancy (present or previous)", 2),
    ("confined_bed", "Confined to bed > 72 h", 2),
    ("plaster_cast", "Immobilising plaster cast", 2),
    ("central_line", "Central venous access", 2),
    ("history_vte", "History of VTE", 3),
    ("family_vte", "Family history of VTE", 3),
    (
        "thrombophilia",
        "Known thrombophilia (factor V Leiden, prothrombin 20210A, lupus anticoagulant, "
        "anticardiolipin, homocysteine, HIT, other)",
        3,
    ),
    ("stroke", "Stroke (< 1 month)", 5),
    ("fracture", "Hip, pelvis or leg fracture", 5),
    ("spinal_cord_injury", "Acute spinal cord injury with paralysis (< 1 month)", 5),
)


def caprini(age: float, surgery: str, **flags: bool) -> Computation:
    age_points = from_lower_bounds(age, ((-_INF, 0), (41, 1), (61, 2), (75, 3)))
    parts = [(f"age {fmt(age)}", age_points), (f"surgery: {surgery}", (0, 1, 2, 5)[_SURGERY.index(surgery)])]
    return points_sum(parts + [(label, points * flags[name]) for name, label, points in _CAPRINI_FLAGS])


_LIVER = ("none", "mild", "moderate to severe")
_DIABETES = ("none or diet-controlled", "uncomplicated", "end-organ damage")
_TUMOUR = ("none", "localised", "metastatic")
_CHARLSON_FLAGS: tuple[tuple[str, str, int], ...] = (
    ("mi", "Myocardial infarction", 1),
    ("chf", "Congestive heart failure", 1),
    ("peripheral_vascular_disease", "Peripheral vascular disease", 1),
    ("cerebrovascular_disease", "Cerebrovascular accident or TIA", 1),
    ("dementia", "Dementia", 1),
    ("copd", "Chronic pulmonary disease", 1),
    ("connective_tissue_disease", "Connective tissue disease", 1),
    ("peptic_ulcer", "Peptic ulcer disease", 1),
    ("hemiplegia", "Hemiplegia", 2),
    ("renal_disease", "Moderate to severe chronic kidney disease", 2),
    ("leukemia", "Leukaemia", 2),
    ("lymphoma", "Lymphoma", 2),
    ("aids", "AIDS", 6),
)


def charlson(age: float, liver_disease: str, diabetes: str, solid_tumor: str, **flags: bool) -> Computation:
    parts = [
        (f"age {fmt(age)}", from_lower_bounds(age, ((-_INF, 0), (50, 1), (60, 2), (70, 3), (80, 4)))),
        (f"liver disease {liver_disease}", (0, 1, 3)[_LIVER.index(liver_disease)]),
        (f"diabetes {diabetes}", (0, 1, 2)[_DIABETES.index(diabetes)]),
        (f"solid tumour {solid_tumor}", (0, 2, 6)[_TUMOUR.index(solid_tumor)]),
    ]
    result = points_sum(parts + [(label, points * flags[name]) for name, label, points in _CHARLSON_FLAGS])
    survival = 0.983 ** math.exp(0.9 * float(result.value))
    return Computation(
        result.value, f"{result.substituted}; 10-year survival 0.983^e^(0.9 × score) = {fmt(100 * survival, 1)}%"
    )


def _flags(table: tuple[tuple[str, str, int], ...]) -> tuple[InputSpec, ...]:
    return tuple(flag(name, f"{label} (+{points})") for name, label, points in table)


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "curb65",
            "CURB-65 pneumonia severity",
            "pulmonary",
            (flag("confusion", "Confusion"), *standard("bun", "resp_rate", "sbp", "dbp", "age")),
            "points",
            "Lim WS et al. Defining community acquired pneumonia severity on presentation to hospital. Thorax "
            "2003;58:377-382",
            "Confusion + BUN > 19 mg/dL (urea > 7 mmol/L) + RR ≥ 30 + SBP < 90 or DBP ≤ 60 + age ≥ 65",
            (
                Band(0, 2, "Low", "0–1: 30-day mortality 0.6–2.7%; outpatient treatment"),
                Band(2, 3, "Moderate", "2: 6.8%; short inpatient stay or supervised outpatient"),
                Band(3, None, "Severe", "3–5: 14–27.8%; hospitalise, consider ICU at 4–5"),
            ),
            ("curb-65", "curb65", "curb 65", "pneumonia severity", "cap severity"),
        ),
        curb65,
    ),
    Calculator(
        CalculatorSpec(
            "psi",
            "Pneumonia Severity Index (PSI/PORT)",
            "pulmonary",
            (
                *standard("age", "sex"),
                *(flag(name, f"{label} (+{points})") for name, label, points in _PSI_FLAGS),
                *standard("resp_rate", "sbp", "temperature", "heart_rate", "bun", "sodium"),
                *(
                    replace(STANDARD[name], optional=True, help="not measured counts as normal (Fine 1997)")
                    for name in ("ph", "glucose", "hematocrit", "po2", "spo2")
                ),
            ),
            "points",
            "Fine MJ et al. A prediction rule to identify low-risk patients with community-acquired "
            "pneumonia. N Engl J Med 1997;336:243-250",
            "age (women − 10) + nursing home 10 + comorbidities + examination + laboratory/imaging points",
            (
                Band(None, 71, "Class I–II", "≤ 70: mortality 0.1–0.6%; outpatient"),
                Band(71, 91, "Class III", "71–90: 0.9–2.8%; outpatient or brief admission"),
                Band(91, 131, "Class IV", "91–130: 8.2–9.3%; inpatient"),
                Band(131, None, "Class V", "> 130: 27–31%"),
            ),
            ("psi", "port", "pneumonia severity index", "psi/port", "port score"),
        ),
        psi,
    ),
    Calculator(
        CalculatorSpec(
            "centor",
            "Centor score (modified / McIsaac)",
            "infectious disease",
            (
                *standard("age", "temperature"),
                flag("cough_absent", "Cough absent"),
                flag("tender_nodes", "Tender/swollen anterior cervical lymph nodes"),
                flag("tonsillar_exudate", "Tonsillar swelling or exudate"),
            ),
            "points",
            "McIsaac WJ et al. A clinical score to reduce unnecessary antibiotic use in patients with sore throat. "
            "CMAJ 1998;158:75-83 (Centor RM et al. Med Decis Making 1981;1:239-246)",
            "T > 38 °C 1 + no cough 1 + nodes 1 + tonsils 1 + age 3–14: +1, 15–44: 0, ≥ 45: −1",
            (
                Band(None, 1, "Very low", "≤ 0: strep 1–2.5%; no test or antibiotic"),
                Band(1, 2, "Low", "1: 5–10%"),
                Band(2, 3, "Intermediate", "2: 11–17%; rapid antigen test"),
                Band(3, 4, "Moderate", "3: 28–35%"),
                Band(4, None, "High", "≥ 4: 51–53%; test and treat"),
            ),
            ("centor", "mcisaac", "modified centor", "strep throat", "pharyngitis score", "sore throat"),
        ),
        centor_mcisaac,
    ),
    Calculator(
        CalculatorSpec(
            "feverpain",
            "FeverPAIN score for strep pharyngitis",
            "infectious disease",
            (
                flag("fever", "Fever in past 24 h"),
                flag("purulence", "Purulence (pharyngeal/tonsillar exudate)"),
                flag("attend_rapidly", "Attended rapidly (≤ 3 days after onset)"),
                flag("inflamed_tonsils", "Severely inflamed tonsils"),
                flag("no_cough_coryza", "No cough or coryza"),
            ),
            "points",
            "Little P et al. Clinical score and rapid antigen detection test to guide antibiotic use for "
            "sore throats: randomised controlled trial of PRISM. BMJ 2013;347:f5806",
            "one point per criterion",
            (
                Band(0, 2, "Low", "0–1: strep 13–18%; no antibiotic"),
                Band(2, 4, "Moderate", "2–3: 34–40%; delayed prescription"),
                Band(4, None, "High", "4–5: 62–65%; immediate antibiotic or delayed prescription"),
            ),
            ("feverpain", "fever pain", "fever-pain"),
        ),
        feverpain,
    ),
    Calculator(
        CalculatorSpec(
            "caprini",
            "Caprini score for venous thromboembolism (2005)",
            "haematology",
            (STANDARD["age"], pick("surgery", "Type of surgery", _SURGERY), *_flags(_CAPRINI_FLAGS)),
            "points",
            "Caprini JA. Thrombosis risk assessment as a guide to quality patient care. Dis Mon 2005;51:70-78; "
            "risk groups Gould MK et al. Chest 2012;141(2 Suppl):e227S-e277S",
            "age (41–60: 1, 61–74: 2, ≥ 75: 3) + surgery + 1-, 2-, 3- and 5-point risk factors",
            (
                Band(0, 1, "Very low", "0: VTE < 0.5%"),
                Band(1, 3, "Low", "1–2: ≈ 1.5%"),
                Band(3, 5, "Moderate", "3–4: ≈ 3%"),
                Band(5, None, "High", "≥ 5: ≈ 6%"),
            ),
            ("caprini", "vte risk surgery", "venous thromboembolism risk", "caprini score"),
        ),
        caprini,
    ),
    Calculator(
        CalculatorSpec(
            "charlson",
            "Charlson Comorbidity Index (age-adjusted)",
            "general",
            (
                STANDARD["age"],
                pick("liver_disease", "Liver disease", _LIVER),
                pick("diabetes", "Diabetes", _DIABETES),
                pick("solid_tumor", "Solid tumour", _TUMOUR),
                *_flags(_CHARLSON_FLAGS),
            ),
            "points",
            "Charlson ME et al. J Chronic Dis 1987;40:373-383; age points Charlson M et al. J Clin Epidemiol "
            "1994;47:1245-1251",
            "age (50–59: 1 … ≥ 80: 4) + weighted comorbidities (1, 2, 3, 6)",
            (
                Band(0, 1, "0", "estimated 10-year survival 98%"),
                Band(1, 3, "1–2", "96–90%"),
                Band(3, 5, "3–4", "77–53%"),
                Band(5, None, "≥ 5", "≤ 21%"),
            ),
            ("charlson", "cci", "charlson comorbidity index", "comorbidity index"),
        ),
        charlson,
    ),
)
