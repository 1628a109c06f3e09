"""Calculators tab: search or pick a calculator; its form is generated from its spec; the result shows the value,
the band, the formula with the numbers used, and the reference. Every calculator is also an API endpoint
(`/calc_<id>`, typed from its spec) that gradio_client can call."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import gradio as gr

from backend.service import AssistantService
from backend.types import CalculatorInputError, CalculatorSpec, InputSpec
from ui.render import escape_model_text

UNIT_SUFFIX = "_unit"


def result_markdown(value) -> str:
    band = f" · **{escape_model_text(value.band)}**" if value.band else ""
    used = "\n".join(f"- {escape_model_text(i.label)}: {escape_model_text(i.value)}" for i in value.inputs)
    meaning = f"\n\n{escape_model_text(value.meaning)}" if value.meaning else ""
    return (
        f"### {escape_model_text(value.name)}: {escape_model_text(value.value)} {escape_model_text(value.unit)}{band}"
        f"{meaning}\n\n`{escape_model_text(value.substituted)}`\n\n**Inputs used**\n{used}\n\n"
        f"<small>Reference: {escape_model_text(value.reference)}. Computed by code, not by the model.</small>"
    )


def _choices(specs: list[CalculatorSpec]) -> list[tuple[str, str]]:
    return [(f"{s.name} · {s.category}", s.id) for s in sorted(specs, key=lambda s: (s.category, s.name))]


def _units(spec: InputSpec) -> list[str]:
    return [spec.unit or "", *[u for u in spec.units if u != spec.unit]]


def _range(spec: InputSpec) -> str:
    if spec.minimum is None and spec.maximum is None:
        return spec.help
    limits = f"plausible {spec.minimum:g}–{spec.maximum:g} {spec.unit or ''}".strip()
    return f"{spec.help} ({limits})".strip() if spec.help else limits


def _field(spec: InputSpec, calc_id: str) -> tuple[gr.components.Component, gr.Dropdown | None]:
    """One input's component, and its unit picker when the calculator accepts more than one unit."""
    elem = f"calc-{calc_id}-{spec.name}"
    label = spec.label + ("" if spec.optional else " *")
    if spec.kind == "bool":
        return gr.Checkbox(label=label, info=spec.help or None, elem_id=elem), None
    if spec.kind == "choice":
        return gr.Dropdown(list(spec.choices), label=label, info=spec.help or None, elem_id=elem), None
    if spec.kind == "date":
        return gr.Textbox(label=label, placeholder="YYYY-MM-DD", info=spec.help or None, elem_id=elem), None
    units = _units(spec)
    if len(units) == 1:
        return gr.Number(label=f"{label} ({units[0]})" if units[0] else label, info=_range(spec), elem_id=elem), None
    with gr.Row():
        number = gr.Number(label=label, info=_range(spec), elem_id=elem, scale=3)
        unit = gr.Dropdown(units, value=units[0], label="unit", elem_id=f"{elem}-unit", scale=1)
    return number, unit


def _collect(spec: CalculatorSpec, names: list[str], args: tuple) -> tuple[dict[str, object], dict[str, str]]:
    values: dict[str, object] = {}
    units: dict[str, str] = {}
    for name, arg in zip(names, args, strict=True):
        if name.endswith(UNIT_SUFFIX):
            if arg:
                units[name.removesuffix(UNIT_SUFFIX)] = arg
        elif arg is not None and arg != "":
            values[name] = arg
    for item in spec.inputs:  # an unticked box is a "no", not a missing value
        if item.kind == "bool":
            values.setdefault(item.name, False)
    return values, units


def _compute(service: AssistantService, spec: CalculatorSpec, names: list[str]) -> Callable[..., str]:
    def compute(*args) -> str:
        values, units = _collect(spec, names, args)
        try:
            return result_markdown(service.calculate(spec.id, values, units))
        except CalculatorInputError as exc:
            return f"✋ **Please check the input.** {escape_model_text(str(exc))} Your entries are unchanged."

    return compute


def api_endpoint(service: AssistantService, spec: CalculatorSpec) -> Callable[..., dict[str, Any]]:
    """A function typed from the spec (gr.api derives the endpoint's parameters from the signature)."""
    params: list[inspect.Parameter] = []
    for item in spec.inputs:
        kind = {"number": float | None, "bool": bool, "choice": str | None, "date": str | None}[item.kind]
        default = False if item.kind == "bool" else None
        params.append(inspect.Parameter(item.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=kind,
                                        default=default))  # fmt: skip
        if item.kind == "number" and len(_units(item)) > 1:
            params.append(inspect.Parameter(item.name + UNIT_SUFFIX, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            annotation=str | None, default=None))  # fmt: skip
    names = [p.name for p in params]

    def endpoint(*args) -> dict[str, Any]:
        values, units = _collect(spec, names, args)
        try:
            value = service.calculate(spec.id, values, units)
        except CalculatorInputError as exc:
            raise gr.Error(str(exc)) from None
        return {
            "calculator": spec.id,
            "value": value.value,
            "unit": value.unit,
            "band": value.band,
            "meaning": value.meaning,
            "formula": value.substituted,
            "inputs": {i.label: i.value for i in value.inputs},
            "reference": value.reference,
        }

    endpoint.__signature__ = inspect.Signature(params, return_annotation=dict)
    endpoint.__annotations__ = {p.name: p.annotation for p in params} | {"return": dict}
    endpoint.__name__ = f"calc_{spec.id}"
    endpoint.__doc__ = f"{spec.name}. {spec.formula} Reference: {spec.reference}"
    return endpoint


def build(service: AssistantService) -> None:
    specs = service.calculators()
    first = _choices(list(specs.values()))[0][1]
    with gr.Tab("Calculators", id="calculators"):
        gr.Markdown(
            f"{len(specs)} clinical calculators, computed exactly by code (never by the model), each with its "
            "reference. Units are converted for you; impossible values are refused with a reason."
        )
        with gr.Row():
            query = gr.Textbox(label="Search", placeholder="e.g. kidney, CURB-65, QTc, sodium", elem_id="calc-search")
            choice = gr.Dropdown(_choices(list(specs.values())), value=first, label="Calculator", elem_id="calc-choice")
        result = gr.Markdown(elem_id="calc-result")

        def filtered(text: str):
            found = _choices(service.search_calculators(text or ""))
            return gr.update(choices=found, value=found[0][1] if found else None)

        query.change(filtered, inputs=[query], outputs=[choice], api_name=False, queue=False)
        choice.change(lambda: "", outputs=[result], api_name=False, queue=False)

        @gr.render(inputs=[choice])
        def form(calc_id: str | None) -> None:
            if not calc_id or calc_id not in specs:
                gr.Markdown("No calculator matches the search.")
                return
            spec = specs[calc_id]
            gr.Markdown(f"**{spec.name}**: `{escape_model_text(spec.formula)}`  \n<small>{spec.reference}</small>")
            components, names = [], []
            for item in spec.inputs:
                value, unit = _field(item, spec.id)
                components.append(value)
                names.append(item.name)
                if unit is not None:
                    components.append(unit)
                    names.append(item.name + UNIT_SUFFIX)
            button = gr.Button("Compute", variant="primary", elem_id="calc-compute")
            button.click(_compute(service, spec, names), inputs=components, outputs=[result], api_name=False)

        for spec in specs.values():
            gr.api(api_endpoint(service, spec), api_name=f"calc_{spec.id}", queue=False)
