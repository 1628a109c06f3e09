"""Prescription guidance tab: condition and patient factors → options, doses, contraindications, interactions."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from ui.common import form_footer, output_column, textbox, wire_task


def build(service: AssistantService, *, concurrency: int) -> None:
    template = service.template("prescription")
    spec = {f.name: f for f in template.fields}
    with gr.Tab(template.title, id="prescription"):
        gr.Markdown(
            "**For prescribers.** Guidance on options, dose ranges, contraindications and monitoring. It is not a "
            "prescription: check the local formulary and the patient. Drug names are checked against the DrugBank "
            "vocabulary before the model runs. **This app has no drug-interaction database**: interactions the "
            "model mentions are unverified."
        )
        with gr.Row():
            with gr.Column(scale=1):
                condition = textbox(spec["condition"], template.task)
                with gr.Row():
                    age = textbox(spec["age"], template.task)
                    weight = textbox(spec["weight"], template.task)
                pregnancy = textbox(spec["pregnancy"], template.task)
                with gr.Row():
                    renal = textbox(spec["renal"], template.task)
                    hepatic = textbox(spec["hepatic"], template.task)
                allergies = textbox(spec["allergies"], template.task)
                medications = textbox(spec["medications"], template.task)
                inputs = [condition, age, weight, pregnancy, renal, hepatic, allergies, medications]
                controls = form_footer(service, template, inputs)
            with gr.Column(scale=1):
                panel = output_column(service, template, reasoning_open=False)
        wire_task(service, template, inputs, controls, panel, concurrency=concurrency)
