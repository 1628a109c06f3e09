"""Turn backend events into what the output components show. Pure functions, no Gradio import."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from backend.types import AnswerMeta, Event, Failed, Finished, Notice, Progress

_NOTICE_ICON = {"emergency": "🚨", "declined": "⛔", "input": "✋", "info": "ℹ️"}


def escape_model_text(text: str) -> str:
    """Model text is shown as Markdown, never as live HTML: escape tags so `<script>` prints as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notice_html(notices: list[Notice]) -> str:
    blocks = []
    for n in notices:
        blocks.append(
            f'<div class="ma-notice ma-{n.kind}" role="{"alert" if n.kind == "emergency" else "status"}">'
            f"<strong>{_NOTICE_ICON[n.kind]} {html.escape(n.title)}</strong><br>{html.escape(n.message)}</div>"
        )
    return "\n".join(blocks)


def step_messages(progress: Progress | None, finished: bool) -> list[dict]:
    """The stepwise-reasoning viewer: one collapsible chat message per numbered step."""
    if progress is None or not progress.steps:
        return []
    messages = []
    last = len(progress.steps) - 1
    for i, step in enumerate(progress.steps):
        pending = i == last and not (progress.reasoning_done or finished)
        messages.append(
            {
                "role": "assistant",
                "content": escape_model_text(step),
                "metadata": {"title": f"Step {i + 1} · {_preview(step)}", "status": "pending" if pending else "done"},
            }
        )
    return messages


def _preview(step: str, limit: int = 90) -> str:
    """A folded step still says what it is about: its first line, shortened."""
    first = " ".join(step.split("\n", 1)[0].replace("*", "").replace("#", "").split())
    first = first.replace("<", "‹").replace(">", "›")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def meta_markdown(meta: AnswerMeta) -> str:
    parts = [
        f"**Model:** {meta.model}",
        f"**Template:** `{meta.template}`",
        f"**Engine:** {meta.engine}",
        f"{meta.completion_tokens} tokens in {meta.total_s:.1f} s",
    ]
    if meta.time_to_first_token_s is not None:
        parts.append(f"first token {meta.time_to_first_token_s:.2f} s")
    if meta.tokens_per_s is not None:
        parts.append(f"{meta.tokens_per_s:.1f} tok/s")
    return " · ".join(parts)


@dataclass
class ViewState:
    """Accumulates events into the four things a tab shows."""

    notices: list[Notice] = field(default_factory=list)
    progress: Progress | None = None
    meta: AnswerMeta | None = None
    error: str = ""

    def apply(self, event: Event) -> None:
        if isinstance(event, Notice):
            self.notices.append(event)
        elif isinstance(event, Progress):
            self.progress = event
        elif isinstance(event, Finished):
            self.meta = event.meta
        elif isinstance(event, Failed):
            self.error = event.message

    def outputs(self) -> tuple[str, list[dict], str, str]:
        notices = list(self.notices)
        if self.error:
            notices.append(Notice("input", "The answer could not be completed", self.error))
        answer = escape_model_text(self.progress.answer) if self.progress else ""
        if self.progress and not answer and not self.progress.reasoning_done and not self.error:
            answer = "_Reasoning… the answer appears here when the model has finished thinking._"
        meta = meta_markdown(self.meta) if self.meta else ("_Generating…_" if self.progress and not self.error else "")
        return (
            notice_html(notices),
            step_messages(self.progress, self.meta is not None or bool(self.error)),
            answer,
            meta,
        )
