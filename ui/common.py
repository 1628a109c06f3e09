"""Pieces every tab shares: the output panel, generation settings, run/stop wiring and feedback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import gradio as gr

from backend.service import AssistantService, with_overrides
from backend.types import FieldSpec, PromptTemplate, Task, TaskRequest
from ui.render import Outputs, ViewState

DISCLAIMER = (
    "⚕️ **Decision support only — not a diagnosis or a prescription.** Answers come from a small language model and "
    "can be wrong. A qualified clinician must verify everything against the patient, local guidelines and the "
    "formulary. In an emergency call your local emergency number. Do not enter names, dates of birth or other "
    "identifiers."
)

DEMO_BANNER = (
    "🧪 **Public demo.** No sign-in, and nothing you type is stored (only counts of requests). Use made-up cases: "
    "never enter real patient data. Requests are rate-limited per visitor; a small model runs on a shared CPU, so "
    "answers are slow and often wrong."
)

EMPTY_OUTPUTS: Outputs = ("", [], "", "", "", "")


@dataclass
class OutputPanel:
    notice: gr.HTML
    steps: gr.Chatbot
    answer: gr.Markdown
    meta: gr.Markdown
    computed: gr.Markdown
    sources: gr.Markdown

    @property
    def components(self) -> list[gr.components.Component]:
        """In the order of ui.render.ViewState.outputs(), which is also the API's return order."""
        return [self.notice, self.steps, self.answer, self.meta, self.computed, self.sources]


def textbox(spec: FieldSpec, task: Task, **kwargs) -> gr.Textbox:
    return gr.Textbox(
        label=spec.label + (" *" if spec.required else ""),
        placeholder=spec.placeholder,
        lines=spec.lines,
        max_lines=max(spec.lines * 4, 8) if spec.lines > 1 else 1,
        elem_id=f"{task}-{spec.name}",
        **kwargs,
    )


def output_panel(task: Task, *, reasoning_open: bool) -> OutputPanel:
    notice = gr.HTML(elem_id=f"{task}-notice")
    with gr.Accordion("Reasoning, step by step", open=reasoning_open, elem_id=f"{task}-reasoning"):
        steps = gr.Chatbot(
            label="Reasoning steps",
            height=360 if reasoning_open else 280,
            elem_id=f"{task}-steps",
            feedback_options=None,
            buttons=["copy_all"],
            layout="panel",
            placeholder="The model's numbered steps appear here as it thinks.",
        )
    computed = gr.Markdown(elem_id=f"{task}-computed", container=False)
    answer = gr.Markdown(elem_id=f"{task}-answer", label="Answer", container=True, min_height=80)
    meta = gr.Markdown(elem_id=f"{task}-meta", elem_classes=["ma-meta"])
    sources = gr.Markdown(elem_id=f"{task}-sources", container=False)
    return OutputPanel(notice, steps, answer, meta, computed, sources)


@dataclass
class Controls:
    max_tokens: gr.Slider
    temperature: gr.Slider
    sources: gr.Radio
    run: gr.Button
    stop: gr.Button
    clear: gr.Button


def form_footer(
    service: AssistantService,
    template: PromptTemplate,
    inputs: list[gr.components.Component],
    *,
    min_max_tokens: int = 0,
) -> Controls:
    """What every tab's form ends with: generation settings, Run/Stop/Clear, and the template's examples.

    The sliders start at the service's defaults (MEDASSIST_MAX_TOKENS / MEDASSIST_TEMPERATURE); a tab whose answers
    are long (the education viewer) may ask for a higher starting budget."""
    defaults = service.defaults
    with gr.Accordion("Generation settings", open=False):
        max_tokens = gr.Slider(
            64, 2048, value=max(defaults.max_tokens, min_max_tokens), step=32, label="Max new tokens"
        )
        temperature = gr.Slider(
            0.0, 1.2, value=defaults.temperature, step=0.05, label="Temperature (0.5–0.7 recommended)"
        )
        sources = gr.Radio(
            ["auto", "on", "off"],
            value="auto",
            label="Cited sources",
            info="auto: on, except for multiple-choice questions (retrieval does not help small models there)",
            elem_id=f"{template.task}-sources-setting",
        )
    with gr.Row():
        run_btn = gr.Button("Run", variant="primary", elem_id=f"{template.task}-run")
        stop_btn = gr.Button("Stop", variant="stop", elem_id=f"{template.task}-stop")
        clear_btn = gr.Button("Clear answer", variant="secondary", elem_id=f"{template.task}-clear")
    gr.Examples(
        [[e.get(f.name, "") for f in template.fields] for e in template.examples], inputs=inputs, label="Examples"
    )
    return Controls(max_tokens, temperature, sources, run_btn, stop_btn, clear_btn)


def output_column(service: AssistantService, template: PromptTemplate, *, reasoning_open: bool) -> OutputPanel:
    panel = output_panel(template.task, reasoning_open=reasoning_open)
    feedback_row(service, template.task)
    return panel


def make_runner(service: AssistantService, template: PromptTemplate) -> Callable[..., Iterator[Outputs]]:
    """A streaming Gradio handler: field values, max tokens, temperature, sources setting → ViewState.outputs()."""
    names = [f.name for f in template.fields]

    def run(*args, request: gr.Request | None = None) -> Iterator[Outputs]:
        values, (max_tokens, temperature, sources) = args[: len(names)], args[len(names) :]
        fields = {
            name: (value if isinstance(value, str) else "" if value is None else str(value))
            for name, value in zip(names, values, strict=True)
        }
        view = ViewState()
        try:
            params = with_overrides(service.defaults, max_tokens=int(max_tokens), temperature=float(temperature))
        except (TypeError, ValueError) as exc:
            view.error = f"Invalid generation settings: {exc}"
            yield view.outputs()
            return
        session = getattr(request, "session_hash", None) or "anonymous"
        user = getattr(request, "username", None)
        task_request = TaskRequest(
            template.task,
            fields,
            params,
            session_id=session,
            user=user,
            client=client_address(request),
            sources=sources or "auto",
        )
        yield ("", [], "", "_Working…_", "", "")
        for event in service.run(task_request):
            view.apply(event)
            yield view.outputs()

    run.__name__ = f"run_{template.task}"
    return run


def client_address(request: gr.Request | None) -> str | None:
    """The client's address. Behind a Space's proxy that is the last X-Forwarded-For hop (the one the proxy added;
    earlier hops are whatever the client sent)."""
    if request is None:
        return None
    forwarded = (request.headers or {}).get("x-forwarded-for", "")
    if hops := [hop.strip() for hop in forwarded.split(",") if hop.strip()]:
        return hops[-1]
    return getattr(getattr(request, "client", None), "host", None)


def wire_task(
    service: AssistantService,
    template: PromptTemplate,
    inputs: list[gr.components.Component],
    controls: Controls,
    panel: OutputPanel,
    *,
    concurrency: int,
) -> None:
    # All tabs share one concurrency group sized to the engine's parallel slots: the engine batches those sessions,
    # and the rest wait in Gradio's queue (bounded by its max_size) instead of overloading the engine.
    if len(inputs) != len(template.fields):
        raise ValueError(f"{template.task}: {len(inputs)} inputs for {len(template.fields)} template fields")
    event = controls.run.click(
        make_runner(service, template),
        inputs=[*inputs, controls.max_tokens, controls.temperature, controls.sources],
        outputs=panel.components,
        api_name=template.task,
        concurrency_id="model",
        concurrency_limit=concurrency,
    )
    controls.stop.click(None, cancels=[event], api_name=False)
    # Clearing empties the outputs only; the user's input stays until they change it.
    controls.clear.click(lambda: EMPTY_OUTPUTS, outputs=panel.components, api_name=False)


def feedback_row(service: AssistantService, task: Task) -> None:
    with gr.Accordion("Was this helpful?", open=False):
        comment = gr.Textbox(label="Comment (optional; do not include identifiers)", lines=2)
        with gr.Row():
            up = gr.Button("👍 Helpful", size="sm")
            down = gr.Button("👎 Not helpful", size="sm")
        status = gr.Markdown()

    def record(rating: int, text: str, request: gr.Request | None = None) -> str:
        session = getattr(request, "session_hash", None) or "anonymous"
        if not service.record_feedback(session_id=session, task=task, rating=rating, comment=text or ""):
            return "Feedback storage is turned off on this server."
        return "Thank you — recorded (identifiers are removed before storage)."

    def helpful(text: str, request: gr.Request) -> str:
        return record(1, text, request)

    def not_helpful(text: str, request: gr.Request) -> str:
        return record(-1, text, request)

    up.click(helpful, inputs=[comment], outputs=[status], api_name=False)
    down.click(not_helpful, inputs=[comment], outputs=[status], api_name=False)
