"""Calculators as the service's tools: code does the arithmetic, and every number says where it came from.

Before the model runs, the case text is searched for inputs (calculators.find_applicable: numbers with units and
unambiguous findings, never guesses); each calculator whose inputs are all stated is computed, and the results go to
the user (a `Computed` event) and into the prompt, so that the model reasons from exact numbers.
"""

from __future__ import annotations

import datetime as dt

from backend.types import ChatMessage, Computed, ComputedInput, ComputedValue
from calculators import REGISTRY, CalculatorInputError, CalculatorSpec, Result, compute, find_applicable
from calculators.extract import as_values
from calculators.spec import fmt

MAX_INCOMPLETE = 3  # partially stated calculators listed with what they miss; more is noise in a clinical panel


def _format(value: float | str | dt.date) -> str:
    if isinstance(value, float):
        return fmt(value, 2)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def computed_value(spec: CalculatorSpec, result: Result, origins: dict[str, str]) -> ComputedValue:
    """A result as the UI shows it. origins: input name → where it came from (the text quoted, or "entered")."""
    inputs = tuple(
        ComputedInput(
            label=spec.input(name).label,
            value=f"{_format(value)} {unit}".strip() if not isinstance(value, bool) else ("yes" if value else "no"),
            origin=origins.get(name, "entered"),
        )
        for name, (value, unit) in result.inputs_used.items()
    )
    return ComputedValue(
        calculator_id=spec.id,
        name=spec.name,
        value=_format(result.value),
        unit=result.unit,
        band=result.band.label if result.band else "",
        meaning=(result.band.meaning if result.band else "") + "".join(f" ⚠ {w}" for w in result.warnings),
        substituted=result.substituted,
        reference=spec.reference,
        inputs=inputs,
    )


def computed_for_case(text: str) -> Computed:
    """Every calculator whose required inputs `text` states, computed; the nearest misses listed with what they
    lack. A stated value the calculator refuses (implausible, wrong unit) is reported as missing, with the reason."""
    values: list[ComputedValue] = []
    incomplete: list[tuple[str, tuple[str, ...]]] = []
    for spec, present, missing in find_applicable(text):
        if missing:
            incomplete.append((spec.name, tuple(spec.input(name).label for name in missing)))
            continue
        numbers, units = as_values(present)
        try:
            result = compute(spec.id, numbers, units)
        except CalculatorInputError as exc:
            incomplete.append((spec.name, (f"a usable value ({exc})",)))
            continue
        origins = {name: f"from the text: “{found.raw}”" for name, found in present.items()}
        values.append(computed_value(spec, result, origins))
    return Computed(tuple(values), tuple(incomplete[:MAX_INCOMPLETE]))


def calculate(calc_id: str, values: dict[str, object], units: dict[str, str] | None = None) -> ComputedValue:
    """One calculator on values a user entered. Raises CalculatorInputError with a message fit for the user."""
    if calc_id not in REGISTRY:
        raise CalculatorInputError(f"unknown calculator {calc_id!r}")
    given = {k: v for k, v in values.items() if v is not None and v != ""}
    result = compute(calc_id, given, units)
    return computed_value(REGISTRY[calc_id], result, {})


def prompt_block(computed: Computed) -> str:
    """The computed values as the model is given them: exact, banded, with an instruction not to redo them."""
    if not computed.values:
        return ""
    lines = [f"- {v.name}: {v.value} {v.unit}".rstrip() + (f" ({v.band})" if v.band else "") for v in computed.values]
    return (
        "Values computed exactly by the app from the case (use these numbers; do not recalculate them):\n"
        + "\n".join(lines)
    )


def with_context(messages: list[ChatMessage], *blocks: str) -> list[ChatMessage]:
    """The rendered messages with extra context blocks appended to the last user turn."""
    extra = "\n\n".join(b for b in blocks if b)
    if not extra:
        return messages
    last = max(i for i, m in enumerate(messages) if m.role == "user")
    updated = ChatMessage("user", f"{messages[last].content}\n\n{extra}")
    return [*messages[:last], updated, *messages[last + 1 :]]
