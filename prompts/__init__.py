"""Versioned prompt templates, one data file per task, and a small typed loader."""

from prompts.loader import FieldSpec, PromptStyle, PromptTemplate, load_all, load_template, render_messages

__all__ = ["FieldSpec", "PromptStyle", "PromptTemplate", "load_all", "load_template", "render_messages"]
