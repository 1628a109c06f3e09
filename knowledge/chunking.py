"""Split long answers into passages of about 100–200 words on sentence boundaries. Pure functions.

Why this size: a passage must be short enough to put three to five of them in a small model's prompt and to show
as a citation, and long enough to carry a fact with its context."""

from __future__ import annotations

import re

# A sentence ends at . ! ? followed by space and a capital, digit or bracket; MedQuAD's bullet lists ("    - Fever")
# have no full stops, so a bullet dash after whitespace also starts a new unit.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])|\s+(?=- )")


def clean(text: str) -> str:
    """Runs of whitespace (MedQuAD keeps the XML's indentation and line breaks) collapsed to one space."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(clean(text)) if s.strip()]


def chunk(text: str, max_words: int = 200, min_words: int = 60) -> list[str]:
    """Greedy packing of whole sentences up to `max_words`; a sentence longer than that is cut between words.

    A tail shorter than `min_words` joins the chunk before it (a 10-word fragment cannot be cited on its own), so
    a chunk may reach max_words + min_words."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for sentence in sentences(text):
        words = sentence.split()
        for start in range(0, len(words), max_words):
            piece = words[start : start + max_words]
            if current and len(current) + len(piece) > max_words:
                chunks.append(current)
                current = []
            current.extend(piece)
    if current:
        if chunks and len(current) < min_words:
            chunks[-1].extend(current)
        else:
            chunks.append(current)
    return [" ".join(words) for words in chunks]


def trim_words(text: str, max_words: int) -> str:
    """The first `max_words` words, with an ellipsis when something was cut."""
    words = clean(text).split()
    return " ".join(words) if len(words) <= max_words else " ".join(words[:max_words]) + " …"
