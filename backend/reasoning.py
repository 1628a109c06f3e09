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


def split_reasoning(
    text: str, *, starts_in_reasoning: bool = False, final: bool = False, answer_sections: tuple[str, ...] = ()
) -> SplitOutput:
    """Split `text` (a whole output or any prefix of one) into reasoning and answer.

    starts_in_reasoning: the chat template already opened `<think>` (DeepSeek-R1 style), so text before any tag is
        reasoning until `</think>` arrives. For plain instruct models it is the answer unless a tag says otherwise.
    final: the stream has ended; an unclosed block is then reported as it stands.
    answer_sections: the template's answer-section titles (PromptTemplate.answer_sections). Without tags, a section
        whose title names one of them is answer wherever it stands: first (v2 templates put the answer first), after
        the reasoning, or as a numbered step titled "Step 2: Differential diagnosis".
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
                return _split_sections(rest, final, answer_sections)
            reasoning = rest if final else _strip_partial_tag(rest, CLOSE_TAG)
            return SplitOutput(reasoning.strip(), before.strip(), final)
        answer = before + rest[close_at + len(CLOSE_TAG) :]
        return SplitOutput(rest[:close_at].strip(), _clean_answer(answer, final), True)

    if starts_in_reasoning and not final:
        return SplitOutput(_strip_partial_tag(text, CLOSE_TAG).strip(), "", False)
    if starts_in_reasoning and final:
        # An R1 model that never closed its reasoning: show what it wrote as reasoning, no answer.
        return SplitOutput(text.strip(), "", True)
    return _split_sections(text if final else _strip_partial_tag(text, OPEN_TAG), final, answer_sections)


# Without tags, a model may still reason first: under a "Reasoning"/"Thinking" heading, or starting at "Step 1".
_UNTAGGED_STEPS = re.compile(
    r"\s*(?:(?:#{1,6}\s*|\*\*)?(?:reasoning|thinking|think|step[- ]by[- ]step reasoning)\b[*:]*\s*\n|"
    r"(?:\*\*|#{1,6}\s*)?step\s*1\b)",
    re.IGNORECASE,
)
_REASONING_TITLE = re.compile(r"(?i)(?:reasoning|thinking|think|step[- ]by[- ]step(?: reasoning)?)\b")

# Line shapes that can open a section. The title is what follows the marker.
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>.*)$")
_BOLD_LINE = re.compile(r"^[ \t]*\*\*(?P<title>[^*\n]+?)[ \t]*:?[ \t]*\*\*[ \t]*:?(?P<rest>.*)$")
_STEP_LINE = re.compile(
    r"(?i)^[ \t>*_#-]*(?:\*\*)?step[ \t]*\d+[ \t]*(?:\*\*)?[ \t]*[:.)\-–—](?:\*\*)?[ \t]*(?P<title>.*)$"
)
_NUMBERED_LINE = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+(?P<title>.*)$")
_ANSWER_LINE = re.compile(r"(?i)^[ \t>*_]*(?:final answer|answer|conclusion)[ \t*_]*[:\-–—][ \t*_]*")
# A last, unfinished line that may still turn into a section start is held back while streaming, so a line that
# will move from reasoning to answer once complete ("## Reas…" → "## Reasoning") never shows in the wrong place.
_MAY_OPEN = re.compile(r"^[ \t>*_-]*(?:#|\*\*|\d)")
_LABEL_WORDS = ("step", "final answer", "answer", "conclusion", "reasoning", "thinking")


@dataclass(frozen=True)
class _Section:
    kind: str  # "reasoning" or "answer"
    lines: list[str]


def _title_key(title: str) -> str:
    return re.sub(r"[*_#`]", "", title).strip().lower()


def _named_section(title: str, answer_sections: tuple[str, ...]) -> tuple[str, str] | None:
    """(section, rest of the line) if `title` names an answer section ("**Differential diagnosis**: A, B")."""
    title = (step.group("title") if (step := _STEP_LINE.match(title)) else title).strip()
    for name in answer_sections:
        named = re.match(rf"(?i)[\s*_#`]*{re.escape(name)}(?![\w-])[\s*_`]*(?:\([^)\n]*\))?[\s*_`]*[:\-–—]?", title)
        if named:
            return name, title[named.end() :].strip(" \t*_")
    return None


def _classify(line: str, answer_sections: tuple[str, ...], in_answer: bool) -> tuple[str, str] | None:
    """(kind, line as shown) if `line` opens a section, else None. A step or list item titled with an answer
    section becomes that section's heading ("Step 2: Differential diagnosis" → "## Differential diagnosis")."""
    for pattern in (_HEADING_LINE, _BOLD_LINE, _STEP_LINE, _NUMBERED_LINE):
        match = pattern.match(line)
        if match is None:
            continue
        title = match.group("title") + (match.group("rest") if pattern is _BOLD_LINE else "")
        if pattern is _BOLD_LINE:
            title = line  # keep the bold markers' colon placement for _named_section
        if named := _named_section(title, answer_sections):
            name, rest = named
            if pattern is _HEADING_LINE and not _STEP_LINE.match(match.group("title")):
                return "answer", line
            return "answer", f"## {name}" + (f"\n{rest}" if rest else "")
        if pattern is _HEADING_LINE:
            key = _title_key(match.group("title"))
            reasoning = _REASONING_TITLE.match(key) or re.match(r"step\b", key)
            return ("reasoning", line) if reasoning else ("answer", line)
        if pattern is _STEP_LINE:
            return ("reasoning", line) if in_answer else None
        return None
    if (label := _ANSWER_LINE.match(line)) is not None and not in_answer:
        return "answer", line[label.end() :]  # drop a bare "Final answer:" label that ends the reasoning
    return None


def _held_back(line: str) -> bool:
    """True while the unfinished last line could still become a section start."""
    if _MAY_OPEN.match(line):
        return True
    bare = re.sub(r"^[ \t>*_-]+", "", line).lower()
    if not bare:
        return bool(line.strip())  # markers only so far ("**", "> ")
    for word in _LABEL_WORDS:
        if word.startswith(bare):
            return True  # "Ste", "Final ans"
        if bare.startswith(word) and re.fullmatch(r"[ \t*_]*(?:\d+[ \t*_]*)?", bare[len(word) :]):
            return True  # "Step 2", "Answer " (the separator that would make it a marker is still to come)
    return False


def _split_sections(text: str, final: bool, answer_sections: tuple[str, ...]) -> SplitOutput:
    """Cut untagged text into reasoning and answer sections by their opening lines, wherever they stand."""
    lines = text.split("\n")
    if not final and lines and _held_back(lines[-1]):
        lines = lines[:-1]
    first = "reasoning" if _UNTAGGED_STEPS.match(text) else "answer"
    sections: list[_Section] = []
    for index, line in enumerate(lines):
        opened = _classify(line, answer_sections, in_answer=bool(sections) and sections[-1].kind == "answer")
        if opened is None and index == 0:
            opened = (first, line)
        if opened is None:
            sections[-1].lines.append(line)
        elif sections and opened[0] == sections[-1].kind and not (opened[0] == "answer" and opened[1] != line):
            sections[-1].lines.append(opened[1])
        else:
            sections.append(_Section(opened[0], [opened[1]]))
    reasoning = [_reasoning_body(s.lines) for s in sections if s.kind == "reasoning"]
    answer = ["\n".join(s.lines).strip() for s in sections if s.kind == "answer"]
    done = final or (bool(sections) and sections[-1].kind == "answer")
    return SplitOutput("\n\n".join(r for r in reasoning if r), "\n\n".join(a for a in answer if a), done)


def _reasoning_body(lines: list[str]) -> str:
    """A reasoning section without its "## Reasoning" / "Thinking:" title line (the steps keep their markers)."""
    head = lines[0]
    if re.match(r"(?i)^[ \t]*(?:#{1,6}[ \t]*|\*\*)?(?:reasoning|thinking|think|step[- ]by[- ]step reasoning)\b", head):
        if not _STEP_LINE.match(head):
            title_rest = re.sub(r"(?i)^[ \t]*(?:#{1,6}[ \t]*|\*\*)?[^:*\n]*[*:]*", "", head, count=1)
            lines = ([title_rest] if title_rest.strip() else []) + lines[1:]
    return "\n".join(lines).strip()


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
