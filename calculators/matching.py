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

__all__ = ["match_question", "search"]

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


def match_question(question: str) -> CalculatorSpec | None:
    """The calculator a question asks for ("What is the patient's CURB-65 score?" → curb65), or None."""
    text = phrase(question)
    scores = {calc_id: _score(text, calc_id) for calc_id in REGISTRY}
    best = max(scores, key=lambda calc_id: scores[calc_id])
    return REGISTRY[best] if scores[best] > 0 else None


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
