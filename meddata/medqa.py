"""MedQA-USMLE, 4 options (../shared/data/medqa_usmle_4opt): the test split only, evaluation only."""

from __future__ import annotations

import json
from pathlib import Path

from meddata.mcq import MCQ


def test_items(data_dir: Path) -> list[MCQ]:
    path = data_dir / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        MCQ(f"medqa:{i}", "medqa", r["question"], tuple(sorted(r["options"].items())), r["answer_idx"])
        for i, r in enumerate(rows)
    ]
