"""Turn backend events into what the output components show. Pure functions, no Gradio import."""

from __future__ import annotations

import html

from backend.types import (
    AnswerMeta,
    AnswerState,
    Computed,
    Confidence,
    DrugCheck,
    Grounding,
    Notice,
    Progress,
    Sources,
)

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


_BAND_TEXT = {
    "high": "🟢 **High confidence**",
    "moderate": "🟡 **Moderate confidence: check the key facts**",
    "low": "🔴 **Low confidence: verify before use**",
}


def confidence_markdown(confidence: Confidence) -> str:
    if confidence.method == "stated_likelihood":  # the model's own rating, not calibrated: no traffic light
        return f"**Model's own rating: {confidence.band} likelihood** · {escape_model_text(confidence.explanation)}"
    method = confidence.method.replace("_", " ")
    return f"{_BAND_TEXT[confidence.band]} · {escape_model_text(confidence.explanation)} _({method})_"


def grounding_markdown(grounding: Grounding) -> str:
    if grounding.invalid:
        wrong = ", ".join(f"[{n}]" for n in grounding.invalid)
        return f"⚠️ **Invalid citations:** {wrong} cite(s) no source given to the model."
    if not grounding.cited:
        return "⚠️ **Not grounded:** the answer cites none of the sources below; treat its facts as unverified."
    return "📎 **Grounded:** cites " + ", ".join(f"[{n}]" for n in grounding.cited) + " (see Sources)."


def computed_markdown(computed: Computed | None) -> str:
    """The "Computed by the app" panel: each result with the inputs it used and where each came from."""
    if computed is None or not (computed.values or computed.incomplete):
        return ""
    lines = ["#### 🧮 Computed by the app (code, not the model)"]
    for v in computed.values:
        band = f" · **{escape_model_text(v.band)}**" if v.band else ""
        lines.append(f"**{escape_model_text(v.name)}: {v.value} {escape_model_text(v.unit)}**{band}")
        if v.meaning:
            lines.append(f"<small>{escape_model_text(v.meaning)}</small>")
        lines.append(f"<small>`{escape_model_text(v.substituted)}`</small>")
        used = "; ".join(f"{escape_model_text(i.label)} = {i.value} ({escape_model_text(i.origin)})" for i in v.inputs)
        lines.append(f"<small>Inputs: {used}. Reference: {escape_model_text(v.reference)}</small>\n")
    for name, missing in computed.incomplete:
        lines.append(
            f"<small>Not computed, **{escape_model_text(name)}**: missing {escape_model_text(', '.join(missing))} "
            "(never guessed; enter them in the Calculators tab).</small>"
        )
    return "\n\n".join(lines)


def drugs_markdown(check: DrugCheck | None) -> str:
    """Drug names as the app recognised them. There is no interaction database, and the panel says so."""
    if check is None or not check.names:
        return ""
    lines = ["#### 💊 Drug names checked against the DrugBank vocabulary"]
    for d in check.names:
        where = "allergy" if d.field == "allergies" else "medicine"
        written = escape_model_text(d.written)
        if d.kind == "unknown" or not d.name:
            hint = f" Did you mean {escape_model_text(', '.join(d.suggestions))}?" if d.suggestions else ""
            lines.append(f"- ❓ {where} **{written}**: not recognised; check the spelling.{hint}")
        elif d.kind == "fuzzy":
            lines.append(f"- ⚠️ {where} **{written}**: did you mean **{escape_model_text(d.name)}**?")
        else:
            via = {"brand": " (brand name)", "synonym": " (synonym)"}.get(d.kind, "")
            lines.append(f"- ✅ {where} **{written}** = {escape_model_text(d.name)}{via}")
    lines.append(
        "<small>This app has no drug-interaction database: any interaction the model mentions is unverified. "
        "Check a formulary or interaction checker.</small>"
    )
    return "\n".join(lines)


def sources_markdown(sources: Sources | None) -> str:
    if sources is None or not sources.passages:
        return ""
    lines = ["#### 📚 Sources"]
    for p in sources.passages:
        link = f"[{escape_model_text(p.title)}]({p.url})" if p.url else escape_model_text(p.title)
        excerpt = escape_model_text(p.text[:280]) + ("…" if len(p.text) > 280 else "")
        lines.append(
            f"**[{p.number}]** {link} · {escape_model_text(p.origin)} · _{escape_model_text(p.licence)}_  \n"
            f"<small>{excerpt}</small>"
        )
    return "\n\n".join(lines)


Outputs = tuple[str, list[dict], str, str, str, str]


class ViewState(AnswerState):
    """Accumulates events into what a tab shows: notices, steps, answer, meta, computed values, sources."""

    def outputs(self) -> Outputs:
        notices = list(self.notices)
        if self.error:
            notices.append(Notice("input", "The answer could not be completed", self.error))
        answer = escape_model_text(self.progress.answer) if self.progress else ""
        if self.progress and not answer and not self.progress.reasoning_done and not self.error:
            answer = "_Reasoning… the answer appears here when the model has finished thinking._"
        header = [confidence_markdown(self.confidence)] if self.confidence else []
        footer = [grounding_markdown(self.grounding)] if self.grounding else []
        answer = "\n\n".join([*header, answer, *footer]) if answer else answer
        meta = meta_markdown(self.meta) if self.meta else ("_Generating…_" if self.progress and not self.error else "")
        return (
            notice_html(notices),
            step_messages(self.progress, self.meta is not None or bool(self.error)),
            answer,
            meta,
            "\n\n".join(part for part in (computed_markdown(self.computed), drugs_markdown(self.drugs)) if part),
            sources_markdown(self.sources),
        )
