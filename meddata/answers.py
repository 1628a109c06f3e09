"""The one answer extractor: the option a model chose in free text (the app, teacher rejection sampling, evaluation).

Where to look: the text after the reasoning block (`</think>`) when there is one; within it, the section under an
"Answer" heading (`## Answer`, `**Final answer:**`) when there is one, else all of it. In that region, in order:
1. an explicit statement: "answer is (B)", "Answer: B", "correct option is C" — the last one wins;
2. lines that start with an option letter ("B. Metformin", "(C)", "## D)"), if they all name the same letter;
3. exactly one option's full text is mentioned (PubMedQA "yes"/"no"/"maybe" included).
Anything else — no letter, or two letters in one statement ("A or B") — is None: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_STATEMENT = re.compile(
    r"\b(?:final\s+answer|correct\s+answer|correct\s+option|best\s+answer|answer|option|choice)"
    r"(?:\s+is|\s+would\s+be)?\s*[:\-–]?\s*\**\s*\(?\s*([A-Ja-j])\s*\)?(?![A-Za-z0-9])"
    r"(\s*(?:or|and|/)\s*\(?[A-J]\b)?",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^\s*(?:[-*#>]+\s*)*\**\(?([A-J])\)?\**(?:[.):\s]|$)", re.MULTILINE)
_HEADING = re.compile(r"^\s*(?:#+\s*|\*\*)\s*(?:final\s+)?answer\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_ANY_HEADING = re.compile(r"^\s*#+\s", re.MULTILINE)
# Our templates' own heading text, e.g. "## Answer (for an MCQ, the letter and the option text)".
_HEADING_GLOSS = re.compile(r"\([^)]*\)")

Options = Sequence[Sequence[str]]


def after_reasoning(text: str) -> str:
    _, sep, tail = text.rpartition("</think>")
    return tail if sep else text


def answer_section(text: str) -> str | None:
    """The heading line (minus any template gloss) plus the lines under it, up to the next heading."""
    # The last "Answer" heading: a model may restate the template's headings in its reasoning.
    heading = next(reversed(list(_HEADING.finditer(text))), None)
    if heading is None:
        return None
    rest = text[heading.end() :].lstrip("\n")
    following = _ANY_HEADING.search(rest)
    if following is None:
        body = rest
    elif following.start() == 0:  # "## Answer" directly followed by "## A. yes": that line is the answer
        body = rest.split("\n", 1)[0]
    else:
        body = rest[: following.start()]
    head = _HEADING_GLOSS.sub("", heading.group(0))
    head = re.sub(r"^\s*(?:#+\s*|\*\*)\s*(?:final\s+)?answer\**\s*:?\**", "", head, flags=re.IGNORECASE)
    return f"{head}\n{body}"


def _choose(region: str, options: Options) -> str | None:
    letters = {str(letter).upper() for letter, _ in options}
    statements = [m for m in _STATEMENT.finditer(region) if m.group(1).upper() in letters]
    # A lower-case letter counts only after a colon ("answer: b"), not in prose ("the answer is a rare cause").
    statements = [m for m in statements if m.group(1).isupper() or ":" in m.group(0)]
    if statements:
        last = statements[-1]
        return None if last.group(2) else last.group(1).upper()
    leading = {m.group(1) for m in _LEADING.finditer(region) if m.group(1) in letters}
    if len(leading) == 1:
        return leading.pop()
    lowered = region.lower()
    mentioned = {
        str(letter).upper()
        for letter, option in options
        if re.search(rf"(?<![\w-]){re.escape(str(option).lower().strip())}(?![\w-])", lowered)
    }
    return mentioned.pop() if len(mentioned) == 1 else None


def extract_choice(text: str, options: Options) -> str | None:
    answer = after_reasoning(text)
    section = answer_section(answer)
    if section is not None and (found := _choose(section, options)):
        return found
    return _choose(answer, options) if section is None else None


# The one refusal pattern. The Qwen Coder models answer some medical questions with "I'm sorry, but I can't assist
# with that" (DESIGN.md); the service tells the user, the teacher stage rejects the trace, the benchmarks count it.
REFUSAL = re.compile(
    r"\b(?:i'?m sorry|i am sorry|sorry)[^.]{0,40}\b(?:can(?:no|')?t|unable to|not able to)\b"
    r"[^.]{0,40}\b(?:assist|help|provide)"
    r"|\bI cannot (?:assist|help) with",
    re.IGNORECASE,
)


def is_refusal(text: str) -> bool:
    """A refusal in the first 300 characters of the answer part (after any reasoning block)."""
    return bool(REFUSAL.search(after_reasoning(text).strip()[:300]))
