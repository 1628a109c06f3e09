"""Turn backend events into what the output components show. Pure functions, no Gradio import."""

from __future__ import annotations

import html
import itertools

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
    Statement,
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


def step_messages(progress: Progress | None, finished: bool, grounding: Grounding | None = None) -> list[dict]:
    """The stepwise-reasoning viewer: one collapsible chat message per numbered step, each claim sentence marked
    with the source the app matched it to (once the answer is checked)."""
    if progress is None or not progress.steps:
        return []
    statements = grounding.statements if grounding else ()
    messages = []
    last = len(progress.steps) - 1
    for i, step in enumerate(progress.steps):
        pending = i == last and not (progress.reasoning_done or finished)
        messages.append(
            {
                "role": "assistant",
                "content": attributed_text(step, [s for s in statements if s.step == i]),
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


# What the app adds after a sentence: visibly not a model citation ([n]), and says so on hover.
_MATCHED = "Matched by the app, not a citation by the model: {share} of this statement's words are in source [{n}]"
_UNMATCHED = "Matched by the app: no source given states this{why}. Check it before relying on it."
_INPUT = "Matched by the app to what you entered, not to a source: it repeats the question or case."


def _marker(statement: Statement) -> str:
    if statement.supported and statement.passage is not None:
        title = _MATCHED.format(share=f"{statement.score:.0%}", n=statement.passage)
        return f' <sup class="ma-attr" title="{html.escape(title)}">↳[{statement.passage}]</sup>'
    if statement.restates_input:
        return f' <sup class="ma-attr ma-attr-input" title="{html.escape(_INPUT)}">↳ your input</sup>'
    if statement.unsourced_numbers:
        why = f" ({', '.join(statement.unsourced_numbers)} is in none of them)"
    elif statement.passage is not None:
        why = f" (closest: source [{statement.passage}], {statement.score:.0%} of its words)"
    else:
        why = ""
    title = _UNMATCHED.format(why=why)
    return f' <sup class="ma-attr ma-unsupported" title="{html.escape(title)}">↳ not in sources</sup>'


def attributed_text(text: str, statements: list[Statement] | tuple[Statement, ...]) -> str:
    """Model text, escaped, with the app's marker after each claim sentence: "↳[2]" where the app matched it to
    source [2], "↳ not in sources" where no source given supports it, "↳ your input" where it only repeats the
    question or case. Statements that no longer match the text (offsets from another version of it) are not marked
    at all."""
    placed = sorted(statements, key=lambda s: s.start)
    if any(text[s.start : s.end] != s.text for s in placed) or any(
        a.end > b.start for a, b in itertools.pairwise(placed)
    ):
        return escape_model_text(text)
    parts, last = [], 0
    for s in placed:
        parts += [escape_model_text(text[last : s.end]), _marker(s)]
        last = s.end
    return "".join(parts) + escape_model_text(text[last:])


_STATUS_LINE = {
    "cites its sources": "📎 **Cites its sources:** {cited} (see Sources).",
    "cites sources the app could not match": "🟡 **Cites {cited}, but no statement matches a source given:** check "
    "the citation against the Sources panel.",
    "no claims to check": "ℹ️ **No claims to check:** the answer repeats the question or case.",
    "supported by the sources": "📎 **Supported by the sources** (matched by the app: the model cited none).",
    "partly supported": "🟡 **Partly supported by the sources** (matched by the app: the model cited none).",
    "not supported": "⚠️ **Not supported by the sources:** no statement matches a source given; treat its facts as "
    "unverified.",
}


def statements_line(grounding: Grounding) -> str:
    """How many claim sentences the app matched to a source: "4 of 6 statements matched to a source; 2 not
    supported: check them"."""
    claims = grounding.claims
    repeats = len(grounding.statements) - len(claims)
    if not grounding.statements:
        return ""
    matched = len(grounding.supported)
    noun = "statement" if len(claims) == 1 else "statements"
    parts = [f"↳ **{matched} of {len(claims)} {noun} matched to a source** by the app"] if claims else []
    if matched < len(claims):
        parts.append(f"{len(claims) - matched} not supported: check them")
    if repeats:
        parts.append(f"{repeats} statement{' repeats' if repeats == 1 else 's repeat'} your input")
    line = "; ".join(parts) if claims else "↳ " + parts[0]
    numbers = grounding.unsourced_numbers
    if numbers:
        line += f". Numbers that no source gives: {', '.join(numbers)}"
    return (
        f"{line}. <small>(Word matching, not the model's citations: a match shows where to check, not that the "
        "statement is right.)</small>"
    )


def grounding_markdown(grounding: Grounding) -> str:
    """The grounding panel under the answer: the model's citations (an invalid [n] is never hidden), then what the
    app matched, sentence by sentence."""
    status = grounding.status
    if status == "invalid citations":
        wrong = ", ".join(f"[{n}]" for n in grounding.invalid)
        head = f"⚠️ **Invalid citations:** {wrong} cite(s) no source given to the model."
    else:
        head = _STATUS_LINE[status].format(cited=", ".join(f"[{n}]" for n in grounding.cited))
    line = statements_line(grounding)
    return f"{head}  \n{line}" if line else head


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


def sources_markdown(sources: Sources | None, grounding: Grounding | None = None) -> str:
    if sources is None or not sources.passages:
        return ""
    lines = ["#### 📚 Sources"]
    matched: dict[int, int] = {}
    for s in grounding.supported if grounding else ():
        matched[s.passage] = matched.get(s.passage, 0) + 1
    for p in sources.passages:
        link = f"[{escape_model_text(p.title)}]({p.url})" if p.url else escape_model_text(p.title)
        excerpt = escape_model_text(p.text[:280]) + ("…" if len(p.text) > 280 else "")
        count = matched.get(p.number, 0)
        used = f" · ↳ {count} statement{'s' if count != 1 else ''} matched here by the app" if count else ""
        lines.append(
            f"**[{p.number}]** {link} · {escape_model_text(p.origin)} · _{escape_model_text(p.licence)}_{used}  \n"
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
        statements = self.grounding.statements if self.grounding else ()
        answer = (
            attributed_text(self.progress.answer, [s for s in statements if s.step is None]) if self.progress else ""
        )
        if self.progress and not answer and not self.progress.reasoning_done and not self.error:
            answer = "_Reasoning… the answer appears here when the model has finished thinking._"
        header = [confidence_markdown(self.confidence)] if self.confidence else []
        footer = [grounding_markdown(self.grounding)] if self.grounding else []
        answer = "\n\n".join([*header, answer, *footer]) if answer else answer
        meta = meta_markdown(self.meta) if self.meta else ("_Generating…_" if self.progress and not self.error else "")
        return (
            notice_html(notices),
            step_messages(self.progress, self.meta is not None or bool(self.error), self.grounding),
            answer,
            meta,
            "\n\n".join(part for part in (computed_markdown(self.computed), drugs_markdown(self.drugs)) if part),
            sources_markdown(self.sources, self.grounding),
        )
