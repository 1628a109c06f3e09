"""Write the compact copy of the index inputs that ships in knowledge/data/ (for machines without ../shared/data):

    python -m knowledge.ship --data-dir ../shared/data

passages.jsonl.gz holds the MedQuAD and PubMedQA passages exactly as the index builds them from the raw data;
drugbank_vocabulary.csv.gz the vocabulary's id, name and synonyms. Written reproducibly (gzip mtime 0), atomically."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from core.io import atomic_write_bytes
from knowledge.corpus import SHIPPED_PASSAGES, SHIPPED_VOCABULARY, text_passages
from knowledge.passage import Passage
from meddata import drugbank

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"


def passages_bytes(passages: list[Passage]) -> bytes:
    lines = "".join(json.dumps(p.as_dict(), ensure_ascii=False) + "\n" for p in passages)
    return gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0)


def vocabulary_bytes(entries: list[drugbank.DrugEntry]) -> bytes:
    return gzip.compress(drugbank.compact_csv(entries).encode("utf-8"), compresslevel=9, mtime=0)


def ship(data_dir: Path, passages_path: Path = SHIPPED_PASSAGES, vocabulary_path: Path = SHIPPED_VOCABULARY) -> None:
    passages = text_passages(data_dir)
    atomic_write_bytes(passages_path, passages_bytes(passages))
    atomic_write_bytes(vocabulary_path, vocabulary_bytes(drugbank.load_vocabulary(drugbank.vocabulary_file(data_dir))))
    print(f"{len(passages)} passages -> {passages_path} ({passages_path.stat().st_size / 1e6:.2f} MB)")
    print(f"vocabulary -> {vocabulary_path} ({vocabulary_path.stat().st_size / 1e6:.2f} MB)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge.ship", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ship(parser.parse_args(argv).data_dir)


if __name__ == "__main__":
    main()
