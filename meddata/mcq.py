"""The one multiple-choice item type and the one way it is written into a prompt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MCQ:
    id: str  # "<dataset>:<key>", unique across datasets
    source: str  # dataset key: medqa, medmcqa, pubmedqa, mmlu_medical
    question: str
    options: tuple[tuple[str, str], ...]  # (letter, text)
    answer: str  # gold letter
    context: str = ""  # PubMedQA's abstract
    explanation: str = ""  # PubMedQA's long answer; empty where the dataset has none

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(letter for letter, _ in self.options)

    def option_text(self, letter: str) -> str:
        return dict(self.options)[letter]


def format_mcq(item: MCQ, *, max_context_chars: int | None = None) -> str:
    """The item as a learner would paste it into the education tab: context, stem, one option per line.

    No gold answer in it. max_context_chars trims long abstracts (CPU training sequences are short)."""
    context = item.context if max_context_chars is None else item.context[:max_context_chars]
    parts = [f"Context: {context}"] if context else []
    parts.append(item.question)
    parts.extend(f"{letter}. {text}" for letter, text in item.options)
    return "\n".join(parts)
