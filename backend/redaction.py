"""Redact patient identifiers before anything is logged or stored.

Rule-based on purpose: it must work with no model, and it is deliberately greedy (a redacted age-free date in an
audit record costs nothing; a leaked date of birth does).
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    (
        "MRN",
        re.compile(
            r"(?i)\b(?:mrn|medical record(?: number| no\.?)?|patient id|hospital (?:no|number)|nhs(?: number)?)"
            r"[\s:#.]*[A-Z0-9-]{4,}\b"
        ),
    ),
    (
        "PHONE",
        re.compile(r"(?<![\w/.-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}\b"),
    ),
    (
        "DATE",
        re.compile(
            r"(?i)\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
            r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|"
            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b"
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            r"(?i)\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|"
            r"court|ct|way|place|pl|terrace|close)\b\.?"
        ),
    ),
    ("POSTCODE", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")),
    # Names are only recognisable by context: a title, or a "name:" / "patient" label before capitalised words.
    (
        "NAME",
        re.compile(
            r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-ZÀ-ÖØ-Þ][\w'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'-]+)?"
            r"|(?i:\b(?:patient|pt|name|named|called)\s*(?:name)?\s*[:=-]?\s+)(?-i:[A-ZÀ-ÖØ-Þ][\w'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'-]+){0,2})"
        ),
    ),
)

# Words that follow "patient" in clinical prose and are not names.
_NOT_NAMES = {"The", "He", "She", "They", "Is", "Has", "With", "Who", "Was", "Presents", "Reports", "Denies", "A", "An"}


def redact(text: str) -> str:
    """Return `text` with identifiers replaced by `[KIND]` placeholders."""
    for kind, pattern in _PATTERNS:
        if kind == "NAME":
            text = pattern.sub(_redact_name, text)
        else:
            text = pattern.sub(f"[{kind}]", text)
    return text


def _redact_name(match: re.Match[str]) -> str:
    words = match.group(0).split()
    if words and words[-1] in _NOT_NAMES:
        return match.group(0)
    label = re.match(r"(?i)(patient|pt|name|named|called)\b\s*(?:name)?\s*[:=-]?\s*", match.group(0))
    prefix = label.group(0) if label else ""
    return f"{prefix}[NAME]"
