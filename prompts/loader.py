"""Load task templates from prompts/*.yaml and render them into chat messages.

User text is substituted as *values* with `str.format_map` on our own template text, so template syntax typed by a
user (`{x}`, `{{ }}`, `{% %}`) is never interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from backend.types import TASKS, ChatMessage, Task

PROMPTS_DIR = Path(__file__).resolve().parent

PromptStyle = Literal["instruct", "r1"]
"""instruct: system prompt + user turn (plain instruct models; the Qwen Coder models refuse medical questions without
a system prompt). r1: everything in the user turn, as DeepSeek recommends for R1 models."""

MISSING_VALUE = "not given"

# How each layout asks for reasoning. R1 models think inside <think> on their own; plain instruct models follow
# tags unreliably at this size, so they get a plain heading that backend.reasoning knows how to split off.
REASONING_INSTRUCTION: dict[str, str] = {
    "instruct": 'First, under the heading "## Reasoning", reason step by step, one short paragraph per step, each '
    'starting "Step 1:", "Step 2:", and so on.',
    "r1": 'Think it through step by step, numbering your steps "Step 1:", "Step 2:", and so on.',
}


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
    )


@cache
def load_template(task: Task, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    path = directory / f"{task}.yaml"
    with path.open(encoding="utf-8") as fh:
        return _parse(yaml.safe_load(fh), path)


def load_all(directory: Path = PROMPTS_DIR) -> dict[Task, PromptTemplate]:
    return {task: load_template(task, directory) for task in TASKS}


# A user must not be able to close our data delimiters or fake a reasoning block.
_DELIMITER_TAG = re.compile(r"<(/?)\s*(patient|case|question|think)\s*>", re.IGNORECASE)


def _neutralise(value: str) -> str:
    return _DELIMITER_TAG.sub(lambda m: f"‹{m.group(1)}{m.group(2)}›", value)


def render_messages(
    template: PromptTemplate, fields: dict[str, str], style: PromptStyle = "instruct"
) -> list[ChatMessage]:
    """Render the chat messages for `fields` (cleaned user values keyed by field name)."""
    sections = "\n".join(f"## {s}" for s in template.output_sections)
    instructions = template.instructions.format_map({"sections": sections, "reasoning": REASONING_INSTRUCTION[style]})
    values = {f.name: _neutralise(fields.get(f.name, "").strip()) or MISSING_VALUE for f in template.fields}
    user = template.user_template.format_map({"instructions": instructions, **values})
    if style == "r1":
        return [ChatMessage("user", f"{template.system}\n\n{user}")]
    return [ChatMessage("system", template.system), ChatMessage("user", user)]
