"""Prompt templates vs a generic prompt on the same questions, through an engine: output tokens, latency, accuracy.

    python -m bench prompts --n 40                        # the embedded default model, 2 threads
    python -m bench prompts --url http://host:8080        # any OpenAI/TGI Messages server (TGI, vLLM, llama.cpp)
    python -m bench prompts --smoke                       # seconds: a check that the harness runs (default test tier)

Questions: a fixed, seeded subset of the practice bank (backend.practice: MMLU medical dev rows and PubMedQA's
training half, half from each), never an evaluation split, because a result here may steer template changes.
Two prompts per question, on the same engine, greedy, with the same token cap, sequentially (latency is one
request's), the order alternating between questions so neither prompt always meets a warmer cache:
  template  the app's education template (its system prompt, numbered reasoning steps, fixed answer headings), as
            the education tab sends a pasted question;
  generic   "You are a helpful assistant." and the same question text.
Per prompt: accuracy (pipeline.answers.extract_choice on the whole output; no extractable choice counts as wrong),
output tokens, time to first token, latency p50/p95, answers cut at the cap, refusals.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from backend.config import Settings
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig
from backend.engines.remote import RemoteEngine
from backend.models import resolve_model
from backend.practice import PracticeItem, practice_bank
from backend.types import ChatMessage, GenerationParams
from bench.machine import machine_info
from pipeline.answers import extract_choice, is_refusal
from pipeline.common import atomic_write_json
from pipeline.evaluation_splits import wilson
from prompts import PromptStyle, load_template, render_messages

SUBSET_SEED = 20261125
PROMPTS = ("template", "generic")
GENERIC_SYSTEM = "You are a helpful assistant."


@dataclass
class Answer:
    item: str
    prompt: str
    correct: bool
    choice: str | None
    output_tokens: int
    ttft_s: float
    latency_s: float
    finish_reason: str | None
    refusal: bool
    text: str  # practice questions only, never patient data: kept so a reader can audit the extraction


def subset(data_dir: Path, n: int) -> list[PracticeItem]:
    """n practice items, half MMLU medical dev and half PubMedQA training half (fewer if a source runs short)."""
    rng = random.Random(SUBSET_SEED)
    bank = practice_bank(data_dir)
    chosen: list[PracticeItem] = []
    for source, count in (("mmlu", n - n // 2), ("pubmedqa", n // 2)):
        pool = sorted((i for i in bank if i.id.startswith(source)), key=lambda i: i.id)
        chosen += rng.sample(pool, min(count, len(pool)))
    if not chosen:
        raise SystemExit(f"no practice questions under {data_dir} (see ../shared/data)")
    return chosen


def messages_for(prompt: str, item: PracticeItem, style: PromptStyle) -> list[ChatMessage]:
    if prompt == "template":
        return render_messages(load_template("education"), {"question": item.as_prompt()}, style)
    return [ChatMessage("system", GENERIC_SYSTEM), ChatMessage("user", item.as_prompt())]


def ask(engine, prompt: str, item: PracticeItem, style: PromptStyle, max_tokens: int) -> Answer:
    params = GenerationParams(max_tokens=max_tokens, temperature=0.0)
    started = time.monotonic()
    first, tokens, finish, text = None, 0, None, []
    for delta in engine.stream(messages_for(prompt, item, style), params):
        if delta.content or delta.reasoning:  # llama.cpp, TGI and vLLM stream one token per chunk
            tokens += 1
            first = first or time.monotonic()
            text.append(delta.reasoning + delta.content)
        finish = delta.finish_reason or finish
    latency = time.monotonic() - started
    output = "".join(text)
    choice = extract_choice(output, item.options)
    return Answer(
        item.id,
        prompt,
        choice == item.answer,
        choice,
        tokens,
        (first or time.monotonic()) - started,
        latency,
        finish,
        is_refusal(output),
        output,
    )


def summarise(answers: list[Answer]) -> dict:
    n = len(answers)
    correct = sum(a.correct for a in answers)
    latencies = sorted(a.latency_s for a in answers)
    return {
        "n": n,
        "accuracy": correct / n,
        "ci95": wilson(correct, n),
        "unparsed": sum(a.choice is None for a in answers),
        "cut_at_cap": sum(a.finish_reason == "length" for a in answers),
        "refusals": sum(a.refusal for a in answers),
        "output_tokens_mean": statistics.fmean(a.output_tokens for a in answers),
        "output_tokens_p50": statistics.median(a.output_tokens for a in answers),
        "ttft_p50_s": statistics.median(a.ttft_s for a in answers),
        "latency_mean_s": statistics.fmean(latencies),
        "latency_p50_s": statistics.median(latencies),
        "latency_p95_s": latencies[round(0.95 * (n - 1))],
    }


def _engine(args: argparse.Namespace):
    if args.url:
        return RemoteEngine(args.url, model=args.server_model, timeout_s=600, retries=0), args.style, args.url
    model = resolve_model(args.model, Settings().model_cache_dir)
    config = LlamaServerConfig(model.path, threads=args.threads, parallel=1, context_per_session=4096)
    engine = EmbeddedEngine(model, config, timeout_s=600)
    engine.start()
    return engine, model.style, model.name


def run(args: argparse.Namespace) -> dict:
    items = subset(args.data_dir, args.n)
    engine, style, model_name = _engine(args)
    answers: list[Answer] = []
    try:
        ask(engine, "generic", items[0], style, 4)  # warm-up: weights into memory, outside the figures
        for index, item in enumerate(tqdm(items, desc="questions", unit="q")):
            for prompt in PROMPTS if index % 2 == 0 else reversed(PROMPTS):
                answers.append(ask(engine, prompt, item, style, args.max_tokens))
    finally:
        if isinstance(engine, EmbeddedEngine):
            engine.close()
    summary = {p: summarise([a for a in answers if a.prompt == p]) for p in PROMPTS}
    template, generic = summary["template"], summary["generic"]
    return {
        "machine": machine_info(),
        "model": model_name,
        "style": style,
        "threads": args.threads if not args.url else None,
        "max_tokens": args.max_tokens,
        "template": load_template("education").id,
        "subset": {"seed": SUBSET_SEED, "items": [i.id for i in items]},
        "summary": summary,
        "template_vs_generic": {
            "latency_mean_change": template["latency_mean_s"] / generic["latency_mean_s"] - 1,
            "output_tokens_change": template["output_tokens_mean"] / max(generic["output_tokens_mean"], 1e-9) - 1,
            "accuracy_points": 100 * (template["accuracy"] - generic["accuracy"]),
        },
        "answers": [asdict(a) for a in answers],
    }


def print_report(report: dict) -> None:
    m = report["machine"]
    print(
        f"\n{report['model']} ({report['style']} layout) · {m['cpu']} · {m['cores']} cores · "
        f"template {report['template']} · greedy, cap {report['max_tokens']} tokens · {m['date']}"
    )
    print(
        "| prompt | n | accuracy (95% CI) | no choice found | cut at cap | refusals | output tokens mean / p50 "
        "| TTFT p50 s | latency mean / p50 / p95 s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for prompt, s in report["summary"].items():
        low, high = s["ci95"]
        print(
            f"| {prompt} | {s['n']} | {s['accuracy']:.0%} ({low:.0%}–{high:.0%}) | {s['unparsed']} | "
            f"{s['cut_at_cap']} | {s['refusals']} | {s['output_tokens_mean']:.0f} / {s['output_tokens_p50']:.0f} | "
            f"{s['ttft_p50_s']:.2f} | {s['latency_mean_s']:.1f} / {s['latency_p50_s']:.1f} / "
            f"{s['latency_p95_s']:.1f} |"
        )
    d = report["template_vs_generic"]
    print(
        f"template vs generic: latency {d['latency_mean_change']:+.1%}, output tokens "
        f"{d['output_tokens_change']:+.1%}, accuracy {d['accuracy_points']:+.0f} points"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=Settings().model, help="packaged model for the embedded engine")
    parser.add_argument(
        "--url", default="", help="base URL of an OpenAI/TGI Messages server, instead of the embedded engine"
    )
    parser.add_argument("--server-model", default="tgi", help="model name to send to --url")
    parser.add_argument("--style", default="instruct", choices=("instruct", "r1"), help="prompt layout for --url")
    parser.add_argument("--n", type=int, default=40, help="questions (each asked with both prompts)")
    parser.add_argument("--max-tokens", type=int, default=768, help="the app's default cap")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=Settings().practice_data_dir)
    parser.add_argument("--out", type=Path, default=Path("bench/results/prompts.json"))
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: a check that the harness runs")


def main(args: argparse.Namespace) -> dict:
    if args.smoke:
        args.model, args.n, args.max_tokens = "smollm2-135m-instruct", 2, 24
    report = run(args)
    atomic_write_json(args.out, report)
    print_report(report)
    return report
