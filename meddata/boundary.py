"""The boundary between evaluation and training data, and decontamination.

Evaluation splits are read here for two purposes only: scoring (the evaluate stage and benchmarks, through
`evaluation_items` / `fixed_subset`) and decontamination (`evaluation_questions`, so that no training-side item whose
question text also appears in an evaluation split is ever used).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from core.text import normalise
from core.types import SEED
from meddata import medmcqa, medqa, mmlu, pubmedqa
from meddata.mcq import MCQ

EVALUATION_SPLITS: dict[str, Callable[[Path], list[MCQ]]] = {
    "medqa": medqa.test_items,
    "medmcqa": medmcqa.dev_items,
    "pubmedqa": pubmedqa.test_items,
    "mmlu_medical": mmlu.test_items,
}
BENCHMARKS = tuple(EVALUATION_SPLITS)

# Where each split lives, so that decontamination skips splits whose files are absent (e.g. a partial data folder).
_SPLIT_FILES = {
    "medqa": "medqa_usmle_4opt/phrases_no_exclude_test.jsonl",
    "medmcqa": "medmcqa/dev.json",
    "pubmedqa": "pubmedqa/ori_pqal.json",
    "mmlu_medical": "mmlu_medical",
}


def evaluation_items(benchmark: str, data_dir: Path) -> list[MCQ]:
    if benchmark not in EVALUATION_SPLITS:
        raise ValueError(f"unknown benchmark {benchmark!r}; known: {', '.join(BENCHMARKS)}")
    return EVALUATION_SPLITS[benchmark](data_dir)


def fixed_subset(benchmark: str, data_dir: Path, n: int | None, seed: int = SEED) -> list[MCQ]:
    """A seeded sample, the same for every configuration and every run; n=None means the whole split.

    The first n of one seeded order, so a smaller draw lies inside every larger one (lm-eval's items inside the
    evaluate stage's, for pairing). random.sample does not promise that: it switches algorithm with n (200 of the
    1,089 MMLU-medical items were not inside 400)."""
    items = evaluation_items(benchmark, data_dir)
    if n is None or n >= len(items):
        return items
    order = list(range(len(items)))
    random.Random(f"{seed}:{benchmark}").shuffle(order)
    return [items[i] for i in sorted(order[:n])]


@cache
def evaluation_questions(data_dir: Path) -> frozenset[str]:
    """Normalised question texts of every evaluation split present under `data_dir` (decontamination only)."""
    questions: set[str] = set()
    for benchmark, loader in EVALUATION_SPLITS.items():
        if (data_dir / _SPLIT_FILES[benchmark]).exists():
            questions.update(normalise(item.question) for item in loader(data_dir))
    return frozenset(questions)


def decontaminate(items: Iterable[MCQ], data_dir: Path) -> list[MCQ]:
    """Drop every item whose question also appears in an evaluation split."""
    held_out = evaluation_questions(data_dir)
    return [item for item in items if normalise(item.question) not in held_out]


def is_evaluation_question(question: str, data_dir: Path) -> bool:
    return normalise(question) in evaluation_questions(data_dir)
