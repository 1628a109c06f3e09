"""Stage 1 — data: chat-format training items from the training-allowed data, rendered with the task templates.

Sources (../shared/DESIGN.md says which splits may train):
  * PubMedQA PQA-L outside the test ids → education task, multiple choice with a gold answer;
  * MedQuAD NIH question–answer pairs → education task, free answer (the NIH text is kept as a reference);
  * MTS-Dialog *train* clinical-note sections (history of present illness, etc.) → diagnosis task.
Every item is redacted (names, dates, phone numbers, record numbers), deduplicated on its normalised question, and
dropped if its question appears in any evaluation split. Output: train.jsonl and val.jsonl under <workdir>/data.
"""

from __future__ import annotations

import csv
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from backend.practice import evaluation_questions, pubmedqa_training_items
from backend.redaction import redact
from pipeline.common import atomic_write_jsonl, finished, write_manifest
from prompts.loader import load_template, render_messages

SOURCES = ("pubmedqa", "medquad", "mts_dialog")
# MTS-Dialog sections that describe a presentation (the others are medications, allergies, family history, ...).
MTS_PRESENTATION_SECTIONS = {"GENHX", "CC", "ROS", "EXAM", "ASSESSMENT"}


@dataclass
class DataConfig:
    per_source: dict[str, int] = field(default_factory=lambda: {"pubmedqa": 200, "medquad": 200, "mts_dialog": 100})
    val_fraction: float = 0.05
    seed: int = 13
    style: str = "instruct"  # prompt layout of the *student*: instruct (system + user) or r1 (user only)
    max_context_chars: int = 1500  # PubMedQA abstracts are long; CPU training sequences are short


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def _pubmedqa(data_dir: Path, cfg: DataConfig) -> list[dict]:
    rows = []
    for item in pubmedqa_training_items(data_dir):
        context = item.context[: cfg.max_context_chars]
        question = "\n".join([f"Context: {context}", item.question, *(f"{k}. {v}" for k, v in item.options)])
        rows.append(
            {
                "id": item.id,
                "source": "pubmedqa",
                "task": "education",
                "question": item.question,
                "fields": {"question": question, "level": "medical student"},
                "gold": item.answer,
                "options": [list(o) for o in item.options],
                "reference": item.explanation,
            }
        )
    return rows


def _medquad(data_dir: Path, cfg: DataConfig) -> list[dict]:
    rows = []
    with (data_dir / "medquad" / "medquad_qa.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append(
                {
                    "id": f"medquad:{r['qid']}",
                    "source": "medquad",
                    "task": "education",
                    "question": r["question"],
                    "fields": {"question": r["question"], "level": "patient or student"},
                    "gold": None,
                    "options": None,
                    "reference": " ".join(r["answer"].split())[:2000],
                }
            )
    return rows


def _mts_dialog(data_dir: Path, cfg: DataConfig) -> list[dict]:
    rows = []
    with (data_dir / "mts_dialog" / "MTS-Dialog-TrainingSet.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["section_header"].upper() not in MTS_PRESENTATION_SECTIONS or len(r["section_text"]) < 80:
                continue
            rows.append(
                {
                    "id": f"mts_dialog:{r['ID']}",
                    "source": "mts_dialog",
                    "task": "diagnosis",
                    "question": r["section_text"],
                    "fields": {"vignette": r["section_text"][:1200]},
                    "gold": None,
                    "options": None,
                    "reference": None,
                }
            )
    return rows


READERS = {"pubmedqa": _pubmedqa, "medquad": _medquad, "mts_dialog": _mts_dialog}


def build_items(data_dir: Path, cfg: DataConfig) -> tuple[list[dict], dict]:
    held_out = evaluation_questions(data_dir)
    if not held_out:
        raise FileNotFoundError(f"no evaluation splits under {data_dir}: cannot prove the training data is clean")
    rng = random.Random(cfg.seed)
    items: list[dict] = []
    stats: dict[str, dict[str, int]] = {}
    seen: set[str] = set()
    for source, limit in tqdm(cfg.per_source.items(), desc="data sources"):
        if source not in READERS:
            raise ValueError(f"unknown source {source!r}; known: {', '.join(SOURCES)}")
        rows = READERS[source](data_dir, cfg)
        rng.shuffle(rows)
        kept = dupes = leaks = 0
        for row in rows:
            key = normalise(row["question"])
            if key in held_out:
                leaks += 1
                continue
            if key in seen:
                dupes += 1
                continue
            if kept >= limit:
                break
            seen.add(key)
            fields = {name: redact(value) for name, value in row.pop("fields").items()}
            template = load_template(row["task"])
            row["messages"] = [m.as_dict() for m in render_messages(template, fields, cfg.style)]
            row["template"] = template.id
            row["question"] = redact(row["question"])
            if row["reference"]:
                row["reference"] = redact(row["reference"])
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
