"""Kidney function and water: Cockcroft–Gault, CKD-EPI 2021, MDRD, FENa, free water deficit."""

from __future__ import annotations

from calculators.body import abw_value, bmi_value, ibw_value
from calculators.inputs import flag, standard
from calculators.spec import Band, Calculator, CalculatorSpec, Computation, fmt

__all__ = ["CALCULATORS", "ckd_epi_2021", "cockcroft_gault", "fena", "free_water_deficit", "mdrd"]

_GFR_BANDS = (
    Band(None, 15, "G5", "Kidney failure (eGFR < 15)"),
    Band(15, 30, "G4", "Severely decreased (15–29)"),
    Band(30, 45, "G3b", "Moderately to severely decreased (30–44)"),
    Band(45, 60, "G3a", "Mildly to moderately decreased (45–59)"),
    Band(60, 90, "G2", "Mildly decreased (60–89)"),
    Band(90, None, "G1", "Normal or high (≥ 90)"),
)


def dosing_weight(sex: str, height: float, weight: float) -> tuple[float, str]:
    """The weight Cockcroft–Gault uses, by BMI, as MDCalc does after Brown 2013 and Winter 2012: BMI < 18.5 actual;
    18.5–24.9 the lesser of ideal (Devine) and actual; ≥ 25 adjusted (IBW + 0.4 × (actual − IBW))."""
    index = bmi_value(weight, height)
    if index < 18.5:
        return weight, f"actual body weight (BMI {fmt(index, 1)} < 18.5)"
    if index < 25:
        ideal = ibw_value(sex, height)
        if ideal < weight:
            return ideal, f"ideal body weight (BMI {fmt(index, 1)} normal, IBW < actual)"
        return weight, f"actual body weight (BMI {fmt(index, 1)} normal, actual ≤ IBW)"
    return abw_value(sex, height, weight), f"adjusted body weight (BMI {fmt(index, 1)} ≥ 25)"


def cockcroft_gault(age: float, sex: str, weight: float, height: float, creatinine: float) -> Computation:
    used, rule = dosing_weight(sex, height, weight)
    female = 0.85 if sex == "female" else 1.0
    value = (140 - age) * used * female / (72 * creatinine)
    factor = " × 0.85" if sex == "female" else ""
    return Computation(
        value,
        f"CrCl = (140 − {fmt(age)}) × {fmt(used, 1)} kg{factor} / (72 × {fmt(creatinine)}) = {fmt(value, 1)} mL/min"
        f" [weight: {rule}]",
    )


def ckd_epi_2021(age: float, sex: str, creatinine: float) -> Computation:
    kappa, alpha, female = (0.7, -0.241, 1.012) if sex == "female" else (0.9, -0.302, 1.0)
    ratio = creatinine / kappa
    value = 142 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.200 * 0.9938**age * female
    sex_part = " × 1.012" if sex == "female" else ""
    return Computation(
        value,
        f"eGFR = 142 × min({fmt(creatinine)}/{kappa}, 1)^{alpha} × max({fmt(creatinine)}/{kappa}, 1)^−1.200 × "
        f"0.9938^{fmt(age)}{sex_part} = {fmt(value, 1)} mL/min/1.73m²",
    )


def mdrd(age: float, sex: str, creatinine: float, black: bool = False) -> Computation:
    value = 175 * creatinine**-1.154 * age**-0.203 * (0.742 if sex == "female" else 1) * (1.212 if black else 1)
    extras = (" × 0.742" if sex == "female" else "") + (" × 1.212" if black else "")
    return Computation(
        value, f"eGFR = 175 × {fmt(creatinine)}^−1.154 × {fmt(age)}^−0.203{extras} = {fmt(value, 1)} mL/min/1.73m²"
    )


def fena(sodium: float, creatinine: float, urine_sodium: float, urine_creatinine: float) -> Computation:
    value = urine_sodium * creatinine / (sodium * urine_creatinine) * 100
    return Computation(
        value,
        f"FENa = ({fmt(urine_sodium)} × {fmt(creatinine)}) / ({fmt(sodium)} × {fmt(urine_creatinine)}) × 100 "
        f"= {fmt(value)} %",
    )


def total_body_water_fraction(age: float, sex: str) -> float:
    """0.6 children and men < 65, 0.5 women < 65 and men ≥ 65, 0.45 women ≥ 65 (the usual clinical convention)."""
    if age < 18:
        return 0.6
    if sex == "male":
        return 0.6 if age < 65 else 0.5
    return 0.5 if age < 65 else 0.45


def free_water_deficit(age: float, sex: str, weight: float, sodium: float) -> Computation:
    fraction = total_body_water_fraction(age, sex)
    value = fraction * weight * (sodium / 140 - 1)
    warnings = ("sodium ≤ 140: there is no free water deficit",) if sodium <= 140 else ()
    return Computation(value, f"FWD = {fraction} × {fmt(weight)} × ({fmt(sodium)}/140 − 1) = {fmt(value)} L", warnings)


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "creatinine_clearance",
            "Creatinine clearance (Cockcroft–Gault)",
            "renal",
            standard("age", "sex", "weight", "height", "creatinine"),
            "mL/min",
            "Cockcroft DW, Gault MH. Nephron 1976;16:31-41; weight by BMI as MDCalc after Brown DL et al. Ann "
            "Pharmacother 2013;47:1039-1044 and Winter MA et al. Pharmacotherapy 2012;32:604-612",
            "CrCl = (140 − age) × weight × (0.85 if female) / (72 × Cr); weight: BMI < 18.5 actual, 18.5–24.9 "
            "min(ideal, actual), ≥ 25 adjusted",
            (),
            ("creatinine clearance", "crcl", "cockcroft", "gault", "cockcroft-gault", "renal dosing"),
        ),
        cockcroft_gault,
    ),
    Calculator(
        CalculatorSpec(
            "ckd_epi_2021",
            "eGFR (CKD-EPI 2021 creatinine)",
            "renal",
            standard("age", "sex", "creatinine"),
            "mL/min/1.73m²",
            "Inker LA et al. New creatinine- and cystatin C-based equations to estimate GFR without "
            "race. N Engl J Med 2021;385:1737-1749; stages KDIGO 2012",
            "eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 (female); κ 0.7 F / 0.9 M, "
            "α −0.241 F / −0.302 M",
            _GFR_BANDS,
            ("ckd-epi", "ckd epi", "egfr", "gfr", "glomerular filtration rate", "ckd-epi 2021"),
        ),
        ckd_epi_2021,
    ),
    Calculator(
        CalculatorSpec(
            "mdrd",
            "eGFR (MDRD, 4-variable)",
            "renal",
            (
                *standard("age", "sex", "creatinine"),
                flag(
                    "black",
                    "Black race (original equation)",
                    "The 2021 CKD-EPI equation drops race; kept for MDRD",
                    True,
                ),
            ),
            "mL/min/1.73m²",
            "Levey AS et al. Ann Intern Med 2006;145:247-254 (IDMS-traceable MDRD, 175)",
            "eGFR = 175 × Scr^−1.154 × age^−0.203 × 0.742 (female) × 1.212 (Black)",
            _GFR_BANDS,
            ("mdrd", "modification of diet in renal disease", "egfr", "gfr"),
        ),
        mdrd,
    ),
    Calculator(
        CalculatorSpec(
            "fena",
            "Fractional excretion of sodium (FENa)",
            "renal",
            standard("sodium", "creatinine", "urine_sodium", "urine_creatinine"),
            "%",
            "Espinel CH. The FENa test. JAMA 1976;236:579-581",
            "FENa = (urine Na × serum Cr) / (serum Na × urine Cr) × 100",
            (
                Band(None, 1, "Prerenal", "FENa < 1%: prerenal azotaemia likely"),
                Band(1, 2, "Indeterminate", "FENa 1–2%"),
                Band(2, None, "Intrinsic renal", "FENa > 2%: acute tubular necrosis likely"),
            ),
            ("fena", "fractional excretion of sodium", "prerenal", "acute kidney injury"),
        ),
        fena,
    ),
    Calculator(
        CalculatorSpec(
            "free_water_deficit",
            "Free water deficit",
            "electrolytes",
            standard("age", "sex", "weight", "sodium"),
            "L",
            "Adrogué HJ, Madias NE. Hypernatremia. N Engl J Med 2000;342:1493-1499",
            "FWD = TBW fraction × weight × (Na / 140 − 1); TBW 0.6 (child, man < 65), 0.5 (woman < 65, man ≥ 65), "
            "0.45 (woman ≥ 65)",
            (),
            ("free water deficit", "water deficit", "hypernatremia", "hypernatraemia"),
        ),
        free_water_deficit,
    ),
)
