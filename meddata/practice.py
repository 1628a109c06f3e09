"""The practice bank: training-allowed multiple-choice questions for the education tab and the prompt benchmarks.

Sources: PubMedQA's training half and the MMLU medical few-shot dev rows, minus any item whose question text also
appears in an evaluation split (meddata.boundary). Where ../shared/data is absent (a Hugging Face Space), the bank
comes from the copy shipped in meddata/bundled/ (built from the same data by `python -m meddata.practice --bundle`,
licences in meddata/bundled/SOURCE.md); a test checks that the two agree.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from dataclasses import asdict
from functools import cache
from pathlib import Path

from core.io import atomic_write_bytes
from meddata import mmlu, pubmedqa
from meddata.boundary import decontaminate
from meddata.mcq import MCQ

BUNDLE = Path(__file__).resolve().parent / "bundled" / "practice.jsonl.gz"
SOURCE_NAMES = {"pubmedqa": "PubMedQA (training half)", "mmlu_medical": "MMLU medical (few-shot dev)"}


def build_bank(data_dir: Path) -> tuple[MCQ, ...]:
    items: list[MCQ] = []
    if (data_dir / "pubmedqa" / "ori_pqal.json").is_file():
        items += pubmedqa.training_items(data_dir)
    if (data_dir / "mmlu_medical" / "dev_fewshot").is_dir():
        items += mmlu.dev_items(data_dir)
    return tuple(decontaminate(items, data_dir))


def _read_bundle(path: Path = BUNDLE) -> tuple[MCQ, ...]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return tuple(MCQ(**{**r, "options": tuple(tuple(o) for o in r["options"])}) for r in rows)


@cache
def practice_bank(data_dir: Path | None) -> tuple[MCQ, ...]:
    """All practice items: from `data_dir` when it holds the data, else the shipped bundle."""
    if data_dir is not None and data_dir.is_dir() and (data_dir / "pubmedqa").is_dir():
        return build_bank(data_dir)
    return _read_bundle() if BUNDLE.is_file() else ()


def source_label(item: MCQ) -> str:
    label = SOURCE_NAMES.get(item.source, item.source)
    return f"{label} · {mmlu.subject(item)}" if item.source == "mmlu_medical" else label


def draw(data_dir: Path | None, rng: random.Random | None = None, source: str = "any") -> MCQ | None:
    bank = [i for i in practice_bank(data_dir) if source == "any" or i.id.startswith(source)]
    return (rng or random).choice(bank) if bank else None


def find(data_dir: Path | None, item_id: str) -> MCQ | None:
    return next((i for i in practice_bank(data_dir) if i.id == item_id), None)


def write_bundle(data_dir: Path, path: Path = BUNDLE) -> int:
    items = build_bank(data_dir)
    text = "".join(json.dumps(asdict(item), ensure_ascii=False) + "\n" for item in items)
    # mtime=0: the same data gives the same bytes, so the committed file changes only when the bank does.
    atomic_write_bytes(path, gzip.compress(text.encode("utf-8"), mtime=0))
    return len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m meddata.practice", description="Rebuild the shipped bank.")
    parser.add_argument("--bundle", action="store_true", required=True)
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args(argv)
    print(f"wrote {write_bundle(args.data_dir)} items to {BUNDLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
