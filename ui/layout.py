"""Compose the four tabs, the disclaimer and the engine health indicator into one Blocks app."""

from __future__ import annotations

import gradio as gr

from backend.service import AssistantService
from ui import calculators_tab, diagnosis_tab, education_tab, prescription_tab, symptom_tab
from ui.common import DEMO_BANNER, DISCLAIMER

CSS = """
.ma-notice { padding: 0.75rem 1rem; border-radius: 8px; margin: 0.25rem 0; border: 1px solid; }
.ma-emergency { background: #fde8e8; border-color: #c81e1e; color: #771d1d; font-size: 1.05rem; }
.ma-declined { background: #fdf6b2; border-color: #c27803; color: #723b13; }
.ma-input { background: #e1effe; border-color: #1c64f2; color: #1e429f; }
.ma-info { background: #f3f4f6; border-color: #9ca3af; color: #374151; }
.ma-meta { font-size: 0.85rem; opacity: 0.8; }
.ma-attr { font-size: 0.7rem; color: #1e429f; cursor: help; }
.ma-attr-input { color: #6b7280; }
.ma-unsupported { color: #9b1c1c; }
#ma-disclaimer { border-left: 4px solid #c81e1e; padding-left: 0.75rem; }
#ma-demo { border-left: 4px solid #c27803; padding-left: 0.75rem; }
"""


def health_markdown(service: AssistantService) -> str:
    health = service.health()
    dot = "🟢" if health.ok else "🔴"
    state = "ready" if health.ok else f"unavailable ({health.detail or 'no answer'})"
    return f"{dot} **{health.engine}** · {health.model} · {state} · safety: {service.safety_status()}"


def build_app(service: AssistantService, *, concurrency: int) -> gr.Blocks:
    with gr.Blocks(title="MedAssist R1 — clinical reasoning assistant") as demo:
        gr.Markdown(
            "# MedAssist R1\nClinical reasoning assistant: symptom analysis, diagnosis, prescribing guidance "
            "and medical education, with the model's reasoning shown step by step."
        )
        gr.Markdown(DISCLAIMER, elem_id="ma-disclaimer")
        if service.demo:
            gr.Markdown(DEMO_BANNER, elem_id="ma-demo")
        status = gr.Markdown(elem_id="engine-status")
        with gr.Tabs():
            symptom_tab.build(service, concurrency=concurrency)
            diagnosis_tab.build(service, concurrency=concurrency)
            prescription_tab.build(service, concurrency=concurrency)
            education_tab.build(service, concurrency=concurrency)
            calculators_tab.build(service)
        timer = gr.Timer(15.0)
        timer.tick(lambda: health_markdown(service), outputs=[status], api_name=False, queue=False)
        demo.load(lambda: health_markdown(service), outputs=[status], api_name="health", queue=False)
    return demo
