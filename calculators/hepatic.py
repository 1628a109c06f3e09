"""Liver and GI bleeding: Child–Pugh, MELD-Na, FIB-4, Glasgow–Blatchford."""

from __future__ import annotations

import math

from calculators.critical import from_lower_bounds
from calculators.inputs import flag, pick, standard
from calculators.spec import Band, Calculator, CalculatorSpec, Computation, fmt, points_sum

__all__ = ["CALCULATORS"]

_INF = math.inf
_ASCITES = ("absent", "slight", "moderate")
_ENCEPHALOPATHY = ("none", "grade 1-2", "grade 3-4")


def child_pugh(bilirubin: float, albumin: float, inr: float, ascites: str, encephalopathy: str) -> Computation:
    return points_sum(
        [
            (
                f"bilirubin {fmt(bilirubin)}",
                from_lower_bounds(bilirubin, ((-_INF, 1), (2, 2), (math.nextafter(3, _INF), 3))),
            ),
            (
                f"albumin {fmt(albumin)}",
                from_lower_bounds(albumin, ((-_INF, 3), (2.8, 2), (math.nextafter(3.5, _INF), 1))),
            ),
            (f"INR {fmt(inr)}", from_lower_bounds(inr, ((-_INF, 1), (1.7, 2), (math.nextafter(2.3, _INF), 3)))),
            (f"ascites {ascites}", _ASCITES.index(ascites) + 1),
            (f"encephalopathy {encephalopathy}", _ENCEPHALOPATHY.index(encephalopathy) + 1),
        ]
    )


def meld_na(creatinine: float, bilirubin: float, inr: float, sodium: float, dialysis: bool) -> Computation:
    """UNOS/OPTN 2016: labs < 1 set to 1, creatinine capped at 4 (4 on dialysis twice in a week), sodium bounded
    125–137; MELD(i) rounded to the tenth then × 10; the sodium term applies when MELD > 11."""
    cr = 4.0 if dialysis else min(max(creatinine, 1.0), 4.0)
    bili, ratio, na = max(bilirubin, 1.0), max(inr, 1.0), min(max(sodium, 125.0), 137.0)
    meld_i = 0.957 * math.log(cr) + 0.378 * math.log(bili) + 1.120 * math.log(ratio) + 0.643
    meld = round(meld_i, 1) * 10
    value = meld + 1.32 * (137 - na) - 0.033 * meld * (137 - na) if meld > 11 else meld
    value = float(round(value))
    return Computation(
        value,
        f"MELD = 10 × (0.957 × ln {fmt(cr)} + 0.378 × ln {fmt(bili)} + 1.120 × ln {fmt(ratio)} + 0.643) = "
        f"{fmt(meld, 1)}; MELD-Na = MELD + 1.32 × (137 − {fmt(na)}) − 0.033 × MELD × (137 − {fmt(na)}) = {fmt(value)}",
    )


def fib4(age: float, ast: float, alt: float, platelets: float) -> Computation:
    value = age * ast / (platelets * alt**0.5)
    return Computation(value, f"FIB-4 = {fmt(age)} × {fmt(ast)} / ({fmt(platelets)} × √{fmt(alt)}) = {fmt(value)}")


def glasgow_blatchford(
    bun: float,
    hemoglobin: float,
    sex: str,
    sbp: float,
    heart_rate: float,
    melena: bool,
    syncope: bool,
    hepatic_disease: bool,
    cardiac_failure: bool,
) -> Computation:
    if sex == "male":
        hb_points = from_lower_bounds(hemoglobin, ((-_INF, 6), (10, 3), (12, 1), (13, 0)))
    else:
        hb_points = from_lower_bounds(hemoglobin, ((-_INF, 6), (10, 1), (12, 0)))
    return points_sum(
        [
            (f"BUN {fmt(bun)}", from_lower_bounds(bun, ((-_INF, 0), (18.2, 2), (22.4, 3), (28, 4), (70, 6)))),
            (f"Hb {fmt(hemoglobin)} ({sex})", hb_points),
            (f"SBP {fmt(sbp)}", from_lower_bounds(sbp, ((-_INF, 3), (90, 2), (100, 1), (110, 0)))),
            (f"HR {fmt(heart_rate)} ≥ 100", heart_rate >= 100),
            ("melaena", melena),
            ("syncope", 2 * syncope),
            ("hepatic disease", 2 * hepatic_disease),
            ("cardiac failure", 2 * cardiac_failure),
        ]
    )


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "child_pugh",
            "Child–Pugh score",
            "hepatology",
            (
                *standard("bilirubin", "albumin", "inr"),
                pick("ascites", "Ascites", _ASCITES),
                pick("encephalopathy", "Hepatic encephalopathy", _ENCEPHALOPATHY),
            ),
            "points",
            "Pugh RN et al. Transection of the oesophagus for bleeding oesophageal varices. Br J Surg 1973;60:646-649",
            "bilirubin (< 2, 2–3, > 3 mg/dL) + albumin (> 3.5, 2.8–3.5, < 2.8 g/dL) + INR (< 1.7, 1.7–2.3, > 2.3) + "
            "ascites + encephalopathy, 1–3 points each",
            (
                Band(5, 7, "Class A", "5–6: well-compensated"),
                Band(7, 10, "Class B", "7–9: significant compromise"),
                Band(10, 16, "Class C", "10–15: decompensated"),
            ),
            ("child-pugh", "child pugh", "child-turcotte-pugh", "ctp", "cirrhosis severity"),
        ),
        child_pugh,
    ),
    Calculator(
        CalculatorSpec(
            "meld_na",
            "MELD-Na (UNOS/OPTN)",
            "hepatology",
            (
                *standard("creatinine", "bilirubin", "inr", "sodium"),
                flag("dialysis", "Dialysis ≥ 2 times or CVVHD ≥ 24 h in the past week"),
            ),
            "points",
            "Kim WR et al. Hyponatremia and mortality among patients on the liver-transplant waiting list. N Engl J "
            "Med 2008;359:1018-1026; OPTN policy 2016",
            "MELD-Na = MELD + 1.32 × (137 − Na) − 0.033 × MELD × (137 − Na)",
            (
                Band(None, 10, "≤ 9", "3-month mortality 1.9%"),
                Band(10, 20, "10–19", "6.0%"),
                Band(20, 30, "20–29", "19.6%"),
                Band(30, 40, "30–39", "52.6%"),
                Band(40, None, "≥ 40", "71.3%"),
            ),
            ("meld-na", "meld na", "meld", "model for end-stage liver disease", "meldna"),
        ),
        meld_na,
    ),
    Calculator(
        CalculatorSpec(
            "fib4",
            "FIB-4 index for liver fibrosis",
            "hepatology",
            standard("age", "ast", "alt", "platelets"),
            "",
            "Sterling RK et al. Development of a simple noninvasive index to predict significant fibrosis in patients "
            "with HIV/HCV coinfection. Hepatology 2006;43:1317-1325",
            "FIB-4 = age × AST / (platelets × √ALT)",
            (
                Band(None, 1.45, "Low", "< 1.45: advanced fibrosis unlikely"),
                Band(1.45, 3.25, "Indeterminate", "1.45–3.25"),
                Band(3.25, None, "High", "> 3.25: advanced fibrosis likely"),
            ),
            ("fib-4", "fib4", "fibrosis-4", "liver fibrosis"),
        ),
        fib4,
    ),
    Calculator(
        CalculatorSpec(
            "glasgow_blatchford",
            "Glasgow–Blatchford bleeding score",
            "gastroenterology",
            (
                *standard("bun", "hemoglobin", "sex", "sbp", "heart_rate"),
                flag("melena", "Melaena"),
                flag("syncope", "Presented with syncope"),
                flag("hepatic_disease", "Hepatic disease history"),
                flag("cardiac_failure", "Cardiac failure present"),
            ),
            "points",
            "Blatchford O et al. A risk score to predict need for treatment for upper-gastrointestinal haemorrhage. "
            "Lancet 2000;356:1318-1321",
            "BUN + haemoglobin (by sex) + SBP + HR ≥ 100 + melaena + syncope + hepatic disease + cardiac failure",
            (
                Band(0, 1, "Low risk", "0: may be managed as an outpatient"),
                Band(1, None, "Higher risk", "≥ 1: may need intervention"),
            ),
            ("glasgow-blatchford", "blatchford", "upper gi bleed", "upper gastrointestinal bleeding"),
        ),
        glasgow_blatchford,
    ),
)
