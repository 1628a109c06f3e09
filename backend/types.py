"""The service's interface: typed requests, the events a request streams back, and the engine-level types.

The UI imports only this module and `backend.service` (a contract test keeps it so); it never sees an engine, torch
or transformers. Task, TASKS and ChatMessage live in the lowest layer (core.types) and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from calculators import CalculatorInputError, CalculatorSpec, InputSpec
from core.types import TASKS, ChatMessage, PromptStyle, Task
from meddata.mcq import MCQ
from prompts import FieldSpec, PromptTemplate

# Re-exported for the UI, which imports nothing below the service's interface.
__all__ = [
    "MCQ",
    "TASKS",
    "CalculatorInputError",
    "CalculatorSpec",
    "ChatMessage",
    "FieldSpec",
    "InputSpec",
    "PromptStyle",
    "PromptTemplate",
    "Task",
]


@dataclass(frozen=True)
class GenerationParams:
    """Sampling settings. Defaults follow DeepSeek's guidance for R1 models (temperature 0.6, top-p 0.95)."""

    max_tokens: int = 768
    temperature: float = 0.6
    top_p: float = 0.95
    seed: int | None = None
    ignore_eos: bool = False
    """Benchmarks only: generate exactly max_tokens (servers that support it: llama.cpp, vLLM)."""
    stop: tuple[str, ...] = ()
    top_logprobs: int = 0
    """> 0: ask the server for each generated token's log-probability and this many alternatives (confidence)."""
    response_format: dict[str, Any] | None = None
    """A Messages-API response_format (e.g. {"type": "json_object", "schema": {...}}) for constrained output."""
    server_options: tuple[tuple[str, Any], ...] = ()
    """Extra request fields for servers that understand them (llama.cpp's repeat_penalty / dry_multiplier, …)."""

    def __post_init__(self) -> None:
        if not 1 <= self.max_tokens <= 32768:
            raise ValueError(f"max_tokens must be in [1, 32768], got {self.max_tokens}")
        if not 0.0 <= self.temperature <= 2.0:
            raise ValueError(f"temperature must be in [0, 2], got {self.temperature}")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be in (0, 1], got {self.top_p}")
        if not 0 <= self.top_logprobs <= 20:
            raise ValueError(f"top_logprobs must be in [0, 20], got {self.top_logprobs}")


@dataclass(frozen=True)
class TokenLogprob:
    token: str
    logprob: float
    top: tuple[tuple[str, float], ...] = ()  # the server's most likely alternatives at this position, with logprobs


@dataclass(frozen=True)
class TokenUsage:
    """Token counts as the server reports them (the Messages API's `usage`, asked for with stream_options)."""

    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Delta:
    """One streamed piece from an engine. `reasoning` is filled only by servers that split it out."""

    content: str = ""
    reasoning: str = ""
    finish_reason: str | None = None
    logprobs: tuple[TokenLogprob, ...] = ()
    usage: TokenUsage | None = None  # usually on the last chunk only


@dataclass(frozen=True)
class TaskRequest:
    task: Task
    fields: dict[str, str]
    params: GenerationParams = field(default_factory=GenerationParams)
    session_id: str = "anonymous"
    user: str | None = None  # the signed-in user, when the app requires sign-in
    client: str | None = None  # the client's network address (a public demo rate-limits per address)
    sources: Literal["auto", "on", "off"] = "auto"  # cited retrieval; auto = on except for multiple-choice questions


NoticeKind = Literal["emergency", "declined", "input", "info"]


@dataclass(frozen=True)
class Notice:
    """A message the UI must show as-is. Emergency notices never depend on the model's text (the model-triage
    notice reads only its yes/no probability on the request, and can only add)."""

    kind: NoticeKind
    title: str
    message: str


@dataclass(frozen=True)
class Progress:
    """A snapshot of the answer so far (cumulative, so a UI can simply re-render it)."""

    reasoning: str
    steps: tuple[str, ...]
    answer: str
    reasoning_done: bool


@dataclass(frozen=True)
class AnswerMeta:
    model: str
    template: str  # "<task>@<version>"
    engine: str
    prompt_tokens: int | None
    completion_tokens: int
    time_to_first_token_s: float | None
    total_s: float
    finish_reason: str | None

    @property
    def tokens_per_s(self) -> float | None:
        decode_s = self.total_s - (self.time_to_first_token_s or 0.0)
        if self.completion_tokens < 2 or decode_s <= 0:
            return None
        return (self.completion_tokens - 1) / decode_s


@dataclass(frozen=True)
class Finished:
    meta: AnswerMeta


@dataclass(frozen=True)
class Failed:
    """A user-facing error: clear, with no prompt, secret or stack trace in it."""

    message: str
    retryable: bool = True


@dataclass(frozen=True)
class ComputedInput:
    label: str
    value: str  # formatted, with its unit
    origin: str  # where it came from: the text it was read from ("creatinine 1.4 mg/dL"), or "entered by you"


@dataclass(frozen=True)
class ComputedValue:
    """One calculator result, computed by code (never by the model), with everything needed to check it."""

    calculator_id: str
    name: str
    value: str  # formatted
    unit: str
    band: str  # the interpretation band's label ("" where the reference gives none)
    meaning: str
    substituted: str  # the formula with the numbers used
    reference: str
    inputs: tuple[ComputedInput, ...]


@dataclass(frozen=True)
class Computed:
    """What the app computed from the case before the model ran; the model is given these exact numbers."""

    values: tuple[ComputedValue, ...]
    incomplete: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (calculator name, missing inputs): never guessed


@dataclass(frozen=True)
class SourcePassage:
    number: int  # what the answer cites as [number]
    title: str
    origin: str  # "NIH · NIDDK", "PubMed PMID 12345678"
    url: str
    licence: str
    text: str


@dataclass(frozen=True)
class Sources:
    """The passages retrieved for this request, numbered as the model was asked to cite them."""

    passages: tuple[SourcePassage, ...]


def number_order(number: str) -> tuple[float, str]:
    """Numbers as written ("1,000" aside) in numeric order; anything unparsable last."""
    try:
        return float(number), number
    except ValueError:
        return float("inf"), number


@dataclass(frozen=True)
class Statement:
    """One claim sentence of the answer or of a reasoning step, matched by the app (backend.attribution) to the
    passage given to the model whose words it uses. Lexical: "supported" means that passage states its content
    words and every number it gives, not that the claim is proven true."""

    text: str
    start: int  # character offsets of the sentence in the answer text, or in its reasoning step's text
    end: int
    step: int | None  # None: in the answer; else its index in Progress.steps
    passage: int | None  # the number of the best-matching passage (None: no passage shares a content word)
    score: float  # the share of the sentence's content words found in that passage, 0–1
    supported: bool  # score at or above the app's threshold, and every number it states is in that passage
    unsourced_numbers: tuple[str, ...] = ()  # numbers it states that no passage (nor the input) gives: never supported
    restates_input: bool = False  # no passage supports it, the user's own input does: it repeats the question or case


GroundingStatus = Literal[  # in the order reports list them
    "cites its sources",
    "cites sources the app could not match",
    "supported by the sources",
    "partly supported",
    "not supported",
    "no claims to check",
    "invalid citations",
]


@dataclass(frozen=True)
class Grounding:
    """How the finished answer rests on the sources given: every [n] the model wrote, checked against the passages
    given, and each claim sentence matched by the app to the passage that supports it (the model seldom cites)."""

    cited: tuple[int, ...]
    invalid: tuple[int, ...]  # cited numbers that were never given
    statements: tuple[Statement, ...] = ()  # claim sentences only: generic ones ("I hope this helps") are left out

    @property
    def claims(self) -> tuple[Statement, ...]:
        """The statements that must rest on a source: all but those that only repeat the user's input."""
        return tuple(s for s in self.statements if not s.restates_input)

    @property
    def supported(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.supported)

    @property
    def supported_share(self) -> float | None:
        """The share of claims the app matched to a passage; None when the answer makes no claim of its own."""
        claims = self.claims
        return len(self.supported) / len(claims) if claims else None

    @property
    def unsourced_numbers(self) -> tuple[str, ...]:
        """Every number a statement states that no passage gives, once each, in numeric order."""
        return tuple(sorted({n for s in self.statements for n in s.unsourced_numbers}, key=number_order))

    @property
    def status(self) -> GroundingStatus:
        """An invalid [n] is never hidden; the model's own valid citations come next; else what the app matched."""
        if self.invalid:
            return "invalid citations"
        share = self.supported_share
        if self.cited:
            # a citation is the model's word; when the app matched none of the claims, say so rather than vouch
            return "cites sources the app could not match" if share == 0.0 else "cites its sources"
        if share is None:
            return "no claims to check"  # the answer only repeats the question or case
        if share == 1.0:
            return "supported by the sources"
        return "partly supported" if share else "not supported"


@dataclass(frozen=True)
class DrugName:
    field: str  # the form field it was written in: medications | allergies
    written: str
    name: str | None  # the DrugBank name; None when not recognised
    kind: str  # exact | synonym | brand | fuzzy | unknown
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class DrugCheck:
    """Drug names as the app recognised them (DrugBank vocabulary), shown to the user and given to the model."""

    names: tuple[DrugName, ...]


ConfidenceBand = Literal["high", "moderate", "low"]
ConfidenceMethod = Literal["letter_probability", "self_consistency", "stated_likelihood"]
CONFIDENCE_LABELS: dict[ConfidenceBand, str] = {
    "high": "high confidence",
    "moderate": "moderate confidence",
    "low": "low confidence: verify",
}


@dataclass(frozen=True)
class Confidence:
    """How sure the answer is, as a labelled band with its meaning (backend.confidence computes it). The UI shows
    the label and the explanation, never the score: a small model's raw probability reads as false precision."""

    band: ConfidenceBand
    method: ConfidenceMethod
    score: float | None  # the number behind the band, for calibration and audit
    explanation: str  # one line: what was measured and what it means

    @property
    def label(self) -> str:
        return CONFIDENCE_LABELS[self.band]


Event = Notice | Progress | Finished | Failed | Computed | DrugCheck | Sources | Grounding | Confidence


@dataclass
class AnswerState:
    """One answer's events folded into their latest state: what a tab shows (ui.render builds on it) and what a
    benchmark records, read the same way."""

    notices: list[Notice] = field(default_factory=list)
    progress: Progress | None = None
    meta: AnswerMeta | None = None
    error: str = ""
    computed: Computed | None = None
    drugs: DrugCheck | None = None
    sources: Sources | None = None
    grounding: Grounding | None = None
    confidence: Confidence | None = None

    def apply(self, event: Event) -> None:
        if isinstance(event, Notice):
            self.notices.append(event)
        elif isinstance(event, Progress):
            self.progress = event
        elif isinstance(event, Finished):
            self.meta = event.meta
        elif isinstance(event, Failed):
            self.error = event.message
        elif isinstance(event, Computed):
            self.computed = event
        elif isinstance(event, DrugCheck):
            self.drugs = event
        elif isinstance(event, Sources):
            self.sources = event
        elif isinstance(event, Grounding):
            self.grounding = event
        elif isinstance(event, Confidence):
            self.confidence = event


@dataclass(frozen=True)
class EngineHealth:
    ok: bool
    engine: str
    model: str
    detail: str = ""


class BackendError(Exception):
    """Base class for errors an engine raises; the service turns them into `Failed` events."""


class BackendUnavailable(BackendError):
    """The model server cannot be reached (not started, refused, DNS, timeout on connect)."""


class GenerationError(BackendError):
    """The server was reached but the generation failed (HTTP error, broken or malformed stream)."""


class EmptyCompletion(GenerationError):
    """The server finished without producing any text (raised by engines; the service reports it)."""
