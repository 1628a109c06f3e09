"""Safety checks that do not depend on the model: input validation, red-flag escalation and misuse refusal.

Every check is a pure function of the user's fields, so an emergency notice appears even when the model is down,
slow or wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.types import Notice

# --- red flags ---------------------------------------------------------------------------------------------------

_EMERGENCY_ADVICE = (
    "Call your local emergency number (911 in the US, 112 in the EU, 999 in the UK) or go to the nearest emergency "
    "department now. Do not wait for this tool's answer."
)
_CRISIS_ADVICE = (
    "If you or someone else may act on thoughts of suicide or self-harm, call your local emergency number now, or a "
    "crisis line (988 in the US, 116 123 Samaritans in the UK and Ireland, 112 in the EU). Stay with the person."
)


@dataclass(frozen=True)
class RedFlagRule:
    name: str
    patterns: tuple[re.Pattern[str], ...]  # all must match (conjunction), each anywhere in the text
    advice: str = _EMERGENCY_ADVICE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_CHEST = _rx(
    r"chest (?:pain|pressure|tightness|discomfort)|crushing (?:pain|sensation)|pain in (?:the|my|his|her) chest"
)
RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule(
        "possible stroke",
        (
            _rx(
                r"fac(?:e|ial) (?:droop|drooping|asymmetry|weakness)|slurred speech|(?:sudden|acute)\s+(?:onset\s+)?(?:of\s+)?"
                r"(?:one[- ]sided |unilateral |left[- ]sided |right[- ]sided )?(?:weakness|numbness|confusion|vision loss|"
                r"loss of vision|trouble speaking|difficulty speaking)|hemiparesis|hemiplegia|aphasia|arm (?:weakness|drift)"
            ),
        ),
    ),
    RedFlagRule(
        "possible heart attack (chest pain with sweating, breathlessness or radiation)",
        (
            _CHEST,
            _rx(
                r"sweat|diaphore|clammy|radiat|(?:left |l )?arm|jaw|short(?:ness)? of breath|breathless|dyspn|nause|"
                r"syncope|faint|collapse"
            ),
        ),
    ),
    RedFlagRule(
        "possible anaphylaxis",
        (
            _rx(
                r"anaphyla|(?:throat|tongue|lips?|face) (?:is |are )?(?:swelling|swollen|tight)|swelling of (?:the )?(?:throat|tongue|lips?|face)"
                r"|(?:hives|rash|swelling).{0,80}(?:wheez|difficulty breathing|trouble breathing|can'?t breathe|stridor)"
                r"|(?:bee|wasp) sting.{0,80}(?:breath|swell|wheez)|(?:peanut|nut|shellfish).{0,60}(?:breath|swell|wheez)"
            ),
        ),
    ),
    RedFlagRule(
        "suicidal intent or self-harm",
        (
            _rx(
                r"suicid|kill (?:my|him|her|them)sel(?:f|ves)|end (?:my|his|her) (?:own )?life|want(?:s)? to die|"
                r"self[- ]harm|hurt (?:my|him|her)self|take all (?:my|of my|his|her) (?:pills|tablets)|"
                r"overdos(?:e|ing) on purpose|no reason to live|better off dead"
            ),
        ),
        _CRISIS_ADVICE,
    ),
    RedFlagRule(
        "fever in a young infant",
        (
            _rx(
                r"fever|febrile|temp(?:erature)?\s*(?:of\s*)?(?:3[89](?:\.\d)?|4[0-2](?:\.\d)?)\s*°?\s*c|"
                r"(?:100\.[4-9]|10[1-6](?:\.\d)?)\s*°?\s*f"
            ),
            _rx(
                r"neonat|newborn|new-born|\b(?:[0-9]|1[0-2])[- ]?(?:weeks?|wks?|days?)[- ]old\b|"
                r"\b(?:[0-2](?:\.\d)?|one|two)[- ]?months?[- ]old\b|\bage[:\s]+(?:[0-9]|1[0-2])\s*(?:weeks?|days?)\b|"
                r"\bage[:\s]+[0-2]\s*months?\b|\b(?:[0-9]|1[0-2])\s*(?:weeks?|days?)\s*$|^\s*[0-2]\s*months?\s*$"
            ),
        ),
    ),
    RedFlagRule(
        "possible meningitis or sepsis",
        (
            _rx(
                r"(?:stiff neck|neck stiffness|nuchal rigidity|non-?blanching rash|petechia|purpura).{0,120}(?:fever|febrile)|"
                r"(?:fever|febrile).{0,120}(?:stiff neck|neck stiffness|nuchal rigidity|non-?blanching rash|petechia|purpura)"
            ),
        ),
    ),
    RedFlagRule(
        "severe breathing difficulty",
        (
            _rx(
                r"can'?t breathe|cannot breathe|unable to (?:breathe|speak in (?:full )?sentences)|blue lips|cyanos|"
                r"spo2\s*(?:of\s*)?(?:[0-8]\d)\s*%|(?:sats?|saturation)\s*(?:of\s*)?(?:[0-8]\d)\s*%|stridor"
            ),
        ),
    ),
    RedFlagRule(
        "loss of consciousness or prolonged seizure",
        (
            _rx(
                r"unconscious|unresponsive|not responding|won'?t wake|(?:seizure|convulsion|fit)s?.{0,40}(?:[5-9]|\d\d)\s*min|"
                r"status epilepticus"
            ),
        ),
    ),
    RedFlagRule(
        "severe bleeding",
        (
            _rx(
                r"(?:vomiting|coughing up|throwing up) (?:blood|large amounts of blood)|haematemesis|hematemesis|"
                r"(?:heavy|severe|uncontrolled|massive) (?:bleeding|haemorrhage|hemorrhage)"
            ),
        ),
    ),
    RedFlagRule(
        "thunderclap headache",
        (_rx(r"thunderclap|worst headache (?:of (?:my|his|her|their) life|ever)|sudden(?:ly)? severe headache"),),
    ),
)


def red_flags(text: str) -> tuple[RedFlagRule, ...]:
    """Rules whose every pattern matches `text` (all of the user's fields joined)."""
    return tuple(rule for rule in RED_FLAG_RULES if all(p.search(text) for p in rule.patterns))


def emergency_notice(rules: tuple[RedFlagRule, ...]) -> Notice | None:
    if not rules:
        return None
    names = "; ".join(rule.name for rule in rules)
    advice = " ".join(dict.fromkeys(rule.advice for rule in rules))
    return Notice("emergency", f"Possible emergency: {names}", advice)


# --- misuse ------------------------------------------------------------------------------------------------------

_MISUSE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "forged or fraudulent prescriptions",
        _rx(
            r"(?:forge|fake|falsif|counterfeit|fraudulent)\w*\s+(?:a\s+|an\s+|the\s+)?(?:doctor'?s?\s+)?"
            r"(?:prescription|script|rx|signature|sick note|medical certificate)|"
            r"(?:write|make|create|generate)\s+(?:me\s+)?(?:a\s+)?(?:prescription|script)\s+(?:in|under|with)\s+"
            r"(?:the\s+)?(?:name|signature|dea)|(?:get|buy|obtain)\s+\w*\s*(?:oxycodone|fentanyl|adderall|xanax|opioids?|"
            r"benzos?)\s+without\s+(?:a\s+)?(?:prescription|doctor)|doctor shopping|fool (?:the|a) pharmacist"
        ),
    ),
    (
        "coaching on lethal doses or harming someone",
        _rx(
            r"(?:lethal|fatal|deadly)\s+(?:dose|amount|overdose)\b.{0,80}(?:to kill|kill (?:him|her|them|someone|my)|"
            r"without (?:being )?(?:detected|traced|noticed)|undetect|so (?:he|she|they) (?:dies?|won'?t wake))|"
            r"(?:how (?:much|many)|what amount|what dose)\b.{0,60}\bto (?:kill|murder|poison)\b|"
            r"(?:poison|kill|murder)\s+(?:my|a|the|someone|somebody|him|her|them)\b.{0,60}(?:without|undetect|untrace|"
            r"with (?:pills|medication|insulin|drugs))|undetectable poison|untraceable (?:poison|drug)"
        ),
    ),
    (
        "requests for the system prompt or to override instructions",
        _rx(
            r"(?:reveal|show|print|repeat|output|display|tell me|give me|what is|what'?s)\s+(?:me\s+)?(?:your|the)\s+"
            r"(?:full\s+|hidden\s+|exact\s+|original\s+)?(?:system|initial|hidden|developer)\s+(?:prompt|instructions?|message)|"
            r"ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions?|prompts?|rules)|"
            r"disregard\s+(?:all\s+|your\s+)?(?:previous|prior|above)?\s*(?:instructions?|rules|guidelines)|"
            r"you are now (?:in )?(?:dan|developer mode|jailbr)|jailbreak"
        ),
    ),
)


def misuse(text: str) -> Notice | None:
    """A refusal notice when the request asks for something this tool must not do."""
    for what, pattern in _MISUSE:
        if pattern.search(text):
            return Notice(
                "declined",
                "Request declined",
                f"This assistant does not help with {what}. Your text is still in the form; if this was a genuine "
                "clinical question, rephrase it as one (e.g. ask about toxic thresholds and management of overdose).",
            )
    return None
