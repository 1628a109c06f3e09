"""Acid–base, electrolytes and metabolic chemistry: anion gap family, corrected calcium and sodium, osmolality,
LDL (Friedewald), HOMA-IR."""

from __future__ import annotations

from calculators.inputs import pick, standard
from calculators.spec import Band, Calculator, CalculatorInputError, CalculatorSpec, Computation, fmt

__all__ = ["CALCULATORS"]

_NORMAL_GAP = 12.0  # mEq/L; the usual normal anion gap (Kraut & Madias 2007) used by the delta calculations
_NORMAL_BICARBONATE = 24.0
_KRAUT = "Kraut JA, Madias NE. Serum anion gap: its uses and limitations. Clin J Am Soc Nephrol 2007;2:162-174"
_FIGGE = "Figge J et al. Anion gap and hypoalbuminemia. Crit Care Med 1998;26:1807-1810"
_GAP_BANDS = (
    Band(None, 3, "Low", "Anion gap < 3 mEq/L (check for lab error, hypoalbuminaemia, paraproteins)"),
    Band(3, 13, "Normal", "Anion gap 3–12 mEq/L"),
    Band(13, None, "Elevated", "Anion gap > 12 mEq/L: anion gap metabolic acidosis"),
)
_RATIO_BANDS = (
    Band(None, 0.4, "Hyperchloraemic", "Delta ratio < 0.4: normal anion gap (hyperchloraemic) acidosis"),
    Band(0.4, 0.8, "Mixed", "0.4–0.8: combined high and normal anion gap acidosis"),
    Band(0.8, 2.0, "Pure high gap", "0.8–2: uncomplicated high anion gap acidosis"),
    Band(2.0, None, "With alkalosis", "> 2: high anion gap acidosis with a metabolic alkalosis"),
)


def _gap(sodium: float, chloride: float, bicarbonate: float) -> float:
    return sodium - (chloride + bicarbonate)


def anion_gap(sodium: float, chloride: float, bicarbonate: float) -> Computation:
    value = _gap(sodium, chloride, bicarbonate)
    return Computation(value, f"AG = {fmt(sodium)} − ({fmt(chloride)} + {fmt(bicarbonate)}) = {fmt(value)} mEq/L")


def _corrected_gap(sodium: float, chloride: float, bicarbonate: float, albumin: float) -> float:
    return _gap(sodium, chloride, bicarbonate) + 2.5 * (4 - albumin)


def albumin_corrected_anion_gap(sodium: float, chloride: float, bicarbonate: float, albumin: float) -> Computation:
    gap = _gap(sodium, chloride, bicarbonate)
    value = gap + 2.5 * (4 - albumin)
    return Computation(value, f"cAG = {fmt(gap)} + 2.5 × (4 − {fmt(albumin)}) = {fmt(value)} mEq/L")


def delta_gap(sodium: float, chloride: float, bicarbonate: float) -> Computation:
    gap = _gap(sodium, chloride, bicarbonate)
    value = gap - _NORMAL_GAP
    return Computation(value, f"ΔGap = AG − 12 = {fmt(gap)} − 12 = {fmt(value)} mEq/L")


def _ratio(gap: float, bicarbonate: float, name: str) -> Computation:
    if bicarbonate >= _NORMAL_BICARBONATE:
        raise CalculatorInputError(
            f"{name}: bicarbonate {fmt(bicarbonate)} mEq/L must be below 24 (the denominator "
            "24 − HCO₃⁻ is zero or negative; there is no acidosis to split)"
        )
    value = (gap - _NORMAL_GAP) / (_NORMAL_BICARBONATE - bicarbonate)
    return Computation(value, f"{name} = ({fmt(gap)} − 12) / (24 − {fmt(bicarbonate)}) = {fmt(value)}")


def delta_ratio(sodium: float, chloride: float, bicarbonate: float) -> Computation:
    return _ratio(_gap(sodium, chloride, bicarbonate), bicarbonate, "Δratio")


def albumin_corrected_delta_gap(sodium: float, chloride: float, bicarbonate: float, albumin: float) -> Computation:
    gap = _corrected_gap(sodium, chloride, bicarbonate, albumin)
    value = gap - _NORMAL_GAP
    return Computation(value, f"cΔGap = cAG − 12 = {fmt(gap)} − 12 = {fmt(value)} mEq/L")


def albumin_corrected_delta_ratio(sodium: float, chloride: float, bicarbonate: float, albumin: float) -> Computation:
    return _ratio(_corrected_gap(sodium, chloride, bicarbonate, albumin), bicarbonate, "cΔratio")


def corrected_calcium(calcium: float, albumin: float) -> Computation:
    value = calcium + 0.8 * (4 - albumin)
    return Computation(value, f"cCa = {fmt(calcium)} + 0.8 × (4 − {fmt(albumin)}) = {fmt(value)} mg/dL")


def sodium_correction(sodium: float, glucose: float, method: str | None = None) -> Computation:
    # Katz 1973 (1.6 per 100 mg/dL) is the classic default, as MDCalc shows it first; Hillier 1999's 2.4 on request.
    factor = 0.024 if method == "hillier" else 0.016
    value = sodium + factor * (glucose - 100)
    return Computation(value, f"cNa = {fmt(sodium)} + {factor} × ({fmt(glucose)} − 100) = {fmt(value, 1)} mEq/L")


def serum_osmolality(sodium: float, bun: float, glucose: float) -> Computation:
    value = 2 * sodium + bun / 2.8 + glucose / 18
    return Computation(value, f"Osm = 2 × {fmt(sodium)} + {fmt(bun)}/2.8 + {fmt(glucose)}/18 = {fmt(value, 1)} mOsm/kg")


def ldl_friedewald(cholesterol: float, hdl: float, triglycerides: float) -> Computation:
    value = cholesterol - hdl - triglycerides / 5
    warnings = ("Friedewald is not valid with triglycerides > 400 mg/dL",) if triglycerides > 400 else ()
    return Computation(
        value, f"LDL = {fmt(cholesterol)} − {fmt(hdl)} − {fmt(triglycerides)}/5 = {fmt(value, 1)} mg/dL", warnings
    )


def homa_ir(insulin: float, glucose: float) -> Computation:
    value = insulin * glucose / 405
    return Computation(value, f"HOMA-IR = {fmt(insulin)} × {fmt(glucose)} / 405 = {fmt(value)}")


_ELECTROLYTES = standard("sodium", "chloride", "bicarbonate")
_WITH_ALBUMIN = standard("sodium", "chloride", "bicarbonate", "albumin")
CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "anion_gap",
            "Anion gap",
            "acid-base",
            _ELECTROLYTES,
            "mEq/L",
            _KRAUT,
            "AG = Na − (Cl + HCO₃⁻)",
            _GAP_BANDS,
            ("anion gap", "metabolic acidosis"),
        ),
        anion_gap,
    ),
    Calculator(
        CalculatorSpec(
            "albumin_corrected_anion_gap",
            "Albumin-corrected anion gap",
            "acid-base",
            _WITH_ALBUMIN,
            "mEq/L",
            _FIGGE,
            "cAG = AG + 2.5 × (4 − albumin g/dL)",
            _GAP_BANDS,
            ("albumin corrected anion gap", "corrected anion gap", "anion gap albumin"),
        ),
        albumin_corrected_anion_gap,
    ),
    Calculator(
        CalculatorSpec(
            "delta_gap",
            "Delta gap",
            "acid-base",
            _ELECTROLYTES,
            "mEq/L",
            _KRAUT,
            "ΔGap = AG − 12",
            (),
            ("delta gap", "δgap", "excess anion gap"),
        ),
        delta_gap,
    ),
    Calculator(
        CalculatorSpec(
            "delta_ratio",
            "Delta ratio",
            "acid-base",
            _ELECTROLYTES,
            "",
            _KRAUT,
            "Δratio = (AG − 12) / (24 − HCO₃⁻)",
            _RATIO_BANDS,
            ("delta ratio", "delta-delta", "δratio", "delta delta"),
        ),
        delta_ratio,
    ),
    Calculator(
        CalculatorSpec(
            "albumin_corrected_delta_gap",
            "Albumin-corrected delta gap",
            "acid-base",
            _WITH_ALBUMIN,
            "mEq/L",
            f"{_FIGGE}; {_KRAUT}",
            "cΔGap = cAG − 12",
            (),
            ("albumin corrected delta gap", "corrected delta gap"),
        ),
        albumin_corrected_delta_gap,
    ),
    Calculator(
        CalculatorSpec(
            "albumin_corrected_delta_ratio",
            "Albumin-corrected delta ratio",
            "acid-base",
            _WITH_ALBUMIN,
            "",
            f"{_FIGGE}; {_KRAUT}",
            "cΔratio = (cAG − 12) / (24 − HCO₃⁻)",
            _RATIO_BANDS,
            ("albumin corrected delta ratio", "corrected delta ratio"),
        ),
        albumin_corrected_delta_ratio,
    ),
    Calculator(
        CalculatorSpec(
            "corrected_calcium",
            "Calcium corrected for albumin",
            "electrolytes",
            standard("calcium", "albumin"),
            "mg/dL",
            "Payne RB et al. Interpretation of serum calcium in patients with abnormal serum proteins. BMJ "
            "1973;4:643-646",
            "cCa = Ca + 0.8 × (4 − albumin g/dL)",
            (
                Band(None, 8.5, "Low", "Hypocalcaemia (< 8.5 mg/dL)"),
                Band(8.5, 10.6, "Normal", "8.5–10.5 mg/dL"),
                Band(10.6, None, "High", "Hypercalcaemia (> 10.5 mg/dL)"),
            ),
            ("corrected calcium", "calcium correction", "albumin calcium", "hypocalcemia", "hypercalcemia"),
        ),
        corrected_calcium,
    ),
    Calculator(
        CalculatorSpec(
            "sodium_correction",
            "Sodium correction for hyperglycaemia",
            "electrolytes",
            (
                *standard("sodium", "glucose"),
                pick(
                    "method",
                    "Correction factor",
                    ("katz", "hillier"),
                    "Katz 1.6 (default) or Hillier 2.4 mEq/L per 100 mg/dL",
                    True,
                ),
            ),
            "mEq/L",
            "Hillier TA et al. Hyponatremia: evaluating the correction factor for hyperglycemia. Am J Med "
            "1999;106:399-403 (Katz MA. N Engl J Med 1973;289:843-844 for 1.6)",
            "cNa = Na + 0.024 × (glucose − 100)",
            (),
            ("sodium correction", "corrected sodium", "hyperglycemia sodium", "pseudohyponatremia", "hyperglycaemia"),
        ),
        sodium_correction,
    ),
    Calculator(
        CalculatorSpec(
            "serum_osmolality",
            "Calculated serum osmolality",
            "electrolytes",
            standard("sodium", "bun", "glucose"),
            "mOsm/kg",
            "Dorwart WV, Chalmers L. Comparison of methods for calculating serum osmolality. Clin Chem 1975;21:190-194",
            "Osm = 2 × Na + BUN/2.8 + glucose/18",
            (
                Band(None, 275, "Low", "< 275 mOsm/kg"),
                Band(275, 296, "Normal", "275–295 mOsm/kg"),
                Band(296, None, "High", "> 295 mOsm/kg"),
            ),
            ("serum osmolality", "calculated osmolality", "osmolarity"),
        ),
        serum_osmolality,
    ),
    Calculator(
        CalculatorSpec(
            "ldl_friedewald",
            "LDL cholesterol (Friedewald)",
            "metabolic",
            standard("cholesterol", "hdl", "triglycerides"),
            "mg/dL",
            "Friedewald WT, Levy RI, Fredrickson DS. Clin Chem 1972;18:499-502",
            "LDL = TC − HDL − TG/5",
            (
                Band(None, 100, "Optimal", "< 100 mg/dL"),
                Band(100, 130, "Near optimal", "100–129 mg/dL"),
                Band(130, 160, "Borderline high", "130–159 mg/dL"),
                Band(160, 190, "High", "160–189 mg/dL"),
                Band(190, None, "Very high", "≥ 190 mg/dL (NCEP ATP III 2002)"),
            ),
            ("ldl", "friedewald", "ldl cholesterol", "low density lipoprotein", "calculated ldl"),
        ),
        ldl_friedewald,
    ),
    Calculator(
        CalculatorSpec(
            "homa_ir",
            "HOMA-IR (insulin resistance)",
            "metabolic",
            standard("insulin", "glucose"),
            "",
            "Matthews DR et al. Homeostasis model assessment. Diabetologia 1985;28:412-419",
            "HOMA-IR = fasting insulin (µU/mL) × fasting glucose (mg/dL) / 405",
            (),
            ("homa-ir", "homa", "insulin resistance", "homeostatic model assessment"),
        ),
        homa_ir,
    ),
)
