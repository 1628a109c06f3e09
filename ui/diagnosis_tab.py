"""Diagnosis tab: case vignette and findings → most likely diagnosis, differential, workup, reasoning."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from ui.common import form_footer, output_column, textbox, wire_task


def build(service: AssistantService, *, concurrency: int) -> None:
    template = service.template("diagnosis")
    spec = {f.name: f for f in template.fields}
    with gr.Tab(template.title, id="diagnosis"):
        gr.Markdown(
            "Paste a case. You get the most likely diagnosis, a ranked differential, the workup that would "
            "confirm or exclude it, and the reasoning."
        )
        with gr.Row():
            with gr.Column(scale=1):
                vignette = textbox(spec["vignette"], template.task)
                findings = textbox(spec["findings"], template.task)
                inputs = [vignette, findings]
                controls = form_footer(service, template, inputs)
            with gr.Column(scale=1):
                panel = output_column(service, template, reasoning_open=False)
        wire_task(service, template, inputs, controls, panel, concurrency=concurrency)
