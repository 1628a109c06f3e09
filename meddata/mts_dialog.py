"""MTS-Dialog (../shared/data/mts_dialog): doctor–patient dialogues with clinical-note sections. The training set
may train; the validation and two test sets are for evaluation (see its SOURCE.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NoteSection:
    id: str  # "mts_dialog:<ID>"
    header: str  # GENHX, CC, ROS, EXAM, ASSESSMENT, …
    text: str  # the clinical-note section
    dialogue: str


def training_sections(data_dir: Path) -> list[NoteSection]:
    with (data_dir / "mts_dialog" / "MTS-Dialog-TrainingSet.csv").open(encoding="utf-8", newline="") as fh:
        return [
            NoteSection(f"mts_dialog:{r['ID']}", r["section_header"].upper(), r["section_text"], r["dialogue"])
            for r in csv.DictReader(fh)
        ]
