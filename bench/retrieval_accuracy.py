"""MCQ accuracy with and without the app's retrieved sources, same questions, the MIRAGE protocol (issue 15).

    python -m bench retrieval-accuracy                                  # 300 per set, the app's default model
    python -m bench.retrieval_accuracy --n 10 --model qwen2.5-0.5b-instruct

Questions: fixed seeded subsets (meddata.boundary.fixed_subset) of three evaluation splits, read here only to score:
  medqa         MedQA-USMLE, 4 options, test split;
  mmlu_medical  MMLU's medical subjects, test split;
  pubmedqa      PubMedQA's test ids WITHOUT their abstract (MIRAGE's PubMedQA*), options yes / no / maybe;
each written into the education tab's box as the app writes an MCQ (meddata.mcq.format_mcq).

Each question is answered twice through the app's own request (backend.service.answer_messages: the education
template in MCQ mode for the instruct layout, with the values the app's parsers compute from the question):
  without  no sources, the app's default for an MCQ (backend.sources.wants_sources);
  with     the passages the service gives when sources are on (backend.sources.retrieve: PASSAGES passages, cut and
           numbered as the model gets them); the retriever sees only the stem (mcq_stem: MIRAGE hides the options).
The letter: greedy, the answer line forced by the service's grammar (## Answer / Answer: <letter>), and the stream
closed as soon as the letter has come: it comes first, so the rest of an answer cannot change it. It is read at the
answer position as the app reads it for its confidence (backend.confidence.letter_probability).
Left out: the safety floor (it adds notices, never prompt text), the model's reading of calculator inputs the parsers
missed (calculator_model_inputs: a JSON call for a calculator a question names), the app's sampling temperature.

Seconds per item per arm: building the request (retrieval included for "with") and answering it. The arms take
turns going first, so llama-server's prompt cache (the arms share the prompt up to the end of the question) helps
each equally: the difference of the means is what the passages cost, their sum what an item costs.

Reported per set and pooled: accuracy without and with (Wilson 95%), with − without and Newcombe's paired 95%
interval (core.stats.paired_difference), the discordant items and the exact McNemar p (pipeline.paired). Rows go to a
resumable per-item cache (var/bench/retrieval_accuracy.jsonl); the report to
bench/results/retrieval-accuracy-<model>[-n<N>].json.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from backend.confidence import letter_probability
from backend.config import load_settings
from backend.engines.base import Engine
from backend.generation import request_params
from backend.models import PACKAGED_MODELS
from backend.service import admitted_fields, answer_messages, case_summary
from backend.sources import PASSAGES, retrieve
from backend.tools import computed_for_case
from backend.types import ChatMessage, GenerationParams, Sources, TokenLogprob
from bench.grounding import open_index
from bench.machine import machine_info, typed_command
from bench.prompts import make_engine
from core.io import JsonlCache, atomic_write_json
from core.stats import paired_difference, wilson
from core.types import SEED
from meddata.boundary import fixed_subset
from meddata.mcq import MCQ, format_mcq
from pipeline.paired import paired
from prompts import load_template
from prompts.loader import generation_spec

SETS = ("medqa", "mmlu_medical", "pubmedqa")
ARMS = ("without", "with")
TASK = "education"
STYLE = "instruct"  # the letter is forced first only in this layout (prompts.generation_spec)
# The answer line's tokens up to the letter: 6 for Qwen2.5, 9 for SmolLM2 (it splits "Answer" and the space).
# A budget, not a cost: the stream is closed once the letter has come.
ANSWER_BUDGET = 16
ANSWER_ONLY = GenerationParams(max_tokens=ANSWER_BUDGET, temperature=0.0)
CACHE = Path("var/bench/retrieval_accuracy.jsonl")
RESULTS_DIR = Path(__file__).resolve().parent / "results"
FULL_N = 300


@dataclass(frozen=True)
class Question:
    set: str
    item: MCQ
    text: str  # exactly what goes into the education tab's box


@dataclass(frozen=True)
class Request:
    messages: list[ChatMessage]
    params: GenerationParams
    letters: tuple[str, ...]
    sources: Sources | None


@dataclass(frozen=True)
class Arm:
    letter: str | None  # None: no letter at the answer position (counted wrong)
    probability: float | None  # the letter's share among the option letters there
    correct: bool
    seconds: float
    passages: list[str]  # titles of the passages given, in their numbered order


# --- questions and the app's request -----------------------------------------------------------------------------


def question_text(item: MCQ) -> str:
    """The MCQ as the app writes it, without any abstract: PubMedQA is asked as MIRAGE's PubMedQA* (the question
    alone), so that any evidence the model gets is what the retriever found."""
    return format_mcq(dataclasses.replace(item, context=""))


def questions(data_dir: Path, n: int, sets: Sequence[str] = SETS, seed: int = SEED) -> list[Question]:
    return [
        Question(name, item, question_text(item)) for name in sets for item in fixed_subset(name, data_dir, n, seed)
    ]


def app_request(text: str, index=None) -> Request:
    """What the service sends for this MCQ in the education tab, with sources when `index` is given (the knowledge
    index, searched as the service searches it), with the answer-only greedy budget instead of the tab's sliders."""
    template = load_template(TASK)
    clean = admitted_fields(template, {"question": text})
    if clean.error is not None:
        raise ValueError(f"the app would refuse this question: {clean.error.message}")
    fields = clean.fields
    spec = generation_spec(template, fields, STYLE)
    if not spec.letters:
        raise ValueError("the app does not read this question as an MCQ (no option letters)")
    computed = computed_for_case(case_summary(template.labels, fields))
    sources = retrieve(index, TASK, fields) if index is not None else None
    messages = answer_messages(template, fields, STYLE, computed, sources=sources)
    return Request(messages, request_params(ANSWER_ONLY, spec, llama_cpp=True), spec.letters, sources)


# --- answering -----------------------------------------------------------------------------------------------------


def answer(engine: Engine, request: Request, gold: str, started: float) -> Arm:
    """The letter the model gives for `request`, greedy, read as the app reads it; seconds counted from `started`."""
    tokens: list[TokenLogprob] = []
    found = None
    stream = engine.stream(request.messages, request.params)
    try:
        for delta in stream:
            tokens.extend(delta.logprobs)
            if found := letter_probability(tokens, request.letters):
                break
    finally:
        stream.close()  # the server stops decoding for a closed stream (as on the app's Stop button)
    letter, probability = found or (None, None)
    return Arm(
        letter=letter,
        probability=probability,
        correct=letter == gold,
        seconds=time.monotonic() - started,
        passages=[p.title for p in request.sources.passages] if request.sources else [],
    )


def score_item(engine: Engine, index, question: Question, *, with_first: bool) -> dict:
    """Both arms of one question, in the order given (the second is helped by the server's prompt cache)."""
    arms: dict[str, Arm] = {}
    for arm in ("with", "without") if with_first else ARMS:
        started = time.monotonic()
        request = app_request(question.text, index if arm == "with" else None)
        arms[arm] = answer(engine, request, question.item.answer, started)
    return {
        "item": question.item.id,
        "set": question.set,
        "gold": question.item.answer,
        "first": "with" if with_first else "without",
        **{arm: asdict(arms[arm]) for arm in ARMS},
    }


def score_all(
    engine: Engine, index, todo: Sequence[Question], cache: JsonlCache, key: Callable[[Question], str]
) -> list[dict]:
    """Every question's row, from the cache or scored now (each one appended as soon as it is done, so an
    interrupted run resumes where it stopped). Which arm goes first follows the question's place in `todo`."""
    missing = [(place, q) for place, q in enumerate(todo) if key(q) not in cache]
    for place, question in tqdm(missing, desc="retrieval accuracy", unit="question"):
        cache.add({"id": key(question), **score_item(engine, index, question, with_first=place % 2 == 1)})
    return [cache.items[key(q)] for q in todo]


# --- summary -------------------------------------------------------------------------------------------------------


def _accuracy(correct: int, n: int) -> dict:
    low, high = wilson(correct, n)
    return {"correct": correct, "accuracy": correct / n, "95ci": [low, high]}


def summarise(rows: Sequence[dict]) -> dict:
    """Paired comparison of the arms over these rows: with − without, Newcombe's interval, exact McNemar."""
    table = paired({r["item"]: r["without"]["correct"] for r in rows}, {r["item"]: r["with"]["correct"] for r in rows})
    difference, low, high = paired_difference(table.both, table.only_candidate, table.only_base, table.neither)
    return {
        "n": table.n,
        "without": _accuracy(table.both + table.only_base, table.n),
        "with": _accuracy(table.both + table.only_candidate, table.n),
        "difference": difference,
        "difference_95ci": [low, high],
        "only_with_right": table.only_candidate,
        "only_without_right": table.only_base,
        "mcnemar_exact_p": table.p_value,
        "seconds_per_item": {arm: statistics.fmean(r[arm]["seconds"] for r in rows) for arm in ARMS},
        "no_letter": {arm: sum(r[arm]["letter"] is None for r in rows) for arm in ARMS},
    }


def summarise_all(rows: Sequence[dict], sets: Sequence[str] = SETS) -> dict:
    per_set = {
        name: summarise([r for r in rows if r["set"] == name]) for name in sets if any(r["set"] == name for r in rows)
    }
    return {**per_set, "pooled": summarise(rows)} if rows else {}


def _pct(share: float) -> str:
    return f"{100 * share:.1f}"


def report_table(summary: dict) -> str:
    lines = [
        "| set | n | without % | with % | with − without, points (95% CI) | only with / only without right "
        "| McNemar p | s/item without | s/item with |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in summary.items():
        low, high = s["difference_95ci"]
        seconds = s["seconds_per_item"]
        lines.append(
            f"| {name} | {s['n']} | {_pct(s['without']['accuracy'])} | {_pct(s['with']['accuracy'])} "
            f"| {100 * s['difference']:+.1f} ({100 * low:+.1f} to {100 * high:+.1f}) "
            f"| {s['only_with_right']} / {s['only_without_right']} | {s['mcnemar_exact_p']:.3f} "
            f"| {seconds['without']:.2f} | {seconds['with']:.2f} |"
        )
    return "\n".join(lines)


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"\n{report['command']}")
    print(
        f"{report['model']} · {report['template']} · {report['passages']} passages · index {report['index']} · "
        f"{report['threads']} threads · {m['cpu']} ({m['cores']} cores) · load {report['loadavg_at_end']} · "
        f"{m['date']} · commit {m['commit']}"
    )
    done = report["summary"].get("pooled", {}).get("n", 0)
    status = "" if report["complete"] else f" (incomplete: {done} of {report['questions']})"
    print(f"wall time {report['wall_s'] / 60:.1f} min{status}\n")
    print(report_table(report["summary"]))


# --- running -------------------------------------------------------------------------------------------------------


def model_slug(model: str) -> str:
    """A results file's model part: qwen2.5-1.5b-instruct → qwen2.5-1.5b; a .gguf path → its stem."""
    return model.removesuffix("-instruct") if model in PACKAGED_MODELS else Path(model).stem


def default_out(model: str, n: int) -> Path:
    """A run of other than the full 300 per set says so in its name, so a pilot never passes for the result."""
    return RESULTS_DIR / f"retrieval-accuracy-{model_slug(model)}{'' if n == FULL_N else f'-n{n}'}.json"


def start_engine(model: str, threads: int) -> tuple[Engine, str]:
    """(the embedded engine, started; the model's name) as the other benchmarks start it."""
    engine, style, name = make_engine(argparse.Namespace(url="", model=model, threads=threads))
    if style != STYLE:
        engine.close()
        raise SystemExit(f"{name} reasons before its answer (r1 layout): this benchmark reads a forced letter")
    return engine, name


def run(args: argparse.Namespace) -> dict:
    todo = questions(args.data_dir, args.n, args.sets)
    index = open_index()
    engine, model_name = start_engine(args.model, args.threads)
    template = load_template(TASK)

    def key(q: Question) -> str:
        return f"{model_name}|{template.id}|index-{index.version}|k{PASSAGES}|t{ANSWER_ONLY.temperature}|{q.item.id}"

    cache = JsonlCache(args.cache)
    started = time.monotonic()
    try:
        if any(key(q) not in cache for q in todo):
            answer(engine, app_request(todo[0].text), todo[0].item.answer, started)  # warm-up, outside the figures
        rows = score_all(engine, index, todo, cache, key)
    finally:
        engine.close()
        index.close()
    return {
        "machine": machine_info(),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        "model": model_name,
        "template": template.id,
        "index": index.version,
        "passages": PASSAGES,
        "answer_budget_tokens": ANSWER_BUDGET,
        "threads": args.threads,
        "seed": SEED,
        "n_per_set": args.n,
        "questions": len(todo),
        "complete": len(rows) == len(todo),
        "wall_s": time.monotonic() - started,
        "protocol": __doc__.split("Questions: ")[1].split("Reported per set")[0].strip(),
        "summary": summarise_all(rows, args.sets),
        "rows": rows,
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    settings = load_settings()
    parser.add_argument("--n", type=int, default=FULL_N, help="questions per set (fixed seeded subsets)")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--model", default=settings.model, help="packaged model key or .gguf for the embedded engine")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for the embedded engine")
    parser.add_argument("--data-dir", type=Path, default=settings.medical_data_dir)
    parser.add_argument("--cache", type=Path, default=CACHE, help="JSONL of finished questions, to resume a run")
    parser.add_argument("--out", type=Path, default=None, help="default: bench/results/retrieval-accuracy-<model>…")


def command_line(argv: Sequence[str]) -> str:
    """The command as typed: `python -m bench.retrieval_accuracy …` or `python -m bench retrieval-accuracy …`."""
    return typed_command(argv, "retrieval_accuracy")


def main(args: argparse.Namespace) -> dict:
    if args.n < 1:
        raise SystemExit("--n must be at least 1")
    report = {"command": command_line(sys.argv), **run(args)}
    out = args.out or default_out(args.model, args.n)
    atomic_write_json(out, report)
    print_report(report)
    print(f"-> {out}")
    return report


if __name__ == "__main__":
    _parser = argparse.ArgumentParser(prog="python -m bench.retrieval_accuracy", description=__doc__)
    add_arguments(_parser)
    main(_parser.parse_args())
