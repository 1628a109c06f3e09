"""Calculators as the service's tools: code does the arithmetic, and every number says where it came from.

Before the model answers, the case text is searched for inputs (calculators.find_applicable: numbers with units,
described GCS, regimens and unambiguous findings, never guesses); each calculator whose inputs are all stated is
computed, and the results go to the user (a `Computed` event) and into the prompt, so that the model reasons from
exact numbers. Then, with an engine, the model reads the missing inputs of one incomplete calculator (the one the
text asks for by name, else the most complete) through constrained JSON (backend.calculator_inputs), and the panel
is updated: each value says whether the parser or the model read it, and from which words. The prompt says which
results rest on inputs the model read.
"""

from __future__ import annotations

import datetime as dt

from backend.calculator_inputs import (
    CHUNK,
    MODEL,
    PARSER,
    Filled,
    deterministic,
    fill_inputs,
    inputs_for_model,
    missing_required,
)
from backend.engines.base import Engine
from backend.types import ChatMessage, Computed, ComputedInput, ComputedValue
from calculators import REGISTRY, CalculatorInputError, CalculatorSpec, Result, compute, find_applicable
from calculators.matching import is_named, match_question
from calculators.spec import fmt
from safety.triage import is_research_text

MAX_INCOMPLETE = 3  # partially stated calculators listed with what they miss; more is noise in a clinical panel
MODEL_COMPLETED = 1  # calculators per request whose missing inputs the model reads (~10–30 s on 2 CPU cores)
MODEL_MAX_MISSING = 4  # required inputs the model may be asked for; all it is asked must fit one call (CHUNK)


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


MODEL_ORIGIN = "read by the model from:"


def _origin(source: dict) -> str:
    if source["source"] == MODEL:
        return f"{MODEL_ORIGIN} “{source['quote']}”"
    return f"from the text: “{source['quote']}”"


def _result(spec: CalculatorSpec, filled: Filled) -> ComputedValue | str:
    """The computed value, or why it cannot be computed (a stated value the calculator refuses)."""
    try:
        result = compute(spec.id, {k: v for k, v in filled.values.items() if v is not None}, filled.units)
    except CalculatorInputError as exc:
        return f"a usable value ({exc})"
    origins = {name: _origin(source) for name, source in filled.sources.items() if source["source"] in (PARSER, MODEL)}
    return computed_value(spec, result, origins)


def _to_complete(text: str, incomplete: list[CalculatorSpec], *, named_only: bool) -> list[CalculatorSpec]:
    """Which incomplete calculators the model is asked to complete: one the text names and asks for ("what is her
    CHA2DS2-VASc?") and nothing else, else (unless named_only) the most complete one; in either case only when few
    inputs are missing (a mostly empty form is a guess, not a reading), and never for a study abstract (a cohort's
    numbers are not a patient's)."""
    if is_research_text(text):
        return []
    named = match_question(text)
    if named is not None and not is_named(text, named):
        named = None
    # A calculator the text asks for is the only candidate: when it cannot be completed, no other one is.
    order = [named] if named is not None else ([] if named_only else incomplete)
    return [spec for spec in order if _few_to_ask(spec, text)][:MODEL_COMPLETED]


def _few_to_ask(spec: CalculatorSpec, text: str) -> bool:
    """At most MODEL_MAX_MISSING required inputs missing, and everything to ask fits one constrained-JSON call (an
    MME opioid named without its frequency, a value given twice, count too)."""
    filled = deterministic(spec, text)
    asked, _ = inputs_for_model(spec, text, filled)
    return 0 < len(asked) <= CHUNK and len(missing_required(spec, filled)) <= MODEL_MAX_MISSING


def computed_for_case(text: str, engine: Engine | None = None, *, named_only: bool = False) -> Computed:
    """Every calculator whose required inputs `text` states, computed; the nearest misses listed with what they
    lack. With an engine, the model reads the missing inputs of one of them (see `_to_complete`; named_only: only a
    calculator the text asks for by name), each value with its quote. A stated value the calculator refuses
    (implausible, wrong unit) is reported as missing, with why."""
    values: list[ComputedValue] = []
    incomplete: list[CalculatorSpec] = []
    applicable = find_applicable(text)
    for spec, _present, missing in applicable:
        if missing:
            incomplete.append(spec)
            continue
        outcome = _result(spec, deterministic(spec, text))
        if isinstance(outcome, ComputedValue):
            values.append(outcome)
        else:
            incomplete.append(spec)
    named = match_question(text)
    if named is not None and is_named(text, named) and named not in incomplete and named.id not in _ids(values):
        incomplete.insert(0, named)  # named in the text but too little stated for find_applicable to list it
    still: list[tuple[str, tuple[str, ...]]] = []
    asked = _to_complete(text, incomplete, named_only=named_only) if engine is not None else []
    for spec in incomplete:
        filled = fill_inputs(engine, spec, text)[0] if spec in asked else deterministic(spec, text)
        missing = missing_required(spec, filled)
        outcome = _result(spec, filled) if not missing else ""
        if isinstance(outcome, ComputedValue):
            values.append(outcome)
        else:
            still.append((spec.name, (outcome,) if outcome else tuple(spec.input(name).label for name in missing)))
    return Computed(tuple(values), tuple(still[:MAX_INCOMPLETE]))


def _ids(values: list[ComputedValue]) -> set[str]:
    return {value.calculator_id for value in values}


def calculate(calc_id: str, values: dict[str, object], units: dict[str, str] | None = None) -> ComputedValue:
    """One calculator on values a user entered. Raises CalculatorInputError with a message fit for the user."""
    if calc_id not in REGISTRY:
        raise CalculatorInputError(f"unknown calculator {calc_id!r}")
    given = {k: v for k, v in values.items() if v is not None and v != ""}
    result = compute(calc_id, given, units)
    return computed_value(REGISTRY[calc_id], result, {})


def prompt_block(computed: Computed) -> str:
    """The computed values as the model is given them: exact, banded, with an instruction not to redo them. A result
    that rests on inputs the model read from the text says so: its arithmetic is exact, its inputs are a reading."""
    if not computed.values:
        return ""
    lines = []
    for v in computed.values:
        line = f"- {v.name}: {v.value} {v.unit}".rstrip() + (f" ({v.band})" if v.band else "")
        read = [i.label for i in v.inputs if i.origin.startswith(MODEL_ORIGIN)]
        if read:
            line += f" [inputs read by a model from the text, unverified: {', '.join(read)}]"
        lines.append(line)
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
