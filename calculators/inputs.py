"""Shared input specs, so that "creatinine" means one name, one unit and one plausible range in every calculator.

Limits are plausibility limits (values a living patient can have), not normal ranges: a value outside them is
almost always a unit or typing error, and `compute` refuses it with a message that says so.
The input names match `calculators.measurements` names, which lets free-text extraction fill them.
"""

from __future__ import annotations

from calculators.spec import InputSpec

__all__ = ["STANDARD", "flag", "num", "pick", "standard"]


def num(
    name: str,
    label: str,
    unit: str,
    low: float,
    high: float,
    units: tuple[str, ...] = (),
    analyte: str = "",
    help: str = "",
    optional: bool = False,
) -> InputSpec:
    return InputSpec(
        name, label, "number", unit, (unit, *units), low, high, help=help, optional=optional, analyte=analyte
    )


def flag(name: str, label: str, help: str = "", optional: bool = False) -> InputSpec:
    """A yes/no criterion; optional ones count as "no" when absent (say so in `help`)."""
    return InputSpec(name, label, "bool", None, (), None, None, help=help, optional=optional)


def pick(name: str, label: str, choices: tuple[str, ...], help: str = "", optional: bool = False) -> InputSpec:
    return InputSpec(name, label, "choice", None, (), None, None, choices=choices, help=help, optional=optional)


_E = "electrolyte"
STANDARD: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        num("age", "Age", "years", 0, 125, ("months", "weeks", "days")),
        pick("sex", "Sex", ("male", "female")),
        num("weight", "Weight", "kg", 0.3, 400, ("lb", "g")),
        num("height", "Height", "cm", 30, 250, ("in", "m", "ft")),
        num("creatinine", "Serum creatinine", "mg/dL", 0.1, 25, ("µmol/L", "mmol/L"), "creatinine"),
        num("sodium", "Sodium", "mEq/L", 90, 200, ("mmol/L",), _E),
        num("potassium", "Potassium", "mEq/L", 1, 12, ("mmol/L",), _E),
        num("chloride", "Chloride", "mEq/L", 50, 160, ("mmol/L",), _E),
        num("bicarbonate", "Bicarbonate (HCO₃⁻)", "mEq/L", 1, 60, ("mmol/L",), _E),
        num(
            "bun",
            "Blood urea nitrogen (BUN)",
            "mg/dL",
            1,
            300,
            ("mmol/L",),
            "bun",
            help="mmol/L means serum urea (× 2.801 → BUN mg/dL)",
        ),
        num("glucose", "Glucose", "mg/dL", 10, 3000, ("mmol/L",), "glucose"),
        num("albumin", "Albumin", "g/dL", 0.5, 7, ("g/L",), "albumin"),
        num("calcium", "Total calcium", "mg/dL", 2, 25, ("mmol/L", "mEq/L"), "calcium"),
        num("bilirubin", "Total bilirubin", "mg/dL", 0.05, 60, ("µmol/L",), "bilirubin"),
        num("inr", "INR", "", 0.5, 20),
        num("platelets", "Platelets", "x10^9/L", 1, 3000, ("/µL",)),
        num("ast", "AST", "U/L", 1, 50000),
        num("alt", "ALT", "U/L", 1, 50000),
        num("hemoglobin", "Haemoglobin", "g/dL", 1, 25, ("g/L", "mmol/L"), "hemoglobin"),
        num("wbc", "White cell count", "x10^9/L", 0.05, 1000, ("/µL",)),
        num("heart_rate", "Heart rate", "bpm", 20, 300, ("/min",)),
        num("resp_rate", "Respiratory rate", "breaths/min", 2, 90, ("/min",)),
        num("temperature", "Temperature", "°C", 25, 46, ("°F",)),
        num("sbp", "Systolic blood pressure", "mmHg", 30, 300),
        num("dbp", "Diastolic blood pressure", "mmHg", 10, 200),
        num("spo2", "SpO₂", "%", 30, 100),
        num("gcs", "Glasgow Coma Scale", "points", 3, 15),
        num("ph", "Arterial pH", "", 6.5, 8.0),
        num("po2", "PaO₂", "mmHg", 10, 700, ("kPa",)),
        num("fio2", "FiO₂", "fraction", 0.21, 1.0, ("%",)),
        num("hematocrit", "Haematocrit", "%", 5, 80, ("fraction",), "hematocrit"),
        num("qt", "QT interval", "ms", 150, 900, ("s",)),
        num("cholesterol", "Total cholesterol", "mg/dL", 20, 2000, ("mmol/L",), "cholesterol"),
        num("hdl", "HDL cholesterol", "mg/dL", 2, 300, ("mmol/L",), "cholesterol"),
        num("triglycerides", "Triglycerides", "mg/dL", 5, 20000, ("mmol/L",), "triglycerides"),
        num("insulin", "Fasting insulin", "µU/mL", 0.1, 3000, ("pmol/L",), "insulin"),
        num("urine_sodium", "Urine sodium", "mEq/L", 1, 400, ("mmol/L",), _E),
        num("urine_creatinine", "Urine creatinine", "mg/dL", 1, 1000, ("µmol/L", "mmol/L"), "creatinine"),
        num("lactate", "Lactate", "mmol/L", 0.1, 40, ("mg/dL",), "lactate"),
    )
}


def standard(*names: str) -> tuple[InputSpec, ...]:
    return tuple(STANDARD[name] for name in names)
