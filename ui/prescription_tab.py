"""Prescription guidance tab: condition and patient factors → options, doses, contraindications, interactions."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from prompts import load_template
from ui.common import feedback_row, generation_controls, output_panel, run_buttons, textbox, wire_task


def build(service: AssistantService, *, max_tokens: int, concurrency: int) -> None:
    template = load_template("prescription")
    spec = {f.name: f for f in template.fields}
    with gr.Tab(template.title, id="prescription"):
        gr.Markdown("**For prescribers.** Guidance on options, dose ranges, contraindications, interactions and "
                    "monitoring. It is not a prescription: check the local formulary and the patient.")
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
                max_new, temperature = generation_controls(max_tokens)
                run_btn, stop_btn, clear_btn = run_buttons()
                gr.Examples([[e.get(f.name, "") for f in template.fields] for e in template.examples], inputs=inputs,
                            label="Examples")
            with gr.Column(scale=1):
                panel = output_panel(template.task, reasoning_open=False)
                feedback_row(service, template.task)
        wire_task(service, template, inputs, max_new, temperature, panel, run_btn, stop_btn, clear_btn,
                  concurrency=concurrency)
