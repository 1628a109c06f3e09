"""Critical care and acute illness: qSOFA, SIRS, SOFA, APACHE II, GCS, NEWS2."""

from __future__ import annotations

import math

from calculators.inputs import flag, num, pick, standard
from calculators.spec import Band, Calculator, CalculatorInputError, CalculatorSpec, Computation, fmt, points_sum

__all__ = ["CALCULATORS", "from_lower_bounds", "up_to"]

_INF = math.inf


def from_lower_bounds(value: float, table: tuple[tuple[float, int], ...]) -> int:
    """Points of the last row whose lower bound (inclusive) the value reaches; rows ascend, the first is −∞."""
    points = table[0][1]
    for lower, row_points in table:
        if value >= lower:
            points = row_points
    return points


def up_to(value: float, table: tuple[tuple[float, int], ...], above: int) -> int:
    """Points of the first row whose upper bound (inclusive) holds the value; `above` beyond the last row."""
    return next((points for upper, points in table if value <= upper), above)


def qsofa(resp_rate: float, sbp: float, altered_mentation: bool) -> Computation:
    return points_sum(
        [
            (f"RR {fmt(resp_rate)} ≥ 22", resp_rate >= 22),
            (f"SBP {fmt(sbp)} ≤ 100", sbp <= 100),
            ("altered mentation", altered_mentation),
        ]
    )


def sirs(
    temperature: float,
    heart_rate: float,
    resp_rate: float,
    wbc: float,
    pco2: float | None = None,
    bands_over_10: bool = False,
) -> Computation:
    respiratory = resp_rate > 20 or (pco2 is not None and pco2 < 32)
    white = wbc > 12 or wbc < 4 or bands_over_10
    return points_sum(
        [
            (f"T {fmt(temperature)} °C", temperature > 38 or temperature < 36),
            (f"HR {fmt(heart_rate)} > 90", heart_rate > 90),
            ("RR > 20 or PaCO₂ < 32", respiratory),
            (f"WBC {fmt(wbc)}", white),
        ],
        "criteria",
    )


_PRESSORS = (
    "none",
    "dopamine ≤ 5 or dobutamine (any dose)",
    "dopamine > 5, epinephrine ≤ 0.1 or norepinephrine ≤ 0.1",
    "dopamine > 15, epinephrine > 0.1 or norepinephrine > 0.1",
)


def sofa(
    po2: float,
    fio2: float,
    mechanical_ventilation: bool,
    platelets: float,
    gcs: float,
    bilirubin: float,
    sbp: float,
    dbp: float,
    vasopressors: str,
    creatinine: float,
    urine_output: float | None = None,
) -> Computation:
    ratio = po2 / fio2
    respiration = from_lower_bounds(ratio, ((-_INF, 4), (100, 3), (200, 2), (300, 1), (400, 0)))
    if not mechanical_ventilation:
        respiration = min(respiration, 2)  # 3 and 4 require respiratory support (Vincent 1996)
    mean_pressure = (2 * dbp + sbp) / 3
    pressor_points = _PRESSORS.index(vasopressors)
    cardiovascular = pressor_points + 1 if pressor_points else int(mean_pressure < 70)
    renal = from_lower_bounds(creatinine, ((-_INF, 0), (1.2, 1), (2.0, 2), (3.5, 3), (5.0, 4)))
    if urine_output is not None:
        renal = max(renal, 4 if urine_output < 200 else 3 if urine_output < 500 else 0)
    return points_sum(
        [
            (f"PaO₂/FiO₂ {fmt(ratio, 0)}", respiration),
            (
                f"platelets {fmt(platelets)}",
                from_lower_bounds(platelets, ((-_INF, 4), (20, 3), (50, 2), (100, 1), (150, 0))),
            ),
            (f"GCS {fmt(gcs)}", from_lower_bounds(gcs, ((-_INF, 4), (6, 3), (10, 2), (13, 1), (15, 0)))),
            (
                f"bilirubin {fmt(bilirubin)}",
                from_lower_bounds(bilirubin, ((-_INF, 0), (1.2, 1), (2, 2), (6, 3), (12, 4))),
            ),
            (f"MAP {fmt(mean_pressure, 1)}/vasopressors", cardiovascular),
            (f"creatinine {fmt(creatinine)}", renal),
        ]
    )


_APACHE_TABLES: dict[str, tuple[tuple[float, int], ...]] = {
    "temperature": ((-_INF, 4), (30, 3), (32, 2), (34, 1), (36, 0), (38.5, 1), (39, 3), (41, 4)),
    "map": ((-_INF, 4), (50, 2), (70, 0), (110, 2), (130, 3), (160, 4)),
    "heart_rate": ((-_INF, 4), (40, 3), (55, 2), (70, 0), (110, 2), (140, 3), (180, 4)),
    "resp_rate": ((-_INF, 4), (6, 2), (10, 1), (12, 0), (25, 1), (35, 3), (50, 4)),
    "aa_gradient": ((-_INF, 0), (200, 2), (350, 3), (500, 4)),
    "po2": ((-_INF, 4), (55, 3), (61, 1), (math.nextafter(70, _INF), 0)),
    "ph": ((-_INF, 4), (7.15, 3), (7.25, 2), (7.33, 0), (7.5, 1), (7.6, 3), (7.7, 4)),
    "sodium": ((-_INF, 4), (111, 3), (120, 2), (130, 0), (150, 1), (155, 2), (160, 3), (180, 4)),
    "potassium": ((-_INF, 4), (2.5, 2), (3.0, 1), (3.5, 0), (5.5, 1), (6.0, 3), (7.0, 4)),
    "creatinine": ((-_INF, 2), (0.6, 0), (1.5, 2), (2.0, 3), (3.5, 4)),
    "hematocrit": ((-_INF, 4), (20, 2), (30, 0), (46, 1), (50, 2), (60, 4)),
    "wbc": ((-_INF, 4), (1, 2), (3, 0), (15, 1), (20, 2), (40, 4)),
    "age": ((-_INF, 0), (45, 2), (55, 3), (65, 5), (75, 6)),
}
_CHRONIC = ("none", "elective postoperative", "nonoperative or emergency postoperative")


def apache_ii(
    age: float,
    temperature: float,
    sbp: float,
    dbp: float,
    heart_rate: float,
    resp_rate: float,
    fio2: float,
    po2: float,
    ph: float,
    sodium: float,
    potassium: float,
    creatinine: float,
    acute_renal_failure: bool,
    hematocrit: float,
    wbc: float,
    gcs: float,
    chronic_health: str,
    pco2: float | None = None,
) -> Computation:
    table = _APACHE_TABLES
    mean_pressure = (2 * dbp + sbp) / 3
    if fio2 >= 0.5:
        if pco2 is None:
            raise CalculatorInputError("apache_ii: pco2 (PaCO₂, mmHg) is required when FiO₂ ≥ 0.5 (A–a gradient)")
        gradient = fio2 * 713 - pco2 / 0.8 - po2
        oxygen = (f"A–a gradient {fmt(gradient, 0)}", from_lower_bounds(gradient, table["aa_gradient"]))
    else:
        oxygen = (f"PaO₂ {fmt(po2)}", from_lower_bounds(po2, table["po2"]))
    renal = from_lower_bounds(creatinine, table["creatinine"]) * (2 if acute_renal_failure else 1)
    return points_sum(
        [
            (f"age {fmt(age)}", from_lower_bounds(age, table["age"])),
            (f"T {fmt(temperature)}", from_lower_bounds(temperature, table["temperature"])),
            (f"MAP {fmt(mean_pressure, 1)}", from_lower_bounds(mean_pressure, table["map"])),
            (f"HR {fmt(heart_rate)}", from_lower_bounds(heart_rate, table["heart_rate"])),
            (f"RR {fmt(resp_rate)}", from_lower_bounds(resp_rate, table["resp_rate"])),
            oxygen,
            (f"pH {fmt(ph)}", from_lower_bounds(ph, table["ph"])),
            (f"Na {fmt(sodium)}", from_lower_bounds(sodium, table["sodium"])),
            (f"K {fmt(potassium)}", from_lower_bounds(potassium, table["potassium"])),
            (f"Cr {fmt(creatinine)}{' (ARF ×2)' if acute_renal_failure else ''}", renal),
            (f"Hct {fmt(hematocrit)}", from_lower_bounds(hematocrit, table["hematocrit"])),
            (f"WBC {fmt(wbc)}", from_lower_bounds(wbc, table["wbc"])),
            (f"GCS {fmt(gcs)}", 15 - int(gcs)),
            ("chronic health", (0, 2, 5)[_CHRONIC.index(chronic_health)]),
        ]
    )


def glasgow_coma_scale(eye: float, verbal: float, motor: float) -> Computation:
    value = eye + verbal + motor
    return Computation(value, f"GCS = E{fmt(eye)} + V{fmt(verbal)} + M{fmt(motor)} = {fmt(value)}")


_CONSCIOUSNESS = ("alert", "new confusion, or responds only to voice or pain, or unresponsive")


def news2(
    resp_rate: float,
    spo2: float,
    supplemental_oxygen: bool,
    sbp: float,
    heart_rate: float,
    consciousness: str,
    temperature: float,
    hypercapnic_scale2: bool = False,
) -> Computation:
    if not hypercapnic_scale2:
        saturation = up_to(spo2, ((91, 3), (93, 2), (95, 1)), 0)
    elif supplemental_oxygen and spo2 >= 93:
        saturation = up_to(spo2, ((94, 1), (96, 2)), 3)
    else:
        saturation = up_to(spo2, ((83, 3), (85, 2), (87, 1)), 0)
    return points_sum(
        [
            (f"RR {fmt(resp_rate)}", up_to(resp_rate, ((8, 3), (11, 1), (20, 0), (24, 2)), 3)),
            (f"SpO₂ {fmt(spo2)}%{' (scale 2)' if hypercapnic_scale2 else ''}", saturation),
            ("supplemental oxygen", 2 * supplemental_oxygen),
            (f"SBP {fmt(sbp)}", up_to(sbp, ((90, 3), (100, 2), (110, 1), (219, 0)), 3)),
            (f"pulse {fmt(heart_rate)}", up_to(heart_rate, ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2)), 3)),
            ("consciousness", 3 * _CONSCIOUSNESS.index(consciousness)),
            (f"T {fmt(temperature)}", up_to(temperature, ((35, 3), (36, 1), (38, 0), (39, 1)), 2)),
        ]
    )


_SEPSIS3 = "Singer M et al. The Third International Consensus Definitions for Sepsis (Sepsis-3). JAMA 2016;315:801-810"
CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "qsofa",
            "qSOFA (quick SOFA)",
            "critical care",
            (*standard("resp_rate", "sbp"), flag("altered_mentation", "Altered mentation (GCS < 15)")),
            "points",
            f"Seymour CW et al. JAMA 2016;315:762-774; {_SEPSIS3}",
            "RR ≥ 22 + SBP ≤ 100 + altered mentation",
            (
                Band(0, 2, "Low risk", "< 2"),
                Band(2, None, "High risk", "≥ 2: higher risk of poor outcome in suspected infection"),
            ),
            ("qsofa", "quick sofa", "quick sequential organ failure"),
        ),
        qsofa,
    ),
    Calculator(
        CalculatorSpec(
            "sirs",
            "SIRS criteria",
            "critical care",
            (
                *standard("temperature", "heart_rate", "resp_rate", "wbc"),
                num("pco2", "PaCO₂", "mmHg", 5, 200, ("kPa",), optional=True),
                flag("bands_over_10", "Band forms > 10%", "counts as no when not given", True),
            ),
            "criteria",
            "Bone RC et al. ACCP/SCCM Consensus Conference. Chest 1992;101:1644-1655",
            "T > 38 or < 36 °C; HR > 90; RR > 20 or PaCO₂ < 32; WBC > 12 or < 4 ×10⁹/L or bands > 10%",
            (Band(0, 2, "SIRS negative", "< 2 criteria"), Band(2, None, "SIRS", "≥ 2 criteria")),
            ("sirs", "systemic inflammatory response syndrome", "sirs criteria"),
        ),
        sirs,
    ),
    Calculator(
        CalculatorSpec(
            "sofa",
            "SOFA score",
            "critical care",
            (
                *standard("po2", "fio2"),
                flag("mechanical_ventilation", "Mechanical ventilation or CPAP"),
                *standard("platelets", "gcs", "bilirubin", "sbp", "dbp"),
                pick("vasopressors", "Vasopressors (µg/kg/min, ≥ 1 h)", _PRESSORS),
                standard("creatinine")[0],
                num("urine_output", "Urine output", "mL/day", 0, 20000, optional=True),
            ),
            "points",
            "Vincent JL et al. The SOFA (Sepsis-related Organ Failure Assessment) score. Intensive Care Med "
            "1996;22:707-710",
            "sum of six organ scores 0–4: PaO₂/FiO₂, platelets, GCS, bilirubin, MAP/vasopressors, "
            "creatinine/urine output",
            (
                Band(0, 2, "Low", "< 2"),
                Band(2, None, "Organ dysfunction", "≥ 2 (Sepsis-3: acute rise ≥ 2 defines sepsis)"),
            ),
            ("sofa", "sequential organ failure assessment", "sofa score"),
        ),
        sofa,
    ),
    Calculator(
        CalculatorSpec(
            "apache_ii",
            "APACHE II score",
            "critical care",
            (
                *standard(
                    "age",
                    "temperature",
                    "sbp",
                    "dbp",
                    "heart_rate",
                    "resp_rate",
                    "fio2",
                    "po2",
                    "ph",
                    "sodium",
                    "potassium",
                    "creatinine",
                ),
                flag("acute_renal_failure", "Acute renal failure"),
                *standard("hematocrit", "wbc", "gcs"),
                pick("chronic_health", "Severe organ insufficiency or immunocompromise", _CHRONIC),
                num("pco2", "PaCO₂ (needed when FiO₂ ≥ 0.5)", "mmHg", 5, 200, ("kPa",), optional=True),
            ),
            "points",
            "Knaus WA et al. APACHE II: a severity of disease classification system. Crit Care Med 1985;13:818-829",
            "acute physiology (12 variables) + age points + chronic health points",
            (
                Band(0, 5, "0–4", "≈ 4% mortality"),
                Band(5, 10, "5–9", "≈ 8%"),
                Band(10, 15, "10–14", "≈ 15%"),
                Band(15, 20, "15–19", "≈ 25%"),
                Band(20, 25, "20–24", "≈ 40%"),
                Band(25, 30, "25–29", "≈ 55%"),
                Band(30, 35, "30–34", "≈ 75%"),
                Band(35, None, "≥ 35", "≈ 85%"),
            ),
            ("apache ii", "apache 2", "apache", "acute physiology and chronic health evaluation"),
        ),
        apache_ii,
    ),
    Calculator(
        CalculatorSpec(
            "gcs",
            "Glasgow Coma Scale",
            "neurology",
            (
                num("eye", "Eye opening (1 none – 4 spontaneous)", "points", 1, 4),
                num("verbal", "Verbal response (1 none – 5 oriented; intubated = 1)", "points", 1, 5),
                num("motor", "Motor response (1 none – 6 obeys commands)", "points", 1, 6),
            ),
            "points",
            "Teasdale G, Jennett B. Assessment of coma and impaired consciousness. Lancet 1974;2:81-84",
            "GCS = E + V + M",
            (
                Band(3, 9, "Severe", "3–8: severe brain injury"),
                Band(9, 13, "Moderate", "9–12"),
                Band(13, 16, "Mild", "13–15"),
            ),
            ("gcs", "glasgow coma scale", "glasgow coma score", "coma scale"),
        ),
        glasgow_coma_scale,
    ),
    Calculator(
        CalculatorSpec(
            "news2",
            "NEWS2 (National Early Warning Score 2)",
            "critical care",
            (
                *standard("resp_rate", "spo2"),
                flag("supplemental_oxygen", "On supplemental oxygen"),
                *standard("sbp", "heart_rate"),
                pick("consciousness", "Consciousness (ACVPU)", _CONSCIOUSNESS),
                standard("temperature")[0],
                flag(
                    "hypercapnic_scale2",
                    "Use SpO₂ scale 2 (target 88–92%, hypercapnic respiratory failure)",
                    "counts as no when not given",
                    True,
                ),
            ),
            "points",
            "Royal College of Physicians. National Early Warning Score (NEWS) 2. London: RCP, 2017",
            "sum of 7 parameters scored 0–3",
            (
                Band(0, 5, "Low", "0–4: ward-based response (a single parameter scoring 3 needs urgent review)"),
                Band(5, 7, "Medium", "5–6: urgent response"),
                Band(7, None, "High", "≥ 7: emergency response"),
            ),
            ("news2", "news 2", "national early warning score", "early warning score"),
        ),
        news2,
    ),
)
