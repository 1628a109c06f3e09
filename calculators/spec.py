"""The typed vocabulary of the calculator library: input specs, bands, calculator specs, results, errors.

A calculator is a `Calculator`: a `CalculatorSpec` (what it needs, in which units, within which limits; its
reference, formula and interpretation bands) and a pure function that receives every input already converted to
the spec's canonical unit and returns a `Computation` (value, formula with the numbers substituted, warnings).
`calculators.registry.compute` does the validation and unit conversion, so the functions hold only the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Band",
    "Calculator",
    "CalculatorInputError",
    "CalculatorSpec",
    "Computation",
    "InputSpec",
    "Result",
    "Value",
    "band_for",
    "fmt",
    "points_sum",
]

InputKind = Literal["number", "bool", "choice", "date"]
Value = float | str | bool | dt.date


class CalculatorInputError(ValueError):
    """Bad input for a calculator; the message names the input, what is allowed, and what was given."""


@dataclass(frozen=True)
class InputSpec:
    """One input. Numbers are validated in `unit` after conversion from any of `units` (`unit` is always accepted)."""

    name: str
    label: str
    kind: InputKind
    unit: str | None
    units: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    choices: tuple[str, ...] = ()
    help: str = ""
    optional: bool = False
    analyte: str = ""  # conversion family for calculators.units.convert (e.g. "creatinine" for µmol/L → mg/dL)


@dataclass(frozen=True)
class Band:
    """An interpretation band: low ≤ value < high (None = open); for integer scores high is the next score up."""

    low: float | None
    high: float | None
    label: str
    meaning: str

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


@dataclass(frozen=True)
class CalculatorSpec:
    id: str
    name: str
    category: str
    inputs: tuple[InputSpec, ...]
    output_unit: str
    reference: str
    formula: str
    bands: tuple[Band, ...]
    keywords: tuple[str, ...]

    def input(self, name: str) -> InputSpec:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.id} has no input {name!r}")


@dataclass(frozen=True)
class Result:
    calculator: str
    value: float | str | dt.date
    unit: str
    band: Band | None
    substituted: str  # the formula with the user's numbers
    inputs_used: dict[str, tuple[float | str | bool | dt.date, str]]  # name → (value in canonical unit, unit)
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Computation:
    """What a calculator function returns; `compute` adds the band and the inputs used."""

    value: float | str | dt.date
    substituted: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calculator:
    spec: CalculatorSpec
    function: Callable[..., Computation] = field(repr=False)


def band_for(bands: tuple[Band, ...], value: float | str | dt.date) -> Band | None:
    if isinstance(value, str | dt.date):
        return None
    return next((band for band in bands if band.contains(value)), None)


def fmt(value: float, digits: int = 2) -> str:
    """A number as a clinician writes it: no trailing zeros, no "-0"."""
    text = f"{value:.{digits}f}"
    if "." in text:  # only decimals lose trailing zeros: fmt(230, 0) is "230", not "23"
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def points_sum(parts: list[tuple[str, float]], total_label: str = "points") -> Computation:
    """Sum of criterion points with the substitution listing each criterion that scored (zeros omitted)."""
    total = sum(points for _, points in parts)
    scored = [f"{fmt(points)} ({label})" for label, points in parts if points]
    expression = " + ".join(scored) if scored else "0"
    return Computation(float(total), f"{expression} = {fmt(total)} {total_label}")
