"""Clinical calculators as exact tools: pure Python, imports only `core` (and the standard library).

- `REGISTRY: dict[str, CalculatorSpec]`: every calculator by id.
- `compute(calc_id, values, units=None) -> Result`: validated, unit-converted, banded, formula substituted.
- `search(query) -> list[CalculatorSpec]`; `match_question(question) -> CalculatorSpec | None`.
- `find_applicable(text) -> list[(spec, {input: Measurement | Found}, missing input names)]`.
- `extract_inputs(text) -> {input: Measurement | Found}`; `as_values(found) -> (values, units)` for `compute`.
- `input_schema(spec, only=None)`: JSON Schema of the (missing) inputs, for constrained model output.
- `extract_measurements(text) -> list[Measurement]`: vitals and labs with units (`calculators.measurements`).
"""

from calculators.extract import Found, as_values, extract_inputs, find_applicable
from calculators.matching import match_question, search
from calculators.measurements import Measurement, extract_measurements
from calculators.registry import REGISTRY, compute
from calculators.schema import input_schema
from calculators.spec import Band, CalculatorInputError, CalculatorSpec, InputSpec, Result

__all__ = [
    "REGISTRY",
    "Band",
    "CalculatorInputError",
    "CalculatorSpec",
    "Found",
    "InputSpec",
    "Measurement",
    "Result",
    "as_values",
    "compute",
    "extract_inputs",
    "extract_measurements",
    "find_applicable",
    "input_schema",
    "match_question",
    "search",
]
