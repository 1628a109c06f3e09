"""Practice questions for the education tab, drawn only from training-allowed data.

Sources (see ../shared/data/*/SOURCE.md): PubMedQA PQA-L items that are *not* in the official test split
(`test_ground_truth.json` is read only to exclude its ids), and the MMLU medical few-shot dev rows. Evaluation
splits (MedQA test, MedMCQA dev, MMLU test, PubMedQA test) are never offered; they are read only to drop any
practice item whose question text also appears in them (some MMLU dev rows of one subject are test rows of another).
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LETTERS = "ABCD"


@dataclass(frozen=True)
class PracticeItem:
    id: str
    source: str
    question: str
    context: str
    options: tuple[tuple[str, str], ...]  # (letter, text)
    answer: str  # gold letter
    explanation: str

    def as_prompt(self) -> str:
        """The question as a learner would paste it into the education tab (no gold answer in it)."""
        parts = [f"Context: {self.context}"] if self.context else []
        parts.append(self.question)
        parts.extend(f"{letter}. {text}" for letter, text in self.options)
        return "\n".join(parts)


def pubmedqa_training_items(data_dir: Path) -> list[PracticeItem]:
    """PubMedQA PQA-L items outside the official test ids (the half that may train or be practised on)."""
    folder = data_dir / "pubmedqa"
    items = json.loads((folder / "ori_pqal.json").read_text(encoding="utf-8"))
    test_ids = set(json.loads((folder / "test_ground_truth.json").read_text(encoding="utf-8")))
    options = (("A", "yes"), ("B", "no"), ("C", "maybe"))
    letter = {text: key for key, text in options}
    return [
        PracticeItem(
            id=f"pubmedqa:{pmid}",
            source="PubMedQA (training half)",
            question=item["QUESTION"],
            context=" ".join(item["CONTEXTS"]),
            options=options,
            answer=letter[item["final_decision"]],
            explanation=item.get("LONG_ANSWER", ""),
        )
        for pmid, item in sorted(items.items())
        if pmid not in test_ids
    ]


def _mmlu_dev(data_dir: Path) -> list[PracticeItem]:
    out: list[PracticeItem] = []
    for path in sorted((data_dir / "mmlu_medical" / "dev_fewshot").glob("*_dev.csv")):
        subject = path.stem.removesuffix("_dev").replace("_", " ")
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                choices = tuple((LETTERS[j], row[f"choice{j}"]) for j in range(4))
                out.append(
                    PracticeItem(
                        id=f"mmlu-dev:{path.stem}:{i}",
                        source=f"MMLU {subject} (few-shot dev)",
                        question=row["question"],
                        context="",
                        options=choices,
                        answer=LETTERS[int(row["answer"])],
                        explanation="",
                    )
                )
    return out


def _normalise(question: str) -> str:
    return " ".join(question.lower().split())


def evaluation_questions(data_dir: Path) -> frozenset[str]:
    """Normalised question texts of every evaluation split present under `data_dir` (for decontamination only)."""
    questions: set[str] = set()
    medqa = data_dir / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl"
    medmcqa = data_dir / "medmcqa" / "dev.json"
    for path in (medqa, medmcqa):
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                questions.update(_normalise(json.loads(line)["question"]) for line in fh if line.strip())
    for path in (data_dir / "mmlu_medical").glob("*_test.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            questions.update(_normalise(row[0]) for row in csv.reader(fh) if row)
    pubmedqa = data_dir / "pubmedqa"
    if (pubmedqa / "ori_pqal.json").is_file():
        items = json.loads((pubmedqa / "ori_pqal.json").read_text(encoding="utf-8"))
        test_ids = json.loads((pubmedqa / "test_ground_truth.json").read_text(encoding="utf-8"))
        questions.update(_normalise(items[pmid]["QUESTION"]) for pmid in test_ids if pmid in items)
    return frozenset(questions)


@cache
def practice_bank(data_dir: Path) -> tuple[PracticeItem, ...]:
    """All practice items; empty when the data folder is absent (e.g. on a Space without the data)."""
    if not data_dir.is_dir():
        return ()
    items: list[PracticeItem] = []
    if (data_dir / "pubmedqa" / "ori_pqal.json").is_file():
        items += pubmedqa_training_items(data_dir)
    if (data_dir / "mmlu_medical" / "dev_fewshot").is_dir():
        items += _mmlu_dev(data_dir)
    held_out = evaluation_questions(data_dir)
    return tuple(item for item in items if _normalise(item.question) not in held_out)


def draw(data_dir: Path, rng: random.Random | None = None, source: str = "any") -> PracticeItem | None:
    bank = [i for i in practice_bank(data_dir) if source == "any" or i.id.startswith(source)]
    return (rng or random).choice(bank) if bank else None


def find(data_dir: Path, item_id: str) -> PracticeItem | None:
    return next((i for i in practice_bank(data_dir) if i.id == item_id), None)
