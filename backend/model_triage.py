"""The safety floor's third layer: the served model asked whether the request is a possible emergency.

One Yes/No question (prompts/triage_label.yaml) on the user's request, greedy, one token; P(Yes) is read from that
token's top log-probabilities. It runs only where the rules and the learned head found nothing, and it can only add
a notice, never remove one or change an answer. A threshold holds only for the model it was calibrated on
(`python -m bench.model_triage --calibrate`), so a model without one gets no third layer, and says so.

Measured on the held-out test4 (BENCHMARKS.md): with the packaged 1.5B it raised emergencies escalated from 89.1 % to
93.4 % and look-alikes over-escalated from 13.1 % to 14.9 %, at 0.6–0.7 s of prompt reading per request on 2 idle
cores (the experiment that chose its 2 % threshold budget had seen test4: not a clean held-out figure).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from backend.confidence import letter_distribution
from backend.engines.base import Engine
from backend.types import GenerationParams, Notice, TokenLogprob
from prompts import TriageLabelPrompt, load_triage_label

log = logging.getLogger(__name__)

NOTICE_TITLE = "Possible emergency: please assess"
FLAG = "model_triage:possible_emergency"  # the audit's "source:detail" form, as the rules' flags
TIMEOUT_S = 10.0
"""The most a request waits for this layer (the server busy with other sessions, or wedged): then it goes on
without it. One call takes ~0.7 s on 2 idle cores."""

# The calls run here so that a request can stop waiting for one; a call that outlives its wait finishes unread.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="model-triage")


def yes_probability(token: TokenLogprob, yes: str, no: str) -> float | None:
    """P(yes) among the two labels at the answer's first token, from its top alternatives; None when the server gave
    no alternatives (one sampled token is no probability) or neither label is among them."""
    if not token.top:
        return None
    # the same reading as an MCQ letter's confidence, over two labels, any case (" Yes", "yes", "YES")
    labels = (yes.lower(), no.lower())
    distribution = letter_distribution([(t.lower(), lp) for t, lp in token.top], labels)
    return distribution[labels[0]] if distribution else None


def emergency_probability(engine: Engine, prompt: TriageLabelPrompt, text: str) -> float | None:
    """The served model's P(Yes) that `text` is a possible emergency (one greedy token with its alternatives)."""
    params = GenerationParams(max_tokens=1, temperature=0.0, top_logprobs=10)
    tokens: list[TokenLogprob] = []
    stream = engine.stream(prompt.messages(text), params)
    try:
        for delta in stream:
            tokens.extend(delta.logprobs)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    return yes_probability(tokens[0], prompt.yes, prompt.no) if tokens else None


@dataclass(frozen=True)
class ModelTriage:
    """The third layer for one served model: its engine, prompt and calibrated threshold (None: not calibrated for
    this model, so it never asks)."""

    engine: Engine
    prompt: TriageLabelPrompt
    threshold: float | None
    timeout_s: float = TIMEOUT_S

    @classmethod
    def for_engine(cls, engine: Engine) -> ModelTriage:
        prompt = load_triage_label()
        return cls(engine, prompt, prompt.thresholds.get(engine.model_name))

    def notice(self, text: str) -> Notice | None:
        """The "possible emergency: please assess" notice when the model's P(Yes) reaches the threshold; None
        otherwise, and None (logged) when the model cannot be asked in time: this layer never blocks an answer."""
        if self.threshold is None:
            return None
        future = _POOL.submit(emergency_probability, self.engine, self.prompt, text)
        try:
            probability = future.result(timeout=self.timeout_s)
        except FutureTimeout:
            log.warning("model triage skipped: no answer within %.0f s", self.timeout_s)
            return None
        except Exception as exc:  # the answer's own call will report a server fault to the user
            log.warning("model triage skipped: %s", type(exc).__name__)
            return None
        if probability is None:
            log.warning("model triage skipped: the server gave no Yes/No log-probabilities")
            return None
        if probability < self.threshold:
            return None
        return Notice(
            "emergency",
            NOTICE_TITLE,
            "The assistant's model, asked on its own whether this could be an emergency, said yes "
            f"(probability {probability:.2f}); no safety rule fired. If this describes what is happening to "
            "someone now, call your local emergency number or go to the emergency department. The model is often "
            "wrong, in both directions: never read a missing notice as reassurance.",
        )

    def status(self) -> str:
        """A line for the UI's status: whether this layer runs, and why not."""
        if self.threshold is None:
            return f"model triage off (not calibrated for {self.engine.model_name})"
        return f"model triage on (threshold {self.threshold:.2f})"
