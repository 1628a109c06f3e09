"""One calculator's inputs from a free-text case: the parsers first, the model for the rest. Used by the tabs (the
"Computed by the app" panel) and by `python -m bench calculators`, so the benchmark measures what the app does.

Order: deterministic extraction (calculators.extract_inputs: numbers with units, described GCS, regimens, stated
findings); then the model, through constrained JSON (backend.extraction), for the required inputs the parsers did not
find and for inputs the text gives several different values of (which one a score needs is a reading of the text).
Optional inputs go to the model only when a required one does too, or when they complete a partly filled slot
(an opioid named without its frequency): a complete deterministic set is not reopened.
Every value keeps where it came from; nothing unfound is guessed.

    @dataclass class Filled: values, units, sources     # sources: name → {"value", "unit", "source", "quote"}
    deterministic(spec, text, question="") -> Filled
    inputs_for_model(spec, text, filled) -> tuple[list[str], dict[str, list[str]]]   # (asked, candidates)
    fill_inputs(engine, spec, text, question="") -> tuple[Filled, ModelExtraction | None]
    missing_required(spec, filled) -> list[str]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from backend.engines.base import Engine
from backend.extraction import MODEL_ERROR, ModelExtraction, run_extraction, several_values
from calculators import CalculatorSpec, InputSpec
from calculators.extract import extract_inputs, fits
from calculators.measurements import Measurement

__all__ = ["Filled", "deterministic", "fill_inputs", "inputs_for_model", "missing_required"]

PARSER = "parser"
MODEL = "model"
MISSING = "missing"
CHUNK = 8  # inputs per constrained-JSON call


@dataclass
class Filled:
    """Values ready for `calculators.compute` (units where a parser read a non-canonical one) and, per input, where
    the value came from: {"value", "unit", "source": parser | model | missing | …, "quote": the text's words}."""

    values: dict[str, object] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)


def deterministic(spec: CalculatorSpec, text: str, question: str = "") -> Filled:
    filled = Filled()
    found = extract_inputs(text, question)
    for item in spec.inputs:
        hit = found.get(item.name)
        if not fits(item, hit):
            continue
        assert hit is not None  # fits() is False for None
        filled.values[item.name] = hit.value
        unit = hit.unit if isinstance(hit, Measurement) else ""
        if unit:
            filled.units[item.name] = unit
        filled.sources[item.name] = {"value": hit.value, "unit": unit, "source": PARSER, "quote": hit.raw}
    return filled


def missing_required(spec: CalculatorSpec, filled: Filled) -> list[str]:
    return [item.name for item in spec.inputs if not item.optional and filled.values.get(item.name) is None]


_SLOT = re.compile(r"_(\d+)$")


def _partial_slots(spec: CalculatorSpec, filled: Filled) -> set[str]:
    """Slots of numbered inputs (MME's drug_2, dose_2, doses_per_day_2) that are partly filled: an opioid named
    without its frequency must not be silently left out of the total."""
    slots: dict[str, list[bool]] = {}
    for item in spec.inputs:
        if match := _SLOT.search(item.name):
            slots.setdefault(match.group(1), []).append(item.name in filled.values)
    return {number for number, states in slots.items() if any(states) and not all(states)}


def inputs_for_model(spec: CalculatorSpec, text: str, filled: Filled) -> tuple[list[str], dict[str, list[str]]]:
    """(inputs to ask the model for, the candidate mentions of those the text gives several values of)."""
    several = several_values(spec, text)
    required_missing = bool(missing_required(spec, filled))
    partial = _partial_slots(spec, filled)

    def wanted(item: InputSpec) -> bool:
        if item.name in several:
            return True
        if item.name in filled.values:
            return False
        slot = _SLOT.search(item.name)
        return required_missing or not item.optional or (slot is not None and slot.group(1) in partial)

    asked = [item.name for item in spec.inputs if wanted(item)]
    return asked, {name: [m.raw for m in found] for name, found in several.items() if name in asked}


def _ask_in_chunks(
    engine: Engine,
    spec: CalculatorSpec,
    text: str,
    asked: list[str],
    known: dict[str, object],
    candidates: dict[str, list[str]],
    question: str,
) -> ModelExtraction:
    """One constrained-JSON call per CHUNK inputs: with twenty criteria in one object (Caprini, Charlson) the 1.5B
    model ran out of its token budget before closing the JSON, and every criterion was lost."""
    values: dict = {}
    rejected: dict[str, str] = {}
    units: dict[str, str] = {}
    raws: list[str] = []
    tokens = 0
    for start in range(0, len(asked), CHUNK):
        names = asked[start : start + CHUNK]
        chunk_candidates = {name: found for name, found in candidates.items() if name in names}
        part = run_extraction(engine, spec, text, names, known, chunk_candidates, question)
        values.update(part.values)
        rejected.update(part.rejected)
        units.update(part.units)
        raws.append(part.raw)
        tokens += part.completion_tokens
        if any(why.startswith(MODEL_ERROR) for why in part.rejected.values()):
            for name in asked[start + CHUNK :]:  # the server failed: do not wait on it again for the rest
                rejected[name] = "not asked: the model server failed on an earlier part"
            break
    return ModelExtraction(values, rejected, "\n".join(raws), tokens, units)


def fill_inputs(
    engine: Engine | None, spec: CalculatorSpec, text: str, question: str = ""
) -> tuple[Filled, ModelExtraction | None]:
    """The parsers' values, then the model's for what they left (see the module docstring). With no engine, or
    nothing to ask, the model is not called and the second item is None."""
    filled = deterministic(spec, text, question)
    asked, candidates = inputs_for_model(spec, text, filled)
    if engine is None or not asked:
        return filled, None
    known = {k: v for k, v in filled.values.items() if k not in candidates}
    extraction = _ask_in_chunks(engine, spec, text, asked, known, candidates, question)
    for name, (value, quote) in extraction.values.items():
        filled.values[name] = value  # already in the input's canonical unit (replaces a parser's first mention)
        filled.units.pop(name, None)
        shown = value.isoformat() if isinstance(value, dt.date) else value  # sources are stored as JSON
        filled.sources[name] = {"value": shown, "unit": spec.input(name).unit or "", "source": MODEL, "quote": quote}
    for name, why in extraction.rejected.items():
        filled.sources.setdefault(name, {"value": None, "unit": "", "source": MISSING, "quote": why})
    return filled, extraction
