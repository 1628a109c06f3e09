"""Education tab: the stepwise-reasoning viewer, and a practice mode on training-allowed questions."""

from __future__ import annotations

import random

import gradio as gr

from backend.service import AssistantService
from backend.types import MCQ
from ui.common import form_footer, output_column, textbox, wire_task
from ui.render import escape_model_text


def _question_markdown(item: MCQ, source: str) -> str:
    context = (
        f"> {escape_model_text(item.context[:1500])}{'…' if len(item.context) > 1500 else ''}\n\n"
        if item.context
        else ""
    )
    return f"*{source}*\n\n{context}**{escape_model_text(item.question)}**"


def _choices(item: MCQ) -> list[tuple[str, str]]:
    return [(f"{letter}. {text}", letter) for letter, text in item.options]


def build(service: AssistantService, *, concurrency: int) -> None:
    template = service.template("education")
    spec = {f.name: f for f in template.fields}
    rng = random.Random()
    with gr.Tab(template.title, id="education"):
        gr.Markdown(
            "Ask a question or paste an MCQ. The model's reasoning appears as numbered steps while it thinks "
            "(click a step to fold it), then the final answer."
        )
        with gr.Accordion(
            "Practice mode — questions from training data, answer revealed after you commit",
            open=False,
            elem_id="practice",
        ):
            available = service.practice_count()
            gr.Markdown(
                f"{available} practice questions available (PubMedQA training half, MMLU medical few-shot "
                "rows). Evaluation sets are never used here."
                if available
                else "Practice data is not available on this server."
            )
            item_id = gr.State("")
            draw_btn = gr.Button("Draw a question", interactive=bool(available), elem_id="practice-draw")
            question_md = gr.Markdown(elem_id="practice-question")
            choice = gr.Radio(choices=[], label="Your answer", elem_id="practice-choice")
            commit_btn = gr.Button("Commit answer", variant="primary", interactive=False, elem_id="practice-commit")
            result_md = gr.Markdown(elem_id="practice-result")

        with gr.Row():
            with gr.Column(scale=1):
                question = textbox(spec["question"], template.task)
                level = textbox(spec["level"], template.task)
                inputs = [question, level]
                controls = form_footer(service, template, inputs, min_max_tokens=1024)
            with gr.Column(scale=1):
                panel = output_column(service, template, reasoning_open=True)
        wire_task(service, template, inputs, controls, panel, concurrency=concurrency)

        def on_draw():
            item = service.practice_draw(rng)
            if item is None:
                return (
                    "",
                    "Practice data is not available.",
                    gr.update(choices=[], value=None),
                    gr.update(interactive=False),
                    "",
                )
            return (
                item.id,
                _question_markdown(item, service.practice_source(item)),
                gr.update(choices=_choices(item), value=None),
                gr.update(interactive=True),
                "",
            )

        def on_commit(current: str, picked: str | None):
            item = service.practice_item(current)
            if item is None:
                return "Draw a question first.", gr.update(), gr.update()
            if not picked:
                return "Pick an answer, then commit.", gr.update(), gr.update(interactive=True)
            gold = dict(item.options)[item.answer]
            verdict = "✅ Correct." if picked == item.answer else f"❌ Not quite — you chose {picked}."
            explanation = (
                f"\n\n**Explanation (from the source):** {escape_model_text(item.explanation)}"
                if item.explanation
                else ""
            )
            text = (
                f"{verdict} The answer is **{item.answer}. {escape_model_text(gold)}**.{explanation}\n\n"
                "The question is now in the box below: press **Run** to see the model reason through it."
            )
            return text, service.practice_prompt(item), gr.update(interactive=False)

        draw_btn.click(on_draw, outputs=[item_id, question_md, choice, commit_btn, result_md], api_name="practice_draw")
        commit_btn.click(
            on_commit, inputs=[item_id, choice], outputs=[result_md, question, commit_btn], api_name="practice_commit"
        )
