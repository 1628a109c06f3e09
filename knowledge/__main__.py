"""python -m knowledge build [--dense] | search QUERY [-k 5] [--mode lexical|dense|fused] | drugs TEXT

`build` prebuilds the cached index (at install time, so that the app's first start is quick)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from knowledge.drugs import normalise_drugs
from knowledge.index import KnowledgeIndex


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument("--cache-dir", type=Path, default=None, help="default: $MEDASSIST_CACHE_DIR/knowledge")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: ../shared/data, else the shipped copy")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build (or check) the cached index")
    build.add_argument("--dense", action="store_true", help="also embed passages (minutes on 2 cores)")
    search = sub.add_parser("search", help="print the top passages for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--mode", choices=("lexical", "dense", "fused"), default="lexical")
    drugs = sub.add_parser("drugs", help="normalise the drug names in a free-text medicines list")
    drugs.add_argument("text")
    args = parser.parse_args(argv)

    if args.command == "drugs":
        for m in normalise_drugs(args.text):
            suggestions = f"  did you mean: {', '.join(m.suggestions)}" if m.suggestions else ""
            print(f"{m.query!r:24} -> {m.name or '?'} [{m.kind}, {m.drugbank_id or '-'}]{suggestions}")
        return 0
    start = time.perf_counter()
    dense = args.dense if args.command == "build" else args.mode != "lexical"
    index = KnowledgeIndex.open(args.cache_dir, args.data_dir, dense=dense)
    if args.command == "build":
        print(f"{len(index)} passages at {index.folder} ({time.perf_counter() - start:.1f} s)")
        return 0
    for n, (p, score) in enumerate(index.search(args.query, k=args.k, mode=args.mode), start=1):
        print(f"[{n}] {p.title} — {p.origin} ({p.licence}) {p.url}  score {score:.3f}\n    {p.text[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
