"""Verifiable training problems for the full-scale recipe: MedQA-USMLE train, MedMCQA train and
FreedomIntelligence/medical-o1-verifiable-problem, read by hub name, or from a local copy under the data folder when
one is present (this machine has no hub; the tests use small local files of the same shape).

"Verifiable" means each item carries a gold answer that a teacher trace can be checked against: the option letter
for the two MCQ sets, a short ground-truth answer text for medical-o1 (open-ended rewrites of exam questions, from
the HuatuoGPT-o1 paper, arXiv:2412.18925). All three are training splits; pipeline.data still decontaminates them
against every evaluation split through meddata.boundary.

Shapes (hub dataset cards): GBaker/MedQA-USMLE-4-options rows are the MedQA release's
{question, options: {A..D}, answer_idx, answer, meta_info}; openlifescienceai/medmcqa rows are
{id, question, opa..opd, cop, choice_type, exp, ...} with `cop` a ClassLabel counting from 0 on the hub but from 1 in
the original release's JSON files; medical-o1-verifiable-problem rows are
{"Open-ended Verifiable Question", "Ground-True Answer"} (one JSON array, medical_o1_verifiable_problem.json).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from meddata.mcq import MCQ

Origin = Literal["local", "hub"]


@dataclass(frozen=True)
class HubSource:
    hub_id: str
    split: str
    local: str  # the file's path under data_dir, in the layout of the original release
    licence: str


@dataclass(frozen=True)
class OpenProblem:
    """An open-ended question with a short ground-truth answer (checked by pipeline.teacher.verify_open_answer)."""

    id: str
    source: str
    question: str
    answer: str


SOURCES: dict[str, HubSource] = {
    "medqa_train": HubSource(
        "GBaker/MedQA-USMLE-4-options", "train", "medqa_usmle_4opt/phrases_no_exclude_train.jsonl", "MIT"
    ),
    "medmcqa_train": HubSource("openlifescienceai/medmcqa", "train", "medmcqa/train.json", "Apache-2.0"),
    "medical_o1": HubSource(
        "FreedomIntelligence/medical-o1-verifiable-problem",
        "train",
        "medical_o1_verifiable_problem/medical_o1_verifiable_problem.json",
        "Apache-2.0",
    ),
}


def read_rows(name: str, data_dir: Path) -> tuple[list[dict], Origin]:
    """The raw rows of one source: the local copy when present, else the hub (needs network and `datasets`)."""
    source = SOURCES[name]
    path = data_dir / source.local
    if path.is_file():
        return _read_local(path), "local"
    from datasets import load_dataset  # only here: the hub route is the only one that needs it

    return [dict(row) for row in load_dataset(source.hub_id, split=source.split)], "hub"


def _read_local(path: Path) -> list[dict]:
    """A JSON array (medical-o1) or JSON lines (MedQA, MedMCQA releases)."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def medqa_items(rows: list[dict]) -> list[MCQ]:
    return [
        MCQ(f"medqa_train:{i}", "medqa_train", r["question"], tuple(sorted(r["options"].items())), r["answer_idx"])
        for i, r in enumerate(rows)
    ]


def medmcqa_items(rows: list[dict], origin: Origin) -> list[MCQ]:
    """Single-answer rows only ("multi" rows have one `cop` for several right options, so the gold is unsure)."""
    first = 0 if origin == "hub" else 1  # the hub's ClassLabel counts from 0, the release's JSON from 1
    return [
        MCQ(
            f"medmcqa_train:{r['id']}",
            "medmcqa_train",
            r["question"],
            tuple(zip("ABCD", (r["opa"], r["opb"], r["opc"], r["opd"]), strict=True)),
            "ABCD"[int(r["cop"]) - first],
            explanation=r.get("exp") or "",
        )
        for r in rows
        if r.get("choice_type", "single") == "single"
    ]


def medical_o1_items(rows: list[dict]) -> list[OpenProblem]:
    return [
        OpenProblem(f"medical_o1:{i}", "medical_o1", r["Open-ended Verifiable Question"], r["Ground-True Answer"])
        for i, r in enumerate(rows)
        if r["Ground-True Answer"].strip()
    ]
