"""Load task templates from prompts/*.yaml and render them into chat messages and generation settings; also the
safety floor's one-question triage prompt (prompts/triage_label.yaml, `load_triage_label`).

User text is substituted as *values* with `str.format_map` on our own template text, so template syntax typed by a
user (`{x}`, `{{ }}`, `{% %}`) is never interpreted.

Two template generations live side by side: prompts/*.yaml is the current one (v2: answer first, a bounded number
of reasoning steps, per-task token caps and stop sequences), prompts/v1/*.yaml the first one, kept renderable so the
benchmarks can compare them (`load_template(task, V1_DIR)`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import yaml

from core.types import TASKS, ChatMessage, PromptStyle, Task

PROMPTS_DIR = Path(__file__).resolve().parent
V1_DIR = PROMPTS_DIR / "v1"

MISSING_VALUE = "not given"

# v1: how each layout asks for (unbounded) reasoning. R1 models think inside <think> on their own; plain instruct
# models follow tags unreliably at this size, so they get a plain heading that backend.reasoning splits off.
REASONING_INSTRUCTION: dict[str, str] = {
    "instruct": 'First, under the heading "## Reasoning", reason step by step, one short paragraph per step, each '
    'starting "Step 1:", "Step 2:", and so on.',
    "r1": 'Think it through step by step, numbering your steps "Step 1:", "Step 2:", and so on.',
}

# v2: the reasoning is a section of the answer (after the answer itself) with a step budget. An R1 model reasons in
# <think> before any heading, so it is asked to keep that short instead and the section is left out of its layout.
REASONING_SECTION = "Reasoning"
REASONING_INSTRUCTION_V2: dict[str, str] = {
    "instruct": 'Write the answer first. Under "## Reasoning" give at most {steps} steps, one sentence of at most '
    '20 words each, starting "Step 1:", "Step 2:", and so on. No other text.',
    "r1": 'Think briefly: at most {steps} short steps, numbered "Step 1:", "Step 2:", and so on. Then write the '
    "answer under the headings below, answer first. No other text.",
}
_REASONING_HEADING = '## Reasoning (at most {steps} steps, one sentence each: "Step 1: …")'

AnswerKind = Literal["mcq", "ranking", "free"]
"""What the answer's confidence is read from: an MCQ letter (education with options), a ranked list with stated
likelihoods (symptom analysis, diagnosis), or nothing (prescription)."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool = False
    lines: int = 1
    placeholder: str = ""
    max_chars: int = 12_000


@dataclass(frozen=True)
class PromptTemplate:
    task: Task
    version: str
    title: str
    audience: str
    fields: tuple[FieldSpec, ...]
    output_sections: tuple[str, ...]
    system: str
    instructions: str
    user_template: str
    examples: tuple[dict[str, str], ...]
    reasoning_steps: int | None = None
    """v2: the most numbered reasoning steps asked for (None: v1, unbounded)."""
    max_tokens: int | None = None
    """v2: the output cap that fits this task's answer with room to spare (None: the caller's)."""
    stop: tuple[str, ...] = ()
    answer_kind: AnswerKind = "free"
    open_section: str | None = None
    """mcq templates: the answer section used for a question without options (no letter line to copy)."""
    open_max_tokens: int | None = None
    """mcq templates: the cap for a question without options (prose needs more room than a letter line)."""

    @property
    def id(self) -> str:
        """What every answer and model artifact records: `<task>@<version>`."""
        return f"{self.task}@{self.version}"

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def labels(self) -> dict[str, str]:
        return {f.name: f.label for f in self.fields}

    @property
    def answer_sections(self) -> tuple[str, ...]:
        """The answer's section titles without the template's gloss: what backend.reasoning files as the answer."""
        return tuple(_gloss_free(s) for s in self.output_sections if s != REASONING_SECTION)


def _gloss_free(section: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", section).strip()


def _parse(data: dict, source: Path) -> PromptTemplate:
    task = data.get("task")
    if task not in TASKS:
        raise ValueError(f"{source}: unknown task {task!r}; expected one of {TASKS}")
    if not re.fullmatch(r"\d+\.\d+\.\d+", str(data.get("version", ""))):
        raise ValueError(f"{source}: version must be semantic (X.Y.Z), got {data.get('version')!r}")
    fields = tuple(FieldSpec(**f) for f in data["fields"])
    names = {f.name for f in fields}
    placeholders = set(re.findall(r"{(\w+)}", data["user_template"])) - {"instructions"}
    if placeholders != names:
        raise ValueError(f"{source}: user_template placeholders {sorted(placeholders)} != fields {sorted(names)}")
    for example in data.get("examples", []):
        if unknown := set(example) - names:
            raise ValueError(f"{source}: example has unknown fields {sorted(unknown)}")
    steps = data.get("reasoning_steps")
    if steps is not None and not (isinstance(steps, int) and 1 <= steps <= 9):
        raise ValueError(f"{source}: reasoning_steps must be an integer in [1, 9], got {steps!r}")
    if (steps is None) != (REASONING_SECTION not in data["output_sections"]):
        raise ValueError(f"{source}: a reasoning budget needs a {REASONING_SECTION!r} section and vice versa")
    max_tokens = data.get("max_tokens")
    if max_tokens is not None and not (isinstance(max_tokens, int) and 16 <= max_tokens <= 4096):
        raise ValueError(f"{source}: max_tokens must be an integer in [16, 4096], got {max_tokens!r}")
    if data.get("answer_kind", "free") not in ("mcq", "ranking", "free"):
        raise ValueError(f"{source}: answer_kind must be mcq, ranking or free")
    open_question = data.get("open_question") or {}
    if open_question and (data.get("answer_kind") != "mcq" or set(open_question) - {"section", "max_tokens"}):
        raise ValueError(f"{source}: open_question (section, max_tokens) belongs to an mcq template")
    if open_question:
        answer = next(x for x in data["output_sections"] if x != REASONING_SECTION)
        if _gloss_free(str(open_question.get("section", ""))) != _gloss_free(answer) or "question" not in names:
            raise ValueError(
                f"{source}: open_question.section must keep the heading {_gloss_free(answer)!r} (answers "
                "are split on it) and the template needs a 'question' field"
            )
    open_cap = open_question.get("max_tokens")
    if open_cap is not None and not (isinstance(open_cap, int) and 16 <= open_cap <= 4096):
        raise ValueError(f"{source}: open_question.max_tokens must be an integer in [16, 4096], got {open_cap!r}")
    return PromptTemplate(
        task=task,
        version=str(data["version"]),
        title=data["title"],
        audience=data["audience"],
        fields=fields,
        output_sections=tuple(data["output_sections"]),
        system=data["system"].strip(),
        instructions=data["instructions"].strip(),
        user_template=data["user_template"].strip(),
        examples=tuple({k: str(v) for k, v in e.items()} for e in data.get("examples", [])),
        reasoning_steps=steps,
        max_tokens=max_tokens,
        stop=tuple(str(s) for s in data.get("stop", ())),
        answer_kind=data.get("answer_kind", "free"),
        open_section=open_question.get("section"),
        open_max_tokens=open_cap,
    )


@cache
def load_template(task: Task, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    """The template for `task` from `directory` (PROMPTS_DIR: the current version; V1_DIR: the first one)."""
    path = directory / f"{task}.yaml"
    with path.open(encoding="utf-8") as fh:
        return _parse(yaml.safe_load(fh), path)


def load_all(directory: Path = PROMPTS_DIR) -> dict[Task, PromptTemplate]:
    return {task: load_template(task, directory) for task in TASKS}


@dataclass(frozen=True)
class TriageLabelPrompt:
    """The safety floor's third layer: one Yes/No question to the served model (prompts/triage_label.yaml)."""

    version: str
    system: str
    user: str
    yes: str
    no: str
    max_chars: int
    thresholds: Mapping[str, float]

    def messages(self, text: str) -> list[ChatMessage]:
        body = self.user.replace("{text}", text[: self.max_chars])  # the user's text as a value, never as a format
        return [ChatMessage("system", self.system.strip()), ChatMessage("user", body)]


@cache
def load_triage_label(path: Path = PROMPTS_DIR / "triage_label.yaml") -> TriageLabelPrompt:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return TriageLabelPrompt(
        version=str(data["version"]),
        system=data["system"],
        user=data["user"],
        yes=data["labels"]["yes"],
        no=data["labels"]["no"],
        max_chars=int(data["max_chars"]),
        thresholds=MappingProxyType({str(k): float(v) for k, v in (data.get("thresholds") or {}).items()}),
    )


# A user must not be able to close our data delimiters or fake a reasoning block.
_DELIMITER_TAG = re.compile(r"<(/?)\s*(patient|case|question|think)\s*>", re.IGNORECASE)


def _neutralise(value: str) -> str:
    return _DELIMITER_TAG.sub(lambda m: f"‹{m.group(1)}{m.group(2)}›", value)


def is_open_question(template: PromptTemplate, fields: dict[str, str]) -> bool:
    """An mcq template given a question without options, where the template says how to answer one."""
    return (
        template.answer_kind == "mcq"
        and template.open_section is not None
        and not option_letters(fields.get("question", ""))
    )


def _sections(template: PromptTemplate, fields: dict[str, str]) -> tuple[str, ...]:
    if not is_open_question(template, fields):
        return template.output_sections
    answer = next(s for s in template.output_sections if s != REASONING_SECTION)
    return tuple(template.open_section if s == answer else s for s in template.output_sections)  # type: ignore[misc]


def _layout(template: PromptTemplate, style: PromptStyle, fields: dict[str, str]) -> tuple[str, str]:
    """(the heading list, the reasoning instruction) for this template generation, layout and question kind."""
    output_sections = _sections(template, fields)
    if template.reasoning_steps is None:
        return "\n".join(f"## {s}" for s in output_sections), REASONING_INSTRUCTION[style]
    steps = template.reasoning_steps
    headings = []
    for section in output_sections:
        if section != REASONING_SECTION:
            headings.append(f"## {section}")
        elif style == "instruct":
            headings.append(_REASONING_HEADING.format(steps=steps))
    return "\n".join(headings), REASONING_INSTRUCTION_V2[style].format(steps=steps)


def render_messages(
    template: PromptTemplate, fields: dict[str, str], style: PromptStyle = "instruct"
) -> list[ChatMessage]:
    """Render the chat messages for `fields` (cleaned user values keyed by field name)."""
    sections, reasoning = _layout(template, style, fields)
    instructions = template.instructions.format_map({"sections": sections, "reasoning": reasoning})
    values = {f.name: _neutralise(fields.get(f.name, "").strip()) or MISSING_VALUE for f in template.fields}
    user = template.user_template.format_map({"instructions": instructions, **values})
    if style == "r1":
        return [ChatMessage("user", f"{template.system}\n\n{user}")]
    return [ChatMessage("system", template.system), ChatMessage("user", user)]


# --- Generation settings: what a template asks of the server besides the messages -------------------------------


@dataclass(frozen=True)
class GenerationSpec:
    """Per-request settings a template implies (the service maps them onto backend.types.GenerationParams)."""

    max_tokens: int | None
    stop: tuple[str, ...]
    grammar: str | None  # llama.cpp GBNF that forces the MCQ answer line first; None where no constraint applies
    letters: tuple[str, ...]  # the MCQ's option letters found in the input; () when it is not an MCQ


# "A. text" / "(B) text" / "C) text" at a line start, after two spaces or after "?"/":" (options pasted on one
# line). The letters must run A, B, C… from A, so "vitamin A. Then" alone never makes a question an MCQ.
_OPTION = re.compile(r"(?:^|\n|\s{2,}|\t|(?<=[?:])[ \t])[ \t]*\(?([A-J])[.)][ \t]+\S")


def option_letters(question: str) -> tuple[str, ...]:
    """The option letters of an MCQ pasted as text (at least two, consecutive from A), else ()."""
    found: list[str] = []
    for match in _OPTION.finditer(question):
        letter = match.group(1)
        if letter == chr(ord("A") + len(found)):
            found.append(letter)
    return tuple(found) if len(found) >= 2 else ()


ANSWER_HEADING = "## Answer\n"
ANSWER_PREFIX = "Answer: "


def answer_grammar(
    letters: tuple[str, ...], *, prefix: str = ANSWER_HEADING + ANSWER_PREFIX, free_tail: bool = True
) -> str:
    """GBNF that makes the output start with `prefix` and one of `letters`, then a separator, then (free_tail) any text.

    The separator stops "Answer: B" from running on into a word ("Bacterial"), so the letter is always a letter."""
    if not letters or any(not re.fullmatch(r"[A-J]", x) for x in letters):
        raise ValueError(f"need option letters A-J, got {letters!r}")
    quoted = prefix.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    choice = " | ".join(f'"{x}"' for x in letters)
    tail = ' ("." | ")" | ":" | " " | "\\n") rest\nrest ::= [^\\x00]*' if free_tail else ""
    return f'root ::= "{quoted}" letter{tail}\nletter ::= {choice}\n'


def generation_spec(template: PromptTemplate, fields: dict[str, str], style: PromptStyle) -> GenerationSpec:
    """Cap, stop sequences and answer constraint for one request.

    instruct layout: "Step N+1:" is a stop sequence, so the reasoning budget holds even when the model ignores it
    (the answer came first, so nothing needed is cut), and an MCQ's answer line is forced by a grammar. r1 layout:
    the model reasons in <think> before the answer, so neither applies; a missing letter is asked for afterwards
    with `answer_phase_messages` and a grammar that allows nothing but the letter."""
    letters = option_letters(fields.get("question", "")) if template.answer_kind == "mcq" else ()
    stop = list(template.stop)
    grammar = None
    if template.reasoning_steps is not None and style == "instruct":
        stop.append(f"Step {template.reasoning_steps + 1}:")
        grammar = answer_grammar(letters) if letters else None
    cap = template.open_max_tokens if is_open_question(template, fields) else template.max_tokens
    return GenerationSpec(cap, tuple(stop), grammar, letters)


ANSWER_PHASE_INSTRUCTION = "Reply with the letter of your final answer only."


def answer_phase_messages(messages: list[ChatMessage], output: str) -> list[ChatMessage]:
    """The second, constrained phase for an MCQ answer that had no extractable letter: the conversation so far, the
    model's own output, and a request for the letter only (send it with answer_grammar(letters, prefix=ANSWER_PREFIX,
    free_tail=False) and a few tokens of budget)."""
    return [*messages, ChatMessage("assistant", output), ChatMessage("user", ANSWER_PHASE_INSTRUCTION)]
