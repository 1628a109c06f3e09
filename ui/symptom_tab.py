"""Symptom analysis tab: structured presentation → ranked causes, red flags, next steps, urgency."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from prompts import load_template
from ui.common import feedback_row, generation_controls, output_panel, run_buttons, textbox, wire_task


def build(service: AssistantService, *, max_tokens: int, concurrency: int) -> None:
    template = load_template("symptom_analysis")
    spec = {f.name: f for f in template.fields}
    with gr.Tab(template.title, id="symptom_analysis"):
        gr.Markdown("Describe the presentation. Possible causes are ranked with their likelihood, with red flags, "
                    "next steps and urgency.")
        with gr.Row():
            with gr.Column(scale=1):
                with gr.Row():
                    age = textbox(spec["age"], template.task, scale=1)
                    sex = gr.Dropdown(["", "female", "male", "other / not stated"], label=spec["sex"].label,
                                      value="", allow_custom_value=True, scale=1, elem_id="symptom_analysis-sex")
                symptoms = textbox(spec["symptoms"], template.task)
                duration = textbox(spec["duration"], template.task)
                vitals = textbox(spec["vitals"], template.task)
                history = textbox(spec["history"], template.task)
                inputs = [age, sex, symptoms, duration, vitals, history]
                max_new, temperature = generation_controls(max_tokens)
                run_btn, stop_btn, clear_btn = run_buttons()
                gr.Examples([[e.get(f.name, "") for f in template.fields] for e in template.examples], inputs=inputs,
                            label="Examples")
            with gr.Column(scale=1):
                panel = output_panel(template.task, reasoning_open=False)
                feedback_row(service, template.task)
        wire_task(service, template, inputs, max_new, temperature, panel, run_btn, stop_btn, clear_btn,
                  concurrency=concurrency)
