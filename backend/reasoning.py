"""Split a model's output into reasoning and answer, and the reasoning into numbered steps.

Pure functions: they are called on the cumulative text after every streamed chunk, so they must accept any prefix
of an output (an unclosed `<think>`, half of a closing tag) and give a stable, monotone view of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_TAG = "<think>"
CLOSE_TAG = "</think>"


@dataclass(frozen=True)
class SplitOutput:
    reasoning: str
    answer: str
    reasoning_done: bool  # True once the reasoning is known to be over (closing tag seen, or no reasoning block)


def _strip_partial_tag(text: str, tag: str) -> str:
    """Drop a trailing prefix of `tag` ("</thi") so a half-streamed tag never flashes on screen."""
    for cut in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:cut]):
            return text[:-cut]
    return text


def split_reasoning(text: str, *, starts_in_reasoning: bool = False, final: bool = False) -> SplitOutput:
    """Split `text` (a whole output or any prefix of one) into reasoning and answer.

    starts_in_reasoning: the chat template already opened `<think>` (DeepSeek-R1 style), so text before any tag is
        reasoning until `</think>` arrives. For plain instruct models it is the answer unless a tag says otherwise.
    final: the stream has ended; an unclosed block is then reported as it stands.
    """
    close_at = text.find(CLOSE_TAG)
    open_at = text.find(OPEN_TAG)

    if close_at != -1 and (open_at == -1 or open_at > close_at):
        # "reasoning</think>answer": R1 output whose opening tag the template supplied.
        reasoning = text[:close_at]
        answer = text[close_at + len(CLOSE_TAG) :]
        return SplitOutput(reasoning.strip(), _clean_answer(answer, final), True)

    if open_at != -1:
        before = text[:open_at]
        rest = text[open_at + len(OPEN_TAG) :]
        close_at = rest.find(CLOSE_TAG)
        if close_at == -1:
            if final and not starts_in_reasoning and not before.strip() and _UNTAGGED_STEPS.match(rest):
                # A plain model that opened <think> but never closed it: split its steps from its answer sections.
                return _split_untagged_steps(rest, final)
            reasoning = rest if final else _strip_partial_tag(rest, CLOSE_TAG)
            return SplitOutput(reasoning.strip(), before.strip(), final)
        answer = before + rest[close_at + len(CLOSE_TAG) :]
        return SplitOutput(rest[:close_at].strip(), _clean_answer(answer, final), True)

    if starts_in_reasoning and not final:
        return SplitOutput(_strip_partial_tag(text, CLOSE_TAG).strip(), "", False)
    if not starts_in_reasoning and _UNTAGGED_STEPS.match(text):
        return _split_untagged_steps(text, final)
    if starts_in_reasoning and final:
        # An R1 model that never closed its reasoning: show what it wrote as reasoning, no answer.
        return SplitOutput(text.strip(), "", True)
    answer = text if final else _strip_partial_tag(text, OPEN_TAG)
    return SplitOutput("", answer.strip(), True)


# Without tags, a model may still reason first: under a "Reasoning"/"Thinking" heading, or starting at "Step 1".
# The reasoning then runs up to the first other heading (the answer's first section) or a "Final answer:" label.
_UNTAGGED_STEPS = re.compile(
    r"\s*(?:(?:#{1,6}\s*|\*\*)?(?:reasoning|thinking|think|step[- ]by[- ]step reasoning)\b[*:]*\s*\n|"
    r"(?:\*\*|#{1,6}\s*)?step\s*1\b)",
    re.IGNORECASE,
)
_ANSWER_LABEL = re.compile(r"(?im)^[ \t>*_]*(?:final answer|answer|conclusion)[ \t*_]*[:\-–—][ \t*_]*")
_HEADING = re.compile(
    r"(?m)^[ \t]*#{1,6}[ \t]+(?!\**[ \t]*(?:step\b|reasoning\b|thinking\b|think\b)).+$", re.IGNORECASE
)


def _split_untagged_steps(text: str, final: bool) -> SplitOutput:
    body_start = _UNTAGGED_STEPS.match(text).end() if not re.match(r"\s*(?:\*\*|#{1,6}\s*)?step", text, re.I) else 0
    candidates = []
    if heading := _HEADING.search(text, body_start):
        candidates.append((heading.start(), heading.start()))  # keep the section heading in the answer
    if label := _ANSWER_LABEL.search(text, body_start):
        candidates.append((label.start(), label.end()))  # drop a bare "Final answer:" label
    if not candidates:
        # No answer yet: everything so far is reasoning; at the end it stays reasoning with an empty answer.
        return SplitOutput(text[body_start:].strip(), "", final)
    cut, answer_start = min(candidates)
    answer = text[answer_start:]
    return SplitOutput(
        text[body_start:cut].strip(), (answer if final else _strip_partial_tag(answer, OPEN_TAG)).strip(), True
    )


def _clean_answer(answer: str, final: bool) -> str:
    # A second reasoning block after the answer started is rare; keep its text but not the tags.
    answer = answer.replace(OPEN_TAG, "").replace(CLOSE_TAG, "")
    return (answer if final else _strip_partial_tag(answer, OPEN_TAG)).strip()


_STEP_MARKER = re.compile(r"(?im)^[ \t>*_#-]*(?:\*\*)?step[ \t]*(\d+)[ \t]*(?:\*\*)?[ \t]*[:.)\-–—]?(?:\*\*)?[ \t]*")
_NUMBERED = re.compile(r"(?m)^[ \t]*(\d{1,2})[.)][ \t]+")
# Inline markers ("… Step 2: …" mid-paragraph) need a colon, so prose like "step 1 is to call" is not split.
_INLINE_STEP = re.compile(r"(?i)(?:\*\*)?\bstep[ \t]*(\d+)[ \t]*(?:\*\*)?:(?:\*\*)?[ \t]*")


def split_steps(reasoning: str) -> tuple[str, ...]:
    """Split reasoning text into steps.

    In order of preference: explicit "Step N" markers, a numbered list ("1. … 2. …"), blank-line paragraphs.
    Text before the first marker becomes its own step so nothing the model wrote is dropped.
    """
    text = reasoning.strip()
    if not text:
        return ()
    for pattern in (_STEP_MARKER, _INLINE_STEP, _NUMBERED):
        matches = list(pattern.finditer(text))
        if pattern is _INLINE_STEP and [int(m.group(1)) for m in matches] != list(range(1, len(matches) + 1)):
            continue
        if len(matches) >= 2:
            return _cut_at(text, [m.start() for m in matches], [m.end() for m in matches])
    if (single := _STEP_MARKER.match(text)) is not None:  # "Step 1: …" alone, while step 2 is still streaming
        return _cut_at(text, [single.start()], [single.end()])
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text)]
    return tuple(p for p in paragraphs if p)


def _cut_at(text: str, starts: list[int], ends: list[int]) -> tuple[str, ...]:
    steps: list[str] = []
    preamble = text[: starts[0]].strip()
    if preamble:
        steps.append(preamble)
    for i, body_start in enumerate(ends):
        body_end = starts[i + 1] if i + 1 < len(starts) else len(text)
        body = text[body_start:body_end].strip()
        if body:
            steps.append(body)
    return tuple(steps)
