"""The model fills the calculator inputs that deterministic extraction could not, through constrained JSON.

Deterministic parsers (calculators.extract_inputs) read numbers with units and unambiguous findings; what they miss
("opened her eyes to voice", "she takes oxycodone 10 mg three times daily") the model reads, under a JSON schema
that the server turns into a grammar (llama.cpp's `response_format`), so the output always parses. The model quotes
the words each value comes from before giving the value; a value stays missing (never guessed) when it is null,
when its quote is not in the text, when a number does not appear in its own quote, or when it is implausible.

    several_values(spec, text) -> dict[str, list[Measurement]]   # inputs the note states with different values
    response_schema(inputs) -> dict                       # the JSON schema sent as response_format
    build_messages(spec, text, missing, known, candidates, question) -> list[ChatMessage]
    parse_response(raw, inputs, text) -> ModelExtraction  # validation of the model's JSON (pure)
    run_extraction(engine, spec, text, missing, known) -> ModelExtraction
    extract_with_model(engine, spec, text, missing, known) -> dict[str, tuple[value, evidence]]
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from backend.engines.base import Engine
from backend.types import BackendError, ChatMessage, GenerationParams
from calculators import CalculatorSpec, InputSpec, Measurement
from calculators.extract import current_measurements
from calculators.spec import fmt
from calculators.units import UNIT_PATTERNS, UnitError, convert

__all__ = [
    "MODEL_ERROR",
    "ModelExtraction",
    "build_messages",
    "evidence_found",
    "extract_with_model",
    "input_schema",
    "parse_response",
    "response_format",
    "response_schema",
    "run_extraction",
    "several_values",
    "unit_in_quote",
]

ExtractedValue = float | bool | str | dt.date
MODEL_ERROR = "model error"  # how an input lost to an engine failure is marked in ModelExtraction.rejected
UNITLESS_DERIVED = {"points", "/day"}  # numbers the note may give only in words ("eyes open to voice", "twice daily")
# llama-server constrains decoding to a schema given as {"type": "json_object", "schema": …} (verified on the build of
# scripts/build_llama_server.sh, llama.cpp as vendored in llama-cpp-python 0.3.36, through huggingface_hub's client).
# The OpenAI form {"type": "json_schema", "json_schema": {"schema": …}} sent the same way came back as free-form JSON
# ({"message": "Hello…"}), i.e. not held to the schema, so it is not used.


@dataclass(frozen=True)
class ModelExtraction:
    """What the model's answer yielded: accepted values (in each input's canonical unit) with the quoted evidence,
    and for every other asked input why it stays missing."""

    values: dict[str, tuple[ExtractedValue, str]]
    rejected: dict[str, str]
    raw: str = ""
    completion_tokens: int = 0
    units: dict[str, str] = field(default_factory=dict)  # name → the unit the model read, where it differs


def several_values(spec: CalculatorSpec, text: str) -> dict[str, list[Measurement]]:
    """Number inputs the text states more than once with different values (an old weight beside today's, an
    admission creatinine beside a later one). The parsers take the first mention; which one a calculator needs is
    a reading of the text, so these go to the model too, with the candidates shown."""
    wanted = {item.name for item in spec.inputs if item.kind == "number"}
    mentions: dict[str, list[Measurement]] = {}
    for measurement in current_measurements(text):  # a baseline value beside a current one is not a choice
        if measurement.name in wanted:
            mentions.setdefault(measurement.name, []).append(measurement)
    return {name: found for name, found in mentions.items() if len({round(m.value, 3) for m in found}) > 1}


# --- the schema --------------------------------------------------------------------------------------------------


def _value_schema(spec: InputSpec) -> dict[str, Any]:
    if spec.kind == "number":
        return {"type": ["number", "null"]}
    if spec.kind == "bool":
        return {"type": ["boolean", "null"]}
    if spec.kind == "choice":
        return {"enum": [*spec.choices, None]}
    return {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}


def input_schema(spec: InputSpec) -> dict[str, Any]:
    """One input's object: the quote first (the model reads before it answers), then the value, then the unit the
    number is written in where the calculator accepts several (the code converts; the model never does)."""
    properties: dict[str, Any] = {
        # No maxLength: llama.cpp expands it into nested optional rules, and grammar checks over the 152k-token
        # vocabulary then cost seconds per token on a CPU (measured: 0.25 tok/s). The prompt asks for a short quote.
        "evidence": {"type": "string"},
        "value": _value_schema(spec),
    }
    if spec.kind == "number" and len(spec.units) > 1:
        properties["unit"] = {"enum": list(spec.units)}
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def response_schema(inputs: list[InputSpec]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {spec.name: input_schema(spec) for spec in inputs},
        "required": [spec.name for spec in inputs],
        "additionalProperties": False,
    }


def response_format(inputs: list[InputSpec]) -> dict[str, Any]:
    return {"type": "json_object", "schema": response_schema(inputs)}


# --- the prompt --------------------------------------------------------------------------------------------------

SYSTEM = (
    "You copy values out of clinical case notes for a clinical calculator. You never calculate and never guess: "
    "a value is given only when the note states it."
)


def _describe(spec: InputSpec, candidates: list[str]) -> str:
    if spec.kind == "number":
        units = " or ".join(u for u in spec.units if u) or "no unit"
        what = f"number in {units}"
        if spec.unit in UNITLESS_DERIVED:
            what = f"number ({spec.unit})"
    elif spec.kind == "bool":
        what = "true if the note says the patient has it, false if the note says not, null if not mentioned"
    elif spec.kind == "choice":
        what = "one of: " + ", ".join(f'"{c}"' for c in spec.choices)
    else:
        what = "a date as YYYY-MM-DD"
    extra = f". {spec.help}" if spec.help else ""
    if candidates:
        extra += ". The note gives several: " + "; ".join(f'"{c}"' for c in candidates) + ". Take the one asked for"
    return f'- "{spec.name}": {spec.label} ({what}){extra}'


def _known_line(spec: CalculatorSpec, known: dict[str, object]) -> str:
    parts = []
    for name, value in known.items():
        try:
            item = spec.input(name)
        except KeyError:
            continue
        shown = fmt(value, 3) if isinstance(value, float) and not isinstance(value, bool) else str(value)
        parts.append(f"{item.label} {shown} {item.unit or ''}".strip())
    return ("Already read from the note: " + "; ".join(parts) + ".\n") if parts else ""


def build_messages(
    spec: CalculatorSpec,
    text: str,
    missing: list[str],
    known: dict[str, object],
    candidates: dict[str, list[str]] | None = None,
    question: str = "",
) -> list[ChatMessage]:
    """The note comes first, so that requests about one note share a cached prompt prefix on the server.
    candidates: input name → the differing mentions the parsers found; question: what the user asked, which may
    name the time point ("on ICU arrival", "using the first troponin")."""
    lines = "\n".join(_describe(spec.input(name), (candidates or {}).get(name, [])) for name in missing)
    asked = f"Question: {question.strip()}\n" if question.strip() else ""
    user = (
        f'Case note:\n"""\n{text.strip()}\n"""\n\n'
        f"{asked}Calculator: {spec.name}.\n{_known_line(spec, known)}"
        f"Fill in these inputs from the note:\n{lines}\n\n"
        'For each input give "evidence": the exact words of the note the value comes from (copied, at most 10 '
        'words), then "value". Give numbers as the note writes them, with their unit. Where the note gives several '
        "values, take the one the calculator needs (on admission unless said otherwise). If the note does not "
        'state it, give evidence "" and value null. Answer with one JSON object.'
    )
    return [ChatMessage("system", SYSTEM), ChatMessage("user", user)]


# --- checking the answer -----------------------------------------------------------------------------------------

_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


def _key(text: str) -> str:
    """Comparison form: compatibility-normalised, lower case, dashes and quotes unified, no whitespace at all
    (a quote that re-spaces "38.9 °C" as "38.9°C" is still the note's words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_DASHES).lower())


def evidence_found(quote: str, text: str) -> bool:
    """Whether the quote is in the text. An elided quote ("history of … diabetes") counts when every piece is, in
    order. Fewer than 3 characters prove nothing."""
    pieces = [_key(p) for p in re.split(r"\.\.\.|…", quote.strip().strip("\"'“”.,;: "))]
    pieces = [p for p in pieces if p]
    if not pieces or sum(len(p) for p in pieces) < 3:
        return False
    haystack, start = _key(text), 0
    for piece in pieces:
        found = haystack.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def _numbers_in(quote: str) -> list[float]:
    return [float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(quote)]


def unit_in_quote(spec: InputSpec, quote: str, value: float) -> str | None:
    """The unit the quote writes right after the value ("198 lb"), if the input accepts it. It outranks the unit
    the model picked: a small model copies "198 lb" and still labels it kg."""
    for number in _NUMBER.finditer(quote):
        if not math.isclose(float(number.group(0).replace(",", "")), value, abs_tol=1e-9):
            continue
        written = [(len(m.group(0)), unit) for unit in spec.units if (m := _unit_at(unit, quote, number.end()))]
        if written:
            return max(written)[1]
    return None


def _unit_at(unit: str, text: str, position: int) -> re.Match | None:
    pattern = UNIT_PATTERNS.get(unit)
    # match(text, pos) rather than a slice: "°C" is also written "38.9 C", a pattern that looks behind at the digit
    return re.compile(rf"\s*(?:{pattern})").match(text, position) if unit and pattern else None


def _check_number(spec: InputSpec, entry: dict[str, Any], quote: str) -> tuple[float | None, str, str]:
    """(value in the canonical unit or None, unit read, why rejected)."""
    raw = entry.get("value")
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        return None, "", f"not a number: {raw!r}"
    unit = entry.get("unit") if len(spec.units) > 1 else spec.unit
    unit = unit_in_quote(spec, quote, float(raw)) or unit
    unit = unit if isinstance(unit, str) and unit in spec.units else (spec.unit or "")
    if spec.unit not in UNITLESS_DERIVED and not any(math.isclose(raw, n, abs_tol=1e-9) for n in _numbers_in(quote)):
        return None, unit, f"{fmt(float(raw), 4)} is not in its quote"
    try:
        value = convert(float(raw), unit, spec.unit or "", spec.analyte)
    except UnitError as exc:
        return None, unit, str(exc)
    if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
        return None, unit, f"{fmt(value, 3)} {spec.unit or ''} is implausible".rstrip()
    return value, unit, ""


def _check_value(spec: InputSpec, entry: dict[str, Any], quote: str) -> tuple[ExtractedValue | None, str, str]:
    raw = entry.get("value")
    if spec.kind == "number":
        return _check_number(spec, entry, quote)
    if spec.kind == "bool":
        return (raw, "", "") if isinstance(raw, bool) else (None, "", f"not true/false: {raw!r}")
    if spec.kind == "choice":
        return (raw, "", "") if raw in spec.choices else (None, "", f"not one of the choices: {raw!r}")
    try:
        return dt.date.fromisoformat(str(raw)), "", ""
    except ValueError:
        return None, "", f"not a date: {raw!r}"


def parse_response(raw: str, inputs: list[InputSpec], text: str) -> ModelExtraction:
    """Validate the model's JSON against the asked inputs and the note. Never raises: a malformed answer leaves
    every input missing, with the reason."""
    try:
        data = json.loads(raw)
    except ValueError:
        return ModelExtraction({}, {spec.name: "the model's answer is not JSON" for spec in inputs}, raw)
    if not isinstance(data, dict):
        return ModelExtraction({}, {spec.name: "the model's answer is not a JSON object" for spec in inputs}, raw)
    values: dict[str, tuple[ExtractedValue, str]] = {}
    rejected: dict[str, str] = {}
    units: dict[str, str] = {}
    for spec in inputs:
        entry = data.get(spec.name)
        if not isinstance(entry, dict) or entry.get("value") is None:
            rejected[spec.name] = "not stated (null)"
            continue
        quote = str(entry.get("evidence") or "")
        if not evidence_found(quote, text):
            rejected[spec.name] = f"quote not in the text: {quote[:60]!r}"
            continue
        value, unit, why = _check_value(spec, entry, quote)
        if value is None:
            rejected[spec.name] = why
            continue
        values[spec.name] = (value, quote)
        if unit and unit != spec.unit:
            units[spec.name] = unit
    return ModelExtraction(values, rejected, raw, units=units)


# --- asking the engine -------------------------------------------------------------------------------------------


def max_tokens_for(count: int) -> int:
    """A short quote (≈ 20 tokens) and a value per input, plus the JSON around them."""
    return min(4096, 32 + 48 * count)


def run_extraction(
    engine: Engine,
    spec: CalculatorSpec,
    text: str,
    missing: list[str],
    known: dict[str, object] | None = None,
    candidates: dict[str, list[str]] | None = None,
    question: str = "",
) -> ModelExtraction:
    """Ask the engine for the missing inputs (greedy, schema-constrained) and check its answer against the note.
    An engine failure leaves every input missing with the reason; it is not raised."""
    inputs = [spec.input(name) for name in missing]
    if not inputs:
        return ModelExtraction({}, {})
    params = GenerationParams(
        max_tokens=max_tokens_for(len(inputs)), temperature=0.0, response_format=response_format(inputs)
    )
    pieces: list[str] = []
    tokens = 0
    try:
        messages = build_messages(spec, text, missing, known or {}, candidates, question)
        for delta in engine.stream(messages, params):
            pieces.append(delta.content)
            tokens = delta.usage.completion_tokens if delta.usage else tokens
    except BackendError as exc:
        return ModelExtraction({}, {name: f"{MODEL_ERROR}: {exc}" for name in missing})
    result = parse_response("".join(pieces), inputs, text)
    return ModelExtraction(result.values, result.rejected, result.raw, tokens, result.units)


def extract_with_model(
    engine: Engine,
    spec: CalculatorSpec,
    text: str,
    missing: list[str],
    known: dict[str, object] | None = None,
    candidates: dict[str, list[str]] | None = None,
    question: str = "",
) -> dict[str, tuple[ExtractedValue, str]]:
    """Input name → (value in the input's canonical unit, the note's words it came from), for the missing inputs
    the model could read with a quote found in `text`; the others stay missing."""
    return run_extraction(engine, spec, text, missing, known, candidates, question).values
