"""The assistant service: the one object the UI talks to.

run(request) goes through three phases, each its own method:
  admission  validate the fields, raise red flags and refusals without the model, apply the rate limit;
  streaming  render the task's template, stream from the engine, split reasoning from answer after every chunk;
  closing    notices about how the answer ended (declined, no final answer, cut short) and the audit record.
It never raises to the caller: every failure becomes a `Failed` event with a message fit for a user.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
import time
import traceback
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from backend import guard
from backend.audit import AuditLog
from backend.degeneration import detect_loop
from backend.embedder import Embedder
from backend.engines.base import Engine
from backend.generation import answer_phase, confidence, request_params
from backend.model_triage import FLAG as MODEL_TRIAGE_FLAG
from backend.model_triage import ModelTriage
from backend.ratelimit import RateLimiter
from backend.reasoning import split_reasoning, split_steps
from backend.sources import check_drugs, check_grounding, drugs_prompt, retrieve, sources_prompt, wants_sources
from backend.tools import calculate, computed_for_case, prompt_block, with_context
from backend.types import (
    AnswerMeta,
    BackendError,
    BackendUnavailable,
    ChatMessage,
    Computed,
    ComputedValue,
    Confidence,
    Delta,
    DrugCheck,
    EmptyCompletion,
    EngineHealth,
    Event,
    Failed,
    Finished,
    GenerationParams,
    Notice,
    Progress,
    PromptStyle,
    PromptTemplate,
    Sources,
    Task,
    TaskRequest,
    TokenLogprob,
    TokenUsage,
)
from backend.validation import MAX_FIELD_CHARS, CleanInput, clean_fields
from calculators import REGISTRY, CalculatorSpec, search
from knowledge import KnowledgeIndex
from meddata.answers import is_refusal
from meddata.mcq import MCQ, format_mcq
from meddata.practice import draw, find, practice_bank, source_label
from prompts import GenerationSpec, generation_spec, load_template, option_letters, render_messages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Admission:
    """What admission decided. `outcome` is None when the request may go to the model."""

    template: PromptTemplate
    fields: dict[str, str]  # cleaned values (the raw ones when validation failed)
    summary: str  # "Label: value" lines: what the safety checks read and the audit stores (redacted)
    flags: tuple[str, ...]  # what the safety checks found ("rules:<concept>", "classifier:…", "misuse:<category>")
    notices: tuple[Notice, ...]  # shown before any answer, whatever the model later says
    outcome: str | None = None  # "invalid" | "declined" | "rate_limited" when the request stops here


@dataclass
class StreamState:
    """What the stream has delivered so far."""

    started: float
    content: str = ""
    server_reasoning: str = ""
    first_token_at: float | None = None
    chunks: int = 0
    finish_reason: str | None = None
    usage: TokenUsage | None = None
    logprobs: list[TokenLogprob] = field(default_factory=list)

    def add(self, delta: Delta) -> None:
        if delta.content or delta.reasoning:
            self.chunks += 1
            if self.first_token_at is None:
                self.first_token_at = time.monotonic()
        self.content += delta.content
        self.server_reasoning += delta.reasoning
        self.finish_reason = delta.finish_reason or self.finish_reason
        self.usage = delta.usage or self.usage
        self.logprobs.extend(delta.logprobs)

    @property
    def empty(self) -> bool:
        return not (self.content.strip() or self.server_reasoning.strip())

    def meta(self, *, model: str, template: str, engine: str) -> AnswerMeta:
        return AnswerMeta(
            model=model,
            template=template,
            engine=engine,
            prompt_tokens=self.usage.prompt_tokens if self.usage else None,
            # The server's count when it reports usage; otherwise stream chunks (one token each on llama.cpp and TGI).
            completion_tokens=self.usage.completion_tokens if self.usage else self.chunks,
            time_to_first_token_s=(self.first_token_at - self.started) if self.first_token_at else None,
            total_s=time.monotonic() - self.started,
            finish_reason=self.finish_reason,
        )


def closing_notices(final: Progress, finish_reason: str | None) -> list[Notice]:
    """Notices about how an answer ended. Pure: decided from the final view and the server's finish reason."""
    notices = []
    if is_refusal(final.answer) and len(final.answer) < 300:
        notices.append(
            Notice(
                "info",
                "The model declined",
                "The model declined to answer. Rephrase the request with more clinical detail, or try again.",
            )
        )
    elif not final.answer:
        notices.append(
            Notice(
                "info",
                "No final answer",
                "The model used its whole budget on reasoning. Raise “Max new tokens” or ask a narrower question.",
            )
        )
    if finish_reason == "length" and final.answer:
        notices.append(
            Notice("info", "Answer cut short", "The answer reached the “Max new tokens” limit and may be incomplete.")
        )
    return notices


class AssistantService:
    def __init__(
        self,
        engine: Engine,
        *,
        style: PromptStyle = "instruct",
        audit: AuditLog | None = None,
        rate_limiter: RateLimiter | None = None,
        defaults: GenerationParams | None = None,
        practice_dir: Path | None = None,
        demo: bool = False,
        knowledge: KnowledgeIndex | None = None,
        llama_cpp: bool = False,
        calculator_model_inputs: bool = False,
        model_triage: ModelTriage | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """demo: a public demo (no sign-in): rate limits apply per client address, not per browser session, which a
        script can renew at will. knowledge: the cited-sources index (None: no retrieval). llama_cpp: the engine is a
        llama.cpp server, so llama.cpp's request fields (an MCQ answer grammar, the DRY sampler) may be sent.
        calculator_model_inputs: the model reads the inputs the parsers missed for one calculator per request.
        model_triage: the safety floor's third layer (the served model's own triage label), where calibrated.
        embedder: sentence vectors for the misuse head that reads them (backend.embedder); None: the MiniLM head."""
        self.engine = engine
        self.style = style
        self.defaults = defaults or GenerationParams()
        self._audit_log = audit
        self._rate_limiter = rate_limiter
        self._practice_dir = practice_dir
        self.demo = demo
        self._knowledge = knowledge
        self.llama_cpp = llama_cpp
        self.calculator_model_inputs = calculator_model_inputs
        self.model_triage = model_triage
        self.embedder = embedder

    # --- lifecycle ----------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the engine if it runs in this process (the embedded one; a remote engine needs nothing), and load
        the safety classifier so that the first request does not wait for it."""
        threading.Thread(target=guard.warm_up, name="safety-warm-up", daemon=True).start()
        if self.embedder is not None:  # its server starts now too (~2 s), not on the first request
            threading.Thread(
                target=self.embedder.embed, args=(["warm-up"],), name="embedder-warm-up", daemon=True
            ).start()
        start = getattr(self.engine, "start", None)
        if start is not None:
            start()

    def close(self) -> None:
        self.engine.close()
        if self.embedder is not None:
            self.embedder.close()
        if self._audit_log is not None:
            self._audit_log.close()
        if self._knowledge is not None:
            self._knowledge.close()

    def health(self) -> EngineHealth:
        try:
            return self.engine.health()
        except Exception as exc:  # a health probe must never take the UI down
            return EngineHealth(ok=False, engine=self.engine.name, model=self.engine.model_name, detail=str(exc))

    def safety_status(self) -> str:
        """Which safety layers run beside the rules (and why not), for the status line."""
        third = self.model_triage.status() if self.model_triage is not None else "model triage off (setting)"
        return f"{guard.second_layer_status(llm_vectors=self.embedder is not None)}; {third}"

    # --- what the UI reads --------------------------------------------------------------------------------------

    def template(self, task: Task) -> PromptTemplate:
        return load_template(task)

    def practice_count(self) -> int:
        return len(practice_bank(self._practice_dir))

    def practice_draw(self, rng: random.Random | None = None) -> MCQ | None:
        return draw(self._practice_dir, rng)

    def practice_item(self, item_id: str) -> MCQ | None:
        return find(self._practice_dir, item_id)

    def practice_source(self, item: MCQ) -> str:
        return source_label(item)

    def practice_prompt(self, item: MCQ) -> str:
        """The question as it goes into the education tab's box (no gold answer in it)."""
        return format_mcq(item)

    def calculators(self) -> dict[str, CalculatorSpec]:
        return dict(REGISTRY)

    def search_calculators(self, query: str) -> list[CalculatorSpec]:
        return search(query) if query.strip() else list(REGISTRY.values())

    def calculate(self, calc_id: str, values: dict[str, object], units: dict[str, str] | None = None) -> ComputedValue:
        """One calculator on entered values; raises CalculatorInputError with a message fit for the user."""
        return calculate(calc_id, values, units)

    def record_feedback(self, *, session_id: str, task: Task, rating: int, comment: str) -> bool:
        """Store a rating (+1/-1) and a redacted comment; False when this server stores no records."""
        if self._audit_log is None:
            return False
        self._audit_log.record_feedback(session_id=session_id, task=task, rating=rating, comment=comment)
        return True

    # --- answering ----------------------------------------------------------------------------------------------

    def run(self, request: TaskRequest) -> Iterator[Event]:
        try:
            admission = self._admit(request)
        except Exception as exc:  # a bug in a check must not take the session down (nor leak the input to a log)
            _log_bug(exc, request.task, "admission")
            yield Failed(_OUR_SIDE)
            return
        yield from admission.notices
        if admission.outcome is not None:
            self._record(request, admission, admission.outcome)
            return
        yield from self._answer(request, admission)

    def _admit(self, request: TaskRequest) -> Admission:
        template = load_template(request.task)
        labels = template.labels
        clean = admitted_fields(template, request.fields)
        fields = clean.fields  # when validation refuses the request: the raw values of the template's fields
        # The safety floor reads the request even when validation refuses it: an emergency typed into the wrong box,
        # or next to an over-long field, still gets its notice.
        checked = fields if clean.error is None else {k: (v or "")[:MAX_FIELD_CHARS] for k, v in fields.items()}
        safety = guard.check(_safety_text(template, checked), self.embedder)
        notices = list(safety.notices)  # shown first, whatever happens next and whatever the model later says
        if clean.error is not None:
            summary = case_summary(labels, fields)
            return Admission(template, fields, summary, safety.flags, (*notices, clean.error), "invalid")
        summary = case_summary(labels, clean.fields)
        if safety.declined is not None:
            return Admission(template, clean.fields, summary, safety.flags, (*notices, safety.declined), "declined")
        notices += clean.notices
        key = request.user or (request.client if self.demo and request.client else request.session_id)
        if self._rate_limiter is not None and (wait := self._rate_limiter.acquire(key)):
            limited = Notice(
                "input",
                "Too many requests",
                f"You have reached the limit of requests per minute. Please try again in {wait:.0f} s; "
                "your input is unchanged.",
            )
            return Admission(template, clean.fields, summary, safety.flags, (*notices, limited), "rate_limited")
        flags = safety.flags
        if (
            self.model_triage is not None
            and not any(n.kind == "emergency" for n in notices)
            and not (request.task == "education" and option_letters(clean.fields.get("question", "")))
        ):
            # The third layer, only where the rules and the head found nothing, once the request is admitted, and not
            # on an exam question with options (a vignette, never a live emergency; the rules still read it).
            if (extra := self.model_triage.notice(_safety_text(template, checked))) is not None:
                notices.insert(0, extra)
                flags = (*flags, MODEL_TRIAGE_FLAG)
        return Admission(template, clean.fields, summary, flags, tuple(notices))

    def _tools(
        self, request: TaskRequest, admission: Admission
    ) -> Generator[Event, None, tuple[Computed, DrugCheck | None, Sources | None]]:
        """What the app works out before the model answers: computed values, checked drug names, retrieved
        sources, each yielded as soon as it is known (they show even when the model server is down), and returned
        for the prompt (answer_messages). The model's reading of missing calculator inputs comes
        last: it is the slow one (a constrained-JSON call), and the panel is updated when it is done."""
        computed = computed_for_case(admission.summary)
        if computed.values or computed.incomplete:
            yield computed
        drugs = check_drugs(admission.fields) if request.task == "prescription" else None
        if drugs is not None:
            yield drugs
        sources = None
        if self._knowledge is not None and wants_sources(request.task, admission.fields, request.sources):
            sources = retrieve(self._knowledge, request.task, admission.fields)
            yield sources
        if self.calculator_model_inputs and computed.incomplete:
            completed = self._completed(request, admission, computed)
            if completed != computed:
                computed = completed
                yield completed
        return computed, drugs, sources

    def _completed(self, request: TaskRequest, admission: Admission, computed: Computed) -> Computed:
        """The panel with one calculator completed by the model where it can (education: only a calculator the
        question asks for by name). An unexpected failure here keeps the parsers' panel: it must not cost the
        answer. A Stop waits for the extraction call under way (one call with at most a few inputs)."""
        try:
            return computed_for_case(admission.summary, self.engine, named_only=request.task == "education")
        except Exception as exc:
            _log_bug(exc, request.task, "calculator inputs")
            return computed

    def _answer(self, request: TaskRequest, admission: Admission) -> Iterator[Event]:
        template = admission.template
        state = StreamState(started=time.monotonic())
        outcome = "stopped"  # if the consumer closes the generator (the Stop button), this is what is recorded
        meta: AnswerMeta | None = None
        loop = None
        stream = None
        try:
            computed, drugs, sources = yield from self._tools(request, admission)
            messages = answer_messages(template, admission.fields, self.style, computed, drugs, sources)
            spec = generation_spec(template, admission.fields, self.style)
            params = request_params(request.params, spec, llama_cpp=self.llama_cpp)
            stream = self.engine.stream(messages, params)
            for delta in stream:
                state.add(delta)
                yield self._progress(state, template, final=False)
                if _may_end_a_repeat(delta.content) and (loop := detect_loop(state.content)):
                    state.finish_reason = "loop"
                    break  # the finally block closes the stream, which frees the server's slot
            if state.empty:
                outcome = "failed"
                yield Failed(_EMPTY)
                return
            final = self._progress(state, template, final=True)
            yield final
            if loop is not None:
                yield Notice("info", "Stopped: the model was repeating itself", loop.message)
            if sources is not None and sources.passages:
                # Every citation the user sees is checked, and each claim sentence matched to a passage by the app.
                yield check_grounding(final, sources, admission.fields)
            if found := self._confidence(request.task, final.answer, state, spec, messages, params):
                yield found
            yield from closing_notices(final, state.finish_reason)
            meta = state.meta(model=self.engine.model_name, template=admission.template.id, engine=self.engine.name)
            outcome = "answered"
            yield Finished(meta)
        except BackendError as exc:
            outcome = "failed"
            retryable = isinstance(exc, (BackendUnavailable, EmptyCompletion))
            yield Failed(_user_message(exc, partial=not state.empty), retryable=retryable)
        except Exception as exc:  # a bug must not end the session
            outcome = "failed"
            _log_bug(exc, request.task, "answering")
            yield Failed(_OUR_SIDE)
        finally:
            if stream is not None:
                stream.close()  # on Stop, this closes the HTTP stream at once, so the server frees the slot
            self._record(request, admission, outcome, meta)

    def _confidence(
        self,
        task: Task,
        answer: str,
        state: StreamState,
        spec: GenerationSpec,
        messages: list[ChatMessage],
        params: GenerationParams,
    ) -> Confidence | None:
        found = confidence(task, answer, state.logprobs, spec)
        if found is None and spec.letters and self.llama_cpp and state.finish_reason != "loop":
            try:  # a second, constrained request for the letter alone: a few tokens, never the answer itself
                found = answer_phase(self.engine, messages, state.content, spec.letters, params)
            except BackendError:
                log.warning("the answer-letter phase failed; the answer is shown without a confidence band")
        return found

    def _progress(self, state: StreamState, template: PromptTemplate, *, final: bool) -> Progress:
        server = state.server_reasoning
        parsed = split_reasoning(
            state.content,
            starts_in_reasoning=self.style == "r1" and not server,
            final=final,
            answer_sections=template.answer_sections,
        )
        reasoning = "\n\n".join(part for part in (server.strip(), parsed.reasoning) if part)
        done = parsed.reasoning_done if not server else bool(state.content.strip()) or final
        return Progress(reasoning=reasoning, steps=split_steps(reasoning), answer=parsed.answer, reasoning_done=done)

    def _record(self, request: TaskRequest, admission: Admission, outcome: str, meta: AnswerMeta | None = None) -> None:
        if self._audit_log is None:
            return
        try:
            self._audit_log.record_request(
                session_id=request.session_id,
                task=request.task,
                template=admission.template.id,
                model=self.engine.model_name,
                outcome=outcome,
                flags=admission.flags,
                text=admission.summary,
                completion_tokens=meta.completion_tokens if meta else None,
                user=request.user,
                ttft_s=meta.time_to_first_token_s if meta else None,
                total_s=meta.total_s if meta else None,
            )
        except Exception:  # auditing must not break answering; the failure itself is logged
            log.exception("audit write failed")


def answer_messages(
    template: PromptTemplate,
    fields: dict[str, str],
    style: PromptStyle,
    computed: Computed,
    drugs: DrugCheck | None = None,
    sources: Sources | None = None,
) -> list[ChatMessage]:
    """What the engine is sent for admitted fields: the template rendered, then what the app worked out before the
    model (exact computed values, checked drug names, numbered sources), in that order, in the last user turn.
    Benchmarks that score the app's prompt build it here too."""
    blocks = (prompt_block(computed), drugs_prompt(drugs), sources_prompt(sources) if sources else "")
    return with_context(render_messages(template, fields, style), *blocks)


def with_overrides(defaults: GenerationParams, **overrides: object) -> GenerationParams:
    """The service's defaults with a tab's slider values on top (raises ValueError on a bad value)."""
    return dataclasses.replace(defaults, **overrides)


def admitted_fields(template: PromptTemplate, fields: dict[str, str]) -> CleanInput:
    """The request's fields as admission takes them: the template's own fields only, cleaned and checked."""
    labels = template.labels
    given = {k: v for k, v in fields.items() if k in labels}
    return clean_fields(given, template.required, labels, {f.name: f.max_chars for f in template.fields})


def case_summary(labels: dict[str, str], fields: dict[str, str]) -> str:
    """The filled fields as "Label: value" lines: what the calculators' parsers read and the audit stores."""
    return "\n".join(f"{labels[k]}: {v}" for k, v in fields.items() if v)


def _safety_text(template: PromptTemplate, fields: dict[str, str]) -> str:
    """What the safety rules read: the main free-text field as written (a rule may read how it begins, e.g. "What
    defines…" as a textbook question), then the other fields with their labels ("Age: 3 weeks")."""
    main = template.required[0] if template.required else None
    rest = {k: v for k, v in fields.items() if k != main}
    parts = (fields.get(main, "") if main else "", case_summary(template.labels, rest))
    return "\n".join(part for part in parts if part)


def _may_end_a_repeat(piece: str) -> bool:
    """Loop detection reads the whole answer, so run it only where a repeated sentence or line can have ended."""
    return any(mark in piece for mark in ".!?\n")


_OUR_SIDE = "Something went wrong on our side. Your input is unchanged; please try again."


def _log_bug(exc: BaseException, task: str, phase: str) -> None:
    """Log where a bug happened without its message: Python's messages often quote the input (patient text)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s during %s of a %s request:\n%s", type(exc).__name__, phase, task, frames)


_EMPTY = "The model returned an empty answer. Please try again, or rephrase the request."


def _user_message(exc: BackendError, *, partial: bool) -> str:
    kept = " The part already shown is kept." if partial else ""
    if isinstance(exc, EmptyCompletion):
        return _EMPTY + kept
    if isinstance(exc, BackendUnavailable):
        return (
            f"The model server is not available right now ({exc}). Your input is unchanged; try again shortly." + kept
        )
    return f"The answer could not be completed: {exc}. Your input is unchanged; please try again." + kept
