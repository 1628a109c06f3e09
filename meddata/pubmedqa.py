"""PubMedQA PQA-L (../shared/data/pubmedqa): 1,000 labelled questions; the 500 ids in test_ground_truth.json are the
official test split (evaluation only), the other 500 may train and be practised on. See its SOURCE.md (MIT)."""

from __future__ import annotations

import json
from pathlib import Path

from meddata.mcq import MCQ

OPTIONS = (("A", "yes"), ("B", "no"), ("C", "maybe"))
_LETTER = {text: letter for letter, text in OPTIONS}


def _read(data_dir: Path) -> tuple[dict[str, dict], set[str]]:
    folder = data_dir / "pubmedqa"
    items = json.loads((folder / "ori_pqal.json").read_text(encoding="utf-8"))
    test_ids = set(json.loads((folder / "test_ground_truth.json").read_text(encoding="utf-8")))
    return items, test_ids


def _item(pmid: str, raw: dict) -> MCQ:
    return MCQ(
        id=f"pubmedqa:{pmid}",
        source="pubmedqa",
        question=raw["QUESTION"],
        options=OPTIONS,
        answer=_LETTER[raw["final_decision"]],
        context=" ".join(raw["CONTEXTS"]),
        explanation=raw.get("LONG_ANSWER", ""),
    )


def training_items(data_dir: Path) -> list[MCQ]:
    """The half outside the official test ids (training-allowed)."""
    items, test_ids = _read(data_dir)
    return [_item(pmid, raw) for pmid, raw in sorted(items.items()) if pmid not in test_ids]


def test_items(data_dir: Path) -> list[MCQ]:
    """The official test split (evaluation only)."""
    items, test_ids = _read(data_dir)
    return [_item(pmid, items[pmid]) for pmid in sorted(test_ids) if pmid in items]


def test_ids(data_dir: Path) -> frozenset[str]:
    return frozenset(_read(data_dir)[1])
