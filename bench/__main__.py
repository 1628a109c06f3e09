"""python -m bench <command>: `cpu` (serving speed, layers side by side), `prompts` (templates vs a generic prompt),
`models` (default-model selection), `calculators`, `grounding`, `retrieval-accuracy` (MCQs with vs without sources).
The GPU rows: bash scripts/gpu_bench.sh (bench/gpu.py)."""

from __future__ import annotations

import argparse
import sys

from bench import calculators, cpu, grounding, prompts, retrieval_accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    cpu.add_arguments(sub.add_parser("cpu", help="CPU serving benchmark (see bench/cpu.py)"))
    prompts.add_arguments(sub.add_parser("prompts", help="templates vs a generic prompt (see bench/prompts.py)"))
    calculators.add_arguments(sub.add_parser("calculators", help="model alone vs tools (see bench/calculators.py)"))
    grounding.add_arguments(sub.add_parser("grounding", help="answers citing their sources (see bench/grounding.py)"))
    retrieval_accuracy.add_arguments(
        sub.add_parser("retrieval-accuracy", help="MCQs with vs without sources (see bench/retrieval_accuracy.py)")
    )
    sub.add_parser("models", help="default-model selection: python -m bench.model_select --help", add_help=False)
    args, rest = parser.parse_known_args(argv)
    if args.command == "models":
        from bench import model_select

        sys.argv = ["bench.model_select", *rest]
        model_select.main()
    elif args.command == "calculators":
        calculators.main(args)
    elif args.command == "grounding":
        grounding.main(args)
    elif args.command == "retrieval-accuracy":
        retrieval_accuracy.main(args)
    elif args.command == "prompts":
        prompts.main(args)
    else:
        cpu.main(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
