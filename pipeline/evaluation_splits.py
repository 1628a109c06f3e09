"""The evaluation splits (read-only; never used for training, prompt tuning or few-shot) as multiple-choice items,
and the fixed seeded subsets that every configuration is scored on. Only the evaluate stage imports this module;
the training stages (data, teacher, distill, quantize) never do — data decontamination reads question texts only,
through backend.practice.evaluation_questions.

See ../shared/data/*/SOURCE.md: MedQA-USMLE 4-option test; MedMCQA dev (`cop` counts from 1); PubMedQA labelled
questions whose ids are in `test_ground_truth.json`; MMLU medical subjects' test CSVs (no header).
"""

from __future__ import annotations

import csv
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = ("medqa", "medmcqa", "pubmedqa", "mmlu_medical")


@dataclass(frozen=True)
class MCQ:
    id: str
    benchmark: str
    question: str
    options: tuple[tuple[str, str], ...]
    answer: str
    context: str = ""

    def prompt(self) -> str:
        parts = [f"Context: {self.context}"] if self.context else []
        parts.append(f"Question: {self.question}")
        parts.extend(f"{letter}. {text}" for letter, text in self.options)
        return "\n".join(parts)


def _medqa(data_dir: Path) -> list[MCQ]:
    path = data_dir / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        MCQ(f"medqa:{i}", "medqa", r["question"], tuple(sorted(r["options"].items())), r["answer_idx"])
        for i, r in enumerate(rows)
    ]


def _medmcqa(data_dir: Path) -> list[MCQ]:
    path = data_dir / "medmcqa" / "dev.json"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        MCQ(
            f"medmcqa:{r['id']}",
            "medmcqa",
            r["question"],
            tuple(zip("ABCD", (r["opa"], r["opb"], r["opc"], r["opd"]), strict=True)),
            "ABCD"[r["cop"] - 1],
        )
        for r in rows
    ]


def _pubmedqa(data_dir: Path) -> list[MCQ]:
    folder = data_dir / "pubmedqa"
    items = json.loads((folder / "ori_pqal.json").read_text(encoding="utf-8"))
    test_ids = json.loads((folder / "test_ground_truth.json").read_text(encoding="utf-8"))
    options = (("A", "yes"), ("B", "no"), ("C", "maybe"))
    letter = {text: key for key, text in options}
    return [
        MCQ(
            f"pubmedqa:{pmid}",
            "pubmedqa",
            items[pmid]["QUESTION"],
            options,
            letter[items[pmid]["final_decision"]],
            context=" ".join(items[pmid]["CONTEXTS"]),
        )
        for pmid in sorted(test_ids)
        if pmid in items
    ]


def _mmlu_medical(data_dir: Path) -> list[MCQ]:
    items = []
    for path in sorted((data_dir / "mmlu_medical").glob("*_test.csv")):
        subject = path.name.removesuffix("_test.csv")
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.reader(fh)):
                question, *choices, answer = row
                items.append(
                    MCQ(
                        f"mmlu:{subject}:{i}",
                        "mmlu_medical",
                        question,
                        tuple(zip("ABCD", choices, strict=True)),
                        answer,
                    )
                )
    return items


LOADERS = {"medqa": _medqa, "medmcqa": _medmcqa, "pubmedqa": _pubmedqa, "mmlu_medical": _mmlu_medical}


def load(benchmark: str, data_dir: Path) -> list[MCQ]:
    if benchmark not in LOADERS:
        raise ValueError(f"unknown benchmark {benchmark!r}; known: {', '.join(BENCHMARKS)}")
    return LOADERS[benchmark](data_dir)


def fixed_subset(benchmark: str, data_dir: Path, n: int | None, seed: int) -> list[MCQ]:
    """A seeded sample (the same for every configuration); n=None means the whole split."""
    items = load(benchmark, data_dir)
    if n is None or n >= len(items):
        return items
    chosen = sorted(random.Random(f"{seed}:{benchmark}").sample(range(len(items)), n))
    return [items[i] for i in chosen]


def wilson(correct: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (sound at small n and near 0 or 1, unlike the normal interval)."""
    if n == 0:
        return (0.0, 0.0)
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)
