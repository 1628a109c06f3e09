"""Names shared by every layer: the four tasks and a chat message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Task = Literal["symptom_analysis", "diagnosis", "prescription", "education"]
TASKS: tuple[Task, ...] = ("symptom_analysis", "diagnosis", "prescription", "education")

Role = Literal["system", "user", "assistant"]

PromptStyle = Literal["instruct", "r1"]
"""How a model wants its prompt laid out. instruct: system prompt + user turn (plain instruct models; the Qwen Coder
models refuse medical questions without a system prompt). r1: everything in the user turn, as DeepSeek recommends
for R1 models (no system prompt; the chat template opens `<think>`)."""

SEED = 20261125
"""The project's one seed for fixed subsets and samples (change it and every committed subset changes)."""


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}
