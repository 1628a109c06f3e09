"""Stage 1 — data: chat-format training items from the training-allowed data, rendered with the task templates.

Sources (meddata says which splits may train):
  * PubMedQA PQA-L outside the test ids (meddata.pubmedqa.training_items) → education task, multiple choice;
  * MedQuAD NIH question–answer pairs (meddata.medquad) → education task, free answer (the NIH text kept as a
    reference);
  * MTS-Dialog *train* clinical-note sections (meddata.mts_dialog) → diagnosis task;
  * MMLU-medical few-shot dev rows (meddata.mmlu.dev_items) → education task, multiple choice (gold letter);
  * the verifiable problems of the full-scale recipe (pipeline.verifiable): MedQA-USMLE train and MedMCQA train
    (multiple choice, gold letter) and medical-o1-verifiable-problem (open question, gold answer text).
Every item is redacted (names, dates, phone numbers, record numbers), deduplicated on its normalised redacted question,
and dropped if its question appears in any evaluation split (meddata.boundary). Output: train.jsonl and val.jsonl.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from core.io import atomic_write_jsonl
from core.text import normalise
from meddata import medquad, mmlu, mts_dialog, pubmedqa
from meddata.boundary import evaluation_questions, is_evaluation_question
from meddata.mcq import MCQ, format_mcq
from pipeline import verifiable
from pipeline.config import DataConfig
from pipeline.manifest import finished, write_manifest
from prompts.loader import load_template, render_messages
from safety.deid import redact

__all__ = ["READERS", "DataConfig", "build_items", "run"]

# MTS-Dialog sections that describe a presentation (the others are medications, allergies, family history, ...).
MTS_PRESENTATION_SECTIONS = {"GENHX", "CC", "ROS", "EXAM", "ASSESSMENT"}


def mcq_row(item: MCQ, cfg: DataConfig) -> dict:
    """An MCQ as an education-tab request with its gold letter (the teacher's answer is checked against it)."""
    return {
        "id": item.id,
        "source": item.source,
        "task": "education",
        "question": item.question,
        "fields": {"question": format_mcq(item, max_context_chars=cfg.max_context_chars), "level": "medical student"},
        "gold": item.answer,
        "options": [list(o) for o in item.options],
        "answer": None,
        "reference": item.explanation,
    }


def _pubmedqa(data_dir: Path, cfg: DataConfig) -> list[dict]:
    return [mcq_row(item, cfg) for item in pubmedqa.training_items(data_dir)]


def _medquad(data_dir: Path, cfg: DataConfig) -> list[dict]:
    return [
        {
            "id": f"medquad:{pair.key}",  # qid alone repeats across MedQuAD's subsets
            "source": "medquad",
            "task": "education",
            "question": pair.question,
            "fields": {"question": pair.question, "level": "patient or student"},
            "gold": None,
            "options": None,
            "answer": None,
            "reference": " ".join(pair.answer.split())[:2000],
        }
        for pair in medquad.load_pairs(data_dir)
    ]


def _mts_dialog(data_dir: Path, cfg: DataConfig) -> list[dict]:
    return [
        {
            "id": section.id,
            "source": "mts_dialog",
            "task": "diagnosis",
            "question": section.text,
            "fields": {"vignette": section.text[:1200]},
            "gold": None,
            "options": None,
            "answer": None,
            "reference": None,
        }
        for section in mts_dialog.training_sections(data_dir)
        if section.header in MTS_PRESENTATION_SECTIONS and len(section.text) >= 80
    ]


def _mmlu_dev(data_dir: Path, cfg: DataConfig) -> list[dict]:
    # Some dev rows of one subject are test rows of another: build_items drops those (meddata.boundary).
    # Named apart from the evaluation benchmark (MCQ.source "mmlu_medical"), so provenance shows which split trained.
    return [{**mcq_row(item, cfg), "source": "mmlu_dev"} for item in mmlu.dev_items(data_dir)]


def _medqa_train(data_dir: Path, cfg: DataConfig) -> list[dict]:
    rows, _ = verifiable.read_rows("medqa_train", data_dir)
    return [mcq_row(item, cfg) for item in verifiable.medqa_items(rows)]


def _medmcqa_train(data_dir: Path, cfg: DataConfig) -> list[dict]:
    rows, origin = verifiable.read_rows("medmcqa_train", data_dir)
    return [mcq_row(item, cfg) for item in verifiable.medmcqa_items(rows, origin)]


def _medical_o1(data_dir: Path, cfg: DataConfig) -> list[dict]:
    rows, _ = verifiable.read_rows("medical_o1", data_dir)
    return [
        {
            "id": p.id,
            "source": p.source,
            "task": "education",
            "question": p.question,
            "fields": {"question": p.question, "level": "medical student"},
            "gold": None,
            "options": None,
            "answer": p.answer,  # the teacher's final answer must contain it (pipeline.teacher.verify_open_answer)
            "reference": p.answer,
        }
        for p in verifiable.medical_o1_items(rows)
    ]


READERS: dict[str, Callable[[Path, DataConfig], list[dict]]] = {
    "pubmedqa": _pubmedqa,
    "medquad": _medquad,
    "mts_dialog": _mts_dialog,
    "mmlu_dev": _mmlu_dev,
    "medqa_train": _medqa_train,
    "medmcqa_train": _medmcqa_train,
    "medical_o1": _medical_o1,
}


# Each source's licence (its SOURCE.md under data_dir; pipeline.verifiable for the hub sources), recorded with every
# adapter trained on it (pipeline.adapter).
LICENCES: dict[str, str] = {
    "pubmedqa": "MIT",
    "medquad": "CC BY 4.0",
    "mts_dialog": "CC BY 4.0",
    "mmlu_dev": "MIT",
    **{name: source.licence for name, source in verifiable.SOURCES.items()},
}


def _render(row: dict, cfg: DataConfig) -> dict:
    # Published datasets with no patients in them: the context rules still run (MTS-Dialog's invented names), the
    # unknown-word pass does not (it would cut their eponyms and places: "[NAME] anemia").
    fields = {name: redact(value, dictionary=False) for name, value in row.pop("fields").items()}
    template = load_template(row["task"])
    row["messages"] = [m.as_dict() for m in render_messages(template, fields, cfg.style)]
    row["template"] = template.id
    row["question"] = redact(row["question"], dictionary=False)
    if row["reference"]:
        row["reference"] = redact(row["reference"], dictionary=False)
    return row


def build_items(data_dir: Path, cfg: DataConfig) -> tuple[list[dict], dict]:
    if not evaluation_questions(data_dir):
        raise FileNotFoundError(f"no evaluation splits under {data_dir}: cannot prove the training data is clean")
    unknown = set(cfg.per_source) - set(READERS)
    if unknown:
        raise ValueError(f"unknown source(s) {', '.join(sorted(unknown))}; known: {', '.join(READERS)}")
    rng = random.Random(cfg.seed)
    items: list[dict] = []
    stats: dict[str, dict[str, int]] = {}
    seen: set[str] = set()
    for source, limit in tqdm(cfg.per_source.items(), desc="data sources"):
        rows = READERS[source](data_dir, cfg)
        rng.shuffle(rows)
        kept = dupes = leaks = 0
        for row in rows:
            if kept >= limit:
                break
            if is_evaluation_question(row["question"], data_dir):
                leaks += 1
                continue
            row = _render(row, cfg)
            # Deduplicated on the redacted text, the one trained on: redaction can make two questions identical.
            key = normalise(row["question"])
            if key in seen:
                dupes += 1
                continue
            seen.add(key)
            items.append(row)
            kept += 1
        stats[source] = {"read": len(rows), "kept": kept, "duplicates": dupes, "evaluation_overlap_dropped": leaks}
    return items, stats


def run(cfg: DataConfig, data_dir: Path, out: Path, force: bool = False) -> dict:
    if not force and (done := finished(out, cfg)):
        return done
    started = time.time()
    items, stats = build_items(data_dir, cfg)
    random.Random(cfg.seed).shuffle(items)
    n_val = max(1, int(len(items) * cfg.val_fraction)) if len(items) > 1 else 0
    atomic_write_jsonl(out / "val.jsonl", items[:n_val])
    atomic_write_jsonl(out / "train.jsonl", items[n_val:])
    return write_manifest(out, "data", cfg, started, sources=stats, train=len(items) - n_val, val=n_val)
