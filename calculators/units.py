"""Units: how a unit is written in text, and exact conversions between units of one quantity.

One table serves the free-text parser (`calculators.measurements`) and the calculators' input conversion
(`calculators.registry.compute`), so "124 µmol/L" means the same thing in both places.

    canonical_unit("umol/l") -> "µmol/L"          # spelling of a unit → its canonical key, or None
    convert(124, "µmol/L", "mg/dL", "creatinine") -> 1.4027...
    UnitError                                       # a conversion that does not exist (a ValueError)

Analyte-specific factors (mg/dL ↔ SI) are from the sources named beside each entry; generic ones are exact
definitions (1 lb = 0.45359237 kg, 1 in = 2.54 cm).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["UNIT_PATTERNS", "UnitError", "canonical_unit", "convert"]


class UnitError(ValueError):
    """A unit that is not known, or a conversion between two units that does not exist for this analyte."""


# Canonical unit key → regex of the ways it is written (matched case-sensitively unless the pattern says (?i)).
# Where one spelling is a prefix of another, the parser keeps the longest match (measurements._read_unit).
UNIT_PATTERNS: dict[str, str] = {
    "mg/dL": r"(?i:mg\s*/\s*dl|mg\s*per\s*dl|mg\s*%)",
    "µmol/L": r"(?i:[µμu]mol\s*/\s*l|micromol(?:es)?\s*(?:/|per)\s*l(?:iter|itre)?)",
    "mmol/L": r"(?i:mmol\s*/\s*l|millimol(?:es)?\s*(?:/|per)\s*l(?:iter|itre)?)|mM\b",
    "pmol/L": r"(?i:pmol\s*/\s*l)",
    "mEq/L": r"(?i:meq\s*/\s*l|milliequivalents?\s*(?:/|per)\s*l(?:iter|itre)?)",
    "g/dL": r"(?i:g\s*/\s*dl|gm\s*/\s*dl|g\s*%)",
    "g/L": r"(?i:gm?\s*/\s*l)\b",
    "mg/L": r"(?i:mg\s*/\s*l)\b",
    "U/L": r"(?i:i?u\s*/\s*l|units\s*/\s*l|units\s+per\s+liter)\b",
    "µU/mL": r"(?i:[µμu]\s*i?u\s*/\s*ml|micro\s*units?\s*/\s*ml|mi?u\s*/\s*l)",
    "x10^9/L": (
        r"(?i:[x×*]\s*10\s*(?:\^|\*\*|e)?\s*9\s*/\s*l|[x×*]\s*10\s*(?:\^|\*\*|e)?\s*3\s*/\s*(?:[µμu]l|mm\s*3|mm³|cmm)"
        r"|[x×*]\s*10[³⁹]\s*/\s*(?:[µμu]l|l|mm\s*3|mm³)|k\s*/\s*[µμu]l|k\s*/\s*mm\s*3|/\s*nl|thou\s*/\s*[µμu]l)|G/L\b"
    ),
    "/µL": (
        r"(?i:(?:cells\s*)?/\s*(?:[µμu]l|mm\s*3|mm³|cmm)"
        r"|(?:cells\s*)?per\s*(?:[µμu]l|microlit(?:er|re)|mm\s*3|mm³))"
    ),
    "%": r"%|(?i:percent)\b",
    "fraction": r"(?i:fraction)\b",
    "mmHg": r"(?i:mm\s*hg|millimet(?:er|re)s?\s*(?:of\s*)?(?:mercury|hg))",
    "kPa": r"(?i:kpa)\b",
    "bpm": r"(?i:bpm|beats?\s*(?:/|per)\s*min(?:ute)?\b|b/min)",
    "breaths/min": r"(?i:breaths?\s*(?:/|per)\s*min(?:ute)?\b|br/min|rpm)",
    "/min": r"(?i:/\s*min\b|per\s+minute|/m\b)",
    "°C": r"(?:°|º|˚|degrees?\s*|deg\s*)\s*(?i:c(?:elsius|entigrade)?)\b|(?<=\d)\s?C\b",
    "°F": r"(?:°|º|˚|degrees?\s*|deg\s*)\s*(?i:f(?:ahrenheit)?)\b|(?<=\d)\s?F\b",
    "kg": r"(?i:kg|kgs|kilograms?|kilos?)\b",
    "lb": r"(?i:lbs?|pounds?)\b",
    "g": r"(?i:g|grams?)\b",
    "cm": r"(?i:cm|centimet(?:er|re)s?)\b",
    "m": r"(?i:m|met(?:er|re)s?)\b",
    "in": r"(?i:in|inch|inches)\b|\"|″|''",
    "ft": r"(?i:ft|feet|foot)\b|'|′",
    "ms": r"(?i:ms|msec|milliseconds?)\b",
    "s": r"(?i:s|sec|secs|seconds?)\b",
    "kg/m²": r"(?i:kg\s*/\s*m\s*(?:2|²|\^2|sq))",
    "m²": r"(?i:m\s*(?:2|²|\^2))\b",
    "mL/min": r"(?i:ml\s*/\s*min)\b",
    "mL/min/1.73m²": r"(?i:ml\s*/\s*min\s*/\s*1\.73\s*m\s*(?:2|²|\^2))",
    "mOsm/kg": r"(?i:mosm\s*/\s*kg)",
    "mL/day": r"(?i:ml\s*/\s*(?:day|d|24\s*h)|ml\s+per\s+day)\b",
    "/day": r"(?i:/\s*day|per\s+day|times\s+(?:a|per)\s+day)\b",
    "L/min": r"(?i:l\s*/\s*min|lpm|liters?\s*(?:per|/)\s*min(?:ute)?|litres?\s*(?:per|/)\s*min(?:ute)?)\b",
    "L": r"(?i:l|liters?|litres?)\b",
    "mL": r"(?i:ml|milliliters?|millilitres?)\b",
    "mg": r"(?i:mg|milligrams?)\b",
    "mcg": r"(?i:mcg|µg|μg|ug|micrograms?)\b",
    "years": r"(?i:years?|yrs?|y)\b",
    "months": r"(?i:months?|mos?)\b",
    "weeks": r"(?i:weeks?|wks?)\b",
    "days": r"(?i:days?|d)\b",
    "points": r"(?i:points?|pts?)\b",
}

# A dose unit ("10 units of insulin"); the parser uses it to tell a dose from a lab value.
UNIT_PATTERNS["units"] = r"(?i:units?|iu)\b(?!\s*/)"


_FULL = {key: re.compile(rf"\s*(?:{pattern})\s*") for key, pattern in UNIT_PATTERNS.items()}


def canonical_unit(text: str) -> str | None:
    """The canonical key of a unit as a user or a note writes it ("umol/l" → "µmol/L"), or None if unknown."""
    if text in UNIT_PATTERNS:
        return text
    for key, pattern in _FULL.items():
        if pattern.fullmatch(text):
            return key
    return None


def _scale(factor: float) -> Callable[[float], float]:
    return lambda value: value * factor


# Quantity-independent conversions (exact definitions).
_GENERIC: dict[tuple[str, str], Callable[[float], float]] = {
    ("lb", "kg"): _scale(0.45359237),
    ("g", "kg"): _scale(0.001),
    ("kg", "lb"): _scale(1 / 0.45359237),
    ("in", "cm"): _scale(2.54),
    ("ft", "cm"): _scale(30.48),
    ("m", "cm"): _scale(100.0),
    ("cm", "m"): _scale(0.01),
    ("°F", "°C"): lambda value: (value - 32.0) * 5.0 / 9.0,
    ("°C", "°F"): lambda value: value * 9.0 / 5.0 + 32.0,
    ("s", "ms"): _scale(1000.0),
    ("kPa", "mmHg"): _scale(7.50062),
    ("%", "fraction"): _scale(0.01),
    ("fraction", "%"): _scale(100.0),
    ("/µL", "x10^9/L"): _scale(0.001),
    ("months", "years"): _scale(1 / 12),
    ("weeks", "years"): _scale(7 / 365.25),
    ("days", "years"): _scale(1 / 365.25),
    ("bpm", "/min"): _scale(1.0),
    ("/min", "bpm"): _scale(1.0),
    ("breaths/min", "/min"): _scale(1.0),
    ("/min", "breaths/min"): _scale(1.0),
    ("mL/min/1.73m²", "mL/min"): _scale(1.0),
    ("mg", "mcg"): _scale(1000.0),
    ("mcg", "mg"): _scale(0.001),
}

# Analyte-specific conversions to the unit the calculators use. Factors: molar masses (creatinine 113.12 g/mol →
# 88.4; glucose 180.16 → 18.016; calcium 40.08 → 4.008; bilirubin 584.7 → 17.1; cholesterol 386.7 → 38.67;
# triglyceride as triolein 885.7 → 88.57; urea nitrogen 28.02 → 2.801 mg/dL per mmol/L of urea; lactate 90.08 →
# 9.008); haemoglobin 16.11 g/mmol (monomer) → 1.611; insulin 1 µU/mL = 6.0 pmol/L (Heinemann 2010, the usual
# clinical convention; 6.945 is also quoted).
_ANALYTE: dict[tuple[str, str, str], Callable[[float], float]] = {
    ("creatinine", "µmol/L", "mg/dL"): _scale(1 / 88.4),
    ("creatinine", "mmol/L", "mg/dL"): _scale(1000 / 88.4),
    ("creatinine", "mg/dL", "µmol/L"): _scale(88.4),
    ("glucose", "mmol/L", "mg/dL"): _scale(18.016),
    ("glucose", "mg/dL", "mmol/L"): _scale(1 / 18.016),
    ("bun", "mmol/L", "mg/dL"): _scale(2.801),
    ("bun", "mg/dL", "mmol/L"): _scale(1 / 2.801),
    ("calcium", "mmol/L", "mg/dL"): _scale(4.008),
    ("calcium", "mEq/L", "mg/dL"): _scale(2.004),
    ("bilirubin", "µmol/L", "mg/dL"): _scale(1 / 17.1),
    ("bilirubin", "mg/dL", "µmol/L"): _scale(17.1),
    ("cholesterol", "mmol/L", "mg/dL"): _scale(38.67),
    ("triglycerides", "mmol/L", "mg/dL"): _scale(88.57),
    ("albumin", "g/L", "g/dL"): _scale(0.1),
    ("albumin", "g/dL", "g/L"): _scale(10.0),
    ("hemoglobin", "g/L", "g/dL"): _scale(0.1),
    ("hemoglobin", "mmol/L", "g/dL"): _scale(1.611),
    ("hemoglobin", "g/dL", "g/L"): _scale(10.0),
    ("lactate", "mg/dL", "mmol/L"): _scale(1 / 9.008),
    ("insulin", "pmol/L", "µU/mL"): _scale(1 / 6.0),
    ("electrolyte", "mmol/L", "mEq/L"): _scale(1.0),
    ("electrolyte", "mEq/L", "mmol/L"): _scale(1.0),
    ("hematocrit", "fraction", "%"): _scale(100.0),
}


def convert(value: float, unit_from: str, unit_to: str, analyte: str = "") -> float:
    """`value` in `unit_from` expressed in `unit_to`; analyte picks molar-mass factors (e.g. "creatinine")."""
    if unit_from == unit_to:
        return value
    specific = _ANALYTE.get((analyte, unit_from, unit_to))
    if specific is not None:
        return specific(value)
    generic = _GENERIC.get((unit_from, unit_to))
    if generic is not None:
        return generic(value)
    what = f" for {analyte}" if analyte else ""
    raise UnitError(f"no conversion from {unit_from} to {unit_to}{what}")
