"""MMLU medical subjects (../shared/data/mmlu_medical): test CSVs (no header; evaluation only) and the few-shot dev
rows (with a header; training-allowed). Some dev rows of one subject are test rows of another: meddata.boundary
drops those from anything training-side."""

from __future__ import annotations

import csv
from pathlib import Path

from meddata.mcq import MCQ

LETTERS = "ABCD"


def test_items(data_dir: Path) -> list[MCQ]:
    items = []
    for path in sorted((data_dir / "mmlu_medical").glob("*_test.csv")):
        subject = path.name.removesuffix("_test.csv")
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.reader(fh)):
                question, *choices, answer = row
                options = tuple(zip(LETTERS, choices, strict=True))
                items.append(MCQ(f"mmlu:{subject}:{i}", "mmlu_medical", question, options, answer))
    return items


def dev_items(data_dir: Path) -> list[MCQ]:
    items = []
    for path in sorted((data_dir / "mmlu_medical" / "dev_fewshot").glob("*_dev.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                items.append(
                    MCQ(
                        f"mmlu-dev:{path.stem}:{i}",
                        "mmlu_medical",
                        row["question"],
                        tuple((LETTERS[j], row[f"choice{j}"]) for j in range(4)),
                        LETTERS[int(row["answer"])],
                    )
                )
    return items


def subject(item: MCQ) -> str:
    """'college medicine' for an id like mmlu-dev:college_medicine_dev:3 or mmlu:college_medicine:12."""
    key = item.id.split(":")[1].removesuffix("_dev")
    return key.replace("_", " ")
