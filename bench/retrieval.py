"""Retrieval benchmark for the knowledge index (issue 15): can a MedQuAD question find its NIH page?

    python -m bench.retrieval [--data-dir ../shared/data] [--n 300] [--modes lexical dense fused]

Protocol: a seeded sample of 300 MedQuAD questions (core.types.SEED) is held out of the index together with their
answers (and any other pair with the same answer text, so no copy leaks back in). Each question is then searched
as written; a hit is any passage from the same page (same URL). Reported: recall@5, MRR@10 and query latency
(p50/p95, one query at a time) per mode. Only questions whose page keeps at least one other answered pair are
sampled: for the other pages nothing from the page is left to find. The index holds everything else the app
indexes (MedQuAD, PubMedQA training half, DrugBank), so the distractors are the real ones.
Writes bench/results/retrieval.json."""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from core.io import atomic_write_json
from core.stats import wilson
from core.types import SEED
from knowledge import corpus
from knowledge.chunking import clean
from knowledge.index import KnowledgeIndex, default_cache_dir
from meddata import drugbank, medquad

RESULTS = Path(__file__).resolve().parent / "results" / "retrieval.json"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
RECALL_K = 5
MRR_K = 10
MODES = ("lexical", "dense", "fused")


def held_out_sample(
    pairs: list[medquad.MedQuADPair], docs: dict[str, medquad.MedQuADDoc], n: int, seed: int = SEED
) -> list[medquad.MedQuADPair]:
    """n questions whose page has at least one other answered pair with a different answer text."""
    texts_by_url: dict[str, set[str]] = {}
    for pair in pairs:
        texts_by_url.setdefault(docs[pair.file].url, set()).add(clean(pair.answer))
    eligible = [p for p in pairs if len(texts_by_url[docs[p.file].url] - {clean(p.answer)}) >= 1]
    return random.Random(f"{seed}:retrieval").sample(eligible, n)


def benchmark_passages(data_dir: Path, held_out: list[medquad.MedQuADPair]) -> list:
    """Every passage the app indexes, minus the held-out answers and any pair repeating one of their texts."""
    pairs, docs = medquad.load_pairs(data_dir), medquad.load_docs(data_dir)
    held_texts = {clean(p.answer) for p in held_out}
    kept = [p for p in pairs if clean(p.answer) not in held_texts]
    entries = drugbank.load_vocabulary(drugbank.vocabulary_file(data_dir))
    return (
        corpus.medquad_passages(kept, docs)
        + corpus.pubmedqa_passages(corpus.pubmedqa_training(data_dir))
        + corpus.drugbank_passages(entries, corpus.brands_by_id(entries, corpus.read_brands()))
    )


def first_hit_rank(urls: list[str], target: str) -> int | None:
    """1-based rank of the first result from the target page, None when absent."""
    return next((rank for rank, url in enumerate(urls, start=1) if url == target), None)


def evaluate(index: KnowledgeIndex, questions: list[tuple[str, str]], mode: str) -> dict:
    """Recall@5, MRR@10 and latency of one mode over (question, page URL) pairs."""
    ranks: list[int | None] = []
    latencies: list[float] = []
    index.search("warm-up query", k=MRR_K, mode=mode)  # loads lazily initialised parts (the embedder's graph)
    for question, url in questions:
        start = time.perf_counter()
        results = index.search(question, k=MRR_K, mode=mode)
        latencies.append((time.perf_counter() - start) * 1000)
        ranks.append(first_hit_rank([p.url for p, _ in results], url))
    found = sum(1 for r in ranks if r is not None and r <= RECALL_K)
    low, high = wilson(found, len(ranks))
    latencies.sort()
    return {
        f"recall@{RECALL_K}": round(found / len(ranks), 4),
        f"recall@{RECALL_K}_95ci": [round(low, 4), round(high, 4)],
        f"mrr@{MRR_K}": round(sum(1 / r for r in ranks if r is not None) / len(ranks), 4),
        "latency_ms_p50": round(statistics.median(latencies), 1),
        "latency_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "misses": [q for (q, _), r in zip(questions, ranks, strict=True) if r is None or r > RECALL_K][:10],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    pairs, docs = medquad.load_pairs(args.data_dir), medquad.load_docs(args.data_dir)
    held_out = held_out_sample(pairs, docs, args.n)
    start = time.perf_counter()
    passages = benchmark_passages(args.data_dir, held_out)
    dense = any(mode != "lexical" for mode in args.modes)
    index = KnowledgeIndex.from_passages(passages, args.cache_dir, dense=dense)
    open_s = time.perf_counter() - start
    questions = [(clean(p.question), docs[p.file].url) for p in held_out]
    results = {mode: evaluate(index, questions, mode) for mode in args.modes}
    report = {
        "command": "python -m bench.retrieval " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "unset (torch uses every core)"),
            "loadavg_at_end": os.getloadavg(),
        },
        "protocol": __doc__.split("Protocol: ")[1].split("Writes")[0].strip(),
        "seed": SEED,
        "questions": len(questions),
        "question_types": dict(Counter(p.qtype for p in held_out).most_common()),
        "indexed_passages": len(passages),
        "dense_passages": sum(1 for p in passages if p.source != "DrugBank") if dense else 0,
        "collect_build_open_s": round(open_s, 1),
        "modes": results,
    }
    atomic_write_json(args.out, report)
    for mode, row in results.items():
        print(
            f"{mode:8s} recall@5 {row['recall@5']:.3f}  MRR@10 {row['mrr@10']:.3f}  "
            f"p50 {row['latency_ms_p50']} ms  p95 {row['latency_ms_p95']} ms"
        )
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
