"""How sure an answer is, as a labelled band with a one-line explanation (never a bare percentage). Pure functions.

MCQ: the probability of the chosen letter at the answer position, from the server's token log-probabilities,
renormalised over the options' letters; optionally the agreement share of k sampled answers (self-consistency).
Diagnosis / symptom analysis: the likelihood the model states for its top-ranked item ("Likelihood: high"), and the
agreement of k samples on that item when self-consistency is on.

Thresholds come from bench/calibration.py on practice-bank MCQs (bench/results/calibration.json): a band is worth
showing only if answers in it are right about as often as the band says.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from backend.types import Confidence, ConfidenceBand, ConfidenceMethod, TokenLogprob

Band = ConfidenceBand
Method = ConfidenceMethod

# (high at or above, low below), read off bench/results/calibration-qwen2.5-1.5b.json (the default model, 300
# practice MCQs; bench.calibration.choose_thresholds): letter probability >= 0.68 was right 82% of the time (n=17),
# 0.31-0.68 59% (n=258), < 0.31 23% (n=13).
LETTER_THRESHOLDS = (0.68, 0.31)
# Answer-only self-consistency (k=5) never reached 80% accuracy in any band (5/5 agreeing: 67%, n=93), so it never
# says "high"; 4/5 or 5/5 is moderate (62%), fewer is low (44%).
AGREEMENT_THRESHOLDS = (math.inf, 0.8)


def _letter_of(token: str, letters: Sequence[str]) -> str | None:
    bare = token.strip().strip("().:*[]")
    return bare if bare in letters else None


def letter_distribution(top: Sequence[tuple[str, float]], letters: Sequence[str]) -> dict[str, float] | None:
    """Probabilities of the option letters at one position, renormalised over the letters.

    `top`: (token, logprob) alternatives the server returned there (" B", "B", "(B" all count for B). A letter the
    server did not list gets the smallest listed logprob: an upper bound on its mass, so the chosen letter's share is
    never overstated. None when no letter is among the alternatives."""
    mass: dict[str, float] = {}
    for token, logprob in top:
        if (letter := _letter_of(token, letters)) is not None:
            mass[letter] = mass.get(letter, 0.0) + math.exp(logprob)
    if not mass:
        return None
    floor = math.exp(min(lp for _, lp in top))
    for letter in letters:
        mass.setdefault(letter, floor)
    total = sum(mass.values())
    return {letter: mass[letter] / total for letter in letters}


def answer_position(tokens: Sequence[TokenLogprob], letters: Sequence[str], prefix: str = "Answer:") -> int | None:
    """Index of the token that carries the answer letter: the first letter token after `prefix` in the text."""
    text = ""
    for index, token in enumerate(tokens):
        seen = prefix.lower() in text.lower()
        if seen and _letter_of(token.token, letters) is not None:
            return index
        text += token.token
    return None


def letter_probability(
    tokens: Sequence[TokenLogprob], letters: Sequence[str], prefix: str = "Answer:"
) -> tuple[str, float] | None:
    """(chosen letter, its probability among the letters) at the answer position, or None if there is none."""
    position = answer_position(tokens, letters, prefix)
    if position is None:
        return None
    token = tokens[position]
    chosen = _letter_of(token.token, letters)
    top = token.top or ((token.token, token.logprob),)
    if not any(_letter_of(t, letters) == chosen for t, _ in top):
        top = (*top, (token.token, token.logprob))
    distribution = letter_distribution(top, letters)
    return (chosen, distribution[chosen]) if distribution and chosen else None


def agreement(answers: Sequence[str | None]) -> tuple[str | None, float]:
    """(the most common answer, the share of all k samples that gave it); a sample with no answer disagrees."""
    counts = Counter(a for a in answers if a is not None)
    if not answers or not counts:
        return None, 0.0
    top, count = counts.most_common(1)[0]
    return top, count / len(answers)


def band_for(score: float, thresholds: tuple[float, float]) -> Band:
    high, low = thresholds
    return "high" if score >= high else "low" if score < low else "moderate"


_MCQ_TEXT: dict[Band, str] = {
    "high": "The model put almost all its probability on this option; on practice questions such answers were "
    "usually right.",
    "moderate": "The model also gave real weight to another option; check the key fact before relying on it.",
    "low": "The model was split between options; answers like this were often wrong on practice questions.",
}


def mcq_confidence(probability: float, thresholds: tuple[float, float] = LETTER_THRESHOLDS) -> Confidence:
    band = band_for(probability, thresholds)
    return Confidence(band, "letter_probability", probability, _MCQ_TEXT[band])


def answer_confidence(
    tokens: Sequence[TokenLogprob], letters: Sequence[str], samples: Sequence[str | None] = ()
) -> Confidence | None:
    """The MCQ confidence the service shows: self-consistency when k samples were drawn (the setting is on), else
    the letter probability at the answer position; None when the stream carried no answer letter."""
    if samples:
        return consistency_confidence(samples)
    found = letter_probability(tokens, letters)
    return mcq_confidence(found[1]) if found else None


def consistency_confidence(
    answers: Sequence[str | None], thresholds: tuple[float, float] = AGREEMENT_THRESHOLDS
) -> Confidence:
    """Self-consistency over k samples (MCQ letters or normalised top diagnoses)."""
    top, share = agreement(answers)
    agreeing = round(share * len(answers))
    band = band_for(share, thresholds) if top is not None else "low"
    explanation = f"{agreeing} of {len(answers)} independent answers agreed on this."
    if band == "low":
        explanation += " Treat it as a suggestion to verify."
    return Confidence(band, "self_consistency", share, explanation)


# "Likelihood: high", "likelihood - moderate", "(high likelihood)", "— low likelihood" on the top-ranked line.
_STATED = re.compile(
    r"(?i)\blikelihood\b[\s*_]*[:\-–—=]?[\s*_]*(high|moderate|medium|low)\b|\b(high|moderate|medium|low)\b[\s*_]+likelihood\b"
)
_STATED_TEXT: dict[Band, str] = {
    "high": "The model rated this its most likely explanation with high likelihood; a small model's own rating, "
    "not a measured probability.",
    "moderate": "The model rated its top explanation only moderately likely; consider the alternatives listed.",
    "low": "The model rated even its top explanation as unlikely; verify with examination and tests.",
}


def stated_likelihood(answer: str) -> Band | None:
    """The likelihood band the model stated for its first-ranked item (the first one stated in the answer)."""
    match = _STATED.search(answer)
    if match is None:
        return None
    word = (match.group(1) or match.group(2)).lower()
    return "moderate" if word == "medium" else word  # type: ignore[return-value]


def top_item(answer: str, section: str) -> str | None:
    """The first ranked item under `section` ("Possible causes", "Most likely diagnosis"), normalised for agreement."""
    match = re.search(rf"(?im)^[ \t#*]*{re.escape(section)}\b[^\n]*\n+((?:[ \t]*\S[^\n]*))", answer)
    if match is None:
        return None
    line = re.sub(r"^[ \t]*(?:\d+[.)]|[-*•])[ \t]*", "", match.group(1))
    line = re.split(r"\s*(?:[-–—(:]|\blikelihood\b)", line, maxsplit=1)[0]
    key = re.sub(r"[^a-z0-9 ]", "", line.lower()).strip()
    return " ".join(key.split()) or None


def ranking_confidence(answer: str, samples: Sequence[str | None] = ()) -> Confidence | None:
    """The stated likelihood of the top-ranked item; with samples (top items of k answers, this one included),
    their agreement decides when it is lower than the stated band."""
    stated = stated_likelihood(answer)
    if samples:
        consistency = consistency_confidence(samples)
        if stated is None or _RANK[consistency.band] < _RANK[stated]:
            return consistency
        explanation = f"{_STATED_TEXT[stated]} {consistency.explanation}"
        return Confidence(stated, "stated_likelihood", consistency.score, explanation)
    if stated is None:
        return None
    return Confidence(stated, "stated_likelihood", None, _STATED_TEXT[stated])


_RANK: dict[Band, int] = {"low": 0, "moderate": 1, "high": 2}
