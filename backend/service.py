"""The assistant service: the one object the UI talks to.

run(request) checks the input, raises red flags and refusals without the model, renders the task's template,
streams from the engine and yields typed events (backend.types). It never raises to the caller: every failure
becomes a `Failed` event with a message fit for a user.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator

from backend.audit import AuditLog
from backend.engines.base import Engine
from backend.ratelimit import RateLimiter
from backend.reasoning import split_reasoning, split_steps
from backend.safety import clean_fields, emergency_notice, misuse, red_flags
from backend.types import (
    AnswerMeta,
    BackendError,
    BackendUnavailable,
    EmptyCompletion,
    EngineHealth,
    Event,
    Failed,
    Finished,
    Notice,
    Progress,
    TaskRequest,
)
from prompts import PromptStyle, load_template, render_messages

log = logging.getLogger(__name__)

_REFUSAL = re.compile(
    r"^\W*(?:i'?m sorry|i am sorry|sorry)[^.]{0,40}\b(?:can(?:no|')?t|unable to|not able to)\b"
    r"[^.]{0,40}\b(?:assist|help|provide)",
    re.IGNORECASE,
)


class AssistantService:
    def __init__(
        self,
        engine: Engine,
        *,
        style: PromptStyle = "instruct",
        audit: AuditLog | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.engine = engine
        self.style = style
        self.audit = audit
        self.rate_limiter = rate_limiter

    def health(self) -> EngineHealth:
        try:
            return self.engine.health()
        except Exception as exc:  # a health probe must never take the UI down
            return EngineHealth(ok=False, engine=self.engine.name, model=self.engine.model_name, detail=str(exc))

    def run(self, request: TaskRequest) -> Iterator[Event]:
        template = load_template(request.task)
        labels = template.labels
        known = {f.name for f in template.fields}
        fields = {k: v for k, v in request.fields.items() if k in known}
        summary = "\n".join(f"{labels[k]}: {v}" for k, v in fields.items() if v)

        def audit(outcome: str, flags: tuple[str, ...] = (), meta: AnswerMeta | None = None) -> None:
            if self.audit is None:
                return
            try:
                self.audit.record_request(
                    session_id=request.session_id,
                    task=request.task,
                    template=template.id,
                    model=self.engine.model_name,
                    outcome=outcome,
                    flags=flags,
                    text=summary,
                    completion_tokens=meta.completion_tokens if meta else None,
                    user=request.user,
                    ttft_s=meta.time_to_first_token_s if meta else None,
                    total_s=meta.total_s if meta else None,
                )
            except Exception:  # auditing must not break answering; the failure itself is logged
                log.exception("audit write failed")

        clean = clean_fields(fields, template.required, labels, {f.name: f.max_chars for f in template.fields})
        if clean.error is not None:
            audit("invalid")
            yield clean.error
            return

        joined = "\n".join(f"{labels[k]}: {v}" for k, v in clean.fields.items() if v)
        flags = red_flags(joined)
        flag_names = tuple(rule.name for rule in flags)
        if notice := emergency_notice(flags):
            yield notice  # before anything else, and whatever the model later says
        if refusal := misuse(joined):
            audit("declined", flag_names)
            yield refusal
            return
        yield from clean.notices

        if self.rate_limiter is not None and (wait := self.rate_limiter.acquire(request.user or request.session_id)):
            audit("rate_limited", flag_names)
            yield Notice(
                "input",
                "Too many requests",
                f"You have reached the limit of requests per minute. Please try again in {wait:.0f} s; "
                "your input is unchanged.",
            )
            return

        messages = render_messages(template, clean.fields, self.style)
        started = time.monotonic()
        first_token_at: float | None = None
        content, server_reasoning = "", ""
        chunks = 0
        finish_reason: str | None = None
        outcome = "stopped"  # if the consumer closes the generator (the Stop button), this is what is recorded
        stream = self.engine.stream(messages, request.params)
        try:
            for delta in stream:
                if delta.content or delta.reasoning:
                    chunks += 1
                    if first_token_at is None:
                        first_token_at = time.monotonic()
                content += delta.content
                server_reasoning += delta.reasoning
                finish_reason = delta.finish_reason or finish_reason
                yield self._progress(content, server_reasoning, final=False)
            final = self._progress(content, server_reasoning, final=True)
            if not (content.strip() or server_reasoning.strip()):
                raise EmptyCompletion("the model returned an empty answer")
            yield final
            if _REFUSAL.search(final.answer) and len(final.answer) < 300:
                yield Notice(
                    "info",
                    "The model declined",
                    "The model declined to answer. Rephrase the request with more clinical detail, or try again.",
                )
            elif not final.answer:
                yield Notice(
                    "info",
                    "No final answer",
                    "The model used its whole budget on reasoning. Raise “Max new tokens” or ask a narrower question.",
                )
            if finish_reason == "length" and final.answer:
                yield Notice(
                    "info", "Answer cut short", "The answer reached the “Max new tokens” limit and may be incomplete."
                )
            meta = AnswerMeta(
                model=self.engine.model_name,
                template=template.id,
                engine=self.engine.name,
                prompt_tokens=None,
                completion_tokens=chunks,
                time_to_first_token_s=(first_token_at - started) if first_token_at else None,
                total_s=time.monotonic() - started,
                finish_reason=finish_reason,
            )
            outcome = "answered"
            audit(outcome, flag_names, meta)
            yield Finished(meta)
        except BackendError as exc:
            outcome = "failed"
            audit(outcome, flag_names)
            yield Failed(
                _user_message(exc, partial=bool(content or server_reasoning)),
                retryable=isinstance(exc, (BackendUnavailable, EmptyCompletion)),
            )
        except Exception:  # a bug must not end the session; log it without user text
            outcome = "failed"
            log.exception("unexpected error while answering a %s request", request.task)
            audit(outcome, flag_names)
            yield Failed("Something went wrong on our side. Your input is unchanged; please try again.")
        finally:
            stream.close()  # on Stop, this closes the HTTP stream at once, so the server frees the slot
            if outcome == "stopped":
                audit(outcome, flag_names)

    def _progress(self, content: str, server_reasoning: str, *, final: bool) -> Progress:
        parsed = split_reasoning(content, starts_in_reasoning=self.style == "r1" and not server_reasoning, final=final)
        reasoning = "\n\n".join(part for part in (server_reasoning.strip(), parsed.reasoning) if part)
        done = parsed.reasoning_done if not server_reasoning else bool(content.strip()) or final
        return Progress(reasoning=reasoning, steps=split_steps(reasoning), answer=parsed.answer, reasoning_done=done)


def _user_message(exc: BackendError, *, partial: bool) -> str:
    kept = " The part already shown is kept." if partial else ""
    if isinstance(exc, EmptyCompletion):
        return "The model returned an empty answer. Please try again, or rephrase the request." + kept
    if isinstance(exc, BackendUnavailable):
        return (
            f"The model server is not available right now ({exc}). Your input is unchanged; try again shortly." + kept
        )
    return f"The answer could not be completed: {exc}. Your input is unchanged; please try again." + kept
