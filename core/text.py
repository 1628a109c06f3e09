"""Text normalisation shared by decontamination, deduplication and matching."""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """Lower case with runs of whitespace collapsed: the key under which two question texts count as the same."""
    return " ".join(text.lower().split())


# A sentence ends at ";", a line break, or ".", "!", "?" followed by space and then a capital, a digit, "(" or the
# end: so "0.5 mg", "b.i.d. and", "e.g. the" and "Dr. Smith" do not end one.
_ABBREVIATION = re.compile(r"(?i:\b(?:dr|mr|mrs|ms|st|vs|approx|e\.g|i\.e|b\.i\.d|t\.i\.d|q\.i\.d|a\.m|p\.m|no)\.$)")
_END = re.compile(r"[;\n]|[.!?](?=\s+[A-Z0-9(\"“]|\s*$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of clinical text, in order, covering the text (see the rule above)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group(0) == "." and _ABBREVIATION.search(text[max(0, match.end() - 8) : match.end()]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_at(text: str, position: int) -> str:
    """The sentence of `text` that holds `position`."""
    for start, end in sentence_spans(text):
        if start <= position < end:
            return text[start:end]
    return ""
