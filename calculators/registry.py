"""The registry of calculators and `compute`, the one door through which every calculation goes.

`compute` checks every input (present, right kind, a unit the calculator accepts, a plausible value after
conversion), converts numbers to the calculator's units, runs the pure function, and attaches the band.
"""

from __future__ import annotations

import datetime as dt
import math

from calculators import body, cardio, chemistry, critical, drugs, hepatic, obstetrics, renal, scores
from calculators.spec import (
    Calculator,
    CalculatorInputError,
    CalculatorSpec,
    InputSpec,
    Result,
    Value,
    band_for,
    fmt,
)
from calculators.units import UnitError, canonical_unit, convert

__all__ = ["CALCULATORS", "REGISTRY", "compute"]

CALCULATORS: dict[str, Calculator] = {
    calculator.spec.id: calculator
    for module in (body, renal, chemistry, cardio, critical, scores, hepatic, obstetrics, drugs)
    for calculator in module.CALCULATORS
}
REGISTRY: dict[str, CalculatorSpec] = {calc_id: calculator.spec for calc_id, calculator in CALCULATORS.items()}

_TRUE = {"true", "yes", "y", "1", "present", "positive"}
_FALSE = {"false", "no", "n", "0", "absent", "negative"}


def _number(spec: InputSpec, raw: object, unit_text: str | None) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise CalculatorInputError(f"{spec.name} ({spec.label}): expected a number, got {raw!r}")
    try:
        number = float(str(raw).replace(",", "")) if isinstance(raw, str) else float(raw)
    except ValueError:
        raise CalculatorInputError(f"{spec.name} ({spec.label}): expected a number, got {raw!r}") from None
    if not math.isfinite(number):
        raise CalculatorInputError(f"{spec.name} ({spec.label}): expected a finite number, got {raw!r}")
    unit = spec.unit or ""
    if unit_text is not None and unit_text.strip() != "":
        written = canonical_unit(unit_text.strip())
        if written is None or written not in spec.units:
            allowed = ", ".join(spec.units) or "no unit"
            raise CalculatorInputError(f"{spec.name} ({spec.label}): unit {unit_text!r} is not accepted; use {allowed}")
        try:
            value = convert(number, written, unit, spec.analyte)
        except UnitError as error:
            raise CalculatorInputError(f"{spec.name} ({spec.label}): {error}") from None
        given = f"{fmt(number, 4)} {written}" + (f" = {fmt(value, 3)} {unit}" if written != unit else "")
    else:
        value, given = number, f"{fmt(number, 4)} {unit}".strip()
    low, high = spec.minimum, spec.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        hint = " (check the unit)" if len(spec.units) > 1 else ""
        raise CalculatorInputError(
            f"{spec.name} ({spec.label}): {given} is outside the plausible range "
            f"{fmt(low if low is not None else -math.inf)}–{fmt(high if high is not None else math.inf)} {unit}{hint}"
        )
    return value


def _boolean(spec: InputSpec, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise CalculatorInputError(f"{spec.name} ({spec.label}): expected yes/no (true/false), got {raw!r}")


def _choice(spec: InputSpec, raw: object) -> str:
    text = str(raw).strip().lower()
    for choice in spec.choices:
        if choice.lower() == text:
            return choice
    raise CalculatorInputError(f"{spec.name} ({spec.label}): expected one of {', '.join(spec.choices)}, got {raw!r}")


def _date(spec: InputSpec, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise CalculatorInputError(f"{spec.name} ({spec.label}): expected a date YYYY-MM-DD, got {raw!r}") from None


def _parse(spec: InputSpec, raw: object, unit_text: str | None) -> Value:
    if spec.kind == "number":
        return _number(spec, raw, unit_text)
    if spec.kind == "bool":
        return _boolean(spec, raw)
    if spec.kind == "choice":
        return _choice(spec, raw)
    return _date(spec, raw)


def _absent(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def compute(calc_id: str, values: dict[str, object], units: dict[str, str] | None = None) -> Result:
    """Run one calculator. `values` maps input names to numbers (or numeric strings), booleans, choices or dates;
    `units` maps input names to the unit each number is written in (default: the spec's unit).

    Raises CalculatorInputError for an unknown calculator or input, a missing required input (all are named at
    once), a wrong kind, an unaccepted unit, or a value outside the plausible range after conversion."""
    calculator = CALCULATORS.get(calc_id)
    if calculator is None:
        raise CalculatorInputError(f"unknown calculator {calc_id!r}; known: {', '.join(sorted(CALCULATORS))}")
    spec, units = calculator.spec, units or {}
    known = {item.name for item in spec.inputs}
    unknown = sorted(set(values) - known)
    if unknown:
        raise CalculatorInputError(f"{calc_id}: unknown input(s) {', '.join(unknown)}; inputs are {', '.join(known)}")
    missing = [item.name for item in spec.inputs if not item.optional and _absent(values.get(item.name))]
    if missing:
        raise CalculatorInputError(f"{calc_id}: missing input(s) {', '.join(missing)}")
    arguments: dict[str, Value | None] = {}
    used: dict[str, tuple[Value, str]] = {}
    for item in spec.inputs:
        raw = values.get(item.name)
        if _absent(raw):
            arguments[item.name] = False if item.kind == "bool" else None
            continue
        value = _parse(item, raw, units.get(item.name))
        arguments[item.name] = value
        used[item.name] = (value, item.unit or "")
    computation = calculator.function(**arguments)
    return Result(
        calc_id,
        computation.value,
        spec.output_unit,
        band_for(spec.bands, computation.value),
        computation.substituted,
        used,
        computation.warnings,
    )
