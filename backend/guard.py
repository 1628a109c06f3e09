"""The safety floor in the service's terms: the `safety` package's findings as the notices a user sees.

The rules run on every request, before and independently of the model; the classifier layer may only add a
"possible emergency" notice where the rules found nothing, a refusal where the misuse rules found nothing, and (10.1.0)
the crisis notice to a request already declined. Nothing the model says can remove any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.embedder import Embedder
from backend.types import Notice
from safety import CRISIS_ADVICE, Escalation, assess, assess_all, check_misuse, classifier_state, redact
from safety.classifier import add_crisis_by_head, crisis_may_be_added, learned_emergency_assess, learned_misuse_check


@dataclass(frozen=True)
class SafetyFindings:
    flags: tuple[str, ...]  # what the audit records: concept names of every trigger, and the layer that fired
    notices: tuple[Notice, ...]  # emergency / crisis notices, shown before anything else
    declined: Notice | None  # set when the request must not reach the model


EMERGENCY_PREFIX = "Possible emergency"


def escalation_notice(escalation: Escalation) -> Notice:
    """Every escalation's title starts the same way, so a user scanning the page sees at once what kind it is."""
    evidence = "; ".join(dict.fromkeys(f"“{t.evidence}”" for t in escalation.triggers))
    because = f" Triggered by: {evidence}." if evidence else ""
    title = escalation.title
    if not title.lower().startswith(EMERGENCY_PREFIX.lower()):
        title = title.removeprefix("Possible ").removeprefix("possible ")
        title = f"{EMERGENCY_PREFIX}: {title[:1].lower()}{title[1:]}"
    return Notice("emergency", title, f"{escalation.advice}{because}")


def check(summary: str, embedder: Embedder | None = None) -> SafetyFindings:
    """All safety checks on the request's text (every field, labelled, joined). With `embedder`, what no rule matched
    is judged by the heads on its LLM sentence vector, one vector for both (the MiniLM heads when it cannot be had)."""
    escalations = list(assess(summary))
    finding = check_misuse(summary)
    vector = None
    if embedder is not None and (not escalations or finding is None or crisis_may_be_added(finding)):  # rules left open
        found = embedder.embed([summary])
        vector = found[0] if found else None
    if not escalations and (extra := learned_emergency_assess(summary, vector)) is not None:
        escalations.append(extra)
    notices = [escalation_notice(e) for e in escalations]
    flags = [f"{e.source}:{t.concept}" for e in escalations for t in e.triggers] or [
        f"{e.source}:{e.title}" for e in escalations
    ]
    declined = None
    if finding is None:
        finding = learned_misuse_check(summary, vector)
    finding = add_crisis_by_head(finding, summary, vector)
    if finding is not None:
        flags.append(f"misuse:{finding.category}")
        declined = Notice("declined", "Request declined", finding.message)
        if finding.also_crisis and not any(e.level == "crisis" for e in escalations):
            notices.append(Notice("emergency", "If you are thinking of harming yourself", CRISIS_ADVICE))
    return SafetyFindings(tuple(dict.fromkeys(flags)), tuple(notices), declined)


def second_layer_status(llm_vectors: bool) -> str:
    """A line for the UI: whether the learned heads run beside the rules, on which sentence vectors, and why not when
    they do not. The LLM heads fall back to MiniLM for a text longer than their vector reads or when no vector comes."""
    minilm, reason = classifier_state()
    if llm_vectors:
        return "rules + learned heads on LLM vectors " + (
            "(MiniLM for long texts)" if minilm else f"(MiniLM off: {reason})"
        )
    return "rules + learned heads on MiniLM" if minilm else f"rules only (learned heads off: {reason})"


def warm_up() -> None:
    """Load the classifier's embedding model and the de-identification dictionary now, so the first request does not
    wait for them (2–9 s and ~1 s)."""
    assess_all("warm-up: chest pain")
    redact("warm-up: Mr Smith")
