"""Diagnosis tab: case vignette and findings → most likely diagnosis, differential, workup, reasoning."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from prompts import load_template
from ui.common import feedback_row, generation_controls, output_panel, run_buttons, textbox, wire_task


def build(service: AssistantService, *, max_tokens: int, concurrency: int) -> None:
    template = load_template("diagnosis")
    spec = {f.name: f for f in template.fields}
    with gr.Tab(template.title, id="diagnosis"):
        gr.Markdown("Paste a case. You get the most likely diagnosis, a ranked differential, the workup that would "
                    "confirm or exclude it, and the reasoning.")
        with gr.Row():
            with gr.Column(scale=1):
                vignette = textbox(spec["vignette"], template.task)
                findings = textbox(spec["findings"], template.task)
                inputs = [vignette, findings]
                max_new, temperature = generation_controls(max_tokens)
                run_btn, stop_btn, clear_btn = run_buttons()
                gr.Examples([[e.get(f.name, "") for f in template.fields] for e in template.examples], inputs=inputs,
                            label="Examples")
            with gr.Column(scale=1):
                panel = output_panel(template.task, reasoning_open=False)
                feedback_row(service, template.task)
        wire_task(service, template, inputs, max_new, temperature, panel, run_btn, stop_btn, clear_btn,
                  concurrency=concurrency)
