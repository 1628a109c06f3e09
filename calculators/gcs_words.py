"""Glasgow Coma Scale components read from described responses ("opened her eyes to voice, was confused and
obeyed commands" → E3 V4 M6), the way case reports and handovers give them.

The descriptors are the scale's own wording (Teasdale G, Jennett B. Lancet 1974;2:81-84) and its common synonyms
(Teasdale G et al. The Glasgow Coma Scale at 40 years. Lancet Neurol 2014;13:844-854, table: "to sound", "to
pressure", "localising", "normal flexion"/"withdrawal", "abnormal flexion", "extension").

A note may describe several examinations (at the scene, then in the emergency department). Descriptors are grouped
by sentence; the examination used is the most complete one (most components), ties going to the sentence that shares
most words with `question` ("on arrival in the emergency department"), then to the latest (the current state). A
component not described stays missing: nothing is inferred from "intubated" or "sedated".

    @dataclass(frozen=True) class GcsExam: eye, verbal, motor: int | None; raw: str; span: tuple[int, int]
    read_gcs(text, question="") -> GcsExam | None
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import sentence_spans

__all__ = ["GcsExam", "read_gcs"]

# (component, points, pattern). Within a component the first pattern that matches wins (the order is chosen so that
# a fuller description beats a partial one), a span already claimed is not read again ("no response to pain" is
# motor 1, not eye 2), and a descriptor negated just before ("does not obey commands", "not oriented") is skipped.
_PRONOUN = r"(?:(?:his|her|their|the)\s+)?"
_PAINFUL = r"(?:a\s+)?(?:pain|painful|pressure|sternal|trapezius|supraorbital|nail)"
_DESCRIPTORS: tuple[tuple[str, int, str], ...] = (
    (
        "eye",
        4,
        rf"eyes?\s+(?:were\s+|was\s+)?open(?:ed|ing)?\s+spontaneously|open(?:ed|s|ing)?\s+{_PRONOUN}eyes\s+"
        r"spontaneously|spontaneous\s+eye\s+opening",
    ),
    (
        "eye",
        3,
        rf"(?:open(?:ed|s|ing)?\s+{_PRONOUN}eyes|eyes?\s+(?:were\s+|was\s+)?open(?:ed|s|ing)?)\s+(?:only\s+)?"
        r"(?:to|on)\s+(?:voice|speech|sound|verbal|command|being\s+spoken|(?:his|her)\s+name|loud)",
    ),
    (
        "eye",
        2,
        rf"(?:open(?:ed|s|ing)?\s+{_PRONOUN}eyes|eyes?\s+(?:were\s+|was\s+)?open(?:ed|s|ing)?)\s+(?:only\s+)?"
        rf"(?:to|on|with)\s+{_PAINFUL}|open(?:ed|s|ing)?\s+them\s+(?:only\s+)?(?:to|on|with)\s+{_PAINFUL}",
    ),
    # E1 last: "lying with eyes closed, she opened her eyes to voice" is E3
    (
        "eye",
        1,
        rf"no\s+eye\s+opening|(?:did|does)\s+not\s+open\s+{_PRONOUN}eyes(?!\s+(?:to|on)\s+(?:voice|speech|command))"
        r"|eyes\s+(?:remained\s+)?closed\s+(?:to|despite|throughout)",
    ),
    (
        "verbal",
        5,
        r"(?:\b(?:was|were|is|remained|alert\s+and|fully)\s+oriented\b|\boriented\s+(?:to|in)\b|\boriented\s*[x×]\s*3)"
        r"(?![^.;]{0,30}\bonly\b)",
    ),
    (
        "verbal",
        4,
        r"\bconfused\s+(?:in\s+)?(?:conversation|speech|but\s+convers)|\b(?:was|were|is|seemed|appeared)\s+"
        r"(?:confused|disoriented)\b|\b(?:confused|disoriented)\s*(?:and\b|,)|\bnot\s+(?:fully\s+)?oriented\b|"
        r"\boriented\s+(?:to\s+)?(?:person|self|name)\s+only\b|\boriented\s*[x×]\s*[12]\b",
    ),
    ("verbal", 3, r"inappropriate\s+words|(?:random|occasional|isolated)\s+words"),
    ("verbal", 2, r"incomprehensible\s+(?:sounds|speech)|\bmoan(?:ing|ed|s)?\b|\bgroan(?:ing|ed|s)?\b"),
    ("verbal", 1, r"no\s+verbal\s+response|(?:made|making)\s+no\s+sounds?|(?:was|remained)\s+mute"),
    ("motor", 6, r"\b(?:obey(?:ed|s|ing)?|follow(?:ed|s|ing)?)\s+(?:simple\s+)?commands"),
    ("motor", 5, rf"\blocali[sz](?:ed|es|ing|e)\s+(?:to\s+)?{_PAINFUL}|\blocali[sz]ing\s+response"),
    (
        "motor",
        4,
        rf"\bwithdr(?:ew|aws|awing|awal)\s+(?:\w+\s+){{0,3}}?(?:from|to)\s+{_PAINFUL}|\bwithdr(?:ew|aws|awing)\s+"
        r"(?:his|her|their|the|all)\s+(?:limbs?|arms?|legs?|hands?)|\bnormal\s+flexion\b",
    ),
    ("motor", 3, r"abnormal\s+flexion|\bdecorticate\b|flexor\s+postur"),
    ("motor", 2, r"\bextensor\s+postur|\bdecerebrate\b|\bextension\s+(?:to|of\s+(?:the\s+)?(?:limbs|arms))"),
    # not "flaccid" alone: the scale takes the best limb, and "a flaccid left arm" is a focal sign
    (
        "motor",
        1,
        rf"no\s+motor\s+response|no\s+(?:movement|response)\s+to\s+{_PAINFUL}|flaccid\s+(?:all\s+over|throughout)",
    ),
)
_PATTERNS = tuple((component, points, re.compile(rf"(?i:{pattern})")) for component, points, pattern in _DESCRIPTORS)
_NEGATED = re.compile(
    r"(?i:\b(?:not|no|without|unable\s+to|(?:does|did|do|is|was|are|were|wo)\s*n[o']t|cannot|can't|no\s+longer|"
    r"never|fail(?:s|ed|ing)?\s+to)\s+(?:\w+\s+){0,2}$)"
)
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class GcsExam:
    """One described examination: each component's points (None when not described) and where it was read."""

    eye: int | None
    verbal: int | None
    motor: int | None
    raw: str
    span: tuple[int, int]

    @property
    def complete(self) -> bool:
        return None not in (self.eye, self.verbal, self.motor)

    @property
    def total(self) -> int | None:
        return self.eye + self.verbal + self.motor if self.complete else None  # type: ignore[operator]

    def count(self) -> int:
        return sum(part is not None for part in (self.eye, self.verbal, self.motor))


def _exam(sentence: str, offset: int) -> GcsExam | None:
    parts: dict[str, int] = {}
    claimed: list[tuple[int, int]] = []
    for component, points, pattern in _PATTERNS:
        if component in parts:
            continue
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < c_end and c_start < end for c_start, c_end in claimed):
                continue
            if points > 1 and _NEGATED.search(sentence[max(0, start - 30) : start]):
                continue
            parts[component] = points
            claimed.append((start, end))
            break
    if not parts:
        return None
    stripped = sentence.strip()
    start = offset + sentence.find(stripped)
    return GcsExam(parts.get("eye"), parts.get("verbal"), parts.get("motor"), stripped, (start, start + len(stripped)))


def _overlap(sentence: str, question: str) -> int:
    return len(set(_WORD.findall(sentence.lower())) & set(_WORD.findall(question.lower())))


def read_gcs(text: str, question: str = "") -> GcsExam | None:
    """The most complete examination described in `text` (see the module docstring), or None."""
    exams = [exam for start, end in sentence_spans(text) if (exam := _exam(text[start:end], start))]
    if not exams:
        return None
    # Among equally complete exams, the one the question points at; then the latest.
    return max(enumerate(exams), key=lambda item: (item[1].count(), _overlap(item[1].raw, question), item[0]))[1]
