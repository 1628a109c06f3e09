"""JSON Schema for a calculator's inputs, for constrained model output (llama.cpp `response_format`, TGI/vLLM
`response_format={"type": "json_object", "schema": ...}`) and for API documentation.

    input_schema(spec, only=None) -> dict   # an object schema; `only` restricts it to the inputs still missing

Numbers are asked for in the spec's canonical unit (said in each description) within the plausible range, so a
model's answer passes straight to `compute`; every property is nullable so "not stated" stays expressible and is
never forced into a guess.
"""

from __future__ import annotations

from calculators.spec import CalculatorSpec, InputSpec

__all__ = ["input_schema"]


def _property(item: InputSpec) -> dict[str, object]:
    unit = f" in {item.unit}" if item.unit else ""
    description = f"{item.label}{unit}; null if the text does not state it" + (f" ({item.help})" if item.help else "")
    if item.kind == "number":
        schema: dict[str, object] = {"type": ["number", "null"], "minimum": item.minimum, "maximum": item.maximum}
    elif item.kind == "bool":
        schema = {"type": ["boolean", "null"]}
    elif item.kind == "choice":
        schema = {"enum": [*item.choices, None]}
    else:
        schema = {"type": ["string", "null"], "format": "date"}
    return {**schema, "description": description}


def input_schema(spec: CalculatorSpec, only: list[str] | None = None) -> dict[str, object]:
    """An object schema with one nullable property per input (or per name in `only`), all required as keys."""
    items = [item for item in spec.inputs if only is None or item.name in only]
    return {
        "title": spec.name,
        "type": "object",
        "properties": {item.name: _property(item) for item in items},
        "required": [item.name for item in items],
        "additionalProperties": False,
    }
