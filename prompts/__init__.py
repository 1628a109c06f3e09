"""Versioned prompt templates, one data file per task, and a small typed loader."""

from prompts.loader import (
    ANSWER_PREFIX,
    FieldSpec,
    GenerationSpec,
    PromptStyle,
    PromptTemplate,
    TriageLabelPrompt,
    answer_grammar,
    answer_phase_messages,
    generation_spec,
    load_all,
    load_template,
    load_triage_label,
    option_letters,
    render_messages,
)

__all__ = [
    "ANSWER_PREFIX",
    "FieldSpec",
    "GenerationSpec",
    "PromptStyle",
    "PromptTemplate",
    "TriageLabelPrompt",
    "answer_grammar",
    "answer_phase_messages",
    "generation_spec",
    "load_all",
    "load_template",
    "load_triage_label",
    "option_letters",
    "render_messages",
]
