"""Body size and fluids: BMI, BSA (Mosteller), ideal and adjusted body weight, maintenance fluids (4-2-1)."""

from __future__ import annotations

from calculators.inputs import standard
from calculators.spec import Band, Calculator, CalculatorSpec, Computation, fmt

__all__ = ["CALCULATORS", "adjusted_body_weight", "bmi", "bsa_mosteller", "ideal_body_weight", "maintenance_fluids"]

_BMI_BANDS = (
    Band(None, 18.5, "Underweight", "BMI < 18.5 kg/m²"),
    Band(18.5, 25, "Normal weight", "BMI 18.5–24.9 kg/m²"),
    Band(25, 30, "Overweight", "BMI 25–29.9 kg/m²"),
    Band(30, 35, "Obesity class I", "BMI 30–34.9 kg/m²"),
    Band(35, 40, "Obesity class II", "BMI 35–39.9 kg/m²"),
    Band(40, None, "Obesity class III", "BMI ≥ 40 kg/m²"),
)


def bmi_value(weight: float, height: float) -> float:
    return weight / (height / 100) ** 2


def bmi(weight: float, height: float) -> Computation:
    value = bmi_value(weight, height)
    return Computation(value, f"BMI = {fmt(weight)} kg / ({fmt(height / 100, 3)} m)² = {fmt(value, 1)} kg/m²")


def bsa_mosteller(weight: float, height: float) -> Computation:
    value = (weight * height / 3600) ** 0.5
    return Computation(value, f"BSA = √({fmt(weight)} × {fmt(height)} / 3600) = {fmt(value)} m²")


def ibw_value(sex: str, height: float) -> float:
    """Devine (1974): 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet."""
    return (50.0 if sex == "male" else 45.5) + 2.3 * (height / 2.54 - 60)


def ideal_body_weight(sex: str, height: float) -> Computation:
    value = ibw_value(sex, height)
    base = "50" if sex == "male" else "45.5"
    inches = height / 2.54
    warnings = ("Devine's formula is defined for heights over 5 ft (152.4 cm)",) if inches < 60 else ()
    return Computation(value, f"IBW = {base} + 2.3 × ({fmt(inches)} in − 60) = {fmt(value, 1)} kg", warnings)


def abw_value(sex: str, height: float, weight: float) -> float:
    ideal = ibw_value(sex, height)
    return ideal + 0.4 * (weight - ideal)


def adjusted_body_weight(sex: str, height: float, weight: float) -> Computation:
    ideal = ibw_value(sex, height)
    value = abw_value(sex, height, weight)
    return Computation(value, f"AdjBW = {fmt(ideal, 1)} + 0.4 × ({fmt(weight)} − {fmt(ideal, 1)}) = {fmt(value, 1)} kg")


def maintenance_fluids(weight: float) -> Computation:
    first, second, rest = min(weight, 10), min(max(weight - 10, 0), 10), max(weight - 20, 0)
    value = 4 * first + 2 * second + 1 * rest
    return Computation(value, f"4 × {fmt(first)} + 2 × {fmt(second)} + 1 × {fmt(rest)} = {fmt(value, 1)} mL/h")


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "bmi",
            "Body mass index (BMI)",
            "body",
            standard("weight", "height"),
            "kg/m²",
            "WHO. Obesity: preventing and managing the global epidemic. Technical Report Series 894, 2000",
            "BMI = weight (kg) / height (m)²",
            _BMI_BANDS,
            ("bmi", "body mass index", "quetelet", "obesity"),
        ),
        bmi,
    ),
    Calculator(
        CalculatorSpec(
            "bsa",
            "Body surface area (Mosteller)",
            "body",
            standard("weight", "height"),
            "m²",
            "Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098",
            "BSA = √(height (cm) × weight (kg) / 3600)",
            (),
            ("bsa", "body surface area", "mosteller"),
        ),
        bsa_mosteller,
    ),
    Calculator(
        CalculatorSpec(
            "ideal_body_weight",
            "Ideal body weight (Devine)",
            "body",
            standard("sex", "height"),
            "kg",
            "Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm 1974;8:650-655",
            "IBW = 50 kg (male) or 45.5 kg (female) + 2.3 × (height in inches − 60)",
            (),
            ("ibw", "ideal body weight", "devine", "ideal weight"),
        ),
        ideal_body_weight,
    ),
    Calculator(
        CalculatorSpec(
            "adjusted_body_weight",
            "Adjusted body weight",
            "body",
            standard("sex", "height", "weight"),
            "kg",
            "Devine 1974 (IBW); adjustment factor 0.4 as used for drug dosing (e.g. Winter MA et al. Pharmacotherapy "
            "2012;32:604-612)",
            "AdjBW = IBW + 0.4 × (actual weight − IBW)",
            (),
            ("abw", "adjusted body weight", "adjbw", "dosing weight"),
        ),
        adjusted_body_weight,
    ),
    Calculator(
        CalculatorSpec(
            "maintenance_fluids",
            "Maintenance fluids (4-2-1 rule)",
            "body",
            standard("weight"),
            "mL/h",
            "Holliday MA, Segar WE. The maintenance need for water in parenteral fluid therapy. Pediatrics "
            "1957;19:823-832",
            "4 mL/kg/h for the first 10 kg + 2 mL/kg/h for the next 10 kg + 1 mL/kg/h above 20 kg",
            (),
            ("maintenance fluids", "4-2-1", "holliday-segar", "fluid rate", "maintenance rate", "iv fluids"),
        ),
        maintenance_fluids,
    ),
)
