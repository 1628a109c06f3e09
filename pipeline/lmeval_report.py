"""The report's lm-evaluation-harness section: lm-eval's figures for each model beside our evaluator's for the evaluate
entry with the same weights path, paired item by item where both scored the same items, and the task files copied
beside the report so that a reader can rerun them (`lm_eval --include_path lmeval-tasks`)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from core.stats import wilson
from pipeline.paired import Paired, paired

__all__ = ["TASKS_FOLDER", "TITLE", "copy_tasks", "section"]

TITLE = "lm-evaluation-harness (same base weights, bf16 copy, hf backend)"
TASKS_FOLDER = "lmeval-tasks"
BENCHMARK_TASKS = {"mmlu_medical": "medassist_mmlu_medical", "medqa": "medassist_medqa_4options"}


def _interval(correct: int, n: int) -> str:
    low, high = wilson(correct, n)
    return f"{correct / n:.1%} [{low:.2f}–{high:.2f}]"


def _ours(path: str, evaluated: list[dict]) -> dict | None:
    """The evaluate entry scoring the same weights (no adapter on top); the first one when several do."""
    same = [r for r in evaluated if r["entry"]["path"] == path and not r["entry"].get("lora")]
    return same[0] if same else None


def _pairing(theirs: dict, ours: dict) -> Paired | None:
    """lm-eval (candidate) against our evaluator (base) on lm-eval's items, when ours scored every one of them (lm-eval
    may score a seeded subset of evaluate's items: fixed_subset's smaller draws lie inside its larger ones); else
    None."""
    lm_eval = {i["id"]: bool(i["acc"]) for i in theirs["items"]}
    evaluate = {a["id"]: a["chosen"] == a["gold"] for a in ours["answers"]}
    if not lm_eval or not set(lm_eval) <= set(evaluate):
        return None
    return paired({i: evaluate[i] for i in lm_eval}, lm_eval)


def _top_letter(items: list[dict]) -> str:
    letter, count = Counter(i["chosen"] for i in items).most_common(1)[0]
    return f"{letter} ({count / len(items):.0%})"


def _row(name: str, benchmark: str, theirs: dict, entry: dict | None) -> str:
    cells = [f"**{name}**", benchmark, str(theirs["n"]), _interval(theirs["correct"], theirs["n"])]
    cells += [f"{theirs['acc_norm']:.1%}", _top_letter(theirs["items"])]
    ours = entry["accuracy"].get(benchmark) if entry else None
    if ours is None:
        return "| " + " | ".join([*cells, "–", "–", "–"]) + " |"
    table = _pairing(theirs, ours)
    label = f"{entry['entry']['name']} ({entry['entry']['kind']})"
    if table is None:
        cells.append(f"{label}: {_interval(ours['correct'], ours['n'])}, n={ours['n']}")
        return "| " + " | ".join([*cells, "other items", "–"]) + " |"
    n, right = table.n, table.both + table.only_base  # ours on lm-eval's items
    cells.append(f"{label}: {_interval(right, n)} on these items (all {ours['n']}: {ours['correct'] / ours['n']:.1%})")
    cells += [f"{table.both} / {table.only_base} / {table.only_candidate} / {table.neither}", f"{table.p_value:.3g}"]
    return "| " + " | ".join(cells) + " |"


def _protocol(results: dict) -> list[str]:
    return [
        f"Protocol: lm-evaluation-harness {results['lm_eval']}, `hf` backend (transformers), "
        f"{results['num_fewshot']}-shot, raw prompt (no chat template): MMLU-medical in lm-eval's own MMLU template "
        '(subject line, question, "A. …" to "D. …", "Answer:") as a group over the six subject CSVs, MedQA in its '
        '`medqa_4options` format ("Question: …", options, "Answer:"); the answer is the option whose continuation '
        '" A" … " D" has the highest log-likelihood (acc; acc_norm divides by its length in bytes, so for one-letter '
        "options it equals acc). Brackets: 95% Wilson interval. The weights are the bf16 folder converted once from "
        "the same packaged GGUF that the evaluate stage serves, dequantized (var/models/hf/<key>), not its 4-bit "
        "blocks; dtype per model in lmeval/results.json.",
        "",
        "Our evaluator instead puts the question and options in one user turn of the model's chat template and reads "
        'the next-token log-probabilities of the letters after "Answer:", through llama-server on the Q4_K_M GGUF '
        "(a `gguf` entry) or transformers (an `hf` entry). lm-eval cannot run through llama-server: its "
        "log-likelihood tasks need the prompt's log-probabilities (`echo` on /v1/completions), which llama.cpp's "
        "server rejects (llama.cpp issues #8942 and #27174; lm-eval issue #4158).",
        "",
        "Both score the same items (the evaluate stage's seeded subsets, passed to lm-eval as `samples`): the last "
        "columns pair them item by item — both right / only ours right / only lm-eval right / neither — with the exact "
        "McNemar p of the disagreement. Top letter: the option letter lm-eval chose most often, and how often (a "
        "small model that answers one letter whatever the question shows it here). Rerun with the task files copied "
        "beside this report (their data paths are this machine's): `lm_eval --model hf --model_args "
        f"pretrained=<folder>,dtype=<dtype> --include_path {TASKS_FOLDER} --tasks "
        f"{','.join(BENCHMARK_TASKS.values())}` scores the whole splits; `--tasks <the task names in "
        f'{TASKS_FOLDER}/samples.json> --samples "$(cat {TASKS_FOLDER}/samples.json)"` these very items.',
    ]


def section(lmeval_dir: Path, evaluated: list[dict]) -> list[str]:
    """Markdown lines of the section (none when the stage scored no model)."""
    results = json.loads((lmeval_dir / "results.json").read_text(encoding="utf-8"))
    if not results["models"]:
        return []
    lines = [f"## {TITLE}", ""]
    lines += [
        "| model | benchmark | n | acc | acc_norm | top letter | our evaluator, same weights "
        "| paired (both/ours/lm-eval/neither) | McNemar p |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in results["models"]:
        result = json.loads((lmeval_dir / "results" / f"{name}.json").read_text(encoding="utf-8"))  # with its items
        entry = _ours(result["model"]["path"], evaluated)
        lines += [_row(name, b, figures, entry) for b, figures in result["benchmarks"].items()]
    return [*lines, "", *_protocol(results)]


def copy_tasks(lmeval_dir: Path, out: Path) -> None:
    shutil.copytree(lmeval_dir / "tasks", out / TASKS_FOLDER, dirs_exist_ok=True)
