"""A small data folder of the real files' shapes for the lmeval tests: two MMLU-medical subject CSVs (headerless:
question, A-D, gold letter) with their few-shot dev CSVs (a header, gold as an index), and a MedQA JSONL (question,
options A-D, answer_idx). A few rows carry what a CSV reader mangles: "None", a decimal, a comma, quotes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

# The worked examples: row 1 of college_medicine and line 2 of MedQA, checked against hand-written prompts.
MMLU_ROW = ["  Which nerve supplies the diaphragm? ", "The vagus nerve", "The phrenic nerve", "None", "0.50", "B"]
MEDQA_ROW = {
    "question": "A 45-year-old man has crushing chest pain. What is the next step?",
    "options": {"A": "Discharge", "B": "None", "C": "ECG", "D": "Reassure, then discharge"},
    "answer_idx": "C",
    "answer": "ECG",
    "meta_info": "step2&3",
}
SUBJECT_ROWS = {
    "anatomy": [
        [
            'A "dished face" profile is associated with',
            "acromegaly",
            "a recessive maxilla",
            "hydrocephaly",
            "sinus",
            "B",
        ],
        ["Which bone is in the wrist?", "Scaphoid", "Femur", "Tibia", "Ulna, distal", "A"],
        ["Which muscle flexes the elbow?", "Triceps", "Deltoid", "Biceps", "Soleus", "C"],
    ],
    "college_medicine": [
        ["Which vitamin is fat-soluble?", "C", "B12", "K", "Folate", "C"],
        MMLU_ROW,
        ["Normal adult resting heart rate (per minute)?", "20-30", "60-100", "150-180", "200-220", "B"],
    ],
}
DEV_HEADER = ["question", "choice0", "choice1", "choice2", "choice3", "answer"]
DEV_ROWS = [["Which organ makes insulin?", "Liver", "Pancreas", "Spleen", "Kidney", "1"]]
MEDQA_ROWS = [
    {
        "question": "Which drug reverses heparin?",
        "options": {"A": "Protamine", "B": "Vitamin K", "C": "Naloxone", "D": "Flumazenil"},
        "answer_idx": "A",
    },
    {
        "question": "First-line treatment of anaphylaxis?",
        "options": {"A": "Antihistamine", "B": "Steroid", "C": "Salbutamol", "D": "Adrenaline"},
        "answer_idx": "D",
    },
    MEDQA_ROW,
    {
        "question": "Which test confirms type 1 diabetes autoimmunity?",
        "options": {"A": "HbA1c", "B": "GAD antibodies", "C": "Lipids", "D": "TSH"},
        "answer_idx": "B",
    },
]


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def write_data(root: Path) -> Path:
    """The data folder under `root`: 6 MMLU-medical test rows in two subjects and 4 MedQA test lines."""
    mmlu = root / "mmlu_medical"
    (mmlu / "dev_fewshot").mkdir(parents=True)
    for subject, rows in SUBJECT_ROWS.items():
        _write_csv(mmlu / f"{subject}_test.csv", rows)
        _write_csv(mmlu / "dev_fewshot" / f"{subject}_dev.csv", [DEV_HEADER, *DEV_ROWS])
    medqa = root / "medqa_usmle_4opt"
    medqa.mkdir()
    lines = [json.dumps(row) for row in MEDQA_ROWS]
    (medqa / "phrases_no_exclude_test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
