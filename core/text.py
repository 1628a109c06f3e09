"""Text normalisation shared by decontamination, deduplication and matching."""

from __future__ import annotations


def normalise(text: str) -> str:
    """Lower case with runs of whitespace collapsed: the key under which two question texts count as the same."""
    return " ".join(text.lower().split())
