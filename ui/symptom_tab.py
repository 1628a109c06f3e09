"""Symptom analysis tab: structured presentation → ranked causes, red flags, next steps, urgency."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from ui.common import form_footer, output_column, textbox, wire_task


def build(service: AssistantService, *, concurrency: int) -> None:
    template = service.template("symptom_analysis")
    spec = {f.name: f for f in template.fields}
    with gr.Tab(template.title, id="symptom_analysis"):
        gr.Markdown(
            "Describe the presentation. Possible causes are ranked with their likelihood, with red flags, "
            "next steps and urgency."
        )
        with gr.Row():
            with gr.Column(scale=1):
                with gr.Row():
                    age = textbox(spec["age"], template.task, scale=1)
                    sex = gr.Dropdown(
                        ["", "female", "male", "other / not stated"],
                        label=spec["sex"].label,
                        value="",
                        allow_custom_value=True,
                        scale=1,
                        elem_id="symptom_analysis-sex",
                    )
                symptoms = textbox(spec["symptoms"], template.task)
                duration = textbox(spec["duration"], template.task)
                vitals = textbox(spec["vitals"], template.task)
                history = textbox(spec["history"], template.task)
                inputs = [age, sex, symptoms, duration, vitals, history]
                controls = form_footer(service, template, inputs)
            with gr.Column(scale=1):
                panel = output_column(service, template, reasoning_open=False)
        wire_task(service, template, inputs, controls, panel, concurrency=concurrency)
