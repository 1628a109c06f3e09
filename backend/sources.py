"""Cited sources for the service: retrieve passages for a request, give them to the model numbered, check every
citation in its answer, and match each of its claim sentences to the passage that supports it (backend.attribution:
the 1.5B model seldom cites). Also the prescription tab's drug-name check. Pure functions around a KnowledgeIndex.

Retrieval follows the MIRAGE protocol for multiple-choice questions: the retriever sees the stem, never the
options (which would leak the answer's wording into the query). Whether retrieval is on for a request is decided by
`wants_sources`: on by default for the clinical tabs and open questions, off by default for MCQs, where retrieval
helps little and can hurt small models (MIRAGE: −4 to +2 points on MedQA; measured here with the default 1.5B on
300 items each: MedQA +1.7 points, 95 % interval −1.5 to +4.9; MMLU-medical +2.3, −1.7 to +6.3; PubMedQA without its
abstract −3.7, −7.5 to +0.2; five to eight times slower: `python -m bench retrieval-accuracy`, BENCHMARKS.md).
"""

from __future__ import annotations

import logging
import re
from typing import Literal

from backend.attribution import CITATION, attribute_answer
from backend.types import DrugCheck, DrugName, Grounding, Progress, SourcePassage, Sources, Statement, Task
from knowledge import KnowledgeIndex, expand_brands, normalise_drugs
from prompts import option_letters

log = logging.getLogger(__name__)

PASSAGES = 3  # each costs ~150 prompt tokens: 3 keeps a CPU prompt under a few seconds longer
PASSAGE_CHARS = 600
SourcesSetting = Literal["auto", "on", "off"]

_OPTION_LINE = re.compile(r"(?m)^\s*\(?([A-E])[.)]\s+\S")
_INLINE_OPTIONS = re.compile(r"\s\(?[A-E][.)]\s+\S.*?\s\(?[B-E][.)]\s+\S", re.DOTALL)
_QUERY_FIELDS: dict[Task, tuple[str, ...]] = {
    "symptom_analysis": ("symptoms", "duration", "history"),
    "diagnosis": ("vignette", "findings"),
    "prescription": ("condition", "allergies", "medications"),
    "education": ("question",),
}


def is_mcq(question: str) -> bool:
    """The same test the templates use to constrain an MCQ's answer (prompts.option_letters)."""
    return bool(option_letters(question))


def mcq_stem(question: str) -> str:
    """The question without its options (MIRAGE: options are hidden from the retriever)."""
    first = _OPTION_LINE.search(question)
    stem = question[: first.start()] if first else question
    inline = _INLINE_OPTIONS.search(stem)
    return (stem[: inline.start()] if inline else stem).strip()


def wants_sources(task: Task, fields: dict[str, str], setting: SourcesSetting) -> bool:
    if setting != "auto":
        return setting == "on"
    return not (task == "education" and is_mcq(fields.get("question", "")))


def query_for(task: Task, fields: dict[str, str]) -> str:
    parts = [fields.get(name, "") for name in _QUERY_FIELDS[task]]
    if task == "education":
        parts = [mcq_stem(parts[0])]
    return expand_brands(" ".join(p for p in parts if p))


def given_text(text: str) -> str:
    """A passage's text as the model is given it: cut at PASSAGE_CHARS."""
    return text[:PASSAGE_CHARS] + ("…" if len(text) > PASSAGE_CHARS else "")


def evidence_text(title: str, text: str) -> str:
    """A passage as the attribution reads it: its title and text, as the model was given them."""
    return f"{title}: {text}"


def retrieve(index: KnowledgeIndex, task: Task, fields: dict[str, str], k: int = PASSAGES) -> Sources:
    found = index.search(query_for(task, fields), k=k)
    return Sources(
        tuple(
            SourcePassage(
                number=i,
                title=p.title,
                origin=p.origin,
                url=p.url,
                licence=p.licence,
                text=given_text(p.text),
            )
            for i, (p, _score) in enumerate(found, start=1)
        )
    )


def sources_prompt(sources: Sources) -> str:
    if not sources.passages:
        return ""
    listed = "\n".join(f"[{p.number}] {p.title} ({p.origin}): {p.text}" for p in sources.passages)
    return (
        "Sources (cite the ones you use as [1], [2] after the sentence they support; cite nothing else, and say so "
        f"when the sources do not cover a point):\n{listed}"
    )


def cited_numbers(answer: str) -> list[int]:
    numbers: list[int] = []
    for match in CITATION.finditer(answer):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            low, _, high = part.partition("–") if "–" in part else part.partition("-")
            first, last = int(low), int(high or low)
            numbers.extend(range(first, min(last, first + 20) + 1))
    return list(dict.fromkeys(numbers))


def check_citations(answer: str, sources: Sources) -> Grounding:
    given = {p.number for p in sources.passages}
    cited = cited_numbers(answer)
    return Grounding(cited=tuple(n for n in cited if n in given), invalid=tuple(n for n in cited if n not in given))


def passage_evidence(sources: Sources) -> tuple[tuple[int, str], ...]:
    """Each passage as the attribution reads it: its title and text, as the model was given them."""
    return tuple((p.number, evidence_text(p.title, p.text)) for p in sources.passages)


def check_grounding(final: Progress, sources: Sources, fields: dict[str, str] | None = None) -> Grounding:
    """The finished answer against the passages given: every [n] in the answer and its reasoning (every citation the
    user sees counts: a step may cite the passage that decides an MCQ), and each claim sentence of the answer and of
    the steps matched by the app to the passage that supports it. fields: the request as admitted; a claim that
    only repeats them (a case's details, a question's abstract) is marked as restating the input."""
    checked = check_citations(f"{final.answer}\n{final.reasoning}", sources)
    given = "\n".join(v for v in (fields or {}).values() if v)
    statements: tuple[Statement, ...] = ()
    try:
        statements = attribute_answer(final.answer, final.steps, passage_evidence(sources), given)
    except Exception:  # a bug in the matching must not cost the answer or hide its citation check
        log.exception("sentence attribution failed; the citation check stands alone")
    return Grounding(checked.cited, checked.invalid, statements)


def check_drugs(fields: dict[str, str]) -> DrugCheck | None:
    """Drug names in the current medicines and allergies, normalised to DrugBank names before the model runs."""
    names: list[DrugName] = []
    for field_name in ("medications", "allergies"):
        text = fields.get(field_name, "")
        if not text.strip() or text.strip().lower() in {"none", "nil", "nkda", "no known drug allergies"}:
            continue
        for m in normalise_drugs(text):
            names.append(DrugName(field_name, m.query, m.name, m.kind, m.suggestions))
    return DrugCheck(tuple(names)) if names else None


def drugs_prompt(check: DrugCheck | None) -> str:
    if check is None:
        return ""
    lines = []
    for d in check.names:
        what = "current medicine" if d.field == "medications" else "allergy"
        if d.name and d.kind == "fuzzy":
            lines.append(f"- {what}: {d.written} (probably {d.name}; unconfirmed spelling)")
        elif d.name:
            lines.append(f"- {what}: {d.written} = {d.name} (DrugBank name)")
        else:
            lines.append(f"- {what}: {d.written} (not recognised; do not guess what it is)")
    return (
        "Drug names checked by the app against the DrugBank vocabulary (no interaction database is available: "
        "mark any interaction you mention as unverified):\n" + "\n".join(lines)
    )
