"""Finding a calculator by words: `search` for a picker, `match_question` for "What is the patient's X?".

Both compare normalised phrases (lower case, punctuation and hyphens as spaces, so "CURB-65" = "curb 65" and
"CHA2DS2-VASc" = "cha2ds2 vasc") as whole words. A calculator scores the summed length of its distinct names
and keywords found in the text, so a specific phrase ("albumin corrected anion gap", "fridericia") beats a shared
one ("anion gap", "qtc") without any hand-written priority.
"""

from __future__ import annotations

import re

from calculators.registry import REGISTRY
from calculators.spec import CalculatorSpec
from core.text import normalise

__all__ = ["is_named", "match_question", "search"]

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉–—’'", "0123456789--  ")


def phrase(text: str) -> str:
    """The comparison form of a phrase: lower case, subscripts as digits, non-alphanumerics as single spaces."""
    return normalise(re.sub(r"[^0-9a-z]+", " ", text.translate(_SUBSCRIPTS).lower()))


def _phrases(spec: CalculatorSpec) -> set[str]:
    return {phrase(text) for text in (spec.id, spec.name, *spec.keywords)} - {""}


_PHRASES: dict[str, set[str]] = {calc_id: _phrases(spec) for calc_id, spec in REGISTRY.items()}


def _contains(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def _score(text: str, calc_id: str) -> int:
    return sum(len(item) for item in _PHRASES[calc_id] if _contains(text, item))


def _first_mention(text: str, calc_id: str) -> int:
    """Where the calculator is first named in `text` (its earliest phrase), or a large number when it is not."""
    padded = f" {text} "
    starts = [padded.find(f" {item} ") for item in _PHRASES[calc_id]]
    return min((s for s in starts if s >= 0), default=10**9)


def _words_score(text: str, calc_id: str) -> int:
    """A keyword whose words all occur, in any order ("Wells score for pulmonary embolism" has every word of
    "wells pulmonary embolism"): the fallback when no phrase occurs as written."""
    words = set(text.split())
    return sum(len(item) for item in _PHRASES[calc_id] if len(item.split()) > 1 and set(item.split()) <= words)


def match_question(question: str) -> CalculatorSpec | None:
    """The calculator a question asks for ("What is the patient's CURB-65 score?" → curb65), or None."""
    text = phrase(question)
    scores = {calc_id: _score(text, calc_id) for calc_id in REGISTRY}
    if any(scores.values()):
        # The calculator asked for is named first ("SOFA score …, using his Glasgow Coma Scale"); among those named
        # at the same place, the most specific (longest matched phrases) wins.
        named = [calc_id for calc_id, score in scores.items() if score]
        best = min(named, key=lambda calc_id: (_first_mention(text, calc_id), -scores[calc_id]))
        return REGISTRY[best]
    loose = {calc_id: _words_score(text, calc_id) for calc_id in REGISTRY}
    best = max(loose, key=lambda calc_id: loose[calc_id])
    return REGISTRY[best] if loose[best] > 0 else None


_REQUEST = re.compile(r"(?i:\b(?:calculate|compute|work\s+out|estimate|what\s+(?:is|are|was|would))\b)")


def is_named(text: str, spec: CalculatorSpec) -> bool:
    """Whether `text` names this calculator as written (not by loose words) and asks for it with a request verb
    ("what is her CHA2DS2-VASc?", "calculate the Wells score"): a case that reports "GCS 14" or "CURB-65 score 2"
    does not ask for them."""
    return _score(phrase(text), spec.id) > 0 and bool(_REQUEST.search(text))


def search(query: str) -> list[CalculatorSpec]:
    """Calculators for a search box, best first: phrase matches, then word prefixes ("cha" finds CHA₂DS₂-VASc)."""
    text = phrase(query)
    if not text:
        return sorted(REGISTRY.values(), key=lambda spec: spec.name.lower())
    words = text.split()
    scored: list[tuple[int, str, CalculatorSpec]] = []
    for calc_id, spec in REGISTRY.items():
        exact = 1000 if text in _PHRASES[calc_id] else 0
        vocabulary = " ".join(sorted(_PHRASES[calc_id] | {phrase(spec.category)})).split()
        prefix = sum(10 for word in words if any(token.startswith(word) for token in vocabulary))
        score = exact + _score(text, calc_id) * 5 + prefix
        if score and (exact or prefix >= 10 * len(words) or _score(text, calc_id)):
            scored.append((score, spec.name.lower(), spec))
    return [spec for _, _, spec in sorted(scored, key=lambda item: (-item[0], item[1]))]
