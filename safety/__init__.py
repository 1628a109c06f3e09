"""Safety checks that do not depend on the model: red flags (triage rules plus an optional learned second layer),
misuse refusal and de-identification. Pure: imports only `core` and `calculators` of ours (torch and the embedding
model are optional, loaded lazily by the classifier).

    assess(text) -> tuple[Escalation, ...]          the rules layer; () when nothing fires
    classifier_assess(text) -> Escalation | None    the second layer; may only add "possible emergency: please assess"
    assess_all(text) -> tuple[Escalation, ...]      rules, plus the classifier's notice when no rule fired
    check_misuse(text) -> MisuseFinding | None       the misuse rules
    check_misuse_all(text) -> MisuseFinding | None   rules, plus the learned misuse head's refusal when no rule matched;
                                                     with a vector, the crisis head may add the crisis notice to either
    redact(text, dictionary=True) -> str;  find_identifiers(text, dictionary=True) -> list[(kind, start, end)]
"""

from safety.classifier import assess_all, check_misuse_all, classifier_assess, classifier_state
from safety.deid import find_identifiers, redact
from safety.misuse import MisuseFinding, check_misuse
from safety.triage import CRISIS_ADVICE, Escalation, Trigger, assess

__all__ = [
    "CRISIS_ADVICE",
    "Escalation",
    "MisuseFinding",
    "Trigger",
    "assess",
    "assess_all",
    "check_misuse",
    "check_misuse_all",
    "classifier_assess",
    "classifier_state",
    "find_identifiers",
    "redact",
]
